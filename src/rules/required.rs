//! What every match of a regular expression must contain: the characters and strings that let
//! a paragraph without them skip the pattern (see rules::Pattern). Shared with build.rs, which
//! works this out for the built-in packs' patterns when gwlint is built, so this file uses only
//! std and regex_syntax.

use std::collections::BTreeSet;

use regex_syntax::hir::{Class, Hir, HirKind};

/// Classes larger than this are not useful as triggers (\p{Han}, \d).
const MAX_TRIGGERS: usize = 64;

/// What a pattern's matches contain (the fields of rules::Pattern of the same names).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Required {
    pub triggers: Option<Vec<char>>,
    pub needles: Option<Vec<String>>,
    pub clauses: Vec<Vec<String>>,
}

impl Required {
    /// The requirements of a parsed pattern.
    pub fn of(hir: &Hir) -> Self {
        Required {
            triggers: triggers(hir).map(|s| s.into_iter().collect()),
            needles: needles(hir)
                .filter(|n| n.iter().all(|s| s.chars().nth(1).is_some()))
                .map(|n| n.into_iter().collect()),
            clauses: clauses(hir)
                .into_iter()
                .map(|c| c.into_iter().collect())
                .collect(),
        }
    }
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
