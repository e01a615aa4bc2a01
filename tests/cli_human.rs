//! The human report: pinned by snapshots, and checked that every underline starts under the
//! first flagged character however wide the characters before it are.

mod common;

use common::*;
use unicode_width::UnicodeWidthStr;

fn human(args: &[&str]) -> String {
    let out = gwlint()
        .args(["check", "--color", "never"])
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

/// For each snippet line `N │ text` followed by an underline line, returns the display column
/// where the text starts and where the underline starts.
fn underline_columns(report: &str) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = report.lines().collect();
    let mut out = Vec::new();
    for w in lines.windows(2) {
        let (src, mark) = (w[0], w[1]);
        let Some(bar) = src.find(" │ ") else {
            continue;
        };
        if !src[..bar].trim().chars().all(|c| c.is_ascii_digit()) || src[..bar].trim().is_empty() {
            continue;
        }
        let text_start = src[..bar + " │ ".len()].width();
        let Some(first) = mark.find(['─', '┬']) else {
            continue;
        };
        out.push((
            src[bar + " │ ".len()..].to_owned(),
            text_start,
            mark[..first].width(),
        ));
    }
    out
}

#[test]
fn bad_request_snapshot() {
    insta::assert_snapshot!(human(&["fixtures/关于申请专项工作经费的请示.txt"]));
}

#[test]
fn markdown_snapshot() {
    insta::assert_snapshot!(human(&["fixtures/读书活动通知.md"]));
}

#[test]
fn clean_notice_says_so() {
    assert_eq!(
        human(&["fixtures/关于开展2024年度安全生产大检查的通知.txt"]),
        "检查了 1 个文件，未发现问题。\n"
    );
}

#[test]
fn underlines_sit_under_the_flagged_characters() {
    let out = gwlint()
        .args([
            "check",
            "--color",
            "never",
            "--format",
            "json",
            "fixtures/关于申请专项工作经费的请示.txt",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let r = valid_report(&out.stdout);
    let report = human(&["fixtures/关于申请专项工作经费的请示.txt"]);
    let cols = underline_columns(&report);
    let diags = r["files"][0]["diagnostics"].as_array().unwrap();
    assert_eq!(cols.len(), diags.len());
    for ((shown, text_start, mark_start), d) in cols.iter().zip(diags) {
        // ariadne shows each full-width space as one space: count it as one cell.
        let shown_prefix: String = shown
            .chars()
            .take(d["column"].as_u64().unwrap() as usize - 1)
            .collect();
        assert_eq!(
            mark_start - text_start,
            shown_prefix.width(),
            "{shown} / {}",
            d["text"]
        );
    }
}

#[test]
fn long_paragraphs_are_shown_as_an_excerpt_with_the_real_position() {
    let dir = tempfile::tempdir().unwrap();
    let long = format!(
        "{}落实,到位。{}\n",
        "各单位要高度重视安全生产工作".repeat(6),
        "确保万无一失".repeat(6)
    );
    let path = dir.path().join("long.txt");
    std::fs::write(&path, format!("标题\n{long}")).unwrap();
    let report = human(&[path.to_str().unwrap()]);
    let comma_col = long.chars().position(|c| c == ',').unwrap() + 1;
    assert!(
        report.contains(&format!("long.txt:2:{comma_col} ]")),
        "{report}"
    );
    assert!(report.contains(" 2 │ …"), "{report}");
    let (shown, text_start, mark_start) = &underline_columns(&report)[0];
    let before: String = shown.chars().take_while(|&c| c != ',').collect();
    assert_eq!(mark_start - text_start, before.width());
    assert!(shown.chars().count() < 80);
}
