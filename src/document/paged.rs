//! Text placed on pages (PDF, OFD): runs of text at positions become lines, and lines become
//! paragraphs the way a reader sees them — a paragraph starts where a line is indented or
//! centred, after a short line, after a wider gap or at a change of size; page numbers are
//! left out of the text and kept, with each line's geometry and fonts, for `printed` to
//! measure the layout from.

use std::sync::Arc;

use super::docx::Budget;
use super::layout::Layout;

/// A stretch of text drawn on a page: millimetres, `y` the baseline measured down from the
/// top edge, `end` where the last character's advance ends; the font's name as the file
/// gives it (PDF BaseFont, OFD FontName).
#[derive(Debug, Clone)]
pub(crate) struct Run {
    pub x: f64,
    pub y: f64,
    pub end: f64,
    pub size: f64,
    pub text: String,
    pub font: Option<Arc<str>>,
    pub ink: Ink,
}

/// The colour text or a line is drawn in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum Ink {
    /// Black, or a grey so dark it prints as black.
    #[default]
    Black,
    Rgb([u8; 3]),
    /// Not told: a spot colour, a pattern, invisible text.
    Unknown,
}

impl Ink {
    /// From components 0–1; a colour with no channel above 0x30 is black (a colour-managed
    /// rich black, a dark grey).
    pub fn rgb(r: f64, g: f64, b: f64) -> Ink {
        let c = |v: f64| {
            if v.is_finite() {
                (v.clamp(0.0, 1.0) * 255.0).round() as u8
            } else {
                0
            }
        };
        let v = [c(r), c(g), c(b)];
        if v.iter().all(|&x| x <= 0x30) {
            Ink::Black
        } else {
            Ink::Rgb(v)
        }
    }

    pub fn gray(v: f64) -> Ink {
        Ink::rgb(v, v, v)
    }

    /// CMYK components 0–1, converted the naive way (as Word and viewers do without profiles).
    pub fn cmyk(c: f64, m: f64, y: f64, k: f64) -> Ink {
        let k1 = 1.0 - k.clamp(0.0, 1.0);
        Ink::rgb(
            (1.0 - c.clamp(0.0, 1.0)) * k1,
            (1.0 - m.clamp(0.0, 1.0)) * k1,
            (1.0 - y.clamp(0.0, 1.0)) * k1,
        )
    }

    /// `RRGGBB` as the .docx model writes a colour; None for black (and for unknown).
    pub fn hex(self) -> Option<String> {
        match self {
            Ink::Rgb([r, g, b]) => Some(format!("{r:02X}{g:02X}{b:02X}")),
            _ => None,
        }
    }
}

/// A horizontal line drawn on a page (a stroked path or a thin filled rectangle), mm: `y`
/// its middle measured down from the top edge, `x0 < x1` its ends, `thickness` its width.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rule {
    pub y: f64,
    pub x0: f64,
    pub x1: f64,
    pub thickness: f64,
    pub ink: Ink,
}

/// Drawn lines kept per page: a page of hatching is not a page of rules.
pub(crate) const MAX_RULES: usize = 2_000;

/// Keeps a drawn line if it is horizontal enough, long enough and sane, up to `MAX_RULES`.
/// A filled shape (corners `pts`, mm) as a rule when it is a thin bar (≤ 1.5 mm tall): the usual
/// way Word and LibreOffice draw one.
pub(crate) fn push_filled(rules: &mut Vec<Rule>, pts: &[(f64, f64)], ink: Ink) {
    let span = |f: fn(&(f64, f64)) -> f64| {
        pts.iter()
            .map(f)
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
                (lo.min(v), hi.max(v))
            })
    };
    let ((x0, x1), (y0, y1)) = (span(|p| p.0), span(|p| p.1));
    if y1 - y0 <= 1.5 {
        let y = (y0 + y1) / 2.0;
        push_rule(rules, (x0, y), (x1, y), (y1 - y0).max(0.05), ink);
    }
}

/// The usual distance between successive baselines `ys` (the median of the positive steps).
pub(crate) fn median_step(ys: impl Iterator<Item = f64>) -> f64 {
    let ys: Vec<f64> = ys.collect();
    let mut steps: Vec<f64> = ys
        .windows(2)
        .map(|w| w[1] - w[0])
        .filter(|d| *d > 0.0)
        .collect();
    steps.sort_by(f64::total_cmp);
    steps.get(steps.len() / 2).copied().unwrap_or(0.0)
}

