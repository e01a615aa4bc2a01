//! Every message class a user reads is Chinese (DESIGN §1): a bad flag, a bad value, a bad rule
//! pack, a bad config, a missing file, a bad regex, an unreadable file — none of the English
//! that clap, serde, YAML, the OS or the regex parser produce reaches the user. Also the
//! ruff-style conveniences (`-o`, `--output-format`, `--exit-zero`, `--extend-select`, id
//! prefixes, `gwlint rule ID`) and what a run says about files it does not read or rewrite.

mod common;

use std::path::Path;

use common::{gwlint, jsonl_lines, valid_report};

/// English that must never reach a user.
const ENGLISH: &[&str] = &[
    "error:",
    "Usage",
    "unexpected",
    "missing field",
    "unknown variant",
    "unknown field",
    "invalid type",
    "os error",
    "No such file",
    "regex parse error",
    "Possible values",
    "possible values",
    "For more information",
    "tip:",
    "expected",
    "Permission denied",
    "did not find",
    "Print help",
];

fn assert_chinese(what: &str, text: &str) {
    assert!(
        text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "{what}: no Chinese in {text:?}"
    );
    for e in ENGLISH {
        assert!(!text.contains(e), "{what}: English “{e}” in:\n{text}");
    }
}

/// Runs gwlint in `dir`; the exit code and stderr.
fn fails(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let out = gwlint().current_dir(dir).args(args).output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const PACK_HEAD: &str = "pack: mine\nrules:\n  - id: punctuation/mine\n    kind: pattern\n";

#[test]
fn every_error_class_speaks_chinese() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    std::fs::write(d.join("稿.txt"), "关于开展检查的通知\n").unwrap();
    let pack = |name: &str, rest: &str| {
        std::fs::write(d.join(name), format!("{PACK_HEAD}{rest}")).unwrap();
    };
    let examples = "    examples: {bad: ['ab'], good: ['c']}\n";
    pack(
        "缺字段.yaml",
        &format!("    message: m\n    pattern: 'ab'\n{examples}"),
    );
    pack(
        "错级别.yaml",
        &format!("    severity: eror\n    message: m\n    pattern: 'ab'\n{examples}"),
    );
    pack(
        "错正则.yaml",
        &format!("    severity: error\n    message: m\n    pattern: 'a(b'\n{examples}"),
    );
    pack(
        "错类别.yaml",
        &format!("    severity: error\n    message: m\n    pattern: '\\p{{Hann}}'\n{examples}"),
    );
    std::fs::write(d.join("坏语法.yaml"), "pack: mine\nrules: [\n  - id: x\n").unwrap();
    std::fs::write(d.join("错配置.yaml"), "selec: [punctuation]\n").unwrap();
    std::fs::write(d.join("错值.yaml"), "fail_on: high\n").unwrap();
    std::fs::write(d.join("二进制.txt"), b"ab\0cd").unwrap();

    let cases: &[(&str, &[&str], &str)] = &[
        ("bad flag", &["check", "--bogus"], "不认识的选项"),
        ("bad subcommand", &["chek"], "是不是要用“check”"),
        ("bad value", &["check", "--format", "xml"], "可选值"),
        ("bad number", &["check", "-j", "many"], "--jobs"),
        (
            "conflict",
            &["check", "--config", "a", "--isolated"],
            "不能与",
        ),
        ("missing argument", &["rules", "show"], "缺少"),
        (
            "pack: missing field",
            &["check", "--rules", "缺字段.yaml", "稿.txt"],
            "缺少字段 severity",
        ),
        (
            "pack: unknown variant",
            &["check", "--rules", "错级别.yaml", "稿.txt"],
            "不认识的取值“eror”",
        ),
        (
            "pack: bad regex",
            &["check", "--rules", "错正则.yaml", "稿.txt"],
            "括号“(”没有闭合",
        ),
        (
            "pack: unknown class",
            &["check", "--rules", "错类别.yaml", "稿.txt"],
            "Unicode 类别",
        ),
        (
            "pack: YAML syntax",
            &["check", "--rules", "坏语法.yaml", "稿.txt"],
            "坏语法.yaml:",
        ),
        (
            "pack: missing file",
            &["check", "--rules", "没有.yaml", "稿.txt"],
            "没有.yaml",
        ),
        (
            "config: unknown key",
            &["check", "--config", "错配置.yaml", "稿.txt"],
            "不认识的字段“selec”",
        ),
        (
            "config: bad value",
            &["check", "--config", "错值.yaml", "稿.txt"],
            "错值.yaml",
        ),
        (
            "config: missing",
            &["check", "--config", "无.yaml", "稿.txt"],
            "找不到文件",
        ),
        ("missing input", &["check", "无此文件.txt"], "不存在"),
        ("unreadable input", &["check", "二进制.txt"], "空字节"),
        (
            "unknown rule",
            &["check", "--select", "punctuation/halfwidth-in-cj", "稿.txt"],
            "是不是“punctuation/halfwidth-in-cjk”",
        ),
        (
            "unknown rule shown",
            &["rule", "wording/confusion-pairz"],
            "没有规则",
        ),
        (
            "report: missing baseline",
            &["report", "--baseline", "无.json", "稿.txt"],
            "无.json",
        ),
        (
            "output not writable",
            &["check", "-o", "无此目录/结果.txt", "稿.txt"],
            "无法写入",
        ),
    ];
    for (what, args, expect) in cases {
        let (code, err) = fails(d, args);
        assert_eq!(code, Some(2), "{what}: {args:?}\n{err}");
        assert_chinese(what, &err);
        assert!(err.contains(expect), "{what}: “{expect}” not in:\n{err}");
    }
}

