//! Runs the selected rules over a document and produces findings.
//!
//! Over 500 lines with its tests; `Engine::check` and the filters every kind's hits pass are one
//! flow.

mod dict;
pub mod kinds;
mod protect;
pub mod selftest;
mod triggers;
pub mod words;

use std::ops::Range;
use std::sync::Arc;

use crate::document::Document;
use crate::finding::{Finding, RuleMeta};
use crate::rules::{Rule, RuleKind, Severity};

use kinds::term::{self, TermMatcher};
use kinds::{date, pattern, repetition};
use words::Words;

/// A candidate from a rule kind, before the shared filters.
#[derive(Debug, Clone, Default)]
pub struct Hit {
    pub rule: usize,
    pub start: usize,
    pub end: usize,
    pub suggestion: Option<String>,
    /// Extra `{name}` values for the message template.
    pub vars: Vec<(&'static str, String)>,
    /// Overrides the rule's severity for this hit (a weekday checked against an inferred year
    /// is less certain than one against a written year).
    pub severity: Option<Severity>,
}

pub struct Engine {
    rules: Vec<Rule>,
    /// What each rule's findings share (`RuleMeta`), by rule index.
    metas: Vec<Arc<RuleMeta>>,
    /// Every rule id, category and pack loaded, selected or not (for suppression comments).
    known: std::collections::HashSet<String>,
    /// The date a document without a 成文日期 is judged as of (config `as_of`, `--as-of`).
    as_of: Option<chrono::NaiveDate>,
    terms: TermMatcher,
    words: Words,
    /// Over the patterns of `pattern` rules, in rule order.
    triggers: triggers::Triggers,
    /// Whether a document has been checked: the first compiles its patterns side by side.
    started: std::sync::atomic::AtomicBool,
    /// `pattern` rules, each with the index of its first pattern in `triggers`.
    pattern_rules: Vec<(usize, usize)>,
    /// Rules of the kinds that look at one paragraph at a time.
    paragraph_rules: Vec<usize>,
    /// See `with_max_findings`.
    max_findings: usize,
}

impl Engine {
    pub fn new(rules: Vec<Rule>) -> Self {
        // The two automata are most of a single draft's set-up: built side by side.
        let ((terms, words), triggers) = rayon::join(
            || {
                let terms = TermMatcher::new(&rules);
                (terms, Words::new(term::dictionary_terms(&rules)))
            },
            || {
                triggers::Triggers::new(rules.iter().flat_map(|r| match &r.kind {
                    RuleKind::Pattern(p) => p.patterns.as_slice(),
                    _ => &[],
                }))
            },
        );
        let known = rules
            .iter()
            .flat_map(|r| [r.id.clone(), r.category.clone(), r.pack.clone()])
            .collect();
        let mut pattern_rules = Vec::new();
        let mut first = 0;
        for (ri, r) in rules.iter().enumerate() {
            if let RuleKind::Pattern(p) = &r.kind {
                pattern_rules.push((ri, first));
                first += p.patterns.len();
            }
        }
        let paragraph_rules = (0..rules.len())
            .filter(|&ri| rules[ri].kind.per_paragraph())
            .collect();
        Engine {
            metas: rules.iter().map(RuleMeta::of).collect(),
            rules,
            known,
            as_of: None,
            terms,
            words,
            triggers,
            started: std::sync::atomic::AtomicBool::new(false),
            pattern_rules,
            paragraph_rules,
            max_findings: usize::MAX,
        }
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Adds the ids, categories and packs of rules loaded but not selected: suppression
    /// comments may name them.
    pub fn with_known<'a>(mut self, all: impl IntoIterator<Item = &'a Rule>) -> Self {
        for r in all {
            self.known.insert(r.id.clone());
            self.known.insert(r.category.clone());
            self.known.insert(r.pack.clone());
        }
        self
    }

    /// At most this many findings per document are kept, the rest only counted (0: no cap):
    /// one pathological file (a 26 MB line of half-width colons) must not take the memory of
    /// a whole audit.
    pub fn with_max_findings(mut self, n: usize) -> Self {
        self.max_findings = if n == 0 { usize::MAX } else { n };
        self
    }

