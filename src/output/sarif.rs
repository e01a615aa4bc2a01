//! `--format sarif`: a SARIF 2.1.0 log (built with `serde-sarif`), for GitHub code scanning
//! and other SARIF viewers.
//!
//! One run; `tool.driver.rules` describes every rule that has a result (id, message, description,
//! 依据, default level), each result points at its rule by `ruleIndex`. Columns count characters,
//! so the run declares `columnKind: unicodeCodePoints`. Artifact URIs are percent-encoded (file
//! names are usually Chinese); absolute paths become `file://` URIs. Suggestions become `fixes`;
//! unreadable files become tool execution notifications (`error`), document files not read
//! (.rtf, .odt) `warning` ones.
//!
//! Over 500 lines with its tests (about 100); the renderer itself is one SARIF document.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, BufRead, Seek, SeekFrom, Write};

use serde_sarif::sarif::{
    ArtifactChange, ArtifactContent, ArtifactLocation, Fix, Invocation, Location, Message,
    MultiformatMessageString, Notification, PhysicalLocation, PropertyBag, Region, Replacement,
    ReportingConfiguration, ReportingDescriptor, Result as SarifResult, ResultLevel, Run, Sarif,
    Tool, ToolComponent,
};

use super::{FileError, FileReport};
use crate::finding::Diagnostic;
use crate::input::walk::Skipped;
use crate::rules::{category_title, Rule};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Renders the whole log, pretty-printed, with a final newline. `rules` are the rules in force;
/// a diagnostic whose rule is not among them still gets a (minimal) rule descriptor.
pub fn render(reports: &[FileReport], errors: &[FileError], rules: &[Rule]) -> String {
    let mut log = Streamed::new();
    let mut out = Vec::new();
    let written = reports
        .iter()
        .try_for_each(|r| log.add(r))
        .and_then(|()| log.finish(&mut out, errors, &[], rules));
    written.expect("SARIF log writes to memory");
    String::from_utf8(out).expect("SARIF log is UTF-8")
}

/// The log written as files come: each result is set aside (in memory, on disk past 8 MB)
/// until the end, when the rules that have results, and so each result's `ruleIndex`, are
/// known; then the log is written around them.
pub struct Streamed {
    /// The first diagnostic of each rule with results, by id.
    used: BTreeMap<String, Diagnostic>,
    /// One line per result: its rule id, a tab, the result as compact JSON without `ruleIndex`.
    spill: tempfile::SpooledTempFile,
    results: usize,
}

impl Default for Streamed {
    fn default() -> Self {
        Self::new()
    }
}

impl Streamed {
    pub fn new() -> Self {
        Streamed {
            used: BTreeMap::new(),
            spill: tempfile::SpooledTempFile::new(8 << 20),
            results: 0,
        }
    }

    pub fn add(&mut self, r: &FileReport) -> io::Result<()> {
        // Lines are gathered and set aside 64 KB at a time: once on disk, the spill is an
        // unbuffered file, where each piece of each line was a system call.
        let mut lines = Vec::with_capacity(64 * 1024);
        for d in &r.diagnostics {
            // Detached: a kept diagnostic must not keep its whole document alive to the end.
            if !self.used.contains_key(d.rule()) {
                self.used.insert(d.rule().to_owned(), d.detached());
            }
            let mut result = result(&r.path, d, 0);
            result.rule_index = None;
            lines.extend_from_slice(d.rule().as_bytes());
            lines.push(b'\t');
            serde_json::to_writer(&mut lines, &result)?;
            lines.push(b'\n');
            if lines.len() >= 64 * 1024 {
                self.spill.write_all(&lines)?;
                lines.clear();
            }
            self.results += 1;
        }
        self.spill.write_all(&lines)
    }

