//! The contract every part of tactful shares: the [`Document`] that parsers build, the
//! [`Analyzer`] trait that rules implement, the [`Finding`]s they return, rule metadata as
//! data ([`RuleMeta`]), and the [`engine`] that runs analyzers and filters their findings.

pub mod document;
pub mod engine;
pub mod finding;
pub mod lines;
pub mod rule;
pub mod suppress;

pub use document::{Document, EmailMeta, Format, Lang, LanguageStatus, Segment, SegmentKind, Span};
pub use engine::{Analyzer, Audience, CheckOptions, Diagnostic, DocReport, Engine, Policy};
pub use finding::{Finding, Severity};
pub use lines::LineIndex;
pub use rule::{Category, Example, RuleMeta};

/// The message of a caught panic, for an error that says what went wrong.
pub fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = panic.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = panic.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_string()
    }
}
