//! Sentence spans over the author's segments.

use tactful_core::{Segment, Span};

use crate::lines::trim_span;

/// Words after which a period does not end a sentence (lower case, without the period).
/// Matched against literals, which compile to a few integer comparisons each, where a list
/// would compare through `memcmp`.
fn is_listed_abbreviation(word: &str) -> bool {
    matches!(
        word,
        "e.g"
            | "i.e"
            | "mr"
            | "mrs"
            | "ms"
            | "dr"
            | "prof"
            | "sr"
            | "sra"
            | "srta"
            | "st"
            | "vs"
            | "approx"
            | "no"
            | "nos"
            | "fig"
            | "jr"
            | "dept"
            | "cf"
            | "p.ej"
            | "ej"
            | "pág"
            | "núm"
            | "ud"
            | "uds"
            | "aprox"
            | "т.е"
            | "т.к"
            | "т.н"
            | "см"
            | "гг"
            | "ул"
            | "стр"
            | "руб"
            | "тыс"
            | "млн"
            | "млрд"
            | "им"
            | "напр"
    )
}

/// Abbreviations that often end a sentence: they do when a capital letter follows.
fn is_sentence_final_abbreviation(word: &str) -> bool {
    matches!(
        word,
        "etc" | "т.д" | "т.п" | "др" | "inc" | "ltd" | "co" | "г"
    )
}

/// The most chars of a listed abbreviation (and so of any word `is_abbreviation` accepts).
const MAX_ABBREVIATION_CHARS: usize = 6;

/// Sentences of the authored segments, in text order.
pub fn sentences(text: &str, segments: &[Segment]) -> Vec<Span> {
    // Room for a sentence every 80 bytes, as business prose has, so that it seldom grows.
    let mut out = Vec::with_capacity(segments.len() + text.len() / 80);
    for seg in segments.iter().filter(|s| s.kind.is_authored()) {
        split_into(text, seg.span, &mut out);
    }
    out
}

fn split_into(text: &str, span: Span, out: &mut Vec<Span>) {
    let s = &text[span.range()];
    let mut start = 0;
    let push = |a: usize, b: usize, out: &mut Vec<Span>| {
        let (a, b) = trim_span(text, span.start + a, span.start + b);
        if a < b {
            out.push(Span::new(a, b));
        }
    };
    let bytes = s.as_bytes();
    // Sentence ends and line breaks are ASCII or '…' (lead byte 0xE2): the scan jumps from
    // one to the next with memchr, keeping the next of each group until it is passed.
    let find_stop = |from: usize| memchr::memchr3(b'.', b'!', b'?', &bytes[from..]);
    let find_break = |from: usize| memchr::memchr2(b'\n', 0xE2, &bytes[from..]);
    let (mut next_stop, mut next_break) = (find_stop(0), find_break(0));
    let mut at = 0;
    loop {
        if next_stop.is_some_and(|k| k < at) {
            next_stop = find_stop(at).map(|k| at + k);
        }
        if next_break.is_some_and(|k| k < at) {
            next_break = find_break(at).map(|k| at + k);
        }
        at = match (next_stop, next_break) {
            (Some(a), Some(b)) => a.min(b),
            (Some(a), None) | (None, Some(a)) => a,
            (None, None) => break,
        };
        let Some(c) = s[at..].chars().next() else {
            break;
        };
        if matches!(c, '.' | '!' | '?' | '…') {
            // Take the whole run of closing punctuation and quotes.
            let mut end = at + c.len_utf8();
            let mut run = 1;
            let mut rest = s[end..].chars();
            let next = loop {
                match rest.next() {
                    Some(n @ ('.' | '!' | '?' | '…' | '"' | '\'' | ')' | '»' | '”' | '’')) =>
                    {
                        end += n.len_utf8();
                        run += 1;
                    }
                    other => break other,
                }
            };
            let followed_by_space = next.is_none_or(char::is_whitespace);
            if followed_by_space
                && !(c == '.' && run == 1 && is_abbreviation(&s[..at], rest.next()))
            {
                push(start, end, out);
                start = end;
            }
            at = end;
            continue;
        }
        if c == '\n' {
            // A blank line inside a segment, or a new list bullet, also ends a sentence.
            let rest = s[at + 1..].trim_start_matches([' ', '\t', '\r']);
            if rest.starts_with('\n') || rest.starts_with(['-', '*', '•']) {
                push(start, at, out);
                start = at;
            }
        }
        at += 1;
    }
    push(start, s.len(), out);
}

