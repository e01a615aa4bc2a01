//! Hostile .ofd, .doc and .pdf files built here: each is refused with a Chinese message naming
//! what is wrong (or read within its budget), never a panic, and the batch goes on.

mod common;

use std::io::Write;
use std::path::Path;

use common::{error_for, gwlint};
use serde_json::Value;

fn check(dir: &Path) -> Value {
    let out = gwlint()
        .current_dir(dir)
        .args(["check", "--format", "json", "--fail-on", "never", "."])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

/// Writes one part of a package.
type Part<'a> = (&'a str, &'a dyn Fn(&mut dyn Write));

/// An OFD package of `parts` (name, XML), deflated.
fn ofd(path: &Path, parts: &[Part]) {
    let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(9));
    for (name, write) in parts {
        z.start_file(*name, opts).unwrap();
        let mut out = std::io::BufWriter::with_capacity(1 << 20, &mut z);
        write(&mut out);
        out.flush().unwrap();
    }
    z.finish().unwrap();
}

const NS: &str = "http://www.ofdspec.org/2016";

fn root(out: &mut dyn Write) {
    write!(out, r#"<ofd:OFD xmlns:ofd="{NS}"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"#).unwrap();
}

fn document(pages: usize) -> impl Fn(&mut dyn Write) {
    move |out: &mut dyn Write| {
        write!(out, r#"<ofd:Document xmlns:ofd="{NS}"><ofd:Pages>"#).unwrap();
        for i in 0..pages {
            // Every page names the same content part.
            write!(
                out,
                r#"<ofd:Page ID="{i}" BaseLoc="Pages/Page_0/Content.xml"/>"#
            )
            .unwrap();
        }
        out.write_all(b"</ofd:Pages></ofd:Document>").unwrap();
    }
}

fn text_page(out: &mut dyn Write) {
    write!(out, r#"<ofd:Page xmlns:ofd="{NS}"><ofd:Content><ofd:Layer><ofd:TextObject Boundary="28 37 156 10" Size="5.6"><ofd:TextCode X="0" Y="5.6">关于开展检查的通知</ofd:TextCode></ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>"#).unwrap();
}

#[test]
fn hostile_ofd_packages_are_refused_or_read_within_budget() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // 64 MB of blanks inside a page: a bomb past 200:1.
    ofd(
        &d.join("炸弹.ofd"),
        &[
            ("OFD.xml", &root),
            ("Doc_0/Document.xml", &document(1)),
            ("Doc_0/Pages/Page_0/Content.xml", &|out: &mut dyn Write| {
                write!(out, r#"<ofd:Page xmlns:ofd="{NS}">"#).unwrap();
                let blanks = vec![b' '; 1 << 20];
                for _ in 0..64 {
                    out.write_all(&blanks).unwrap();
                }
                out.write_all(b"</ofd:Page>").unwrap();
            }),
        ],
    );
    // A million pages naming one part: it is read once.
    ofd(
        &d.join("百万页.ofd"),
        &[
            ("OFD.xml", &root),
            ("Doc_0/Document.xml", &document(1_000_000)),
            ("Doc_0/Pages/Page_0/Content.xml", &text_page),
        ],
    );
    ofd(
        &d.join("嵌套过深.ofd"),
        &[
            ("OFD.xml", &root),
            ("Doc_0/Document.xml", &document(1)),
            ("Doc_0/Pages/Page_0/Content.xml", &|out: &mut dyn Write| {
                out.write_all(&b"<a>".repeat(100_000)).unwrap();
            }),
        ],
    );
    ofd(
        &d.join("缺少入口.ofd"),
        &[("Doc_0/Document.xml", &document(1))],
    );
    ofd(
        &d.join("路径越界.ofd"),
        &[("OFD.xml", &|out: &mut dyn Write| {
            write!(out, r#"<ofd:OFD xmlns:ofd="{NS}"><ofd:DocBody><ofd:DocRoot>../../../etc/passwd</ofd:DocRoot></ofd:DocBody></ofd:OFD>"#).unwrap();
        })],
    );
    let mut truncated = std::fs::read(d.join("百万页.ofd")).unwrap();
    truncated.truncate(truncated.len() / 2);
    std::fs::write(d.join("截断.ofd"), truncated).unwrap();
    let r = check(d);
    assert!(error_for(&r, "炸弹.ofd").contains("压缩炸弹"), "{r:#}");
    assert!(error_for(&r, "嵌套过深.ofd").contains("嵌套过深"), "{r:#}");
    assert!(
        error_for(&r, "缺少入口.ofd").contains("缺少 OFD.xml"),
        "{r:#}"
    );
    assert!(error_for(&r, "路径越界.ofd").contains("缺少"), "{r:#}");
    assert!(error_for(&r, "截断.ofd").contains("zip"), "{r:#}");
    let read = r["files"].as_array().unwrap();
    assert!(read.iter().any(|f| f["path"] == "百万页.ofd"), "{r:#}");
}

/// A compound file with a `WordDocument` stream of `word` and a `0Table` of `table`.
fn cfb_doc(path: &Path, word: &[u8], table: &[u8]) {
    let mut c = cfb::create(path).unwrap();
    c.create_stream("/WordDocument")
        .unwrap()
        .write_all(word)
        .unwrap();
    c.create_stream("/0Table")
        .unwrap()
        .write_all(table)
        .unwrap();
    c.flush().unwrap();
}

/// A Word 97 FIB claiming `ccp_text` characters and a piece table at `fc_clx`/`lcb_clx`.
fn fib(ccp_text: u32, fc_clx: u32, lcb_clx: u32) -> Vec<u8> {
    let mut w = vec![0u8; 1024];
    w[0..2].copy_from_slice(&0xA5ECu16.to_le_bytes());
    w[2..4].copy_from_slice(&193u16.to_le_bytes());
    w[32..34].copy_from_slice(&14u16.to_le_bytes());
    let lw = 34 + 28;
    w[lw..lw + 2].copy_from_slice(&22u16.to_le_bytes());
    w[lw + 2 + 12..lw + 2 + 16].copy_from_slice(&ccp_text.to_le_bytes());
    let fc = lw + 2 + 22 * 4;
    w[fc..fc + 2].copy_from_slice(&93u16.to_le_bytes());
    let at = fc + 2 + 33 * 8;
    w[at..at + 4].copy_from_slice(&fc_clx.to_le_bytes());
    w[at + 4..at + 8].copy_from_slice(&lcb_clx.to_le_bytes());
    w
}

#[test]
fn broken_compound_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut garbage = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    garbage.extend((0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    std::fs::write(d.join("乱码.doc"), &garbage).unwrap();
    std::fs::write(d.join("截断.doc"), &garbage[..300]).unwrap();
    // A piece table pointing far beyond the table stream.
    cfb_doc(
        &d.join("片段表越界.doc"),
        &fib(10, 1 << 30, 1 << 30),
        &[0; 64],
    );
    // A piece claiming four billion characters: only what the stream holds is read.
    let mut clx = vec![0x02];
    clx.extend(16u32.to_le_bytes());
    clx.extend(0u32.to_le_bytes());
    clx.extend(u32::MAX.to_le_bytes());
    clx.extend([0, 0]);
    clx.extend((1024u32 | 0x4000_0000).to_le_bytes());
    clx.extend([0, 0]);
    let mut word = fib(u32::MAX, 0, clx.len() as u32);
    word.extend(b"\xb9\xd8\xd3\xda".repeat(100));
    cfb_doc(&d.join("字数虚报.doc"), &word, &clx);
    // A .wps that is a compound file without Word's stream.
    let mut c = cfb::create(d.join("非文字.wps")).unwrap();
    c.create_stream("/Other").unwrap().write_all(b"x").unwrap();
    c.flush().unwrap();
    drop(c);
    let r = check(d);
    for name in ["乱码.doc", "截断.doc"] {
        assert!(error_for(&r, name).contains("复合文档结构损坏"), "{r:#}");
    }
    assert!(
        error_for(&r, "片段表越界.doc").contains("片段表损坏"),
        "{r:#}"
    );
    assert!(
        error_for(&r, "非文字.wps").contains("WordDocument"),
        "{r:#}"
    );
    assert!(
        r["files"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["path"] == "字数虚报.doc"),
        "{r:#}"
    );
}

fn pdf_objects(objs: &[Vec<u8>], trailer: &str) -> Vec<u8> {
    let mut out = b"%PDF-1.5\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objs.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", i + 1).bytes());
        out.extend(o);
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").bytes());
    }
    out.extend(format!("trailer\n{trailer}\nstartxref\n{xref}\n%%EOF\n").bytes());
    out
}

fn deflate(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn page_with(content: Vec<u8>, filter: &str) -> Vec<Vec<u8>> {
    let mut stream = format!("<< /Length {} {filter}>>\nstream\n", content.len()).into_bytes();
    stream.extend(&content);
    stream.extend(b"\nendstream");
    vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>".to_vec(),
        stream,
    ]
}

#[test]
fn hostile_pdfs_are_refused_without_panic() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let trailer = "<< /Size 5 /Root 1 0 R >>";
    // 256 MB of zeros deflated to a quarter of a megabyte.
    let zeros = vec![0u8; 1 << 20];
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    for _ in 0..256 {
        e.write_all(&zeros).unwrap();
    }
    let bomb = e.finish().unwrap();
    std::fs::write(
        d.join("炸弹.pdf"),
        pdf_objects(&page_with(bomb, "/Filter /FlateDecode "), trailer),
    )
    .unwrap();
    std::fs::write(
        d.join("坏流.pdf"),
        pdf_objects(
            &page_with(
                b"\x78\x9c not deflate at all".to_vec(),
                "/Filter /FlateDecode ",
            ),
            trailer,
        ),
    )
    .unwrap();
    // The cross-reference chain points back at itself.
    let mut looped = pdf_objects(
        &page_with(deflate(b"BT ET"), "/Filter /FlateDecode "),
        trailer,
    );
    let text = String::from_utf8_lossy(&looped).into_owned();
    let xref = text.rfind("startxref\n").unwrap() + 10;
    let xref_at: usize = text[xref..].lines().next().unwrap().parse().unwrap();
    looped = text
        .replace(
            trailer,
            &format!("<< /Size 5 /Root 1 0 R /Prev {xref_at} >>"),
        )
        .into_bytes();
    std::fs::write(d.join("交叉引用环.pdf"), looped).unwrap();
    // A trailer claiming two billion objects, and a file of a hundred thousand empty ones.
    std::fs::write(
        d.join("对象数虚报.pdf"),
        pdf_objects(
            &page_with(b"BT ET".to_vec(), ""),
            "<< /Size 2147483647 /Root 1 0 R >>",
        ),
    )
    .unwrap();
    let mut many = page_with(b"BT ET".to_vec(), "");
    many.extend((0..100_000).map(|_| b"null".to_vec()));
    std::fs::write(
        d.join("对象众多.pdf"),
        pdf_objects(&many, "<< /Size 100005 /Root 1 0 R >>"),
    )
    .unwrap();
    // 14 MB of numbers in one array: lopdf would hold 40 bytes for each two.
    let mut huge = page_with(b"BT ET".to_vec(), "");
    let mut array = b"[".to_vec();
    array.extend(b"0 ".repeat(7 << 20));
    array.push(b']');
    huge.push(array);
    std::fs::write(
        d.join("数组.pdf"),
        pdf_objects(&huge, "<< /Size 6 /Root 1 0 R >>"),
    )
    .unwrap();
    let mut cut = pdf_objects(&page_with(b"BT ET".to_vec(), ""), trailer);
    cut.truncate(60);
    std::fs::write(d.join("截断.pdf"), cut).unwrap();
    let r = check(d);
    assert!(error_for(&r, "炸弹.pdf").contains("压缩炸弹"), "{r:#}");
    assert!(error_for(&r, "数组.pdf").contains("对象结构"), "{r:#}");
    for name in [
        "坏流.pdf",
        "交叉引用环.pdf",
        "对象数虚报.pdf",
        "对象众多.pdf",
        "截断.pdf",
    ] {
        let e = error_for(&r, name);
        assert!(e.contains("PDF"), "{name}: {e}");
    }
}

/// Peak RSS (KB) and report of `gwlint check --format json FILE` under GNU time.
fn peak(dir: &Path, file: &str) -> (u64, Value) {
    let bin = std::env::var_os("GWLINT_BIN")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| assert_cmd::cargo::cargo_bin("gwlint"));
    let out = std::process::Command::new("/usr/bin/time")
        .arg("-v")
        .arg(bin)
        .args(["check", "--format", "json", file])
        .current_dir(dir)
        .output()
        .expect("GNU time");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let kb = stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
        .unwrap_or_else(|| panic!("no peak RSS from GNU time: {stderr}"))
        .trim()
        .parse()
        .unwrap();
    (
        kb,
        serde_json::from_slice(&out.stdout).unwrap_or(Value::Null),
    )
}

