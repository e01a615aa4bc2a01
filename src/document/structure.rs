//! The parts of a 公文 (GB/T 9704—2012 §7) recognised from its paragraphs: 版头 (发文字号 …),
//! 标题, 主送机关, 正文, 附件说明, 署名, 成文日期, 附件, 版记, and the 文种 from the title.
//! Plain text carries no layout, so this follows the catalog's zone heuristics (§0.4) and
//! prefers leaving a part unrecognised to naming it wrongly: a document that is not a 公文
//! (a speech, a report to a congress) simply has body text.

use std::sync::LazyLock;

use regex::Regex;

use super::Document;

/// The zone a paragraph belongs to; rules may restrict themselves to some (`scope:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Zone {
    /// 份号, 密级, 紧急程度, 发文机关标志, 签发人.
    Header,
    DocNumber,
    Title,
    Recipient,
    Body,
    AttachmentNote,
    Signature,
    Date,
    /// The attachments after the main document (附件1 …).
    Annex,
    /// 版记: 抄送, 印发.
    Imprint,
}

impl Zone {
    pub fn as_str(self) -> &'static str {
        match self {
            Zone::Header => "header",
            Zone::DocNumber => "doc_number",
            Zone::Title => "title",
            Zone::Recipient => "recipient",
            Zone::Body => "body",
            Zone::AttachmentNote => "attachment_note",
            Zone::Signature => "signature",
            Zone::Date => "date",
            Zone::Annex => "annex",
            Zone::Imprint => "imprint",
        }
    }
}

/// The 15 文种 of the 条例 (第八条), longest first so that 复函 ends in 函 and 命令 beats 令.
pub const DOCTYPES: &[&str] = &[
    "决议", "决定", "命令", "公报", "公告", "通告", "意见", "通知", "通报", "报告", "请示", "批复",
    "议案", "纪要", "函", "令",
];

#[derive(Debug, Clone, Default)]
pub struct Structure {
    /// One zone per paragraph.
    pub zones: Vec<Option<Zone>>,
    pub doctype: Option<&'static str>,
    /// Paragraph of the 成文日期 and of the 印发 line, for date order checks.
    pub date_para: Option<usize>,
    pub print_para: Option<usize>,
}

static DOC_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\p{Han}{1,12}\s*[〔\[【（(]\s*\d{2,4}\s*[〕\]】）)]\s*第?\d{1,4}\s*号$")
        .expect("valid")
});
static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月(?:[一二三四五六七八九十]{1,3}日)?|\d{4}[.\-/]\d{1,2}[.\-/]\d{1,2})$")
        .expect("valid")
});
static TRAILING_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\p{Han}{1,8}[〔\[【（(]\d{4}[〕\]】）)]\d{1,4}号$").expect("valid")
});
static ORGANS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^各?[\p{Han}、，]+(?:人民政府|政府|部门|单位|委员会|党委|局|厅|办公室|机构|部|委|办)$",
    )
    .expect("valid")
});
static HEADER_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\d{6}|(?:绝密|机密|秘密)(?:★.*)?|特急|加急|签发人[：:].*|.{2,30}文件)$")
        .expect("valid")
});

/// What a title may look like: a 关于… subject or an ending in a 文种.
fn doctype_of(title: &str) -> Option<&'static str> {
    // Titles set with letter spacing: 几 个 问 题 的 通 知.
    let spaced: String = title
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{3000}'))
        .collect();
    let t = spaced.trim_end_matches(['。', '，', '；', '！', '？', '.', ',']);
    let ends = |t: &str| DOCTYPES.iter().copied().find(|d| t.ends_with(d));
    // A 文号 run on after the title (…的复函国办函〔2005〕21号): the title ends at one of the
    // places before the 机关代字.
    if let Some(m) = TRAILING_NUMBER.find(t) {
        let bracket = t[m.start()..]
            .find(['〔', '[', '【', '（', '('])
            .map_or(t.len(), |i| m.start() + i);
        return t[m.start()..bracket]
            .char_indices()
            .map(|(i, _)| m.start() + i)
            .find_map(|cut| ends(&t[..cut]));
    }
    // 复函 → 函, 会议纪要 → 纪要, 实施意见 → 意见.
    ends(t)
}

/// A sentence, not a title: a title may end with a stray mark (that is a finding of its own)
/// but has no full stop inside.
fn is_prose(t: &str) -> bool {
    let core = t.trim_end_matches(['。', '，', '；', '！', '？', '.', ',']);
    core.contains(['。', '，', '；', '？', '！'])
        || (core.len() < t.len() && doctype_of(t).is_none())
        // A sentence that happens to end in a 文种 word (特此通知。 …印发了检查情况通报。): a
        // title with a stray full stop still names its subject with 关于.
        || (t.ends_with('。') && (!core.contains("关于") || core.contains('了')))
}

