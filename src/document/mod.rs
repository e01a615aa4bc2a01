//! The document model every rule sees: paragraphs of text, each knowing where its characters
//! came from in the source, plus (later) layout facts. Readers for each format build it.

mod container;
pub mod dates;
mod doc;
mod docx;
pub mod headings;
pub mod layout;
mod markdown;
pub mod numerals;
mod ofd;
mod paged;
mod pdf;
mod printed;
pub mod structure;
mod text;

pub use container::read_container;

pub use docx::{body_map, comments_part, read_part, BodyMap, Piece};

pub use markdown::{from_markdown, from_markdown_owned};
pub use text::{from_plain_text, from_plain_text_owned};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Txt,
    Md,
    Docx,
    Doc,
    Wps,
    Pdf,
    Ofd,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Txt => "txt",
            Format::Md => "md",
            Format::Docx => "docx",
            Format::Doc => "doc",
            Format::Wps => "wps",
            Format::Pdf => "pdf",
            Format::Ofd => "ofd",
        }
    }

    /// Read from a word processor's or a page format's file: each paragraph is a line, and
    /// the file is never rewritten.
    pub fn is_paragraphs(self) -> bool {
        !matches!(self, Format::Txt | Format::Md)
    }
}

/// What kind of block a paragraph is; rules may restrict themselves to some kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Block {
    Text,
    Heading,
    ListItem,
    TableCell,
}

/// A contiguous piece of a paragraph's text and where it sits in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// Byte offset in the paragraph text.
    pub para: usize,
    /// Byte offset in the source.
    pub src: usize,
    pub len: usize,
    /// False when the text is not a verbatim copy of the source (an escape, a masked code
    /// span): every byte then maps to `src`.
    pub verbatim: bool,
}

#[derive(Debug, Clone)]
pub struct Paragraph {
    pub text: String,
    pub block: Block,
    pub segments: Vec<Segment>,
}

impl Paragraph {
    /// Maps a byte offset in the paragraph text to a byte offset in the source.
    pub fn source_offset(&self, para_byte: usize) -> usize {
        let idx = self
            .segments
            .partition_point(|s| s.para <= para_byte)
            .saturating_sub(1);
        match self.segments.get(idx) {
            Some(s) if s.verbatim => s.src + (para_byte - s.para).min(s.len),
            Some(s) => s.src,
            None => 0,
        }
    }

    /// Maps a paragraph byte range to a source byte range (end exclusive).
    pub fn source_range(&self, start: usize, end: usize) -> (usize, usize) {
        let src_start = self.source_offset(start);
        let src_end = match self.text[..end].chars().next_back() {
            Some(last) if end > start => {
                let last_start = end - last.len_utf8();
                let seg_src = self.source_offset(last_start);
                let verbatim = self
                    .segments
                    .iter()
                    .any(|s| s.verbatim && s.para <= last_start && last_start < s.para + s.len);
                if verbatim {
                    seg_src + last.len_utf8()
                } else {
                    seg_src + 1
                }
            }
            _ => src_start,
        };
        (src_start, src_end.max(src_start))
    }
}

/// The longest paragraph the rules see, in bytes. A longer one (a whole file on one line, a
/// table flattened into text) is checked in pieces, so that what a rule builds per paragraph
/// (characters, candidates, segmentations) stays small whatever the file.
pub const MAX_PARAGRAPH: usize = 256 * 1024;

impl Paragraph {
    /// This paragraph, or pieces of it no longer than `MAX_PARAGRAPH` (see `pieces`).
    fn split_long(self) -> Vec<Paragraph> {
        if self.text.len() <= MAX_PARAGRAPH {
            return vec![self];
        }
        pieces(&self.text)
            .into_iter()
            .map(|(start, end)| self.piece(start, end))
            .collect()
    }

    /// The text `start..end` with its segments re-based.
    fn piece(&self, start: usize, end: usize) -> Paragraph {
        let mut segments: Vec<Segment> = self
            .segments
            .iter()
            .filter(|s| s.para < end && s.para + s.len > start)
            .map(|s| {
                let from = s.para.max(start);
                Segment {
                    para: from - start,
                    src: if s.verbatim {
                        s.src + (from - s.para)
                    } else {
                        s.src
                    },
                    len: (s.para + s.len).min(end) - from,
                    verbatim: s.verbatim,
                }
            })
            .collect();
        if segments.is_empty() {
            segments.push(Segment {
                para: 0,
                src: self.source_offset(start),
                len: 0,
                verbatim: false,
            });
        }
        Paragraph {
            text: self.text[start..end].to_owned(),
            block: self.block,
            segments,
        }
    }
}

