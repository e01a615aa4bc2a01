//! Bytes in, within budget, and the reader a file's name calls for.

use crate::messages::human_size;
use std::io::Read;
use std::path::Path;

use crate::cli::CheckArgs;
use crate::document::{self, Document};
use crate::output::FileError;

pub(crate) fn stdin_name(args: &CheckArgs) -> &str {
    args.stdin_filename.as_deref().unwrap_or("-")
}

pub(crate) fn display_path(p: &Path) -> String {
    let s = p.display().to_string();
    s.strip_prefix("./").map(str::to_owned).unwrap_or(s)
}

/// Reads a whole file, refusing one larger than `limit` before reading it (and stopping at
/// the limit if it grows meanwhile): a 公文 is kilobytes, an archive may hold anything.
pub(crate) fn read_file(p: &Path, limit: u64) -> Result<Vec<u8>, FileError> {
    let fail = |e: std::io::Error| FileError {
        path: display_path(p),
        error: match e.kind() {
            std::io::ErrorKind::PermissionDenied => "没有读取权限".into(),
            std::io::ErrorKind::NotFound => "文件不存在（可能在检查时被删除或移走）".into(),
            std::io::ErrorKind::IsADirectory => "是目录，不是文件".into(),
            _ => format!("无法读取：{e}"),
        },
    };
    let too_big = |size: u64| FileError {
        path: display_path(p),
        error: format!(
            "文件有 {}，超过 --max-file-size（{}），未检查",
            human_size(size),
            human_size(limit)
        ),
    };
    let file = std::fs::File::open(p).map_err(fail)?;
    let size = file.metadata().map_err(fail)?.len();
    if size > limit {
        return Err(too_big(size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(limit + 1).read_to_end(&mut bytes).map_err(fail)?;
    if bytes.len() as u64 > limit {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Builds a document from decoded text: (path, encoding, text).
/// A text reader: path, encoding, and the text, given up to the document (no copy of a
/// large file).
pub(crate) type Reader = fn(String, &str, String) -> Document;

/// Chooses the reader by extension; refuses formats gwlint cannot read, saying what to do.
pub(crate) fn reader_for(name: &str) -> Result<Reader, String> {
    let ext = Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "md" | "markdown" => Ok(document::from_markdown_owned),
        _ => Ok(document::from_plain_text_owned),
    }
}
