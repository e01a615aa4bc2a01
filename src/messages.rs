//! Every message a user reads is Chinese (docs/design.md §1): the English that libraries produce —
//! clap's usage errors and help headings, serde's and YAML's errors, the operating system's
//! I/O errors, the regex parser's errors — is put into Chinese here, in one place.

use std::error::Error as _;
use std::fmt::Write as _;
use std::sync::OnceLock;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use regex::Regex;

/// An I/O error in Chinese, by its kind (the OS wording — “No such file or directory (os
/// error 2)” — never reaches the user).
pub fn io_error(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let text = match e.kind() {
        K::NotFound => "找不到文件或目录",
        K::PermissionDenied => "没有权限",
        K::AlreadyExists => "已存在",
        K::IsADirectory => "是目录，不是文件",
        K::NotADirectory => "路径中的一段不是目录",
        K::DirectoryNotEmpty => "目录不为空",
        K::ReadOnlyFilesystem => "文件系统是只读的",
        K::StorageFull => "磁盘已满",
        K::FileTooLarge => "文件太大",
        K::InvalidData => "内容无效（不是 UTF-8 文本？）",
        K::UnexpectedEof => "文件意外结束（可能不完整）",
        K::Interrupted => "操作被中断",
        K::BrokenPipe => "输出管道已关闭",
        K::OutOfMemory => "内存不足",
        K::ResourceBusy | K::ExecutableFileBusy => "文件正被占用",
        K::CrossesDevices => "不能跨磁盘移动",
        K::TooManyLinks => "链接太多",
        K::TimedOut => "超时",
        K::Unsupported => "不支持此操作",
        _ => return other_io_error(e),
    };
    text.to_owned()
}

fn other_io_error(e: &std::io::Error) -> String {
    match e.raw_os_error() {
        Some(40) if cfg!(unix) => "符号链接层数太多（可能有循环）".into(),
        Some(36) if cfg!(unix) => "文件名太长".into(),
        Some(n) => format!("系统错误（代码 {n}）"),
        None => format!("输入输出错误（{e}）"),
    }
}

/// Replaces every “… (os error N)” in a message built from an I/O error's Display.
pub fn localise(text: &str) -> String {
    static OS: OnceLock<Regex> = OnceLock::new();
    let os = OS.get_or_init(|| {
        Regex::new(r"[A-Za-z][A-Za-z ,'()-]*? \(os error (\d+)\)").expect("valid regex")
    });
    let text = os.replace_all(text, |c: &regex::Captures| {
        let n: i32 = c[1].parse().unwrap_or(0);
        io_error(&std::io::Error::from_raw_os_error(n))
    });
    if text.contains("regex parse error") {
        return regex_text(&text);
    }
    text.into_owned()
}

/// A serde / serde_yaml message (“missing field `severity`”, “unknown variant `x`, expected
/// one of …”, YAML syntax errors) in Chinese. The place (file, line, column) is given apart.
pub fn serde_message(text: &str) -> String {
    // serde_yaml puts the path of the failing value first: “rules[0]: missing field …”.
    static PATH: OnceLock<Regex> = OnceLock::new();
    let path = PATH.get_or_init(|| {
        Regex::new(
            r"^((?:[A-Za-z_][A-Za-z0-9_-]*|\[\d+\])(?:\.[A-Za-z_][A-Za-z0-9_-]*|\[\d+\])*): (.*)$",
        )
        .expect("valid regex")
    });
    if let Some(c) = path.captures(text) {
        if !c[2].is_empty() {
            return format!("{}：{}", &c[1], serde_phrase(&c[2]));
        }
    }
    serde_phrase(text)
}

fn ticked(s: &str) -> String {
    // “`a`, `b`” → “a、b”
    s.split(", ")
        .map(|p| p.trim().trim_matches('`').to_owned())
        .collect::<Vec<_>>()
        .join("、")
}

