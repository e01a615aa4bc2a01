//! `--fix` / `--diff`: applies the suggestions of fixable rules to .txt/.md text, re-checking
//! until nothing more applies, and writes the result back safely.
//!
//! Only findings whose reported text is a verbatim stretch of the source are touched (never
//! Markdown escapes or masked code), line breaks are never added or removed, and each line
//! keeps its own line ending.

use std::io::Write as _;
use std::path::Path;
use std::sync::Arc;

use crate::document::Document;
use crate::engine::Engine;
use crate::finding::Diagnostic;
use crate::rules::Fix;

/// How far `--fix` may go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tier {
    Safe,
    /// `--unsafe-fixes`: wording substitutions too.
    Unsafe,
}

/// The fixed text of one document.
pub struct Fixed {
    /// The document as it reads after fixing (line breaks normalised, as `Document::source`).
    pub doc: Arc<Document>,
    pub diagnostics: Vec<Diagnostic>,
    /// Findings past the engine's cap, only counted (see `Engine::with_max_findings`).
    pub omitted: usize,
    pub applied: usize,
}

/// Passes before giving up: a fix may reveal another (，，， → ，， → ，).
const MAX_PASSES: usize = 10;

/// Applies fixes until none applies. `reread` builds the document from new source text with
/// the same reader.
pub fn fix_document(
    engine: &Engine,
    mut doc: Arc<Document>,
    mut diagnostics: Vec<Diagnostic>,
    tier: Tier,
    reread: impl Fn(&str) -> Document,
) -> Fixed {
    let (mut applied, mut omitted) = (0, 0);
    for _ in 0..MAX_PASSES {
        let edits = edits(engine, &doc, &diagnostics, tier);
        if edits.is_empty() {
            break;
        }
        let mut text = doc.source.clone();
        for (range, replacement) in edits.iter().rev() {
            text.replace_range(range.clone(), replacement);
        }
        applied += edits.len();
        doc = Arc::new(reread(&text));
        (diagnostics, omitted) = engine.diagnose_counted(&doc);
    }
    Fixed {
        doc,
        diagnostics,
        omitted,
        applied,
    }
}

/// The non-overlapping replacements to make, in source order.
fn edits(
    engine: &Engine,
    doc: &Document,
    diagnostics: &[Diagnostic],
    tier: Tier,
) -> Vec<(std::ops::Range<usize>, String)> {
    let mut out: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let mut sorted: Vec<&Diagnostic> = diagnostics.iter().collect();
    sorted.sort_by_key(|d| d.src_range);
    for d in sorted {
        let Some(rule) = engine.rules().iter().find(|r| r.id == d.rule()) else {
            continue;
        };
        let allowed = match rule.fix {
            Fix::Safe => true,
            Fix::Unsafe => tier == Tier::Unsafe,
            Fix::Never => false,
        };
        let Some(replacement) = d.suggestion() else {
            continue;
        };
        let (s, e) = (d.src_range.0 as usize, d.src_range.1 as usize);
        if !allowed
            || doc.source.get(s..e) != Some(d.text())
            // A Markdown escape (\( \;): replacing the mark would leave a stray backslash.
            || doc.source[..s].ends_with('\\')
            || d.text().contains('\n')
            || replacement.contains('\n')
            || out.last().is_some_and(|(r, _)| r.end > s)
        {
            continue;
        }
        out.push((s..e, replacement.to_owned()));
    }
    out
}

/// Puts each line's original ending back (`\r\n`, `\r` or `\n`): fixes never change the number
/// of lines, so the n-th line of the fixed text gets the n-th line's ending.
pub fn restore_line_endings(original: &str, fixed: &str) -> String {
    let mut endings = Vec::new();
    let bytes = original.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                endings.push("\r\n");
                i += 1;
            }
            b'\r' => endings.push("\r"),
            b'\n' => endings.push("\n"),
            _ => {}
        }
        i += 1;
    }
    let mut out = String::with_capacity(fixed.len() + endings.len());
    for (n, line) in fixed.split('\n').enumerate() {
        if n > 0 {
            out.push_str(endings.get(n - 1).copied().unwrap_or("\n"));
        }
        out.push_str(line);
    }
    out
}

