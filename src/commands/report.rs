//! `gwlint report`: check an archive (or merge shards checked elsewhere) and write the
//! 错情通报 material. Files are checked in parallel a chunk at a time and each result is folded
//! into the aggregate and written out at once, so memory stays flat however many files there
//! are; the order of the output is the order of the inputs.
//!
//! Over 500 lines: checking, merging shards, baselines and the four output formats' sinks are
//! one command's flow.

use std::io::{BufWriter, Write};

use rayon::prelude::*;

use crate::cli::CheckArgs;
use crate::cli::{ReportArgs, ReportFormat};
use crate::finding::Diagnostic;
use crate::input::walk::{Input, Skipped};
use crate::output::{FileError, Summary};
use crate::pipeline::{build_pool, Batch, Checked, FileContext, Prepared};
use crate::report::aggregate::{Adding, Aggregate, Progress};
use crate::report::baseline::{self, read_results, Baseline};
use crate::report::meta::DocMeta;
use crate::report::paths::Root;
use crate::report::record::context_of;
use crate::report::record::{AuditFile, AuditFinding};
use crate::report::units::Units;
use crate::report::unread::Unread;
use crate::report::{html, markdown, table::CsvTable};

pub fn run(args: &ReportArgs) -> u8 {
    let baseline = match args
        .baseline
        .as_deref()
        .map(|p| Baseline::load(p, args.max_file_size))
        .transpose()
    {
        Ok(b) => b,
        Err(e) => {
            eprintln!("gwlint: {}", crate::messages::localise(&e.to_string()));
            return 2;
        }
    };
    // -o FILE: the report is written as UTF-8 bytes, whatever the shell would do with stdout.
    let out: BufWriter<Box<dyn Write>> = match &args.output {
        Some(path) => match std::fs::File::create(path) {
            Ok(f) => BufWriter::new(Box::new(f)),
            Err(e) => {
                eprintln!(
                    "gwlint: 无法写入 {}：{}",
                    path.display(),
                    crate::messages::io_error(&e)
                );
                return 2;
            }
        },
        None => BufWriter::new(Box::new(std::io::stdout().lock())),
    };
    let mut sink = match Sink::new(args, out, baseline) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("gwlint: {}", crate::messages::localise(&e.to_string()));
            return 2;
        }
    };
    let result = if args.merge {
        merge(args, &mut sink)
    } else {
        audit(args, &mut sink)
    };
    match result {
        Ok(()) => {}
        // The reader went away (`| head`): stop quietly, as other Unix tools do.
        Err(Failure::Write(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => return 0,
        Err(Failure::Write(e)) => {
            eprintln!("gwlint: 无法写出报告：{}", crate::messages::io_error(&e));
            return 2;
        }
        Err(Failure::Input(e)) => {
            eprintln!("gwlint: {}", crate::messages::localise(&e.to_string()));
            return 2;
        }
    }
    let scope = scope(args);
    match sink.finish(&scope) {
        Ok(errors) => {
            for e in &errors {
                eprintln!(
                    "gwlint: {}: {}",
                    e.path,
                    crate::messages::localise(&e.error)
                );
            }
            if errors.is_empty() {
                0
            } else {
                2
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            eprintln!("gwlint: 无法写出报告：{}", crate::messages::io_error(&e));
            2
        }
    }
}

/// Why a report stopped: its input, or writing it out.
enum Failure {
    Input(String),
    Write(std::io::Error),
}

impl From<String> for Failure {
    fn from(e: String) -> Self {
        Failure::Input(e)
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure::Write(e)
    }
}

/// Findings past which a file is not reported whole from its check but checked again and
/// reported a block at a time (`audit_in_blocks`).
const WHOLE: usize = 50_000;
/// Findings located, and written, at a time in `audit_in_blocks`.
const BLOCK: usize = 32_768;

/// Checks the inputs in parallel, a chunk at a time.
fn audit<W: Write>(args: &ReportArgs, sink: &mut Sink<W>) -> Result<(), Failure> {
    let mut check_args = args.check_args();
    // Each file is checked listing at most `WHOLE` findings; one that has more when more were
    // asked for (`--max-findings 0` is all) is checked again on its own, its findings located
    // and reported a block at a time: millions of located findings would take gigabytes.
    let wanted = match args.max_findings {
        0 => usize::MAX,
        n => n,
    };
    check_args.max_findings = wanted.min(WHOLE);
    let batch = Batch::plan(&check_args)?;
    let root = Root::of(&args.paths);
    let shown = |e: &FileError| FileError {
        path: root.show(&e.path),
        error: e.error.clone(),
    };
    sink.unread.errors.extend(batch.errors.iter().map(shown));
    sink.unread
        .skipped
        .extend(batch.skipped.iter().map(|s| Skipped {
            path: root.show(&s.path),
            reason: s.reason.clone(),
        }));
    // One table of unit names per configuration (`units:` of .gwlint.yaml).
    let units: Vec<Units> = batch
        .prepared
        .iter()
        .map(|p| Units::with(&p.settings.units))
        .collect();
    let ctx = FileContext::for_report(&check_args);
    let pool = build_pool(args.jobs)?;
    let bar = progress_bar(args.quiet, batch.jobs.len());
    // The engines that list `wanted` findings, built when first needed.
    let mut uncapped: Option<(Batch, CheckArgs)> = None;
    // Big enough to keep every core busy past a slow file, small enough to bound memory.
    let chunk = 256 * pool.current_num_threads();
    for (ci, jobs) in batch.jobs.chunks(chunk).enumerate() {
        let results: Vec<Result<Checked, FileError>> = pool.install(|| {
            jobs.par_iter()
                .map(|(input, pi)| {
                    let r = ctx.check(input, &batch.prepared[*pi]);
                    bar.inc(1);
                    r
                })
                .collect()
        });
        for (k, r) in results.into_iter().enumerate() {
            match r {
                Ok(c) if c.report.omitted > 0 && wanted > check_args.max_findings => {
                    drop(c);
                    if uncapped.is_none() {
                        let mut full_args = args.check_args();
                        // Its notes (an excluded file named) were given by the first plan.
                        full_args.quiet = true;
                        uncapped = Some((Batch::plan(&full_args)?, full_args));
                    }
                    let (full, full_args) = uncapped.as_ref().expect("built above");
                    let at = ci * chunk + k;
                    let input = &batch.jobs[at].0;
                    // The same walk: the same file at the same place (searched for if not).
                    let pi = match full.jobs.get(at) {
                        Some((i, pi)) if i == input => Some(*pi),
                        _ => full.jobs.iter().find(|(i, _)| i == input).map(|j| j.1),
                    };
                    let Some(pi) = pi else { continue };
                    let ctx = FileContext::for_report(full_args);
                    let prepared = &full.prepared[pi];
                    let units = Units::with(&prepared.settings.units);
                    audit_in_blocks(&ctx, input, prepared, (&units, &root), sink)?;
                }
                Ok(c) => {
                    let pi = batch.jobs[ci * chunk + k].1;
                    sink.file(audit_file(c, &units[pi], &root))
                        .map_err(|e| format!("无法写出报告：{e}"))?
                }
                Err(e) => sink.unread.errors.push(shown(&e)),
            }
        }
    }
    bar.finish_and_clear();
    // Engines and packs live to the end of the process (see `check`).
    std::mem::forget((batch, uncapped));
    Ok(())
}

/// Checks one file and reports its findings a block at a time: the findings of the engine are
/// held (about 150 bytes each), their located, worded and contextualised forms only a block
/// at a time. A file with suppression comments is reported whole, as those apply over all of
/// its findings.
fn audit_in_blocks<W: Write>(
    ctx: &FileContext,
    input: &Input,
    prepared: &Prepared,
    (units, root): (&Units, &Root),
    sink: &mut Sink<W>,
) -> Result<(), Failure> {
    let doc = match ctx.read_document(input) {
        Ok(doc) => std::sync::Arc::new(doc),
        Err(mut e) => {
            e.path = root.show(&e.path);
            sink.unread.errors.push(e);
            return Ok(());
        }
    };
    let engine = prepared.engine();
    let (unit, date) = identity(&DocMeta::of(&doc), units);
    let head = AuditFile {
        path: root.show(&doc.path),
        format: doc.format.as_str().to_owned(),
        encoding: doc.encoding.clone(),
        chars: doc.chars(),
        doctype: doc.structure().doctype.map(str::to_owned),
        unit,
        date,
        diagnostics: Vec::new(),
    };
    let audited = |diagnostics: Vec<Diagnostic>| -> Vec<AuditFinding> {
        diagnostics
            .into_iter()
            .map(|d| {
                let context = context_of(&doc, &d, 12);
                AuditFinding::from_diagnostic(d, context)
            })
            .collect()
    };
    if !doc.directives.is_empty() {
        let (diagnostics, _) = engine.diagnose_counted(&doc);
        let f = AuditFile {
            diagnostics: audited(diagnostics),
            ..head
        };
        return Ok(sink.file(f)?);
    }
    let (findings, _) = engine.check_counted(&doc);
    let mut open = sink.begin(head)?;
    let mut rest = findings.into_iter();
    loop {
        let block: Vec<_> = rest.by_ref().take(BLOCK).collect();
        if block.is_empty() {
            break;
        }
        let diagnostics = engine.locate(block, &doc);
        sink.part(&mut open, audited(diagnostics))?;
    }
    Ok(sink.end(open)?)
}

fn progress_bar(quiet: bool, total: usize) -> indicatif::ProgressBar {
    if quiet || total < 50 {
        return indicatif::ProgressBar::hidden();
    }
    // Drawn only on a terminal: piped or redirected stderr stays clean.
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(total as u64),
        indicatif::ProgressDrawTarget::stderr(),
    );
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{bar:30} {pos}/{len} 份 · {per_sec} · 剩余约 {eta}",
    ) {
        bar.set_style(style);
    }
    bar
}

