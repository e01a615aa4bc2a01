//! Walks a WordprocessingML story (the body, a footer) once: paragraph text as it reads with
//! tracked changes accepted, each run's resolved formatting, paragraph layout, sections,
//! fields and comment ranges.
//!
//! Over 500 lines: `Walker` keeps the state between events (one field per thing the reader
//! can be inside) and has one handler per event and per element that needs more than a line.

use std::io::BufRead;

use quick_xml::events::{BytesStart, BytesText, Event};
use quick_xml::Reader;

use super::props::{ParaProps, RunProps};
use super::styles::Styles;
use super::{attr, Budget, Comment, Nesting};
use crate::document::layout::{ParaLayout, Run, Section};

#[derive(Debug, Default)]
pub struct Story {
    pub paragraphs: Vec<String>,
    pub layouts: Vec<ParaLayout>,
    pub sections: Vec<Section>,
    /// (type, relationship id) of each `w:footerReference`.
    pub footer_refs: Vec<(String, String)>,
    /// (paragraph, byte offset in its text, instruction) of each field.
    pub fields: Vec<(usize, usize, String)>,
    pub comments: Vec<Comment>,
    /// Where each stretch of paragraph text sits in the XML, for writing an annotated copy.
    pub pieces: Vec<Piece>,
}

/// A stretch of one paragraph's text and the XML it came from: a whole `<w:t>…</w:t>` or a
/// `<w:tab/>`. An annotated copy splits runs at these, so it needs the run's properties too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub para: usize,
    /// Byte range in the paragraph text.
    pub text: std::ops::Range<usize>,
    /// Byte range of the element in the part.
    pub xml: std::ops::Range<usize>,
    /// Byte range of the run's `<w:rPr>…</w:rPr>`, if it has one.
    pub run_props: Option<std::ops::Range<usize>>,
    pub tab: bool,
    /// Inside a tracked insertion (`w:ins`), where a tracked deletion cannot nest.
    pub inserted: bool,
}

/// Where inside the paragraph properties the reader is.
#[derive(Clone, Copy, PartialEq)]
enum In {
    Nothing,
    ParaProps,
    /// The paragraph mark's run properties (`w:pPr/w:rPr`): not text.
    MarkRunProps,
    RunProps,
    Section,
}

pub fn walk(
    xml: &str,
    part: &str,
    styles: &Styles,
    comments: &[(String, String)],
) -> Result<Story, String> {
    walk_from(
        Reader::from_reader(xml.as_bytes()),
        part,
        styles,
        comments,
        &mut Budget::unlimited(),
    )
}

/// Walks a story read from `reader` (a zip part being inflated, so the XML is never held
/// whole), charging what it keeps to `budget`: the text against `--max-file-size`, the
/// paragraphs, runs and other records against a fixed allowance.
pub fn walk_from<R: BufRead>(
    mut reader: Reader<R>,
    part: &str,
    styles: &Styles,
    comments: &[(String, String)],
    budget: &mut Budget,
) -> Result<Story, String> {
    let mut w = Walker::new(part, styles, comments, budget);
    let mut buf = Vec::new();
    loop {
        let before = reader.buffer_position() as usize;
        buf.clear();
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| super::xml_error(part, &e))?;
        let after = reader.buffer_position() as usize;
        match &event {
            Event::Start(e) => w.start(e, false, before, after)?,
            Event::Empty(e) => w.start(e, true, before, after)?,
            Event::End(e) => w.end(e.local_name().as_ref(), after)?,
            Event::Text(t) => w.text(t)?,
            Event::Eof => break,
            _ => {}
        }
    }
    w.finish()
}

/// The walk's state between events: where in the paragraph, run and its properties the
/// reader is, and what is being skipped (deleted text, field codes, text boxes).
struct Walker<'a> {
    part: &'a str,
    styles: &'a Styles,
    comments: &'a [(String, String)],
    budget: &'a mut Budget,
    out: Story,
    para: Option<(String, ParaProps, ParaLayout)>,
    run: RunProps,
    resolved: Option<Run>,
    at: In,
    in_text: bool,
    // Inside deleted text, a field code, a field result, a text box: not body text.
    deleted: usize,
    field_code: bool,
    field_simple: usize,
    textbox: usize,
    // Complex fields: begin → code → separate → result → end.
    field_result: usize,
    instr: String,
    tables: usize,
    changes: usize,
    section: Section,
    section_start: usize,
    open_comments: Vec<(String, usize)>,
    nesting: Nesting,
    // For `pieces`: where the current `<w:t>` and run properties start, and how deep in
    // tracked insertions the reader is.
    t_start: usize,
    rpr_start: Option<usize>,
    run_props: Option<std::ops::Range<usize>>,
    pending: Option<std::ops::Range<usize>>,
    inserted: usize,
}

