//! Proves a rule against its own examples: each bad example must fire it, each good example
//! must not. The test suite runs this over every built-in pack.

use super::Engine;
use crate::document::from_plain_text;
use crate::rules::Rule;

/// A bad example the rule missed, or a good example it flagged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    pub rule: String,
    pub example: String,
    pub expected_hit: bool,
}

pub fn check_examples(rule: &Rule) -> Vec<ExampleFailure> {
    let engine = Engine::new(vec![rule.clone()]);
    let cases = rule
        .examples
        .bad
        .iter()
        .map(|e| (e, true))
        .chain(rule.examples.good.iter().map(|e| (e, false)));
    cases
        .filter(|(example, expected_hit)| {
            let doc = from_plain_text("example.txt".into(), "utf-8", example);
            engine.check(&doc).is_empty() == *expected_hit
        })
        .map(|(example, expected_hit)| ExampleFailure {
            rule: rule.id.clone(),
            example: example.clone(),
            expected_hit,
        })
        .collect()
}
