//! `gwlint rules list|show|test`: what the rules are, why, and whether they behave.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::cli::{RulesArgs, RulesCommand, RulesFormat};
use crate::engine::selftest::{check_examples, example_document};
use crate::engine::Engine;
use crate::rules::{self, category_title, Fix, Pack, Rule, RuleKind};

pub fn run(args: &RulesArgs) -> u8 {
    let result = match &args.command {
        RulesCommand::List { category, format } => {
            load(args).map(|packs| list(&packs, category.as_deref(), *format))
        }
        RulesCommand::Show { id } => load(args).and_then(|packs| show(&packs, id)),
        RulesCommand::Test { packs } => return test(args, packs),
    };
    match result {
        Ok(text) => {
            print!("{text}");
            0
        }
        Err(e) => {
            eprintln!("gwlint: {}", crate::messages::localise(&e.to_string()));
            2
        }
    }
}

fn load(args: &RulesArgs) -> Result<Vec<Pack>, String> {
    rules::load_packs(args.no_default_rules, &args.rules)
}

#[derive(Serialize)]
struct RuleRow<'a> {
    id: &'a str,
    category: &'a str,
    severity: &'static str,
    kind: &'static str,
    pack: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    authority: Option<&'a str>,
    /// Whether findings carry a replacement.
    fixable: bool,
    /// Whether `--fix` applies it: safe, unsafe (`--unsafe-fixes`) or never.
    fix: &'static str,
}

fn row(r: &Rule) -> RuleRow<'_> {
    RuleRow {
        id: &r.id,
        category: &r.category,
        severity: r.severity.as_str(),
        kind: r.kind.name(),
        pack: &r.pack,
        message: &r.message,
        authority: r.authority.as_deref(),
        fixable: has_suggestion(r),
        fix: r.fix.as_str(),
    }
}

fn list(packs: &[Pack], category: Option<&str>, format: RulesFormat) -> String {
    let rules: Vec<&Rule> = packs
        .iter()
        .flat_map(|p| &p.rules)
        .filter(|r| category.is_none_or(|c| r.category == c))
        .collect();
    if format == RulesFormat::Json {
        let rows: Vec<RuleRow> = rules.iter().map(|r| row(r)).collect();
        return serde_json::to_string_pretty(&rows).expect("rows serialise") + "\n";
    }
    let width = rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
    let mut out = String::new();
    for r in &rules {
        let _ = writeln!(
            out,
            "{:<width$}  {}  {:<7}  {:<12}  {}",
            r.id,
            r.severity.label(),
            r.kind.name(),
            r.pack,
            one_line(&r.message)
        );
    }
    let _ = writeln!(out, "共 {} 条规则", rules.len());
    out
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A rule whose findings carry a replacement (`term` with `right`, `pattern` with `replace`).
fn has_suggestion(r: &Rule) -> bool {
    match &r.kind {
        RuleKind::Term(t) => t.terms.iter().any(|t| t.right.is_some()),
        RuleKind::Pattern(p) => p.replace.is_some(),
        RuleKind::Pairs(p) => !p.nesting.is_empty(),
        RuleKind::Repetition(_) | RuleKind::Typo(_) => true,
        RuleKind::Consistency(c) => c.forms.iter().any(|f| f.text.is_some()),
        RuleKind::Date(d) => d.check == crate::rules::DateCheck::Weekday,
        RuleKind::Suppression(_) => false,
        RuleKind::Formula(_) => true,
        RuleKind::Numbering(n) => matches!(
            n.check,
            crate::rules::NumberingCheck::Separator
                | crate::rules::NumberingCheck::MissingSeparator
        ),
        RuleKind::Structure(_) | RuleKind::Format(_) => false,
    }
}

fn show(packs: &[Pack], id: &str) -> Result<String, String> {
    let rule = packs
        .iter()
        .flat_map(|p| &p.rules)
        .find(|r| r.id == id)
        .ok_or_else(|| {
            let all: Vec<Rule> = packs.iter().flat_map(|p| p.rules.iter().cloned()).collect();
            let hint = crate::rules::select::nearest(&all, id)
                .map(|n| format!("是不是“{n}”？"))
                .unwrap_or_default();
            format!("没有规则“{id}”（{hint}gwlint rules list 可查看全部规则）")
        })?;
    let mut out = String::new();
    let _ = writeln!(out, "{}", rule.id);
    let _ = writeln!(out, "  {}", one_line(&rule.message));
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "类别：{}（{}）　级别：{}　种类：{}",
        rule.category,
        category_title(&rule.category),
        rule.severity.label(),
        rule.kind.name()
    );
    let place = match rule.line {
        Some(l) => format!("{}:{l}", rule.file),
        None => rule.file.clone(),
    };
    let _ = writeln!(out, "规则包：{}（{place}）", rule.pack);
    if let Some(a) = &rule.authority {
        let _ = writeln!(out, "依据：{a}");
    }
    if !rule.validity.is_always() {
        let _ = writeln!(
            out,
            "适用：成文日期{}的文件（按文中成文日期判断；没有成文日期时按 --as-of 或当天）",
            validity_text(&rule.validity)
        );
    }
    let _ = writeln!(
        out,
        "改法：{}",
        match (rule.fix, has_suggestion(rule)) {
            (Fix::Safe, _) => "可自动修改：gwlint check --fix 直接改正（不改变意思）",
            (Fix::Unsafe, _) =>
                "给出建议改法（应为……）；gwlint check --fix --unsafe-fixes 可批量修改，须逐处复核",
            (Fix::Never, true) => "报告时给出建议改法（应为……），由人确认后修改",
            (Fix::Never, false) => "需要人工判断修改",
        }
    );
    if let Some(d) = &rule.description {
        let _ = writeln!(out, "\n说明：{}", one_line(d));
    }
    if let RuleKind::Term(t) = &rule.kind {
        // A sourced, dated table: every entry with where it comes from and when it applies.
        if t.terms
            .iter()
            .any(|t| t.source.is_some() || t.note.is_some() || !t.validity.is_always())
        {
            let _ = writeln!(out, "\n词条（{}条）：", t.terms.len());
            for term in &t.terms {
                let _ = write!(out, "  {}", term.wrong);
                if let Some(r) = &term.right {
                    let _ = write!(out, " → {r}");
                }
                let span = validity_text(&term.validity);
                if !span.is_empty() {
                    let _ = write!(out, "　适用：成文日期{span}");
                }
                if let Some(n) = &term.note {
                    let _ = write!(out, "　{}", one_line(n));
                }
                if let Some(src) = &term.source {
                    let _ = write!(out, "　来源：{}", one_line(src));
                }
                let _ = writeln!(out);
            }
        }
    }
    let engine = Engine::new(vec![rule.clone()]);
    let _ = writeln!(out, "\n错误例句（会报告）：");
    for ex in &rule.examples.bad {
        let _ = writeln!(
            out,
            "  ✗ {}{}",
            shown(rule, ex),
            what_fires(&engine, rule, ex)
        );
    }
    let _ = writeln!(out, "正确例句（不报告）：");
    for ex in &rule.examples.good {
        let _ = writeln!(out, "  ✓ {}", shown(rule, ex));
    }
    Ok(out)
}

