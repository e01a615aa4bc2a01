//! The annotated copy of a .docx: the package copied entry by entry, with `document.xml`
//! spliced where findings start and end (runs split there, their formatting repeated), the
//! comments part created or extended, and nothing else touched, so existing comments, tracked
//! changes and layout stay as they were.
//!
//! Over 500 lines with its tests (about 120); the commented and tracked copies share one walk of
//! the body.

use std::collections::BTreeMap;
use std::io::{Cursor, Write as _};

use quick_xml::events::Event;
use quick_xml::Reader;

use super::{comment, widen, Note};
use crate::document::{self, BodyMap, Document, Piece};
use crate::report::html::esc;

const MAIN_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const COMMENTS_REL: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
const COMMENTS_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml";
const BODY: &str = "word/document.xml";
const RELS: &str = "word/_rels/document.xml.rels";
const TYPES: &str = "[Content_Types].xml";

/// Something to insert where a run is split.
struct Cut {
    /// Byte offset in the piece's text.
    at: usize,
    /// At the same offset: comment ends, then starts, then a tracked change.
    order: u8,
    xml: String,
}

pub fn annotate(bytes: &[u8], doc: &Document, notes: &[Note]) -> Result<Vec<u8>, String> {
    let map = document::body_map(bytes)?;
    // Positions are only right if this is the text that was checked.
    if !doc.source.starts_with(&map.paragraphs.join("\n")) {
        return Err("正文与检查时读到的不一致，未写出批注副本".into());
    }
    let w = prefix(&map.xml)?;
    let rels = document::read_part(bytes, RELS)?;
    let comments_name = rels.as_deref().and_then(document::comments_part);
    let old_comments = match &comments_name {
        Some(name) => document::read_part(bytes, name)?,
        None => None,
    };
    let cw = match &old_comments {
        Some(xml) => prefix(xml)?,
        None => "w".to_owned(),
    };
    let mut next_id = max_id(&map.xml).max(old_comments.as_deref().map_or(0, max_id)) + 1;

    let anchors = Anchors::new(&map, &w);
    let mut cuts: BTreeMap<usize, Vec<Cut>> = BTreeMap::new();
    let mut skips: BTreeMap<usize, Vec<std::ops::Range<usize>>> = BTreeMap::new();
    let mut comments = String::new();
    // The text the copy must read back as: tracked changes read as accepted.
    let mut expected = map.paragraphs.clone();
    let mut changed: Vec<(usize, usize, usize, &str)> = Vec::new();
    for note in notes {
        let Some((para, start, end, mut lines)) = anchors.locate(note.d) else {
            continue;
        };
        let id = next_id;
        next_id += 1;
        let (first, first_at) = anchors.cut(para, start, false);
        let (mut last, mut last_at) = anchors.cut(para, end, true);
        // A range that fell wholly between anchorable text must still end after it starts.
        if (last, last_at) < (first, first_at) {
            (last, last_at) = (first, map.pieces[first].text.len());
        }
        let change = note.change.filter(|_| {
            first == last
                && !map.pieces[first].tab
                && !map.pieces[first].inserted
                && note.d.line > 0
                && map.paragraphs[para].get(start..end) == Some(note.d.text())
                // Two revisions of the same characters would contradict each other.
                && !changed
                    .iter()
                    .any(|&(p, s, e, _)| p == para && s < end && start < e)
        });
        cuts.entry(first).or_default().push(Cut {
            at: first_at,
            order: 1,
            xml: format!(r#"<{w}:commentRangeStart {w}:id="{id}"/>"#),
        });
        if let Some(new) = change {
            let (del, ins) = (next_id, next_id + 1);
            next_id += 2;
            let rpr = anchors.run_props(first);
            let old = esc(&map.paragraphs[para][start..end]);
            cuts.entry(first).or_default().push(Cut {
                at: first_at,
                order: 2,
                xml: format!(
                    r#"<{w}:del {w}:id="{del}" {w}:author="gwlint"><{w}:r>{rpr}<{w}:delText xml:space="preserve">{old}</{w}:delText></{w}:r></{w}:del><{w}:ins {w}:id="{ins}" {w}:author="gwlint"><{w}:r>{rpr}<{w}:t xml:space="preserve">{}</{w}:t></{w}:r></{w}:ins>"#,
                    esc(new)
                ),
            });
            skips.entry(first).or_default().push(first_at..last_at);
            changed.push((para, start, end, new));
            lines.push("（已作为修订给出：在 Word/WPS 中接受或拒绝）".into());
        }
        cuts.entry(last).or_default().push(Cut {
            at: last_at,
            order: 0,
            xml: format!(
                r#"<{w}:commentRangeEnd {w}:id="{id}"/><{w}:r><{w}:commentReference {w}:id="{id}"/></{w}:r>"#
            ),
        });
        comments.push_str(&comment_element(&cw, id, &lines));
    }

    let mut body = String::with_capacity(map.xml.len() + comments.len());
    let mut from = 0;
    for (i, mut piece_cuts) in cuts {
        let piece = &map.pieces[i];
        body.push_str(&map.xml[from..piece.xml.start]);
        piece_cuts.sort_by_key(|c| (c.at, c.order));
        let skip = skips.remove(&i).unwrap_or_default();
        body.push_str(&anchors.split(i, &piece_cuts, &skip));
        from = piece.xml.end;
    }
    body.push_str(&map.xml[from..]);

    let mut parts: BTreeMap<String, String> = BTreeMap::new();
    parts.insert(BODY.into(), body);
    match (comments_name, old_comments) {
        (Some(name), Some(old)) => {
            parts.insert(name, insert_at_root_end(&old, &comments)?);
        }
        _ => {
            parts.insert(
                "word/comments.xml".into(),
                format!(
                    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{}<w:comments xmlns:w="{MAIN_NS}">{comments}</w:comments>"#,
                    "\n"
                ),
            );
            let rels = rels.unwrap_or_else(|| {
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>"#.into()
            });
            let rel = format!(
                r#"<Relationship Id="{}" Type="{COMMENTS_REL}" Target="comments.xml"/>"#,
                unused_rel_id(&rels)
            );
            parts.insert(RELS.into(), insert_at_root_end(&rels, &rel)?);
            let types = document::read_part(bytes, TYPES)?.ok_or("缺少 [Content_Types].xml")?;
            if !types.contains("/word/comments.xml\"") {
                let o = format!(
                    r#"<Override PartName="/word/comments.xml" ContentType="{COMMENTS_TYPE}"/>"#
                );
                parts.insert(TYPES.into(), insert_at_root_end(&types, &o)?);
            }
        }
    }
    let out = repack(bytes, parts)?;
    // The copy must read back as the same text (with its revisions accepted), or it is not
    // written.
    changed.sort_by_key(|&(p, s, ..)| std::cmp::Reverse((p, s)));
    for (para, start, end, new) in changed {
        expected[para].replace_range(start..end, new);
    }
    let notes_text = &doc.source[map
        .paragraphs
        .iter()
        .map(|p| p.len() + 1)
        .sum::<usize>()
        .saturating_sub(1)..];
    let again = document::from_docx(doc.path.clone(), &out)
        .map_err(|e| format!("批注副本读回失败，未写出：{e}"))?;
    if again.source != format!("{}{notes_text}", expected.join("\n")) {
        return Err("批注副本读回后正文有变化，未写出".into());
    }
    Ok(out)
}

/// Where findings can be anchored: the pieces of each paragraph that are plain `w:t`/`w:tab`
/// of the main namespace (not math, not another vocabulary's text).
struct Anchors<'a> {
    map: &'a BodyMap,
    w: &'a str,
    by_para: Vec<Vec<usize>>,
    /// Byte offset of each paragraph's first character in the document's source.
    starts: Vec<usize>,
}

