//! Which patterns can match a paragraph at all: each pattern knows characters one of which
//! any match contains (see rules::Pattern); a paragraph is scanned once for all of them.

use std::collections::HashMap;

use crate::rules::Pattern;

pub struct Triggers {
    index: HashMap<char, usize>,
    /// `index` for the Basic Multilingual Plane as a flat table (0 = not a trigger, else
    /// index + 1): one lookup per character of every paragraph, so no hashing.
    bmp: Vec<u16>,
    /// All patterns' needles (strings of two or more characters) in one automaton.
    needles: Option<aho_corasick::AhoCorasick>,
    /// Per pattern (in the order given to `new`): its gate.
    gates: Vec<Gate>,
    /// The atom lists gates point into: indices into `Present::flags`, where trigger
    /// characters come first and needles after them.
    atoms: Vec<u32>,
}

/// What a pattern needs present: every clause (each a range of `atoms`, one of which must
/// be present), then one of `last` (its needles, else its characters; None: always run).
struct Gate {
    clauses: Vec<std::ops::Range<u32>>,
    last: Option<std::ops::Range<u32>>,
}

/// What one paragraph contains, for `may_match`: trigger characters, then needles.
#[derive(Default)]
pub struct Present {
    flags: Vec<bool>,
}

/// A character (looked up in the character table) or a longer string (in the automaton).
#[derive(Clone, Copy)]
enum Atom {
    Char(usize),
    Needle(usize),
}

