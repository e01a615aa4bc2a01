//! Arbitrary text fixed with every safe and unsafe fix: fixing again changes nothing, and the
//! findings of the fixed text stay inside it.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let reread = |t: &str| gwlint::document::from_plain_text("a.txt".into(), "utf-8", t);
    let engine = &*common::ENGINE;
    for tier in [gwlint::fix::Tier::Safe, gwlint::fix::Tier::Unsafe] {
        let doc = std::sync::Arc::new(reread(text));
        let diags = engine.diagnose(&doc);
        let once = gwlint::fix::fix_document(engine, doc, diags, tier, reread);
        common::assert_inside(&once.doc, &once.diagnostics);
        let again = gwlint::fix::fix_document(engine, once.doc, once.diagnostics, tier, reread);
        assert_eq!(again.applied, 0, "fixing twice changed the text again");
    }
});
