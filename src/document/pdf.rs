//! PDF: the text layer, page by page, with where each piece of text is drawn, put into lines
//! and paragraphs by `paged`. `lopdf` parses the file and decodes strings through the fonts'
//! ToUnicode maps; the content streams are inflated here, within the file's budget, and
//! interpreted just far enough to place the text (text and graphics matrices, fonts and
//! their widths, form XObjects).
//!
//! lopdf inflates object and cross-reference streams itself while loading, without limits:
//! each Flate stream a load would inflate is tried first here, within the budget, so a bomb is
//! refused before lopdf sees it.
//!
//! Over 500 lines: the budgeted prescan, the content-stream interpreter and the fonts'
//! decoding are one reader; the placing of text into lines is in `paged.rs`.

use std::collections::HashMap;
use std::sync::Arc;

use lopdf::content::Content;
use lopdf::{Dictionary, Document as Pdf, Encoding, Object};

use super::docx::{inflate_into, inflate_within, Budget, MAX_PART_BYTES};
use super::paged::{em_width, push_filled, push_rule, Ink, Page, Rule, Run};

/// More objects than this (a real 1,000-page document has tens of thousands) is refused
/// before parsing.
const MAX_OBJECTS: usize = 500_000;
/// lopdf holds up to about 25 bytes per byte of object syntax (small arrays of numbers): past
/// this much syntax, outside stream data, a file is refused (real ones have a few megabytes).
const MAX_STRUCTURE: u64 = 12 * 1024 * 1024;
/// Form XObjects drawn inside forms, at most this deep (a loop would be endless).
const MAX_FORM_DEPTH: usize = 8;
/// Operators interpreted in one file: a content stream of nothing but `q` is cheap to write.
const MAX_OPERATIONS: usize = 50_000_000;

const PT_TO_MM: f64 = 25.4 / 72.0;

pub(crate) fn read(
    bytes: &[u8],
    max_text: u64,
) -> Result<(Vec<String>, super::layout::Layout), String> {
    let mut budget = Budget::new(max_text);
    prescan(bytes, &mut budget)?;
    // lopdf is third-party code on hostile input: a panic in it is this file's error, not the
    // batch's end.
    let loaded = std::panic::catch_unwind(|| Pdf::load_mem(bytes))
        .map_err(|_| "PDF 结构损坏，无法解析".to_owned())?;
    let mut pdf = loaded.map_err(|e| format!("PDF 结构损坏，无法解析：{e}"))?;
    if pdf.is_encrypted() && pdf.decrypt("").is_err() {
        return Err("PDF 已加密（需要密码），无法读取文字".into());
    }
    let pages = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        read_pages(&pdf, &mut budget)
    }))
    .map_err(|_| "PDF 内容无法解析".to_owned())??;
    let drawn = pages.iter().map(|p| p.runs.len()).sum::<usize>();
    let decoded: usize = pages
        .iter()
        .flat_map(|p| &p.runs)
        .map(|r| r.text.chars().filter(|c| !c.is_whitespace()).count())
        .sum();
    let unreadable: usize = pages
        .iter()
        .flat_map(|p| &p.runs)
        .map(|r| r.text.chars().filter(|&c| c == '\u{fffd}').count())
        .sum();
    if pages.is_empty() {
        return Err("PDF 没有页面".into());
    }
    if drawn == 0 || decoded == 0 {
        return Err("PDF 没有文字层（可能是扫描件或图片），无法检查文字：请用原始的 .docx 或 .txt 文稿，或先做文字识别（OCR）".into());
    }
    if unreadable * 2 > decoded {
        return Err("PDF 的文字无法解码（字体没有 ToUnicode 映射），无法检查文字：请用原始的 .docx 或 .txt 文稿".into());
    }
    super::paged::read(pages, &mut budget)
}

