//! `--select` / `--ignore`: by rule id, category or pack.

use super::model::Rule;

/// Keeps the rules matched by `select` (all when empty) and not matched by `ignore`. A selector
/// that matches no loaded rule is an error: a typo must not silently check nothing.
pub fn select(rules: Vec<Rule>, select: &[String], ignore: &[String]) -> Result<Vec<Rule>, String> {
    let select = split(select);
    let ignore = split(ignore);
    for s in select.iter().chain(&ignore) {
        if !rules.iter().any(|r| matches(r, s)) {
            return Err(format!(
                "未知的规则、类别或规则包：“{s}”（gwlint rules list 可查看全部规则）"
            ));
        }
    }
    Ok(rules
        .into_iter()
        .filter(|r| select.is_empty() || select.iter().any(|s| matches(r, s)))
        .filter(|r| !ignore.iter().any(|s| matches(r, s)))
        .collect())
}

fn split(items: &[String]) -> Vec<String> {
    items
        .iter()
        .flat_map(|s| s.split(','))
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

fn matches(rule: &Rule, selector: &str) -> bool {
    rule.id == selector || rule.category == selector || rule.pack == selector
}
