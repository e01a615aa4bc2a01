//! `numbering` rules: heading numbers at the start of body paragraphs (GB/T 9704—2012 7.3.3,
//! GB/T 15834—2011 附录B.3). Levels come from the pack (一、 → （一） → 1． → （1））.
//!
//! Each attachment restarts the numbering; only the body and attachments are read, so a
//! date or a 文号 is never taken for a heading.
//!
//! Over 500 lines with its tests; the four checks share one reading of the headings.

use serde::Deserialize;

use super::{DocContext, Kind, SpecError};
use crate::document::numerals::chinese_number;
use crate::engine::Hit;
use crate::document::structure::Zone;
use crate::document::Document;
use crate::rules::yaml::NonEmpty;
use crate::rules::Severity;

/// Heading numbers (一、（一）1.（1）): levels from the pack, one check per rule.
#[derive(Debug, Clone)]
pub struct NumberingRule {
    pub check: NumberingCheck,
    pub levels: Vec<Level>,
}

checks! {
    pub enum NumberingCheck {
        /// 一. → 一、; 1、 → 1．; （一）、 → （一）.
        Separator = "separator",
        /// 一、二、四、 (missing 三), duplicates, restart under a new parent.
        Sequence = "sequence",
        /// （一） before any 一、 then 一、; 一、 → （1） skipping two levels.
        Hierarchy = "hierarchy",
        /// 三发扬… after 二、.
        MissingSeparator = "missing-separator",
    }
}

/// One heading level: how its number is written and what may follow it.
#[derive(Debug, Clone)]
pub struct Level {
    pub name: String,
    /// 一二三 rather than 123.
    pub chinese: bool,
    /// In full-width brackets: （一）.
    pub bracketed: bool,
    /// What may follow the number (empty string: nothing).
    pub separators: Vec<String>,
}