    pub fn finish(
        mut self,
        out: &mut dyn Write,
        errors: &[FileError],
        skipped: &[Skipped],
        rules: &[Rule],
    ) -> io::Result<()> {
        let mut by_id: HashMap<&str, &Rule> = HashMap::new();
        for r in rules {
            by_id.entry(r.id.as_str()).or_insert(r);
        }
        // Descriptors for the rules that have results, sorted by id; the first diagnostic of a
        // rule missing from `rules` stands in for it.
        let index: HashMap<&str, i64> = self
            .used
            .keys()
            .enumerate()
            .map(|(i, id)| (id.as_str(), i as i64))
            .collect();
        let descriptors: Vec<ReportingDescriptor> = self
            .used
            .iter()
            .map(|(id, d)| match by_id.get(id.as_str()) {
                Some(rule) => descriptor(rule),
                None => fallback_descriptor(d),
            })
            .collect();
        let skeleton = log(descriptors, errors, skipped);
        // Buffered here: stdout is line-buffered, and a pretty result is a dozen lines, so
        // millions of results were a system call per line.
        let mut out = io::BufWriter::with_capacity(64 * 1024, out);
        // The results go where the skeleton has none, indented as the whole log would be.
        let marker = "\"results\": []";
        let at = skeleton
            .find(marker)
            .expect("the skeleton has an empty results array");
        let indent = skeleton[..at].len() - skeleton[..at].trim_end_matches(' ').len();
        out.write_all(&skeleton.as_bytes()[..at])?;
        out.write_all(b"\"results\": [")?;
        self.spill.seek(SeekFrom::Start(0))?;
        let items = " ".repeat(indent + 2);
        for (n, line) in io::BufReader::new(&mut self.spill).lines().enumerate() {
            let line = line?;
            let (rule, json) = line.split_once('\t').ok_or(io::ErrorKind::InvalidData)?;
            let mut result: SarifResult = serde_json::from_str(json)?;
            result.rule_index = Some(index[rule]);
            out.write_all(if n == 0 { b"\n" } else { b",\n" })?;
            let pretty = serde_json::to_string_pretty(&result)?;
            for (i, l) in pretty.lines().enumerate() {
                if i > 0 {
                    out.write_all(b"\n")?;
                }
                out.write_all(items.as_bytes())?;
                out.write_all(l.as_bytes())?;
            }
        }
        if self.results > 0 {
            out.write_all(format!("\n{}]", " ".repeat(indent)).as_bytes())?;
        } else {
            out.write_all(b"]")?;
        }
        out.write_all(&skeleton.as_bytes()[at + marker.len()..])?;
        out.flush()
    }
}

/// The whole log with no results, pretty-printed, with a final newline.
fn log(descriptors: Vec<ReportingDescriptor>, errors: &[FileError], skipped: &[Skipped]) -> String {
    // Unreadable files are errors (the run did not succeed); document files not read are
    // warnings, so a viewer shows that they were left out.
    let notification = |level: &str, path: &str, text: String| {
        Notification::builder()
            .level(serde_json::Value::from(level))
            .message(text_message(text))
            .locations(vec![Location::builder()
                .physical_location(
                    PhysicalLocation::builder()
                        .artifact_location(artifact(path))
                        .build(),
                )
                .build()])
            .build()
    };
    let notifications: Vec<Notification> = errors
        .iter()
        .map(|e| notification("error", &e.path, format!("{}：{}", e.path, e.error)))
        .chain(skipped.iter().map(|s| {
            notification(
                "warning",
                &s.path,
                format!("{}：未读：{}", s.path, s.reason),
            )
        }))
        .collect();
    let invocation = if notifications.is_empty() {
        Invocation::builder().execution_successful(true).build()
    } else {
        Invocation::builder()
            .execution_successful(errors.is_empty())
            .tool_execution_notifications(notifications)
            .build()
    };

    let driver = ToolComponent::builder()
        .name("gwlint")
        .full_name("gwlint 党政机关公文检查工具")
        .version(env!("CARGO_PKG_VERSION"))
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .language("zh-CN")
        .rules(descriptors)
        .build();
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .column_kind(serde_json::Value::from("unicodeCodePoints"))
        .invocations(vec![invocation])
        .results(Vec::<SarifResult>::new())
        .build();
    let log = Sarif::builder()
        .schema(SCHEMA)
        .version(serde_json::Value::from("2.1.0"))
        .runs(vec![run])
        .build();
    let mut s = serde_json::to_string_pretty(&log).expect("SARIF log serialises");
    s.push('\n');
    s
}

