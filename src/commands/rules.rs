//! `gwlint rules list|show|test`: what the rules are, why, and whether they behave.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::cli::{RulesArgs, RulesCommand, RulesFormat};
use crate::engine::selftest::{check_examples, example_document};
use crate::engine::Engine;
use crate::rules::{self, category_title, one_line, Fix, Pack, Rule};

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
        fixable: r.kind.suggests(),
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
            rule.validity.text()
        );
    }
    let _ = writeln!(
        out,
        "改法：{}",
        match (rule.fix, rule.kind.suggests()) {
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
    rule.kind.show(&mut out);
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

/// An example as a clerk reads it: a layout example (.docx XML) by its paragraphs' text.
fn shown(rule: &Rule, example: &str) -> String {
    match example_document(rule, example) {
        Ok(doc) if rule.kind.docx_examples() => format!(
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
    let doc = std::sync::Arc::new(doc);
    let parts: Vec<String> = engine
        .locate(engine.check(&doc), &doc)
        .iter()
        .map(|d| {
            if d.line == 0 || rule.kind.docx_examples() {
                return d.message().into_owned();
            }
            let text = d.text();
            match d.suggestion() {
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
