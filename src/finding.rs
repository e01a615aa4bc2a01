//! Findings: what a rule reports inside a paragraph, and the located diagnostic users see.
//!
//! Both are compact (docs/design.md §6: at most 120 bytes held per finding): a diagnostic shares its
//! rule's id, category, authority and message template with every other finding of the rule,
//! keeps its reported text as a span of the document it shares with the file's other findings,
//! and renders its message from the template when it is written, not when it is found. A
//! 100 MB run of one character then costs the document once, not once per finding again.

use std::borrow::Cow;
use std::sync::Arc;

use compact_str::CompactString;
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::document::Document;
use crate::rules::{Rule, Severity};

/// The `para` of a finding about the page rather than a paragraph (margins): line 0.
pub const PAGE: u32 = u32::MAX;

/// A rule's hit, in paragraph byte offsets; located against the source only for output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Index into the engine's rules.
    pub rule: u32,
    pub para: u32,
    pub start: u32,
    pub end: u32,
    /// The message, when the rule's template cannot make it from the text and suggestion
    /// alone (a kind's own values, a page-level finding); otherwise made when written.
    pub message: Option<Box<str>>,
    pub suggestion: Option<CompactString>,
    /// Set when the kind judged this finding less (or more) certain than the rule's default.
    pub severity: Option<Severity>,
}

impl Finding {
    /// A kind's hit in paragraph `para` (whose text is `text`): its message is kept only when
    /// the kind added values of its own to the template.
    pub(crate) fn of_hit(para: usize, h: crate::engine::Hit, rule: &Rule, text: &str) -> Self {
        let message = (!h.vars.is_empty())
            .then(|| crate::engine::fill(&rule.message, &text[h.start..h.end], &h).into());
        Finding {
            rule: small(h.rule),
            para: small(para),
            start: small(h.start),
            end: small(h.end),
            message,
            suggestion: h.suggestion.map(CompactString::from),
            severity: h.severity,
        }
    }

    /// A finding with its message made by the kind (layout, page-level findings).
    pub(crate) fn with_message(
        rule: usize,
        para: Option<usize>,
        start: usize,
        end: usize,
        message: String,
    ) -> Self {
        Finding {
            rule: small(rule),
            para: para.map_or(PAGE, small),
            start: small(start),
            end: small(end),
            message: Some(message.into()),
            suggestion: None,
            severity: None,
        }
    }
}

/// What every finding of a rule says alike, shared by them.
#[derive(Debug, PartialEq, Eq)]
pub struct RuleMeta {
    pub id: String,
    pub category: String,
    pub authority: Option<String>,
    /// The message template (`{text}`, `{suggestion}`…).
    pub template: String,
}

impl RuleMeta {
    pub fn of(rule: &Rule) -> Arc<Self> {
        Arc::new(RuleMeta {
            id: rule.id.clone(),
            category: rule.category.clone(),
            authority: rule.authority.clone(),
            template: rule.message.clone(),
        })
    }
}

/// A diagnostic's reported text: a span of its document, or its own (read back from an
/// earlier run's JSON, or made for a test).
#[derive(Clone)]
enum Text {
    Para {
        doc: Arc<Document>,
        para: u32,
        start: u32,
        end: u32,
    },
    Source {
        doc: Arc<Document>,
        start: u32,
        end: u32,
    },
    Own(Box<str>),
}

impl Text {
    fn as_str(&self) -> &str {
        let got = match self {
            Text::Para {
                doc,
                para,
                start,
                end,
            } => doc
                .paragraphs
                .get(*para as usize)
                .and_then(|p| p.text.get(*start as usize..*end as usize)),
            Text::Source { doc, start, end } => doc.source.get(*start as usize..*end as usize),
            Text::Own(s) => Some(&**s),
        };
        got.unwrap_or("")
    }
}

/// A finding as docs/design.md §3 describes it: what every renderer of `check` takes, and
/// (with its context) what `report` records and reads back from an earlier run's JSON.
#[derive(Clone)]
pub struct Diagnostic {
    meta: Arc<RuleMeta>,
    severity: Severity,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    /// Source byte range, for snippets and fixes; not part of the JSON contract.
    pub src_range: (u32, u32),
    text: Text,
    /// `None`: the rule's template filled with the text and suggestion (see `message`).
    message: Option<Box<str>>,
    suggestion: Option<CompactString>,
}

/// The parts of a diagnostic as written (`Diagnostic::owned`), for read-back and tests.
pub struct Parts<'a> {
    pub rule: &'a str,
    pub category: &'a str,
    pub severity: Severity,
    pub message: &'a str,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub text: &'a str,
    pub suggestion: Option<&'a str>,
    pub authority: Option<&'a str>,
}

