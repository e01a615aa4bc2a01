//! The accuracy benchmark: real errors from published notices, each with its corrected twin
//! (`bench/accuracy/cases/*.yaml`, schema in bench/accuracy/README.md), checked with the
//! built-in packs as a clerk would run them. Shared by `examples/accuracy.rs` (the report)
//! and `tests/accuracy.rs` (the floor the suite holds).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use gwlint::engine::Engine;
use gwlint::finding::Diagnostic;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseFile {
    pub category: String,
    pub cases: Vec<Case>,
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub id: String,
    pub source: String,
    pub origin: Origin,
    pub bad: String,
    pub good: String,
    #[serde(default)]
    pub note: Option<String>,
    /// YYYY-MM-DD
    #[serde(default)]
    pub as_of: Option<String>,
    #[serde(default)]
    pub format: Option<String>,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq, Debug)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    Quoted,
    Constructed,
}

/// What gwlint said on one case.
pub struct Outcome {
    pub category: String,
    pub case: Case,
    /// Error or warning findings of the case's category on `bad`.
    pub caught: bool,
    /// Everything that fired on `bad` (for the list of misses).
    pub on_bad: Vec<Diagnostic>,
    /// Error and warning findings on `good` (any category): false alarms.
    pub on_good: Vec<Diagnostic>,
}

/// The date a case is judged by when it gives none.
pub const DEFAULT_AS_OF: (i32, u32, u32) = (2024, 6, 1);

pub fn load(dir: &Path) -> Result<Vec<CaseFile>, String> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let file: CaseFile =
            serde_yaml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        // A case without its source cannot be checked by anyone: refuse it.
        if let Some(c) = file
            .cases
            .iter()
            .find(|c| c.source.trim().is_empty() || c.bad == c.good)
        {
            return Err(format!(
                "{}: case {} has no source or no correction",
                path.display(),
                c.id
            ));
        }
        out.push(file);
    }
    Ok(out)
}

fn serious(d: &Diagnostic) -> bool {
    d.severity() == "error" || d.severity() == "warning"
}

pub fn run(files: &[CaseFile]) -> Vec<Outcome> {
    let rules: Vec<gwlint::rules::Rule> = gwlint::rules::load_builtin()
        .expect("built-in packs load")
        .into_iter()
        .flat_map(|p| p.rules)
        .collect();
    let mut engines: HashMap<chrono::NaiveDate, Engine> = HashMap::new();
    let default =
        chrono::NaiveDate::from_ymd_opt(DEFAULT_AS_OF.0, DEFAULT_AS_OF.1, DEFAULT_AS_OF.2)
            .expect("a real date");
    let mut out = Vec::new();
    for file in files {
        for case in &file.cases {
            let day = match &case.as_of {
                Some(s) => chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
                    .unwrap_or_else(|e| panic!("case {}: as_of {s}: {e}", case.id)),
                None => default,
            };
            let engine = engines
                .entry(day)
                .or_insert_with(|| Engine::new(rules.clone()).with_as_of(Some(day)));
            let diagnose = |text: &str| -> Vec<Diagnostic> {
                let doc = if case.format.as_deref() == Some("docx") {
                    match gwlint::document::from_docx_fragment("case.docx".into(), text) {
                        Ok(d) => d,
                        Err(e) => panic!("case {}: the .docx XML does not read: {e}", case.id),
                    }
                } else {
                    let mut t = text.to_string();
                    if !t.ends_with('\n') {
                        t.push('\n');
                    }
                    gwlint::document::from_plain_text("case.txt".into(), "utf-8", &t)
                };
                engine.diagnose(&std::sync::Arc::new(doc))
            };
            let on_bad = diagnose(&case.bad);
            let caught = on_bad
                .iter()
                .any(|d| serious(d) && d.category() == file.category);
            let on_good: Vec<Diagnostic> =
                diagnose(&case.good).into_iter().filter(serious).collect();
            out.push(Outcome {
                category: file.category.clone(),
                case: case.clone(),
                caught,
                on_bad,
                on_good,
            });
        }
    }
    out
}

/// Per category: (cases, caught, twins with an error finding, twins with only warnings).
pub fn table(outcomes: &[Outcome]) -> BTreeMap<String, [usize; 4]> {
    let mut t: BTreeMap<String, [usize; 4]> = BTreeMap::new();
    for o in outcomes {
        let row = t.entry(o.category.clone()).or_default();
        row[0] += 1;
        row[1] += usize::from(o.caught);
        let errors = o.on_good.iter().any(|d| d.severity() == "error");
        row[2] += usize::from(errors);
        row[3] += usize::from(!errors && !o.on_good.is_empty());
    }
    t
}
