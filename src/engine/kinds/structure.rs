//! `structure` rules that need the recognised parts of a 公文 rather than a pattern: a title
//! without its 文种, a 请示 without a request, a 印发日期 before the 成文日期.

use super::{DocContext, Kind, SpecError};
use crate::engine::Hit;
use crate::document::structure::Zone;
use crate::document::Document;

checks! {
    /// Checks of a 公文's parts that need more than a pattern.
    pub enum StructureCheck {
        /// A 关于… title must end with one of the 15 文种.
        TitleDoctype = "title-doctype",
        /// A 请示 ends with a request for instructions (妥否，请批示).
        RequestClosing = "request-closing",
        /// The 印发日期 is not before the 成文日期.
        IssueAfterSign = "issue-after-sign",
        /// 附件说明 numbered 1．2．3． and matching the attachments that follow (附件1 + title).
        Attachments = "attachments",
        /// A joint document (several organs in the 发文机关标志) is signed by every one of them.
        JointSignature = "joint-signature",
        /// A 请示 whose headings are several requests (一、申请… 二、申请…): 一文一事.
        RequestMatters = "request-matters",
    }
}

spec! {
    /// A structure rule has only its `check:`.
    pub struct Spec {}
}

impl Kind for StructureCheck {
    const NAME: &'static str = "structure";
    const CHECKS: &'static [&'static str] = StructureCheck::ALL;
    type Spec = Spec;

    fn build(_spec: Spec, check: Option<&str>) -> Result<Self, SpecError> {
        StructureCheck::parse(check, Self::NAME)
    }

    fn document_hits(&self, rule: usize, cx: &DocContext) -> Vec<(usize, Hit)> {
        find(rule, *self, cx.doc)
    }
}

/// Wording that asks a superior for a decision (条例 第十五条：请示应当一文一事).
const REQUESTS: &[&str] = &[
    "妥否",
    "当否",
    "可否",
    "是否可行",
    "是否妥当",
    "请批示",
    "请批复",
    "请审批",
    "请予批准",
    "请批准",
    "请审定",
    "请审核",
    "请核准",
    "请予审批",
    "请予批复",
    "请予支持",
];

/// Endings of laws, regulations and rules, which are not 公文 but are titled like them.
const LEGAL_NAMES: &[&str] = &[
    "条例", "规定", "办法", "细则", "规则", "章程", "准则", "守则", "标准", "规范",
];

pub fn find(rule: usize, check: StructureCheck, doc: &Document) -> Vec<(usize, Hit)> {
    let s = doc.structure();
    let paras_in = |zone: Zone| {
        s.zones
            .iter()
            .enumerate()
            .filter(move |(_, z)| **z == Some(zone))
            .map(|(i, _)| i)
    };
    let mut out = Vec::new();
    match check {
        StructureCheck::TitleDoctype => {
            if let Some(last) = paras_in(Zone::Title).next_back() {
                let text = &doc.paragraphs[last].text;
                // Laws and regulations have their own names: 条例, 规定, 办法….
                let legal = LEGAL_NAMES.iter().any(|n| text.ends_with(n));
                if s.doctype.is_none() && !legal {
                    out.push((last, whole(rule, text)));
                }
            }
        }
        StructureCheck::RequestClosing => {
            let asks = paras_in(Zone::Body)
                .chain(paras_in(Zone::Recipient))
                .any(|i| REQUESTS.iter().any(|r| doc.paragraphs[i].text.contains(r)));
            if s.doctype == Some("请示") && !asks {
                // 特此报告 at the end is reported by its own rule.
                if let Some(last) = paras_in(Zone::Body)
                    .next_back()
                    .filter(|&i| !doc.paragraphs[i].text.contains("特此报告"))
                {
                    out.push((last, whole(rule, &doc.paragraphs[last].text)));
                }
            }
        }
        StructureCheck::IssueAfterSign => {
            if let (Some(d), Some(p)) = (s.date_para, s.print_para) {
                let signed = crate::document::dates::first_full_date(&doc.paragraphs[d].text);
                let printed = crate::document::dates::first_full_date(&doc.paragraphs[p].text);
                if let (Some((sd, ..)), Some((pd, ps, pe))) = (signed, printed) {
                    if pd < sd {
                        out.push((
                            p,
                            Hit {
                                rule,
                                start: ps,
                                end: pe,
                                vars: vec![(
                                    "detail",
                                    format!("成文日期是{}", sd.format("%Y年%-m月%-d日")),
                                )],
                                ..Default::default()
                            },
                        ));
                    }
                }
            }
        }
        StructureCheck::Attachments => attachments(rule, doc, &mut out),
        StructureCheck::JointSignature => joint_signature(rule, doc, &mut out),
        StructureCheck::RequestMatters => request_matters(rule, doc, &mut out),
    }
    out
}

