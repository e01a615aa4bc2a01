//! `check --annotate`: a copy of each .docx with a Word comment on the flagged characters of
//! every finding (safe fixes as tracked changes in `track` mode), and an HTML page for
//! .txt/.md. The draft is written by python-docx (tests/docx/make_review_draft.py) with 20+
//! findings of every category, a reviewer's comment and tracked changes; the copies are read
//! back by gwlint, by python-docx and by LibreOffice.

mod common;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use common::{generated_docx, gwlint, python_with_docx, valid_report};
use quick_xml::events::Event;
use serde_json::Value;

/// Writes the review draft into a fresh folder.
fn draft() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("审校样稿.docx");
    // Written by tests/docx/make_review_draft.py (committed: the default tests need no Python).
    std::fs::copy(generated_docx("审校样稿.docx"), &path).unwrap();
    (dir, path)
}

/// `check --format json` on one file, with extra arguments; the file's diagnostics.
fn check(path: &Path, args: &[&str]) -> Vec<Value> {
    let out = gwlint()
        .current_dir(path.parent().unwrap())
        .args(["check", "--format", "json"])
        .args(args)
        .arg(path.file_name().unwrap())
        .output()
        .unwrap();
    let report = valid_report(&out.stdout);
    assert_eq!(
        report["errors"].as_array().map_or(0, Vec::len),
        0,
        "{report}"
    );
    report["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .clone()
}

fn part(docx: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(docx).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

fn attr(e: &quick_xml::events::BytesStart, name: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .map(|a| a.unescape_value().unwrap().into_owned())
}

/// Comment id → the text it is anchored on (as read with tracked changes accepted).
fn anchored_text(document: &str) -> BTreeMap<String, String> {
    let mut reader = quick_xml::Reader::from_str(document);
    let (mut open, mut done): (Vec<(String, String)>, BTreeMap<String, String>) =
        Default::default();
    let (mut in_t, mut deleted) = (false, 0);
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                b"commentRangeStart" => open.push((attr(&e, b"id").unwrap(), String::new())),
                b"commentRangeEnd" => {
                    let id = attr(&e, b"id").unwrap();
                    if let Some(k) = open.iter().position(|(i, _)| *i == id) {
                        let (id, text) = open.remove(k);
                        done.insert(id, text);
                    }
                }
                b"t" => in_t = true,
                b"del" => deleted += 1,
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                b"t" => in_t = false,
                b"del" => deleted -= 1,
                _ => {}
            },
            Event::Text(t) if in_t && deleted == 0 => {
                let t = t.unescape().unwrap();
                for (_, text) in &mut open {
                    text.push_str(&t);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    done
}

/// Comment id → (author, text).
fn comments(docx: &Path) -> BTreeMap<String, (String, String)> {
    let xml = part(docx, "word/comments.xml");
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut out = BTreeMap::new();
    let mut current: Option<(String, String, String)> = None;
    let mut in_t = false;
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) if e.local_name().as_ref() == b"comment" => {
                current = Some((
                    attr(&e, b"id").unwrap(),
                    attr(&e, b"author").unwrap_or_default(),
                    String::new(),
                ))
            }
            Event::Start(e) if e.local_name().as_ref() == b"t" => in_t = true,
            Event::End(e) if e.local_name().as_ref() == b"t" => in_t = false,
            Event::End(e) if e.local_name().as_ref() == b"p" => {
                if let Some(c) = &mut current {
                    c.2.push('\n');
                }
            }
            Event::End(e) if e.local_name().as_ref() == b"comment" => {
                let (id, author, text) = current.take().unwrap();
                out.insert(id, (author, text));
            }
            Event::Text(t) if in_t => {
                if let Some(c) = &mut current {
                    c.2.push_str(&t.unescape().unwrap());
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or("")
}

#[test]
fn every_finding_gets_a_comment_on_its_characters_and_the_draft_is_kept() {
    let (dir, draft) = draft();
    let before = std::fs::read(&draft).unwrap();
    let diagnostics = check(&draft, &["--annotate", "审校"]);
    assert_eq!(
        std::fs::read(&draft).unwrap(),
        before,
        "the original is never written"
    );
    // Not even when the copy's folder is the original's own.
    let onto = gwlint()
        .current_dir(dir.path())
        .args(["check", "-q", "--annotate", ".", "审校样稿.docx"])
        .output()
        .unwrap();
    assert_eq!(onto.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&onto.stderr).contains("与原文件相同"));
    assert_eq!(std::fs::read(&draft).unwrap(), before);
    let categories: std::collections::BTreeSet<&str> =
        diagnostics.iter().map(|d| s(&d["category"])).collect();
    assert!(diagnostics.len() >= 20, "{}", diagnostics.len());
    for &c in gwlint::rules::CATEGORIES {
        assert!(categories.contains(c), "the draft lacks a {c} finding");
    }

    let copy = dir.path().join("审校/审校样稿.docx");
    let comments = comments(&copy);
    let anchors = anchored_text(&part(&copy, "word/document.xml"));
    let ours: Vec<(&String, &String)> = comments
        .iter()
        .filter(|(_, (author, _))| author == "gwlint")
        .map(|(id, (_, text))| (id, text))
        .collect();
    assert_eq!(ours.len(), diagnostics.len());

    // Each finding, its own comment: message, 原文 → 应为, rule id, on exactly its characters.
    let first_paragraph = "某某市人民政府文件";
    let mut used = std::collections::BTreeSet::new();
    for d in &diagnostics {
        let expected_anchor = match (d["line"].as_u64(), s(&d["text"])) {
            (Some(0), _) => first_paragraph.to_owned(),
            // A finding with no extent hangs on the character after it (at a line start).
            (_, "") => "联".to_owned(),
            (_, text) => text.to_owned(),
        };
        let found = ours.iter().find(|(id, text)| {
            !used.contains(*id)
                && text.contains(s(&d["message"]))
                && text.contains(&format!("规则：{}", s(&d["rule"])))
                && d["suggestion"]
                    .as_str()
                    .is_none_or(|sug| text.contains(&format!("→ 应为：{sug}")))
                && anchors.get(*id) == Some(&expected_anchor)
        });
        let (id, _) = found.unwrap_or_else(|| {
            panic!("no comment on “{expected_anchor}” for {d}\nanchors: {anchors:?}")
        });
        used.insert((*id).clone());
    }

    // What was there stays: the reviewer's comment on its words, the tracked changes.
    let theirs: Vec<_> = comments
        .iter()
        .filter(|(_, (a, _))| a == "李处长")
        .collect();
    assert_eq!(theirs.len(), 1);
    assert_eq!(theirs[0].1 .1.trim(), "请再斟酌此句。");
    assert_eq!(
        anchors.get(theirs[0].0).map(String::as_str),
        Some("的领导，再接再励，确保检查工作取得实效。")
    );
    let body = part(&copy, "word/document.xml");
    assert!(body.contains(r#"w:author="张审核""#) && body.contains(">尽快</w:delText>"));
    // Runs split around 布署 keep its bold.
    let bold = body.find(">布署</w:t>").expect("布署 in a run of its own");
    let run = &body[body[..bold].rfind("<w:r>").unwrap()..bold];
    assert!(run.contains("<w:b/>"), "{run}");

    // Read back: the same text, so the same findings at the same places.
    let again = check(&copy, &[]);
    let key = |d: &Value| {
        (
            s(&d["rule"]).to_owned(),
            d["line"].as_u64(),
            d["column"].as_u64(),
            d["end_column"].as_u64(),
        )
    };
    assert_eq!(
        again.iter().map(key).collect::<Vec<_>>(),
        diagnostics.iter().map(key).collect::<Vec<_>>()
    );
}

#[test]
#[ignore = "needs python-docx (pip install python-docx, or GWLINT_PYTHON)"]
fn python_docx_opens_the_copy_and_sees_every_comment() {
    let (dir, draft) = draft();
    let diagnostics = check(&draft, &["--annotate", "审校"]);
    let copy = dir.path().join("审校/审校样稿.docx");
    let out = std::process::Command::new(python_with_docx())
        .args([
            "-c",
            "import sys, docx; d = docx.Document(sys.argv[1]); \
             print(sum(1 for c in d.comments if c.author == 'gwlint'), len(d.paragraphs))",
        ])
        .arg(&copy)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let counts = String::from_utf8(out.stdout).unwrap();
    let mut counts = counts.split_whitespace();
    assert_eq!(counts.next(), Some(diagnostics.len().to_string().as_str()));
}

#[test]
fn track_mode_offers_safe_fixes_as_revisions_that_clear_them_when_accepted() {
    let (dir, draft) = draft();
    let diagnostics = check(&draft, &["--annotate", "审校", "--annotate-mode", "track"]);
    let copy = dir.path().join("审校/审校样稿.docx");
    let body = part(&copy, "word/document.xml");
    let insertions = body.matches(r#"w:ins w:id="#).count();
    let ours = body.matches(r#"w:author="gwlint""#).count();
    // Safe fixes in the draft: half-width , : , and full-width ３ １ ５.
    let safe = ["punctuation/halfwidth-in-cjk", "number/fullwidth-digits"];
    let fixable = diagnostics
        .iter()
        .filter(|d| safe.contains(&s(&d["rule"])))
        .count();
    assert_eq!(fixable, 6);
    assert_eq!(ours, 2 * fixable, "one w:del and one w:ins each");
    assert_eq!(insertions, fixable + 1, "plus the reviewer's own");
    // Wording is never a revision, only a comment: 布署 stays as written.
    assert!(body.contains(">布署</w:t>"));
    // Accepting every revision (as gwlint reads the copy) leaves none of the safe findings.
    let after = check(&copy, &[]);
    assert!(
        after.iter().all(|d| !safe.contains(&s(&d["rule"]))),
        "{after:?}"
    );
    assert_eq!(after.len(), diagnostics.len() - fixable);
}

#[test]
#[ignore = "needs LibreOffice (soffice) and poppler-utils (pdftotext, pdftoppm)"]
fn libreoffice_opens_the_copy_keeps_its_comments_and_renders_it() {
    let (dir, draft) = draft();
    let diagnostics = check(&draft, &["--annotate-suffix", ".审校"]);
    let copy = dir.path().join("审校样稿.审校.docx");
    let profile = dir.path().join("lo-profile");
    let soffice = |args: &[&str], out: &Path| {
        let run = std::process::Command::new("soffice")
            .arg(format!(
                "-env:UserInstallation=file://{}",
                profile.display()
            ))
            .args(["--headless", "--convert-to"])
            .args(args)
            .arg("--outdir")
            .arg(out)
            .arg(&copy)
            .output()
            .expect(
                "this test opens the copy in LibreOffice: run .ci/run once (it installs \
                 libreoffice-writer-nogui and poppler-utils), or apt install them",
            );
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
    };
    // Saved again by LibreOffice, the comments are still there: it read them, not dropped them.
    let resaved = dir.path().join("lo");
    soffice(&["docx:MS Word 2007 XML"], &resaved);
    let lo_comments = comments(&resaved.join("审校样稿.审校.docx"));
    assert_eq!(
        lo_comments.values().filter(|(a, _)| a == "gwlint").count(),
        diagnostics.len()
    );
    // And a page renders: PDF, then PNG.
    let pdf_dir = dir.path().join("pdf");
    soffice(&["pdf"], &pdf_dir);
    let pdf = pdf_dir.join("审校样稿.审校.pdf");
    let text = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&text.stdout).contains("再接再励"));
    let png = dir.path().join("page");
    let render = std::process::Command::new("pdftoppm")
        .args(["-png", "-r", "50", "-f", "1", "-l", "1"])
        .arg(&pdf)
        .arg(&png)
        .output()
        .unwrap();
    assert!(render.status.success());
    let image = std::fs::read(dir.path().join("page-1.png")).unwrap();
    assert!(image.starts_with(b"\x89PNG") && image.len() > 5_000);
}

#[test]
fn text_files_get_a_self_contained_page_with_each_finding_marked() {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/关于申请专项工作经费的请示.txt");
    let txt = dir.path().join("请示.txt");
    std::fs::copy(&src, &txt).unwrap();
    let before = std::fs::read(&txt).unwrap();
    let diagnostics = check(&txt, &["--annotate-suffix", ".审校"]);
    assert!(!diagnostics.is_empty());
    assert_eq!(std::fs::read(&txt).unwrap(), before);
    let html = std::fs::read_to_string(dir.path().join("请示.审校.html")).unwrap();
    let located = diagnostics
        .iter()
        .filter(|d| d["line"].as_u64() > Some(0))
        .count();
    assert_eq!(html.matches(r#"<a id="f"#).count(), located);
    for d in &diagnostics {
        let message = s(&d["message"])
            .replace('&', "&amp;")
            .replace('"', "&quot;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        assert!(html.contains(&message), "{message}");
    }
    assert!(html.contains("<mark class=\"error\""));
    assert!(
        !html.contains("src=") && !html.contains("http"),
        "no external assets"
    );
}

#[test]
fn bad_requests_and_unreadable_files_are_clear_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("坏.docx"), b"PK\x03\x04 not really").unwrap();
    std::fs::write(dir.path().join("好.txt"), "请××同志参会。\n").unwrap();
    let out = gwlint()
        .current_dir(dir.path())
        .args(["check", "--annotate", "审校", "坏.docx", "好.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("坏.docx"));
    assert!(dir.path().join("审校/好.html").exists());
    assert!(!dir.path().join("审校/坏.docx").exists());

    let stdin = gwlint()
        .args(["check", "--annotate", "x", "--stdin-filename", "a.txt", "-"])
        .write_stdin("通知")
        .output()
        .unwrap();
    assert_eq!(stdin.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&stdin.stderr).contains("标准输入"));
    let empty = gwlint()
        .args(["check", "--annotate-suffix", "", "a.txt"])
        .output()
        .unwrap();
    assert_eq!(empty.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&empty.stderr).contains("后缀"));
}

/// The cases that used to lose a file: a page of the user's where the copy goes, a symlinked
/// input whose copy would land on the link, and two inputs whose copies share one name.
#[test]
fn copies_take_a_numbered_name_rather_than_replace_anything() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(p.join("通知.txt"), "请××同志参会。\n").unwrap();
    std::fs::write(p.join("通知.md"), "请各单位于××前报送。\n").unwrap();
    std::fs::write(p.join("通知.html"), "<p>我自己的网页</p>").unwrap();
    let out = gwlint()
        .current_dir(p)
        .args(["check", "--annotate", ".", "通知.txt", "通知.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let said = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        std::fs::read_to_string(p.join("通知.html")).unwrap(),
        "<p>我自己的网页</p>"
    );
    let pages: Vec<String> = [2, 3]
        .iter()
        .map(|n| std::fs::read_to_string(p.join(format!("通知 ({n}).html"))).unwrap())
        .collect();
    assert!(pages.iter().any(|h| h.contains("参会")), "the .txt's copy");
    assert!(pages.iter().any(|h| h.contains("报送")), "the .md's copy");
    assert!(
        said.contains("已存在（未改动）") && said.contains("通知 (3).html"),
        "{said}"
    );

    #[cfg(unix)]
    {
        let real = p.join("real");
        std::fs::create_dir(&real).unwrap();
        std::fs::write(real.join("函.txt"), "请××同志参会。\n").unwrap();
        std::fs::copy(generated_docx("审校样稿.docx"), real.join("样稿.docx")).unwrap();
        let before = std::fs::read(real.join("样稿.docx")).unwrap();
        // The copy of a symlinked .docx, under --annotate ., has the link's own name.
        std::os::unix::fs::symlink(real.join("样稿.docx"), p.join("样稿.docx")).unwrap();
        let out = gwlint()
            .current_dir(p)
            .args(["check", "-q", "--annotate", ".", "样稿.docx"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        assert!(std::fs::symlink_metadata(p.join("样稿.docx"))
            .unwrap()
            .is_symlink());
        assert_eq!(std::fs::read(real.join("样稿.docx")).unwrap(), before);
        assert!(p.join("样稿 (2).docx").exists());
        std::os::unix::fs::symlink(real.join("函.txt"), p.join("链接.txt")).unwrap();
        std::fs::write(p.join("链接.html"), "旧副本").unwrap();
        let out = gwlint()
            .current_dir(p)
            .args(["check", "-q", "--annotate", ".", "链接.txt"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        assert_eq!(
            std::fs::read_to_string(p.join("链接.html")).unwrap(),
            "旧副本"
        );
        assert!(p.join("链接 (2).html").exists());
        assert!(std::fs::symlink_metadata(p.join("链接.txt"))
            .unwrap()
            .is_symlink());
    }
}
