//! Arbitrary bytes as a .docx (the corpus seeds are real documents): read, check.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = gwlint::document::from_docx("a.docx".into(), data) {
        let doc = std::sync::Arc::new(doc);
        let diags = common::ENGINE.diagnose(&doc);
        common::assert_inside(&doc, &diags);
    }
});
