//! Arbitrary bytes as a .txt and a .md draft: decode, check, report as JSON.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(decoded) = gwlint::input::decode::decode(data) else {
        return;
    };
    for doc in [
        gwlint::document::from_plain_text("a.txt".into(), decoded.encoding, &decoded.text),
        gwlint::document::from_markdown("a.md".into(), decoded.encoding, &decoded.text),
    ] {
        let doc = std::sync::Arc::new(doc);
        let diags = common::ENGINE.diagnose(&doc);
        common::assert_inside(&doc, &diags);
        let report = gwlint::output::FileReport {
            path: doc.path.clone(),
            format: "txt",
            encoding: doc.encoding.clone(),
            chars: doc.chars(),
            doctype: None,
            diagnostics: diags,
            omitted: 0,
        };
        let json = gwlint::output::json::render(&[report], &[]);
        serde_json::from_str::<serde_json::Value>(&json).expect("valid JSON");
    }
});
