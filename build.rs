//! Turns jieba's dictionary (`data/jieba-dict.txt`) into a sorted, binary-searchable table that
//! the binary embeds: loading the dictionary into jieba costs ~140 ms per process, a lookup in
//! this table nothing (see src/engine/dict.rs for the layout).
//!
//! Turns each built-in pack (`rules/*.yaml`) into JSON, which loads several times faster than
//! the YAML, and works out what the matches of each of their patterns contain (parsing the ~500
//! regular expressions): together most of a single draft's start-up (see src/rules/pack.rs,
//! `load_builtin`, and src/rules/required.rs).

use std::env;
use std::fs;
use std::path::Path;

#[path = "src/input/yaml_guard.rs"]
mod yaml_guard;

#[path = "src/rules/required.rs"]
mod required;

fn main() {
    jieba_dict();
    packs_as_json();
}

fn jieba_dict() {
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
    typo_counts();
    // A replacement the statistics and the dictionary do not know cannot be scored.
    let mut known: std::collections::HashSet<char> =
        fs::read_to_string("data/typo/char-counts.txt")
            .expect("data/typo/char-counts.txt is readable UTF-8")
            .lines()
            .filter_map(|l| l.split_once('\t').map(|(k, _)| k))
            .filter(|k| k.chars().count() == 1)
            .filter_map(|k| k.chars().next())
            .collect();
    known.extend(
        entries
            .iter()
            .filter(|(w, _)| w.chars().count() == 1)
            .filter_map(|(w, _)| w.chars().next()),
    );
    typo_confusions(&known);
    typo_word_pairs(&entries);
    typo_idioms(&text);
}

/// An idiom (jieba's part of speech `i`) must be at least this frequent in jieba's dictionary
/// to be checked for a slip: the rarest entries include variants and loose phrases.
const IDIOM_MIN_FREQ: u32 = 4;

/// Four-character idioms of jieba's dictionary, each entered four times with one character
/// left blank (0): `[n: u32][n keys: u64][n characters: u32]`, sorted by key, so the typo
/// detector finds the idiom a window is one character off (see src/engine/kinds/typo/tables.rs).
fn typo_idioms(dict: &str) {
    let mut rows: Vec<(u64, u32)> = Vec::new();
    for l in dict.lines() {
        let mut parts = l.split_whitespace();
        let (Some(word), Some(freq), Some("i")) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        let cs: Vec<u32> = word.chars().map(u32::from).collect();
        if cs.len() != 4
            || !cs.iter().all(|c| (0x4E00..=0x9FFF).contains(c))
            || freq.parse::<u32>().map_or(true, |f| f < IDIOM_MIN_FREQ)
        {
            continue;
        }
        for blank in 0..4 {
            let key = (0..4).fold(0u64, |k, p| {
                (k << 16) | if p == blank { 0 } else { u64::from(cs[p]) }
            });
            rows.push((key, cs[blank]));
        }
    }
    rows.sort_unstable();
    rows.dedup();
    let mut out = (rows.len() as u32).to_le_bytes().to_vec();
    for (k, _) in &rows {
        out.extend_from_slice(&k.to_le_bytes());
    }
    for (_, c) in &rows {
        out.extend_from_slice(&c.to_le_bytes());
    }
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("typo-idioms.bin");
    fs::write(dest, out).unwrap();
}

/// Bits of the filter of adjacent character pairs inside dictionary words.
const WORD_PAIR_BITS: u32 = 22;

/// A bit set over a hash of every adjacent pair of characters inside a dictionary word of two or
/// more characters: a replacement that makes no such pair with a neighbour cannot make a word,
/// so the typo detector skips it without segmenting (see src/engine/kinds/typo/tables.rs).
fn typo_word_pairs(entries: &[(&str, u32)]) {
    let mut bits = vec![0u8; 1 << (WORD_PAIR_BITS - 3)];
    for (w, _) in entries {
        let cs: Vec<char> = w.chars().collect();
        for p in cs.windows(2) {
            let h = word_pair_hash(p[0], p[1]);
            bits[(h >> 3) as usize] |= 1 << (h & 7);
        }
    }
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("typo-word-pairs.bin");
    fs::write(dest, bits).unwrap();
}

