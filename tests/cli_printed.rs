//! GB/T 9704 layout on the printed page: a PDF and an OFD made from a .docx get the layout
//! findings the .docx gets, each naming its page, and the well-set draft gets none in any
//! format. The files are tests/printed/ (made by its make.py; the ignored test makes them
//! again and checks the same).

mod common;

use std::path::Path;

use common::{file_in, gwlint};
use serde_json::Value;

/// `gwlint check --format json --select format .` in `dir` (the JSON schema, which lists pdf
/// and ofd, is checked by cli_readers.rs).
fn layout_report(dir: &Path) -> Value {
    let out = gwlint()
        .current_dir(dir)
        .args([
            "check",
            "--format",
            "json",
            "--fail-on",
            "never",
            "--select",
            "format",
            ".",
        ])
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

/// What each layout finding is about: (rule, the message up to its value), sorted — the
/// values themselves differ (a .docx states a margin, a page shows at most how wide it is).
fn layout_findings(file: &Value) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = file["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"].as_str().unwrap().starts_with("format/"))
        .map(|d| {
            let m = d["message"].as_str().unwrap();
            let cut = ["为", "至多", "缺失", "用"]
                .iter()
                .filter_map(|w| m.find(w))
                .min()
                .unwrap_or(m.len());
            (d["rule"].as_str().unwrap().to_owned(), m[..cut].to_owned())
        })
        .collect();
    v.sort();
    v
}

fn printed() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/printed")
}

fn findings_by_format(dir: &Path, name: &str) -> [Vec<(String, String)>; 3] {
    let r = layout_report(dir);
    ["docx", "pdf", "ofd"].map(|ext| layout_findings(file_in(&r, &format!("{name}.{ext}"))))
}

#[test]
fn a_layout_bad_pdf_and_ofd_get_the_layout_findings_of_their_docx() {
    let [docx, pdf, ofd] = findings_by_format(&printed(), "坏");
    assert!(docx.len() >= 10, "{docx:#?}");
    assert_eq!(pdf, docx);
    assert_eq!(ofd, docx);
}

#[test]
fn the_well_set_draft_gets_no_layout_findings_in_any_format() {
    let [docx, pdf, ofd] = findings_by_format(&printed(), "好");
    assert!(
        docx.is_empty() && pdf.is_empty() && ofd.is_empty(),
        "{docx:?} {pdf:?} {ofd:?}"
    );
}

#[test]
fn printed_layout_findings_name_their_page() {
    let r = layout_report(&printed());
    for name in ["坏.pdf", "坏.ofd"] {
        for d in file_in(&r, name)["diagnostics"].as_array().unwrap() {
            let m = d["message"].as_str().unwrap();
            assert!(m.ends_with("页）") && m.contains("（第"), "{name}: {m}");
        }
    }
    // A .docx has no pages to name.
    for d in file_in(&r, "坏.docx")["diagnostics"].as_array().unwrap() {
        assert!(!d["message"].as_str().unwrap().contains("（第1页）"), "{d}");
    }
}

/// Makes the fixtures again (LibreOffice, python-docx, fonttools, pdfminer.six and the
/// WenQuanYi Zen Hei font) and checks them the same way.
#[test]
#[ignore = "needs LibreOffice, fonts-wqy-zenhei and a Python with python-docx, fonttools and pdfminer.six (GWLINT_PYTHON)"]
fn libreoffice_made_pdf_and_ofd_get_the_layout_findings_of_their_docx() {
    let dir = tempfile::tempdir().unwrap();
    let python = std::env::var_os("GWLINT_PYTHON").unwrap_or_else(|| "python3".into());
    let ok = std::process::Command::new(python)
        .arg(printed().join("make.py"))
        .arg(dir.path())
        .status()
        .unwrap();
    assert!(ok.success());
    let [docx, pdf, ofd] = findings_by_format(dir.path(), "坏");
    assert!(docx.len() >= 10);
    assert_eq!((&pdf, &ofd), (&docx, &docx));
    let [docx, pdf, ofd] = findings_by_format(dir.path(), "好");
    assert!(
        docx.is_empty() && pdf.is_empty() && ofd.is_empty(),
        "{pdf:?} {ofd:?}"
    );
}

