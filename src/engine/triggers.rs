//! Which patterns can match a paragraph at all: each pattern knows characters one of which
//! any match contains (see rules::Pattern); a paragraph is scanned once for all of them.

use std::collections::HashMap;

use crate::rules::Pattern;

pub struct Triggers {
    index: HashMap<char, usize>,
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
        Triggers { index, of_pattern }
    }

    /// Marks the trigger characters present in `text`.
    pub fn scan(&self, text: &str, present: &mut Vec<bool>) {
        present.clear();
        present.resize(self.index.len(), false);
        for c in text.chars() {
            if let Some(&i) = self.index.get(&c) {
                present[i] = true;
            }
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
    p.triggers().is_none_or(|cs| text.contains(cs))
}