/// Must stay the same as `word_pair_hash` in src/engine/kinds/typo/tables.rs.
fn word_pair_hash(a: char, b: char) -> u32 {
    let key = (u64::from(u32::from(a)) << 21) | u64::from(u32::from(b));
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - WORD_PAIR_BITS)) as u32
}

/// `data/typo/char-counts.txt` as two tables the typo detector reads in O(1) (see
/// src/engine/kinds/typo/tables.rs): the count of each character of U+4E00..U+9FFF, `[u32; 20992]`,
/// then an open-addressing hash of the pairs, `PAIR_SLOTS` × (key: u32, count: u32), where the
/// key is 1 + (first − U+4E00) << 15 | (second − U+4E00) and 0 marks an empty slot; and a
/// hashed bit set of the pairs' keys (`typo-counted-pairs.bin`), which answers most lookups of
/// pairs never counted without touching the table, and one of the pairs counted at least twice
/// (`typo-common-pairs.bin`), which passes over most positions of ordinary text without it.
fn typo_counts() {
    let src = "data/typo/char-counts.txt";
    println!("cargo:rerun-if-changed={src}");
    let text = fs::read_to_string(src).expect("data/typo/char-counts.txt is readable UTF-8");
    let mut chars = vec![0u32; HAN_SPAN as usize];
    let mut slots = vec![(0u32, 0u32); 1 << PAIR_SLOT_BITS];
    let mut n_pairs = 0;
    for line in text.lines() {
        let Some((key, n)) = line.split_once('\t') else {
            continue;
        };
        let n: u32 = n.parse().expect("a count");
        let cs: Vec<u32> = key
            .chars()
            .map(|c| u32::from(c).wrapping_sub(0x4E00))
            .collect();
        assert!(
            cs.iter().all(|&c| c < HAN_SPAN),
            "{src}: {key} is not in U+4E00..U+9FFF"
        );
        match cs[..] {
            [a] => chars[a as usize] = n,
            [a, b] => {
                n_pairs += 1;
                let key = 1 + ((a << 15) | b);
                let mut i = pair_slot(key);
                while slots[i].0 != 0 {
                    i = (i + 1) & ((1 << PAIR_SLOT_BITS) - 1);
                }
                slots[i] = (key, n);
            }
            _ => panic!("{src}: bad key {key}"),
        }
    }
    assert!(
        n_pairs * 3 < 2 << PAIR_SLOT_BITS,
        "{src}: too many pairs for the hash table"
    );
    let mut out = Vec::new();
    chars
        .iter()
        .for_each(|c| out.extend_from_slice(&c.to_le_bytes()));
    for (k, n) in &slots {
        out.extend_from_slice(&k.to_le_bytes());
        out.extend_from_slice(&n.to_le_bytes());
    }
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("typo-counts.bin");
    fs::write(dest, out).unwrap();
    for &(key, n) in slots.iter().filter(|s| s.0 != 0) {
        let (a, b) = ((key - 1) >> 15, (key - 1) & 0x7FFF);
        assert!(
            n <= chars[a as usize] && n <= chars[b as usize],
            "{src}: a pair counted more often than one of its characters"
        );
    }
    let out_dir = env::var("OUT_DIR").unwrap();
    for (name, min, bits) in [
        ("typo-counted-pairs.bin", 1, COUNTED_PAIR_BITS),
        ("typo-common-pairs.bin", 2, COMMON_PAIR_BITS),
    ] {
        let mut set = vec![0u8; 1 << (bits - 3)];
        for slot in slots.iter().filter(|s| s.0 != 0 && s.1 >= min) {
            for h in pair_bits(slot.0, bits) {
                set[(h >> 3) as usize] |= 1 << (h & 7);
            }
        }
        fs::write(Path::new(&out_dir).join(name), set).unwrap();
    }
}

/// Bits of the filter of counted pairs (512 KB): with the next, small enough to stay in cache
/// where the pair table itself (2 MB) does not.
const COUNTED_PAIR_BITS: u32 = 22;
/// Bits of the filter of pairs counted twice or more (512 KB).
const COMMON_PAIR_BITS: u32 = 22;

