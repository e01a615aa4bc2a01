//! Text placed on pages (PDF, OFD): runs of text at positions become lines, and lines become
//! paragraphs the way a reader sees them — a paragraph starts where a line is indented or
//! centred, after a short line, after a wider gap or at a change of size; page numbers are
//! left out.

use super::docx::Budget;

/// A stretch of text drawn on a page: millimetres, `y` the baseline measured down from the
/// top edge, `end` where the last character's advance ends.
#[derive(Debug, Clone)]
pub(crate) struct Run {
    pub x: f64,
    pub y: f64,
    pub end: f64,
    pub size: f64,
    pub text: String,
}

#[derive(Debug, Default)]
pub(crate) struct Page {
    pub height: f64,
    pub runs: Vec<Run>,
}

#[derive(Debug)]
struct Line {
    x: f64,
    y: f64,
    end: f64,
    size: f64,
    text: String,
}

/// The paragraphs of the pages, in reading order (top to bottom, left to right: 公文 are set
/// in one column). Each paragraph is charged to `budget`.
pub(crate) fn paragraphs(pages: Vec<Page>, budget: &mut Budget) -> Result<Vec<String>, String> {
    let mut out: Vec<String> = Vec::new();
    let mut prev: Option<(Line, f64)> = None;
    for page in pages {
        let lines = lines(page);
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
        let mut steps: Vec<f64> = lines
            .windows(2)
            .map(|w| w[1].y - w[0].y)
            .filter(|d| *d > 0.0)
            .collect();
        steps.sort_by(f64::total_cmp);
        let pitch = steps.get(steps.len() / 2).copied().unwrap_or(0.0);
        let mut first_on_page = true;
        for line in lines {
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
            }
            let para = out.last_mut().expect("pushed above");
            if !new && needs_space(para, &line.text) {
                para.push(' ');
                budget.text(1)?;
            }
            budget.text(line.text.len())?;
            para.push_str(&line.text);
            first_on_page = false;
            prev = Some((line, right));
        }
    }
    out.retain(|p| !p.trim().is_empty());
    Ok(out)
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
/// column, a signature block) starting a line of its own; page numbers dropped.
fn lines(mut page: Page) -> Vec<Line> {
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
    let mut out = Vec::new();
    for mut row in rows {
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
                    l.text.push_str(&run.text);
                    l.end = l.end.max(run.end);
                    l.size = l.size.max(run.size);
                    continue;
                }
                out.push(line.take().expect("checked above"));
            }
            line = Some(Line {
                x: run.x,
                y: run.y,
                end: run.end,
                size: run.size,
                text: run.text,
            });
        }
        out.extend(line);
    }
    let height = page.height;
    out.retain(|l| !(is_page_number(&l.text) && (height <= 0.0 || l.y > 0.75 * height)));
    out
}

/// `— 1 —`, `- 12 -`, `3`, `第 2 页`, `第2页 共5页`.
fn is_page_number(text: &str) -> bool {
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
        }
    }

    #[test]
    fn indented_lines_start_paragraphs_and_wrapped_lines_join() {
        let line = "各单位要认真组织学习按时报送材料关于开展检查的通知工作部署落实";
        let full: String = line.chars().take(28).collect();
        let page = Page {
            height: 297.0,
            runs: vec![
                run(38.2, 50.0, &full),
                run(38.2 + 11.2, 40.0, "关于开展检查的通知"),
                run(38.2 + 11.2, 60.0, &full[..full.len() - 6]),
                run(38.2, 70.0, "结束。"),
                run(100.0, 280.0, "— 1 —"),
            ],
        };
        let mut b = Budget::unlimited();
        let p = paragraphs(vec![page], &mut b).unwrap();
        assert_eq!(p.len(), 3, "{p:?}");
        assert_eq!(p[2], format!("{}结束。", &full[..full.len() - 6]));
        assert!(is_page_number("- 12 -") && is_page_number("第 2 页") && !is_page_number("第二章"));
    }
}
