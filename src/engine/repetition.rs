//! `repetition` rules: a word written twice by mistake (的的, 活动活动, 进一步进一步). A doubled
//! string is legitimate when it is itself a word (常常, 人人, 看看), when it is on the rule's
//! allow-list (研究研究), or when jieba does not split it into two copies of one word
//! (中国国家 is 中国|国家, 的的确确 is 的|的确|确). Numbers never count (二〇二〇年), nor the
//! numeral–classifier reduplication 一个一个, 一步一步.

use super::words::{is_han, Words};
use super::{dict, Hit};
use crate::rules::RepetitionRule;

pub fn find(rule: usize, spec: &RepetitionRule, text: &str, words: &Words, out: &mut Vec<Hit>) {
    let starts: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .collect();
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    let mut i = 0;
    while i < n {
        let doubled = (spec.min_unit..=spec.max_unit).rev().find(|&k| {
            i + 2 * k <= n
                && chars[i..i + 2 * k].iter().all(|&c| is_han(c))
                && chars[i..i + k] == chars[i + k..i + 2 * k]
        });
        let Some(k) = doubled else {
            i += 1;
            continue;
        };
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
                end: c,
                suggestion: Some(String::new()),
                ..Default::default()
            });
        }
        i += 2 * k;
    }
}

fn is_numeral(c: char) -> bool {
    "〇○零一二三四五六七八九十百千万亿两".contains(c)
}