fn text_message(text: impl Into<String>) -> Message {
    Message::builder().text(text.into()).build()
}

fn plain(text: impl Into<String>) -> MultiformatMessageString {
    MultiformatMessageString::builder()
        .text(text.into())
        .build()
}

fn level(severity: &str) -> ResultLevel {
    match severity {
        "error" => ResultLevel::Error,
        "warning" => ResultLevel::Warning,
        _ => ResultLevel::Note,
    }
}

fn level_name(severity: &str) -> &'static str {
    match severity {
        "error" => "error",
        "warning" => "warning",
        _ => "note",
    }
}

/// A rule's metadata: short description = its message with the placeholders elided; full
/// description = its explanation; help = explanation, 依据 and a few example sentences (what
/// GitHub code scanning shows beside an alert; plain text only, since descriptions contain
/// `##`, `***` and brackets that Markdown would mangle); tags = category and its Chinese title.
fn descriptor(rule: &Rule) -> ReportingDescriptor {
    let short = template_summary(&rule.message);
    let full = rule
        .description
        .as_deref()
        .map(one_line)
        .unwrap_or_else(|| short.clone());
    let mut help = full.clone();
    if let Some(a) = &rule.authority {
        help.push_str(&format!("\n依据：{a}"));
    }
    for (label, examples) in [
        ("错误例句", &rule.examples.bad),
        ("正确例句", &rule.examples.good),
    ] {
        if !examples.is_empty() {
            let shown: Vec<String> = examples
                .iter()
                .take(3)
                .map(|e| e.replace('\n', " ⏎ "))
                .collect();
            help.push_str(&format!("\n{label}：{}", shown.join("　")));
        }
    }
    ReportingDescriptor::builder()
        .id(rule.id.clone())
        .short_description(plain(short))
        .full_description(plain(full))
        .help(plain(help))
        .default_configuration(
            ReportingConfiguration::builder()
                .level(serde_json::Value::from(level_name(rule.severity.as_str())))
                .build(),
        )
        .properties(tags(&rule.category, Some(&rule.pack)))
        .build()
}

/// For a diagnostic whose rule is not in the slice given to `render`.
fn fallback_descriptor(d: &Diagnostic) -> ReportingDescriptor {
    let mut b = ReportingDescriptor::builder()
        .id(d.rule().to_owned())
        .default_configuration(
            ReportingConfiguration::builder()
                .level(serde_json::Value::from(level_name(d.severity())))
                .build(),
        )
        .properties(tags(d.category(), None))
        .build();
    if let Some(a) = d.authority() {
        b.help = Some(plain(format!("依据：{a}")));
    }
    b
}

fn tags(category: &str, pack: Option<&str>) -> PropertyBag {
    let mut tags = vec![category.to_owned()];
    let title = category_title(category);
    if !title.is_empty() {
        tags.push(title.to_owned());
    }
    let mut bag = PropertyBag::builder().tags(tags).build();
    if let Some(p) = pack {
        bag.additional_properties
            .insert("pack".into(), serde_json::Value::from(p));
    }
    bag
}

