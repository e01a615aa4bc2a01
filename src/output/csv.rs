//! `--format csv`: one row per diagnostic, for spreadsheets (the 错情台账 of an audit).
//!
//! UTF-8 with a byte order mark, so that Excel and WPS open Chinese text correctly; a header
//! row of snake_case column names; quoting and line terminators as the `csv` crate writes them
//! (fields with commas, quotes or line breaks quoted, `\n` after each record).

use serde::Serialize;

use super::FileReport;

/// The columns, in order.
pub const HEADER: [&str; 12] = [
    "path",
    "line",
    "column",
    "end_line",
    "end_column",
    "rule",
    "category",
    "severity",
    "text",
    "suggestion",
    "message",
    "authority",
];

#[derive(Serialize)]
struct Row<'a> {
    path: &'a str,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    rule: &'a str,
    category: &'a str,
    severity: &'a str,
    text: &'a str,
    suggestion: &'a str,
    message: &'a str,
    authority: &'a str,
}

/// The whole table, BOM and header included (the header is written even with no diagnostics).
pub fn render(reports: &[FileReport]) -> String {
    let mut out = head();
    for r in reports {
        out.push_str(&rows(r));
    }
    out
}

/// The BOM and the header row.
pub fn head() -> String {
    let mut out = String::from('\u{feff}');
    out.push_str(&records(|w| w.write_record(HEADER)));
    out
}

/// One report's rows.
pub fn rows(r: &FileReport) -> String {
    let mut out = Vec::new();
    write_rows(&mut out, r).expect("writing to memory");
    String::from_utf8(out).expect("CSV of UTF-8 fields is UTF-8")
}

/// Writes one report's rows straight to `out`, never as one string: a file's findings can be
/// hundreds of megabytes.
pub fn write_rows(out: &mut dyn std::io::Write, r: &FileReport) -> std::io::Result<()> {
    let mut w = ::csv::WriterBuilder::new()
        .has_headers(false)
        .buffer_capacity(64 * 1024)
        .from_writer(out);
    for d in &r.diagnostics {
        w.serialize(Row {
            path: &r.path,
            line: d.line,
            column: d.column,
            end_line: d.end_line,
            end_column: d.end_column,
            rule: d.rule(),
            category: d.category(),
            severity: d.severity(),
            text: d.text(),
            suggestion: d.suggestion().unwrap_or(""),
            message: &d.message(),
            authority: d.authority().unwrap_or(""),
        })?;
    }
    w.flush()
}

/// A row for each file not checked: its path, line and column 0, the reason as the message
/// (`无法读取：…` or `未读：…`), the rule and severity empty.
pub fn write_unread(
    out: &mut dyn std::io::Write,
    errors: &[crate::output::FileError],
    skipped: &[crate::input::walk::Skipped],
) -> std::io::Result<()> {
    let mut w = ::csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(out);
    let notes = errors
        .iter()
        .map(|e| (&e.path, format!("无法读取：{}", e.error)))
        .chain(
            skipped
                .iter()
                .map(|s| (&s.path, format!("未读：{}", s.reason))),
        );
    for (path, message) in notes {
        w.serialize(Row {
            path,
            line: 0,
            column: 0,
            end_line: 0,
            end_column: 0,
            rule: "",
            category: "",
            severity: "",
            text: "",
            suggestion: "",
            message: &message,
            authority: "",
        })?;
    }
    w.flush()
}

/// What `write` writes with the crate's writer, as text.
fn records(write: impl FnOnce(&mut ::csv::Writer<Vec<u8>>) -> ::csv::Result<()>) -> String {
    let mut w = ::csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    write(&mut w).expect("writing to memory");
    let bytes = w.into_inner().expect("flushing to memory");
    String::from_utf8(bytes).expect("CSV of UTF-8 fields is UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Diagnostic, Parts};
    use crate::rules::Severity;

    fn report() -> FileReport {
        FileReport {
            path: "文稿/请示, 定稿.txt".into(),
            doctype: None,
            format: "txt",
            encoding: "utf-8".into(),
            chars: 10,
            diagnostics: vec![Diagnostic::owned(Parts {
                rule: "punctuation/halfwidth-in-cjk",
                category: "punctuation",
                severity: Severity::Error,
                message: "半角“\"”\n应为全角",
                line: 5,
                column: 5,
                end_line: 5,
                end_column: 6,
                text: "\"",
                suggestion: None,
                authority: Some("GB/T 15834—2011 4.8、5.1"),
            })],
            omitted: 0,
        }
    }

    #[test]
    fn bom_header_and_quoted_fields() {
        let out = render(&[report()]);
        assert!(out.starts_with('\u{feff}'));
        let mut lines = out.trim_start_matches('\u{feff}').splitn(2, '\n');
        assert_eq!(lines.next().unwrap(), HEADER.join(","));
        assert_eq!(
            lines.next().unwrap(),
            "\"文稿/请示, 定稿.txt\",5,5,5,6,punctuation/halfwidth-in-cjk,punctuation,error,\
             \"\"\"\",,\"半角“\"\"”\n应为全角\",GB/T 15834—2011 4.8、5.1\n"
        );
    }

    #[test]
    fn parses_back() {
        let out = render(&[report(), report()]);
        let mut r = ::csv::Reader::from_reader(out.trim_start_matches('\u{feff}').as_bytes());
        assert_eq!(r.headers().unwrap().iter().collect::<Vec<_>>(), HEADER);
        let rows: Vec<::csv::StringRecord> = r.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(&rows[0][0], "文稿/请示, 定稿.txt");
        assert_eq!(&rows[0][8], "\"");
        assert_eq!(&rows[0][9], "");
        assert_eq!(&rows[0][10], "半角“\"”\n应为全角");
    }

    #[test]
    fn no_diagnostics_is_just_the_header() {
        assert_eq!(render(&[]), format!("\u{feff}{}\n", HEADER.join(",")));
    }
}
