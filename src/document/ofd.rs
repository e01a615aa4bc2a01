//! OFD (GB/T 33190): a zip package of XML. `OFD.xml` names each document's `Document.xml`,
//! which lists its pages; each page's `Content.xml` draws `TextObject`s whose `TextCode`s
//! carry the text and where it stands (millimetres); `CompositeObject`s place the text of
//! composite graphic units defined in the resource parts. The text is put into lines and
//! paragraphs by `paged`. Template pages (backgrounds shared by pages), annotations and
//! signatures are not read.
//!
//! Parts are inflated with the .docx reader's limits (size, ratio, package total) and each
//! is read once.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::docx::{attr, limited_part, Budget};
use super::paged::{em_width, push_filled, push_rule, Ink, Page, Rule, Run};

type Package<'a> = zip::ZipArchive<std::io::Cursor<&'a [u8]>>;

pub(crate) fn read(
    bytes: &[u8],
    max_text: u64,
) -> Result<(Vec<String>, super::layout::Layout), String> {
    let mut budget = Budget::new(max_text);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("不是有效的 .ofd（zip 结构损坏：{e}）"))?;
    let mut seen = HashSet::new();
    let root = part(&mut zip, "OFD.xml", &mut seen, &mut budget)?
        .ok_or("不是有效的 .ofd：缺少 OFD.xml")?;
    let docs = texts_of(&root, "OFD.xml", b"DocRoot")?;
    if docs.is_empty() {
        return Err("不是有效的 .ofd：OFD.xml 没有指明文档（DocRoot）".into());
    }
    let mut pages = Vec::new();
    for doc in docs {
        let doc_name = resolve("", &doc);
        let Some(xml) = part(&mut zip, &doc_name, &mut seen, &mut budget)? else {
            return Err(format!("不是有效的 .ofd：缺少 {doc_name}"));
        };
        let (default_size, locs, res) = pages_of(&xml, &doc_name)?;
        let dir = doc_name.rsplit_once('/').map_or("", |(d, _)| d);
        // Fonts and composite graphic units (text drawn once, placed by pages) live in the
        // resources.
        let mut known = Res::default();
        for r in res {
            let name = resolve(dir, &r);
            if let Some(xml) = part(&mut zip, &name, &mut seen, &mut budget)? {
                let drawn = walk(&xml, &name, &known, &mut budget)?;
                known.units.extend(drawn.units);
                known.fonts.extend(drawn.fonts);
                known.params.extend(drawn.params);
            }
        }
        for loc in locs {
            let name = resolve(dir, &loc);
            // A page listed twice is drawn from the part already read.
            let Some(content) = part(&mut zip, &name, &mut seen, &mut budget)? else {
                continue;
            };
            let drawn = walk(&content, &name, &known, &mut budget)?;
            let (width, height) = drawn.size.unwrap_or(default_size);
            pages.push(Page {
                width,
                height,
                runs: drawn.runs,
                rules: drawn.rules,
            });
        }
    }
    if pages.iter().all(|p| p.runs.is_empty()) {
        return Err("OFD 没有文字（可能是扫描件或图片），无法检查文字：请用原始的 .docx 或 .txt 文稿，或先做文字识别（OCR）".into());
    }
    super::paged::read(pages, &mut budget)
}

/// A part by name, once: `None` if missing or already read.
fn part(
    zip: &mut Package,
    name: &str,
    seen: &mut HashSet<String>,
    budget: &mut Budget,
) -> Result<Option<String>, String> {
    if !seen.insert(name.to_owned()) {
        return Ok(None);
    }
    // Some writers store names with a leading slash.
    match limited_part(zip, name, budget)? {
        Some(x) => Ok(Some(x)),
        None => limited_part(zip, &format!("/{name}"), budget),
    }
}

