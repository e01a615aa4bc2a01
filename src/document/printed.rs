//! The layout of a PDF or OFD measured on its pages, in the model the .docx reader fills
//! (`layout::Layout`), so the `format` rules judge both alike. What a page shows is measured:
//! the paper, where the text stands (the 版心 holds it, so text outside it is a margin too
//! small, while text short of it proves nothing), each run's font and size, a paragraph's
//! alignment, first-line indent and line pitch, and the page-number line. What a page does
//! not show reliably stays `None`: no rule fires on it.

use std::collections::HashMap;

use super::layout::{
    Align, Footer, Layout, LineSpacing, ParaLayout, Printed, Run, Section, SectionPages,
};
use super::paged::{Ink, Line, PageInfo, PlacedLine};

/// Millimetres → twips.
fn twips(mm: f64) -> i64 {
    (mm * 1440.0 / 25.4).round() as i64
}

/// Millimetres → half-points; None for a size no document is set in.
fn half_points(mm: f64) -> Option<i64> {
    let hp = (mm * 72.0 / 25.4 * 2.0).round();
    (1.0..=4000.0).contains(&hp).then_some(hp as i64)
}

/// The layout of the paragraphs `texts`, each made of the lines `paras` placed on `pages`.
pub(crate) fn layout(texts: &[String], paras: &[Vec<PlacedLine>], pages: &[PageInfo]) -> Layout {
    let edges = Edges::of(paras);
    let substituted = substituted(texts, paras);
    let mut paragraphs: Vec<ParaLayout> = texts
        .iter()
        .zip(paras)
        .map(|(text, lines)| paragraph(text, lines, edges, substituted))
        .collect();
    for (i, page) in pages.iter().enumerate() {
        for k in ruled(paras, i, page, edges) {
            paragraphs[k].bordered = true;
        }
    }
    Layout {
        sections: sections(paras, pages),
        paragraphs,
        footers: footers(pages, edges),
        even_and_odd: false,
        printed: Some(Printed { pages: pages.len() }),
    }
}

/// Where unindented body lines start and full lines end (mm): the left and right edges of the
/// text, each the most common value among lines of eight characters or more.
#[derive(Debug, Clone, Copy)]
struct Edges {
    left: f64,
    right: f64,
}

impl Edges {
    fn of(paras: &[Vec<PlacedLine>]) -> Option<Edges> {
        let long: Vec<&PlacedLine> = paras
            .iter()
            .flatten()
            .filter(|l| l.chars >= 8 && !l.shares_row)
            .collect();
        Some(Edges {
            left: mode(long.iter().map(|l| l.x))?,
            right: mode(long.iter().map(|l| l.end))?,
        })
    }

    /// A line set in the middle: as far from both edges, and off the left one.
    fn centred(self, l: &PlacedLine) -> bool {
        let (before, after) = (l.x - self.left, self.right - l.end);
        before > 1.0 && (before - after).abs() < (0.5 * l.size).max(1.0)
    }

    fn full(self, l: &PlacedLine) -> bool {
        (l.x - self.left).abs() < 0.5 * l.size && (self.right - l.end).abs() < 0.5 * l.size
    }
}

/// The most common value to half a millimetre (None when there are none).
fn mode(values: impl Iterator<Item = f64>) -> Option<f64> {
    let mut counts: HashMap<i64, usize> = HashMap::new();
    for v in values.filter(|v| v.is_finite() && v.abs() < 1e6) {
        *counts.entry((v * 2.0).round() as i64).or_default() += 1;
    }
    let best = counts.values().copied().max()?;
    // The smallest of equally common values, so the result does not depend on hashing.
    let bin = counts
        .into_iter()
        .filter(|(_, n)| *n == best)
        .map(|(b, _)| b)
        .min()?;
    Some(bin as f64 / 2.0)
}

fn paragraph(
    text: &str,
    lines: &[PlacedLine],
    edges: Option<Edges>,
    substituted: bool,
) -> ParaLayout {
    let Some(first) = lines.first() else {
        return ParaLayout::default();
    };
    let align = edges.and_then(|e| align(lines, e));
    let first_line_chars = match (edges, align) {
        // More than a few characters in is a line set apart (a signature, a cell), not an
        // indent.
        (Some(e), Some(Align::Left | Align::Justify)) if first.size > 0.0 => {
            let chars = ((first.x - e.left) / first.size).max(0.0);
            (chars <= 4.0).then(|| (chars * 100.0).round() as i64)
        }
        _ => None,
    };
    ParaLayout {
        align,
        first_line_chars,
        spacing: pitch(lines).map(|mm| LineSpacing::Measured(twips(mm))),
        in_table: lines.iter().any(|l| l.shares_row),
        page: Some(first.page + 1),
        runs: runs(text, lines, substituted),
        ..ParaLayout::default()
    }
}