/// 附件说明 items (`附件：1．名称`, `2．名称`) against the attachments (`附件1` + its title).
fn attachments(rule: usize, doc: &Document, out: &mut Vec<(usize, Hit)>) {
    let s = doc.structure();
    let text = |i: usize| doc.paragraphs[i].text.as_str();
    let normal = |t: &str| -> String {
        t.chars()
            .filter(|c| !matches!(c, '《' | '》' | ' ' | '\u{3000}'))
            .collect()
    };
    // (paragraph, number, name) of each listed item.
    let mut items: Vec<(usize, Option<u32>, String, usize)> = Vec::new();
    for (i, z) in s.zones.iter().enumerate() {
        if *z != Some(Zone::AttachmentNote) {
            continue;
        }
        let t = text(i);
        let body = t
            .strip_prefix("附件")
            .map(|r| r.trim_start_matches(['：', ':']))
            .unwrap_or(t);
        let mut digits: String = body.chars().take_while(char::is_ascii_digit).collect();
        // 附件：2008年…方案 names a year, not a number: a number is followed by its mark.
        if !body[digits.len()..].starts_with(['．', '.', '、']) {
            digits.clear();
        }
        let rest = &body[digits.len()..];
        let name = rest.trim_start_matches(['．', '.', '、']);
        items.push((
            i,
            digits.parse().ok(),
            name.to_owned(),
            t.len() - name.len(),
        ));
    }
    // Numbers continuous from 1; a single attachment carries none (附件：1．方案 → 附件：方案).
    if let [(i, Some(_), _, name_at)] = items.as_slice() {
        out.push((
            *i,
            Hit {
                rule,
                start: 0,
                end: *name_at,
                vars: vec![(
                    "detail",
                    "只有一个附件时不编顺序号，写作“附件：附件名称”".to_owned(),
                )],
                ..Default::default()
            },
        ));
    }
    if items.len() > 1 {
        for (k, (i, n, _, name_at)) in items.iter().enumerate() {
            let want = k as u32 + 1;
            if *n != Some(want) {
                out.push((
                    *i,
                    Hit {
                        rule,
                        start: 0,
                        end: *name_at,
                        vars: vec![("detail", format!("附件说明的顺序号应为“{want}．”"))],
                        ..Default::default()
                    },
                ));
            }
        }
    }
    // Attachment headers 附件1 / 附件 and the title on the next line.
    let headers: Vec<(usize, Option<u32>)> = (0..doc.paragraphs.len())
        .filter(|&i| s.zone(i) == Some(Zone::Annex))
        .filter_map(|i| {
            let rest = text(i).strip_prefix("附件")?;
            (rest.chars().count() <= 3 && rest.chars().all(|c| c.is_ascii_digit()))
                .then(|| (i, rest.parse().ok()))
        })
        .collect();
    if headers.is_empty() || items.is_empty() {
        return;
    }
    for (k, (hi, hn)) in headers.iter().enumerate() {
        let item = match hn {
            Some(n) => items.iter().find(|it| it.1 == Some(*n)),
            None if items.len() == 1 => items.first(),
            None => items.get(k),
        };
        let Some((ii, _, name, _)) = item else {
            out.push((
                *hi,
                Hit {
                    rule,
                    start: 0,
                    end: text(*hi).len(),
                    vars: vec![("detail", format!("“{}”在附件说明中没有列出", text(*hi)))],
                    ..Default::default()
                },
            ));
            continue;
        };
        // The attachment's title: the next line, possibly wrapped onto one more.
        let title = (hi + 1..(hi + 3).min(doc.paragraphs.len()))
            .map(|j| normal(text(j)))
            .scan(String::new(), |acc, t| {
                acc.push_str(&t);
                Some(acc.clone())
            })
            .collect::<Vec<_>>();
        let want = normal(name);
        // The attachment's own title may drop the issuing organ (国土资源部关于… → 关于…).
        let matches =
            |t: &String| *t == want || (t.chars().count() >= 6 && want.ends_with(t.as_str()));
        if !want.is_empty() && !title.iter().any(matches) {
            let n = text(*ii).len();
            out.push((
                *ii,
                Hit {
                    rule,
                    start: n - name.len(),
                    end: n,
                    vars: vec![(
                        "detail",
                        format!(
                            "附件说明中的名称与{}的标题“{}”不一致",
                            text(*hi),
                            title.first().map_or("", String::as_str)
                        ),
                    )],
                    ..Default::default()
                },
            ));
        }
    }
}