fn result(path: &str, d: &Diagnostic, rule_index: i64) -> SarifResult {
    let region = region(d);
    let mut physical = PhysicalLocation::builder()
        .artifact_location(artifact(path))
        .build();
    physical.region = region.clone();
    let mut result = SarifResult::builder()
        .rule_id(d.rule().to_owned())
        .rule_index(rule_index)
        .level(level(d.severity()))
        .message(text_message(d.message().into_owned()))
        .locations(vec![Location::builder()
            .physical_location(physical)
            .build()])
        .build();
    // A fix needs a region to replace.
    if let (Some(s), Some(region)) = (d.suggestion(), region) {
        let mut deleted = region;
        deleted.snippet = None;
        let mut replacement = Replacement::builder().deleted_region(deleted).build();
        if !s.is_empty() {
            replacement.inserted_content =
                Some(ArtifactContent::builder().text(s.to_owned()).build());
        }
        let description = if s.is_empty() {
            format!("删除“{}”", d.text())
        } else {
            format!("改为“{s}”")
        };
        result.fixes = Some(vec![Fix::builder()
            .description(text_message(description))
            .artifact_changes(vec![ArtifactChange::builder()
                .artifact_location(artifact(path))
                .replacements(vec![replacement])
                .build()])
            .build()]);
    }
    result
}

/// SARIF lines and columns start at 1; a finding that belongs to no text (line 0, such as a
/// .docx page setting) has no region.
fn region(d: &Diagnostic) -> Option<Region> {
    if d.line == 0 {
        return None;
    }
    let mut r = Region::builder()
        .start_line(d.line as i64)
        .snippet(ArtifactContent::builder().text(d.text().to_owned()).build())
        .build();
    if d.column > 0 {
        r.start_column = Some(d.column as i64);
    }
    if d.end_line >= d.line {
        r.end_line = Some(d.end_line as i64);
        if d.end_column > 0 {
            r.end_column = Some(d.end_column as i64);
        }
    }
    Some(r)
}

fn artifact(path: &str) -> ArtifactLocation {
    ArtifactLocation::builder().uri(path_to_uri(path)).build()
}

/// A file path as a URI reference: forward slashes, every byte other than an unreserved
/// character (RFC 3986: letters, digits, `-._~`) or a separator percent-encoded; absolute paths
/// (`/srv/文稿/a.txt`, `C:\文稿\a.txt`) as `file://` URIs.
pub fn path_to_uri(path: &str) -> String {
    let p = path.replace('\\', "/");
    let p = p.strip_prefix("./").unwrap_or(&p);
    let bytes = p.as_bytes();
    let drive =
        bytes.len() >= 3 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && bytes[2] == b'/';
    let (prefix, rest) = if drive {
        (format!("file:///{}:", &p[..1]), &p[2..])
    } else if p.starts_with('/') {
        ("file://".to_owned(), p)
    } else {
        (String::new(), p)
    };
    let mut uri = prefix;
    for &b in rest.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            uri.push(b as char);
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri
}

