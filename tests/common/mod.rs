//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

pub fn gwlint() -> Command {
    let mut c = Command::cargo_bin("gwlint").unwrap();
    c.env_remove("NO_COLOR");
    c
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

/// The JSON report schema of DESIGN §3, from `shared/` beside the repository, or the copy
/// kept in `tests/` when the repository is used alone.
pub fn schema() -> Value {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = root.join("../shared/report.schema.json");
    let path = if shared.exists() {
        shared
    } else {
        root.join("tests/report.schema.json")
    };
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Parses a `--format json` report and asserts it is valid against the schema.
pub fn valid_report(stdout: &[u8]) -> Value {
    let report: Value = serde_json::from_slice(stdout).expect("stdout is JSON");
    let validator = jsonschema::validator_for(&schema()).expect("schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&report)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect();
    assert!(
        errors.is_empty(),
        "report does not match the schema: {errors:?}"
    );
    report
}

/// The file object for `path` in a report, or a panic naming what was checked.
pub fn file_in<'a>(r: &'a Value, path: &str) -> &'a Value {
    r["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == path)
        .unwrap_or_else(|| panic!("{path} not checked: {r:#}"))
}

pub fn rules_of(file: &Value) -> Vec<String> {
    file["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_owned())
        .collect()
}

/// `gwlint check --format json ARGS` run in `dir`: the exit code and the validated report.
pub fn check_json_in(dir: &Path, args: &[&str]) -> (Option<i32>, Value) {
    let out = gwlint()
        .current_dir(dir)
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    (out.status.code(), valid_report(&out.stdout))
}

/// (rule, field) of each diagnostic of a file object: `line` as a number, anything else as text.
pub fn rule_pairs(file: &Value, field: &str) -> Vec<(String, String)> {
    file["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let v = &d[field];
            let v = v.as_str().map_or_else(|| v.to_string(), str::to_owned);
            (d["rule"].as_str().unwrap().to_owned(), v)
        })
        .collect()
}

/// A Python that has python-docx: `GWLINT_PYTHON`, the venv `.ci/run` makes, or `python3`.
pub fn python_with_docx() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let candidates: Vec<PathBuf> = std::env::var_os("GWLINT_PYTHON")
        .map(PathBuf::from)
        .into_iter()
        .chain([
            root.join("target/pre-commit-venv/bin/python"),
            PathBuf::from("python3"),
        ])
        .collect();
    candidates
        .into_iter()
        .find(|p| {
            std::process::Command::new(p)
                .args(["-c", "import docx"])
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .expect(
            "these tests write .docx files with python-docx: run .ci/run once (it installs it into \
             target/pre-commit-venv), or pip install python-docx, or set GWLINT_PYTHON",
        )
}

/// The .docx fixtures python-docx wrote (tests/docx/generated/, committed so that the
/// default tests need no Python): `layout/` from make_fixtures.py, `审校样稿.docx` from
/// make_review_draft.py. `cli_format.rs`'s ignored test checks they still match the scripts.
pub fn generated_docx(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/docx/generated")
        .join(name)
}

/// Copies the files of a folder (not its subfolders) into another.
pub fn copy_files(from: &Path, to: &Path) {
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_file() {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// Small real documents from `shared/corpus/` kept in the repository (tests/corpus/, sources
/// in its SOURCES.tsv) so the default tests need nothing beside the clone.
pub fn corpus_sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus")
        .join(name)
}

/// `shared/` beside the repository, for the tests marked `#[ignore = "needs ../shared"]`.
pub fn shared(rel: &str) -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(rel);
    assert!(
        p.exists(),
        "this test reads {} (the reference material beside the repository); run it where \
         shared/ is checked out beside gwlint",
        p.display()
    );
    p
}

/// Runs a script of tests/docx/ with the Python that has python-docx; panics with its stderr.
pub fn run_docx_script(script: &str, out: &Path) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/docx");
    let run = std::process::Command::new(python_with_docx())
        .arg(dir.join(script))
        .arg(out)
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{script}: {}",
        String::from_utf8_lossy(&run.stderr)
    );
}

/// The error a JSON report gives for `path` (the test fails when there is none).
pub fn error_for<'a>(r: &'a Value, path: &str) -> &'a str {
    r["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["path"] == path)
        .unwrap_or_else(|| panic!("no error for {path}: {r:#}"))["error"]
        .as_str()
        .unwrap()
}

/// A rule pack whose message is one long anchored string aliased 20,000 times ("billion
/// laughs": gigabytes if expanded), its lines ended by `eol`.
pub fn laughs_pack(eol: &str) -> String {
    let lines = [
        "pack: laughs".to_owned(),
        "rules:".to_owned(),
        "  - id: wording/a".to_owned(),
        "    kind: term".to_owned(),
        "    severity: error".to_owned(),
        format!("    message: &m \"{}\"", "哈".repeat(30_000)),
        "    terms: [{wrong: 布署, right: 部署}]".to_owned(),
        format!(
            "    examples: {{bad: [布署], good: [{}]}}",
            vec!["*m"; 20_000].join(",")
        ),
    ];
    let mut pack = lines.join(eol);
    pack.push_str(eol);
    pack
}

/// `gwlint report` in `dir`: exit code, stdout, stderr.
pub fn report_in(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = gwlint()
        .current_dir(dir)
        .arg("report")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The objects of `--format jsonl` output, one per line.
pub fn jsonl_lines(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8(stdout.to_vec())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// A PDF file of `objs` (object 1 the catalog), with its cross-reference table and trailer.
pub fn pdf_of_objects(version: &str, objs: &[String]) -> Vec<u8> {
    let mut out = format!("%PDF-{version}\n").into_bytes();
    let mut offsets = Vec::new();
    for (i, o) in objs.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objs.len() + 1
        )
        .bytes(),
    );
    out
}
