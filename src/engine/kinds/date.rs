//! `date` rules: dates that cannot exist (2月30日) and weekdays that do not match their date
//! (2023年1月5日（星期三）). A date without a year takes the year of the document's own dates
//! (its 成文日期 comes last), and a mismatch found that way is only a warning.

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

use super::{DocContext, Kind, SpecError};
use crate::document::dates::{collect, Found};
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
    fn month_lengths() {
        assert_eq!(days_in_month(Some(2023), 2), 28);
        assert_eq!(days_in_month(Some(2024), 2), 29);
        assert_eq!(days_in_month(None, 2), 29);
        assert_eq!(days_in_month(Some(2023), 12), 31);
        assert_eq!(days_in_month(Some(2023), 4), 30);
    }
}