/// Centred when a line is set in the middle, right when it ends at the right edge well off the
/// left one, left when it starts at (or is indented from) the left edge; None when every line
/// spans the text width (a full line looks the same however it is aligned).
fn align(lines: &[PlacedLine], e: Edges) -> Option<Align> {
    if lines.iter().all(|l| e.full(l)) {
        return None;
    }
    let first = &lines[0];
    if lines.iter().any(|l| e.centred(l)) {
        return Some(Align::Center);
    }
    if (e.right - first.end).abs() < 0.5 * first.size && first.x > e.left + 4.0 * first.size {
        return Some(Align::Right);
    }
    // Flush with the left edge or indented by a character or more; a line a little off both
    // edges is neither clearly centred nor clearly left.
    let before = first.x - e.left;
    if before.abs() < 1.0 || before >= 0.9 * first.size {
        return Some(if lines.len() > 1 {
            Align::Justify
        } else {
            Align::Left
        });
    }
    None
}

/// The paragraphs (indices) a line drawn on page `page_no` rules off: a horizontal line at
/// least three quarters as wide as the text (the 版心) belongs to the paragraph nearest it,
/// above or below, if that one is within two of its lines' height. Shorter lines (underlines,
/// a table's inner rules) rule off nothing.
fn ruled(
    paras: &[Vec<PlacedLine>],
    page_no: usize,
    page: &PageInfo,
    edges: Option<Edges>,
) -> Vec<usize> {
    let wide = match edges {
        Some(e) if e.right > e.left => 0.75 * (e.right - e.left),
        _ => 0.5 * page.width,
    };
    if !wide.is_finite() || wide <= 0.0 {
        return Vec::new();
    }
    // Each paragraph's extent on the page: the top of its first line, its last baseline,
    // and its size.
    let spans: Vec<(usize, f64, f64, f64)> = paras
        .iter()
        .enumerate()
        .filter_map(|(k, lines)| {
            let on: Vec<&PlacedLine> = lines.iter().filter(|l| l.page == page_no).collect();
            let size = on.iter().map(|l| l.size).fold(0.0, f64::max);
            let top = on
                .iter()
                .map(|l| l.y - 0.8 * l.size)
                .fold(f64::INFINITY, f64::min);
            let bottom = on.iter().map(|l| l.y).fold(f64::NEG_INFINITY, f64::max);
            (top.is_finite() && bottom.is_finite()).then_some((k, top, bottom, size))
        })
        .collect();
    let mut out = Vec::new();
    for r in page.rules.iter().filter(|r| r.x1 - r.x0 >= wide) {
        let near = spans
            .iter()
            .map(|&(k, top, bottom, size)| {
                let d = if r.y < top {
                    top - r.y
                } else if r.y > bottom {
                    r.y - bottom
                } else {
                    0.0
                };
                (k, d, size)
            })
            .min_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((k, d, size)) = near {
            if d <= 2.0 * size.max(3.0) && !out.contains(&k) {
                out.push(k);
            }
        }
    }
    out
}

/// The distance between the baselines of a paragraph's lines on one page (mm), the middle one.
fn pitch(lines: &[PlacedLine]) -> Option<f64> {
    let mut steps: Vec<f64> = lines
        .windows(2)
        .filter(|w| w[0].page == w[1].page)
        .map(|w| w[1].y - w[0].y)
        .filter(|d| d.is_finite() && *d > 0.0)
        .collect();
    steps.sort_by(f64::total_cmp);
    steps.get(steps.len() / 2).copied()
}

/// The runs of a paragraph: pieces of one font and size, joined across lines.
fn runs(text: &str, lines: &[PlacedLine], substituted: bool) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    for l in lines {
        for p in &l.pieces {
            let (start, end) = (l.at + p.start, (l.at + p.end).min(text.len()));
            let font = if substituted {
                None
            } else {
                p.font.as_deref().map(|f| family(f).0)
            };
            let size = half_points(p.size);
            let (color, color_unknown) = (p.ink.hex(), p.ink == Ink::Unknown);
            match out.last_mut() {
                Some(r)
                    if r.font == font
                        && r.size == size
                        && (&r.color, r.color_unknown) == (&color, color_unknown) =>
                {
                    r.end = end
                }
                _ => out.push(Run {
                    start,
                    end,
                    font,
                    size,
                    color,
                    color_unknown,
                    ..Run::default()
                }),
            }
        }
    }
    out
}

