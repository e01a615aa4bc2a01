//! Chinese numerals as written in dates and heading numbers: 一 … 九十九.

/// 一, 十, 十二, 二十, 二十三 (〇/零 allowed as a digit of a larger number, not alone).
pub fn chinese_number(s: &str) -> Option<u32> {
    let digit = |c: char| match c {
        '〇' | '零' => Some(0),
        _ => "一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|v| v as u32 + 1),
    };
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        ['十'] => Some(10),
        ['十', u] => Some(10 + digit(*u)?),
        [t, '十'] => Some(digit(*t)? * 10),
        [t, '十', u] => Some(digit(*t)? * 10 + digit(*u)?),
        [u] => digit(*u).filter(|&v| v > 0),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_to_ninety_nine() {
        let cases = [
            ("一", 1),
            ("十", 10),
            ("十二", 12),
            ("二十", 20),
            ("三十一", 31),
            ("九十九", 99),
        ];
        for (s, v) in cases {
            assert_eq!(chinese_number(s), Some(v), "{s}");
        }
        for bad in ["零", "〇", "十十", "一二", ""] {
            assert_eq!(chinese_number(bad), None, "{bad}");
        }
    }
}
