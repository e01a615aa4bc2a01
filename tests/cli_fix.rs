//! `--fix`, `--diff`, `--unsafe-fixes`: tiers, encodings and line endings kept, idempotence,
//! files that must not be touched.

mod common;

use std::path::Path;

use common::*;
use predicates::prelude::*;

/// Safe: half-width colon, doubled comma, stray space. Unsafe: 布署 → 部署.
const DRAFT: &str = "市财政局:\r\n请于2024年4月1日前完成经费布署，，确保试点 按期启动。\r\n";
const SAFE_FIXED: &str = "市财政局：\r\n请于2024年4月1日前完成经费布署，确保试点按期启动。\r\n";

fn gbk(text: &str) -> Vec<u8> {
    encoding_rs::GBK.encode(text).0.into_owned()
}

fn fix(dir: &Path, args: &[&str]) -> std::process::Output {
    gwlint()
        .current_dir(dir)
        .args(["check", "--color", "never"])
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn fix_applies_safe_fixes_keeps_gbk_and_crlf_and_is_idempotent() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("请示.txt");
    std::fs::write(&p, gbk(DRAFT)).unwrap();
    let out = fix(t.path(), &["--fix", "请示.txt"]);
    assert_eq!(out.status.code(), Some(1), "布署 remains: an error");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("已自动修改 3 处（1 个文件）"), "{stdout}");
    assert!(stdout.contains("wording/typo-common"));
    assert!(!stdout.contains("halfwidth-in-cjk"));
    assert_eq!(std::fs::read(&p).unwrap(), gbk(SAFE_FIXED));

    // A second run changes nothing.
    let out = fix(t.path(), &["--fix", "请示.txt"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("已自动修改 0 处"));
    assert_eq!(std::fs::read(&p).unwrap(), gbk(SAFE_FIXED));

    // Wording substitutions need --unsafe-fixes.
    let out = fix(t.path(), &["--fix", "--unsafe-fixes", "请示.txt"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        std::fs::read(&p).unwrap(),
        gbk(&SAFE_FIXED.replace("布署", "部署"))
    );
}

#[test]
fn diff_shows_changes_without_writing() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("a.txt");
    std::fs::write(&p, DRAFT).unwrap();
    let out = fix(t.path(), &["--diff", "a.txt"]);
    assert_eq!(out.status.code(), Some(1), "a diff means exit 1");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("--- a/a.txt\n+++ b/a.txt\n"), "{stdout}");
    assert!(stdout.contains("-市财政局:\n"), "{stdout}");
    assert!(stdout.contains("+市财政局：\n"), "{stdout}");
    assert!(!stdout.contains("部署"), "unsafe fixes are not shown");
    assert_eq!(std::fs::read_to_string(&p).unwrap(), DRAFT);
    let out = fix(t.path(), &["--diff", "--unsafe-fixes", "a.txt"]);
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .contains("+请于2024年4月1日前完成经费部署"));
    // Nothing to change: exit 0.
    std::fs::write(&p, "各单位：\n请按时报送。\n").unwrap();
    assert_eq!(fix(t.path(), &["--diff", "a.txt"]).status.code(), Some(0));
}

#[test]
fn markdown_fix_leaves_code_alone() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("a.md");
    let md = "# 通知\n\n各单位:请按时报送。\n\n```\n配置:保持原样\n```\n\n行内 `a:b` 代码。\n\n要求\\(见附件\\)。\n";
    std::fs::write(&p, md).unwrap();
    fix(t.path(), &["--fix", "a.md"]);
    assert_eq!(
        std::fs::read_to_string(&p).unwrap(),
        md.replacen("各单位:", "各单位：", 1)
    );
}

