//! `gwlint check --format sarif|github|csv` end to end: the same findings as `--format json`,
//! in each format's own conventions (schema, escaping, levels, BOM), with unchanged exit codes.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use serde_json::Value;

const BAD: &str = "关于申请专项工作经费的请示.txt";
const CLEAN: &str = "关于开展2024年度安全生产大检查的通知.txt";
const COLON_MESSAGE: &str = "中文语境中使用了半角标点“:”，应使用全角“：”";

/// A user pack with one `info` rule whose message does not contain its suggestion and has
/// characters the output formats must escape.
const INFO_PACK: &str = r#"
pack: local
title: 测试规则包
rules:
  - id: wording/test-bushu
    kind: term
    severity: info
    message: 用字不规范（抽查100%覆盖）：“{text}”
    authority: 本单位用语规范
    terms:
      - {wrong: 布署, right: 部署}
    examples:
      bad: [进行布署]
      good: [进行部署]
"#;

fn run(format: &str, paths: &[&Path]) -> std::process::Output {
    gwlint()
        .args(["check", "--format", format])
        .args(paths)
        .output()
        .unwrap()
}

/// `--format json` for the same input: the reference the other formats must agree with.
fn json_diagnostics(path: &Path) -> Vec<Value> {
    let out = run("json", &[path]);
    let r = valid_report(&out.stdout);
    r["files"][0]["diagnostics"].as_array().unwrap().clone()
}

/// The official SARIF 2.1.0 schema shipped in the `serde-sarif` crate's source, found through
/// `cargo metadata` (not copied into this repository).
fn sarif_schema() -> Value {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = std::process::Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--manifest-path"])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: Value = serde_json::from_slice(&out.stdout).unwrap();
    let manifest = meta["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "serde-sarif")
        .expect("serde-sarif is a dependency")["manifest_path"]
        .as_str()
        .unwrap()
        .to_owned();
    let schema = PathBuf::from(manifest)
        .parent()
        .unwrap()
        .join("src/schema.json");
    serde_json::from_str(&std::fs::read_to_string(&schema).unwrap()).unwrap()
}

fn valid_sarif(stdout: &[u8]) -> Value {
    let text = std::str::from_utf8(stdout).unwrap();
    assert!(text.ends_with("}\n"), "pretty JSON with a final newline");
    let log: Value = serde_json::from_str(text).expect("stdout is JSON");
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&sarif_schema())
        .expect("SARIF schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF does not match the schema: {errors:?}"
    );
    log
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

fn sarif_level(severity: &Value) -> &'static str {
    match severity.as_str().unwrap() {
        "error" => "error",
        "warning" => "warning",
        "info" => "note",
        s => panic!("unknown severity {s}"),
    }
}

