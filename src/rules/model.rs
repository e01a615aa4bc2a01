//! What a loaded, validated rule is.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::Pattern;
pub use crate::engine::kinds::RuleKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// The word a clerk reads.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Info => "提示",
            Severity::Warning => "警告",
            Severity::Error => "错误",
        }
    }
}

/// The categories of docs/design.md §2; the first part of every rule id.
pub const CATEGORIES: &[&str] = &[
    "placeholder",
    "punctuation",
    "number",
    "wording",
    "political",
    "numbering",
    "structure",
    "format",
];

/// What each category covers, in the words of docs/design.md §2.
pub fn category_title(category: &str) -> &'static str {
    match category {
        "placeholder" => "占位符与残留物",
        "punctuation" => "标点符号",
        "number" => "数字用法",
        "wording" => "用语用字",
        "political" => "规范表述",
        "numbering" => "结构层次序数",
        "structure" => "公文要素与行文规则",
        "format" => "版式格式",
        _ => "",
    }
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub category: String,
    pub pack: String,
    pub severity: Severity,
    /// Message template; `{text}`, `{wrong}` and `{right}` are filled in per finding.
    pub message: String,
    pub authority: Option<String>,
    pub description: Option<String>,
    pub kind: RuleKind,
    pub filters: Filters,
    /// Whether `--fix` may apply the rule's suggestion.
    pub fix: Fix,
    /// The period in which the rule applies, judged by the document's date.
    pub validity: Validity,
    /// Set when the user's configuration fixed the severity: it then overrides a kind's own
    /// per-finding judgement too.
    pub severity_locked: bool,
    pub examples: Examples,
    /// Where the rule is defined, for messages: pack file and line of its `id:`.
    pub file: String,
    pub line: Option<usize>,
}

/// When a rule is in force (both ends inclusive; open when absent). A formula introduced in
/// 2020 must not fault a 2017 document; a wording outdated in 2022 faults only later ones.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Validity {
    pub from: Option<chrono::NaiveDate>,
    pub until: Option<chrono::NaiveDate>,
}

impl Validity {
    pub fn contains(&self, date: chrono::NaiveDate) -> bool {
        self.from.is_none_or(|f| f <= date) && self.until.is_none_or(|u| date <= u)
    }

    pub fn is_always(&self) -> bool {
        self.from.is_none() && self.until.is_none()
    }

    /// “在2018年3月17日及以后”: when a rule or a table entry applies (empty: always).
    pub fn text(&self) -> String {
        let day = |d: Option<chrono::NaiveDate>| d.map(|d| d.format("%Y年%-m月%-d日").to_string());
        match (day(self.from), day(self.until)) {
            (Some(f), Some(u)) => format!("在{f}至{u}之间"),
            (Some(f), None) => format!("在{f}及以后"),
            (None, Some(u)) => format!("在{u}及以前"),
            (None, None) => String::new(),
        }
    }
}

/// How sure a rule's suggestion is, for `--fix` (docs/design.md §1; ruff's applicability tiers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Fix {
    /// Applied by `--fix`: the replacement cannot change the meaning (width of a mark).
    Safe,
    /// Applied only with `--unsafe-fixes`: a person should look (a wording substitution).
    Unsafe,
    /// Never applied automatically (political wording, document structure).
    Never,
}

impl Fix {
    pub fn as_str(self) -> &'static str {
        match self {
            Fix::Safe => "safe",
            Fix::Unsafe => "unsafe",
            Fix::Never => "never",
        }
    }
}

/// Conditions every kind of rule honours, applied to each candidate finding.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// A finding inside a match of any of these is dropped.
    pub except_patterns: Vec<Pattern>,
    /// Only paragraphs of running text (with sentence punctuation) are checked; layout lines
    /// such as signatures, name lists and headings are left alone.
    pub prose_only: bool,
    /// Only paragraphs in these parts of a 公文 (empty: all).
    pub scope: Vec<crate::document::structure::Zone>,
    /// Only documents of these 文种 (empty: all).
    pub doctypes: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Examples {
    #[serde(default)]
    pub bad: Vec<String>,
    #[serde(default)]
    pub good: Vec<String>,
}

impl Rule {
    /// Every regular expression of the rule, to compile them all up front (user packs).
    pub fn patterns(&self) -> impl Iterator<Item = &Pattern> {
        self.kind
            .patterns()
            .into_iter()
            .chain(&self.filters.except_patterns)
    }
}

/// A message or description on one line, as lists print it.
pub fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.id)
    }
}
