//! Paths in a report are relative to the audited folder: an office head reads
//! `2025年/办公室/关于….docx`, not the machine's `/home/…/archive/2025年/…` on every row.

use std::path::{Component, Path, PathBuf};

/// The folder the report's paths are relative to: the folder given on the command line; for
/// several, the folder they all lie in; for a file, the folder it is in.
#[derive(Debug, Clone, Default)]
pub struct Root {
    base: PathBuf,
}

impl Root {
    pub fn of(inputs: &[PathBuf]) -> Self {
        let folders = inputs.iter().map(|p| {
            if p.is_dir() {
                p.clone()
            } else {
                p.parent().map(Path::to_path_buf).unwrap_or_default()
            }
        });
        let base = folders
            .map(|f| normal(&f))
            .reduce(|a, b| {
                a.components()
                    .zip(b.components())
                    .take_while(|(x, y)| x == y)
                    .map(|(x, _)| x)
                    .collect()
            })
            .unwrap_or_default();
        Root { base }
    }

    /// `path` as written by the pipeline, relative to the root when it lies within it.
    pub fn show(&self, path: &str) -> String {
        if self.base.as_os_str().is_empty() {
            return path.to_owned();
        }
        match normal(Path::new(path)).strip_prefix(&self.base) {
            Ok(rel) if !rel.as_os_str().is_empty() => rel.to_string_lossy().into_owned(),
            _ => path.to_owned(),
        }
    }
}

/// Without `./` parts, so that `./档案` and `档案/` are the same folder.
fn normal(p: &Path) -> PathBuf {
    p.components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_to_the_folder_given() {
        let t = tempfile::tempdir().unwrap();
        let archive = t.path().join("档案");
        std::fs::create_dir_all(archive.join("甲局")).unwrap();
        std::fs::create_dir_all(archive.join("乙局")).unwrap();
        let file = archive.join("甲局/通知.txt");
        std::fs::write(&file, "x").unwrap();
        let root = Root::of(std::slice::from_ref(&archive));
        assert_eq!(root.show(&file.display().to_string()), "甲局/通知.txt");
        // Several folders: the one they share.
        let root = Root::of(&[archive.join("甲局"), archive.join("乙局")]);
        assert_eq!(root.show(&file.display().to_string()), "甲局/通知.txt");
        // A file: the folder it is in.
        let root = Root::of(std::slice::from_ref(&file));
        assert_eq!(root.show(&file.display().to_string()), "通知.txt");
        // Outside the root, or no root: as written.
        assert_eq!(root.show("/elsewhere/a.txt"), "/elsewhere/a.txt");
        assert_eq!(Root::default().show("a/b.txt"), "a/b.txt");
    }

    #[test]
    fn dot_prefixes_do_not_matter() {
        let root = Root {
            base: normal(Path::new("./档案/")),
        };
        assert_eq!(root.show("档案/甲局/a.txt"), "甲局/a.txt");
        assert_eq!(root.show("./档案/甲局/a.txt"), "甲局/a.txt");
    }
}