#[test]
fn sarif_is_valid_and_matches_json() {
    let path = fixture(BAD);
    let out = run("sarif", &[&path]);
    assert_eq!(out.status.code(), Some(1));
    let log = valid_sarif(&out.stdout);
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "gwlint");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);

    let rules = driver["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    let expected = json_diagnostics(&path);
    assert_eq!(results.len(), expected.len());
    for (r, d) in results.iter().zip(&expected) {
        assert_eq!(r["ruleId"], d["rule"]);
        assert_eq!(r["message"]["text"], d["message"]);
        assert_eq!(r["level"], sarif_level(&d["severity"]));
        let idx = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[idx]["id"], d["rule"], "ruleIndex points at the rule");
        let loc = &r["locations"][0]["physicalLocation"];
        let uri = loc["artifactLocation"]["uri"].as_str().unwrap();
        assert!(uri.is_ascii(), "percent-encoded: {uri}");
        assert!(
            uri.starts_with("file:///"),
            "absolute path as file URI: {uri}"
        );
        assert_eq!(
            percent_decode(&uri["file://".len()..]),
            path.to_str().unwrap()
        );
        let region = &loc["region"];
        assert_eq!(region["startLine"], d["line"]);
        assert_eq!(region["startColumn"], d["column"]);
        assert_eq!(region["endLine"], d["end_line"]);
        assert_eq!(region["endColumn"], d["end_column"]);
        assert_eq!(region["snippet"]["text"], d["text"]);
    }
    // One descriptor per rule with results, no more.
    let mut ids: Vec<&str> = expected
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(rules.len(), ids.len());
    assert!(results.iter().any(|r| r["level"] == "warning"));

    let colon = results
        .iter()
        .find(|r| {
            r["ruleId"] == "punctuation/halfwidth-in-cjk"
                && r["locations"][0]["physicalLocation"]["region"]["startLine"] == 5
        })
        .expect("half-width colon at line 5");
    let region = &colon["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (&region["startColumn"], &region["endColumn"]),
        (&5.into(), &6.into())
    );
    assert_eq!(colon["level"], "error");
    assert_eq!(colon["message"]["text"], COLON_MESSAGE);
    let replacement = &colon["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(replacement["insertedContent"]["text"], "：");
    assert_eq!(replacement["deletedRegion"]["startColumn"], 5);
    assert_eq!(replacement["deletedRegion"]["endColumn"], 6);

    let rule = &rules[colon["ruleIndex"].as_u64().unwrap() as usize];
    assert_eq!(rule["defaultConfiguration"]["level"], "error");
    assert!(rule["shortDescription"]["text"]
        .as_str()
        .unwrap()
        .contains("半角标点"));
    let help = rule["help"]["text"].as_str().unwrap();
    assert!(help.contains("依据：GB/T 15834"), "help: {help}");
    assert!(
        help.contains("全角标点"),
        "help has the description: {help}"
    );
}

#[test]
fn sarif_relative_chinese_paths_info_levels_and_unreadable_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("规则.yaml"), INFO_PACK).unwrap();
    std::fs::create_dir(dir.path().join("文稿 2024")).unwrap();
    std::fs::write(
        dir.path().join("文稿 2024/请示#1.txt"),
        "请尽快进行布署。\n",
    )
    .unwrap();
    let out = gwlint()
        .current_dir(dir.path())
        .args([
            "check",
            "--format",
            "sarif",
            "--no-default-rules",
            "--rules",
        ])
        .args(["规则.yaml", "文稿 2024/请示#1.txt", "缺失.txt"])
        .output()
        .unwrap();
    // An unreadable file: exit 2, reported on stderr and as a notification.
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("缺失.txt"), "stderr: {stderr}");
    let log = valid_sarif(&out.stdout);
    let run = &log["runs"][0];
    let result = &run["results"][0];
    assert_eq!(result["level"], "note");
    assert_eq!(result["ruleId"], "wording/test-bushu");
    assert_eq!(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "%E6%96%87%E7%A8%BF%202024/%E8%AF%B7%E7%A4%BA%231.txt"
    );
    let rule = &run["tool"]["driver"]["rules"][0];
    assert_eq!(rule["defaultConfiguration"]["level"], "note");
    assert!(rule["help"]["text"]
        .as_str()
        .unwrap()
        .contains("依据：本单位用语规范"));
    let invocation = &run["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let note = &invocation["toolExecutionNotifications"][0];
    assert_eq!(note["level"], "error");
    assert!(note["message"]["text"]
        .as_str()
        .unwrap()
        .contains("缺失.txt"));
    assert_eq!(
        note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "%E7%BC%BA%E5%A4%B1.txt"
    );
}

#[test]
fn sarif_clean_file_has_no_results() {
    let out = run("sarif", &[&fixture(CLEAN)]);
    assert_eq!(out.status.code(), Some(0));
    let log = valid_sarif(&out.stdout);
    assert_eq!(log["runs"][0]["results"], Value::Array(vec![]));
    assert_eq!(
        log["runs"][0]["tool"]["driver"]["rules"],
        Value::Array(vec![])
    );
}

