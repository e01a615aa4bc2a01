//! `term` rules: every wrong form of every pack in one Aho-Corasick automaton, so a paragraph
//! is scanned once however many terms are loaded.

use aho_corasick::{AhoCorasick, MatchKind};

use super::words::Words;
use super::Hit;
use crate::rules::{Rule, RuleKind, Term};

pub struct TermMatcher {
    automaton: Option<AhoCorasick>,
    /// For each automaton pattern: (rule index, term index).
    owners: Vec<(usize, usize)>,
}

/// The pack terms jieba must know: wrong forms checked on word boundaries (so that a typo
/// such as 布署 can be a word at all) and every right form (规范表述 are never split).
pub fn dictionary_terms(rules: &[Rule]) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    for rule in rules {
        if let RuleKind::Term(tr) = &rule.kind {
            for term in &tr.terms {
                if tr.word_boundary {
                    out.push((term.wrong.clone(), false));
                }
                if let Some(right) = &term.right {
                    out.push((right.clone(), true));
                }
            }
        }
    }
    out
}

impl TermMatcher {
    pub fn new(rules: &[Rule]) -> Self {
        let mut patterns = Vec::new();
        let mut owners = Vec::new();
        for (ri, rule) in rules.iter().enumerate() {
            let RuleKind::Term(tr) = &rule.kind else {
                continue;
            };
            for (ti, term) in tr.terms.iter().enumerate() {
                patterns.push(term.wrong.as_str());
                owners.push((ri, ti));
            }
        }
        let automaton = (!patterns.is_empty()).then(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(&patterns)
                .expect("term automaton builds from non-empty literal strings")
        });
        TermMatcher { automaton, owners }
    }

    /// `as_of`: the date the document is judged by, for entries with dates of their own.
    pub fn find(
        &self,
        rules: &[Rule],
        text: &str,
        words: &Words,
        as_of: Option<super::AsOf>,
        out: &mut Vec<Hit>,
    ) {
        let Some(ac) = &self.automaton else {
            return;
        };
        for m in ac.find_overlapping_iter(text) {
            let (ri, ti) = self.owners[m.pattern().as_usize()];
            let RuleKind::Term(tr) = &rules[ri].kind else {
                continue;
            };
            let term = &tr.terms[ti];
            if !term.validity.is_always() && as_of.is_some_and(|d| !d.within(&term.validity)) {
                continue;
            }
            let (start, end) = (m.start(), m.end());
            if in_except_context(term, text, start) {
                continue;
            }
            if tr.word_boundary && !words.on_boundaries(text, start, end) {
                continue;
            }
            out.push(Hit {
                rule: ri,
                start,
                end,
                suggestion: term.right.clone(),
                vars: term.note.iter().map(|n| ("note", n.clone())).collect(),
                ..Default::default()
            });
        }
    }
}

/// Whether the hit at `start` lies inside one of the term's `except` strings.
fn in_except_context(term: &Term, text: &str, start: usize) -> bool {
    term.except.iter().any(|ctx| {
        ctx.match_indices(term.wrong.as_str()).any(|(k, _)| {
            start
                .checked_sub(k)
                .and_then(|s| text.get(s..s + ctx.len()))
                == Some(ctx.as_str())
        })
    })
}
