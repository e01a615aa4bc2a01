//! Walks a WordprocessingML story (the body, a footer) once: paragraph text as it reads with
//! tracked changes accepted, each run's resolved formatting, paragraph layout, sections,
//! fields and comment ranges.

use std::io::BufRead;

use quick_xml::events::{BytesStart, Event};
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
    let invalid = |e: &quick_xml::Error| super::xml_error(part, e);
    let mut buf = Vec::new();
    let mut out = Story::default();
    let mut para: Option<(String, ParaProps, ParaLayout)> = None;
    let mut run = RunProps::default();
    let mut resolved: Option<Run> = None;
    let mut at = In::Nothing;
    let mut in_text = false;
    // Inside deleted text, a field code, a field result, a text box: not body text.
    let (mut deleted, mut field_code, mut field_simple, mut textbox) =
        (0usize, false, 0usize, 0usize);
    // Complex fields: begin → code → separate → result → end.
    let mut field_result = 0usize;
    let mut instr = String::new();
    let mut tables = 0usize;
    let mut changes = 0usize;
    let mut section = Section::default();
    let mut section_start = 0usize;
    let mut open_comments: Vec<(String, usize)> = Vec::new();
    let mut nesting = Nesting::default();
    // For `pieces`: where the current `<w:t>` and run properties start, and how deep in
    // tracked insertions the reader is.
    let (mut t_start, mut rpr_start, mut run_props) = (0usize, None, None);
    let mut pending: Option<std::ops::Range<usize>> = None;
    let mut inserted = 0usize;
    loop {
        let before = reader.buffer_position() as usize;
        buf.clear();
        let event = reader.read_event_into(&mut buf).map_err(|e| invalid(&e))?;
        let after = reader.buffer_position() as usize;
        let (e, empty) = match &event {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(e) => {
                nesting.close();
                match e.local_name().as_ref() {
                    b"p" if textbox == 0 => {
                        if let Some((text, direct, mut layout)) = para.take() {
                            let p = styles.resolve_para(&direct);
                            layout.align = p.align;
                            layout.first_line = p.first_line;
                            layout.first_line_chars = p.first_line_chars;
                            layout.spacing = p.spacing;
                            layout.outline = p.outline;
                            layout.bordered |= p.bordered.unwrap_or(false);
                            layout.in_table = tables > 0;
                            budget.paragraph()?;
                            out.paragraphs.push(text);
                            out.layouts.push(layout);
                        }
                    }
                    b"pPr" => at = In::Nothing,
                    b"rPrChange" | b"pPrChange" | b"sectPrChange" => {
                        changes = changes.saturating_sub(1)
                    }
                    b"rPr" => {
                        if changes == 0 {
                            if let Some(start) = rpr_start.take() {
                                run_props = Some(start..after);
                            }
                        }
                        at = match at {
                            In::MarkRunProps => In::ParaProps,
                            _ => In::Nothing,
                        }
                    }
                    b"r" => resolved = None,
                    b"t" => {
                        in_text = false;
                        if let Some(text) = pending.take() {
                            out.pieces.push(Piece {
                                para: out.paragraphs.len(),
                                text,
                                xml: t_start..after,
                                run_props: run_props.clone(),
                                tab: false,
                                inserted: inserted > 0,
                            });
                        }
                    }
                    b"ins" | b"moveTo" => inserted = inserted.saturating_sub(1),
                    b"del" | b"moveFrom" => deleted = deleted.saturating_sub(1),
                    b"instrText" => field_code = false,
                    b"fldSimple" => field_simple = field_simple.saturating_sub(1),
                    b"txbxContent" => textbox = textbox.saturating_sub(1),
                    b"tbl" => tables = tables.saturating_sub(1),
                    b"sectPr" => {
                        // A section ends with the paragraph whose properties hold it.
                        let next = out.paragraphs.len() + usize::from(para.is_some());
                        budget.records(std::mem::size_of::<Section>())?;
                        section.first_para = section_start;
                        out.sections.push(std::mem::take(&mut section));
                        section_start = next;
                        at = if para.is_some() {
                            In::ParaProps
                        } else {
                            In::Nothing
                        };
                    }
                    _ => {}
                }
                continue;
            }
            Event::Text(t) => {
                if in_text
                    && deleted == 0
                    && !field_code
                    && field_simple == 0
                    && field_result == 0
                    && textbox == 0
                {
                    let text = t.unescape().map_err(|e| invalid(&e))?;
                    budget.text(text.len())?;
                    budget.records(std::mem::size_of::<Run>() + std::mem::size_of::<Piece>())?;
                    if let Some(range) = push_text(&mut para, &text, styles, &run, &mut resolved) {
                        let start = pending.as_ref().map_or(range.start, |p| p.start);
                        pending = Some(start..range.end);
                    }
                } else if field_code {
                    let code = t.unescape().map_err(|e| invalid(&e))?;
                    budget.records(code.len())?;
                    instr.push_str(&code);
                }
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        if !empty {
            nesting.open().map_err(|e| format!("{part} {e}"))?;
        }
        let name = e.local_name();
        match name.as_ref() {
            b"p" if textbox == 0 => {
                para = Some((String::new(), ParaProps::default(), ParaLayout::default()));
                if empty {
                    budget.paragraph()?;
                    out.paragraphs.push(String::new());
                    out.layouts.push(ParaLayout {
                        in_table: tables > 0,
                        ..ParaLayout::default()
                    });
                    para = None;
                }
            }
            // Formatting before a tracked change is not the formatting now.
            b"rPrChange" | b"pPrChange" | b"sectPrChange" if !empty => changes += 1,
            b"pPr" if !empty => at = In::ParaProps,
            b"rPr" if !empty => {
                if at == In::Nothing && changes == 0 {
                    rpr_start = Some(before);
                }
                at = match at {
                    In::ParaProps => In::MarkRunProps,
                    _ => In::RunProps,
                }
            }
            b"r" if !empty => {
                run = RunProps::default();
                resolved = None;
                run_props = None;
            }
            b"t" if !empty => {
                in_text = true;
                t_start = before;
                pending = None;
            }
            b"ins" | b"moveTo" if !empty => inserted += 1,
            // Deleted and moved-away text reads as if the changes were accepted.
            b"del" | b"moveFrom" if !empty => deleted += 1,
            b"instrText" if !empty => {
                field_code = true;
                instr.clear();
            }
            b"fldSimple" => {
                budget.records(64)?;
                field(&mut out, &para, attr(e, b"instr").unwrap_or_default());
                if !empty {
                    field_simple += 1;
                }
            }
            b"fldChar" => match attr(e, b"fldCharType").as_deref() {
                Some("separate") => {
                    budget.records(64)?;
                    field(&mut out, &para, std::mem::take(&mut instr));
                    field_result += 1;
                }
                Some("end") if field_result > 0 => field_result -= 1,
                // A field without a shown result (begin, code, end).
                Some("end") if !instr.is_empty() => {
                    budget.records(64)?;
                    field(&mut out, &para, std::mem::take(&mut instr))
                }
                _ => {}
            },
            b"txbxContent" if !empty => textbox += 1,
            b"tbl" if !empty => tables += 1,
            b"drawing" | b"pict" | b"line" => {
                if let Some((_, _, l)) = &mut para {
                    l.drawing = true;
                }
            }
            b"sectPr" if !empty => at = In::Section,
            b"tab" if at == In::Nothing && deleted == 0 && textbox == 0 => {
                budget.text(1)?;
                budget.records(std::mem::size_of::<Run>() + std::mem::size_of::<Piece>())?;
                if let Some(text) = push_text(&mut para, "\t", styles, &run, &mut resolved) {
                    out.pieces.push(Piece {
                        para: out.paragraphs.len(),
                        text,
                        xml: before..after,
                        run_props: run_props.clone(),
                        tab: true,
                        inserted: inserted > 0,
                    });
                }
            }
            b"commentRangeStart" => {
                budget.records(64)?;
                if let Some(id) = attr(e, b"id") {
                    open_comments.push((id, out.paragraphs.len()));
                }
            }
            b"commentRangeEnd" => {
                if let Some(id) = attr(e, b"id") {
                    if let Some(k) = open_comments.iter().position(|(i, _)| *i == id) {
                        let (id, first) = open_comments.remove(k);
                        // Ended between paragraphs: the last one it covered is the previous.
                        let last = if para.is_some() {
                            out.paragraphs.len()
                        } else {
                            out.paragraphs.len().saturating_sub(1)
                        };
                        add_comment(&mut out.comments, comments, &id, first, last, budget)?;
                    }
                }
            }
            _ if changes > 0 || textbox > 0 => {}
            _ => match at {
                In::ParaProps => {
                    if let Some((_, p, _)) = &mut para {
                        p.apply(e)
                    }
                }
                In::RunProps => run.apply(e),
                In::Section => {
                    budget.records(64)?;
                    section_prop(&mut section, &mut out.footer_refs, e)
                }
                In::MarkRunProps | In::Nothing => {}
            },
        }
    }
    // A comment still open at the end covers to the last paragraph.
    let last = out.paragraphs.len().saturating_sub(1);
    for (id, first) in open_comments {
        add_comment(&mut out.comments, comments, &id, first, last, budget)?;
    }
    for c in &mut out.comments {
        c.first = c.first.min(last);
        c.last = c.last.min(last).max(c.first);
    }
    Ok(out)
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
