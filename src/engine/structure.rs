//! `structure` rules that need the recognised parts of a 公文 rather than a pattern: a title
//! without its 文种, a 请示 without a request, a 印发日期 before the 成文日期.

use super::{date, Hit};
use crate::document::structure::Zone;
use crate::document::Document;
use crate::rules::StructureCheck;

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
                let signed = date::first_full_date(&doc.paragraphs[d].text);
                let printed = date::first_full_date(&doc.paragraphs[p].text);
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
    }
    out
}

fn whole(rule: usize, text: &str) -> Hit {
    Hit {
        rule,
        start: 0,
        end: text.len(),
        ..Default::default()
    }
}
