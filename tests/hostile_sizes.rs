//! Pathological sizes, checked for what a user sees: one file with millions of findings lists
//! the first `--max-findings` and counts the rest; a long run of one character is one finding;
//! a line longer than a paragraph is checked in pieces with correct positions. Peak memory and
//! time of the same cases at full size are measured by bench/sizes.sh.

mod common;

use common::{gwlint, valid_report};
use serde_json::Value;

fn check(dir: &std::path::Path, args: &[&str]) -> (Option<i32>, Value) {
    let out = gwlint()
        .current_dir(dir)
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    (out.status.code(), valid_report(&out.stdout))
}

fn file<'a>(r: &'a Value, path: &str) -> &'a Value {
    r["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == path)
        .unwrap_or_else(|| panic!("no {path} in {r:#}"))
}

#[test]
fn a_file_with_a_million_findings_lists_the_first_ones_and_counts_the_rest() {
    let t = tempfile::tempdir().unwrap();
    std::fs::write(t.path().join("病态.txt"), "比如:细化".repeat(200_000)).unwrap();
    std::fs::write(t.path().join("好.txt"), "请××同志参会。\n").unwrap();
    let (code, r) = check(t.path(), &["--max-findings", "500", "病态.txt", "好.txt"]);
    assert_eq!(code, Some(1));
    let bad = file(&r, "病态.txt");
    assert_eq!(bad["diagnostics"].as_array().unwrap().len(), 500);
    assert_eq!(bad["omitted_diagnostics"], 200_000 - 500);
    // The listed ones are the first in the text.
    assert_eq!(bad["diagnostics"][0]["column"], 3);
    assert!(file(&r, "好.txt").get("omitted_diagnostics").is_none());
    assert!(!file(&r, "好.txt")["diagnostics"]
        .as_array()
        .unwrap()
        .is_empty());

    let human = gwlint()
        .current_dir(t.path())
        .args(["check", "--max-findings", "3", "病态.txt"])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&human.stdout);
    assert!(said.contains("另有 199997 处问题未列出"), "{said}");
}

#[test]
fn a_run_of_one_character_is_one_finding_and_quick() {
    let t = tempfile::tempdir().unwrap();
    // 80,000 characters: within one paragraph piece (a longer run is one finding per piece).
    let run = format!("会议{}决定。\n", "的".repeat(80_000));
    std::fs::write(t.path().join("的.txt"), &run).unwrap();
    std::fs::write(t.path().join("三.txt"), "会议的的的决定。\n").unwrap();
    let started = std::time::Instant::now();
    let (_, r) = check(
        t.path(),
        &["--select", "wording/duplicate-char", "的.txt", "三.txt"],
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(60));
    let hits = file(&r, "的.txt")["diagnostics"].as_array().unwrap();
    assert_eq!(hits.len(), 1, "{} findings", hits.len());
    assert_eq!(hits[0]["column"], 4);
    assert_eq!(hits[0]["end_column"], 2 + 80_000 + 1);
    // Every extra copy is in the one finding, so one fix removes them all.
    let three = &file(&r, "三.txt")["diagnostics"][0];
    assert_eq!(three["text"], "的的");
    assert_eq!(three["suggestion"], "");
}

#[test]
fn a_line_longer_than_a_paragraph_is_checked_in_pieces_at_the_right_places() {
    let t = tempfile::tempdir().unwrap();
    // 120,000 characters (360 KB) on one line, a slip near the end, past the first piece.
    let mut line = "各单位要认真落实工作要求。".repeat(10_000);
    line.push_str("请于3月5日前报送,逾期不候。");
    std::fs::write(t.path().join("长.txt"), format!("{line}\n")).unwrap();
    let (_, r) = check(
        t.path(),
        &["--select", "punctuation/halfwidth-in-cjk", "长.txt"],
    );
    let hits = file(&r, "长.txt")["diagnostics"].as_array().unwrap();
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0]["line"], 1);
    assert_eq!(hits[0]["column"], 130_000 + 10);
    assert_eq!(hits[0]["text"], ",");
}
