//! The political pack end to end: formulas, time validity judged by 成文日期 or `--as-of`,
//! suggestions but never fixes, and an office's own pack with dates.

mod common;

use common::*;
use predicates::prelude::PredicateBooleanExt;

const OLD_FORMULA: &str =
    "协调推进全面建成小康社会、全面深化改革、全面依法治国、全面从严治党“四个全面”战略布局。\n";

fn political(text: &str, args: &[&str]) -> Vec<(String, String, String)> {
    let out = gwlint()
        .args(["check", "--format", "json", "--select", "political"])
        .args(args)
        .args(["--stdin-filename", "稿.txt", "-"])
        .write_stdin(text)
        .output()
        .unwrap();
    let r = valid_report(&out.stdout);
    let f = &r["files"][0];
    rule_pairs(f, "severity")
        .into_iter()
        .zip(rule_pairs(f, "text"))
        .map(|((rule, sev), (_, text))| (rule, sev, text))
        .collect()
}

#[test]
fn the_same_text_is_judged_by_its_date() {
    // Before the 十九届五中全会 (2020-10-29) the old first item was right.
    assert!(political(OLD_FORMULA, &["--as-of", "2019-06-01"]).is_empty());
    assert_eq!(
        political(OLD_FORMULA, &["--as-of", "2023-01-01"]),
        [(
            "political/four-comprehensives-version".into(),
            "error".into(),
            "全面建成小康社会".into()
        )]
    );
    // The document's own 成文日期 wins over --as-of.
    let dated = format!("{OLD_FORMULA}\n某某市人民政府\n2019年6月1日\n");
    assert!(political(&dated, &["--as-of", "2023-01-01"]).is_empty());
    let dated = format!("{OLD_FORMULA}\n某某市人民政府\n2023年6月1日\n");
    assert_eq!(political(&dated, &[]).len(), 1);
    // A window that closes: 党的二十大精神 cannot appear in a 2021 document.
    let text = "深入学习贯彻党的二十大精神。\n";
    assert_eq!(political(text, &["--as-of", "2021-03-01"]).len(), 1);
    assert!(political(text, &["--as-of", "2023-03-01"]).is_empty());
    // Without a date or --as-of, the year the text names most is used, conservatively.
    let report = "2018年工作回顾：深入学习贯彻党的十九大精神。2018年，经济平稳运行。\n";
    assert!(political(report, &[]).is_empty());
    assert_eq!(political(report, &["--as-of", "2024-01-01"]).len(), 1);
}

#[test]
fn formula_members_wrong_missing_swapped_and_wrong_count() {
    let wrong = political(
        "增强“四个意识”，即政治意识、大局意识、核心意识、责任意识。\n",
        &[],
    );
    assert_eq!(
        wrong,
        [(
            "political/formula-members".into(),
            "error".into(),
            "责任意识".into()
        )]
    );
    let missing = political("坚持新发展理念（创新、协调、绿色、共享）。\n", &[]);
    assert_eq!(missing[0].1, "error");
    assert_eq!(missing[0].2, "创新、协调、绿色、共享");
    let swapped = political(
        "坚定“四个自信”，即理论自信、道路自信、制度自信、文化自信。\n",
        &[],
    );
    assert_eq!(swapped[0].1, "warning");
    let unlabelled = political("坚定道路自信、制度自信、理论自信、文化自信。\n", &[]);
    assert_eq!(unlabelled[0].1, "warning");
    assert_eq!(
        political("坚定“三个自信”。\n", &["--as-of", "2020-01-01"])[0].0,
        "political/formula-labels"
    );
    assert!(political("坚定“三个自信”。\n", &["--as-of", "2015-01-01"]).is_empty());
    // Silent: correct expansion, the label alone, members in unrelated text.
    for ok in [
        "增强“四个意识”，即政治意识、大局意识、核心意识、看齐意识。\n",
        "增强“四个意识”、坚定“四个自信”、做到“两个维护”。\n",
        "要有理论自信，更要有文化自信。\n",
        "统筹推进“五位一体”总体布局，协调推进“四个全面”战略布局。\n",
    ] {
        assert!(political(ok, &[]).is_empty(), "{ok}");
    }
}

