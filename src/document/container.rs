//! Which reader a file needs when it is not text: .docx, .doc and .wps, .pdf and .ofd. The
//! extension chooses; the first bytes may overrule it (archives hold many files saved in one
//! format under another's name), and say so when the format is one gwlint cannot read.

use super::{doc, ofd, pdf, Document, Format};

const CFB: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const ZIP: &[u8] = b"PK\x03\x04";

/// The document in a .docx, .doc, .wps, .pdf or .ofd, with its text (all stories together)
/// within `max_text` bytes; `None` for other files (text formats).
pub fn read_container(path: &str, bytes: &[u8], max_text: u64) -> Option<Result<Document, String>> {
    let ext = std::path::Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)?;
    let path = path.to_owned();
    Some(match ext.as_str() {
        "docx" => super::from_docx_within(path, bytes, max_text),
        "doc" | "wps" => word_binary(path, &ext, bytes, max_text),
        "pdf" => {
            let head = &bytes[..bytes.len().min(1024)];
            if memchr::memmem::find(head, b"%PDF").is_none() {
                Err(not_what_it_says(bytes, ".pdf"))
            } else {
                pdf::read(bytes, max_text)
                    .map(|(paras, layout)| printed(path, Format::Pdf, &paras, layout))
            }
        }
        "ofd" => {
            if bytes.starts_with(ZIP) {
                ofd::read(bytes, max_text)
                    .map(|(paras, layout)| printed(path, Format::Ofd, &paras, layout))
            } else {
                Err(not_what_it_says(bytes, ".ofd"))
            }
        }
        _ => return None,
    })
}

fn word_binary(path: String, ext: &str, bytes: &[u8], max_text: u64) -> Result<Document, String> {
    let kind = format!(".{ext}");
    if bytes.starts_with(CFB) {
        let format = if ext == "wps" {
            Format::Wps
        } else {
            Format::Doc
        };
        let s = doc::read(bytes, max_text, &kind)?;
        return Ok(stories_document(path, format, &s.body, &s.notes));
    }
    if bytes.starts_with(ZIP) {
        // A .docx under an old name (WPS and OA systems both do this).
        return super::from_docx_within(path, bytes, max_text);
    }
    if ext == "wps" && !looks_like_other(bytes) {
        return Err("不是复合文档格式：可能是 WPS 97/2000 等早期 WPS 文字格式，不支持；请在 WPS 中另存为 .docx 后再检查".into());
    }
    Err(not_what_it_says(bytes, &kind))
}

fn looks_like_other(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_ascii_lowercase();
    head.starts_with("{\\rtf")
        || head.starts_with("%pdf")
        || head.contains("<html")
        || head.contains("mime-version")
}

/// What a file with the wrong content for its extension really is, as far as can be told.
fn not_what_it_says(bytes: &[u8], kind: &str) -> String {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    let what = if head.starts_with("{\\rtf") {
        "RTF 文件"
    } else if head.starts_with("%pdf") {
        "PDF 文件"
    } else if head.contains("<html") || head.contains("mime-version") || head.starts_with("<?xml") {
        "网页或 XML（HTML/MHT）文件"
    } else if bytes.starts_with(CFB) {
        "Word/WPS 二进制文件"
    } else if bytes.starts_with(ZIP) {
        "zip 包（如 .docx）"
    } else {
        let todo = if matches!(kind, ".doc" | ".wps") {
            "：请在 Word/WPS 中打开后另存为 .docx 再检查"
        } else {
            ""
        };
        return format!("不是有效的 {kind} 文件（文件头不对，可能已损坏）{todo}");
    };
    format!("实际是{what}，只是扩展名写成了 {kind}：请另存为 .docx 后再检查")
}

/// A PDF or OFD: its paragraphs, with the layout measured on its pages.
fn printed(
    path: String,
    format: Format,
    paras: &[String],
    layout: super::layout::Layout,
) -> Document {
    let mut doc = stories_document(path, format, paras, &[]);
    doc.layout = Some(Box::new(layout));
    doc
}

/// A document of paragraphs then notes, each paragraph one line (as a .docx is read).
pub(crate) fn stories_document(
    path: String,
    format: Format,
    body: &[String],
    notes: &[String],
) -> Document {
    let mut text = body.join("\n");
    for note in notes {
        text.push('\n');
        text.push_str(note);
    }
    let mut doc = super::from_plain_text(path, "utf-8", &text);
    if !notes.is_empty() {
        let first = (0..doc.paragraphs.len()).find(|&i| doc.line_of(i).0 >= body.len());
        doc.notes_from = first;
    }
    doc.format = format;
    doc
}
