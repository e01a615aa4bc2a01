//! Rule packs given with `--rules`: valid ones add rules; each kind of invalid pack is refused
//! with exit 2 and a message naming the file, the line and what is wrong.

mod common;

use common::*;

const GOOD_RULE: &str = r#"
  - id: wording/bushu
    kind: term
    severity: error
    message: “{wrong}”应为“{right}”
    boundary: word
    terms:
      - {wrong: 布署, right: 部署}
    examples:
      bad: [进行布署]
      good: [宣布署长任命]
"#;

fn pack(rules: &str) -> String {
    format!("pack: local\ntitle: 本地规则\nrules:{rules}")
}

/// Runs a check with the given pack and returns (exit code, stderr).
fn run_with(yaml: &str) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("local.yaml");
    std::fs::write(&path, yaml).unwrap();
    let out = gwlint()
        .arg("check")
        .arg("--rules")
        .arg(&path)
        .arg("-")
        .write_stdin("进行布署\n")
        .output()
        .unwrap();
    (out.status.code(), String::from_utf8(out.stderr).unwrap())
}

#[test]
fn a_user_pack_adds_term_rules_with_word_boundaries() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("local.yaml");
    std::fs::write(&path, pack(GOOD_RULE)).unwrap();
    let out = gwlint()
        .args(["check", "--format", "json", "--select", "local", "--rules"])
        .arg(&path)
        .arg("-")
        .write_stdin("会议宣布署长任命，要求进行布署。\n")
        .output()
        .unwrap();
    let r = valid_report(&out.stdout);
    let d = &r["files"][0]["diagnostics"];
    assert_eq!(d.as_array().unwrap().len(), 1, "{d}");
    assert_eq!(d[0]["message"], "“布署”应为“部署”");
    assert_eq!(d[0]["suggestion"], "部署");
    assert_eq!(d[0]["column"], 14);
    // A directory of packs works the same.
    let out = gwlint()
        .args(["check", "--format", "json", "--no-default-rules", "--rules"])
        .arg(dir.path())
        .arg("-")
        .write_stdin("进行布署\n")
        .output()
        .unwrap();
    assert_eq!(
        rules_of(&valid_report(&out.stdout)["files"][0]),
        ["wording/bushu"]
    );
}

fn assert_refused(yaml: &str, line: usize, needle: &str) {
    let (code, stderr) = run_with(yaml);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("local.yaml:{line}")),
        "expected line {line}: {stderr}"
    );
    assert!(stderr.contains(needle), "expected “{needle}”: {stderr}");
}

#[test]
fn invalid_yaml() {
    assert_refused("pack: local\nrules:\n  - id: [unclosed\n", 3, "规则包无效");
}

#[test]
fn unknown_kind() {
    assert_refused(
        &pack(&GOOD_RULE.replace("kind: term", "kind: spellcheck")),
        5,
        "spellcheck",
    );
}

#[test]
fn invalid_regex() {
    let rule = r#"
  - id: punctuation/broken
    kind: pattern
    severity: error
    message: x
    pattern: '(?P<hit>[,'
    examples: {bad: [a], good: [b]}
"#;
    assert_refused(&pack(rule), 8, "无效的正则表达式");
}

#[test]
fn duplicate_id_in_one_pack() {
    assert_refused(&pack(&format!("{GOOD_RULE}{GOOD_RULE}")), 15, "重复");
}

#[test]
fn duplicate_id_across_packs() {
    let rule = GOOD_RULE.replace("wording/bushu", "punctuation/halfwidth-in-cjk");
    assert_refused(&pack(&rule), 4, "rules/punctuation.yaml");
}

#[test]
fn id_not_category_slash_name() {
    assert_refused(
        &pack(&GOOD_RULE.replace("wording/bushu", "bushu")),
        4,
        "类别/名称",
    );
    assert_refused(
        &pack(&GOOD_RULE.replace("wording/bushu", "wording/Bu_Shu")),
        4,
        "小写",
    );
}

#[test]
fn unknown_category() {
    assert_refused(
        &pack(&GOOD_RULE.replace("wording/bushu", "spelling/bushu")),
        4,
        "类别“spelling”未知",
    );
}

#[test]
fn rule_without_good_or_bad_examples() {
    assert_refused(
        &pack(&GOOD_RULE.replace("      good: [宣布署长任命]\n", "")),
        11,
        "examples.good",
    );
    let no_examples = GOOD_RULE.replace(
        "    examples:\n      bad: [进行布署]\n      good: [宣布署长任命]\n",
        "",
    );
    assert_refused(&pack(&no_examples), 4, "examples");
}

#[test]
fn fields_of_another_kind_or_missing_fields() {
    assert_refused(
        &pack(&GOOD_RULE.replace("kind: term", "kind: pattern")),
        9,
        "字段 terms 只能用于 kind: term",
    );
    assert_refused(
        &pack(&GOOD_RULE.replace("    boundary: word\n", "    boundry: word\n")),
        8,
        "boundry",
    );
}

#[test]
fn a_review_threshold_above_the_threshold() {
    let rule = r#"
  - id: wording/local-typo
    kind: typo
    severity: warning
    message: “{text}”疑为“{suggestion}”
    threshold: 1.0
    review_threshold: 2.0
    examples:
      bad: [要认真贯沏落实]
      good: [要认真贯彻落实]
"#;
    assert_refused(
        &pack(rule),
        9,
        "review_threshold 必须是一个不大于 threshold 的数",
    );
}

#[test]
fn missing_pack_file() {
    gwlint()
        .args(["check", "--rules", "/nonexistent/pack.yaml", "-"])
        .write_stdin("x")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("/nonexistent/pack.yaml"));
}
