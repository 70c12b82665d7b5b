//! tactful's phrase matcher and rule packs.
//!
//! - [`Matcher`]: every phrase pattern of one language compiled into small programs over
//!   folded tokens, found through hashed anchor words ([`keys`]) (case, accents, `ё`, apostrophes, whitespace and word
//!   boundaries handled in [`fold`]); word forms by lenient Snowball stemming ([`stem`]);
//!   pattern syntax in [`pattern`]. Built once, shared by reference across threads.
//! - [`context()`]: whether a match is negated, in a question, quoted, reported speech,
//!   explained, and in which segment.
//! - [`PackSet`] / [`PackAnalyzer`]: TOML rule packs (format: `docs/rule-packs.md`), loaded
//!   with located errors, compiled into an [`tactful_core::Analyzer`]; [`test_packs`] runs
//!   their inline examples.
//!
//! For an analyzer written in Rust:
//! ```
//! use tactful_core::{Document, Format, Lang, CheckOptions};
//! use tactful_match::{Matcher, context};
//!
//! // Once, at construction (ids are indices into the list).
//! let apologies = Matcher::from_patterns(Lang::En, &["[so|really|deeply] sorry", "apolog*"]).unwrap();
//!
//! // Per document: hits in the authored segments, with byte spans into `doc.text`.
//! let mut doc = Document::plain("So sorry. I deeply apologize. It's not your fault?", Format::Plain);
//! doc.lang = Some(Lang::En);
//! let hits = apologies.find_in(&doc, &CheckOptions::default().skip);
//! assert_eq!(hits.len(), 2);
//! let ctx = context(&doc, hits[0].span);
//! assert!(!ctx.negated && !ctx.question);
//! ```

pub mod analyzer;
pub mod boundary;
mod common;
pub mod context;
pub mod fold;
mod gate;
mod keys;
pub mod lazy;
pub mod matcher;
pub mod pack;
pub mod pattern;
pub mod stem;

pub use analyzer::{ExampleFailure, Expected, PackAnalyzer, PackSet, test_packs};
#[cfg(test)]
mod testing;

pub use boundary::WordRegex;
pub use context::{Context, context};
pub use gate::LiteralSearch;
pub use lazy::PerLang;
pub use matcher::{Hit, Matcher, MatcherBuilder, PatternOptions};
pub use pack::{
    ExceptionScope, LangPattern, Location, PackError, PackExample, PackMeta, PackRule, Problem,
};
pub use pattern::PatternError;