    /// The date the documents are judged as of (config `as_of`, `--as-of`).
    pub fn with_as_of(mut self, date: Option<chrono::NaiveDate>) -> Self {
        self.as_of = date;
        self
    }

    /// The time a document is judged as of: its 成文日期, else `as_of`, else the year it names
    /// most (so an archived report without a date line is judged by its own time), else today.
    pub fn judged_as_of(&self, doc: &Document) -> AsOf {
        let today = today();
        if let Some(d) = doc.date().or(self.as_of) {
            return AsOf::Day(d);
        }
        match crate::document::dates::likely_year(doc, chrono::Datelike::year(&today)) {
            Some(y) => AsOf::Year(y),
            None => AsOf::Day(today),
        }
    }

    /// The whole check of one document: rules, located diagnostics, inline suppressions.
    pub fn diagnose(&self, doc: &Arc<Document>) -> Vec<crate::finding::Diagnostic> {
        self.diagnose_counted(doc).0
    }

    /// `diagnose`, and how many findings past `with_max_findings` were only counted. The
    /// diagnostics share `doc` (their texts are spans of it) and are located as they are
    /// found, so a file's findings are held once, compactly.
    pub fn diagnose_counted(
        &self,
        doc: &Arc<Document>,
    ) -> (Vec<crate::finding::Diagnostic>, usize) {
        let mut locator = crate::finding::Locator::new(&self.rules, &self.metas, doc);
        let mut diags = Vec::new();
        let (omitted, layout) = self.run(doc, &mut |f| diags.push(locator.locate(f)));
        if !layout.is_empty() {
            // As `check_counted` orders them: page first, then text order. Layout findings are
            // made only for documents whose paragraphs are its lines, where text order is line
            // and column order.
            diags.extend(layout.into_iter().map(|f| locator.locate(f)));
            diags.sort_by_key(|d| (d.line, d.column));
        }
        (
            crate::suppress::apply(diags, doc, &self.rules, &self.metas, &self.known),
            omitted,
        )
    }

    /// Findings of `doc` located as diagnostics, suppressions not applied.
    pub fn locate(
        &self,
        findings: Vec<Finding>,
        doc: &Arc<Document>,
    ) -> Vec<crate::finding::Diagnostic> {
        crate::finding::Diagnostic::for_document(findings, &self.rules, &self.metas, doc)
    }

    pub fn check(&self, doc: &Document) -> Vec<Finding> {
        self.check_counted(doc).0
    }

    /// The findings, the first `max_findings` of the paragraphs' in text order, and how many
    /// more there were.
    pub fn check_counted(&self, doc: &Document) -> (Vec<Finding>, usize) {
        let mut findings = Vec::new();
        let (omitted, mut layout) = self.run(doc, &mut |f| findings.push(f));
        if !layout.is_empty() {
            findings.append(&mut layout);
            // Page-level findings first, then in paragraph order (the sort is stable).
            findings.sort_by_key(|f| (f.para.wrapping_add(1), f.start));
        }
        (findings, omitted)
    }