/// A 关于… line ending in a 文种 with no full stop inside is a title even with a stray mark
/// (关于进一步加强管理，提高效率的意见 / …的通知：): the marks are findings of their own.
fn looks_like_title(t: &str) -> bool {
    t.starts_with("关于")
        && t.chars().count() <= 60
        && !t.trim_end_matches(['。', '：', ':']).contains('。')
        && doctype_of(t.trim_end_matches(['：', ':'])).is_some()
}

/// 附件：1．… or 附件1．…, as opposed to the 附件1 line that starts an attachment.
fn is_attachment_note(t: &str) -> bool {
    let Some(rest) = t.strip_prefix("附件") else {
        return false;
    };
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    rest.starts_with(['：', ':', '.', '．', '、']) && rest.chars().count() > 1
}

impl Structure {
    pub fn analyse(doc: &Document) -> Structure {
        // Footnotes come after the body and are no part of it.
        let n = doc.notes_from.unwrap_or(doc.paragraphs.len());
        let text = |i: usize| doc.paragraphs[i].text.as_str();
        let mut zones: Vec<Option<Zone>> = vec![None; n];
        // The first paragraph that starts an attachment (附件1, 附件：（单独一行）) ends the
        // main document.
        let annex_start = (1..n)
            .find(|&i| {
                let t = text(i);
                (t.starts_with("附件") && t.chars().count() <= 4)
                    || (t.starts_with("附件")
                        && t.chars().nth(2).is_some_and(|c| c.is_ascii_digit())
                        && t.chars().count() <= 6)
            })
            .unwrap_or(n);
        for z in zones.iter_mut().take(n).skip(annex_start) {
            *z = Some(Zone::Annex);
        }
        // 版记 lines may follow the annexes.
        let mut print_para = None;
        for (i, zone) in zones.iter_mut().enumerate() {
            let t = text(i);
            if t.starts_with("抄送：") || t.starts_with("抄送:") {
                *zone = Some(Zone::Imprint);
            } else if t.ends_with("印发") && t.chars().count() <= 60 && t.contains('年') {
                *zone = Some(Zone::Imprint);
                print_para = Some(i);
            }
        }

        // Header and title: the title is the first line with 关于 or ending in a 文种 among the
        // first lines, joined with the next when it continues (long titles wrap).
        let top = annex_start.min(12);
        let mut title: Option<(usize, usize)> = None;
        let mut i = 0;
        while i < top {
            let t = text(i);
            if DOC_NUMBER.is_match(t) {
                zones[i] = Some(Zone::DocNumber);
            } else if title.is_none() && HEADER_LINE.is_match(t) && !t.contains("关于") {
                zones[i] = Some(Zone::Header);
            } else if title.is_none() && !looks_like_title(t) && (is_prose(t) || t.ends_with('：'))
            {
                // Prose (or a salutation) before any title: not a 公文 header.
                break;
            } else if title.is_none()
                && t.chars().count() <= 60
                && !super::headings::looks_numbered(t)
            {
                let ends = doctype_of(t).is_some();
                let about = t.contains("关于");
                if ends {
                    title = Some((i, i));
                } else if about {
                    // Up to two more lines to reach the 文种.
                    if let Some(j) = (i + 1..(i + 3).min(top))
                        .find(|&j| !is_prose(text(j)) && doctype_of(text(j)).is_some())
                    {
                        title = Some((i, j));
                    } else {
                        title = Some((i, i));
                    }
                }
                if let Some((s, e)) = title {
                    for z in &mut zones[s..=e] {
                        *z = Some(Zone::Title);
                    }
                    i = e;
                }
            } else if title.is_some() {
                break;
            }
            i += 1;
        }
        // A reply without 关于 (…的答复) still shows its kind in the 文号: 国办函〔2006〕82号.
        let doctype = title.and_then(|(_, e)| doctype_of(text(e))).or_else(|| {
            (0..top)
                .find(|&i| zones[i] == Some(Zone::DocNumber))
                .filter(|&i| text(i).contains("函〔") || text(i).contains("函["))
                .map(|_| "函")
        });
        let body_start = title.map_or(0, |(_, e)| e + 1);

        // 主送机关: right after the title (and 文号), a short line ending in a colon.
        let mut body_from = body_start;
        while body_from < annex_start && zones[body_from] == Some(Zone::DocNumber) {
            body_from += 1;
        }
        if title.is_some() && body_from < annex_start {
            let t = text(body_from);
            let colon = t.ends_with('：') || t.ends_with(':');
            // Without its colon, a line of organ names: 各区人民政府，市政府各部门
            let organs = ORGANS.is_match(t);
            if (colon || organs) && t.chars().count() <= 120 && !t.contains('。') {
                zones[body_from] = Some(Zone::Recipient);
                body_from += 1;
            }
        }

        // From the end of the main document: 成文日期, then 署名 above it, 附件说明 above that.
        let mut date_para = None;
        let mut end = annex_start;
        while end > body_from && zones[end - 1] == Some(Zone::Imprint) {
            end -= 1;
        }
        if let Some(d) = (body_from..end)
            .rev()
            .take(6)
            .find(|&i| DATE_LINE.is_match(text(i).trim_matches(['（', '）', '(', ')'])))
        {
            zones[d] = Some(Zone::Date);
            date_para = Some(d);
            // Up to three short lines without sentence punctuation above the date: the
            // signing organs.
            let mut s = d;
            while s > body_from
                && d - s < 3
                && text(s - 1).chars().count() <= 30
                && !text(s - 1).contains(['。', '，', '；', '：', ':'])
                && !text(s - 1).starts_with(|c: char| c.is_ascii_digit() || c == '附')
            {
                s -= 1;
                zones[s] = Some(Zone::Signature);
            }
            end = s;
        }
        // 附件说明: 附件：… and the numbered lines that continue it.
        if let Some(a) = (body_from..end).find(|&i| is_attachment_note(text(i))) {
            // A line that is not numbered (联系人：…) ends it and is body text again.
            let numbered = |i: usize| {
                text(i).starts_with(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c))
            };
            let last = (a + 1..end).find(|&i| !numbered(i)).unwrap_or(end);
            for z in &mut zones[a..last] {
                *z = Some(Zone::AttachmentNote);
            }
            end = a;
        }
        if title.is_some() || date_para.is_some() {
            for z in &mut zones[body_from..end] {
                z.get_or_insert(Zone::Body);
            }
        }
        // Anything still unassigned is body text (a speech, a report: not a 公文).
        for z in zones.iter_mut().take(annex_start) {
            z.get_or_insert(Zone::Body);
        }
        Structure {
            zones,
            doctype,
            date_para,
            print_para,
        }
    }

    pub fn zone(&self, para: usize) -> Option<Zone> {
        self.zones.get(para).copied().flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::from_plain_text;

    fn zones(text: &str) -> (Vec<&'static str>, Option<&'static str>) {
        let doc = from_plain_text("a.txt".into(), "utf-8", text);
        let s = Structure::analyse(&doc);
        (
            s.zones
                .iter()
                .map(|z| z.map_or("-", Zone::as_str))
                .collect(),
            s.doctype,
        )
    }

    #[test]
    fn a_reply_letter_with_wrapped_title_attachment_note_signature_and_annex() {
        let (z, t) = zones(
            "国务院办公厅关于湖北省巴东县\n地质灾害险情有关问题的复函\n国办函〔2004〕80号\n湖北省人民政府：\n你省请示收悉。现函复如下。\n附件：1.专家组报告\n2.专家组意见\n国务院办公厅\n二〇〇四年十一月四日\n附件1\n一、基本情况\n",
        );
        assert_eq!(t, Some("函"));
        assert_eq!(
            z,
            [
                "title",
                "title",
                "doc_number",
                "recipient",
                "body",
                "attachment_note",
                "attachment_note",
                "signature",
                "date",
                "annex",
                "annex"
            ]
        );
    }

    #[test]
    fn a_contact_line_after_the_attachment_note_is_not_part_of_it() {
        let (z, _) = zones(
            "关于开展检查的通知\n各单位：\n请按时报送。\n附件：1．检查表\n2．统计表\n联系人：张三，电话：12345678。\n某某市人民政府\n2024年3月5日\n",
        );
        assert_eq!(
            z,
            [
                "title",
                "recipient",
                "body",
                "attachment_note",
                "attachment_note",
                "body",
                "signature",
                "date"
            ]
        );
    }

    #[test]
    fn a_speech_is_all_body() {
        let (z, t) = zones("同志们：\n今天我们召开会议。\n一、关于形势\n");
        assert_eq!(t, None);
        assert!(z.iter().all(|z| *z == "body"), "{z:?}");
    }

    #[test]
    fn header_number_title_and_imprint() {
        let (z, t) = zones(
            "000123\n机密★1年\n特急\n某某市人民政府文件\n某政发〔2024〕5号\n关于开展安全检查的通知\n各区人民政府：\n现将有关事项通知如下。\n某某市人民政府\n2024年3月5日\n抄送：市委办公室。\n某某市人民政府办公室　　2024年3月5日印发\n",
        );
        assert_eq!(t, Some("通知"));
        assert_eq!(
            z,
            [
                "header",
                "header",
                "header",
                "header",
                "doc_number",
                "title",
                "recipient",
                "body",
                "signature",
                "date",
                "imprint",
                "imprint"
            ]
        );
    }
}
