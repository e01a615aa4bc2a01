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

/// The line under a file whose findings passed `--max-findings`.
pub fn omitted_line(omitted: usize, cap: usize) -> String {
    format!("另有 {omitted} 处问题未列出（每个文件最多列出 {cap} 处，见 --max-findings）\n\n")
}

pub fn render_file(doc: &Document, diagnostics: &[Diagnostic], color: bool) -> String {
    let mut out = Vec::new();
    write_file(&mut out, doc, diagnostics, color).expect("writing to memory");
    String::from_utf8(out).expect("rendered from UTF-8")
}

/// `render_file` written a finding at a time, never as one string: a file's findings can make
/// gigabytes of excerpts.
pub fn write_file(
    w: &mut dyn std::io::Write,
    doc: &Document,
    diagnostics: &[Diagnostic],
    color: bool,
) -> std::io::Result<()> {
    if diagnostics.is_empty() {
        return Ok(());
    }
    // The file header: which file, what 文种 gwlint took it for, how many findings.
    let kind = doc
        .structure()
        .doctype
        .map_or(String::new(), |t| format!("（{t}）"));
    write!(w, "■ {}{kind}：{} 处问题\n\n", doc.path, diagnostics.len())?;
    for d in diagnostics {
        w.write_all(render_one(doc, d, color).as_bytes())?;
    }
    Ok(())
}

fn render_one(doc: &Document, d: &Diagnostic, color: bool) -> String {
    if d.line == 0 {
        return render_page(doc, d, color);
    }
    let line_text = doc.line_text(d.line as usize);
    let line_start = line_text.as_ptr() as usize - doc.source.as_ptr() as usize;
    // Work from the finding's byte offset and only around it: a line may be megabytes long.
    let at = (d.src_range.0 as usize).clamp(line_start, line_start + line_text.len()) - line_start;
    let (before, after) = line_text.split_at(at);
    let hit_len = if d.end_line == d.line {
        d.end_column.saturating_sub(d.column) as usize
    } else {
        usize::MAX
    };
    let short = line_text.chars().nth(FULL_LINE_MAX).is_none();
    let mut head: Vec<char> = if short {
        before.chars().collect()
    } else {
        before
            .chars()
            .rev()
            .take(CONTEXT + 1)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect()
    };
    let cut_start = !short && head.len() > CONTEXT;
    if cut_start {
        head.remove(0);
    }
    let tail_limit = if short {
        FULL_LINE_MAX
    } else {
        hit_len
            .saturating_add(CONTEXT)
            .max(FULL_LINE_MAX.saturating_sub(head.len()))
    };
    let mut tail: Vec<char> = after.chars().take(tail_limit.saturating_add(1)).collect();
    let cut_end = tail.len() > tail_limit;
    tail.truncate(tail_limit);
    let mut excerpt = String::new();
    if cut_start {
        excerpt.push('…');
    }
    let start = excerpt.chars().count() + head.len();
    excerpt.extend(&head);
    excerpt.extend(&tail);
    let end = start + hit_len.min(tail.len()).max(1);
    if cut_end {
        excerpt.push('…');
    }

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
    let label_text = match d.suggestion() {
        Some("") => "建议删除".to_owned(),
        Some(s) => format!("建议改为“{s}”"),
        None => "此处".to_owned(),
    };
    // ariadne 0.6 ignores its display line offset in the margin, so the excerpt is placed on
    // its real line by preceding it with empty lines (only labelled lines are printed).
    let pad = d.line as usize - 1;
    let (start, end) = (start + pad, end + pad);
    let mut label = Label::new((ID, start..end)).with_message(label_text);
    if color {
        label = label.with_color(kind_color);
    }
    let report = Report::build(
        ReportKind::Custom(severity.label(), kind_color),
        (ID, start..end),
    )
    .with_code(d.rule())
    .with_message(d.message())
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
    // A .docx has paragraphs, not lines: say so, as a clerk counts them in Word.
    let in_notes = doc
        .notes_from
        .is_some_and(|p| d.line as usize > doc.line_of(p).0);
    let real = if in_notes {
        format!("{} 脚注（尾注）第{}字", doc.path, d.column)
    } else if doc.format.is_paragraphs() {
        format!("{} 第{}段第{}字", doc.path, d.line, d.column)
    } else {
        format!("{}:{}:{}", doc.path, d.line, d.column)
    };
    let mut out = replace_location(&text, &real);
    if let Some(a) = d.authority() {
        out.push_str(&format!("    依据：{a}\n"));
    }
    out.push('\n');
    out
}

/// A finding about the page (margins, page numbers): no text to excerpt, so the heading line
/// as ariadne draws it and where to look in Word.
fn render_page(doc: &Document, d: &Diagnostic, color: bool) -> String {
    let severity = severity_of(d);
    let label = match (color, severity) {
        (false, _) => severity.label().to_owned(),
        (true, Severity::Error) => format!("\x1b[31m{}\x1b[0m", severity.label()),
        (true, Severity::Warning) => format!("\x1b[33m{}\x1b[0m", severity.label()),
        (true, Severity::Info) => format!("\x1b[36m{}\x1b[0m", severity.label()),
    };
    let mut out = format!(
        "[{}] {label}: {}\n    位置：{} 页面设置与页脚（全文）\n",
        d.rule(),
        d.message(),
        doc.path
    );
    if let Some(a) = d.authority() {
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
/// The summary line, from the run's counts.
pub fn summary_of(s: &Summary, errors: usize) -> String {
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

/// The summary's lines on document files met while walking and not read: how many of each
/// extension, then each file with what to do with it.
pub fn skipped_line(skipped: &[crate::input::walk::Skipped]) -> String {
    if skipped.is_empty() {
        return String::new();
    }
    let mut by_ext: BTreeMap<String, usize> = BTreeMap::new();
    for s in skipped {
        let ext = std::path::Path::new(&s.path)
            .extension()
            .map(|e| format!(".{}", e.to_string_lossy().to_lowercase()))
            .unwrap_or_default();
        *by_ext.entry(ext).or_default() += 1;
    }
    let counts: Vec<String> = by_ext.iter().map(|(e, n)| format!("{e} {n} 个")).collect();
    let mut out = format!(
        "另有 {} 个文件未读（{}）：\n",
        skipped.len(),
        counts.join("，")
    );
    for s in skipped {
        out.push_str(&format!("  {}：{}\n", s.path, s.reason));
    }
    out
}

/// `--statistics`: per-rule counts, most frequent first.
pub fn statistics(reports: &[FileReport]) -> String {
    let mut by_rule: BTreeMap<&str, (usize, &Diagnostic)> = BTreeMap::new();
    for d in reports.iter().flat_map(|r| &r.diagnostics) {
        by_rule.entry(d.rule()).or_insert((0, d)).0 += 1;
    }
    let mut rows: Vec<_> = by_rule.into_iter().collect();
    rows.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
    let width = rows.iter().map(|(r, _)| r.len()).max().unwrap_or(0);
    rows.iter()
        .map(|(rule, (n, d))| format!("{n:>6}  {rule:<width$}  [{}]\n", severity_of(d).label()))
        .collect()
}
