//! A rule's regular expression: parsed (and so validated) when the pack loads, compiled only
//! when first needed, with the characters any match must contain, so that a paragraph without
//! them is never searched. Compiling the ~80 built-in patterns up front would cost more than
//! checking a whole draft.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use regex::{Regex, RegexBuilder};
use regex_syntax::hir::{Class, Hir, HirKind};

/// Classes larger than this are not useful as triggers (\p{Han}, \d).
const MAX_TRIGGERS: usize = 64;
const SIZE_LIMIT: usize = 10 * (1 << 20);

#[derive(Debug)]
pub struct Pattern {
    source: String,
    /// Some match must contain one of these; None when no small set exists.
    triggers: Option<Vec<char>>,
    /// Strings of two or more characters one of which every match contains (，，, 省省委):
    /// rarer than any single character, so a paragraph is searched less often.
    needles: Option<Vec<String>>,
    /// Sets of strings every match contains one of each (、 and 以及|及): all must be present
    /// in a paragraph for the pattern to run. Empty when nothing is known.
    clauses: Vec<Vec<String>>,
    regex: OnceLock<Regex>,
}

impl Clone for Pattern {
    fn clone(&self) -> Self {
        Pattern {
            source: self.source.clone(),
            triggers: self.triggers.clone(),
            needles: self.needles.clone(),
            clauses: self.clauses.clone(),
            regex: self.regex.clone(),
        }
    }
}

impl Pattern {
    /// Parses `source`; the error says what is wrong with it.
    pub fn new(source: &str) -> Result<Self, String> {
        let hir = regex_syntax::ParserBuilder::new()
            .build()
            .parse(source)
            .map_err(|e| crate::messages::regex_syntax_error(source, &e))?;
        Ok(Pattern {
            source: source.to_owned(),
            triggers: triggers(&hir).map(|s| s.into_iter().collect()),
            needles: needles(&hir)
                .filter(|n| n.iter().all(|s| s.chars().nth(1).is_some()))
                .map(|n| n.into_iter().collect()),
            clauses: clauses(&hir)
                .into_iter()
                .map(|c| c.into_iter().collect())
                .collect(),
            regex: OnceLock::new(),
        })
    }

    /// Compiles now, so that a user's pack is refused at load time if it is too big to build.
    pub fn compile(&self) -> Result<&Regex, String> {
        if let Some(r) = self.regex.get() {
            return Ok(r);
        }
        let r = build(&self.source)?;
        Ok(self.regex.get_or_init(|| r))
    }

    /// The compiled regex. Built-in patterns are proven by the test suite and user patterns are
    /// compiled when their pack loads, so building cannot fail here.
    pub fn regex(&self) -> &Regex {
        self.regex.get_or_init(|| {
            build(&self.source).unwrap_or_else(|_| Regex::new(r"[^\s\S]").expect("never matches"))
        })
    }

    pub fn as_str(&self) -> &str {
        &self.source
    }

    pub fn triggers(&self) -> Option<&[char]> {
        self.triggers.as_deref()
    }

    pub fn needles(&self) -> Option<&[String]> {
        self.needles.as_deref()
    }

    pub fn clauses(&self) -> &[Vec<String>] {
        &self.clauses
    }
}

fn build(source: &str) -> Result<Regex, String> {
    // The regex crate runs in linear time; the size limit keeps compilation bounded too.
    RegexBuilder::new(source)
        .size_limit(SIZE_LIMIT)
        .build()
        .map_err(|e| crate::messages::regex_error(source, &e))
}

/// A small set of characters of which every match contains at least one, if there is one.
fn triggers(h: &Hir) -> Option<BTreeSet<char>> {
    match h.kind() {
        HirKind::Literal(lit) => std::str::from_utf8(&lit.0)
            .ok()
            .and_then(|s| s.chars().next())
            .map(|c| BTreeSet::from([c])),
        HirKind::Class(Class::Unicode(cls)) => {
            let mut set = BTreeSet::new();
            for r in cls.ranges() {
                let (a, b) = (r.start() as u32, r.end() as u32);
                if set.len() + (b - a + 1) as usize > MAX_TRIGGERS {
                    return None;
                }
                set.extend((a..=b).filter_map(char::from_u32));
            }
            Some(set)
        }
        HirKind::Repetition(rep) if rep.min >= 1 => triggers(&rep.sub),
        HirKind::Capture(cap) => triggers(&cap.sub),
        HirKind::Concat(subs) => subs.iter().filter_map(triggers).min_by_key(BTreeSet::len),
        HirKind::Alternation(subs) => {
            let mut all = BTreeSet::new();
            for s in subs {
                all.extend(triggers(s)?);
                if all.len() > MAX_TRIGGERS {
                    return None;
                }
            }
            Some(all)
        }
        _ => None,
    }
}