    /// The paragraphs' findings, the first `max_findings` of them given to `emit` in text
    /// order; how many more there were, and the layout findings (not in text order).
    fn run(&self, doc: &Document, emit: &mut dyn FnMut(Finding)) -> (usize, Vec<Finding>) {
        let mut emitted = 0;
        let mut omitted = 0;
        // Rules with a validity window apply only to documents of their time.
        let as_of = if self
            .rules
            .iter()
            .any(|r| !r.validity.is_always() || r.kind.has_dated_entries())
        {
            Some(self.judged_as_of(doc))
        } else {
            None
        };
        let doctype = self
            .rules
            .iter()
            .any(|r| !r.filters.doctypes.is_empty())
            .then(|| doc.structure().doctype)
            .flatten();
        let active: Vec<bool> = self
            .rules
            .iter()
            .map(|r| {
                as_of.is_none_or(|d| d.within(&r.validity))
                    && (r.filters.doctypes.is_empty()
                        || doctype.is_some_and(|t| r.filters.doctypes.iter().any(|x| x == t)))
            })
            .collect();
        let scoped = self.rules.iter().any(|r| !r.filters.scope.is_empty());
        // Whether rule `ri` may report in paragraph `pi`.
        let in_scope = |ri: usize, pi: usize| {
            let scope = &self.rules[ri].filters.scope;
            scope.is_empty() || doc.structure().zone(pi).is_some_and(|z| scope.contains(&z))
        };
        // Kinds that look across paragraphs run first; their hits join each paragraph's own.
        let mut doc_hits: Vec<(usize, Hit)> = Vec::new();
        let mut format_findings: Vec<Finding> = Vec::new();
        let dates = date::Dates::default();
        let cx = kinds::DocContext {
            doc,
            as_of_year: self.as_of.map(|d| chrono::Datelike::year(&d)),
            dates: &dates,
        };
        for (ri, rule) in self.rules.iter().enumerate() {
            if !active[ri] {
                continue;
            }
            doc_hits.extend(rule.kind.document_hits(ri, &cx));
            format_findings.extend(rule.kind.layout_findings(ri, rule, doc));
        }
        if !self
            .started
            .swap(true, std::sync::atomic::Ordering::Relaxed)
        {
            self.compile_patterns(doc, |ri, pi| active[ri] && (!scoped || in_scope(ri, pi)));
        }
        doc_hits.sort_by_key(|(p, _)| *p);
        let mut doc_hits = doc_hits.into_iter().peekable();
        let mut hits = Vec::new();
        let mut present = triggers::Present::default();
        let mut chars = repetition::Chars::default();
        let has_repetition = self
            .rules
            .iter()
            .any(|r| matches!(r.kind, RuleKind::Repetition(_)));
        for (pi, para) in doc.paragraphs.iter().enumerate() {
            hits.clear();
            while let Some((_, h)) = doc_hits.next_if(|(p, _)| *p == pi) {
                hits.push(h);
            }
            let text = para.text.as_str();
            self.terms
                .find(&self.rules, text, &self.words, as_of, &mut hits);
            if has_repetition {
                chars.fill(text);
                self.triggers.scan_decoded(text, &chars.chars, &mut present);
            } else {
                self.triggers.scan(text, &mut present);
            }
            for &(ri, first) in &self.pattern_rules {
                let RuleKind::Pattern(pr) = &self.rules[ri].kind else {
                    continue;
                };
                if !active[ri] || (scoped && !in_scope(ri, pi)) {
                    continue;
                }
                for (n, p) in (first..).zip(&pr.patterns) {
                    if self.triggers.may_match(n, &present) {
                        pattern::find(ri, p.regex(), pr.replace.as_ref(), text, &mut hits);
                    }
                }
            }
            let pcx = kinds::ParaContext {
                text,
                chars: &chars,
                words: &self.words,
            };
            for &ri in &self.paragraph_rules {
                if active[ri] {
                    self.rules[ri].kind.paragraph_hits(ri, &pcx, &mut hits);
                }
            }
            if hits.is_empty() {
                continue;
            }
            let protected = protect::protected_spans(text);
            let mut filters = ParagraphFilters::new(text);
            hits.sort_by_key(|h| (h.start, std::cmp::Reverse(h.end), h.rule));
            drop_overlaps_within_rule(&mut hits);
            drop_suspects_already_named(&mut hits, &self.rules, &active);
            for h in hits.drain(..) {
                let rule = &self.rules[h.rule];
                if !active[h.rule]
                    || (scoped && !in_scope(h.rule, pi))
                    || overlaps_any(&protected, h.start, h.end)
                    || filters.drops(h.rule, rule, &h)
                {
                    continue;
                }
                if emitted >= self.max_findings {
                    omitted += 1;
                    continue;
                }
                emitted += 1;
                emit(Finding::of_hit(pi, h, rule, text));
            }
        }
        (omitted, format_findings)
    }

