//! The `event` kind: a meeting named with the time it was held must have been held then
//! (`2023年7月召开的二十届三中全会` — the plenum met in July 2024). The pack lists each event
//! with its names and dates; a paragraph is scanned once for all names, and a date is judged
//! only where the text says the event took place then:
//!
//! - the date right before the name, or before it in the same clause with 召开/举行 between
//!   (`2024年7月召开的党的二十届三中全会`, `一九七八年，我们党召开具有重大历史意义的十一届三中全会`);
//! - or after it as `于…召开/举行` (`二十届三中全会于2024年7月15日至18日召开`).
//!
//! A date that starts a period (`2012年以来`, `2023年后`) is not the event's date. Written to the
//! day, month or year, the date must fall within the event's days at that precision.

use std::sync::{LazyLock, OnceLock};

use aho_corasick::{AhoCorasick, MatchKind};
use chrono::{Datelike, NaiveDate};
use regex::Regex;
use serde::Deserialize;

use super::{Kind, ParaContext, SpecError};
use crate::document::dates::parse_year;
use crate::document::numerals::chinese_number;
use crate::engine::Hit;
use crate::rules::yaml::{NonEmpty, RawDate};

#[derive(Debug, Clone)]
pub struct EventRule {
    pub events: Vec<Event>,
    /// Every name of every event, with the event it names (built on first use).
    index: OnceLock<(AhoCorasick, Vec<usize>)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// The name messages use.
    pub name: String,
    /// Other names it goes by (党的二十大, 中共二十大, 党的第二十次全国代表大会).
    pub aliases: Vec<String>,
    /// First and last day (the same for a one-day meeting).
    pub from: NaiveDate,
    pub until: NaiveDate,
    /// Where the dates come from (`rules show`).
    pub source: Option<String>,
}

spec! {
    pub struct Spec {
        events: Vec<RawEvent>,
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEvent {
    name: NonEmpty,
    #[serde(default)]
    aliases: Vec<String>,
    from: RawDate,
    #[serde(default)]
    until: Option<RawDate>,
    #[serde(default)]
    source: Option<String>,
}

impl Kind for EventRule {
    const NAME: &'static str = "event";
    type Spec = Spec;

    fn build(spec: Spec, _check: Option<&str>) -> Result<Self, SpecError> {
        let raw = spec.events.ok_or((
            Some("kind"),
            "kind: event 需要字段 events（会议名称与日期）".into(),
        ))?;
        if raw.is_empty() {
            return Err((Some("events"), "events 不能为空列表".into()));
        }
        let mut events = Vec::with_capacity(raw.len());
        for e in raw {
            let from = e.from.0;
            let until = e.until.map_or(from, |d| d.0);
            if until < from {
                return Err((
                    Some("events"),
                    format!("“{}”的 until 早于 from", e.name.0),
                ));
            }
            if e.aliases.iter().any(|a| a.trim().is_empty()) {
                return Err((Some("events"), format!("“{}”有空的别名", e.name.0)));
            }
            events.push(Event {
                name: e.name.0,
                aliases: e.aliases,
                from,
                until,
                source: e.source,
            });
        }
        Ok(EventRule {
            events,
            index: OnceLock::new(),
        })
    }

    fn per_paragraph(&self) -> bool {
        true
    }

    fn paragraph_hits(&self, rule: usize, cx: &ParaContext, hits: &mut Vec<Hit>) {
        find(rule, self, cx.text, hits)
    }

    /// The table, each event with its days and source.
    fn show(&self, out: &mut String) {
        use std::fmt::Write;
        let _ = writeln!(out, "\n会议（{}个）：", self.events.len());
        for e in &self.events {
            let _ = write!(out, "  {}　{}", e.name, when(e));
            if !e.aliases.is_empty() {
                let _ = write!(out, "　又称：{}", e.aliases.join("、"));
            }
            if let Some(s) = &e.source {
                let _ = write!(out, "　来源：{}", crate::rules::one_line(s));
            }
            let _ = writeln!(out);
        }
    }
}

/// 2024年7月15日至18日, as messages say it.
fn when(e: &Event) -> String {
    let day = |d: NaiveDate| format!("{}年{}月{}日", d.year(), d.month(), d.day());
    if e.from == e.until {
        day(e.from)
    } else if e.from.year() == e.until.year() && e.from.month() == e.until.month() {
        format!("{}至{}日", day(e.from), e.until.day())
    } else {
        format!("{}至{}", day(e.from), day(e.until))
    }
}

/// A year, with month and day when written: 2024年7月15日, 一九七八年, 2023年7月.
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?P<y>\d{4}|[〇○零一二三四五六七八九]{4})年(?:(?P<m>\d{1,2}|十[一二]?|[一二三四五六七八九])月(?:(?P<d>\d{1,2}|三十[一]?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])日)?)?",
    )
    .expect("date pattern is valid")
});

