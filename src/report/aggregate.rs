//! The numbers of an audit, built one file at a time so that memory does not grow with the
//! archive: counts by severity, category, rule, group (unit, folder, 文种, year, month), 文种
//! and month; a few examples per rule; the documents with most findings.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::record::{AuditFile, AuditFinding};
use super::show::grouped;

/// How `--group-by` splits the archive (各单位情况).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum GroupBy {
    /// 发文单位：署名、发文字号的机关代字、版头、标题中的发文机关（按单位对照表归一），都没有就取所在目录
    Unit,
    /// 所在目录
    Folder,
    /// 文种（通知、请示……）
    Doctype,
    /// 成文年份
    Year,
    /// 成文月份
    Month,
}

impl GroupBy {
    pub fn label(self) -> &'static str {
        match self {
            GroupBy::Unit => "单位",
            GroupBy::Folder => "目录",
            GroupBy::Doctype => "文种",
            GroupBy::Year => "年份",
            GroupBy::Month => "月份",
        }
    }
}

/// The headings of a table of `Counts`, after the name column.
pub const COUNT_COLUMNS: [&str; 7] = [
    "文件数",
    "字数",
    "问题",
    "错误",
    "警告",
    "提示",
    "差错率（每万字）",
];

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Counts {
    pub files: usize,
    pub files_with_findings: usize,
    pub chars: u64,
    pub findings: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Counts {
    /// A file, without its findings (`add_findings`; `Aggregate::end` counts it as having
    /// findings).
    fn add_file(&mut self, f: &AuditFile) {
        self.files += 1;
        self.chars += f.chars as u64;
    }

    fn add_findings(&mut self, ds: &[AuditFinding]) {
        for d in ds {
            self.findings += 1;
            match d.severity() {
                "error" => self.errors += 1,
                "warning" => self.warnings += 1,
                _ => self.infos += 1,
            }
        }
    }

    /// The values under `COUNT_COLUMNS`, as shown in tables (digits grouped).
    pub fn columns(&self) -> [String; 7] {
        [
            grouped(self.files as u64),
            grouped(self.chars),
            grouped(self.findings as u64),
            grouped(self.errors as u64),
            grouped(self.warnings as u64),
            grouped(self.infos as u64),
            format!("{:.2}", self.rate()),
        ]
    }

    /// Adds another group's counts (a year is the sum of its months).
    fn add(&mut self, o: &Counts) {
        self.files += o.files;
        self.files_with_findings += o.files_with_findings;
        self.chars += o.chars;
        self.findings += o.findings;
        self.errors += o.errors;
        self.warnings += o.warnings;
        self.infos += o.infos;
    }

    /// 差错率: findings per 10,000 characters, the publishing measure.
    pub fn rate(&self) -> f64 {
        if self.chars == 0 {
            0.0
        } else {
            self.findings as f64 * 10_000.0 / self.chars as f64
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct RuleStat {
    pub category: String,
    pub severity: String,
    /// The rule's message as first seen (messages vary per finding; this is one of them).
    pub message: String,
    pub count: usize,
    pub files: usize,
    pub examples: Vec<Example>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Example {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
    pub context: String,
    pub message: String,
    /// Position of the finding in the whole report (for links in the HTML report).
    pub index: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DocStat {
    pub path: String,
    pub unit: String,
    pub findings: usize,
    pub errors: usize,
    pub chars: usize,
}

/// Against a previous audit (整改情况).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Progress {
    pub new: usize,
    pub unchanged: usize,
    pub fixed: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Aggregate {
    pub group_by: GroupBy,
    pub total: Counts,
    pub unreadable: usize,
    pub by_category: BTreeMap<String, usize>,
    pub by_rule: BTreeMap<String, RuleStat>,
    pub by_group: BTreeMap<String, Counts>,
    pub by_doctype: BTreeMap<String, Counts>,
    pub by_month: BTreeMap<String, Counts>,
    pub top_documents: Vec<DocStat>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progress: Option<Progress>,
    #[serde(skip)]
    examples_per_rule: usize,
    #[serde(skip)]
    top: usize,
}

/// A file being added to an `Aggregate` a block of findings at a time.
pub struct Adding {
    /// Index in the whole report of the file's first finding.
    first_index: usize,
    group: String,
    doctype: String,
    month: String,
    /// Rules already counted for this file (`RuleStat::files`).
    seen_rules: Vec<String>,
    findings: usize,
    errors: usize,
}

/// Labels for documents without the thing grouped by.
pub const NO_UNIT: &str = "（未识别单位）";
pub const NO_DOCTYPE: &str = "（未识别文种）";
pub const NO_DATE: &str = "（未注明日期）";

impl Aggregate {
    pub fn new(group_by: GroupBy, examples_per_rule: usize, top: usize) -> Self {
        Aggregate {
            group_by,
            total: Counts::default(),
            unreadable: 0,
            by_category: BTreeMap::new(),
            by_rule: BTreeMap::new(),
            by_group: BTreeMap::new(),
            by_doctype: BTreeMap::new(),
            by_month: BTreeMap::new(),
            top_documents: Vec::new(),
            progress: None,
            examples_per_rule,
            top,
        }
    }

    pub fn add(&mut self, f: &AuditFile) {
        let mut adding = self.begin(f);
        self.add_findings(&mut adding, f, &f.diagnostics);
        self.end(adding, f);
    }

    /// Starts a file whose findings come a block at a time (`add_findings`, then `end`):
    /// a file may have millions. `f`'s own findings are not counted here.
    pub fn begin(&mut self, f: &AuditFile) -> Adding {
        let adding = Adding {
            first_index: self.total.findings,
            group: self.group_of(f),
            doctype: f.doctype.clone().unwrap_or_else(|| NO_DOCTYPE.into()),
            month: f
                .date
                .as_deref()
                .and_then(|d| d.get(..7))
                .map_or_else(|| NO_DATE.to_owned(), str::to_owned),
            seen_rules: Vec::new(),
            findings: 0,
            errors: 0,
        };
        self.total.add_file(f);
        self.by_group
            .entry(adding.group.clone())
            .or_default()
            .add_file(f);
        self.by_doctype
            .entry(adding.doctype.clone())
            .or_default()
            .add_file(f);
        self.by_month
            .entry(adding.month.clone())
            .or_default()
            .add_file(f);
        adding
    }

    /// The next block of a file's findings (`f` is the file, `ds` the block).
    pub fn add_findings(&mut self, adding: &mut Adding, f: &AuditFile, ds: &[AuditFinding]) {
        self.total.add_findings(ds);
        if let Some(c) = self.by_group.get_mut(&adding.group) {
            c.add_findings(ds);
        }
        if let Some(c) = self.by_doctype.get_mut(&adding.doctype) {
            c.add_findings(ds);
        }
        if let Some(c) = self.by_month.get_mut(&adding.month) {
            c.add_findings(ds);
        }
        for d in ds {
            let k = adding.findings;
            adding.findings += 1;
            if d.severity() == "error" {
                adding.errors += 1;
            }
            *self.by_category.entry(d.category().to_owned()).or_default() += 1;
            let stat = self
                .by_rule
                .entry(d.rule().to_owned())
                .or_insert_with(|| RuleStat {
                    category: d.category().to_owned(),
                    severity: d.severity().to_owned(),
                    message: d.message().into_owned(),
                    ..RuleStat::default()
                });
            stat.count += 1;
            if !adding.seen_rules.iter().any(|r| r == d.rule()) {
                adding.seen_rules.push(d.rule().to_owned());
                stat.files += 1;
            }
            // Examples from different documents where possible: one per file first.
            let from_this_file = stat.examples.iter().any(|e| e.path == f.path);
            if stat.examples.len() < self.examples_per_rule && !from_this_file {
                stat.examples.push(example(f, d, adding.first_index + k));
            }
        }
    }

    /// The file is done: it counts as one with findings, and among the top documents.
    pub fn end(&mut self, adding: Adding, f: &AuditFile) {
        if adding.findings == 0 {
            return;
        }
        for counts in [
            Some(&mut self.total),
            self.by_group.get_mut(&adding.group),
            self.by_doctype.get_mut(&adding.doctype),
            self.by_month.get_mut(&adding.month),
        ]
        .into_iter()
        .flatten()
        {
            counts.files_with_findings += 1;
        }
        self.top_documents.push(DocStat {
            path: f.path.clone(),
            unit: unit_of(f),
            findings: adding.findings,
            errors: adding.errors,
            chars: f.chars,
        });
        // Keep the list short: only the top ones are ever shown.
        if self.top_documents.len() > 4 * self.top.max(1) {
            self.trim_top();
        }
    }

    /// The finished aggregate: top documents in order.
    pub fn finish(mut self) -> Self {
        self.trim_top();
        self
    }

    fn trim_top(&mut self) {
        self.top_documents.sort_by(|a, b| {
            (b.findings, b.errors)
                .cmp(&(a.findings, a.errors))
                .then_with(|| a.path.cmp(&b.path))
        });
        self.top_documents.truncate(self.top);
    }

    fn group_of(&self, f: &AuditFile) -> String {
        match self.group_by {
            GroupBy::Unit => unit_of(f),
            GroupBy::Folder => folder_of(&f.path).unwrap_or_else(|| ".".into()),
            GroupBy::Doctype => f.doctype.clone().unwrap_or_else(|| NO_DOCTYPE.into()),
            GroupBy::Year => f
                .date
                .as_deref()
                .and_then(|d| d.get(..4))
                .map_or_else(|| NO_DATE.into(), |y| format!("{y}年")),
            GroupBy::Month => f
                .date
                .as_deref()
                .and_then(|d| d.get(..7))
                .map_or_else(|| NO_DATE.into(), str::to_owned),
        }
    }

    /// The documents by 成文日期 as the report shows them, with the heading of their column:
    /// by month within one year; by year when they span several, where a row per month would
    /// be a long table of single documents. Only periods with documents have a row.
    pub fn by_period(&self) -> (&'static str, BTreeMap<String, Counts>) {
        let years: std::collections::BTreeSet<&str> = self
            .by_month
            .keys()
            .filter_map(|m| m.get(..4).filter(|y| y.bytes().all(|b| b.is_ascii_digit())))
            .collect();
        let rows = |c: &&Counts| c.files > 0;
        if years.len() <= 1 {
            let months = self.by_month.iter().filter(|(_, c)| rows(c));
            return (
                "月份",
                months.map(|(k, c)| (k.clone(), c.clone())).collect(),
            );
        }
        let mut by_year: BTreeMap<String, Counts> = BTreeMap::new();
        for (month, c) in self.by_month.iter().filter(|(_, c)| rows(c)) {
            let year = match month.get(..4) {
                Some(y) if years.contains(y) => format!("{y}年"),
                _ => month.clone(),
            };
            by_year.entry(year).or_default().add(c);
        }
        ("年份", by_year)
    }

    /// Rules by count, most first (ties by id, so reports are reproducible).
    pub fn rules_by_count(&self) -> Vec<(&String, &RuleStat)> {
        let mut v: Vec<_> = self.by_rule.iter().collect();
        v.sort_by(|a, b| b.1.count.cmp(&a.1.count).then_with(|| a.0.cmp(b.0)));
        v
    }
}

fn example(f: &AuditFile, d: &AuditFinding, index: usize) -> Example {
    Example {
        path: f.path.clone(),
        line: d.line as usize,
        column: d.column as usize,
        text: d.text().to_owned(),
        suggestion: d.suggestion().map(str::to_owned),
        context: d.context.clone(),
        message: d.message().into_owned(),
        index,
    }
}

/// The unit a file is counted under, never empty: the unit it names (`units::Units`), else the
/// folder it is in (archives are often filed a folder per unit), else `NO_UNIT`.
pub fn unit_of(f: &AuditFile) -> String {
    f.unit
        .clone()
        .or_else(|| folder_of(&f.path))
        .unwrap_or_else(|| NO_UNIT.into())
}

/// The folder a path is in, as written (None for a file in the current folder).
pub fn folder_of(path: &str) -> Option<String> {
    let parent = std::path::Path::new(path).parent()?;
    let s = parent.to_string_lossy();
    (!s.is_empty()).then(|| s.into_owned())
}
