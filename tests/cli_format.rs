//! .docx layout (`format` rules) end to end: documents written by python-docx, one laid out
//! as GB/T 9704—2012 requires and one per layout error; the real corpus against its manifest;
//! hostile files refused per file.

mod common;

use std::path::Path;

use common::{
    check_json_in, copy_files, corpus_sample, generated_docx, gwlint, rules_of, run_docx_script,
    shared, valid_report,
};
use serde_json::Value;

/// The fixtures tests/docx/make_fixtures.py wrote (committed in tests/docx/generated/layout),
/// in a temporary folder.
fn fixtures() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_files(&generated_docx("layout"), dir.path());
    dir
}

/// The committed fixtures are what the scripts write today: gwlint reports the same on both.
#[test]
#[ignore = "needs python-docx (pip install python-docx, or GWLINT_PYTHON)"]
fn committed_fixtures_match_their_scripts() {
    let fresh = tempfile::tempdir().unwrap();
    run_docx_script("make_fixtures.py", fresh.path());
    run_docx_script("make_review_draft.py", &fresh.path().join("审校样稿.docx"));
    let report = |dir: &Path, names: &[String]| {
        let out = gwlint()
            .current_dir(dir)
            .args(["check", "--format", "jsonl"])
            .args(names)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let mut names: Vec<String> = std::fs::read_dir(generated_docx("layout"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        report(fresh.path(), &names),
        report(&generated_docx("layout"), &names),
        "tests/docx/generated/layout is stale: python3 tests/docx/make_fixtures.py \
         tests/docx/generated/layout"
    );
    let draft = vec!["审校样稿.docx".to_owned()];
    assert_eq!(
        report(fresh.path(), &draft),
        report(&generated_docx(""), &draft),
        "tests/docx/generated/审校样稿.docx is stale: python3 tests/docx/make_review_draft.py \
         tests/docx/generated/审校样稿.docx"
    );
}

fn format_rules(file: &Value) -> Vec<String> {
    let mut ids = rules_of(file);
    ids.sort();
    ids.dedup();
    ids
}

#[test]
fn each_planted_layout_error_is_found_and_nothing_else() {
    let dir = fixtures();
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("format__"))
        .collect();
    names.sort();
    assert_eq!(names.len(), 17, "one document per format rule");
    let mut args = vec!["conforming.docx"];
    args.extend(names.iter().map(String::as_str));
    // Every pack: the conforming document must be clean of text findings too.
    let (code, r) = check_json_in(dir.path(), &args);
    assert_eq!(code, Some(1));
    for file in r["files"].as_array().unwrap() {
        let path = file["path"].as_str().unwrap();
        let found = format_rules(file);
        let planted: Vec<String> = match path.strip_prefix("format__") {
            Some(rest) => vec![format!("format/{}", rest.trim_end_matches(".docx"))],
            None => Vec::new(),
        };
        assert_eq!(found, planted, "{path}: {file:#}");
        assert_eq!(file["doctype"], "通知");
    }
}

#[test]
fn findings_say_what_was_found_and_what_is_required() {
    let dir = fixtures();
    let (_, r) = check_json_in(
        dir.path(),
        &["format__body-size.docx", "format__page-margins.docx"],
    );
    let size = &r["files"][0]["diagnostics"][0];
    assert_eq!(size["message"], "正文字号为小四（12磅），应为三号（16磅）");
    // On the paragraph, over the characters set in that size.
    assert_eq!(size["line"], 7);
    assert_eq!(
        size["text"],
        "全市各类生产经营单位，重点是危险化学品、建筑施工和道路交通领域。"
    );
    let margins = &r["files"][1]["diagnostics"];
    let messages: Vec<&str> = margins
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        messages,
        [
            "上边距（天头）为25.4毫米，应为37毫米（±1）",
            "左边距（订口）为31.8毫米，应为28毫米（±1）"
        ]
    );
    // A page setting belongs to no text: line 0 (DESIGN §3), and the human report says where
    // to look instead of quoting text.
    assert_eq!(
        (margins[0]["line"].as_u64(), margins[0]["column"].as_u64()),
        (Some(0), Some(0))
    );
    let human = gwlint()
        .current_dir(dir.path())
        .args(["check", "--color", "never", "format__page-margins.docx"])
        .output()
        .unwrap();
    let text = String::from_utf8(human.stdout).unwrap();
    assert!(
        text.contains("[format/page-margins] 错误: 上边距（天头）为25.4毫米"),
        "{text}"
    );
    assert!(
        text.contains("format__page-margins.docx 页面设置与页脚（全文）"),
        "{text}"
    );
}

