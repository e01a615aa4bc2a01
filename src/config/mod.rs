//! Configuration: `.gwlint.yaml` found upward from each checked file (the closest wins), its
//! `extend:` chain, and the command line on top. The result, `Settings`, decides which rules
//! run on a file and how severe they are.

pub mod file;
pub mod starter;

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

pub use file::{parse_date, Level};

use crate::output::FailOn;
use crate::rules::{self, Pack, Rule};

pub const FILE_NAME: &str = ".gwlint.yaml";

/// What the command line says, applied over every config file.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// Replaces the config's `select` when given.
    pub select: Vec<String>,
    /// `--extend-select`: added to the selection (the config's or the command line's).
    pub extend_select: Vec<String>,
    /// Added to the config's `ignore`.
    pub ignore: Vec<String>,
    /// Added to the config's `packs`.
    pub packs: Vec<PathBuf>,
    pub no_default_rules: bool,
    pub fail_on: Option<FailOn>,
    pub as_of: Option<chrono::NaiveDate>,
}

/// Excluded paths: globs relative to the folder of the config that lists them.
#[derive(Debug, Clone)]
pub struct Exclude {
    pub base: PathBuf,
    pub patterns: Vec<String>,
    set: GlobSet,
}

impl Exclude {
    /// A pattern without `/` matches a file or folder name at any depth (`*.bak.txt`, `归档`);
    /// one with `/` matches the path from the config's folder (`旧文/2019/**`).
    fn matches(&self, path: &Path) -> bool {
        let Ok(rel) = path.strip_prefix(&self.base) else {
            return false;
        };
        self.set.is_match(rel) || rel.iter().any(|part| self.set.is_match(Path::new(part)))
    }
}

/// The effective settings for one file.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The config files used, base first; empty when none.
    pub files: Vec<PathBuf>,
    pub default_rules: bool,
    pub packs: Vec<PathBuf>,
    pub select: Vec<String>,
    /// `--extend-select`: added to `select` (which, empty, already means every rule).
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
    pub severity: BTreeMap<String, Level>,
    pub exclude: Vec<Exclude>,
    pub fail_on: FailOn,
    pub as_of: Option<chrono::NaiveDate>,
    /// `report`: ways of naming a unit → the unit (`report::units`).
    pub units: BTreeMap<String, String>,
}

impl Settings {
    fn from_chain(
        chain: Vec<(PathBuf, file::RawConfig)>,
        cli: &Overrides,
    ) -> Result<Settings, String> {
        let mut s = Settings {
            files: Vec::new(),
            default_rules: true,
            packs: Vec::new(),
            select: Vec::new(),
            extend_select: Vec::new(),
            ignore: Vec::new(),
            severity: BTreeMap::new(),
            exclude: Vec::new(),
            fail_on: FailOn::Error,
            as_of: None,
            units: BTreeMap::new(),
        };
        // Base first: each later file replaces the keys it sets; `severity` and `units` maps merge.
        for (path, raw) in chain {
            // `.gwlint.yaml` in the current folder has an empty parent: anchor at the absolute one.
            let dir = absolute(&path)
                .parent()
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
            if let Some(v) = raw.default_rules {
                s.default_rules = v;
            }
            if let Some(v) = raw.packs {
                s.packs = v.iter().map(|p| dir.join(p)).collect();
            }
            if let Some(v) = raw.select {
                s.select = v;
            }
            if let Some(v) = raw.ignore {
                s.ignore = v;
            }
            if let Some(v) = raw.severity {
                s.severity.extend(v);
            }
            if let Some(v) = raw.exclude {
                s.exclude = vec![exclude(&dir, v).map_err(|e| format!("{}: {e}", path.display()))?];
            }
            if let Some(v) = raw.fail_on {
                s.fail_on = v;
            }
            if let Some(v) = raw.as_of {
                s.as_of = Some(v);
            }
            if let Some(v) = raw.units {
                s.units.extend(v);
            }
            s.files.push(path);
        }
        if !cli.select.is_empty() {
            s.select = cli.select.clone();
        }
        s.extend_select.extend(cli.extend_select.iter().cloned());
        s.ignore.extend(cli.ignore.iter().cloned());
        s.packs.extend(cli.packs.iter().cloned());
        if cli.no_default_rules {
            s.default_rules = false;
        }
        if let Some(f) = cli.fail_on {
            s.fail_on = f;
        }
        if cli.as_of.is_some() {
            s.as_of = cli.as_of;
        }
        Ok(s)
    }

