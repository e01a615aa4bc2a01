//! Pathological sizes, checked for what a user sees: one file with millions of findings lists
//! the first `--max-findings` and counts the rest; a long run of one character is one finding;
//! a line longer than a paragraph is checked in pieces with correct positions. Peak memory and
//! time of the same cases at full size are measured by bench/sizes.sh.

mod common;

use common::{check_json_in, file_in, gwlint};

#[test]
fn a_file_with_a_million_findings_lists_the_first_ones_and_counts_the_rest() {
    let t = tempfile::tempdir().unwrap();
    std::fs::write(t.path().join("病态.txt"), "比如:细化".repeat(200_000)).unwrap();
    std::fs::write(t.path().join("好.txt"), "请××同志参会。\n").unwrap();
    let (code, r) = check_json_in(t.path(), &["--max-findings", "500", "病态.txt", "好.txt"]);
    assert_eq!(code, Some(1));
    let bad = file_in(&r, "病态.txt");
    assert_eq!(bad["diagnostics"].as_array().unwrap().len(), 500);
    assert_eq!(bad["omitted_diagnostics"], 200_000 - 500);
    // The listed ones are the first in the text.
    assert_eq!(bad["diagnostics"][0]["column"], 3);
    assert!(file_in(&r, "好.txt").get("omitted_diagnostics").is_none());
    assert!(!file_in(&r, "好.txt")["diagnostics"]
        .as_array()
        .unwrap()
        .is_empty());

    let human = gwlint()
        .current_dir(t.path())
        .args(["check", "--max-findings", "3", "病态.txt"])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&human.stdout);
    assert!(said.contains("另有 199997 处问题未列出"), "{said}");
}

#[test]
fn a_run_of_one_character_is_one_finding_and_quick() {
    let t = tempfile::tempdir().unwrap();
    // 80,000 characters: within one paragraph piece (a longer run is one finding per piece).
    let run = format!("会议{}决定。\n", "的".repeat(80_000));
    std::fs::write(t.path().join("的.txt"), &run).unwrap();
    std::fs::write(t.path().join("三.txt"), "会议的的的决定。\n").unwrap();
    let started = std::time::Instant::now();
    let (_, r) = check_json_in(
        t.path(),
        &["--select", "wording/duplicate-char", "的.txt", "三.txt"],
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(60));
    let hits = file_in(&r, "的.txt")["diagnostics"].as_array().unwrap();
    assert_eq!(hits.len(), 1, "{} findings", hits.len());
    assert_eq!(hits[0]["column"], 4);
    assert_eq!(hits[0]["end_column"], 2 + 80_000 + 1);
    // Every extra copy is in the one finding, so one fix removes them all.
    let three = &file_in(&r, "三.txt")["diagnostics"][0];
    assert_eq!(three["text"], "的的");
    assert_eq!(three["suggestion"], "");
}

#[test]
fn a_line_longer_than_a_paragraph_is_checked_in_pieces_at_the_right_places() {
    let t = tempfile::tempdir().unwrap();
    // 120,000 characters (360 KB) on one line, a slip near the end, past the first piece.
    let mut line = "各单位要认真落实工作要求。".repeat(10_000);
    line.push_str("请于3月5日前报送,逾期不候。");
    std::fs::write(t.path().join("长.txt"), format!("{line}\n")).unwrap();
    let (_, r) = check_json_in(
        t.path(),
        &["--select", "punctuation/halfwidth-in-cjk", "长.txt"],
    );
    let hits = file_in(&r, "长.txt")["diagnostics"].as_array().unwrap();
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0]["line"], 1);
    assert_eq!(hits[0]["column"], 130_000 + 10);
    assert_eq!(hits[0]["text"], ",");
}

/// `gwlint ARGS` in `dir` under GNU time, its output thrown away and its address space capped
/// at 4 GB (a build without the budgets fails instead of taking the machine): exit code, peak
/// RSS in MB, seconds. The build is `GWLINT_BIN`, a release one (.ci/run builds it): the budgets
/// are a release build's, and a debug build takes minutes over 100 MB.
fn measured(dir: &std::path::Path, args: &[&str]) -> (Option<i32>, u64, f64) {
    let bin = std::env::var_os("GWLINT_BIN").expect(
        "the budgets are measured on a release build: cargo build --release, then run with \
         GWLINT_BIN=target/release/gwlint (as .ci/run does)",
    );
    let times = dir.join("time.out");
    let status = std::process::Command::new("sh")
        .args([
            "-c",
            r#"ulimit -v 4194304 && exec "$0" "$@""#,
            "/usr/bin/time",
            "-f",
            "%M %e",
            "-o",
        ])
        .arg(&times)
        .arg(bin)
        .args(args)
        .current_dir(dir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .expect("sh");
    let said = std::fs::read_to_string(&times)
        .unwrap_or_else(|e| panic!("no figures from GNU time (/usr/bin/time): {e}"));
    // "Command exited with non-zero status 1" comes first when it did.
    let figures = said.lines().last().unwrap_or_default();
    let (kb, secs) = figures
        .split_once(' ')
        .unwrap_or_else(|| panic!("GNU time said {said:?}"));
    let kb: u64 = kb.parse().unwrap();
    (status.code(), kb / 1024, secs.trim().parse().unwrap())
}

/// The issue's budgets, each checked and all reported before failing.
struct Budgets(Vec<String>);

impl Budgets {
    fn check(
        &mut self,
        case: &str,
        (code, mb, secs): (Option<i32>, u64, f64),
        mb_max: u64,
        s_max: f64,
    ) {
        println!("{case}: peak {mb} MB, {secs:.1} s, exit {code:?}");
        if !matches!(code, Some(0 | 1)) {
            self.0.push(format!("{case}: exit {code:?}"));
        }
        if mb > mb_max {
            self.0.push(format!("{case}: {mb} MB, over {mb_max} MB"));
        }
        if secs > s_max {
            self.0.push(format!("{case}: {secs:.1} s, over {s_max} s"));
        }
    }
}

impl Drop for Budgets {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            assert!(self.0.is_empty(), "{:#?}", self.0);
        }
    }
}

