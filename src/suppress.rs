//! Inline suppressions: `gwlint-disable-next-line RULE -- 理由`, and `gwlint-disable RULE -- 理由`
//! … `gwlint-enable` (bare lines, or inside `<!-- -->` in Markdown). A reason is required; a
//! comment that suppresses nothing, or cannot be understood, is itself reported.
//!
//! Runs on located diagnostics (source lines), after the rules and before output.

use std::collections::HashSet;
use std::sync::Arc;

use crate::document::{Directive, Document};
use crate::engine::kinds::suppression::SuppressionCheck;
use crate::engine::kinds::RuleKind;
use crate::finding::{Diagnostic, RuleMeta};
use crate::rules::Rule;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verb {
    NextLine,
    Disable,
    Enable,
}

/// A parsed directive and the lines it covers.
struct Parsed<'a> {
    directive: &'a Directive,
    line: usize,
    verb: Verb,
    selectors: Vec<String>,
    /// Why the directive cannot be honoured; it then suppresses nothing.
    invalid: Option<String>,
    /// Inclusive line range it covers (for `enable`: nothing).
    covers: (usize, usize),
    used: bool,
}

/// Drops the diagnostics that a valid directive covers and adds the directives' own findings.
/// `known` holds every rule id, category and pack loaded (selected or not): a directive for a
/// rule that exists but is switched off in this run is neither wrong nor unused.
pub fn apply(
    mut diags: Vec<Diagnostic>,
    doc: &Arc<Document>,
    rules: &[Rule],
    metas: &[Arc<RuleMeta>],
    known: &HashSet<String>,
) -> Vec<Diagnostic> {
    if doc.directives.is_empty() {
        return diags;
    }
    let mut parsed: Vec<Parsed> = doc.directives.iter().map(|d| parse(d, doc)).collect();
    for p in parsed.iter_mut() {
        if p.invalid.is_none() {
            if let Some(s) = p.selectors.iter().find(|s| !known.contains(s.as_str())) {
                p.invalid = Some(format!(
                    "未知的规则、类别或规则包“{s}”（gwlint rules list 可查看全部规则）"
                ));
            }
        }
    }
    resolve_coverage(&mut parsed, doc);

    diags.retain(|d| {
        let rule = rules.iter().find(|r| r.id == d.rule());
        let mut covered = false;
        for p in parsed.iter_mut() {
            if p.invalid.is_none()
                && p.verb != Verb::Enable
                && (p.covers.0..=p.covers.1).contains(&(d.line as usize))
                && rule.is_some_and(|r| p.selectors.iter().any(|s| selects(r, s)))
            {
                p.used = true;
                covered = true;
            }
        }
        !covered
    });

    for (rule, meta) in rules.iter().zip(metas) {
        let RuleKind::Suppression(check) = rule.kind else {
            continue;
        };
        for p in &parsed {
            let detail = match (check, &p.invalid) {
                (SuppressionCheck::Invalid, Some(why)) => why.clone(),
                (SuppressionCheck::Unused, None)
                    if p.verb != Verb::Enable
                        && !p.used
                        && p.selectors
                            .iter()
                            .any(|s| rules.iter().any(|r| selects(r, s))) =>
                {
                    String::new()
                }
                _ => continue,
            };
            diags.push(Diagnostic::at_source(
                rule,
                meta,
                doc,
                p.directive.src.clone(),
                rule.message
                    .replace("{text}", &p.directive.body)
                    .replace("{detail}", &detail),
            ));
        }
    }
    diags.sort_by_key(|d| (d.line, d.column));
    diags
}

fn selects(rule: &Rule, selector: &str) -> bool {
    rule.id == selector || rule.category == selector || rule.pack == selector
}

fn parse<'a>(d: &'a Directive, doc: &Document) -> Parsed<'a> {
    let line = doc.position(d.src.start).line;
    let mut p = Parsed {
        directive: d,
        line,
        verb: Verb::Disable,
        selectors: Vec::new(),
        invalid: None,
        covers: (0, 0),
        used: false,
    };
    // The reason follows `--` (or a Chinese dash, as an input method types it).
    let (head, reason) = match d.body.find("--").or_else(|| d.body.find("——")) {
        Some(i) => {
            let sep = if d.body[i..].starts_with("--") { 2 } else { 6 };
            (&d.body[..i], Some(d.body[i + sep..].trim()))
        }
        None => (d.body.as_str(), None),
    };
    let mut words = head.split_whitespace();
    p.verb = match words.next() {
        Some("gwlint-disable-next-line") => Verb::NextLine,
        Some("gwlint-disable") => Verb::Disable,
        Some("gwlint-enable") => Verb::Enable,
        other => {
            p.invalid = Some(format!(
                "无法识别的指令“{}”：应为 gwlint-disable-next-line、gwlint-disable 或 gwlint-enable",
                other.unwrap_or_default()
            ));
            return p;
        }
    };
    p.selectors = words
        .flat_map(|w| w.split([',', '，']))
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    if p.verb != Verb::Enable {
        if p.selectors.is_empty() {
            p.invalid = Some("须写明要关闭的规则（规则 id、类别或规则包）".into());
        } else if reason.is_none_or(str::is_empty) {
            p.invalid = Some("须写明理由，写在“--”之后".into());
        }
    }
    p
}