/// A file's unit (one name for its office, `Units`) and 成文日期 as the report writes them.
fn identity(meta: &DocMeta, units: &Units) -> (Option<String>, Option<String>) {
    (
        units.unit_of(meta),
        meta.date.map(|d| d.format("%Y-%m-%d").to_string()),
    )
}

fn audit_file(c: Checked, units: &Units, root: &Root) -> AuditFile {
    let r = c.report;
    let (unit, date) = identity(&c.meta, units);
    AuditFile {
        path: root.show(&r.path),
        format: r.format.to_owned(),
        encoding: r.encoding,
        chars: r.chars,
        doctype: r.doctype,
        unit,
        date,
        diagnostics: r
            .diagnostics
            .into_iter()
            .zip(
                c.contexts
                    .into_iter()
                    .chain(std::iter::repeat(String::new())),
            )
            .map(|(d, ctx)| AuditFinding::from_diagnostic(d, ctx))
            .collect(),
    }
}

#[derive(serde::Deserialize)]
struct Shard {
    files: Vec<AuditFile>,
    #[serde(default)]
    errors: Vec<FileError>,
    #[serde(default)]
    skipped: Vec<Skipped>,
}

/// Reads the JSON results of shards checked elsewhere, in the order given.
fn merge<W: Write>(args: &ReportArgs, sink: &mut Sink<W>) -> Result<(), Failure> {
    if args.paths.is_empty() {
        return Err(Failure::Input(
            "--merge 需要各分片的 JSON 结果文件（gwlint report --format json 的输出）".into(),
        ));
    }
    // Units named in shards written by other configurations or versions are named again by
    // this folder's table, so that one office is one unit across shards.
    let units = {
        let mut resolver = crate::pipeline::resolver(&args.check_args());
        let config = resolver.config_for(std::path::Path::new("."));
        let settings = resolver.settings(config.as_deref())?;
        Units::with(&settings.units)
    };
    for path in &args.paths {
        // A shard that cannot be read is named with the reason; the others are still merged.
        let shard = read_results(path, args.max_file_size).and_then(|text| {
            serde_json::from_str::<Shard>(&text)
                .map_err(|e| format!("不是 gwlint report --format json 的结果：{e}"))
        });
        let shard = match shard {
            Ok(s) => s,
            Err(e) => {
                let shown = path.display().to_string();
                let error = e
                    .strip_prefix(&format!("{shown}: "))
                    .unwrap_or(&e)
                    .to_owned();
                sink.unread.errors.push(FileError { path: shown, error });
                continue;
            }
        };
        sink.unread.errors.extend(shard.errors);
        sink.unread.skipped.extend(shard.skipped);
        for mut f in shard.files {
            f.unit = f.unit.map(|u| units.name(&u));
            // Statuses are recomputed against this run's baseline, if any.
            for d in &mut f.diagnostics {
                d.status = None;
            }
            sink.file(f)?;
        }
    }
    Ok(())
}

