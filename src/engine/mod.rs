//! Runs the selected rules over a document and produces findings.

mod pattern;
mod protect;
mod term;
pub mod words;

use std::ops::Range;

use crate::document::Document;
use crate::finding::Finding;
use crate::rules::{Rule, RuleKind};

use term::TermMatcher;

/// A candidate from a rule kind, before the shared filters.
#[derive(Debug, Clone)]
pub struct Hit {
    pub rule: usize,
    pub start: usize,
    pub end: usize,
    pub suggestion: Option<String>,
}

pub struct Engine {
    rules: Vec<Rule>,
    terms: TermMatcher,
}

impl Engine {
    pub fn new(rules: Vec<Rule>) -> Self {
        let terms = TermMatcher::new(&rules);
        Engine { rules, terms }
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Whether jieba's dictionary has been loaded (for tests of the lazy load).
    pub fn words_loaded(&self) -> bool {
        self.terms.words().is_loaded()
    }

    pub fn check(&self, doc: &Document) -> Vec<Finding> {
        let mut findings = Vec::new();
        let mut hits = Vec::new();
        for (pi, para) in doc.paragraphs.iter().enumerate() {
            hits.clear();
            let text = para.text.as_str();
            self.terms.find(&self.rules, text, &mut hits);
            for (ri, rule) in self.rules.iter().enumerate() {
                if let RuleKind::Pattern(pr) = &rule.kind {
                    for re in &pr.patterns {
                        pattern::find(ri, re, pr.replace.as_ref(), text, &mut hits);
                    }
                }
            }
            if hits.is_empty() {
                continue;
            }
            let protected = protect::protected_spans(text);
            hits.sort_by_key(|h| (h.start, h.rule, h.end));
            hits.dedup_by_key(|h| (h.start, h.rule, h.end));
            for h in hits.drain(..) {
                let rule = &self.rules[h.rule];
                if overlaps_any(&protected, h.start, h.end) || filtered_out(rule, text, &h) {
                    continue;
                }
                findings.push(Finding {
                    rule: h.rule,
                    para: pi,
                    start: h.start,
                    end: h.end,
                    message: fill(&rule.message, &text[h.start..h.end], h.suggestion.as_deref()),
                    suggestion: h.suggestion,
                });
            }
        }
        findings
    }
}

fn overlaps_any(spans: &[Range<usize>], start: usize, end: usize) -> bool {
    spans.iter().any(|r| r.start < end && start < r.end)
}

fn filtered_out(rule: &Rule, text: &str, h: &Hit) -> bool {
    if rule.filters.prose_only && !is_prose(text) {
        return true;
    }
    rule.filters.except_patterns.iter().any(|re| {
        re.find_iter(text)
            .any(|m| m.start() <= h.start && h.end <= m.end())
    })
}

/// Running text has sentence punctuation; signatures, name lists and headings do not.
pub fn is_prose(text: &str) -> bool {
    text.contains(['，', '。', '；', '！', '？'])
}

/// Fills a message template: `{text}` (alias `{wrong}`) is the reported text, `{suggestion}`
/// (alias `{right}`) the replacement.
fn fill(template: &str, text: &str, suggestion: Option<&str>) -> String {
    let s = template.replace("{text}", text).replace("{wrong}", text);
    match suggestion {
        Some(r) => s.replace("{suggestion}", r).replace("{right}", r),
        None => s,
    }
}