/// What may stand between a date and the name it dates: nothing but the party's name.
static ADJACENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:底|初|末)?(?:的)?(?:党的|中共|中国共产党|我们党)?$").expect("valid")
});

/// A date followed by these starts a period or is compared with: not the event's date.
static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:以来|以后|之后|以前|之前|前|后|起|开始|至|到|是|为|将|要|的工作)").expect("valid")
});

/// 召开的, 举行的党的: what right before a name says it is the meeting held.
static HELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:召开|举行)的(?:党的|中共|中国共产党)?$").expect("valid")
});

/// What after a name makes it the subject of another meeting or of study, not the event held.
static ABOUT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:会议)?(?:精神|宣讲|学习|专题|研讨|座谈|传达|报告会|决定|公报|文件|部署)").expect("valid")
});

/// How many bytes before a name a date may be looked for (about 30 characters).
const LOOK_BACK: usize = 90;

fn find(rule: usize, spec: &EventRule, text: &str, hits: &mut Vec<Hit>) {
    let (ac, owner) = spec.index.get_or_init(|| {
        let mut names = Vec::new();
        let mut owner = Vec::new();
        for (i, e) in spec.events.iter().enumerate() {
            for n in std::iter::once(&e.name).chain(&e.aliases) {
                names.push(n.as_str());
                owner.push(i);
            }
        }
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&names)
            .expect("event names are literal strings");
        (ac, owner)
    });
    for m in ac.find_iter(text) {
        let event = &spec.events[owner[m.pattern().as_usize()]];
        // 召开…二十届三中全会精神宣讲会: the meeting held is another one, about the event;
        // but 2024年召开的二十届三中全会精神 dates the plenum itself.
        let about = ABOUT.is_match(&text[m.end()..]);
        let dated = date_before(text, m.start())
            .filter(|(.., direct)| *direct || !about)
            .map(|(s, e, d, _)| (s, e, d))
            .or_else(|| date_after(text, m.end()));
        let Some((start, end, date)) = dated else {
            continue;
        };
        if !date.within(event) {
            hits.push(Hit {
                rule,
                start,
                end,
                vars: vec![("event", event.name.clone()), ("when", when(event))],
                ..Default::default()
            });
        }
    }
}

/// A written date: the year, and month and day when given.
struct Written {
    year: i32,
    month: Option<u32>,
    day: Option<u32>,
}

impl Written {
    fn from_captures(c: &regex::Captures) -> Option<Self> {
        let number = |s: &str| {
            if s.chars().all(|c| c.is_ascii_digit()) {
                s.parse().ok()
            } else {
                chinese_number(s)
            }
        };
        let year = parse_year(&c["y"])?;
        Some(Written {
            year,
            month: c.name("m").and_then(|m| number(m.as_str())),
            day: c.name("d").and_then(|d| number(d.as_str())),
        })
    }

    /// Whether the event's days meet this date at the precision it is written to.
    fn within(&self, e: &Event) -> bool {
        let key = |d: NaiveDate| match (self.month, self.day) {
            (Some(_), Some(_)) => (d.year(), d.month(), d.day()),
            (Some(_), None) => (d.year(), d.month(), 0),
            _ => (d.year(), 0, 0),
        };
        let me = (
            self.year,
            self.month.unwrap_or(0),
            self.month.and(self.day).unwrap_or(0),
        );
        key(e.from) <= me && me <= key(e.until)
    }
}