fn serde_phrase(text: &str) -> String {
    let t = text.trim();
    if let Some(rest) = t.strip_prefix("missing field ") {
        return format!("缺少字段 {}", rest.trim_matches('`'));
    }
    if let Some(rest) = t.strip_prefix("duplicate field ") {
        return format!("字段 {} 重复", rest.trim_matches('`'));
    }
    for (prefix, what) in [("unknown field ", "字段"), ("unknown variant ", "取值")] {
        if let Some(rest) = t.strip_prefix(prefix) {
            let (name, expected) = rest.split_once(", ").unwrap_or((rest, ""));
            let name = name.trim_matches('`');
            let known = expected
                .strip_prefix("expected one of ")
                .or_else(|| expected.strip_prefix("expected "))
                .map(ticked);
            return match known {
                Some(k) => format!("不认识的{what}“{name}”（可用：{k}）"),
                None if expected.contains("there are no") => {
                    format!("不认识的{what}“{name}”（这里不能有{what}）")
                }
                None => format!("不认识的{what}“{name}”"),
            };
        }
    }
    for (prefix, what) in [
        ("invalid type: ", "类型不对"),
        ("invalid value: ", "取值无效"),
        ("invalid length ", "长度不对"),
    ] {
        if let Some(rest) = t.strip_prefix(prefix) {
            let (got, expected) = rest.rsplit_once(", expected ").unwrap_or((rest, ""));
            let expected = if expected.is_empty() {
                String::new()
            } else {
                format!("，应为{}", kind_name(expected))
            };
            return format!("{what}：这里是{}{expected}", kind_name(got));
        }
    }
    for (english, chinese) in YAML_SYNTAX {
        if t.contains(english) {
            return format!("YAML 语法错误：{chinese}");
        }
    }
    if t.is_ascii() && t.chars().any(|c| c.is_ascii_alphabetic()) {
        return format!("YAML 内容无效（{t}）");
    }
    t.to_owned()
}

/// serde's names of what was found or expected.
fn kind_name(s: &str) -> String {
    let s = s.trim();
    let (head, value) = match s.split_once(' ') {
        Some((h, v)) => (h, v.trim()),
        None => (s, ""),
    };
    let name = match head {
        "string" => "文字",
        "integer" | "u8" | "u16" | "u32" | "u64" | "usize" | "i32" | "i64" => "整数",
        "floating" => "小数",
        "boolean" => "布尔值（true/false）",
        "sequence" => "列表",
        "map" | "struct" => "键值映射",
        "unit" | "null" => "空值",
        "a" | "an" => return kind_name(value),
        "one" if value.starts_with("of ") => return format!("以下之一：{}", ticked(&value[3..])),
        _ => return s.trim_matches('`').to_owned(),
    };
    let value = value
        .trim_start_matches("point ")
        .trim_start_matches("value")
        .trim();
    let value = value.trim_matches('`');
    if value.is_empty() || head == "struct" {
        name.to_owned()
    } else {
        format!("{name} {value}")
    }
}

const YAML_SYNTAX: &[(&str, &str)] = &[
    (
        "did not find expected key",
        "缩进不对齐，或少了“键: 值”里的冒号",
    ),
    (
        "mapping values are not allowed",
        "冒号用错了位置（值里含有“: ”时请加引号）",
    ),
    (
        "found character that cannot start any token",
        "有不能出现在这里的字符（如制表符缩进、@、`）",
    ),
    ("did not find expected node content", "缺少内容"),
    (
        "found unexpected end of stream",
        "文件意外结束（引号或括号没有闭合？）",
    ),
    (
        "found unknown escape character",
        "双引号里有无效的转义（\\）：正则表达式请用单引号",
    ),
    ("did not find expected ',' or ']'", "方括号列表没有闭合"),
    ("did not find expected ',' or '}'", "花括号映射没有闭合"),
    ("did not find expected '-' indicator", "列表项缩进不对齐"),
    ("found undefined alias", "引用了未定义的锚点（*别名）"),
    ("found duplicate anchor", "锚点重复"),
    ("recursion limit exceeded", "嵌套太深"),
    ("could not find expected ':'", "缺少冒号"),
    ("found a tab character", "用了制表符缩进：请用空格"),
    ("invalid leading UTF-8 octet", "不是 UTF-8 编码"),
    ("control characters are not allowed", "含有控制字符"),
    ("duplicate entry with key", "键重复"),
    ("EOF while parsing", "文件意外结束"),
];