fn scope(args: &ReportArgs) -> String {
    let paths: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
    match (args.merge, paths.is_empty()) {
        (true, _) => format!("合并 {} 个分片（{}）", paths.len(), paths.join("、")),
        (false, true) => "当前目录".into(),
        (false, false) => paths.join("、"),
    }
}

/// A file in the sink whose findings are still coming.
struct Open {
    /// The file without its findings (each block is put here while it is written).
    head: AuditFile,
    adding: Adding,
    /// Against `--baseline`: what the earlier audit found in this file and is not yet matched.
    earlier: Option<std::collections::HashMap<String, usize>>,
    /// Whether a finding has been written (for the commas).
    any: bool,
}

/// Where each checked file goes: the aggregate, and the output as it streams.
struct Sink<W: Write> {
    aggregate: Aggregate,
    baseline: Option<Baseline>,
    progress: Progress,
    /// The files not checked, listed in every format.
    unread: Unread,
    out: Out<W>,
}

enum Out<W: Write> {
    Markdown(W),
    /// The findings table is spooled to a temporary file: the page starts with the totals.
    Html(W, BufWriter<std::fs::File>, std::fs::File),
    Csv(Box<CsvTable<W>>),
    /// Whether a file has been written yet (for the commas).
    Json(W, bool),
}

