//! `report --merge` and `--baseline` read JSON results: within --max-file-size, of the format
//! version this gwlint writes, each refused shard named with the reason and the others merged.

mod common;

use common::{error_for, report_in as report};
use serde_json::Value;

/// A folder with a shard `好.json` (one file, a placeholder in it).
fn shard_dir() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    std::fs::write(t.path().join("好.txt"), "各单位：\n请按时报送xx材料。\n").unwrap();
    let (code, out, err) = report(t.path(), &["--format", "json", "好.txt"]);
    assert_eq!(code, Some(0), "{err}");
    std::fs::write(t.path().join("好.json"), out).unwrap();
    t
}

#[test]
fn merge_refuses_big_and_other_version_shards_and_merges_the_rest() {
    let t = shard_dir();
    let d = t.path();
    let good = std::fs::read_to_string(d.join("好.json")).unwrap();
    // 2 MB of results: over a 1M limit.
    let big = good.replacen(
        "\"files\":[",
        &format!("\"padding\":\"{}\",\"files\":[", "x".repeat(2 << 20)),
        1,
    );
    std::fs::write(d.join("大.json"), big).unwrap();
    std::fs::write(
        d.join("新版.json"),
        good.replacen("\"version\":1", "\"version\":2", 1),
    )
    .unwrap();
    std::fs::write(d.join("无版本.json"), r#"{"files": []}"#).unwrap();
    let (code, out, err) = report(
        d,
        &[
            "--format",
            "json",
            "--max-file-size",
            "1M",
            "--merge",
            "大.json",
            "新版.json",
            "无版本.json",
            "好.json",
        ],
    );
    assert_eq!(code, Some(2), "{err}");
    let r: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        error_for(&r, "大.json"),
        "超过 --max-file-size（1 MB），不读取（确是检查结果的话，可用 --max-file-size 调大）"
    );
    assert_eq!(
        error_for(&r, "新版.json"),
        "结果的格式版本（version）是 2，本版 gwlint 只读版本 1：请用本版 gwlint 重新生成"
    );
    assert!(error_for(&r, "无版本.json").contains("缺少 version 字段"));
    // The good shard is merged all the same.
    assert_eq!(r["files"].as_array().unwrap().len(), 1, "{r:#}");
    assert_eq!(r["files"][0]["path"], "好.txt");
    assert!(
        err.contains("大.json") && err.contains("新版.json"),
        "{err}"
    );
}

#[test]
fn a_baseline_too_big_or_of_another_version_is_refused() {
    let t = shard_dir();
    let d = t.path();
    let good = std::fs::read_to_string(d.join("好.json")).unwrap();
    std::fs::write(
        d.join("新版.json"),
        good.replacen("\"version\":1", "\"version\":2", 1),
    )
    .unwrap();
    let (code, _, err) = report(d, &["--baseline", "新版.json", "好.txt"]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("新版.json") && err.contains("格式版本（version）是 2"),
        "{err}"
    );
    let (code, _, err) = report(
        d,
        &["--max-file-size", "100", "--baseline", "好.json", "好.txt"],
    );
    assert_eq!(code, Some(2));
    assert!(
        err.contains("好.json") && err.contains("超过 --max-file-size（100 字节）"),
        "{err}"
    );
    // Within the limit and of this version, it is used.
    let (code, out, err) = report(d, &["--baseline", "好.json", "好.txt"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("与上次检查相比"), "{out}");
}
