//! `date` rules: dates that cannot exist (2月30日) and weekdays that do not match their date
//! (2023年1月5日（星期三）). A date without a year takes the year of the document's own dates
//! (its 成文日期 comes last), and a mismatch found that way is only a warning.

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate, Weekday};
use regex::{Captures, Regex};

use super::{DocContext, Kind, SpecError};
use crate::engine::numerals::chinese_number;
use crate::engine::Hit;
use crate::document::Document;
use crate::rules::Severity;

#[derive(Debug, Clone)]
pub struct DateRule {
    pub check: DateCheck,
}

checks! {
    pub enum DateCheck {
        /// 2月30日, 13月.
        Validity = "validity",
        /// 2023年1月5日（星期三）.
        Weekday = "weekday",
    }
}

spec! {
    /// A date rule has only its `check:`.
    pub struct Spec {}
}

impl Kind for DateRule {
    const NAME: &'static str = "date";
    const CHECKS: &'static [&'static str] = DateCheck::ALL;
    type Spec = Spec;

    fn build(_spec: Spec, check: Option<&str>) -> Result<Self, SpecError> {
        Ok(DateRule {
            check: DateCheck::parse(check, Self::NAME)?,
        })
    }

    /// A wrong weekday is given its right one.
    fn suggests(&self) -> bool {
        self.check == DateCheck::Weekday
    }

    fn document_hits(&self, rule: usize, cx: &DocContext) -> Vec<(usize, Hit)> {
        find(rule, self, cx.doc, cx.as_of_year, cx.dates)
    }
}

static ARABIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日)?(?:\s*[（(]?\s*(?:星期|周|礼拜)(?P<w>[一二三四五六日天])\s*[）)]?)?")
        .expect("date pattern is valid")
});

static CHINESE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(?P<y>[〇○零一二三四五六七八九]{4})年)?(?P<m>十[一二]?|[一二三四五六七八九])月(?P<d>三十[一]?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])日(?:\s*[（(]?\s*(?:星期|周|礼拜)(?P<w>[一二三四五六日天])\s*[）)]?)?")
        .expect("date pattern is valid")
});

struct Found {
    para: usize,
    start: usize,
    end: usize,
    year: Option<i32>,
    month: u32,
    /// None for a month without a day (2023年13月).
    day: Option<u32>,
    weekday: Option<Weekday>,
    /// Where the weekday starts, for reporting it alone.
    weekday_at: Option<(usize, usize)>,
}

static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{4})年").expect("year pattern is valid"));

/// The dates written in a document, found once for all date rules.
#[derive(Default)]
pub struct Dates(std::cell::OnceCell<Vec<Found>>);

/// `as_of_year`: the year to assume when the document names none (config `as_of`).
pub fn find(
    rule: usize,
    spec: &DateRule,
    doc: &Document,
    as_of_year: Option<i32>,
    dates: &Dates,
) -> Vec<(usize, Hit)> {
    let dates = dates.0.get_or_init(|| collect(doc));
    let doc_year = dates.iter().rev().find_map(|d| d.year).or(as_of_year);
    // A notice issued in December about next year's holidays names that year somewhere.
    let mentioned: Vec<i32> = if spec.check == DateCheck::Weekday
        && dates
            .iter()
            .any(|d| d.year.is_none() && d.weekday.is_some())
    {
        doc.paragraphs
            .iter()
            .flat_map(|p| YEAR.captures_iter(&p.text))
            .filter_map(|c| c[1].parse().ok())
            .collect()
    } else {
        Vec::new()
    };
    let mut out = Vec::new();
    for d in dates {
        let hit = match spec.check {
            DateCheck::Validity => validity(d),
            DateCheck::Weekday => weekday(d, doc_year, &mentioned),
        };
        if let Some(mut h) = hit {
            h.rule = rule;
            out.push((d.para, h));
        }
    }
    out
}