/// A position or offset as a diagnostic keeps it: files are capped far below 4 GB
/// (`--max-file-size`), so this never saturates in practice.
fn small(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Diagnostic {
    pub fn rule(&self) -> &str {
        &self.meta.id
    }

    pub fn category(&self) -> &str {
        &self.meta.category
    }

    pub fn authority(&self) -> Option<&str> {
        self.meta.authority.as_deref()
    }

    pub fn severity(&self) -> &'static str {
        self.severity.as_str()
    }

    pub fn severity_level(&self) -> Severity {
        self.severity
    }

    pub fn text(&self) -> &str {
        self.text.as_str()
    }

    pub fn suggestion(&self) -> Option<&str> {
        self.suggestion.as_deref()
    }

    /// The message: kept whole when the kind made it, else made now from the rule's template.
    pub fn message(&self) -> Cow<'_, str> {
        match &self.message {
            Some(m) => Cow::Borrowed(m),
            None => Cow::Owned(crate::engine::fill_template(
                &self.meta.template,
                self.text(),
                self.suggestion(),
                &[],
            )),
        }
    }

    /// A copy that owns its text and message: it does not keep its document alive.
    pub fn detached(&self) -> Self {
        Diagnostic {
            text: Text::Own(self.text().into()),
            message: Some(self.message().into()),
            ..self.clone()
        }
    }

    /// A diagnostic from its written parts (an earlier run's JSON, tests).
    pub fn owned(p: Parts<'_>) -> Self {
        Diagnostic {
            meta: Arc::new(RuleMeta {
                id: p.rule.to_owned(),
                category: p.category.to_owned(),
                authority: p.authority.map(str::to_owned),
                template: String::new(),
            }),
            severity: p.severity,
            line: small(p.line),
            column: small(p.column),
            end_line: small(p.end_line),
            end_column: small(p.end_column),
            src_range: (0, 0),
            text: Text::Own(p.text.into()),
            message: Some(p.message.into()),
            suggestion: p.suggestion.map(CompactString::from),
        }
    }

    /// With this source range (tests that place a finding by hand).
    pub fn with_src_range(mut self, start: usize, end: usize) -> Self {
        self.src_range = (small(start), small(end));
        self
    }

    /// Locates a document's findings (see `Locator`); each finding's message and suggestion
    /// move into its diagnostic rather than being copied.
    pub fn for_document(
        findings: Vec<Finding>,
        rules: &[Rule],
        metas: &[Arc<RuleMeta>],
        doc: &Arc<Document>,
    ) -> Vec<Self> {
        let mut locator = Locator::new(rules, metas, doc);
        findings.into_iter().map(|f| locator.locate(f)).collect()
    }

    /// A diagnostic about the source itself rather than a paragraph (a suppression comment).
    pub fn at_source(
        rule: &Rule,
        meta: &Arc<RuleMeta>,
        doc: &Arc<Document>,
        range: std::ops::Range<usize>,
        message: String,
    ) -> Self {
        let pos = doc.positions(&[range.start, range.end]);
        Diagnostic {
            meta: Arc::clone(meta),
            severity: rule.severity,
            line: small(pos[0].line),
            column: small(pos[0].column),
            end_line: small(pos[1].line),
            end_column: small(pos[1].column),
            src_range: (small(range.start), small(range.end)),
            text: Text::Source {
                doc: Arc::clone(doc),
                start: small(range.start),
                end: small(range.end),
            },
            message: Some(message.into()),
            suggestion: None,
        }
    }
}

/// Turns a document's findings into diagnostics one at a time, as they are made. Findings come
/// in text order, so each start and each end is counted on from the last (`Document::cursor`):
/// nothing is gathered per finding to locate them.
pub struct Locator<'a> {
    rules: &'a [Rule],
    metas: &'a [Arc<RuleMeta>],
    doc: &'a Arc<Document>,
    starts: crate::document::Cursor<'a>,
    ends: crate::document::Cursor<'a>,
}

impl<'a> Locator<'a> {
    pub fn new(rules: &'a [Rule], metas: &'a [Arc<RuleMeta>], doc: &'a Arc<Document>) -> Self {
        Locator {
            rules,
            metas,
            doc,
            starts: doc.cursor(),
            ends: doc.cursor(),
        }
    }

    pub fn locate(&mut self, f: Finding) -> Diagnostic {
        let rule = &self.rules[f.rule as usize];
        let severity = match f.severity {
            Some(s) if !rule.severity_locked => s,
            _ => rule.severity,
        };
        let meta = Arc::clone(&self.metas[f.rule as usize]);
        let Some(para) = self.doc.paragraphs.get(f.para as usize) else {
            // About the page: docs/design.md §3 puts it on line 0.
            return Diagnostic {
                meta,
                severity,
                line: 0,
                column: 0,
                end_line: 0,
                end_column: 0,
                src_range: (0, 0),
                text: Text::Own("".into()),
                message: f.message,
                suggestion: None,
            };
        };
        let (s, e) = para.source_range(f.start as usize, f.end as usize);
        let (start, end) = (self.starts.at(s), self.ends.at(e));
        Diagnostic {
            meta,
            severity,
            line: small(start.line),
            column: small(start.column),
            end_line: small(end.line),
            end_column: small(end.column),
            src_range: (small(s), small(e)),
            text: Text::Para {
                doc: Arc::clone(self.doc),
                para: f.para,
                start: f.start,
                end: f.end,
            },
            message: f.message,
            suggestion: f.suggestion,
        }
    }
}

