//! Comparing an audit with an earlier one (`--baseline previous.json`): each finding is new or
//! unchanged, and what the earlier audit found but this one does not is fixed (整改情况).
//! Findings are recognised by rule and the words around them, not by line numbers, which
//! shift whenever a paragraph is added above.

use std::collections::HashMap;

use super::aggregate::Progress;
use super::record::{AuditFile, AuditFinding};

#[derive(Debug, Default)]
pub struct Baseline {
    /// Path → fingerprint → how many times it was found.
    by_path: HashMap<String, HashMap<String, usize>>,
}

#[derive(serde::Deserialize)]
struct Earlier {
    files: Vec<AuditFile>,
}

impl Baseline {
    /// Reads a `gwlint report --format json` file.
    pub fn load(path: &std::path::Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("{}: 无法读取：{e}", path.display()))?;
        let earlier: Earlier = serde_json::from_str(&text).map_err(|e| {
            format!(
                "{}: 不是 gwlint report --format json 的结果：{e}",
                path.display()
            )
        })?;
        let mut by_path: HashMap<String, HashMap<String, usize>> = HashMap::new();
        for f in earlier.files {
            let counts = by_path.entry(f.path).or_default();
            for d in &f.diagnostics {
                *counts.entry(fingerprint(d)).or_default() += 1;
            }
        }
        Ok(Baseline { by_path })
    }

    /// Marks each finding of a file new or unchanged; adds to `progress`, counting as fixed
    /// what the earlier audit found in this file and this one no longer does.
    pub fn mark(&mut self, f: &mut AuditFile, progress: &mut Progress) {
        let mut earlier = self.by_path.remove(&f.path).unwrap_or_default();
        for d in &mut f.diagnostics {
            let left = earlier.get_mut(&fingerprint(d)).filter(|n| **n > 0);
            let status = match left {
                Some(n) => {
                    *n -= 1;
                    progress.unchanged += 1;
                    "unchanged"
                }
                None => {
                    progress.new += 1;
                    "new"
                }
            };
            d.status = Some(status.to_owned());
        }
        progress.fixed += earlier.values().sum::<usize>();
    }
}

/// Rule, flagged text and context with all blanks removed.
pub fn fingerprint(d: &AuditFinding) -> String {
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    format!(
        "{}\u{1f}{}\u{1f}{}",
        d.rule,
        squeeze(&d.text),
        squeeze(&d.context)
    )
}
