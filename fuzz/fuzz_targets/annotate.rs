//! `--annotate` on arbitrary input: text (or a .docx, when the bytes are a zip) with the
//! engine's findings and findings of any extent, overlap and wording inside its paragraphs,
//! rendered as the HTML page or the commented .docx copy in both modes — never a panic, the
//! page escapes every message, and the copy reads back as a .docx with the same text.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

use gwlint::annotate::{render, Mode};
use gwlint::document::{Document, Format};
use gwlint::finding::{Diagnostic, Parts};
use gwlint::rules::Severity;

/// Wording that must be escaped in HTML and XML, besides pieces of the document's own text.
const WORDING: [&str; 4] = ["<b>&amp;</b>", "\"引号\" 'a'", "]]><!--", "“全角”，；"];

/// Findings made from `data`, each inside one paragraph on character boundaries and located
/// as the engine locates its own: any length (none at all included), overlapping, repeated.
fn arbitrary_findings(doc: &Document, data: &[u8]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if doc.paragraphs.is_empty() {
        return out;
    }
    for (i, w) in data.chunks_exact(4).take(64).enumerate() {
        let pi = usize::from(w[0]) % doc.paragraphs.len();
        let text = &doc.paragraphs[pi].text;
        let snap = |b: u8| {
            let mut at = usize::from(b) * text.len() / 255;
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            at
        };
        let (s, e) = {
            let (a, b) = (snap(w[1]), snap(w[2]));
            (a.min(b), a.max(b))
        };
        let (src_s, src_e) = doc.paragraphs[pi].source_range(s, e);
        let pos = doc.positions(&[src_s, src_e]);
        let message = if w[3] % 2 == 0 {
            WORDING[usize::from(w[3] / 2) % WORDING.len()].to_owned()
        } else {
            format!("“{}”有误", &text[s..e])
        };
        out.push(
            Diagnostic::owned(Parts {
                rule: [
                    "punctuation/halfwidth-in-cjk",
                    "wording/duplicate-char",
                    "custom/x",
                ][i % 3],
                category: "punctuation",
                severity: [Severity::Error, Severity::Warning, Severity::Info]
                    [usize::from(w[3]) % 3],
                message: &message,
                line: pos[0].line,
                column: pos[0].column,
                end_line: pos[1].line,
                end_column: pos[1].column,
                text: &text[s..e],
                suggestion: (w[3] % 3 != 0).then(|| WORDING[usize::from(w[0]) % WORDING.len()]),
                authority: (w[3] % 5 == 0).then_some("GB/T 15834—2011 <5.1>"),
            })
            .with_src_range(src_s, src_e),
        );
    }
    out
}

// The first byte is not the document: it places one more finding (so seeds start with one).
fuzz_target!(|data: &[u8]| {
    let Some((&control, input)) = data.split_first() else {
        return;
    };
    let doc = if input.starts_with(b"PK") {
        match gwlint::document::from_docx("a.docx".into(), input) {
            Ok(doc) => doc,
            Err(_) => return,
        }
    } else {
        let Ok(text) = std::str::from_utf8(input) else {
            return;
        };
        gwlint::document::from_plain_text("a.txt".into(), "utf-8", text)
    };
    let doc = std::sync::Arc::new(doc);
    let engine = &*common::ENGINE;
    let mut diags = engine.diagnose(&doc);
    common::assert_inside(&doc, &diags);
    // Findings drawn from the input's own bytes, and one from the control byte over a whole
    // paragraph.
    diags.extend(arbitrary_findings(&doc, input));
    diags.extend(arbitrary_findings(&doc, &[control, 0, 255, control]));
    for mode in [Mode::Comment, Mode::Track] {
        match (
            render(mode, input, &doc, &diags, engine.rules()),
            doc.format,
        ) {
            (Ok(copy), Format::Docx) => {
                let back = gwlint::document::from_docx("b.docx".into(), &copy)
                    .expect("the annotated copy reads back as a .docx");
                if mode == Mode::Comment {
                    let texts = |d: &Document| -> Vec<String> {
                        d.paragraphs.iter().map(|p| p.text.clone()).collect()
                    };
                    assert_eq!(texts(&back), texts(&doc), "comments changed the text");
                }
            }
            (Ok(page), _) => {
                let page = String::from_utf8(page).expect("the page is UTF-8");
                assert!(!page.contains("<b>&amp;</b>"), "a message was not escaped");
                assert!(!page.contains("]]><!--"), "a message was not escaped");
            }
            // A .docx the reader accepted but the annotator refuses is said, not a panic.
            (Err(_), Format::Docx) => {}
            (Err(e), _) => panic!("an HTML page cannot fail: {e}"),
        }
    }
});
