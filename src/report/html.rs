//! `gwlint report --format html`: one self-contained page (no external assets, works offline):
//! summary tiles, bar charts, sortable tables, and every finding with its excerpt,
//! linked from the examples.

use std::fmt::Write as _;
use std::io::{Read, Write};

use super::aggregate::{unit_of, Aggregate, Counts, COUNT_COLUMNS};
use super::record::AuditFile;
use super::show::{correction, grouped};
use super::unread::Unread;
use crate::rules::category_title;

/// The rows of the findings table for one file; `first` is the report-wide index of its first
/// finding (the anchor `f-N` examples link to). `with_status`: the 对比上次 column is there
/// (only when a baseline is given).
pub fn finding_rows(f: &AuditFile, first: usize, with_status: bool) -> String {
    let mut s = String::new();
    let unit = esc(&unit_of(f));
    let path = path_cell(&f.path);
    for (k, d) in f.diagnostics.iter().enumerate() {
        let excerpt = if d.context.is_empty() {
            String::new()
        } else {
            mark(&d.context, d.text())
        };
        let fix = correction(d.text(), d.suggestion()).map_or(String::new(), |x| esc(&x));
        let status = if with_status {
            format!(
                "<td>{}</td>",
                esc(d.status.as_deref().map_or("", status_label))
            )
        } else {
            String::new()
        };
        let _ = writeln!(
            s,
            "<tr id=\"f-{}\" class=\"{}\"><td class=\"path\">{path}</td><td class=\"n\">{}</td><td class=\"unit\">{unit}</td><td class=\"sev\">{}</td><td><code>{}</code></td><td class=\"say\">{}</td><td class=\"ctx\">{}</td><td class=\"nw\">{}</td>{status}</tr>",
            first + k,
            esc(d.severity()),
            d.line,
            severity_label(d.severity()),
            esc(d.rule()),
            esc(&d.message()),
            excerpt,
            fix,
        );
    }
    s
}

/// A path that may break after each folder, never inside a name.
fn path_cell(path: &str) -> String {
    esc(path).replace('/', "/<wbr>")
}

/// A table's header row; every column sorts on a click.
fn head(columns: &[&str]) -> String {
    let cells: String = columns.iter().map(|c| format!("<th>{c}</th>")).collect();
    format!("<table class=\"sortable\"><thead><tr>{cells}</tr></thead><tbody>")
}

pub fn write_page<W: Write>(
    out: &mut W,
    a: &Aggregate,
    scope: &str,
    unread: &Unread,
    rows: &mut impl Read,
) -> std::io::Result<()> {
    let t = &a.total;
    let n = |v: usize| grouped(v as u64);
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
        ("文件", n(t.files)),
        ("总字数", grouped(t.chars)),
        ("有问题的文件", n(t.files_with_findings)),
        ("问题", n(t.findings)),
        ("错误", n(t.errors)),
        ("警告", n(t.warnings)),
        ("提示", n(t.infos)),
        ("差错率（每万字）", format!("{:.2}", t.rate())),
    ];
    if !unread.is_empty() {
        tiles.push((
            "未检查的文件",
            n(unread.errors.len() + unread.skipped.len()),
        ));
    }
    if let Some(p) = &a.progress {
        tiles.push(("新发现", n(p.new)));
        tiles.push(("已整改", n(p.fixed)));
        tiles.push(("未整改", n(p.unchanged)));
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
    let shown = if groups.len() > 15 {
        format!("（问题最多的 15 个，共 {} 个）", groups.len())
    } else {
        String::new()
    };
    groups.truncate(15);
    let _ = writeln!(
        s,
        "<section class=\"charts\"><figure><figcaption>问题按类别</figcaption>{}</figure><figure><figcaption>问题按{}{shown}</figcaption>{}</figure></section>",
        bars(&cats),
        a.group_by.label(),
        bars(&groups)
    );
    let _ = writeln!(s, "<h2>主要问题</h2>");
    s.push_str(&head(&[
        "规则",
        "类别",
        "级别",
        "处数",
        "文件数",
        "典型例子",
    ]));
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
            "<tr><td><code>{}</code><div class=\"msg\">{}</div></td><td class=\"nw\">{}</td><td class=\"nw\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"ex\">{}</td></tr>",
            esc(id),
            esc(&r.message),
            esc(&category_name(&r.category)),
            severity_label(&r.severity),
            n(r.count),
            n(r.files),
            examples.join("<br>")
        );
    }
    let _ = writeln!(s, "</tbody></table>");
    let _ = writeln!(s, "<h2>各{}情况</h2>", a.group_by.label());
    counts_table(&mut s, a.group_by.label(), &a.by_group);
    let _ = writeln!(s, "<h2>问题较多的文件</h2>");
    s.push_str(&head(&["文件", "单位", "问题", "错误", "字数"]));
    for d in &a.top_documents {
        let _ = writeln!(
            s,
            "<tr><td class=\"path\">{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            path_cell(&d.path),
            esc(&d.unit),
            n(d.findings),
            n(d.errors),
            n(d.chars)
        );
    }
    let _ = writeln!(s, "</tbody></table>");
    let _ = writeln!(s, "<h2>按文种</h2>");
    counts_table(&mut s, "文种", &a.by_doctype);
    let (period, by_period) = a.by_period();
    let _ = writeln!(s, "<h2>按{period}</h2>");
    counts_table(&mut s, period, &by_period);
    if !unread.is_empty() {
        let _ = writeln!(s, "<h2>未检查的文件</h2>");
        s.push_str(&head(&["文件", "情况", "原因"]));
        for r in unread.rows() {
            let _ = writeln!(
                s,
                "<tr><td class=\"path\">{}</td><td class=\"nw\">{}</td><td>{}</td></tr>",
                path_cell(r.path),
                r.what,
                esc(r.reason)
            );
        }
        let _ = writeln!(s, "</tbody></table>");
    }
    let _ = writeln!(s, "<h2>全部问题</h2>");
    let mut columns = vec!["文件", "行", "单位", "级别", "规则", "说明", "原文", "应为"];
    if a.progress.is_some() {
        columns.push("对比上次");
    }
    s.push_str(&head(&columns).replace("sortable", "sortable findings"));
    out.write_all(s.as_bytes())?;
    std::io::copy(rows, out)?;
    out.write_all(format!("</tbody></table>\n<script>{JS}</script>\n</body></html>\n").as_bytes())
}