/// Counts objects and tries each compressed stream lopdf would inflate while loading (all but
/// images and embedded fonts, which are never inflated), within the budget.
fn prescan(bytes: &[u8], budget: &mut Budget) -> Result<(), String> {
    let objects = memchr::memmem::find_iter(bytes, b" obj").count();
    if objects > MAX_OBJECTS {
        return Err(format!(
            "PDF 有 {objects} 个对象，超过 {MAX_OBJECTS} 个，不读取（可能是恶意构造的文件）"
        ));
    }
    // What lopdf parses into objects: the file outside stream data, and the object and
    // cross-reference streams inflated.
    let mut structure = bytes.len() as u64;
    let streams = memchr::memmem::Finder::new(b"stream");
    let mut at = 0;
    while let Some(i) = streams.find(&bytes[at..]) {
        let start = at + i;
        at = start + 6;
        // `endstream` is found too: only `stream` after a dictionary's `>>` starts one.
        let before = &bytes[start.saturating_sub(64)..start];
        let Some(close) = before.iter().rposition(|&b| !b.is_ascii_whitespace()) else {
            continue;
        };
        if !before[..=close].ends_with(b">>") {
            continue;
        }
        let mut data = at;
        if bytes.get(data) == Some(&b'\r') {
            data += 1;
        }
        if bytes.get(data) == Some(&b'\n') {
            data += 1;
        }
        let end = memchr::memmem::find(&bytes[data.min(bytes.len())..], b"endstream")
            .map_or(bytes.len(), |e| data + e);
        let packed = &bytes[data.min(end)..end];
        structure = structure.saturating_sub(packed.len() as u64);
        at = end;
        let dict_from = memchr::memmem::rfind(&bytes[start.saturating_sub(4096)..start], b"obj")
            .map_or(start.saturating_sub(4096), |o| {
                start.saturating_sub(4096) + o
            });
        let dict = &bytes[dict_from..start];
        let has = |k: &[u8]| memchr::memmem::find(dict, k).is_some();
        if !(has(b"/FlateDecode") || has(b"/Fl ") || has(b"/Fl]") || has(b"/Fl/"))
            || has(b"/Image")
            || has(b"/Length1")
            || has(b"/FontFile")
        {
            continue;
        }
        let z = flate2::read::ZlibDecoder::new(packed);
        let mut sink = std::io::sink();
        // Broken streams are lopdf's to report; only a bomb is refused here.
        match inflate_into(
            z,
            &mut sink,
            "PDF 数据流",
            packed.len() as u64,
            MAX_PART_BYTES,
            budget,
        ) {
            Err(e) if e.contains("炸弹") || e.contains("超过") => return Err(e),
            Ok(n) if has(b"/ObjStm") || has(b"/XRef") => structure += n,
            _ => {}
        }
    }
    if structure > MAX_STRUCTURE {
        return Err(format!(
            "PDF 的对象结构（数据流以外的部分）有 {} MB，超过 {} MB，不读取（可能是恶意构造的文件）",
            structure >> 20,
            MAX_STRUCTURE >> 20
        ));
    }
    Ok(())
}

/// A font as far as placing and decoding its text needs.
struct Font<'a> {
    encoding: Option<Encoding<'a>>,
    /// A Chinese font in a predefined GB CMap (GBK-EUC-H…) without a ToUnicode map, as older
    /// Chinese PDF writers make: its codes are GBK.
    gbk: bool,
    /// Two-byte codes (a Type0 font) or one.
    wide: bool,
    widths: HashMap<u32, f64>,
    default_width: f64,
    /// BaseFont without its subset tag and CMap suffix.
    name: Option<Arc<str>>,
}

impl<'a> Font<'a> {
    fn new(pdf: &'a Pdf, dict: &'a Dictionary) -> Self {
        let wide = dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .is_ok_and(|s| s == b"Type0");
        let has_map = dict.get(b"ToUnicode").is_ok();
        let encoding_name = dict.get(b"Encoding").and_then(Object::as_name).ok();
        let gbk = wide
            && !has_map
            && encoding_name.is_some_and(|n| n.starts_with(b"GB") && n.contains(&b'-'));
        // A Type0 font with an Identity encoding and no ToUnicode has nothing to decode with
        // (a GB one is decoded as GBK instead).
        let encoding = if wide
            && !has_map
            && !matches!(encoding_name, Some(b"UniGB-UCS2-H" | b"UniGB-UTF16-H"))
        {
            None
        } else {
            dict.get_font_encoding(pdf).ok()
        };
        let mut widths = HashMap::new();
        let mut default_width = if wide { 1000.0 } else { 500.0 };
        if wide {
            let desc = dict
                .get_deref(b"DescendantFonts", pdf)
                .and_then(Object::as_array)
                .ok()
                .and_then(|a| a.first())
                .and_then(|o| pdf.dereference(o).ok())
                .and_then(|(_, o)| o.as_dict().ok());
            if let Some(d) = desc {
                if let Ok(dw) = d.get(b"DW").and_then(Object::as_float) {
                    default_width = dw as f64;
                }
                if let Ok(w) = d.get_deref(b"W", pdf).and_then(Object::as_array) {
                    cid_widths(pdf, w, &mut widths);
                }
            }
        } else {
            let first = dict.get(b"FirstChar").and_then(Object::as_i64).unwrap_or(0);
            if let Ok(w) = dict.get_deref(b"Widths", pdf).and_then(Object::as_array) {
                for (i, o) in w.iter().enumerate().take(256) {
                    if let Ok(v) = number(pdf, o) {
                        widths.insert((first + i as i64) as u32, v);
                    }
                }
            }
        }
        let name = dict
            .get(b"BaseFont")
            .and_then(Object::as_name)
            .ok()
            .map(base_font_name)
            .filter(|n| !n.is_empty())
            .map(Arc::from);
        Font {
            encoding,
            gbk,
            wide,
            widths,
            default_width,
            name,
        }
    }