/// The date the text gives just before a name at `at`: (start, end, date, whether 召开的
/// stands right before the name, so that the date is the event's whatever follows).
fn date_before(text: &str, at: usize) -> Option<(usize, usize, Written, bool)> {
    let mut from = at.saturating_sub(LOOK_BACK);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    // Within the sentence only.
    let window = &text[from..at];
    let from = from + window.rfind(['。', '；', '！', '？']).map_or(0, |i| i + 3);
    let window = &text[from..at];
    let c = DATE.captures_iter(window).last()?;
    let whole = c.get(0)?;
    let gap: String = window[whole.end()..]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if PERIOD.is_match(&gap) {
        return None;
    }
    let held_then = ADJACENT.is_match(&gap)
        || ((gap.contains("召开") || gap.contains("举行")) && gap.chars().count() <= 24);
    if !held_then {
        return None;
    }
    Some((
        from + whole.start(),
        from + whole.end(),
        Written::from_captures(&c)?,
        HELD.is_match(&gap),
    ))
}

/// The date of `于…召开` right after a name ending at `at`
/// (`于2024年7月15日至18日在北京召开`).
fn date_after(text: &str, at: usize) -> Option<(usize, usize, Written)> {
    let rest = &text[at..];
    let lead = ["已于", "已经于", "将于", "于", "在"]
        .iter()
        .find(|l| rest.starts_with(*l))?
        .len();
    let c = DATE.captures(&rest[lead..])?;
    let whole = c.get(0)?;
    if whole.start() != 0 {
        return None;
    }
    // The rest of the clause, up to about twelve characters, says it was held.
    let clause: String = rest[lead + whole.end()..]
        .chars()
        .take_while(|c| !"，。；！？,".contains(*c))
        .take(16)
        .collect();
    if !(clause.contains("召开") || clause.contains("举行")) {
        return None;
    }
    Some((
        at + lead + whole.start(),
        at + lead + whole.end(),
        Written::from_captures(&c)?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule() -> EventRule {
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        EventRule {
            events: vec![
                Event {
                    name: "二十届三中全会".into(),
                    aliases: vec!["党的二十届三中全会".into()],
                    from: day("2024-07-15"),
                    until: day("2024-07-18"),
                    source: None,
                },
                Event {
                    name: "十一届三中全会".into(),
                    aliases: vec![],
                    from: day("1978-12-18"),
                    until: day("1978-12-22"),
                    source: None,
                },
            ],
            index: OnceLock::new(),
        }
    }

    fn reported(text: &str) -> Vec<&str> {
        let mut hits = Vec::new();
        find(0, &rule(), text, &mut hits);
        hits.iter().map(|h| &text[h.start..h.end]).collect()
    }

    #[test]
    fn a_date_the_event_was_not_held_on_is_reported() {
        assert_eq!(reported("2023年7月召开的二十届三中全会"), ["2023年7月"]);
        assert_eq!(reported("2024年6月召开的党的二十届三中全会"), ["2024年6月"]);
        assert_eq!(reported("二十届三中全会于2024年8月在北京召开"), ["2024年8月"]);
        assert_eq!(reported("一九七九年召开的十一届三中全会"), ["一九七九年"]);
        assert_eq!(reported("2024年7月20日举行的党的二十届三中全会"), ["2024年7月20日"]);
        assert_eq!(reported("学习2023年召开的二十届三中全会精神"), ["2023年"]);
    }

    #[test]
    fn the_right_date_or_no_claim_of_when_is_not() {
        for ok in [
            "2024年7月召开的党的二十届三中全会",
            "2024年二十届三中全会",
            "二十届三中全会于2024年7月15日至18日在北京召开",
            "一九七八年，我们党召开具有重大历史意义的十一届三中全会",
            "一九七八年底召开的中国共产党十一届三中全会",
            "2025年要深入学习贯彻党的二十届三中全会精神",
            "2023年以来，特别是党的二十届三中全会召开后",
            "2022年。二十届三中全会",
            "2024年10月，召开党的二十届三中全会精神宣讲会",
            "2025年二十届三中全会精神学习",
        ] {
            assert!(reported(ok).is_empty(), "{ok}: {:?}", reported(ok));
        }
    }
}
