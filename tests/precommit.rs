//! gwlint as a pre-commit hook, for real, as `gwlint init` sets it up: a throwaway git
//! repository gets the `.pre-commit-config.yaml` that `gwlint init` writes (a `local` hook,
//! `language: python`, that pip-installs the gwlint wheel — no Rust toolchain, no hook
//! repository), `pre-commit install`s it and commits.
//!
//! Needs git, pre-commit (from PATH, else `target/pre-commit-venv`, which `.ci/run` creates and
//! this test creates when it is missing) and a gwlint wheel of this version in
//! `$GWLINT_WHEELS` or `target/wheels/` (`.ci/run` builds one: `maturin build -o
//! target/wheels`). pip finds the wheel through `PIP_FIND_LINKS`, as an office without a PyPI
//! mirror would; setuptools, which pip needs for pre-commit's placeholder package, comes from
//! the configured index. Every run starts from an empty pre-commit cache, so the first commit
//! is timed with the hook's installation in it.

mod common;

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use common::fixture;

/// Installed by `.ci/run` and by [`pre_commit`]; keep the two in step.
const PRE_COMMIT_REQUIREMENT: &str = "pre-commit>=4,<5";
const BAD: &str = "关于申请专项工作经费的请示.txt";
const CLEAN: &str = "关于开展2024年度安全生产大检查的通知.txt";
const HOOK_NAME: &str = "gwlint 公文检查";

fn checkout() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn target() -> PathBuf {
    checkout().join("target")
}

/// A command run in `dir` that inherits no `GIT_*` variable (a test run from inside a git hook
/// would otherwise act on the wrong repository or index) and no pre-commit `SKIP` list.
fn command(program: impl AsRef<OsStr>, dir: &Path) -> Command {
    let mut c = Command::new(program);
    c.current_dir(dir);
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("GIT_") {
            c.env_remove(&key);
        }
    }
    c.env_remove("SKIP");
    c
}

fn run(c: &mut Command) -> Output {
    c.output()
        .unwrap_or_else(|e| panic!("cannot run {c:?}: {e}"))
}

fn output_text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Runs `c`, fails the test with its output unless it succeeds, returns its trimmed stdout.
fn ok(c: &mut Command) -> String {
    let o = run(c);
    assert!(
        o.status.success(),
        "{c:?} failed ({}):\n{}",
        o.status,
        output_text(&o)
    );
    String::from_utf8_lossy(&o.stdout).trim().to_owned()
}

fn exe(name: &str) -> String {
    format!("{name}{}", std::env::consts::EXE_SUFFIX)
}

/// pre-commit from PATH if it runs, else from `target/pre-commit-venv`, created on demand.
fn pre_commit() -> PathBuf {
    let runs = |p: &Path| {
        Command::new(p)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let on_path = std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .map(|dir| dir.join(exe("pre-commit")))
        .find(|p| p.is_file() && runs(p));
    if let Some(found) = on_path {
        return found;
    }
    let venv = target().join("pre-commit-venv");
    let bin = venv.join(if cfg!(windows) { "Scripts" } else { "bin" });
    let found = bin.join(exe("pre-commit"));
    if runs(&found) {
        return found;
    }
    eprintln!(
        "pre-commit is not on PATH; installing {PRE_COMMIT_REQUIREMENT} into {}",
        venv.display()
    );
    let python = if cfg!(windows) { "python" } else { "python3" };
    let steps: [(PathBuf, Vec<&OsStr>); 2] = [
        (
            PathBuf::from(python),
            vec!["-m".as_ref(), "venv".as_ref(), venv.as_os_str()],
        ),
        (
            bin.join(exe("python")),
            vec![
                "-m".as_ref(),
                "pip".as_ref(),
                "install".as_ref(),
                "--quiet".as_ref(),
                PRE_COMMIT_REQUIREMENT.as_ref(),
            ],
        ),
    ];
    for (program, args) in steps {
        let result = command(&program, checkout()).args(&args).output();
        let failure = match &result {
            Ok(o) if o.status.success() => continue,
            Ok(o) => format!("{}:\n{}", o.status, output_text(o)),
            Err(e) => e.to_string(),
        };
        panic!(
            "tests/precommit.rs needs pre-commit, which is not on PATH, and installing it into \
             {} failed: `{} {}`: {failure}\nInstall pre-commit (pip install pre-commit) or run \
             .ci/run.",
            venv.display(),
            program.display(),
            args.join(OsStr::new(" ")).to_string_lossy()
        );
    }
    assert!(
        runs(&found),
        "{} does not run after installing it",
        found.display()
    );
    found
}

/// The folder holding the gwlint wheel of this version.
fn wheels() -> PathBuf {
    let dir = std::env::var_os("GWLINT_WHEELS")
        .map(PathBuf::from)
        .unwrap_or_else(|| target().join("wheels"));
    let prefix = format!("gwlint-{}-", env!("CARGO_PKG_VERSION"));
    let found = fs::read_dir(&dir).ok().into_iter().flatten().any(|e| {
        e.ok().is_some_and(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.starts_with(&prefix) && name.ends_with(".whl")
        })
    });
    assert!(
        found,
        "tests/precommit.rs installs the hook from a gwlint wheel, and {} has no {prefix}*.whl: \
         build one with `maturin build -o target/wheels` (pip install maturin), or run .ci/run, \
         or set GWLINT_WHEELS",
        dir.display()
    );
    dir
}

