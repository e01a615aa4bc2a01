//! What an annotation says: the same in a Word comment and an HTML tooltip.

use crate::finding::Diagnostic;
use crate::report::html::severity_label;
use crate::rules::category_title;

/// The lines of a finding's explanation: severity and message, 原文 → 应为, rule and basis.
pub fn lines(d: &Diagnostic) -> Vec<String> {
    let mut out = vec![format!(
        "【{}】{}",
        severity_label(d.severity()),
        d.message()
    )];
    if let Some(s) = d.suggestion() {
        out.push(format!("原文：{} → 应为：{}", d.text(), s));
    }
    let category = match category_title(d.category()) {
        "" => d.category(),
        t => t,
    };
    out.push(format!("规则：{}（{}）", d.rule(), category));
    if let Some(a) = d.authority() {
        out.push(format!("依据：{a}"));
    }
    out
}