/// A regex-syntax parse or translation error: what is wrong, and where in the pattern.
pub fn regex_syntax_error(pattern: &str, e: &regex_syntax::Error) -> String {
    use regex_syntax::ast::ErrorKind as A;
    use regex_syntax::hir::ErrorKind as H;
    let (what, span) = match e {
        regex_syntax::Error::Parse(p) => (
            match p.kind() {
                A::GroupUnclosed => "括号“(”没有闭合".to_owned(),
                A::GroupUnopened => "多了右括号“)”".to_owned(),
                A::ClassUnclosed => "方括号“[”没有闭合".to_owned(),
                A::ClassRangeInvalid => "字符范围无效（起点大于终点）".to_owned(),
                A::ClassEscapeInvalid => "方括号里的转义无效".to_owned(),
                A::RepetitionMissing => "重复符号（* + ? {n}）前面没有可重复的内容".to_owned(),
                A::RepetitionCountInvalid => "重复次数无效（{m,n} 里 m 大于 n）".to_owned(),
                A::RepetitionCountUnclosed => "重复次数的花括号“{”没有闭合".to_owned(),
                A::RepetitionCountDecimalEmpty => "重复次数缺少数字".to_owned(),
                A::EscapeUnrecognized => "无法识别的转义（\\ 后的字符）".to_owned(),
                A::EscapeUnexpectedEof => "末尾是单独的反斜杠“\\”".to_owned(),
                A::EscapeHexInvalid | A::EscapeHexInvalidDigit | A::EscapeHexEmpty => {
                    "十六进制转义无效".to_owned()
                }
                A::GroupNameDuplicate { .. } => "分组名重复".to_owned(),
                A::GroupNameEmpty => "分组名为空".to_owned(),
                A::GroupNameInvalid => "分组名无效".to_owned(),
                A::GroupNameUnexpectedEof => "分组名没有以“>”结束".to_owned(),
                A::FlagUnrecognized => "无法识别的标志（(?…) 里的字母）".to_owned(),
                A::FlagDuplicate { .. } => "标志重复".to_owned(),
                A::UnsupportedBackreference => "不支持反向引用（\\1 等）".to_owned(),
                A::UnsupportedLookAround => "不支持环视（(?=…)、(?!…)、(?<=…)、(?<!…)）".to_owned(),
                A::NestLimitExceeded(n) => format!("嵌套超过 {n} 层"),
                A::UnicodeClassInvalid => "Unicode 类别名无效（如 \\p{Han}）".to_owned(),
                _ => "语法错误".to_owned(),
            },
            *p.span(),
        ),
        regex_syntax::Error::Translate(t) => (
            match t.kind() {
                H::UnicodePropertyNotFound | H::UnicodePropertyValueNotFound => {
                    "没有这个 Unicode 类别（如 \\p{Han}、\\p{P}）".to_owned()
                }
                H::UnicodeNotAllowed => "这里不能用 Unicode 类别".to_owned(),
                H::InvalidUtf8 => "会匹配非 UTF-8 字节".to_owned(),
                _ => "语法错误".to_owned(),
            },
            *t.span(),
        ),
        _ => (
            "语法错误".to_owned(),
            regex_syntax::ast::Span::splat(regex_syntax::ast::Position::new(0, 1, 1)),
        ),
    };
    let at = pattern[..span.start.offset.min(pattern.len())]
        .chars()
        .count()
        + 1;
    format!("{what}（第 {at} 个字符处）：{pattern}")
}

