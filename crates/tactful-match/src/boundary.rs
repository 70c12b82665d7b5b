//! Regexes with Unicode word boundaries, fast on any text.
//!
//! A Unicode `\b` makes the regex crate's lazy DFA give up on non-ASCII text (Spanish,
//! Russian, a curly apostrophe in English), and the whole search falls to a slow engine that
//! walks every position. Here the regex without its `\b` (it matches wherever the regex does,
//! and more, and stays in the DFA) finds each place a match may start, and the regex is tried
//! there only, anchored. Built on the first non-ASCII text, so ASCII-only runs never pay for it.

use std::sync::OnceLock;

use regex::{Match, Regex};
use regex_automata::{Anchored, Input};

#[derive(Debug)]
pub struct WordRegex {
    re: Regex,
    scan: OnceLock<Option<Scan>>,
}

#[derive(Debug)]
struct Scan {
    loose: Regex,
    anchored: regex_automata::meta::Regex,
}

impl WordRegex {
    /// Compiles `pattern` (flags included, as `(?i)...`).
    pub fn new(pattern: &str) -> Result<WordRegex, regex::Error> {
        Ok(WordRegex {
            re: Regex::new(pattern)?,
            scan: OnceLock::new(),
        })
    }

    pub fn regex(&self) -> &Regex {
        &self.re
    }

    /// The matches of the regex in `text`, exactly as [`Regex::find_iter`] gives them.
    pub fn find_iter<'a>(&'a self, text: &'a str) -> Box<dyn Iterator<Item = Match<'a>> + 'a> {
        let scan = if text.is_ascii() {
            None
        } else {
            self.scan
                .get_or_init(|| Scan::new(self.re.as_str()))
                .as_ref()
        };
        let Some(scan) = scan else {
            return Box::new(self.re.find_iter(text));
        };
        let mut at = 0;
        let mut last_end = None;
        Box::new(std::iter::from_fn(move || {
            while at <= text.len() {
                let start = scan.loose.find_at(text, at)?.start();
                let input = Input::new(text).range(start..).anchored(Anchored::Yes);
                if scan.anchored.search(&input).is_some() {
                    // No match starts before `start`, so the leftmost one starts there.
                    let m = self.re.find_at(text, start)?;
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
                    return Some(m);
                }
                at = next_char(text, start);
            }
            None
        }))
    }
}

impl Scan {
    /// `None` when the pattern has no Unicode `\b` to take out (or an escaped backslash that
    /// makes taking it out unsafe): then the regex runs as it is.
    fn new(pattern: &str) -> Option<Scan> {
        if !pattern.contains(r"\b") || pattern.contains(r"\\") {
            return None;
        }
        let loose = Regex::new(&pattern.replace(r"\b", "")).ok()?;
        let anchored = regex_automata::meta::Regex::new(pattern).ok()?;
        Some(Scan { loose, anchored })
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
            for _ in 0..400 {
                let text = texts.text(9, 3);
                let want: Vec<_> = w.regex().find_iter(&text).map(|m| m.range()).collect();
                let got: Vec<_> = w.find_iter(&text).map(|m| m.range()).collect();
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