    pub fn excludes(&self, path: &Path) -> bool {
        let abs = absolute(path);
        self.exclude.iter().any(|e| e.matches(&abs))
    }

    /// The rules these settings run: packs loaded, selection and severities applied.
    /// `builtin` is passed in so that it is parsed once however many configs there are.
    pub fn rules(&self, builtin: &[Pack]) -> Result<(Vec<Rule>, Vec<Rule>), String> {
        let mut packs: Vec<Pack> = if self.default_rules {
            builtin.to_vec()
        } else {
            Vec::new()
        };
        for p in &self.packs {
            packs.extend(rules::load_path(p).map_err(|e| e.to_string())?);
        }
        if packs.is_empty() {
            return Err("没有可用的规则包：关闭了内置规则包（--no-default-rules 或 default_rules: false）却没有用 --rules 或配置的 packs 指定规则包".into());
        }
        rules::check_unique_ids(&packs).map_err(|e| e.to_string())?;
        let all: Vec<Rule> = packs.into_iter().flat_map(|p| p.rules).collect();
        let select = if self.select.is_empty() {
            if !self.extend_select.is_empty() {
                // Every rule is selected already; the names must still be right.
                rules::select::check_names(&all, &self.extend_select)?;
            }
            Vec::new()
        } else {
            [self.select.as_slice(), &self.extend_select].concat()
        };
        let mut selected = rules::select(all.clone(), &select, &self.ignore)?;
        self.apply_severity(&mut selected, &all)?;
        Ok((selected, all))
    }

    /// `severity:` keys are rule ids, categories or packs; the most specific one wins.
    fn apply_severity(&self, rules: &mut Vec<Rule>, all: &[Rule]) -> Result<(), String> {
        // Keys may name rules that --select/--ignore left out this time; only typos are errors.
        for key in self.severity.keys() {
            if !all
                .iter()
                .any(|r| &r.id == key || &r.category == key || &r.pack == key)
            {
                return Err(format!(
                    "{}: severity 中的“{key}”不是已加载的规则、类别或规则包",
                    self.files
                        .last()
                        .map_or("命令行".into(), |f| f.display().to_string())
                ));
            }
        }
        let mut off = Vec::new();
        for r in rules.iter_mut() {
            let level = [&r.id, &r.category, &r.pack]
                .into_iter()
                .find_map(|k| self.severity.get(k.as_str()));
            match level {
                Some(Level::Set(sev)) => {
                    r.severity = *sev;
                    r.severity_locked = true;
                }
                Some(Level::Off) => off.push(r.id.clone()),
                None => {}
            }
        }
        rules.retain(|r| !off.contains(&r.id));
        Ok(())
    }