/// A pair key's two bits in a filter of `bits` bits: a Bloom filter whose two bits for a pair
/// lie in one 64-byte block, so that a lookup reads one cache line (two bits per pair make a
/// false "yes" several times rarer than one at the same size). Must stay the same as
/// `pair_bits` in src/engine/kinds/typo/tables.rs.
fn pair_bits(key: u32, bits: u32) -> [u32; 2] {
    let h = u64::from(key).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let block = ((h >> (64 - (bits - 9))) as u32) << 9;
    [
        block | ((h >> 20) & 511) as u32,
        block | ((h >> 29) & 511) as u32,
    ]
}

const HAN_SPAN: u32 = 0x9FFF - 0x4E00 + 1;
const PAIR_SLOT_BITS: u32 = 18;

/// Must stay the same as `pair_slot` in src/engine/kinds/typo/tables.rs.
fn pair_slot(key: u32) -> usize {
    (key.wrapping_mul(0x9E37_79B1) >> (32 - PAIR_SLOT_BITS)) as usize
}

/// The confusion sets, merged: for each character the characters a slip may have replaced,
/// each with its kind (0 同音, 1 近音, 2 形近; the first source to name a pair decides), keeping
/// only characters the counts or the dictionary know.
/// Layout: n: u32, chars: [u32; n], offsets: [u32; n + 1], entries (char << 2 | kind): [u32].
fn typo_confusions(known: &std::collections::HashSet<char>) {
    let mut map: std::collections::BTreeMap<char, std::collections::BTreeMap<char, u32>> =
        Default::default();
    let mut add = |a: char, b: char, kind: u32| {
        if a != b && known.contains(&b) {
            map.entry(a).or_default().entry(b).or_insert(kind);
        }
    };
    let read = |src: &str| {
        println!("cargo:rerun-if-changed={src}");
        fs::read_to_string(src).unwrap_or_else(|_| panic!("{src} is readable UTF-8"))
    };
    for line in read("data/typo/same_pinyin.txt").lines() {
        let p: Vec<&str> = line.split('\t').collect();
        let mut first = p[0].chars();
        let (Some(a), None) = (first.next(), first.next()) else {
            continue;
        };
        if line.starts_with('#') || p.len() < 2 {
            continue;
        }
        p[1].chars().for_each(|b| add(a, b, 0));
        p.get(2)
            .into_iter()
            .flat_map(|s| s.chars())
            .for_each(|b| add(a, b, 1));
    }
    for line in read("data/typo/same_stroke.txt").lines() {
        let group: Vec<char> = line.split_whitespace().flat_map(str::chars).collect();
        for &a in &group {
            group.iter().for_each(|&b| add(a, b, 2));
        }
    }
    for line in read("data/typo/similar-shape.txt").lines() {
        let Some((a, others)) = line.split_once('\t') else {
            continue;
        };
        let Some(a) = a.chars().next() else { continue };
        if !line.starts_with('#') {
            others.chars().for_each(|b| add(a, b, 2));
        }
    }
    let mut out = Vec::new();
    out.extend_from_slice(&(map.len() as u32).to_le_bytes());
    map.keys()
        .for_each(|c| out.extend_from_slice(&u32::from(*c).to_le_bytes()));
    let mut offset = 0u32;
    for v in map.values() {
        out.extend_from_slice(&offset.to_le_bytes());
        offset += v.len() as u32;
    }
    out.extend_from_slice(&offset.to_le_bytes());
    for v in map.values() {
        for (b, kind) in v {
            out.extend_from_slice(&((u32::from(*b) << 2) | kind).to_le_bytes());
        }
    }
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("typo-confusions.bin");
    fs::write(dest, out).unwrap();
}

