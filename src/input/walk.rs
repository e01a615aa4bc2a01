//! Which files a check covers: explicit files as given, directories walked for the formats
//! gwlint reads (hidden entries, `.git`, `target/` skipped), in a stable order.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

/// One thing to check: a file on disk, or standard input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    File(PathBuf),
    Stdin,
}

/// A path that could not be walked (missing, unreadable directory).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkError {
    pub path: String,
    pub error: String,
}

/// A file met while walking a directory that gwlint does not read (docs/design.md §1: named, with the
/// reason, in every output). Only document formats are named; images and the like are not.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Skipped {
    pub path: String,
    pub reason: String,
}

/// Document formats met in archives that gwlint does not read, and what to do with them.
const SKIPPED_EXTENSIONS: &[(&str, &str)] = &[
    ("dot", "Word 模板不读：请另存为 .docx"),
    ("wpt", "WPS 模板不读：请另存为 .docx"),
    ("rtf", "RTF 格式不读：请另存为 .docx 或 .txt"),
    ("odt", "ODF 文档不读：请另存为 .docx"),
];

/// Why a walked file of this name is not read, if it is a document format gwlint skips.
pub fn skip_reason(path: &Path) -> Option<&'static str> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    SKIPPED_EXTENSIONS
        .iter()
        .find(|(e, _)| *e == ext)
        .map(|(_, r)| *r)
}

/// Extensions picked up when walking a directory. Files named explicitly are checked whatever
/// their extension (the reader decides whether it can read them).
const WALKED_EXTENSIONS: &[&str] = &["txt", "md", "markdown", "docx", "doc", "wps", "pdf", "ofd"];

const SKIPPED_DIRS: &[&str] = &["target", "node_modules"];

pub fn collect(paths: &[PathBuf]) -> (Vec<Input>, Vec<WalkError>) {
    let (inputs, errors, _) = collect_all(paths);
    (inputs, errors)
}

/// The inputs, the paths that could not be walked, and the document files met while walking
/// that are not read (by extension).
pub fn collect_all(paths: &[PathBuf]) -> (Vec<Input>, Vec<WalkError>, Vec<Skipped>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    let mut skipped = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
        } else if path.is_dir() {
            walk_dir(path, &mut inputs, &mut errors, &mut skipped);
        } else if path.is_file() {
            inputs.push(Input::File(path.clone()));
        } else {
            let error = if path.exists() {
                "不是普通文件（设备、管道等），不检查"
            } else if path.symlink_metadata().is_ok() {
                "符号链接指向的文件不存在"
            } else {
                "文件或目录不存在"
            };
            errors.push(WalkError {
                path: path.display().to_string(),
                error: error.into(),
            });
        }
    }
    (inputs, errors, skipped)
}

fn walk_dir(
    root: &Path,
    inputs: &mut Vec<Input>,
    errors: &mut Vec<WalkError>,
    skipped: &mut Vec<Skipped>,
) {
    let walker = WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_skipped(e));
    for entry in walker {
        match entry {
            // A symlink to a file counts as that file; directories are never followed, so
            // link loops cannot trap the walk.
            Ok(e) if is_file(&e) && has_walked_extension(e.path()) => {
                inputs.push(Input::File(e.into_path()));
            }
            Ok(e) if is_file(&e) => {
                if let Some(reason) = skip_reason(e.path()) {
                    let path = e.path().display().to_string();
                    skipped.push(Skipped {
                        path: path.strip_prefix("./").map(str::to_owned).unwrap_or(path),
                        reason: reason.to_owned(),
                    });
                }
            }
            Ok(_) => {}
            Err(err) => errors.push(WalkError {
                path: err.path().unwrap_or(root).display().to_string(),
                error: format!("无法读取目录：{}", io_reason(&err)),
            }),
        }
    }
}

fn is_file(e: &walkdir::DirEntry) -> bool {
    e.file_type().is_file() || (e.path_is_symlink() && e.path().is_file())
}

fn is_skipped(entry: &walkdir::DirEntry) -> bool {
    let name = entry.file_name().to_string_lossy();
    // ~$草稿.docx: the lock file Word keeps beside an open document.
    name.starts_with('.')
        || name.starts_with("~$")
        || (entry.file_type().is_dir() && SKIPPED_DIRS.contains(&name.as_ref()))
}

fn has_walked_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| WALKED_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

fn io_reason(err: &walkdir::Error) -> String {
    match err.io_error() {
        Some(io) if io.kind() == std::io::ErrorKind::PermissionDenied => "没有读取权限".into(),
        Some(io) => crate::messages::io_error(io),
        None if err.loop_ancestor().is_some() => "符号链接形成循环".into(),
        None => crate::messages::localise(&err.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_known_extensions_and_skips_hidden_and_target() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for f in [
            "b.txt",
            "a.md",
            "c.png",
            ".hidden.txt",
            "sub/d.TXT",
            ".git/e.txt",
            "target/f.txt",
        ] {
            let p = root.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "x").unwrap();
        }
        let (inputs, errors, skipped) = collect_all(&[root.to_path_buf()]);
        assert!(errors.is_empty());
        assert!(skipped.is_empty(), "images are not documents: {skipped:?}");
        let names: Vec<_> = inputs
            .iter()
            .map(|i| match i {
                Input::File(p) => p.strip_prefix(root).unwrap().display().to_string(),
                Input::Stdin => "-".into(),
            })
            .collect();
        assert_eq!(names, ["a.md", "b.txt", "sub/d.TXT"]);
    }

    #[test]
    fn missing_path_is_an_error_not_a_panic() {
        let (inputs, errors) = collect(&[PathBuf::from("/nonexistent/x.txt"), PathBuf::from("-")]);
        assert_eq!(inputs, [Input::Stdin]);
        assert_eq!(errors[0].error, "文件或目录不存在");
    }

    #[test]
    fn document_formats_not_read_are_named_with_what_to_do() {
        let dir = tempfile::tempdir().unwrap();
        for f in [
            "a.doc", "b.WPS", "c.pdf", "d.txt", "e.ofd", "f.rtf", "g.odt", "h.dot",
        ] {
            std::fs::write(dir.path().join(f), "x").unwrap();
        }
        let (inputs, _, skipped) = collect_all(&[dir.path().to_path_buf()]);
        assert_eq!(inputs.len(), 5);
        assert_eq!(skipped.len(), 3, "{skipped:?}");
        assert!(skipped[0].reason.contains("另存为 .docx"));
    }
}
