//! `format` rules: a .docx's layout against GB/T 9704—2012 — paper and margins, line pitch,
//! and per element (标题, 正文, 各级标题, 发文机关标志, 版记 …) the font, size, alignment,
//! indent and colour Word will render, plus the page number in the footer.
//!
//! A wrong value usually comes from one style, so findings are grouped: one per element and
//! wrong value, at its first occurrence, saying how many paragraphs share it.
//!
//! Over 500 lines: one function per layout property (paper, margins, pitch, fonts, sizes,
//! alignment, indent, colour, page number, 版记 rules) over the same element table.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use super::{Kind, SpecError};
use crate::engine::Hit;
use crate::document::layout::{mm, Align, Layout, LineSpacing, ParaLayout, Run, Section};
use crate::document::structure::Zone;
use crate::document::Document;
use crate::finding::Finding;
use crate::rules::yaml::OneOrMany;
use crate::rules::Rule;

/// Which parts of a .docx a `format` rule looks at, and the values it expects there.
#[derive(Debug, Clone)]
pub struct FormatRule {
    pub elements: Vec<Element>,
    pub expect: Expect,
}

/// A part of a 公文 as the `format` kind sees it (zones, headings by level, the page).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Element {
    /// Paper, margins (page-level findings have line 0).
    Page,
    /// The footer's page number.
    PageNumber,
    IssuerMark,
    DocNumber,
    Title,
    Recipient,
    /// 正文 paragraphs that are not headings.
    Body,
    Heading1,
    Heading2,
    Heading3,
    Heading4,
    AttachmentNote,
    Signature,
    Date,
    /// The 附件 / 附件1 line at the top of an attachment.
    AnnexLabel,
    /// The attachment's own text.
    Annex,
    Imprint,
}

impl Element {
    /// The name a clerk knows the part by.
    pub fn label(self) -> &'static str {
        match self {
            Element::Page => "页面",
            Element::PageNumber => "页码",
            Element::IssuerMark => "发文机关标志",
            Element::DocNumber => "发文字号",
            Element::Title => "标题",
            Element::Recipient => "主送机关",
            Element::Body => "正文",
            Element::Heading1 => "一级标题",
            Element::Heading2 => "二级标题",
            Element::Heading3 => "三级标题",
            Element::Heading4 => "四级标题",
            Element::AttachmentNote => "附件说明",
            Element::Signature => "发文机关署名",
            Element::Date => "成文日期",
            Element::AnnexLabel => "附件标识",
            Element::Annex => "附件正文",
            Element::Imprint => "版记",
        }
    }
}

