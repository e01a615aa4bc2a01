//! `check --annotate`: findings handed back where clerks and reviewers read. A .docx gets a copy
//! with a Word comment on the flagged characters of every finding (and, in `track` mode, each
//! safe fix as a tracked change); a .txt/.md gets one self-contained HTML page with the findings
//! marked and explained on hover. The checked file itself is never written.

mod comment;
mod docx;
mod html;

use std::io::Write as _;
use std::path::{Component, Path, PathBuf};

use crate::document::{Document, Format};
use crate::finding::Diagnostic;
use crate::rules::{Fix, Rule};

/// Where the annotated copies go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// Under this folder, mirroring the checked paths.
    Dir(PathBuf),
    /// Beside the original, the suffix before the extension: 通知.审校.docx.
    Suffix(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Comment,
    /// Safe fixes as tracked changes (w:del/w:ins), each with its comment.
    Track,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub place: Place,
    pub mode: Mode,
}

/// A finding to annotate: the diagnostic and, in track mode, the replacement to propose.
pub(crate) struct Note<'a> {
    pub d: &'a Diagnostic,
    pub change: Option<&'a str>,
}

/// Where an annotated copy went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub path: PathBuf,
    /// The path the copy would have had, when a file there (from an earlier run, another
    /// input of this one, anything) made it take a numbered name instead.
    pub taken: Option<PathBuf>,
}

/// How many numbered names (通知 (2).html …) are tried before giving up.
const MAX_NUMBERED: u32 = 999;

/// Writes the annotated copy of one checked file and returns where it went.
pub fn write(
    req: &Request,
    path: &Path,
    bytes: &[u8],
    doc: &Document,
    diagnostics: &[Diagnostic],
    rules: &[Rule],
) -> Result<Written, String> {
    let docx = doc.format == Format::Docx;
    let out = output_path(&req.place, path, docx)?;
    let content = render(req.mode, bytes, doc, diagnostics, rules)?;
    let path = write_new(&out, &content)?;
    let taken = (path != out).then_some(out);
    Ok(Written { path, taken })
}

/// The annotated copy itself: the .docx (`bytes`, the checked file) with a comment per
/// finding, or the HTML page of a text document. Nothing is written (the fuzz target calls it).
pub fn render(
    mode: Mode,
    bytes: &[u8],
    doc: &Document,
    diagnostics: &[Diagnostic],
    rules: &[Rule],
) -> Result<Vec<u8>, String> {
    let notes: Vec<Note> = diagnostics
        .iter()
        .map(|d| Note {
            d,
            change: (mode == Mode::Track
                && rules.iter().any(|r| r.id == d.rule() && r.fix == Fix::Safe))
            .then_some(d.suggestion())
            .flatten(),
        })
        .collect();
    if doc.format == Format::Docx {
        docx::annotate(bytes, doc, &notes)
    } else {
        Ok(html::page(doc, &notes).into_bytes())
    }
}

/// The copy's path: never the original's.
fn output_path(place: &Place, path: &Path, docx: bool) -> Result<PathBuf, String> {
    let ext = if docx { "docx" } else { "html" };
    let out = match place {
        Place::Dir(dir) => {
            // Mirror a relative path inside the folder; an absolute or `..` one by its name.
            let inside = path
                .components()
                .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
            let rel = if inside {
                path.to_path_buf()
            } else {
                PathBuf::from(path.file_name().ok_or("路径没有文件名")?)
            };
            dir.join(rel).with_extension(ext)
        }
        Place::Suffix(suffix) => {
            let stem = path
                .file_stem()
                .ok_or("路径没有文件名")?
                .to_string_lossy()
                .into_owned();
            path.with_file_name(format!("{stem}{suffix}.{ext}"))
        }
    };
    // A bare file name's folder is the current one (its parent is the empty path).
    let parent = out.parent().map(|p| match p.as_os_str().is_empty() {
        true => Path::new("."),
        false => p,
    });
    let same = match (std::fs::canonicalize(path), parent) {
        (Ok(original), Some(parent)) => std::fs::canonicalize(parent)
            .ok()
            .and_then(|p| out.file_name().map(|n| p.join(n)))
            .is_some_and(|o| o == original),
        _ => out == path,
    };
    if same {
        return Err("批注副本的路径与原文件相同，未写出（请换一个目录或后缀）".into());
    }
    Ok(out)
}

