//! `gwlint report`: the 错情通报 material of a batch audit, in every format, merged from
//! shards, compared with an earlier audit.

mod common;

use std::path::{Path, PathBuf};

use common::{gwlint, report_in as report, valid_report};
use serde_json::Value;

/// A copy of the bundled sample drafts (the .docx included), so tests can change them.
fn archive() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    for entry in walkdir(&src) {
        let rel = entry.strip_prefix(&src).unwrap();
        let to = t.path().join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(&entry, &to).unwrap();
    }
    t
}

fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        // readers/ holds one draft in four formats, for tests/cli_readers.rs.
        if p.is_dir() && !p.ends_with("readers") {
            out.extend(walkdir(&p));
        } else if p.is_dir() {
        } else if matches!(
            p.extension().and_then(|e| e.to_str()),
            Some("txt" | "md" | "docx")
        ) {
            out.push(p);
        }
    }
    out.sort();
    out
}

fn args(part: &[String]) -> Vec<&str> {
    part.iter().map(String::as_str).collect()
}

fn json_report(dir: &Path, args: &[&str]) -> Value {
    let mut all = vec!["--format", "json"];
    all.extend(args);
    let (code, out, err) = report(dir, &all);
    assert_eq!(code, Some(0), "{err}");
    valid_report(out.as_bytes())
}