/// What a `format` rule requires; each value set is checked on its own.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// East Asian font names accepted (an allow-list: 仿宋_GB2312, 仿宋, FangSong …).
    #[serde(default)]
    pub font: Option<Vec<String>>,
    /// The name of the family for messages (仿宋体).
    #[serde(default)]
    pub font_name: Option<String>,
    /// Points.
    #[serde(default)]
    pub size: Option<f64>,
    #[serde(default)]
    pub align: Option<Vec<ExpectAlign>>,
    /// `red` or `black`.
    #[serde(default)]
    pub color: Option<Colour>,
    /// First-line indent in characters.
    #[serde(default)]
    pub indent_chars: Option<f64>,
    /// Paper [width, height] in mm.
    #[serde(default)]
    pub paper: Option<[f64; 2]>,
    #[serde(default)]
    pub margins: Option<Margins>,
    /// Millimetres either way for `paper` and `margins`.
    #[serde(default)]
    pub tolerance: Option<f64>,
    /// Line pitch of the text in points, [min, max].
    #[serde(default)]
    pub line_pitch: Option<[f64; 2]>,
    /// A page number shaped `— 1 —`.
    #[serde(default)]
    pub dashes: Option<bool>,
    /// Rules (lines) drawn around the part: 版记 lines.
    #[serde(default)]
    pub rules: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Margins {
    pub top: f64,
    pub bottom: f64,
    pub left: f64,
    pub right: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExpectAlign {
    Left,
    Center,
    Right,
    Justify,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Colour {
    Red,
    Black,
}

spec! {
    pub struct Spec {
        element: OneOrMany<Element>,
        expect: Expect,
    }
}

impl Kind for FormatRule {
    const NAME: &'static str = "format";
    type Spec = Spec;

    fn build(spec: Spec, _check: Option<&str>) -> Result<Self, SpecError> {
        let elements = spec
            .element
            .ok_or((
                Some("kind"),
                "kind: format 需要字段 element（检查公文哪一部分）".into(),
            ))?
            .into_vec();
        let expect = spec.expect.ok_or((
            Some("kind"),
            "kind: format 需要字段 expect（应有的字体、字号等）".into(),
        ))?;
        if expect == Expect::default() {
            return Err((
                Some("expect"),
                "expect 至少要写一项（font、size、align、margins …）".into(),
            ));
        }
        Ok(FormatRule { elements, expect })
    }

    /// Layout findings are about formatting, not text: no text filter applies. On printed
    /// pages (PDF, OFD) the message names the page (`{page}` places it; else it ends it).
    fn layout_findings(&self, rule: usize, spec: &Rule, doc: &Document) -> Vec<Finding> {
        find(rule, self, doc)
            .into_iter()
            .map(|(para, h)| {
                let text = para.map_or("", |p| &doc.paragraphs[p].text[h.start..h.end]);
                let mut message = crate::engine::fill(&spec.message, text, &h);
                if !spec.message.contains("{page}") {
                    if let Some((_, page)) = h.vars.iter().find(|(k, _)| *k == "page") {
                        message.push_str(page);
                    }
                }
                Finding::with_message(rule, para, h.start, h.end, message)
            })
            .collect()
    }

    fn docx_examples(&self) -> bool {
        true
    }
}

/// A hit on a paragraph, or on the page (None: line 0).
pub type FormatHit = (Option<usize>, Hit);


static NOT_ISSUER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\d{6}|(?:绝密|机密|秘密).*|特急|加急|签发人.*)$").expect("valid")
});

/// The element a paragraph is, from its zone and (in the 正文) its heading number or outline
/// level. None when unsure: a paragraph that is not known is not judged.
pub fn element_of(doc: &Document, layout: &Layout, pi: usize) -> Option<Element> {
    let s = doc.structure();
    let text = doc.paragraphs[pi].text.as_str();
    let pl = layout.paragraphs.get(doc.line_of(pi).0);
    Some(match s.zone(pi) {
        // A red mark set as the title is the 版头 of a 纪要 or 命令 (GB/T 9704 §10); on a
        // printed page where its colour cannot be told, one set in 一号 or larger is.
        Some(Zone::Title)
            if pl.is_some_and(|p| {
                p.runs.iter().any(|r| {
                    r.color.as_deref().is_some_and(is_red)
                        || (r.color_unknown && r.size.is_some_and(|s| s >= 52))
                })
            }) =>
        {
            Element::IssuerMark
        }
        Some(Zone::Header) | None if before_title(doc, pi) => {
            if NOT_ISSUER.is_match(text) || text.chars().count() < 4 {
                return None;
            }
            Element::IssuerMark
        }
        Some(Zone::Header) => return None,
        Some(Zone::DocNumber) => Element::DocNumber,
        Some(Zone::Title) => Element::Title,
        Some(Zone::Recipient) => Element::Recipient,
        Some(Zone::Body) => {
            let level = crate::document::headings::standard_level(text).or_else(|| {
                pl.and_then(|p| p.outline)
                    .filter(|l| *l < 4)
                    .map(|l| l as usize)
            });
            match level {
                Some(0) => Element::Heading1,
                Some(1) => Element::Heading2,
                Some(2) => Element::Heading3,
                Some(3) => Element::Heading4,
                // A short line without sentence marks is an unnumbered subheading (出席, 责任分工)
                // or a label: how it is set is the office's choice.
                _ if !crate::engine::is_prose(text) && text.chars().count() <= 20 => return None,
                _ => Element::Body,
            }
        }
        Some(Zone::AttachmentNote) => Element::AttachmentNote,
        Some(Zone::Signature) => Element::Signature,
        Some(Zone::Date) => Element::Date,
        Some(Zone::Annex) => {
            let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            let label = t
                .strip_prefix("附件")
                .is_some_and(|r| r.chars().all(|c| c.is_ascii_digit()) && r.len() <= 2);
            if label {
                Element::AnnexLabel
            } else {
                Element::Annex
            }
        }
        Some(Zone::Imprint) => Element::Imprint,
        None => return None,
    })
}

