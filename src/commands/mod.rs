//! One module per subcommand, and the dispatch to them.

use std::process::ExitCode;

use crate::cli::{self, Command, RulesArgs, RulesCommand};

pub mod check;
pub mod init;
pub mod report;
pub mod rules;

/// Parses the command line and runs the subcommand; the exit code is the command's.
pub fn main() -> ExitCode {
    let cli = match cli::parse() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    let code = match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Report(args) => report::run(&args),
        Command::Rules(args) => rules::run(&args),
        Command::Init(args) => init::run(&args),
        Command::Rule { id } => rules::run(&RulesArgs {
            command: RulesCommand::Show { id },
            rules: Vec::new(),
            no_default_rules: false,
        }),
    };
    ExitCode::from(code)
}