impl<'a> Anchors<'a> {
    fn new(map: &'a BodyMap, w: &'a str) -> Self {
        let mut by_para = vec![Vec::new(); map.paragraphs.len()];
        let (t, tab) = (format!("<{w}:t"), format!("<{w}:tab"));
        for (i, p) in map.pieces.iter().enumerate() {
            let xml = &map.xml[p.xml.clone()];
            let next = |tag: &str| xml.as_bytes().get(tag.len()).copied();
            let plain = if p.tab {
                xml.starts_with(&tab) && matches!(next(&tab), Some(b'/' | b' ' | b'>'))
            } else {
                xml.starts_with(&t) && matches!(next(&t), Some(b' ' | b'>'))
            };
            if plain && p.para < by_para.len() {
                by_para[p.para].push(i);
            }
        }
        let mut starts = Vec::with_capacity(map.paragraphs.len());
        let mut at = 0;
        for p in &map.paragraphs {
            starts.push(at);
            at += p.len() + 1;
        }
        Anchors {
            map,
            w,
            by_para,
            starts,
        }
    }

    /// The paragraph and byte range a finding is anchored on, and its comment's lines.
    fn locate(&self, d: &crate::finding::Diagnostic) -> Option<(usize, usize, usize, Vec<String>)> {
        let mut lines = comment::lines(d);
        let line = d.line as usize;
        if line >= 1 && line <= self.map.paragraphs.len() && !self.by_para[line - 1].is_empty() {
            let para = line - 1;
            let text = &self.map.paragraphs[para];
            let base = self.starts[para];
            let clamp = |b: usize| {
                let mut b = b.saturating_sub(base).min(text.len());
                while !text.is_char_boundary(b) {
                    b -= 1;
                }
                b
            };
            let (s, e) = (d.src_range.0 as usize, d.src_range.1 as usize);
            let (start, end) = widen(text, clamp(s), clamp(e));
            return Some((para, start, end, lines));
        }
        // About the page, in a footnote, or on a paragraph with no text: on the first
        // paragraph that has text, whole.
        if line > self.map.paragraphs.len() {
            lines.insert(0, format!("（脚注或尾注中：“{}”）", d.text()));
        } else if line >= 1 {
            lines.insert(0, format!("（第{line}段）"));
        }
        let para = (0..self.map.paragraphs.len())
            .find(|&p| !self.by_para[p].is_empty() && !self.map.paragraphs[p].trim().is_empty())?;
        let pieces = &self.by_para[para];
        let first = self.map.pieces[pieces[0]].text.start;
        let last = self.map.pieces[pieces[pieces.len() - 1]].text.end;
        Some((para, first, last, lines))
    }