/// Where a text longer than `MAX_PARAGRAPH` is cut: pieces no longer than that, each ending
/// after the last sentence end (or space) in its second half, else at a character boundary.
pub(crate) fn pieces(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let mut end = (start + MAX_PARAGRAPH).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        if end < text.len() {
            let mut half = start + MAX_PARAGRAPH / 2;
            while !text.is_char_boundary(half) {
                half -= 1;
            }
            if let Some((i, c)) = text[half..end]
                .char_indices()
                .rev()
                .find(|&(_, c)| matches!(c, '。' | '！' | '？' | '；' | ' ' | '\n'))
            {
                end = half + i + c.len_utf8();
            }
        }
        out.push((start, end));
        start = end;
    }
    out
}

/// A decoded document ready for checking.
#[derive(Debug, Clone)]
pub struct Document {
    /// The path as the user should see it.
    pub path: String,
    pub format: Format,
    pub encoding: String,
    /// The text as shown to the user: decoded, without BOM, `\r\n` turned into `\n`.
    pub source: String,
    /// Byte offset of each line start in `source`.
    line_starts: Vec<usize>,
    pub paragraphs: Vec<Paragraph>,
    /// `gwlint-disable…` comments: not document text, so no rule sees them; `crate::suppress`
    /// applies them.
    pub directives: Vec<Directive>,
    /// The 公文 parts, recognised on first use.
    structure: std::sync::OnceLock<structure::Structure>,
    /// How a .docx is laid out (None for plain text and Markdown).
    pub layout: Option<Box<layout::Layout>>,
    /// The first paragraph of a .docx's footnotes and endnotes: checked as text, not part of
    /// the 公文's structure.
    pub notes_from: Option<usize>,
}

/// A suppression comment as written, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// Source bytes of `body`.
    pub src: std::ops::Range<usize>,
    /// The comment without `<!--`/`-->` and surrounding blanks: `gwlint-disable X -- 理由`.
    pub body: String,
    /// Lines (1-based, inclusive) a .docx comment is anchored on; text directives cover
    /// what follows them instead.
    pub covers: Option<(usize, usize)>,
}

/// A .docx: its paragraphs become the lines of the text (a finding's line is the paragraph
/// number), and Word comments starting with `gwlint-disable` become directives over the
/// paragraphs they mark.
pub fn from_docx(path: String, bytes: &[u8]) -> Result<Document, String> {
    Ok(docx_document(path, docx::read(bytes)?))
}

/// A .docx whose text may be at most `max_text` bytes (`--max-file-size`).
pub fn from_docx_within(path: String, bytes: &[u8], max_text: u64) -> Result<Document, String> {
    Ok(docx_document(path, docx::read_limited(bytes, max_text)?))
}

/// A .docx made of a body fragment (`<w:p>…`) and `<w:ftr>` footers: `format` rule examples.
pub fn from_docx_fragment(path: String, xml: &str) -> Result<Document, String> {
    Ok(docx_document(path, docx::from_fragment(xml)?))
}

fn docx_document(path: String, docx: docx::DocxText) -> Document {
    // Footnotes and endnotes follow the body, so body paragraphs keep their numbers.
    let mut doc = container::stories_document(path, Format::Docx, &docx.paragraphs, &docx.notes);
    doc.layout = Some(Box::new(docx.layout));
    for c in docx.comments {
        let Some((_, body)) = directive_in(&c.text) else {
            continue;
        };
        let Some(&start) = doc.line_starts.get(c.first) else {
            continue;
        };
        let end = start + doc.line_text(c.first + 1).len();
        doc.directives.push(Directive {
            src: start..end,
            body: body.to_owned(),
            covers: Some((c.first + 1, c.last + 1)),
        });
    }
    doc
}

/// The directive in a line, if the line is one: `gwlint-disable…`/`gwlint-enable…`, bare or
/// inside `<!-- -->`. Returns the body and its byte offset within `line`.
pub fn directive_in(line: &str) -> Option<(usize, &str)> {
    let t = line.trim_matches(is_blank);
    let mut off = line.len() - line.trim_start_matches(is_blank).len();
    let t = match t.strip_prefix("<!--") {
        Some(inner) => {
            let inner = inner.strip_suffix("-->")?;
            let body = inner.trim_matches(is_blank);
            off += 4 + (inner.len() - inner.trim_start_matches(is_blank).len());
            body
        }
        None => t,
    };
    (t.starts_with("gwlint-disable") || t.starts_with("gwlint-enable")).then_some((off, t))
}

