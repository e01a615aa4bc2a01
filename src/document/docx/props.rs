//! Run and paragraph properties as written at one level (document defaults, a style, or
//! directly on a run), and how a level overrides the one below it. Styles and the body share
//! these readers, so a property means the same wherever it is written.

use quick_xml::events::BytesStart;

use super::attr;
use crate::document::layout::{Align, LineSpacing};

/// Run properties at one level; `None` means "inherit".
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunProps {
    pub font: Option<String>,
    /// `minorEastAsia` / `majorEastAsia`: the theme's font; wins over `font` (as in Word).
    pub font_theme: Option<String>,
    pub size: Option<i64>,
    pub bold: Option<bool>,
    pub color: Option<Option<String>>,
    pub highlight: Option<bool>,
    pub raised: Option<bool>,
    pub style: Option<String>,
}

impl RunProps {
    /// `over` written at a more specific level replaces what it sets.
    pub fn overlay(&mut self, over: &RunProps) {
        if over.font.is_some() || over.font_theme.is_some() {
            self.font = over.font.clone();
            self.font_theme = over.font_theme.clone();
        }
        set(&mut self.size, &over.size);
        set(&mut self.bold, &over.bold);
        set(&mut self.color, &over.color);
        set(&mut self.highlight, &over.highlight);
        set(&mut self.raised, &over.raised);
        set(&mut self.style, &over.style);
    }

    /// Reads one child element of `w:rPr`.
    pub fn apply(&mut self, e: &BytesStart) {
        match e.local_name().as_ref() {
            b"rFonts" => {
                if let Some(t) = attr(e, b"eastAsiaTheme") {
                    self.font_theme = Some(t);
                    self.font = None;
                } else if let Some(f) = attr(e, b"eastAsia") {
                    self.font = Some(f);
                    self.font_theme = None;
                }
            }
            b"sz" => self.size = attr(e, b"val").and_then(|v| v.parse().ok()),
            b"b" => self.bold = Some(on(e)),
            b"color" => {
                self.color = attr(e, b"val").map(|v| {
                    let v = v.to_ascii_uppercase();
                    (v != "AUTO" && v != "000000").then_some(v)
                })
            }
            b"highlight" => self.highlight = attr(e, b"val").map(|v| v != "none"),
            b"vertAlign" => {
                self.raised = attr(e, b"val").map(|v| v == "superscript" || v == "subscript")
            }
            b"rStyle" => self.style = attr(e, b"val"),
            _ => {}
        }
    }
}

/// Paragraph properties at one level.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParaProps {
    pub style: Option<String>,
    pub align: Option<Align>,
    pub first_line: Option<i64>,
    pub first_line_chars: Option<i64>,
    pub spacing: Option<LineSpacing>,
    pub bordered: Option<bool>,
    /// `w:outlineLvl`: 0 for a level-1 heading (Word's heading styles carry it).
    pub outline: Option<i64>,
}

impl ParaProps {
    pub fn overlay(&mut self, over: &ParaProps) {
        set(&mut self.style, &over.style);
        set(&mut self.align, &over.align);
        if over.first_line.is_some() || over.first_line_chars.is_some() {
            self.first_line = over.first_line;
            self.first_line_chars = over.first_line_chars;
        }
        set(&mut self.spacing, &over.spacing);
        set(&mut self.bordered, &over.bordered);
        set(&mut self.outline, &over.outline);
    }

    /// Reads one child element of `w:pPr` (or of its `w:pBdr`).
    pub fn apply(&mut self, e: &BytesStart) {
        let num = |name: &[u8]| attr(e, name).and_then(|v| v.parse::<i64>().ok());
        match e.local_name().as_ref() {
            b"pStyle" => self.style = attr(e, b"val"),
            b"outlineLvl" => self.outline = num(b"val"),
            b"jc" => self.align = attr(e, b"val").and_then(|v| Align::from_word(&v)),
            b"ind" => {
                let chars = num(b"firstLineChars")
                    .filter(|c| *c != 0)
                    .or(num(b"hangingChars").filter(|c| *c != 0).map(|c| -c));
                let twips = num(b"firstLine").or(num(b"hanging").map(|h| -h));
                if chars.is_some() || twips.is_some() {
                    self.first_line_chars = chars;
                    self.first_line = twips;
                }
            }
            b"spacing" => {
                if let Some(line) = num(b"line") {
                    self.spacing = Some(match attr(e, b"lineRule").as_deref() {
                        Some("exact") => LineSpacing::Exact(line),
                        Some("atLeast") => LineSpacing::AtLeast(line),
                        _ => LineSpacing::Multiple(line),
                    });
                }
            }
            b"top" | b"bottom" if attr(e, b"val").is_some_and(|v| v != "nil" && v != "none") => {
                self.bordered = Some(true);
            }
            _ => {}
        }
    }
}

fn set<T: Clone>(base: &mut Option<T>, over: &Option<T>) {
    if over.is_some() {
        base.clone_from(over);
    }
}

/// A toggle such as `<w:b/>`, `<w:b w:val="0"/>`.
fn on(e: &BytesStart) -> bool {
    !matches!(attr(e, b"val").as_deref(), Some("0" | "false" | "off"))
}
