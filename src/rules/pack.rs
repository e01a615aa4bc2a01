//! Loading rule packs from YAML. Validation happens while deserialising wherever possible, so
//! that serde_yaml attaches the line and column of the offending field to the message.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use serde::de::{self, Deserializer};
use serde::Deserialize;

use super::model::*;
use super::Pattern;

/// A pack that cannot be used, with the place to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackError {
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl fmt::Display for PackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "{}:{}:{}: {}", self.file, l, c, self.message),
            (Some(l), None) => write!(f, "{}:{}: {}", self.file, l, self.message),
            _ => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for PackError {}

/// A loaded pack: its name (for `--select`) and rules.
#[derive(Debug, Clone)]
pub struct Pack {
    pub name: String,
    pub title: Option<String>,
    pub file: String,
    pub rules: Vec<Rule>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPack {
    pack: PackName,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    authority: Option<String>,
    /// Accepted for the pack's reader; gwlint itself does not use it.
    #[serde(default)]
    #[allow(dead_code)]
    description: Option<String>,
    rules: Vec<RawRule>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: RuleId,
    kind: Kind,
    severity: Severity,
    message: NonEmpty,
    #[serde(default)]
    authority: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    pattern: Option<OneOrMany<RawPattern>>,
    #[serde(default)]
    replace: Option<RawReplace>,
    #[serde(default)]
    terms: Option<Vec<RawTerm>>,
    #[serde(default)]
    boundary: Option<Boundary>,
    #[serde(default)]
    pairs: Option<Vec<PairMarks>>,
    #[serde(default)]
    nesting: Option<std::collections::BTreeMap<PairMarks, PairMarks>>,
    #[serde(default)]
    min_unit: Option<usize>,
    #[serde(default)]
    max_unit: Option<usize>,
    #[serde(default)]
    allow: Option<Vec<String>>,
    #[serde(default)]
    threshold: Option<f64>,
    #[serde(default)]
    review_threshold: Option<f64>,
    #[serde(default)]
    exceptions: Option<Vec<String>>,
    #[serde(default)]
    chars: Option<String>,
    #[serde(default)]
    forms: Option<Vec<RawForm>>,
    #[serde(default)]
    check: Option<String>,
    #[serde(default)]
    levels: Option<Vec<RawLevel>>,
    #[serde(default)]
    scope: Vec<crate::document::structure::Zone>,
    #[serde(default)]
    doctypes: Vec<String>,
    #[serde(default)]
    except_pattern: Option<OneOrMany<RawPattern>>,
    #[serde(default)]
    prose_only: bool,
    #[serde(default)]
    fix: Option<Fix>,
    #[serde(default)]
    report: Option<RawSuppressionCheck>,
    #[serde(default)]
    formulas: Option<Vec<RawFormula>>,
    #[serde(default)]
    valid_from: Option<RawDate>,
    #[serde(default)]
    valid_until: Option<RawDate>,
    #[serde(default)]
    element: Option<OneOrMany<crate::rules::model::Element>>,
    #[serde(default)]
    expect: Option<crate::rules::model::Expect>,
    examples: Examples,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFormula {
    label: NonEmpty,
    members: Vec<String>,
    #[serde(default)]
    prefixes: Vec<String>,
    #[serde(default = "yes")]
    unlabelled: bool,
    #[serde(default)]
    markers: Vec<String>,
    #[serde(default = "yes")]
    odd_member: bool,
}

fn yes() -> bool {
    true
}

/// `2020-10-29`.
struct RawDate(chrono::NaiveDate);

impl<'de> Deserialize<'de> for RawDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .map(RawDate)
            .map_err(|_| de::Error::custom(format!("日期“{s}”无效：应写作 2020-10-29")))
    }
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum RawSuppressionCheck {
    Unused,
    Invalid,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Term => "term",
            Kind::Pattern => "pattern",
            Kind::Pairs => "pairs",
            Kind::Repetition => "repetition",
            Kind::Consistency => "consistency",
            Kind::Date => "date",
            Kind::Suppression => "suppression",
            Kind::Formula => "formula",
            Kind::Numbering => "numbering",
            Kind::Structure => "structure",
            Kind::Format => "format",
            Kind::Typo => "typo",
        }
    }
}

