//! `gwlint report --format html`: one self-contained page (no external assets, works offline):
//! summary tiles, bar charts as inline SVG, sortable tables, and every finding with its excerpt,
//! linked from the examples.

use std::fmt::Write as _;
use std::io::{Read, Write};

use super::aggregate::{Aggregate, Counts, COUNT_COLUMNS};
use super::record::AuditFile;
use crate::rules::category_title;

/// The rows of the findings table for one file; `first` is the report-wide index of its first
/// finding (the anchor `f-N` examples link to).
pub fn finding_rows(f: &AuditFile, first: usize) -> String {
    let mut s = String::new();
    for (k, d) in f.diagnostics.iter().enumerate() {
        let excerpt = if d.context.is_empty() {
            String::new()
        } else {
            mark(&d.context, d.text())
        };
        let fix = d
            .suggestion()
            .map_or(String::new(), |x| format!("“{}”", esc(x)));
        let _ = writeln!(
            s,
            "<tr id=\"f-{}\" class=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            first + k,
            esc(d.severity()),
            esc(&f.path),
            d.line,
            esc(f.unit.as_deref().unwrap_or("")),
            severity_label(d.severity()),
            esc(d.rule()),
            esc(&d.message()),
            excerpt,
            fix,
            esc(d.status.as_deref().map_or("", status_label)),
        );
    }
    s
}

pub fn write_page<W: Write>(
    out: &mut W,
    a: &Aggregate,
    scope: &str,
    rows: &mut impl Read,
) -> std::io::Result<()> {
    let t = &a.total;
    let mut s = String::new();
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>公文差错检查报告</title><style>{CSS}</style></head><body>\n"
    );
    let _ = writeln!(
        s,
        "<h1>公文差错检查报告</h1><p class=\"scope\">检查范围：{}　·　gwlint {}</p>",
        esc(scope),
        env!("CARGO_PKG_VERSION")
    );
    let _ = writeln!(s, "<section class=\"tiles\">");
    let mut tiles = vec![
        ("文件", t.files.to_string()),
        ("有问题的文件", t.files_with_findings.to_string()),
        ("问题", t.findings.to_string()),
        ("错误", t.errors.to_string()),
        ("警告", t.warnings.to_string()),
        ("提示", t.infos.to_string()),
        ("差错率（每万字）", format!("{:.2}", t.rate())),
    ];
    if a.unreadable > 0 {
        tiles.push(("无法读取", a.unreadable.to_string()));
    }
    if let Some(p) = &a.progress {
        tiles.push(("新发现", p.new.to_string()));
        tiles.push(("已整改", p.fixed.to_string()));
        tiles.push(("未整改", p.unchanged.to_string()));
    }
    for (label, value) in tiles {
        let _ = writeln!(
            s,
            "<div class=\"tile\"><div class=\"v\">{value}</div><div class=\"k\">{label}</div></div>"
        );
    }
    let _ = writeln!(s, "</section>");
    let mut cats: Vec<(String, usize)> = a
        .by_category
        .iter()
        .map(|(c, n)| (category_name(c), *n))
        .collect();
    cats.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
    let mut groups: Vec<(String, usize)> = a
        .by_group
        .iter()
        .map(|(g, c)| (g.clone(), c.findings))
        .collect();
    groups.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
    groups.truncate(15);
    let _ = writeln!(
        s,
        "<section class=\"charts\"><figure><figcaption>按类别</figcaption>{}</figure><figure><figcaption>按{}（前15）</figcaption>{}</figure></section>",
        bars(&cats),
        a.group_by.label(),
        bars(&groups)
    );
    let _ = writeln!(s, "<h2>主要问题</h2>");
    let _ = writeln!(
        s,
        "<table class=\"sortable\"><thead><tr><th>规则</th><th>类别</th><th>级别</th><th>处数</th><th>文件</th><th>典型例子</th></tr></thead><tbody>"
    );
    for (id, r) in a.rules_by_count() {
        let examples: Vec<String> = r
            .examples
            .iter()
            .map(|e| {
                let body = if e.context.is_empty() {
                    esc(&e.message)
                } else {
                    mark(&e.context, &e.text)
                };
                format!(
                    "<a href=\"#f-{}\">{}:{}</a> {body}",
                    e.index,
                    esc(&e.path),
                    e.line
                )
            })
            .collect();
        let _ = writeln!(
            s,
            "<tr><td><code>{}</code><div class=\"msg\">{}</div></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(id),
            esc(&r.message),
            esc(&category_name(&r.category)),
            severity_label(&r.severity),
            r.count,
            r.files,
            examples.join("<br>")
        );
    }
    let _ = writeln!(s, "</tbody></table>");
    let _ = writeln!(s, "<h2>各{}情况</h2>", a.group_by.label());
    counts_table(&mut s, a.group_by.label(), &a.by_group);
    let _ = writeln!(s, "<h2>问题较多的文件</h2>");
    let _ = writeln!(
        s,
        "<table class=\"sortable\"><thead><tr><th>文件</th><th>单位</th><th>问题</th><th>错误</th><th>字数</th></tr></thead><tbody>"
    );
    for d in &a.top_documents {
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&d.path),
            esc(&d.unit),
            d.findings,
            d.errors,
            d.chars
        );
    }
    let _ = writeln!(s, "</tbody></table>");
    let _ = writeln!(s, "<h2>按文种</h2>");
    counts_table(&mut s, "文种", &a.by_doctype);
    let _ = writeln!(s, "<h2>按月份</h2>");
    counts_table(&mut s, "月份", &a.by_month);
    let _ = writeln!(s, "<h2>全部问题</h2>");
    let _ = writeln!(
        s,
        "<table class=\"sortable findings\"><thead><tr><th>文件</th><th>行</th><th>单位</th><th>级别</th><th>规则</th><th>说明</th><th>原文</th><th>应为</th><th>对比上次</th></tr></thead><tbody>"
    );
    out.write_all(s.as_bytes())?;
    std::io::copy(rows, out)?;
    out.write_all(format!("</tbody></table>\n<script>{JS}</script>\n</body></html>\n").as_bytes())
}