/// Whether Chinese text is drawn in a fallback font: the file was made where the fonts it asks
/// for were missing (LibreOffice on a server, say), so no font name in it says what the author
/// chose, and none is judged.
fn substituted(texts: &[String], paras: &[Vec<PlacedLine>]) -> bool {
    texts.iter().zip(paras).any(|(text, lines)| {
        lines.iter().any(|l| {
            l.pieces.iter().any(|p| {
                p.font.as_deref().is_some_and(|f| family(f).1)
                    && text
                        .get(l.at + p.start..l.at + p.end)
                        .is_some_and(|t| t.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)))
            })
        })
    })
}

/// A font as the `format` rules name it, and whether it is a fallback font (one a system puts
/// in for a font it lacks). PDF names drop style suffixes (`,Bold`, `-Regular`); PostScript
/// names of the usual Chinese fonts become the names Word shows.
fn family(name: &str) -> (String, bool) {
    // A subset tag (`ABCDEF+`) may be left on by the reader (OFD) or the file.
    let name = match name.split_once('+') {
        Some((tag, rest)) if tag.len() == 6 && tag.bytes().all(|b| b.is_ascii_uppercase()) => rest,
        _ => name,
    };
    let base = name.split(',').next().unwrap_or(name).trim();
    let base = [
        "-Regular", "-Bold", "-Light", "-Medium", "-Roman", "-BoldMT", "MT",
    ]
    .iter()
    .find_map(|s| base.strip_suffix(s))
    .unwrap_or(base);
    let key: String = base
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != '_')
        .flat_map(char::to_lowercase)
        .collect();
    const FALLBACK: &[&str] = &[
        "noto",
        "sourcehan",
        "wenquanyi",
        "wqy",
        "arpl",
        "uming",
        "ukai",
        "droidsans",
        "dejavu",
    ];
    if FALLBACK.iter().any(|f| key.contains(f)) {
        return (base.to_owned(), true);
    }
    const NAMES: &[(&str, &str)] = &[
        ("simsun", "宋体"),
        ("nsimsun", "新宋体"),
        ("simhei", "黑体"),
        ("fangsong", "仿宋"),
        ("fangsonggb2312", "仿宋_GB2312"),
        ("kaiti", "楷体"),
        ("kaitigb2312", "楷体_GB2312"),
        ("microsoftyahei", "微软雅黑"),
        ("fzxbsk", "方正小标宋_GBK"),
        ("fzxbsjw", "方正小标宋简体"),
        ("fzxiaobiaosongb05s", "方正小标宋简体"),
        ("fzxiaobiaosongb05", "方正小标宋"),
        ("fzfsk", "方正仿宋_GBK"),
        ("fzfsjw", "方正仿宋简体"),
        ("fzfangsongz02s", "方正仿宋简体"),
        ("fzhtk", "方正黑体_GBK"),
        ("fzhtjw", "方正黑体简体"),
        ("fzheib01s", "方正黑体简体"),
        ("fzktk", "方正楷体_GBK"),
        ("fzktjw", "方正楷体简体"),
        ("fzkaiz03s", "方正楷体简体"),
        ("stfangsong", "华文仿宋"),
        ("stkaiti", "华文楷体"),
        ("stheiti", "华文黑体"),
        ("stsong", "华文宋体"),
    ];
    // 方正 GBK and GB names end in a CMap-like tail: FZFSK--GBK1-0.
    let short = key
        .strip_suffix("gbk10")
        .or_else(|| key.strip_suffix("gb10"))
        .unwrap_or(&key);
    match NAMES.iter().find(|(k, _)| *k == key || *k == short) {
        Some((_, n)) => ((*n).to_owned(), false),
        None => (base.to_owned(), false),
    }
}