    /// `gwlint check --show-settings`.
    pub fn describe(&self, for_path: &Path, rules: &[Rule]) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "文件：{}", for_path.display());
        if self.files.is_empty() {
            let _ = writeln!(out, "配置文件：无（使用默认设置）");
        } else {
            let chain: Vec<String> = self
                .files
                .iter()
                .rev()
                .map(|f| f.display().to_string())
                .collect();
            let _ = writeln!(out, "配置文件：{}", chain.join(" ← 继承自 "));
        }
        let list = |v: &[String]| {
            if v.is_empty() {
                "（无）".to_owned()
            } else {
                v.join(", ")
            }
        };
        let _ = writeln!(
            out,
            "内置规则包：{}",
            if self.default_rules {
                "启用"
            } else {
                "不加载"
            }
        );
        let packs: Vec<String> = self.packs.iter().map(|p| p.display().to_string()).collect();
        let _ = writeln!(out, "额外规则包：{}", list(&packs));
        let _ = writeln!(out, "select：{}", list(&self.select));
        let _ = writeln!(out, "ignore：{}", list(&self.ignore));
        let sev: Vec<String> = self
            .severity
            .iter()
            .map(|(k, v)| format!("{k}={}", v.as_str()))
            .collect();
        let _ = writeln!(out, "severity：{}", list(&sev));
        let ex: Vec<String> = self
            .exclude
            .iter()
            .flat_map(|e| {
                e.patterns
                    .iter()
                    .map(move |p| format!("{p}（相对于 {}）", e.base.display()))
            })
            .collect();
        let _ = writeln!(out, "exclude：{}", list(&ex));
        let _ = writeln!(out, "fail_on：{}", fail_on_str(self.fail_on));
        let _ = writeln!(
            out,
            "as_of：{}",
            self.as_of
                .map_or("（未设，按文中日期）".into(), |d| d.to_string())
        );
        let units: Vec<String> = self.units.iter().map(|(k, v)| format!("{k}→{v}")).collect();
        let _ = writeln!(out, "units：{}", list(&units));
        let _ = writeln!(
            out,
            "排除：{}",
            if self.excludes(for_path) {
                "是（不检查此文件）"
            } else {
                "否"
            }
        );
        let _ = writeln!(out, "启用规则：{} 条", rules.len());
        for r in rules {
            let _ = writeln!(out, "  {}  {}", r.id, r.severity.as_str());
        }
        out
    }
}

fn fail_on_str(f: FailOn) -> &'static str {
    match f {
        FailOn::Error => "error",
        FailOn::Warning => "warning",
        FailOn::Info => "info",
        FailOn::Never => "never",
    }
}

fn exclude(base: &Path, patterns: Vec<String>) -> Result<Exclude, String> {
    let mut b = GlobSetBuilder::new();
    for p in &patterns {
        let glob = Glob::new(p.trim_start_matches("./"))
            .map_err(|e| format!("exclude 中的“{p}”不是有效的通配模式：{e}"))?;
        b.add(glob);
    }
    let set = b.build().map_err(|e| format!("exclude 无效：{e}"))?;
    Ok(Exclude {
        base: absolute(base),
        patterns,
        set,
    })
}

/// Paths in messages read better relative to where the user stands.
fn relative_to_cwd(p: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| p.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| p.to_path_buf())
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// Where settings come from.
#[derive(Debug, Clone)]
pub enum Source {
    /// Search `.gwlint.yaml` upward from each file.
    Discover,
    /// `--config FILE` for every file.
    File(PathBuf),
    /// `--isolated`: no config files at all.
    Isolated,
}

/// Finds and caches the settings of each folder: an audit of 8,000 files reads each config
/// once and stats each folder once.
pub struct Resolver {
    source: Source,
    cli: Overrides,
    /// Folder → the config file that applies there (None: none).
    found: HashMap<PathBuf, Option<PathBuf>>,
    /// Config file (None: defaults) → settings or the error that config has.
    settings: HashMap<Option<PathBuf>, Result<std::sync::Arc<Settings>, String>>,
}

impl Resolver {
    pub fn new(source: Source, cli: Overrides) -> Self {
        Resolver {
            source,
            cli,
            found: HashMap::new(),
            settings: HashMap::new(),
        }
    }

    /// The config file that applies to `path` (a file, or a folder for standard input).
    pub fn config_for(&mut self, path: &Path) -> Option<PathBuf> {
        match &self.source {
            Source::Isolated => None,
            Source::File(f) => Some(f.clone()),
            Source::Discover => {
                let abs = absolute(path);
                let dir = if abs.is_dir() {
                    abs
                } else {
                    abs.parent().map(Path::to_path_buf).unwrap_or_default()
                };
                self.discover(&dir).map(|f| relative_to_cwd(&f))
            }
        }
    }

    fn discover(&mut self, dir: &Path) -> Option<PathBuf> {
        if let Some(hit) = self.found.get(dir) {
            return hit.clone();
        }
        let candidate = dir.join(FILE_NAME);
        let hit = if candidate.is_file() {
            Some(candidate)
        } else {
            dir.parent().and_then(|p| self.discover(p))
        };
        self.found.insert(dir.to_path_buf(), hit.clone());
        hit
    }

