//! One file through the pipeline: bytes → document → findings (suppressions applied) → the
//! fix loop when asked → the file's report, rendered or with contexts as the command wants.

use std::path::PathBuf;
use std::sync::Arc;

use super::plan::Prepared;
use super::read::{display_path, read_file, reader_for, stdin_name};
use crate::changed::ChangedLines;
use crate::cli::CheckArgs;
use crate::document::{self, Document};
use crate::fix::{self, Tier};
use crate::input::decode::decode;
use crate::input::encode::encode;
use crate::input::walk::Input;
use crate::output::{human, FailOn, FileError, FileReport};

/// Human output of up to this many findings is rendered in the worker, in parallel; more (only
/// with a higher `--max-findings`) are rendered as written, so that they are never one string.
const RENDER_IN_WORKER: usize = 10_000;

/// One file's outcome.
pub(crate) struct Checked {
    pub report: FileReport,
    /// Who issued it and when, for audits (`gwlint report`).
    pub meta: crate::report::meta::DocMeta,
    /// For `gwlint report`: the words around each diagnostic.
    pub contexts: Vec<String>,
    pub fail_on: FailOn,
    /// Human output, rendered in the worker.
    pub(crate) rendered: String,
    /// Human output of a file with more findings than are rendered in the worker: rendered
    /// as it is written (`output::human::write_file`), from this document.
    pub(crate) render_later: Option<Arc<Document>>,
    /// `--diff` output.
    pub(crate) diff: String,
    pub(crate) fixed: usize,
    /// A fix that could not be written: the findings are still reported.
    pub(crate) error: Option<FileError>,
    /// Where `--annotate` wrote this file's annotated copy.
    pub(crate) annotated: Option<crate::annotate::Written>,
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
    /// Checking as `gwlint check` asked: human output rendered in the worker unless another
    /// format, statistics or a diff is wanted.
    pub(crate) fn for_check(
        args: &'a CheckArgs,
        changed: Option<&'a ChangedLines>,
        stdin_text: Option<&'a [u8]>,
    ) -> Self {
        FileContext {
            args,
            color: args.use_color(),
            want_human: args.format == crate::cli::OutputFormat::Human
                && !args.statistics
                && !args.diff,
            changed,
            stdin_text,
            want_context: false,
            annotate: args.annotate_request(),
        }
    }

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

    /// Whether human output is coloured.
    pub(crate) fn color(&self) -> bool {
        self.color
    }

    pub fn check(&self, input: &Input, prepared: &Prepared) -> Result<Checked, FileError> {
        let args = self.args;
        let (name, bytes) = self.bytes_of(input)?;
        let err = |error: String| FileError {
            path: name.clone(),
            error,
        };
        let engine = &prepared.engine;
        if let Some(doc) = document::read_container(&name, &bytes, args.max_file_size) {
            // Word, PDF and OFD files are read, never rewritten: --fix and --diff leave them
            // alone.
            let doc = Arc::new(doc.map_err(err)?);
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
        // (Dropped explicitly: a binding only moved on one branch lives to the end of scope.)
        let bytes = if fixing {
            bytes
        } else {
            drop(bytes);
            Vec::new()
        };
        let text = if fixing {
            decoded.text.clone()
        } else {
            std::mem::take(&mut decoded.text)
        };
        let doc = Arc::new(reader(name.clone(), decoded.encoding, text));
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
                doc = Arc::new(reader(name.clone(), decoded.encoding, decoded.text.clone()));
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

    /// The input's name and bytes, within `--max-file-size`.
    fn bytes_of(&self, input: &Input) -> Result<(String, Vec<u8>), FileError> {
        let args = self.args;
        Ok(match input {
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
        })
    }

    /// A file read into a document as `check` reads it when not fixing (for `gwlint report`,
    /// which checks a file with a great many findings a block of them at a time).
    pub(crate) fn read_document(&self, input: &Input) -> Result<Document, FileError> {
        let (name, bytes) = self.bytes_of(input)?;
        let err = |error: String| FileError {
            path: name.clone(),
            error,
        };
        if let Some(doc) = document::read_container(&name, &bytes, self.args.max_file_size) {
            return doc.map_err(err);
        }
        let reader = reader_for(&name).map_err(err)?;
        let decoded = decode(&bytes).map_err(err)?;
        drop(bytes);
        Ok(reader(name.clone(), decoded.encoding, decoded.text))
    }

    /// `--annotate`: writes the copy with the reported findings; a failure is this file's error.
    pub(crate) fn annotate(
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
    pub(crate) fn finish(
        &self,
        input: &Input,
        prepared: &Prepared,
        doc: &Arc<Document>,
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
            // A .docx (or .doc, .pdf…) has no lines in git's sense: it counts as changed as a
            // whole.
            if !doc.format.is_paragraphs() {
                diagnostics
                    .retain(|d| changed.touches(&on_disk, d.line as usize, d.end_line as usize));
            } else if !changed.touches(&on_disk, 1, usize::MAX) {
                diagnostics.clear();
            }
        }
        let render_later =
            (self.want_human && diagnostics.len() > RENDER_IN_WORKER).then(|| Arc::clone(doc));
        let rendered = if self.want_human {
            let mut out = if render_later.is_some() {
                String::new()
            } else {
                human::render_file(doc, &diagnostics, self.color)
            };
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
            render_later,
            diff,
            fixed,
            error,
            annotated: None,
        }
    }
}
