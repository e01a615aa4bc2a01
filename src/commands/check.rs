//! `gwlint check`: load packs → collect inputs → read and check files in parallel → print.

use std::io::{Read, Write};
use std::path::Path;

use rayon::prelude::*;

use crate::cli::{CheckArgs, OutputFormat};
use crate::document::{self, Document};
use crate::engine::Engine;
use crate::finding::Diagnostic;
use crate::input::decode::decode;
use crate::input::walk::{self, Input};
use crate::output::{self, human, json, FileError, FileReport};
use crate::rules::{self, Rule};

pub fn run(args: &CheckArgs) -> u8 {
    let rules = match load_rules(args) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("gwlint: {e}");
            return 2;
        }
    };
    let engine = Engine::new(rules);
    let (inputs, walk_errors) = walk::collect(&args.inputs());
    if inputs.is_empty() && walk_errors.is_empty() {
        eprintln!("gwlint: 没有找到可检查的文件（.txt、.md）");
    }
    let mut errors: Vec<FileError> = walk_errors
        .into_iter()
        .map(|e| FileError {
            path: e.path,
            error: e.error,
        })
        .collect();

    let stdin_text = if inputs.contains(&Input::Stdin) {
        let mut buf = Vec::new();
        match std::io::stdin().read_to_end(&mut buf) {
            Ok(_) => Some(buf),
            Err(e) => {
                errors.push(FileError {
                    path: stdin_name(args).into(),
                    error: format!("无法读取标准输入：{e}"),
                });
                None
            }
        }
    } else {
        None
    };

    let color = args.use_color();
    let want_human = args.format == OutputFormat::Human && !args.statistics;
    let check_one = |input: &Input| -> Result<(FileReport, String), FileError> {
        let (name, bytes) = match input {
            Input::Stdin => (
                stdin_name(args).to_owned(),
                stdin_text.clone().ok_or_else(|| FileError {
                    path: stdin_name(args).into(),
                    error: "无法读取标准输入".into(),
                })?,
            ),
            Input::File(p) => (display_path(p), read_file(p)?),
        };
        let doc = read_document(&name, &bytes).map_err(|error| FileError {
            path: name.clone(),
            error,
        })?;
        let findings = engine.check(&doc);
        let diagnostics = Diagnostic::for_document(&findings, engine.rules(), &doc);
        let rendered = if want_human {
            human::render_file(&doc, &diagnostics, color)
        } else {
            String::new()
        };
        Ok((
            FileReport {
                path: name,
                format: doc.format.as_str(),
                encoding: doc.encoding.clone(),
                chars: doc.chars(),
                diagnostics,
            },
            rendered,
        ))
    };

    let results: Vec<_> = match build_pool(args.jobs) {
        // Patterns compile lazily, each the first time a paragraph can match it: compiling all
        // of them up front (even in parallel) costs a single draft more than it saves.
        Ok(pool) => pool.install(|| inputs.par_iter().map(check_one).collect()),
        Err(e) => {
            eprintln!("gwlint: {e}");
            return 2;
        }
    };

    let mut reports = Vec::new();
    let mut stdout = std::io::stdout().lock();
    for r in results {
        match r {
            Ok((report, rendered)) => {
                let _ = stdout.write_all(rendered.as_bytes());
                reports.push(report);
            }
            Err(e) => errors.push(e),
        }
    }
    if args.format != OutputFormat::Json {
        for e in &errors {
            eprintln!("gwlint: {}: {}", e.path, e.error);
        }
    }
    let body = match (args.format, args.statistics) {
        (OutputFormat::Json, _) => json::render(&reports, &errors),
        (OutputFormat::Jsonl, _) => json::render_lines(&reports),
        (OutputFormat::Human, true) => human::statistics(&reports),
        (OutputFormat::Human, false) => String::new(),
    };
    let _ = stdout.write_all(body.as_bytes());
    if args.format == OutputFormat::Human && !args.quiet {
        let _ = stdout.write_all(human::summary(&reports, errors.len()).as_bytes());
    }
    let _ = stdout.flush();
    output::exit_code(&reports, &errors, args.fail_on)
}

fn load_rules(args: &CheckArgs) -> Result<Vec<Rule>, String> {
    let packs = rules::load_packs(args.no_default_rules, &args.rules)?;
    let all: Vec<Rule> = packs.into_iter().flat_map(|p| p.rules).collect();
    rules::select(all, &args.select, &args.ignore)
}

fn build_pool(jobs: Option<usize>) -> Result<rayon::ThreadPool, String> {
    let mut b = rayon::ThreadPoolBuilder::new();
    if let Some(n) = jobs {
        b = b.num_threads(n.max(1));
    }
    b.build().map_err(|e| format!("无法创建工作线程：{e}"))
}

fn stdin_name(args: &CheckArgs) -> &str {
    args.stdin_filename.as_deref().unwrap_or("-")
}

fn display_path(p: &Path) -> String {
    let s = p.display().to_string();
    s.strip_prefix("./").map(str::to_owned).unwrap_or(s)
}

fn read_file(p: &Path) -> Result<Vec<u8>, FileError> {
    std::fs::read(p).map_err(|e| FileError {
        path: display_path(p),
        error: match e.kind() {
            std::io::ErrorKind::PermissionDenied => "没有读取权限".into(),
            std::io::ErrorKind::NotFound => "文件不存在".into(),
            _ => format!("无法读取：{e}"),
        },
    })
}

/// Chooses the reader by extension and builds the document model.
pub fn read_document(name: &str, bytes: &[u8]) -> Result<Document, String> {
    let ext = Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "docx" => return Err("暂不支持 .docx（将在后续版本支持）；可先另存为 .txt 再检查".into()),
        "doc" | "wps" => {
            return Err(format!(
                "不支持 .{ext} 二进制格式：请在 Word/WPS 中另存为 .docx 或 .txt 后再检查"
            ))
        }
        "pdf" | "ofd" => return Err(format!("不支持 .{ext}：请检查原始的 .docx 或 .txt 文稿")),
        _ => {}
    }
    let decoded = decode(bytes)?;
    Ok(match ext.as_str() {
        "md" | "markdown" => {
            document::from_markdown(name.to_owned(), decoded.encoding, &decoded.text)
        }
        _ => document::from_plain_text(name.to_owned(), decoded.encoding, &decoded.text),
    })
}