/// A small set of strings of which every match contains at least one: of a sequence, the
/// part whose shortest string is longest; of alternatives, all of theirs.
fn needles(h: &Hir) -> Option<BTreeSet<String>> {
    match h.kind() {
        HirKind::Literal(lit) => std::str::from_utf8(&lit.0)
            .ok()
            .map(|s| BTreeSet::from([s.to_owned()])),
        HirKind::Class(_) => triggers(h).map(|cs| cs.into_iter().map(String::from).collect()),
        HirKind::Repetition(rep) if rep.min >= 1 => needles(&rep.sub),
        HirKind::Capture(cap) => needles(&cap.sub),
        HirKind::Concat(subs) => subs.iter().filter_map(needles).max_by(|a, b| {
            let shortest = |s: &BTreeSet<String>| s.iter().map(|x| x.chars().count()).min();
            shortest(a)
                .cmp(&shortest(b))
                .then_with(|| b.len().cmp(&a.len()))
        }),
        HirKind::Alternation(subs) => {
            let mut all = BTreeSet::new();
            for s in subs {
                all.extend(needles(s)?);
                if all.len() > MAX_TRIGGERS {
                    return None;
                }
            }
            Some(all)
        }
        _ => None,
    }
}

/// Everything a match must contain: of a sequence, each part's requirement; of alternatives,
/// one set holding each alternative's best requirement.
fn clauses(h: &Hir) -> Vec<BTreeSet<String>> {
    match h.kind() {
        HirKind::Literal(_) | HirKind::Class(_) => needles(h).into_iter().collect(),
        HirKind::Repetition(rep) if rep.min >= 1 => clauses(&rep.sub),
        HirKind::Capture(cap) => clauses(&cap.sub),
        HirKind::Concat(subs) => subs.iter().flat_map(clauses).collect(),
        HirKind::Alternation(_) => needles(h).into_iter().collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(p: &str) -> Option<String> {
        Pattern::new(p)
            .unwrap()
            .triggers()
            .map(|c| c.iter().collect())
    }

    #[test]
    fn triggers_are_the_rarest_required_characters() {
        assert_eq!(t(r"\p{Han}(?P<hit>[,:;])\p{Han}").as_deref(), Some(",:;"));
        assert_eq!(t(r"(?P<hit>[xX×]{2,}(?:万|亿)?元)").as_deref(), Some("元"));
        assert_eq!(t(r"(?:^|[^…])(?P<hit>…)").as_deref(), Some("…"));
        assert_eq!(t(r"\d+年|\d+月").as_deref(), Some("年月"));
        assert_eq!(t(r"\p{Han}+"), None);
        assert_eq!(t(r"a*"), None);
        assert!(Pattern::new("(unclosed").is_err());
    }

    #[test]
    fn needles_are_required_strings_of_two_or_more_characters() {
        let n = |p: &str| Pattern::new(p).unwrap().needles().map(|n| n.join("|"));
        assert_eq!(
            n(r"(?:^|[^，。])(?P<hit>，，|。。)(?:[^，。]|$)").as_deref(),
            Some("。。|，，")
        );
        assert_eq!(
            n(r"\p{Han}{2}(?P<hit>省省委|市市委)").as_deref(),
            Some("市市委|省省委")
        );
        // A single character is left to the character triggers.
        assert_eq!(n(r"\p{Han}(?P<hit>、)等"), None);
        assert_eq!(n(r"(?P<hit>[０-９])"), None);
    }

    #[test]
    fn clauses_are_all_the_required_parts() {
        let c = |p: &str| {
            Pattern::new(p)
                .unwrap()
                .clauses()
                .iter()
                .map(|c| c.join("|"))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            c(r"\p{Han}(?P<hit>、)(?:以及|及[^时早格第])"),
            ["、", "以及|及"]
        );
        assert_eq!(c(r"(?:^|[^，])(?P<hit>，，)"), ["，，"]);
        assert_eq!(c(r"a?b"), ["b"]);
        assert!(c(r"\p{Han}+").is_empty());
    }

    #[test]
    fn compiles_lazily() {
        let p = Pattern::new(r"\d+年").unwrap();
        assert!(p.regex.get().is_none());
        assert!(p.regex().is_match("2023年"));
        assert!(p.regex.get().is_some());
    }
}
