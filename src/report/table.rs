//! `gwlint report --format csv`: one row per finding with the file's unit, 文种 and date, for
//! the audit's spreadsheet (错情台账). UTF-8 with a byte order mark so Excel and WPS read it.

use std::io::Write;

use super::record::AuditFile;

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
        for d in &f.diagnostics {
            let (line, column) = (d.line.to_string(), d.column.to_string());
            self.w.write_record([
                f.path.as_str(),
                f.unit.as_deref().unwrap_or(""),
                f.doctype.as_deref().unwrap_or(""),
                f.date.as_deref().unwrap_or(""),
                d.rule(),
                d.category(),
                d.severity(),
                &line,
                &column,
                d.text(),
                d.suggestion().unwrap_or(""),
                &d.message(),
                d.status.as_deref().unwrap_or(""),
            ])?;
        }
        Ok(())
    }

    pub fn finish(mut self) -> std::io::Result<()> {
        self.w.flush()
    }
}
