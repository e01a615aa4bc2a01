//! `--format json` (version 1, `tests/report.schema.json`) and `--format jsonl`.

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
#[cfg(test)]
pub fn file_entry(r: &FileReport, first: bool) -> String {
    let mut out = Vec::new();
    write_file_entry(&mut out, r, first).expect("writes to memory");
    String::from_utf8(out).expect("JSON is UTF-8")
}

/// Writes one file object of the `files` array, serialised straight to `out`: a file's
/// findings can be hundreds of megabytes of JSON (a long run of one character is a finding
/// per paragraph piece, its text in the message), never held as one string.
pub fn write_file_entry(
    out: &mut dyn std::io::Write,
    r: &FileReport,
    first: bool,
) -> std::io::Result<()> {
    use std::io::Write;
    out.write_all(if first { b"\n    " } else { b",\n    " })?;
    let mut w = std::io::BufWriter::with_capacity(64 * 1024, Indented(out, Vec::new()));
    serde_json::to_writer_pretty(&mut w, r)?;
    w.flush()
}

/// Indents every line after the first by four spaces (an object inside `files`): pretty JSON
/// has no raw line break but its own, so each `\n` it writes starts a line. A block is passed
/// on in one write (stdout is line-buffered: a write per line would be a system call each).
struct Indented<'a>(&'a mut dyn std::io::Write, Vec<u8>);

impl std::io::Write for Indented<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.1.clear();
        let mut rest = buf;
        while let Some(i) = memchr::memchr(b'\n', rest) {
            self.1.extend_from_slice(&rest[..=i]);
            self.1.extend_from_slice(b"    ");
            rest = &rest[i + 1..];
        }
        self.1.extend_from_slice(rest);
        self.0.write_all(&self.1)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
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
    let mut out = Vec::new();
    for r in reports {
        write_lines(&mut out, r).expect("writes to memory");
    }
    String::from_utf8(out).expect("JSON is UTF-8")
}

/// Writes one file's lines of `render_lines` straight to `out`, never as one string: a file's
/// findings can be hundreds of megabytes.
pub fn write_lines(out: &mut dyn std::io::Write, r: &FileReport) -> std::io::Result<()> {
    use std::io::Write;
    let mut w = std::io::BufWriter::with_capacity(64 * 1024, out);
    for d in &r.diagnostics {
        let line = Line {
            path: &r.path,
            diagnostic: d,
        };
        serde_json::to_writer(&mut w, &line)?;
        w.write_all(b"\n")?;
    }
    w.flush()
}

/// `jsonl`: after the diagnostics, a line for each file not checked — `{"path", "error"}` for
/// one that could not be read, `{"path", "skipped"}` for a format gwlint does not read — so a
/// consumer that only wants diagnostics skips lines without `rule`.
pub fn write_unread_lines(
    out: &mut dyn std::io::Write,
    errors: &[FileError],
    skipped: &[Skipped],
) -> std::io::Result<()> {
    #[derive(Serialize)]
    struct Unread<'a> {
        path: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        error: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<&'a str>,
    }
    let lines = errors
        .iter()
        .map(|e| Unread {
            path: &e.path,
            error: Some(&e.error),
            skipped: None,
        })
        .chain(skipped.iter().map(|s| Unread {
            path: &s.path,
            error: None,
            skipped: Some(&s.reason),
        }));
    for line in lines {
        serde_json::to_writer(&mut *out, &line)?;
        out.write_all(b"\n")?;
    }
    Ok(())
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
