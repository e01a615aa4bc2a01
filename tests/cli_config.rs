//! Configuration end to end: `.gwlint.yaml` discovery, `extend`, `--config`, `--isolated`,
//! `--show-settings`, `gwlint init`, per-rule severity, `exclude`, `fail_on`.

mod common;

use std::path::Path;

use common::*;
use predicates::prelude::*;

/// A draft with one error (half-width colon) and one warning (stray space).
const DRAFT: &str = "市财政局:\n请于2024年4月1日前完成经费部署，确保试点 按期启动。\n";

fn write(dir: &Path, name: &str, text: &str) {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn severities(report: &serde_json::Value, file: usize) -> Vec<(String, String)> {
    rule_pairs(&report["files"][file], "severity")
}

#[test]
fn closest_config_wins_per_folder() {
    let t = tempfile::tempdir().unwrap();
    write(
        t.path(),
        ".gwlint.yaml",
        "ignore: [punctuation/space-in-cjk]\n",
    );
    write(
        t.path(),
        "处室/.gwlint.yaml",
        "severity:\n  punctuation/halfwidth-in-cjk: warning\n",
    );
    write(t.path(), "a.txt", DRAFT);
    write(t.path(), "处室/b.txt", DRAFT);
    let (code, r) = check_json_in(t.path(), &["."]);
    assert_eq!(code, Some(1), "a.txt still has an error");
    assert_eq!(r["files"][0]["path"], "a.txt");
    assert_eq!(
        severities(&r, 0),
        [("punctuation/halfwidth-in-cjk".into(), "error".into())]
    );
    // The inner config does not inherit the outer one (no extend): space-in-cjk is back.
    assert_eq!(
        severities(&r, 1),
        [
            ("punctuation/halfwidth-in-cjk".into(), "warning".into()),
            ("punctuation/space-in-cjk".into(), "warning".into())
        ]
    );
    // Only the inner folder: the colon is a warning there, so nothing fails.
    let (code, _) = check_json_in(t.path(), &["处室"]);
    assert_eq!(code, Some(0));
}

#[test]
fn extend_severity_off_fail_on_and_exclude() {
    let t = tempfile::tempdir().unwrap();
    write(
        t.path(),
        "团队基础.yaml",
        "severity: {punctuation/space-in-cjk: error}\nfail_on: warning\nexclude: ['归档', '旧文/**']\n",
    );
    write(
        t.path(),
        ".gwlint.yaml",
        "extend: 团队基础.yaml\nseverity: {punctuation/halfwidth-in-cjk: 'off'}\n",
    );
    write(t.path(), "a.txt", DRAFT);
    write(t.path(), "归档/旧.txt", DRAFT);
    write(t.path(), "旧文/2019/a.txt", DRAFT);
    let (code, r) = check_json_in(t.path(), &["."]);
    assert_eq!(r["summary"]["files"], 1, "归档 and 旧文/** are excluded");
    // severity keys may name rules that --select leaves out this time.
    assert_eq!(
        check_json_in(t.path(), &["--select", "placeholder", "."]).0,
        Some(0)
    );
    assert_eq!(
        severities(&r, 0),
        [("punctuation/space-in-cjk".into(), "error".into())]
    );
    assert_eq!(code, Some(1));
    // --fail-on on the command line beats the config.
    write(
        t.path(),
        ".gwlint.yaml",
        "extend: 团队基础.yaml\nseverity: {punctuation/halfwidth-in-cjk: 'off', punctuation/space-in-cjk: info}\n",
    );
    assert_eq!(
        check_json_in(t.path(), &["."]).0,
        Some(0),
        "fail_on warning, only info left"
    );
    assert_eq!(
        check_json_in(t.path(), &["--fail-on", "info", "."]).0,
        Some(1)
    );
}

#[test]
fn explicit_config_and_isolated() {
    let t = tempfile::tempdir().unwrap();
    write(t.path(), ".gwlint.yaml", "select: [wording]\n");
    write(
        t.path(),
        "其他配置.yaml",
        "select: [punctuation/space-in-cjk]\n",
    );
    write(t.path(), "a.txt", DRAFT);
    let (_, r) = check_json_in(t.path(), &["a.txt"]);
    assert_eq!(r["summary"]["diagnostics"], 0);
    let (_, r) = check_json_in(t.path(), &["--config", "其他配置.yaml", "a.txt"]);
    assert_eq!(severities(&r, 0).len(), 1);
    let (_, r) = check_json_in(t.path(), &["--isolated", "a.txt"]);
    assert_eq!(severities(&r, 0).len(), 2);
}

#[test]
fn unknown_key_is_an_error_with_line_and_other_folders_still_checked() {
    let t = tempfile::tempdir().unwrap();
    write(t.path(), "好/a.txt", DRAFT);
    write(
        t.path(),
        "坏/.gwlint.yaml",
        "select: [punctuation]\nfail-on: warning\n",
    );
    write(t.path(), "坏/b.txt", DRAFT);
    let out = gwlint()
        .current_dir(t.path())
        .args(["check", "--format", "json", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let r = valid_report(&out.stdout);
    assert_eq!(r["summary"]["files"], 1);
    let err = &r["errors"][0];
    assert_eq!(err["path"], "坏/.gwlint.yaml:2:1");
    assert!(err["error"].as_str().unwrap().contains("fail-on"));
    assert!(err["error"].as_str().unwrap().contains("1 个文件未检查"));
}

#[test]
fn show_settings_names_the_config_chain_and_rules() {
    let t = tempfile::tempdir().unwrap();
    write(t.path(), "base.yaml", "ignore: [wording]\n");
    write(
        t.path(),
        "sub/.gwlint.yaml",
        "extend: ../base.yaml\nseverity: {number: info}\nas_of: 2024-06-30\n",
    );
    write(t.path(), "sub/a.txt", DRAFT);
    gwlint()
        .current_dir(t.path())
        .args(["check", "--show-settings", "sub/a.txt"])
        .assert()
        .code(0)
        .stdout(
            predicate::str::contains("sub/.gwlint.yaml ← 继承自")
                .and(predicate::str::contains("base.yaml"))
                .and(predicate::str::contains("ignore：wording"))
                .and(predicate::str::contains("severity：number=info"))
                .and(predicate::str::contains("as_of：2024-06-30"))
                .and(predicate::str::contains("number/fullwidth-digits  info"))
                .and(predicate::str::contains("wording/typo-common").not()),
        );
}

#[test]
fn init_writes_a_config_that_loads_and_refuses_to_overwrite() {
    let t = tempfile::tempdir().unwrap();
    gwlint()
        .current_dir(t.path())
        .arg("init")
        .assert()
        .code(0)
        .stdout(predicate::str::contains(".pre-commit-config.yaml"));
    let hook = std::fs::read_to_string(t.path().join(".pre-commit-config.yaml")).unwrap();
    assert!(
        hook.contains("- id: gwlint") && hook.contains("repos:"),
        "{hook}"
    );
    let text = std::fs::read_to_string(t.path().join(".gwlint.yaml")).unwrap();
    assert!(text.contains("# severity:"));
    // Every key is documented in the starter file, and the file itself loads.
    for key in [
        "extend",
        "default_rules",
        "packs",
        "select",
        "ignore",
        "severity",
        "exclude",
        "fail_on",
        "as_of",
        "units",
    ] {
        assert!(text.contains(&format!("# {key}:")), "{key}");
    }
    write(t.path(), "a.txt", DRAFT);
    gwlint()
        .current_dir(t.path())
        .args(["check", "--show-settings", "a.txt"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("配置文件：.gwlint.yaml"));
    // Uncommented, the examples in it are valid too.
    // (extend and packs point at files that do not exist here).
    let uncommented: String = text
        .lines()
        .filter_map(|l| l.strip_prefix("# "))
        .filter(|l| {
            l.starts_with(' ')
                || l.split_once(':')
                    .is_some_and(|(k, _)| k.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        })
        .filter(|l| !l.starts_with("extend:") && !l.starts_with("packs:") && !l.contains("本单位"))
        .map(|l| format!("{l}\n"))
        .collect();
    write(t.path(), ".gwlint.yaml", &uncommented);
    gwlint()
        .current_dir(t.path())
        .args(["check", "--show-settings", "a.txt"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "punctuation/dunhao-between-quoted  warning",
        ));
    gwlint()
        .current_dir(t.path())
        .arg("init")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("已存在"));
}