#[test]
fn files_that_cannot_be_read_or_written_are_left_untouched() {
    let t = tempfile::tempdir().unwrap();
    // Traditional Chinese in Big5: refused by the decoder, so never rewritten (a misread as
    // GBK would "fix" the colon and garble the file).
    let big5 = b"\xa5\xab\xb0]\xacF\xa7\xbd:\x0a\xbd\xd0\xa9\xf32024\xa6~4\xa4\xeb1\xa4\xe9\xabe\xa7\xb9\xa6\xa8\xb8g\xb6O\xb3\xa1\xb8p\xa1A\xbdT\xabO\xb8\xd5\xc2I\xab\xf6\xb4\xc1\xb1\xd2\xb0\xca\xa1C\xa6U\xb3\xe6\xa6\xec\xc0\xb3\xb7\xed\xbb{\xafu\xb2\xd5\xc2\xb4\xb9\xea\xacI\xa1A\xbdT\xabO\xa8\xfa\xb1o\xb9\xea\xae\xc4\xa1C\x0a".to_vec();
    std::fs::write(t.path().join("big5.txt"), &big5).unwrap();
    let ro = t.path().join("只读.txt");
    std::fs::write(&ro, DRAFT).unwrap();
    let mut perm = std::fs::metadata(&ro).unwrap().permissions();
    perm.set_readonly(true);
    std::fs::set_permissions(&ro, perm).unwrap();
    let out = fix(t.path(), &["--fix", "big5.txt", "只读.txt"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("只读.txt: 未修改：文件只读"), "{stderr}");
    assert!(stderr.contains("big5.txt"), "{stderr}");
    assert_eq!(std::fs::read(t.path().join("big5.txt")).unwrap(), big5);
    assert_eq!(std::fs::read_to_string(&ro).unwrap(), DRAFT);
    // The read-only file's findings are still reported.
    assert!(String::from_utf8_lossy(&out.stdout).contains("halfwidth-in-cjk"));
}

#[test]
fn fix_refuses_stdin_and_unsafe_needs_fix() {
    gwlint()
        .args(["check", "--fix", "-"])
        .write_stdin(DRAFT)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--fix 不能用于标准输入"));
    gwlint()
        .args(["check", "--unsafe-fixes"])
        .arg(fixture("关于开展2024年度安全生产大检查的通知.txt"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--unsafe-fixes"));
}

#[cfg(unix)]
#[test]
fn fix_keeps_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("a.txt");
    std::fs::write(&p, DRAFT).unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
    fix(t.path(), &["--fix", "a.txt"]);
    assert_eq!(std::fs::read_to_string(&p).unwrap(), SAFE_FIXED);
    let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    // No temporary file is left behind.
    let names: Vec<_> = std::fs::read_dir(t.path()).unwrap().collect();
    assert_eq!(names.len(), 1);
    // Through a symlink the target is fixed and the link stays a link.
    let real = t.path().join("real.txt");
    std::fs::write(&real, DRAFT).unwrap();
    std::os::unix::fs::symlink("real.txt", t.path().join("link.txt")).unwrap();
    fix(t.path(), &["--fix", "link.txt"]);
    assert_eq!(std::fs::read_to_string(&real).unwrap(), SAFE_FIXED);
    assert!(std::fs::symlink_metadata(t.path().join("link.txt"))
        .unwrap()
        .file_type()
        .is_symlink());
}

/// kill -9 in the middle of a fix run: every file is either as it was or fully fixed, never
/// half-written (each is written to a temporary file in its folder and renamed over it).
#[test]
fn a_fix_run_killed_midway_leaves_each_file_original_or_fully_fixed() {
    let t = tempfile::tempdir().unwrap();
    let (drafts, fixed) = (t.path().join("drafts"), t.path().join("fixed"));
    for dir in [&drafts, &fixed] {
        std::fs::create_dir(dir).unwrap();
        for i in 0..1500 {
            let text = format!(
                "关于第{i}项工作的通知\n各单位:\n{}请按时报送(第{i}批)材料。\n",
                "请认真组织,按要求推进;".repeat(40)
            );
            std::fs::write(dir.join(format!("{i:04}.txt")), text).unwrap();
        }
    }
    // The fully fixed versions.
    let out = fix(&fixed, &["--fix", "-j1", "."]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("已自动修改"));
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("gwlint"))
        .current_dir(&drafts)
        .args(["check", "--fix", "-j1", "-q", "."])
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Kill as soon as the first file has been replaced (however slow the machine is).
    let first_done = || {
        (0..1500).any(|i| {
            std::fs::read(drafts.join(format!("{i:04}.txt")))
                .is_ok_and(|b| !String::from_utf8_lossy(&b).contains("各单位:"))
        })
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    while !first_done() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    let (mut original, mut done) = (0, 0);
    for i in 0..1500 {
        let name = format!("{i:04}.txt");
        let now = std::fs::read(drafts.join(&name)).unwrap();
        let want = std::fs::read(fixed.join(&name)).unwrap();
        let before = format!(
            "关于第{i}项工作的通知\n各单位:\n{}请按时报送(第{i}批)材料。\n",
            "请认真组织,按要求推进;".repeat(40)
        );
        if now == before.as_bytes() {
            original += 1;
        } else {
            assert_eq!(now, want, "{name} is neither original nor fully fixed");
            done += 1;
        }
    }
    assert!(
        done > 0 && original > 0,
        "killed too early or too late: {done} fixed, {original} not"
    );
}