/// A unified diff of the change, for `--diff`.
pub fn unified_diff(path: &str, before: &str, after: &str) -> String {
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

/// Temporary files of `--fix` start with this; one left behind (the process was killed between
/// writing and renaming) is removed by a later run once it is `STALE` old.
const TEMP_PREFIX: &str = ".gwlint-fix-";
const STALE: std::time::Duration = std::time::Duration::from_secs(60 * 60);

/// Replaces `path` with `bytes` atomically: a temporary file in the same folder, the original's
/// owner and permissions, then a rename. Refuses read-only files, files with other hard links
/// (the rename would leave the other names on the old text), files whose owner cannot be kept
/// and files changed since they were read.
pub fn write_atomically(path: &Path, original: &[u8], bytes: &[u8]) -> Result<(), String> {
    // Through a symlink, fix the file it points to and keep the link.
    let resolved = std::fs::canonicalize(path).map_err(|e| format!("无法解析路径：{e}"))?;
    let path = resolved.as_path();
    let meta = std::fs::metadata(path).map_err(|e| format!("无法读取文件信息：{e}"))?;
    if meta.permissions().readonly() {
        return Err("文件只读，未修改".into());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.nlink() > 1 {
            return Err(format!(
                "文件有 {} 个硬链接，替换后其他链接仍是旧内容（可先用 --diff 查看修改，手工改正）",
                meta.nlink()
            ));
        }
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .tempfile_in(dir)
        .map_err(|e| format!("无法在所在目录创建临时文件：{e}"))?;
    remove_stale_temps(dir, tmp.path());
    tmp.write_all(bytes)
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| format!("无法写入临时文件：{e}"))?;
    keep_owner(tmp.as_file(), &meta)?;
    // After the owner: changing it clears set-user-ID and set-group-ID bits.
    std::fs::set_permissions(tmp.path(), meta.permissions())
        .map_err(|e| format!("无法设置权限：{e}"))?;
    // Someone may have saved the file while it was being checked: keep their version.
    match std::fs::read(path) {
        Ok(now) if now == original => {}
        _ => return Err("文件在检查期间被改动，未修改".into()),
    }
    tmp.persist(path)
        .map_err(|e| format!("无法替换原文件：{}", e.error))?;
    Ok(())
}

/// Gives the new file the original's owner and group. Where that is not allowed (another
/// user's file, writable through its group) the file is left alone rather than handed over.
#[cfg(unix)]
fn keep_owner(file: &std::fs::File, meta: &std::fs::Metadata) -> Result<(), String> {
    use std::os::unix::fs::MetadataExt;
    let made = file
        .metadata()
        .map_err(|e| format!("无法读取临时文件信息：{e}"))?;
    if (made.uid(), made.gid()) == (meta.uid(), meta.gid()) {
        return Ok(());
    }
    std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid())).map_err(|_| {
        format!(
            "替换后文件的所有者会从 {}:{} 变为 {}:{}（无权保留）",
            meta.uid(),
            meta.gid(),
            made.uid(),
            made.gid()
        )
    })
}

#[cfg(not(unix))]
fn keep_owner(_: &std::fs::File, _: &std::fs::Metadata) -> Result<(), String> {
    Ok(())
}

/// Removes this run's user's `.gwlint-fix-*` files in `dir` older than `STALE`, once per folder
/// per run; `ours` is the temporary file just made. Failures are ignored: they are leftovers.
fn remove_stale_temps(dir: &Path, ours: &Path) {
    static SWEPT: std::sync::Mutex<Vec<std::path::PathBuf>> = std::sync::Mutex::new(Vec::new());
    {
        let mut swept = SWEPT.lock().unwrap_or_else(|e| e.into_inner());
        if swept.iter().any(|d| d == dir) {
            return;
        }
        swept.push(dir.to_path_buf());
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    #[cfg(unix)]
    let me = {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(ours).map(|m| m.uid()).ok()
    };
    let now = std::time::SystemTime::now();
    for entry in entries.flatten() {
        let path = entry.path();
        let is_temp = entry
            .file_name()
            .to_str()
            .is_some_and(|n| n.starts_with(TEMP_PREFIX));
        if !is_temp || path == ours {
            continue;
        }
        // Not through symlinks, and only regular files.
        let Ok(m) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if !m.file_type().is_file() {
            continue;
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            if Some(m.uid()) != me {
                continue;
            }
        }
        let old = m
            .modified()
            .ok()
            .and_then(|t| now.duration_since(t).ok())
            .is_some_and(|age| age > STALE);
        if old {
            let _ = std::fs::remove_file(&path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_endings_are_restored_line_by_line() {
        let original = "一\r\n二\n三\r四";
        assert_eq!(restore_line_endings(original, "1\n2\n3\n4"), "1\r\n2\n3\r4");
    }

    #[test]
    fn a_changed_or_read_only_file_is_left_alone() {
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join("a.txt");
        std::fs::write(&p, "新内容").unwrap();
        assert!(write_atomically(&p, "旧内容".as_bytes(), b"x").is_err());
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "新内容");
        write_atomically(&p, "新内容".as_bytes(), "修改后".as_bytes()).unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "修改后");
        let mut perm = std::fs::metadata(&p).unwrap().permissions();
        perm.set_readonly(true);
        std::fs::set_permissions(&p, perm).unwrap();
        let e = write_atomically(&p, "修改后".as_bytes(), b"y").unwrap_err();
        assert!(e.contains("只读"));
    }
}
