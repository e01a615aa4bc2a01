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
        let Ok(decoded) = gwlint::input::decode::decode(&bytes) else {
            eprintln!("{path}: cannot decode");
            continue;
        };
        let doc = gwlint::document::from_plain_text(path.clone(), decoded.encoding, &decoded.text);
        let s = doc.structure();
        println!("== {path}  文种：{}", s.doctype.unwrap_or("（未识别）"));
        for (p, z) in doc.paragraphs.iter().zip(&s.zones) {
            let zone = z.map_or("-", |z| z.as_str());
            if zone != "body" && zone != "annex" {
                let text: String = p.text.chars().take(40).collect();
                println!("  {zone:<16} {text}");
            }
        }
    }
}