fn counts_table(s: &mut String, what: &str, rows: &std::collections::BTreeMap<String, Counts>) {
    let columns: Vec<&str> = std::iter::once(what).chain(COUNT_COLUMNS).collect();
    s.push_str(&head(&columns));
    for (name, c) in rows {
        let cells: String = c
            .columns()
            .iter()
            .map(|v| format!("<td class=\"n\">{v}</td>"))
            .collect();
        let _ = writeln!(s, "<tr><td>{}</td>{cells}</tr>", esc(name));
    }
    let _ = writeln!(s, "</tbody></table>");
}

/// A horizontal bar chart in HTML: the browser sets each label whole, however long, where an
/// SVG would have to guess its width and cut it.
fn bars(rows: &[(String, usize)]) -> String {
    if rows.is_empty() {
        return "<div class=\"bars\"><span class=\"l\">未发现问题</span></div>".into();
    }
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1);
    let mut s = String::from("<div class=\"bars\">");
    for (label, n) in rows {
        let _ = write!(
            s,
            "<span class=\"l\">{}</span><span class=\"b\"><i style=\"width:{:.1}%\"></i></span><span class=\"c\">{}</span>",
            esc(label),
            100.0 * *n as f64 / max as f64,
            grouped(*n as u64)
        );
    }
    s.push_str("</div>");
    s
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

const CSS: &str = "body{font-family:'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei',sans-serif;margin:24px auto;max-width:1400px;padding:0 24px;color:#222;line-height:1.5}\
h1{font-size:24px;margin-bottom:4px}h2{font-size:19px;margin-top:32px;border-bottom:2px solid #b22;padding-bottom:2px}\
.scope{color:#666;margin-top:0}.tiles{display:flex;flex-wrap:wrap;gap:10px}\
.tile{border:1px solid #ddd;border-radius:6px;padding:8px 16px;min-width:96px}\
.tile .v{font-size:24px;font-weight:bold;color:#b22;font-variant-numeric:tabular-nums;white-space:nowrap}.tile .k{color:#555;font-size:13px;white-space:nowrap}\
.charts{display:flex;flex-wrap:wrap;gap:24px 48px;margin-top:20px}figure{margin:0}\
figcaption{font-weight:bold;margin-bottom:8px}\
.bars{display:grid;grid-template-columns:max-content minmax(160px,320px) max-content;gap:5px 8px;align-items:center;font-size:13px}\
.bars .l{text-align:right;white-space:nowrap}.bars .b{background:#f2f2f2;height:16px}\
.bars .b i{display:block;height:100%;background:#b22;-webkit-print-color-adjust:exact;print-color-adjust:exact}\
.bars .c{font-variant-numeric:tabular-nums}\
table{border-collapse:collapse;margin:8px 0;font-size:14px}th,td{border:1px solid #ddd;padding:4px 8px;vertical-align:top}\
th{background:#f4f4f4;cursor:pointer;user-select:none;white-space:nowrap;text-align:left}th.asc:after{content:' ▲'}th.desc:after{content:' ▼'}\
td.n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}td.nw,td.sev{white-space:nowrap}\
td.path{min-width:12em;max-width:22em}td.ex{min-width:24em}td.ctx{min-width:16em}td.say{min-width:12em}td.unit{min-width:7em}table.findings{width:100%}\
mark{background:#fdd;color:#900}.msg{color:#555;font-size:12px}tr.error td.sev{color:#b22}\
tr:target{background:#ffc}code{font-size:12px}";

/// Click a header to sort its table (numbers as numbers, digit grouping ignored); no libraries.
const JS: &str = "document.querySelectorAll('table.sortable th').forEach(function(th){th.addEventListener('click',function(){\
var t=th.closest('table'),b=t.tBodies[0],i=Array.prototype.indexOf.call(th.parentNode.children,th),asc=!th.classList.contains('asc');\
t.querySelectorAll('th').forEach(function(h){h.classList.remove('asc','desc')});th.classList.add(asc?'asc':'desc');\
var num=function(x){return /^-?[0-9][0-9,]*(\\.[0-9]+)?$/.test(x)?parseFloat(x.replace(/,/g,'')):NaN};\
var rows=Array.prototype.slice.call(b.rows);rows.sort(function(x,y){var a=x.cells[i].textContent,c=y.cells[i].textContent,\
n=num(a),m=num(c);var r=(!isNaN(n)&&!isNaN(m))?n-m:a.localeCompare(c,'zh');return asc?r:-r});\
rows.forEach(function(r){b.appendChild(r)})})});";
