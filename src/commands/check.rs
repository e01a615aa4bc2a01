//! `gwlint check`: settings per file → collect inputs → read, check (and fix) files in
//! parallel → print.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::changed::ChangedLines;
use crate::cli::{CheckArgs, OutputFormat};
use crate::config::{Overrides, Resolver, Settings, Source};
use crate::document::{self, Document};
use crate::engine::Engine;
use crate::fix::{self, Tier};
use crate::input::decode::decode;
use crate::input::encode::encode;
use crate::input::walk::{self, Input};
use crate::output::{human, stream, FailOn, FileError, FileReport};
use crate::rules::{self, Pack, Rule};

/// The engine for one set of settings (one config file, or none).
pub(crate) struct Prepared {
    settings: Arc<Settings>,
    engine: Engine,
}

/// The engines, and each input with the index of its engine.
type Plan = (Vec<Prepared>, Vec<(Input, usize)>);

/// One file's outcome.
pub(crate) struct Checked {
    pub report: FileReport,
    /// Who issued it and when, for audits (`gwlint report`).
    pub meta: crate::report::meta::DocMeta,
    /// For `gwlint report`: the words around each diagnostic.
    pub contexts: Vec<String>,
    pub fail_on: FailOn,
    /// Human output, rendered in the worker.
    rendered: String,
    /// `--diff` output.
    diff: String,
    fixed: usize,
    /// A fix that could not be written: the findings are still reported.
    error: Option<FileError>,
    /// Where `--annotate` wrote this file's annotated copy.
    annotated: Option<crate::annotate::Written>,
}

