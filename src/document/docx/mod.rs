//! .docx: body paragraphs in reading order (table cells included), tracked changes read as
//! accepted (insertions kept, deletions dropped), field results and comments left out, the
//! ranges of comments (a Word comment `gwlint-disable …` can suppress findings), and the
//! layout: sections, resolved run and paragraph formatting, footers.
//!
//! Each paragraph becomes one line of the document's text, so a finding's line is the
//! paragraph number (docs/design.md §3). Parts are read with size and nesting limits and no DTD
//! processing, so a zip bomb or an entity trick is refused rather than followed.
//!
//! Over 500 lines with its tests; the part budgets and the reading of the package belong together
//! (body in `body.rs`, styles in `styles.rs`).

mod body;
mod props;
mod styles;

pub use body::Piece;

use crate::messages::human_size;
use std::io::Read;

use quick_xml::events::Event;
use quick_xml::Reader;

use super::layout::{Footer, Layout};
use styles::Styles;

/// A part read whole (styles, comments, notes, footers) larger than this inflated is refused:
/// real ones are a few megabytes at most.
pub(crate) const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;
/// The body is parsed while it inflates, never held whole; past this it is refused all the
/// same (parsing it would take minutes).
const MAX_BODY_BYTES: u64 = 1024 * 1024 * 1024;
/// Past this size a part must not have been compressed more than `BOMB_RATIO` to 1.
const BOMB_MIN_BYTES: u64 = 8 * 1024 * 1024;
const BOMB_RATIO: u64 = 200;
/// What a package may inflate to in all (each part is read once).
const MAX_PACKAGE_BYTES: u64 = 2 * MAX_BODY_BYTES;
/// Paragraphs, runs, sections, fields and comments kept while reading: a real document needs a
/// few megabytes (about 30,000 paragraphs for 1,000 pages).
const MAX_RECORD_BYTES: u64 = 96 * 1024 * 1024;
/// The text limit when the caller gives none: `--max-file-size`'s default.
pub const DEFAULT_MAX_TEXT: u64 = 100 * 1024 * 1024;

/// What reading one .docx may keep: its text (all stories together) within `--max-file-size`,
/// the records describing it within `MAX_RECORD_BYTES`, and what its parts inflate to within
/// `MAX_PACKAGE_BYTES`. Exceeding one refuses the file with a message saying which.
#[derive(Debug)]
pub struct Budget {
    text: u64,
    max_text: u64,
    records: u64,
    max_records: u64,
    inflated: u64,
}

impl Budget {
    pub fn new(max_text: u64) -> Self {
        Budget {
            text: 0,
            max_text,
            records: 0,
            max_records: MAX_RECORD_BYTES,
            inflated: 0,
        }
    }

    /// For text already in memory (rule examples, annotated copies): no limits.
    pub fn unlimited() -> Self {
        Budget {
            max_records: u64::MAX,
            ..Budget::new(u64::MAX)
        }
    }

    pub(crate) fn text(&mut self, n: usize) -> Result<(), String> {
        self.text += n as u64;
        if self.text > self.max_text {
            return Err(format!(
                "解压出的文字超过 --max-file-size（{}），不读取（可能是压缩炸弹）",
                human_size(self.max_text)
            ));
        }
        Ok(())
    }

    pub(crate) fn records(&mut self, n: usize) -> Result<(), String> {
        self.records += n as u64;
        if self.records > self.max_records {
            return Err(format!(
                "段落、批注、格式等内容过多（超过 {}），不读取（可能是恶意构造的文件）",
                human_size(self.max_records)
            ));
        }
        Ok(())
    }

    /// A paragraph: its line break in the text, its layout record.
    pub(crate) fn paragraph(&mut self) -> Result<(), String> {
        self.text(1)?;
        self.records(
            std::mem::size_of::<crate::document::layout::ParaLayout>()
                + std::mem::size_of::<String>(),
        )
    }
}

/// Why inflating a part was stopped: carried through the XML reader's I/O error.
#[derive(Debug)]
struct Refused(String);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refused {}

/// A zip part being inflated, stopped as soon as it gives itself away: past its size limit,
/// past the package's, or (past `BOMB_MIN_BYTES`) compressed more than `BOMB_RATIO` to 1.
struct Inflate<'b, R> {
    inner: R,
    name: String,
    packed: u64,
    read: u64,
    max: u64,
    budget: &'b mut Budget,
}