    /// The piece and offset in its text where a cut at paragraph byte `at` goes. An end cut
    /// stays at the end of the piece before a boundary, a start cut goes to the next piece.
    fn cut(&self, para: usize, at: usize, end: bool) -> (usize, usize) {
        let pieces = &self.by_para[para];
        let text = |i: usize| &self.map.pieces[i].text;
        let inside = pieces.iter().find(|&&i| {
            let r = text(i);
            if end {
                r.start < at && at <= r.end
            } else {
                r.start <= at && at < r.end
            }
        });
        if let Some(&i) = inside {
            return (i, at - text(i).start);
        }
        // In a gap (math, a field) or past the ends: the nearest anchorable boundary.
        match pieces.iter().find(|&&i| text(i).start >= at) {
            Some(&i) if !end || pieces.iter().all(|&j| text(j).end > at) => (i, 0),
            _ => {
                let i = pieces
                    .iter()
                    .rev()
                    .find(|&&i| text(i).end <= at)
                    .or(pieces.last())
                    .copied()
                    .unwrap_or_default();
                (i, text(i).len())
            }
        }
    }

    fn run_props(&self, piece: usize) -> &str {
        self.map.pieces[piece]
            .run_props
            .as_ref()
            .map_or("", |r| &self.map.xml[r.clone()])
    }

    /// The piece's XML with the run closed and reopened (same properties) at each cut.
    fn split(&self, i: usize, cuts: &[Cut], skip: &[std::ops::Range<usize>]) -> String {
        let piece: &Piece = &self.map.pieces[i];
        let w = self.w;
        let text = &self.map.paragraphs[piece.para][piece.text.clone()];
        let rpr = self.run_props(i);
        let content = |a: usize, b: usize| -> String {
            if a >= b || skip.iter().any(|r| r.start <= a && b <= r.end) {
                String::new()
            } else if piece.tab {
                self.map.xml[piece.xml.clone()].to_owned()
            } else {
                format!(
                    r#"<{w}:t xml:space="preserve">{}</{w}:t>"#,
                    esc(&text[a..b])
                )
            }
        };
        let mut out = String::new();
        let mut pos = 0;
        let mut k = 0;
        while k < cuts.len() {
            let at = cuts[k].at.min(text.len());
            out.push_str(&content(pos, at));
            out.push_str(&format!("</{w}:r>"));
            while k < cuts.len() && cuts[k].at.min(text.len()) == at {
                out.push_str(&cuts[k].xml);
                k += 1;
            }
            out.push_str(&format!("<{w}:r>{rpr}"));
            pos = at;
        }
        out.push_str(&content(pos, text.len()));
        out
    }
}