pub fn run(args: &CheckArgs) -> u8 {
    if let Err(e) = validate(args) {
        eprintln!("gwlint: {}", crate::messages::localise(&e.to_string()));
        return 2;
    }
    let paths = args.inputs();
    if args.show_settings {
        let mut resolver = Resolver::new(source(args), overrides(args));
        return match rules::load_builtin() {
            Ok(builtin) => show_settings(args, &mut resolver, &builtin, &paths[0]),
            Err(e) => {
                eprintln!("gwlint: {}", crate::messages::localise(&e.to_string()));
                2
            }
        };
    }
    let changed = if args.changed_only {
        match ChangedLines::since(args.base.as_deref(), Path::new(".")) {
            Ok(c) => Some(c),
            Err(e) => {
                eprintln!("gwlint: {}", crate::messages::localise(&e.to_string()));
                return 2;
            }
        }
    } else {
        None
    };
    let Batch {
        prepared,
        jobs,
        mut errors,
        skipped,
        keep,
    } = match Batch::plan(args) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("gwlint: {}", crate::messages::localise(&e));
            return 2;
        }
    };
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
    // Where the results go: -o FILE is written as UTF-8 bytes, whatever the shell would do.
    let mut stdout: Box<dyn Write> = match &args.output {
        Some(path) => match std::fs::File::create(path) {
            Ok(f) => Box::new(std::io::BufWriter::new(f)),
            Err(e) => {
                eprintln!(
                    "gwlint: 无法写入 {}：{}",
                    path.display(),
                    crate::messages::io_error(&e)
                );
                return 2;
            }
        },
        None => Box::new(std::io::stdout().lock()),
    };

    let stdin_text = if jobs.iter().any(|(i, _)| *i == Input::Stdin) {
        let mut buf = Vec::new();
        match std::io::stdin()
            .take(args.max_file_size + 1)
            .read_to_end(&mut buf)
        {
            Ok(_) if buf.len() as u64 > args.max_file_size => {
                errors.push(FileError {
                    path: stdin_name(args).into(),
                    error: format!(
                        "标准输入超过 --max-file-size（{}），未检查",
                        human_size(args.max_file_size)
                    ),
                });
                None
            }
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

    let ctx = FileContext {
        args,
        color: args.use_color(),
        want_human: args.format == OutputFormat::Human && !args.statistics && !args.diff,
        changed: changed.as_ref(),
        stdin_text: stdin_text.as_deref(),
        want_context: false,
        annotate: args.annotate_request(),
    };
    let pool = match build_pool(args.jobs) {
        Ok(pool) => pool,
        Err(e) => {
            eprintln!("gwlint: {}", crate::messages::localise(&e.to_string()));
            return 2;
        }
    };
    let kind = match (args.format, args.statistics) {
        _ if args.diff => stream::Kind::Counts,
        (OutputFormat::Json, _) => stream::Kind::Json,
        (OutputFormat::Jsonl, _) => stream::Kind::Jsonl,
        (OutputFormat::Sarif, _) => stream::Kind::Sarif,
        (OutputFormat::Github, _) => stream::Kind::Github,
        (OutputFormat::Csv, _) => stream::Kind::Csv,
        (OutputFormat::Human, true) => stream::Kind::Statistics,
        (OutputFormat::Human, false) => stream::Kind::Counts,
    };
    let mut results = stream::Stream::new(kind);
    let (mut diffs, mut fixed, mut fixed_files) = (String::new(), 0, 0);
    let mut annotated = Vec::new();
    // A batch of files at a time, each batch in parallel and written in input order as soon as
    // it is done: the run holds one batch's findings, whatever the size of the archive.
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
                    let _ = stdout.write_all(c.rendered.as_bytes());
                    diffs.push_str(&c.diff);
                    if c.fixed > 0 {
                        fixed += c.fixed;
                        fixed_files += 1;
                    }
                    errors.extend(c.error);
                    annotated.extend(c.annotated);
                    let _ = results.file(&mut stdout, c.report, c.fail_on);
                }
                Err(e) => errors.push(e),
            }
        }
    }
    for e in &mut errors {
        e.error = crate::messages::localise(&e.error);
    }
    if args.format != OutputFormat::Json {
        for e in &errors {
            eprintln!("gwlint: {}: {}", e.path, e.error);
        }
    }
    // Files named in the human summary and in JSON; the other formats name them on stderr.
    if !matches!(args.format, OutputFormat::Json | OutputFormat::Human) && !args.quiet {
        for s in &skipped {
            eprintln!("gwlint: 未读 {}：{}", s.path, s.reason);
        }
    }
    let docx_note = (args.fix || args.diff)
        .then(|| docx_not_rewritten(results.docx_fixable()))
        .flatten();
    if args.diff {
        let _ = stdout.write_all(diffs.as_bytes());
        let _ = stdout.flush();
        if !errors.is_empty() {
            return 2;
        }
        if !args.quiet {
            eprintln!("gwlint: 可自动修改 {fixed} 处（{fixed_files} 个文件）；加 --fix 写入");
            if let Some(note) = &docx_note {
                eprintln!("gwlint: {note}");
            }
        }
        return if args.exit_zero {
            0
        } else {
            u8::from(fixed > 0)
        };
    }
    let summary = results.summary().clone();
    let fails = results.fails();
    let all_rules = union_of_rules(&prepared);
    let _ = results.finish(&mut stdout, &errors, &skipped, &all_rules);
    if args.format == OutputFormat::Human && !args.quiet {
        let _ = stdout.write_all(human::summary_of(&summary, errors.len()).as_bytes());
        let _ = stdout.write_all(human::skipped_line(&skipped).as_bytes());
    }
    if let (Some(first), false) = (annotated.first(), args.quiet) {
        let place = match (&args.annotate, annotated.len()) {
            (Some(dir), _) => dir.display().to_string(),
            (None, 1) => first.path.display().to_string(),
            (None, _) => format!(
                "原文件旁（{}）",
                args.annotate_suffix.as_deref().unwrap_or("")
            ),
        };
        let mut line = format!("已写出标注副本 {} 个：{place}\n", annotated.len());
        // A numbered name is said, so the clerk opens the new copy, not an old one.
        for w in &annotated {
            if let Some(taken) = &w.taken {
                line.push_str(&format!(
                    "  {} 已存在（未改动），副本写为 {}\n",
                    taken.display(),
                    w.path.display()
                ));
            }
        }
        if args.format == OutputFormat::Human {
            let _ = stdout.write_all(line.as_bytes());
        } else {
            eprint!("{line}");
        }
    }
    if args.fix && !args.quiet {
        let mut line = format!("已自动修改 {fixed} 处（{fixed_files} 个文件）\n");
        if let Some(note) = &docx_note {
            line.push_str(note);
            line.push('\n');
        }
        if args.format == OutputFormat::Human {
            let _ = stdout.write_all(line.as_bytes());
        } else {
            eprint!("{line}");
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
    code
}

/// The files of a run and the engine each is checked with.
pub(crate) struct Batch {
    pub prepared: Vec<Prepared>,
    pub jobs: Vec<(Input, usize)>,
    /// Inputs that could not be found or configured.
    pub errors: Vec<FileError>,
    /// Document files met while walking that are not read (.doc, .wps, .pdf …).
    pub skipped: Vec<walk::Skipped>,
    /// What the engines were built from, kept alive to the end of the process.
    pub keep: (Vec<Pack>, Resolver),
}

impl Batch {
    /// Loads the packs, walks the inputs and builds one engine per configuration.
    pub fn plan(args: &CheckArgs) -> Result<Batch, String> {
        let mut resolver = Resolver::new(source(args), overrides(args));
        let builtin = rules::load_builtin().map_err(|e| e.to_string())?;
        let (inputs, walk_errors, skipped) = walk::collect_all(&args.inputs());
        let mut errors: Vec<FileError> = walk_errors
            .into_iter()
            .map(|e| FileError {
                path: e.path,
                error: e.error,
            })
            .collect();
        let (prepared, jobs) = plan(
            args,
            &mut resolver,
            &builtin,
            inputs,
            &args.inputs(),
            &mut errors,
        )?;
        Ok(Batch {
            prepared,
            jobs,
            errors,
            skipped,
            keep: (builtin, resolver),
        })
    }
}

/// `--fix`/`--diff` never touch a .docx: say so when a .docx has findings with a replacement,
/// and how to get them into Word instead.
/// The note that .docx files are never rewritten, given how many had findings with
/// suggestions and how many such findings.
fn docx_not_rewritten((files, fixable): (usize, usize)) -> Option<String> {
    (fixable > 0).then(|| {
        format!(
            ".docx 从不改写：{files} 个 .docx 文件中有 {fixable} 处问题附有改法，未修改。要把改法写进 Word，\
             请用 --annotate 目录 --annotate-mode track（写出带修订和批注的副本，在 Word 中逐条接受或拒绝）"
        )
    })
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

fn source(args: &CheckArgs) -> Source {
    match (&args.choice.config, args.choice.isolated) {
        (_, true) => Source::Isolated,
        (Some(f), false) => Source::File(f.clone()),
        (None, false) => Source::Discover,
    }
}

fn overrides(args: &CheckArgs) -> Overrides {
    Overrides {
        select: args.choice.select.clone(),
        extend_select: args.choice.extend_select.clone(),
        ignore: args.choice.ignore.clone(),
        packs: args.choice.rules.clone(),
        no_default_rules: args.choice.no_default_rules,
        fail_on: args.fail_on,
        as_of: args.choice.as_of,
    }
}

/// Assigns each input the engine of its settings, building each engine once; drops excluded
/// files. A broken config (or pack) is reported once, naming how many files it kept unchecked;
/// a mistake on the command line alone (no config involved) is a usage error.
fn plan(
    args: &CheckArgs,
    resolver: &mut Resolver,
    builtin: &[Pack],
    inputs: Vec<Input>,
    explicit: &[PathBuf],
    errors: &mut Vec<FileError>,
) -> Result<Plan, String> {
    let mut prepared: Vec<Prepared> = Vec::new();
    let mut by_config: std::collections::HashMap<Option<PathBuf>, Result<usize, usize>> =
        std::collections::HashMap::new();
    let mut failed: Vec<(Option<PathBuf>, String, usize)> = Vec::new();
    let mut jobs = Vec::new();
    for input in inputs {
        let at = match &input {
            Input::File(p) => p.clone(),
            Input::Stdin => stdin_dir(args),
        };
        let config = resolver.config_for(&at);
        let slot = *by_config.entry(config.clone()).or_insert_with(|| {
            let built = resolver.settings(config.as_deref()).and_then(|s| {
                let (selected, all) = s.rules(builtin)?;
                let engine = Engine::new(selected)
                    .with_known(&all)
                    .with_as_of(s.as_of)
                    .with_max_findings(args.max_findings);
                Ok(Prepared {
                    settings: s,
                    engine,
                })
            });
            match built {
                Ok(p) => {
                    prepared.push(p);
                    Ok(prepared.len() - 1)
                }
                Err(e) => {
                    failed.push((config.clone(), e, 0));
                    Err(failed.len() - 1)
                }
            }
        });
        match slot {
            Err(fi) => failed[fi].2 += 1,
            Ok(pi) => {
                if let Input::File(p) = &input {
                    if prepared[pi].settings.excludes(p) {
                        if explicit.contains(p) && !args.quiet {
                            eprintln!(
                                "gwlint: 跳过 {}（配置的 exclude 排除了它）",
                                display_path(p)
                            );
                        }
                        continue;
                    }
                }
                jobs.push((input, pi));
            }
        }
    }
    for (config, e, n) in failed {
        let Some(config) = config else {
            return Err(e);
        };
        // "file:line:col: message" from the config reader: keep the place as the path.
        let shown = display_path(&config);
        let (path, error) = match e.strip_prefix(&format!("{}:", config.display())) {
            Some(rest) => match rest.split_once(": ") {
                Some((place, msg)) if place.chars().all(|c| c.is_ascii_digit() || c == ':') => {
                    (format!("{shown}:{place}"), msg.to_owned())
                }
                _ => (shown, rest.trim_start().to_owned()),
            },
            None => (shown, e),
        };
        errors.push(FileError {
            path,
            error: format!("{error}（因此有 {n} 个文件未检查）"),
        });
    }
    Ok((prepared, jobs))
}

/// Where the config for standard input is looked for: beside `--stdin-filename`, else here.
fn stdin_dir(args: &CheckArgs) -> PathBuf {
    args.stdin_filename
        .as_deref()
        .map(Path::new)
        .and_then(Path::parent)
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
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

/// What every file's check shares.
pub(crate) struct FileContext<'a> {
    args: &'a CheckArgs,
    color: bool,
    want_human: bool,
    changed: Option<&'a ChangedLines>,
    stdin_text: Option<&'a [u8]>,
    want_context: bool,
    annotate: Option<crate::annotate::Request>,
}

impl<'a> FileContext<'a> {
    /// Checking for an audit: no fixes, no human rendering, whole files.
    pub fn for_report(args: &'a CheckArgs) -> Self {
        FileContext {
            args,
            color: false,
            want_human: false,
            changed: None,
            stdin_text: None,
            want_context: true,
            annotate: None,
        }
    }

    pub fn check(&self, input: &Input, prepared: &Prepared) -> Result<Checked, FileError> {
        let args = self.args;
        let (name, bytes) = match input {
            Input::Stdin => (
                stdin_name(args).to_owned(),
                self.stdin_text
                    .ok_or_else(|| FileError {
                        path: stdin_name(args).into(),
                        error: "无法读取标准输入".into(),
                    })?
                    .to_vec(),
            ),
            Input::File(p) => (display_path(p), read_file(p, args.max_file_size)?),
        };
        let err = |error: String| FileError {
            path: name.clone(),
            error,
        };
        let engine = &prepared.engine;
        if let Some(doc) = document::read_container(&name, &bytes, args.max_file_size) {
            // Word, PDF and OFD files are read, never rewritten: --fix and --diff leave them
            // alone.
            let doc = doc.map_err(err)?;
            let found = engine.diagnose_counted(&doc);
            let checked = self.finish(input, prepared, &doc, found, String::new(), 0, None);
            return Ok(self.annotate(input, &bytes, &doc, prepared, checked));
        }
        let reader = reader_for(&name).map_err(err)?;
        let mut decoded = decode(&bytes).map_err(err)?;
        // Only fixing reads the bytes and the decoded text again (an annotated page of a
        // .txt/.md is made from the document): otherwise they are freed as soon as they have
        // served, so a 100 MB file is not held three times over.
        let fixing = args.fix || args.diff;
        let bytes = if fixing { bytes } else { Vec::new() };
        let text = if fixing {
            decoded.text.clone()
        } else {
            std::mem::take(&mut decoded.text)
        };
        let doc = reader(name.clone(), decoded.encoding, text);
        let kept = fixing.then_some(decoded);
        let (mut diagnostics, mut omitted) = engine.diagnose_counted(&doc);
        let mut doc = doc;
        let (mut diff, mut fixed, mut error) = (String::new(), 0, None);
        if let Some(decoded) = &kept {
            let before = doc.source.clone();
            let tier = if args.unsafe_fixes {
                Tier::Unsafe
            } else {
                Tier::Safe
            };
            let result = fix::fix_document(engine, doc, diagnostics, tier, |text| {
                reader(name.clone(), decoded.encoding, text.to_owned())
            });
            if result.applied > 0 {
                if args.diff {
                    diff = fix::unified_diff(&name, &before, &result.doc.source);
                    fixed = result.applied;
                } else if let Input::File(path) = input {
                    let text = fix::restore_line_endings(&decoded.text, &result.doc.source);
                    match encode(&text, decoded.encoding)
                        .and_then(|out| fix::write_atomically(path, &bytes, &out))
                    {
                        Ok(()) => fixed = result.applied,
                        Err(e) => error = Some(err(format!("未修改：{e}"))),
                    }
                }
            }
            if error.is_some() || args.diff {
                // Nothing was written: report the file as it is.
                doc = reader(name.clone(), decoded.encoding, decoded.text.clone());
                (diagnostics, omitted) = engine.diagnose_counted(&doc);
            } else {
                doc = result.doc;
                (diagnostics, omitted) = (result.diagnostics, result.omitted);
            }
        }
        let found = (diagnostics, omitted);
        let checked = self.finish(input, prepared, &doc, found, diff, fixed, error);
        Ok(self.annotate(input, &bytes, &doc, prepared, checked))
    }

    /// `--annotate`: writes the copy with the reported findings; a failure is this file's error.
    fn annotate(
        &self,
        input: &Input,
        bytes: &[u8],
        doc: &Document,
        prepared: &Prepared,
        mut checked: Checked,
    ) -> Checked {
        let (Some(req), Input::File(path)) = (&self.annotate, input) else {
            return checked;
        };
        let diagnostics = &checked.report.diagnostics;
        match crate::annotate::write(req, path, bytes, doc, diagnostics, prepared.engine.rules()) {
            Ok(written) => checked.annotated = Some(written),
            Err(e) => {
                checked.error.get_or_insert(FileError {
                    path: doc.path.clone(),
                    error: format!("未写出标注副本：{e}"),
                });
            }
        }
        checked
    }

    /// The report of a checked document, filtered to changed lines when asked.
    #[allow(clippy::too_many_arguments)]
    fn finish(
        &self,
        input: &Input,
        prepared: &Prepared,
        doc: &Document,
        (mut diagnostics, omitted): (Vec<crate::finding::Diagnostic>, usize),
        diff: String,
        fixed: usize,
        error: Option<FileError>,
    ) -> Checked {
        if let Some(changed) = self.changed {
            let on_disk = match input {
                Input::File(p) => p.clone(),
                Input::Stdin => PathBuf::from(stdin_name(self.args)),
            };
            // A .docx (or .doc, .pdf…) has no lines in git's sense: it counts as changed as a whole.
            if !doc.format.is_paragraphs() {
                diagnostics.retain(|d| changed.touches(&on_disk, d.line, d.end_line));
            } else if !changed.touches(&on_disk, 1, usize::MAX) {
                diagnostics.clear();
            }
        }
        let rendered = if self.want_human {
            let mut out = human::render_file(doc, &diagnostics, self.color);
            if omitted > 0 {
                out.push_str(&human::omitted_line(omitted, self.args.max_findings));
            }
            out
        } else {
            String::new()
        };
        let contexts = if self.want_context {
            diagnostics
                .iter()
                .map(|d| crate::report::record::context_of(doc, d, 12))
                .collect()
        } else {
            Vec::new()
        };
        Checked {
            meta: crate::report::meta::DocMeta::of(doc),
            contexts,
            report: FileReport {
                path: doc.path.clone(),
                format: doc.format.as_str(),
                encoding: doc.encoding.clone(),
                chars: doc.chars(),
                doctype: doc.structure().doctype.map(str::to_owned),
                diagnostics,
                omitted,
            },
            fail_on: prepared.settings.fail_on,
            rendered,
            diff,
            fixed,
            error,
            annotated: None,
        }
    }
}

pub(crate) fn build_pool(jobs: Option<usize>) -> Result<rayon::ThreadPool, String> {
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

/// Reads a whole file, refusing one larger than `limit` before reading it (and stopping at
/// the limit if it grows meanwhile): a 公文 is kilobytes, an archive may hold anything.
fn read_file(p: &Path, limit: u64) -> Result<Vec<u8>, FileError> {
    let fail = |e: std::io::Error| FileError {
        path: display_path(p),
        error: match e.kind() {
            std::io::ErrorKind::PermissionDenied => "没有读取权限".into(),
            std::io::ErrorKind::NotFound => "文件不存在（可能在检查时被删除或移走）".into(),
            std::io::ErrorKind::IsADirectory => "是目录，不是文件".into(),
            _ => format!("无法读取：{e}"),
        },
    };
    let too_big = |size: u64| FileError {
        path: display_path(p),
        error: format!(
            "文件有 {}，超过 --max-file-size（{}），未检查",
            human_size(size),
            human_size(limit)
        ),
    };
    let file = std::fs::File::open(p).map_err(fail)?;
    let size = file.metadata().map_err(fail)?.len();
    if size > limit {
        return Err(too_big(size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(limit + 1).read_to_end(&mut bytes).map_err(fail)?;
    if bytes.len() as u64 > limit {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

/// 210 MB, 640 KB, 12 字节.
fn human_size(n: u64) -> String {
    match n {
        n if n >= 1 << 30 => format!("{:.1} GB", n as f64 / (1u64 << 30) as f64),
        n if n >= 1 << 20 => format!("{} MB", n >> 20),
        n if n >= 1 << 10 => format!("{} KB", n >> 10),
        n => format!("{n} 字节"),
    }
}

/// Builds a document from decoded text: (path, encoding, text).
/// A text reader: path, encoding, and the text, given up to the document (no copy of a
/// large file).
type Reader = fn(String, &str, String) -> Document;

/// Chooses the reader by extension; refuses formats gwlint cannot read, saying what to do.
fn reader_for(name: &str) -> Result<Reader, String> {
    let ext = Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "md" | "markdown" => Ok(document::from_markdown_owned),
        _ => Ok(document::from_plain_text_owned),
    }
}
