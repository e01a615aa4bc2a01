//! gwlint: a checker for Chinese party-and-government official documents (党政机关公文).
//!
//! Data flows one way: `input` (find and decode files) → `document` (paragraphs with source
//! positions) → `engine` (rules from `rules` packs) → findings → `output`.

pub mod cli;
pub mod commands;
pub mod document;
pub mod engine;
pub mod finding;
pub mod input;
pub mod output;
pub mod rules;
