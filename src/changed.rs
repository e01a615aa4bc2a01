//! `--changed-only [--base REV]`: the lines changed since a git revision, so that a hook or a
//! review sees only what the current edit introduced.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Changed lines per file (absolute path). A file absent from the map has no changes; a file
/// mapped to `None` is new (untracked or added), so every line counts as changed.
#[derive(Debug, Default)]
pub struct ChangedLines {
    files: HashMap<PathBuf, Option<Vec<(usize, usize)>>>,
}

impl ChangedLines {
    /// Runs `git diff` against `base` (default `HEAD`) in the repository containing `dir`.
    pub fn since(base: Option<&str>, dir: &Path) -> Result<Self, String> {
        let base = base.unwrap_or("HEAD");
        let top = git(dir, &["rev-parse", "--show-toplevel"])?;
        let top = PathBuf::from(top.trim());
        // Working tree (staged or not) against the base revision; renames count as new text.
        let diff = git(
            &top,
            &[
                "diff",
                "--no-color",
                "--no-ext-diff",
                "--no-renames",
                "-U0",
                base,
                "--",
            ],
        )?;
        let mut out = parse_diff(&diff, &top);
        let untracked = git(&top, &["ls-files", "--others", "--exclude-standard", "-z"])?;
        for f in untracked.split('\0').filter(|f| !f.is_empty()) {
            out.files.insert(top.join(f), None);
        }
        Ok(out)
    }

    /// Whether any line of `first..=last` in `path` changed.
    pub fn touches(&self, path: &Path, first: usize, last: usize) -> bool {
        let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        match self.files.get(&abs) {
            None => false,
            Some(None) => true,
            Some(Some(ranges)) => ranges.iter().any(|&(s, e)| s <= last && first <= e),
        }
    }
}

fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| format!("--changed-only 需要 git：{e}"))?;
    if !out.status.success() {
        return Err(format!(
            "--changed-only：git {} 失败：{}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    String::from_utf8(out.stdout).map_err(|_| "git 输出不是 UTF-8".into())
}

/// Reads `+++ b/path` and `@@ -a,b +c,d @@` lines of a `-U0` diff.
fn parse_diff(diff: &str, top: &Path) -> ChangedLines {
    let mut out = ChangedLines::default();
    let mut current: Option<PathBuf> = None;
    // Between `diff --git` and the first `@@`: an added line "++ x" also starts "+++ ".
    let mut in_header = false;
    for line in diff.lines() {
        if line.starts_with("diff --git ") {
            in_header = true;
        } else if line.starts_with("@@") {
            in_header = false;
        }
        if let Some(rest) = line.strip_prefix("+++ ").filter(|_| in_header) {
            current = unquote(rest).strip_prefix("b/").map(|p| top.join(p));
            if let Some(p) = &current {
                out.files
                    .entry(p.clone())
                    .or_insert_with(|| Some(Vec::new()));
            }
        } else if let (Some(hunk), Some(path)) = (line.strip_prefix("@@ "), &current) {
            let Some(new) = hunk.split_whitespace().find(|w| w.starts_with('+')) else {
                continue;
            };
            let mut parts = new[1..].split(',');
            let start: usize = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0);
            let count: usize = parts.next().and_then(|s| s.parse().ok()).unwrap_or(1);
            if count > 0 {
                if let Some(Some(v)) = out.files.get_mut(path) {
                    v.push((start, start + count - 1));
                }
            }
        }
    }
    out
}

/// git quotes paths with non-ASCII bytes as C strings ("b/\344\270\255.txt") unless
/// core.quotePath is off.
fn unquote(p: &str) -> String {
    let Some(inner) = p.strip_prefix('"').and_then(|p| p.strip_suffix('"')) else {
        return p.to_owned();
    };
    let mut bytes = Vec::new();
    let mut it = inner.bytes().peekable();
    while let Some(b) = it.next() {
        if b != b'\\' {
            bytes.push(b);
            continue;
        }
        match it.next() {
            Some(d @ b'0'..=b'7') => {
                let mut v = u32::from(d - b'0');
                for _ in 0..2 {
                    if let Some(&n @ b'0'..=b'7') = it.peek() {
                        v = v * 8 + u32::from(n - b'0');
                        it.next();
                    }
                }
                bytes.push(v as u8);
            }
            Some(b'n') => bytes.push(b'\n'),
            Some(b't') => bytes.push(b'\t'),
            Some(other) => bytes.push(other),
            None => {}
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hunks_and_quoted_chinese_paths() {
        let diff = "diff --git a/x b/x\n--- \"a/\\351\\200\\232\\347\\237\\245.txt\"\n+++ \"b/\\351\\200\\232\\347\\237\\245.txt\"\n@@ -3 +3,2 @@\n-旧\n+新\n+新\n@@ -9,2 +10,0 @@\n-删\n-删\n";
        let c = parse_diff(diff, Path::new("/r"));
        assert_eq!(
            c.files.get(Path::new("/r/通知.txt")),
            Some(&Some(vec![(3, 4)]))
        );
    }
}
