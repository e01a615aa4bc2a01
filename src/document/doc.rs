//! Word 97–2003 (.doc) and WPS Writer (.wps, the same binary format): a compound file (`cfb`)
//! whose `WordDocument` stream starts with the FIB, which gives the length of each story and
//! where the piece table (in the `0Table` or `1Table` stream) lies; the pieces are the text,
//! each either 8-bit (CP1252) or UTF-16LE ([MS-DOC] 2.4.1). The main text, then footnotes and
//! endnotes, are read; field instructions are dropped and field results kept, as Word shows
//! them. Formatting (character and paragraph properties) is not read.

use std::io::Read;

use super::docx::Budget;

/// A stream larger than this is not a real document's (the file itself is capped too).
const MAX_STREAM: u64 = 512 * 1024 * 1024;

/// The stories of a .doc: main text paragraphs, then footnote and endnote paragraphs.
pub(crate) struct Stories {
    pub body: Vec<String>,
    pub notes: Vec<String>,
}

/// `kind` names the format in messages (".doc", ".wps").
pub(crate) fn read(bytes: &[u8], max_text: u64, kind: &str) -> Result<Stories, String> {
    let mut budget = Budget::new(max_text);
    let padded;
    let mut cfb = match cfb::CompoundFile::open(std::io::Cursor::new(bytes)) {
        Ok(c) => c,
        Err(e) => {
            // Some writers end the file before the last FAT sector's worth of (free) sectors,
            // which Word and WPS accept: try once more with that tail added as zeros.
            padded = pad_to_fat(bytes).ok_or_else(|| broken_cfb(kind, &e))?;
            cfb::CompoundFile::open(std::io::Cursor::new(padded.as_slice()))
                .map_err(|_| broken_cfb(kind, &e))?
        }
    };
    if !cfb.is_stream("/WordDocument") {
        if cfb.is_stream("/CONTENTS") || cfb.is_stream("/MatOST") {
            return Err(
                "是 Microsoft Works 文字处理文档，不是 Word/WPS 文字格式，不支持：请另存为 .docx 后再检查"
                    .into(),
            );
        }
        return Err(
            "不是 Word/WPS 文字文档（复合文档中没有 WordDocument 流），不支持：请另存为 .docx 后再检查"
                .into(),
        );
    }
    let word = stream(&mut cfb, "/WordDocument", kind)?;
    let fib = Fib::parse(&word, kind)?;
    let table_name = if fib.which_table {
        "/1Table"
    } else {
        "/0Table"
    };
    if !cfb.is_stream(table_name) {
        return Err(format!("不是有效的 {kind}：缺少 {}", &table_name[1..]));
    }
    let table = stream(&mut cfb, table_name, kind)?;
    let pieces = piece_table(&table, fib.fc_clx, fib.lcb_clx, kind)?;
    let mut text = Text {
        word: &word,
        pieces: &pieces,
    };
    let body_end = fib.ccp_text;
    let body = text.paragraphs(0, body_end, &mut budget)?;
    let mut notes = Vec::new();
    // Stories follow one another: main text, footnotes, headers, comments, endnotes.
    let ftn = body_end..body_end.saturating_add(fib.ccp_ftn);
    notes.extend(text.paragraphs(ftn.start, ftn.end, &mut budget)?);
    let edn_start = ftn
        .end
        .saturating_add(fib.ccp_hdd)
        .saturating_add(fib.ccp_atn);
    notes.extend(text.paragraphs(
        edn_start,
        edn_start.saturating_add(fib.ccp_edn),
        &mut budget,
    )?);
    Ok(Stories { body, notes })
}

fn broken_cfb(kind: &str, e: &std::io::Error) -> String {
    format!("不是有效的 {kind}（复合文档结构损坏：{e}）")
}

/// The file grown with zeros to the sectors its FAT sectors can describe (128 or 1,024 per FAT
/// sector), if that adds at most 1 MB.
fn pad_to_fat(bytes: &[u8]) -> Option<Vec<u8>> {
    let shift = u16_at(bytes, 30)?;
    let sector = 1usize.checked_shl(u32::from(shift))?;
    if !(sector == 512 || sector == 4096) {
        return None;
    }
    let fat_sectors = u32_at(bytes, 44)? as usize;
    let want = sector + fat_sectors.checked_mul(sector / 4)?.checked_mul(sector)?;
    (want > bytes.len() && want - bytes.len() <= 1 << 20).then(|| {
        let mut v = bytes.to_vec();
        v.resize(want, 0);
        v
    })
}