/// `<w:comment>` with one paragraph per line, the first carrying Word's annotation mark.
fn comment_element(w: &str, id: usize, lines: &[String]) -> String {
    let mut s = format!(r#"<{w}:comment {w}:id="{id}" {w}:author="gwlint" {w}:initials="gw">"#);
    for (n, line) in lines.iter().enumerate() {
        s.push_str(&format!("<{w}:p>"));
        if n == 0 {
            s.push_str(&format!("<{w}:r><{w}:annotationRef/></{w}:r>"));
        }
        s.push_str(&format!(
            r#"<{w}:r><{w}:t xml:space="preserve">{}</{w}:t></{w}:r></{w}:p>"#,
            esc(line)
        ));
    }
    s.push_str(&format!("</{w}:comment>"));
    s
}

/// The prefix a part's root declares for WordprocessingML (`w` in every real file).
fn prefix(xml: &str) -> Result<String, String> {
    let mut reader = Reader::from_str(xml);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                for a in e.attributes().flatten() {
                    let key = String::from_utf8_lossy(a.key.as_ref()).into_owned();
                    if a.value.as_ref() == MAIN_NS.as_bytes() {
                        if let Some(p) = key.strip_prefix("xmlns:") {
                            return Ok(p.to_owned());
                        }
                    }
                }
                return Err("正文没有以前缀声明 WordprocessingML 命名空间，无法加批注".into());
            }
            Ok(Event::Eof) | Err(_) => return Err("正文 XML 无效，无法加批注".into()),
            _ => {}
        }
    }
}

/// Puts `content` just inside the end of the root element.
fn insert_at_root_end(xml: &str, content: &str) -> Result<String, String> {
    let mut reader = Reader::from_str(xml);
    loop {
        let before = reader.buffer_position() as usize;
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                let close = format!("</{}>", String::from_utf8_lossy(e.name().as_ref()));
                let at = xml.rfind(&close).ok_or("XML 部件没有结束标记")?;
                return Ok(format!("{}{content}{}", &xml[..at], &xml[at..]));
            }
            Ok(Event::Empty(e)) => {
                let after = reader.buffer_position() as usize;
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                let open = xml[before..after].trim_end_matches("/>").trim_end();
                return Ok(format!(
                    "{}{open}>{content}</{name}>{}",
                    &xml[..before],
                    &xml[after..]
                ));
            }
            Ok(Event::Eof) | Err(_) => return Err("XML 部件无效".into()),
            _ => {}
        }
    }
}

fn unused_rel_id(rels: &str) -> String {
    (1..)
        .map(|n| format!("rIdGwlint{n}"))
        .find(|id| !rels.contains(&format!("\"{id}\"")))
        .unwrap_or_else(|| "rIdGwlint".into())
}

