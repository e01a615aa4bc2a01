//! `--format json` (version 1, `shared/report.schema.json`) and `--format jsonl`.

use serde::Serialize;

use super::{FileError, FileReport, Summary};
use crate::finding::Diagnostic;
use crate::input::walk::Skipped;

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    tool: Tool,
    files: &'a [FileReport],
    errors: &'a [FileError],
    /// Files met while walking that are not read (an optional field: the schema allows it,
    /// and reports without skipped files are unchanged).
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    skipped: &'a [Skipped],
    summary: Summary,
}

pub fn render(reports: &[FileReport], errors: &[FileError]) -> String {
    render_with_skipped(reports, errors, &[])
}

/// The report with the document files that were met while walking and not read.
pub fn render_with_skipped(
    reports: &[FileReport],
    errors: &[FileError],
    skipped: &[Skipped],
) -> String {
    let report = Report {
        version: 1,
        tool: Tool {
            name: "gwlint",
            version: env!("CARGO_PKG_VERSION"),
        },
        files: reports,
        errors,
        skipped,
        summary: Summary::of(reports),
    };
    let mut s = serde_json::to_string_pretty(&report).expect("report serialises");
    s.push('\n');
    s
}

#[derive(Serialize)]
struct Line<'a> {
    path: &'a str,
    #[serde(flatten)]
    diagnostic: &'a Diagnostic,
}

/// One diagnostic per line, with its file's `path` added.
pub fn render_lines(reports: &[FileReport]) -> String {
    let mut s = String::new();
    for r in reports {
        for d in &r.diagnostics {
            let line = Line {
                path: &r.path,
                diagnostic: d,
            };
            s.push_str(&serde_json::to_string(&line).expect("diagnostic serialises"));
            s.push('\n');
        }
    }
    s
}
