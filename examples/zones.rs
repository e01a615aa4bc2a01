//! Prints the 公文 parts gwlint recognises in each file: a tool for checking the structure
//! heuristics against real documents.
//!   cargo run --example zones -- FILE...

fn main() {
    for path in std::env::args().skip(1) {
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        let doc = if path.ends_with(".docx") || path.ends_with(".dotx") {
            match gwlint::document::from_docx(path.clone(), &bytes) {
                Ok(d) => d,
                Err(e) => {
                    eprintln!("{path}: {e}");
                    continue;
                }
            }
        } else {
            let Ok(decoded) = gwlint::input::decode::decode(&bytes) else {
                eprintln!("{path}: cannot decode");
                continue;
            };
            gwlint::document::from_plain_text(path.clone(), decoded.encoding, &decoded.text)
        };
        let s = doc.structure();
        println!("== {path}  文种：{}", s.doctype.unwrap_or("（未识别）"));
        let verbose = std::env::var_os("ZONES_ALL").is_some();
        for (i, (p, z)) in doc.paragraphs.iter().zip(&s.zones).enumerate() {
            let zone = z.map_or("-", |z| z.as_str());
            if verbose || (zone != "body" && zone != "annex") {
                let text: String = p.text.chars().take(30).collect();
                // For a .docx, the layout of the paragraph's first run.
                let look = doc.layout.as_ref().map(|l| {
                    let pl = &l.paragraphs[doc.line_of(i).0];
                    let r = pl.runs.first();
                    format!(
                        " [{:?} {:?} {:?} {:?}{}]",
                        r.and_then(|r| r.font.clone()),
                        r.and_then(|r| r.size),
                        pl.align,
                        pl.first_line_chars.or(pl.first_line),
                        r.and_then(|r| r.color.clone())
                            .map_or(String::new(), |c| format!(" {c}"))
                    )
                });
                println!("  {zone:<16} {text}{}", look.unwrap_or_default());
            }
        }
        if let Some(l) = &doc.layout {
            println!("  sections: {:?}", l.sections);
            println!("  footers: {:?}", l.footers);
        }
    }
}
