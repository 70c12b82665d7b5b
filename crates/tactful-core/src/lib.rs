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

/// `char::is_alphabetic` without the Unicode table search for the scripts of en/es/ru,
/// which costs a few hundred instructions per non-ASCII letter.
pub fn is_letter(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' => true,
        '\0'..='\x7f' => false,
        // Latin-1 and Latin Extended-A/B letters (× and ÷ are not), Cyrillic letters.
        '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{24F}' => true,
        '\u{400}'..='\u{481}' | '\u{48A}'..='\u{52F}' => true,
        // General punctuation: typographic quotes, dashes, spaces.
        '\u{2000}'..='\u{206F}' => false,
        _ => c.is_alphabetic(),
    }
}

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

#[cfg(test)]
mod tests {
    #[test]
    fn is_letter_agrees_with_is_alphabetic() {
        for c in (0..0x3000).filter_map(char::from_u32) {
            assert_eq!(super::is_letter(c), c.is_alphabetic(), "{c:?}");
        }
    }
}
