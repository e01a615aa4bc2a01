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
