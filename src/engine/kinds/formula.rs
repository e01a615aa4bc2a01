//! `formula` rules: a numbered formula (“四个意识”) followed by its expansion must list exactly
//! its members, in order; and the members written as a list without the label keep that order.
//!
//! An expansion is the text after the label and a marker (即、：、（、是指、就是), up to the closing
//! bracket or the end of the sentence, split on 、，；和及. Wrong, missing and extra members are
//! errors; a complete list in the wrong order is a warning. A list written just before the
//! label (创新、协调、绿色、开放、共享的新发展理念) is an expansion too. Without the label, a list of
//! all members but one whose odd item is formed like them (政治意识、大局意识、责任意识、看齐意识)
//! is an error (formulas with `odd_member`).
//!
//! A member may have accepted forms separated by `|` (全面依法治国|全面推进依法治国); the first
//! is the one suggested.
//!
//! Over 500 lines with its tests; labelled expansions and unlabelled lists share the member
//! matching.

use serde::Deserialize;

use super::{Kind, ParaContext, SpecError};
use crate::engine::Hit;
use crate::rules::yaml::NonEmpty;
use crate::rules::Severity;

/// Numbered formulas (“四个意识”): a label and its members in their fixed order.
#[derive(Debug, Clone)]
pub struct FormulaRule {
    pub formulas: Vec<Formula>,
    /// All labels, then all members, in one automaton: a paragraph is scanned once to learn
    /// which formulas it can concern (built on first use).
    pub index: std::sync::OnceLock<aho_corasick::AhoCorasick>,
}

