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

/// The streamed report (`output::stream`), piece by piece, exactly as `render_with_skipped`
/// prints it whole: the opening up to `"files": [`.
pub fn head() -> String {
    let tool = serde_json::to_string_pretty(&Tool {
        name: "gwlint",
        version: env!("CARGO_PKG_VERSION"),
    })
    .expect("tool serialises");
    format!(
        "{{\n  \"version\": 1,\n  \"tool\": {},\n  \"files\": [",
        indent_rest(&tool, "  ")
    )
}

/// One file object of the `files` array.
pub fn file_entry(r: &FileReport, first: bool) -> String {
    let body = serde_json::to_string_pretty(r).expect("report serialises");
    let lines: Vec<String> = body.lines().map(|l| format!("    {l}")).collect();
    format!("{}{}", if first { "\n" } else { ",\n" }, lines.join("\n"))
}

/// The close of `files` and the rest of the report.
pub fn tail(
    any_files: bool,
    errors: &[FileError],
    skipped: &[Skipped],
    summary: &Summary,
) -> String {
    let pretty = |v: &dyn erased::Pretty| indent_rest(&v.pretty(), "  ");
    let mut s = String::from(if any_files { "\n  ]" } else { "]" });
    s.push_str(&format!(",\n  \"errors\": {}", pretty(&errors)));
    if !skipped.is_empty() {
        s.push_str(&format!(",\n  \"skipped\": {}", pretty(&skipped)));
    }
    s.push_str(&format!(",\n  \"summary\": {}\n}}\n", pretty(summary)));
    s
}

/// Every line but the first indented by `by` (a value printed after its key).
fn indent_rest(text: &str, by: &str) -> String {
    text.lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                l.to_owned()
            } else {
                format!("{by}{l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

mod erased {
    /// A value printed as pretty JSON (a trait object, so `tail` takes its three kinds alike).
    pub trait Pretty {
        fn pretty(&self) -> String;
    }

    impl<T: serde::Serialize> Pretty for T {
        fn pretty(&self) -> String {
            serde_json::to_string_pretty(self).expect("serialises")
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::fixtures::{colon, report};

    fn streamed(reports: &[FileReport], errors: &[FileError], skipped: &[Skipped]) -> String {
        let mut s = head();
        for (i, r) in reports.iter().enumerate() {
            s.push_str(&file_entry(r, i == 0));
        }
        s.push_str(&tail(
            !reports.is_empty(),
            errors,
            skipped,
            &Summary::of(reports),
        ));
        s
    }

    #[test]
    fn the_streamed_report_is_the_whole_one_byte_for_byte() {
        let d = colon(
            "punctuation/halfwidth-in-cjk",
            "error",
            "半角\"冒号\"",
            Some("："),
            None,
        );
        let two = [
            report("a.txt", vec![d.clone(), d]),
            report("b/c.md", vec![]),
        ];
        let errors = [FileError {
            path: "坏.docx".into(),
            error: "不是 .docx：\n压缩包损坏".into(),
        }];
        let skipped = [Skipped {
            path: "旧.doc".into(),
            reason: "不读 .doc".into(),
        }];
        for (reports, errors, skipped) in [
            (&two[..], &errors[..], &skipped[..]),
            (&two[..1], &[][..], &[][..]),
            (&[][..], &errors[..], &[][..]),
            (&[][..], &[][..], &skipped[..]),
        ] {
            assert_eq!(
                streamed(reports, errors, skipped),
                render_with_skipped(reports, errors, skipped)
            );
        }
    }
}
