//! Markdown: headings, paragraphs, list items and table cells are checked; code (blocks and
//! inline), HTML and comments, front matter and image text are not. Positions still point
//! into the original file.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use super::{
    directive_in, is_blank, normalise_newlines_owned, Block, Directive, Document, Format,
    Paragraph, Segment,
};

/// Stands in for an inline code span so that text on either side does not join up, and so
/// that no rule sees the code itself.
pub const MASK: char = '\u{FFFC}';

pub fn from_markdown(path: String, encoding: &str, text: &str) -> Document {
    from_markdown_owned(path, encoding, text.to_owned())
}

/// `from_markdown` of text the caller gives up.
pub fn from_markdown_owned(path: String, encoding: &str, text: String) -> Document {
    let source = normalise_newlines_owned(text);
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
        | Options::ENABLE_FOOTNOTES;
    let mut b = Builder::default();
    for (event, range) in Parser::new_ext(&source, options).into_offset_iter() {
        match event {
            Event::Start(tag) => b.start(&tag),
            Event::End(tag) => b.end(tag),
            Event::Text(t) if b.skipping == 0 => b.push_text(&t, range, &source),
            Event::Code(_) if b.skipping == 0 => b.push_mask(range.start),
            Event::Html(t) | Event::InlineHtml(t) => b.push_html(&t, range.start),
            _ => {}
        }
    }
    b.flush();
    let mut doc = Document::new(path, Format::Md, encoding, source, b.paragraphs);
    doc.directives = b.directives;
    doc
}

#[derive(Default)]
struct Builder {
    paragraphs: Vec<Paragraph>,
    text: String,
    segments: Vec<Segment>,
    blocks: Vec<Block>,
    skipping: usize,
    /// Open autolinks (their text is a URL, not prose).
    autolinks: usize,
    directives: Vec<Directive>,
}

impl Builder {
    fn start(&mut self, tag: &Tag) {
        match tag {
            Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_) => {
                self.flush();
                self.skipping += 1;
            }
            // Images, and autolinks whose text is the address itself.
            Tag::Image { .. } => self.skipping += 1,
            Tag::Link {
                link_type: LinkType::Autolink | LinkType::Email,
                ..
            } => {
                self.skipping += 1;
                self.autolinks += 1;
            }
            Tag::FootnoteDefinition(_) => self.open(Block::Text),
            Tag::Heading { .. } => self.open(Block::Heading),
            Tag::Item => self.open(Block::ListItem),
            Tag::TableCell => self.open(Block::TableCell),
            Tag::Paragraph | Tag::BlockQuote(_) | Tag::Table(_) | Tag::List(_) => self.flush(),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_) => {
                self.skipping = self.skipping.saturating_sub(1);
            }
            TagEnd::Image => self.skipping = self.skipping.saturating_sub(1),
            TagEnd::Link if self.autolinks > 0 => {
                self.autolinks -= 1;
                self.skipping = self.skipping.saturating_sub(1);
            }
            TagEnd::FootnoteDefinition => {
                self.flush();
                self.blocks.pop();
            }
            TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell => {
                self.flush();
                self.blocks.pop();
            }
            TagEnd::Paragraph | TagEnd::BlockQuote(_) | TagEnd::Table => self.flush(),
            _ => {}
        }
    }

    fn open(&mut self, block: Block) {
        self.flush();
        self.blocks.push(block);
    }

    fn push_text(&mut self, t: &str, range: Range<usize>, source: &str) {
        let verbatim = source.get(range.clone()) == Some(t);
        self.segments.push(Segment {
            para: self.text.len(),
            src: range.start,
            len: t.len(),
            verbatim,
        });
        self.text.push_str(t);
    }

    fn push_mask(&mut self, src: usize) {
        self.segments.push(Segment {
            para: self.text.len(),
            src,
            len: MASK.len_utf8(),
            verbatim: false,
        });
        self.text.push(MASK);
    }

    /// Suppression comments (`<!-- gwlint-disable … -->`), one per line of HTML.
    fn push_html(&mut self, html: &str, src: usize) {
        let mut at = src;
        for line in html.split_inclusive('\n') {
            if let Some((off, body)) = directive_in(line.trim_end_matches('\n')) {
                self.directives.push(Directive {
                    src: at + off..at + off + body.len(),
                    body: body.to_owned(),
                    covers: None,
                });
            }
            at += line.len();
        }
    }

    fn flush(&mut self) {
        let text = std::mem::take(&mut self.text);
        let segments = std::mem::take(&mut self.segments);
        let block = self.blocks.last().copied().unwrap_or(Block::Text);
        if let Some(p) = trimmed(text, segments, block) {
            // A bare `gwlint-disable…` line is a comment to gwlint, not text.
            // Only a directive alone in its paragraph: one verbatim segment, the directive
            // and nothing else (a soft-wrapped line after it would otherwise be swallowed).
            if let (Some((0, body)), [first]) = (directive_in(&p.text), p.segments.as_slice()) {
                if first.verbatim && body.len() == p.text.len() {
                    self.directives.push(Directive {
                        src: first.src..first.src + body.len(),
                        body: body.to_owned(),
                        covers: None,
                    });
                    return;
                }
            }
            self.paragraphs.push(p);
        }
    }
}

/// Drops indentation and trailing blanks, keeping the source map in step.
fn trimmed(text: String, segments: Vec<Segment>, block: Block) -> Option<Paragraph> {
    let lead = text.len() - text.trim_start_matches(is_blank).len();
    let end = text.trim_end_matches(is_blank).len();
    if end <= lead {
        return None;
    }
    let segments = segments
        .into_iter()
        .filter(|s| s.para + s.len > lead && s.para < end)
        .map(|s| {
            let start = s.para.max(lead);
            let stop = (s.para + s.len).min(end);
            let src = if s.verbatim {
                s.src + (start - s.para)
            } else {
                s.src
            };
            Segment {
                para: start - lead,
                src,
                len: stop - start,
                verbatim: s.verbatim,
            }
        })
        .collect();
    Some(Paragraph {
        text: text[lead..end].to_owned(),
        block,
        segments,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(md: &str) -> Document {
        from_markdown("a.md".into(), "utf-8", md)
    }

    #[test]
    fn checks_prose_but_not_code_html_or_front_matter() {
        let d = doc("---\ntitle: x:y\n---\n\n# 标题\n\n正文`a:b`内容 <!-- 注释:x -->\n\n```\n代码:块\n```\n\n- 列表项\n\n| 甲 | 乙 |\n|---|---|\n| 丙 | 丁 |\n");
        let texts: Vec<_> = d
            .paragraphs
            .iter()
            .map(|p| (p.text.as_str(), p.block))
            .collect();
        assert_eq!(
            texts,
            [
                ("标题", Block::Heading),
                ("正文\u{FFFC}内容", Block::Text),
                ("列表项", Block::ListItem),
                ("甲", Block::TableCell),
                ("乙", Block::TableCell),
                ("丙", Block::TableCell),
                ("丁", Block::TableCell),
            ]
        );
    }

    #[test]
    fn positions_point_into_the_original_file() {
        let d = doc("# 标题\n\n一段**加粗**文字，\n第二行：完。\n");
        let p = &d.paragraphs[1];
        assert_eq!(p.text, "一段加粗文字，第二行：完。");
        let colon = p.text.find('：').unwrap();
        let pos = d.position(p.source_offset(colon));
        assert_eq!((pos.line, pos.column), (4, 4));
        let jia = p.text.find('加').unwrap();
        let pos = d.position(p.source_offset(jia));
        assert_eq!((pos.line, pos.column), (3, 5));
    }
}
