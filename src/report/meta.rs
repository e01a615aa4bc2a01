//! Who issued a document and when, for grouping an audit (发文单位, 成文日期): each place a
//! 公文 names its issuer, as written; `units::Units` turns them into one unit.

use crate::document::structure::Zone;
use crate::document::Document;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocMeta {
    /// The 发文机关署名 (the first organ of a joint one: 联合行文 puts the 主办机关 first).
    pub signature: Option<String>,
    /// The 发文机关代字 of the 发文字号 (国办发).
    pub code: Option<String>,
    /// The 发文机关标志 of the 版头 without 文件 (国务院办公厅文件 → 国务院办公厅).
    pub masthead: Option<String>,
    /// The organ a title begins with (国务院关于…的通知 → 国务院): GB/T 9704—2012 7.3.3 has
    /// the 标题 name the 发文机关.
    pub title_organ: Option<String>,
    pub date: Option<chrono::NaiveDate>,
}

impl DocMeta {
    pub fn of(doc: &Document) -> Self {
        let s = doc.structure();
        let first_in = |zone: Zone| {
            s.zones
                .iter()
                .position(|z| *z == Some(zone))
                .map(|i| doc.paragraphs[i].text.as_str())
        };
        let signature = first_in(Zone::Signature)
            .map(|t| t.split_whitespace().next().unwrap_or(t))
            .map(first_organ)
            .and_then(without_position)
            .filter(|t| (2..=30).contains(&t.chars().count()))
            .map(str::to_owned);
        let code = first_in(Zone::DocNumber).and_then(|t| {
            let cut = t.find(['〔', '[', '【', '（', '(']).unwrap_or(t.len());
            let code = t[..cut].trim();
            (!code.is_empty()).then(|| code.to_owned())
        });
        let masthead = s
            .zones
            .iter()
            .zip(&doc.paragraphs)
            .filter(|(z, _)| **z == Some(Zone::Header))
            .find_map(|(_, p)| masthead(&p.text));
        let title_organ = first_in(Zone::Title).and_then(title_organ);
        DocMeta {
            signature,
            code,
            masthead,
            title_organ,
            date: doc.date(),
        }
    }
}

/// The first of organs joined by 、 or blanks.
fn first_organ(s: &str) -> &str {
    s.split(['、', '，', ',']).next().unwrap_or(s).trim()
}

/// The 签发人 of a 命令（令） signs with a post (总理 李克强, 市长 张三): the post is no unit; an
/// organ written before it is (国务院总理 → 国务院).
fn without_position(s: &str) -> Option<&str> {
    const POSTS: &[&str] = &[
        "副总理",
        "总理",
        "主席",
        "委员长",
        "省长",
        "市长",
        "县长",
        "区长",
        "州长",
        "旗长",
        "乡长",
        "镇长",
        "部长",
        "主任",
        "局长",
        "厅长",
        "书记",
        "院长",
        "署长",
        "行长",
    ];
    match POSTS.iter().find_map(|p| s.strip_suffix(p)) {
        Some(organ) => looks_like_organ(organ).then_some(organ),
        None => Some(s),
    }
}

/// The 发文机关标志 of a 版头: 国务院办公厅文件 → 国务院办公厅, and of a 命令（令）:
/// 中华人民共和国国务院令, 云岭市人民政府命令 (letter spacing removed).
fn masthead(text: &str) -> Option<String> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let organ = ["文件", "命令", "令"]
        .iter()
        .find_map(|s| t.strip_suffix(s))?;
    looks_like_organ(organ).then(|| first_organ(organ).to_owned())
}

/// The issuer a title begins with: what comes before 关于, or before 转发/批转/印发 (国务院办公厅
/// 转发民政部关于… is issued by 国务院办公厅); a 令's title is its 发文机关标志.
fn title_organ(text: &str) -> Option<String> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let Some(cut) = ["关于", "转发", "批转", "印发"]
        .iter()
        .filter_map(|w| t.find(w))
        .min()
    else {
        return masthead(&t);
    };
    let organ = first_organ(&t[..cut]);
    looks_like_organ(organ).then(|| organ.to_owned())
}

/// Han characters ending as organs' names do (人民政府, 办公厅, 委员会, 局 …), short enough
/// to be a name rather than a sentence.
fn looks_like_organ(s: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "院", "厅", "部", "委", "局", "办", "室", "会", "府", "署", "行", "中央", "党委", "政府",
        "小组", "中心", "军委",
    ];
    let n = s.chars().count();
    (2..=24).contains(&n)
        && s.chars()
            .all(|c| c == '、' || ('\u{4e00}'..='\u{9fff}').contains(&c))
        && ENDINGS.iter().any(|e| s.ends_with(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_name_their_issuer() {
        let t = |s: &str| title_organ(s);
        assert_eq!(
            t("国务院关于印发国家职业教育改革实施方案的通知").unwrap(),
            "国务院"
        );
        assert_eq!(
            t("国务院办公厅转发民政部关于清理整顿社会团体意见的通知").unwrap(),
            "国务院办公厅"
        );
        assert_eq!(t("中共中央、国务院关于深化改革的意见").unwrap(), "中共中央");
        assert_eq!(t("国 务 院 关 于 加 强 工 作 的 通 知").unwrap(), "国务院");
        // A title that does not begin with an organ names none.
        assert_eq!(t("关于开展检查的通知"), None);
        assert_eq!(t("2026年安徽省政府工作报告"), None);
        assert_eq!(t("做好今年工作关于的几点意见"), None);
    }

    #[test]
    fn mastheads_and_joint_signatures() {
        assert_eq!(masthead("国务院办公厅文件").unwrap(), "国务院办公厅");
        assert_eq!(
            masthead("某 某 市 人 民 政 府 文 件").unwrap(),
            "某某市人民政府"
        );
        assert_eq!(masthead("特急"), None);
        assert_eq!(first_organ("国务院办公厅、中央军委办公厅"), "国务院办公厅");
        assert_eq!(
            masthead("中华人民共和国国务院令").unwrap(),
            "中华人民共和国国务院"
        );
        assert_eq!(title_organ("云岭市人民政府命令").unwrap(), "云岭市人民政府");
    }

    #[test]
    fn a_post_is_no_unit() {
        assert_eq!(without_position("市长"), None);
        assert_eq!(without_position("国务院总理"), Some("国务院"));
        assert_eq!(without_position("某某市人民政府"), Some("某某市人民政府"));
    }
}