/// “在2018年3月17日及以后”: when a rule or a table entry applies.
fn validity_text(v: &crate::rules::Validity) -> String {
    let day = |d: Option<chrono::NaiveDate>| d.map(|d| d.format("%Y年%-m月%-d日").to_string());
    match (day(v.from), day(v.until)) {
        (Some(f), Some(u)) => format!("在{f}至{u}之间"),
        (Some(f), None) => format!("在{f}及以后"),
        (None, Some(u)) => format!("在{u}及以前"),
        (None, None) => String::new(),
    }
}

/// An example as a clerk reads it: a layout example (.docx XML) by its paragraphs' text.
fn shown(rule: &Rule, example: &str) -> String {
    match (&rule.kind, example_document(rule, example)) {
        (RuleKind::Format(_), Ok(doc)) => format!(
            "［.docx］{}",
            doc.paragraphs
                .iter()
                .map(|p| p.text.as_str())
                .collect::<Vec<_>>()
                .join(" ⏎ ")
        ),
        _ => example.replace('\n', " ⏎ "),
    }
}

/// “　→ 报告“:”，建议改为“：”” for a bad example.
fn what_fires(engine: &Engine, rule: &Rule, example: &str) -> String {
    let Ok(doc) = example_document(rule, example) else {
        return String::new();
    };
    let parts: Vec<String> = engine
        .check(&doc)
        .iter()
        .map(|f| {
            let Some(p) = doc.paragraphs.get(f.para) else {
                return f.message.clone();
            };
            if matches!(rule.kind, RuleKind::Format(_)) {
                return f.message.clone();
            }
            let text = &p.text[f.start..f.end];
            match f.suggestion.as_deref() {
                Some("") => format!("“{text}”应删除"),
                Some(s) => format!("“{text}”应为“{s}”"),
                None => format!("“{text}”"),
            }
        })
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("　→ {}", parts.join("；"))
    }
}

/// Runs the examples of the named packs: built-in pack names or YAML files/directories; all
/// built-in packs (and `--rules`) when none is named.
fn test(args: &RulesArgs, names: &[String]) -> u8 {
    let packs = match select_packs(args, names) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("gwlint: {}", crate::messages::localise(&e.to_string()));
            return 2;
        }
    };
    let (mut rules_ok, mut rules_failed) = (0, 0);
    for pack in &packs {
        println!("{}（{}）", pack.name, pack.file);
        for rule in &pack.rules {
            let failures = check_examples(rule);
            let total = rule.examples.bad.len() + rule.examples.good.len();
            if failures.is_empty() {
                rules_ok += 1;
                println!("  通过  {}（{total} 个例句）", rule.id);
            } else {
                rules_failed += 1;
                println!("  失败  {}", rule.id);
                for f in failures {
                    let what = if f.expected_hit {
                        "错误例句没有报告"
                    } else {
                        "正确例句被误报"
                    };
                    println!("        {what}：{}", f.example.replace('\n', " ⏎ "));
                }
            }
        }
    }
    println!("{rules_ok} passed, {rules_failed} failed");
    u8::from(rules_failed > 0)
}

fn select_packs(args: &RulesArgs, names: &[String]) -> Result<Vec<Pack>, String> {
    if names.is_empty() {
        return load(args);
    }
    let builtin = rules::load_builtin().map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for name in names {
        let path = PathBuf::from(name);
        if Path::new(name).exists() {
            out.extend(rules::load_path(&path).map_err(|e| e.to_string())?);
        } else if let Some(p) = builtin.iter().find(|p| &p.name == name) {
            out.push(p.clone());
        } else {
            return Err(format!("没有规则包“{name}”：既不是文件，也不是内置规则包"));
        }
    }
    Ok(out)
}