    /// Compiles, in parallel, the patterns the paragraph loop of `check` will run on `doc`:
    /// those of rules that `runs` (rule, paragraph) and that the triggers let through. They
    /// would otherwise compile one after another as first needed, which is most of the time a
    /// single draft takes; the paragraph loop then finds them compiled.
    fn compile_patterns(&self, doc: &Document, runs: impl Fn(usize, usize) -> bool) {
        use rayon::prelude::*;
        let patterns: Vec<(usize, &crate::rules::Pattern)> = self
            .rules
            .iter()
            .enumerate()
            .flat_map(|(ri, r)| match &r.kind {
                RuleKind::Pattern(pr) => pr.patterns.iter().map(|p| (ri, p)).collect(),
                _ => Vec::new(),
            })
            .collect();
        let mut needed = vec![false; patterns.len()];
        let mut present = triggers::Present::default();
        for (pi, para) in doc.paragraphs.iter().enumerate() {
            self.triggers.scan(&para.text, &mut present);
            for (n, &(ri, _)) in patterns.iter().enumerate() {
                needed[n] = needed[n] || (runs(ri, pi) && self.triggers.may_match(n, &present));
            }
        }
        let todo: Vec<&crate::rules::Pattern> = patterns
            .iter()
            .zip(needed)
            .filter(|&(_, needed)| needed)
            .map(|(&(_, p), _)| p)
            .collect();
        todo.par_iter().for_each(|p| {
            p.regex();
        });
    }
}

/// When a document is judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AsOf {
    Day(chrono::NaiveDate),
    /// Only the year is known: a rule applies if it is in force the whole year (an audit
    /// must not fault a document for what it may have predated).
    Year(i32),
}

impl AsOf {
    pub fn within(self, v: &crate::rules::Validity) -> bool {
        match self {
            AsOf::Day(d) => v.contains(d),
            AsOf::Year(y) => [(1, 1), (12, 31)].iter().all(|&(m, d)| {
                chrono::NaiveDate::from_ymd_opt(y, m, d).is_some_and(|d| v.contains(d))
            }),
        }
    }
}

/// Today, from the system clock (chrono's clock feature is not needed for a date).
fn today() -> chrono::NaiveDate {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400);
    chrono::NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|e| e.checked_add_days(chrono::Days::new(days)))
        .unwrap_or_default()
}

/// One rule reports a stretch of text once: of overlapping hits of the same rule (×× and the
/// × inside it, from two of its patterns) the earliest, longest is kept. Hits must be sorted by
/// start, longest first.
fn drop_overlaps_within_rule(hits: &mut Vec<Hit>) {
    let mut kept_end: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    hits.retain(|h| {
        let end = kept_end.entry(h.rule).or_insert(0);
        if h.start < *end {
            return false;
        }
        *end = h.end;
        true
    });
}

/// A typo suspect on text another active rule already reports (a listed wrong word, a wrong
/// name) would say the same thing twice: the rule that names the slip speaks for it.
fn drop_suspects_already_named(hits: &mut Vec<Hit>, rules: &[Rule], active: &[bool]) {
    let is_suspect = |h: &Hit| rules[h.rule].kind.yields_to_named();
    if !hits.iter().any(is_suspect) {
        return;
    }
    let named: Vec<Range<usize>> = hits
        .iter()
        .filter(|h| active[h.rule] && !is_suspect(h))
        .map(|h| h.start..h.end)
        .collect();
    hits.retain(|h| !is_suspect(h) || !overlaps_any(&named, h.start, h.end));
}

fn overlaps_any(spans: &[Range<usize>], start: usize, end: usize) -> bool {
    spans.iter().any(|r| r.start < end && start < r.end)
}

/// The shared filters of one paragraph, each computed once and only when a hit needs it: a
/// paragraph may be megabytes long and carry thousands of hits.
struct ParagraphFilters<'a> {
    text: &'a str,
    prose: Option<bool>,
    /// Per rule index: for each except pattern, the spans it matches (sorted by start).
    except: std::collections::HashMap<usize, Vec<Vec<Range<usize>>>>,
}

impl<'a> ParagraphFilters<'a> {
    fn new(text: &'a str) -> Self {
        ParagraphFilters {
            text,
            prose: None,
            except: std::collections::HashMap::new(),
        }
    }