/// A gigabyte of zeros, deflated (about 1 MB).
fn gigabyte() -> Vec<u8> {
    let zeros = vec![0u8; 1 << 20];
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    for _ in 0..1024 {
        e.write_all(&zeros).unwrap();
    }
    e.finish().unwrap()
}

#[test]
#[ignore = "needs GNU time; run by .ci/run"]
fn pdf_and_ofd_bombs_stay_within_300_mb() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    let bomb = gigabyte();
    std::fs::write(
        d.join("内容流.pdf"),
        pdf_objects(
            &page_with(bomb.clone(), "/Filter /FlateDecode "),
            "<< /Size 5 /Root 1 0 R >>",
        ),
    )
    .unwrap();
    let mut objs = page_with(b"BT ET".to_vec(), "");
    let mut objstm = format!(
        "<< /Type /ObjStm /N 1 /First 4 /Length {} /Filter /FlateDecode >>\nstream\n",
        bomb.len()
    )
    .into_bytes();
    objstm.extend(&bomb);
    objstm.extend(b"\nendstream");
    objs.push(objstm);
    std::fs::write(
        d.join("对象流.pdf"),
        pdf_objects(&objs, "<< /Size 6 /Root 1 0 R >>"),
    )
    .unwrap();
    ofd(
        &d.join("页面.ofd"),
        &[
            ("OFD.xml", &root),
            ("Doc_0/Document.xml", &document(1)),
            ("Doc_0/Pages/Page_0/Content.xml", &|out: &mut dyn Write| {
                let blanks = vec![b' '; 1 << 20];
                for _ in 0..1024 {
                    out.write_all(&blanks).unwrap();
                }
            }),
        ],
    );
    // 16 MB of `q Q`: eight million operators, which lopdf would hold at 300 bytes each.
    std::fs::write(
        d.join("操作.pdf"),
        pdf_objects(
            &page_with(b"q Q\n".repeat(4 << 20), ""),
            "<< /Size 5 /Root 1 0 R >>",
        ),
    )
    .unwrap();
    let mut failed = Vec::new();
    for (name, why) in [
        ("内容流.pdf", "压缩炸弹"),
        ("对象流.pdf", "压缩炸弹"),
        ("页面.ofd", "压缩炸弹"),
        ("操作.pdf", "没有文字层"),
    ] {
        let (kb, r) = peak(d, name);
        let refused = r["errors"][0]["error"].as_str().unwrap_or("").to_owned();
        println!("{name}: peak {} MB, {refused}", kb / 1024);
        if kb > 300 * 1024 || !refused.contains(why) {
            failed.push(format!("{name}: {} MB, {refused}", kb / 1024));
        }
    }
    assert!(failed.is_empty(), "{failed:#?}");
}

