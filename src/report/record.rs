//! One audited file as `gwlint report --format json` writes it and `--merge` reads it back:
//! the `check` JSON file object (docs/design.md §3) with the unit, date and each finding's context
//! added, so that shards checked elsewhere aggregate to the same numbers.

use serde::{Deserialize, Serialize};

use crate::finding::Diagnostic;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AuditFile {
    pub path: String,
    pub format: String,
    pub encoding: String,
    pub chars: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doctype: Option<String>,
    /// 发文单位 as recognised (署名 or 发文字号), absent when neither was found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// 成文日期, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    pub diagnostics: Vec<AuditFinding>,
}

/// A finding as `report` records it: the `check` diagnostic and the words around it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AuditFinding {
    #[serde(flatten)]
    pub diagnostic: Diagnostic,
    /// The words around the finding, for examples and for recognising it in a later audit.
    #[serde(default)]
    pub context: String,
    /// Against `--baseline`: `new` or `unchanged`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

impl AuditFinding {
    /// The record owns its text and message: an audit keeps records past the document.
    pub fn from_diagnostic(diagnostic: Diagnostic, context: String) -> Self {
        AuditFinding {
            diagnostic: diagnostic.detached(),
            context,
            status: None,
        }
    }
}

/// The diagnostic's fields read through the record, as the renderers name them.
impl std::ops::Deref for AuditFinding {
    type Target = Diagnostic;
    fn deref(&self) -> &Diagnostic {
        &self.diagnostic
    }
}

/// Up to `n` characters either side of a finding on its line (page findings have none).
/// Walks out from the finding's source bytes, never over the whole line: a line may be
/// megabytes long and hold thousands of findings.
pub fn context_of(doc: &crate::document::Document, d: &Diagnostic, n: usize) -> String {
    if d.line == 0 || d.line as usize > doc.line_count() {
        return String::new();
    }
    let src = doc.source.as_str();
    let snap = |mut b: usize| {
        b = b.min(src.len());
        while !src.is_char_boundary(b) {
            b -= 1;
        }
        b
    };
    let (start, end) = (
        d.src_range.0 as usize,
        d.src_range.1.max(d.src_range.0) as usize,
    );
    let (start, end) = (snap(start), snap(end));
    let from = src[..start]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c != '\n')
        .take(n)
        .last()
        .map_or(start, |(i, _)| i);
    // A finding over several lines: its first line to the end.
    let (end, after) = if d.end_line == d.line {
        (end, n)
    } else {
        (start, usize::MAX)
    };
    let to = src[end..]
        .char_indices()
        .take_while(|&(_, c)| c != '\n')
        .take(after)
        .last()
        .map_or(end, |(i, c)| end + i + c.len_utf8());
    let to = to.max(end);
    src[from..to].trim().to_owned()
}
