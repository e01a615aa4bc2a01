//! The per-file pipeline the commands share: which engine checks which file (`plan`), bytes in
//! and the reader for them (`read`), and one file through reading, the rules, suppressions and
//! the fix loop to its outcome (`file`). `check` prints the outcomes batch by batch; `report`
//! aggregates them.

mod file;
mod plan;
mod read;

pub(crate) use file::{Checked, FileContext};
pub(crate) use plan::{build_pool, resolver, stdin_dir, Batch, Prepared};
pub(crate) use read::{human_size, stdin_name};
