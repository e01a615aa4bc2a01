//! Plain text: one paragraph per non-blank line (the way offices and the corpus store
//! documents), indentation such as full-width spaces trimmed off.

use super::{
    directive_in, is_blank, normalise_newlines_owned, Block, Directive, Document, Format,
    Paragraph, Segment,
};

pub fn from_plain_text(path: String, encoding: &str, text: &str) -> Document {
    from_plain_text_owned(path, encoding, text.to_owned())
}

/// `from_plain_text` of text the caller gives up (a large file is then not copied once more).
pub fn from_plain_text_owned(path: String, encoding: &str, text: String) -> Document {
    let source = normalise_newlines_owned(text);
    let mut paragraphs = Vec::new();
    let mut directives = Vec::new();
    let mut offset = 0;
    for line in source.split('\n') {
        if let Some((at, body)) = directive_in(line) {
            let start = offset + at;
            directives.push(Directive {
                src: start..start + body.len(),
                body: body.to_owned(),
                covers: None,
            });
            offset += line.len() + 1;
            continue;
        }
        let trimmed_start = line.trim_start_matches(is_blank);
        let body = trimmed_start.trim_end_matches(is_blank);
        if !body.is_empty() {
            let start = offset + (line.len() - trimmed_start.len());
            // A very long line is cut here, from the source, rather than copied whole and then
            // cut (`Document::new` would): one copy of a 100 MB line, not two.
            let cuts = if body.len() > super::MAX_PARAGRAPH {
                super::pieces(body)
            } else {
                vec![(0, body.len())]
            };
            for (s, e) in cuts {
                paragraphs.push(Paragraph {
                    text: body[s..e].to_owned(),
                    block: Block::Text,
                    segments: vec![Segment {
                        para: 0,
                        src: start + s,
                        len: e - s,
                        verbatim: true,
                    }],
                });
            }
        }
        offset += line.len() + 1;
    }
    let mut doc = Document::new(path, Format::Txt, encoding, source, paragraphs);
    doc.directives = directives;
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_become_paragraphs_with_positions() {
        let doc = from_plain_text(
            "a.txt".into(),
            "utf-8",
            "标题\r\n\r\n\u{3000}\u{3000}正文，内容。\r\n",
        );
        assert_eq!(doc.paragraphs.len(), 2);
        let p = &doc.paragraphs[1];
        assert_eq!(p.text, "正文，内容。");
        let comma = p.text.find('，').unwrap();
        let pos = doc.position(p.source_offset(comma));
        assert_eq!((pos.line, pos.column), (3, 5));
        assert_eq!(doc.line_text(3), "\u{3000}\u{3000}正文，内容。");
        assert_eq!(doc.chars(), 2 + 8);
    }
}
