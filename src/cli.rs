//! Command-line interface (docs/design.md §1).
//!
//! Over 500 lines: every option of every subcommand, with its Chinese help, is declared here.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::output::FailOn;

#[derive(Parser)]
#[command(
    name = "gwlint",
    version,
    about = "党政机关公文检查工具：占位符、标点、数字、用语、规范表述、结构与格式"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// 检查文稿（.txt、.md；目录会递归查找），输出问题清单
    Check(CheckArgs),
    /// 批量检查一批公文，生成错情通报材料（Markdown、HTML、CSV、JSON）
    Report(ReportArgs),
    /// 查看规则：list 列出、show 说明一条规则、test 用例句检验规则包
    Rules(RulesArgs),
    /// 在当前目录写一个带注释的 .gwlint.yaml 和提交前检查（pre-commit）配置
    Init(InitArgs),
    /// 说明一条规则（同 gwlint rules show ID）
    Rule {
        /// 规则 id，如 punctuation/halfwidth-in-cjk
        id: String,
    },
}

#[derive(Args, Debug)]
pub struct ReportArgs {
    /// 要检查的文件或目录（默认：当前目录）；加 --merge 时是各分片的 JSON 结果
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// 输出格式：md（错情通报初稿）、html（单个网页，可离线打开）、csv（每处问题一行）、json（可合并、可作基线）
    #[arg(long, visible_alias = "output-format", value_enum, default_value_t = ReportFormat::Md)]
    pub format: ReportFormat,

    /// 把报告写到此文件（UTF-8），而不是标准输出
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// 按什么分组统计：unit（发文单位）、folder、doctype（文种）、year、month
    #[arg(long, value_enum, default_value_t = crate::report::aggregate::GroupBy::Unit)]
    pub group_by: crate::report::aggregate::GroupBy,

    /// 每条规则列出的典型例子数
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub examples: usize,

    /// 列出问题最多的前 N 份文件
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub top: usize,

    /// 与上次的 report --format json 结果对比：新发现、已整改、未整改
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// 合并在别处检查的分片结果（PATH 是各分片 report --format json 的输出）
    #[arg(long)]
    pub merge: bool,

    #[command(flatten)]
    pub choice: RuleChoice,

    /// 工作线程数（默认：全部核心；最多核心数的 4 倍，给得更多也按 4 倍算）
    #[arg(short = 'j', long, value_name = "N", value_parser = parse_jobs)]
    pub jobs: Option<usize>,

    /// 大于此大小的文件不检查，单独报告（如 100M、2G、500K）；--merge、--baseline 读的 JSON 结果也受此限
    #[arg(long, value_name = "SIZE", default_value = "100M", value_parser = parse_size)]
    pub max_file_size: u64,

    /// 每个文件最多列出的问题数，其余只计数（0 表示不限）：一个病态文件不会淹没整批结果
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    pub max_findings: usize,

    /// 不显示进度条
    #[arg(short, long)]
    pub quiet: bool,
}

/// Which rules and settings a run uses (shared by `check` and `report`).
#[derive(Args, Debug, Clone)]
pub struct RuleChoice {
    /// 只启用这些规则（规则 id、类别、规则包或 wording/typo* 这样的前缀；可重复，可用逗号分隔）
    #[arg(long, value_name = "X")]
    pub select: Vec<String>,

    /// 在已选规则之外再启用这些（规则 id、类别、规则包或 wording/typo* 这样的前缀）
    #[arg(long, value_name = "X")]
    pub extend_select: Vec<String>,

    /// 停用这些规则（规则 id、类别、规则包或前缀；可重复，可用逗号分隔）
    #[arg(long, value_name = "X")]
    pub ignore: Vec<String>,

    /// 额外的规则包文件或目录（叠加在内置规则包之上；可重复）
    #[arg(long = "rules", value_name = "PATH")]
    pub rules: Vec<PathBuf>,

    /// 不加载内置规则包，只用 --rules 给出的
    #[arg(long)]
    pub no_default_rules: bool,

    /// 使用这个配置文件（不再向上查找 .gwlint.yaml）
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    pub config: Option<PathBuf>,

