//! Which patterns can match a paragraph at all: each pattern knows characters one of which
//! any match contains (see rules::Pattern); a paragraph is scanned once for all of them.

use std::collections::HashMap;

use crate::rules::Pattern;

pub struct Triggers {
    index: HashMap<char, usize>,
    /// `index` for the Basic Multilingual Plane as a flat table (0 = not a trigger, else
    /// index + 1): one lookup per character of every paragraph, so no hashing.
    bmp: Vec<u16>,
    /// Per pattern (in the order given to `new`): its trigger indices, or None (always run).
    of_pattern: Vec<Option<Vec<usize>>>,
    /// All patterns' needles (strings of two or more characters) in one automaton.
    needles: Option<aho_corasick::AhoCorasick>,
    /// Per pattern: its needle ids, when it has needles (they replace its characters).
    needles_of: Vec<Option<Vec<usize>>>,
    /// Per pattern: its clauses, each a list of atoms one of which must be present.
    clauses_of: Vec<Vec<Vec<Atom>>>,
}

/// A character (looked up in the character table) or a longer string (in the automaton).
#[derive(Clone, Copy)]
enum Atom {
    Char(usize),
    Needle(usize),
}

/// What one paragraph contains, for `may_match`.
#[derive(Default)]
pub struct Present {
    chars: Vec<bool>,
    needles: Vec<bool>,
}

impl Triggers {
    pub fn new<'a>(patterns: impl Iterator<Item = &'a Pattern>) -> Self {
        let mut index = HashMap::new();
        let mut of_pattern = Vec::new();
        let mut needle_ids: HashMap<String, usize> = HashMap::new();
        let mut needles_of = Vec::new();
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
        Triggers {
            index,
            bmp,
            of_pattern,
            needles_of: if needles.is_some() {
                needles_of
            } else {
                Vec::new()
            },
            needles,
            clauses_of,
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
        if let Some(ac) = &self.needles {
            present.needles.clear();
            present.needles.resize(ac.patterns_len(), false);
            for m in ac.find_overlapping_iter(text) {
                present.needles[m.pattern().as_usize()] = true;
            }
        }
        let present = &mut present.chars;
        present.clear();
        present.resize(self.index.len(), false);
        for c in chars {
            let i = match self.bmp.get(c as usize) {
                Some(&0) => continue,
                Some(&i) => usize::from(i) - 1,
                None => match self.index.get(&c) {
                    Some(&i) => i,
                    None => continue,
                },
            };
            present[i] = true;
        }
    }

    /// Whether the `n`th pattern can match a paragraph with these triggers.
    pub fn may_match(&self, n: usize, present: &Present) -> bool {
        let atom = |a: &Atom| match *a {
            Atom::Char(i) => present.chars[i],
            Atom::Needle(i) => present.needles.get(i).copied().unwrap_or(true),
        };
        if let Some(clauses) = self.clauses_of.get(n) {
            if !clauses.iter().all(|c| c.iter().any(atom)) {
                return false;
            }
        }
        if let Some(Some(ids)) = self.needles_of.get(n) {
            return ids.iter().any(|&i| present.needles[i]);
        }
        match &self.of_pattern[n] {
            None => true,
            Some(ids) => ids.iter().any(|&i| present.chars[i]),
        }
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
