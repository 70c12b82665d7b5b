//! Regexes with Unicode word boundaries, fast on any text.
//!
//! A Unicode `\b` makes the regex crate's lazy DFA give up on non-ASCII text (Spanish,
//! Russian, a curly apostrophe in English), and the whole search falls to a slow engine that
//! walks every position. Here the regex without its `\b` (it matches wherever the regex does,
//! and more, and stays in the DFA) finds each place a match may start, and the regex is tried
//! there only, anchored. Built on the first non-ASCII text, so ASCII-only runs never pay for it.

use std::ops::Range;
use std::sync::OnceLock;

use regex_automata::meta::{self, Regex};
use regex_automata::nfa::thompson::WhichCaptures;
use regex_automata::{Anchored, Input};

#[derive(Debug)]
pub struct WordRegex {
    src: String,
    /// Compiled on first use: a pack's regexes are read from the binary ready to compile,
    /// and most never pass their gate on a short draft.
    re: OnceLock<Regex>,
    scan: OnceLock<Option<Scan>>,
}

/// The regex without its word boundaries.
#[derive(Debug)]
struct Scan {
    loose: Regex,
}

/// Match spans only, and no literal prefilter: that analysis costs more to build than it
/// saves on the short segments a pack regex reads, and building is most of what a single
/// draft pays for.
fn build(pattern: &str) -> Result<Regex, String> {
    let config = meta::Config::new()
        .auto_prefilter(false)
        .onepass(false)
        .backtrack(false)
        .which_captures(WhichCaptures::Implicit);
    meta::Builder::new()
        .configure(config)
        .build(pattern)
        .map_err(|e| match e.syntax_error() {
            Some(syntax) => syntax.to_string(),
            None => e.to_string(),
        })
}

impl WordRegex {
    /// Compiles `pattern` (flags included, as `(?i)...`).
    pub fn new(pattern: &str) -> Result<WordRegex, String> {
        Ok(WordRegex {
            src: pattern.to_string(),
            re: OnceLock::from(build(pattern)?),
            scan: OnceLock::new(),
        })
    }

    /// A regex that [`WordRegex::new`] accepted before, compiled when first used.
    fn checked(pattern: String) -> WordRegex {
        WordRegex {
            src: pattern,
            re: OnceLock::new(),
            scan: OnceLock::new(),
        }
    }

    fn re(&self) -> &Regex {
        self.re
            .get_or_init(|| build(&self.src).expect("the pattern compiled when its pack was built"))
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.re().is_match(text)
    }

    /// The spans of the regex's matches in `text`, as a leftmost-first search from the end
    /// of each match gives them (the regex crate's `find_iter`).
    pub fn find_iter<'a>(&'a self, text: &'a str) -> Box<dyn Iterator<Item = Range<usize>> + 'a> {
        let scan = if text.is_ascii() {
            None
        } else {
            self.scan.get_or_init(|| Scan::new(&self.src)).as_ref()
        };
        let Some(scan) = scan else {
            return Box::new(self.re().find_iter(text).map(|m| m.range()));
        };
        let mut at = 0;
        let mut last_end = None;
        Box::new(std::iter::from_fn(move || {
            while at <= text.len() {
                let start = scan.loose.search(&Input::new(text).range(at..))?.start();
                // No match starts before `start`, so if one starts there it is the leftmost.
                let input = Input::new(text).range(start..).anchored(Anchored::Yes);
                if let Some(m) = self.re().search(&input) {
                    at = if m.is_empty() {
                        next_char(text, m.end())
                    } else {
                        m.end()
                    };
                    // As `find_iter`: no empty match right where the last one ended.
                    if m.is_empty() && last_end == Some(m.end()) {
                        continue;
                    }
                    last_end = Some(m.end());
                    return Some(m.range());
                }
                at = next_char(text, start);
            }
            None
        }))
    }
}

/// Stored as its pattern: a matcher read back from a build script's output compiles it on
/// first use (it compiled when the pack was built).
impl serde::Serialize for WordRegex {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.src)
    }
}

impl<'de> serde::Deserialize<'de> for WordRegex {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(WordRegex::checked)
    }
}

impl Scan {
    /// `None` when the pattern has no Unicode `\b` to take out (or an escaped backslash that
    /// makes taking it out unsafe): then the regex runs as it is.
    fn new(pattern: &str) -> Option<Scan> {
        if !pattern.contains(r"\b") || pattern.contains(r"\\") {
            return None;
        }
        let loose = build(&pattern.replace(r"\b", "")).ok()?;
        Some(Scan { loose })
    }
}

/// The byte offset after the character at `at` (past the end for the end of the text).
fn next_char(text: &str, at: usize) -> usize {
    at + text[at..].chars().next().map_or(1, char::len_utf8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_find_iter_finds_on_any_text() {
        let patterns = [
            r"(?i)\b(?-i:\p{Lu})[\p{L}\d]+['’]s (?:bug|fault)\b",
            r"(?i)\b\w{2,}(?:aré|eré|iré)\b",
            r"(?i)\bбуд(?:ет|ут)\s+\w+(?:ен|ана)\b",
            r"(?i)\bcosts?\s+(?:\S+\s+){1,3}more\b",
            r"(?i)\b",
            r"(?i)x*\b",
        ];
        let words = [
            "Microsoft's",
            "bug",
            "Ñandú’s",
            "fault",
            "enviaré",
            "haré",
            "será",
            "будет",
            "сделан",
            "будут",
            "решена",
            "costs",
            "a",
            "lot",
            "more",
            "é",
            "’",
            ",",
            "x",
            "xx",
            "",
            "ñ",
            "café",
        ];
        let mut texts = crate::testing::Texts::new(0x9e37_79b9_7f4a_7c15, &words);
        for p in patterns {
            let w = WordRegex::new(p).unwrap();
            let reference = regex::Regex::new(p).unwrap();
            for _ in 0..400 {
                let text = texts.text(9, 3);
                let want: Vec<_> = reference.find_iter(&text).map(|m| m.range()).collect();
                let got: Vec<_> = w.find_iter(&text).collect();
                assert_eq!(got, want, "{p} on {text:?}");
            }
        }
    }

    #[test]
    fn only_regexes_with_a_unicode_boundary_get_a_scan() {
        assert!(Scan::new(r"(?i)\bfoo\b").is_some());
        assert!(Scan::new(r"(?i)foo").is_none());
        assert!(Scan::new(r"(?i)\\b\bfoo").is_none());
    }
}