    fn drops(&mut self, ri: usize, rule: &Rule, h: &Hit) -> bool {
        let text = self.text;
        if rule.filters.prose_only && !*self.prose.get_or_insert_with(|| is_prose(text)) {
            return true;
        }
        if rule.filters.except_patterns.is_empty() {
            return false;
        }
        let spans = self.except.entry(ri).or_insert_with(|| {
            rule.filters
                .except_patterns
                .iter()
                .map(|p| {
                    if triggers::may_match_text(p, text) {
                        all_matches(p.regex(), text)
                    } else {
                        Vec::new()
                    }
                })
                .collect()
        });
        spans.iter().any(|s| covers(s, h.start, h.end))
    }
}

/// Every match of `re`, overlapping ones included: one match's trailing context may be the
/// next one's leading context, so the search restarts just after each match's start.
fn all_matches(re: &regex::Regex, text: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut pos = 0;
    while pos <= text.len() {
        let Some(m) = re.find_at(text, pos) else {
            break;
        };
        // A match inside the previous one adds nothing.
        if out.last().is_none_or(|l| m.end() > l.end) {
            out.push(m.range());
        }
        pos = m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8);
    }
    out
}

/// Whether one of the spans (sorted by start, ends increasing) covers `start..end`.
fn covers(spans: &[Range<usize>], start: usize, end: usize) -> bool {
    let i = spans.partition_point(|s| s.start <= start);
    i > 0 && spans[..i].iter().rev().take(8).any(|s| end <= s.end)
}

/// Running text has sentence punctuation; signatures, name lists and headings do not.
pub fn is_prose(text: &str) -> bool {
    text.contains(['，', '。', '；', '！', '？'])
}

const MAX_QUOTED: usize = 200;

/// `text` as a message quotes it: whole, or its first characters and how many there are.
fn quoted(text: &str) -> std::borrow::Cow<'_, str> {
    if text.len() <= MAX_QUOTED {
        return text.into();
    }
    let n = text.chars().count();
    if n <= MAX_QUOTED {
        return text.into();
    }
    let head: String = text.chars().take(40).collect();
    format!("{head}……（共{n}字）").into()
}

/// Fills a message template: `{text}` (alias `{wrong}`) is the reported text, `{suggestion}`
/// (alias `{right}`) the replacement, and a kind may add its own values.
/// A reported text or replacement over `MAX_QUOTED` characters (a run of one character
/// megabytes long) is quoted by its start and length: the finding's `text` keeps it whole.
pub(crate) fn fill(template: &str, text: &str, hit: &Hit) -> String {
    fill_template(template, text, hit.suggestion.as_deref(), &hit.vars)
}

/// `fill` from the parts a diagnostic keeps: its message is made when it is written.
pub(crate) fn fill_template(
    template: &str,
    text: &str,
    suggestion: Option<&str>,
    vars: &[(&'static str, String)],
) -> String {
    let text = quoted(text);
    let mut s = template.replace("{text}", &text).replace("{wrong}", &text);
    if let Some(r) = suggestion {
        let r = quoted(r);
        s = s.replace("{suggestion}", &r).replace("{right}", &r);
    }
    for (name, value) in vars {
        s = s.replace(&format!("{{{name}}}"), value);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::from_plain_text;
    use crate::rules::load_builtin;

    fn engine() -> Engine {
        Engine::new(
            load_builtin()
                .unwrap()
                .into_iter()
                .flat_map(|p| p.rules)
                .collect(),
        )
    }

    #[test]
    fn term_hits_respect_word_boundaries() {
        let e = engine();
        let across = from_plain_text("b.txt".into(), "utf-8", "以发展思维看待补民生短板问题。\n");
        assert!(e.check(&across).is_empty());
        let word = from_plain_text("c.txt".into(), "utf-8", "具体方案待补。\n");
        assert_eq!(e.check(&word).len(), 1);
    }

    #[test]
    fn the_shared_filters_apply_to_every_kind() {
        let e = engine();
        // Inside a URL nothing is reported, whatever the rule.
        let doc = from_plain_text(
            "a.txt".into(),
            "utf-8",
            "详见http://xx.gov.cn/a,b（待核实）\n",
        );
        let ids: Vec<_> = e
            .check(&doc)
            .iter()
            .map(|f| e.rules()[f.rule as usize].id.clone())
            .collect();
        assert_eq!(ids, ["placeholder/todo-notes"]);
    }
}
