//! Proves a rule against its own examples: each bad example must fire it, each good example
//! must not. The test suite runs this over every built-in pack.

use super::Engine;
use crate::document::{from_plain_text, Document};
use crate::rules::{Rule, RuleKind};

/// A bad example the rule missed, or a good example it flagged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    pub rule: String,
    pub example: String,
    pub expected_hit: bool,
}

/// The document an example stands for: text, or for a `format` rule the XML of a .docx body
/// (with `<w:ftr>` footers), since layout cannot be written as plain text.
pub fn example_document(rule: &Rule, example: &str) -> Result<Document, String> {
    if rule.kind.docx_examples() {
        crate::document::from_docx_fragment("example.docx".into(), example)
    } else {
        Ok(from_plain_text("example.txt".into(), "utf-8", example))
    }
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
            // An example that cannot be read counts as a failure either way.
            let Ok(doc) = example_document(rule, example) else {
                return true;
            };
            let doc = std::sync::Arc::new(doc);
            let fired = engine.diagnose(&doc).iter().any(|d| d.rule() == rule.id);
            fired != *expected_hit
        })
        .map(|(example, expected_hit)| ExampleFailure {
            rule: rule.id.clone(),
            example: example.clone(),
            expected_hit,
        })
        .collect()
}