impl<'b, R: Read> Inflate<'b, R> {
    fn new(inner: R, name: &str, packed: u64, max: u64, budget: &'b mut Budget) -> Self {
        Inflate {
            inner,
            name: name.to_owned(),
            packed: packed.max(1),
            read: 0,
            max,
            budget,
        }
    }
}

impl<R: Read> Read for Inflate<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        // Never more than the limit allows, so the check below sees every byte.
        let room = (self.max + 1).saturating_sub(self.read);
        let want = buf.len().min(room.min(1 << 20) as usize).max(1);
        let n = self
            .inner
            .read(&mut buf[..want])
            .map_err(|e| std::io::Error::other(Refused(format!("无法读取 {}：{e}", self.name))))?;
        self.read += n as u64;
        self.budget.inflated += n as u64;
        let name = &self.name;
        let refuse = |why: String| Err(std::io::Error::other(Refused(why)));
        if self.read > self.max {
            return refuse(format!(
                "{name} 解压后超过 {}，不读取（可能是压缩炸弹）",
                human_size(self.max)
            ));
        }
        if self.read > BOMB_MIN_BYTES && self.read / self.packed > BOMB_RATIO {
            return refuse(format!(
                "{name} 的压缩比超过 {BOMB_RATIO}:1，不读取（可能是压缩炸弹）"
            ));
        }
        if self.budget.inflated > MAX_PACKAGE_BYTES {
            return refuse(format!(
                "各部分解压后合计超过 {}，不读取（可能是压缩炸弹）",
                human_size(MAX_PACKAGE_BYTES)
            ));
        }
        Ok(n)
    }
}

/// An XML error of `part` in words: a refused or unreadable part says so itself.
pub(crate) fn xml_error(part: &str, e: &quick_xml::Error) -> String {
    if let quick_xml::Error::Io(io) = e {
        if let Some(r) = io.get_ref().and_then(|i| i.downcast_ref::<Refused>()) {
            return r.0.clone();
        }
    }
    format!("{part} 无效：{e}")
}

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
    read_limited(bytes, DEFAULT_MAX_TEXT)
}

/// A .docx whose text (body, notes, footers together) may be at most `max_text` bytes.
pub fn read_limited(bytes: &[u8], max_text: u64) -> Result<DocxText, String> {
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
    let mut budget = Budget::new(max_text);
    let b = &mut budget;
    let mut zip = open(bytes)?;
    if zip.index_for_name("word/document.xml").is_none() {
        return Err("不是有效的 .docx：缺少 word/document.xml".into());
    }
    let comments = limited_part(&mut zip, "word/comments.xml", b)?
        .map(|xml| comment_texts(&xml))
        .transpose()?
        .unwrap_or_default();
    b.records(comments.iter().map(|(i, t)| i.len() + t.len() + 48).sum())?;
    // Layout parts are optional: a document without them renders with Word's defaults.
    let styles = limited_part(&mut zip, "word/styles.xml", b)?;
    let theme = limited_part(&mut zip, "word/theme/theme1.xml", b)?;
    let rels = limited_part(&mut zip, "word/_rels/document.xml.rels", b)?
        .map(|x| relationships(&x))
        .unwrap_or_default();
    let settings = limited_part(&mut zip, "word/settings.xml", b)?;
    let reader = Parts {
        styles: Styles::parse(styles.as_deref(), theme.as_deref())?,
        even_and_odd: settings.is_some_and(|x| even_and_odd(&x)),
    };
    drop((styles, theme));
    // The body is parsed as it inflates: only what is kept from it counts.
    let mut story = {
        let name = "word/document.xml";
        let file = zip
            .by_name(name)
            .map_err(|e| format!("无法读取 {name}：{e}"))?;
        let packed = file.compressed_size();
        let inflate = Inflate::new(file, name, packed, MAX_BODY_BYTES, b);
        let xml = Reader::from_reader(std::io::BufReader::with_capacity(1 << 16, inflate));
        // The reader holds the budget while it inflates; the walk charges a second one.
        let mut kept = Budget::new(max_text);
        let story = body::walk_from(xml, name, &reader.styles, &comments, &mut kept)?;
        b.text += kept.text;
        b.records += kept.records;
        story
    };
    let mut notes = Vec::new();
    for name in ["word/footnotes.xml", "word/endnotes.xml"] {
        if let Some(xml) = limited_part(&mut zip, name, b)? {
            let text = body::walk_from(
                Reader::from_reader(xml.as_bytes()),
                name,
                &reader.styles,
                &[],
                b,
            )?;
            notes.extend(text.paragraphs.into_iter().filter(|p| !p.trim().is_empty()));
        }
    }
    // Each footer part is read once however many sections refer to it.
    let mut footers = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (kind, id) in std::mem::take(&mut story.footer_refs) {
        let Some(rel) = rels.iter().find(|r| r.id == id) else {
            continue;
        };
        let name = part_name(&rel.target);
        if !seen.insert((kind.clone(), name.clone())) {
            continue;
        }
        if let Some(xml) = limited_part(&mut zip, &name, b)? {
            let story = body::walk_from(
                Reader::from_reader(xml.as_bytes()),
                &name,
                &reader.styles,
                &[],
                b,
            )?;
            footers.push(footer(&kind, &story));
        }
    }
    let mut docx = reader.assemble(story, footers);
    docx.notes = notes;
    Ok(docx)
}

