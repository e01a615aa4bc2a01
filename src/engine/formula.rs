//! `formula` rules: a numbered formula (“四个意识”) followed by its expansion must list exactly
//! its members, in order; and the members written as a list without the label keep that order.
//!
//! An expansion is the text after the label and a marker (即、：、（、是指、就是), up to the closing
//! bracket or the end of the sentence, split on 、，；和及. Wrong, missing and extra members are
//! errors; a complete list in the wrong order is a warning.

use super::Hit;
use crate::rules::{Formula, FormulaRule, Severity};

/// How far after the label the marker may come (“四个全面”战略布局，即…).
const MAX_GAP_CHARS: usize = 6;

const MARKERS: &[&str] = &["，即", "，就是", "即", "：", ":", "（", "(", "是指", "就是"];

pub fn find(rule: usize, spec: &FormulaRule, text: &str, out: &mut Vec<Hit>) {
    // Labels, then the members of formulas checked without their label. Labels and members do
    // not contain one another, so a non-overlapping search (which can skip ahead with a
    // prefilter) sees every one that occurs.
    let index = spec.index.get_or_init(|| {
        let labels = spec.formulas.iter().map(|f| f.label.as_str());
        let members = spec
            .formulas
            .iter()
            .filter(|f| f.unlabelled)
            .flat_map(|f| f.members.iter().map(String::as_str));
        aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(labels.chain(members))
            .expect("formula strings build")
    });
    let mut present = vec![false; index.patterns_len()];
    for m in index.find_iter(text) {
        present[m.pattern().as_usize()] = true;
    }
    let mut member_id = spec.formulas.len();
    for (fi, f) in spec.formulas.iter().enumerate() {
        let members_present = f.unlabelled
            && present[member_id..member_id + f.members.len()]
                .iter()
                .all(|&p| p);
        if f.unlabelled {
            member_id += f.members.len();
        }
        let before = out.len();
        if present[fi] {
            for (at, _) in text.match_indices(f.label.as_str()) {
                if let Some(h) = labelled(rule, f, text, at + f.label.len()) {
                    out.push(h);
                }
            }
        }
        // Only a paragraph naming every member can list them all.
        if members_present {
            let labelled_spans: Vec<(usize, usize)> =
                out[before..].iter().map(|h| (h.start, h.end)).collect();
            unlabelled(rule, f, text, &labelled_spans, out);
        }
    }
}

/// The expansion after a label ending at `end`, if there is one, checked.
fn labelled(rule: usize, f: &Formula, text: &str, end: usize) -> Option<Hit> {
    let rest = &text[end..];
    let rest_trim = rest.trim_start_matches(['”', '"', '’']);
    let skipped = rest.len() - rest_trim.len();
    // The marker may follow a few characters later (总体布局、战略布局).
    let (marker_at, marker) =
        rest_trim
            .char_indices()
            .take(MAX_GAP_CHARS + 1)
            .find_map(|(i, _)| {
                MARKERS
                    .iter()
                    .find(|m| rest_trim[i..].starts_with(**m))
                    .map(|m| (i, *m))
            })?;
    // Between label and marker only a name suffix may stand, no punctuation.
    if rest_trim[..marker_at]
        .chars()
        .any(|c| !is_han(c) || c == '和' || c == '、')
    {
        return None;
    }
    let start = end + skipped + marker_at + marker.len();
    // An expansion is short: look at most this far (keeps long paragraphs linear).
    let mut window = (start + 600).min(text.len());
    while !text.is_char_boundary(window) {
        window -= 1;
    }
    let body = &text[start..window];
    let close = if marker.ends_with('（') || marker.ends_with('(') {
        body.find(['）', ')'])?
    } else {
        body.find(['。', '；', '！', '？', '\n'])
            .unwrap_or(body.len())
    };
    let body = &body[..close];
    let items = split_items(body, start);
    if items.len() < 2 {
        return None;
    }
    compare(rule, f, text, &items)
}

/// Items of an enumeration with their byte ranges in the paragraph.
fn split_items(body: &str, offset: usize) -> Vec<(usize, usize)> {
    let mut items = Vec::new();
    let mut s = 0;
    for (i, c) in body.char_indices() {
        if matches!(c, '、' | '，' | ',' | '；') {
            items.push((offset + s, offset + i));
            s = i + c.len_utf8();
        }
    }
    items.push((offset + s, offset + body.len()));
    items.retain(|(a, b)| b > a);
    items
}

