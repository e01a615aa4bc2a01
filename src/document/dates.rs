//! Dates written in a document, and the facts they give: the 成文日期 (`Document::date`), the
//! year a document without one belongs to, every date with its parts for the `date` kind.

use std::sync::LazyLock;

use chrono::{NaiveDate, Weekday};
use regex::{Captures, Regex};

use super::numerals::chinese_number;
use super::Document;

impl Document {
    /// The date the document bears: its 成文日期 under the signature, else a date line such as
    /// the bracketed date under a speech's title.
    pub fn date(&self) -> Option<NaiveDate> {
        self.structure()
            .date_para
            .and_then(|p| first_full_date(&self.paragraphs[p].text))
            .map(|(d, ..)| d)
            .or_else(|| signing_date(self))
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

/// A date as written, with where it is.
pub(crate) struct Found {
    pub para: usize,
    pub start: usize,
    pub end: usize,
    pub year: Option<i32>,
    pub month: u32,
    /// None for a month without a day (2023年13月).
    pub day: Option<u32>,
    pub weekday: Option<Weekday>,
    /// Where the weekday starts, for reporting it alone.
    pub weekday_at: Option<(usize, usize)>,
}

/// The document's 成文日期: the first paragraph that is nothing but a full date (2024年3月5日,
/// 二〇二四年三月五日), as GB/T 9704 places it under the signature; or a 印发 line's date.
/// A speech or report carries its date in brackets under the title: （2017年10月18日）.
pub(crate) fn signing_date(doc: &Document) -> Option<NaiveDate> {
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

pub(crate) fn collect(doc: &Document) -> Vec<Found> {
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
pub(crate) fn parse_year(s: &str) -> Option<i32> {
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
}
