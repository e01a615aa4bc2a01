//! The annotated report a clerk reads: one ariadne report per finding, the flagged characters
//! underlined in an excerpt of their line.

use std::collections::BTreeMap;

use ariadne::{Color, Config, IndexType, Label, Report, ReportKind, Source};

use super::{severity_of, FileReport, Summary};
use crate::document::Document;
use crate::finding::Diagnostic;
use crate::rules::Severity;

/// Lines longer than this (in characters) are shown as an excerpt around the finding:
/// paragraphs of Chinese prose run to hundreds of characters and would wrap in a terminal.
const FULL_LINE_MAX: usize = 60;
const CONTEXT: usize = 24;
/// ariadne prints `[id:line:col]` with the column inside the excerpt; this placeholder id is
/// replaced by the file's real position.
const ID: &str = "\u{1}gwlint\u{1}";

pub fn render_file(doc: &Document, diagnostics: &[Diagnostic], color: bool) -> String {
    let mut out = String::new();
    for d in diagnostics {
        out.push_str(&render_one(doc, d, color));
    }
    out
}

fn render_one(doc: &Document, d: &Diagnostic, color: bool) -> String {
    let line: Vec<char> = doc.line_text(d.line).chars().collect();
    let c0 = (d.column - 1).min(line.len());
    let c1 = if d.end_line == d.line {
        (d.end_column - 1).clamp(c0, line.len())
    } else {
        line.len()
    };
    let (from, to) = if line.len() <= FULL_LINE_MAX {
        (0, line.len())
    } else {
        let from = c0.saturating_sub(CONTEXT);
        (
            from,
            (c1 + CONTEXT).max(from + FULL_LINE_MAX).min(line.len()),
        )
    };
    let mut excerpt = String::new();
    let mut offset = 0;
    if from > 0 {
        excerpt.push('…');
        offset = 1;
    }
    excerpt.extend(&line[from..to]);
    if to < line.len() {
        excerpt.push('…');
    }
    let start = offset + c0 - from;
    let end = (offset + c1 - from).max(start + 1);

    let severity = severity_of(d);
    // ariadne applies explicit colours even when its config says no colour, so plain output
    // must not set any.
    let kind_color = match severity {
        _ if !color => Color::Primary,
        Severity::Error => Color::Red,
        Severity::Warning => Color::Yellow,
        Severity::Info => Color::Cyan,
    };
    // ariadne draws the underline only for labels with a message.
    let label_text = match d.suggestion.as_deref() {
        Some("") => "建议删除".to_owned(),
        Some(s) => format!("建议改为“{s}”"),
        None => "此处".to_owned(),
    };
    // ariadne 0.6 ignores its display line offset in the margin, so the excerpt is placed on
    // its real line by preceding it with empty lines (only labelled lines are printed).
    let pad = d.line - 1;
    let (start, end) = (start + pad, end + pad);
    let mut label = Label::new((ID, start..end)).with_message(label_text);
    if color {
        label = label.with_color(kind_color);
    }
    let report = Report::build(
        ReportKind::Custom(severity.label(), kind_color),
        (ID, start..end),
    )
    .with_code(&d.rule)
    .with_message(&d.message)
    .with_label(label)
    .with_config(
        Config::default()
            .with_color(color)
            .with_index_type(IndexType::Char),
    )
    .finish();
    let source = Source::from("\n".repeat(pad) + &excerpt);
    let mut buf = Vec::new();
    report
        .write((ID, source), &mut buf)
        .expect("writing to a Vec cannot fail");
    let mut text = String::from_utf8_lossy(&buf).into_owned();
    if !color {
        text = strip_ansi(&text);
    }
    let real = format!("{}:{}:{}", doc.path, d.line, d.column);
    let mut out = replace_location(&text, &real);
    if let Some(a) = &d.authority {
        out.push_str(&format!("    依据：{a}\n"));
    }
    out.push('\n');
    out
}

/// Removes the colour codes ariadne writes even for uncoloured reports.
fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("\x1b[") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let end = after
            .find(|c: char| c.is_ascii_alphabetic())
            .map_or(after.len(), |j| j + 1);
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// Swaps ariadne's `id:line:col` (column relative to the excerpt) for the real position.
fn replace_location(text: &str, real: &str) -> String {
    let Some(i) = text.find(ID) else {
        return text.to_owned();
    };
    let rest = &text[i + ID.len()..];
    let end = rest
        .char_indices()
        .find(|&(_, c)| !(c == ':' || c.is_ascii_digit()))
        .map_or(rest.len(), |(j, _)| j);
    format!("{}{}{}", &text[..i], real, &rest[end..])
}

/// The closing line(s) after all files.
pub fn summary(reports: &[FileReport], errors: usize) -> String {
    let s = Summary::of(reports);
    let mut out = if s.diagnostics == 0 {
        format!("检查了 {} 个文件，未发现问题。\n", s.files)
    } else {
        format!(
            "检查了 {} 个文件，{} 个文件发现 {} 处问题：错误 {}，警告 {}，提示 {}。\n",
            s.files,
            s.files_with_findings,
            s.diagnostics,
            s.by_severity["error"],
            s.by_severity["warning"],
            s.by_severity["info"],
        )
    };
    if errors > 0 {
        out.push_str(&format!("另有 {errors} 个文件无法检查（原因见上）。\n"));
    }
    out
}

/// `--statistics`: per-rule counts, most frequent first.
pub fn statistics(reports: &[FileReport]) -> String {
    let mut by_rule: BTreeMap<&str, (usize, &Diagnostic)> = BTreeMap::new();
    for d in reports.iter().flat_map(|r| &r.diagnostics) {
        by_rule.entry(&d.rule).or_insert((0, d)).0 += 1;
    }
    let mut rows: Vec<_> = by_rule.into_iter().collect();
    rows.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
    let width = rows.iter().map(|(r, _)| r.len()).max().unwrap_or(0);
    rows.iter()
        .map(|(rule, (n, d))| format!("{n:>6}  {rule:<width$}  [{}]\n", severity_of(d).label()))
        .collect()
}