impl Triggers {
    pub fn new<'a>(patterns: impl Iterator<Item = &'a Pattern>) -> Self {
        let mut index = HashMap::new();
        let mut of_pattern: Vec<Option<Vec<usize>>> = Vec::new();
        let mut needle_ids: HashMap<String, usize> = HashMap::new();
        let mut needles_of: Vec<Option<Vec<usize>>> = Vec::new();
        let mut clause_strings: Vec<Vec<Vec<String>>> = Vec::new();
        for p in patterns {
            clause_strings.push(p.clauses().to_vec());
            needles_of.push(p.needles().map(|ns| {
                ns.iter()
                    .map(|s| {
                        let next = needle_ids.len();
                        *needle_ids.entry(s.clone()).or_insert(next)
                    })
                    .collect()
            }));
            of_pattern.push(p.triggers().map(|cs| {
                cs.iter()
                    .map(|&c| {
                        let next = index.len();
                        *index.entry(c).or_insert(next)
                    })
                    .collect()
            }));
        }
        // Clause atoms join the same tables: single characters and needles.
        let clauses_of: Vec<Vec<Vec<Atom>>> = clause_strings
            .into_iter()
            .map(|clauses| {
                clauses
                    .into_iter()
                    .map(|clause| {
                        // A long list of words (党委|政府|委员会…) would make the automaton report
                        // matches all over every paragraph: their first characters gate it instead.
                        let clause: Vec<String> = if clause.len() > 8 {
                            let firsts: std::collections::BTreeSet<char> =
                                clause.iter().filter_map(|s| s.chars().next()).collect();
                            firsts.into_iter().map(String::from).collect()
                        } else {
                            clause
                        };
                        clause
                            .into_iter()
                            .map(|s| {
                                let mut cs = s.chars();
                                match (cs.next(), cs.next()) {
                                    (Some(c), None) => {
                                        let next = index.len();
                                        Atom::Char(*index.entry(c).or_insert(next))
                                    }
                                    _ => {
                                        let next = needle_ids.len();
                                        Atom::Needle(*needle_ids.entry(s).or_insert(next))
                                    }
                                }
                            })
                            .collect()
                    })
                    .collect()
            })
            .collect();
        let mut bmp = vec![0u16; 0x10000];
        for (&c, &i) in &index {
            if (c as u32) < 0x10000 {
                bmp[c as usize] = u16::try_from(i + 1).unwrap_or(0);
            }
        }
        let mut strings: Vec<(usize, String)> =
            needle_ids.into_iter().map(|(s, i)| (i, s)).collect();
        strings.sort();
        let needles = (!strings.is_empty())
            .then(|| {
                // A DFA: one transition per byte, the fastest for finding every needle present.
                aho_corasick::AhoCorasick::builder()
                    .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                    .build(strings.iter().map(|(_, s)| s))
                    .ok()
            })
            .flatten();
        // Flatten: characters first, needles after them, so one table answers both.
        let chars_len = index.len();
        let flag = |a: Atom| match a {
            Atom::Char(i) => i as u32,
            Atom::Needle(i) => (chars_len + i) as u32,
        };
        let mut atoms: Vec<u32> = Vec::new();
        let push = |list: &mut dyn Iterator<Item = u32>, atoms: &mut Vec<u32>| {
            let start = atoms.len() as u32;
            atoms.extend(list);
            start..atoms.len() as u32
        };
        let gates = of_pattern
            .into_iter()
            .zip(needles_of)
            .zip(clauses_of)
            .map(|((chars, ns), clauses)| {
                let clauses = clauses
                    .into_iter()
                    .map(|c| push(&mut c.into_iter().map(flag), &mut atoms))
                    .collect();
                let last = match (ns, &needles) {
                    (Some(ns), Some(_)) => Some(push(
                        &mut ns.into_iter().map(|i| flag(Atom::Needle(i))),
                        &mut atoms,
                    )),
                    _ => chars.map(|cs| push(&mut cs.into_iter().map(|i| i as u32), &mut atoms)),
                };
                Gate { clauses, last }
            })
            .collect();
        Triggers {
            index,
            bmp,
            needles,
            gates,
            atoms,
        }
    }

    /// Marks the trigger characters and needles present in `text`.
    pub fn scan(&self, text: &str, present: &mut Present) {
        self.scan_with(text, text.chars(), present);
    }

    /// `scan`, with the text's characters already decoded (by the repetition rules' pass).
    pub fn scan_decoded(&self, text: &str, chars: &[char], present: &mut Present) {
        self.scan_with(text, chars.iter().copied(), present);
    }

    fn scan_with(&self, text: &str, chars: impl Iterator<Item = char>, present: &mut Present) {
        let chars_len = self.index.len();
        let flags = &mut present.flags;
        flags.clear();
        flags.resize(
            chars_len + self.needles.as_ref().map_or(0, |ac| ac.patterns_len()),
            false,
        );
        if let Some(ac) = &self.needles {
            for m in ac.find_overlapping_iter(text) {
                flags[chars_len + m.pattern().as_usize()] = true;
            }
        }
        for c in chars {
            let i = match self.bmp.get(c as usize) {
                Some(&0) => continue,
                Some(&i) => usize::from(i) - 1,
                None => match self.index.get(&c) {
                    Some(&i) => i,
                    None => continue,
                },
            };
            flags[i] = true;
        }
    }

    /// Whether the `n`th pattern can match a paragraph with these triggers.
    pub fn may_match(&self, n: usize, present: &Present) -> bool {
        let Some(gate) = self.gates.get(n) else {
            return true;
        };
        let any = |r: &std::ops::Range<u32>| {
            self.atoms[r.start as usize..r.end as usize]
                .iter()
                .any(|&a| present.flags.get(a as usize).copied().unwrap_or(true))
        };
        gate.clauses.iter().all(any) && gate.last.as_ref().is_none_or(any)
    }
}

/// For one-off checks outside the paragraph loop.
pub fn may_match_text(p: &Pattern, text: &str) -> bool {
    let chars = match p.triggers() {
        None => true,
        // A few single-character searches use memchr; a set is searched char by char.
        Some(cs) if cs.len() <= 4 => cs.iter().any(|&c| text.contains(c)),
        Some(cs) => text.contains(cs),
    };
    chars
        && p.needles()
            .is_none_or(|ns| ns.iter().any(|n| text.contains(n.as_str())))
}