pub(crate) fn push_rule(
    rules: &mut Vec<Rule>,
    (x0, y0): (f64, f64),
    (x1, y1): (f64, f64),
    thickness: f64,
    ink: Ink,
) {
    let ok = [x0, y0, x1, y1, thickness]
        .iter()
        .all(|v| v.is_finite() && v.abs() < 1e5);
    if !ok || rules.len() >= MAX_RULES || (y1 - y0).abs() > 0.3 || (x1 - x0).abs() < 5.0 {
        return;
    }
    // A white line (a mask over something) is not seen.
    if !(0.0..=5.0).contains(&thickness)
        || matches!(ink, Ink::Rgb(c) if c.iter().all(|&v| v >= 0xF0))
    {
        return;
    }
    rules.push(Rule {
        y: (y0 + y1) / 2.0,
        x0: x0.min(x1),
        x1: x0.max(x1),
        thickness,
        ink,
    });
}

#[derive(Debug, Default)]
pub(crate) struct Page {
    pub width: f64,
    pub height: f64,
    pub runs: Vec<Run>,
    pub rules: Vec<Rule>,
}

/// A piece of a line in one font and size: `start..end` bytes of the line's text.
#[derive(Debug, Clone)]
pub(crate) struct Piece {
    pub start: usize,
    pub end: usize,
    pub size: f64,
    pub font: Option<Arc<str>>,
    pub ink: Ink,
}

#[derive(Debug)]
pub(crate) struct Line {
    pub x: f64,
    pub y: f64,
    pub end: f64,
    pub size: f64,
    pub text: String,
    pub pieces: Vec<Piece>,
    /// Another line stands on the same baseline (a table row, text set in columns).
    pub shares_row: bool,
}

/// A line as placed in a paragraph: its geometry, its page (0-based) and where its text
/// starts in the paragraph (pieces are then relative to that).
#[derive(Debug)]
pub(crate) struct PlacedLine {
    pub page: usize,
    pub x: f64,
    pub y: f64,
    pub end: f64,
    pub size: f64,
    pub at: usize,
    pub chars: usize,
    /// Full-width marks at the line's end (they may hang past the right edge).
    pub trailing_marks: usize,
    pub shares_row: bool,
    pub pieces: Vec<Piece>,
}

/// A page's size, the page-number lines left out of its text and the lines drawn on it.
#[derive(Debug)]
pub(crate) struct PageInfo {
    pub width: f64,
    pub height: f64,
    pub numbers: Vec<Line>,
    pub rules: Vec<Rule>,
}

/// The paragraphs of the pages (see `paragraphs`) and the layout measured from them.
pub(crate) fn read(pages: Vec<Page>, budget: &mut Budget) -> Result<(Vec<String>, Layout), String> {
    let (texts, placed, info) = paragraphs(pages, budget)?;
    let layout = super::printed::layout(&texts, &placed, &info);
    Ok((texts, layout))
}

/// Paragraph texts, the lines of each, and the pages.
type Placed = (Vec<String>, Vec<Vec<PlacedLine>>, Vec<PageInfo>);