/// A part read whole within `MAX_PART_BYTES`, counted against the package's budget.
pub(crate) fn limited_part<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
    budget: &mut Budget,
) -> Result<Option<String>, String> {
    part_within(zip, name, MAX_PART_BYTES, budget)
}

fn part_within<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
    max: u64,
    budget: &mut Budget,
) -> Result<Option<String>, String> {
    let file = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(format!("无法读取 {name}：{e}")),
    };
    let packed = file.compressed_size();
    let bytes = inflate_within(file, name, packed, max, budget)?;
    let xml = String::from_utf8(bytes).map_err(|_| format!("{name} 不是 UTF-8 编码的 XML"))?;
    Ok(Some(xml))
}

/// Everything `inner` gives (`packed` bytes of it were compressed), stopped as a part is: past
/// `max`, past the budget's total, or at a bomb's ratio. Also used for a PDF's streams.
pub(crate) fn inflate_within<R: Read>(
    inner: R,
    name: &str,
    packed: u64,
    max: u64,
    budget: &mut Budget,
) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    inflate_into(inner, &mut bytes, name, packed, max, budget)?;
    Ok(bytes)
}

/// `inflate_within` writing to `out` (a sink when only the limits matter).
pub(crate) fn inflate_into<R: Read>(
    inner: R,
    out: &mut dyn std::io::Write,
    name: &str,
    packed: u64,
    max: u64,
    budget: &mut Budget,
) -> Result<u64, String> {
    std::io::copy(&mut Inflate::new(inner, name, packed, max, budget), out).map_err(|e| {
        match e.get_ref().and_then(|i| i.downcast_ref::<Refused>()) {
            Some(r) => r.0.clone(),
            None => format!("无法读取 {name}：{e}"),
        }
    })
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
        let story = body::walk(&xml, "word/footer.xml", &Styles::default(), &[])?;
        footers.push(footer("default", &story));
        rest = &rest[end..];
    }
    body.push_str(rest);
    let document = format!(r#"<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>"#);
    let reader = Parts {
        styles: Styles::default(),
        even_and_odd: false,
    };
    let story = body::walk(&document, "word/document.xml", &reader.styles, &[])?;
    Ok(reader.assemble(story, footers))
}

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// What the body needs from the rest of the package.
struct Parts {
    styles: Styles,
    even_and_odd: bool,
}

impl Parts {
    fn assemble(self, story: body::Story, footers: Vec<Footer>) -> DocxText {
        DocxText {
            paragraphs: story.paragraphs,
            notes: Vec::new(),
            comments: story.comments,
            layout: Layout {
                sections: story.sections,
                paragraphs: story.layouts,
                footers,
                even_and_odd: self.even_and_odd,
                printed: None,
            },
        }
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
    // Real parts compress about 5–20 to 1; a zip bomb by thousands. The part is read in
    // pieces and stopped as soon as either the size or the ratio gives it away.
    // An annotated copy is written from the body's XML, so it is held whole: up to the size
    // the body could always have.
    part_within(zip, name, 256 << 20, &mut Budget::new(DEFAULT_MAX_TEXT))
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