/// A 请示 asks one thing: headings that are each a request (一、申请… 二、请求…) mean several.
fn request_matters(rule: usize, doc: &Document, out: &mut Vec<(usize, Hit)>) {
    let s = doc.structure();
    if s.doctype != Some("请示") {
        return;
    }
    let requests: Vec<usize> = (0..doc.paragraphs.len())
        .filter(|&i| s.zone(i) == Some(Zone::Body))
        .filter(|&i| {
            let t = doc.paragraphs[i].text.as_str();
            let numbered = t.starts_with('（')
                || t.chars()
                    .nth(1)
                    .is_some_and(|c| matches!(c, '、' | '．' | '.'))
                    && t.starts_with(|c: char| "一二三四五六七八九1234567890".contains(c));
            numbered
                && t.chars().count() <= 40
                && ["申请", "请求", "恳请", "拟请"]
                    .iter()
                    .any(|v| t.contains(v))
        })
        .collect();
    if let Some(&second) = requests.get(1) {
        let t = &doc.paragraphs[second].text;
        out.push((
            second,
            Hit {
                rule,
                start: 0,
                end: t.len(),
                vars: vec![("detail", format!("{} 项", requests.len()))],
                ..Default::default()
            },
        ));
    }
}

/// 联合行文: every organ of the 发文机关标志 (中共某某市委　某某市人民政府文件) signs.
fn joint_signature(rule: usize, doc: &Document, out: &mut Vec<(usize, Hit)>) {
    let s = doc.structure();
    let text = |i: usize| doc.paragraphs[i].text.as_str();
    let Some(mark) = (0..doc.paragraphs.len())
        .filter(|&i| s.zone(i) == Some(Zone::Header))
        .find(|&i| text(i).ends_with("文件"))
    else {
        return;
    };
    let organs: Vec<&str> = text(mark)
        .trim_end_matches("文件")
        .split([' ', '\u{3000}', '、'])
        .filter(|o| o.chars().count() >= 2)
        .collect();
    let signature: String = (0..doc.paragraphs.len())
        .filter(|&i| s.zone(i) == Some(Zone::Signature))
        .map(|i| text(i).replace([' ', '\u{3000}'], ""))
        .collect();
    let Some(date) = s.date_para else {
        return;
    };
    if organs.len() < 2 || signature.is_empty() {
        return;
    }
    // 中共某某市委 may be signed 中共某某市委员会: compare without the 委/委员会 ending.
    let core = |o: &str| {
        o.trim_end_matches("委员会")
            .trim_end_matches('委')
            .to_owned()
    };
    let missing: Vec<&str> = organs
        .iter()
        .copied()
        .filter(|o| !signature.contains(&core(o)))
        .collect();
    if !missing.is_empty() {
        let t = text(date);
        out.push((
            date,
            Hit {
                rule,
                start: 0,
                end: t.len(),
                vars: vec![("detail", missing.join("”“"))],
                ..Default::default()
            },
        ));
    }
}

fn whole(rule: usize, text: &str) -> Hit {
    Hit {
        rule,
        start: 0,
        end: text.len(),
        ..Default::default()
    }
}