/// The throwaway repository whose commits run the hook.
struct Repo {
    dir: tempfile::TempDir,
    /// Holds an empty global git config, so the user's (hooksPath, signing…) does not apply,
    /// and pre-commit's cache, empty at the start.
    home: tempfile::TempDir,
    pre_commit: PathBuf,
    wheels: PathBuf,
}

impl Repo {
    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// A command in the repository, with the environment pre-commit and its pip get.
    fn command(&self, program: impl AsRef<OsStr>) -> Command {
        let mut c = command(program, self.path());
        c.env("GIT_CONFIG_GLOBAL", self.home.path().join("gitconfig"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("PRE_COMMIT_HOME", self.home.path().join("pre-commit"))
            .env("PRE_COMMIT_COLOR", "never")
            .env("PIP_FIND_LINKS", &self.wheels)
            .env("PIP_DISABLE_PIP_VERSION_CHECK", "1");
        c
    }

    fn git(&self, args: &[&str]) -> String {
        ok(self.command("git").args(args))
    }

    fn pre_commit(&self, args: &[&str]) -> Output {
        let o = run(self.command(&self.pre_commit).args(args));
        assert!(
            o.status.success(),
            "pre-commit {args:?} failed ({}):\n{}",
            o.status,
            output_text(&o)
        );
        o
    }

    /// `git commit -m message`, timed; the hook's output is in the returned text.
    fn commit(&self, message: &str) -> (bool, String, Duration) {
        let start = Instant::now();
        let o = run(self.command("git").args(["commit", "-m", message]));
        (o.status.success(), output_text(&o), start.elapsed())
    }

    fn head(&self) -> String {
        self.git(&["rev-parse", "--verify", "HEAD"])
    }

    fn copy_fixture(&self, name: &str, to: &str) {
        fs::copy(fixture(name), self.path().join(to)).unwrap();
    }
}

/// The line pre-commit prints for the gwlint hook, e.g. `gwlint 公文检查 …….Passed`.
fn hook_line(log: &str) -> &str {
    log.lines()
        .find(|l| l.starts_with(HOOK_NAME))
        .unwrap_or_else(|| panic!("the gwlint hook did not run:\n{log}"))
}

#[test]
#[ignore = "needs pre-commit and a gwlint wheel (.ci/run installs and builds them)"]
fn pre_commit_hook_checks_staged_drafts_and_blocks_errors() {
    let started = Instant::now();
    let repo = Repo {
        dir: tempfile::tempdir().unwrap(),
        home: tempfile::tempdir().unwrap(),
        pre_commit: pre_commit(),
        wheels: wheels(),
    };
    fs::write(repo.home.path().join("gitconfig"), "").unwrap();
    repo.git(&["init", "--quiet"]);
    repo.git(&["config", "user.name", "gwlint tests"]);
    repo.git(&["config", "user.email", "tests@gwlint.invalid"]);
    repo.git(&["config", "commit.gpgsign", "false"]);
    repo.git(&["config", "core.quotepath", "false"]);
    // The config is the one `gwlint init` writes, unchanged.
    common::gwlint()
        .current_dir(repo.path())
        .arg("init")
        .assert()
        .success();
    let config = fs::read_to_string(repo.path().join(".pre-commit-config.yaml")).unwrap();
    assert!(config.contains("language: python"), "{config}");
    repo.pre_commit(&["install"]);

    // The hook is wired: the first commit installs it (pip, from the wheel) and runs it; with
    // no drafts staged it is skipped. Seconds, not the minutes of a cargo build.
    repo.git(&["add", ".pre-commit-config.yaml", ".gwlint.yaml"]);
    let (committed, log, first_time) = repo.commit("pre-commit config");
    assert!(committed, "{log}");
    assert!(hook_line(&log).ends_with("Skipped"), "{log}");
    assert!(
        first_time < Duration::from_secs(120),
        "installing the hook took {first_time:?}"
    );
    let first = repo.head();

    // (a) A staged draft with errors blocks the commit, and the hook says why.
    repo.copy_fixture(BAD, "请示.txt");
    repo.git(&["add", "请示.txt"]);
    let (committed, log, blocked_time) = repo.commit("请示");
    assert!(!committed, "the draft with errors was committed:\n{log}");
    assert!(hook_line(&log).ends_with("Failed"), "{log}");
    assert!(log.contains("- hook id: gwlint"), "{log}");
    assert!(log.contains("punctuation/halfwidth-in-cjk"), "{log}");
    assert!(log.contains("请示.txt"), "{log}");
    assert_eq!(repo.head(), first, "no commit may be created");

    // (b) Unstage it (it stays in the working tree, untracked), stage a clean draft: the
    // commit goes through, and the hook prints no findings and no summary.
    repo.git(&["rm", "--cached", "--quiet", "请示.txt"]);
    repo.copy_fixture(CLEAN, "通知.txt");
    repo.git(&["add", "通知.txt"]);
    let (committed, log, passed_time) = repo.commit("通知");
    assert!(committed, "the clean draft was refused:\n{log}");
    assert!(hook_line(&log).ends_with("Passed"), "{log}");
    assert!(!log.contains("检查了"), "no summary on success:\n{log}");
    assert_eq!(
        repo.git(&["show", "--format=", "--name-only", "HEAD"]),
        "通知.txt"
    );
    let second = repo.head();

    // (c) Errors only in unstaged changes of a tracked draft, plus a clean staged draft: the
    // commit goes through, since pre-commit stashes unstaged changes and passes only the
    // staged files; afterwards the unstaged changes are back in the working tree.
    let clean = fs::read_to_string(fixture(CLEAN)).unwrap();
    let spoiled = format!("{clean}\n{}", fs::read_to_string(fixture(BAD)).unwrap());
    fs::write(repo.path().join("通知.txt"), &spoiled).unwrap();
    common::gwlint()
        .args(["check", "--quiet"])
        .arg(repo.path().join("通知.txt"))
        .assert()
        .code(1);
    repo.copy_fixture(CLEAN, "通知副本.txt");
    repo.git(&["add", "通知副本.txt"]);
    let (committed, log, stashed_time) = repo.commit("通知副本");
    assert!(committed, "unstaged errors blocked the commit:\n{log}");
    assert!(log.contains("Stashing unstaged files"), "{log}");
    assert!(hook_line(&log).ends_with("Passed"), "{log}");
    assert_eq!(
        repo.git(&["show", "--format=", "--name-only", "HEAD"]),
        "通知副本.txt"
    );
    assert_eq!(repo.git(&["rev-parse", "HEAD~1"]), second);
    assert_eq!(
        fs::read_to_string(repo.path().join("通知.txt")).unwrap(),
        spoiled,
        "pre-commit restores the unstaged changes"
    );
    assert_eq!(
        repo.git(&["status", "--porcelain", "--untracked-files=all"]),
        "M 通知.txt\n?? 请示.txt",
        "the working tree is as it was before the commit"
    );

    // (d) The same changes once staged are checked, and block the commit.
    let third = repo.head();
    repo.git(&["add", "通知.txt"]);
    let (committed, log, _) = repo.commit("通知（改）");
    assert!(!committed, "staged errors were committed:\n{log}");
    assert!(hook_line(&log).ends_with("Failed"), "{log}");
    assert!(log.contains("通知.txt"), "{log}");
    assert_eq!(repo.head(), third);

    // (e) A draft with only warnings goes through, and the warning is shown (verbose).
    repo.git(&["reset", "--quiet", "--hard", "HEAD"]);
    fs::write(
        repo.path().join("通知二.txt"),
        "关于开展检查的通知\n各单位：\n请于2024年5月8日前报送，截止2023年底完成。\n",
    )
    .unwrap();
    repo.git(&["add", "通知二.txt"]);
    let (committed, log, _) = repo.commit("通知二");
    assert!(committed, "a warning blocked the commit:\n{log}");
    assert!(hook_line(&log).ends_with("Passed"), "{log}");
    assert!(log.contains("wording/confusion-context"), "{log}");

    eprintln!(
        "precommit: first commit (installs the hook from the wheel) {:.1?}; commit blocked \
         {:.1?}, passed {:.1?}, with stash {:.1?}; total {:.1?}",
        first_time,
        blocked_time,
        passed_time,
        stashed_time,
        started.elapsed()
    );
}
