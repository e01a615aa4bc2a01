//! Turns jieba's dictionary (`data/jieba-dict.txt`) into a sorted, binary-searchable table that
//! the binary embeds: loading the dictionary into jieba costs ~140 ms per process, a lookup in
//! this table nothing (see src/engine/dict.rs for the layout).

use std::env;
use std::fs;
use std::path::Path;

fn main() {
    let src = "data/jieba-dict.txt";
    println!("cargo:rerun-if-changed={src}");
    let text = fs::read_to_string(src).expect("data/jieba-dict.txt is readable UTF-8");
    let mut entries: Vec<(&str, u32)> = text
        .lines()
        .filter_map(|l| {
            let mut parts = l.split_whitespace();
            let word = parts.next()?;
            let freq = parts.next()?.parse().ok()?;
            Some((word, freq))
        })
        .collect();
    entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    // jieba keeps the last frequency given for a word.
    entries.reverse();
    entries.dedup_by(|a, b| a.0 == b.0);
    entries.reverse();
    let total: u64 = entries.iter().map(|e| u64::from(e.1)).sum();
    let max_chars = entries
        .iter()
        .map(|e| e.0.chars().count())
        .max()
        .unwrap_or(1) as u32;

    let mut out = Vec::new();
    out.extend_from_slice(&(entries.len() as u32).to_le_bytes());
    out.extend_from_slice(&max_chars.to_le_bytes());
    out.extend_from_slice(&total.to_le_bytes());
    let mut offset = 0u32;
    for (w, _) in &entries {
        out.extend_from_slice(&offset.to_le_bytes());
        offset += w.len() as u32;
    }
    out.extend_from_slice(&offset.to_le_bytes());
    for (_, f) in &entries {
        out.extend_from_slice(&f.to_le_bytes());
    }
    for (w, _) in &entries {
        out.extend_from_slice(w.as_bytes());
    }
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("jieba-dict.bin");
    fs::write(dest, out).unwrap();
}