    fn codes(&self, s: &[u8]) -> Vec<u32> {
        if self.gbk {
            // One byte below 0x80, two above (EUC).
            let mut out = Vec::new();
            let mut i = 0;
            while i < s.len() {
                let n = if s[i] < 0x80 { 1 } else { 2 };
                let code = s[i..(i + n).min(s.len())]
                    .iter()
                    .fold(0u32, |a, &b| (a << 8) | b as u32);
                out.push(code);
                i += n;
            }
            return out;
        }
        let step = if self.wide { 2 } else { 1 };
        s.chunks(step)
            .map(|c| c.iter().fold(0u32, |a, &b| (a << 8) | b as u32))
            .collect()
    }

    fn decode(&self, s: &[u8]) -> String {
        if self.gbk {
            return encoding_rs::GB18030
                .decode_without_bom_handling(s)
                .0
                .into_owned();
        }
        match &self.encoding {
            Some(e) => e
                .bytes_to_string(s)
                .unwrap_or_else(|_| "\u{fffd}".repeat(s.len() / if self.wide { 2 } else { 1 })),
            None => "\u{fffd}".repeat(s.len().div_ceil(if self.wide { 2 } else { 1 })),
        }
    }
}

/// A BaseFont as a name: `ABCDEF+FangSong_GB2312-Identity-H` → `FangSong_GB2312`. Chinese
/// writers store Chinese names in GBK bytes (`#B7#C2#CB#CE_GB2312`).
fn base_font_name(raw: &[u8]) -> String {
    let raw = &raw[..raw.len().min(256)];
    let name = match std::str::from_utf8(raw) {
        Ok(s) => s.to_owned(),
        Err(_) => encoding_rs::GB18030
            .decode_without_bom_handling(raw)
            .0
            .into_owned(),
    };
    let name = match name.split_once('+') {
        Some((tag, rest)) if tag.len() == 6 && tag.bytes().all(|b| b.is_ascii_uppercase()) => rest,
        _ => name.as_str(),
    };
    let cmap = [
        "-Identity-H",
        "-Identity-V",
        "-UniGB-UCS2-H",
        "-UniGB-UTF16-H",
        "-GBK-EUC-H",
        "-GB-EUC-H",
    ];
    cmap.iter()
        .find_map(|c| name.strip_suffix(c))
        .unwrap_or(name)
        .to_owned()
}

fn number(pdf: &Pdf, o: &Object) -> Result<f64, ()> {
    let (_, o) = pdf.dereference(o).map_err(|_| ())?;
    o.as_float().map(|v| v as f64).map_err(|_| ())
}

/// A CID font's `/W`: `c [w1 w2 …]` or `c_first c_last w`.
fn cid_widths(pdf: &Pdf, w: &[Object], out: &mut HashMap<u32, f64>) {
    let mut i = 0;
    while i < w.len() && out.len() < 100_000 {
        let Ok(first) = number(pdf, &w[i]) else { break };
        match w.get(i + 1) {
            Some(Object::Array(list)) => {
                for (k, o) in list.iter().enumerate().take(65536) {
                    if let Ok(v) = number(pdf, o) {
                        out.insert(first as u32 + k as u32, v);
                    }
                }
                i += 2;
            }
            Some(last) => {
                let (Ok(last), Some(Ok(v))) =
                    (number(pdf, last), w.get(i + 2).map(|o| number(pdf, o)))
                else {
                    break;
                };
                let (a, b) = (first as u32, (last as u32).min(first as u32 + 65535));
                for c in a..=b {
                    out.insert(c, v);
                }
                i += 3;
            }
            None => break,
        }
    }
}

/// A 2×3 affine matrix `[a b c d e f]` as PDF writes it (row vectors).
#[derive(Clone, Copy, Debug)]
struct M([f64; 6]);