#[test]
fn json_is_the_check_report_with_units_dates_and_the_aggregate() {
    let t = archive();
    let r = json_report(t.path(), &["."]);
    let s = &r["summary"];
    assert_eq!(s["files"], 16);
    let total = &r["report"]["total"];
    assert_eq!(total["findings"], s["diagnostics"]);
    assert_eq!(total["errors"], s["by_severity"]["error"]);
    // The same findings as `gwlint check`.
    let check = gwlint()
        .current_dir(t.path())
        .args(["check", "--format", "json", "."])
        .output()
        .unwrap();
    let check = valid_report(&check.stdout);
    assert_eq!(check["summary"], r["summary"]);
    // 发文单位 from the signature, 成文日期 from the date line.
    let docx = r["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["format"] == "docx")
        .unwrap();
    assert_eq!(docx["unit"], "某某市人民政府");
    assert_eq!(docx["date"], "2024-03-01");
    let rate = total["findings"].as_f64().unwrap() * 10_000.0 / total["chars"].as_f64().unwrap();
    assert!(rate > 0.0);
}

#[test]
fn markdown_and_csv_agree_with_the_json_counts() {
    let t = archive();
    let r = json_report(t.path(), &["."]);
    let s = &r["summary"];
    let (_, md, _) = report(t.path(), &["."]);
    // Digits grouped in threes, as people read totals.
    let g = |v: &Value| {
        let d = v.as_u64().unwrap().to_string();
        let mut out = String::new();
        for (i, c) in d.chars().enumerate() {
            if i > 0 && (d.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        out
    };
    let overall = format!(
        "本次共检查文件 {} 份，共 {} 字。其中 {} 份发现问题，共 {} 处：错误 {} 处，警告 {} 处，提示 {} 处",
        g(&s["files"]),
        g(&r["report"]["total"]["chars"]),
        g(&s["files_with_findings"]),
        g(&s["diagnostics"]),
        g(&s["by_severity"]["error"]),
        g(&s["by_severity"]["warning"]),
        g(&s["by_severity"]["info"])
    );
    assert!(md.contains(&overall), "{md}");
    // Every rule's row in 主要问题 carries its count.
    for (rule, n) in s["by_rule"].as_object().unwrap() {
        assert!(md.contains(&format!("`{rule}` | {} |", g(n))), "{rule} {n}");
    }
    assert!(md.contains("## 三、各单位情况"));
    assert!(md.contains("| 某某市人民政府 | 1 |"), "{md}");
    assert!(
        md.contains("【待填写"),
        "整改建议 are left for people, marked"
    );

    let (_, csv, _) = report(t.path(), &["--format", "csv", "."]);
    assert!(csv.starts_with('\u{feff}'), "Excel and WPS need the BOM");
    let mut rows = ::csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = rows.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(
        header,
        [
            "path",
            "unit",
            "doctype",
            "date",
            "rule",
            "category",
            "severity",
            "line",
            "column",
            "text",
            "suggestion",
            "message",
            "status"
        ]
    );
    let mut by_rule: std::collections::BTreeMap<String, u64> = Default::default();
    let mut n = 0;
    for row in rows.records() {
        let row = row.unwrap();
        *by_rule.entry(row[4].to_owned()).or_default() += 1;
        n += 1;
    }
    assert_eq!(n, s["diagnostics"].as_u64().unwrap());
    for (rule, count) in s["by_rule"].as_object().unwrap() {
        assert_eq!(by_rule[rule], count.as_u64().unwrap(), "{rule}");
    }
}

#[test]
fn shards_merge_to_the_numbers_of_one_run() {
    let t = archive();
    let files: Vec<String> = walkdir(t.path())
        .iter()
        .map(|p| {
            p.strip_prefix(t.path())
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let (a, b) = files.split_at(files.len() / 2);
    let whole = json_report(t.path(), &args(&files));
    for (name, part) in [("a.json", a), ("b.json", b)] {
        let (_, out, _) = report(t.path(), &[&["--format", "json"][..], &args(part)].concat());
        std::fs::write(t.path().join(name), out).unwrap();
    }
    let merged = json_report(t.path(), &["--merge", "a.json", "b.json"]);
    assert_eq!(merged["summary"], whole["summary"]);
    assert_eq!(merged["report"], whole["report"]);
    assert_eq!(merged["files"], whole["files"]);
    // And the Markdown made from shards is the Markdown of one run, but for its scope line.
    let (_, md_whole, _) = report(t.path(), &args(&files));
    let (_, md_merged, _) = report(t.path(), &["--merge", "a.json", "b.json"]);
    let body = |md: &str| md.split_once("## 一、").unwrap().1.to_owned();
    assert_eq!(body(&md_whole), body(&md_merged));
    // A file that is not a report is refused, naming it.
    std::fs::write(t.path().join("bad.json"), "{}").unwrap();
    let (code, _, err) = report(t.path(), &["--merge", "bad.json"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("bad.json"), "{err}");
}

#[test]
fn a_baseline_shows_what_is_new_fixed_and_unchanged() {
    let t = archive();
    let before = t.path().join("before.json");
    let (_, out, _) = report(t.path(), &["--format", "json", "文种"]);
    std::fs::write(&before, out).unwrap();
    // One finding fixed, one added; lines above shift, which must not matter.
    let notice = t.path().join("文种/通知_错误.txt");
    let text = std::fs::read_to_string(&notice).unwrap();
    assert!(text.contains("三加强值班值守"));
    let text = format!(
        "（新增的一行）\n{}",
        text.replace("三加强值班值守", "三、加强值班值守")
    ) + "请各单位按时布署。\n";
    std::fs::write(&notice, text).unwrap();
    let r = json_report(t.path(), &["--baseline", "before.json", "文种"]);
    let p = &r["report"]["progress"];
    assert_eq!(
        (p["new"].as_u64(), p["fixed"].as_u64()),
        (Some(1), Some(1)),
        "{p}"
    );
    assert_eq!(
        p["unchanged"].as_u64().unwrap() + 1,
        r["summary"]["diagnostics"].as_u64().unwrap()
    );
    let new: Vec<&Value> = r["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().unwrap())
        .filter(|d| d["status"] == "new")
        .collect();
    assert_eq!(new.len(), 1);
    assert_eq!(new[0]["text"], "布署");
    let (_, md, _) = report(t.path(), &["--baseline", "before.json", "文种"]);
    assert!(
        md.contains("与上次检查相比：新发现 1 处，已整改 1 处"),
        "{md}"
    );
}

#[test]
fn html_is_one_self_contained_page_whose_examples_link_to_findings() {
    let t = archive();
    let (code, html, _) = report(t.path(), &["--format", "html", "."]);
    assert_eq!(code, Some(0));
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_eq!(
        html.matches("<div class=\"bars\">").count(),
        2,
        "two bar charts"
    );
    assert!(
        !html.contains("http://") || !html.contains("src=\"http"),
        "no external assets"
    );
    assert!(!html.contains("<link") && !html.contains("src="));
    let r = json_report(t.path(), &["."]);
    let n = r["summary"]["diagnostics"].as_u64().unwrap();
    // Every finding has a row, and every example points at one.
    assert_eq!(html.matches("<tr id=\"f-").count() as u64, n);
    for link in html.split("href=\"#f-").skip(1) {
        let id = &link[..link.find('"').unwrap()];
        assert!(
            html.contains(&format!("<tr id=\"f-{id}\"")),
            "dangling link f-{id}"
        );
    }
    // Text from documents is escaped.
    assert!(!html.contains("<script>alert"));
}

#[test]
fn groups_by_what_is_asked_and_stays_quiet_when_piped() {
    let t = tempfile::tempdir().unwrap();
    for i in 0..60 {
        let dir = t.path().join(if i % 2 == 0 { "甲局" } else { "乙局" });
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join(format!("{i}.txt")),
            format!("关于第{i}项工作的通知\n各单位：\n请按时报送xx材料。\n"),
        )
        .unwrap();
    }
    let r = json_report(t.path(), &["--group-by", "folder", "."]);
    let groups = r["report"]["by_group"].as_object().unwrap();
    assert_eq!(groups.len(), 2);
    assert_eq!(groups["甲局"]["files"], 30);
    let r = json_report(t.path(), &["--group-by", "doctype", "."]);
    assert_eq!(r["report"]["by_group"]["通知"]["files"], 60);
    // No signature, 文号, 版头 or organ in the title: the unit is the folder.
    let r = json_report(t.path(), &["."]);
    assert_eq!(r["report"]["by_group"]["乙局"]["files"], 30);
    // 60 files, stderr not a terminal: no progress bar drawn.
    let (_, _, err) = report(t.path(), &["."]);
    assert_eq!(err, "");
}

/// Two documents of one office, one under its 署名, one under its 代字; one of another unit
/// the built-in table does not know, named by a config.
fn one_office_three_ways(dir: &Path) {
    std::fs::create_dir_all(dir.join("2024年/通知")).unwrap();
    std::fs::write(
        dir.join("2024年/通知/甲.txt"),
        "国务院办公厅关于开展检查的通知\n国办发〔2024〕3号\n各省、自治区、直辖市人民政府：\n请于5月10日前报送材料。\n国务院办公厅\n2024年3月1日\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("2024年/通知/乙.txt"),
        "关于做好值班工作的通知\n国办函〔2024〕9号\n各省、自治区、直辖市人民政府：\n请按时报送xx材料。\n2024年3月8日\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("2024年/丙.txt"),
        "关于召开会议的通知\n云政办发〔2024〕1号\n各县（市、区）人民政府：\n请准时参加。\n2024年4月2日\n",
    )
    .unwrap();
    std::fs::write(dir.join("旧稿.rtf"), "{\\rtf1}").unwrap();
}

#[test]
fn units_are_one_name_per_office_and_a_config_names_more() {
    let t = tempfile::tempdir().unwrap();
    one_office_three_ways(t.path());
    let r = json_report(t.path(), &["2024年"]);
    let unit = |name: &str| common::file_in(&r, name)["unit"].clone();
    assert_eq!(unit("通知/甲.txt"), "国务院办公厅");
    assert_eq!(
        unit("通知/乙.txt"),
        "国务院办公厅",
        "国办函 is 国务院办公厅"
    );
    assert_eq!(unit("丙.txt"), "云政办发", "an unknown 代字 as written");
    assert_eq!(r["report"]["by_group"]["国务院办公厅"]["files"], 2);
    // A config names the unknown 代字.
    std::fs::write(
        t.path().join(".gwlint.yaml"),
        "units:\n  云政办发: 云岭市人民政府办公室\n",
    )
    .unwrap();
    let r = json_report(t.path(), &["2024年"]);
    assert_eq!(
        common::file_in(&r, "丙.txt")["unit"],
        "云岭市人民政府办公室"
    );
    // A wrong value is refused with its place.
    std::fs::write(t.path().join(".gwlint.yaml"), "units:\n  云政办发: ''\n").unwrap();
    let (code, _, err) = report(t.path(), &["--format", "json", "2024年"]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains(".gwlint.yaml") && err.contains("units"),
        "{err}"
    );
}

#[test]
fn the_unit_cell_is_never_empty() {
    let t = tempfile::tempdir().unwrap();
    std::fs::write(
        t.path().join("稿.txt"),
        "关于开展检查的通知\n请报送xx材料。\n",
    )
    .unwrap();
    let (_, csv, _) = report(t.path(), &["--format", "csv", "."]);
    let mut rows = ::csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let units: Vec<String> = rows.records().map(|r| r.unwrap()[1].to_owned()).collect();
    assert!(!units.is_empty());
    assert!(units.iter().all(|u| u == "（未识别单位）"), "{units:?}");
    let (_, html, _) = report(t.path(), &["--format", "html", "."]);
    assert!(
        html.contains("<td class=\"unit\">（未识别单位）</td>"),
        "{html}"
    );
}

#[test]
fn paths_are_relative_to_the_audited_folder() {
    let t = tempfile::tempdir().unwrap();
    one_office_three_ways(t.path());
    let archive = t.path().join("2024年");
    let abs = archive.display().to_string();
    let (_, md, _) = report(t.path(), &[&abs]);
    let (_, html, _) = report(t.path(), &["--format", "html", &abs]);
    let (_, csv, _) = report(t.path(), &["--format", "csv", &abs]);
    // The scope line names the folder once; no row carries it.
    for out in [&md, &html, &csv] {
        assert_eq!(out.matches(&abs).count(), usize::from(out != &csv), "{out}");
    }
    assert!(csv.contains("\n通知/乙.txt,"), "{csv}");
    assert!(md.contains("通知/乙.txt"), "{md}");
}

#[test]
fn deletions_say_what_to_delete() {
    let t = tempfile::tempdir().unwrap();
    // “、”between quoted items is deleted (punctuation/dunhao-between-quoted).
    std::fs::write(
        t.path().join("稿.txt"),
        "关于开展检查的通知\n要坚持“一国两制”、“港人治港”、“澳人治澳”。\n",
    )
    .unwrap();
    let r = json_report(t.path(), &["."]);
    let deletions = r["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["suggestion"] == "")
        .count();
    assert!(deletions > 0, "{r}");
    let (_, html, _) = report(t.path(), &["--format", "html", "."]);
    assert!(html.contains("删除“、”"), "{html}");
    assert!(!html.contains(">“”<"), "an empty suggestion shown as “”");
    let (_, csv, _) = report(t.path(), &["--format", "csv", "."]);
    assert!(csv.contains(",删除“、”,"), "{csv}");
}

#[test]
fn digits_are_grouped_and_the_total_characters_shown() {
    let t = tempfile::tempdir().unwrap();
    let long = "本次会议研究部署了全年各项工作任务。".repeat(70);
    std::fs::write(
        t.path().join("稿.txt"),
        format!("关于开展检查的通知\n{long}\n请报送xx材料。\n"),
    )
    .unwrap();
    let r = json_report(t.path(), &["."]);
    let chars = r["report"]["total"]["chars"].as_u64().unwrap();
    assert!(chars >= 1000);
    let shown = format!("{},{:03}", chars / 1000, chars % 1000);
    let (_, html, _) = report(t.path(), &["--format", "html", "."]);
    assert!(
        html.contains(&format!(
            "<div class=\"v\">{shown}</div><div class=\"k\">总字数</div>"
        )),
        "{html}"
    );
    let (_, md, _) = report(t.path(), &["."]);
    assert!(md.contains(&format!("共 {shown} 字")), "{md}");
}

#[test]
fn dates_make_month_rows_within_a_year_and_year_rows_across_years() {
    let t = tempfile::tempdir().unwrap();
    let doc = |date: &str| format!("关于开展检查的通知\n请报送xx材料。\n{date}\n");
    std::fs::write(t.path().join("a.txt"), doc("2024年3月1日")).unwrap();
    std::fs::write(t.path().join("b.txt"), doc("2024年9月1日")).unwrap();
    let (_, html, _) = report(t.path(), &["--format", "html", "."]);
    let months = html.split("<h2>按月份</h2>").nth(1).expect("a month table");
    let months = &months[..months.find("</table>").unwrap()];
    assert_eq!(
        months.matches("<tr><td>").count(),
        2,
        "only months with documents"
    );
    assert!(months.contains("<td>2024-03</td>") && months.contains("<td>2024-09</td>"));
    std::fs::write(t.path().join("c.txt"), doc("2019年5月1日")).unwrap();
    let (_, md, _) = report(t.path(), &["."]);
    assert!(md.contains("| 年份 |") && md.contains("| 2019年 |"), "{md}");
    assert!(!md.contains("| 2024-03 |"), "{md}");
}

#[test]
fn the_baseline_column_is_there_only_with_a_baseline() {
    let t = archive();
    let (_, html, _) = report(t.path(), &["--format", "html", "文种"]);
    assert!(!html.contains("对比上次"));
    let (_, out, _) = report(t.path(), &["--format", "json", "文种"]);
    std::fs::write(t.path().join("before.json"), out).unwrap();
    let (_, html, _) = report(
        t.path(),
        &["--format", "html", "--baseline", "before.json", "文种"],
    );
    assert!(html.contains("<th>对比上次</th>"));
    assert!(html.contains("<td>未整改</td>"));
}

#[test]
fn files_not_checked_are_listed_in_every_report_format() {
    let t = tempfile::tempdir().unwrap();
    one_office_three_ways(t.path());
    std::fs::write(t.path().join("坏.txt"), b"a\0b").unwrap();
    let (code, md, _) = report(t.path(), &["."]);
    assert_eq!(code, Some(2));
    assert!(md.contains("## 六、未检查的文件"), "{md}");
    assert!(md.contains("| 旧稿.rtf | 未读 | RTF 格式不读"), "{md}");
    assert!(md.contains("| 坏.txt | 无法读取 |"), "{md}");
    assert!(
        md.contains("（另有 1 份无法读取、1 份未读，未计入）"),
        "{md}"
    );
    let (_, html, _) = report(t.path(), &["--format", "html", "."]);
    assert!(html.contains("<h2>未检查的文件</h2>") && html.contains("旧稿.rtf"));
    let (_, csv, _) = report(t.path(), &["--format", "csv", "."]);
    assert!(
        csv.contains("旧稿.rtf,,,,,,,,,,,未读：RTF 格式不读"),
        "{csv}"
    );
    assert!(csv.contains("坏.txt,,,,,,,,,,,无法读取："), "{csv}");
    let (_, json, _) = report(t.path(), &["--format", "json", "."]);
    let r = valid_report(json.as_bytes());
    assert_eq!(r["skipped"][0]["path"], "旧稿.rtf");
    assert_eq!(r["errors"][0]["path"], "坏.txt");
    // Shards keep them.
    std::fs::write(t.path().join("a.json"), &json).unwrap();
    let (code, merged, _) = report(t.path(), &["--format", "json", "--merge", "a.json"]);
    assert_eq!(code, Some(2), "the unreadable file is still an error");
    assert_eq!(valid_report(merged.as_bytes())["skipped"], r["skipped"]);
}