/// Whether a paragraph comes before the title and 发文字号 (the 版头).
fn before_title(doc: &Document, pi: usize) -> bool {
    let zones = &doc.structure().zones;
    pi < zones.len()
        && zones.contains(&Some(Zone::Title))
        && zones[pi..]
            .iter()
            .any(|z| matches!(z, Some(Zone::Title | Zone::DocNumber)))
        && !zones[..pi]
            .iter()
            .any(|z| matches!(z, Some(Zone::Title | Zone::DocNumber)))
}

/// One wrong value seen, before grouping.
struct Seen {
    para: Option<usize>,
    start: usize,
    end: usize,
    element: Element,
    property: &'static str,
    found: String,
    expected: String,
    /// Printed pages: the page (1-based) it was seen on.
    page: Option<usize>,
}

pub fn find(rule: usize, spec: &FormatRule, doc: &Document) -> Vec<FormatHit> {
    let Some(layout) = doc.layout.as_deref() else {
        return Vec::new();
    };
    // GB/T 9704 sets out the layout of 公文: a .docx not recognised as one (a speech, a
    // briefing, a table) is not held to it.
    if doc.structure().doctype.is_none() {
        return Vec::new();
    }
    let mut seen: Vec<Seen> = Vec::new();
    let x = &spec.expect;
    if spec.elements.contains(&Element::Page) {
        page(layout, x, &mut seen);
    }
    if spec.elements.contains(&Element::PageNumber) {
        page_number(layout, x, &mut seen);
    }
    let paras: Vec<(usize, Element)> = (0..doc.paragraphs.len())
        .filter_map(|pi| Some((pi, element_of(doc, layout, pi)?)))
        .filter(|(_, e)| spec.elements.contains(e))
        .collect();
    for &(pi, element) in &paras {
        let (line, trim) = doc.line_of(pi);
        let Some(pl) = layout.paragraphs.get(line) else {
            continue;
        };
        let len = doc.paragraphs[pi].text.len();
        let span = |r: &Run| {
            let s = r.start.saturating_sub(trim).min(len);
            (s, r.end.saturating_sub(trim).min(len).max(s))
        };
        // Tables in the 正文 may use smaller type (the standard does not fix it).
        if pl.in_table && matches!(element, Element::Body | Element::Annex) {
            continue;
        }
        let mut wrong = |r: &Run, property, found: String, expected: String| {
            let (start, end) = span(r);
            seen.push(Seen {
                para: Some(pi),
                start,
                end,
                element,
                property,
                found,
                expected,
                page: pl.page,
            });
        };
        // A run-in heading (一、总体要求。正文…): only the heading is set in the heading font.
        let text = &doc.paragraphs[pi].text;
        let heading_end = match element {
            Element::Heading1 | Element::Heading2 | Element::Heading3 | Element::Heading4 => {
                trim + text.find('。').map_or(text.len(), |i| i + '。'.len_utf8())
            }
            _ => usize::MAX,
        };
        let runs: Vec<&Run> = pl
            .runs
            .iter()
            .filter(|r| r.start < heading_end && !r.raised)
            .collect();
        // Font and size are judged by what most of the paragraph is set in: a phrase in 黑体
        // for emphasis (一是……) is the writer's choice.
        if let Some(fonts) = &x.font {
            let han = |r: &Run| {
                run_text(doc, pi, trim, r)
                    .chars()
                    .filter(|c| is_han(*c))
                    .count()
            };
            if let Some(r) = dominant(&runs, |r| r.font.clone(), han) {
                let f = r.font.clone().unwrap_or_default();
                if !fonts.iter().any(|a| same_font(a, &f)) {
                    let want = x.font_name.clone().unwrap_or_else(|| fonts[0].clone());
                    wrong(r, "字体", f, want);
                }
            }
        }
        if let Some(pt) = x.size {
            let visible = |r: &Run| {
                run_text(doc, pi, trim, r)
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .count()
            };
            if let Some(r) = dominant(&runs, |r| r.size, visible) {
                let sz = r.size.unwrap_or_default();
                if (sz as f64 - pt * 2.0).abs() > 0.01 {
                    wrong(r, "字号", size_name(sz as f64 / 2.0), size_name(pt));
                }
            }
        }
        // A colour a printed page does not tell (a spot colour, invisible text) is not judged.
        for r in runs.iter().filter(|r| !r.color_unknown) {
            let han = run_text(doc, pi, trim, r).chars().any(is_han);
            if let (Some(c), true) = (x.color, han) {
                let ok = match c {
                    Colour::Red => r.color.as_deref().is_some_and(is_red),
                    Colour::Black => r.color.is_none() && !r.highlight,
                };
                if !ok {
                    let found = match &r.color {
                        None if r.highlight => "加了突出显示（高亮）".to_owned(),
                        None => "黑色".to_owned(),
                        Some(c) if is_red(c) => format!("红色（#{c}）"),
                        Some(c) => format!("#{c}"),
                    };
                    let want = if c == Colour::Red { "红色" } else { "黑色" };
                    wrong(r, "颜色", found, want.to_owned());
                }
            }
        }
        let whole = Run {
            start: trim,
            end: trim + len,
            ..Run::default()
        };
        // A printed paragraph whose alignment cannot be told (every line full) is not judged.
        let align_known = pl.align.is_some() || layout.printed.is_none();
        if let (Some(aligns), true) = (&x.align, align_known) {
            let found = pl.align.unwrap_or(Align::Left);
            if !aligns.iter().any(|a| aligned(*a, found)) {
                let want: Vec<&str> = aligns.iter().map(|a| align_label(*a)).collect();
                wrong(
                    &whole,
                    "对齐方式",
                    found.label().to_owned(),
                    want.join("或"),
                );
            }
        }
        if let Some(chars) = x.indent_chars {
            if let Some(found) = indent_problem(doc, pi, pl, chars) {
                wrong(&whole, "首行缩进", found, format!("{chars}字"));
            }
        }
    }
    if let Some([lo, hi]) = x.line_pitch {
        line_pitch(doc, layout, &paras, (lo, hi), &mut seen);
    }
    // On printed pages a horizontal line as wide as the text beside a paragraph borders it.
    if x.rules == Some(true) {
        rules_around(doc, layout, &paras, &mut seen);
    }
    group(rule, seen)
}