/// The document's 成文日期: the first paragraph that is nothing but a full date (2024年3月5日,
/// 二〇二四年三月五日), as GB/T 9704 places it under the signature; or a 印发 line's date.
/// A speech or report carries its date in brackets under the title: （2017年10月18日）.
pub fn signing_date(doc: &Document) -> Option<NaiveDate> {
    // A date line is short; most paragraphs need no regex at all.
    const MAX_LINE: usize = 60;
    doc.paragraphs.iter().find_map(|p| {
        if p.text.len() > MAX_LINE && !p.text.ends_with("印发") {
            return None;
        }
        let t = p
            .text
            .trim_end_matches("印发")
            .trim()
            .trim_start_matches(['（', '('])
            .trim_end_matches(['）', ')']);
        [&*ARABIC, &*CHINESE].into_iter().find_map(|re| {
            let c = re.captures(t)?;
            let whole = c.get(0)?;
            // The whole line, or a 版记 line ending in the date (…办公室　2024年3月5日印发).
            let alone = whole.start() == 0 || p.text.ends_with("印发");
            if !alone || whole.end() != t.len() || c.name("w").is_some() {
                return None;
            }
            let parse = if std::ptr::eq(re, &*ARABIC) {
                arabic as fn(&str) -> Option<u32>
            } else {
                chinese_number
            };
            let f = found(0, &c, parse)?;
            NaiveDate::from_ymd_opt(f.year?, f.month, f.day?)
        })
    })
}

/// The first complete date in a text (2024年3月5日, 二〇二四年三月五日) and its byte range.
pub fn first_full_date(text: &str) -> Option<(NaiveDate, usize, usize)> {
    [&*ARABIC, &*CHINESE]
        .into_iter()
        .filter_map(|re| {
            let parse = if std::ptr::eq(re, &*ARABIC) {
                arabic as fn(&str) -> Option<u32>
            } else {
                chinese_number
            };
            re.captures_iter(text).find_map(|c| {
                let f = found(0, &c, parse)?;
                let d = NaiveDate::from_ymd_opt(f.year?, f.month, f.day?)?;
                Some((d, f.start, f.end))
            })
        })
        .min_by_key(|&(_, s, _)| s)
}

/// A year of exactly four digits written just before 年: 2008年, ２００８年 (full-width, as
/// older texts have it), 二〇〇八年.
fn year_before(text: &str) -> Option<i32> {
    let digit = |c: char| match c {
        '0'..='9' => Some(c as i32 - '0' as i32),
        '０'..='９' => Some(c as i32 - '０' as i32),
        '〇' | '○' | '零' => Some(0),
        _ => "一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|v| v as i32 + 1),
    };
    let mut chars = text.chars().rev();
    let mut year = 0;
    for place in [1, 10, 100, 1000] {
        year += digit(chars.next()?)? * place;
    }
    // Exactly four: not the tail of a longer number.
    chars.next().and_then(digit).is_none().then_some(year)
}