/// A 1-based line and character column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// See `Document::cursor`.
pub struct Cursor<'a> {
    doc: &'a Document,
    /// (byte offset, line index, column) of the last position computed.
    last: Option<(usize, usize, usize)>,
}

impl Cursor<'_> {
    /// The position of a source byte offset: counted on from the last one when it is further on
    /// the same line, else from its line's start.
    pub fn at(&mut self, offset: usize) -> Position {
        let (source, starts) = (&self.doc.source, &self.doc.line_starts);
        // Offsets from non-verbatim segments are approximate: snap to a character boundary.
        let mut b = offset.min(source.len());
        while !source.is_char_boundary(b) {
            b -= 1;
        }
        let line_idx = starts.partition_point(|&s| s <= b) - 1;
        let (from, column) = match self.last {
            Some((lb, li, col)) if li == line_idx && lb <= b => (lb, col),
            _ => (starts[line_idx], 1),
        };
        let column = column + source[from..b].chars().count();
        self.last = Some((b, line_idx, column));
        Position {
            line: line_idx + 1,
            column,
        }
    }
}

impl Document {
    pub fn new(
        path: String,
        format: Format,
        encoding: &str,
        source: String,
        paragraphs: Vec<Paragraph>,
    ) -> Self {
        let line_starts = std::iter::once(0)
            .chain(source.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let paragraphs = paragraphs
            .into_iter()
            .flat_map(Paragraph::split_long)
            .collect();
        Document {
            path,
            format,
            encoding: encoding.to_owned(),
            source,
            line_starts,
            paragraphs,
            directives: Vec::new(),
            structure: std::sync::OnceLock::new(),
            layout: None,
            notes_from: None,
        }
    }

    /// Characters of text (line breaks not counted): the base of error rates.
    pub fn chars(&self) -> usize {
        // Counting bytes that start a character (not 10xxxxxx) vectorises; decoding does not.
        self.source
            .bytes()
            .filter(|&b| (b & 0xC0) != 0x80 && b != b'\n')
            .count()
    }

    /// The 1-based line and character column of a source byte offset.
    pub fn position(&self, src_byte: usize) -> Position {
        self.positions(&[src_byte])[0]
    }

    /// Positions of many source byte offsets in one forward sweep: a line may be megabytes long
    /// and hold thousands of findings, and counting each column from the line start would be
    /// quadratic.
    pub fn positions(&self, offsets: &[usize]) -> Vec<Position> {
        let mut order: Vec<usize> = (0..offsets.len()).collect();
        order.sort_by_key(|&i| offsets[i]);
        let mut out = vec![Position { line: 1, column: 1 }; offsets.len()];
        let mut cursor = self.cursor();
        for i in order {
            out[i] = cursor.at(offsets[i]);
        }
        out
    }

    /// Positions of offsets taken in (mostly) rising order, each from where the last one was:
    /// findings are located one at a time as they are made, with nothing gathered first.
    pub fn cursor(&self) -> Cursor<'_> {
        Cursor {
            doc: self,
            last: None,
        }
    }

    /// The 公文 parts and 文种 (see `structure`).
    pub fn structure(&self) -> &structure::Structure {
        self.structure
            .get_or_init(|| structure::Structure::analyse(self))
    }

    /// For paragraph `pi`: the 0-based line it is on (a .docx paragraph's index) and how many
    /// bytes of indentation were trimmed off its start.
    pub fn line_of(&self, pi: usize) -> (usize, usize) {
        let src = self.paragraphs[pi].segments.first().map_or(0, |s| s.src);
        let line = self
            .line_starts
            .partition_point(|&s| s <= src)
            .saturating_sub(1);
        (line, src - self.line_starts[line])
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The text of a 1-based line, without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        let start = self.line_starts[line - 1];
        let end = self
            .line_starts
            .get(line)
            .map_or(self.source.len(), |&e| e - 1);
        &self.source[start..end]
    }
}

/// Normalises line endings so that columns never count a `\r`.
pub fn normalise_newlines(text: &str) -> String {
    normalise_newlines_owned(text.to_owned())
}

/// `normalise_newlines` of text the caller gives up: no copy when it has no CR.
pub fn normalise_newlines_owned(text: String) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    }
}

/// Characters treated as indentation or padding at the edges of a paragraph.
pub fn is_blank(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}
