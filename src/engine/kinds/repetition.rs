//! `repetition` rules: a word written twice by mistake (的的, 活动活动, 进一步进一步). A doubled
//! string is legitimate when it is itself a word (常常, 人人, 看看), when it is on the rule's
//! allow-list (研究研究), or when jieba does not split it into two copies of one word
//! (中国国家 is 中国|国家, 的的确确 is 的|的确|确). Numbers never count (二〇二〇年), nor the
//! numeral–classifier reduplication 一个一个, 一步一步.

use super::{Kind, ParaContext, SpecError};
use crate::engine::words::{is_han, Words};
use crate::engine::{dict, Hit};

/// Doubled words, units of `min_unit..=max_unit` characters.
#[derive(Debug, Clone)]
pub struct RepetitionRule {
    pub min_unit: usize,
    pub max_unit: usize,
    /// Doubled strings that are correct (研究研究).
    pub allow: Vec<String>,
    /// When set, a doubled single character is reported only if it is one of these (function
    /// words such as 的, 和): doubling other characters is mostly reduplication (年年, 人人).
    pub chars: Vec<char>,
}

spec! {
    pub struct Spec {
        chars: String,
        min_unit: usize,
        max_unit: usize,
        allow: Vec<String>,
    }
}

impl Kind for RepetitionRule {
    const NAME: &'static str = "repetition";
    type Spec = Spec;

    fn build(spec: Spec, _check: Option<&str>) -> Result<Self, SpecError> {
        let min_unit = spec.min_unit.unwrap_or(1);
        let max_unit = spec.max_unit.unwrap_or(4);
        if min_unit == 0 || max_unit < min_unit || max_unit > 16 {
            return Err((Some("max_unit"), "要求 1 ≤ min_unit ≤ max_unit ≤ 16".into()));
        }
        Ok(RepetitionRule {
            min_unit,
            max_unit,
            allow: spec.allow.unwrap_or_default(),
            chars: spec.chars.unwrap_or_default().chars().collect(),
        })
    }

    /// The suggestion deletes the copy; left to a person, as the copy may be meant.
    fn suggests(&self) -> bool {
        true
    }

    fn per_paragraph(&self) -> bool {
        true
    }

    fn paragraph_hits(&self, rule: usize, cx: &ParaContext, hits: &mut Vec<Hit>) {
        find(rule, self, cx.text, cx.chars, cx.words, hits)
    }
}

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