/// The first run with the value most of the paragraph's weight has (None when no run has a
/// known value: Word's defaults are not guessed).
fn dominant<'r, T: PartialEq>(
    runs: &[&'r Run],
    value: impl Fn(&Run) -> Option<T>,
    weight: impl Fn(&Run) -> usize,
) -> Option<&'r Run> {
    let mut tally: Vec<(T, usize, &Run)> = Vec::new();
    for r in runs {
        let (Some(v), w) = (value(r), weight(r)) else {
            continue;
        };
        if w == 0 {
            continue;
        }
        match tally.iter_mut().find(|(t, ..)| *t == v) {
            Some((_, n, _)) => *n += w,
            None => tally.push((v, w, r)),
        }
    }
    // The earliest of equal weights wins, so the result does not depend on the tally order.
    let best = tally.iter().map(|(_, n, _)| *n).max()?;
    tally
        .into_iter()
        .find(|(_, n, _)| *n == best)
        .map(|(_, _, r)| r)
}

/// The text of a run, as far as it lies in the (trimmed) paragraph.
fn run_text<'a>(doc: &'a Document, pi: usize, trim: usize, r: &Run) -> &'a str {
    let text = &doc.paragraphs[pi].text;
    let s = r.start.saturating_sub(trim).min(text.len());
    let e = r.end.saturating_sub(trim).min(text.len()).max(s);
    text.get(s..e).unwrap_or("")
}

