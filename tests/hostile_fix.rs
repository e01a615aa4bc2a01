//! `--fix` on files that a plain rename would damage: hard links, other owners, modes; and
//! temporary files a killed run left behind.

mod common;

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::time::{Duration, SystemTime};

use common::error_for;
use serde_json::Value;

/// A half-width colon between Chinese words: a safe fix.
const DRAFT: &str = "市财政局:\n请按时报送材料。\n";
const FIXED: &str = "市财政局：\n请按时报送材料。\n";

fn is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// `gwlint check --fix --format json FILES` in `dir`, as `nobody` when `as_nobody`.
fn fix(dir: &Path, files: &[&str], as_nobody: bool) -> (Option<i32>, Value) {
    let bin = assert_cmd::cargo::cargo_bin("gwlint");
    let mut cmd = if as_nobody {
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(&bin);
        c
    } else {
        std::process::Command::new(&bin)
    };
    let out = cmd
        .current_dir(dir)
        .args(["check", "--fix", "--format", "json"])
        .args(files)
        .output()
        .unwrap();
    let r = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code(), r)
}

#[test]
fn hard_linked_files_are_left_alone_and_the_rest_fixed() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    std::fs::write(d.join("稿.txt"), DRAFT).unwrap();
    std::fs::hard_link(d.join("稿.txt"), d.join("另一个名字.txt")).unwrap();
    std::fs::write(d.join("好.txt"), DRAFT).unwrap();
    let (code, r) = fix(d, &["稿.txt", "好.txt"], false);
    assert_eq!(code, Some(2), "{r:#}");
    assert_eq!(
        error_for(&r, "稿.txt"),
        "未修改：文件有 2 个硬链接，替换后其他链接仍是旧内容（可先用 --diff 查看修改，手工改正）"
    );
    assert_eq!(std::fs::read_to_string(d.join("稿.txt")).unwrap(), DRAFT);
    assert_eq!(std::fs::read_to_string(d.join("好.txt")).unwrap(), FIXED);
}

#[test]
fn mode_and_owner_are_kept() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    let p = d.join("稿.txt");
    std::fs::write(&p, DRAFT).unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
    if is_root() {
        std::os::unix::fs::chown(&p, Some(65534), Some(65534)).unwrap();
    }
    let before = std::fs::metadata(&p).unwrap();
    let (code, r) = fix(d, &["稿.txt"], false);
    assert_eq!(code, Some(0), "{r:#}");
    assert_eq!(std::fs::read_to_string(&p).unwrap(), FIXED);
    let after = std::fs::metadata(&p).unwrap();
    assert_ne!(before.ino(), after.ino(), "replaced, not written in place");
    assert_eq!(after.mode() & 0o7777, 0o640);
    assert_eq!((after.uid(), after.gid()), (before.uid(), before.gid()));
}

/// A user who may write another user's file (through its mode) cannot make the new file that
/// user's: the file is left alone rather than handed over. Needs root to set up (setpriv).
#[test]
fn another_users_file_is_not_handed_over() {
    if !is_root() {
        eprintln!("skipped: needs root to run as nobody");
        return;
    }
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o777)).unwrap();
    let p = d.join("稿.txt");
    std::fs::write(&p, DRAFT).unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o666)).unwrap();
    std::fs::write(d.join("好.txt"), DRAFT).unwrap();
    std::os::unix::fs::chown(d.join("好.txt"), Some(65534), Some(65534)).unwrap();
    let (code, r) = fix(d, &["稿.txt", "好.txt"], true);
    assert_eq!(code, Some(2), "{r:#}");
    assert_eq!(
        error_for(&r, "稿.txt"),
        "未修改：替换后文件的所有者会从 0:0 变为 65534:65534（无权保留）"
    );
    assert_eq!(std::fs::read_to_string(&p).unwrap(), DRAFT);
    assert_eq!(std::fs::metadata(&p).unwrap().uid(), 0);
    assert_eq!(std::fs::read_to_string(d.join("好.txt")).unwrap(), FIXED);
}

#[test]
fn stale_temporary_files_are_cleaned_up() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    let stale = d.join(".gwlint-fix-stale");
    let fresh = d.join(".gwlint-fix-fresh");
    std::fs::write(&stale, "半截").unwrap();
    std::fs::write(&fresh, "另一个进程正在写").unwrap();
    std::fs::File::options()
        .write(true)
        .open(&stale)
        .unwrap()
        .set_modified(SystemTime::now() - Duration::from_secs(2 * 60 * 60))
        .unwrap();
    // A folder that looks like one is not touched.
    std::fs::create_dir(d.join(".gwlint-fix-dir")).unwrap();
    std::fs::write(d.join("稿.txt"), DRAFT).unwrap();
    let (code, r) = fix(d, &["稿.txt"], false);
    assert_eq!(code, Some(0), "{r:#}");
    assert_eq!(std::fs::read_to_string(d.join("稿.txt")).unwrap(), FIXED);
    assert!(!stale.exists(), "an hour-old leftover is removed");
    assert!(fresh.exists(), "a recent one may be another run's");
    assert!(d.join(".gwlint-fix-dir").is_dir());
    let left: Vec<_> = std::fs::read_dir(d)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".gwlint-fix-"))
        .collect();
    assert_eq!(left.len(), 2, "{left:?}");
}
