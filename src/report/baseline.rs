//! Comparing an audit with an earlier one (`--baseline previous.json`): each finding is new or
//! unchanged, and what the earlier audit found but this one does not is fixed (整改情况).
//! Findings are recognised by rule and the words around them, not by line numbers, which
//! shift whenever a paragraph is added above.

use crate::messages::human_size;
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

/// The JSON format version `report --format json` writes and `--merge`/`--baseline` read.
pub const RESULTS_VERSION: u64 = 1;

/// A `gwlint report --format json` result (a baseline or a shard), read whole: at most `max`
/// bytes (`--max-file-size`), and of the version this gwlint writes. Returns its text.
pub fn read_results(path: &std::path::Path, max: u64) -> Result<String, String> {
    use std::io::Read;
    let shown = path.display();
    let file = std::fs::File::open(path)
        .map_err(|e| format!("{shown}: 无法读取：{}", crate::messages::io_error(&e)))?;
    let mut bytes = Vec::new();
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{shown}: 无法读取：{}", crate::messages::io_error(&e)))?;
    if bytes.len() as u64 > max {
        return Err(format!(
            "{shown}: 超过 --max-file-size（{}），不读取（确是检查结果的话，可用 --max-file-size 调大）",
            human_size(max)
        ));
    }
    let text = String::from_utf8(bytes).map_err(|_| {
        format!("{shown}: 不是 gwlint report --format json 的结果：不是 UTF-8 文本")
    })?;
    #[derive(serde::Deserialize)]
    struct Versioned {
        version: Option<serde_json::Value>,
    }
    let not_results = |e: &dyn std::fmt::Display| {
        format!("{shown}: 不是 gwlint report --format json 的结果：{e}")
    };
    let head: Versioned = serde_json::from_str(&text).map_err(|e| not_results(&e))?;
    match head.version {
        Some(v) if v.as_u64() == Some(RESULTS_VERSION) => Ok(text),
        Some(v) => Err(format!(
            "{shown}: 结果的格式版本（version）是 {v}，本版 gwlint 只读版本 {RESULTS_VERSION}：请用本版 gwlint 重新生成"
        )),
        None => Err(not_results(&"缺少 version 字段")),
    }
}

impl Baseline {
    /// Reads a `gwlint report --format json` file of at most `max` bytes.
    pub fn load(path: &std::path::Path, max: u64) -> Result<Self, String> {
        let text = read_results(path, max)?;
        let earlier: Earlier = serde_json::from_str(&text).map_err(|e| {
            format!(
                "{}: 不是 gwlint report --format json 的结果：{e}",
                path.display()
            )
        })?;
        drop(text);
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
        let mut earlier = self.take(&f.path);
        mark_with(&mut earlier, &mut f.diagnostics, progress);
        fixed(earlier, progress);
    }

    /// What the earlier audit found in a file (then `mark_with` each block of this audit's
    /// findings in it, and `fixed` at its end): a file may have millions of findings.
    pub fn take(&mut self, path: &str) -> HashMap<String, usize> {
        self.by_path.remove(path).unwrap_or_default()
    }
}

/// Marks findings new or unchanged against what is left of the earlier ones of their file.
pub fn mark_with(
    earlier: &mut HashMap<String, usize>,
    ds: &mut [AuditFinding],
    progress: &mut Progress,
) {
    for d in ds {
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
}

/// What the earlier audit found in a file and this one did not.
pub fn fixed(earlier: HashMap<String, usize>, progress: &mut Progress) {
    progress.fixed += earlier.values().sum::<usize>();
}

/// Rule, flagged text and context with all blanks removed.
pub fn fingerprint(d: &AuditFinding) -> String {
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    format!(
        "{}\u{1f}{}\u{1f}{}",
        d.rule(),
        squeeze(d.text()),
        squeeze(&d.context)
    )
}
