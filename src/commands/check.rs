//! `gwlint check`: the files of the run (`pipeline::Batch`) checked a batch at a time in
//! parallel (`pipeline::FileContext`), each batch's results written as it finishes, then the
//! summary and the exit code.

use crate::messages::human_size;
use std::io::{Read, Write};
use std::path::Path;

use rayon::prelude::*;

use crate::changed::ChangedLines;
use crate::cli::{CheckArgs, OutputFormat};
use crate::config::Resolver;
use crate::input::walk::Input;
use crate::output::{human, stream, FileError};
use crate::pipeline::{
    build_pool, resolver, stdin_dir, stdin_name, Batch, Checked, FileContext, Prepared,
};
use crate::rules::{self, Pack, Rule};

pub fn run(args: &CheckArgs) -> u8 {
    match checked_run(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("gwlint: {}", crate::messages::localise(&e));
            2
        }
    }
}

/// The run; an error is a usage error (exit 2), printed by `run`.
fn checked_run(args: &CheckArgs) -> Result<u8, String> {
    validate(args)?;
    if args.show_settings {
        let mut resolver = resolver(args);
        let builtin = rules::load_builtin().map_err(|e| e.to_string())?;
        return Ok(show_settings(
            args,
            &mut resolver,
            &builtin,
            &args.inputs()[0],
        ));
    }
    let changed = match args.changed_only {
        true => Some(
            ChangedLines::since(args.base.as_deref(), Path::new(".")).map_err(|e| e.to_string())?,
        ),
        false => None,
    };
    let Batch {
        prepared,
        jobs,
        mut errors,
        skipped,
        keep,
    } = Batch::plan(args)?;
    if jobs.is_empty() && errors.is_empty() {
        match skipped.len() {
            0 => eprintln!(
                "gwlint: 没有找到可检查的文件（.txt、.md、.docx、.doc、.wps、.pdf、.ofd）"
            ),
            n => eprintln!(
                "gwlint: 没有找到可检查的文件（.txt、.md、.docx、.doc、.wps、.pdf、.ofd）；另有 {n} 个 .rtf、.odt 等格式的文件未读"
            ),
        }
    }
    let mut stdout = open_output(args)?;
    let stdin_text = if jobs.iter().any(|(i, _)| *i == Input::Stdin) {
        read_stdin(args, &mut errors)
    } else {
        None
    };
    let ctx = FileContext::for_check(args, changed.as_ref(), stdin_text.as_deref());
    let pool = build_pool(args.jobs)?;
    let mut results = stream::Stream::new(stream_kind(args));
    let done = check_all(&ctx, &pool, &prepared, &jobs, &mut stdout, &mut results);
    errors.extend(done.errors);
    for e in &mut errors {
        e.error = crate::messages::localise(&e.error);
    }
    if args.format != OutputFormat::Json {
        for e in &errors {
            eprintln!("gwlint: {}: {}", e.path, e.error);
        }
    }
    // Every format names the files not read (`stream::finish`, the human summary), but for
    // two: --diff writes a diff, and jsonl is one diagnostic per line (docs/design.md §3), so
    // there they are named on stderr, as unreadable files are.
    if (args.diff || args.format == OutputFormat::Jsonl) && !args.quiet {
        for s in &skipped {
            eprintln!("gwlint: 未读 {}：{}", s.path, s.reason);
        }
    }
    let docx_note = (args.fix || args.diff)
        .then(|| not_rewritten(results.docx_fixable(), results.paged_fixable()))
        .flatten();
    if args.diff {
        let _ = stdout.write_all(done.diffs.as_bytes());
        let _ = stdout.flush();
        if !errors.is_empty() {
            return Ok(2);
        }
        if !args.quiet {
            eprintln!(
                "gwlint: 可自动修改 {} 处（{} 个文件）；加 --fix 写入",
                done.fixed, done.fixed_files
            );
            if let Some(note) = &docx_note {
                eprintln!("gwlint: {note}");
            }
        }
        return Ok(if args.exit_zero {
            0
        } else {
            u8::from(done.fixed > 0)
        });
    }
    let summary = results.summary().clone();
    let fails = results.fails();
    let all_rules = union_of_rules(&prepared);
    let _ = results.finish(&mut stdout, &errors, &skipped, &all_rules);
    if args.format == OutputFormat::Human && !args.quiet {
        let _ = stdout.write_all(human::summary_of(&summary, errors.len()).as_bytes());
        let _ = stdout.write_all(human::skipped_line(&skipped).as_bytes());
    }
    if !args.quiet {
        let mut lines = annotated_lines(args, &done.annotated);
        if args.fix {
            lines.push_str(&format!(
                "已自动修改 {} 处（{} 个文件）\n",
                done.fixed, done.fixed_files
            ));
            if let Some(note) = &docx_note {
                lines.push_str(note);
                lines.push('\n');
            }
        }
        if args.format == OutputFormat::Human {
            let _ = stdout.write_all(lines.as_bytes());
        } else {
            eprint!("{lines}");
        }
    }
    let _ = stdout.flush();
    // docs/design.md §1: 2 when any input could not be read, else 1 when a finding reaches its
    // file's `--fail-on` (configs may differ per folder), unless --exit-zero.
    let code = match (errors.is_empty(), fails) {
        (false, _) => 2,
        (true, true) if !args.exit_zero => 1,
        _ => 0,
    };
    // The process ends here: freeing every rule, automaton and report one by one costs a
    // single draft several milliseconds for nothing.
    std::mem::forget((prepared, keep));
    Ok(code)
}