impl M {
    const ID: M = M([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);
    /// `self` then `o`.
    fn then(self, o: M) -> M {
        let [a, b, c, d, e, f] = self.0;
        let [a2, b2, c2, d2, e2, f2] = o.0;
        M([
            a * a2 + b * c2,
            a * b2 + b * d2,
            c * a2 + d * c2,
            c * b2 + d * d2,
            e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2,
        ])
    }
    fn translate(x: f64, y: f64) -> M {
        M([1.0, 0.0, 0.0, 1.0, x, y])
    }
    fn apply(self, x: f64, y: f64) -> (f64, f64) {
        let [a, b, c, d, e, f] = self.0;
        (a * x + c * y + e, b * x + d * y + f)
    }
    fn from(ops: &[Object]) -> Option<M> {
        if ops.len() != 6 {
            return None;
        }
        let mut m = [0.0; 6];
        for (v, o) in m.iter_mut().zip(ops) {
            *v = o.as_float().ok()? as f64;
        }
        m.iter().all(|v| v.is_finite()).then_some(M(m))
    }
}

#[derive(Clone)]
struct State {
    ctm: M,
    font: Option<Vec<u8>>,
    size: f64,
    char_space: f64,
    word_space: f64,
    scale: f64,
    leading: f64,
    rise: f64,
    /// Text rendering mode (`Tr`): 3 and 7 draw nothing.
    render: i64,
    fill: Paint,
    stroke: Paint,
    line_width: f64,
}

/// A colour and the colour space it was set in.
#[derive(Clone, Copy)]
struct Paint {
    ink: Ink,
    /// Components `sc`/`scn` take: 1 grey, 3 RGB, 4 CMYK; 0 a space not read (a spot colour,
    /// a pattern, an indexed palette), whose colours are unknown.
    space: usize,
}

impl Paint {
    const BLACK: Paint = Paint {
        ink: Ink::Black,
        space: 1,
    };

    /// A colour from its components in a space of `n` of them.
    fn set(&mut self, v: &[f64]) {
        self.ink = match (self.space, v) {
            (1, [g]) => Ink::gray(*g),
            (3, [r, g, b]) => Ink::rgb(*r, *g, *b),
            (4, [c, m, y, k]) => Ink::cmyk(*c, *m, *y, *k),
            _ => Ink::Unknown,
        };
    }

    /// `cs`/`CS`: a device space, or one named in the resources (ICCBased by its `N`).
    fn space(&mut self, pdf: &Pdf, name: &[u8], resources: Option<&Dictionary>) {
        let n = match name {
            b"DeviceGray" | b"CalGray" | b"G" => 1,
            b"DeviceRGB" | b"CalRGB" | b"RGB" => 3,
            b"DeviceCMYK" | b"CMYK" => 4,
            _ => resources
                .and_then(|r| r.get_deref(b"ColorSpace", pdf).ok())
                .and_then(|o| o.as_dict().ok())
                .and_then(|d| d.get_deref(name, pdf).ok())
                .and_then(|o| o.as_array().ok())
                .map_or(0, |a| match a.first().and_then(|o| o.as_name().ok()) {
                    Some(b"DeviceGray" | b"CalGray") => 1,
                    Some(b"DeviceRGB" | b"CalRGB" | b"Lab") => 3,
                    Some(b"DeviceCMYK") => 4,
                    Some(b"ICCBased") => a
                        .get(1)
                        .and_then(|o| pdf.dereference(o).ok())
                        .and_then(|(_, o)| o.as_stream().ok())
                        .and_then(|s| s.dict.get(b"N").and_then(Object::as_i64).ok())
                        .map_or(0, |n| {
                            if matches!(n, 1 | 3 | 4) {
                                n as usize
                            } else {
                                0
                            }
                        }),
                    _ => 0,
                }),
        };
        // Lab's components are not RGB: its colours stay unknown.
        let lab = n == 3
            && !matches!(name, b"DeviceRGB" | b"CalRGB" | b"RGB")
            && resources
                .and_then(|r| r.get_deref(b"ColorSpace", pdf).ok())
                .and_then(|o| o.as_dict().ok())
                .and_then(|d| d.get_deref(name, pdf).ok())
                .and_then(|o| o.as_array().ok())
                .and_then(|a| a.first().and_then(|o| o.as_name().ok()))
                == Some(b"Lab".as_slice());
        self.space = if lab { 0 } else { n };
        self.ink = match self.space {
            0 => Ink::Unknown,
            _ => Ink::Black,
        };
    }
}

/// The path being built: subpaths of points on the page (PDF units), rectangles apart.
#[derive(Default)]
struct Path {
    subpaths: Vec<Vec<(f64, f64)>>,
    /// Corners of each `re`, transformed.
    rects: Vec<[(f64, f64); 4]>,
    /// A subpath with a curve is not a line.
    curved: Vec<bool>,
}

/// Points kept in one path: a path of a million segments is a drawing, not a rule.
const MAX_PATH_POINTS: usize = 10_000;

impl Path {
    fn points(&self) -> usize {
        self.subpaths.iter().map(Vec::len).sum::<usize>() + 4 * self.rects.len()
    }
}

fn read_pages(pdf: &Pdf, budget: &mut Budget) -> Result<Vec<Page>, String> {
    let mut pages = Vec::new();
    let mut ops = 0usize;
    for (_, id) in pdf.get_pages() {
        let Ok(dict) = pdf.get_dictionary(id) else {
            continue;
        };
        let (width, height, origin) = media_box(pdf, dict);
        let fonts: HashMap<Vec<u8>, Font> = pdf
            .get_page_fonts(id)
            .unwrap_or_default()
            .into_iter()
            .map(|(k, d)| (k, Font::new(pdf, d)))
            .collect();
        let mut content = Vec::new();
        for cid in pdf.get_page_contents(id) {
            if let Ok(Object::Stream(s)) = pdf.get_object(cid) {
                content.extend(stream_bytes(s, budget)?);
                content.push(b'\n');
            }
        }
        let mut page = Page {
            width: width * PT_TO_MM,
            height: height * PT_TO_MM,
            runs: Vec::new(),
            rules: Vec::new(),
        };
        let base = M::translate(0.0, -origin);
        let state = State {
            ctm: base,
            font: None,
            size: 0.0,
            char_space: 0.0,
            word_space: 0.0,
            scale: 1.0,
            leading: 0.0,
            rise: 0.0,
            render: 0,
            fill: Paint::BLACK,
            stroke: Paint::BLACK,
            line_width: 1.0,
        };
        let resources = pdf.get_page_resources(id).ok().and_then(|(d, ids)| {
            d.or_else(|| ids.first().and_then(|i| pdf.get_dictionary(*i).ok()))
        });
        let mut cx = Interp {
            pdf,
            budget,
            ops: &mut ops,
            page_height: height,
            runs: &mut page.runs,
            rules: &mut page.rules,
        };
        cx.run(&content, state, &fonts, resources, 0)?;
        pages.push(page);
    }
    Ok(pages)
}

/// The page width and height and the bottom of its MediaBox (inherited from the page tree if
/// need be); an absurd box (not finite, nothing or beyond PDF's limit of 14,400 units) is A4.
fn media_box<'p>(pdf: &'p Pdf, mut dict: &'p Dictionary) -> (f64, f64, f64) {
    for _ in 0..32 {
        if let Ok(a) = dict.get_deref(b"MediaBox", pdf).and_then(Object::as_array) {
            let v: Vec<f64> = a.iter().filter_map(|o| number(pdf, o).ok()).collect();
            if v.len() == 4 && v.iter().all(|x| x.is_finite() && x.abs() < 1e6) {
                let (w, h) = ((v[2] - v[0]).abs(), (v[3] - v[1]).abs());
                if w > 0.0 && h > 0.0 && w <= 14_400.0 && h <= 14_400.0 {
                    return (w, h, v[1].min(v[3]));
                }
            }
        }
        match dict.get_deref(b"Parent", pdf).and_then(Object::as_dict) {
            Ok(p) => dict = p,
            Err(_) => break,
        }
    }
    (595.0, 842.0, 0.0)
}