    /// 不读取任何配置文件
    #[arg(long)]
    pub isolated: bool,

    /// 按这一天判断（如 2024-06-30；覆盖配置文件的 as_of）
    #[arg(long, value_name = "DATE", value_parser = parse_as_of)]
    pub as_of: Option<chrono::NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Md,
    Html,
    Csv,
    Json,
}

impl ReportArgs {
    /// The same checks as `gwlint check` with these options.
    pub fn check_args(&self) -> CheckArgs {
        CheckArgs {
            paths: self.paths.clone(),
            format: OutputFormat::Json,
            output: None,
            exit_zero: false,
            choice: self.choice.clone(),
            fail_on: None,
            show_settings: false,
            fix: false,
            diff: false,
            unsafe_fixes: false,
            annotate: None,
            annotate_suffix: None,
            annotate_mode: AnnotateMode::Comment,
            changed_only: false,
            base: None,
            jobs: self.jobs,
            max_file_size: self.max_file_size,
            max_findings: self.max_findings,
            stdin_filename: None,
            quiet: self.quiet,
            statistics: false,
            color: ColorChoice::Never,
        }
    }
}

#[derive(Args, Debug)]
pub struct InitArgs {
    /// 写到哪个目录（默认：当前目录）
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,

    /// 已有 .gwlint.yaml 时覆盖它
    #[arg(long)]
    pub force: bool,
}

#[derive(Args, Debug)]
pub struct RulesArgs {
    #[command(subcommand)]
    pub command: RulesCommand,

    /// 额外的规则包文件或目录（可重复）
    #[arg(long = "rules", value_name = "PATH", global = true)]
    pub rules: Vec<PathBuf>,

    /// 不加载内置规则包
    #[arg(long, global = true)]
    pub no_default_rules: bool,
}

