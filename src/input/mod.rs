//! Finding input files and turning their bytes into text.

pub mod decode;
pub mod encode;
pub mod walk;
pub mod yaml_guard;
