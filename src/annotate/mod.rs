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

/// Writes the annotated copy of one checked file and returns its path.
pub fn write(
    req: &Request,
    path: &Path,
    bytes: &[u8],
    doc: &Document,
    diagnostics: &[Diagnostic],
    rules: &[Rule],
) -> Result<PathBuf, String> {
    let docx = doc.format == Format::Docx;
    let out = output_path(&req.place, path, docx)?;
    let notes: Vec<Note> = diagnostics
        .iter()
        .map(|d| Note {
            d,
            change: (req.mode == Mode::Track
                && rules.iter().any(|r| r.id == d.rule && r.fix == Fix::Safe))
            .then_some(d.suggestion.as_deref())
            .flatten(),
        })
        .collect();
    let content = if docx {
        docx::annotate(bytes, doc, &notes)?
    } else {
        html::page(doc, &notes).into_bytes()
    };
    write_new(&out, &content)?;
    Ok(out)
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

/// Writes a whole file at once: a temporary file beside it, then a rename, so a reader never
/// sees half a copy.
fn write_new(path: &Path, bytes: &[u8]) -> Result<(), String> {
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
    tmp.persist(path)
        .map_err(|e| format!("无法写出 {}：{}", path.display(), e.error))?;
    Ok(())
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
    fn empty_findings_hang_on_a_neighbour() {
        assert_eq!(widen("通知，", 6, 6), (3, 6));
        assert_eq!(widen("通知", 0, 0), (0, 3));
        assert_eq!(widen("", 0, 0), (0, 0));
        assert_eq!(widen("通知", 0, 3), (0, 3));
    }
}