/// The paragraphs of the pages, in reading order (top to bottom, left to right: 公文 are set
/// in one column), with the lines each is made of. Each paragraph is charged to `budget`.
pub(crate) fn paragraphs(pages: Vec<Page>, budget: &mut Budget) -> Result<Placed, String> {
    let mut out: Vec<String> = Vec::new();
    let mut placed: Vec<Vec<PlacedLine>> = Vec::new();
    let mut info = Vec::new();
    let mut prev: Option<(Line, f64)> = None;
    for (page_no, mut page) in pages.into_iter().enumerate() {
        let (width, height) = (page.width, page.height);
        let rules = std::mem::take(&mut page.rules);
        let (lines, numbers) = lines(page);
        info.push(PageInfo {
            width,
            height,
            numbers,
            rules,
        });
        let body: Vec<&Line> = lines
            .iter()
            .filter(|l| l.text.chars().count() >= 8)
            .collect();
        let pick = if body.is_empty() {
            lines.iter().collect()
        } else {
            body
        };
        let left = pick.iter().map(|l| l.x).fold(f64::INFINITY, f64::min);
        let right = pick.iter().map(|l| l.end).fold(f64::NEG_INFINITY, f64::max);
        // The usual distance between baselines: a wider gap ends a paragraph.
        let pitch = median_step(lines.iter().map(|l| l.y));
        let mut first_on_page = true;
        for mut line in lines {
            let new = match &prev {
                None => true,
                Some((p, p_right)) => {
                    let size = line.size.max(0.1);
                    let usual = pitch.max(1.2 * size.max(p.size));
                    let gap_ok = first_on_page || line.y - p.y < 1.5 * usual;
                    // A line wrapped before a mark that may not start a line, or before a long
                    // Latin word, ends a little short; a paragraph's last line ends after a
                    // sentence-final mark, or well short.
                    let short = p_right - p.end;
                    let ended = p
                        .text
                        .ends_with(['。', '！', '？', '：', '；', '…', '”', '）', '」']);
                    let last_line = short > 1.5 * p.size && (ended || short > 5.0 * p.size);
                    // A title set on two or more centred lines is one paragraph.
                    let centred = |l: &Line| {
                        l.x > left + size && ((l.x - left) - (p_right - l.end)).abs() < 1.5 * size
                    };
                    let title_goes_on = centred(p) && centred(&line) && !ended;
                    (line.size - p.size).abs() > 0.15 * size
                        || (line.x > left + 0.8 * size && !title_goes_on)
                        || last_line
                        || !gap_ok
                }
            };
            if new || out.is_empty() {
                budget.paragraph()?;
                out.push(String::new());
                placed.push(Vec::new());
            }
            let para = out.last_mut().expect("pushed above");
            if !new && needs_space(para, &line.text) {
                para.push(' ');
                budget.text(1)?;
            }
            budget.text(line.text.len())?;
            budget.records(std::mem::size_of::<PlacedLine>())?;
            placed.last_mut().expect("pushed above").push(PlacedLine {
                page: page_no,
                x: line.x,
                y: line.y,
                end: line.end,
                size: line.size,
                at: para.len(),
                chars: line.text.chars().count(),
                trailing_marks: line
                    .text
                    .chars()
                    .rev()
                    .take_while(|c| is_full_width_mark(*c))
                    .count(),
                shares_row: line.shares_row,
                pieces: std::mem::take(&mut line.pieces),
            });
            para.push_str(&line.text);
            first_on_page = false;
            prev = Some((line, right));
        }
    }
    // Blank paragraphs go, with their lines.
    let keep: Vec<bool> = out.iter().map(|p| !p.trim().is_empty()).collect();
    let mut k = keep.iter();
    out.retain(|_| *k.next().expect("one per paragraph"));
    let mut k = keep.iter();
    placed.retain(|_| *k.next().expect("one per paragraph"));
    Ok((out, placed, info))
}

/// Marks set full width that a line may end on, hanging into the margin.
fn is_full_width_mark(c: char) -> bool {
    matches!(
        c,
        '，' | '。' | '、' | '；' | '：' | '！' | '？' | '”' | '’' | '）' | '》' | '」' | '』'
    )
}

/// Latin words wrapped at a line end are joined with a space; Chinese text is not.
fn needs_space(before: &str, after: &str) -> bool {
    let (Some(a), Some(b)) = (before.chars().next_back(), after.chars().next()) else {
        return false;
    };
    a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric()
        || matches!(a, ',' | '.' | ';' | ':') && b.is_ascii_alphanumeric()
}