/// The kinds this engine implements; docs/design.md §4 lists more that later versions add.
#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum Kind {
    Term,
    Pattern,
    Pairs,
    Repetition,
    Consistency,
    Date,
    Suppression,
    Formula,
    Numbering,
    Structure,
    Format,
    Typo,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawForm {
    name: NonEmpty,
    pattern: OneOrMany<RawPattern>,
    #[serde(default)]
    text: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLevel {
    name: NonEmpty,
    numerals: RawNumerals,
    #[serde(default)]
    bracketed: bool,
    #[serde(default)]
    separators: Vec<String>,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum RawNumerals {
    Chinese,
    Arabic,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum Boundary {
    Word,
    None,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTerm {
    wrong: NonEmpty,
    #[serde(default)]
    right: Option<String>,
    #[serde(default)]
    except: Vec<String>,
    /// A table entry's own dates (a body renamed on a day), source and note for the message.
    #[serde(default)]
    valid_from: Option<RawDate>,
    #[serde(default)]
    valid_until: Option<RawDate>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawReplace {
    Template(String),
    Map(std::collections::BTreeMap<String, String>),
}

/// One value or a list of them. Not `#[serde(untagged)]`: that would swallow the inner error
/// (an invalid regex) and its position.
enum OneOrMany<T> {
    One(T),
    Many(Vec<T>),
}

impl<T> OneOrMany<T> {
    fn into_vec(self) -> Vec<T> {
        match self {
            OneOrMany::One(t) => vec![t],
            OneOrMany::Many(v) => v,
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> de::Visitor<'de> for V<T> {
            type Value = OneOrMany<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("一个字符串或字符串列表")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                T::deserialize(de::IntoDeserializer::<E>::into_deserializer(v)).map(OneOrMany::One)
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut v = Vec::new();
                while let Some(x) = seq.next_element()? {
                    v.push(x);
                }
                Ok(OneOrMany::Many(v))
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

struct NonEmpty(String);

impl<'de> Deserialize<'de> for NonEmpty {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if s.trim().is_empty() {
            return Err(de::Error::custom("不能为空"));
        }
        Ok(NonEmpty(s))
    }
}

/// Two characters: the opening and closing mark (“” or 《》).
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct PairMarks(char, char);

impl<'de> Deserialize<'de> for PairMarks {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        let mut chars = s.chars();
        match (chars.next(), chars.next(), chars.next()) {
            (Some(a), Some(b), None) if a != b => Ok(PairMarks(a, b)),
            _ => Err(de::Error::custom(format!(
                "成对标号“{s}”应是两个不同的字符：前半个和后半个，如“《》”"
            ))),
        }
    }
}

struct PackName(String);

impl<'de> Deserialize<'de> for PackName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if !is_kebab(&s) {
            return Err(de::Error::custom(format!(
                "规则包名“{s}”应为小写字母、数字和连字符"
            )));
        }
        Ok(PackName(s))
    }
}

struct RuleId {
    id: String,
    category: String,
}

impl<'de> Deserialize<'de> for RuleId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let id = String::deserialize(d)?;
        let Some((category, name)) = id.split_once('/') else {
            return Err(de::Error::custom(format!(
                "规则 id“{id}”应为“类别/名称”，如 punctuation/halfwidth-colon"
            )));
        };
        if !is_kebab(category) || !is_kebab(name) {
            return Err(de::Error::custom(format!(
                "规则 id“{id}”只能用小写字母、数字和连字符，形如“类别/名称”"
            )));
        }
        if !CATEGORIES.contains(&category) {
            return Err(de::Error::custom(format!(
                "规则 id“{id}”的类别“{category}”未知；可用的类别：{}",
                CATEGORIES.join("、")
            )));
        }
        Ok(RuleId {
            category: category.to_owned(),
            id,
        })
    }
}

struct RawPattern(Pattern);

impl<'de> Deserialize<'de> for RawPattern {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Pattern::new(&s)
            .map(RawPattern)
            .map_err(|e| de::Error::custom(format!("无效的正则表达式：{e}")))
    }
}

fn is_kebab(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Loads one pack from YAML text. `file` names it in messages.
pub fn load_pack(file: &str, yaml: &str) -> Result<Pack, PackError> {
    crate::input::yaml_guard::check(yaml).map_err(|message| PackError {
        file: file.to_owned(),
        line: None,
        column: None,
        message: format!("规则包无效：{message}"),
    })?;
    let raw: RawPack = serde_yaml::from_str(yaml).map_err(|e| yaml_error(file, &e))?;
    build_pack(file, yaml, raw)
}

/// A built-in pack, from the JSON build.rs made of its YAML: the same document, so the same
/// pack, read several times faster. A pack that has no JSON or does not read from it is read
/// from the YAML, so that its error is the YAML's, with line and column.
fn load_builtin_pack(file: &str, yaml: &str, json: &str) -> Result<Pack, PackError> {
    match serde_json::from_str::<RawPack>(json) {
        Ok(raw) => build_pack(file, yaml, raw),
        Err(_) => load_pack(file, yaml),
    }
}

/// The pack from its deserialised form; `yaml` is the text, to point at rules in messages.
fn build_pack(file: &str, yaml: &str, raw: RawPack) -> Result<Pack, PackError> {
    let id_lines = id_lines(yaml);
    let line_of = |id: &str, nth: usize| id_lines.get(id).and_then(|v| v.get(nth).copied());
    let lines: Vec<&str> = yaml.lines().collect();
    let mut rules: Vec<Rule> = Vec::with_capacity(raw.rules.len());
    for r in raw.rules {
        let id = r.id.id.clone();
        let at = |nth: usize, message: String| PackError {
            file: file.to_owned(),
            line: line_of(&id, nth),
            column: None,
            message,
        };
        if rules.iter().any(|x| x.id == id) {
            return Err(at(1, format!("规则 id“{id}”重复")));
        }
        let mut rule =
            build_rule(r, &raw.pack.0, raw.authority.as_deref()).map_err(|(field, msg)| {
                let mut e = at(0, format!("规则“{id}”：{msg}"));
                if let (Some(field), Some(start)) = (field, e.line) {
                    e.line = Some(field_line(&lines, start, field));
                }
                e
            })?;
        rule.file = file.to_owned();
        rule.line = line_of(&id, 0);
        rules.push(rule);
    }
    Ok(Pack {
        name: raw.pack.0,
        title: raw.title,
        file: file.to_owned(),
        rules,
    })
}

/// A problem found after deserialising, with the field to point at (None: the rule's `id:`).
type RuleError = (Option<&'static str>, String);

fn build_rule(r: RawRule, pack: &str, pack_authority: Option<&str>) -> Result<Rule, RuleError> {
    let misplaced = |field: &'static str, kind: &str| {
        (Some(field), format!("字段 {field} 只能用于 kind: {kind}"))
    };
    let at = |field: &'static str, msg: &str| (Some(field), msg.to_owned());
    if r.examples.bad.is_empty() || r.examples.good.is_empty() {
        return Err(at(
            "examples",
            "每条规则都要有错误例句 examples.bad 和正确例句 examples.good（各至少一条）",
        ));
    }
    // Fields that belong to one kind only.
    if r.check.is_some() && !matches!(r.kind, Kind::Date | Kind::Numbering | Kind::Structure) {
        return Err(misplaced("check", "date、numbering 或 structure"));
    }
    let owned: [(&'static str, bool, Kind); 17] = [
        ("threshold", r.threshold.is_some(), Kind::Typo),
        ("review_threshold", r.review_threshold.is_some(), Kind::Typo),
        ("exceptions", r.exceptions.is_some(), Kind::Typo),
        ("element", r.element.is_some(), Kind::Format),
        ("expect", r.expect.is_some(), Kind::Format),
        ("formulas", r.formulas.is_some(), Kind::Formula),
        ("report", r.report.is_some(), Kind::Suppression),
        ("chars", r.chars.is_some(), Kind::Repetition),
        ("pairs", r.pairs.is_some(), Kind::Pairs),
        ("nesting", r.nesting.is_some(), Kind::Pairs),
        ("min_unit", r.min_unit.is_some(), Kind::Repetition),
        ("max_unit", r.max_unit.is_some(), Kind::Repetition),
        ("allow", r.allow.is_some(), Kind::Repetition),
        ("forms", r.forms.is_some(), Kind::Consistency),
        ("levels", r.levels.is_some(), Kind::Numbering),
        ("terms", r.terms.is_some(), Kind::Term),
        ("boundary", r.boundary.is_some(), Kind::Term),
    ];
    if let Some((field, _, kind)) = owned.iter().find(|(_, set, k)| *set && *k != r.kind) {
        return Err(misplaced(field, kind.name()));
    }
    if r.kind != Kind::Pattern && r.pattern.is_some() {
        return Err(misplaced("pattern", "pattern"));
    }
    if !matches!(r.kind, Kind::Pattern | Kind::Term) && r.replace.is_some() {
        return Err(misplaced("replace", "pattern"));
    }
    let kind = match r.kind {
        Kind::Pairs => {
            let nesting: Vec<(Pair, Pair)> = r
                .nesting
                .unwrap_or_default()
                .into_iter()
                .map(|(o, i)| ((o.0, o.1), (i.0, i.1)))
                .collect();
            let pairs: Vec<(char, char)> = match r.pairs {
                Some(p) => p.into_iter().map(|p| (p.0, p.1)).collect(),
                None if !nesting.is_empty() => nesting.iter().map(|n| n.0).collect(),
                None => {
                    return Err((
                        Some("kind"),
                        "kind: pairs 需要字段 pairs（如 ['“”', '《》']）或 nesting".into(),
                    ))
                }
            };
            if pairs.is_empty() {
                return Err(at("pairs", "pairs 不能为空列表"));
            }
            RuleKind::Pairs(PairsRule { pairs, nesting })
        }
        Kind::Typo => {
            let threshold = r.threshold.unwrap_or(3.0);
            if !threshold.is_finite() {
                return Err(at("threshold", "threshold 必须是一个数"));
            }
            let review_threshold = r.review_threshold.unwrap_or(threshold);
            if !review_threshold.is_finite() || review_threshold > threshold {
                return Err(at(
                    "review_threshold",
                    "review_threshold 必须是一个不大于 threshold 的数",
                ));
            }
            RuleKind::Typo(TypoRule {
                threshold,
                review_threshold,
                exceptions: r.exceptions.unwrap_or_default(),
            })
        }
        Kind::Repetition => {
            let min_unit = r.min_unit.unwrap_or(1);
            let max_unit = r.max_unit.unwrap_or(4);
            if min_unit == 0 || max_unit < min_unit || max_unit > 16 {
                return Err(at("max_unit", "要求 1 ≤ min_unit ≤ max_unit ≤ 16"));
            }
            RuleKind::Repetition(RepetitionRule {
                min_unit,
                max_unit,
                allow: r.allow.unwrap_or_default(),
                chars: r.chars.unwrap_or_default().chars().collect(),
            })
        }
        Kind::Consistency => {
            let forms: Vec<Form> = r
                .forms
                .ok_or((
                    Some("kind"),
                    "kind: consistency 需要字段 forms（至少两种写法）".into(),
                ))?
                .into_iter()
                .map(|f| Form {
                    name: f.name.0,
                    patterns: f.pattern.into_vec().into_iter().map(|p| p.0).collect(),
                    text: f.text,
                })
                .collect();
            if forms.len() < 2 {
                return Err(at("forms", "forms 至少要有两种写法"));
            }
            RuleKind::Consistency(ConsistencyRule { forms })
        }
        Kind::Formula => {
            let formulas: Vec<Formula> = r
                .formulas
                .ok_or((
                    Some("kind"),
                    "kind: formula 需要字段 formulas（label 与 members）".into(),
                ))?
                .into_iter()
                .map(|f| Formula {
                    label: f.label.0,
                    members: f.members,
                    prefixes: f.prefixes,
                    unlabelled: f.unlabelled,
                    markers: f.markers,
                    odd_member: f.odd_member,
                })
                .collect();
            if let Some(f) = formulas
                .iter()
                .find(|f| f.members.len() < 2 || f.members.iter().any(|m| m.trim().is_empty()))
            {
                return Err((
                    Some("formulas"),
                    format!("提法“{}”至少要有两个非空的成员", f.label),
                ));
            }
            RuleKind::Formula(FormulaRule::new(formulas))
        }
        Kind::Suppression => RuleKind::Suppression(
            match r.report.ok_or((
                Some("kind"),
                "kind: suppression 需要字段 report: unused 或 invalid".into(),
            ))? {
                RawSuppressionCheck::Unused => SuppressionCheck::Unused,
                RawSuppressionCheck::Invalid => SuppressionCheck::Invalid,
            },
        ),
        Kind::Date => RuleKind::Date(DateRule {
            check: match check_of(&r.check, "date", &["validity", "weekday"])? {
                "validity" => DateCheck::Validity,
                _ => DateCheck::Weekday,
            },
        }),
        Kind::Numbering => {
            let check = match check_of(
                &r.check,
                "numbering",
                &["separator", "sequence", "hierarchy", "missing-separator"],
            )? {
                "separator" => NumberingCheck::Separator,
                "sequence" => NumberingCheck::Sequence,
                "hierarchy" => NumberingCheck::Hierarchy,
                _ => NumberingCheck::MissingSeparator,
            };
            let levels: Vec<Level> = r
                .levels
                .ok_or((
                    Some("kind"),
                    "kind: numbering 需要字段 levels（各级序号）".into(),
                ))?
                .into_iter()
                .map(|l| Level {
                    name: l.name.0,
                    chinese: l.numerals == RawNumerals::Chinese,
                    bracketed: l.bracketed,
                    separators: l.separators,
                })
                .collect();
            if levels.is_empty() {
                return Err(at("levels", "levels 不能为空列表"));
            }
            RuleKind::Numbering(NumberingRule { check, levels })
        }
        Kind::Structure => RuleKind::Structure(
            match check_of(
                &r.check,
                "structure",
                &[
                    "title-doctype",
                    "request-closing",
                    "issue-after-sign",
                    "attachments",
                    "joint-signature",
                    "request-matters",
                ],
            )? {
                "title-doctype" => StructureCheck::TitleDoctype,
                "request-closing" => StructureCheck::RequestClosing,
                "attachments" => StructureCheck::Attachments,
                "joint-signature" => StructureCheck::JointSignature,
                "request-matters" => StructureCheck::RequestMatters,
                _ => StructureCheck::IssueAfterSign,
            },
        ),
        Kind::Format => {
            let elements = r
                .element
                .ok_or((
                    Some("kind"),
                    "kind: format 需要字段 element（检查公文哪一部分）".into(),
                ))?
                .into_vec();
            let expect = r.expect.ok_or((
                Some("kind"),
                "kind: format 需要字段 expect（应有的字体、字号等）".into(),
            ))?;
            if expect == crate::rules::model::Expect::default() {
                return Err(at(
                    "expect",
                    "expect 至少要写一项（font、size、align、margins …）",
                ));
            }
            RuleKind::Format(crate::rules::model::FormatRule { elements, expect })
        }
        Kind::Pattern => {
            let patterns: Vec<Pattern> = r
                .pattern
                .ok_or((
                    Some("kind"),
                    "kind: pattern 需要字段 pattern（正则表达式）".into(),
                ))?
                .into_vec()
                .into_iter()
                .map(|p| p.0)
                .collect();
            if patterns.is_empty() {
                return Err(at("pattern", "pattern 不能为空列表"));
            }
            RuleKind::Pattern(PatternRule {
                patterns,
                replace: r.replace.map(|r| match r {
                    RawReplace::Template(t) => Replace::Template(t),
                    RawReplace::Map(m) => Replace::Map(m),
                }),
            })
        }
        Kind::Term => {
            if r.replace.is_some() {
                return Err(at(
                    "replace",
                    "kind: term 的替换词写在 terms 的 right 中，不用 replace",
                ));
            }
            let terms: Vec<Term> = r
                .terms
                .ok_or((
                    Some("kind"),
                    "kind: term 需要字段 terms（wrong/right 列表）".into(),
                ))?
                .into_iter()
                .map(|t| Term {
                    wrong: t.wrong.0,
                    right: t.right,
                    except: t.except,
                    validity: Validity {
                        from: t.valid_from.map(|d| d.0),
                        until: t.valid_until.map(|d| d.0),
                    },
                    source: t.source,
                    note: t.note,
                })
                .collect();
            if terms.is_empty() {
                return Err(at("terms", "terms 不能为空列表"));
            }
            if let Some(t) = terms
                .iter()
                .find(|t| t.except.iter().any(|e| !e.contains(&t.wrong)))
            {
                return Err((
                    Some("terms"),
                    format!("词条“{}”的 except 语境必须包含该词本身", t.wrong),
                ));
            }
            if let Some(t) = terms.iter().find(
                |t| matches!((t.validity.from, t.validity.until), (Some(f), Some(u)) if f > u),
            ) {
                return Err((
                    Some("terms"),
                    format!("词条“{}”的 valid_until 早于 valid_from", t.wrong),
                ));
            }
            RuleKind::Term(TermRule {
                terms,
                word_boundary: r.boundary == Some(Boundary::Word),
            })
        }
    };
    let fix = fix_tier(r.fix, &r.id.category, &kind)?;
    let validity = Validity {
        from: r.valid_from.map(|d| d.0),
        until: r.valid_until.map(|d| d.0),
    };
    if let (Some(f), Some(u)) = (validity.from, validity.until) {
        if f > u {
            return Err(at("valid_until", "valid_until 早于 valid_from"));
        }
    }
    Ok(Rule {
        fix,
        validity,
        severity_locked: false,
        id: r.id.id,
        category: r.id.category,
        pack: pack.to_owned(),
        severity: r.severity,
        message: unfold(&r.message.0),
        authority: r.authority.or_else(|| pack_authority.map(str::to_owned)),
        description: r.description.as_deref().map(unfold),
        kind,
        filters: Filters {
            except_patterns: r
                .except_pattern
                .map(|p| p.into_vec().into_iter().map(|p| p.0).collect())
                .unwrap_or_default(),
            prose_only: r.prose_only,
            scope: r.scope,
            doctypes: r.doctypes,
        },
        examples: r.examples,
        file: String::new(),
        line: None,
    })
}

/// The `check:` of a kind that has several, one of `allowed`.
fn check_of<'a>(
    check: &'a Option<String>,
    kind: &str,
    allowed: &[&'static str],
) -> Result<&'a str, RuleError> {
    match check.as_deref() {
        Some(c) if allowed.contains(&c) => Ok(c),
        Some(c) => Err((
            Some("check"),
            format!(
                "kind: {kind} 的 check 不能是“{c}”，可用：{}",
                allowed.join("、")
            ),
        )),
        None => Err((
            Some("kind"),
            format!("kind: {kind} 需要字段 check：{}", allowed.join("、")),
        )),
    }
}

/// A rule's `fix:` tier. Rules that can suggest a replacement default to `unsafe` (applied only
/// on request); political wording and document structure are never rewritten by a program.
fn fix_tier(declared: Option<Fix>, category: &str, kind: &RuleKind) -> Result<Fix, RuleError> {
    let can_suggest = match kind {
        RuleKind::Term(t) => t.terms.iter().any(|t| t.right.is_some()),
        RuleKind::Pattern(p) => p.replace.is_some(),
        RuleKind::Consistency(c) => c.forms.iter().any(|f| f.text.is_some()),
        RuleKind::Numbering(n) => matches!(
            n.check,
            NumberingCheck::Separator | NumberingCheck::MissingSeparator
        ),
        _ => false,
    };
    let never_fixed = matches!(category, "political" | "structure");
    match declared {
        Some(Fix::Safe | Fix::Unsafe) if never_fixed => Err((
            Some("fix"),
            format!("{category} 类规则不能自动修改，只能是 fix: never"),
        )),
        Some(Fix::Safe | Fix::Unsafe) if !can_suggest => Err((
            Some("fix"),
            "规则没有替换写法（replace 或 right），不能设 fix: safe/unsafe".into(),
        )),
        Some(f) => Ok(f),
        None if can_suggest && !never_fixed => Ok(Fix::Unsafe),
        None => Ok(Fix::Never),
    }
}

fn yaml_error(file: &str, e: &serde_yaml::Error) -> PackError {
    let text = e.to_string();
    // serde_yaml appends " at line L column C"; the position is given separately.
    let message = match text.rfind(" at line ") {
        Some(i) if e.location().is_some() => text[..i].to_owned(),
        _ => text,
    };
    PackError {
        file: file.to_owned(),
        line: e.location().map(|l| l.line()),
        column: e.location().map(|l| l.column()),
        message: format!("规则包无效：{}", crate::messages::serde_message(&message)),
    }
}

/// YAML's folded scalars (`>-`) turn each line break into a space, which is wrong between
/// Chinese characters: drop a single space whose neighbours are both non-ASCII.
fn unfold(s: &str) -> String {
    let chars: Vec<char> = s.trim().chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        let between_cjk = c == ' '
            && i > 0
            && i + 1 < chars.len()
            && !chars[i - 1].is_ascii()
            && !chars[i + 1].is_ascii();
        if !between_cjk {
            out.push(c);
        }
    }
    out
}

/// The lines (1-based) of the `id:` entries of each rule id, in order, so that errors found
/// after deserialising can still point at the rule.
fn id_lines(yaml: &str) -> HashMap<String, Vec<usize>> {
    let mut map: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, l) in yaml.lines().enumerate() {
        let l = l.trim_start().trim_start_matches("- ").trim_start();
        if let Some(v) = l.strip_prefix("id:") {
            let id = v.trim().trim_matches(|c| c == '\'' || c == '"');
            map.entry(id.to_owned()).or_default().push(i + 1);
        }
    }
    map
}

