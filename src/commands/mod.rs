//! One module per subcommand.

pub mod check;
pub mod init;
pub mod report;
pub mod rules;
