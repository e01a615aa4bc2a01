//! How numbers and corrections read in the report a person reads (Markdown, HTML, the CSV
//! ledger); the JSON keeps the plain values.

/// 2,579,467: digits in threes, as GB/T 15835—2011 5.1.3 allows (千分撇) and as totals are read.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// What the finding asks for: `“Y”` for a replacement, `删除“X”` when the replacement is empty
/// (an empty `“”` read as if nothing were suggested).
pub fn correction(text: &str, suggestion: Option<&str>) -> Option<String> {
    match suggestion? {
        "" => Some(format!("删除“{text}”")),
        s => Some(format!("“{s}”")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_digits_in_threes() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
        assert_eq!(grouped(2_579_467), "2,579,467");
        assert_eq!(grouped(12_345_678_901), "12,345,678,901");
    }

    #[test]
    fn a_deletion_says_what_to_delete() {
        assert_eq!(correction(" ", Some("")).unwrap(), "删除“ ”");
        assert_eq!(correction("的的", Some("的")).unwrap(), "“的”");
        assert_eq!(correction("x", None), None);
    }
}
