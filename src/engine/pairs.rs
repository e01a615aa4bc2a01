//! `pairs` rules: paired marks (“” 《》 （） …) must open and close. Checked with a stack per
//! paragraph; a pair may also span consecutive lines, as a two-line title
//! (《政府网站集约化 / 试点工作方案》) or a bracketed revision note does in plain text, and a
//! quotation running over several paragraphs opens each one with “ and closes only the last.

use super::Hit;
use crate::document::Document;

/// How many following paragraphs may close what one paragraph left open.
const MAX_SPAN: usize = 4;

#[derive(Clone, Copy)]
struct Open {
    para: usize,
    pos: usize,
    mark: char,
}

/// Returns (paragraph index, hit) for every unpaired mark.
pub fn find(rule: usize, pairs: &[(char, char)], doc: &Document) -> Vec<(usize, Hit)> {
    let opener_of = |c: char| pairs.iter().find(|p| p.1 == c).map(|p| p.0);
    let is_opener = |c: char| pairs.iter().any(|p| p.0 == c);
    let mut out = Vec::new();
    // Openers left unclosed by earlier paragraphs, still allowed to close here.
    let mut carried: Vec<Open> = Vec::new();
    for (pi, para) in doc.paragraphs.iter().enumerate() {
        let text = &para.text;
        let mut stack: Vec<Open> = Vec::new();
        for (pos, c) in text.char_indices() {
            if is_opener(c) {
                stack.push(Open {
                    para: pi,
                    pos,
                    mark: c,
                });
            } else if let Some(open) = opener_of(c) {
                if let Some(depth) = stack.iter().rposition(|o| o.mark == open) {
                    // Anything opened inside and not closed before this closer is unpaired.
                    for o in stack.drain(depth..).skip(1) {
                        out.push(hit(rule, o));
                    }
                } else if let Some(k) = carried.iter().rposition(|o| o.mark == open) {
                    carried.remove(k);
                } else {
                    out.push(hit(
                        rule,
                        Open {
                            para: pi,
                            pos,
                            mark: c,
                        },
                    ));
                }
            }
        }
        // A quotation continuing into the next paragraph: that paragraph opens with “ again.
        let next_reopens = |mark: char| {
            doc.paragraphs
                .get(pi + 1)
                .is_some_and(|n| n.text.starts_with(mark))
        };
        let unclosed = stack
            .into_iter()
            .filter(|o| !(o.pos == 0 && next_reopens(o.mark)));
        // Unclosed marks wait for the next paragraphs; report those that expire unclosed.
        for o in std::mem::take(&mut carried) {
            if pi - o.para < MAX_SPAN {
                carried.push(o);
            } else {
                out.push(hit(rule, o));
            }
        }
        carried.extend(unclosed);
    }
    out.extend(carried.into_iter().map(|o| hit(rule, o)));
    out.sort_by_key(|(p, h)| (*p, h.start));
    out
}

fn hit(rule: usize, o: Open) -> (usize, Hit) {
    (
        o.para,
        Hit {
            rule,
            start: o.pos,
            end: o.pos + o.mark.len_utf8(),
            suggestion: None,
        },
    )
}
