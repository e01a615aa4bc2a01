//! 公文 structure end to end: each 文种's good draft is clean and recognised, each bad draft
//! gets the structure and numbering findings a reviewer would mark (pinned by snapshots).

mod common;

use common::*;

const KINDS: &[&str] = &["通知", "请示", "报告", "函", "纪要"];

fn human(file: &str) -> String {
    let out = gwlint()
        .args(["check", "--color", "never", "-q"])
        .arg(format!("fixtures/文种/{file}"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn good_drafts_are_clean_and_their_kind_is_recognised() {
    for kind in KINDS {
        let out = gwlint()
            .args(["check", "--format", "json"])
            .arg(fixture(&format!("文种/{kind}_正确.txt")))
            .output()
            .unwrap();
        let r = valid_report(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{kind}: {:#}", r["files"][0]);
        assert_eq!(
            r["summary"]["diagnostics"], 0,
            "{kind}: {:#}",
            r["files"][0]
        );
        assert_eq!(r["files"][0]["doctype"], *kind);
    }
}

#[test]
fn bad_drafts_get_the_structure_findings() {
    let expect: &[(&str, &[&str])] = &[
        (
            "通知",
            &[
                "structure/doc-number-brackets",
                "structure/doc-number-sequence",
                "structure/title-punctuation",
                "structure/main-recipient-colon",
                "numbering/separator",
                "numbering/sequence",
                "numbering/missing-separator",
                "structure/attachment-note-punctuation",
                "structure/date-arabic",
                "structure/obsolete-subject-words",
                "structure/issue-after-sign",
            ],
        ),
        ("请示", &["structure/request-report-closing"]),
        ("报告", &["structure/report-no-request"]),
        ("函", &["structure/statutory-type"]),
        ("纪要", &["numbering/sequence", "numbering/hierarchy"]),
    ];
    for (kind, rules) in expect {
        let out = gwlint()
            .args(["check", "--format", "json"])
            .arg(fixture(&format!("文种/{kind}_错误.txt")))
            .output()
            .unwrap();
        let r = valid_report(&out.stdout);
        let found = rules_of(&r["files"][0]);
        for rule in *rules {
            assert!(
                found.iter().any(|f| f == rule),
                "{kind}: {rule} missing in {found:?}"
            );
        }
    }
}

#[test]
fn snapshots_of_the_bad_drafts() {
    for kind in KINDS {
        insta::assert_snapshot!(format!("{kind}_错误"), human(&format!("{kind}_错误.txt")));
    }
}