fn stream(
    cfb: &mut cfb::CompoundFile<std::io::Cursor<&[u8]>>,
    name: &str,
    kind: &str,
) -> Result<Vec<u8>, String> {
    let s = cfb
        .open_stream(name)
        .map_err(|e| format!("不是有效的 {kind}：无法读取 {}（{e}）", &name[1..]))?;
    let len = s.len();
    if len > MAX_STREAM {
        return Err(format!("{kind} 的 {} 流过大，不读取", &name[1..]));
    }
    let mut out = Vec::new();
    s.take(MAX_STREAM)
        .read_to_end(&mut out)
        .map_err(|e| format!("不是有效的 {kind}：无法读取 {}（{e}）", &name[1..]))?;
    Ok(out)
}

/// What is needed of the File Information Block.
struct Fib {
    which_table: bool,
    ccp_text: u32,
    ccp_ftn: u32,
    ccp_hdd: u32,
    ccp_atn: u32,
    ccp_edn: u32,
    fc_clx: u32,
    lcb_clx: u32,
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

impl Fib {
    fn parse(w: &[u8], kind: &str) -> Result<Fib, String> {
        let broken = || format!("不是有效的 {kind}：文件信息块（FIB）损坏");
        let ident = u16_at(w, 0);
        let nfib = u16_at(w, 2).ok_or_else(broken)?;
        // Word 97 and later write nFib 0x00C1 (older betas 0x00C0); Word 6.0 and 95 (nFib
        // 101–105, often ident 0xA5DC) keep their text without a piece table.
        if ident == Some(0xA5DC) || nfib < 0xC0 {
            return Err(format!(
                "是 Word 6.0/95 或更早的格式（nFib {nfib}），不支持：请在 Word/WPS 中另存为 .docx 后再检查"
            ));
        }
        if ident != Some(0xA5EC) {
            return Err(broken());
        }
        let flags = u16_at(w, 0x0A).ok_or_else(broken)?;
        if flags & 0x0100 != 0 {
            return Err(format!("{kind} 已加密（需要密码），无法读取文字"));
        }
        // FibBase (32 bytes), then fibRgW, fibRgLw, fibRgFcLcb, each after its count.
        let csw = u16_at(w, 32).ok_or_else(broken)? as usize;
        let lw = 34 + csw * 2;
        let cslw = u16_at(w, lw).ok_or_else(broken)? as usize;
        let rg_lw = lw + 2;
        let fc = rg_lw + cslw * 4;
        let cb = u16_at(w, fc).ok_or_else(broken)? as usize;
        let rg_fc = fc + 2;
        if cslw < 11 || cb < 34 {
            return Err(broken());
        }
        let lw_at = |i: usize| u32_at(w, rg_lw + i * 4).ok_or_else(broken);
        Ok(Fib {
            which_table: flags & 0x0200 != 0,
            ccp_text: lw_at(3)?,
            ccp_ftn: lw_at(4)?,
            ccp_hdd: lw_at(5)?,
            ccp_atn: lw_at(7)?,
            ccp_edn: lw_at(8)?,
            fc_clx: u32_at(w, rg_fc + 33 * 8).ok_or_else(broken)?,
            lcb_clx: u32_at(w, rg_fc + 33 * 8 + 4).ok_or_else(broken)?,
        })
    }
}

/// A piece: character positions `cp..cp_end` stored at byte `fc`, 8-bit or UTF-16.
struct Piece {
    cp: u32,
    cp_end: u32,
    fc: u32,
    compressed: bool,
}

/// The piece table in the `Clx`: property runs (`0x01`) skipped, then the `Pcdt` (`0x02`).
fn piece_table(table: &[u8], fc: u32, lcb: u32, kind: &str) -> Result<Vec<Piece>, String> {
    let broken = || format!("不是有效的 {kind}：文本片段表损坏");
    let start = fc as usize;
    let clx = table
        .get(start..start.checked_add(lcb as usize).ok_or_else(broken)?)
        .ok_or_else(broken)?;
    let mut at = 0;
    while clx.get(at) == Some(&0x01) {
        let n = u16_at(clx, at + 1).ok_or_else(broken)? as usize;
        at += 3 + n;
    }
    if clx.get(at) != Some(&0x02) {
        return Err(broken());
    }
    let len = u32_at(clx, at + 1).ok_or_else(broken)? as usize;
    let plc = clx.get(at + 5..at + 5 + len).ok_or_else(broken)?;
    if plc.len() < 4 {
        return Err(broken());
    }
    let n = (plc.len() - 4) / 12;
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let cp = u32_at(plc, i * 4).ok_or_else(broken)?;
        let cp_end = u32_at(plc, (i + 1) * 4).ok_or_else(broken)?;
        let pcd = (n + 1) * 4 + i * 8;
        let raw = u32_at(plc, pcd + 2).ok_or_else(broken)?;
        let compressed = raw & 0x4000_0000 != 0;
        let fc = raw & 0x3FFF_FFFF;
        if cp_end < cp {
            return Err(broken());
        }
        out.push(Piece {
            cp,
            cp_end,
            fc: if compressed { fc / 2 } else { fc },
            compressed,
        });
    }
    Ok(out)
}

