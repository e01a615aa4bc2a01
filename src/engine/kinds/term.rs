//! `term` rules: every wrong form of every pack in one Aho-Corasick automaton, so a paragraph
//! is scanned once however many terms are loaded.

use aho_corasick::{AhoCorasick, MatchKind};

use serde::Deserialize;

use super::{Kind, SpecError};
use crate::engine::words::Words;
use crate::engine::Hit;
use crate::rules::yaml::{NonEmpty, RawDate};
use crate::rules::{Rule, RuleKind, Validity};

#[derive(Debug, Clone)]
pub struct TermRule {
    pub terms: Vec<Term>,
    /// Whether a hit must start and end on jieba word boundaries.
    pub word_boundary: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub wrong: String,
    pub right: Option<String>,
    /// Longer strings containing `wrong` in which it is correct (各自已经 for 自已).
    pub except: Vec<String>,
    /// When the entry applies, judged by the document's date like a rule's own validity
    /// (an old body name is wrong only after the body was renamed).
    pub validity: Validity,
    /// Where the entry comes from (`rules show` prints it).
    pub source: Option<String>,
    /// Shown in the message as `{note}` (what changed, and when).
    pub note: Option<String>,
}

spec! {
    pub struct Spec {
        terms: Vec<RawTerm>,
        boundary: Boundary,
    }
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Boundary {
    Word,
    None,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTerm {
    wrong: NonEmpty,
    #[serde(default)]
    right: Option<String>,
    #[serde(default)]
    except: Vec<String>,
    /// A table entry's own dates (a body renamed on a day), source and note for the message.
    #[serde(default)]
    valid_from: Option<RawDate>,
    #[serde(default)]
    valid_until: Option<RawDate>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    note: Option<String>,
}

impl Kind for TermRule {
    const NAME: &'static str = "term";
    type Spec = Spec;

    fn build(spec: Spec, _check: Option<&str>) -> Result<Self, SpecError> {
        let terms: Vec<Term> = spec
            .terms
            .ok_or((
                Some("kind"),
                "kind: term 需要字段 terms（wrong/right 列表）".into(),
            ))?
            .into_iter()
            .map(|t| Term {
                wrong: t.wrong.0,
                right: t.right,
                except: t.except,
                validity: Validity {
                    from: t.valid_from.map(|d| d.0),
                    until: t.valid_until.map(|d| d.0),
                },
                source: t.source,
                note: t.note,
            })
            .collect();
        if terms.is_empty() {
            return Err((Some("terms"), "terms 不能为空列表".into()));
        }
        if let Some(t) = terms
            .iter()
            .find(|t| t.except.iter().any(|e| !e.contains(&t.wrong)))
        {
            return Err((
                Some("terms"),
                format!("词条“{}”的 except 语境必须包含该词本身", t.wrong),
            ));
        }
        if let Some(t) = terms
            .iter()
            .find(|t| matches!((t.validity.from, t.validity.until), (Some(f), Some(u)) if f > u))
        {
            return Err((
                Some("terms"),
                format!("词条“{}”的 valid_until 早于 valid_from", t.wrong),
            ));
        }
        Ok(TermRule {
            terms,
            word_boundary: spec.boundary == Some(Boundary::Word),
        })
    }

    fn foreign_field(field: &str) -> Option<&'static str> {
        (field == "replace").then_some("kind: term 的替换词写在 terms 的 right 中，不用 replace")
    }

    fn fixable(&self) -> bool {
        self.terms.iter().any(|t| t.right.is_some())
    }

    fn has_dated_entries(&self) -> bool {
        self.terms.iter().any(|t| !t.validity.is_always())
    }

    /// A sourced, dated table: every entry with where it comes from and when it applies.
    fn show(&self, out: &mut String) {
        use std::fmt::Write;
        if !self
            .terms
            .iter()
            .any(|t| t.source.is_some() || t.note.is_some() || !t.validity.is_always())
        {
            return;
        }
        let _ = writeln!(out, "\n词条（{}条）：", self.terms.len());
        for term in &self.terms {
            let _ = write!(out, "  {}", term.wrong);
            if let Some(r) = &term.right {
                let _ = write!(out, " → {r}");
            }
            let span = term.validity.text();
            if !span.is_empty() {
                let _ = write!(out, "　适用：成文日期{span}");
            }
            if let Some(n) = &term.note {
                let _ = write!(out, "　{}", crate::rules::one_line(n));
            }
            if let Some(src) = &term.source {
                let _ = write!(out, "　来源：{}", crate::rules::one_line(src));
            }
            let _ = writeln!(out);
        }
    }
}

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
        as_of: Option<crate::engine::AsOf>,
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