fn page(layout: &Layout, x: &Expect, seen: &mut Vec<Seen>) {
    let tol = x.tolerance.unwrap_or(1.0);
    let mut at_page = |property, found: String, expected: String, page: Option<usize>| {
        seen.push(Seen {
            para: None,
            start: 0,
            end: 0,
            element: Element::Page,
            property,
            found,
            expected,
            page,
        })
    };
    // On printed pages a margin is the distance to the nearest text: the margin is at most
    // that, so only a distance short of the margin is wrong.
    let printed = layout.printed.is_some();
    for s in &layout.sections {
        let pages = s.pages.clone().unwrap_or_default();
        let on = |p: usize| (p > 0).then_some(p);
        let (Some(w), Some(h)) = (s.page_width, s.page_height) else {
            continue;
        };
        // A landscape page (a wide table) has its own margins.
        let landscape = w > h;
        if let Some([pw, ph]) = x.paper {
            let (short, long) = (mm(w.min(h)), mm(w.max(h)));
            if (short - pw).abs() > tol || (long - ph).abs() > tol {
                at_page(
                    "纸张",
                    format!("{short:.0}×{long:.0}毫米"),
                    format!("A4（{pw:.0}×{ph:.0}毫米）"),
                    on(pages.first),
                );
            }
        }
        if let (Some(m), false) = (x.margins, landscape) {
            let sides = [
                ("上边距（天头）", s.margin_top, m.top, pages.top),
                ("下边距", s.margin_bottom, m.bottom, pages.bottom),
                (
                    "左边距（订口）",
                    s.margin_left.map(|l| l + s.gutter.unwrap_or(0)),
                    m.left,
                    pages.left,
                ),
                ("右边距", s.margin_right, m.right, pages.right),
            ];
            for (name, found, want, page) in sides {
                let Some(found) = found else { continue };
                let found = mm(found.abs());
                let off = if printed {
                    found < want - tol - 0.05
                } else {
                    (found - want).abs() > tol + 0.05
                };
                if off {
                    let shown = if printed {
                        format!("至多{}毫米（文字超出版心）", trim_number(found))
                    } else {
                        format!("{}毫米", trim_number(found))
                    };
                    at_page(name, shown, format!("{want}毫米（±{tol}）"), on(page));
                }
            }
        }
    }
}

fn page_number(layout: &Layout, x: &Expect, seen: &mut Vec<Seen>) {
    let mut at_page = |property, found: String, expected: String, page: Option<usize>| {
        seen.push(Seen {
            para: None,
            start: 0,
            end: 0,
            element: Element::PageNumber,
            property,
            found,
            expected,
            page,
        })
    };
    let numbered: Vec<_> = layout.footers.iter().filter(|f| f.page_field).collect();
    // Word's “- 1 -” page-number format draws hyphens around the number.
    let in_dashes = layout
        .sections
        .iter()
        .any(|s| s.page_number_format.as_deref() == Some("numberInDash"));
    if numbered.is_empty() {
        // A one-page printed document may go without a number, and one drawn as a picture
        // cannot be seen: only several pages with none are reported.
        let unseen = layout.printed.as_ref().is_some_and(|p| p.pages < 2);
        if x.dashes.is_some() && !unseen {
            at_page("", "缺失".into(), "“— 1 —”".into(), None);
        }
        return;
    }
    for f in numbered {
        let line = f
            .text
            .lines()
            .find(|l| l.contains("{PAGE}"))
            .unwrap_or("")
            .trim();
        let mut shown = line.replace("{PAGE}", "1").replace("{PAGES}", "5");
        if in_dashes {
            shown = shown.replace('1', "- 1 -");
        }
        if x.dashes == Some(true) {
            let (before, after) = line.split_once("{PAGE}").unwrap_or(("", ""));
            let dash =
                |s: &str| s.trim().chars().all(|c| matches!(c, '—' | '―')) && !s.trim().is_empty();
            let one_each = |s: &str| s.trim().chars().count() == 1;
            if in_dashes
                || f.total_field
                || !dash(before)
                || !dash(after)
                || !one_each(before)
                || !one_each(after)
            {
                at_page(
                    "样式",
                    format!("“{shown}”"),
                    "“— 1 —”（两侧各一条一字线）".into(),
                    f.page,
                );
            }
        }
        if let (Some(pt), Some(sz)) = (x.size, f.size) {
            if (sz as f64 - pt * 2.0).abs() > 0.01 {
                at_page("字号", size_name(sz as f64 / 2.0), size_name(pt), f.page);
            }
        }
    }
}