/// The lines of a page: runs on one baseline put together left to right, a wide gap (a table
/// column, a signature block) starting a line of its own; page numbers set apart.
fn lines(mut page: Page) -> (Vec<Line>, Vec<Line>) {
    page.runs
        .retain(|r| !r.text.trim().is_empty() && r.size.is_finite());
    page.runs.sort_by(|a, b| a.y.total_cmp(&b.y));
    let mut rows: Vec<Vec<Run>> = Vec::new();
    for run in page.runs {
        match rows.last_mut() {
            Some(row) if (run.y - row[0].y).abs() <= 0.4 * run.size.max(row[0].size) => {
                row.push(run)
            }
            _ => rows.push(vec![run]),
        }
    }
    let mut out: Vec<Line> = Vec::new();
    for mut row in rows {
        let first = out.len();
        row.sort_by(|a, b| a.x.total_cmp(&b.x));
        let mut line: Option<Line> = None;
        for run in row {
            if let Some(l) = &mut line {
                let gap = run.x - l.end;
                // The same text drawn twice a hair apart (fake bold) is one.
                if l.text.ends_with(&run.text)
                    && (run.x - (l.end - (run.end - run.x))).abs() < 0.3 * run.size
                {
                    continue;
                }
                if gap <= 3.0 * run.size.max(l.size) {
                    if gap > 0.2 * run.size && needs_space(&l.text, &run.text) {
                        l.text.push(' ');
                    }
                    push_piece(&mut l.pieces, l.text.len(), &run);
                    l.text.push_str(&run.text);
                    l.end = l.end.max(run.end);
                    l.size = l.size.max(run.size);
                    continue;
                }
                out.push(line.take().expect("checked above"));
            }
            let mut pieces = Vec::new();
            push_piece(&mut pieces, 0, &run);
            line = Some(Line {
                x: run.x,
                y: run.y,
                end: run.end,
                size: run.size,
                text: run.text,
                pieces,
                shares_row: false,
            });
        }
        out.extend(line);
        if out.len() > first + 1 {
            for l in &mut out[first..] {
                l.shares_row = true;
            }
        }
    }
    let height = page.height;
    out.into_iter()
        .partition(|l| !(is_page_number(&l.text) && (height <= 0.0 || l.y > 0.75 * height)))
}

/// Adds a run's text at byte `at` of a line: to the last piece when font and size are the same.
fn push_piece(pieces: &mut Vec<Piece>, at: usize, run: &Run) {
    let end = at + run.text.len();
    if let Some(p) = pieces.last_mut() {
        if p.font == run.font && p.ink == run.ink && (p.size - run.size).abs() < 0.05 {
            p.end = end;
            return;
        }
    }
    pieces.push(Piece {
        start: at,
        end,
        size: run.size,
        font: run.font.clone(),
        ink: run.ink,
    });
}

/// `— 1 —`, `- 12 -`, `3`, `第 2 页`, `第2页 共5页`.
pub(crate) fn is_page_number(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let t = t.trim_matches(|c| matches!(c, '-' | '—' | '–' | '－' | '一'));
    if !t.is_empty() && t.chars().all(|c| c.is_ascii_digit()) {
        return true;
    }
    let rest = t.trim_start_matches('第');
    rest.len() < t.len()
        && rest.contains('页')
        && rest
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '页' | '共' | '第' | '/' | '，' | ','))
}

/// Width of a character when its font gives none, in ems: CJK full width, Latin half.
pub(crate) fn em_width(c: char) -> f64 {
    if (c as u32) >= 0x2E80 {
        1.0
    } else {
        0.5
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(x: f64, y: f64, text: &str) -> Run {
        let end = x + text.chars().map(em_width).sum::<f64>() * 5.6;
        Run {
            x,
            y,
            end,
            size: 5.6,
            text: text.into(),
            font: None,
            ink: Ink::Black,
        }
    }

    #[test]
    fn indented_lines_start_paragraphs_and_wrapped_lines_join() {
        let line = "各单位要认真组织学习按时报送材料关于开展检查的通知工作部署落实";
        let full: String = line.chars().take(28).collect();
        let page = Page {
            width: 210.0,
            height: 297.0,
            runs: vec![
                run(38.2, 50.0, &full),
                run(38.2 + 11.2, 40.0, "关于开展检查的通知"),
                run(38.2 + 11.2, 60.0, &full[..full.len() - 6]),
                run(38.2, 70.0, "结束。"),
                run(100.0, 280.0, "— 1 —"),
            ],
            rules: Vec::new(),
        };
        let mut b = Budget::unlimited();
        let (p, placed, info) = paragraphs(vec![page], &mut b).unwrap();
        assert_eq!(placed.len(), p.len());
        assert_eq!(info[0].numbers[0].text, "— 1 —");
        assert_eq!(p.len(), 3, "{p:?}");
        assert_eq!(p[2], format!("{}结束。", &full[..full.len() - 6]));
        assert!(is_page_number("- 12 -") && is_page_number("第 2 页") && !is_page_number("第二章"));
    }
}