spec! {
    pub struct Spec {
        levels: Vec<RawLevel>,
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLevel {
    name: NonEmpty,
    numerals: RawNumerals,
    #[serde(default)]
    bracketed: bool,
    #[serde(default)]
    separators: Vec<String>,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum RawNumerals {
    Chinese,
    Arabic,
}

impl Kind for NumberingRule {
    const NAME: &'static str = "numbering";
    const CHECKS: &'static [&'static str] = NumberingCheck::ALL;
    type Spec = Spec;

    fn build(spec: Spec, check: Option<&str>) -> Result<Self, SpecError> {
        let check = NumberingCheck::parse(check, Self::NAME)?;
        let levels: Vec<Level> = spec
            .levels
            .ok_or((
                Some("kind"),
                "kind: numbering 需要字段 levels（各级序号）".into(),
            ))?
            .into_iter()
            .map(|l| Level {
                name: l.name.0,
                chinese: l.numerals == RawNumerals::Chinese,
                bracketed: l.bracketed,
                separators: l.separators,
            })
            .collect();
        if levels.is_empty() {
            return Err((Some("levels"), "levels 不能为空列表".into()));
        }
        Ok(NumberingRule { check, levels })
    }

    /// A separator, written wrong or left out, is replaced; an order is for a person.
    fn fixable(&self) -> bool {
        matches!(
            self.check,
            NumberingCheck::Separator | NumberingCheck::MissingSeparator
        )
    }

    fn document_hits(&self, rule: usize, cx: &DocContext) -> Vec<(usize, Hit)> {
        find(rule, self, cx.doc)
    }
}

/// A heading number at the start of a paragraph.
#[derive(Debug, Clone)]
struct Heading {
    para: usize,
    level: usize,
    value: u32,
    /// Bytes of the number with its brackets, and of what follows it.
    number_end: usize,
    sep: String,
    /// Written with half-width brackets: (一).
    halfwidth: bool,
    /// 20.2026年…: also reads as a decimal; a heading only where the sequence expects it.
    decimal_like: bool,
}

use crate::document::headings::{self, CHINESE_DIGITS, SEPARATOR_CHARS};

pub fn find(rule: usize, spec: &NumberingRule, doc: &Document) -> Vec<(usize, Hit)> {
    let structure = doc.structure();
    let mut out = Vec::new();
    // Headings of each stretch (main text, then each attachment) are checked together.
    let mut stretch: Vec<Heading> = Vec::new();
    let mut expected_next: Vec<Option<u32>> = vec![None; spec.levels.len()];
    for (pi, para) in doc.paragraphs.iter().enumerate() {
        let zone = structure.zone(pi);
        let annex_start = zone == Some(Zone::Annex)
            && (pi == 0
                || structure.zone(pi - 1) != Some(Zone::Annex)
                || para.text.starts_with("附件"));
        if annex_start {
            check_stretch(rule, spec, &stretch, doc, &mut out);
            stretch.clear();
            expected_next.iter_mut().for_each(|e| *e = None);
        }
        if !matches!(zone, Some(Zone::Body | Zone::Annex)) {
            continue;
        }
        let h = heading(pi, &para.text, &spec.levels)
            .filter(|h| !h.decimal_like || expected_next[h.level] == Some(h.value));
        if let Some(h) = h {
            for e in expected_next.iter_mut().skip(h.level + 1) {
                *e = None;
            }
            expected_next[h.level] = Some(h.value + 1);
            stretch.push(h);
        } else if spec.check == NumberingCheck::MissingSeparator {
            if let Some(h) = glued(rule, spec, &para.text, &expected_next) {
                out.push((pi, h));
            }
        }
    }
    check_stretch(rule, spec, &stretch, doc, &mut out);
    if spec.check == NumberingCheck::Sequence {
        articles(rule, doc, &mut out);
        inline_ordinals(rule, doc, &mut out);
    }
    // Speeches and reports (no 文种 recognised) number more loosely than 公文: there an order
    // problem is a warning, not an error.
    if structure.doctype.is_none()
        && matches!(
            spec.check,
            NumberingCheck::Sequence | NumberingCheck::Hierarchy
        )
    {
        for (_, h) in &mut out {
            h.severity = Some(Severity::Warning);
        }
    }
    out
}

/// The heading number at the start of `text`, if it is one of the levels.
fn heading(para: usize, text: &str, levels: &[Level]) -> Option<Heading> {
    let n = headings::number(text)?;
    let level = levels
        .iter()
        .position(|l| l.chinese == n.chinese && l.bracketed == n.bracketed)?;
    Some(Heading {
        para,
        level,
        value: n.value,
        number_end: n.number_end,
        sep: n.sep,
        halfwidth: n.halfwidth,
        decimal_like: n.decimal_like,
    })
}

fn chinese_numeral(n: u32) -> String {
    let digit = |v: u32| CHINESE_DIGITS.chars().nth(v as usize).unwrap_or('零');
    match n {
        1..=9 => digit(n).to_string(),
        10 => "十".into(),
        11..=19 => format!("十{}", digit(n - 10)),
        20..=99 if n % 10 == 0 => format!("{}十", digit(n / 10)),
        20..=99 => format!("{}十{}", digit(n / 10), digit(n % 10)),
        _ => n.to_string(),
    }
}

/// How a number of a level is written: （三）, 3．.
fn written(level: &Level, n: u32) -> String {
    let num = if level.chinese {
        chinese_numeral(n)
    } else {
        n.to_string()
    };
    if level.bracketed {
        format!("（{num}）")
    } else {
        format!(
            "{num}{}",
            level.separators.first().map_or("", String::as_str)
        )
    }
}

fn check_stretch(
    rule: usize,
    spec: &NumberingRule,
    headings: &[Heading],
    doc: &Document,
    out: &mut Vec<(usize, Hit)>,
) {
    match spec.check {
        NumberingCheck::Separator => separators(rule, spec, headings, doc, out),
        NumberingCheck::Sequence => sequence(rule, spec, headings, out),
        NumberingCheck::Hierarchy => hierarchy(rule, spec, headings, out),
        NumberingCheck::MissingSeparator => {}
    }
}

fn hit(rule: usize, start: usize, end: usize, detail: String) -> Hit {
    Hit {
        rule,
        start,
        end,
        vars: vec![("detail", detail)],
        ..Default::default()
    }
}

fn separators(
    rule: usize,
    spec: &NumberingRule,
    headings: &[Heading],
    doc: &Document,
    out: &mut Vec<(usize, Hit)>,
) {
    for h in headings {
        let level = &spec.levels[h.level];
        let text = &doc.paragraphs[h.para].text;
        let ok_sep = level.separators.contains(&h.sep)
            || (level.separators.iter().any(String::is_empty)
                && !h
                    .sep
                    .chars()
                    .all(|c| SEPARATOR_CHARS.contains(&c) && c != ' ' && c != '\u{3000}'));
        if ok_sep && !h.halfwidth {
            continue;
        }
        let end = h.number_end + if ok_sep { 0 } else { h.sep.len() };
        let right = written(level, h.value);
        let mut x = hit(
            rule,
            0,
            end,
            format!(
                "{}标题的序号应写作“{right}”，不是“{}”",
                level.name,
                &text[..end]
            ),
        );
        x.suggestion = Some(right);
        out.push((h.para, x));
    }
}

fn sequence(rule: usize, spec: &NumberingRule, headings: &[Heading], out: &mut Vec<(usize, Hit)>) {
    // Per level: the last number under the current parent, and the last number anywhere (some
    // documents number a lower level continuously across parents: 一、（一）（二）二、（三）).
    let mut last: Vec<Option<u32>> = vec![None; spec.levels.len()];
    let mut last_any: Vec<Option<u32>> = vec![None; spec.levels.len()];
    // The number a list had reached when a new list of the same form began inside it.
    let mut outer: Vec<Option<u32>> = vec![None; spec.levels.len()];
    for h in headings {
        for l in last.iter_mut().skip(h.level + 1) {
            *l = None;
        }
        let level = &spec.levels[h.level];
        let continues = |prev: Option<u32>| prev.is_some_and(|v| h.value == v + 1);
        // A new list may start at 1 at any time (a report's parts each restart at 一、).
        let fine = h.value == 1
            || continues(last[h.level])
            || (last[h.level].is_none() && continues(last_any[h.level]));
        if h.value == 1 && last[h.level].is_some() {
            outer[h.level] = last[h.level];
        }
        let problem = if fine {
            None
        } else if continues(outer[h.level]) {
            // 一、二、(一、二、三、 inside) 三、: an inner list reused the outer form.
            outer[h.level] = None;
            Some(format!(
                "这一层的列举中间插入了同样用“{}”编号的下一层内容，下一层应改用下一级序号",
                written(level, 1)
            ))
        } else {
            match last[h.level].or(last_any[h.level]) {
                Some(v) if h.value == v => Some(format!(
                    "{}序号“{}”重复",
                    level.name,
                    written(level, h.value)
                )),
                Some(v) if h.value > v => {
                    let missing: Vec<String> =
                        (v + 1..h.value).map(|n| written(level, n)).collect();
                    Some(format!(
                        "{}序号不连续，缺少“{}”",
                        level.name,
                        missing.join("”“")
                    ))
                }
                Some(_) => Some(format!(
                    "{}序号“{}”倒退",
                    level.name,
                    written(level, h.value)
                )),
                None => Some(format!("{}序号应从“{}”开始", level.name, written(level, 1))),
            }
        };
        last[h.level] = Some(h.value);
        last_any[h.level] = Some(h.value);
        if let Some(p) = problem {
            out.push((h.para, hit(rule, 0, h.number_end, p)));
        }
    }
}

fn hierarchy(rule: usize, spec: &NumberingRule, headings: &[Heading], out: &mut Vec<(usize, Hit)>) {
    let mut seen = vec![false; spec.levels.len()];
    let mut open: Vec<usize> = Vec::new();
    for h in headings {
        let name = |l: usize| spec.levels[l].name.as_str();
        // Inversion: a level used for the first time while a lower one is open
        // (（一） … 一、, or 1． containing （一）).
        if let Some(&deeper) = open.iter().find(|&&l| l > h.level) {
            if !seen[h.level] {
                out.push((
                    h.para,
                    hit(
                        rule,
                        0,
                        h.number_end,
                        format!("层次倒置：“{}”出现在“{}”之下", name(h.level), name(deeper)),
                    ),
                ));
            }
        }
        open.retain(|&l| l < h.level);
        // Skipping two levels or more: 一、 → （1）. (一、 → 1． is common practice.)
        if let Some(&parent) = open.last() {
            // …and （一） → （1） under it, skipping 1．.
            if h.level >= parent + 3 || (parent >= 1 && h.level >= parent + 2) {
                let mut x = hit(
                    rule,
                    0,
                    h.number_end,
                    format!(
                        "层次越级：“{}”之下直接用了“{}”",
                        name(parent),
                        name(h.level)
                    ),
                );
                x.severity = Some(Severity::Warning);
                out.push((h.para, x));
            }
        }
        seen[h.level] = true;
        open.push(h.level);
    }
}

/// Whether paragraph `pi` opens an attachment (which restarts every numbering).
fn annex_starts(doc: &Document, pi: usize) -> bool {
    let structure = doc.structure();
    structure.zone(pi) == Some(Zone::Annex)
        && (pi == 0
            || structure.zone(pi - 1) != Some(Zone::Annex)
            || doc.paragraphs[pi].text.starts_with("附件"))
}

/// 一百零五, 一百一十: article numbers run past 九十九.
fn article_number(s: &str) -> Option<u32> {
    match s.split_once('百') {
        Some((h, rest)) => {
            let h = if h.is_empty() { 1 } else { chinese_number(h)? };
            let rest = rest.strip_prefix('零').unwrap_or(rest);
            let r = if rest.is_empty() {
                0
            } else {
                chinese_number(rest)?
            };
            (h < 10).then_some(h * 100 + r)
        }
        None => chinese_number(s),
    }
}

/// 第N条 at the start of a paragraph: articles run on through a regulation, across its
/// chapters; a new regulation (an attachment, or one restarting at 第一条) starts again.
fn articles(rule: usize, doc: &Document, out: &mut Vec<(usize, Hit)>) {
    let structure = doc.structure();
    let mut last: Option<(u32, String)> = None;
    for (pi, para) in doc.paragraphs.iter().enumerate() {
        if annex_starts(doc, pi) {
            last = None;
        }
        if !matches!(structure.zone(pi), Some(Zone::Body | Zone::Annex)) {
            continue;
        }
        let Some(rest) = para.text.strip_prefix('第') else {
            continue;
        };
        let len = rest
            .char_indices()
            .take_while(|(_, c)| "零一二三四五六七八九十百".contains(*c))
            .last()
            .map_or(0, |(i, c)| i + c.len_utf8());
        let Some(after) = rest[len..].strip_prefix('条') else {
            continue;
        };
        if len == 0 || !after.starts_with([' ', '\u{3000}', '：', ':', '、', '，', '．', '.']) {
            continue;
        }
        let Some(v) = article_number(&rest[..len]) else {
            continue;
        };
        let end = '第'.len_utf8() + len + '条'.len_utf8();
        let this = &para.text[..end];
        let problem = match &last {
            Some((p, _)) if v == *p => Some(format!("条序号“{this}”重复")),
            Some((p, prev)) if v > p + 1 || (v < *p && v != 1) => {
                Some(format!("条序号不连续：“{this}”的上一条是“{prev}”"))
            }
            _ => None,
        };
        if let Some(p) = problem {
            out.push((pi, hit(rule, 0, end, p)));
        }
        last = Some((v, this.to_owned()));
    }
}

/// 一是……二是……四是: a skipped number in a run of 序次语, within a paragraph or through
/// paragraphs that each open with the next one. Repeats are not judged (a paragraph quoted
/// twice is a different problem).
fn inline_ordinals(rule: usize, doc: &Document, out: &mut Vec<(usize, Hit)>) {
    const DIGITS: &str = "一二三四五六七八九十";
    let structure = doc.structure();
    let mut run: Option<u32> = None;
    for (pi, para) in doc.paragraphs.iter().enumerate() {
        if !matches!(structure.zone(pi), Some(Zone::Body | Zone::Annex)) || annex_starts(doc, pi) {
            run = None;
        }
        if !matches!(structure.zone(pi), Some(Zone::Body | Zone::Annex)) {
            continue;
        }
        let text = para.text.as_str();
        // (start, end, value) of each 一是 at the start or after a 点号.
        let mut found: Vec<(usize, usize, u32)> = Vec::new();
        let mut prev: Option<char> = None;
        for (i, c) in text.char_indices() {
            let at_boundary = prev.is_none_or(|p| "。；：，！？".contains(p));
            prev = Some(c);
            if !at_boundary || !DIGITS.contains(c) {
                continue;
            }
            let len = text[i..]
                .char_indices()
                .take_while(|(_, c)| DIGITS.contains(*c))
                .take(2)
                .last()
                .map_or(0, |(j, c)| j + c.len_utf8());
            if !text[i + len..].starts_with('是') {
                continue;
            }
            if let Some(v) = chinese_number(&text[i..i + len]) {
                found.push((i, i + len + '是'.len_utf8(), v));
            }
        }
        // A run goes on into the next paragraph only when that one opens with the next number.
        if found.first().is_none_or(|f| f.0 != 0) {
            run = None;
        }
        for (start, end, v) in found {
            if let Some(p) = run.filter(|&p| v > p + 1) {
                let missing: Vec<String> = (p + 1..v)
                    .map(|n| format!("{}是", chinese_numeral(n)))
                    .collect();
                out.push((
                    pi,
                    hit(
                        rule,
                        start,
                        end,
                        format!("序次语不连续，缺少“{}”", missing.join("”“")),
                    ),
                ));
            }
            run = Some(v);
        }
    }
}

/// 三发扬…: the number the sequence expects, glued to the heading text.
fn glued(
    rule: usize,
    spec: &NumberingRule,
    text: &str,
    expected_next: &[Option<u32>],
) -> Option<Hit> {
    // Short lines only: a heading, not a sentence that starts with a numeral.
    if !(5..=40).contains(&text.chars().count()) || text.contains('。') {
        return None;
    }
    for (li, level) in spec.levels.iter().enumerate() {
        let Some(n) = expected_next[li] else {
            continue;
        };
        if level.bracketed || n < 2 {
            continue;
        }
        let num = if level.chinese {
            chinese_numeral(n)
        } else {
            n.to_string()
        };
        let Some(rest) = text.strip_prefix(num.as_str()) else {
            continue;
        };
        let next = rest.chars().next()?;
        // Words that start with a numeral: 三农, 三是, 二要, 二来, 五位一体, 2号楼, 十分.
        // …and place names: 四川, 三亚, 九江, 十堰, 六安, 七台河.
        let word_start =
            "是个年月日季方律致体把站带农严位大期点项条批次成倍十百千万亿川亚明门峡江堰台安要来者则";
        if !('\u{4e00}'..='\u{9fff}').contains(&next)
            || word_start.contains(next)
            || CHINESE_DIGITS.contains(next)
        {
            continue;
        }
        let right = written(level, n);
        let mut x = hit(
            rule,
            0,
            num.len(),
            format!("序号“{num}”后漏了标点，应为“{right}”"),
        );
        x.suggestion = Some(right);
        return Some(x);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn levels() -> Vec<Level> {
        let l = |name: &str, chinese, bracketed, seps: &[&str]| Level {
            name: name.into(),
            chinese,
            bracketed,
            separators: seps.iter().map(|s| s.to_string()).collect(),
        };
        vec![
            l("一级", true, false, &["、"]),
            l("二级", true, true, &[""]),
            l("三级", false, false, &["．", "."]),
            l("四级", false, true, &[""]),
        ]
    }

    #[test]
    fn recognises_levels_and_not_words_or_decimals() {
        let lv = levels();
        let h = |t: &str| heading(0, t, &lv).map(|h| (h.level, h.value, h.sep));
        assert_eq!(h("一、总体要求"), Some((0, 1, "、".into())));
        assert_eq!(h("十二．加强领导"), Some((0, 12, "．".into())));
        assert_eq!(h("（三）工作目标"), Some((1, 3, String::new())));
        assert_eq!(h("2.加强领导"), Some((2, 2, ".".into())));
        assert!(heading(0, "1.5亿元资金已到位", &lv).is_some_and(|h| h.decimal_like));
        assert_eq!(h("(1)加强领导"), Some((3, 1, String::new())));
        for not in [
            "一是加强领导",
            "三农工作",
            "2024年工作",
            "十分重要",
            "1　总则",
            "三）改革",
        ] {
            assert_eq!(h(not), None, "{not}");
        }
    }

    #[test]
    fn numerals() {
        for n in [1, 9, 10, 11, 20, 23, 99] {
            assert_eq!(chinese_number(&chinese_numeral(n)), Some(n));
        }
    }
}