/// Writes a whole file at once (a temporary file beside it, then a link to its name, so a
/// reader never sees half a copy) under `path` or, when anything is there already, the first
/// free numbered name: nothing that exists is ever replaced, neither a file of the user's, nor a
/// symlink (which may point at the checked file), nor another input's copy of this run.
fn write_new(path: &Path, bytes: &[u8]) -> Result<PathBuf, String> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(|e| format!("无法创建目录 {}：{e}", dir.display()))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".gwlint-annotate-")
        .tempfile_in(dir)
        .map_err(|e| format!("无法在 {} 创建临时文件：{e}", dir.display()))?;
    tmp.write_all(bytes)
        .map_err(|e| format!("无法写入批注副本：{e}"))?;
    for n in 1..=MAX_NUMBERED {
        let candidate = numbered(path, n);
        match tmp.persist_noclobber(&candidate) {
            Ok(_) => return Ok(candidate),
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => tmp = e.file,
            Err(e) => return Err(format!("无法写出 {}：{}", candidate.display(), e.error)),
        }
    }
    Err(format!(
        "{} 及其编号名（到 ({MAX_NUMBERED})）都已存在，未写出",
        path.display()
    ))
}

/// `path` itself for 1, else 通知 (2).html beside it.
fn numbered(path: &Path, n: u32) -> PathBuf {
    if n == 1 {
        return path.to_path_buf();
    }
    let stem = path.file_stem().unwrap_or_default().to_string_lossy();
    let name = match path.extension() {
        Some(ext) => format!("{stem} ({n}).{}", ext.to_string_lossy()),
        None => format!("{stem} ({n})"),
    };
    path.with_file_name(name)
}

/// A finding with no extent (a missing mark) still needs characters to hang on: the one
/// before it, else the one after.
pub(crate) fn widen(text: &str, start: usize, end: usize) -> (usize, usize) {
    if start < end {
        return (start, end);
    }
    if let Some(c) = text[..start].chars().next_back() {
        (start - c.len_utf8(), start)
    } else if let Some(c) = text[start..].chars().next() {
        (start, start + c.len_utf8())
    } else {
        (start, end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_mirror_paths_and_never_replace_the_original() {
        let dir = Place::Dir("审校".into());
        assert_eq!(
            output_path(&dir, Path::new("a/通知.docx"), true).unwrap(),
            Path::new("审校/a/通知.docx")
        );
        assert_eq!(
            output_path(&dir, Path::new("/x/../通知.txt"), false).unwrap(),
            Path::new("审校/通知.html")
        );
        let suffix = Place::Suffix(".审校".into());
        assert_eq!(
            output_path(&suffix, Path::new("a/通知.docx"), true).unwrap(),
            Path::new("a/通知.审校.docx")
        );
        let t = tempfile::tempdir().unwrap();
        let original = t.path().join("通知.docx");
        std::fs::write(&original, b"x").unwrap();
        let err = output_path(&Place::Suffix(String::new()), &original, true).unwrap_err();
        assert!(err.contains("相同"), "{err}");
    }

    #[test]
    fn copies_never_replace_what_is_there() {
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join("通知.html");
        std::fs::write(&out, "the user's own page").unwrap();
        let first = write_new(&out, b"copy 1").unwrap();
        assert_eq!(first, t.path().join("通知 (2).html"));
        let second = write_new(&out, b"copy 2").unwrap();
        assert_eq!(second, t.path().join("通知 (3).html"));
        assert_eq!(
            std::fs::read_to_string(&out).unwrap(),
            "the user's own page"
        );
        assert_eq!(std::fs::read(&first).unwrap(), b"copy 1");
        assert_eq!(std::fs::read(&second).unwrap(), b"copy 2");
        let fresh = t.path().join("a/说明");
        assert_eq!(write_new(&fresh, b"x").unwrap(), fresh);
        assert_eq!(numbered(&fresh, 4), t.path().join("a/说明 (4)"));
        let left: Vec<_> = std::fs::read_dir(t.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().starts_with(".gwlint"))
            .collect();
        assert!(left.is_empty(), "temporary files left: {left:?}");
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_where_the_copy_goes_is_left_alone() {
        let t = tempfile::tempdir().unwrap();
        let original = t.path().join("原件.txt");
        std::fs::write(&original, "原文").unwrap();
        let link = t.path().join("通知.html");
        std::os::unix::fs::symlink(&original, &link).unwrap();
        let written = write_new(&link, b"copy").unwrap();
        assert_eq!(written, t.path().join("通知 (2).html"));
        assert_eq!(std::fs::read_to_string(&original).unwrap(), "原文");
        assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    }

    #[test]
    fn empty_findings_hang_on_a_neighbour() {
        assert_eq!(widen("通知，", 6, 6), (3, 6));
        assert_eq!(widen("通知", 0, 0), (0, 3));
        assert_eq!(widen("", 0, 0), (0, 0));
        assert_eq!(widen("通知", 0, 3), (0, 3));
    }
}
