//! One `.gwlint.yaml` file: its schema (docs/design.md §4), validated while deserialising so that
//! serde_yaml gives the line and column of a wrong key, and its `extend:` chain.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Deserializer};

use crate::output::FailOn;
use crate::rules::Severity;

/// A severity from the config, or `off` (the rule is not run).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Set(Severity),
    Off,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Set(s) => s.as_str(),
            Level::Off => "off",
        }
    }
}

impl<'de> Deserialize<'de> for Level {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        match s.as_str() {
            "error" => Ok(Level::Set(Severity::Error)),
            "warning" => Ok(Level::Set(Severity::Warning)),
            "info" => Ok(Level::Set(Severity::Info)),
            "off" => Ok(Level::Off),
            _ => Err(serde::de::Error::custom(format!(
                "级别“{s}”无效：应为 error、warning、info 或 off"
            ))),
        }
    }
}

/// The keys of a config file; all optional, unknown ones refused.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    pub extend: Option<PathBuf>,
    /// Whether the built-in packs are loaded (default true).
    pub default_rules: Option<bool>,
    /// Extra pack files or directories, relative to this file.
    pub packs: Option<Vec<PathBuf>>,
    pub select: Option<Vec<String>>,
    pub ignore: Option<Vec<String>>,
    /// Per rule id, category or pack.
    pub severity: Option<BTreeMap<String, Level>>,
    /// Globs relative to this file's folder.
    pub exclude: Option<Vec<String>>,
    #[serde(default, deserialize_with = "fail_on")]
    pub fail_on: Option<FailOn>,
    #[serde(default, deserialize_with = "date")]
    pub as_of: Option<chrono::NaiveDate>,
    /// `report`: 代字 or 署名 as written → the unit it is counted under (over `data/units.yaml`).
    #[serde(default, deserialize_with = "units")]
    pub units: Option<BTreeMap<String, String>>,
}

fn units<'de, D: Deserializer<'de>>(d: D) -> Result<Option<BTreeMap<String, String>>, D::Error> {
    let map = BTreeMap::<String, String>::deserialize(d)?;
    if let Some((k, _)) = map
        .iter()
        .find(|(k, v)| k.trim().is_empty() || v.trim().is_empty())
    {
        return Err(serde::de::Error::custom(format!(
            "units 中“{k}”：代字或署名和单位名都不能为空"
        )));
    }
    Ok(Some(map))
}

fn fail_on<'de, D: Deserializer<'de>>(d: D) -> Result<Option<FailOn>, D::Error> {
    let s = String::deserialize(d)?;
    <FailOn as clap::ValueEnum>::from_str(&s, false)
        .map(Some)
        .map_err(|_| {
            serde::de::Error::custom(format!(
                "fail_on“{s}”无效：应为 error、warning、info 或 never"
            ))
        })
}

fn date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<chrono::NaiveDate>, D::Error> {
    // YAML reads 2024-06-30 as a string; accept 2024年6月30日 too.
    let s = String::deserialize(d)?;
    parse_date(&s).map(Some).map_err(serde::de::Error::custom)
}

/// `2024-06-30`, `2024/6/30` or `2024年6月30日`.
pub fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    let t = s.trim();
    let nums: Vec<&str> = t
        .split(['-', '/', '年', '月', '日', '.'])
        .filter(|p| !p.is_empty())
        .collect();
    let parsed = match nums.as_slice() {
        [y, m, d] => y
            .parse()
            .ok()
            .zip(m.parse().ok())
            .zip(d.parse().ok())
            .and_then(|((y, m), d)| chrono::NaiveDate::from_ymd_opt(y, m, d)),
        _ => None,
    };
    parsed.ok_or_else(|| format!("日期“{s}”无效：应写作 2024-06-30"))
}

/// A config file that cannot be used, with its place.
pub fn located_error(file: &Path, e: &serde_yaml::Error) -> String {
    let text = e.to_string();
    let message = match text.rfind(" at line ") {
        Some(i) if e.location().is_some() => &text[..i],
        _ => &text,
    };
    let message = crate::messages::serde_message(message);
    match e.location() {
        Some(l) => format!(
            "{}:{}:{}: 配置无效：{message}",
            file.display(),
            l.line(),
            l.column()
        ),
        None => format!("{}: 配置无效：{message}", file.display()),
    }
}

/// A config file and the ones it extends, base first.
pub fn load_chain(file: &Path) -> Result<Vec<(PathBuf, RawConfig)>, String> {
    let mut chain: Vec<(PathBuf, RawConfig)> = Vec::new();
    let mut next = Some(file.to_path_buf());
    while let Some(path) = next.take() {
        if chain.iter().any(|(p, _)| p == &path) {
            return Err(format!("{}: extend 形成了循环", path.display()));
        }
        let text = std::fs::read_to_string(&path).map_err(|e| {
            format!(
                "{}: 无法读取配置文件：{}",
                path.display(),
                crate::messages::io_error(&e)
            )
        })?;
        // An empty file is a valid config with every key at its default.
        let raw: RawConfig = if text.trim().is_empty() {
            RawConfig::default()
        } else {
            crate::input::yaml_guard::check(&text)
                .map_err(|e| format!("{}: 配置无效：{e}", path.display()))?;
            serde_yaml::from_str(&text).map_err(|e| located_error(&path, &e))?
        };
        if let Some(ext) = &raw.extend {
            let base = path.parent().unwrap_or(Path::new("."));
            next = Some(base.join(ext));
        }
        chain.push((path, raw));
    }
    chain.reverse();
    Ok(chain)
}