impl FormulaRule {
    pub fn new(formulas: Vec<Formula>) -> Self {
        FormulaRule {
            formulas,
            index: std::sync::OnceLock::new(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Formula {
    pub label: String,
    pub members: Vec<String>,
    /// Words that may precede the list of members (中国特色社会主义 before 道路自信…).
    pub prefixes: Vec<String>,
    /// Whether the members written as a list without the label are checked for order too.
    pub unlabelled: bool,
    /// Words that introduce the expansion besides 即、：、（ (是 after 中国式现代化).
    pub markers: Vec<String>,
    /// Whether a list of all members but one, the odd item formed like the members
    /// (责任意识 among 政治意识、大局意识、看齐意识), is reported without the label.
    pub odd_member: bool,
}

spec! {
    pub struct Spec {
        formulas: Vec<RawFormula>,
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFormula {
    label: NonEmpty,
    members: Vec<String>,
    #[serde(default)]
    prefixes: Vec<String>,
    #[serde(default = "yes")]
    unlabelled: bool,
    #[serde(default)]
    markers: Vec<String>,
    #[serde(default = "yes")]
    odd_member: bool,
}

fn yes() -> bool {
    true
}

impl Kind for FormulaRule {
    const NAME: &'static str = "formula";
    type Spec = Spec;

    fn build(spec: Spec, _check: Option<&str>) -> Result<Self, SpecError> {
        let formulas: Vec<Formula> = spec
            .formulas
            .ok_or((
                Some("kind"),
                "kind: formula 需要字段 formulas（label 与 members）".into(),
            ))?
            .into_iter()
            .map(|f| Formula {
                label: f.label.0,
                members: f.members,
                prefixes: f.prefixes,
                unlabelled: f.unlabelled,
                markers: f.markers,
                odd_member: f.odd_member,
            })
            .collect();
        if let Some(f) = formulas
            .iter()
            .find(|f| f.members.len() < 2 || f.members.iter().any(|m| m.trim().is_empty()))
        {
            return Err((
                Some("formulas"),
                format!("提法“{}”至少要有两个非空的成员", f.label),
            ));
        }
        Ok(FormulaRule::new(formulas))
    }

    /// The members in their order are suggested; political wording is never fixed by a program.
    fn suggests(&self) -> bool {
        true
    }

    fn per_paragraph(&self) -> bool {
        true
    }

    fn paragraph_hits(&self, rule: usize, cx: &ParaContext, hits: &mut Vec<Hit>) {
        find(rule, self, cx.text, hits)
    }
}

/// How far after the label the marker may come (“四个全面”战略布局，即…).
const MAX_GAP_CHARS: usize = 6;

const MARKERS: &[&str] = &["，即", "，就是", "即", "：", ":", "（", "(", "是指", "就是"];

pub fn find(rule: usize, spec: &FormulaRule, text: &str, out: &mut Vec<Hit>) {
    // Labels, then every form of the members of formulas checked without their label. Labels
    // and members do not contain one another, so a non-overlapping search (which can skip ahead
    // with a prefilter) sees every one that occurs.
    let index = spec.index.get_or_init(|| {
        let labels = spec.formulas.iter().map(|f| f.label.as_str());
        let members = spec
            .formulas
            .iter()
            .filter(|f| f.unlabelled || f.odd_member)
            .flat_map(|f| f.members.iter().flat_map(|m| forms(m)));
        aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(labels.chain(members))
            .expect("formula strings build")
    });
    let mut present = vec![false; index.patterns_len()];
    let mut any = false;
    for m in index.find_iter(text) {
        present[m.pattern().as_usize()] = true;
        any = true;
    }
    if !any {
        return;
    }
    let mut pattern_id = spec.formulas.len();
    for (fi, f) in spec.formulas.iter().enumerate() {
        // How many members occur (any of their forms).
        let mut members_found = 0;
        if f.unlabelled || f.odd_member {
            for m in &f.members {
                let n = forms(m).count();
                if present[pattern_id..pattern_id + n].iter().any(|&p| p) {
                    members_found += 1;
                }
                pattern_id += n;
            }
        }
        let before = out.len();
        if present[fi] {
            for (at, _) in text.match_indices(f.label.as_str()) {
                if let Some(h) = labelled(rule, f, text, at + f.label.len())
                    .or_else(|| preceding(rule, f, text, at))
                {
                    out.push(h);
                }
            }
        }
        let m = f.members.len();
        let labelled_spans: Vec<(usize, usize)> =
            out[before..].iter().map(|h| (h.start, h.end)).collect();
        // Only a paragraph naming every member can list them all.
        if f.unlabelled && members_found == m {
            unlabelled(rule, f, text, &labelled_spans, out);
        }
        if f.odd_member && members_found + 1 >= m && m >= 3 {
            odd_member(rule, f, text, &labelled_spans, out);
        }
    }
}

/// The accepted forms of a member (全面依法治国|全面推进依法治国).
fn forms(member: &str) -> impl Iterator<Item = &str> {
    member.split('|').filter(|s| !s.is_empty())
}

/// The form suggested for a member.
fn canon(member: &str) -> &str {
    forms(member).next().unwrap_or(member)
}

fn canon_list(f: &Formula) -> String {
    f.members
        .iter()
        .map(|m| canon(m))
        .collect::<Vec<_>>()
        .join("、")
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
                f.markers
                    .iter()
                    .map(String::as_str)
                    .chain(MARKERS.iter().copied())
                    .find(|m| rest_trim[i..].starts_with(*m))
                    .map(|m| (i, m))
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
    f.members
        .iter()
        .position(|m| forms(m).any(|a| a == item))
        .or_else(|| {
            last.then(|| {
                f.members
                    .iter()
                    .position(|m| forms(m).any(|a| item.starts_with(a)))
            })
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
        .map(|k| canon(&f.members[k]))
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
            suggestion: Some(canon_list(f)),
            vars: vec![(
                "detail",
                format!("“{}”的顺序应为：{}", f.label, canon_list(f)),
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
                    canon_list(f)
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
                canon_list(f)
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
    let find_from = |k: usize, pos: usize| {
        forms(&f.members[k])
            .filter_map(|a| text[pos..].find(a))
            .min()
            .map(|i| pos + i)
    };
    let mut next: Vec<Option<usize>> = (0..m).map(|k| find_from(k, 0)).collect();
    loop {
        for (k, n) in next.iter_mut().enumerate() {
            if n.is_some_and(|i| i < pos) {
                *n = find_from(k, pos);
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
                suggestion: Some(canon_list(f)),
                vars: vec![(
                    "detail",
                    format!("“{}”的顺序应为：{}", f.label, canon_list(f)),
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
    while let Some((k, len)) = (0..f.members.len()).find_map(|k| {
        if order.contains(&k) {
            return None;
        }
        forms(&f.members[k])
            .filter(|a| text[at..].starts_with(a))
            .map(str::len)
            .max()
            .map(|len| (k, len))
    }) {
        order.push(k);
        at += len;
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

/// A list written just before the label: 创新、协调、绿色、开放、共享的新发展理念,
/// …社会建设、生态文明建设“五位一体”总体布局. Items are taken back from the label, at most as
/// many as the formula has members; the first may carry a verb (全面贯彻创新).
fn preceding(rule: usize, f: &Formula, text: &str, at: usize) -> Option<Hit> {
    let head = text[..at].trim_end_matches(['“', '"', '‘']);
    let head = head.strip_suffix('的').unwrap_or(head);
    let mut from = head.len().saturating_sub(600);
    while !head.is_char_boundary(from) {
        from += 1;
    }
    let clause_start = head[from..]
        .char_indices()
        .rfind(|&(_, c)| is_clause_end(c))
        .map_or(from, |(i, c)| from + i + c.len_utf8());
    let all = split_items(&head[clause_start..], clause_start);
    let m = f.members.len();
    let mut items: Vec<(usize, usize)> = Vec::new();
    for &(s, e) in all.iter().rev() {
        if items.len() == m {
            break;
        }
        let item = &text[s..e];
        if member_of(f, item, false).is_some() {
            items.push((s, e));
            continue;
        }
        if let Some(a) = f
            .members
            .iter()
            .flat_map(|mb| forms(mb))
            .filter(|a| item.ends_with(a))
            .max_by_key(|a| a.len())
        {
            items.push((e - a.len(), e));
            break;
        }
        items.push((s, e));
    }
    items.reverse();
    if items.len() < 2 {
        return None;
    }
    compare(rule, f, text, &items)
}

fn is_clause_end(c: char) -> bool {
    matches!(
        c,
        '，' | ','
            | '。'
            | '；'
            | ';'
            | '：'
            | ':'
            | '！'
            | '？'
            | '（'
            | '('
            | '）'
            | ')'
            | '“'
            | '”'
            | '"'
            | '《'
            | '》'
            | '\n'
    )
}

/// The longest beginning and ending (in characters) all the suggested forms share.
fn affixes(f: &Formula) -> (usize, usize) {
    let names: Vec<Vec<char>> = f
        .members
        .iter()
        .map(|m| canon(m).chars().collect())
        .collect();
    let shortest = names.iter().map(Vec::len).min().unwrap_or(0);
    let pre = (0..shortest)
        .take_while(|&i| names.iter().all(|n| n[i] == names[0][i]))
        .count();
    let suf = (1..=shortest)
        .take_while(|&i| {
            names
                .iter()
                .all(|n| n[n.len() - i] == names[0][names[0].len() - i])
        })
        .count();
    (pre, suf)
}

/// Without the label, a list of exactly as many items as the formula has members, all of them
/// members but one, the odd item formed like the members (the same beginning or ending of two
/// or more characters, about as long): 牢固树立政治意识、大局意识、责任意识、看齐意识.
fn odd_member(rule: usize, f: &Formula, text: &str, skip: &[(usize, usize)], out: &mut Vec<Hit>) {
    let m = f.members.len();
    let (pre, suf) = affixes(f);
    if pre < 2 && suf < 2 {
        return;
    }
    let first: Vec<char> = canon(&f.members[0]).chars().collect();
    let prefix: String = first[..pre].iter().collect();
    let suffix: String = first[first.len() - suf..].iter().collect();
    let lens: Vec<usize> = f.members.iter().map(|m| canon(m).chars().count()).collect();
    let (min_len, max_len) = (
        lens.iter().copied().min().unwrap_or(0),
        lens.iter().copied().max().unwrap_or(0),
    );
    let shaped = |item: &str| {
        let n = item.chars().count();
        item.chars().all(is_han)
            && n + 1 >= min_len
            && n <= max_len + 1
            && ((pre >= 2 && item.starts_with(prefix.as_str()))
                || (suf >= 2 && item.ends_with(suffix.as_str())))
    };
    let mut start = 0;
    let ends = text
        .char_indices()
        .filter(|&(_, c)| is_clause_end(c))
        .map(|(i, c)| (i, c.len_utf8()))
        .chain(std::iter::once((text.len(), 0)));
    for (end, len) in ends {
        let clause = (start, end);
        start = end + len;
        if clause.1 <= clause.0 || !text[clause.0..clause.1].contains('、') {
            continue;
        }
        let mut items = split_items(&text[clause.0..clause.1], clause.0);
        // The last two may be joined by 和/及: 核心意识和看齐意识.
        if let Some(&(s, e)) = items.last() {
            let last = &text[s..e];
            if member_of(f, last, false).is_none() && !shaped(last) {
                if let Some(i) = last.find('和').or_else(|| last.find('及')) {
                    let (a, b) = (&last[..i], &last[i + 3..]);
                    if (member_of(f, a, false).is_some() || shaped(a))
                        && (member_of(f, b, false).is_some() || shaped(b))
                    {
                        items.pop();
                        items.push((s, s + i));
                        items.push((s + i + 3, e));
                    }
                }
            }
        }
        if items.len() != m {
            continue;
        }
        let mut seen = vec![false; m];
        let mut odd = None;
        let mut ok = true;
        for (n, &(s, e)) in items.iter().enumerate() {
            let item = text[s..e].trim();
            let item = item
                .strip_prefix('和')
                .or_else(|| item.strip_prefix('及'))
                .unwrap_or(item);
            let k = member_of(f, item, n + 1 == items.len()).or_else(|| {
                // The first item may carry the verb: 牢固树立政治意识.
                (n == 0)
                    .then(|| {
                        f.members
                            .iter()
                            .position(|mb| forms(mb).any(|a| item.ends_with(a)))
                    })
                    .flatten()
            });
            match k {
                Some(k) if !seen[k] => seen[k] = true,
                Some(_) => ok = false,
                None if odd.is_none() && shaped(item) => odd = Some((e - item.len(), e)),
                None => ok = false,
            }
        }
        let Some((s, e)) = odd else { continue };
        if !ok || skip.iter().any(|&(a, b)| a < e && s < b) {
            continue;
        }
        let Some(k) = seen.iter().position(|&x| !x) else {
            continue;
        };
        out.push(Hit {
            rule,
            start: s,
            end: e,
            suggestion: Some(canon(&f.members[k]).to_owned()),
            vars: vec![(
                "detail",
                format!(
                    "“{}”的成员“{}”有误，应为“{}”（{}）",
                    f.label,
                    &text[s..e],
                    canon(&f.members[k]),
                    canon_list(f)
                ),
            )],
            severity: None,
        });
    }
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
            markers: vec![],
            odd_member: true,
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
