//! YAML anchors and aliases let a small file expand into gigabytes ("billion laughs"); serde
//! expands every alias it meets. Before a pack or config is parsed, its aliases are counted
//! and a file whose worst-case expansion (aliases × file size) exceeds a budget is refused.

/// Worst-case bytes that alias expansion may produce.
const BUDGET: usize = 256 << 20;

/// Refuses YAML whose aliases could expand beyond the budget.
pub fn check(text: &str) -> Result<(), String> {
    let aliases = count_aliases(text);
    if aliases.saturating_mul(text.len()) > BUDGET {
        return Err(format!(
            "YAML 中有 {aliases} 处别名（*名称），展开后可能超过 256 MB，不读取（可能是恶意构造的文件）"
        ));
    }
    Ok(())
}

/// Aliases as YAML sees them: `*name` where a node starts, outside quotes and comments (a plain
/// scalar cannot start with `*`, so `"***"` placeholders are quoted and not counted).
fn count_aliases(text: &str) -> usize {
    let mut n = 0;
    for line in text.lines() {
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
                        n += 1;
                    }
                    node_start = false;
                }
                ' ' | '\t' => continue,
                '[' | '{' | ',' | ':' | '-' | '?' => node_start = true,
                _ => node_start = false,
            }
        }
    }
    n
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
}