/// One section per run of pages of one size: the paper, and the margins as far as the text
/// shows them — the distance from each edge to the nearest text, which the margin cannot
/// exceed. Landscape pages (wide tables) have no margins measured.
fn sections(paras: &[Vec<PlacedLine>], pages: &[PageInfo]) -> Vec<Section> {
    let mut by_page: Vec<Vec<&PlacedLine>> = vec![Vec::new(); pages.len()];
    for l in paras.iter().flatten() {
        if let Some(p) = by_page.get_mut(l.page) {
            p.push(l);
        }
    }
    let mut out: Vec<Section> = Vec::new();
    let mut first_para = 0;
    for (i, page) in pages.iter().enumerate() {
        // A size no page has is not measured.
        let ok = |v: f64| v.is_finite() && v > 1.0 && v < 10_000.0;
        let size =
            (ok(page.width) && ok(page.height)).then(|| (twips(page.width), twips(page.height)));
        let size = (size.map(|s| s.0), size.map(|s| s.1));
        let same = out
            .last()
            .is_some_and(|s| (s.page_width, s.page_height) == size);
        if !same {
            first_para = paras
                .iter()
                .position(|lines| lines.first().is_some_and(|l| l.page >= i))
                .unwrap_or(paras.len());
            out.push(Section {
                first_para,
                page_width: size.0,
                page_height: size.1,
                pages: Some(SectionPages {
                    first: i + 1,
                    ..SectionPages::default()
                }),
                ..Section::default()
            });
        }
        let s = out.last_mut().expect("pushed above");
        s.first_para = first_para;
        if size.0.is_none() || page.width > page.height {
            continue;
        }
        if let Some(m) = extents(&by_page[i], page) {
            let pages = s.pages.get_or_insert_with(SectionPages::default);
            nearer(&mut s.margin_top, &mut pages.top, m[0], i);
            nearer(&mut s.margin_bottom, &mut pages.bottom, m[1], i);
            nearer(&mut s.margin_left, &mut pages.left, m[2], i);
            nearer(&mut s.margin_right, &mut pages.right, m[3], i);
        }
    }
    out
}

/// Keeps the smaller distance (twips) and the page it was seen on.
fn nearer(margin: &mut Option<i64>, page: &mut usize, mm: f64, at: usize) {
    let t = twips(mm);
    if margin.is_none_or(|m| t < m) {
        *margin = Some(t);
        *page = at + 1;
    }
}

/// The distances (mm) from the top, bottom, left and right edges of a page to its text: the
/// top of the first line (a line's ink reaches at least 0.7 of its size above the baseline),
/// the last baseline, the leftmost start and the rightmost end short of marks that may hang
/// into the margin. A lone line far above or below the rest (a running header or footer) is
/// not the text block.
fn extents(lines: &[&PlacedLine], page: &PageInfo) -> Option<[f64; 4]> {
    let mut block: Vec<&PlacedLine> = lines
        .iter()
        .copied()
        .filter(|l| l.chars >= 2 && l.x.is_finite() && l.y.is_finite() && l.end.is_finite())
        .collect();
    block.sort_by(|a, b| a.y.total_cmp(&b.y));
    let pitch = super::paged::median_step(block.iter().map(|l| l.y));
    let apart =
        |a: &PlacedLine, b: &PlacedLine| (b.y - a.y) > 2.5 * pitch.max(1.5 * a.size.max(b.size));
    for _ in 0..2 {
        if block.len() > 2 && apart(block[0], block[1]) {
            block.remove(0);
        }
        let n = block.len();
        if n > 2 && apart(block[n - 2], block[n - 1]) {
            block.pop();
        }
    }
    if block.is_empty() {
        return None;
    }
    let top = block
        .iter()
        .map(|l| l.y - 0.7 * l.size)
        .fold(f64::INFINITY, f64::min);
    let bottom = block.iter().map(|l| l.y).fold(f64::NEG_INFINITY, f64::max);
    let left = block.iter().map(|l| l.x).fold(f64::INFINITY, f64::min);
    let right = block
        .iter()
        .map(|l| l.end - l.trailing_marks as f64 * l.size)
        .fold(f64::NEG_INFINITY, f64::max);
    let m = [top, page.height - bottom, left, page.width - right];
    m.iter().all(|v| v.is_finite()).then_some(m)
}

