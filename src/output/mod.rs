//! Printing results: `human` (ariadne), `json` and `jsonl` (docs/design.md §3), `sarif`, `github`
//! (Actions workflow commands) and `csv`.

pub mod csv;
pub mod github;
pub mod human;
pub mod json;
pub mod sarif;
pub mod stream;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::finding::Diagnostic;
use crate::rules::Severity;

/// One checked file's results.
#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    pub path: String,
    pub format: &'static str,
    pub encoding: String,
    pub chars: usize,
    /// The 文种 recognised from the title (docs/design.md §3).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doctype: Option<String>,
    pub diagnostics: Vec<Diagnostic>,
    /// Findings past `--max-findings`, counted but not listed.
    #[serde(rename = "omitted_diagnostics", skip_serializing_if = "is_zero")]
    pub omitted: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// A file that could not be checked.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct FileError {
    pub path: String,
    pub error: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub files: usize,
    pub files_with_findings: usize,
    pub diagnostics: usize,
    pub by_severity: BTreeMap<&'static str, usize>,
    pub by_category: BTreeMap<String, usize>,
    pub by_rule: BTreeMap<String, usize>,
}

impl Summary {
    /// No files yet: every severity at 0.
    pub fn empty() -> Self {
        let mut s = Summary::default();
        for sev in [Severity::Error, Severity::Warning, Severity::Info] {
            s.by_severity.insert(sev.as_str(), 0);
        }
        s
    }

    pub fn of(reports: &[FileReport]) -> Self {
        let mut s = Summary::empty();
        for r in reports {
            s.add(r);
        }
        s
    }

    /// Counts one more file.
    pub fn add(&mut self, r: &FileReport) {
        self.files += 1;
        if !r.diagnostics.is_empty() {
            self.files_with_findings += 1;
        }
        for d in &r.diagnostics {
            self.diagnostics += 1;
            *self.by_severity.entry(d.severity()).or_default() += 1;
            *self.by_category.entry(d.category().to_owned()).or_default() += 1;
            *self.by_rule.entry(d.rule().to_owned()).or_default() += 1;
        }
    }
}

/// `--fail-on`: the lowest severity that makes the exit code 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

impl FailOn {
    fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

/// Whether a finding of `r` reaches its `--fail-on` threshold.
pub fn fails(r: &FileReport, fail_on: FailOn) -> bool {
    fail_on
        .threshold()
        .is_some_and(|min| r.diagnostics.iter().any(|d| severity_of(d) >= min))
}

pub fn severity_of(d: &Diagnostic) -> Severity {
    d.severity_level()
}

/// Reports and diagnostics for the renderers' unit tests.
#[cfg(test)]
pub(crate) mod fixtures {
    use super::FileReport;
    use crate::finding::{Diagnostic, Parts};
    use crate::rules::Severity;

    /// The half-width colon finding at 5:5, with the given details.
    pub fn colon(
        rule: &str,
        severity: &'static str,
        message: &str,
        suggestion: Option<&str>,
        authority: Option<&str>,
    ) -> Diagnostic {
        Diagnostic::owned(Parts {
            rule,
            category: rule.split('/').next().unwrap_or(rule),
            severity: match severity {
                "error" => Severity::Error,
                "warning" => Severity::Warning,
                _ => Severity::Info,
            },
            message,
            line: 5,
            column: 5,
            end_line: 5,
            end_column: 6,
            text: ":",
            suggestion,
            authority,
        })
    }

    pub fn report(path: &str, diagnostics: Vec<Diagnostic>) -> FileReport {
        FileReport {
            path: path.into(),
            doctype: None,
            format: "txt",
            encoding: "utf-8".into(),
            chars: 10,
            diagnostics,
            omitted: 0,
        }
    }
}
