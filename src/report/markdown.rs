//! `gwlint report --format md`: a draft 错情通报 to paste into a document — 总体情况, 主要问题 by
//! category with typical examples (原文 → 应为), 各单位情况, and 整改建议 left for people to
//! write, clearly marked.

use std::fmt::Write as _;

use super::aggregate::{Aggregate, Counts, Example, COUNT_COLUMNS};
use super::show::grouped;
use super::unread::Unread;
use crate::rules::category_title;

pub fn render(a: &Aggregate, scope: &str, unread: &Unread) -> String {
    let mut s = String::new();
    let t = &a.total;
    let _ = writeln!(s, "# 公文差错检查情况通报（初稿）\n");
    let _ = writeln!(
        s,
        "> 由 gwlint {} 自动生成，检查范围：{scope}。数字和例子请核对后使用。\n",
        env!("CARGO_PKG_VERSION")
    );
    let _ = writeln!(s, "## 一、总体情况\n");
    let n = |v: usize| grouped(v as u64);
    let _ = writeln!(
        s,
        "本次共检查文件 {} 份{}，共 {} 字。其中 {} 份发现问题，共 {} 处：错误 {} 处，警告 {} 处，提示 {} 处；差错率为每万字 {:.2} 处。\n",
        n(t.files),
        unread.sentence(),
        grouped(t.chars),
        n(t.files_with_findings),
        n(t.findings),
        n(t.errors),
        n(t.warnings),
        n(t.infos),
        t.rate()
    );
    if let Some(p) = &a.progress {
        let _ = writeln!(
            s,
            "与上次检查相比：新发现 {} 处，已整改 {} 处，仍未整改 {} 处。\n",
            n(p.new),
            n(p.fixed),
            n(p.unchanged)
        );
    }
    let _ = writeln!(s, "## 二、主要问题\n");
    let mut categories: Vec<(&String, &usize)> = a.by_category.iter().collect();
    categories.sort_by(|x, y| y.1.cmp(x.1).then_with(|| x.0.cmp(y.0)));
    if categories.is_empty() {
        let _ = writeln!(s, "未发现问题。\n");
    }
    for (k, (cat, count)) in categories.into_iter().enumerate() {
        let _ = writeln!(
            s,
            "### （{}）{}（{} 处）\n",
            chinese_ordinal(k + 1),
            title(cat),
            n(*count)
        );
        let _ = writeln!(s, "| 问题 | 规则 | 处数 | 涉及文件 |\n|---|---|---:|---:|");
        let rules: Vec<_> = a
            .rules_by_count()
            .into_iter()
            .filter(|(_, r)| r.category == **cat)
            .collect();
        for (id, r) in &rules {
            let _ = writeln!(
                s,
                "| {} | `{id}` | {} | {} |",
                cell(&r.message),
                n(r.count),
                n(r.files)
            );
        }
        let _ = writeln!(s, "\n典型例子：\n");
        let mut k = 0;
        for (id, r) in &rules {
            for e in r.examples.iter().take(2) {
                k += 1;
                let _ = writeln!(s, "{k}. {}（`{id}`）", example_line(e));
            }
            if k >= 6 {
                break;
            }
        }
        s.push('\n');
    }
    let _ = writeln!(s, "## 三、各{}情况\n", a.group_by.label());
    counts_table(&mut s, a.group_by.label(), &a.by_group);
    let _ = writeln!(s, "## 四、问题较多的文件\n");
    let _ = writeln!(
        s,
        "| 文件 | 单位 | 问题 | 其中错误 | 差错率（每万字） |\n|---|---|---:|---:|---:|"
    );
    for d in &a.top_documents {
        let rate = if d.chars == 0 {
            0.0
        } else {
            d.findings as f64 * 10_000.0 / d.chars as f64
        };
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {rate:.2} |",
            cell(&d.path),
            cell(&d.unit),
            n(d.findings),
            n(d.errors)
        );
    }
    s.push('\n');
    let _ = writeln!(s, "## 五、按文种和成文时间\n");
    counts_table(&mut s, "文种", &a.by_doctype);
    let (period, by_period) = a.by_period();
    counts_table(&mut s, period, &by_period);
    if !unread.is_empty() {
        let _ = writeln!(s, "## 六、未检查的文件\n");
        let _ = writeln!(s, "| 文件 | 情况 | 原因 |\n|---|---|---|");
        for r in unread.rows() {
            let _ = writeln!(s, "| {} | {} | {} |", cell(r.path), r.what, cell(r.reason));
        }
        s.push('\n');
    }
    let _ = writeln!(
        s,
        "## {}、整改建议\n",
        if unread.is_empty() { "六" } else { "七" }
    );
    let _ = writeln!(
        s,
        "【待填写：针对上述主要问题的整改要求，例如重点加强标点符号和数字用法的审核、规范表述以最新权威文本为准、落实公文核稿制度等。】\n"
    );
    let _ = writeln!(s, "【待填写：整改时限和反馈方式。】");
    s
}

fn counts_table(s: &mut String, what: &str, rows: &std::collections::BTreeMap<String, Counts>) {
    let _ = writeln!(
        s,
        "| {what} | {} |\n|---|{}",
        COUNT_COLUMNS.join(" | "),
        "---:|".repeat(COUNT_COLUMNS.len())
    );
    let mut v: Vec<_> = rows.iter().collect();
    v.sort_by(|x, y| y.1.findings.cmp(&x.1.findings).then_with(|| x.0.cmp(y.0)));
    for (name, c) in v {
        let _ = writeln!(s, "| {} | {} |", cell(name), c.columns().join(" | "));
    }
    s.push('\n');
}

/// 文件 第3行：“……某政办发[24]……”中“[24]”应为“〔24〕”.
pub fn example_line(e: &Example) -> String {
    let place = if e.line == 0 {
        "版面".to_owned()
    } else {
        format!("第{}行", e.line)
    };
    let what = match (e.context.is_empty(), e.suggestion.as_deref()) {
        (true, _) => e.message.clone(),
        (false, Some("")) => format!("“{}”中“{}”应删除", e.context, e.text),
        (false, Some(s)) => format!("“{}”中“{}”应为“{s}”", e.context, e.text),
        (false, None) => format!("“{}”：{}", e.context, e.message),
    };
    format!("{} {place}：{what}", e.path)
}

fn title(category: &str) -> String {
    match category_title(category) {
        "" => category.to_owned(),
        t => t.to_owned(),
    }
}

/// Text safe inside a Markdown table cell.
fn cell(s: &str) -> String {
    s.replace('|', "｜").replace('\n', " ")
}

fn chinese_ordinal(n: usize) -> String {
    const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        1..=9 => DIGITS[n].to_owned(),
        10 => "十".to_owned(),
        11..=19 => format!("十{}", DIGITS[n - 10]),
        _ => n.to_string(),
    }
}
