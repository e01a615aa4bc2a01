//! `--select` / `--ignore`: by rule id, category, pack or id prefix (`wording/typo*`).

use super::model::Rule;

/// Keeps the rules matched by `select` (all when empty) and not matched by `ignore`. A selector
/// that matches no loaded rule is an error: a typo must not silently check nothing.
pub fn select(rules: Vec<Rule>, select: &[String], ignore: &[String]) -> Result<Vec<Rule>, String> {
    let select = split(select);
    let ignore = split(ignore);
    check_split(&rules, select.iter().chain(&ignore))?;
    Ok(rules
        .into_iter()
        .filter(|r| select.is_empty() || select.iter().any(|s| matches(r, s)))
        .filter(|r| !ignore.iter().any(|s| matches(r, s)))
        .collect())
}

/// Refuses a selector that matches no rule, suggesting the nearest id, category or pack.
pub fn check_names(rules: &[Rule], names: &[String]) -> Result<(), String> {
    check_split(rules, split(names).iter())
}

fn check_split<'a>(
    rules: &[Rule],
    mut names: impl Iterator<Item = &'a String>,
) -> Result<(), String> {
    match names.find(|s| !rules.iter().any(|r| matches(r, s))) {
        None => Ok(()),
        Some(s) => {
            let hint = nearest(rules, s)
                .map(|n| format!("是不是“{n}”？"))
                .unwrap_or_default();
            Err(format!(
                "未知的规则、类别或规则包：“{s}”（{hint}gwlint rules list 可查看全部规则）"
            ))
        }
    }
}

/// The known name closest to a mistyped one, if any is close enough.
pub fn nearest(rules: &[Rule], wrong: &str) -> Option<String> {
    let wrong = wrong.trim_end_matches('*');
    let mut names: Vec<&str> = rules
        .iter()
        .flat_map(|r| [r.id.as_str(), r.category.as_str(), r.pack.as_str()])
        .collect();
    names.sort_unstable();
    names.dedup();
    names
        .into_iter()
        .map(|n| (distance(wrong, n), n))
        .filter(|(d, n)| *d <= (n.chars().count() / 3).max(2))
        .min()
        .map(|(_, n)| n.to_owned())
}

/// Levenshtein distance over characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

fn split(items: &[String]) -> Vec<String> {
    items
        .iter()
        .flat_map(|s| s.split(','))
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

/// A rule id, a category, a pack, or a prefix of ids ending in `*` (`wording/typo*`).
fn matches(rule: &Rule, selector: &str) -> bool {
    match selector.strip_suffix('*') {
        Some(prefix) => rule.id.starts_with(prefix),
        None => rule.id == selector || rule.category == selector || rule.pack == selector,
    }
}