#[test]
fn help_is_chinese_and_names_options_as_they_are() {
    let prose = regex::Regex::new(r"[A-Za-z]{2,} [a-z]{2,} [a-z]{2,}").unwrap();
    let commands = regex::Regex::new(r"gwlint( [a-z-]+)+").unwrap();
    for args in [
        &["--help"][..],
        &["check", "--help"],
        &["check", "-h"],
        &["rules", "list", "--help"],
        &["rules", "test", "--help"],
        &["init", "--help"],
        &["rule", "--help"],
        &["report", "--help"],
    ] {
        let out = gwlint().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        let text = String::from_utf8(out.stdout).unwrap();
        assert_chinese(&format!("{args:?}"), &text);
        for heading in ["Options:", "Arguments:", "Commands:", "[default:"] {
            assert!(!text.contains(heading), "{args:?}: {heading}\n{text}");
        }
        assert!(text.contains("用法：gwlint"), "{text}");
        // No English prose (three English words in a row) in any help text.
        let text = commands.replace_all(&text, "");
        assert!(!prose.is_match(&text), "{args:?}: {:?}", prose.find(&text));
    }
    let check = gwlint().args(["check", "--help"]).output().unwrap();
    let text = String::from_utf8(check.stdout).unwrap();
    for option in [
        "--output-format",
        "--exit-zero",
        "--extend-select",
        "-o, --output <FILE>",
    ] {
        assert!(text.contains(option), "{option}\n{text}");
    }
}