#[test]
fn political_findings_suggest_but_are_never_fixed() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("稿.txt");
    let text = "在以习近平为核心的党中央坚强领导下，增强“四个意识”，即政治意识、大局意识、核心意识、责任意识。\n";
    std::fs::write(&p, text).unwrap();
    let out = gwlint()
        .current_dir(t.path())
        .args([
            "check",
            "--format",
            "json",
            "--fix",
            "--unsafe-fixes",
            "稿.txt",
        ])
        .output()
        .unwrap();
    let r = valid_report(&out.stdout);
    let d = r["files"][0]["diagnostics"].as_array().unwrap();
    assert_eq!(d.len(), 2);
    assert_eq!(d[0]["suggestion"], "以习近平同志为核心的党中央");
    assert_eq!(d[1]["suggestion"], "看齐意识");
    assert_eq!(std::fs::read_to_string(&p).unwrap(), text);
    gwlint()
        .args(["rules", "show", "political/core-phrase"])
        .assert()
        .stdout(predicates::str::contains("依据："))
        .stdout(
            predicates::str::contains("从不自动修改").or(predicates::str::contains("由人确认")),
        );
}

#[test]
fn an_office_pack_with_dates_and_formulas() {
    let pack = fixture("本单位规范表述.yaml");
    let pack = pack.to_str().unwrap();
    let old =
        "张某某副市长出席会议并讲话。\n加快建设“三个城市”，即创新城市、开放城市、智慧城市。\n";
    let found = political(old, &["--rules", pack, "--as-of", "2025-06-01"]);
    let rules: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
    assert_eq!(
        rules,
        ["political/local-leader-title", "political/local-formula"]
    );
    assert_eq!(found[1].2, "智慧城市");
    // Before the appointment the title was right; the formula was already in force.
    let found = political(old, &["--rules", pack, "--as-of", "2024-06-01"]);
    assert_eq!(found.len(), 1);
    gwlint()
        .args(["rules", "test"])
        .arg(fixture("本单位规范表述.yaml"))
        .assert()
        .code(0);
}

#[test]
fn a_renamed_body_is_judged_by_the_documents_date() {
    let body = "关于做好卫生应急工作的通知\n各区卫生健康局：\n根据国家卫生和计划生育委员会的部署，现将有关事项通知如下。\n";
    // 2017: the 国家卫生和计划生育委员会 still existed (renamed in the 2018 reform).
    let old = format!("{body}某某市卫生健康委员会\n2017年5月3日\n");
    assert!(political(&old, &[]).is_empty());
    let new = format!("{body}某某市卫生健康委员会\n2024年5月3日\n");
    let found = political(&new, &[]);
    assert_eq!(
        found,
        [(
            "political/renamed-body".into(),
            "warning".into(),
            "国家卫生和计划生育委员会".into()
        )]
    );
    // Without a 成文日期, --as-of decides.
    assert!(political(body, &["--as-of", "2017-05-03"]).is_empty());
    assert_eq!(political(body, &["--as-of", "2024-05-03"]).len(), 1);
    // A body named as the former one (原…) is history, not an error.
    let history = "原国家卫生和计划生育委员会的职责划入国家卫生健康委员会。\n";
    assert!(political(history, &["--as-of", "2024-05-03"]).is_empty());
}

#[test]
fn rules_show_prints_each_table_entry_with_its_dates_and_source() {
    let out = gwlint()
        .args(["rules", "show", "political/renamed-body"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let line = text
        .lines()
        .find(|l| {
            l.trim_start()
                .starts_with("国家卫生和计划生育委员会 → 国家卫生健康委员会")
        })
        .expect("the entry is listed");
    assert!(line.contains("适用：成文日期在2018年"), "{line}");
    assert!(line.contains("来源："), "{line}");
}
