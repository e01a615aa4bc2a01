//! Files of the audit that were not checked: those that could not be read (with the error)
//! and the document formats gwlint does not read (with what to do). An audit that left them
//! out silently would read as if the whole archive had been checked.

use crate::input::walk::Skipped;
use crate::output::FileError;

#[derive(Debug, Default)]
pub struct Unread {
    pub errors: Vec<FileError>,
    pub skipped: Vec<Skipped>,
}

/// One file not checked, as the report lists it.
pub struct Row<'a> {
    pub path: &'a str,
    /// 无法读取 or 未读.
    pub what: &'static str,
    pub reason: &'a str,
}

pub const UNREADABLE: &str = "无法读取";
pub const NOT_READ: &str = "未读";

impl Unread {
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty() && self.skipped.is_empty()
    }

    /// The unreadable files, then the skipped ones.
    pub fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        let errors = self.errors.iter().map(|e| Row {
            path: &e.path,
            what: UNREADABLE,
            reason: &e.error,
        });
        let skipped = self.skipped.iter().map(|s| Row {
            path: &s.path,
            what: NOT_READ,
            reason: &s.reason,
        });
        errors.chain(skipped)
    }

    /// “另有 2 份无法读取、1 份格式不读，未计入”, or nothing.
    pub fn sentence(&self) -> String {
        let mut parts = Vec::new();
        if !self.errors.is_empty() {
            parts.push(format!("{} 份{UNREADABLE}", self.errors.len()));
        }
        if !self.skipped.is_empty() {
            parts.push(format!("{} 份{NOT_READ}", self.skipped.len()));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("（另有 {}，未计入）", parts.join("、"))
        }
    }
}