#[test]
fn skipped_documents_are_named_in_the_summary_and_json() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    for f in ["旧稿.rtf", "报告.wpt", "文稿.odt", "图.png"] {
        std::fs::write(d.join(f), "x").unwrap();
    }
    std::fs::write(d.join("稿.txt"), "关于开展检查的通知\n").unwrap();
    let out = gwlint()
        .current_dir(d)
        .args(["check", "--color", "never", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "skipped files are no error");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("检查了 1 个文件"), "{text}");
    assert!(
        text.contains("另有 3 个文件未读（.odt 1 个，.rtf 1 个，.wpt 1 个）"),
        "{text}"
    );
    assert!(text.contains("另存为 .docx"), "{text}");
    let out = gwlint()
        .current_dir(d)
        .args(["check", "--format", "json", "."])
        .output()
        .unwrap();
    let r = valid_report(&out.stdout);
    let skipped = r["skipped"].as_array().unwrap();
    let paths: Vec<&str> = skipped
        .iter()
        .map(|s| s["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["报告.wpt", "文稿.odt", "旧稿.rtf"]);
    assert!(skipped
        .iter()
        .all(|s| !s["reason"].as_str().unwrap().is_empty()));
    assert_eq!(r["errors"].as_array().unwrap().len(), 0);
}

#[test]
fn files_not_checked_are_named_with_the_reason_in_every_format() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    std::fs::write(d.join("旧稿.rtf"), "x").unwrap();
    std::fs::write(d.join("坏.txt"), b"a\0b").unwrap();
    std::fs::write(d.join("稿.txt"), "关于开展检查的通知\n市财政局:\n").unwrap();
    let run = |format: &str| {
        let out = gwlint()
            .current_dir(d)
            .args(["check", "--color", "never", "--format", format, "."])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{format}: the unreadable file");
        String::from_utf8(out.stdout).unwrap()
    };
    let human = run("human");
    assert!(
        human.contains("  旧稿.rtf：RTF 格式不读：请另存为 .docx 或 .txt"),
        "{human}"
    );
    // jsonl is one diagnostic per line (docs/design.md §3): the files not read are on stderr.
    let out = gwlint()
        .current_dir(d)
        .args(["check", "--format", "jsonl", "."])
        .output()
        .unwrap();
    let lines = jsonl_lines(&out.stdout);
    assert!(
        !lines.is_empty() && lines.iter().all(|l| l["rule"].is_string()),
        "{lines:?}"
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("未读 旧稿.rtf：RTF 格式不读"), "{stderr}");
    assert!(
        stderr.contains("坏.txt") && stderr.contains("空字节"),
        "{stderr}"
    );
    let csv = run("csv");
    let mut rows = ::csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let rows: Vec<::csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    assert!(rows
        .iter()
        .any(|r| &r[0] == "旧稿.rtf" && r[10].starts_with("未读：RTF") && r[5].is_empty()));
    assert!(rows
        .iter()
        .any(|r| &r[0] == "坏.txt" && r[10].starts_with("无法读取：")));
    let github = run("github");
    assert!(
        github.contains("::warning file=旧稿.rtf::未读：RTF 格式不读"),
        "{github}"
    );
    assert!(github.contains("::error file=坏.txt::"), "{github}");
    let sarif: serde_json::Value = serde_json::from_str(&run("sarif")).unwrap();
    let notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    let levels: Vec<(&str, &str)> = notes
        .iter()
        .map(|n| {
            (
                n["level"].as_str().unwrap(),
                n["message"]["text"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(
        levels
            .iter()
            .any(|(l, m)| *l == "warning" && m.starts_with("旧稿.rtf：未读：")),
        "{levels:?}"
    );
    assert!(levels.iter().any(|(l, _)| *l == "error"), "{levels:?}");
    let json = valid_report(run("json").as_bytes());
    assert_eq!(json["skipped"][0]["path"], "旧稿.rtf");
    assert_eq!(json["errors"][0]["path"], "坏.txt");
}

#[test]
fn fix_and_diff_say_docx_is_never_rewritten_and_how_to_get_fixes_into_word() {
    let t = tempfile::tempdir().unwrap();
    let draft = t.path().join("审校样稿.docx");
    std::fs::copy(common::generated_docx("审校样稿.docx"), &draft).unwrap();
    let before = std::fs::read(&draft).unwrap();
    for flag in ["--fix", "--diff"] {
        let out = gwlint()
            .current_dir(t.path())
            .args(["check", "--color", "never", flag, "审校样稿.docx"])
            .output()
            .unwrap();
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(all.contains(".docx 从不改写"), "{flag}:\n{all}");
        assert!(all.contains("--annotate-mode track"), "{flag}:\n{all}");
    }
    assert_eq!(std::fs::read(&draft).unwrap(), before);
}

#[test]
fn output_file_exit_zero_extend_select_prefixes_and_rule_alias() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    std::fs::write(d.join("请示.txt"), "市财政局:\n截止2023年底，布署工作。\n").unwrap();
    // -o FILE with --output-format: the report is in the file, nothing on stdout.
    let out = gwlint()
        .current_dir(d)
        .args([
            "check",
            "--output-format",
            "json",
            "-o",
            "结果.json",
            "请示.txt",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let r = valid_report(&std::fs::read(d.join("结果.json")).unwrap());
    assert!(r["summary"]["diagnostics"].as_u64().unwrap() >= 2);
    // --exit-zero: findings reported, exit 0.
    let out = gwlint()
        .current_dir(d)
        .args(["check", "--exit-zero", "请示.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("halfwidth"));
    // A prefix selects by id; --extend-select adds to it.
    let rules = |args: &[&str]| -> Vec<String> {
        let out = gwlint()
            .current_dir(d)
            .args(["check", "--format", "json"])
            .args(args)
            .arg("请示.txt")
            .output()
            .unwrap();
        let r = valid_report(&out.stdout);
        let mut ids: Vec<String> = common::rules_of(&r["files"][0]);
        ids.sort();
        ids.dedup();
        ids
    };
    let only = rules(&["--select", "punctuation/half*"]);
    assert!(
        !only.is_empty() && only.iter().all(|i| i.starts_with("punctuation/half")),
        "{only:?}"
    );
    let more = rules(&[
        "--select",
        "punctuation/half*",
        "--extend-select",
        "wording",
    ]);
    assert!(more.iter().any(|i| i.starts_with("wording/")), "{more:?}");
    assert!(more.len() > only.len());
    // gwlint rule ID = gwlint rules show ID.
    let a = gwlint()
        .args(["rule", "punctuation/halfwidth-in-cjk"])
        .output()
        .unwrap();
    let b = gwlint()
        .args(["rules", "show", "punctuation/halfwidth-in-cjk"])
        .output()
        .unwrap();
    assert_eq!(a.status.code(), Some(0));
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn init_writes_a_pre_commit_config_that_installs_the_wheel() {
    let t = tempfile::tempdir().unwrap();
    let out = gwlint().current_dir(t.path()).arg("init").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let config = std::fs::read_to_string(t.path().join(".pre-commit-config.yaml")).unwrap();
    assert!(config.contains("repo: local"), "{config}");
    assert!(config.contains("language: python"), "{config}");
    assert!(
        config.contains(&format!("gwlint=={}", env!("CARGO_PKG_VERSION"))),
        "{config}"
    );
    assert!(config.contains("verbose: true"), "{config}");
    // A second run keeps both files and prints the snippet instead.
    let again = gwlint()
        .current_dir(t.path())
        .args(["init", "--force"])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&again.stdout).contains("未改动"));
}
