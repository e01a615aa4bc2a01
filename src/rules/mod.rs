//! Rules as data: the YAML pack schema, its validation, the built-in packs and selection.

mod builtin;
mod model;
mod pack;
mod pattern;
mod required;
pub mod select;
pub(crate) mod yaml;

pub use builtin::BUILTIN_PACKS;
pub use model::*;
pub use pack::{check_unique_ids, load_builtin, load_pack, load_packs, load_path, Pack, PackError};
pub use pattern::Pattern;
pub use select::select;
