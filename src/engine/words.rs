//! Word boundaries from jieba, without paying for jieba's dictionary load (~140 ms).
//!
//! Segmenting a stretch of text only ever uses the dictionary words that occur in it, so for
//! each window around a candidate hit a small jieba is built from exactly those words (looked
//! up in the embedded table of `dict`), with one filler entry restoring the dictionary's total
//! frequency. jieba then computes the same route as with its full dictionary.

use std::collections::HashMap;

use jieba_rs::Jieba;

use super::dict;

/// Frequency given to a pack's wrong forms that jieba does not know (typos like 布署): high
/// enough to beat single characters, low enough to lose to real words (宣布|署长).
const WRONG_FORM_FREQ: usize = 10;

/// Carries the rest of the dictionary's frequency mass; a private-use character never occurs
/// in a window (windows are Han letters and ASCII alphanumerics only).
const FILLER: &str = "\u{E000}";

/// Characters on each side of a hit that segmentation looks at.
const WINDOW: usize = 48;

pub struct Words {
    /// Pack terms to add to the dictionary: word → is a correct form (规范表述, never split).
    terms: HashMap<String, bool>,
    longest: usize,
}

impl Words {
    pub fn new(terms: Vec<(String, bool)>) -> Self {
        let longest = terms
            .iter()
            .map(|(t, _)| t.chars().count())
            .max()
            .unwrap_or(0)
            .max(dict::max_chars());
        let mut map = HashMap::new();
        for (t, correct) in terms {
            // A form listed as correct anywhere stays correct.
            *map.entry(t).or_insert(false) |= correct;
        }
        Words {
            terms: map,
            longest,
        }
    }

    /// Whether `text[start..end]` starts and ends on word boundaries.
    pub fn on_boundaries(&self, text: &str, start: usize, end: usize) -> bool {
        let (ws, we) = window(text, start, end);
        let boundaries = self.boundaries(&text[ws..we]);
        boundaries.contains(&(start - ws)) && boundaries.contains(&(end - ws))
    }

    /// Whether every offset in `at` (ascending, within one run of text) is a word boundary.
    pub fn all_boundaries(&self, text: &str, at: &[usize]) -> bool {
        let (Some(&first), Some(&last)) = (at.first(), at.last()) else {
            return true;
        };
        let (ws, we) = window(text, first, last);
        let b = self.boundaries(&text[ws..we]);
        at.iter().all(|&o| b.contains(&(o - ws)))
    }

    /// Byte offsets where jieba puts word boundaries in `w` (0 and `w.len()` included).
    pub fn boundaries(&self, w: &str) -> Vec<usize> {
        let jieba = self.local_jieba(w);
        let mut out = vec![0];
        let mut pos = 0;
        for token in jieba.cut(w, true) {
            pos += token.word.len();
            out.push(pos);
        }
        out
    }

    fn local_jieba(&self, w: &str) -> Jieba {
        let starts: Vec<usize> = w
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(w.len()))
            .collect();
        let mut jieba = Jieba::empty();
        let mut sum = 0u64;
        let mut pack_terms = Vec::new();
        let n = starts.len() - 1;
        for a in 0..n {
            for b in a + 1..=(a + self.longest).min(n) {
                let s = &w[starts[a]..starts[b]];
                if let Some(f) = dict::freq(s) {
                    if !jieba.has_word(s) {
                        jieba.add_word(s, Some(f as usize), None);
                        sum += u64::from(f);
                    }
                }
                if let Some(&correct) = self.terms.get(s) {
                    pack_terms.push((s, correct));
                }
            }
        }
        let rest = dict::total().saturating_sub(sum).max(1);
        jieba.add_word(FILLER, Some(rest as usize), None);
        for (word, correct) in pack_terms {
            if correct {
                jieba.add_word(word, None, None);
            } else if !jieba.has_word(word) {
                jieba.add_word(word, Some(WRONG_FORM_FREQ), None);
            }
        }
        jieba
    }
}

/// The run of Han characters (and ASCII letters/digits, which jieba segments with them)
/// around a hit, limited in length: segmentation never looks across punctuation.
fn window(text: &str, start: usize, end: usize) -> (usize, usize) {
    let joins = |c: char| is_han(c) || c.is_ascii_alphanumeric();
    let ws = text[..start]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| joins(c))
        .take(WINDOW)
        .last()
        .map_or(start, |(i, _)| i);
    let we = text[end..]
        .char_indices()
        .take_while(|&(_, c)| joins(c))
        .take(WINDOW)
        .last()
        .map_or(end, |(i, c)| end + i + c.len_utf8());
    (ws, we)
}

pub fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{20000}'..='\u{2FFFF}' | '\u{F900}'..='\u{FAFF}' | '〇')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_follow_words() {
        let w = Words::new(vec![("布署".into(), false), ("待补".into(), false)]);
        let t = "宣布署长，要求进行布署";
        let first = t.find("布署").unwrap();
        let second = t.rfind("布署").unwrap();
        assert!(!w.on_boundaries(t, first, first + "布署".len()));
        assert!(w.on_boundaries(t, second, second + "布署".len()));
        let t = "以发展思维看待补民生短板";
        let i = t.find("待补").unwrap();
        assert!(!w.on_boundaries(t, i, i + "待补".len()));
    }

    /// The per-window dictionary must segment exactly as jieba with its full dictionary.
    #[test]
    fn same_segmentation_as_full_jieba() {
        let full = Jieba::new();
        let local = Words::new(Vec::new());
        for s in [
            "注重以发展思维看待补民生短板问题",
            "有待定期检查",
            "兰张三四线铁路中武段",
            "各自已经完成了任务",
            "宣布署长任命",
            "坚持以习近平新时代中国特色社会主义思想为指导",
            "全面贯彻党的二十大和二十届二中三中全会精神",
            "截至2023年底全市共完成投资120亿元",
            "我们伟大的祖国中华人民共和国",
            "推动传统产业提质升级促进制造业高端化智能化绿色化发展",
            "国务院办公厅关于印发政府网站集约化试点工作方案的通知",
            "南京市长江大桥",
            "结婚的和尚未结婚的",
        ] {
            let expected: Vec<&str> = full.cut(s, true).iter().map(|t| t.word).collect();
            let b = local.boundaries(s);
            let got: Vec<&str> = b.windows(2).map(|w| &s[w[0]..w[1]]).collect();
            assert_eq!(got, expected, "{s}");
        }
    }
}