/// A 公文 with a 版头 and a 版记, set the same way in a .docx, a PDF and an OFD: each line
/// (its text, where it stands in mm from the top-left, and its colour) and the lines drawn
/// as wide as the 版心 (mm from the top, thickness, colour).
struct Drawn {
    lines: Vec<(&'static str, f64, f64, Option<&'static str>)>,
    rules: Vec<(f64, f64, &'static str)>,
}

const LEFT: f64 = 28.0;
const WIDTH: f64 = 156.0;
const EM: f64 = 16.0 * 25.4 / 72.0;

fn centred(text: &str) -> f64 {
    LEFT + (WIDTH - text.chars().count() as f64 * EM) / 2.0
}

/// The issuer mark in `issuer` colour, a body line in `body` colour, the 版记 ruled or not.
fn drawn(issuer: Option<&'static str>, body: Option<&'static str>, ruled: bool) -> Drawn {
    let full = "现将有关事项通知如下，请各单位认真组织学习，按时报送";
    let mut lines = vec![
        (
            "某某市人民政府文件",
            centred("某某市人民政府文件"),
            60.0,
            issuer,
        ),
        (
            "某政发〔2024〕5号",
            centred("某政发〔2024〕5号"),
            80.0,
            None,
        ),
        (
            "关于开展安全检查的通知",
            centred("关于开展安全检查的通知"),
            95.0,
            None,
        ),
        ("各区县人民政府：", LEFT, 110.0, None),
        (full, LEFT + 2.0 * EM, 120.0, None),
        ("材料，确保检查工作落到实处。", LEFT, 130.2, body),
        ("某某市人民政府", 130.0, 150.0, None),
        ("2024年3月1日", 130.0, 160.0, None),
        (
            "抄送：市委办公室，市人大常委会办公室。",
            LEFT + EM,
            247.0,
            None,
        ),
        (
            "某某市人民政府办公室2024年3月1日印发",
            LEFT + EM,
            257.0,
            None,
        ),
    ];
    lines.iter_mut().for_each(|l| assert!(l.1 > 0.0));
    let mut rules = vec![(84.0, 0.6, "FF0000")];
    if ruled {
        rules.extend([
            (240.0, 0.6, "000000"),
            (250.5, 0.2, "000000"),
            (261.0, 0.6, "000000"),
        ]);
    }
    Drawn { lines, rules }
}

fn docx_of(path: &Path, d: &Drawn) {
    use std::io::Write;
    let mut body = String::new();
    let run = |t: &str, c: Option<&str>| match c {
        Some(c) => format!(r#"<w:r><w:rPr><w:color w:val="{c}"/></w:rPr><w:t>{t}</w:t></w:r>"#),
        None => format!("<w:r><w:t>{t}</w:t></w:r>"),
    };
    let ruled = d.rules.len() > 1;
    for (i, (text, _, _, colour)) in d.lines.iter().enumerate() {
        if i == 5 {
            continue;
        }
        let mut runs = run(text, *colour);
        if i == 4 {
            runs.push_str(&run(d.lines[5].0, d.lines[5].3));
        }
        let border = match i {
            8 if ruled => {
                r#"<w:pPr><w:pBdr><w:top w:val="single" w:sz="8"/><w:bottom w:val="single" w:sz="4"/></w:pBdr></w:pPr>"#
            }
            9 if ruled => r#"<w:pPr><w:pBdr><w:bottom w:val="single" w:sz="8"/></w:pBdr></w:pPr>"#,
            _ => "",
        };
        body.push_str(&format!("<w:p>{border}{runs}</w:p>"));
    }
    let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let opts = zip::write::SimpleFileOptions::default();
    z.start_file("word/document.xml", opts).unwrap();
    write!(z, r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#).unwrap();
    z.finish().unwrap();
}

/// PDF points from mm; `y` from the top of an A4 page.
fn pt(mm: f64) -> f64 {
    mm * 72.0 / 25.4
}

fn rgb(c: &str) -> String {
    let v = |i: usize| u8::from_str_radix(&c[i..i + 2], 16).unwrap() as f64 / 255.0;
    format!("{} {} {}", v(0), v(2), v(4))
}

/// Text in a Type0 font of UCS-2 codes; rules drawn thick as filled rectangles (Word's way),
/// thin as stroked paths, under a CTM that scales by two.
fn pdf_of(path: &Path, d: &Drawn) {
    let mut content = String::from("0.5 0 0 0.5 0 0 cm 2 0 0 2 0 0 cm\n");
    for (text, x, y, colour) in &d.lines {
        let hex: String = text.encode_utf16().map(|u| format!("{u:04X}")).collect();
        let fill = colour.map_or("0 g".to_owned(), |c| format!("{} rg", rgb(c)));
        content.push_str(&format!(
            "BT {fill} /F1 16 Tf 1 0 0 1 {} {} Tm <{hex}> Tj ET\n",
            pt(*x),
            842.0 - pt(*y)
        ));
    }
    for (y, thick, colour) in &d.rules {
        let y = 842.0 - pt(*y);
        if *thick >= 0.5 {
            content.push_str(&format!(
                "q {} rg 1 0 0 1 {} {} cm 0 {} {} {} re f Q\n",
                rgb(colour),
                pt(LEFT),
                y,
                -pt(*thick) / 2.0,
                pt(WIDTH),
                pt(*thick)
            ));
        } else {
            content.push_str(&format!(
                "q {} RG {} w {} {y} m {} {y} l S Q\n",
                rgb(colour),
                pt(*thick),
                pt(LEFT),
                pt(LEFT + WIDTH)
            ));
        }
    }
    let objs = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len() + 1),
        "<< /Type /Font /Subtype /Type0 /Encoding /UniGB-UCS2-H /DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /DW 1000 >>] >>".to_owned(),
    ];
    std::fs::write(path, common::pdf_of_objects("1.5", &objs)).unwrap();
}

/// Text objects with `FillColor`; thick rules as filled outlines, thin ones stroked with a
/// colour from a `DrawParam`.
fn ofd_of(path: &Path, d: &Drawn) {
    use std::io::Write;
    let ns = "http://www.ofdspec.org/2016";
    let dec = |c: &str| {
        let v = |i: usize| u8::from_str_radix(&c[i..i + 2], 16).unwrap();
        format!("{} {} {}", v(0), v(2), v(4))
    };
    let mut page = format!(r#"<ofd:Page xmlns:ofd="{ns}"><ofd:Content><ofd:Layer>"#);
    for (i, (text, x, y, colour)) in d.lines.iter().enumerate() {
        let fill = colour.map_or(String::new(), |c| {
            format!(r#"<ofd:FillColor Value="{}"/>"#, dec(c))
        });
        page.push_str(&format!(
            r#"<ofd:TextObject ID="{i}" Boundary="{x} {} 200 10" Size="{EM}">{fill}<ofd:TextCode X="0" Y="{EM}">{text}</ofd:TextCode></ofd:TextObject>"#,
            y - EM
        ));
    }
    for (i, (y, thick, colour)) in d.rules.iter().enumerate() {
        if *thick >= 0.5 {
            page.push_str(&format!(
                r#"<ofd:PathObject ID="p{i}" Boundary="{LEFT} {} {WIDTH} 2" Stroke="false" Fill="true"><ofd:FillColor Value="{}"/><ofd:AbbreviatedData>M 0 1 L {WIDTH} 1 L {WIDTH} {} L 0 {} C</ofd:AbbreviatedData></ofd:PathObject>"#,
                y - 1.0,
                dec(colour),
                1.0 + thick,
                1.0 + thick
            ));
        } else {
            page.push_str(&format!(
                r#"<ofd:PathObject ID="p{i}" Boundary="{LEFT} {} {WIDTH} 2" DrawParam="9"><ofd:AbbreviatedData>M 0 1 L {WIDTH} 1</ofd:AbbreviatedData></ofd:PathObject>"#,
                y - 1.0
            ));
        }
    }
    page.push_str("</ofd:Layer></ofd:Content></ofd:Page>");
    let parts = [
        (
            "OFD.xml",
            format!(
                r#"<ofd:OFD xmlns:ofd="{ns}"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"#
            ),
        ),
        (
            "Doc_0/Document.xml",
            format!(
                r#"<ofd:Document xmlns:ofd="{ns}"><ofd:CommonData><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>Res.xml</ofd:PublicRes></ofd:CommonData><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>"#
            ),
        ),
        (
            "Doc_0/Res.xml",
            format!(
                r#"<ofd:Res xmlns:ofd="{ns}"><ofd:DrawParams><ofd:DrawParam ID="9" LineWidth="0.2"><ofd:StrokeColor Value="0 0 0"/></ofd:DrawParam></ofd:DrawParams></ofd:Res>"#
            ),
        ),
        ("Doc_0/Pages/Page_0/Content.xml", page),
    ];
    let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, xml) in parts {
        z.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(xml.as_bytes()).unwrap();
    }
    z.finish().unwrap();
}

/// The colour and 版记 findings of each format.
fn ink_findings(d: &Drawn) -> [Vec<(String, String)>; 3] {
    let dir = tempfile::tempdir().unwrap();
    docx_of(&dir.path().join("件.docx"), d);
    pdf_of(&dir.path().join("件.pdf"), d);
    ofd_of(&dir.path().join("件.ofd"), d);
    let r = layout_report(dir.path());
    ["docx", "pdf", "ofd"].map(|ext| {
        layout_findings(file_in(&r, &format!("件.{ext}")))
            .into_iter()
            .filter(|(rule, _)| {
                [
                    "format/issuer-mark",
                    "format/text-colour",
                    "format/imprint-rules",
                ]
                .contains(&rule.as_str())
            })
            .collect()
    })
}

#[test]
fn colours_and_drawn_lines_are_read_from_pdf_and_ofd_as_the_docx_states_them() {
    let [docx, pdf, ofd] = ink_findings(&drawn(Some("FF0000"), None, true));
    assert!(docx.is_empty(), "{docx:?}");
    assert_eq!((&pdf, &ofd), (&docx, &docx));
    let [docx, pdf, ofd] = ink_findings(&drawn(None, Some("0000FF"), false));
    let rules: Vec<&str> = docx.iter().map(|(r, _)| r.as_str()).collect();
    assert_eq!(
        rules,
        [
            "format/imprint-rules",
            "format/issuer-mark",
            "format/text-colour"
        ],
        "{docx:?}"
    );
    assert_eq!(pdf, docx);
    assert_eq!(ofd, docx);
}