impl<'a> Walker<'a> {
    fn new(
        part: &'a str,
        styles: &'a Styles,
        comments: &'a [(String, String)],
        budget: &'a mut Budget,
    ) -> Self {
        Walker {
            part,
            styles,
            comments,
            budget,
            out: Story::default(),
            para: None,
            run: RunProps::default(),
            resolved: None,
            at: In::Nothing,
            in_text: false,
            deleted: 0,
            field_code: false,
            field_simple: 0,
            textbox: 0,
            field_result: 0,
            instr: String::new(),
            tables: 0,
            changes: 0,
            section: Section::default(),
            section_start: 0,
            open_comments: Vec::new(),
            nesting: Nesting::default(),
            t_start: 0,
            rpr_start: None,
            run_props: None,
            pending: None,
            inserted: 0,
        }
    }

    /// An element ends.
    fn end(&mut self, name: &[u8], after: usize) -> Result<(), String> {
        self.nesting.close();
        match name {
            b"p" if self.textbox == 0 => self.end_paragraph()?,
            b"pPr" => self.at = In::Nothing,
            b"rPrChange" | b"pPrChange" | b"sectPrChange" => {
                self.changes = self.changes.saturating_sub(1)
            }
            b"rPr" => {
                if self.changes == 0 {
                    if let Some(start) = self.rpr_start.take() {
                        self.run_props = Some(start..after);
                    }
                }
                self.at = match self.at {
                    In::MarkRunProps => In::ParaProps,
                    _ => In::Nothing,
                }
            }
            b"r" => self.resolved = None,
            b"t" => {
                self.in_text = false;
                if let Some(text) = self.pending.take() {
                    self.out.pieces.push(Piece {
                        para: self.out.paragraphs.len(),
                        text,
                        xml: self.t_start..after,
                        run_props: self.run_props.clone(),
                        tab: false,
                        inserted: self.inserted > 0,
                    });
                }
            }
            b"ins" | b"moveTo" => self.inserted = self.inserted.saturating_sub(1),
            b"del" | b"moveFrom" => self.deleted = self.deleted.saturating_sub(1),
            b"instrText" => self.field_code = false,
            b"fldSimple" => self.field_simple = self.field_simple.saturating_sub(1),
            b"txbxContent" => self.textbox = self.textbox.saturating_sub(1),
            b"tbl" => self.tables = self.tables.saturating_sub(1),
            b"sectPr" => {
                // A section ends with the paragraph whose properties hold it.
                let next = self.out.paragraphs.len() + usize::from(self.para.is_some());
                self.budget.records(std::mem::size_of::<Section>())?;
                self.section.first_para = self.section_start;
                self.out.sections.push(std::mem::take(&mut self.section));
                self.section_start = next;
                self.at = if self.para.is_some() {
                    In::ParaProps
                } else {
                    In::Nothing
                };
            }
            _ => {}
        }
        Ok(())
    }

    /// `</w:p>`: the paragraph with its resolved layout.
    fn end_paragraph(&mut self) -> Result<(), String> {
        if let Some((text, direct, mut layout)) = self.para.take() {
            let p = self.styles.resolve_para(&direct);
            layout.align = p.align;
            layout.first_line = p.first_line;
            layout.first_line_chars = p.first_line_chars;
            layout.spacing = p.spacing;
            layout.outline = p.outline;
            layout.bordered |= p.bordered.unwrap_or(false);
            layout.in_table = self.tables > 0;
            self.budget.paragraph()?;
            self.out.paragraphs.push(text);
            self.out.layouts.push(layout);
        }
        Ok(())
    }

    /// Text between tags: body text in a `<w:t>`, or a field's code (anything else is not
    /// even unescaped).
    fn text(&mut self, t: &BytesText) -> Result<(), String> {
        let invalid = |e: &quick_xml::Error| super::xml_error(self.part, e);
        if self.in_text
            && self.deleted == 0
            && !self.field_code
            && self.field_simple == 0
            && self.field_result == 0
            && self.textbox == 0
        {
            let text = t.unescape().map_err(|e| invalid(&e))?;
            self.budget.text(text.len())?;
            self.budget
                .records(std::mem::size_of::<Run>() + std::mem::size_of::<Piece>())?;
            if let Some(range) = push_text(
                &mut self.para,
                &text,
                self.styles,
                &self.run,
                &mut self.resolved,
            ) {
                let start = self.pending.as_ref().map_or(range.start, |p| p.start);
                self.pending = Some(start..range.end);
            }
        } else if self.field_code {
            let code = t.unescape().map_err(|e| invalid(&e))?;
            self.budget.records(code.len())?;
            self.instr.push_str(&code);
        }
        Ok(())
    }