/// The regex crate's error (syntax, or a compiled size over the limit).
pub fn regex_error(pattern: &str, e: &regex::Error) -> String {
    match e {
        regex::Error::CompiledTooBig(limit) => {
            format!(
                "正则表达式编译后超过 {} KB 的上限，请拆分或简化：{pattern}",
                limit >> 10
            )
        }
        _ => match regex_syntax::ParserBuilder::new().build().parse(pattern) {
            Err(se) => regex_syntax_error(pattern, &se),
            Ok(_) => format!("正则表达式无效：{pattern}"),
        },
    }
}

/// “regex parse error: … error: unclosed group” text from elsewhere.
fn regex_text(text: &str) -> String {
    let what = text
        .lines()
        .rev()
        .find_map(|l| l.trim().strip_prefix("error: "))
        .unwrap_or("");
    let head = text.split("regex parse error").next().unwrap_or("");
    let what = match what {
        "unclosed group" => "括号“(”没有闭合",
        "unopened group" => "多了右括号“)”",
        "unclosed character class" => "方括号“[”没有闭合",
        "repetition operator missing expression" => "重复符号前面没有可重复的内容",
        _ => "语法错误",
    };
    format!("{head}正则表达式无效：{what}")
}

/// clap's help and version text with its English headings and notes in Chinese.
pub fn localise_help(text: &str) -> String {
    let mut s = text
        .replace("Usage: ", "用法：")
        .replace("Usage:", "用法：")
        .replace("Options:", "选项：")
        .replace("Arguments:", "参数：")
        .replace("Commands:", "命令：")
        .replace("[OPTIONS]", "[选项]")
        .replace("[COMMAND]", "[命令]")
        .replace("<COMMAND>", "<命令>")
        .replace("[default: ", "[默认：")
        .replace("[default:", "[默认：")
        .replace("[possible values: ", "[可选值：")
        .replace("[possible values:", "[可选值：")
        .replace("[aliases: ", "[别名：")
        .replace("[alias: ", "[别名：")
        .replace(
            "Print help (see a summary with '-h')",
            "显示帮助（-h 显示摘要）",
        )
        .replace(
            "Print help (see more with '--help')",
            "显示帮助（--help 显示详细说明）",
        )
        .replace("Print help", "显示帮助")
        .replace("Print version", "显示版本")
        .replace("Possible values:", "可选值：");
    // `help` subcommand line.
    s = s.replace(
        "Print this message or the help of the given subcommand(s)",
        "显示本帮助或某个子命令的帮助",
    );
    s
}

