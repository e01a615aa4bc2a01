//! `repetition` rules: a word written twice by mistake (的的, 活动活动, 进一步进一步). A doubled
//! string is legitimate when it is itself a word (常常, 人人, 看看), when it is on the rule's
//! allow-list (研究研究), or when jieba does not split it into two copies of one word
//! (中国国家 is 中国|国家, 的的确确 is 的|的确|确). Numbers never count (二〇二〇年), nor the
//! numeral–classifier reduplication 一个一个, 一步一步.

use super::words::{is_han, Words};
use super::{dict, Hit};
use crate::rules::RepetitionRule;

/// A paragraph's characters and their byte offsets (plus the end), built once and shared by
/// every repetition rule.
#[derive(Default)]
pub struct Chars {
    pub chars: Vec<char>,
    pub starts: Vec<usize>,
}

impl Chars {
    pub fn fill(&mut self, text: &str) {
        self.chars.clear();
        self.starts.clear();
        for (i, c) in text.char_indices() {
            self.chars.push(c);
            self.starts.push(i);
        }
        self.starts.push(text.len());
    }
}

pub fn find(
    rule: usize,
    spec: &RepetitionRule,
    text: &str,
    cs: &Chars,
    words: &Words,
    out: &mut Vec<Hit>,
) {
    let (chars, starts) = (&cs.chars, &cs.starts);
    let n = chars.len();
    // (position, unit) where the unit's first character, a Han one, recurs a unit later: the
    // only places a unit can be doubled. Found a chunk at a time with comparisons the compiler
    // vectorises; the full test runs on these few alone. (Only Han ones are kept: a line of
    // 'a' would otherwise make every position a candidate, 16 bytes each per unit length.)
    let mut candidates: Vec<(usize, usize)> = Vec::new();
    for k in spec.min_unit.max(1)..=spec.max_unit {
        if 2 * k > n {
            break;
        }
        let last = n - 2 * k + 1;
        let (a, b) = (&chars[..last], &chars[k..k + last]);
        for (chunk, (ca, cb)) in a.chunks(CHUNK).zip(b.chunks(CHUNK)).enumerate() {
            if ca.iter().zip(cb).fold(false, |any, (x, y)| any | (x == y)) {
                let base = chunk * CHUNK;
                candidates.extend(
                    (0..ca.len())
                        .filter(|&j| ca[j] == cb[j] && is_han(ca[j]))
                        .map(|j| (base + j, k)),
                );
            }
        }
    }
    // In text order, the longest unit first at each position, as a reader sees them.
    candidates.sort_unstable_by_key(|&(i, k)| (i, std::cmp::Reverse(k)));
    let mut next = 0;
    for (i, k) in candidates {
        let doubled = i >= next
            && chars[i..i + k] == chars[i + k..i + 2 * k]
            && chars[i..i + k].iter().all(|&c| is_han(c));
        if !doubled {
            continue;
        }
        // Further copies of the unit make one run (的的的的): judged and reported once, so a
        // long run costs one test, not one per copy.
        let mut run_end = i + 2 * k;
        while run_end + k <= n && chars[run_end..run_end + k] == chars[i..i + k] {
            run_end += k;
        }
        let (a, b, c) = (starts[i], starts[i + k], starts[i + 2 * k]);
        let whole = &text[a..c];
        let unit = &chars[i..i + k];
        let legitimate = unit.iter().all(|&c| is_numeral(c))
            || (k == 2 && unit[0] == '一')
            || (k == 1 && !spec.chars.is_empty() && !spec.chars.contains(&unit[0]))
            || spec.allow.iter().any(|w| w == whole)
            || dict::freq(whole).is_some()
            || !words.all_boundaries(text, &[a, b, c]);
        if !legitimate {
            out.push(Hit {
                rule,
                start: b,
                end: starts[run_end],
                suggestion: Some(String::new()),
                ..Default::default()
            });
        }
        next = run_end;
    }
}

/// Characters compared per vectorised step of the candidate search.
const CHUNK: usize = 32;

fn is_numeral(c: char) -> bool {
    "〇○零一二三四五六七八九十百千万亿两".contains(c)
}