    /// An element starts (or is empty: `<w:tab/>`).
    fn start(
        &mut self,
        e: &BytesStart,
        empty: bool,
        before: usize,
        after: usize,
    ) -> Result<(), String> {
        if !empty {
            self.nesting
                .open()
                .map_err(|err| format!("{} {err}", self.part))?;
        }
        let name = e.local_name();
        match name.as_ref() {
            b"p" if self.textbox == 0 => {
                self.para = Some((String::new(), ParaProps::default(), ParaLayout::default()));
                if empty {
                    self.budget.paragraph()?;
                    self.out.paragraphs.push(String::new());
                    self.out.layouts.push(ParaLayout {
                        in_table: self.tables > 0,
                        ..ParaLayout::default()
                    });
                    self.para = None;
                }
            }
            // Formatting before a tracked change is not the formatting now.
            b"rPrChange" | b"pPrChange" | b"sectPrChange" if !empty => self.changes += 1,
            b"pPr" if !empty => self.at = In::ParaProps,
            b"rPr" if !empty => {
                if self.at == In::Nothing && self.changes == 0 {
                    self.rpr_start = Some(before);
                }
                self.at = match self.at {
                    In::ParaProps => In::MarkRunProps,
                    _ => In::RunProps,
                }
            }
            b"r" if !empty => {
                self.run = RunProps::default();
                self.resolved = None;
                self.run_props = None;
            }
            b"t" if !empty => {
                self.in_text = true;
                self.t_start = before;
                self.pending = None;
            }
            b"ins" | b"moveTo" if !empty => self.inserted += 1,
            // Deleted and moved-away text reads as if the changes were accepted.
            b"del" | b"moveFrom" if !empty => self.deleted += 1,
            b"instrText" if !empty => {
                self.field_code = true;
                self.instr.clear();
            }
            b"fldSimple" => {
                self.budget.records(64)?;
                field(
                    &mut self.out,
                    &self.para,
                    attr(e, b"instr").unwrap_or_default(),
                );
                if !empty {
                    self.field_simple += 1;
                }
            }
            b"fldChar" => self.field_char(e)?,
            b"txbxContent" if !empty => self.textbox += 1,
            b"tbl" if !empty => self.tables += 1,
            b"drawing" | b"pict" | b"line" => {
                if let Some((_, _, l)) = &mut self.para {
                    l.drawing = true;
                }
            }
            b"sectPr" if !empty => self.at = In::Section,
            b"tab" if self.at == In::Nothing && self.deleted == 0 && self.textbox == 0 => {
                self.tab(before, after)?
            }
            b"commentRangeStart" => {
                self.budget.records(64)?;
                if let Some(id) = attr(e, b"id") {
                    self.open_comments.push((id, self.out.paragraphs.len()));
                }
            }
            b"commentRangeEnd" => self.comment_end(e)?,
            _ if self.changes > 0 || self.textbox > 0 => {}
            _ => match self.at {
                In::ParaProps => {
                    if let Some((_, p, _)) = &mut self.para {
                        p.apply(e)
                    }
                }
                In::RunProps => self.run.apply(e),
                In::Section => {
                    self.budget.records(64)?;
                    section_prop(&mut self.section, &mut self.out.footer_refs, e)
                }
                In::MarkRunProps | In::Nothing => {}
            },
        }
        Ok(())
    }

    /// `<w:fldChar>`: complex fields, begin → code → separate → result → end.
    fn field_char(&mut self, e: &BytesStart) -> Result<(), String> {
        match attr(e, b"fldCharType").as_deref() {
            Some("separate") => {
                self.budget.records(64)?;
                field(&mut self.out, &self.para, std::mem::take(&mut self.instr));
                self.field_result += 1;
            }
            Some("end") if self.field_result > 0 => self.field_result -= 1,
            // A field without a shown result (begin, code, end).
            Some("end") if !self.instr.is_empty() => {
                self.budget.records(64)?;
                field(&mut self.out, &self.para, std::mem::take(&mut self.instr))
            }
            _ => {}
        }
        Ok(())
    }

    /// `<w:tab/>` in a run: a tab character of the text.
    fn tab(&mut self, before: usize, after: usize) -> Result<(), String> {
        self.budget.text(1)?;
        self.budget
            .records(std::mem::size_of::<Run>() + std::mem::size_of::<Piece>())?;
        if let Some(text) = push_text(
            &mut self.para,
            "\t",
            self.styles,
            &self.run,
            &mut self.resolved,
        ) {
            self.out.pieces.push(Piece {
                para: self.out.paragraphs.len(),
                text,
                xml: before..after,
                run_props: self.run_props.clone(),
                tab: true,
                inserted: self.inserted > 0,
            });
        }
        Ok(())
    }