/// A 公文 (title, body) as UCS-2 strings for a Type0 font without a ToUnicode map.
fn ucs2(text: &str) -> String {
    let hex: String = text.encode_utf16().map(|u| format!("{u:04X}")).collect();
    format!("<{hex}>")
}

#[test]
fn absurd_page_geometry_and_fonts_are_measured_without_panic() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let body = "各单位要认真组织学习按时报送材料关于开展检查的工作部署。";
    // Huge and negative boxes, font sizes of 10^20 and 0, text matrices far off the page, a
    // BaseFont of GBK bytes and one 10,000 characters long.
    let content = format!(
        "BT /F1 16 Tf 1 0 0 1 80 700 Tm {} Tj /F2 100000000000000000000 Tf 1 0 0 1 -99999999999 99999999999 Tm {} Tj \
         /F1 0 Tf 0 0 0 0 0 0 Tm {} Tj /F2 16 Tf 1 0 0 1 80 600 Tm {} Tj ET",
        ucs2("关于开展检查的通知"),
        ucs2(body),
        ucs2(body),
        ucs2("— 1 —"),
    );
    for (name, media) in [
        (
            "巨大页面.pdf",
            "[0 0 99999999999999999999 99999999999999999999]",
        ),
        ("负页面.pdf", "[0 0 -595 -842]"),
        ("空页面.pdf", "[0 0 0 0]"),
    ] {
        let long = "F".repeat(10_000);
        let font = |base: &str| {
            format!("<< /Type /Font /Subtype /Type0 /BaseFont /{base} /Encoding /UniGB-UCS2-H /DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /X /DW 1000 >>] >>")
        };
        let page = format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox {media} /Contents 4 0 R /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>"
        );
        let mut objs = page_with(content.clone().into_bytes(), "");
        objs[2] = page.into_bytes();
        objs.push(font("ABCDEF+#B7#C2#CB#CE_GB2312").into_bytes());
        objs.push(font(&long).into_bytes());
        std::fs::write(
            d.join(name),
            pdf_objects(&objs, "<< /Size 7 /Root 1 0 R >>"),
        )
        .unwrap();
    }
    let page = |out: &mut dyn Write| {
        write!(out, r#"<ofd:Page xmlns:ofd="{NS}"><ofd:Area><ofd:PhysicalBox>0 0 NaN inf</ofd:PhysicalBox></ofd:Area><ofd:Content><ofd:Layer>
            <ofd:TextObject Boundary="28 37 156 10" Size="1e300" Font="7"><ofd:TextCode X="0" Y="5.6">关于开展检查的通知</ofd:TextCode></ofd:TextObject>
            <ofd:TextObject Boundary="NaN NaN 1 1" Size="5.6" Font="2" CTM="1e300 0 0 -1e300 0 0"><ofd:TextCode X="NaN" Y="-inf" DeltaX="g 99999 1e308">各单位要认真组织学习按时报送材料关于开展检查的工作部署。</ofd:TextCode></ofd:TextObject>
            <ofd:TextObject Boundary="28 280 156 10" Size="0" Font="2"><ofd:TextCode X="0" Y="5.6">— 1 —</ofd:TextCode></ofd:TextObject>
            </ofd:Layer></ofd:Content></ofd:Page>"#).unwrap();
    };
    let res = |out: &mut dyn Write| {
        let long = "宋".repeat(10_000);
        write!(out, r#"<ofd:Res xmlns:ofd="{NS}"><ofd:Fonts><ofd:Font ID="2" FontName="{long}"/><ofd:Font ID="7" FontName="" FamilyName=""/></ofd:Fonts></ofd:Res>"#).unwrap();
    };
    let doc = |out: &mut dyn Write| {
        write!(out, r#"<ofd:Document xmlns:ofd="{NS}"><ofd:CommonData><ofd:PageArea><ofd:PhysicalBox>0 0 -1 1e999</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>Res.xml</ofd:PublicRes></ofd:CommonData><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>"#).unwrap();
    };
    ofd(
        &d.join("荒谬.ofd"),
        &[
            ("OFD.xml", &root),
            ("Doc_0/Document.xml", &doc),
            ("Doc_0/Res.xml", &res),
            ("Doc_0/Pages/Page_0/Content.xml", &page),
        ],
    );
    let r = check(d);
    let files = r["files"].as_array().unwrap().len();
    let errors = r["errors"].as_array().map_or(0, Vec::len);
    assert_eq!(files + errors, 4, "{r:#}");
}

#[test]
fn drawn_lines_and_colours_past_reason_are_read_within_bounds() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // 300,000 thin rectangles and stroked lines, absurd widths, colours out of range, a spot
    // colour space never defined, paths never painted and a curve a million points long.
    let mut content = format!(
        "BT /F1 16 Tf 1 0 0 1 80 700 Tm 5 0 0 rg {} Tj 0 0 0 1 k 1 0 0 1 80 600 Tm {} Tj /Spot cs 1 scn 1 0 0 1 80 500 Tm {} Tj ET\n",
        ucs2("关于开展检查的通知"),
        ucs2("各单位要认真组织学习按时报送材料关于开展检查的工作部署。"),
        ucs2("某某市人民政府办公室2024年3月1日印发"),
    );
    for i in 0..150_000 {
        content.push_str(&format!(
            "80 {} 440 0.5 re f 1e308 w 0 {i} m 1e300 {i} l S\n",
            i % 800
        ));
    }
    content.push_str("0 0 m ");
    content.push_str(&"1 1 2 2 3 3 c ".repeat(200_000));
    content.push_str("NaN 0 m inf 0 l S 0 0 m 1 1 2 2 3 3 c\n");
    let mut objs = page_with(content.into_bytes(), "");
    objs[2] = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_vec();
    objs.push(b"<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /UniGB-UCS2-H /DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /X /DW 1000 >>] >>".to_vec());
    std::fs::write(
        d.join("线.pdf"),
        pdf_objects(&objs, "<< /Size 6 /Root 1 0 R >>"),
    )
    .unwrap();
    let page = |out: &mut dyn Write| {
        write!(out, r#"<ofd:Page xmlns:ofd="{NS}"><ofd:Content><ofd:Layer><ofd:TextObject Boundary="28 37 156 10" Size="5.6"><ofd:FillColor Value="999 -5 NaN 7 8"/><ofd:TextCode X="0" Y="5.6">关于开展检查的通知</ofd:TextCode></ofd:TextObject>"#).unwrap();
        for i in 0..20_000 {
            write!(out, r##"<ofd:PathObject Boundary="28 {i} 156 2" LineWidth="1e300" DrawParam="x"><ofd:StrokeColor Value="#GG0000"/><ofd:AbbreviatedData>M 0 1 L 156 1 L NaN 1 A 1 2 M 3 B 1 2 3</ofd:AbbreviatedData></ofd:PathObject>"##).unwrap();
        }
        write!(out, r#"<ofd:PathObject Boundary="0 0 1 1"><ofd:AbbreviatedData>{}</ofd:AbbreviatedData></ofd:PathObject></ofd:Layer></ofd:Content></ofd:Page>"#, "L 1 1 ".repeat(500_000)).unwrap();
    };
    ofd(
        &d.join("线.ofd"),
        &[
            ("OFD.xml", &root),
            ("Doc_0/Document.xml", &document(1)),
            ("Doc_0/Pages/Page_0/Content.xml", &page),
        ],
    );
    let started = std::time::Instant::now();
    let r = check(d);
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
    assert_eq!(r["files"].as_array().unwrap().len(), 2, "{r:#}");
}
