//! .docx: body paragraphs in reading order (table cells included), tracked changes read as
//! accepted (insertions kept, deletions dropped), field results and comments left out, the
//! ranges of comments (a Word comment `gwlint-disable …` can suppress findings), and the
//! layout: sections, resolved run and paragraph formatting, footers.
//!
//! Each paragraph becomes one line of the document's text, so a finding's line is the
//! paragraph number (docs/design.md §3). Parts are read with size and nesting limits and no DTD
//! processing, so a zip bomb or an entity trick is refused rather than followed.

mod body;
mod props;
mod styles;

pub use body::Piece;

use std::io::Read;

use quick_xml::events::Event;
use quick_xml::Reader;

use super::layout::{Footer, Layout};
use styles::Styles;

/// An XML part larger than this is refused: a zip bomb must not exhaust memory.
const MAX_PART_BYTES: u64 = 256 * 1024 * 1024;
/// Past this size a part must not have been compressed more than `BOMB_RATIO` to 1.
const BOMB_MIN_BYTES: u64 = 8 * 1024 * 1024;
const BOMB_RATIO: u64 = 200;

/// The text and layout of a .docx.
#[derive(Debug, Default)]
pub struct DocxText {
    pub paragraphs: Vec<String>,
    /// Footnote and endnote paragraphs, in their parts' order.
    pub notes: Vec<String>,
    pub comments: Vec<Comment>,
    pub layout: Layout,
}

/// A Word comment and the paragraphs its range covers (0-based, inclusive).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub first: usize,
    pub last: usize,
    pub text: String,
}

pub fn read(bytes: &[u8]) -> Result<DocxText, String> {
    // Files saved in an old format under a .docx name are common in archives: say which.
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Err(
            "实际是 Word 97-2003（.doc）或 WPS 格式，只是扩展名写成了 .docx：请在 Word/WPS 中另存为 .docx".into(),
        );
    }
    if bytes.starts_with(b"%PDF") {
        return Err(
            "实际是 PDF 文件，只是扩展名写成了 .docx：请检查原始的 .docx 或 .txt 文稿".into(),
        );
    }
    let mut zip = open(bytes)?;
    let document =
        part(&mut zip, "word/document.xml")?.ok_or("不是有效的 .docx：缺少 word/document.xml")?;
    let comments = part(&mut zip, "word/comments.xml")?
        .map(|xml| comment_texts(&xml))
        .transpose()?
        .unwrap_or_default();
    // Layout parts are optional: a document without them renders with Word's defaults.
    let styles = part(&mut zip, "word/styles.xml")?;
    let theme = part(&mut zip, "word/theme/theme1.xml")?;
    let rels = part(&mut zip, "word/_rels/document.xml.rels")?
        .map(|x| relationships(&x))
        .unwrap_or_default();
    let settings = part(&mut zip, "word/settings.xml")?;
    let reader = Parts {
        styles: Styles::parse(styles.as_deref(), theme.as_deref())?,
        even_and_odd: settings.is_some_and(|x| even_and_odd(&x)),
    };
    let mut story = body::walk(&document, "word/document.xml", &reader.styles, &comments)?;
    let mut notes = Vec::new();
    for name in ["word/footnotes.xml", "word/endnotes.xml"] {
        if let Some(xml) = part(&mut zip, name)? {
            let text = body::walk(&xml, name, &reader.styles, &[])?;
            notes.extend(text.paragraphs.into_iter().filter(|p| !p.trim().is_empty()));
        }
    }
    let mut footers = Vec::new();
    for (kind, id) in std::mem::take(&mut story.footer_refs) {
        let Some(rel) = rels.iter().find(|r| r.id == id) else {
            continue;
        };
        let name = part_name(&rel.target);
        if let Some(xml) = part(&mut zip, &name)? {
            footers.push((kind, name, xml));
        }
    }
    let mut docx = reader.assemble(story, &footers)?;
    docx.notes = notes;
    Ok(docx)
}

type Package<'a> = zip::ZipArchive<std::io::Cursor<&'a [u8]>>;