/// Member index of an item: exact, after an allowed prefix or a conjunction, or (for the last
/// item) a member followed by other words (共享的发展理念).
fn member_of(f: &Formula, item: &str, last: bool) -> Option<usize> {
    let mut item = item.trim();
    for p in f
        .prefixes
        .iter()
        .map(String::as_str)
        .chain(["和", "以及", "及", "与"])
    {
        if let Some(r) = item.strip_prefix(p) {
            item = r;
        }
    }
    f.members.iter().position(|m| m == item).or_else(|| {
        last.then(|| f.members.iter().position(|m| item.starts_with(m.as_str())))
            .flatten()
    })
}

fn compare(rule: usize, f: &Formula, text: &str, items: &[(usize, usize)]) -> Option<Hit> {
    // The last item may join two members with 和: 社会建设和生态文明建设.
    let mut items: Vec<(usize, usize)> = items.to_vec();
    if let Some(&(s, e)) = items.last() {
        let last = &text[s..e];
        if member_of(f, last, false).is_none() {
            if let Some(i) = last.find('和').or_else(|| last.find('及')) {
                let (a, b) = (&last[..i], &last[i..]);
                if member_of(f, a, false).is_some() && member_of(f, b, true).is_some() {
                    items.pop();
                    items.push((s, s + i));
                    items.push((s + i, e));
                }
            }
        }
    }
    let mapped: Vec<Option<usize>> = items
        .iter()
        .enumerate()
        .map(|(i, &(s, e))| member_of(f, &text[s..e], i + 1 == items.len()))
        .collect();
    let whole = (items[0].0, items[items.len() - 1].1);
    let m = f.members.len();
    let missing: Vec<&str> = (0..m)
        .filter(|k| !mapped.contains(&Some(*k)))
        .map(|k| f.members[k].as_str())
        .collect();
    let unknown: Vec<usize> = (0..items.len()).filter(|&i| mapped[i].is_none()).collect();
    // Too few items that all fit: a partial quotation (“四个全面”中的全面深化改革), not wrong.
    if unknown.is_empty() && missing.is_empty() {
        let order: Vec<usize> = mapped.iter().flatten().copied().collect();
        if order.windows(2).all(|w| w[0] < w[1]) {
            return None;
        }
        return Some(Hit {
            rule,
            start: whole.0,
            end: whole.1,
            suggestion: Some(f.members.join("、")),
            vars: vec![(
                "detail",
                format!("“{}”的顺序应为：{}", f.label, f.members.join("、")),
            )],
            severity: Some(Severity::Warning),
        });
    }
    if unknown.len() == 1 && missing.len() == 1 && items.len() == m {
        let (s, e) = items[unknown[0]];
        return Some(Hit {
            rule,
            start: s,
            end: e,
            suggestion: Some(missing[0].to_owned()),
            vars: vec![(
                "detail",
                format!(
                    "“{}”的成员“{}”有误，应为“{}”（{}）",
                    f.label,
                    &text[s..e],
                    missing[0],
                    f.members.join("、")
                ),
            )],
            severity: None,
        });
    }
    // Extra words after a complete list are not members (…共享，推动高质量发展).
    if missing.is_empty() {
        return None;
    }
    // Only judge lists that nearly give the whole formula (one member missing): fewer is a
    // partial mention after a colon (“四风”：形式主义、官僚主义问题仍然突出), not an expansion.
    if missing.len() > 1 || mapped.iter().flatten().count() + 1 < m {
        return None;
    }
    Some(Hit {
        rule,
        start: whole.0,
        end: whole.1,
        suggestion: None,
        vars: vec![(
            "detail",
            format!(
                "“{}”缺少“{}”（应为：{}）",
                f.label,
                missing.join("”“"),
                f.members.join("、")
            ),
        )],
        severity: None,
    })
}