impl<W: Write> Sink<W> {
    fn new(args: &ReportArgs, mut w: W, baseline: Option<Baseline>) -> Result<Self, String> {
        let out = match args.format {
            ReportFormat::Md => Out::Markdown(w),
            ReportFormat::Html => {
                let spool = tempfile::tempfile().map_err(|e| format!("无法创建临时文件：{e}"))?;
                let reader = spool
                    .try_clone()
                    .map_err(|e| format!("无法创建临时文件：{e}"))?;
                Out::Html(w, BufWriter::new(spool), reader)
            }
            ReportFormat::Csv => Out::Csv(Box::new(
                CsvTable::new(w).map_err(|e| format!("无法写出报告：{e}"))?,
            )),
            ReportFormat::Json => {
                write!(
                    w,
                    "{{\"version\":1,\"tool\":{{\"name\":\"gwlint\",\"version\":\"{}\"}},\"files\":[",
                    env!("CARGO_PKG_VERSION")
                )
                .map_err(|e| format!("无法写出报告：{e}"))?;
                Out::Json(w, false)
            }
        };
        Ok(Sink {
            aggregate: Aggregate::new(args.group_by, args.examples, args.top),
            baseline,
            progress: Progress::default(),
            unread: Unread::default(),
            out,
        })
    }

    fn file(&mut self, mut f: AuditFile) -> std::io::Result<()> {
        let findings = std::mem::take(&mut f.diagnostics);
        let mut open = self.begin(f)?;
        self.part(&mut open, findings)?;
        self.end(open)
    }

    /// Starts a file whose findings come a block at a time (`part`, then `end`); `head` has
    /// none of them.
    fn begin(&mut self, head: AuditFile) -> std::io::Result<Open> {
        let earlier = self.baseline.as_mut().map(|b| b.take(&head.path));
        let adding = self.aggregate.begin(&head);
        if let Out::Json(w, any) = &mut self.out {
            if std::mem::replace(any, true) {
                w.write_all(b",")?;
            }
            w.write_all(b"\n")?;
            // The file object up to its findings: `diagnostics` is its last field.
            let object = serde_json::to_string(&head)?;
            let open = object.strip_suffix("]}").unwrap_or(&object);
            w.write_all(open.as_bytes())?;
        }
        Ok(Open {
            head,
            adding,
            earlier,
            any: false,
        })
    }

