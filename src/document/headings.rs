//! Heading numbers at the start of a paragraph (GB/T 9704—2012 7.3.3: 一、（一）1.（1）), read
//! in one place for the kinds and the document's structure:
//!
//! - `number`: the number exactly, with its brackets, value and the mark after it, for the
//!   `numbering` kind (which matches it against the pack's levels) and `standard_level`;
//! - `standard_level`: which of GB/T 9704's four levels a paragraph's number is, for the
//!   `format` kind (the font and size of each level);
//! - `looks_numbered`: a loose test, for not taking a numbered line for a title.

use super::numerals::chinese_number;

/// The Chinese numerals a heading number is written with.
pub const CHINESE_DIGITS: &str = "零一二三四五六七八九十";

/// What may follow a number in a heading position, right or wrong.
pub const SEPARATOR_CHARS: &[char] = &[
    '、', '.', '．', '，', ',', '：', ':', ' ', '\u{3000}', '）', ')',
];

/// A heading number as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Number {
    /// 一二三 rather than 123.
    pub chinese: bool,
    /// In brackets: （一）, (1).
    pub bracketed: bool,
    /// With half-width brackets: (一).
    pub halfwidth: bool,
    pub value: u32,
    /// Bytes of the number with its brackets.
    pub number_end: usize,
    /// The mark after it (empty: none, as after a bracketed number).
    pub sep: String,
    /// 20.2026年…: also reads as a decimal; a heading only where a sequence expects it.
    pub decimal_like: bool,
}

/// The heading number a paragraph starts with, if its text reads as a heading: a number of at
/// most two digits or three Chinese numerals, its closing bracket, a mark after an unbracketed
/// one, and text after that.
pub fn number(text: &str) -> Option<Number> {
    let (bracketed, halfwidth, rest) = match text.chars().next()? {
        '（' => (true, false, &text['（'.len_utf8()..]),
        '(' => (true, true, &text[1..]),
        _ => (false, false, text),
    };
    let digits_len = rest
        .char_indices()
        .take_while(|(_, c)| c.is_ascii_digit())
        .last()
        .map_or(0, |(i, c)| i + c.len_utf8());
    let chinese_len = rest
        .char_indices()
        .take_while(|(_, c)| CHINESE_DIGITS.contains(*c))
        .take(3)
        .last()
        .map_or(0, |(i, c)| i + c.len_utf8());
    let (chinese, num_len) = match (digits_len, chinese_len) {
        (d, 0) if d > 0 && d <= 2 => (false, d),
        (0, c) if c > 0 => (true, c),
        _ => return None,
    };
    let value = if chinese {
        chinese_number(&rest[..num_len])?
    } else {
        rest[..num_len].parse().ok()?
    };
    let mut after = &rest[num_len..];
    if bracketed {
        after = after
            .strip_prefix('）')
            .or_else(|| after.strip_prefix(')'))?;
    }
    let number_end = text.len() - after.len();
    let next = after.chars().next();
    let sep = match next {
        // 一） is a bracket problem and 1 总则 a standard's clause number: not judged here.
        Some('）' | ')') if !bracketed => return None,
        Some(' ' | '\u{3000}') if !chinese && !bracketed => return None,
        Some(c) if SEPARATOR_CHARS.contains(&c) => c.to_string(),
        _ if bracketed => String::new(),
        // Unbracketed numbers need a mark after them, else they are words (一是, 三农, 2024年).
        _ => return None,
    };
    // 1.5亿元 is a decimal, unless the numbering expects exactly this number (20.2026年…).
    let decimal_like = !chinese
        && (sep == "." || sep == "．")
        && after[sep.len()..].starts_with(|c: char| c.is_ascii_digit());
    // A heading has text after its number.
    if after[sep.len()..].trim().is_empty() {
        return None;
    }
    Some(Number {
        chinese,
        bracketed,
        halfwidth,
        value,
        number_end,
        sep,
        decimal_like,
    })
}

/// Which of GB/T 9704's four levels (0–3: 一、 （一） 1． （1）) a paragraph's number is.
pub fn standard_level(text: &str) -> Option<usize> {
    let n = number(text)?;
    match (n.chinese, n.bracketed) {
        (true, false) if matches!(n.sep.as_str(), "、" | "．" | ".") => Some(0),
        (true, true) => Some(1),
        (false, false) if matches!(n.sep.as_str(), "．" | ".") && !n.decimal_like => Some(2),
        (false, true) => Some(3),
        _ => None,
    }
}

/// 一、 （一） 1. ：a heading or list item, not a title (loose: any line starting with a
/// bracket or a digit, or one Chinese numeral and a mark).
pub fn looks_numbered(t: &str) -> bool {
    let mut c = t.chars();
    matches!(c.next(), Some('（' | '(' | '0'..='9'))
        || (t.starts_with(|c: char| "一二三四五六七八九十".contains(c))
            && t.chars().nth(1).is_some_and(|c| "、.．，,".contains(c)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_four_standard_levels() {
        assert_eq!(standard_level("一、总体要求"), Some(0));
        assert_eq!(standard_level("（二）工作目标"), Some(1));
        assert_eq!(standard_level("3．加强领导"), Some(2));
        assert_eq!(standard_level("(4)做好保障"), Some(3));
        for not in [
            "1.5亿元资金已到位",
            "一是加强领导",
            "2024年工作要点",
            "一、",
            "三发扬",
        ] {
            assert_eq!(standard_level(not), None, "{not}");
        }
    }

    #[test]
    fn loose_numbering_for_titles() {
        assert!(looks_numbered("（一）关于"));
        assert!(looks_numbered("2024年工作要点"));
        assert!(!looks_numbered("关于开展安全生产大检查的通知"));
    }
}
