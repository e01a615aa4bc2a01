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
        return Err(UTF16_WITHOUT_BOM.into());
    }
    if let Some(pos) = memchr::memchr(0, bytes) {
        // Chinese in UTF-16 has a NUL only in its few ASCII characters (line ends, digits).
        if plainly_utf16(bytes) {
            return Err(UTF16_WITHOUT_BOM.into());
        }
        return Err(format!(
            "不是文本文件：第 {} 行含有空字节（NUL），可能是二进制文件",
            line_of(bytes, pos)
        ));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(ok(s.to_owned(), "utf-8")),
        Err(_) if plainly_utf16(bytes) && decode_gb(bytes).is_none() => {
            Err(UTF16_WITHOUT_BOM.into())
        }
        Err(e) => decode_gb(bytes).ok_or_else(|| {
            // The bad line is where the reading that got further stopped: a GBK file is
            // invalid UTF-8 from its first Chinese character, UTF-8 as GBK soon after. (Bytes
            // that all read as GB18030 but not as Chinese stop nowhere: UTF-8's place holds.)
            let at = gb_error_at(bytes).map_or(e.valid_up_to(), |gb| gb.max(e.valid_up_to()));
            invalid_utf8(bytes, at, "文件既不是有效的 UTF-8，也不是 GBK/GB18030")
        }),
    }
}

/// Where reading `bytes` as GB18030 meets an invalid sequence, if it does.
fn gb_error_at(bytes: &[u8]) -> Option<usize> {
    use encoding_rs::DecoderResult;
    let mut decoder = GB18030.new_decoder_without_bom_handling();
    // Decoded a block at a time into a small buffer: only the position matters.
    let mut buf = [0u8; 16 * 1024];
    let mut read = 0;
    loop {
        let (result, n, _) =
            decoder.decode_to_utf8_without_replacement(&bytes[read..], &mut buf, true);
        read += n;
        match result {
            DecoderResult::InputEmpty => return None,
            DecoderResult::OutputFull => {}
            // `read` is past the malformed sequence and the bytes looked at after it.
            DecoderResult::Malformed(bad, after) => {
                return Some(read.saturating_sub(usize::from(bad) + usize::from(after)));
            }
        }
    }
}

const UTF16_WITHOUT_BOM: &str =
    "看起来是没有 BOM 的 UTF-16 文本：请另存为 UTF-8（或带 BOM 的 UTF-16）";

/// Whether the start of bytes that are not UTF-8 reads plainly as UTF-16 (either byte order):
/// no unpaired surrogate, no control but line ends and tabs, and nine characters in ten
/// common in Chinese documents (GB2312's Han characters, ASCII, CJK and full-width
/// punctuation), some of them Han, over eight characters at least. Never asked of UTF-8 text.
fn plainly_utf16(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(64 * 1024) & !1];
    if head.len() < 4 {
        return false;
    }
    [u16::from_le_bytes, u16::from_be_bytes].iter().any(|unit| {
        let units = head.chunks_exact(2).map(|p| unit([p[0], p[1]]));
        let (mut all, mut common, mut han) = (0usize, 0usize, 0usize);
        for c in char::decode_utf16(units) {
            let Ok(c) = c else {
                // An unpaired surrogate, unless it is only cut off at the end of the head.
                if head.len() < bytes.len() && all * 2 + 4 >= head.len() {
                    break;
                }
                return false;
            };
            if c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}') {
                return false;
            }
            all += 1;
            if matches!(c, '\u{20}'..='\u{7E}' | '\n' | '\r' | '\t' | '\u{3000}'..='\u{303F}'
                | '\u{FF00}'..='\u{FFEF}' | '\u{2010}'..='\u{2027}')
            {
                common += 1;
            } else if in_gb2312(c) {
                common += 1;
                han += 1;
            }
        }
        // A few bytes could be anything: a run of some length says UTF-16.
        all >= 8 && han >= 2 && common * 10 >= all * 9
    })
}

/// A Han character of GB2312 (the 6,763 of everyday text). Two ASCII letters read as one
/// UTF-16 unit make a Han character too, but nearly always a rare one.
fn in_gb2312(c: char) -> bool {
    if !('\u{4E00}'..='\u{9FFF}').contains(&c) {
        return false;
    }
    let mut buf = [0u8; 4];
    let (bytes, _, unmappable) = GBK.encode(c.encode_utf8(&mut buf));
    !unmappable
        && matches!(*bytes, [lead, trail] if (0xB0..=0xF7).contains(&lead) && (0xA1..=0xFE).contains(&trail))
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

    #[test]
    fn chinese_utf16_without_bom_is_named_not_called_binary() {
        let text = "关于开展安全检查的通知\n各单位：\n请于3月5日前报送。\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for bytes in [le, be] {
            let e = decode(&bytes).unwrap_err();
            assert!(e.contains("没有 BOM 的 UTF-16"), "{e}");
        }
        // Only the line ends are ASCII: no NUL at all in the text's characters.
        let le: Vec<u8> = "关于开展检查的通知"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert!(decode(&le).unwrap_err().contains("UTF-16"));
        // Binary stays binary, and ASCII and GBK text are read as before.
        assert!(decode(b"\x01\x02\x00\x03\xff\xfe\x00\x00abc")
            .unwrap_err()
            .contains("空字节"));
        assert_eq!(decode(b"plain ascii text\n").unwrap().encoding, "utf-8");
        let (gbk, _, _) = GBK.encode("关于开展安全检查的通知");
        assert_eq!(decode(&gbk).unwrap().encoding, "gbk");
    }

    #[test]
    fn a_gbk_file_with_a_bad_byte_names_its_line_not_the_first() {
        let mut gbk = GBK.encode("关于开展检查的通知\n各单位：\n").0.into_owned();
        gbk.extend(b"\x81\x20");
        gbk.extend(GBK.encode("请按时报送。\n").0.iter());
        let e = decode(&gbk).unwrap_err();
        assert!(e.contains("第 3 行"), "{e}");
    }
}
