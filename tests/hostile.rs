//! Hostile and odd inputs: each gets a clear per-file message (or is checked normally), the
//! batch goes on, nothing panics, hangs or eats the machine. (The .docx ones — zip bomb,
//! entities, nesting — are in cli_format.rs.)

mod common;

use std::time::{Duration, Instant};

use common::{check_json_in, error_for, gwlint, laughs_pack};
use serde_json::Value;

#[test]
fn odd_text_files_are_reported_one_by_one_and_the_rest_checked() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    std::fs::write(d.join("空.txt"), "").unwrap();
    std::fs::write(
        d.join("空字节.txt"),
        b"\xe5\x90\x84\xe5\x8d\x95\xe4\xbd\x8d\n\x00\x00abc\n",
    )
    .unwrap();
    let mut bad = "关于开展检查的通知\n".as_bytes().to_vec();
    bad.extend(b"\xff\xfe\xfa\n");
    std::fs::write(d.join("无效UTF8.txt"), bad).unwrap();
    // UTF-8 first line, GBK second: neither encoding reads the whole file.
    let mut mixed = "关于开展检查的通知\n".as_bytes().to_vec();
    mixed.extend(encoding_rs::GBK.encode("各单位：请按时报送。\n").0.iter());
    std::fs::write(d.join("混合编码.txt"), mixed).unwrap();
    // Chinese in UTF-16 without a BOM: its only NULs are in the line ends.
    let utf16: Vec<u8> = "关于开展检查的通知\n各单位：\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    std::fs::write(d.join("无BOM的UTF16.txt"), utf16).unwrap();
    // GBK with a broken character on line 3: invalid UTF-8 from line 1 on.
    let mut gbk = encoding_rs::GBK
        .encode("关于开展检查的通知\n各单位：\n")
        .0
        .into_owned();
    gbk.extend(b"\x81\x20\n");
    std::fs::write(d.join("坏GBK.txt"), gbk).unwrap();
    // 200 MB (sparse: no disk written) is over the default limit and never read.
    let big = std::fs::File::create(d.join("大文件.txt")).unwrap();
    big.set_len(200 << 20).unwrap();
    std::fs::write(d.join("好.txt"), "各单位：\n请按时报送xx材料。\n").unwrap();
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.resize(4096, 0);
    std::fs::write(d.join("旧格式.docx"), ole).unwrap();
    std::fs::write(d.join("其实是PDF.docx"), "%PDF-1.7\n").unwrap();
    let started = Instant::now();
    let (code, r) = check_json_in(d, &["."]);
    assert!(started.elapsed() < Duration::from_secs(20));
    assert_eq!(code, Some(2));
    assert_eq!(
        r["summary"]["files"], 2,
        "the empty file and the good one: {r:#}"
    );
    assert!(error_for(&r, "空字节.txt").contains("空字节"));
    assert!(error_for(&r, "无效UTF8.txt").contains("第 2 行"));
    assert!(error_for(&r, "混合编码.txt").contains("第 2 行"));
    let utf16 = error_for(&r, "无BOM的UTF16.txt");
    assert!(
        utf16.contains("UTF-16") && !utf16.contains("空字节"),
        "{utf16}"
    );
    assert!(error_for(&r, "坏GBK.txt").contains("第 3 行"));
    assert!(error_for(&r, "大文件.txt").contains("--max-file-size"));
    assert!(error_for(&r, "旧格式.docx").contains("另存为 .docx"));
    assert!(error_for(&r, "其实是PDF.docx").contains("PDF"));
    // The limit is the user's to set.
    let (_, r) = check_json_in(d, &["--max-file-size", "10", "好.txt"]);
    assert!(error_for(&r, "好.txt").contains("超过 --max-file-size（10 字节）"));
    let out = gwlint()
        .current_dir(d)
        .args(["check", "--max-file-size", "lots", "好.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("100M、2G、500K"));
}

#[test]
fn a_ten_megabyte_line_is_checked_in_bounded_time() {
    let t = tempfile::tempdir().unwrap();
    let line = format!(
        "各单位：{}请按时报送xx材料。",
        "请认真组织学习，".repeat(640_000)
    );
    assert!(line.len() > 10 << 20);
    std::fs::write(t.path().join("长行.txt"), line).unwrap();
    let started = Instant::now();
    let (code, r) = check_json_in(t.path(), &["长行.txt"]);
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(code, Some(1));
    let d = &r["files"][0]["diagnostics"];
    assert!(d.as_array().unwrap().iter().any(|d| d["text"] == "xx"));
}

#[test]
fn walking_survives_symlink_loops_and_vanished_files() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    std::fs::create_dir(d.join("子目录")).unwrap();
    std::fs::write(d.join("子目录/稿.txt"), "各单位：\n请按时报送xx材料。\n").unwrap();
    std::os::unix::fs::symlink(d, d.join("子目录/回到上层")).unwrap();
    std::os::unix::fs::symlink(d.join("不存在"), d.join("断链.txt")).unwrap();
    let started = Instant::now();
    let (_, r) = check_json_in(d, &[".", "已删除.txt"]);
    assert!(started.elapsed() < Duration::from_secs(20));
    assert_eq!(r["summary"]["files"], 1, "the loop is not followed: {r:#}");
    assert!(error_for(&r, "已删除.txt").contains("不存在"));
}

