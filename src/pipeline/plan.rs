//! Which engine checks which file: the packs loaded, the configuration found for each input,
//! one engine built per configuration, excluded files dropped.

use std::path::{Path, PathBuf};

use super::read::display_path;
use crate::cli::CheckArgs;
use crate::config::{Overrides, Resolver, Settings, Source};
use crate::engine::Engine;
use crate::input::walk::{self, Input};
use crate::output::FileError;
use crate::rules::{self, Pack};
use std::sync::Arc;

/// The engine for one set of settings (one config file, or none).
pub(crate) struct Prepared {
    pub(crate) settings: Arc<Settings>,
    pub(crate) engine: Engine,
}

impl Prepared {
    pub(crate) fn engine(&self) -> &Engine {
        &self.engine
    }
}

/// The engines, and each input with the index of its engine.
pub(crate) type Plan = (Vec<Prepared>, Vec<(Input, usize)>);

/// The files of a run and the engine each is checked with.
pub(crate) struct Batch {
    pub prepared: Vec<Prepared>,
    pub jobs: Vec<(Input, usize)>,
    /// Inputs that could not be found or configured.
    pub errors: Vec<FileError>,
    /// Document files met while walking that are not read (.doc, .wps, .pdf …).
    pub skipped: Vec<walk::Skipped>,
    /// What the engines were built from, kept alive to the end of the process.
    pub keep: (Vec<Pack>, Resolver),
}

impl Batch {
    /// Loads the packs, walks the inputs and builds one engine per configuration.
    pub fn plan(args: &CheckArgs) -> Result<Batch, String> {
        let mut resolver = resolver(args);
        let builtin = rules::load_builtin().map_err(|e| e.to_string())?;
        let (inputs, walk_errors, skipped) = walk::collect_all(&args.inputs());
        let mut errors: Vec<FileError> = walk_errors
            .into_iter()
            .map(|e| FileError {
                path: e.path,
                error: e.error,
            })
            .collect();
        let (prepared, jobs) = plan(
            args,
            &mut resolver,
            &builtin,
            inputs,
            &args.inputs(),
            &mut errors,
        )?;
        Ok(Batch {
            prepared,
            jobs,
            errors,
            skipped,
            keep: (builtin, resolver),
        })
    }
}

/// Where each file's settings come from, with the command line's overrides.
pub(crate) fn resolver(args: &CheckArgs) -> Resolver {
    Resolver::new(source(args), overrides(args))
}

fn source(args: &CheckArgs) -> Source {
    match (&args.choice.config, args.choice.isolated) {
        (_, true) => Source::Isolated,
        (Some(f), false) => Source::File(f.clone()),
        (None, false) => Source::Discover,
    }
}

fn overrides(args: &CheckArgs) -> Overrides {
    Overrides {
        select: args.choice.select.clone(),
        extend_select: args.choice.extend_select.clone(),
        ignore: args.choice.ignore.clone(),
        packs: args.choice.rules.clone(),
        no_default_rules: args.choice.no_default_rules,
        fail_on: args.fail_on,
        as_of: args.choice.as_of,
    }
}

/// Assigns each input the engine of its settings, building each engine once; drops excluded
/// files. A broken config (or pack) is reported once, naming how many files it kept unchecked;
/// a mistake on the command line alone (no config involved) is a usage error.
pub(crate) fn plan(
    args: &CheckArgs,
    resolver: &mut Resolver,
    builtin: &[Pack],
    inputs: Vec<Input>,
    explicit: &[PathBuf],
    errors: &mut Vec<FileError>,
) -> Result<Plan, String> {
    let mut prepared: Vec<Prepared> = Vec::new();
    let mut by_config: std::collections::HashMap<Option<PathBuf>, Result<usize, usize>> =
        std::collections::HashMap::new();
    let mut failed: Vec<(Option<PathBuf>, String, usize)> = Vec::new();
    let mut jobs = Vec::new();
    for input in inputs {
        let at = match &input {
            Input::File(p) => p.clone(),
            Input::Stdin => stdin_dir(args),
        };
        let config = resolver.config_for(&at);
        let slot = *by_config.entry(config.clone()).or_insert_with(|| {
            let built = resolver.settings(config.as_deref()).and_then(|s| {
                let (selected, all) = s.rules(builtin)?;
                let engine = Engine::new(selected)
                    .with_known(&all)
                    .with_as_of(s.as_of)
                    .with_max_findings(args.max_findings);
                Ok(Prepared {
                    settings: s,
                    engine,
                })
            });
            match built {
                Ok(p) => {
                    prepared.push(p);
                    Ok(prepared.len() - 1)
                }
                Err(e) => {
                    failed.push((config.clone(), e, 0));
                    Err(failed.len() - 1)
                }
            }
        });
        match slot {
            Err(fi) => failed[fi].2 += 1,
            Ok(pi) => {
                if let Input::File(p) = &input {
                    if prepared[pi].settings.excludes(p) {
                        if explicit.contains(p) && !args.quiet {
                            eprintln!(
                                "gwlint: 跳过 {}（配置的 exclude 排除了它）",
                                display_path(p)
                            );
                        }
                        continue;
                    }
                }
                jobs.push((input, pi));
            }
        }
    }
    for (config, e, n) in failed {
        let Some(config) = config else {
            return Err(e);
        };
        // "file:line:col: message" from the config reader: keep the place as the path.
        let shown = display_path(&config);
        let (path, error) = match e.strip_prefix(&format!("{}:", config.display())) {
            Some(rest) => match rest.split_once(": ") {
                Some((place, msg)) if place.chars().all(|c| c.is_ascii_digit() || c == ':') => {
                    (format!("{shown}:{place}"), msg.to_owned())
                }
                _ => (shown, rest.trim_start().to_owned()),
            },
            None => (shown, e),
        };
        errors.push(FileError {
            path,
            error: format!("{error}（因此有 {n} 个文件未检查）"),
        });
    }
    Ok((prepared, jobs))
}

/// Where the config for standard input is looked for: beside `--stdin-filename`, else here.
pub(crate) fn stdin_dir(args: &CheckArgs) -> PathBuf {
    args.stdin_filename
        .as_deref()
        .map(Path::new)
        .and_then(Path::parent)
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

pub(crate) fn build_pool(jobs: Option<usize>) -> Result<rayon::ThreadPool, String> {
    let mut b = rayon::ThreadPoolBuilder::new();
    if let Some(n) = jobs {
        b = b.num_threads(n.max(1));
    }
    b.build().map_err(|e| format!("无法创建工作线程：{e}"))
}
