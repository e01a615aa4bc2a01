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
}

impl Triggers {
    pub fn new<'a>(patterns: impl Iterator<Item = &'a Pattern>) -> Self {
        let mut index = HashMap::new();
        let mut of_pattern = Vec::new();
        for p in patterns {
            of_pattern.push(p.triggers().map(|cs| {
                cs.iter()
                    .map(|&c| {
                        let next = index.len();
                        *index.entry(c).or_insert(next)
                    })
                    .collect()
            }));
        }
        let mut bmp = vec![0u16; 0x10000];
        for (&c, &i) in &index {
            if (c as u32) < 0x10000 {
                bmp[c as usize] = u16::try_from(i + 1).unwrap_or(0);
            }
        }
        Triggers {
            index,
            bmp,
            of_pattern,
        }
    }

    /// Marks the trigger characters present in `text`.
    pub fn scan(&self, text: &str, present: &mut Vec<bool>) {
        present.clear();
        present.resize(self.index.len(), false);
        for c in text.chars() {
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

    /// Whether the `n`th pattern can match a paragraph with these trigger characters.
    pub fn may_match(&self, n: usize, present: &[bool]) -> bool {
        match &self.of_pattern[n] {
            None => true,
            Some(ids) => ids.iter().any(|&i| present[i]),
        }
    }
}

/// For one-off checks outside the paragraph loop.
pub fn may_match_text(p: &Pattern, text: &str) -> bool {
    match p.triggers() {
        None => true,
        // A few single-character searches use memchr; a set is searched char by char.
        Some(cs) if cs.len() <= 4 => cs.iter().any(|&c| text.contains(c)),
        Some(cs) => text.contains(cs),
    }
}