/// A stream's data: Flate inflated within the budget, other filters by lopdf.
fn stream_bytes(s: &lopdf::Stream, budget: &mut Budget) -> Result<Vec<u8>, String> {
    let filters: Vec<Vec<u8>> = s
        .filters()
        .map(|f| f.into_iter().map(<[u8]>::to_vec).collect())
        .unwrap_or_default();
    match filters.as_slice() {
        [] => Ok(s.content.clone()),
        [f] if f == b"FlateDecode" || f == b"Fl" => {
            let z = flate2::read::ZlibDecoder::new(s.content.as_slice());
            match inflate_within(
                z,
                "PDF 内容流",
                s.content.len() as u64,
                MAX_PART_BYTES,
                budget,
            ) {
                Ok(v) => Ok(v),
                Err(e) if e.contains("炸弹") || e.contains("超过") => Err(e),
                // A truncated stream keeps what inflated before the break, as viewers do.
                Err(_) => Ok(s.decompressed_content().unwrap_or_default()),
            }
        }
        _ => {
            let v = s.decompressed_content().unwrap_or_default();
            budget_check(v.len(), budget)?;
            Ok(v)
        }
    }
}

fn budget_check(n: usize, _budget: &mut Budget) -> Result<(), String> {
    if n as u64 > MAX_PART_BYTES {
        return Err("PDF 内容流解码后过大，不读取（可能是压缩炸弹）".into());
    }
    Ok(())
}

struct Interp<'p, 'b> {
    pdf: &'p Pdf,
    budget: &'b mut Budget,
    ops: &'b mut usize,
    page_height: f64,
    runs: &'b mut Vec<Run>,
    rules: &'b mut Vec<Rule>,
}

