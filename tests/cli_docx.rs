//! .docx end to end: text in reading order with tracked changes accepted, paragraph numbers as
//! lines, Word-comment suppressions, broken files reported, never rewritten by --fix.

mod common;

use std::io::Write;
use std::path::Path;

use common::*;

/// A minimal .docx: the given body XML and comments.
fn docx(path: &Path, body: &str, comments: &[(&str, &str)]) {
    let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let opts = zip::write::SimpleFileOptions::default();
    z.start_file("[Content_Types].xml", opts).unwrap();
    z.write_all(br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#)
        .unwrap();
    z.start_file("word/document.xml", opts).unwrap();
    let doc = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    z.write_all(doc.as_bytes()).unwrap();
    if !comments.is_empty() {
        z.start_file("word/comments.xml", opts).unwrap();
        let mut xml = String::from(
            r#"<w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
        );
        for (id, text) in comments {
            xml.push_str(&format!(
                r#"<w:comment w:id="{id}" w:author="核稿人"><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:comment>"#
            ));
        }
        xml.push_str("</w:comments>");
        z.write_all(xml.as_bytes()).unwrap();
    }
    z.finish().unwrap();
}

fn p(text: &str) -> String {
    format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
}

#[test]
fn docx_is_checked_by_paragraph_with_comment_suppressions() {
    let t = tempfile::tempdir().unwrap();
    let file = t.path().join("关于召开会议的通知.docx");
    let body = [
        p("关于召开会议的通知"),
        p("各单位："),
        // Tracked changes: the deleted 布署 is not checked, the inserted 部署 is.
        "<w:p><w:r><w:t>请按要求做好</w:t></w:r><w:del><w:r><w:delText>布署</w:delText></w:r></w:del><w:ins><w:r><w:t>部署</w:t></w:r></w:ins><w:r><w:t>。</w:t></w:r></w:p>".into(),
        r#"<w:p><w:commentRangeStart w:id="7"/><w:r><w:t>请××同志参会。</w:t></w:r><w:commentRangeEnd w:id="7"/></w:p>"#.into(),
        p("请××同志参会。"),
        r#"<w:p><w:commentRangeStart w:id="8"/><w:r><w:t>会议时间另行通知。</w:t></w:r><w:commentRangeEnd w:id="8"/></w:p>"#.into(),
    ]
    .concat();
    docx(
        &file,
        &body,
        &[
            (
                "7",
                "gwlint-disable placeholder/x-marks -- 公开文本隐去人名",
            ),
            ("8", "gwlint-disable wording -- 没有问题也写了"),
        ],
    );
    let (code, r) = check_json_in(t.path(), &["--ignore", "format", "关于召开会议的通知.docx"]);
    assert_eq!(code, Some(1));
    let f = &r["files"][0];
    assert_eq!(f["format"], "docx");
    assert_eq!(f["doctype"], "通知");
    let found: Vec<(String, String)> = rule_pairs(f, "line");
    assert_eq!(
        found,
        [
            ("placeholder/x-marks".to_owned(), "5".to_owned()),
            ("placeholder/unused-suppression".to_owned(), "6".to_owned())
        ]
    );
    // Human output counts paragraphs, as Word does.
    let human = gwlint()
        .current_dir(t.path())
        .args([
            "check",
            "--color",
            "never",
            "--ignore",
            "format",
            "关于召开会议的通知.docx",
        ])
        .output()
        .unwrap();
    let human = String::from_utf8(human.stdout).unwrap();
    assert!(
        human.contains("关于召开会议的通知.docx 第5段第2字"),
        "{human}"
    );
    // --fix never rewrites a Word file.
    let before = std::fs::read(&file).unwrap();
    gwlint()
        .current_dir(t.path())
        .args([
            "check",
            "--fix",
            "--unsafe-fixes",
            "关于召开会议的通知.docx",
        ])
        .output()
        .unwrap();
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

#[test]
fn broken_docx_is_reported_and_the_batch_goes_on() {
    let t = tempfile::tempdir().unwrap();
    std::fs::write(t.path().join("坏.docx"), b"PK\x03\x04 not really a zip").unwrap();
    std::fs::write(t.path().join("好.txt"), "各单位：\n请按时报送。\n").unwrap();
    std::fs::write(t.path().join("~$好.docx"), b"lock file").unwrap();
    let (code, r) = check_json_in(t.path(), &["."]);
    assert_eq!(code, Some(2));
    assert_eq!(
        r["summary"]["files"], 1,
        "the good file is checked, the lock file skipped"
    );
    assert_eq!(r["errors"][0]["path"], "坏.docx");
    assert!(r["errors"][0]["error"].as_str().unwrap().contains(".docx"));
}

#[test]
fn real_docx_samples_are_read() {
    // From shared/corpus/docx/kamisky-gbt9704-samples, kept in tests/corpus/.
    let dir = common::corpus_sample("");
    let (code, r) = check_json_in(&dir, &["sample_letter.docx", "sample_minutes.docx"]);
    assert_eq!(code, Some(0), "{r:#}");
    assert_eq!(r["files"][0]["doctype"], "函");
    assert_eq!(r["files"][1]["doctype"], "纪要");
    assert!(r["files"][0]["chars"].as_u64().unwrap() > 100);
}

#[test]
fn footnotes_are_checked_as_text_after_the_body() {
    let t = tempfile::tempdir().unwrap();
    let mut z = zip::ZipWriter::new(std::fs::File::create(t.path().join("注.docx")).unwrap());
    let opts = zip::write::SimpleFileOptions::default();
    let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    z.start_file("word/document.xml", opts).unwrap();
    let body = format!(
        r#"<w:document xmlns:w="{w}"><w:body>{}{}</w:body></w:document>"#,
        p("关于召开会议的通知"),
        r#"<w:p><w:r><w:t>请按要求参会。</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p>"#
    );
    z.write_all(body.as_bytes()).unwrap();
    z.start_file("word/footnotes.xml", opts).unwrap();
    let notes = format!(
        r#"<w:footnotes xmlns:w="{w}"><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t>会议地点另行布署。</w:t></w:r></w:p></w:footnote></w:footnotes>"#
    );
    z.write_all(notes.as_bytes()).unwrap();
    z.finish().unwrap();
    let (_, r) = check_json_in(t.path(), &["--ignore", "format", "注.docx"]);
    let f = &r["files"][0];
    assert_eq!(
        f["doctype"], "通知",
        "the footnote does not disturb the structure"
    );
    assert_eq!(
        rule_pairs(f, "line"),
        [("wording/typo-common".to_owned(), "3".to_owned())]
    );
    let human = gwlint()
        .current_dir(t.path())
        .args(["check", "--color", "never", "--ignore", "format", "注.docx"])
        .output()
        .unwrap();
    let human = String::from_utf8(human.stdout).unwrap();
    assert!(human.contains("注.docx 脚注（尾注）第7字"), "{human}");
}