/// A location inside the package: absolute (`/Doc_0/…`) or relative to `dir`.
fn resolve(dir: &str, loc: &str) -> String {
    let loc = loc.trim().replace('\\', "/");
    let mut parts: Vec<&str> = if loc.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    for seg in loc.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

fn xml_err(part: &str, e: impl std::fmt::Display) -> String {
    format!("{part} 无效：{e}")
}

/// The texts of every element called `tag`.
fn texts_of(xml: &str, name: &str, tag: &[u8]) -> Result<Vec<String>, String> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut inside = false;
    loop {
        match reader.read_event().map_err(|e| xml_err(name, e))? {
            Event::Start(e) if e.local_name().as_ref() == tag => {
                inside = true;
                out.push(String::new());
            }
            Event::End(e) if e.local_name().as_ref() == tag => inside = false,
            Event::Text(t) if inside => {
                let t = t.unescape().map_err(|e| xml_err(name, e))?;
                if let Some(last) = out.last_mut() {
                    last.push_str(&t);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// Width and height of the document's default page area (mm), the content part of each page
/// and the resource parts.
type PagesOf = ((f64, f64), Vec<String>, Vec<String>);

fn pages_of(xml: &str, name: &str) -> Result<PagesOf, String> {
    let mut reader = Reader::from_str(xml);
    let mut size = (210.0, 297.0);
    let mut locs = Vec::new();
    let mut res = Vec::new();
    let mut in_res = false;
    let mut in_box = false;
    let mut depth_in_pages = false;
    loop {
        match reader.read_event().map_err(|e| xml_err(name, e))? {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                b"Pages" => depth_in_pages = true,
                b"Page" if depth_in_pages => locs.extend(attr(&e, b"BaseLoc")),
                b"PhysicalBox" if !depth_in_pages => in_box = true,
                b"PublicRes" | b"DocumentRes" => {
                    in_res = true;
                    res.push(String::new());
                }
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                b"Pages" => depth_in_pages = false,
                b"PhysicalBox" => in_box = false,
                b"PublicRes" | b"DocumentRes" => in_res = false,
                _ => {}
            },
            Event::Text(t) if in_res => {
                if let Some(last) = res.last_mut() {
                    last.push_str(&t.unescape().map_err(|e| xml_err(name, e))?);
                }
            }
            Event::Text(t) if in_box => {
                let t = t.unescape().map_err(|e| xml_err(name, e))?;
                if let Some(s) = page_size(&t) {
                    size = s;
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok((size, locs, res))
}

/// A `PhysicalBox` (`x y width height`, mm) as width and height, if it is a page's size.
fn page_size(text: &str) -> Option<(f64, f64)> {
    let v = numbers(text);
    let (w, h) = (*v.get(2)?, *v.get(3)?);
    (w > 0.0 && h > 0.0 && w < 1e5 && h < 1e5).then_some((w, h))
}

fn numbers(s: &str) -> Vec<f64> {
    s.split_whitespace()
        .filter_map(|n| n.parse::<f64>().ok())
        .filter(|v| v.is_finite())
        .collect()
}

/// A `DeltaX`/`DeltaY` list: numbers, and `g n v` for `n` times `v`.
fn deltas(s: &str, want: usize) -> Vec<f64> {
    let mut out = Vec::new();
    let mut it = s.split_whitespace();
    while let Some(tok) = it.next() {
        if out.len() >= want {
            break;
        }
        if tok == "g" {
            let n = it.next().and_then(|n| n.parse::<usize>().ok()).unwrap_or(0);
            let v = it.next().and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
            out.extend(std::iter::repeat_n(v, n.min(want - out.len())));
        } else if let Ok(v) = tok.parse::<f64>() {
            out.push(v);
        }
    }
    out
}

/// The text object being read: its boundary's origin, size and matrix.
struct TextObject {
    x: f64,
    y: f64,
    size: f64,
    ctm: [f64; 6],
    font: Option<Arc<str>>,
    /// Where the next `TextCode` without a position goes (object space).
    next: (f64, f64),
    /// `FillColor`, or its draw parameter's.
    ink: Ink,
}

/// A draw parameter's colours and line width (resource `DrawParam`).
#[derive(Clone, Copy, Default)]
struct Param {
    fill: Option<Ink>,
    stroke: Option<Ink>,
    width: Option<f64>,
}

/// The path object being read: its frame, line width, colours, paint and outline.
struct PathObject {
    frame: TextObject,
    width: f64,
    stroke: bool,
    fill: bool,
    stroke_ink: Ink,
    fill_ink: Ink,
    data: String,
}

/// Text drawn by composite graphic units, by unit ID, in the unit's own space.
type Units = HashMap<String, Vec<Run>>;

/// What the resource parts define: composite units and font names, by ID.
#[derive(Default)]
struct Res {
    units: Units,
    fonts: HashMap<String, Arc<str>>,
    params: HashMap<String, Param>,
}

/// What a page or resource part draws or defines.
#[derive(Default)]
struct Drawn {
    size: Option<(f64, f64)>,
    runs: Vec<Run>,
    rules: Vec<Rule>,
    units: Units,
    fonts: HashMap<String, Arc<str>>,
    params: HashMap<String, Param>,
}

/// A `FillColor`/`StrokeColor`: `Value` as RGB 0–255 (grey with one component, CMYK with
/// four); a colour by palette index, shading or another space is unknown.
fn colour(e: &BytesStart) -> Ink {
    if attr(e, b"ColorSpace").is_some() || attr(e, b"Index").is_some() {
        return Ink::Unknown;
    }
    let Some(v) = attr(e, b"Value") else {
        return Ink::Unknown;
    };
    let v = v.trim();
    if let Some(hex) = v.strip_prefix('#') {
        let c = |i: usize| {
            hex.get(i..i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        };
        return match (hex.len(), c(0), c(2), c(4)) {
            (6, Some(r), Some(g), Some(b)) => {
                Ink::rgb(r as f64 / 255.0, g as f64 / 255.0, b as f64 / 255.0)
            }
            _ => Ink::Unknown,
        };
    }
    let n: Vec<f64> = numbers(v).into_iter().map(|x| x / 255.0).collect();
    match n.as_slice() {
        [g] => Ink::gray(*g),
        [r, g, b] => Ink::rgb(*r, *g, *b),
        [c, m, y, k] => Ink::cmyk(*c, *m, *y, *k),
        _ => Ink::Unknown,
    }
}

/// An `AbbreviatedData` outline as straight subpaths (points in object space); a subpath
/// with a curve or arc is left out.
fn outline(data: &str) -> Vec<Vec<(f64, f64)>> {
    let mut out: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut cur: Vec<(f64, f64)> = Vec::new();
    let mut curved = false;
    let tokens: Vec<&str> = data.split_whitespace().take(40_000).collect();
    let mut i = 0;
    let num = |i: usize| {
        tokens
            .get(i)
            .and_then(|t| t.parse::<f64>().ok())
            .filter(|v| v.is_finite())
    };
    let finish = |cur: &mut Vec<(f64, f64)>, curved: &mut bool, out: &mut Vec<Vec<(f64, f64)>>| {
        if !*curved && cur.len() > 1 {
            out.push(std::mem::take(cur));
        }
        cur.clear();
        *curved = false;
    };
    while i < tokens.len() {
        let (op, n) = match tokens[i] {
            "S" | "M" | "L" => (tokens[i], 2),
            "Q" => ("Q", 4),
            "B" => ("B", 6),
            "A" => ("A", 7),
            "C" => ("C", 0),
            _ => {
                i += 1;
                continue;
            }
        };
        let v: Option<Vec<f64>> = (1..=n).map(|k| num(i + k)).collect();
        i += 1 + n;
        let Some(v) = v else { continue };
        match op {
            "S" | "M" => {
                finish(&mut cur, &mut curved, &mut out);
                cur.push((v[0], v[1]));
            }
            "L" => cur.push((v[0], v[1])),
            "C" => {
                if let Some(&first) = cur.first() {
                    cur.push(first);
                }
            }
            _ => {
                curved = true;
                cur.push((v[n - 2], v[n - 1]));
            }
        }
    }
    finish(&mut cur, &mut curved, &mut out);
    out
}

impl PathObject {
    fn of(e: &BytesStart, res: &Res) -> PathObject {
        let param = attr(e, b"DrawParam")
            .and_then(|id| res.params.get(&id).copied())
            .unwrap_or_default();
        let flag = |k: &[u8], default: bool| attr(e, k).map_or(default, |v| v.trim() == "true");
        let width = attr(e, b"LineWidth")
            .and_then(|v| v.trim().parse::<f64>().ok())
            .filter(|v| v.is_finite())
            .or(param.width)
            .unwrap_or(0.353);
        PathObject {
            frame: TextObject::of(e, res),
            width,
            stroke: flag(b"Stroke", true),
            fill: flag(b"Fill", false),
            stroke_ink: param.stroke.unwrap_or_default(),
            fill_ink: param.fill.unwrap_or_default(),
            data: String::new(),
        }
    }

    /// Its horizontal lines: stroked segments, and a filled outline no taller than 1.5 mm.
    fn rules(&self, rules: &mut Vec<Rule>) {
        let o = &self.frame;
        let [a, b, c, d, e, f] = o.ctm;
        let at = |(px, py): (f64, f64)| (o.x + a * px + c * py + e, o.y + b * px + d * py + f);
        let scale = (a * d - b * c).abs().sqrt();
        for sp in outline(&self.data) {
            let pts: Vec<(f64, f64)> = sp.into_iter().map(at).collect();
            if self.stroke {
                for w in pts.windows(2) {
                    push_rule(
                        rules,
                        w[0],
                        w[1],
                        (self.width * scale).max(0.05),
                        self.stroke_ink,
                    );
                }
            }
            if self.fill && pts.len() > 2 {
                push_filled(rules, &pts, self.fill_ink);
            }
        }
    }
}

/// The text of a page's content (and of the composite objects it places from `units`), or
/// of the composite graphic units a resource part defines.
fn walk(xml: &str, name: &str, res: &Res, budget: &mut Budget) -> Result<Drawn, String> {
    let mut reader = Reader::from_str(xml);
    let mut out = Drawn::default();
    let mut object: Option<TextObject> = None;
    let mut code: Code = None;
    let mut in_box = false;
    let mut unit: Option<String> = None;
    let mut path: Option<PathObject> = None;
    let mut in_data = false;
    let mut param: Option<(String, Param)> = None;
    let mut depth = 0usize;
    loop {
        let event = reader.read_event().map_err(|e| xml_err(name, e))?;
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(e) | Event::Empty(e) => {
                if !empty {
                    depth += 1;
                    if depth > 512 {
                        return Err(format!("{name} 嵌套过深，不读取"));
                    }
                }
                match e.local_name().as_ref() {
                    b"CompositeGraphicUnit" if !empty => {
                        unit = attr(&e, b"ID");
                    }
                    b"Font" => {
                        if let (Some(id), Some(font)) = (attr(&e, b"ID"), font_name(&e)) {
                            budget.records(font.len())?;
                            out.fonts.insert(id, font);
                        }
                    }
                    b"DrawParam" if !empty => {
                        let width =
                            attr(&e, b"LineWidth").and_then(|v| v.trim().parse::<f64>().ok());
                        param = attr(&e, b"ID").map(|id| {
                            (
                                id,
                                Param {
                                    width: width.filter(|v| v.is_finite()),
                                    ..Param::default()
                                },
                            )
                        });
                    }
                    b"PathObject" if !empty && unit.is_none() => {
                        path = Some(PathObject::of(&e, res));
                    }
                    b"AbbreviatedData" if !empty && path.is_some() => in_data = true,
                    b"FillColor" | b"StrokeColor" => {
                        let ink = colour(&e);
                        let fill = e.local_name().as_ref() == b"FillColor";
                        if let Some(p) = &mut path {
                            if fill {
                                p.fill_ink = ink;
                            } else {
                                p.stroke_ink = ink;
                            }
                        } else if let Some(o) = &mut object {
                            if fill {
                                o.ink = ink;
                            }
                        } else if let Some((_, p)) = &mut param {
                            if fill {
                                p.fill = Some(ink);
                            } else {
                                p.stroke = Some(ink);
                            }
                        }
                    }
                    b"CompositeObject" => {
                        let placed = attr(&e, b"ResourceID").and_then(|id| res.units.get(&id));
                        if let Some(runs) = placed {
                            let frame = TextObject::of(&e, res);
                            budget.records(runs.len() * std::mem::size_of::<Run>())?;
                            for r in runs {
                                budget.text(r.text.len())?;
                                out.runs.push(frame.place_run(r));
                            }
                        }
                    }
                    _ if empty => open(&e, res, &mut object, &mut None, &mut false),
                    _ => open(&e, res, &mut object, &mut code, &mut in_box),
                }
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                match e.local_name().as_ref() {
                    b"TextObject" => object = None,
                    b"AbbreviatedData" => in_data = false,
                    b"PathObject" => {
                        if let Some(p) = path.take() {
                            let before = out.rules.len();
                            p.rules(&mut out.rules);
                            budget.records(
                                (out.rules.len() - before) * std::mem::size_of::<Rule>(),
                            )?;
                        }
                    }
                    b"DrawParam" => {
                        if let Some((id, p)) = param.take() {
                            budget.records(id.len() + std::mem::size_of::<Param>())?;
                            out.params.insert(id, p);
                        }
                    }
                    b"PhysicalBox" => in_box = false,
                    b"CompositeGraphicUnit" => unit = None,
                    b"TextCode" => {
                        if let (Some(o), Some((x, y, dx, text))) = (&mut object, code.take()) {
                            budget.text(text.len())?;
                            budget.records(std::mem::size_of::<Run>())?;
                            let run = place(o, x, y, &dx, text);
                            match &unit {
                                Some(id) => out.units.entry(id.clone()).or_default().push(run),
                                None => out.runs.push(run),
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) if in_data => {
                if let Some(p) = &mut path {
                    if p.data.len() < 1 << 20 {
                        p.data
                            .push_str(&t.unescape().map_err(|e| xml_err(name, e))?);
                    }
                }
            }
            Event::Text(t) => {
                if let Some((.., text)) = &mut code {
                    text.push_str(&t.unescape().map_err(|e| xml_err(name, e))?);
                } else if in_box {
                    let t = t.unescape().map_err(|e| xml_err(name, e))?;
                    if let Some(s) = page_size(&t) {
                        out.size = Some(s);
                    }
                }
            }
            Event::CData(t) => {
                if let Some((.., text)) = &mut code {
                    text.push_str(&String::from_utf8_lossy(&t));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

type Code = Option<(Option<f64>, Option<f64>, String, String)>;

/// A font resource's name: `FontName`, else `FamilyName`.
fn font_name(e: &BytesStart) -> Option<Arc<str>> {
    let name = attr(e, b"FontName")
        .filter(|n| !n.trim().is_empty())
        .or_else(|| attr(e, b"FamilyName"))?;
    let name = name.trim();
    let name: String = name.chars().take(128).collect();
    (!name.is_empty()).then(|| Arc::from(name))
}

impl TextObject {
    /// An object's frame: its boundary's origin, size, matrix and font.
    fn of(e: &BytesStart, res: &Res) -> TextObject {
        let num = |k: &[u8]| {
            attr(e, k)
                .and_then(|v| v.trim().parse::<f64>().ok())
                .filter(|v| v.is_finite())
        };
        let b = attr(e, b"Boundary")
            .map(|s| numbers(&s))
            .unwrap_or_default();
        let ctm = attr(e, b"CTM")
            .map(|s| numbers(&s))
            .filter(|v| v.len() == 6)
            .map_or([1.0, 0.0, 0.0, 1.0, 0.0, 0.0], |v| {
                [v[0], v[1], v[2], v[3], v[4], v[5]]
            });
        TextObject {
            x: b.first().copied().unwrap_or(0.0),
            y: b.get(1).copied().unwrap_or(0.0),
            size: num(b"Size").unwrap_or(3.5),
            ctm,
            font: attr(e, b"Font").and_then(|id| res.fonts.get(&id).cloned()),
            next: (0.0, 0.0),
            ink: attr(e, b"DrawParam")
                .and_then(|id| res.params.get(&id)?.fill)
                .unwrap_or_default(),
        }
    }

    /// A run drawn in a composite unit's space, placed by this composite object.
    fn place_run(&self, r: &Run) -> Run {
        let [a, b, c, d, e, f] = self.ctm;
        let at = |px: f64, py: f64| (a * px + c * py + e, b * px + d * py + f);
        let (x0, y0) = at(r.x, r.y);
        let (x1, _) = at(r.end, r.y);
        let scale = (c * c + d * d).sqrt();
        Run {
            x: self.x + x0.min(x1),
            y: self.y + y0,
            end: self.x + x0.max(x1),
            size: r.size * if scale > 0.0 { scale } else { 1.0 },
            text: r.text.clone(),
            font: r.font.clone(),
            ink: r.ink,
        }
    }
}

fn open(
    e: &BytesStart,
    res: &Res,
    object: &mut Option<TextObject>,
    code: &mut Code,
    in_box: &mut bool,
) {
    let num = |k: &[u8]| {
        attr(e, k)
            .and_then(|v| v.trim().parse::<f64>().ok())
            .filter(|v| v.is_finite())
    };
    match e.local_name().as_ref() {
        b"TextObject" => *object = Some(TextObject::of(e, res)),
        b"TextCode" => {
            *code = Some((
                num(b"X"),
                num(b"Y"),
                attr(e, b"DeltaX").unwrap_or_default(),
                String::new(),
            ));
        }
        b"PhysicalBox" => *in_box = true,
        _ => {}
    }
}

/// A `TextCode` on the page: its position through the object's matrix and boundary, its end
/// from the character advances (`DeltaX`) or, without them, from the font size.
fn place(o: &mut TextObject, x: Option<f64>, y: Option<f64>, dx: &str, text: String) -> Run {
    let (x, y) = (x.unwrap_or(o.next.0), y.unwrap_or(o.next.1));
    let n = text.chars().count();
    let steps = deltas(dx, n.saturating_sub(1));
    let mut width: f64 = steps.iter().sum();
    let last = text.chars().skip(steps.len()).map(em_width).sum::<f64>();
    width += last * o.size;
    o.next = (x + width, y);
    let [a, b, c, d, e, f] = o.ctm;
    let at = |px: f64, py: f64| (a * px + c * py + e, b * px + d * py + f);
    let (x0, y0) = at(x, y);
    let (x1, _) = at(x + width, y);
    let scale = (c * c + d * d).sqrt();
    Run {
        x: o.x + x0.min(x1),
        y: o.y + y0,
        end: o.x + x0.max(x1),
        size: o.size * if scale > 0.0 { scale } else { 1.0 },
        text,
        font: o.font.clone(),
        ink: o.ink,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn composite_objects_place_their_unit_text() {
        let res = r#"<ofd:Res xmlns:ofd="o"><ofd:CompositeGraphicUnits><ofd:CompositeGraphicUnit ID="5"><ofd:Content><ofd:TextObject Boundary="0 0 50 10" Size="4"><ofd:TextCode X="1" Y="4">关于</ofd:TextCode></ofd:TextObject></ofd:Content></ofd:CompositeGraphicUnit></ofd:CompositeGraphicUnits></ofd:Res>"#;
        let mut b = Budget::unlimited();
        let units = walk(res, "PublicRes.xml", &Res::default(), &mut b)
            .unwrap()
            .units;
        let res = Res {
            units,
            ..Res::default()
        };
        let page = r#"<ofd:Page xmlns:ofd="o"><ofd:Content><ofd:Layer><ofd:CompositeObject ID="9" Boundary="10 20 100 10" CTM="2 0 0 2 0 0" ResourceID="5"/></ofd:Layer></ofd:Content></ofd:Page>"#;
        let drawn = walk(page, "Content.xml", &res, &mut b).unwrap();
        let r = &drawn.runs[0];
        assert_eq!(r.text, "关于");
        assert_eq!((r.x, r.y, r.size), (12.0, 28.0, 8.0));
    }

    #[test]
    fn text_colours_and_drawn_lines() {
        let res = r#"<ofd:Res xmlns:ofd="o"><ofd:DrawParams><ofd:DrawParam ID="3" LineWidth="0.5"><ofd:FillColor Value="0 0 255"/><ofd:StrokeColor Value="255 0 0"/></ofd:DrawParam></ofd:DrawParams></ofd:Res>"#;
        let mut b = Budget::unlimited();
        let params = walk(res, "PublicRes.xml", &Res::default(), &mut b)
            .unwrap()
            .params;
        let res = Res {
            params,
            ..Res::default()
        };
        let page = r##"<ofd:Page xmlns:ofd="o"><ofd:Content><ofd:Layer>
            <ofd:TextObject Boundary="28 40 156 10" Size="5"><ofd:FillColor Value="#FF0000"/><ofd:TextCode X="0" Y="5">某某文件</ofd:TextCode></ofd:TextObject>
            <ofd:TextObject Boundary="28 60 156 10" Size="5" DrawParam="3"><ofd:TextCode X="0" Y="5">正文</ofd:TextCode></ofd:TextObject>
            <ofd:TextObject Boundary="28 70 156 10" Size="5"><ofd:FillColor ColorSpace="4" Value="1"/><ofd:TextCode X="0" Y="5">专色</ofd:TextCode></ofd:TextObject>
            <ofd:PathObject Boundary="28 50 156 2" DrawParam="3"><ofd:AbbreviatedData>M 0 1 L 156 1</ofd:AbbreviatedData></ofd:PathObject>
            <ofd:PathObject Boundary="28 80 156 2" LineWidth="0.2"><ofd:StrokeColor Value="0 0 0"/><ofd:AbbreviatedData>M 0 0 Q 5 5 10 0 L 156 0</ofd:AbbreviatedData></ofd:PathObject>
            <ofd:PathObject Boundary="28 90 156 2" Stroke="false" Fill="true"><ofd:AbbreviatedData>M 0 0 L 156 0 L 156 0.8 L 0 0.8 C</ofd:AbbreviatedData></ofd:PathObject>
            </ofd:Layer></ofd:Content></ofd:Page>"##;
        let drawn = walk(page, "Content.xml", &res, &mut b).unwrap();
        let inks: Vec<Ink> = drawn.runs.iter().map(|r| r.ink).collect();
        assert_eq!(
            inks,
            [Ink::Rgb([255, 0, 0]), Ink::Rgb([0, 0, 255]), Ink::Unknown]
        );
        // The curved outline is no line; the stroked one and the thin filled one are.
        let rules: Vec<(f64, f64, f64, Ink)> = drawn
            .rules
            .iter()
            .map(|r| {
                let round = |v: f64| (v * 1000.0).round() / 1000.0;
                (round(r.y), round(r.x1 - r.x0), round(r.thickness), r.ink)
            })
            .collect();
        assert_eq!(
            rules,
            [
                (51.0, 156.0, 0.5, Ink::Rgb([255, 0, 0])),
                (90.4, 156.0, 0.8, Ink::Black)
            ]
        );
    }

    #[test]
    fn paths_and_deltas() {
        assert_eq!(
            resolve("Doc_0", "Pages/Page_0/Content.xml"),
            "Doc_0/Pages/Page_0/Content.xml"
        );
        assert_eq!(resolve("Doc_0", "/Doc_0/Pages/P.xml"), "Doc_0/Pages/P.xml");
        assert_eq!(resolve("Doc_0/a", "../Res/x.xml"), "Doc_0/Res/x.xml");
        assert_eq!(deltas("1 g 3 2.5 4", 10), [1.0, 2.5, 2.5, 2.5, 4.0]);
        assert_eq!(deltas("g 100000000 1", 3).len(), 3);
    }
}
