//! The annotated page of a .txt/.md: the text as written, each finding highlighted with its
//! explanation on hover, and the list of findings below, linked both ways. One file, no
//! external assets, so it can be mailed or opened offline.

use std::collections::{BTreeMap, BTreeSet};

use super::{comment, widen, Note};
use crate::document::Document;
use crate::report::html::{esc, severity_label};

const STYLE: &str = "body{font-family:'FangSong','仿宋','Noto Serif CJK SC',serif;max-width:52em;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.3em}.text{white-space:pre-wrap;line-height:1.9;font-size:1.1em;border:1px solid #ddd;padding:1em 1.5em;background:#fffef8}
mark{background:#fde7a9;border-bottom:2px solid #e0a000;cursor:help;position:relative}
mark.error{background:#fcd2cf;border-bottom-color:#c62828}mark.info{background:#e3f0fb;border-bottom-color:#1e6fb8}
mark:hover::after{content:attr(data-tip);position:absolute;left:0;top:1.8em;z-index:9;white-space:pre-wrap;width:24em;background:#333;color:#fff;font:13px/1.5 sans-serif;padding:.5em .7em;border-radius:4px}
ol li{margin:.4em 0}.sev{font-weight:bold}.sev.error{color:#c62828}.sev.warning{color:#b26a00}.sev.info{color:#1e6fb8}
.page{background:#fff3e0;padding:.5em 1em;border-left:4px solid #e0a000}";

pub fn page(doc: &Document, notes: &[Note]) -> String {
    let text = &doc.source;
    // Every place a highlight starts or ends; between two of them the covering set is fixed.
    let ranges: Vec<Option<(usize, usize)>> = notes
        .iter()
        .map(|n| {
            let (s, e) = (n.d.src_range.0 as usize, n.d.src_range.1 as usize);
            (n.d.line > 0 && e <= text.len()).then(|| widen(text, s, e))
        })
        .collect();
    let mut cuts: Vec<usize> = ranges.iter().flatten().flat_map(|&(s, e)| [s, e]).collect();
    cuts.extend([0, text.len()]);
    cuts.sort_unstable();
    cuts.dedup();
    // One sweep over the cuts, keeping the findings open at each: a long file with thousands
    // of findings must not compare every segment with every finding.
    let mut opening: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut closing: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, &(s, e)) in ranges
        .iter()
        .enumerate()
        .filter_map(|(i, r)| Some((i, r.as_ref()?)))
    {
        if s < e {
            opening.entry(s).or_default().push(i);
            closing.entry(e).or_default().push(i);
        }
    }
    let mut open: BTreeSet<usize> = BTreeSet::new();
    let mut body = String::new();
    for pair in cuts.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        for i in closing.get(&a).into_iter().flatten() {
            open.remove(i);
        }
        open.extend(opening.get(&a).into_iter().flatten());
        let covering: Vec<usize> = open.iter().copied().collect();
        let piece = esc(&text[a..b]);
        if covering.is_empty() {
            body.push_str(&piece);
            continue;
        }
        let worst = covering
            .iter()
            .map(|&i| notes[i].d.severity())
            .min_by_key(|s| match *s {
                "error" => 0,
                "warning" => 1,
                _ => 2,
            })
            .unwrap_or("info");
        let tip: Vec<String> = covering
            .iter()
            .map(|&i| format!("{}. {}", i + 1, comment::lines(notes[i].d).join("\n")))
            .collect();
        // The first segment of a finding carries its anchor, so the list can link to it.
        let ids: String = covering
            .iter()
            .filter(|&&i| ranges[i].is_some_and(|(s, _)| s == a))
            .map(|i| format!(r#"<a id="f{}"></a>"#, i + 1))
            .collect();
        body.push_str(&format!(
            r#"{ids}<mark class="{worst}" data-tip="{}">{piece}</mark>"#,
            esc(&tip.join("\n\n"))
        ));
    }
    let mut list = String::new();
    let mut page_level = String::new();
    for (i, n) in notes.iter().enumerate() {
        let d = n.d;
        let item = format!(
            r#"<span class="sev {}">{}</span> {}"#,
            d.severity(),
            severity_label(d.severity()),
            esc(&comment::lines(d).join("；"))
        );
        if ranges[i].is_some() {
            list.push_str(&format!(
                r##"<li value="{}"><a href="#f{}">第{}行第{}列</a> {item}</li>"##,
                i + 1,
                i + 1,
                d.line,
                d.column
            ));
        } else {
            page_level.push_str(&format!(r#"<p class="page">{item}</p>"#));
        }
    }
    let name = esc(&doc.path);
    format!(
        r#"<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{name} · gwlint 审校</title><style>{STYLE}</style></head>
<body><h1>{name}</h1><p>gwlint 发现 {} 处问题。把鼠标移到标出的文字上查看说明；下方列表可跳到原文。</p>
{page_level}<div class="text">{body}</div>
<h2>问题列表</h2><ol>{list}</ol></body></html>
"#,
        notes.len()
    )
}