/// The line of `field:` within the rule whose `id:` is on line `start` (1-based), or `start`.
fn field_line(lines: &[&str], start: usize, field: &str) -> usize {
    let key = format!("{field}:");
    lines
        .iter()
        .enumerate()
        .skip(start)
        .take_while(|(_, l)| !l.trim_start().starts_with("- id:"))
        .find(|(_, l)| l.trim_start().starts_with(&key))
        .map_or(start, |(i, _)| i + 1)
}

/// The built-in packs (unless `no_default`) and the packs at `extra`, checked for duplicate
/// ids across packs. An empty result is an error: nothing would be checked.
pub fn load_packs(no_default: bool, extra: &[std::path::PathBuf]) -> Result<Vec<Pack>, String> {
    let mut packs = if no_default {
        Vec::new()
    } else {
        load_builtin().map_err(|e| e.to_string())?
    };
    for path in extra {
        packs.extend(load_path(path).map_err(|e| e.to_string())?);
    }
    if packs.is_empty() {
        return Err(
            "没有可用的规则包：使用了 --no-default-rules 却没有用 --rules 指定规则包".into(),
        );
    }
    check_unique_ids(&packs).map_err(|e| e.to_string())?;
    Ok(packs)
}

/// The built-in packs.
pub fn load_builtin() -> Result<Vec<Pack>, PackError> {
    use rayon::prelude::*;
    // From the JSON build.rs made of each pack's YAML (parsing the YAML here took longer than
    // checking a whole draft); the packs are independent.
    super::BUILTIN_PACKS
        .par_iter()
        .zip(super::builtin::BUILTIN_JSON)
        .map(|((file, yaml), json)| load_builtin_pack(file, yaml, json))
        .collect()
}

