//! YAML anchors and aliases let a small file expand into gigabytes ("billion laughs"); serde
//! expands every alias it meets. Before a pack or config is parsed, its aliases are counted
//! and a file whose worst-case expansion (aliases × file size) exceeds a budget is refused.
//! Deeply nested flow collections (`[[[[…`) take the parser quadratic time, so nesting past
//! `MAX_DEPTH` is refused too. Lines are split where YAML splits them (libyaml: LF, CRLF, CR,
//! and NEL, LS, PS), so a file with other line breaks cannot hide its aliases in a comment.

/// Worst-case bytes that alias expansion may produce.
const BUDGET: usize = 256 << 20;
/// Nesting of flow collections: real packs and configs use two or three levels, and serde
/// gives up at 128 anyway.
const MAX_DEPTH: usize = 64;

/// Refuses YAML whose aliases could expand beyond the budget, or nested too deep.
pub fn check(text: &str) -> Result<(), String> {
    let scan = scan(text);
    if let Some(line) = scan.too_deep {
        return Err(format!(
            "第 {line} 行：YAML 的方括号、花括号嵌套超过 {MAX_DEPTH} 层，不读取（可能是恶意构造的文件）"
        ));
    }
    let aliases = scan.aliases;
    if aliases.saturating_mul(text.len()) > BUDGET {
        return Err(format!(
            "YAML 中有 {aliases} 处别名（*名称），展开后可能超过 256 MB，不读取（可能是恶意构造的文件）"
        ));
    }
    Ok(())
}

/// The lines of `text` as YAML reads them: split at LF, CRLF, CR, NEL (U+0085), LS (U+2028)
/// and PS (U+2029), the breaks libyaml knows.
fn yaml_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let s = rest?;
        match s.find(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}']) {
            Some(i) => {
                let c = s[i..].chars().next().unwrap_or('\n');
                let mut next = i + c.len_utf8();
                if c == '\r' && s[next..].starts_with('\n') {
                    next += 1;
                }
                rest = Some(&s[next..]);
                Some(&s[..i])
            }
            None => {
                rest = None;
                (!s.is_empty()).then_some(s)
            }
        }
    })
}

struct Scan {
    aliases: usize,
    /// The line (1-based) where flow nesting first went past `MAX_DEPTH`.
    too_deep: Option<usize>,
}

/// Aliases as YAML sees them: `*name` where a node starts, outside quotes and comments (a plain
/// scalar cannot start with `*`, so `"***"` placeholders are quoted and not counted); and how
/// deep flow collections nest.
fn scan(text: &str) -> Scan {
    let mut out = Scan {
        aliases: 0,
        too_deep: None,
    };
    let mut depth = 0usize;
    for (i, line) in yaml_lines(text).enumerate() {
        let mut quote: Option<char> = None;
        // Whether the next non-blank character would start a node.
        let mut node_start = true;
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            if let Some(q) = quote {
                if c == q {
                    quote = None;
                } else if c == '\\' && q == '"' {
                    chars.next();
                }
                continue;
            }
            match c {
                '#' if node_start => break,
                '"' | '\'' if node_start => quote = Some(c),
                '*' if node_start => {
                    if chars
                        .peek()
                        .is_some_and(|d| !d.is_whitespace() && *d != '*')
                    {
                        out.aliases += 1;
                    }
                    node_start = false;
                }
                ' ' | '\t' => continue,
                '[' | '{' if node_start => {
                    depth += 1;
                    if depth > MAX_DEPTH && out.too_deep.is_none() {
                        out.too_deep = Some(i + 1);
                    }
                }
                ']' | '}' => {
                    depth = depth.saturating_sub(1);
                    node_start = false;
                }
                // Inside a plain scalar (`x[y`): not a collection.
                '[' | '{' => {}
                ',' | ':' | '-' | '?' => node_start = true,
                _ => node_start = false,
            }
        }
    }
    out
}

/// Aliases as `scan` counts them.
#[cfg(test)]
fn count_aliases(text: &str) -> usize {
    scan(text).aliases
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_are_counted_where_yaml_sees_them() {
        assert_eq!(count_aliases("a: &x [1, 2]\nb: *x\nc: [*x, *x]\n"), 3);
        assert_eq!(
            count_aliases("wrong: \"***\"\nmsg: '*x'\n# *x\nplain: a*b\n"),
            0
        );
        assert_eq!(count_aliases("- *a\n-  *b # *c\n"), 2);
    }

    #[test]
    fn wide_fan_out_is_refused_and_ordinary_sharing_is_not() {
        let shared = "fonts: &f [仿宋]\na: *f\nb: *f\nc: *f\n";
        assert!(check(shared).is_ok());
        let big = format!(
            "m: &m \"{}\"\nl: [{}]\n",
            "x".repeat(100_000),
            vec!["*m"; 5000].join(",")
        );
        assert!(check(&big).unwrap_err().contains("别名"));
    }

    #[test]
    fn lines_break_where_yaml_breaks_them() {
        for br in ["\n", "\r\n", "\r", "\u{85}", "\u{2028}", "\u{2029}"] {
            let text = format!("# c{br}a: &x [1]{br}b: [*x, *x]{br}");
            assert_eq!(count_aliases(&text), 2, "{br:?}");
            assert_eq!(yaml_lines(&text).count(), 3, "{br:?}");
        }
        assert_eq!(yaml_lines("a\r\n\r\nb").collect::<Vec<_>>(), ["a", "", "b"]);
    }

    #[test]
    fn deep_flow_nesting_is_refused() {
        let ok = format!("a: {}1{}\n", "[".repeat(10), "]".repeat(10));
        assert!(check(&ok).is_ok());
        let deep = format!("a: 1\nb: {}1{}\n", "[{".repeat(40), "}]".repeat(40));
        assert!(check(&deep).unwrap_err().starts_with("第 2 行"));
        // Brackets in quotes and plain scalars are not nesting.
        let quoted = format!("a: '{}'\nb: x{}\n", "[".repeat(100), "[".repeat(100));
        assert!(check(&quoted).is_ok());
    }
}