fn open(bytes: &[u8]) -> Result<Package<'_>, String> {
    zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("不是有效的 .docx（zip 结构损坏：{e}）"))
}

/// The body part of a .docx as read: its XML, paragraph texts and where each stretch of text
/// sits in the XML. An annotated copy is written from this.
#[derive(Debug)]
pub struct BodyMap {
    pub xml: String,
    pub paragraphs: Vec<String>,
    pub pieces: Vec<Piece>,
}

pub fn body_map(bytes: &[u8]) -> Result<BodyMap, String> {
    let mut zip = open(bytes)?;
    let xml =
        part(&mut zip, "word/document.xml")?.ok_or("不是有效的 .docx：缺少 word/document.xml")?;
    // Styles change how text looks, never which text there is.
    let story = body::walk(&xml, "word/document.xml", &Styles::default(), &[])?;
    Ok(BodyMap {
        paragraphs: story.paragraphs,
        pieces: story.pieces,
        xml,
    })
}

/// A part of a .docx package, read with the same limits as the body.
pub fn read_part(bytes: &[u8], name: &str) -> Result<Option<String>, String> {
    let mut zip = open(bytes)?;
    part(&mut zip, name)
}

/// A .docx from the XML of its body alone (`<w:p>…</w:p>…`), with `<w:ftr>…</w:ftr>` elements
/// taken out as its footers: how `format` rules write their examples.
pub fn from_fragment(fragment: &str) -> Result<DocxText, String> {
    let mut body = String::new();
    let mut footers = Vec::new();
    let mut rest = fragment;
    while let Some(start) = rest.find("<w:ftr") {
        let end = rest[start..]
            .find("</w:ftr>")
            .map(|e| start + e + "</w:ftr>".len())
            .ok_or("<w:ftr> 没有结束标记")?;
        body.push_str(&rest[..start]);
        let xml = format!(
            r#"<w:ftr xmlns:w="{W}">{}"#,
            &rest[start..end].trim_start_matches("<w:ftr>")
        );
        footers.push(("default".to_owned(), "word/footer.xml".to_owned(), xml));
        rest = &rest[end..];
    }
    body.push_str(rest);
    let document = format!(r#"<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>"#);
    let reader = Parts {
        styles: Styles::default(),
        even_and_odd: false,
    };
    let story = body::walk(&document, "word/document.xml", &reader.styles, &[])?;
    reader.assemble(story, &footers)
}

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// What the body needs from the rest of the package.
struct Parts {
    styles: Styles,
    even_and_odd: bool,
}

impl Parts {
    fn assemble(
        self,
        story: body::Story,
        footers: &[(String, String, String)],
    ) -> Result<DocxText, String> {
        let footers = footers
            .iter()
            .map(|(kind, name, xml)| Ok(footer(kind, &body::walk(xml, name, &self.styles, &[])?)))
            .collect::<Result<Vec<_>, String>>()?;
        Ok(DocxText {
            paragraphs: story.paragraphs,
            notes: Vec::new(),
            comments: story.comments,
            layout: Layout {
                sections: story.sections,
                paragraphs: story.layouts,
                footers,
                even_and_odd: self.even_and_odd,
            },
        })
    }
}

/// `w:evenAndOddHeaders` in settings.xml, unless switched off.
fn even_and_odd(settings: &str) -> bool {
    let mut reader = Reader::from_str(settings);
    while let Ok(event) = reader.read_event() {
        match event {
            Event::Empty(e) | Event::Start(e)
                if e.local_name().as_ref() == b"evenAndOddHeaders" =>
            {
                return !matches!(attr(&e, b"val").as_deref(), Some("0" | "false" | "off"));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    false
}

/// A footer: its text with page fields as `{PAGE}`, and how the page number is set.
fn footer(kind: &str, story: &body::Story) -> Footer {
    let mut out = Footer {
        kind: kind.to_owned(),
        ..Footer::default()
    };
    for (pi, text) in story.paragraphs.iter().enumerate() {
        let fields: Vec<&(usize, usize, String)> =
            story.fields.iter().filter(|(p, ..)| *p == pi).collect();
        let mut line = String::new();
        let mut from = 0;
        for (_, at, instr) in &fields {
            let at = (*at).min(text.len());
            line.push_str(&text[from..at]);
            let name = instr
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_ascii_uppercase();
            match name.as_str() {
                "PAGE" => {
                    out.page_field = true;
                    line.push_str("{PAGE}");
                }
                "NUMPAGES" | "SECTIONPAGES" => {
                    out.total_field = true;
                    line.push_str("{PAGES}");
                }
                _ => {}
            }
            from = at;
        }
        line.push_str(&text[from.min(text.len())..]);
        if fields
            .iter()
            .any(|(_, _, i)| i.to_ascii_uppercase().starts_with("PAGE"))
        {
            let layout = &story.layouts[pi];
            out.align = layout.align;
            out.size = layout.runs.iter().find_map(|r| r.size);
        }
        if !line.trim().is_empty() {
            if !out.text.is_empty() {
                out.text.push('\n');
            }
            out.text.push_str(&line);
        }
    }
    out
}

/// One `Relationship` of a `.rels` part.
struct Relationship {
    id: String,
    kind: String,
    target: String,
}

fn relationships(xml: &str) -> Vec<Relationship> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    while let Ok(event) = reader.read_event() {
        match event {
            Event::Empty(e) | Event::Start(e) if e.local_name().as_ref() == b"Relationship" => {
                if let (Some(id), Some(target)) = (attr(&e, b"Id"), attr(&e, b"Target")) {
                    let kind = attr(&e, b"Type").unwrap_or_default();
                    out.push(Relationship { id, kind, target });
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// The package part a body relationship's target names (`footer1.xml`, `/word/footer1.xml`).
fn part_name(target: &str) -> String {
    format!(
        "word/{}",
        target.trim_start_matches('/').trim_start_matches("word/")
    )
}

/// The part the body's relationships (`word/_rels/document.xml.rels`) give as its comments.
pub fn comments_part(rels: &str) -> Option<String> {
    const COMMENTS: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
    relationships(rels)
        .into_iter()
        .find(|r| r.kind == COMMENTS)
        .map(|r| part_name(&r.target))
}

/// Element depth of the part being read: deeper than any real document is refused, so a
/// hostile file cannot make the reader's state grow without bound.
#[derive(Default)]
struct Nesting(usize);

impl Nesting {
    fn open(&mut self) -> Result<(), String> {
        self.0 += 1;
        if self.0 > 512 {
            return Err("嵌套过深，不读取".into());
        }
        Ok(())
    }

    fn close(&mut self) {
        self.0 = self.0.saturating_sub(1);
    }
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
    // Real parts compress about 5–20 to 1; a zip bomb by thousands. Read in pieces and stop
    // as soon as either the size or the ratio gives it away.
    let packed = file.compressed_size().max(1);
    let mut bytes = Vec::new();
    let mut reader = file.take(MAX_PART_BYTES + 1);
    let mut chunk = vec![0u8; 1 << 16];
    loop {
        let n = reader
            .read(&mut chunk)
            .map_err(|e| format!("无法读取 {name}：{e}"))?;
        if n == 0 {
            break;
        }
        bytes.extend_from_slice(&chunk[..n]);
        let len = bytes.len() as u64;
        if len > MAX_PART_BYTES || (len > BOMB_MIN_BYTES && len / packed > BOMB_RATIO) {
            return Err(format!(
                "{name} 解压后过大（压缩比超过 {BOMB_RATIO}:1 或超过 256 MB），不读取（可能是压缩炸弹）"
            ));
        }
    }
    let xml = String::from_utf8(bytes).map_err(|_| format!("{name} 不是 UTF-8 编码的 XML"))?;
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

pub(crate) fn attr(e: &quick_xml::events::BytesStart, name: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
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
        let d = body::walk(DOC, "word/document.xml", &Styles::default(), &comments).unwrap();
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
        assert!(body::walk(
            "<w:document><w:p><w:t>x</w:p>",
            "d",
            &Styles::default(),
            &[]
        )
        .is_err());
    }
}