/// 100 MB of one character (the default --max-file-size): ≤ 300 MB and ≤ 30 s. A run of a Han
/// character is a finding per paragraph piece whose text is the run itself: a diagnostic's text
/// is a span of the document it shares (`finding::Diagnostic`), never a copy.
#[test]
#[ignore = "needs GNU time; run by .ci/run"]
fn a_hundred_megabytes_of_one_character_within_300_mb_and_30_s() {
    let t = tempfile::tempdir().unwrap();
    let mut budgets = Budgets(Vec::new());
    for (name, unit, mb_max) in [
        ("a.txt", "a", 300),
        ("国.txt", "国", 300),
        ("的.txt", "的", 300),
    ] {
        let copies = 100_000_000 / unit.len() - 1;
        std::fs::write(t.path().join(name), unit.repeat(copies)).unwrap();
        let run = measured(t.path(), &["check", "--format", "json", name]);
        budgets.check(&format!("100 MB of {unit}"), run, mb_max, 30.0);
        std::fs::remove_file(t.path().join(name)).unwrap();
    }
}

/// A folder with `2m.txt`: 2 M findings on one line of 26 MB.
fn two_million_findings_on_one_line() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    std::fs::write(
        t.path().join("2m.txt"),
        "比如:细化".repeat(2_000_000) + "\n",
    )
    .unwrap();
    t
}

/// 2 M findings in one file (26 MB on one line), in every format: ≤ 400 MB (the first
/// --max-findings are listed, the rest counted).
#[test]
#[ignore = "needs GNU time; run by .ci/run"]
fn two_million_findings_within_400_mb_in_every_format() {
    let t = two_million_findings_on_one_line();
    let mut budgets = Budgets(Vec::new());
    for format in ["human", "json", "jsonl", "sarif", "csv", "github"] {
        let run = measured(t.path(), &["check", "--format", format, "2m.txt"]);
        budgets.check(&format!("2 M findings, {format}"), run, 400, 120.0);
    }
}

/// The same 2 M findings all listed (`--max-findings 0`): ≤ 400 MB still, since a diagnostic
/// holds about 100 bytes (`finding::Diagnostic`) and is written as it goes. JSON only: human
/// output of as many (rendered as written, 346 MB) takes half a minute of CI.
#[test]
#[ignore = "needs GNU time; run by .ci/run"]
fn two_million_findings_all_listed_within_400_mb() {
    let t = two_million_findings_on_one_line();
    let mut budgets = Budgets(Vec::new());
    for format in ["json", "human"] {
        let args = ["check", "--max-findings", "0", "--format", format, "2m.txt"];
        let run = measured(t.path(), &args);
        budgets.check(
            &format!("2 M findings all listed, {format}"),
            run,
            400,
            120.0,
        );
    }
}

/// `report` on findings on one line: time linear in their number (2 M take at most 10 times
/// 200,000 and a margin, where a walk over the line per finding would take 100 times), within
/// 400 MB, as listed by default and all listed (`--max-findings 0`: reported a block at a
/// time, the engine's own list of 2 M findings held at 64 bytes each).
#[test]
#[ignore = "needs GNU time; run by .ci/run"]
fn report_on_two_million_findings_on_one_line_is_linear() {
    let t = tempfile::tempdir().unwrap();
    std::fs::write(
        t.path().join("200k.txt"),
        "比如:细化".repeat(200_000) + "\n",
    )
    .unwrap();
    std::fs::write(
        t.path().join("2m.txt"),
        "比如:细化".repeat(2_000_000) + "\n",
    )
    .unwrap();
    let mut budgets = Budgets(Vec::new());
    let (_, _, small) = measured(t.path(), &["report", "--format", "json", "200k.txt"]);
    let run = measured(t.path(), &["report", "--format", "json", "2m.txt"]);
    budgets.check("report, 2 M findings", run, 400, 10.0 * small + 10.0);
    let run = measured(
        t.path(),
        &[
            "report",
            "--format",
            "json",
            "--max-findings",
            "0",
            "2m.txt",
        ],
    );
    budgets.check(
        "report, 2 M findings, all listed",
        run,
        400,
        20.0 * small + 20.0,
    );
}