/// Where the results go: -o FILE is written as UTF-8 bytes, whatever the shell would do.
fn open_output(args: &CheckArgs) -> Result<Box<dyn Write>, String> {
    Ok(match &args.output {
        Some(path) => match std::fs::File::create(path) {
            Ok(f) => Box::new(std::io::BufWriter::new(f)),
            Err(e) => {
                return Err(format!(
                    "无法写入 {}：{}",
                    path.display(),
                    crate::messages::io_error(&e)
                ))
            }
        },
        None => Box::new(std::io::stdout().lock()),
    })
}

/// Standard input, within `--max-file-size`; a failure is that input's error.
fn read_stdin(args: &CheckArgs, errors: &mut Vec<FileError>) -> Option<Vec<u8>> {
    let mut buf = Vec::new();
    let error = match std::io::stdin()
        .take(args.max_file_size + 1)
        .read_to_end(&mut buf)
    {
        Ok(_) if buf.len() as u64 > args.max_file_size => format!(
            "标准输入超过 --max-file-size（{}），未检查",
            human_size(args.max_file_size)
        ),
        Ok(_) => return Some(buf),
        Err(e) => format!("无法读取标准输入：{e}"),
    };
    errors.push(FileError {
        path: stdin_name(args).into(),
        error,
    });
    None
}

/// The output stream the format asks for.
fn stream_kind(args: &CheckArgs) -> stream::Kind {
    match (args.format, args.statistics) {
        _ if args.diff => stream::Kind::Counts,
        (OutputFormat::Json, _) => stream::Kind::Json,
        (OutputFormat::Jsonl, _) => stream::Kind::Jsonl,
        (OutputFormat::Sarif, _) => stream::Kind::Sarif,
        (OutputFormat::Github, _) => stream::Kind::Github,
        (OutputFormat::Csv, _) => stream::Kind::Csv,
        (OutputFormat::Human, true) => stream::Kind::Statistics,
        (OutputFormat::Human, false) => stream::Kind::Counts,
    }
}

/// What the files' checks add up to besides their reports.
#[derive(Default)]
struct Done {
    diffs: String,
    fixed: usize,
    fixed_files: usize,
    annotated: Vec<crate::annotate::Written>,
    errors: Vec<FileError>,
}

/// Checks the files a batch at a time, each batch in parallel and written in input order as
/// soon as it is done: the run holds one batch's findings, whatever the size of the archive.
fn check_all(
    ctx: &FileContext,
    pool: &rayon::ThreadPool,
    prepared: &[Prepared],
    jobs: &[(Input, usize)],
    stdout: &mut Box<dyn Write>,
    results: &mut stream::Stream,
) -> Done {
    let mut done = Done::default();
    let batch = 32 * pool.current_num_threads();
    for chunk in jobs.chunks(batch) {
        // Patterns compile lazily, each the first time a paragraph can match it: compiling all
        // of them up front (even in parallel) costs a single draft more than it saves.
        let checked: Vec<Result<Checked, FileError>> = pool.install(|| {
            chunk
                .par_iter()
                .map(|(input, pi)| ctx.check(input, &prepared[*pi]))
                .collect()
        });
        for r in checked {
            match r {
                Ok(c) => {
                    if let Some(doc) = &c.render_later {
                        let color = ctx.color();
                        let _ = human::write_file(stdout, doc, &c.report.diagnostics, color);
                    }
                    let _ = stdout.write_all(c.rendered.as_bytes());
                    done.diffs.push_str(&c.diff);
                    if c.fixed > 0 {
                        done.fixed += c.fixed;
                        done.fixed_files += 1;
                    }
                    done.errors.extend(c.error);
                    done.annotated.extend(c.annotated);
                    let _ = results.file(stdout, c.report, c.fail_on);
                }
                Err(e) => done.errors.push(e),
            }
        }
    }
    done
}