struct Text<'a> {
    word: &'a [u8],
    pieces: &'a [Piece],
}

impl Text<'_> {
    /// The paragraphs of characters `from..to`: paragraph marks, cell and row ends and
    /// section breaks end one; field instructions are left out.
    fn paragraphs(
        &mut self,
        from: u32,
        to: u32,
        budget: &mut Budget,
    ) -> Result<Vec<String>, String> {
        let mut out = Vec::new();
        if from >= to {
            return Ok(out);
        }
        let mut para = String::new();
        // Per open field: whether its separator was met (its result is shown).
        let mut fields: Vec<bool> = Vec::new();
        for piece in self.pieces {
            let (a, b) = (piece.cp.max(from), piece.cp_end.min(to));
            if a >= b {
                continue;
            }
            let off = (a - piece.cp) as usize;
            let count = (b - a) as usize;
            let chars: Box<dyn Iterator<Item = u16>> = if piece.compressed {
                let s = piece.fc as usize + off;
                let bytes = self.word.get(s..s + count).unwrap_or(&[]);
                Box::new(bytes.iter().map(|&b| cp1252(b)))
            } else {
                let s = piece.fc as usize + off * 2;
                let bytes = self.word.get(s..s + count * 2).unwrap_or(&[]);
                Box::new(
                    bytes
                        .chunks_exact(2)
                        .map(|c| u16::from_le_bytes([c[0], c[1]])),
                )
            };
            for ch in char::decode_utf16(chars).map(|c| c.unwrap_or('\u{fffd}')) {
                match ch {
                    '\u{13}' => fields.push(false),
                    '\u{14}' => {
                        if let Some(f) = fields.last_mut() {
                            *f = true;
                        }
                    }
                    '\u{15}' => {
                        fields.pop();
                    }
                    _ if fields.iter().any(|shown| !shown) => {}
                    // A line break (0x0B) is not a paragraph end, as in a .docx.
                    '\r' | '\u{07}' | '\u{0C}' => {
                        budget.paragraph()?;
                        out.push(std::mem::take(&mut para));
                    }
                    '\t' => para.push('\t'),
                    '\u{1E}' => para.push('-'),
                    c if (c as u32) < 0x20 || c == '\u{1F}' => {}
                    c => {
                        budget.text(c.len_utf8())?;
                        para.push(c);
                    }
                }
            }
        }
        if !para.is_empty() {
            out.push(para);
        }
        Ok(out)
    }
}

/// An 8-bit piece's byte as a character: Windows-1252 ([MS-DOC] 2.4.1).
fn cp1252(b: u8) -> u16 {
    let bytes = [b];
    let (c, _, _) = encoding_rs::WINDOWS_1252.decode(&bytes);
    c.encode_utf16().next().unwrap_or(0xFFFD)
}
