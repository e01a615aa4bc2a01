//! Bytes → text, the way offices really save files: UTF-8 (with or without BOM), UTF-16 with
//! BOM (Notepad's "Unicode"), and GBK/GB18030. Anything else is refused with a reason rather
//! than garbled silently.

use encoding_rs::{GB18030, GBK, UTF_16BE, UTF_16LE};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text with any BOM removed. Line endings are kept as they were.
    pub text: String,
    /// What was detected: `utf-8`, `utf-8-bom`, `utf-16le`, `utf-16be`, `gbk` or `gb18030`.
    pub encoding: &'static str,
}

/// Decodes a file's bytes, or says in Chinese why it cannot be read as text.
pub fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return match std::str::from_utf8(rest) {
            Ok(s) => Ok(ok(s.to_owned(), "utf-8-bom")),
            Err(e) => Err(invalid_utf8(rest, e.valid_up_to(), "文件以 UTF-8 BOM 开头")),
        };
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, UTF_16LE, "utf-16le");
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, UTF_16BE, "utf-16be");
    }
    if looks_like_utf16_without_bom(bytes) {
        return Err("看起来是没有 BOM 的 UTF-16 文本：请另存为 UTF-8（或带 BOM 的 UTF-16）".into());
    }
    if let Some(pos) = memchr::memchr(0, bytes) {
        return Err(format!(
            "不是文本文件：第 {} 行含有空字节（NUL），可能是二进制文件",
            line_of(bytes, pos)
        ));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(ok(s.to_owned(), "utf-8")),
        Err(e) => decode_gb(bytes).ok_or_else(|| {
            invalid_utf8(
                bytes,
                e.valid_up_to(),
                "文件既不是有效的 UTF-8，也不是 GBK/GB18030",
            )
        }),
    }
}

/// Mostly-ASCII or CJK text in UTF-16 has a NUL in every other byte for ASCII characters.
fn looks_like_utf16_without_bom(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096) & !1];
    if head.len() < 8 {
        return false;
    }
    let zeros_at = |parity: usize| {
        head.iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (zeros_at(0), zeros_at(1));
    let half = head.len() / 2;
    (odd * 4 > half && even == 0) || (even * 4 > half && odd == 0)
}

fn ok(text: String, encoding: &'static str) -> Decoded {
    Decoded { text, encoding }
}

fn utf16(
    rest: &[u8],
    enc: &'static encoding_rs::Encoding,
    name: &'static str,
) -> Result<Decoded, String> {
    enc.decode_without_bom_handling_and_without_replacement(rest)
        .map(|s| ok(s.into_owned(), name))
        .ok_or_else(|| format!("文件以 {name} BOM 开头，但内容不是有效的 {name}"))
}

fn invalid_utf8(bytes: &[u8], valid_up_to: usize, what: &str) -> String {
    format!(
        "无法识别文本编码：{what}（第 {} 行有无效字节）；请另存为 UTF-8",
        line_of(bytes, valid_up_to)
    )
}

fn line_of(bytes: &[u8], pos: usize) -> usize {
    bytes[..pos.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// GB18030 is a superset of GBK; report `gbk` when every character fits GBK, which is what a
/// clerk's editor calls it. Big5 and other double-byte text often decodes as GBK without error
/// but into rare characters, so the decoded text must also look like ordinary Chinese.
fn decode_gb(bytes: &[u8]) -> Option<Decoded> {
    let text = GB18030
        .decode_without_bom_handling_and_without_replacement(bytes)?
        .into_owned();
    if !looks_like_gb_text(bytes) || text.chars().any(is_bad_control) {
        return None;
    }
    let (_, _, unmappable) = GBK.encode(&text);
    let encoding = if unmappable { "gb18030" } else { "gbk" };
    Some(ok(text, encoding))
}

/// Most characters of real GBK text come from GB2312 (lead bytes A1–F7, trail A1–FE); text in
/// another encoding read as GBK lands mostly outside it.
fn looks_like_gb_text(bytes: &[u8]) -> bool {
    let (mut pairs, mut common) = (0usize, 0usize);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            i += 1;
            continue;
        }
        if i + 1 < bytes.len() {
            let t = bytes[i + 1];
            pairs += 1;
            if (0xA1..=0xF7).contains(&b) && (0xA1..=0xFE).contains(&t) {
                common += 1;
            }
            // A GB18030 four-byte sequence has a digit as its second byte.
            i += if t.is_ascii_digit() { 4 } else { 2 };
        } else {
            i += 1;
        }
    }
    pairs == 0 || common * 10 >= pairs * 7
}

fn is_bad_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_plain_and_bom() {
        assert_eq!(decode("通知".as_bytes()).unwrap().encoding, "utf-8");
        let d = decode(b"\xEF\xBB\xBF\xE9\x80\x9A").unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("通", "utf-8-bom"));
    }

    #[test]
    fn gbk_and_gb18030() {
        let (gbk, _, _) = GBK.encode("关于开展安全检查的通知");
        let d = decode(&gbk).unwrap();
        assert_eq!(
            (d.text.as_str(), d.encoding),
            ("关于开展安全检查的通知", "gbk")
        );
        // 𠮷 (U+20BB7) exists only in GB18030.
        let (gb, _, _) = GB18030.encode("吉𠮷通知");
        assert_eq!(decode(&gb).unwrap().encoding, "gb18030");
    }

    #[test]
    fn utf16_with_bom() {
        let mut b = vec![0xFF, 0xFE];
        for u in "公文".encode_utf16() {
            b.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&b).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("公文", "utf-16le"));
    }

    #[test]
    fn binary_and_garbage_are_refused() {
        assert!(decode(b"abc\0def").unwrap_err().contains("空字节"));
        let utf16: Vec<u8> = "notice 通知 text"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert!(decode(&utf16).unwrap_err().contains("UTF-16"));
        let latin1 = b"caf\xe9 \xe0 la cr\xe8me";
        assert!(decode(latin1).unwrap_err().contains("第 1 行"));
    }
}
