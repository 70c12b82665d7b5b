//! Inline suppression comments, parsed in one place (like ruff's `noqa`).
//!
//! - `tactful: ignore DEF001, jargon` silences those rules on its line; on a line of its own
//!   (e.g. `<!-- tactful: ignore DEF001 -->`) it silences the next non-blank line instead.
//! - `tactful: disable BLM` ... `tactful: enable BLM` silences a range of lines.
//! - With no selector, every rule is silenced.
//!
//! Selectors are codes, code prefixes or categories; one that matches no rule is reported.

use crate::document::Span;
use crate::engine::Policy;
use crate::finding::Severity;
use crate::rule::{Category, RuleMeta};

pub const UNKNOWN_CODE_RULE: &str = "TAC001";

pub fn unknown_code_rule() -> RuleMeta {
    RuleMeta {
        code: UNKNOWN_CODE_RULE.into(),
        name: "unknown-suppression".into(),
        category: Category::META.into(),
        severity: Severity::Warning,
        summary: "A `tactful: ignore/disable` comment names a rule that does not exist.".into(),
        why: "A misspelt code silences nothing, so the finding it was meant to hide comes back \
              and the comment misleads the next reader."
            .into(),
        examples: Vec::new(),
        languages: Vec::new(),
        origin: "built-in".into(),
    }
}

#[derive(Debug, Clone)]
struct Selector {
    text: String,
    span: Span,
}

#[derive(Debug, Clone)]
struct Silenced {
    range: Span,
    /// Empty: every rule.
    selectors: Vec<Selector>,
}

#[derive(Debug, Default)]
pub struct Suppressions {
    silenced: Vec<Silenced>,
}

const MARKER: &str = "tactful:";

impl Suppressions {
    pub fn parse(text: &str) -> Suppressions {
        let mut silenced = Vec::new();
        // Open `disable` directives, closed by a matching `enable`.
        let mut open: Vec<(usize, Vec<Selector>)> = Vec::new();
        let mut from = 0;
        while let Some(found) = find_marker(&text[from..]) {
            let at = from + found;
            from = at + MARKER.len();
            let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
            let rest_start = at + MARKER.len();
            let rest = &text[rest_start..line_end];
            let word_len = rest
                .trim_start()
                .find(|c: char| !(c.is_ascii_alphabetic() || c == '-'))
                .unwrap_or(rest.trim_start().len());
            let lead = rest.len() - rest.trim_start().len();
            let directive = rest[lead..lead + word_len].to_ascii_lowercase();
            let args_start = rest_start + lead + word_len;
            let selectors = parse_selectors(text, args_start, line_end);
            match directive.as_str() {
                "ignore" => {
                    let before = strip_comment_marks(&text[line_start..at]);
                    let range = if before.is_empty() {
                        next_nonblank_line(text, line_end)
                            .unwrap_or(Span::new(line_start, line_end))
                    } else {
                        Span::new(line_start, line_end)
                    };
                    // The comment's own line is covered too, so a finding in it is silenced.
                    silenced.push(Silenced {
                        range: Span::new(line_start, range.end.max(line_end)),
                        selectors,
                    });
                }
                "disable" => open.push((line_start, selectors)),
                "enable" => {
                    let keys: Vec<String> = selectors
                        .iter()
                        .map(|s| s.text.to_ascii_lowercase())
                        .collect();
                    open.retain(|(start, sels)| {
                        let theirs: Vec<String> =
                            sels.iter().map(|s| s.text.to_ascii_lowercase()).collect();
                        let closes = keys.is_empty() || theirs == keys;
                        if closes {
                            silenced.push(Silenced {
                                range: Span::new(*start, line_end),
                                selectors: sels.clone(),
                            });
                        }
                        !closes
                    });
                }
                _ => {}
            }
        }
        for (start, selectors) in open {
            silenced.push(Silenced {
                range: Span::new(start, text.len()),
                selectors,
            });
        }
        Suppressions { silenced }
    }

    pub fn is_empty(&self) -> bool {
        self.silenced.is_empty()
    }

    pub fn suppresses(&self, rule: &RuleMeta, offset: usize) -> bool {
        self.silenced.iter().any(|s| {
            s.range.start <= offset
                && offset < s.range.end.max(s.range.start + 1)
                && (s.selectors.is_empty()
                    || s.selectors
                        .iter()
                        .any(|sel| Policy::specificity(&sel.text, rule).is_some()))
        })
    }

    /// Selectors that match no rule in `rules`, with where they are written.
    pub fn unknown_selectors(&self, rules: &[RuleMeta]) -> Vec<(String, Span)> {
        let mut out: Vec<(String, Span)> = self
            .silenced
            .iter()
            .flat_map(|s| &s.selectors)
            .filter(|sel| {
                !rules
                    .iter()
                    .any(|r| Policy::specificity(&sel.text, r).is_some())
            })
            .map(|sel| (sel.text.clone(), sel.span))
            .collect();
        out.sort_by_key(|(_, span)| *span);
        out.dedup_by_key(|(_, span)| *span);
        out
    }
}