/// The line pitch of the 正文 against the 22 lines a page of GB/T 9704 holds.
fn line_pitch(
    doc: &Document,
    layout: &Layout,
    paras: &[(usize, Element)],
    (lo, hi): (f64, f64),
    seen: &mut Vec<Seen>,
) {
    for &(pi, element) in paras {
        let line = doc.line_of(pi).0;
        let Some(pl) = layout.paragraphs.get(line) else {
            continue;
        };
        // On printed pages only a pitch measured between a paragraph's lines is known.
        let measured = matches!(pl.spacing, Some(LineSpacing::Measured(_)));
        if pl.in_table || (layout.printed.is_some() && !measured) {
            continue;
        }
        let section = section_of(layout, line);
        let Some((pitch, how)) = pitch_of(pl, section) else {
            continue;
        };
        if pitch < lo - 0.5 || pitch > hi + 0.5 {
            let lines = section
                .and_then(Section::text_height)
                .map(|h| (h as f64 / 20.0 / pitch).floor());
            let per_page = lines.map_or(String::new(), |n| format!("，每页约{n}行"));
            seen.push(Seen {
                para: Some(pi),
                start: 0,
                end: doc.paragraphs[pi].text.len(),
                element,
                property: "行距",
                found: format!("{how}{}磅{per_page}", trim_number(pitch)),
                expected: format!("{lo}—{hi}磅（每页22行）"),
                page: pl.page,
            });
        }
    }
}

fn section_of(layout: &Layout, line: usize) -> Option<&Section> {
    layout
        .sections
        .iter()
        .take_while(|s| s.first_para <= line)
        .last()
        .or(layout.sections.last())
}

/// The distance between the baselines of a paragraph's lines, in points, and how it is set.
fn pitch_of(pl: &ParaLayout, section: Option<&Section>) -> Option<(f64, &'static str)> {
    let size = pl.runs.iter().find_map(|r| r.size).unwrap_or(21) as f64 / 2.0;
    let grid = section
        .filter(|s| s.snaps_to_grid())
        .and_then(|s| s.line_pitch)
        .map(|p| p as f64 / 20.0);
    let m = match pl.spacing {
        Some(LineSpacing::Exact(t)) => return Some((t as f64 / 20.0, "固定值")),
        Some(LineSpacing::Measured(t)) => return Some((t as f64 / 20.0, "实测")),
        Some(LineSpacing::AtLeast(t)) => {
            return Some(((t as f64 / 20.0).max(size * 1.3), "最小值"))
        }
        Some(LineSpacing::Multiple(m)) => m as f64 / 240.0,
        None => 1.0,
    };
    // Word's single spacing is about 1.3 times the font size; on a grid, a multiple of it.
    Some(match grid {
        Some(g) => (g * m, "按文档网格约"),
        None if m == 1.0 => (size * 1.3 * m, "单倍行距约"),
        None => (size * 1.3 * m, "多倍行距约"),
    })
}

/// 版记 lines: a border, a table or a drawn line on or beside the 版记 paragraphs.
fn rules_around(doc: &Document, layout: &Layout, paras: &[(usize, Element)], seen: &mut Vec<Seen>) {
    let Some(&(first, element)) = paras.iter().find(|(_, e)| *e == Element::Imprint) else {
        return;
    };
    let last = paras
        .iter()
        .rev()
        .find(|(_, e)| *e == Element::Imprint)
        .map_or(first, |p| p.0);
    let (from, to) = (doc.line_of(first).0, doc.line_of(last).0);
    let lo = from.saturating_sub(2);
    let hi = (to + 2).min(layout.paragraphs.len().saturating_sub(1));
    let drawn = layout
        .paragraphs
        .get(lo..=hi)
        .is_some_and(|ps| ps.iter().any(|p| p.bordered || p.in_table || p.drawing));
    if !drawn {
        seen.push(Seen {
            para: Some(first),
            start: 0,
            end: doc.paragraphs[first].text.len(),
            element,
            property: "分隔线",
            found: "缺失".into(),
            expected: "首末两条粗线、中间细线，与版心等宽".into(),
            page: None,
        });
    }
}

