//! Arbitrary text as a draft in an audit: each finding's context (walked out from the finding on
//! its line), the record `report --format json` writes, and the aggregate — never a panic, the
//! context always a piece of the finding's line that holds the finding.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

use gwlint::report::aggregate::{Aggregate, GroupBy};
use gwlint::report::record::{context_of, AuditFile, AuditFinding};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let doc = std::sync::Arc::new(gwlint::document::from_plain_text("a.txt".into(), "utf-8", text));
    let diags = common::ENGINE.diagnose(&doc);
    common::assert_inside(&doc, &diags);
    let meta = gwlint::report::meta::DocMeta::of(&doc);
    let findings: Vec<AuditFinding> = diags
        .iter()
        .map(|d| {
            let context = context_of(&doc, d, 12);
            if d.line > 0 && d.line == d.end_line && !d.text().trim().is_empty() {
                let line = doc.line_text(d.line as usize);
                assert!(line.contains(&context), "{context:?} not on line {}", d.line);
            }
            AuditFinding::from_diagnostic(d.clone(), context)
        })
        .collect();
    let file = AuditFile {
        path: doc.path.clone(),
        format: "txt".into(),
        encoding: doc.encoding.clone(),
        chars: doc.chars(),
        doctype: None,
        unit: meta.unit,
        date: meta.date.map(|d| d.to_string()),
        diagnostics: findings,
    };
    let json = serde_json::to_string(&file).expect("record serialises");
    let back: AuditFile = serde_json::from_str(&json).expect("record reads back");
    for group_by in [GroupBy::Unit, GroupBy::Month] {
        let mut aggregate = Aggregate::new(group_by, 3, 10);
        aggregate.add(&back);
    }
});
