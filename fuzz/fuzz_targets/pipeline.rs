//! Arbitrary bytes through the whole per-file pipeline (`gwlint::pipeline::check_bytes`), as
//! `gwlint check` reads them: the first byte picks the reader by name (.txt, .md, .docx, .doc,
//! .pdf, .ofd), the rest is the file. Either a report whose findings are inside the file's
//! lines, or a per-file error with a message; never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 6] = ["a.txt", "a.md", "a.docx", "a.doc", "a.pdf", "a.ofd"];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let name = NAMES[usize::from(pick) % NAMES.len()];
    match gwlint::pipeline::check_bytes(&["--stdin-filename", name, "--isolated"], bytes) {
        Ok(report) => {
            assert_eq!(report.path, name);
            for d in &report.diagnostics {
                assert!(d.line <= d.end_line, "{d:?}");
            }
        }
        Err(e) => assert!(!e.error.is_empty(), "an error says what is wrong"),
    }
});