fn context_string(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join("、")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn context_list(e: &clap::Error, kind: ContextKind) -> Vec<String> {
    match e.get(kind) {
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        Some(ContextValue::StyledStr(s)) => vec![s.to_string()],
        _ => Vec::new(),
    }
}

/// A clap usage error in Chinese: what is wrong, a suggestion when clap has one, and the usage
/// line. (Help and version output go through [`localise_help`] instead.)
pub fn clap_error(e: &clap::Error) -> String {
    let arg = context_string(e, ContextKind::InvalidArg).unwrap_or_default();
    let value = context_string(e, ContextKind::InvalidValue).unwrap_or_default();
    let valid = context_list(e, ContextKind::ValidValue);
    let mut msg = match e.kind() {
        ErrorKind::UnknownArgument => format!("不认识的选项或参数“{arg}”"),
        ErrorKind::InvalidSubcommand => {
            let sub = context_string(e, ContextKind::InvalidSubcommand).unwrap_or_default();
            format!("没有“{sub}”这个子命令")
        }
        ErrorKind::InvalidValue if value.is_empty() => format!("{arg} 需要一个值"),
        ErrorKind::InvalidValue => format!("{arg} 的值“{value}”无效"),
        ErrorKind::ValueValidation => {
            // Our own parsers give a Chinese reason; std's (“invalid digit found in string”)
            // is replaced by a plain one.
            let reason = e
                .source()
                .map(|s| s.to_string())
                .filter(|s| !s.is_ascii())
                .unwrap_or_else(|| "应为非负整数".to_owned());
            format!("{arg} 的值“{value}”无效：{reason}")
        }
        ErrorKind::MissingRequiredArgument => {
            format!(
                "缺少必需的参数：{}",
                context_list(e, ContextKind::InvalidArg).join("、")
            )
        }
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "缺少子命令".to_owned()
        }
        ErrorKind::ArgumentConflict => {
            let prior = context_list(e, ContextKind::PriorArg);
            if prior.is_empty() {
                format!("{arg} 不能与其他选项同用")
            } else {
                format!("{arg} 不能与 {} 同用", prior.join("、"))
            }
        }
        ErrorKind::NoEquals => format!("{arg} 的值要用“=”连接"),
        ErrorKind::TooManyValues => format!("{arg} 的值太多：“{value}”"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("{arg} 的值的个数不对")
        }
        ErrorKind::InvalidUtf8 => "参数不是有效的 UTF-8 文字".to_owned(),
        _ => "命令行有误".to_owned(),
    };
    if !valid.is_empty() {
        let _ = write!(msg, "\n  可选值：{}", valid.join("、"));
    }
    if let Some(suggested) = context_string(e, ContextKind::SuggestedArg)
        .or_else(|| context_string(e, ContextKind::SuggestedSubcommand))
        .or_else(|| context_string(e, ContextKind::SuggestedValue))
    {
        let _ = write!(msg, "\n  提示：是不是要用“{suggested}”？");
    }
    if e.kind() == ErrorKind::UnknownArgument && arg.starts_with('-') && !arg.starts_with("--") {
        // `-x` where a value starting with '-' was meant.
        let _ = write!(
            msg,
            "\n  提示：以“-”开头的文件名请写在“--”之后，如 gwlint check -- {arg}"
        );
    }
    let rendered = e.render().to_string();
    let usage = rendered
        .lines()
        .find_map(|l| l.strip_prefix("Usage: "))
        .map(|u| localise_help(u.trim()));
    let mut out = format!("gwlint: 错误：{msg}\n");
    if let Some(u) = usage {
        let _ = writeln!(out, "\n用法：{u}");
    }
    out.push_str("\n更多信息请用 --help\n");
    out
}

/// A size as gwlint writes it in messages: 210 MB, 640 KB, 12 字节.
pub(crate) fn human_size(n: u64) -> String {
    match n {
        n if n >= 1 << 30 => format!("{:.1} GB", n as f64 / (1u64 << 30) as f64),
        n if n >= 1 << 20 => format!("{} MB", n >> 20),
        n if n >= 1 << 10 => format!("{} KB", n >> 10),
        n => format!("{n} 字节"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_messages_become_chinese() {
        assert_eq!(
            serde_message("rules[0]: missing field `severity`"),
            "rules[0]：缺少字段 severity"
        );
        assert_eq!(
            serde_message("unknown variant `eror`, expected one of `error`, `warning`, `info`"),
            "不认识的取值“eror”（可用：error、warning、info）"
        );
        assert_eq!(
            serde_message("invalid type: string \"x\", expected a sequence"),
            "类型不对：这里是文字 \"x\"，应为列表"
        );
    }

    #[test]
    fn os_errors_become_chinese() {
        let e = std::io::Error::from_raw_os_error(2);
        assert_eq!(
            localise(&format!("无法读取：{e}")),
            "无法读取：找不到文件或目录"
        );
    }

    #[test]
    fn regex_errors_say_what_and_where() {
        let e = regex_syntax::ParserBuilder::new()
            .build()
            .parse("ab(c")
            .unwrap_err();
        assert_eq!(
            regex_syntax_error("ab(c", &e),
            "括号“(”没有闭合（第 3 个字符处）：ab(c"
        );
    }
}
