//! What a loaded, validated rule is.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::Pattern;

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

#[derive(Debug, Clone)]
pub enum RuleKind {
    Term(TermRule),
    Pattern(PatternRule),
    Pairs(PairsRule),
    Repetition(RepetitionRule),
    Consistency(ConsistencyRule),
    Date(DateRule),
    /// Reports on `gwlint-disable` comments themselves; run by `crate::suppress`.
    Suppression(SuppressionCheck),
    Formula(FormulaRule),
    Numbering(NumberingRule),
    Structure(StructureCheck),
    /// .docx layout against GB/T 9704—2012: the elements to look at and what they should be.
    Format(FormatRule),
    /// 错别字 found by confusion sets and statistics (src/engine/typo).
    Typo(TypoRule),
}

/// The typo detector's settings: the score a candidate must pass at the rule's severity, the
/// lower score that reports it as `info` (a review tier), and the strings it never reports
/// inside (names, places, terms of art).
#[derive(Debug, Clone)]
pub struct TypoRule {
    pub threshold: f64,
    pub review_threshold: f64,
    pub exceptions: Vec<String>,
}

/// Which parts of a .docx a `format` rule looks at, and the values it expects there.
#[derive(Debug, Clone)]
pub struct FormatRule {
    pub elements: Vec<Element>,
    pub expect: Expect,
}

/// A part of a 公文 as the `format` kind sees it (zones, headings by level, the page).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Element {
    /// Paper, margins (page-level findings have line 0).
    Page,
    /// The footer's page number.
    PageNumber,
    IssuerMark,
    DocNumber,
    Title,
    Recipient,
    /// 正文 paragraphs that are not headings.
    Body,
    Heading1,
    Heading2,
    Heading3,
    Heading4,
    AttachmentNote,
    Signature,
    Date,
    /// The 附件 / 附件1 line at the top of an attachment.
    AnnexLabel,
    /// The attachment's own text.
    Annex,
    Imprint,
}

impl Element {
    /// The name a clerk knows the part by.
    pub fn label(self) -> &'static str {
        match self {
            Element::Page => "页面",
            Element::PageNumber => "页码",
            Element::IssuerMark => "发文机关标志",
            Element::DocNumber => "发文字号",
            Element::Title => "标题",
            Element::Recipient => "主送机关",
            Element::Body => "正文",
            Element::Heading1 => "一级标题",
            Element::Heading2 => "二级标题",
            Element::Heading3 => "三级标题",
            Element::Heading4 => "四级标题",
            Element::AttachmentNote => "附件说明",
            Element::Signature => "发文机关署名",
            Element::Date => "成文日期",
            Element::AnnexLabel => "附件标识",
            Element::Annex => "附件正文",
            Element::Imprint => "版记",
        }
    }
}