fn parse_selectors(text: &str, start: usize, end: usize) -> Vec<Selector> {
    let mut out = Vec::new();
    let mut i = start;
    let bytes = text.as_bytes();
    while i < end {
        let c = bytes[i];
        if c.is_ascii_alphanumeric() || c == b'_' {
            let s = i;
            while i < end
                && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] == b'-')
            {
                i += 1;
            }
            // `-->` ends an HTML comment; do not read its dashes as part of a code.
            let mut e = i;
            while e > s && bytes[e - 1] == b'-' {
                e -= 1;
            }
            out.push(Selector {
                text: text[s..e].to_string(),
                span: Span::new(s, e),
            });
        } else if c == b',' || c == b' ' || c == b'\t' {
            i += 1;
        } else {
            break;
        }
    }
    out
}

fn strip_comment_marks(s: &str) -> &str {
    s.trim()
        .trim_start_matches("<!--")
        .trim_start_matches("//")
        .trim_start_matches('#')
        .trim_start_matches("/*")
        .trim_start_matches('>')
        .trim()
}

fn next_nonblank_line(text: &str, after_line_end: usize) -> Option<Span> {
    let mut pos = after_line_end + 1;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        if !text[pos..end].trim().is_empty() {
            return Some(Span::new(pos, end));
        }
        pos = end + 1;
    }
    None
}

/// Where `MARKER` starts in `text`, in any case. It is rare and ends with a colon, so the
/// search jumps from colon to colon (memchr) instead of comparing at every byte.
fn find_marker(text: &str) -> Option<usize> {
    let word = MARKER.trim_end_matches(':');
    let mut from = 0;
    // A `char` pattern is searched with memchr; a one-byte `&str` one is not.
    while let Some(found) = text[from..].find(':') {
        let at = from + found;
        if at >= word.len()
            && text.as_bytes()[at - word.len()..at].eq_ignore_ascii_case(word.as_bytes())
        {
            return Some(at - word.len());
        }
        from = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(code: &str, category: &str) -> RuleMeta {
        RuleMeta {
            code: code.into(),
            category: category.into(),
            ..unknown_code_rule()
        }
    }

    #[test]
    fn ignore_on_a_line_silences_only_that_line() {
        let text = "as I said before tactful: ignore DEF001\nas I said before\n";
        let s = Suppressions::parse(text);
        let r = rule("DEF001", "defensive");
        assert!(s.suppresses(&r, 3));
        assert!(!s.suppresses(&r, text.find("\nas").unwrap() + 3));
        assert!(!s.suppresses(&rule("BLM001", "blame"), 3));
    }

    #[test]
    fn a_comment_on_its_own_line_silences_the_next_line() {
        let text = "<!-- tactful: ignore defensive -->\n\nper my last email\nper my last email";
        let s = Suppressions::parse(text);
        let r = rule("DEF001", "defensive");
        let first = text.find("per").unwrap();
        assert!(s.suppresses(&r, first));
        assert!(!s.suppresses(&r, text.rfind("per").unwrap()));
        assert!(s.unknown_selectors(&[r]).is_empty());
    }

    #[test]
    fn disable_enable_silences_a_range_and_unclosed_runs_to_the_end() {
        let text =
            "a\n# tactful: disable BLM\nb\nc\n# tactful: enable BLM\nd\n# tactful: disable\ne";
        let s = Suppressions::parse(text);
        let blame = rule("BLM002", "blame");
        assert!(!s.suppresses(&blame, 0));
        assert!(s.suppresses(&blame, text.find("\nb").unwrap() + 1));
        assert!(!s.suppresses(&blame, text.find("\nd").unwrap() + 1));
        assert!(s.suppresses(&blame, text.len() - 1));
    }

    #[test]
    fn unknown_codes_are_reported_with_their_span() {
        let text = "x <!-- tactful: ignore DEF001, NOPE9 -->";
        let s = Suppressions::parse(text);
        let unknown = s.unknown_selectors(&[rule("DEF001", "defensive")]);
        assert_eq!(unknown.len(), 1);
        assert_eq!(unknown[0].0, "NOPE9");
        assert_eq!(&text[unknown[0].1.range()], "NOPE9");
    }

    #[test]
    fn the_marker_is_found_in_any_case_among_other_colons() {
        let text =
            "tactful: ignore DEF001\nTime: 10:30 :: TACTFUL: ignore BLM001\nactful: ignore JAR001";
        let s = Suppressions::parse(text);
        assert!(s.suppresses(&rule("DEF001", "defensive"), 0));
        let second = text.find("Time").unwrap();
        assert!(s.suppresses(&rule("BLM001", "blame"), second));
        assert!(!s.suppresses(&rule("JAR001", "jargon"), text.rfind("actful").unwrap()));
        assert_eq!(find_marker("no marker: here"), None);
    }
}
