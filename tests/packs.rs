//! Every rule of every built-in pack behaves on its own examples.

use gwlint::engine::selftest::check_examples;
use gwlint::rules::load_builtin;

#[test]
fn builtin_packs_load() {
    let packs = load_builtin().expect("built-in packs are valid");
    let names: Vec<_> = packs.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "placeholder",
            "punctuation",
            "number",
            "wording",
            "political",
            "political-bodies",
            "political-usage",
            "numbering",
            "structure",
            "format"
        ]
    );
    assert!(packs.iter().all(|p| !p.rules.is_empty()));
}

#[test]
fn every_rule_behaves_on_its_examples() {
    let mut failures = Vec::new();
    for pack in load_builtin().unwrap() {
        for rule in &pack.rules {
            assert!(!rule.examples.bad.is_empty() && !rule.examples.good.is_empty());
            failures.extend(check_examples(rule));
        }
    }
    let report: Vec<String> = failures
        .iter()
        .map(|f| {
            let want = if f.expected_hit {
                "应报告而未报告"
            } else {
                "不应报告却报告了"
            };
            format!("{}: {want}: {}", f.rule, f.example)
        })
        .collect();
    assert!(report.is_empty(), "\n{}", report.join("\n"));
}

#[test]
fn every_yaml_file_in_rules_dir_is_embedded() {
    let mut on_disk: Vec<String> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/rules"))
        .unwrap()
        .map(|e| format!("rules/{}", e.unwrap().file_name().to_string_lossy()))
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    on_disk.sort();
    let mut embedded: Vec<String> = gwlint::rules::BUILTIN_PACKS
        .iter()
        .map(|(n, _)| n.to_string())
        .collect();
    embedded.sort();
    assert_eq!(on_disk, embedded);
}