#[test]
fn an_office_can_hold_documents_to_its_own_font_list() {
    let dir = fixtures();
    std::fs::write(
        dir.path().join("本单位版式.yaml"),
        r#"pack: office-layout
rules:
  - id: format/body-font-gbk
    kind: format
    severity: warning
    message: "{element}字体{is}，本单位规定用{expected}{count}"
    element: [body, recipient]
    expect: {font: [方正仿宋_GBK], font_name: 方正仿宋_GBK}
    examples:
      bad: ['<w:p><w:r><w:t>关于开展检查的通知</w:t></w:r></w:p><w:p><w:r><w:rPr><w:rFonts w:eastAsia="仿宋_GB2312"/></w:rPr><w:t>现将有关事项通知如下。</w:t></w:r></w:p>']
      good: ['<w:p><w:r><w:t>关于开展检查的通知</w:t></w:r></w:p><w:p><w:r><w:rPr><w:rFonts w:eastAsia="方正仿宋_GBK"/></w:rPr><w:t>现将有关事项通知如下。</w:t></w:r></w:p>']
"#,
    )
    .unwrap();
    let out = gwlint()
        .current_dir(dir.path())
        .args(["rules", "test", "本单位版式.yaml"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let (code, r) = check_json_in(
        dir.path(),
        &[
            "--rules",
            "本单位版式.yaml",
            "--ignore",
            "format/body-font",
            "conforming.docx",
        ],
    );
    assert_eq!(code, Some(0), "warnings do not fail the run by default");
    let d = &r["files"][0]["diagnostics"];
    assert_eq!(
        rules_of(&r["files"][0]),
        ["format/body-font-gbk", "format/body-font-gbk"]
    );
    assert_eq!(
        d[0]["message"],
        "主送机关字体为仿宋_GB2312，本单位规定用方正仿宋_GBK"
    );
    assert_eq!(
        d[1]["message"],
        "正文字体为仿宋_GB2312，本单位规定用方正仿宋_GBK（共4段）"
    );
}

#[test]
fn layout_is_not_judged_on_plain_text_or_on_documents_that_are_not_gongwen() {
    let t = tempfile::tempdir().unwrap();
    std::fs::write(
        t.path().join("通知.txt"),
        "关于开展检查的通知\n各单位：\n请按时报送。\n",
    )
    .unwrap();
    let (_, r) = check_json_in(t.path(), &["--select", "format", "通知.txt"]);
    assert_eq!(r["summary"]["diagnostics"], 0);
    // The corpus's speech and briefing drafts are not 公文: Word's default margins there are
    // no error (they are checked as text only).
    let demo = corpus_sample("");
    let (_, r) = check_json_in(
        &demo,
        &[
            "--select",
            "format",
            "offline_speech.docx",
            "online_briefing.docx",
        ],
    );
    assert_eq!(r["summary"]["diagnostics"], 0, "{r:#}");
}

/// The corpus manifest records each document's measured margins; gwlint's margin findings
/// must agree for every document it recognises as a 公文.
#[test]
#[ignore = "needs ../shared (the corpus beside the repository)"]
fn margins_agree_with_the_corpus_manifest() {
    let corpus = shared("corpus/docx");
    let manifest = std::fs::read_to_string(corpus.join("manifest.tsv")).unwrap();
    let mut checked = 0;
    for row in manifest.lines().skip(1) {
        let cols: Vec<&str> = row.split('\t').collect();
        let (dir, file, margins) = (cols[0], cols[1], cols[8]);
        if !file.ends_with(".docx") {
            continue;
        }
        let (_, r) = check_json_in(
            &corpus.join(dir),
            &["--select", "format/page-margins", file],
        );
        let doc = &r["files"][0];
        if doc["doctype"].is_null() {
            continue;
        }
        let measured: Vec<f64> = margins.split('/').map(|m| m.parse().unwrap()).collect();
        let expected_sides = measured
            .iter()
            .zip([37.0, 35.0, 28.0, 26.0])
            .filter(|(m, want)| (*m - want).abs() > 1.0)
            .count();
        assert_eq!(
            doc["diagnostics"].as_array().unwrap().len(),
            expected_sides,
            "{dir}/{file}"
        );
        checked += 1;
    }
    assert!(
        checked >= 15,
        "only {checked} corpus documents were recognised as 公文"
    );
}

#[test]
fn hostile_docx_are_reported_per_file_fast_and_the_batch_goes_on() {
    let hostile = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile");
    let t = tempfile::tempdir().unwrap();
    for name in ["压缩炸弹.docx", "外部实体.docx", "嵌套过深.docx"] {
        std::fs::copy(hostile.join(name), t.path().join(name)).unwrap();
    }
    let real = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/关于开展安全生产大检查的通知（版式待改）.docx"),
    )
    .unwrap();
    std::fs::write(t.path().join("截断.docx"), &real[..real.len() / 2]).unwrap();
    std::fs::write(
        t.path().join("不是zip.docx"),
        "这是一个改了扩展名的文本文件",
    )
    .unwrap();
    std::fs::write(t.path().join("好.txt"), "各单位：\n请按时报送。\n").unwrap();
    let started = std::time::Instant::now();
    let out = gwlint()
        .current_dir(t.path())
        .args(["check", "--format", "json", "."])
        .output()
        .unwrap();
    let elapsed = started.elapsed();
    assert_eq!(out.status.code(), Some(2));
    let r = valid_report(&out.stdout);
    assert_eq!(r["summary"]["files"], 1, "the good file is still checked");
    let errors: Vec<(String, String)> = r["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["path"].as_str().unwrap().into(),
                e["error"].as_str().unwrap().into(),
            )
        })
        .collect();
    let error_of = |name: &str| {
        errors
            .iter()
            .find(|(p, _)| p == name)
            .map(|(_, e)| e.clone())
            .unwrap_or_else(|| panic!("no error for {name}: {errors:?}"))
    };
    assert!(error_of("压缩炸弹.docx").contains("压缩炸弹"));
    assert!(
        error_of("外部实体.docx").contains("xxe"),
        "the entity is named, never resolved"
    );
    assert!(error_of("嵌套过深.docx").contains("嵌套过深"));
    assert!(error_of("截断.docx").contains("zip"));
    assert!(error_of("不是zip.docx").contains("zip"));
    assert_eq!(errors.len(), 5);
    // A 64 MB bomb is refused after reading a few MB; a debug build takes well under this.
    assert!(elapsed.as_secs() < 20, "took {elapsed:?}");
}