/// A pack file, or every `.yaml`/`.yml` file in a directory (sorted).
pub fn load_path(path: &Path) -> Result<Vec<Pack>, PackError> {
    let files = if path.is_dir() {
        let mut files: Vec<_> = std::fs::read_dir(path)
            .map_err(|e| io_error(path, &e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
            .collect();
        files.sort();
        files
    } else {
        vec![path.to_path_buf()]
    };
    files
        .iter()
        .map(|f| {
            let bytes = std::fs::read(f).map_err(|e| io_error(f, &e))?;
            let text = String::from_utf8(bytes).map_err(|_| PackError {
                file: f.display().to_string(),
                line: None,
                column: None,
                message: "规则包必须是 UTF-8 编码".into(),
            })?;
            let pack = load_pack(&f.display().to_string(), &text)?;
            compile_all(&pack)?;
            Ok(pack)
        })
        .collect()
}

/// Built-in patterns compile on first use (the test suite proves them); a user's are compiled
/// as the pack loads, so a pattern too big to build is refused with its place.
fn compile_all(pack: &Pack) -> Result<(), PackError> {
    for rule in &pack.rules {
        for p in rule.patterns() {
            p.compile().map_err(|e| PackError {
                file: pack.file.clone(),
                line: rule.line,
                column: None,
                message: format!("规则“{}”：正则表达式无法编译：{e}", rule.id),
            })?;
        }
    }
    Ok(())
}

fn io_error(path: &Path, e: &std::io::Error) -> PackError {
    PackError {
        file: path.display().to_string(),
        line: None,
        column: None,
        message: format!("无法读取规则包：{}", crate::messages::io_error(e)),
    }
}

/// Refuses the same rule id in two packs, naming the later one.
pub fn check_unique_ids(packs: &[Pack]) -> Result<(), PackError> {
    let mut seen: HashMap<&str, &str> = HashMap::new();
    for r in packs.iter().flat_map(|p| &p.rules) {
        if let Some(first) = seen.insert(&r.id, &r.file) {
            return Err(PackError {
                file: r.file.clone(),
                line: r.line,
                column: None,
                message: format!("规则 id“{}”与 {first} 中的规则重复", r.id),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The JSON build.rs makes gives every built-in pack exactly as its YAML does.
    #[test]
    fn builtin_packs_from_json_are_the_packs_of_their_yaml() {
        let json = super::super::builtin::BUILTIN_JSON;
        assert_eq!(json.len(), super::super::BUILTIN_PACKS.len());
        for (&(file, yaml), json) in super::super::BUILTIN_PACKS.iter().zip(json) {
            let raw: RawPack = serde_json::from_str(json)
                .unwrap_or_else(|e| panic!("{file}: build.rs made no usable JSON: {e}"));
            let from_json = build_pack(file, yaml, raw).unwrap();
            let from_yaml = load_pack(file, yaml).unwrap();
            assert_eq!(format!("{from_json:?}"), format!("{from_yaml:?}"), "{file}");
        }
    }

    /// Without JSON, or with JSON that does not read, a pack is read (and refused) from its YAML.
    #[test]
    fn a_builtin_pack_without_json_is_read_from_its_yaml() {
        let (file, yaml) = super::super::BUILTIN_PACKS[0];
        let from_yaml = format!("{:?}", load_pack(file, yaml).unwrap());
        for json in ["", "{}", "[1"] {
            let pack = load_builtin_pack(file, yaml, json).unwrap();
            assert_eq!(format!("{pack:?}"), from_yaml);
        }
        let bad = "pack: x\nrules:\n  - id: wording/x\n    kind: nonsense\n";
        let err = load_builtin_pack("rules/x.yaml", bad, "").unwrap_err();
        assert_eq!(err, load_pack("rules/x.yaml", bad).unwrap_err());
        assert_eq!(err.line, Some(4));
    }
}
