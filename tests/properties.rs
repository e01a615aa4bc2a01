//! Properties over generated drafts (proptest): findings always point inside their text on
//! character boundaries, the JSON report always matches the schema, and safe fixes settle:
//! after applying them, checking again offers no safe fix.

mod common;

use std::sync::Arc;
use std::sync::LazyLock;

use gwlint::document::{from_markdown, from_plain_text, Document};
use gwlint::engine::Engine;
use gwlint::fix::{fix_document, Tier};
use gwlint::output::{json, FileReport};
use proptest::prelude::*;

static ENGINE: LazyLock<Engine> = LazyLock::new(|| {
    Engine::new(
        gwlint::rules::load_builtin()
            .unwrap()
            .into_iter()
            .flat_map(|p| p.rules)
            .collect(),
    )
});

static VALIDATOR: LazyLock<jsonschema::Validator> =
    LazyLock::new(|| jsonschema::validator_for(&common::schema()).unwrap());

/// Pieces drafts are made of: words and marks that rules care about, and troublemakers (tabs,
/// CR, full-width spaces, emoji, combining marks, stray quotes, markdown syntax).
fn draft() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "关于",
        "开展",
        "检查",
        "的通知",
        "各单位",
        "：",
        ":",
        "，",
        ",",
        "。",
        ".",
        "、",
        "；",
        "“",
        "”",
        "\"",
        "（",
        "）",
        "(",
        ")",
        "《",
        "》",
        "一、",
        "（一）",
        "1.",
        "1．",
        "2023年",
        "2月30日",
        "××",
        "XX",
        "xx",
        "布署",
        "部署",
        "截止",
        "的的",
        "１２",
        "3%",
        "百分之五",
        "〔2024〕",
        "[2024]",
        "号",
        "附件：",
        "抄送：",
        "印发",
        "妥否，请批示",
        "特此报告",
        "四个意识",
        "政治意识",
        "gwlint-disable-next-line",
        " ",
        "\u{3000}",
        "\t",
        "\n",
        "\r\n",
        "\n\n",
        "# ",
        "- ",
        "`",
        "<!--",
        "-->",
        "😀",
        "e\u{301}",
        "\u{feff}",
        "http://a.gov.cn/x,y",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
}

fn check_spans(doc: Document) -> Result<(), TestCaseError> {
    let doc = Arc::new(doc);
    for d in ENGINE.diagnose(&doc) {
        let (s, e) = (d.src_range.0 as usize, d.src_range.1 as usize);
        prop_assert!(s <= e && e <= doc.source.len(), "{d:?}");
        prop_assert!(
            doc.source.is_char_boundary(s) && doc.source.is_char_boundary(e),
            "{d:?}"
        );
        if d.line > 0 {
            prop_assert!(d.line as usize <= doc.line_count(), "{d:?}");
            prop_assert!(
                d.column >= 1 && (d.end_line, d.end_column) >= (d.line, d.column),
                "{d:?}"
            );
            let line_chars = doc.line_text(d.line as usize).chars().count();
            prop_assert!(d.column as usize <= line_chars + 1, "{d:?}");
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn findings_lie_inside_the_text(text in draft()) {
        check_spans(from_plain_text("a.txt".into(), "utf-8", &text))?;
        check_spans(from_markdown("a.md".into(), "utf-8", &text))?;
    }

    #[test]
    fn the_json_report_always_matches_the_schema(text in draft()) {
        let doc = Arc::new(from_plain_text("a.txt".into(), "utf-8", &text));
        let report = FileReport {
            path: doc.path.clone(),
            format: "txt",
            encoding: doc.encoding.clone(),
            chars: doc.chars(),
            doctype: doc.structure().doctype.map(str::to_owned),
            diagnostics: ENGINE.diagnose(&doc),
            omitted: 0,
        };
        let value: serde_json::Value = serde_json::from_str(&json::render(&[report], &[])).unwrap();
        let errors: Vec<String> = VALIDATOR.iter_errors(&value).map(|e| e.to_string()).collect();
        prop_assert!(errors.is_empty(), "{errors:?}");
    }

    #[test]
    fn safe_fixes_settle(text in draft()) {
        let reread = |t: &str| from_plain_text("a.txt".into(), "utf-8", t);
        let doc = Arc::new(reread(&text));
        let diags = ENGINE.diagnose(&doc);
        let once = fix_document(&ENGINE, doc, diags, Tier::Safe, reread);
        let again = fix_document(&ENGINE, once.doc, once.diagnostics, Tier::Safe, reread);
        prop_assert_eq!(again.applied, 0);
        check_spans(Arc::unwrap_or_clone(again.doc))?;
    }
}

/// Inputs the fuzzers found (fuzz/): each must check and fix cleanly.
#[test]
fn fuzz_regressions_settle() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        let reread = |t: &str| from_plain_text("a.txt".into(), "utf-8", t);
        for tier in [Tier::Safe, Tier::Unsafe] {
            let doc = Arc::new(reread(&text));
            let diags = ENGINE.diagnose(&doc);
            let once = fix_document(&ENGINE, doc, diags, tier, reread);
            let again = fix_document(&ENGINE, once.doc, once.diagnostics, tier, reread);
            assert_eq!(again.applied, 0);
        }
        seen += 1;
    }
    assert!(seen >= 1);
}