#[derive(Subcommand, Debug)]
pub enum RulesCommand {
    /// 列出规则：id、级别、种类、规则包、说明
    List {
        /// 只列出这一类（如 punctuation）
        #[arg(long)]
        category: Option<String>,
        #[arg(long, value_enum, default_value_t = RulesFormat::Human)]
        format: RulesFormat,
    },
    /// 说明一条规则：查什么、为什么、依据、例句
    Show {
        /// 规则 id，如 punctuation/halfwidth-in-cjk
        id: String,
    },
    /// 用规则自带的例句检验规则包：错误例句必须报告，正确例句不能报告
    Test {
        /// 规则包名（内置）或 YAML 文件、目录；不给则检验全部
        packs: Vec<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AnnotateMode {
    /// 每个问题一条批注
    Comment,
    /// 可安全修改的问题写成修订（另加批注），其余加批注
    Track,
}

/// A suffix that keeps the copy beside the original, under another name.
fn parse_suffix(s: &str) -> Result<String, String> {
    if s.is_empty() || s.contains(['/', '\\']) {
        return Err("后缀不能为空，也不能含路径分隔符（如 .审校）".into());
    }
    Ok(s.to_owned())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// 逐条标出问题的文本
    Human,
    /// JSON 报告（版本 1）
    Json,
    /// 每行一条问题的 JSON
    Jsonl,
    /// SARIF 2.1.0（GitHub 代码扫描等）
    Sarif,
    /// GitHub Actions 注释（工作流命令）
    Github,
    /// CSV 表格（UTF-8 带 BOM，Excel、WPS 可直接打开）
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// 要检查的文件或目录；“-”表示从标准输入读取（默认：当前目录；给了 --stdin-filename 时为标准输入）
    pub paths: Vec<PathBuf>,

    /// 输出格式
    #[arg(long, visible_alias = "output-format", value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,

    /// 把结果写到此文件（UTF-8），而不是标准输出（Windows 的命令行不会改动它的编码）
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// 发现问题时退出码仍为 0（无法读取的文件、用法错误仍为 2）
    #[arg(long)]
    pub exit_zero: bool,

    #[command(flatten)]
    pub choice: RuleChoice,

    /// 达到此级别的问题使退出码为 1（默认 error，或配置文件的 fail_on）
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,

    /// 显示对第一个路径生效的设置（配置文件、规则、级别），不检查
    #[arg(long)]
    pub show_settings: bool,

    /// 直接改正可安全自动修改的问题（.txt、.md），原子写回，保留编码和换行
    #[arg(long)]
    pub fix: bool,

    /// 只显示 --fix 会做的修改（统一差异格式），不写文件
    #[arg(long)]
    pub diff: bool,

    /// 连同需要复核的修改（如用词替换）一起应用
    #[arg(long)]
    pub unsafe_fixes: bool,

    /// 为每个检查的文件写一份标注副本到此目录（镜像原路径，原文件不动）：.docx 在出错的字上加 Word
    /// 批注，.txt/.md 写成标出问题的 HTML 页面
    #[arg(long, value_name = "DIR", conflicts_with = "annotate_suffix")]
    pub annotate: Option<PathBuf>,

    /// 标注副本写在原文件旁，文件名加此后缀（如 .审校：通知.docx → 通知.审校.docx）
    #[arg(long, value_name = "SUFFIX", value_parser = parse_suffix)]
    pub annotate_suffix: Option<String>,

    /// 标注方式：comment 只加批注；track 另把可安全修改的问题写成修订，由审核人接受或拒绝
    #[arg(long, value_enum, default_value_t = AnnotateMode::Comment, value_name = "MODE")]
    pub annotate_mode: AnnotateMode,

    /// 只报告相对 git 版本（--base，默认 HEAD）改动过的行上的问题
    #[arg(long)]
    pub changed_only: bool,

    /// --changed-only 的比较基准（git 版本，如 origin/main）
    #[arg(long, value_name = "REV", requires = "changed_only")]
    pub base: Option<String>,

    /// 工作线程数（默认：全部核心；最多核心数的 4 倍，给得更多也按 4 倍算）
    #[arg(short = 'j', long, value_name = "N", value_parser = parse_jobs)]
    pub jobs: Option<usize>,

    /// 大于此大小的文件不检查，单独报告（如 100M、2G、500K）
    #[arg(long, value_name = "SIZE", default_value = "100M", value_parser = parse_size)]
    pub max_file_size: u64,

    /// 每个文件最多列出的问题数，其余只计数（0 表示不限）：一个病态文件不会淹没整批结果
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    pub max_findings: usize,

    /// 从标准输入读取时使用的文件名（决定格式，如 draft.md）
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,

    /// 只输出问题，不输出汇总
    #[arg(short, long)]
    pub quiet: bool,

    /// 按规则统计问题数，而不逐条列出
    #[arg(long)]
    pub statistics: bool,

    /// 彩色输出
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// `-j N`, clamped to 1 ..= four workers per core. Checking is CPU-bound, so workers past the
/// cores add no speed, only memory (each holds a file and its findings, up to the per-file
/// budget) and start-up time (a million threads took minutes before failing); four per core
/// leaves room for reads that block on a slow disk or network share.
pub fn parse_jobs(s: &str) -> Result<usize, String> {
    let n: usize = s
        .trim()
        .parse()
        .map_err(|_| format!("线程数“{s}”无效：写一个正整数，如 4"))?;
    Ok(n.clamp(1, max_jobs()))
}

/// The most workers `-j` gives: four per core.
pub fn max_jobs() -> usize {
    4 * std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// `100M`, `2G`, `500K`, `1048576` (binary units; a trailing `B`/`iB` is allowed).
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim().to_ascii_uppercase();
    let t = t.trim_end_matches("IB").trim_end_matches('B');
    let (num, unit) = match t.char_indices().find(|(_, c)| c.is_ascii_alphabetic()) {
        Some((i, _)) => t.split_at(i),
        None => (t, ""),
    };
    let shift = match unit {
        "" => 0,
        "K" => 10,
        "M" => 20,
        "G" => 30,
        _ => return Err(format!("大小“{s}”无效：写作 100M、2G、500K 或字节数")),
    };
    let n: u64 = num
        .trim()
        .parse()
        .map_err(|_| format!("大小“{s}”无效：写作 100M、2G、500K 或字节数"))?;
    n.checked_mul(1 << shift)
        .ok_or_else(|| format!("大小“{s}”太大"))
}

fn parse_as_of(s: &str) -> Result<chrono::NaiveDate, String> {
    crate::config::parse_date(s)
}

impl CheckArgs {
    /// Where and how `--annotate`/`--annotate-suffix` write annotated copies, if asked.
    pub fn annotate_request(&self) -> Option<crate::annotate::Request> {
        use crate::annotate::{Mode, Place, Request};
        let place = match (&self.annotate, &self.annotate_suffix) {
            (Some(dir), _) => Place::Dir(dir.clone()),
            (None, Some(s)) => Place::Suffix(s.clone()),
            (None, None) => return None,
        };
        let mode = match self.annotate_mode {
            AnnotateMode::Comment => Mode::Comment,
            AnnotateMode::Track => Mode::Track,
        };
        Some(Request { place, mode })
    }

    /// The paths to check: as given, else standard input when `--stdin-filename` names it,
    /// else the current directory.
    pub fn inputs(&self) -> Vec<PathBuf> {
        match (self.paths.is_empty(), &self.stdin_filename) {
            (false, _) => self.paths.clone(),
            (true, Some(_)) => vec![PathBuf::from("-")],
            (true, None) => vec![PathBuf::from(".")],
        }
    }

    pub fn use_color(&self) -> bool {
        match self.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                self.output.is_none()
                    && std::env::var_os("NO_COLOR").is_none()
                    && std::io::stdout().is_terminal()
            }
        }
    }
}

/// The command tree with Chinese help for the flags clap adds itself.
fn command() -> clap::Command {
    use clap::{Arg, ArgAction, CommandFactory};
    fn localise(cmd: clap::Command) -> clap::Command {
        let cmd = cmd
            .disable_help_flag(true)
            .disable_help_subcommand(true)
            .arg(
                Arg::new("help")
                    .short('h')
                    .long("help")
                    .action(ArgAction::Help)
                    .help("显示帮助")
                    .global(false),
            );
        let subs: Vec<String> = cmd
            .get_subcommands()
            .map(|s| s.get_name().to_owned())
            .collect();
        subs.into_iter()
            .fold(cmd, |c, name| c.mut_subcommand(name, localise))
    }
    localise(Cli::command()).disable_version_flag(true).arg(
        clap::Arg::new("version")
            .short('V')
            .long("version")
            .action(ArgAction::Version)
            .help("显示版本"),
    )
}

/// The arguments of `gwlint check ARGS`, parsed as the command line would be (for callers of
/// the library: `pipeline::check_bytes`, the fuzz targets).
pub fn check_args_from(args: &[&str]) -> Result<CheckArgs, String> {
    use clap::FromArgMatches;
    let argv = ["gwlint", "check"].into_iter().chain(args.iter().copied());
    let cli = command()
        .try_get_matches_from(argv)
        .and_then(|m| Cli::from_arg_matches(&m))
        .map_err(|e| crate::messages::clap_error(&e))?;
    match cli.command {
        Command::Check(args) => Ok(args),
        _ => Err("不是 check 的参数".into()),
    }
}

/// The command line, parsed; help, version and usage errors are printed here (in Chinese) and
/// come back as the exit code to end with.
pub fn parse() -> Result<Cli, ExitCode> {
    use clap::FromArgMatches;
    let parsed = command()
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            // clap: help and version are not errors; everything else is a usage error (2).
            // Either way the user reads Chinese (crate::messages).
            return Err(match e.kind() {
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
                    print!(
                        "{}",
                        crate::messages::localise_help(&e.render().to_string())
                    );
                    ExitCode::SUCCESS
                }
                ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                    eprint!(
                        "{}",
                        crate::messages::localise_help(&e.render().to_string())
                    );
                    ExitCode::from(2)
                }
                _ => {
                    eprint!("{}", crate::messages::clap_error(&e));
                    ExitCode::from(2)
                }
            });
        }
    };
    Ok(cli)
}
