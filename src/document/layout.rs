//! Layout facts of a .docx as Word would render them: page geometry per section, and per
//! paragraph its alignment, indent, line spacing and each run's resolved font and size. The
//! `format` rules read only this; the XML and the style inheritance stay in the reader.

/// Lengths are in twips (1/20 pt) as Word stores them; sizes in half-points (`w:sz`).
#[derive(Debug, Clone, Default)]
pub struct Layout {
    /// One per section, in order; the last is the document's final `w:sectPr`.
    pub sections: Vec<Section>,
    /// One per paragraph of the .docx in reading order (empty ones included), so index `k`
    /// is line `k + 1` of the document text.
    pub paragraphs: Vec<ParaLayout>,
    /// Footers referenced by the sections (each part once).
    pub footers: Vec<Footer>,
    /// `w:evenAndOddHeaders`: odd and even pages have their own footers.
    pub even_and_odd: bool,
    /// Measured on printed pages (PDF, OFD) rather than read from Word's settings.
    pub printed: Option<Printed>,
}

/// What a layout measured on printed pages is and is not: margins are where the text stands
/// (the 版心 may be larger than the text); text colours and horizontal drawn lines are read
/// (a line as wide as the text block beside a paragraph makes it `bordered`), pictures are not.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Printed {
    pub pages: usize,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Section {
    /// Index of the first paragraph of the section.
    pub first_para: usize,
    pub page_width: Option<i64>,
    pub page_height: Option<i64>,
    pub margin_top: Option<i64>,
    pub margin_bottom: Option<i64>,
    pub margin_left: Option<i64>,
    pub margin_right: Option<i64>,
    /// Added to the left (binding) margin.
    pub gutter: Option<i64>,
    /// `w:docGrid`: `lines` or `linesAndChars` snap lines to `line_pitch`.
    pub grid_type: Option<String>,
    pub line_pitch: Option<i64>,
    /// `w:pgNumType w:fmt` (decimal, chineseCounting …).
    pub page_number_format: Option<String>,
    /// Printed pages: the page (1-based) each fact was measured on, for messages.
    pub pages: Option<SectionPages>,
}

/// Pages (1-based) a printed section's facts come from: its first page, and the page where
/// the text stands nearest each edge.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SectionPages {
    pub first: usize,
    pub top: usize,
    pub bottom: usize,
    pub left: usize,
    pub right: usize,
}

impl Section {
    /// Height of the text block (版心) in twips, when the page and margins are known.
    pub fn text_height(&self) -> Option<i64> {
        Some(self.page_height? - self.margin_top?.abs() - self.margin_bottom?.abs())
    }

    /// Whether lines snap to the document grid.
    pub fn snaps_to_grid(&self) -> bool {
        matches!(
            self.grid_type.as_deref(),
            Some("lines" | "linesAndChars" | "snapToChars")
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
    Justify,
    Distribute,
}

impl Align {
    pub fn from_word(v: &str) -> Option<Align> {
        Some(match v {
            "left" | "start" => Align::Left,
            "center" => Align::Center,
            "right" | "end" => Align::Right,
            "both" | "lowKashida" | "mediumKashida" | "highKashida" | "thaiDistribute" => {
                Align::Justify
            }
            "distribute" => Align::Distribute,
            _ => return None,
        })
    }

    pub fn label(self) -> &'static str {
        match self {
            Align::Left => "左对齐",
            Align::Center => "居中",
            Align::Right => "右对齐",
            Align::Justify => "两端对齐",
            Align::Distribute => "分散对齐",
        }
    }
}

/// Line spacing of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineSpacing {
    /// Fixed (`exact`), in twips.
    Exact(i64),
    /// At least (`atLeast`), in twips.
    AtLeast(i64),
    /// A multiple of single spacing, in 240ths (`auto`; 240 = single).
    Multiple(i64),
    /// Measured between the baselines of a printed paragraph's lines, in twips.
    Measured(i64),
}

#[derive(Debug, Clone, Default)]
pub struct ParaLayout {
    pub align: Option<Align>,
    /// First-line indent in twips (negative: hanging).
    pub first_line: Option<i64>,
    /// First-line indent in hundredths of a character (`w:firstLineChars`), which wins.
    pub first_line_chars: Option<i64>,
    pub spacing: Option<LineSpacing>,
    /// Inside a table cell.
    pub in_table: bool,
    /// Has a paragraph border (a drawn rule such as the 版头 red line or 版记 lines).
    pub bordered: bool,
    /// Holds a drawing or picture (a rule drawn as a shape, a seal).
    pub drawing: bool,
    /// Outline level from the paragraph or its style (0: level-1 heading; 9: body text).
    pub outline: Option<i64>,
    /// Printed pages: the page (1-based) the paragraph starts on.
    pub page: Option<usize>,
    pub runs: Vec<Run>,
}

/// A stretch of a paragraph's text with one set of resolved properties.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Run {
    /// Byte range in the paragraph's text as the reader produced it (before trimming).
    pub start: usize,
    pub end: usize,
    /// The East Asian font (`w:eastAsia`, or the theme's), which Chinese characters use.
    pub font: Option<String>,
    /// Half-points.
    pub size: Option<i64>,
    pub bold: bool,
    /// `RRGGBB` upper-case; None for automatic (black).
    pub color: Option<String>,
    /// Printed pages: the colour could not be told (a spot colour, a pattern, invisible
    /// text), so none is judged.
    pub color_unknown: bool,
    pub highlight: bool,
    /// Superscript or subscript (footnote marks): not body-size text.
    pub raised: bool,
}

/// A footer part: what the page number looks like.
#[derive(Debug, Clone, Default)]
pub struct Footer {
    /// `default`, `even` or `first`, as the section references it.
    pub kind: String,
    /// The footer's text with each page-number field written as `{PAGE}`.
    pub text: String,
    /// Has a PAGE field.
    pub page_field: bool,
    /// Has a NUMPAGES/SECTIONPAGES field (第1页共5页, 1/5).
    pub total_field: bool,
    pub align: Option<Align>,
    /// Size of the runs around the page number, half-points.
    pub size: Option<i64>,
    /// Printed pages: the first page (1-based) whose number is set this way.
    pub page: Option<usize>,
}

/// Half-points → points.
pub fn points(half_points: i64) -> f64 {
    half_points as f64 / 2.0
}

/// Twips → millimetres.
pub fn mm(twips: i64) -> f64 {
    twips as f64 * 25.4 / 1440.0
}
