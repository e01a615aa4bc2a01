//! Word boundaries from jieba. The dictionary costs ~140 ms to load, so it is built once per
//! process and only when a candidate hit actually needs a boundary check.

use std::sync::OnceLock;

use jieba_rs::Jieba;

/// Frequency given to a pack's wrong forms that jieba does not know (typos like 布署): high
/// enough to beat single characters, low enough to lose to real words (宣布|署长).
const WRONG_FORM_FREQ: usize = 10;

pub struct Words {
    jieba: OnceLock<Jieba>,
    /// Pack terms to add to the dictionary: (word, is a correct form).
    terms: Vec<(String, bool)>,
}

impl Words {
    pub fn new(terms: Vec<(String, bool)>) -> Self {
        Words {
            jieba: OnceLock::new(),
            terms,
        }
    }

    pub fn is_loaded(&self) -> bool {
        self.jieba.get().is_some()
    }

    fn jieba(&self) -> &Jieba {
        self.jieba.get_or_init(|| {
            let mut j = Jieba::new();
            for (word, correct) in &self.terms {
                if *correct {
                    // 规范表述 must never be split.
                    j.add_word(word, None, None);
                } else if !j.has_word(word) {
                    j.add_word(word, Some(WRONG_FORM_FREQ), None);
                }
            }
            j
        })
    }

    /// Whether `text[start..end]` starts and ends on word boundaries.
    pub fn on_boundaries(&self, text: &str, start: usize, end: usize) -> bool {
        let (ws, we) = window(text, start, end);
        let mut boundaries = vec![ws];
        let mut pos = ws;
        for token in self.jieba().cut(&text[ws..we], true) {
            pos += token.word.len();
            boundaries.push(pos);
        }
        boundaries.contains(&start) && boundaries.contains(&end)
    }
}

/// The run of Han characters (and letters/digits, which jieba segments with them) around a
/// hit, limited in length: segmentation never looks across punctuation.
fn window(text: &str, start: usize, end: usize) -> (usize, usize) {
    const MAX: usize = 48;
    let joins = |c: char| is_han(c) || c.is_ascii_alphanumeric();
    let ws = text[..start]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| joins(c))
        .take(MAX)
        .last()
        .map_or(start, |(i, _)| i);
    let we = text[end..]
        .char_indices()
        .take_while(|&(_, c)| joins(c))
        .take(MAX)
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
        assert!(!w.is_loaded());
        let t = "宣布署长，要求进行布署";
        let first = t.find("布署").unwrap();
        let second = t.rfind("布署").unwrap();
        assert!(!w.on_boundaries(t, first, first + "布署".len()));
        assert!(w.on_boundaries(t, second, second + "布署".len()));
        assert!(w.is_loaded());
        let t = "以发展思维看待补民生短板";
        let i = t.find("待补").unwrap();
        assert!(!w.on_boundaries(t, i, i + "待补".len()));
    }
}