/// The largest numeric `…:id` in a part: comment and revision ids must not collide with it.
fn max_id(xml: &str) -> usize {
    static ID: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = ID.get_or_init(|| regex::Regex::new(r#":id="([0-9]{1,9})""#).expect("valid regex"));
    re.captures_iter(xml)
        .filter_map(|c| c[1].parse::<usize>().ok())
        .max()
        .unwrap_or(0)
}

/// The package again: changed parts written anew, every other entry copied as it was.
fn repack(bytes: &[u8], mut parts: BTreeMap<String, String>) -> Result<Vec<u8>, String> {
    let broken = |e: zip::result::ZipError| format!("无法写出批注副本：{e}");
    let mut zin = zip::ZipArchive::new(Cursor::new(bytes)).map_err(broken)?;
    let mut zout = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let io = |e: std::io::Error| format!("无法写出批注副本：{e}");
    for i in 0..zin.len() {
        let entry = zin.by_index_raw(i).map_err(broken)?;
        match parts.remove(entry.name()) {
            Some(xml) => {
                let name = entry.name().to_owned();
                drop(entry);
                zout.start_file(name, options).map_err(broken)?;
                zout.write_all(xml.as_bytes()).map_err(io)?;
            }
            None => zout.raw_copy_file(entry).map_err(broken)?,
        }
    }
    for (name, xml) in parts {
        zout.start_file(name, options).map_err(broken)?;
        zout.write_all(xml.as_bytes()).map_err(io)?;
    }
    Ok(zout.finish().map_err(broken)?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Diagnostic;

    const TYPES_XML: &str = r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#;

    fn package(body: &str, extra: &[(&str, &str)]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let o = zip::write::SimpleFileOptions::default();
        let doc =
            format!(r#"<w:document xmlns:w="{MAIN_NS}"><w:body>{body}</w:body></w:document>"#);
        for (name, xml) in [(TYPES, TYPES_XML), (BODY, doc.as_str())]
            .into_iter()
            .chain(extra.iter().copied())
        {
            zip.start_file(name, o).unwrap();
            zip.write_all(xml.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    /// A finding on `text` in line `line` (1-based) of the document.
    fn finding(doc: &Document, line: usize, text: &str) -> Diagnostic {
        let start = doc.line_text(line).find(text).unwrap();
        let base = doc
            .source
            .lines()
            .take(line - 1)
            .map(|l| l.len() + 1)
            .sum::<usize>();
        Diagnostic::owned(crate::finding::Parts {
            rule: "wording/typo-common",
            category: "wording",
            severity: crate::rules::Severity::Error,
            message: "错别字",
            line,
            column: 1,
            end_line: line,
            end_column: 1,
            text,
            suggestion: Some("部署"),
            authority: None,
        })
        .with_src_range(base + start, base + start + text.len())
    }

    fn annotated(bytes: &[u8], line: usize, text: &str) -> (String, String) {
        let doc = document::from_docx("a.docx".into(), bytes).unwrap();
        let d = finding(&doc, line, text);
        let out = annotate(
            bytes,
            &doc,
            &[Note {
                d: &d,
                change: None,
            }],
        )
        .unwrap();
        let read = |name: &str| document::read_part(&out, name).unwrap().unwrap();
        (read(BODY), read("word/comments.xml"))
    }

    #[test]
    fn a_run_is_split_at_the_finding_and_keeps_its_formatting_and_escapes() {
        let bytes = package(
            r#"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>A&amp;B布署C</w:t></w:r></w:p>"#,
            &[],
        );
        let (body, comments) = annotated(&bytes, 1, "布署");
        assert!(body.contains(concat!(
            r#"<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">A&amp;B</w:t></w:r>"#,
            r#"<w:commentRangeStart w:id="1"/><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">布署</w:t></w:r>"#,
            r#"<w:commentRangeEnd w:id="1"/><w:r><w:commentReference w:id="1"/></w:r>"#,
            r#"<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">C</w:t></w:r>"#
        )), "{body}");
        assert!(
            comments.contains("【错误】错别字") && comments.contains("原文：布署 → 应为：部署")
        );
    }

    #[test]
    fn a_finding_across_runs_and_a_tab_starts_and_ends_in_different_runs() {
        let bytes = package(
            r#"<w:p><w:r><w:t>甲乙</w:t><w:tab/></w:r><w:r><w:rPr><w:i/></w:rPr><w:t>丙丁</w:t></w:r></w:p>"#,
            &[],
        );
        let (body, _) = annotated(&bytes, 1, "乙\t丙");
        let start = body.find("commentRangeStart").unwrap();
        let end = body.find("commentRangeEnd").unwrap();
        let between = &body[start..end];
        assert!(
            between.contains(">乙</w:t>")
                && between.contains("<w:tab/>")
                && between.contains(">丙</w:t>"),
            "{body}"
        );
        assert!(
            body[end..].contains(r#"<w:r><w:rPr><w:i/></w:rPr><w:t xml:space="preserve">丁</w:t>"#)
        );
    }

    #[test]
    fn an_existing_comments_part_is_extended_under_its_own_name() {
        let rels = format!(
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId9" Type="{COMMENTS_REL}" Target="comments.xml"/></Relationships>"#
        );
        let old = format!(r#"<w:comments xmlns:w="{MAIN_NS}"/>"#);
        let bytes = package(
            r#"<w:p><w:r><w:t>请布署。</w:t></w:r></w:p>"#,
            &[(RELS, rels.as_str()), ("word/comments.xml", old.as_str())],
        );
        let (_, comments) = annotated(&bytes, 1, "布署");
        assert!(
            comments.starts_with(r#"<w:comments xmlns:w=""#) && comments.ends_with("</w:comments>")
        );
        assert_eq!(comments.matches("<w:comment ").count(), 1);
    }
}
