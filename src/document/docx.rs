//! .docx text: body paragraphs in reading order (table cells included), tracked changes read
//! as accepted (insertions kept, deletions dropped), field results and comments left out, and
//! the ranges of comments, so that a Word comment `gwlint-disable …` can suppress findings.
//!
//! Each paragraph becomes one line of the document's text, so a finding's line is the
//! paragraph number (DESIGN §3). Layout (fonts, margins) is not read here.

use std::io::Read;

use quick_xml::events::Event;
use quick_xml::Reader;

/// An XML part larger than this is refused: a zip bomb must not exhaust memory.
const MAX_PART_BYTES: u64 = 256 * 1024 * 1024;

/// The text of a .docx.
#[derive(Debug, Default)]
pub struct DocxText {
    pub paragraphs: Vec<String>,
    pub comments: Vec<Comment>,
}

/// A Word comment and the paragraphs its range covers (0-based, inclusive).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub first: usize,
    pub last: usize,
    pub text: String,
}

pub fn read(bytes: &[u8]) -> Result<DocxText, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("不是有效的 .docx（zip 结构损坏：{e}）"))?;
    let document =
        part(&mut zip, "word/document.xml")?.ok_or("不是有效的 .docx：缺少 word/document.xml")?;
    let comments = part(&mut zip, "word/comments.xml")?
        .map(|xml| comment_texts(&xml))
        .transpose()?
        .unwrap_or_default();
    body(&document, &comments)
}

fn part<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
) -> Result<Option<String>, String> {
    let file = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(format!("无法读取 {name}：{e}")),
    };
    let mut xml = String::new();
    file.take(MAX_PART_BYTES + 1)
        .read_to_string(&mut xml)
        .map_err(|e| format!("无法读取 {name}：{e}"))?;
    if xml.len() as u64 > MAX_PART_BYTES {
        return Err(format!(
            "{name} 解压后超过 256 MB，不读取（可能是压缩炸弹）"
        ));
    }
    Ok(Some(xml))
}

/// Comment id → its text.
fn comment_texts(xml: &str) -> Result<Vec<(String, String)>, String> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut current: Option<(String, String)> = None;
    let mut in_text = false;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => match e.local_name().as_ref() {
                b"comment" => current = Some((attr(&e, b"id").unwrap_or_default(), String::new())),
                b"t" => in_text = true,
                _ => {}
            },
            Ok(Event::End(e)) => match e.local_name().as_ref() {
                b"comment" => out.extend(current.take()),
                b"t" => in_text = false,
                b"p" => {
                    if let Some((_, t)) = &mut current {
                        t.push(' ');
                    }
                }
                _ => {}
            },
            Ok(Event::Text(t)) if in_text => {
                if let Some((_, s)) = &mut current {
                    s.push_str(
                        &t.unescape()
                            .map_err(|e| format!("comments.xml 无效：{e}"))?,
                    );
                }
            }
            Ok(Event::Eof) => break,
            Err(e) => return Err(format!("comments.xml 无效：{e}")),
            _ => {}
        }
    }
    Ok(out)
}