/// `OUT_DIR/rules/NAME.json` for each `rules/NAME.yaml`: the same document as JSON, or an empty
/// file when the YAML has anything JSON cannot say exactly (a tag, a non-string key, a float
/// that would not read back the same) or that the YAML loader refuses (a syntax error, too many
/// aliases). The program then reads that pack from its YAML, errors and all, as before.
fn packs_as_json() {
    println!("cargo:rerun-if-changed=rules");
    let out = Path::new(&env::var("OUT_DIR").unwrap()).join("rules");
    fs::create_dir_all(&out).unwrap();
    let mut patterns = std::collections::BTreeSet::new();
    for entry in fs::read_dir("rules").expect("rules/ is readable") {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|x| x != "yaml") {
            continue;
        }
        let yaml = fs::read_to_string(&path).unwrap_or_default();
        let json = yaml_guard::check(&yaml)
            .ok()
            .and_then(|()| serde_yaml::from_str::<serde_yaml::Value>(&yaml).ok())
            .and_then(to_json)
            .map(|v| {
                patterns_in(&v, &mut patterns);
                v.to_string()
            })
            .unwrap_or_default();
        let name = path.file_stem().unwrap().to_string_lossy();
        fs::write(out.join(format!("{name}.json")), json).unwrap();
    }
    required_table(&patterns);
}

/// The values of `pattern:` and `except_pattern:` keys (a string or a list of them).
fn patterns_in(v: &serde_json::Value, out: &mut std::collections::BTreeSet<String>) {
    use serde_json::Value as J;
    match v {
        J::Array(items) => items.iter().for_each(|x| patterns_in(x, out)),
        J::Object(m) => {
            for (k, v) in m {
                if k == "pattern" || k == "except_pattern" {
                    match v {
                        J::String(s) => {
                            out.insert(s.clone());
                        }
                        J::Array(items) => {
                            out.extend(items.iter().filter_map(|x| x.as_str()).map(str::to_owned))
                        }
                        _ => {}
                    }
                }
                patterns_in(v, out);
            }
        }
        _ => {}
    }
}

/// `OUT_DIR/required.rs`: the table src/rules/builtin.rs includes, sorted by pattern (a
/// BTreeSet's order is `str`'s); patterns that do not parse are left out.
fn required_table(patterns: &std::collections::BTreeSet<String>) {
    use std::fmt::Write;
    let mut rs = String::from("&[\n");
    for p in patterns {
        // Parsed as rules::Pattern parses it.
        let Ok(hir) = regex_syntax::ParserBuilder::new().build().parse(p) else {
            continue;
        };
        let r = required::Required::of(&hir);
        let strs = |v: &[String]| format!("&{v:?}");
        let triggers = r
            .triggers
            .map_or("None".into(), |t| format!("Some(&{t:?})"));
        let needles = r
            .needles
            .map_or("None".into(), |n| format!("Some({})", strs(&n)));
        let clauses: Vec<String> = r.clauses.iter().map(|c| strs(c)).collect();
        writeln!(
            rs,
            "({p:?}, {triggers}, {needles}, &[{}]),",
            clauses.join(", ")
        )
        .unwrap();
    }
    rs.push(']');
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("required.rs");
    fs::write(dest, rs).unwrap();
}

fn to_json(v: serde_yaml::Value) -> Option<serde_json::Value> {
    use serde_json::Value as J;
    use serde_yaml::Value as Y;
    Some(match v {
        Y::Null => J::Null,
        Y::Bool(b) => J::Bool(b),
        Y::Number(n) => {
            if let Some(u) = n.as_u64() {
                J::from(u)
            } else if let Some(i) = n.as_i64() {
                J::from(i)
            } else {
                let f = n.as_f64()?;
                let j = serde_json::Number::from_f64(f)?;
                let back: f64 = serde_json::from_str(&j.to_string()).ok()?;
                if back.to_bits() != f.to_bits() {
                    return None;
                }
                J::Number(j)
            }
        }
        Y::String(s) => J::String(s),
        Y::Sequence(items) => J::Array(items.into_iter().map(to_json).collect::<Option<_>>()?),
        Y::Mapping(m) => J::Object(
            m.into_iter()
                .map(|(k, v)| match k {
                    Y::String(k) => Some((k, to_json(v)?)),
                    _ => None,
                })
                .collect::<Option<_>>()?,
        ),
        Y::Tagged(_) => return None,
    })
}