/// The year a document without a 成文日期 most probably belongs to: the year it names most
/// often, not after `this_year` (ties go to the later year). Plans name target years
/// (到2035年) less often than the year they are about.
pub fn likely_year(doc: &Document, this_year: i32) -> Option<i32> {
    let mut counts: std::collections::BTreeMap<i32, usize> = std::collections::BTreeMap::new();
    for p in &doc.paragraphs {
        // Four ASCII digits before 年; a plain scan, as this runs on every dated check.
        for (i, _) in p.text.match_indices('年') {
            let year = year_before(&p.text[..i]);
            if let Some(y) = year.filter(|y| (1949..=this_year).contains(y)) {
                *counts.entry(y).or_default() += 1;
            }
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(y, n)| (n, y))
        .map(|(y, _)| y)
}

fn collect(doc: &Document) -> Vec<Found> {
    let mut out = Vec::new();
    for (pi, para) in doc.paragraphs.iter().enumerate() {
        // Every date both patterns read has a month: most paragraphs need no regex.
        if !para.text.contains('月') {
            continue;
        }
        for (re, parse) in [
            (&*ARABIC, arabic as fn(&str) -> Option<u32>),
            (&*CHINESE, chinese_number),
        ] {
            for c in re.captures_iter(&para.text) {
                if let Some(f) = found(pi, &c, parse) {
                    out.push(f);
                }
            }
        }
    }
    out.sort_by_key(|f| (f.para, f.start));
    out
}

fn found(para: usize, c: &Captures, parse: fn(&str) -> Option<u32>) -> Option<Found> {
    let whole = c.get(0)?;
    let year = match c.name("y") {
        Some(y) => Some(parse_year(y.as_str())?),
        None => None,
    };
    let weekday = c.name("w").map(|w| match w.as_str() {
        "一" => Weekday::Mon,
        "二" => Weekday::Tue,
        "三" => Weekday::Wed,
        "四" => Weekday::Thu,
        "五" => Weekday::Fri,
        "六" => Weekday::Sat,
        _ => Weekday::Sun,
    });
    Some(Found {
        para,
        start: whole.start(),
        end: whole.end(),
        year,
        month: parse(c.name("m")?.as_str())?,
        day: match c.name("d") {
            Some(d) => Some(parse(d.as_str())?),
            // A bare month only counts with its year: 3月份, 13月 alone are too vague.
            None if year.is_some() => None,
            None => return None,
        },
        weekday,
        weekday_at: c.name("w").map(|w| (w.start(), w.end())),
    })
}

fn arabic(s: &str) -> Option<u32> {
    s.parse().ok()
}

/// 2023 or 二〇二三.
fn parse_year(s: &str) -> Option<i32> {
    if s.chars().all(|c| c.is_ascii_digit()) {
        return s.parse().ok();
    }
    let mut y = 0;
    for c in s.chars() {
        let v = match c {
            '〇' | '○' | '零' => 0,
            _ => "一二三四五六七八九".chars().position(|d| d == c)? as i32 + 1,
        };
        y = y * 10 + v;
    }
    Some(y)
}

fn days_in_month(year: Option<i32>, month: u32) -> u32 {
    // Without a year, 2月29日 may be right.
    let y = year.unwrap_or(2024);
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(y + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(y, month + 1, 1)
    };
    next.and_then(|n| n.pred_opt()).map_or(31, |d| d.day())
}

fn validity(d: &Found) -> Option<Hit> {
    let reason = if !(1..=12).contains(&d.month) {
        format!("没有{}月", d.month)
    } else {
        let max = days_in_month(d.year, d.month);
        if d.day.is_none_or(|day| (1..=max).contains(&day)) {
            return None;
        }
        match d.year {
            Some(y) => format!("{y}年{}月只有{max}天", d.month),
            None => format!("{}月只有{max}天", d.month),
        }
    };
    Some(Hit {
        start: d.start,
        end: d.end,
        vars: vec![("reason", reason)],
        ..Default::default()
    })
}

const WEEKDAYS: [&str; 7] = [
    "星期一",
    "星期二",
    "星期三",
    "星期四",
    "星期五",
    "星期六",
    "星期日",
];

fn weekday(d: &Found, doc_year: Option<i32>, mentioned: &[i32]) -> Option<Hit> {
    let written = d.weekday?;
    let day = d.day?;
    let (wstart, wend) = d.weekday_at?;
    let (year, inferred) = match (d.year, doc_year) {
        (Some(y), _) => (y, false),
        (None, Some(y)) => (y, true),
        (None, None) => return None,
    };
    let date = NaiveDate::from_ymd_opt(year, d.month, day)?;
    if date.weekday() == written {
        return None;
    }
    if inferred {
        // The date may belong to the neighbouring year or to any year the document names.
        let fits = |y: i32| {
            NaiveDate::from_ymd_opt(y, d.month, day).is_some_and(|n| n.weekday() == written)
        };
        if [year - 1, year + 1]
            .into_iter()
            .chain(mentioned.iter().copied())
            .any(fits)
        {
            return None;
        }
    }
    let actual = WEEKDAYS[date.weekday().num_days_from_monday() as usize];
    Some(Hit {
        start: wstart,
        end: wend,
        suggestion: Some(actual.trim_start_matches("星期").to_owned()),
        vars: vec![
            ("date", format!("{year}年{}月{day}日", d.month)),
            ("weekday", actual.to_owned()),
            (
                "year_note",
                if inferred {
                    format!("（年份按文中日期推定为{year}年）")
                } else {
                    String::new()
                },
            ),
        ],
        severity: inferred.then_some(Severity::Warning),
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years() {
        assert_eq!(year_before("于2008"), Some(2008));
        assert_eq!(year_before("１９８５"), Some(1985));
        assert_eq!(year_before("一九五七"), Some(1957));
        assert_eq!(year_before("12008"), None);
        assert_eq!(parse_year("二〇二三"), Some(2023));
        assert_eq!(parse_year("2023"), Some(2023));
    }

    #[test]
    fn month_lengths() {
        assert_eq!(days_in_month(Some(2023), 2), 28);
        assert_eq!(days_in_month(Some(2024), 2), 29);
        assert_eq!(days_in_month(None, 2), 29);
        assert_eq!(days_in_month(Some(2023), 12), 31);
        assert_eq!(days_in_month(Some(2023), 4), 30);
    }
}