/// What a `format` rule requires; each value set is checked on its own.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// East Asian font names accepted (an allow-list: 仿宋_GB2312, 仿宋, FangSong …).
    #[serde(default)]
    pub font: Option<Vec<String>>,
    /// The name of the family for messages (仿宋体).
    #[serde(default)]
    pub font_name: Option<String>,
    /// Points.
    #[serde(default)]
    pub size: Option<f64>,
    #[serde(default)]
    pub align: Option<Vec<ExpectAlign>>,
    /// `red` or `black`.
    #[serde(default)]
    pub color: Option<Colour>,
    /// First-line indent in characters.
    #[serde(default)]
    pub indent_chars: Option<f64>,
    /// Paper [width, height] in mm.
    #[serde(default)]
    pub paper: Option<[f64; 2]>,
    #[serde(default)]
    pub margins: Option<Margins>,
    /// Millimetres either way for `paper` and `margins`.
    #[serde(default)]
    pub tolerance: Option<f64>,
    /// Line pitch of the text in points, [min, max].
    #[serde(default)]
    pub line_pitch: Option<[f64; 2]>,
    /// A page number shaped `— 1 —`.
    #[serde(default)]
    pub dashes: Option<bool>,
    /// Rules (lines) drawn around the part: 版记 lines.
    #[serde(default)]
    pub rules: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Margins {
    pub top: f64,
    pub bottom: f64,
    pub left: f64,
    pub right: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExpectAlign {
    Left,
    Center,
    Right,
    Justify,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Colour {
    Red,
    Black,
}

/// Heading numbers (一、（一）1.（1）): levels from the pack, one check per rule.
#[derive(Debug, Clone)]
pub struct NumberingRule {
    pub check: NumberingCheck,
    pub levels: Vec<Level>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberingCheck {
    /// 一. → 一、; 1、 → 1．; （一）、 → （一）.
    Separator,
    /// 一、二、四、 (missing 三), duplicates, restart under a new parent.
    Sequence,
    /// （一） before any 一、 then 一、; 一、 → （1） skipping two levels.
    Hierarchy,
    /// 三发扬… after 二、.
    MissingSeparator,
}

/// One heading level: how its number is written and what may follow it.
#[derive(Debug, Clone)]
pub struct Level {
    pub name: String,
    /// 一二三 rather than 123.
    pub chinese: bool,
    /// In full-width brackets: （一）.
    pub bracketed: bool,
    /// What may follow the number (empty string: nothing).
    pub separators: Vec<String>,
}

/// Checks of a 公文's parts that need more than a pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StructureCheck {
    /// A 关于… title must end with one of the 15 文种.
    TitleDoctype,
    /// A 请示 ends with a request for instructions (妥否，请批示).
    RequestClosing,
    /// The 印发日期 is not before the 成文日期.
    IssueAfterSign,
    /// 附件说明 numbered 1．2．3． and matching the attachments that follow (附件1 + title).
    Attachments,
    /// A joint document (several organs in the 发文机关标志) is signed by every one of them.
    JointSignature,
    /// A 请示 whose headings are several requests (一、申请… 二、申请…): 一文一事.
    RequestMatters,
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
}

/// Numbered formulas (“四个意识”): a label and its members in their fixed order.
#[derive(Debug, Clone)]
pub struct FormulaRule {
    pub formulas: Vec<Formula>,
    /// All labels, then all members, in one automaton: a paragraph is scanned once to learn
    /// which formulas it can concern (built on first use).
    pub index: std::sync::OnceLock<aho_corasick::AhoCorasick>,
}

impl FormulaRule {
    pub fn new(formulas: Vec<Formula>) -> Self {
        FormulaRule {
            formulas,
            index: std::sync::OnceLock::new(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Formula {
    pub label: String,
    pub members: Vec<String>,
    /// Words that may precede the list of members (中国特色社会主义 before 道路自信…).
    pub prefixes: Vec<String>,
    /// Whether the members written as a list without the label are checked for order too.
    pub unlabelled: bool,
    /// Words that introduce the expansion besides 即、：、（ (是 after 中国式现代化).
    pub markers: Vec<String>,
    /// Whether a list of all members but one, the odd item formed like the members
    /// (责任意识 among 政治意识、大局意识、看齐意识), is reported without the label.
    pub odd_member: bool,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SuppressionCheck {
    /// A suppression comment that suppressed nothing.
    Unused,
    /// A suppression comment without a reason, or naming an unknown rule.
    Invalid,
}

impl RuleKind {
    pub fn name(&self) -> &'static str {
        match self {
            RuleKind::Term(_) => "term",
            RuleKind::Pattern(_) => "pattern",
            RuleKind::Pairs(_) => "pairs",
            RuleKind::Repetition(_) => "repetition",
            RuleKind::Typo(_) => "typo",
            RuleKind::Consistency(_) => "consistency",
            RuleKind::Date(_) => "date",
            RuleKind::Suppression(_) => "suppression",
            RuleKind::Formula(_) => "formula",
            RuleKind::Numbering(_) => "numbering",
            RuleKind::Structure(_) => "structure",
            RuleKind::Format(_) => "format",
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

#[derive(Debug, Clone)]
pub struct TermRule {
    pub terms: Vec<Term>,
    /// Whether a hit must start and end on jieba word boundaries.
    pub word_boundary: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub wrong: String,
    pub right: Option<String>,
    /// Longer strings containing `wrong` in which it is correct (各自已经 for 自已).
    pub except: Vec<String>,
    /// When the entry applies, judged by the document's date like a rule's own validity
    /// (an old body name is wrong only after the body was renamed).
    pub validity: Validity,
    /// Where the entry comes from (`rules show` prints it).
    pub source: Option<String>,
    /// Shown in the message as `{note}` (what changed, and when).
    pub note: Option<String>,
}

#[derive(Debug, Clone)]
pub struct PatternRule {
    pub patterns: Vec<Pattern>,
    pub replace: Option<Replace>,
}

/// An opening and a closing mark: (“, ”).
pub type Pair = (char, char);

/// Paired marks, each (opening, closing).
#[derive(Debug, Clone)]
pub struct PairsRule {
    pub pairs: Vec<Pair>,
    /// When set, the rule checks nesting instead of balance: a mark opened again inside itself
    /// should use the inner form (“ inside “ → ‘; 《 inside 《 → 〈).
    pub nesting: Vec<(Pair, Pair)>,
}

/// Doubled words, units of `min_unit..=max_unit` characters.
#[derive(Debug, Clone)]
pub struct RepetitionRule {
    pub min_unit: usize,
    pub max_unit: usize,
    /// Doubled strings that are correct (研究研究).
    pub allow: Vec<String>,
    /// When set, a doubled single character is reported only if it is one of these (function
    /// words such as 的, 和): doubling other characters is mostly reduplication (年年, 人人).
    pub chars: Vec<char>,
}

/// Forms of one thing that a document must not mix.
#[derive(Debug, Clone)]
pub struct ConsistencyRule {
    pub forms: Vec<Form>,
}

#[derive(Debug, Clone)]
pub struct Form {
    pub name: String,
    pub patterns: Vec<Pattern>,
    /// The form's canonical text, offered as the replacement when it is the document's choice.
    pub text: Option<String>,
}

#[derive(Debug, Clone)]
pub struct DateRule {
    pub check: DateCheck,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateCheck {
    /// 2月30日, 13月.
    Validity,
    /// 2023年1月5日（星期三）.
    Weekday,
}

/// How a pattern rule's suggestion is made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Replace {
    /// A template; `$name` / `${name}` refer to capture groups.
    Template(String),
    /// The reported text looked up in a table (`,` → `，`); no suggestion when absent.
    Map(std::collections::BTreeMap<String, String>),
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
        let own: Vec<&Pattern> = match &self.kind {
            RuleKind::Pattern(p) => p.patterns.iter().collect(),
            RuleKind::Consistency(c) => c.forms.iter().flat_map(|f| &f.patterns).collect(),
            _ => Vec::new(),
        };
        own.into_iter().chain(&self.filters.except_patterns)
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.id)
    }
}
