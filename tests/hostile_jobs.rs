//! `-j` past any sensible number: clamped to four workers per core, so a million does not
//! spawn a million threads; the batch runs as usual.

mod common;

use std::time::{Duration, Instant};

use common::{check_json_in, gwlint};

#[test]
fn a_million_jobs_are_clamped_and_the_batch_runs() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    std::fs::write(d.join("好.txt"), "各单位：\n请按时报送xx材料。\n").unwrap();
    std::fs::write(d.join("空字节.txt"), b"\xe5\x90\x84\n\x00\x00\n").unwrap();
    let started = Instant::now();
    let (code, r) = check_json_in(d, &["-j", "1000000", "好.txt", "空字节.txt"]);
    // Unclamped, this ran past a minute spawning threads.
    assert!(started.elapsed() < Duration::from_secs(20));
    assert_eq!(code, Some(2), "{r:#}");
    assert_eq!(r["summary"]["files"], 1);
    assert_eq!(r["errors"][0]["path"], "空字节.txt");
    assert!(r["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["text"] == "xx"));
    // report too.
    let out = gwlint()
        .current_dir(d)
        .args(["report", "-j", "1000000", "好.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    // Not a number: a usage error naming the value.
    let out = gwlint()
        .current_dir(d)
        .args(["check", "-j", "很多", "好.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("线程数“很多”无效"));
    // The clamp is documented where -j is.
    let out = gwlint().args(["check", "--help"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("最多核心数的 4 倍"));
}