/// Where the annotated copies went; a numbered name is said, so the clerk opens the new copy,
/// not an old one.
fn annotated_lines(args: &CheckArgs, annotated: &[crate::annotate::Written]) -> String {
    let Some(first) = annotated.first() else {
        return String::new();
    };
    let place = match (&args.annotate, annotated.len()) {
        (Some(dir), _) => dir.display().to_string(),
        (None, 1) => first.path.display().to_string(),
        (None, _) => format!(
            "原文件旁（{}）",
            args.annotate_suffix.as_deref().unwrap_or("")
        ),
    };
    let mut line = format!("已写出标注副本 {} 个：{place}\n", annotated.len());
    for w in annotated {
        if let Some(taken) = &w.taken {
            line.push_str(&format!(
                "  {} 已存在（未改动），副本写为 {}\n",
                taken.display(),
                w.path.display()
            ));
        }
    }
    line
}

/// `--fix`/`--diff` never touch a .docx, .doc, .wps, .pdf or .ofd: say so when such files have
/// findings with a replacement (how many files, how many findings), and where to make them.
fn not_rewritten(
    (files, fixable): (usize, usize),
    (paged_files, paged_fixable): (usize, usize),
) -> Option<String> {
    let docx = (fixable > 0).then(|| {
        format!(
            ".docx 从不改写：{files} 个 .docx 文件中有 {fixable} 处问题附有改法，未修改。要把改法写进 Word，\
             请用 --annotate 目录 --annotate-mode track（写出带修订和批注的副本，在 Word 中逐条接受或拒绝）"
        )
    });
    // Archived and issued forms: the draft they came from is where a change belongs.
    let paged = (paged_fixable > 0).then(|| {
        format!(
            ".doc、.wps、.pdf、.ofd 从不改写：{paged_files} 个这类文件中有 {paged_fixable} 处问题附有改法，\
             未修改，请在原稿（.docx 或 .txt）中修改"
        )
    });
    match (docx, paged) {
        (Some(d), Some(p)) => Some(format!("{d}\n{p}")),
        (d, p) => d.or(p),
    }
}

fn validate(args: &CheckArgs) -> Result<(), String> {
    let stdin = args.inputs().iter().any(|p| p.as_os_str() == "-");
    if args.fix && !args.diff && stdin {
        return Err("--fix 不能用于标准输入（可用 --diff 查看会做的修改）".into());
    }
    if stdin && (args.annotate.is_some() || args.annotate_suffix.is_some()) {
        return Err("--annotate 不能用于标准输入：请给出文件路径".into());
    }
    if args.diff && (args.annotate.is_some() || args.annotate_suffix.is_some()) {
        return Err("--annotate 不能与 --diff 同用".into());
    }
    if args.unsafe_fixes && !(args.fix || args.diff) {
        return Err("--unsafe-fixes 要与 --fix 或 --diff 一起使用".into());
    }
    Ok(())
}

fn show_settings(args: &CheckArgs, resolver: &mut Resolver, builtin: &[Pack], path: &Path) -> u8 {
    let at = if path.as_os_str() == "-" {
        stdin_dir(args)
    } else {
        path.to_path_buf()
    };
    let config = resolver.config_for(&at);
    match resolver
        .settings(config.as_deref())
        .and_then(|s| s.rules(builtin).map(|(rules, _)| (s, rules)))
    {
        Ok((s, rules)) => {
            print!("{}", s.describe(&at, &rules));
            0
        }
        Err(e) => {
            eprintln!("gwlint: {}", crate::messages::localise(&e.to_string()));
            2
        }
    }
}

/// Every rule in force somewhere in this run, once (SARIF lists their metadata).
fn union_of_rules(prepared: &[Prepared]) -> Vec<Rule> {
    let mut seen = std::collections::HashSet::new();
    prepared
        .iter()
        .flat_map(|p| p.engine.rules())
        .filter(|r| seen.insert(r.id.clone()))
        .cloned()
        .collect()
}