#[test]
fn github_annotations_match_json() {
    let path = fixture(BAD);
    let out = run("github", &[&path]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    let expected = json_diagnostics(&path);
    assert_eq!(lines.len(), expected.len());
    let p = path.to_str().unwrap();
    assert!(lines.contains(
        &format!(
            "::error file={p},line=5,col=5,endLine=5,endColumn=6,\
         title=punctuation/halfwidth-in-cjk::{COLON_MESSAGE}"
        )
        .as_str()
    ));
    for (line, d) in lines.iter().zip(&expected) {
        let command = match d["severity"].as_str().unwrap() {
            "error" => "::error ",
            "warning" => "::warning ",
            _ => "::notice ",
        };
        assert!(line.starts_with(command), "{line}");
        assert!(
            line.contains(&format!(",title={}::", d["rule"].as_str().unwrap())),
            "{line}"
        );
    }
    // The message already names the suggestion: nothing appended.
    assert!(lines
        .iter()
        .any(|l| l.ends_with("::“布署”是错别字，应为“部署”")));
    assert!(stdout.contains("::warning "));
}

#[test]
fn github_escapes_properties_and_data_and_reports_unreadable_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("规则.yaml"), INFO_PACK).unwrap();
    std::fs::write(dir.path().join("请示,定稿:v2.txt"), "请尽快进行布署。\n").unwrap();
    let out = gwlint()
        .current_dir(dir.path())
        .args([
            "check",
            "--format",
            "github",
            "--no-default-rules",
            "--rules",
        ])
        .args(["规则.yaml", "请示,定稿:v2.txt", "缺失.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    // `,` and `:` escaped in the file property, `%` in the message; an info finding is a
    // notice; the suggestion, absent from the message, is appended.
    assert_eq!(
        lines[0],
        "::notice file=请示%2C定稿%3Av2.txt,line=1,col=6,endLine=1,endColumn=8,\
         title=wording/test-bushu::用字不规范（抽查100%25覆盖）：“布署”（应为“部署”）"
    );
    assert!(
        lines[1].starts_with("::error file=缺失.txt::"),
        "{}",
        lines[1]
    );
    assert!(lines[1].contains("不存在"), "{}", lines[1]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("缺失.txt"), "still on stderr: {stderr}");
}

#[test]
fn csv_has_bom_header_and_parses_back_to_the_json_findings() {
    let path = fixture(BAD);
    let out = run("csv", &[&path]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM first");
    let body = &out.stdout[3..];
    let mut reader = csv::Reader::from_reader(body);
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "path",
            "line",
            "column",
            "end_line",
            "end_column",
            "rule",
            "category",
            "severity",
            "text",
            "suggestion",
            "message",
            "authority"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();

    let json = run("json", &[&path]);
    let report = valid_report(&json.stdout);
    assert_eq!(
        rows.len() as u64,
        report["summary"]["diagnostics"].as_u64().unwrap()
    );
    let expected = report["files"][0]["diagnostics"].as_array().unwrap();
    let s = |v: &Value| match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        v => v.to_string(),
    };
    for (row, d) in rows.iter().zip(expected) {
        assert_eq!(&row[0], path.to_str().unwrap());
        let fields = [
            "line",
            "column",
            "end_line",
            "end_column",
            "rule",
            "category",
            "severity",
            "text",
            "suggestion",
            "message",
            "authority",
        ];
        for (i, f) in fields.iter().enumerate() {
            assert_eq!(row[i + 1], s(&d[*f]), "column {f}");
        }
    }
    let colon = rows
        .iter()
        .find(|r| &r[5] == "punctuation/halfwidth-in-cjk" && &r[1] == "5")
        .expect("half-width colon row");
    assert_eq!(
        colon.iter().skip(1).take(10).collect::<Vec<_>>(),
        [
            "5",
            "5",
            "5",
            "6",
            "punctuation/halfwidth-in-cjk",
            "punctuation",
            "error",
            ":",
            "：",
            COLON_MESSAGE,
        ]
    );
    assert!(colon[11].starts_with("GB/T 15834"));
}

#[test]
fn csv_clean_file_is_just_the_header() {
    let out = run("csv", &[&fixture(CLEAN)]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "\u{feff}path,line,column,end_line,end_column,rule,category,severity,text,suggestion,\
         message,authority\n"
    );
}
