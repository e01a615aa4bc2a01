//! Writing text back in the encoding it was read in (for `--fix`): a GBK file stays GBK.

/// Encodes `text` as `encoding` (a name from `decode`), refusing anything that would not
/// read back as exactly the same text.
pub fn encode(text: &str, encoding: &str) -> Result<Vec<u8>, String> {
    let bytes = match encoding {
        "utf-8" => text.as_bytes().to_vec(),
        "utf-8-bom" => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        "utf-16le" => std::iter::once(0xFEFF)
            .chain(text.encode_utf16())
            .flat_map(u16::to_le_bytes)
            .collect(),
        "utf-16be" => std::iter::once(0xFEFF)
            .chain(text.encode_utf16())
            .flat_map(u16::to_be_bytes)
            .collect(),
        "gbk" | "gb18030" => {
            let enc = if encoding == "gbk" {
                encoding_rs::GBK
            } else {
                encoding_rs::GB18030
            };
            let (bytes, _, unmappable) = enc.encode(text);
            if unmappable {
                return Err(format!("修改后的文字有 {encoding} 无法表示的字符"));
            }
            bytes.into_owned()
        }
        other => return Err(format!("不支持写回 {other} 编码")),
    };
    // Never write what would not read back as the same text.
    match super::decode::decode(&bytes) {
        Ok(d) if d.text == text => Ok(bytes),
        _ => Err(format!("按 {encoding} 写回后无法原样读出，未修改")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::decode::decode;

    #[test]
    fn round_trips_every_encoding_decode_reports() {
        let text = "关于开展检查的通知：2024年，各单位“自查”。\r\n";
        for enc in [
            "utf-8",
            "utf-8-bom",
            "utf-16le",
            "utf-16be",
            "gbk",
            "gb18030",
        ] {
            let bytes = encode(text, enc).unwrap();
            let d = decode(&bytes).unwrap();
            assert_eq!(d.text, text, "{enc}");
            // GBK text without GB18030-only characters reads back as GBK.
            let expect = if enc == "gb18030" { "gbk" } else { enc };
            assert_eq!(d.encoding, expect, "{enc}");
        }
    }

    #[test]
    fn unmappable_characters_are_refused() {
        assert!(encode("表情😀", "gbk").is_err());
    }
}
