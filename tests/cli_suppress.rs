//! Inline suppressions and `--changed-only`, end to end.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

fn located(report: &serde_json::Value) -> Vec<(String, u64)> {
    rule_pairs(&report["files"][0], "line")
        .into_iter()
        .map(|(r, l)| (r, l.parse().unwrap()))
        .collect()
}

#[test]
fn txt_suppressions_with_reasons_unused_and_invalid() {
    let t = tempfile::tempdir().unwrap();
    std::fs::write(
        t.path().join("a.txt"),
        "gwlint-disable-next-line placeholder/x-marks -- 公开文本隐去人名\n\
         请××同志参会。\n\
         gwlint-disable punctuation -- 引用外文原文\n\
         原文:Hello, world.\n\
         gwlint-enable\n\
         市财政局:\n\
         gwlint-disable-next-line wording -- 这里本来有错字，已改\n\
         经费部署。\n\
         gwlint-disable-next-line placeholder/x-marks\n\
         请××同志参会。\n",
    )
    .unwrap();
    let (code, r) = check_json_in(t.path(), &["a.txt"]);
    assert_eq!(code, Some(1));
    assert_eq!(
        located(&r),
        [
            ("punctuation/halfwidth-in-cjk".into(), 6),
            ("placeholder/unused-suppression".into(), 7),
            ("placeholder/invalid-suppression".into(), 9),
            ("placeholder/x-marks".into(), 10),
        ]
    );
    let invalid = &r["files"][0]["diagnostics"][2];
    assert!(invalid["message"].as_str().unwrap().contains("须写明理由"));
    assert_eq!(invalid["severity"], "warning");
    // Ignoring the rule a suppression names makes it neither used nor unused.
    let (_, r) = check_json_in(t.path(), &["--ignore", "wording", "a.txt"]);
    assert!(!located(&r)
        .iter()
        .any(|(rule, _)| rule.ends_with("unused-suppression")));
}

#[test]
fn markdown_comment_suppressions() {
    let t = tempfile::tempdir().unwrap();
    std::fs::write(
        t.path().join("a.md"),
        "<!-- gwlint-disable placeholder -- 模板说明页 -->\n\n请××同志参会。\n\n<!-- gwlint-enable -->\n\n请××同志参会。\n",
    )
    .unwrap();
    let (_, r) = check_json_in(t.path(), &["a.md"]);
    assert_eq!(located(&r), [("placeholder/x-marks".into(), 7)]);
}

fn git(dir: &Path, args: &[&str]) {
    let st = Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
}

#[test]
fn changed_only_reports_just_the_edited_lines() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    git(d, &["init", "-q"]);
    std::fs::write(d.join("旧稿.txt"), "市财政局:\n请按时报送。\n").unwrap();
    git(d, &["add", "."]);
    git(d, &["commit", "-qm", "base"]);
    // One old finding (line 1) stays; line 3 is new with a new finding; a new file counts whole.
    std::fs::write(
        d.join("旧稿.txt"),
        "市财政局:\n请按时报送。\n经费布署完毕。\n",
    )
    .unwrap();
    std::fs::write(d.join("新稿.txt"), "区财政局:\n").unwrap();
    let (code, r) = check_json_in(d, &["--changed-only", "旧稿.txt", "新稿.txt"]);
    assert_eq!(code, Some(1));
    assert_eq!(located(&r), [("wording/typo-common".into(), 3)]);
    let new_file: Vec<_> = r["files"][1]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["line"].as_u64().unwrap())
        .collect();
    assert_eq!(new_file, [1]);
    // Against the commit itself after committing: nothing changed, nothing reported.
    git(d, &["add", "."]);
    git(d, &["commit", "-qm", "edit"]);
    let (code, r) = check_json_in(d, &["--changed-only", "--base", "HEAD", "旧稿.txt"]);
    assert_eq!(
        (code, r["summary"]["diagnostics"].as_u64()),
        (Some(0), Some(0))
    );
    let (_, r) = check_json_in(d, &["--changed-only", "--base", "HEAD~1", "旧稿.txt"]);
    assert_eq!(located(&r), [("wording/typo-common".into(), 3)]);
}