/// Sets the lines each directive covers: the next line with text for `-next-line`; up to the
/// matching `gwlint-enable` (or the end) for `gwlint-disable`. An `enable` that closes nothing
/// is invalid.
fn resolve_coverage(parsed: &mut [Parsed], doc: &Document) {
    let last_line = doc.line_count();
    let directive_lines: HashSet<usize> = parsed.iter().map(|p| p.line).collect();
    for i in 0..parsed.len() {
        // A Word comment covers the paragraphs it is anchored on.
        if let (Some(c), true) = (parsed[i].directive.covers, parsed[i].verb != Verb::Enable) {
            parsed[i].covers = c;
            continue;
        }
        match parsed[i].verb {
            Verb::NextLine => {
                let next = (parsed[i].line + 1..=last_line)
                    .find(|&l| !directive_lines.contains(&l) && !doc.line_text(l).trim().is_empty())
                    .unwrap_or(last_line + 1);
                parsed[i].covers = (next, next);
            }
            Verb::Disable => {
                let start = parsed[i].line + 1;
                let end = parsed[i + 1..]
                    .iter()
                    .find(|e| {
                        e.verb == Verb::Enable
                            && e.invalid.is_none()
                            && (e.selectors.is_empty()
                                || e.selectors.iter().any(|s| parsed[i].selectors.contains(s)))
                    })
                    .map_or(last_line, |e| e.line - 1);
                parsed[i].covers = (start, end);
            }
            Verb::Enable => {
                let opened = parsed[..i].iter().any(|d| {
                    d.verb == Verb::Disable
                        && (parsed[i].selectors.is_empty()
                            || parsed[i].selectors.iter().any(|s| d.selectors.contains(s)))
                });
                if !opened && parsed[i].invalid.is_none() {
                    parsed[i].invalid = Some("前面没有与之对应的 gwlint-disable".into());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{from_markdown, from_plain_text};
    use crate::engine::Engine;
    use crate::rules::load_builtin;

    fn run(doc: &crate::document::Document) -> Vec<(String, u32)> {
        let rules: Vec<Rule> = load_builtin()
            .unwrap()
            .into_iter()
            .flat_map(|p| p.rules)
            .collect();
        let engine = Engine::new(rules);
        engine
            .diagnose(&Arc::new(doc.clone()))
            .into_iter()
            .map(|d| (d.rule().to_owned(), d.line))
            .collect()
    }

    #[test]
    fn next_line_suppresses_only_the_named_rule_on_the_next_text_line() {
        let doc = from_plain_text(
            "a.txt".into(),
            "utf-8",
            "gwlint-disable-next-line placeholder/x-marks -- 公开文本隐去人名\n\n请××同志参会。\n请××同志参会。\n",
        );
        assert_eq!(run(&doc), [("placeholder/x-marks".to_owned(), 4)]);
    }

    #[test]
    fn a_range_ends_at_enable_and_the_directive_is_not_text() {
        let doc = from_plain_text(
            "a.txt".into(),
            "utf-8",
            "gwlint-disable placeholder -- 模板示例\n请××同志参会。\ngwlint-enable\n请××同志参会。\n",
        );
        assert_eq!(doc.paragraphs.len(), 2);
        assert_eq!(run(&doc), [("placeholder/x-marks".to_owned(), 4)]);
    }

    #[test]
    fn a_directive_without_reason_suppresses_nothing_and_is_reported() {
        let doc = from_plain_text(
            "a.txt".into(),
            "utf-8",
            "gwlint-disable-next-line placeholder/x-marks\n请××同志参会。\n",
        );
        assert_eq!(
            run(&doc),
            [
                ("placeholder/invalid-suppression".to_owned(), 1),
                ("placeholder/x-marks".to_owned(), 2)
            ]
        );
    }

    #[test]
    fn unused_and_unknown_directives_are_reported() {
        let doc = from_plain_text(
            "a.txt".into(),
            "utf-8",
            "gwlint-disable-next-line placeholder/x-marks -- 理由\n正文没有问题。\ngwlint-disable-next-line wording/no-such -- 理由\n正文。\n",
        );
        assert_eq!(
            run(&doc),
            [
                ("placeholder/unused-suppression".to_owned(), 1),
                ("placeholder/invalid-suppression".to_owned(), 3)
            ]
        );
    }

    #[test]
    fn markdown_comments_work_and_code_blocks_do_not() {
        let doc = from_markdown(
            "a.md".into(),
            "utf-8",
            "<!-- gwlint-disable-next-line placeholder/x-marks -- 隐去人名 -->\n请××同志参会。\n\n```\ngwlint-disable placeholder -- 代码里的示例\n```\n",
        );
        assert_eq!(doc.directives.len(), 1);
        assert!(run(&doc).is_empty());
    }
}