    /// The settings for a config file (None: defaults plus the command line).
    pub fn settings(&mut self, config: Option<&Path>) -> Result<std::sync::Arc<Settings>, String> {
        let key = config.map(Path::to_path_buf);
        if let Some(s) = self.settings.get(&key) {
            return s.clone();
        }
        let s = match config {
            Some(f) => file::load_chain(f).and_then(|chain| Settings::from_chain(chain, &self.cli)),
            None => Settings::from_chain(Vec::new(), &self.cli),
        }
        .map(std::sync::Arc::new);
        self.settings.insert(key, s.clone());
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn unknown_key_is_refused_with_its_line() {
        let t = tempfile::tempdir().unwrap();
        let f = write(t.path(), FILE_NAME, "select: [punctuation]\nignorre: [x]\n");
        let e = file::load_chain(&f).unwrap_err();
        assert!(e.contains(".gwlint.yaml:2:1"), "{e}");
        assert!(e.contains("ignorre"), "{e}");
    }

    #[test]
    fn extend_merges_severity_and_later_keys_win() {
        let t = tempfile::tempdir().unwrap();
        write(
            t.path(),
            "base.yaml",
            "ignore: [wording]\nseverity: {punctuation: warning}\nfail_on: warning\n",
        );
        let f = write(
            t.path(),
            "sub/.gwlint.yaml",
            "extend: ../base.yaml\nseverity: {number: info}\n",
        );
        let s = Settings::from_chain(file::load_chain(&f).unwrap(), &Overrides::default()).unwrap();
        assert_eq!(s.ignore, ["wording"]);
        assert_eq!(s.fail_on, FailOn::Warning);
        assert_eq!(s.severity.len(), 2);
        assert_eq!(s.files.len(), 2);
    }

    #[test]
    fn extend_cycle_is_an_error() {
        let t = tempfile::tempdir().unwrap();
        write(t.path(), "a.yaml", "extend: b.yaml\n");
        let b = write(t.path(), "b.yaml", "extend: a.yaml\n");
        assert!(file::load_chain(&b).unwrap_err().contains("循环"));
    }

    #[test]
    fn closest_config_wins_and_excludes_are_relative_to_it() {
        let t = tempfile::tempdir().unwrap();
        write(t.path(), FILE_NAME, "exclude: ['归档']\n");
        let inner = write(t.path(), "处室/.gwlint.yaml", "exclude: ['*.模板.txt']\n");
        let mut r = Resolver::new(Source::Discover, Overrides::default());
        let doc = write(t.path(), "处室/二级/a.txt", "x");
        assert_eq!(r.config_for(&doc), Some(inner.clone()));
        let s = r.settings(Some(&inner)).unwrap();
        assert!(s.excludes(&t.path().join("处室/通知.模板.txt")));
        assert!(!s.excludes(&t.path().join("处室/归档/a.txt")));
        let top = r.config_for(&t.path().join("x.txt")).unwrap();
        let s = r.settings(Some(&top)).unwrap();
        assert!(s.excludes(&t.path().join("归档/2019/a.txt")));
    }

    #[test]
    fn severity_off_removes_and_specific_key_wins() {
        let builtin = rules::load_builtin().unwrap();
        let mut s = Settings::from_chain(Vec::new(), &Overrides::default()).unwrap();
        s.severity.insert(
            "punctuation".into(),
            Level::Set(crate::rules::Severity::Info),
        );
        s.severity.insert(
            "punctuation/halfwidth-in-cjk".into(),
            Level::Set(crate::rules::Severity::Warning),
        );
        s.severity.insert("number".into(), Level::Off);
        let (rules, all) = s.rules(&builtin).unwrap();
        assert!(all.len() > rules.len());
        assert!(rules.iter().all(|r| r.category != "number"));
        let hw = rules
            .iter()
            .find(|r| r.id == "punctuation/halfwidth-in-cjk")
            .unwrap();
        assert_eq!(hw.severity, crate::rules::Severity::Warning);
        assert!(rules
            .iter()
            .filter(|r| r.category == "punctuation" && r.id != hw.id)
            .all(|r| r.severity == crate::rules::Severity::Info));
        s.severity.insert("wording/no-such".into(), Level::Off);
        assert!(s.rules(&builtin).is_err());
    }
}