/// Written as docs/design.md §3 gives the fields, in this order.
impl Serialize for Diagnostic {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let extra =
            usize::from(self.suggestion.is_some()) + usize::from(self.authority().is_some());
        let mut st = s.serialize_struct("Diagnostic", 9 + extra)?;
        st.serialize_field("rule", self.rule())?;
        st.serialize_field("category", self.category())?;
        st.serialize_field("severity", self.severity())?;
        st.serialize_field("message", &self.message())?;
        st.serialize_field("line", &self.line)?;
        st.serialize_field("column", &self.column)?;
        st.serialize_field("end_line", &self.end_line)?;
        st.serialize_field("end_column", &self.end_column)?;
        st.serialize_field("text", self.text())?;
        if let Some(sug) = self.suggestion() {
            st.serialize_field("suggestion", sug)?;
        }
        if let Some(a) = self.authority() {
            st.serialize_field("authority", a)?;
        }
        st.end()
    }
}

/// Read back from an earlier run's JSON (`report --merge`, `--baseline`); the severity becomes
/// the name the renderers share, and anything else is refused.
impl<'de> Deserialize<'de> for Diagnostic {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Written {
            rule: String,
            category: String,
            severity: String,
            message: String,
            line: usize,
            column: usize,
            end_line: usize,
            end_column: usize,
            text: String,
            #[serde(default)]
            suggestion: Option<String>,
            #[serde(default)]
            authority: Option<String>,
        }
        let w = Written::deserialize(d)?;
        let severity = match w.severity.as_str() {
            "error" => Severity::Error,
            "warning" => Severity::Warning,
            "info" => Severity::Info,
            other => {
                return Err(serde::de::Error::custom(format!(
                    "级别“{other}”无效：应为 error、warning 或 info"
                )))
            }
        };
        Ok(Diagnostic::owned(Parts {
            rule: &w.rule,
            category: &w.category,
            severity,
            message: &w.message,
            line: w.line,
            column: w.column,
            end_line: w.end_line,
            end_column: w.end_column,
            text: &w.text,
            suggestion: w.suggestion.as_deref(),
            authority: w.authority.as_deref(),
        }))
    }
}

/// Equal when they read alike (what a renderer would write, and the source range).
impl PartialEq for Diagnostic {
    fn eq(&self, o: &Self) -> bool {
        self.rule() == o.rule()
            && self.category() == o.category()
            && self.severity == o.severity
            && self.message() == o.message()
            && (self.line, self.column, self.end_line, self.end_column)
                == (o.line, o.column, o.end_line, o.end_column)
            && self.text() == o.text()
            && self.suggestion() == o.suggestion()
            && self.authority() == o.authority()
            && self.src_range == o.src_range
    }
}

impl Eq for Diagnostic {}

impl std::fmt::Debug for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Diagnostic")
            .field("rule", &self.rule())
            .field("severity", &self.severity())
            .field("message", &self.message())
            .field(
                "at",
                &(self.line, self.column, self.end_line, self.end_column),
            )
            .field("text", &self.text())
            .field("suggestion", &self.suggestion())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// docs/design.md §6: at most 120 bytes held per finding. The suggestion is kept inline
    /// up to 24 bytes (eight Chinese characters), so a typical finding allocates nothing else.
    #[test]
    fn a_diagnostic_is_compact() {
        assert!(std::mem::size_of::<Diagnostic>() <= 120);
        assert!(std::mem::size_of::<Finding>() <= 64);
        let s = CompactString::from("中国特色社会主义");
        assert!(!s.is_heap_allocated(), "a short suggestion stays inline");
    }

    #[test]
    fn read_back_diagnostics_keep_what_was_written() {
        let json = r#"{"rule":"punctuation/a","category":"punctuation","severity":"warning",
            "message":"用“，”","line":3,"column":2,"end_line":3,"end_column":3,"text":",",
            "suggestion":"，"}"#;
        let d: Diagnostic = serde_json::from_str(json).unwrap();
        assert_eq!(
            (d.rule(), d.severity(), d.text()),
            ("punctuation/a", "warning", ",")
        );
        assert_eq!(d.message(), "用“，”");
        let back = serde_json::to_value(&d).unwrap();
        assert_eq!(back["suggestion"], "，");
        assert!(back.get("authority").is_none());
        let bad = json.replace("warning", "fatal");
        assert!(serde_json::from_str::<Diagnostic>(&bad).is_err());
    }
}
