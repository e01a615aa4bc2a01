//! Command-line interface (DESIGN §1).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::commands;
use crate::output::FailOn;

#[derive(Parser)]
#[command(
    name = "gwlint",
    version,
    about = "党政机关公文检查工具：占位符、标点、数字、用语、规范表述、结构与格式"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 检查文稿（.txt、.md；目录会递归查找），输出问题清单
    Check(CheckArgs),
    /// 查看规则：list 列出、show 说明一条规则、test 用例句检验规则包
    Rules(RulesArgs),
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
pub enum OutputFormat {
    Human,
    Json,
    Jsonl,
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
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,

    /// 只启用这些规则（规则 id、类别或规则包；可重复，可用逗号分隔）
    #[arg(long, value_name = "X")]
    pub select: Vec<String>,

    /// 停用这些规则（规则 id、类别或规则包；可重复，可用逗号分隔）
    #[arg(long, value_name = "X")]
    pub ignore: Vec<String>,

    /// 额外的规则包文件或目录（叠加在内置规则包之上；可重复）
    #[arg(long = "rules", value_name = "PATH")]
    pub rules: Vec<PathBuf>,

    /// 不加载内置规则包，只用 --rules 给出的
    #[arg(long)]
    pub no_default_rules: bool,

    /// 达到此级别的问题使退出码为 1
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,

    /// 工作线程数（默认：全部核心）
    #[arg(short = 'j', long, value_name = "N")]
    pub jobs: Option<usize>,

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

impl CheckArgs {
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
                std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal()
            }
        }
    }
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            // clap: help and version are not errors; everything else is a usage error (2).
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let code = match cli.command {
        Command::Check(args) => commands::check::run(&args),
        Command::Rules(args) => commands::rules::run(&args),
    };
    ExitCode::from(code)
}