/// The page-number lines as footers: each form once (`— {PAGE} —`, `第{PAGE}页共{PAGES}页`),
/// with its size, alignment and the first page it is on.
fn footers(pages: &[PageInfo], edges: Option<Edges>) -> Vec<Footer> {
    let mut out: Vec<Footer> = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        for l in &page.numbers {
            let (text, total) = number_form(&l.text);
            let size = half_points(l.size);
            if out.iter().any(|f| f.text == text && f.size == size) {
                continue;
            }
            out.push(Footer {
                kind: "default".into(),
                text,
                page_field: true,
                total_field: total,
                align: edges.map(|e| footer_align(l, e)),
                size,
                page: Some(i + 1),
            });
        }
    }
    out
}

/// `— 3 —` → `— {PAGE} —`; `第3页共5页` and `3/5` → `第{PAGE}页共{PAGES}页`, `{PAGE}/{PAGES}`.
fn number_form(text: &str) -> (String, bool) {
    let mut out = String::new();
    let mut numbers = 0;
    let mut in_digits = false;
    for c in text.chars() {
        if c.is_ascii_digit() {
            if !in_digits {
                numbers += 1;
                out.push_str(if numbers == 1 { "{PAGE}" } else { "{PAGES}" });
            }
            in_digits = true;
        } else {
            in_digits = false;
            out.push(c);
        }
    }
    (out, numbers > 1)
}

fn footer_align(l: &Line, e: Edges) -> Align {
    let (before, after) = (l.x - e.left, e.right - l.end);
    if (before - after).abs() < l.size {
        Align::Center
    } else if before > after {
        Align::Right
    } else {
        Align::Left
    }
}

#[cfg(test)]
mod tests {
    use super::super::docx::Budget;
    use super::super::paged::{self, Page, Run as Placed};
    use super::*;
    use std::sync::Arc;

    const PT: f64 = 25.4 / 72.0;

    /// A run of `text` at (`x`, `y`) mm in `pt`-point type, full-width characters.
    fn run(x: f64, y: f64, pt: f64, font: &str, text: &str) -> Placed {
        let size = pt * PT;
        Placed {
            x,
            y,
            end: x + text.chars().map(paged::em_width).sum::<f64>() * size,
            size,
            text: text.into(),
            font: Some(Arc::from(font)),
            ink: Ink::Black,
        }
    }

    /// A page in the GB/T 9704 layout: title 22 pt centred, body 16 pt at 28.95 pt pitch from
    /// the 版心's left edge (28 mm), and `— 1 —` below it.
    fn good_page(top: f64, left: f64) -> Page {
        // 27 characters of 16 pt fill the 156 mm line, as Word sets them.
        let body = "各单位要认真组织学习按时报送材料关于开展检查的工作部署";
        let width = 27.0 * 16.0 * PT;
        let mut runs = vec![run(
            left + (width - 9.0 * 22.0 * PT) / 2.0,
            top + 10.0,
            22.0,
            "ABCDEF+FZXBSJW--GB1-0",
            "关于开展检查的通知",
        )];
        let pitch = 28.95 * PT;
        for k in 0..6 {
            let y = top + 25.0 + k as f64 * pitch;
            let (x, text) = if k % 3 == 0 {
                (left + 2.0 * 16.0 * PT, &body[..body.len() - 6])
            } else {
                (left, body)
            };
            runs.push(run(x, y, 16.0, "FangSong_GB2312", text));
        }
        runs.push(run(95.0, 280.0, 14.0, "SimSun", "— 1 —"));
        Page {
            width: 210.0,
            height: 297.0,
            runs,
            rules: Vec::new(),
        }
    }

    fn measured(pages: Vec<Page>) -> (Vec<String>, Layout) {
        paged::read(pages, &mut Budget::unlimited()).unwrap()
    }

    #[test]
    fn a_page_set_as_the_standard_asks_measures_so() {
        let (texts, l) = measured(vec![good_page(37.0, 28.0)]);
        assert_eq!(texts[0], "关于开展检查的通知");
        let s = &l.sections[0];
        assert_eq!((s.page_width, s.page_height), (Some(11906), Some(16838)));
        // The text stands inside the 版心: the distances are at least the margins.
        assert!(s.margin_top.unwrap() >= twips(37.0));
        assert!(s.margin_left.unwrap() >= twips(27.9));
        let title = &l.paragraphs[0];
        assert_eq!(title.align, Some(Align::Center));
        assert_eq!(title.runs[0].font.as_deref(), Some("方正小标宋简体"));
        assert_eq!(title.runs[0].size, Some(44));
        let body = &l.paragraphs[1];
        assert_eq!(body.runs[0].font.as_deref(), Some("仿宋_GB2312"));
        assert_eq!(body.runs[0].size, Some(32));
        assert_eq!(body.first_line_chars, Some(200));
        assert_eq!(body.spacing, Some(LineSpacing::Measured(579)));
        assert_eq!(body.page, Some(1));
        let f = &l.footers[0];
        assert_eq!(
            (f.text.as_str(), f.size, f.page),
            ("— {PAGE} —", Some(28), Some(1))
        );
        assert!(f.page_field && !f.total_field);
    }

