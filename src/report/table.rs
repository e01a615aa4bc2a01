//! `gwlint report --format csv`: one row per finding with the file's unit, 文种 and date, for
//! the audit's spreadsheet (错情台账). UTF-8 with a byte order mark so Excel and WPS read it.
//! The files not checked follow, a row each with only the path and the reason (`message`).

use std::io::Write;

use super::aggregate::unit_of;
use super::record::AuditFile;
use super::show::correction;
use super::unread::Unread;

pub const HEADER: [&str; 13] = [
    "path",
    "unit",
    "doctype",
    "date",
    "rule",
    "category",
    "severity",
    "line",
    "column",
    "text",
    "suggestion",
    "message",
    "status",
];

pub struct CsvTable<W: Write> {
    w: csv::Writer<W>,
}

impl<W: Write> CsvTable<W> {
    pub fn new(mut out: W) -> std::io::Result<Self> {
        out.write_all("\u{feff}".as_bytes())?;
        let mut w = csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(out);
        w.write_record(HEADER)?;
        Ok(CsvTable { w })
    }

    pub fn file(&mut self, f: &AuditFile) -> std::io::Result<()> {
        let unit = unit_of(f);
        for d in &f.diagnostics {
            let (line, column) = (d.line.to_string(), d.column.to_string());
            // The ledger is read by people: a deletion says what to delete.
            let suggestion = match d.suggestion() {
                Some("") => correction(d.text(), Some("")).unwrap_or_default(),
                s => s.unwrap_or("").to_owned(),
            };
            self.w.write_record([
                f.path.as_str(),
                &unit,
                f.doctype.as_deref().unwrap_or(""),
                f.date.as_deref().unwrap_or(""),
                d.rule(),
                d.category(),
                d.severity(),
                &line,
                &column,
                d.text(),
                &suggestion,
                &d.message(),
                d.status.as_deref().unwrap_or(""),
            ])?;
        }
        Ok(())
    }

    /// The files not checked, a row each: the path, and the reason as the message.
    pub fn finish(mut self, unread: &Unread) -> std::io::Result<()> {
        for r in unread.rows() {
            let message = format!("{}：{}", r.what, r.reason);
            let mut row = [""; HEADER.len()];
            row[0] = r.path;
            row[11] = &message;
            self.w.write_record(row)?;
        }
        self.w.flush()
    }
}
