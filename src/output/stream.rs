//! Results written as each file's check finishes, in input order, so that a run holds one
//! batch of files' findings at a time, not the whole archive's: json, jsonl, csv and github
//! stream; sarif sets its results aside until its rule table is known; `--statistics` keeps
//! every report.

use std::io::{self, Write};

use super::{csv, github, json, sarif, FailOn, FileError, FileReport, Summary};
use crate::input::walk::Skipped;
use crate::rules::Rule;

/// What a stream writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Json,
    Jsonl,
    Csv,
    Github,
    Sarif,
    /// Nothing per file here (human output is written by the caller); counts only.
    Counts,
    /// `--statistics`: per-rule counts over every report.
    Statistics,
}

pub struct Stream {
    kind: Kind,
    files: usize,
    summary: Summary,
    /// Whether a finding reached its file's `--fail-on`.
    fails: bool,
    /// .docx files with findings that carry a suggestion, and how many (never rewritten).
    docx_fixable: (usize, usize),
    /// The same for .doc, .wps, .pdf and .ofd files (never rewritten either).
    paged_fixable: (usize, usize),
    /// Every report, for `--statistics`.
    kept: Vec<FileReport>,
    sarif: Option<sarif::Streamed>,
}

impl Stream {
    pub fn new(kind: Kind) -> Self {
        Stream {
            kind,
            files: 0,
            summary: Summary::empty(),
            fails: false,
            docx_fixable: (0, 0),
            paged_fixable: (0, 0),
            kept: Vec::new(),
            sarif: (kind == Kind::Sarif).then(sarif::Streamed::new),
        }
    }

    /// Writes (or keeps) one checked file's results.
    pub fn file(&mut self, out: &mut dyn Write, r: FileReport, fail_on: FailOn) -> io::Result<()> {
        if self.files == 0 {
            match self.kind {
                Kind::Json => out.write_all(json::head().as_bytes())?,
                Kind::Csv => out.write_all(csv::head().as_bytes())?,
                _ => {}
            }
        }
        self.summary.add(&r);
        self.fails |= super::fails(&r, fail_on);
        let counter = match r.format {
            "docx" => Some(&mut self.docx_fixable),
            "doc" | "wps" | "pdf" | "ofd" => Some(&mut self.paged_fixable),
            _ => None,
        };
        if let Some((files, fixable)) = counter {
            let n = r
                .diagnostics
                .iter()
                .filter(|d| d.suggestion().is_some())
                .count();
            if n > 0 {
                *files += 1;
                *fixable += n;
            }
        }
        match self.kind {
            Kind::Json => json::write_file_entry(out, &r, self.files == 0)?,
            Kind::Jsonl => json::write_lines(out, &r)?,
            Kind::Csv => csv::write_rows(out, &r)?,
            Kind::Github => github::write_file(out, &r)?,
            Kind::Sarif => {
                if let Some(log) = &mut self.sarif {
                    log.add(&r)?;
                }
            }
            Kind::Statistics => self.kept.push(r),
            Kind::Counts => {}
        }
        self.files += 1;
        Ok(())
    }

    pub fn summary(&self) -> &Summary {
        &self.summary
    }

    pub fn fails(&self) -> bool {
        self.fails
    }

    /// .docx files whose findings carry suggestions, and how many such findings.
    pub fn docx_fixable(&self) -> (usize, usize) {
        self.docx_fixable
    }

    /// .doc, .wps, .pdf and .ofd files with findings that carry a suggestion, and how many.
    pub fn paged_fixable(&self) -> (usize, usize) {
        self.paged_fixable
    }

    /// Writes what follows the files: the files not checked (unreadable, skipped), in every
    /// format that has a place for them, the summary (or, for sarif and statistics, the whole
    /// report).
    pub fn finish(
        self,
        out: &mut dyn Write,
        errors: &[FileError],
        skipped: &[Skipped],
        rules: &[Rule],
    ) -> io::Result<()> {
        let summary = &self.summary;
        match self.kind {
            Kind::Json => {
                if self.files == 0 {
                    out.write_all(json::head().as_bytes())?;
                }
                out.write_all(json::tail(self.files > 0, errors, skipped, summary).as_bytes())
            }
            // One diagnostic per line (docs/design.md §3): files not read go to stderr.
            Kind::Jsonl => Ok(()),
            Kind::Csv => {
                if self.files == 0 {
                    out.write_all(csv::head().as_bytes())?;
                }
                csv::write_unread(out, errors, skipped)
            }
            Kind::Github => {
                out.write_all(github::render(&[], errors).as_bytes())?;
                out.write_all(github::skipped(skipped).as_bytes())
            }
            Kind::Sarif => match self.sarif {
                Some(log) => log.finish(out, errors, skipped, rules),
                None => Ok(()),
            },
            Kind::Statistics => out.write_all(super::human::statistics(&self.kept).as_bytes()),
            _ => Ok(()),
        }
    }
}
