//! GB/T 9704 layout on the printed page: a PDF and an OFD made from a .docx get the layout
//! findings the .docx gets, each naming its page, and the well-set draft gets none in any
//! format. The files are tests/printed/ (made by its make.py; the ignored test makes them
//! again and checks the same).

mod common;

use std::path::Path;

use common::{file_in, gwlint};
use serde_json::Value;

/// `gwlint check --format json --select format .` in `dir` (the JSON schema, which lists pdf
/// and ofd, is checked by cli_readers.rs).
fn layout_report(dir: &Path) -> Value {
    let out = gwlint()
        .current_dir(dir)
        .args([
            "check",
            "--format",
            "json",
            "--fail-on",
            "never",
            "--select",
            "format",
            ".",
        ])
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

/// What each layout finding is about: (rule, the message up to its value), sorted — the
/// values themselves differ (a .docx states a margin, a page shows at most how wide it is).
fn layout_findings(file: &Value) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = file["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"].as_str().unwrap().starts_with("format/"))
        .map(|d| {
            let m = d["message"].as_str().unwrap();
            let cut = ["为", "至多", "缺失", "用"]
                .iter()
                .filter_map(|w| m.find(w))
                .min()
                .unwrap_or(m.len());
            (d["rule"].as_str().unwrap().to_owned(), m[..cut].to_owned())
        })
        .collect();
    v.sort();
    v
}

fn printed() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/printed")
}

fn findings_by_format(dir: &Path, name: &str) -> [Vec<(String, String)>; 3] {
    let r = layout_report(dir);
    ["docx", "pdf", "ofd"].map(|ext| layout_findings(file_in(&r, &format!("{name}.{ext}"))))
}

#[test]
fn a_layout_bad_pdf_and_ofd_get_the_layout_findings_of_their_docx() {
    let [docx, pdf, ofd] = findings_by_format(&printed(), "坏");
    assert!(docx.len() >= 10, "{docx:#?}");
    assert_eq!(pdf, docx);
    assert_eq!(ofd, docx);
}

#[test]
fn the_well_set_draft_gets_no_layout_findings_in_any_format() {
    let [docx, pdf, ofd] = findings_by_format(&printed(), "好");
    assert!(
        docx.is_empty() && pdf.is_empty() && ofd.is_empty(),
        "{docx:?} {pdf:?} {ofd:?}"
    );
}

#[test]
fn printed_layout_findings_name_their_page() {
    let r = layout_report(&printed());
    for name in ["坏.pdf", "坏.ofd"] {
        for d in file_in(&r, name)["diagnostics"].as_array().unwrap() {
            let m = d["message"].as_str().unwrap();
            assert!(m.ends_with("页）") && m.contains("（第"), "{name}: {m}");
        }
    }
    // A .docx has no pages to name.
    for d in file_in(&r, "坏.docx")["diagnostics"].as_array().unwrap() {
        assert!(!d["message"].as_str().unwrap().contains("（第1页）"), "{d}");
    }
}

/// Makes the fixtures again (LibreOffice, python-docx, fonttools, pdfminer.six and the
/// WenQuanYi Zen Hei font) and checks them the same way.
#[test]
#[ignore = "needs LibreOffice, fonts-wqy-zenhei and a Python with python-docx, fonttools and pdfminer.six (GWLINT_PYTHON)"]
fn libreoffice_made_pdf_and_ofd_get_the_layout_findings_of_their_docx() {
    let dir = tempfile::tempdir().unwrap();
    let python = std::env::var_os("GWLINT_PYTHON").unwrap_or_else(|| "python3".into());
    let ok = std::process::Command::new(python)
        .arg(printed().join("make.py"))
        .arg(dir.path())
        .status()
        .unwrap();
    assert!(ok.success());
    let [docx, pdf, ofd] = findings_by_format(dir.path(), "坏");
    assert!(docx.len() >= 10);
    assert_eq!((&pdf, &ofd), (&docx, &docx));
    let [docx, pdf, ofd] = findings_by_format(dir.path(), "好");
    assert!(
        docx.is_empty() && pdf.is_empty() && ofd.is_empty(),
        "{pdf:?} {ofd:?}"
    );
}
