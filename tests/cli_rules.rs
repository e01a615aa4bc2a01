//! `gwlint rules list|show|test`.

mod common;

use common::*;
use predicates::prelude::*;

#[test]
fn list_all_and_by_category_and_as_json() {
    let out = gwlint()
        .args(["rules", "list", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    let packs = gwlint::rules::load_builtin().unwrap();
    assert_eq!(
        rows.len(),
        packs.iter().map(|p| p.rules.len()).sum::<usize>()
    );
    let colon = rows
        .iter()
        .find(|r| r["id"] == "punctuation/halfwidth-in-cjk")
        .unwrap();
    assert_eq!(
        (
            colon["severity"].as_str(),
            colon["kind"].as_str(),
            colon["fixable"].as_bool()
        ),
        (Some("error"), Some("pattern"), Some(true))
    );
    gwlint()
        .args(["rules", "list", "--category", "placeholder"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("placeholder/x-marks")
                .and(predicate::str::contains("punctuation/").not()),
        );
}

#[test]
fn show_explains_a_rule_with_authority_and_examples() {
    gwlint()
        .args(["rules", "show", "punctuation/halfwidth-in-cjk"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("依据：GB/T 15834—2011")
                .and(predicate::str::contains(
                    "✗ 比如:细化完善应急值守制度　→ “:”应为“：”",
                ))
                .and(predicate::str::contains("✓ 时间：2023年5月8日9:30"))
                // Folded YAML lines are joined without a stray space between Chinese characters.
                .and(predicate::str::contains("1:500）、千分位")),
        );
    gwlint()
        .args(["rules", "show", "punctuation/nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("punctuation/nope"));
}

#[test]
fn test_passes_builtin_packs_and_fails_a_pack_whose_examples_lie() {
    gwlint()
        .args(["rules", "test", "punctuation"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("通过  punctuation/paired-balance")
                .and(predicate::str::contains("0 failed")),
        );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("local.yaml");
    std::fs::write(
        &path,
        "pack: local\nrules:\n  - id: wording/zuozhen\n    kind: term\n    severity: error\n    message: x\n    terms: [{wrong: 座镇, right: 坐镇}]\n    examples:\n      bad: [亲自坐镇指挥]\n      good: [亲自座镇指挥]\n",
    )
    .unwrap();
    gwlint()
        .args(["rules", "test"])
        .arg(&path)
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("失败  wording/zuozhen")
                .and(predicate::str::contains("错误例句没有报告：亲自坐镇指挥"))
                .and(predicate::str::contains("正确例句被误报：亲自座镇指挥"))
                .and(predicate::str::contains("0 passed, 1 failed")),
        );
    gwlint()
        .args(["rules", "test", "no-such-pack"])
        .assert()
        .code(2);
}
