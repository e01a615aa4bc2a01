//! Findings: what a rule reports inside a paragraph, and the located diagnostic users see.

use serde::{Deserialize, Deserializer, Serialize};

use crate::document::Document;
use crate::rules::Rule;

/// The `para` of a finding about the page rather than a paragraph (margins): line 0.
pub const PAGE: usize = usize::MAX;

/// A rule's hit, in paragraph byte offsets; located against the source only for output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Index into the engine's rules.
    pub rule: usize,
    pub para: usize,
    pub start: usize,
    pub end: usize,
    pub message: String,
    pub suggestion: Option<String>,
    /// Set when the kind judged this finding less (or more) certain than the rule's default.
    pub severity: Option<crate::rules::Severity>,
}

/// A finding as docs/design.md §3 describes it: what every renderer of `check` takes, and
/// (with its context) what `report` records and reads back from an earlier run's JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub rule: String,
    pub category: String,
    pub severity: &'static str,
    pub message: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authority: Option<String>,
    /// Source byte range, for snippets; not part of the JSON contract.
    #[serde(skip)]
    pub src_range: (usize, usize),
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
            "error" => "error",
            "warning" => "warning",
            "info" => "info",
            other => {
                return Err(serde::de::Error::custom(format!(
                    "级别“{other}”无效：应为 error、warning 或 info"
                )))
            }
        };
        Ok(Diagnostic {
            rule: w.rule,
            category: w.category,
            severity,
            message: w.message,
            line: w.line,
            column: w.column,
            end_line: w.end_line,
            end_column: w.end_column,
            text: w.text,
            suggestion: w.suggestion,
            authority: w.authority,
            src_range: (0, 0),
        })
    }
}

impl Diagnostic {
    /// Locates all of a document's findings at once (see `Document::positions`); each
    /// finding's message and suggestion move into its diagnostic rather than being copied.
    pub fn for_document(findings: Vec<Finding>, rules: &[Rule], doc: &Document) -> Vec<Self> {
        let ranges: Vec<(usize, usize)> = findings
            .iter()
            .map(|f| match doc.paragraphs.get(f.para) {
                Some(p) => p.source_range(f.start, f.end),
                None => (0, 0),
            })
            .collect();
        let offsets: Vec<usize> = ranges.iter().flat_map(|&(s, e)| [s, e]).collect();
        let positions = doc.positions(&offsets);
        findings
            .into_iter()
            .zip(ranges)
            .zip(positions.chunks(2))
            .map(|((f, range), pos)| {
                let rule = &rules[f.rule];
                Self::located(f, rule, doc, range, pos[0], pos[1])
            })
            .collect()
    }

    /// A diagnostic about the source itself rather than a paragraph (a suppression comment).
    pub fn at_source(
        rule: &Rule,
        doc: &Document,
        range: std::ops::Range<usize>,
        message: &str,
    ) -> Self {
        let pos = doc.positions(&[range.start, range.end]);
        Diagnostic {
            rule: rule.id.clone(),
            category: rule.category.clone(),
            severity: rule.severity.as_str(),
            message: message.to_owned(),
            line: pos[0].line,
            column: pos[0].column,
            end_line: pos[1].line,
            end_column: pos[1].column,
            text: doc.source[range.clone()].to_owned(),
            suggestion: None,
            authority: rule.authority.clone(),
            src_range: (range.start, range.end),
        }
    }

    fn located(
        f: Finding,
        rule: &Rule,
        doc: &Document,
        (s, e): (usize, usize),
        start: crate::document::Position,
        end: crate::document::Position,
    ) -> Self {
        let Some(para) = doc.paragraphs.get(f.para) else {
            // About the page: docs/design.md §3 puts it on line 0.
            return Diagnostic {
                rule: rule.id.clone(),
                category: rule.category.clone(),
                severity: rule.severity.as_str(),
                message: f.message,
                line: 0,
                column: 0,
                end_line: 0,
                end_column: 0,
                text: String::new(),
                suggestion: None,
                authority: rule.authority.clone(),
                src_range: (0, 0),
            };
        };
        Diagnostic {
            rule: rule.id.clone(),
            category: rule.category.clone(),
            severity: match f.severity {
                Some(s) if !rule.severity_locked => s.as_str(),
                _ => rule.severity.as_str(),
            },
            message: f.message,
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
            text: para.text[f.start..f.end].to_owned(),
            suggestion: f.suggestion,
            authority: rule.authority.clone(),
            src_range: (s, e),
        }
    }
}