/// One hit per element, property and wrong value, at its first occurrence.
fn group(rule: usize, seen: Vec<Seen>) -> Vec<FormatHit> {
    let mut groups: Vec<(Seen, BTreeSet<Option<usize>>)> = Vec::new();
    // Grouped, a wrong value is named at its first occurrence, and so is its page.
    for s in seen {
        let same =
            |g: &Seen| (g.element, g.property, &g.found) == (s.element, s.property, &s.found);
        match groups.iter_mut().find(|(g, _)| same(g)) {
            Some((_, paras)) => {
                paras.insert(s.para);
            }
            None => {
                let p = s.para;
                groups.push((s, BTreeSet::from([p])));
            }
        }
    }
    groups
        .into_iter()
        .map(|(s, paras)| {
            let is = if s.found == "缺失" || s.found.starts_with('用') || s.found.starts_with("至多")
            {
                s.found.clone()
            } else {
                format!("为{}", s.found)
            };
            let n = paras.len();
            let count = if n > 1 {
                format!("（共{n}段）")
            } else {
                String::new()
            };
            (
                s.para,
                Hit {
                    rule,
                    start: s.start,
                    end: s.end,
                    vars: vec![
                        ("element", s.element.label().to_owned()),
                        ("property", s.property.to_owned()),
                        ("found", s.found),
                        ("is", is),
                        ("expected", s.expected),
                        ("count", count),
                        ("page", s.page.map_or(String::new(), |p| format!("（第{p}页）"))),
                    ],
                    ..Hit::default()
                },
            )
        })
        .collect()
}

/// Why a paragraph's first line is not indented `chars` characters, if it is not.
fn indent_problem(doc: &Document, pi: usize, pl: &ParaLayout, chars: f64) -> Option<String> {
    if matches!(pl.align, Some(Align::Center | Align::Right)) {
        return None;
    }
    let (line, _) = doc.line_of(pi);
    let raw = doc.line_text(line + 1);
    let lead: String = raw.chars().take_while(|c| c.is_whitespace()).collect();
    let full_width = lead.chars().filter(|c| *c == '\u{3000}').count() as f64;
    // 二字 of 三号 (16 pt): a wrong font size is its own finding, not an indent one too.
    let size = 16.0;
    let by_layout = match (pl.first_line_chars, pl.first_line) {
        (Some(c), _) => c as f64 / 100.0,
        (None, Some(t)) => t as f64 / 20.0 / size,
        (None, None) => 0.0,
    };
    let total = by_layout + full_width;
    if (total - chars).abs() <= 0.3 {
        return None;
    }
    if !lead.is_empty() && full_width == 0.0 {
        return Some("用空格或制表符缩进".into());
    }
    Some(format!("{}字", trim_number(total)))
}

fn aligned(want: ExpectAlign, found: Align) -> bool {
    matches!(
        (want, found),
        (ExpectAlign::Left, Align::Left)
            | (ExpectAlign::Center, Align::Center)
            | (ExpectAlign::Right, Align::Right)
            | (ExpectAlign::Justify, Align::Justify | Align::Distribute)
    )
}

fn align_label(a: ExpectAlign) -> &'static str {
    match a {
        ExpectAlign::Left => "左对齐",
        ExpectAlign::Center => "居中",
        ExpectAlign::Right => "右对齐",
        ExpectAlign::Justify => "两端对齐",
    }
}

/// Font names compare without case and spaces: `FangSong_GB2312` = `fangsong_gb2312`.
fn same_font(a: &str, b: &str) -> bool {
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect()
    };
    norm(a) == norm(b)
}

fn is_red(rgb: &str) -> bool {
    let c = |i: usize| {
        rgb.get(i..i + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
    };
    matches!((c(0), c(2), c(4)), (Some(r), Some(g), Some(b)) if r >= 0xB0 && g <= 0x60 && b <= 0x60)
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{2ffff}')
}

/// 16 → 三号（16磅）; a size without a name in points only.
pub fn size_name(pt: f64) -> String {
    const NAMES: &[(f64, &str)] = &[
        (42.0, "初号"),
        (36.0, "小初"),
        (26.0, "一号"),
        (24.0, "小一"),
        (22.0, "二号"),
        (18.0, "小二"),
        (16.0, "三号"),
        (15.0, "小三"),
        (14.0, "四号"),
        (12.0, "小四"),
        (10.5, "五号"),
        (9.0, "小五"),
    ];
    match NAMES.iter().find(|(p, _)| (p - pt).abs() < 0.01) {
        Some((_, n)) => format!("{n}（{}磅）", trim_number(pt)),
        None => format!("{}磅", trim_number(pt)),
    }
}

/// 37.0 → 37, 25.4 → 25.4.
fn trim_number(x: f64) -> String {
    let s = format!("{x:.1}");
    s.strip_suffix(".0").map(str::to_owned).unwrap_or(s)
}
