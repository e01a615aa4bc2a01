//! Hostile YAML in configs and rule packs: aliases hidden behind other line breaks, deep
//! nesting. Each is refused fast with a message naming the file; files under other configs are
//! still checked.

mod common;

use std::time::{Duration, Instant};

use common::{check_json_in, gwlint, laughs_pack};

/// Billion laughs with `br` as the line break: an anchored 90 KB string aliased 20,000 times.
fn laughs_config(br: &str) -> String {
    format!(
        "# 配置{br}select: &m [\"{}\"]{br}ignore: [{}]{br}",
        "哈".repeat(30_000),
        vec!["*m"; 20_000].join(",")
    )
}

#[test]
fn aliases_behind_cr_line_breaks_are_counted() {
    for br in ["\r", "\r\n", "\u{2028}"] {
        let t = tempfile::tempdir().unwrap();
        let d = t.path();
        std::fs::create_dir(d.join("甲")).unwrap();
        std::fs::create_dir(d.join("乙")).unwrap();
        std::fs::write(d.join("甲/.gwlint.yaml"), laughs_config(br)).unwrap();
        std::fs::write(d.join("甲/稿.txt"), "各单位：\n请按时报送xx材料。\n").unwrap();
        std::fs::write(d.join("乙/稿.txt"), "各单位：\n请按时报送xx材料。\n").unwrap();
        let started = Instant::now();
        let (code, r) = check_json_in(d, &["."]);
        assert!(started.elapsed() < Duration::from_secs(10), "{br:?}");
        assert_eq!(code, Some(2), "{br:?}: {r:#}");
        let errors = r["errors"].as_array().unwrap();
        assert_eq!(errors.len(), 1, "{br:?}: {r:#}");
        assert_eq!(errors[0]["path"], "甲/.gwlint.yaml");
        assert!(
            errors[0]["error"]
                .as_str()
                .unwrap()
                .contains("YAML 中有 20000 处别名"),
            "{br:?}: {r:#}"
        );
        // The file under the other folder is still checked.
        let files = r["files"].as_array().unwrap();
        let other = files.iter().find(|f| f["path"] == "乙/稿.txt").unwrap();
        assert!(other["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["text"] == "xx"));
    }
}

#[test]
fn a_rule_pack_with_cr_line_breaks_and_laughs_is_refused() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    std::fs::write(d.join("稿.txt"), "各单位：\n请按时报送材料。\n").unwrap();
    // A comment first, ended by a lone CR: the whole pack is then one "line" to a guard that
    // splits on LF only.
    let pack = format!("# c\r{}", laughs_pack("\r"));
    std::fs::write(d.join("laughs.yaml"), pack).unwrap();
    let started = Instant::now();
    let out = gwlint()
        .current_dir(d)
        .args(["check", "--rules", "laughs.yaml", "稿.txt"])
        .output()
        .unwrap();
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("laughs.yaml") && err.contains("20000 处别名"),
        "{err}"
    );
}

#[test]
fn deep_nesting_is_refused_before_parsing() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    std::fs::write(d.join("稿.txt"), "各单位：\n请按时报送材料。\n").unwrap();
    // 50,000 levels took the parser seconds (quadratic) before it failed.
    let n = 50_000;
    std::fs::write(
        d.join("deep.yaml"),
        format!("pack: deep\nrules: {}{}\n", "[".repeat(n), "]".repeat(n)),
    )
    .unwrap();
    let started = Instant::now();
    let out = gwlint()
        .current_dir(d)
        .args(["check", "--rules", "deep.yaml", "稿.txt"])
        .output()
        .unwrap();
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("deep.yaml") && err.contains("第 2 行：YAML 的方括号、花括号嵌套超过 64 层"),
        "{err}"
    );
    // In a config: that folder's files are not checked, the others are.
    std::fs::create_dir(d.join("甲")).unwrap();
    std::fs::write(
        d.join("甲/.gwlint.yaml"),
        format!("select: {}{}\n", "{a: ".repeat(n), "}".repeat(n)),
    )
    .unwrap();
    std::fs::write(d.join("甲/稿.txt"), "各单位：\n").unwrap();
    std::fs::write(d.join("稿.txt"), "各单位：\n请按时报送xx材料。\n").unwrap();
    let (code, r) = check_json_in(d, &["."]);
    assert_eq!(code, Some(2), "{r:#}");
    let e = r["errors"][0]["error"].as_str().unwrap();
    assert!(e.contains("嵌套超过 64 层"), "{r:#}");
    assert!(r["files"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["path"] == "稿.txt"));
}