/// True when the period after `before` belongs to an abbreviation or an initial.
fn is_abbreviation(before: &str, next_char_after_space: Option<char>) -> bool {
    let start = last_word_start(before);
    let word = &before[start..];
    // Every rule needs a short word (one char, a listed abbreviation, or at most three chars),
    // and lowercasing never makes fewer chars: a longer word is none of them.
    if word.len() > 4 * MAX_ABBREVIATION_CHARS || word.chars().count() > MAX_ABBREVIATION_CHARS {
        return false;
    }
    // An ASCII word (at most MAX_ABBREVIATION_CHARS bytes here) is lowercased on the stack.
    if word.is_ascii() {
        let mut buf = [0u8; MAX_ABBREVIATION_CHARS];
        let lower = &mut buf[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        let lower = std::str::from_utf8(lower).expect("ASCII stays ASCII");
        return abbreviation_rules(before, start, lower, next_char_after_space);
    }
    abbreviation_rules(before, start, &word.to_lowercase(), next_char_after_space)
}

/// Where the word before the period starts.
fn last_word_start(before: &str) -> usize {
    before
        .rfind(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '«')
        .map_or(0, |i| {
            i + before[i..].chars().next().map_or(1, char::len_utf8)
        })
}

/// The abbreviation rules for `word`, the lowercased word of `before` at `word_start`.
fn abbreviation_rules(
    before: &str,
    word_start: usize,
    word: &str,
    next_char_after_space: Option<char>,
) -> bool {
    if word.is_empty() {
        return false;
    }
    // Single letters: initials ("J. Smith") and pieces of "p. ej." / "т. е.".
    if word.chars().count() == 1 && word.chars().all(char::is_alphabetic) {
        return true;
    }
    if is_listed_abbreviation(word) {
        return true;
    }
    if is_sentence_final_abbreviation(word) {
        return next_char_after_space.is_none_or(|c| !c.is_uppercase());
    }
    // "т. е" / "p. ej": the word after a lone-letter abbreviation.
    let prev = before[..word_start].trim_end();
    if let Some(prev) = prev.strip_suffix('.') {
        let pw = prev
            .rsplit(|c: char| c.is_whitespace())
            .next()
            .unwrap_or("");
        if pw.chars().count() == 1 && word.chars().count() <= 3 {
            return next_char_after_space.is_none_or(|c| !c.is_uppercase());
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use tactful_core::SegmentKind;

    #[test]
    fn the_abbreviation_matches_are_the_lists() {
        // The lists as they were written, before they became matches.
        const LISTED: &[&str] = &[
            "e.g", "i.e", "mr", "mrs", "ms", "dr", "prof", "sr", "sra", "srta", "st", "vs",
            "approx", "no", "nos", "fig", "jr", "dept", "cf", "p.ej", "ej", "pág", "núm", "ud",
            "uds", "aprox", "т.е", "т.к", "т.н", "см", "гг", "ул", "стр", "руб", "тыс", "млн",
            "млрд", "им", "напр",
        ];
        const FINAL: &[&str] = &["etc", "т.д", "т.п", "др", "inc", "ltd", "co", "г"];
        let others = [
            "", "e", "m", "mrx", "etc.", "Dr", "т.е.", "approxx", "ltda", "c",
        ];
        for w in LISTED.iter().chain(FINAL).chain(&others) {
            assert_eq!(is_listed_abbreviation(w), LISTED.contains(w), "{w}");
            assert_eq!(is_sentence_final_abbreviation(w), FINAL.contains(w), "{w}");
            assert!(w.chars().count() <= MAX_ABBREVIATION_CHARS || others.contains(w));
        }
    }

    fn split(t: &str) -> Vec<&str> {
        let seg = Segment {
            kind: SegmentKind::Body,
            span: Span::new(0, t.len()),
        };
        sentences(t, &[seg]).iter().map(|s| &t[s.range()]).collect()
    }

    /// `is_abbreviation` without its length guard, as first written.
    fn is_abbreviation_by_copy(before: &str, next: Option<char>) -> bool {
        let start = last_word_start(before);
        abbreviation_rules(before, start, &before[start..].to_lowercase(), next)
    }

    #[test]
    fn abbreviations_are_told_as_from_a_lowercased_copy() {
        let befores = [
            "", "Mr", "see MRS", "x (Dr", "«Etc", "and ETC", "J", "İ", "x 1", "p. EJ", "т. Е",
            "Т.Д", "г", "Г", "ok. No", "10", "APPROX", "approxx", "См", "Ltd", "a. bcd", "Σ", "ΣΑ",
            "ǅ", "word",
        ];
        for before in befores {
            for next in [None, Some('A'), Some('a'), Some('Я')] {
                assert_eq!(
                    is_abbreviation(before, next),
                    is_abbreviation_by_copy(before, next),
                    "{before:?} {next:?}"
                );
            }
        }
    }

    #[test]
    fn abbreviations_decimals_and_times_do_not_end_sentences() {
        assert_eq!(
            split("Mr. Smith paid 10.5 at 10.30, e.g. today. Next one! Really?"),
            vec![
                "Mr. Smith paid 10.5 at 10.30, e.g. today.",
                "Next one!",
                "Really?"
            ]
        );
        assert_eq!(
            split("Hay costes, p. ej. licencias. Vale…"),
            vec!["Hay costes, p. ej. licencias.", "Vale…"]
        );
        assert_eq!(
            split("Сроки сдвинулись, т. е. релиз в мае, т.д. и т.п. Готово."),
            vec![
                "Сроки сдвинулись, т. е. релиз в мае, т.д. и т.п.",
                "Готово."
            ]
        );
    }
}