fn attr(e: &quick_xml::events::BytesStart, name: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

fn body(xml: &str, comments: &[(String, String)]) -> Result<DocxText, String> {
    let mut reader = Reader::from_str(xml);
    let mut out = DocxText::default();
    let mut para: Option<String> = None;
    let mut in_text = false;
    // Inside deleted text, a field code, a field result, a text box: not body text.
    let (mut deleted, mut field_code, mut field_simple, mut textbox) =
        (0usize, false, 0usize, 0usize);
    // Complex fields: begin → code → separate → result → end.
    let mut field_result = 0usize;
    let mut open_comments: Vec<(String, usize)> = Vec::new();
    let mut depth = 0usize;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("word/document.xml 无效：{e}"))?;
        match event {
            Event::Start(e) => {
                depth += 1;
                if depth > 512 {
                    return Err("word/document.xml 嵌套过深，不读取".into());
                }
                match e.local_name().as_ref() {
                    b"p" if textbox == 0 => para = Some(String::new()),
                    b"t" => in_text = true,
                    // Deleted and moved-away text reads as if the changes were accepted.
                    b"del" | b"moveFrom" => deleted += 1,
                    b"instrText" => field_code = true,
                    b"fldSimple" => field_simple += 1,
                    b"txbxContent" => textbox += 1,
                    _ => {}
                }
            }
            Event::Empty(e) => match e.local_name().as_ref() {
                b"fldChar" => match attr(&e, b"fldCharType").as_deref() {
                    Some("separate") => field_result += 1,
                    Some("end") => field_result = field_result.saturating_sub(1),
                    _ => {}
                },
                b"commentRangeStart" => {
                    if let Some(id) = attr(&e, b"id") {
                        open_comments.push((id, out.paragraphs.len()));
                    }
                }
                b"commentRangeEnd" => {
                    if let Some(id) = attr(&e, b"id") {
                        if let Some(k) = open_comments.iter().position(|(i, _)| *i == id) {
                            let (id, first) = open_comments.remove(k);
                            if let Some((_, text)) = comments.iter().find(|(i, _)| *i == id) {
                                // Ended between paragraphs: the last one it covered is the previous.
                                let last = if para.is_some() {
                                    out.paragraphs.len()
                                } else {
                                    out.paragraphs.len().saturating_sub(1)
                                };
                                out.comments.push(Comment {
                                    first,
                                    last,
                                    text: text.trim().to_owned(),
                                });
                            }
                        }
                    }
                }
                b"tab" if deleted == 0 && textbox == 0 => {
                    if let Some(p) = &mut para {
                        p.push('\t');
                    }
                }
                _ => {}
            },
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                match e.local_name().as_ref() {
                    b"p" if textbox == 0 => {
                        if let Some(p) = para.take() {
                            out.paragraphs.push(p);
                        }
                    }
                    b"t" => in_text = false,
                    b"del" | b"moveFrom" => deleted = deleted.saturating_sub(1),
                    b"instrText" => field_code = false,
                    b"fldSimple" => field_simple = field_simple.saturating_sub(1),
                    b"txbxContent" => textbox = textbox.saturating_sub(1),
                    _ => {}
                }
            }
            Event::Text(t)
                if in_text
                    && deleted == 0
                    && !field_code
                    && field_simple == 0
                    && field_result == 0
                    && textbox == 0 =>
            {
                if let Some(p) = &mut para {
                    // A paragraph is one line: line breaks inside it are not kept.
                    let text = t
                        .unescape()
                        .map_err(|e| format!("word/document.xml 无效：{e}"))?;
                    p.extend(text.chars().filter(|c| *c != '\n' && *c != '\r'));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    // A comment still open at the end covers to the last paragraph.
    let last = out.paragraphs.len().saturating_sub(1);
    for (id, first) in open_comments {
        if let Some((_, text)) = comments.iter().find(|(i, _)| *i == id) {
            out.comments.push(Comment {
                first,
                last,
                text: text.trim().to_owned(),
            });
        }
    }
    for c in &mut out.comments {
        c.first = c.first.min(last);
        c.last = c.last.min(last).max(c.first);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"<w:document xmlns:w="w"><w:body>
<w:p><w:r><w:t>关于开展</w:t></w:r><w:ins><w:r><w:t>安全</w:t></w:r></w:ins><w:del><w:r><w:delText>消防</w:delText></w:r></w:del><w:r><w:t>检查的通知</w:t></w:r></w:p>
<w:p><w:commentRangeStart w:id="0"/><w:r><w:t>请××同志参会。</w:t></w:r><w:commentRangeEnd w:id="0"/></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>单元格</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p><w:r><w:t>第</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>页</w:t></w:r></w:p>
</w:body></w:document>"#;

    #[test]
    fn accepted_text_tables_no_fields_and_comment_ranges() {
        let comments = vec![(
            "0".to_owned(),
            "gwlint-disable placeholder -- 隐去人名".to_owned(),
        )];
        let d = body(DOC, &comments).unwrap();
        assert_eq!(
            d.paragraphs,
            ["关于开展安全检查的通知", "请××同志参会。", "单元格", "第页"]
        );
        assert_eq!(
            d.comments,
            [Comment {
                first: 1,
                last: 1,
                text: "gwlint-disable placeholder -- 隐去人名".into()
            }]
        );
    }

    #[test]
    fn broken_files_are_errors_not_panics() {
        assert!(read(b"not a zip").unwrap_err().contains("zip"));
        assert!(body("<w:document><w:p><w:t>x</w:p>", &[]).is_err());
    }
}