impl<'p> Interp<'p, '_> {
    fn run(
        &mut self,
        content: &[u8],
        mut st: State,
        fonts: &HashMap<Vec<u8>, Font<'p>>,
        resources: Option<&'p Dictionary>,
        depth: usize,
    ) -> Result<(), String> {
        let mut stack: Vec<State> = Vec::new();
        let mut tm = M::ID;
        let mut tlm = M::ID;
        let mut path = Path::default();
        // lopdf decodes a stream whole, at up to 300 bytes an operator: a long stream is
        // decoded a piece at a time, the graphics state carried across.
        let operations = pieces(content).into_iter().flat_map(|piece| {
            // A piece lopdf cannot parse shows no text.
            Content::decode(piece).map_or_else(|_| Vec::new(), |c| c.operations)
        });
        for op in operations {
            *self.ops += 1;
            if *self.ops > MAX_OPERATIONS {
                return Err("PDF 内容流的操作过多，不读取（可能是恶意构造的文件）".into());
            }
            let o = &op.operands;
            let f = |i: usize| {
                o.get(i)
                    .and_then(|v| v.as_float().ok())
                    .map_or(0.0, |v| v as f64)
            };
            match op.operator.as_str() {
                "q" if stack.len() < 256 => stack.push(st.clone()),
                "Q" => {
                    if let Some(s) = stack.pop() {
                        st = s;
                    }
                }
                "cm" => {
                    if let Some(m) = M::from(o) {
                        st.ctm = m.then(st.ctm);
                    }
                }
                "BT" => {
                    tm = M::ID;
                    tlm = M::ID;
                }
                "Tf" => {
                    st.font = o.first().and_then(|n| n.as_name().ok()).map(<[u8]>::to_vec);
                    st.size = f(1);
                }
                "Tr" => st.render = f(0) as i64,
                "w" => st.line_width = f(0).abs(),
                "g" => {
                    st.fill = Paint {
                        ink: Ink::gray(f(0)),
                        space: 1,
                    }
                }
                "G" => {
                    st.stroke = Paint {
                        ink: Ink::gray(f(0)),
                        space: 1,
                    }
                }
                "rg" => {
                    st.fill = Paint {
                        ink: Ink::rgb(f(0), f(1), f(2)),
                        space: 3,
                    }
                }
                "RG" => {
                    st.stroke = Paint {
                        ink: Ink::rgb(f(0), f(1), f(2)),
                        space: 3,
                    }
                }
                "k" => {
                    st.fill = Paint {
                        ink: Ink::cmyk(f(0), f(1), f(2), f(3)),
                        space: 4,
                    }
                }
                "K" => {
                    st.stroke = Paint {
                        ink: Ink::cmyk(f(0), f(1), f(2), f(3)),
                        space: 4,
                    }
                }
                "cs" | "CS" => {
                    if let Some(name) = o.first().and_then(|n| n.as_name().ok()) {
                        let p = if op.operator == "cs" {
                            &mut st.fill
                        } else {
                            &mut st.stroke
                        };
                        p.space(self.pdf, name, resources);
                    }
                }
                "sc" | "scn" | "SC" | "SCN" => {
                    let v: Option<Vec<f64>> =
                        o.iter().map(|x| x.as_float().ok().map(f64::from)).collect();
                    let p = if op.operator.starts_with('s') {
                        &mut st.fill
                    } else {
                        &mut st.stroke
                    };
                    match v {
                        Some(v) => p.set(&v),
                        None => p.ink = Ink::Unknown,
                    }
                }
                "m" | "l" | "c" | "v" | "y" | "re" | "h" if path.points() < MAX_PATH_POINTS => {
                    self.build(&mut path, op.operator.as_str(), o, st.ctm);
                }
                "S" | "s" | "f" | "F" | "f*" | "B" | "B*" | "b" | "b*" => {
                    let op = op.operator.as_str();
                    let stroke = matches!(op, "S" | "s" | "B" | "B*" | "b" | "b*");
                    let fill = op != "S" && op != "s";
                    self.paint(&std::mem::take(&mut path), &st, stroke, fill)?;
                }
                "n" => path = Path::default(),
                "Tc" => st.char_space = f(0),
                "Tw" => st.word_space = f(0),
                "Tz" => st.scale = f(0) / 100.0,
                "TL" => st.leading = f(0),
                "Ts" => st.rise = f(0),
                "Td" => {
                    tlm = M::translate(f(0), f(1)).then(tlm);
                    tm = tlm;
                }
                "TD" => {
                    st.leading = -f(1);
                    tlm = M::translate(f(0), f(1)).then(tlm);
                    tm = tlm;
                }
                "Tm" => {
                    if let Some(m) = M::from(o) {
                        tlm = m;
                        tm = m;
                    }
                }
                "T*" => {
                    tlm = M::translate(0.0, -st.leading).then(tlm);
                    tm = tlm;
                }
                "Tj" | "'" | "\"" | "TJ" => {
                    if op.operator == "'" || op.operator == "\"" {
                        if op.operator == "\"" {
                            st.word_space = f(0);
                            st.char_space = f(1);
                        }
                        tlm = M::translate(0.0, -st.leading).then(tlm);
                        tm = tlm;
                    }
                    let Some(font) = st.font.as_ref().and_then(|n| fonts.get(n)) else {
                        continue;
                    };
                    let items: Vec<&Object> = if op.operator == "TJ" {
                        o.first()
                            .and_then(|a| a.as_array().ok())
                            .map(|a| a.iter().collect())
                            .unwrap_or_default()
                    } else {
                        o.last().into_iter().collect()
                    };
                    self.show(&items, font, &st, &mut tm)?;
                }
                "Do" if depth < MAX_FORM_DEPTH => {
                    if let Some(name) = o.first().and_then(|n| n.as_name().ok()) {
                        self.form(name, &st, resources, depth)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Draws the strings of a `Tj`/`TJ`: one run, placed by where it starts and ends.
    fn show(
        &mut self,
        items: &[&Object],
        font: &Font,
        st: &State,
        tm: &mut M,
    ) -> Result<(), String> {
        let start = M::translate(0.0, st.rise).then(*tm).then(st.ctm);
        let mut text = String::new();
        for item in items {
            match item {
                Object::String(s, _) => {
                    let decoded = font.decode(s);
                    let mut advance = 0.0;
                    for code in font.codes(s) {
                        let w = font
                            .widths
                            .get(&code)
                            .copied()
                            .unwrap_or(font.default_width)
                            / 1000.0;
                        let space = if !font.wide && code == 32 {
                            st.word_space
                        } else {
                            0.0
                        };
                        advance += (w * st.size + st.char_space + space) * st.scale;
                    }
                    if font.widths.is_empty() && (font.encoding.is_some() || font.gbk) {
                        advance = decoded.chars().map(em_width).sum::<f64>() * st.size * st.scale;
                    }
                    text.push_str(&decoded);
                    *tm = M::translate(advance, 0.0).then(*tm);
                }
                other => {
                    if let Ok(n) = other.as_float() {
                        let adj = -(n as f64) / 1000.0 * st.size * st.scale;
                        // A wide kern inside a TJ is a space the PDF leaves out.
                        if adj > 0.3 * st.size
                            && text
                                .chars()
                                .next_back()
                                .is_some_and(|c| c.is_ascii_alphanumeric())
                        {
                            text.push(' ');
                        }
                        *tm = M::translate(adj, 0.0).then(*tm);
                    }
                }
            }
        }
        if text.is_empty() {
            return Ok(());
        }
        let end = M::translate(0.0, st.rise).then(*tm).then(st.ctm);
        let (x0, y0) = start.apply(0.0, 0.0);
        let (x1, _) = end.apply(0.0, 0.0);
        let (_, top) = start.apply(0.0, st.size);
        let size = ((top - y0).abs()).max(0.01);
        self.budget.text(text.len())?;
        self.budget.records(std::mem::size_of::<Run>())?;
        let ink = match st.render {
            0 | 2 | 4 | 6 => st.fill.ink,
            1 | 5 => st.stroke.ink,
            _ => Ink::Unknown,
        };
        self.runs.push(Run {
            ink,
            x: x0.min(x1) * PT_TO_MM,
            y: (self.page_height - y0) * PT_TO_MM,
            end: x0.max(x1) * PT_TO_MM,
            size: size * PT_TO_MM,
            text,
            font: font.name.clone(),
        });
        Ok(())
    }

    /// A path-building operator, its points through the CTM.
    fn build(&mut self, path: &mut Path, op: &str, o: &[Object], ctm: M) {
        let v: Vec<f64> = o
            .iter()
            .map(|x| x.as_float().map_or(f64::NAN, f64::from))
            .collect();
        let at = |i: usize| ctm.apply(v[i], v[i + 1]);
        match (op, v.len()) {
            ("m", 2) => {
                path.subpaths.push(vec![at(0)]);
                path.curved.push(false);
            }
            ("l", 2) => match path.subpaths.last_mut() {
                Some(sp) => sp.push(at(0)),
                None => {
                    path.subpaths.push(vec![at(0)]);
                    path.curved.push(false);
                }
            },
            ("c" | "v" | "y", n) if n >= 4 => {
                if let Some(c) = path.curved.last_mut() {
                    *c = true;
                }
                if let Some(sp) = path.subpaths.last_mut() {
                    sp.push(at(n - 2));
                }
            }
            ("re", 4) => {
                let (x, y, w, h) = (v[0], v[1], v[2], v[3]);
                path.rects.push([
                    ctm.apply(x, y),
                    ctm.apply(x + w, y),
                    ctm.apply(x + w, y + h),
                    ctm.apply(x, y + h),
                ]);
            }
            ("h", _) => {
                if let Some(sp) = path.subpaths.last_mut() {
                    if let Some(&first) = sp.first() {
                        sp.push(first);
                    }
                }
            }
            _ => {}
        }
    }

    /// A painted path's horizontal lines: stroked straight segments and rectangle edges, and
    /// filled rectangles no taller than 1.5 mm (how word processors draw rules).
    fn paint(&mut self, path: &Path, st: &State, stroke: bool, fill: bool) -> Result<(), String> {
        let [a, b, c, d, ..] = st.ctm.0;
        let scale = (a * d - b * c).abs().sqrt();
        let mm = |(x, y): (f64, f64)| (x * PT_TO_MM, (self.page_height - y) * PT_TO_MM);
        let before = self.rules.len();
        if stroke {
            let width = (st.line_width.max(0.0) * scale * PT_TO_MM).max(0.1);
            for (sp, curved) in path.subpaths.iter().zip(&path.curved) {
                if *curved {
                    continue;
                }
                for w in sp.windows(2) {
                    push_rule(self.rules, mm(w[0]), mm(w[1]), width, st.stroke.ink);
                }
            }
            for r in &path.rects {
                for i in 0..4 {
                    push_rule(
                        self.rules,
                        mm(r[i]),
                        mm(r[(i + 1) % 4]),
                        width,
                        st.stroke.ink,
                    );
                }
            }
        }
        if fill {
            for r in &path.rects {
                push_filled(self.rules, &r.map(mm), st.fill.ink);
            }
        }
        self.budget
            .records((self.rules.len() - before) * std::mem::size_of::<Rule>())?;
        Ok(())
    }

    /// A form XObject: its content drawn with its matrix and its own fonts.
    fn form(
        &mut self,
        name: &[u8],
        st: &State,
        resources: Option<&'p Dictionary>,
        depth: usize,
    ) -> Result<(), String> {
        let pdf = self.pdf;
        let Some(xobjects) = resources
            .and_then(|r| r.get_deref(b"XObject", pdf).ok())
            .and_then(|o| o.as_dict().ok())
        else {
            return Ok(());
        };
        let Some(Object::Stream(s)) = xobjects.get_deref(name, pdf).ok() else {
            return Ok(());
        };
        if s.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Form".as_slice()) {
            return Ok(());
        }
        let own = s
            .dict
            .get_deref(b"Resources", pdf)
            .and_then(Object::as_dict)
            .ok();
        let res = own.or(resources);
        let mut fonts = HashMap::new();
        if let Some(fd) = res
            .and_then(|r| r.get_deref(b"Font", pdf).ok())
            .and_then(|o| o.as_dict().ok())
        {
            for (k, v) in fd.iter() {
                if let Ok((_, Object::Dictionary(d))) = pdf.dereference(v) {
                    fonts.insert(k.clone(), Font::new(pdf, d));
                }
            }
        }
        let content = stream_bytes(s, self.budget)?;
        let mut inner = st.clone();
        if let Some(m) = s
            .dict
            .get(b"Matrix")
            .and_then(Object::as_array)
            .ok()
            .and_then(|a| M::from(a))
        {
            inner.ctm = m.then(st.ctm);
        }
        self.run(&content, inner, &fonts, res, depth + 1)
    }
}

/// Where a content stream may be cut into pieces of about `PIECE` bytes: at white space outside
/// strings, arrays, dictionaries and inline images.
fn pieces(content: &[u8]) -> Vec<&[u8]> {
    const PIECE: usize = 256 * 1024;
    if content.len() <= PIECE {
        return vec![content];
    }
    let mut out = Vec::new();
    let (mut start, mut i) = (0, 0);
    let (mut paren, mut nest, mut image) = (0usize, 0usize, false);
    while i < content.len() {
        let b = content[i];
        if paren > 0 {
            match b {
                b'\\' => i += 1,
                b'(' => paren += 1,
                b')' => paren -= 1,
                _ => {}
            }
        } else {
            match b {
                b'(' => paren = 1,
                b'[' | b'<' => nest += 1,
                b']' | b'>' => nest = nest.saturating_sub(1),
                b'%' => {
                    while i < content.len() && content[i] != b'\n' && content[i] != b'\r' {
                        i += 1;
                    }
                }
                b'B' | b'E' if content.get(i + 1) == Some(&b'I') => {
                    let before = i == 0 || content[i - 1].is_ascii_whitespace();
                    let after = content.get(i + 2).is_none_or(|c| c.is_ascii_whitespace());
                    if before && after {
                        image = b == b'B';
                    }
                }
                b'\n' if nest == 0 && !image && i + 1 - start >= PIECE => {
                    out.push(&content[start..=i]);
                    start = i + 1;
                }
                _ => {}
            }
        }
        i += 1;
    }
    out.push(&content[start.min(content.len())..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_streams_are_cut_between_operators_only() {
        let mut s = b"BT /F1 12 Tf (a\nb) Tj ET\n".repeat(20_000);
        s.extend(b"[(x\n) 3 (y)] TJ\n".repeat(20_000));
        let p = pieces(&s);
        assert!(p.len() > 1);
        assert_eq!(p.concat(), s);
        let ops: usize = p
            .iter()
            .map(|x| Content::decode(x).unwrap().operations.len())
            .sum();
        assert_eq!(ops, Content::decode(&s).unwrap().operations.len());
    }
}
