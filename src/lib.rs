//! gwlint: a checker for Chinese party-and-government official documents (党政机关公文).
//!
//! Data flows one way: `input` (find and decode files) → `document` (paragraphs with source
//! positions) → `engine` (rules from `rules` packs) → findings → `suppress` (inline comments)
//! → `output`; `config` decides which rules apply to each file, `fix` writes corrections back.
//!
//! ```
//! use gwlint::{document, engine::Engine, rules};
//!
//! let rules = rules::load_builtin().unwrap().into_iter().flat_map(|p| p.rules).collect();
//! let engine = Engine::new(rules);
//! let text = "市财政局:\n妥否，请批示。\n";
//! let doc = std::sync::Arc::new(document::from_plain_text("请示.txt".into(), "utf-8", text));
//! let found = engine.diagnose(&doc);
//! assert_eq!(found.len(), 1);
//! assert_eq!(found[0].rule(), "punctuation/halfwidth-in-cjk");
//! assert_eq!((found[0].line, found[0].column, found[0].text()), (1, 5, ":"));
//! assert_eq!(found[0].suggestion(), Some("："));
//! ```

// User input must never reach an `unwrap()`: errors become per-file messages (tests may unwrap).
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

pub mod annotate;
pub mod changed;
pub mod cli;
pub mod commands;
pub mod config;
pub mod document;
pub mod engine;
pub mod finding;
pub mod fix;
pub mod input;
pub mod messages;
pub mod output;
pub mod pipeline;
pub mod report;
pub mod rules;
pub mod suppress;