    /// `<w:commentRangeEnd>`: the comment covers the paragraphs since its start.
    fn comment_end(&mut self, e: &BytesStart) -> Result<(), String> {
        let Some(id) = attr(e, b"id") else {
            return Ok(());
        };
        let Some(k) = self.open_comments.iter().position(|(i, _)| *i == id) else {
            return Ok(());
        };
        let (id, first) = self.open_comments.remove(k);
        // Ended between paragraphs: the last one it covered is the previous.
        let last = if self.para.is_some() {
            self.out.paragraphs.len()
        } else {
            self.out.paragraphs.len().saturating_sub(1)
        };
        self.add_comment(&id, first, last)
    }

    /// Records comment `id` over paragraphs `first..=last`, with its text.
    fn add_comment(&mut self, id: &str, first: usize, last: usize) -> Result<(), String> {
        add_comment(
            &mut self.out.comments,
            self.comments,
            id,
            first,
            last,
            self.budget,
        )
    }

    /// The story, with comments still open at the end covering to the last paragraph.
    fn finish(mut self) -> Result<Story, String> {
        let last = self.out.paragraphs.len().saturating_sub(1);
        for (id, first) in std::mem::take(&mut self.open_comments) {
            self.add_comment(&id, first, last)?;
        }
        for c in &mut self.out.comments {
            c.first = c.first.min(last);
            c.last = c.last.min(last).max(c.first);
        }
        Ok(self.out)
    }
}

fn add_comment(
    out: &mut Vec<Comment>,
    texts: &[(String, String)],
    id: &str,
    first: usize,
    last: usize,
    budget: &mut Budget,
) -> Result<(), String> {
    if let Some((_, text)) = texts.iter().find(|(i, _)| i == id) {
        budget.records(std::mem::size_of::<Comment>() + text.len())?;
        out.push(Comment {
            first,
            last,
            text: text.trim().to_owned(),
        });
    }
    Ok(())
}

fn field(out: &mut Story, para: &Option<(String, ParaProps, ParaLayout)>, instr: String) {
    let (at, len) = match para {
        Some((t, ..)) => (out.paragraphs.len(), t.len()),
        None => (out.paragraphs.len(), 0),
    };
    out.fields.push((at, len, instr.trim().to_owned()));
}

/// Appends text to the open paragraph, extending its last run or starting one with the run's
/// resolved properties; returns where the text went.
fn push_text(
    para: &mut Option<(String, ParaProps, ParaLayout)>,
    text: &str,
    styles: &Styles,
    run: &RunProps,
    resolved: &mut Option<Run>,
) -> Option<std::ops::Range<usize>> {
    let (p, direct, layout) = para.as_mut()?;
    let start = p.len();
    // A paragraph is one line: line breaks inside it are not kept.
    p.extend(text.chars().filter(|c| *c != '\n' && *c != '\r'));
    let end = p.len();
    if end == start {
        return None;
    }
    let props = resolved.get_or_insert_with(|| {
        let r = styles.resolve_run(styles.para_style(direct), run);
        Run {
            start,
            end: start,
            font: styles.font(&r),
            size: r.size,
            bold: r.bold.unwrap_or(false),
            color: r.color.clone().flatten(),
            highlight: r.highlight.unwrap_or(false),
            raised: r.raised.unwrap_or(false),
            color_unknown: false,
        }
    });
    match layout.runs.last_mut() {
        // The same run continued (several w:t in one w:r), or an identical neighbour.
        Some(last) if last.end == start && same_look(last, props) => last.end = end,
        _ => layout.runs.push(Run {
            start,
            end,
            ..props.clone()
        }),
    }
    Some(start..end)
}

fn same_look(a: &Run, b: &Run) -> bool {
    (&a.font, a.size, a.bold, &a.color, a.highlight, a.raised)
        == (&b.font, b.size, b.bold, &b.color, b.highlight, b.raised)
}

fn section_prop(s: &mut Section, footers: &mut Vec<(String, String)>, e: &BytesStart) {
    let num = |name: &[u8]| attr(e, name).and_then(|v| v.parse::<i64>().ok());
    match e.local_name().as_ref() {
        b"pgSz" => {
            s.page_width = num(b"w");
            s.page_height = num(b"h");
        }
        b"pgMar" => {
            s.margin_top = num(b"top");
            s.margin_bottom = num(b"bottom");
            s.margin_left = num(b"left");
            s.margin_right = num(b"right");
            s.gutter = num(b"gutter");
        }
        b"docGrid" => {
            s.grid_type = attr(e, b"type");
            s.line_pitch = num(b"linePitch");
        }
        b"pgNumType" => s.page_number_format = attr(e, b"fmt"),
        b"footerReference" => {
            if let (Some(t), Some(id)) = (attr(e, b"type"), attr(e, b"id")) {
                footers.push((t, id));
            }
        }
        _ => {}
    }
}