    #[test]
    fn text_outside_the_text_block_is_a_margin_too_small() {
        let (_, l) = measured(vec![good_page(37.0, 28.0), good_page(20.0, 15.0)]);
        let s = &l.sections[0];
        assert!(s.margin_top.unwrap() < twips(30.0));
        assert!(s.margin_left.unwrap() <= twips(15.0));
        let pages = s.pages.as_ref().unwrap();
        assert_eq!((pages.first, pages.top, pages.left), (1, 2, 2));
    }

    #[test]
    fn fallback_fonts_hide_every_font_name() {
        let mut page = good_page(37.0, 28.0);
        page.runs[1].font = Some(Arc::from("BAAAAA+NotoSansCJKjp-Regular"));
        let (_, l) = measured(vec![page]);
        assert!(l
            .paragraphs
            .iter()
            .flat_map(|p| &p.runs)
            .all(|r| r.font.is_none()));
        assert_eq!(l.paragraphs[0].runs[0].size, Some(44));
    }

    #[test]
    fn colours_reach_the_runs_and_wide_lines_border_the_nearest_paragraph() {
        use super::super::paged::Rule;
        let mut page = good_page(37.0, 28.0);
        page.runs[0].ink = Ink::Rgb([255, 0, 0]);
        page.runs[4].ink = Ink::Unknown;
        let rule = |y: f64, x1: f64| Rule {
            y,
            x0: 28.0,
            x1,
            thickness: 0.35,
            ink: Ink::Black,
        };
        // Under the title, as wide as the text; a short underline under the body.
        page.rules = vec![rule(50.0, 184.0), rule(80.0, 60.0)];
        let (_, l) = measured(vec![page]);
        let title = &l.paragraphs[0];
        assert_eq!(title.runs[0].color.as_deref(), Some("FF0000"));
        assert!(title.bordered);
        assert!(l.paragraphs[1].runs.iter().all(|r| r.color.is_none()));
        assert!(l.paragraphs[2].runs[0].color_unknown);
        assert!(l.paragraphs[1..].iter().all(|p| !p.bordered));
        assert_eq!(
            Ink::cmyk(0.0, 1.0, 1.0, 0.0).hex().as_deref(),
            Some("FF0000")
        );
        assert_eq!(Ink::rgb(0.1, 0.1, 0.12), Ink::Black);
        assert_eq!(Ink::gray(f64::NAN), Ink::Black);
    }

    #[test]
    fn font_names_and_page_number_forms() {
        assert_eq!(family("SimSun,Bold"), ("宋体".into(), false));
        assert_eq!(family("FZFSK--GBK1-0"), ("方正仿宋_GBK".into(), false));
        assert_eq!(family("KaiTi_GB2312"), ("楷体_GB2312".into(), false));
        assert!(!family("TimesNewRomanPSMT").1);
        assert!(family("WenQuanYiZenHei").1 && family("SourceHanSerifSC-Regular").1);
        assert_eq!(
            number_form("第 3 页 共 12 页"),
            ("第 {PAGE} 页 共 {PAGES} 页".into(), true)
        );
        assert_eq!(number_form("- 3 -"), ("- {PAGE} -".into(), false));
    }

    #[test]
    fn absurd_geometry_measures_nothing_and_never_panics() {
        let mut page = good_page(37.0, 28.0);
        page.runs.push(Placed {
            x: f64::NAN,
            y: f64::INFINITY,
            end: -1e300,
            size: 1e200,
            text: "巨大的字号".into(),
            font: None,
            ink: Ink::Unknown,
        });
        page.width = 0.0;
        page.height = f64::NAN;
        let (_, l) = measured(vec![page, Page::default()]);
        assert_eq!(l.printed.as_ref().unwrap().pages, 2);
        assert!(half_points(1e200).is_none() && half_points(f64::NAN).is_none());
        assert_eq!(mode([f64::NAN, 1.0, 1.2].into_iter()), Some(1.0));
    }
}