/// A message template as a one-line rule summary: `{text}` and the other placeholders become “…”.
fn template_summary(template: &str) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        match rest[open..].find('}') {
            Some(close)
                if rest[open + 1..open + close]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_')
                    && close > 1 =>
            {
                out.push_str(&rest[..open]);
                out.push('…');
                rest = &rest[open + close + 1..];
            }
            _ => {
                out.push_str(&rest[..=open]);
                rest = &rest[open + 1..];
            }
        }
    }
    out.push_str(rest);
    one_line(&out)
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Severity;

    fn severity_level(s: Severity) -> &'static str {
        level_name(s.as_str())
    }

    use crate::output::fixtures::{colon, report};

    fn diag(rule: &str, severity: &'static str, suggestion: Option<&str>) -> Diagnostic {
        colon(
            rule,
            severity,
            "中文语境中使用了半角标点“:”，应使用全角“：”",
            suggestion,
            Some("GB/T 15834—2011"),
        )
    }

    #[test]
    fn uris_are_percent_encoded_with_forward_slashes() {
        assert_eq!(path_to_uri("drafts/a-b_c.txt"), "drafts/a-b_c.txt");
        assert_eq!(path_to_uri("./请示.txt"), "%E8%AF%B7%E7%A4%BA.txt");
        assert_eq!(path_to_uri("a b\\c%d#.md"), "a%20b/c%25d%23.md");
        assert_eq!(path_to_uri("/srv/x y.txt"), "file:///srv/x%20y.txt");
        assert_eq!(path_to_uri("C:\\文\\a.txt"), "file:///C:/%E6%96%87/a.txt");
        assert_eq!(path_to_uri("a:b.txt"), "a%3Ab.txt");
        assert!(path_to_uri("通知（2024）【定稿】.txt").is_ascii());
    }

    #[test]
    fn severities_map_to_sarif_levels() {
        assert_eq!(severity_level(Severity::Error), "error");
        assert_eq!(severity_level(Severity::Warning), "warning");
        assert_eq!(severity_level(Severity::Info), "note");
    }

    #[test]
    fn templates_become_summaries() {
        assert_eq!(
            template_summary("中文语境中使用了半角标点“{text}”，应使用全角“{suggestion}”"),
            "中文语境中使用了半角标点“…”，应使用全角“…”"
        );
        assert_eq!(template_summary("标点 {text}\n重复 {}"), "标点 … 重复 {}");
    }

    #[test]
    fn results_point_at_rules_and_carry_regions_and_fixes() {
        let reports = [report(
            "请示.txt",
            vec![
                diag("punctuation/halfwidth-in-cjk", "error", Some("：")),
                diag("wording/x", "info", Some("")),
                diag("punctuation/halfwidth-in-cjk", "warning", None),
            ],
        )];
        let errors = [FileError {
            path: "坏.txt".into(),
            error: "无法读取".into(),
        }];
        let log: serde_json::Value = serde_json::from_str(&render(&reports, &errors, &[])).unwrap();
        let run = &log["runs"][0];
        assert_eq!(log["version"], "2.1.0");
        assert_eq!(run["columnKind"], "unicodeCodePoints");
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        assert_eq!(rules.len(), 2);
        assert_eq!(rules[0]["id"], "punctuation/halfwidth-in-cjk");
        assert_eq!(rules[1]["id"], "wording/x");
        let results = run["results"].as_array().unwrap();
        assert_eq!(results[0]["ruleIndex"], 0);
        assert_eq!(results[1]["ruleIndex"], 1);
        assert_eq!(results[2]["ruleIndex"], 0);
        assert_eq!(results[0]["level"], "error");
        assert_eq!(results[1]["level"], "note");
        assert_eq!(results[2]["level"], "warning");
        let loc = &results[0]["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], "%E8%AF%B7%E7%A4%BA.txt");
        assert_eq!(loc["region"]["startLine"], 5);
        assert_eq!(loc["region"]["startColumn"], 5);
        assert_eq!(loc["region"]["endColumn"], 6);
        assert_eq!(loc["region"]["snippet"]["text"], ":");
        let rep = &results[0]["fixes"][0]["artifactChanges"][0]["replacements"][0];
        assert_eq!(rep["insertedContent"]["text"], "：");
        assert_eq!(rep["deletedRegion"]["startColumn"], 5);
        assert!(rep["deletedRegion"].get("snippet").is_none());
        // A deletion has no inserted content.
        let del = &results[1]["fixes"][0]["artifactChanges"][0]["replacements"][0];
        assert!(del.get("insertedContent").is_none());
        assert!(results[2].get("fixes").is_none());
        let inv = &run["invocations"][0];
        assert_eq!(inv["executionSuccessful"], false);
        assert_eq!(inv["toolExecutionNotifications"][0]["level"], "error");
    }

    #[test]
    fn line_zero_has_no_region() {
        let mut d = diag("format/page", "error", Some("x"));
        d.line = 0;
        d.end_line = 0;
        let log: serde_json::Value =
            serde_json::from_str(&render(&[report("a.docx", vec![d])], &[], &[])).unwrap();
        let result = &log["runs"][0]["results"][0];
        assert!(result["locations"][0]["physicalLocation"]
            .get("region")
            .is_none());
        assert!(result.get("fixes").is_none());
    }
}