/// A list of all members, without the label, in another order: 理论自信、道路自信、….
fn unlabelled(rule: usize, f: &Formula, text: &str, skip: &[(usize, usize)], out: &mut Vec<Hit>) {
    let m = f.members.len();
    let mut pos = 0;
    // The next occurrence of each member at or after `pos`, found again only once passed:
    // each member's occurrences are scanned once, so long paragraphs stay linear.
    let mut next: Vec<Option<usize>> = f.members.iter().map(|mb| text.find(mb.as_str())).collect();
    loop {
        for (k, n) in next.iter_mut().enumerate() {
            if n.is_some_and(|i| i < pos) {
                *n = text[pos..].find(f.members[k].as_str()).map(|i| pos + i);
            }
        }
        let Some(start) = next.iter().flatten().copied().min() else {
            break;
        };
        let (order, end) = run_at(f, text, start);
        let complete = order.len() == m;
        if complete
            && order.windows(2).any(|w| w[0] > w[1])
            && !skip.iter().any(|&(s, e)| s < end && start < e)
        {
            out.push(Hit {
                rule,
                start,
                end,
                suggestion: Some(f.members.join("、")),
                vars: vec![(
                    "detail",
                    format!("“{}”的顺序应为：{}", f.label, f.members.join("、")),
                )],
                severity: Some(Severity::Warning),
            });
        }
        pos = if complete {
            end
        } else {
            start + text[start..].chars().next().map_or(1, char::len_utf8)
        };
    }
}

/// The members listed from `start` (each once, joined by 、和及) and where the list ends.
fn run_at(f: &Formula, text: &str, start: usize) -> (Vec<usize>, usize) {
    let mut order: Vec<usize> = Vec::new();
    let (mut at, mut end) = (start, start);
    while let Some(k) = (0..f.members.len())
        .find(|&k| !order.contains(&k) && text[at..].starts_with(f.members[k].as_str()))
    {
        order.push(k);
        at += f.members[k].len();
        end = at;
        match text[at..].chars().next() {
            Some(c @ ('、' | '和' | '及')) if order.len() < f.members.len() => {
                at += c.len_utf8()
            }
            _ => break,
        }
    }
    (order, end)
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn formula(label: &str, members: &[&str]) -> FormulaRule {
        FormulaRule::new(vec![Formula {
            label: label.into(),
            members: members.iter().map(|s| s.to_string()).collect(),
            prefixes: vec!["中国特色社会主义".into()],
            unlabelled: true,
        }])
    }

    fn details(text: &str) -> Vec<(String, String, Option<Severity>)> {
        let f = formula(
            "四个自信",
            &["道路自信", "理论自信", "制度自信", "文化自信"],
        );
        let mut out = Vec::new();
        find(0, &f, text, &mut out);
        out.into_iter()
            .map(|h| {
                (
                    text[h.start..h.end].to_owned(),
                    h.vars[0].1.clone(),
                    h.severity,
                )
            })
            .collect()
    }

    #[test]
    fn correct_expansions_the_label_alone_and_other_text_are_silent() {
        for ok in [
            "坚定“四个自信”，即中国特色社会主义道路自信、理论自信、制度自信、文化自信。",
            "坚定“四个自信”（道路自信、理论自信、制度自信和文化自信）。",
            "增强“四个意识”、坚定“四个自信”、做到“两个维护”。",
            "坚定“四个自信”：这是根本。",
            "我们有理论自信。",
        ] {
            assert!(details(ok).is_empty(), "{ok}: {:?}", details(ok));
        }
    }

    #[test]
    fn wrong_missing_swapped_members() {
        let d = details("坚定“四个自信”，即道路自信、理论自信、制度自信、文明自信。");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].0, "文明自信");
        assert!(d[0].1.contains("应为“文化自信”"));
        let d = details("坚定“四个自信”（道路自信、理论自信、文化自信）。");
        assert!(d[0].1.contains("缺少“制度自信”"), "{d:?}");
        let d = details("坚定“四个自信”，即理论自信、道路自信、制度自信、文化自信。");
        assert_eq!(d[0].2, Some(Severity::Warning));
        assert_eq!(d.len(), 1, "the labelled finding is not repeated: {d:?}");
        let d = details("坚持理论自信、道路自信、制度自信、文化自信。");
        assert_eq!(d[0].0, "理论自信、道路自信、制度自信、文化自信");
    }
}