    /// The next block of the open file's findings.
    fn part(&mut self, open: &mut Open, findings: Vec<AuditFinding>) -> std::io::Result<()> {
        open.head.diagnostics = findings;
        if let Some(earlier) = &mut open.earlier {
            baseline::mark_with(earlier, &mut open.head.diagnostics, &mut self.progress);
        }
        let first = self.aggregate.total.findings;
        self.aggregate
            .add_findings(&mut open.adding, &open.head, &open.head.diagnostics);
        let f = &open.head;
        match &mut self.out {
            Out::Markdown(_) => {}
            Out::Html(_, spool, _) => {
                spool.write_all(html::finding_rows(f, first, self.baseline.is_some()).as_bytes())?
            }
            Out::Csv(t) => t.file(f)?,
            Out::Json(w, _) => {
                for d in &f.diagnostics {
                    if std::mem::replace(&mut open.any, true) {
                        w.write_all(b",")?;
                    }
                    serde_json::to_writer(&mut *w, d)?;
                }
            }
        }
        open.head.diagnostics = Vec::new();
        Ok(())
    }

    fn end(&mut self, open: Open) -> std::io::Result<()> {
        if let Some(earlier) = open.earlier {
            baseline::fixed(earlier, &mut self.progress);
        }
        self.aggregate.end(open.adding, &open.head);
        if let Out::Json(w, _) = &mut self.out {
            w.write_all(b"]}")?;
        }
        Ok(())
    }

    /// Writes what comes after the files; returns the files that could not be read.
    fn finish(mut self, scope: &str) -> std::io::Result<Vec<FileError>> {
        self.aggregate.unreadable = self.unread.errors.len();
        if self.baseline.is_some() {
            self.aggregate.progress = Some(self.progress.clone());
        }
        let a = self.aggregate.finish();
        match self.out {
            Out::Markdown(mut w) => {
                w.write_all(markdown::render(&a, scope, &self.unread).as_bytes())?;
                w.flush()?;
            }
            Out::Html(mut w, spool, mut reader) => {
                spool.into_inner().map_err(|e| e.into_error())?;
                std::io::Seek::rewind(&mut reader)?;
                html::write_page(&mut w, &a, scope, &self.unread, &mut reader)?;
                w.flush()?;
            }
            Out::Csv(t) => (*t).finish(&self.unread)?,
            Out::Json(mut w, _) => {
                let summary = summary_of(&a);
                write!(w, "\n],\"errors\":")?;
                serde_json::to_writer(&mut w, &self.unread.errors)?;
                // As `check --format json`: the optional `skipped`, only when there are some.
                if !self.unread.skipped.is_empty() {
                    write!(w, ",\"skipped\":")?;
                    serde_json::to_writer(&mut w, &self.unread.skipped)?;
                }
                write!(w, ",\"summary\":")?;
                serde_json::to_writer(&mut w, &summary)?;
                write!(w, ",\"report\":")?;
                serde_json::to_writer(&mut w, &a)?;
                writeln!(w, "}}")?;
                w.flush()?;
            }
        }
        Ok(self.unread.errors)
    }
}

/// The `summary` of docs/design.md §3, from the aggregate.
fn summary_of(a: &Aggregate) -> Summary {
    let mut s = Summary {
        files: a.total.files,
        files_with_findings: a.total.files_with_findings,
        diagnostics: a.total.findings,
        by_category: a.by_category.clone(),
        by_rule: a
            .by_rule
            .iter()
            .map(|(id, r)| (id.clone(), r.count))
            .collect(),
        ..Summary::default()
    };
    s.by_severity.insert("error", a.total.errors);
    s.by_severity.insert("warning", a.total.warnings);
    s.by_severity.insert("info", a.total.infos);
    s
}