fn counts_table(s: &mut String, what: &str, rows: &std::collections::BTreeMap<String, Counts>) {
    let heads: String = COUNT_COLUMNS
        .iter()
        .map(|h| format!("<th>{h}</th>"))
        .collect();
    let _ = writeln!(
        s,
        "<table class=\"sortable\"><thead><tr><th>{what}</th>{heads}</tr></thead><tbody>"
    );
    for (name, c) in rows {
        let cells: String = c
            .columns()
            .iter()
            .map(|v| format!("<td>{v}</td>"))
            .collect();
        let _ = writeln!(s, "<tr><td>{}</td>{cells}</tr>", esc(name));
    }
    let _ = writeln!(s, "</tbody></table>");
}

/// A horizontal bar chart as inline SVG.
fn bars(rows: &[(String, usize)]) -> String {
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1);
    let (label_w, bar_w, h) = (150.0, 300.0, 24.0);
    let height = h * rows.len().max(1) as f64 + 8.0;
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{height}\" role=\"img\">",
        label_w + bar_w + 60.0
    );
    if rows.is_empty() {
        s.push_str("<text x=\"4\" y=\"18\">未发现问题</text>");
    }
    for (i, (label, n)) in rows.iter().enumerate() {
        let y = h * i as f64 + 4.0;
        let w = bar_w * *n as f64 / max as f64;
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text><rect x=\"{}\" y=\"{y}\" width=\"{w:.1}\" height=\"{}\" fill=\"#b22\"><title>{} {n}</title></rect><text x=\"{}\" y=\"{}\">{n}</text>",
            label_w - 6.0,
            y + 16.0,
            esc(&shorten(label, 10)),
            label_w,
            h - 6.0,
            esc(label),
            label_w + w + 4.0,
            y + 16.0
        );
    }
    s.push_str("</svg>");
    s
}

/// A label cut to `n` characters; a path keeps its end (the folder's own name).
fn shorten(s: &str, n: usize) -> String {
    let count = s.chars().count();
    if count <= n {
        s.to_owned()
    } else if s.contains('/') {
        std::iter::once('…')
            .chain(s.chars().skip(count + 1 - n))
            .collect()
    } else {
        s.chars().take(n - 1).chain(['…']).collect()
    }
}

/// The context with the flagged text highlighted (first occurrence).
fn mark(context: &str, text: &str) -> String {
    match (!text.is_empty()).then(|| context.find(text)).flatten() {
        Some(i) => format!(
            "{}<mark>{}</mark>{}",
            esc(&context[..i]),
            esc(text),
            esc(&context[i + text.len()..])
        ),
        None => esc(context),
    }
}

fn category_name(c: &str) -> String {
    match category_title(c) {
        "" => c.to_owned(),
        t => t.to_owned(),
    }
}

pub(crate) fn severity_label(s: &str) -> &'static str {
    match s {
        "error" => "错误",
        "warning" => "警告",
        _ => "提示",
    }
}

fn status_label(s: &str) -> &str {
    match s {
        "new" => "新发现",
        "unchanged" => "未整改",
        other => other,
    }
}

pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const CSS: &str = "body{font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:24px;color:#222}\
h1{font-size:24px}h2{font-size:19px;margin-top:28px;border-bottom:2px solid #b22}\
.scope{color:#666}.tiles{display:flex;flex-wrap:wrap;gap:10px}\
.tile{border:1px solid #ddd;border-radius:6px;padding:10px 16px;min-width:90px}\
.tile .v{font-size:24px;font-weight:bold;color:#b22}.tile .k{color:#555;font-size:13px}\
.charts{display:flex;flex-wrap:wrap;gap:24px;margin-top:16px}figure{margin:0}\
figcaption{font-weight:bold;margin-bottom:6px}svg text{font-size:13px}\
table{border-collapse:collapse;margin:8px 0;font-size:14px}th,td{border:1px solid #ddd;padding:4px 8px;vertical-align:top}\
th{background:#f4f4f4;cursor:pointer;user-select:none}th.asc:after{content:' ▲'}th.desc:after{content:' ▼'}\
mark{background:#fdd;color:#900}.msg{color:#555;font-size:12px}tr.error td:nth-child(4){color:#b22}\
tr:target{background:#ffc}code{font-size:12px}";

/// Click a header to sort its table (numbers as numbers); no libraries.
const JS: &str = "document.querySelectorAll('table.sortable th').forEach(function(th){th.addEventListener('click',function(){\
var t=th.closest('table'),b=t.tBodies[0],i=Array.prototype.indexOf.call(th.parentNode.children,th),asc=!th.classList.contains('asc');\
t.querySelectorAll('th').forEach(function(h){h.classList.remove('asc','desc')});th.classList.add(asc?'asc':'desc');\
var rows=Array.prototype.slice.call(b.rows);rows.sort(function(x,y){var a=x.cells[i].textContent,c=y.cells[i].textContent,\
n=parseFloat(a),m=parseFloat(c);var r=(!isNaN(n)&&!isNaN(m))?n-m:a.localeCompare(c,'zh');return asc?r:-r});\
rows.forEach(function(r){b.appendChild(r)})})});";
