//! `--format github`: GitHub Actions workflow commands, which Actions shows as annotations on
//! the changed files of a pull request.
//!
//! One command per diagnostic, `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=RULE::MESSAGE`
//! (`warning` → `::warning`, `info` → `::notice`), `::error file=…::…` for each unreadable file and
//! `::warning file=…::未读：…` for each document file not read (.rtf, .odt).
//! Escaping follows the Actions toolkit (`@actions/core` `command.ts`).

use std::fmt::Write;

use super::{FileError, FileReport};
use crate::finding::Diagnostic;

/// The workflow commands for all diagnostics, then for the unreadable files.
pub fn render(reports: &[FileReport], errors: &[FileError]) -> String {
    let mut out = String::new();
    for r in reports {
        for d in &r.diagnostics {
            out.push_str(&command(&r.path, d));
            out.push('\n');
        }
    }
    for e in errors {
        let _ = writeln!(
            out,
            "::error file={}::{}",
            escape_property(&e.path),
            escape_data(&e.error)
        );
    }
    out
}

/// `::warning file=…::未读：…` for each document file met while walking and not read: Actions
/// shows it on the file, where a line on stderr would go unseen in the log.
pub fn skipped(skipped: &[crate::input::walk::Skipped]) -> String {
    skipped
        .iter()
        .map(|s| {
            format!(
                "::warning file={}::{}\n",
                escape_property(&s.path),
                escape_data(&format!("未读：{}", s.reason))
            )
        })
        .collect()
}

/// Writes one file's commands of `render` straight to `out`, never as one string: a file's
/// findings can be hundreds of megabytes.
pub fn write_file(out: &mut dyn std::io::Write, r: &FileReport) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut w = std::io::BufWriter::with_capacity(64 * 1024, out);
    for d in &r.diagnostics {
        w.write_all(command(&r.path, d).as_bytes())?;
        w.write_all(b"\n")?;
    }
    w.flush()
}

fn command(path: &str, d: &Diagnostic) -> String {
    let name = match d.severity() {
        "error" => "error",
        "warning" => "warning",
        _ => "notice",
    };
    let mut props = format!("file={}", escape_property(path));
    // Line 0 (a .docx page setting) belongs to the file, not to a line.
    if d.line > 0 {
        let _ = write!(props, ",line={}", d.line);
        if d.column > 0 {
            let _ = write!(props, ",col={}", d.column);
        }
        if d.end_line >= d.line {
            let _ = write!(props, ",endLine={}", d.end_line);
            if d.end_column > 0 {
                let _ = write!(props, ",endColumn={}", d.end_column);
            }
        }
    }
    let _ = write!(props, ",title={}", escape_property(d.rule()));
    format!("::{name} {props}::{}", escape_data(&message(d)))
}

/// The diagnostic's message, with the suggestion appended when the message does not already
/// say it.
fn message(d: &Diagnostic) -> String {
    let m = d.message();
    match d.suggestion() {
        Some(s) if !s.is_empty() && !m.contains(s) => format!("{m}（应为“{s}”）"),
        _ => m.into_owned(),
    }
}

/// `escapeData`: the message after `::`.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// `escapeProperty`: a `key=value` property, where `:` and `,` are separators.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::output::fixtures::{colon, report};

    fn diag(severity: &'static str, message: &str, suggestion: Option<&str>) -> Diagnostic {
        colon(
            "punctuation/halfwidth-in-cjk",
            severity,
            message,
            suggestion,
            None,
        )
    }

    #[test]
    fn escapes_like_the_actions_toolkit() {
        assert_eq!(escape_data("50%\r\n:,"), "50%25%0D%0A:,");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }

    #[test]
    fn one_command_per_diagnostic_with_level_mapping() {
        let out = render(
            &[report(
                "文稿/请示,2024:定稿.txt",
                vec![
                    diag("error", "半角“:”应为“：”", Some("：")),
                    diag("warning", "多余的空格", Some("")),
                    diag("info", "第一行\n第二行 100%", Some("三")),
                ],
            )],
            &[FileError {
                path: "坏.txt".into(),
                error: "无法读取：权限\n不足".into(),
            }],
        );
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines,
            [
                "::error file=文稿/请示%2C2024%3A定稿.txt,line=5,col=5,endLine=5,endColumn=6,\
                 title=punctuation/halfwidth-in-cjk::半角“:”应为“：”",
                "::warning file=文稿/请示%2C2024%3A定稿.txt,line=5,col=5,endLine=5,endColumn=6,\
                 title=punctuation/halfwidth-in-cjk::多余的空格",
                "::notice file=文稿/请示%2C2024%3A定稿.txt,line=5,col=5,endLine=5,endColumn=6,\
                 title=punctuation/halfwidth-in-cjk::第一行%0A第二行 100%25（应为“三”）",
                "::error file=坏.txt::无法读取：权限%0A不足",
            ]
        );
    }

    #[test]
    fn line_zero_is_a_file_annotation() {
        let mut d = diag("error", "页边距不对", None);
        d.line = 0;
        d.end_line = 0;
        assert_eq!(
            command("a.docx", &d),
            "::error file=a.docx,title=punctuation/halfwidth-in-cjk::页边距不对"
        );
    }
}
