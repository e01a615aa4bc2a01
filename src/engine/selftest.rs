//! Proves a rule against its own examples: each bad example must fire it, each good example
//! must not. The test suite runs this over every built-in pack.

use super::Engine;
use crate::document::from_plain_text;
use crate::rules::{Rule, RuleKind};

/// A bad example the rule missed, or a good example it flagged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    pub rule: String,
    pub example: String,
    pub expected_hit: bool,
}

pub fn check_examples(rule: &Rule) -> Vec<ExampleFailure> {
    // A suppression rule reports on comments about other rules' findings: it needs them.
    let engine = if matches!(rule.kind, RuleKind::Suppression(_)) {
        let mut rules: Vec<Rule> = crate::rules::load_builtin()
            .map(|packs| packs.into_iter().flat_map(|p| p.rules).collect())
            .unwrap_or_default();
        rules.retain(|r| r.id != rule.id);
        rules.push(rule.clone());
        Engine::new(rules)
    } else {
        Engine::new(vec![rule.clone()])
    };
    let cases = rule
        .examples
        .bad
        .iter()
        .map(|e| (e, true))
        .chain(rule.examples.good.iter().map(|e| (e, false)));
    cases
        .filter(|(example, expected_hit)| {
            let doc = from_plain_text("example.txt".into(), "utf-8", example);
            let fired = engine.diagnose(&doc).iter().any(|d| d.rule == rule.id);
            fired != *expected_hit
        })
        .map(|(example, expected_hit)| ExampleFailure {
            rule: rule.id.clone(),
            example: example.clone(),
            expected_hit,
        })
        .collect()
}
