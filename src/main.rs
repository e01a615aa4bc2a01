use std::process::ExitCode;

fn main() -> ExitCode {
    gwlint::cli::main()
}
