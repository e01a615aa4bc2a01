//! Loading rule packs from YAML. Validation happens while deserialising wherever possible, so
//! that serde_yaml attaches the line and column of the offending field to the message.
//!
//! Over 500 lines with its tests; the kinds' own fields are in `src/engine/kinds/`.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use serde::de::{self, Deserializer};
use serde::Deserialize;

use super::model::*;
use super::yaml::{patterns, NonEmpty, OneOrMany, RawDate, RawPattern};
use crate::engine::kinds::{self, KindName, SpecError, Specs};

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

/// A rule as written: the fields every kind has, and the fields of whichever kind owns them
/// (`kinds::Specs`), read in one pass so that an error in any value keeps its position.
struct RawRule {
    id: RuleId,
    kind: KindName,
    severity: Severity,
    message: NonEmpty,
    authority: Option<String>,
    description: Option<String>,
    check: Option<String>,
    scope: Vec<crate::document::structure::Zone>,
    doctypes: Vec<String>,
    except_pattern: Option<OneOrMany<RawPattern>>,
    prose_only: bool,
    fix: Option<Fix>,
    valid_from: Option<RawDate>,
    valid_until: Option<RawDate>,
    examples: Examples,
    specs: Specs,
}

/// The fields every rule may have, whatever its kind.
const COMMON_FIELDS: &[&str] = &[
    "id",
    "kind",
    "severity",
    "message",
    "authority",
    "description",
    "check",
    "scope",
    "doctypes",
    "except_pattern",
    "prose_only",
    "fix",
    "valid_from",
    "valid_until",
    "examples",
];

/// Every field a rule may have, for serde's "unknown field" message.
fn all_fields() -> &'static [&'static str] {
    static ALL: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        COMMON_FIELDS
            .iter()
            .copied()
            .chain(kinds::all_fields())
            .collect()
    })
}

impl<'de> Deserialize<'de> for RawRule {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(RawRuleVisitor)
    }
}

struct RawRuleVisitor;

/// A rule's key, refused while it is read when no rule has it (so the error has its place).
struct FieldKey(&'static str);

impl<'de> Deserialize<'de> for FieldKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = FieldKey;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("字段名")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<FieldKey, E> {
                let all = all_fields();
                all.iter()
                    .find(|f| **f == s)
                    .map(|f| FieldKey(f))
                    .ok_or_else(|| E::unknown_field(s, all))
            }
        }
        d.deserialize_identifier(V)
    }
}

/// Reads a field's value once; a second one is an error, as serde's derive makes it.
fn once<'de, T: Deserialize<'de>, A: de::MapAccess<'de>>(
    slot: &mut Option<T>,
    name: &'static str,
    map: &mut A,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

impl<'de> de::Visitor<'de> for RawRuleVisitor {
    type Value = RawRule;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("一条规则（id、kind、severity、message、examples …）")
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<RawRule, A::Error> {
        let (mut id, mut kind, mut severity, mut message) = (None, None, None, None);
        let (mut authority, mut description, mut check) = (None, None, None);
        let (mut scope, mut doctypes, mut except_pattern, mut prose_only) =
            (None, None, None, None);
        let (mut fix, mut valid_from, mut valid_until, mut examples) = (None, None, None, None);
        let mut specs = Specs::default();
        while let Some(FieldKey(key)) = map.next_key()? {
            let m = &mut map;
            match key {
                "id" => once(&mut id, "id", m)?,
                "kind" => once(&mut kind, "kind", m)?,
                "severity" => once(&mut severity, "severity", m)?,
                "message" => once(&mut message, "message", m)?,
                "authority" => once(&mut authority, "authority", m)?,
                "description" => once(&mut description, "description", m)?,
                "check" => once(&mut check, "check", m)?,
                "scope" => once(&mut scope, "scope", m)?,
                "doctypes" => once(&mut doctypes, "doctypes", m)?,
                "except_pattern" => once(&mut except_pattern, "except_pattern", m)?,
                "prose_only" => once(&mut prose_only, "prose_only", m)?,
                "fix" => once(&mut fix, "fix", m)?,
                "valid_from" => once(&mut valid_from, "valid_from", m)?,
                "valid_until" => once(&mut valid_until, "valid_until", m)?,
                "examples" => once(&mut examples, "examples", m)?,
                other => specs.take(other, m)?,
            }
        }
        Ok(RawRule {
            id: id.ok_or_else(|| de::Error::missing_field("id"))?,
            kind: kind.ok_or_else(|| de::Error::missing_field("kind"))?,
            severity: severity.ok_or_else(|| de::Error::missing_field("severity"))?,
            message: message.ok_or_else(|| de::Error::missing_field("message"))?,
            examples: examples.ok_or_else(|| de::Error::missing_field("examples"))?,
            authority: authority.flatten(),
            description: description.flatten(),
            check: check.flatten(),
            scope: scope.unwrap_or_default(),
            doctypes: doctypes.unwrap_or_default(),
            except_pattern: except_pattern.flatten(),
            prose_only: prose_only.unwrap_or_default(),
            fix: fix.flatten(),
            valid_from: valid_from.flatten(),
            valid_until: valid_until.flatten(),
            specs,
        })
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
type RuleError = SpecError;

fn build_rule(r: RawRule, pack: &str, pack_authority: Option<&str>) -> Result<Rule, RuleError> {
    if r.examples.bad.is_empty() || r.examples.good.is_empty() {
        return Err((
            Some("examples"),
            "每条规则都要有错误例句 examples.bad 和正确例句 examples.good（各至少一条）".into(),
        ));
    }
    let kind = r.specs.build(r.kind, r.check.as_deref())?;
    let fix = fix_tier(r.fix, &r.id.category, &kind)?;
    let validity = Validity {
        from: r.valid_from.map(|d| d.0),
        until: r.valid_until.map(|d| d.0),
    };
    if let (Some(f), Some(u)) = (validity.from, validity.until) {
        if f > u {
            return Err((Some("valid_until"), "valid_until 早于 valid_from".into()));
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
            except_patterns: r.except_pattern.map(patterns).unwrap_or_default(),
            prose_only: r.prose_only,
            scope: r.scope,
            doctypes: r.doctypes,
        },
        examples: r.examples,
        file: String::new(),
        line: None,
    })
}

/// A rule's `fix:` tier. Rules that can suggest a replacement default to `unsafe` (applied only
/// on request); political wording and document structure are never rewritten by a program.
fn fix_tier(declared: Option<Fix>, category: &str, kind: &RuleKind) -> Result<Fix, RuleError> {
    let can_suggest = kind.fixable();
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