#[test]
fn hostile_rule_packs_are_refused_fast() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    std::fs::write(d.join("稿.txt"), "各单位：\n请按时报送材料。\n").unwrap();
    // Billion laughs: one long anchored string, aliased 20,000 times (gigabytes if expanded).
    std::fs::write(d.join("laughs.yaml"), laughs_pack("\n")).unwrap();
    let started = Instant::now();
    let out = gwlint()
        .current_dir(d)
        .args(["check", "--rules", "laughs.yaml", "稿.txt"])
        .output()
        .unwrap();
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("laughs.yaml") && err.contains("别名"), "{err}");

    // A pattern that backtracking engines take exponential time on; the regex crate is linear.
    std::fs::write(
        d.join("regex.yaml"),
        r#"pack: regex
rules:
  - id: wording/nested
    kind: pattern
    severity: warning
    message: x
    pattern: '(?P<hit>(a+)+$)'
    examples: {bad: ['aaa'], good: ['aab']}
  - id: wording/huge
    kind: pattern
    severity: warning
    message: x
    pattern: '(?P<hit>(?:\w{100}){1000})'
    examples: {bad: ['x'], good: ['y']}
"#,
    )
    .unwrap();
    let out = gwlint()
        .current_dir(d)
        .args(["check", "--rules", "regex.yaml", "稿.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("regex.yaml") && err.contains("wording/huge"),
        "{err}"
    );
    // Without the huge one, the nested pattern runs over 100,000 a's followed by b in no time.
    let yaml = std::fs::read_to_string(d.join("regex.yaml")).unwrap();
    let nested = &yaml[..yaml.find("  - id: wording/huge").unwrap()];
    std::fs::write(d.join("regex.yaml"), nested).unwrap();
    std::fs::write(d.join("aaa.txt"), format!("{}b\n", "a".repeat(100_000))).unwrap();
    let started = Instant::now();
    let (code, _) = check_json_in(
        d,
        &[
            "--rules",
            "regex.yaml",
            "--select",
            "wording/nested",
            "aaa.txt",
        ],
    );
    assert_eq!(code, Some(0));
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
fn a_pack_of_100000_terms_loads_and_works() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    let mut yaml = String::from(
        "pack: big\nrules:\n  - id: wording/big-list\n    kind: term\n    severity: warning\n    message: \"“{text}”应为“{suggestion}”\"\n    examples: {bad: [测试错词甲乙], good: [测试正词甲乙]}\n    terms:\n      - {wrong: 测试错词甲乙, right: 测试正词甲乙}\n",
    );
    // Distinct four-character words from a fixed walk over the CJK block.
    let base = 0x4e00u32;
    for k in 0..99_999u32 {
        let w: String = [k % 97, (k / 97) % 89, (k / 8633) % 83, 7]
            .iter()
            .enumerate()
            .map(|(i, x)| char::from_u32(base + 400 * i as u32 + x).unwrap())
            .collect();
        yaml.push_str(&format!("      - {{wrong: {w}, right: 正确}}\n"));
    }
    std::fs::write(d.join("big.yaml"), yaml).unwrap();
    std::fs::write(d.join("稿.txt"), "各单位要做好测试错词甲乙工作。\n").unwrap();
    let (code, r) = check_json_in(
        d,
        &[
            "--rules",
            "big.yaml",
            "--select",
            "wording/big-list",
            "稿.txt",
        ],
    );
    assert_eq!(code, Some(0));
    assert_eq!(
        r["files"][0]["diagnostics"][0]["suggestion"],
        "测试正词甲乙"
    );
}

/// Files and folders the user may not read. Root reads everything, so as root the check runs
/// as `nobody` (setpriv, util-linux).
#[test]
fn unreadable_files_and_folders_are_reported_and_skipped() {
    use std::os::unix::fs::PermissionsExt;
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::write(d.join("好.txt"), "各单位：\n请按时报送xx材料。\n").unwrap();
    std::fs::write(d.join("无权限.txt"), "各单位：\n请按时报送。\n").unwrap();
    std::fs::set_permissions(d.join("无权限.txt"), std::fs::Permissions::from_mode(0o000)).unwrap();
    std::fs::create_dir(d.join("无权限目录")).unwrap();
    std::fs::write(d.join("无权限目录/稿.txt"), "各单位：\n").unwrap();
    std::fs::set_permissions(d.join("无权限目录"), std::fs::Permissions::from_mode(0o000)).unwrap();
    std::fs::set_permissions(d.join("好.txt"), std::fs::Permissions::from_mode(0o644)).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("gwlint");
    let is_root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    let mut cmd = if is_root {
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(&bin);
        c
    } else {
        std::process::Command::new(&bin)
    };
    let out = cmd
        .current_dir(d)
        .args(["check", "--format", "json", "."])
        .output()
        .unwrap();
    // Restore, so the temporary folder can be removed.
    std::fs::set_permissions(d.join("无权限目录"), std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["summary"]["files"], 1);
    assert!(error_for(&r, "无权限.txt").contains("没有读取权限"));
    let dir_error = r["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["path"].as_str().unwrap().contains("无权限目录"))
        .unwrap_or_else(|| panic!("no error for the folder: {r:#}"));
    assert!(!dir_error["error"].as_str().unwrap().is_empty());
}
