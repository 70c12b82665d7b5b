//! Line spans over a text, shared by the line-based splitters.

/// One line: `start..end` is its content without the line break (and without a `\r`).
#[derive(Debug, Clone, Copy)]
pub struct Line {
    pub start: usize,
    pub end: usize,
}

/// The lines of `text`: the splitters and the paragraph pass share one list.
pub fn lines(text: &str) -> Vec<Line> {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(memchr::memchr_iter(b'\n', b).count() + 1);
    let mut pos = 0;
    let mut push = |start: usize, nl: usize| {
        let end = if nl > start && b[nl - 1] == b'\r' {
            nl - 1
        } else {
            nl
        };
        out.push(Line { start, end });
    };
    for nl in memchr::memchr_iter(b'\n', b) {
        push(pos, nl);
        pos = nl + 1;
    }
    if pos < b.len() {
        push(pos, b.len());
    }
    out
}

/// Whether `l` is empty or whitespace only. Most lines start with an ASCII char that is not
/// whitespace: they are answered from it, without trimming.
pub fn is_blank(l: &str) -> bool {
    match l.as_bytes().first() {
        None => true,
        Some(&b) if b.is_ascii() && !matches!(b, b'\t'..=b'\r' | b' ') => false,
        _ => l.trim().is_empty(),
    }
}

/// Shrinks `start..end` to exclude surrounding whitespace.
pub fn trim_span(text: &str, start: usize, end: usize) -> (usize, usize) {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead == s.len() {
        return (start, start);
    }
    (start + lead, end - trail)
}

/// `s` lowercased, char by char (as `str::to_lowercase` does, but for the final-sigma rule,
/// which none of the markers compared with needs), without allocating.
fn lower_chars(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars().flat_map(char::to_lowercase)
}

/// Whether the first char of `s` lowercased cannot be `lower`'s first char, told from the
/// first bytes: markers are compared with every line, and most differ at once.
fn first_differs(s: &str, lower: &str) -> bool {
    match (s.as_bytes().first(), lower.as_bytes().first()) {
        (Some(a), Some(b)) if a.is_ascii() => a.to_ascii_lowercase() != *b,
        // Only 'İ' and the Kelvin sign lowercase to a char starting with an ASCII letter.
        (Some(_), Some(b)) if b.is_ascii() => !s.starts_with(['\u{130}', '\u{212A}']),
        _ => false,
    }
}

/// The first char of `s` lowercased: a marker list is narrowed to the entries starting with
/// it once per line, before any entry is compared whole.
pub fn lower_first(s: &str) -> Option<char> {
    s.chars().next().and_then(|c| c.to_lowercase().next())
}

/// Whether `s`, lowercased, starts with `prefix` (given in lowercase).
pub fn lower_starts_with(s: &str, prefix: &str) -> bool {
    if first_differs(s, prefix) {
        return false;
    }
    let mut it = lower_chars(s);
    prefix.chars().all(|p| it.next() == Some(p))
}

/// Whether `s`, lowercased, is `lower` (given in lowercase).
pub fn lower_eq(s: &str, lower: &str) -> bool {
    if first_differs(s, lower) {
        return false;
    }
    let mut it = lower_chars(s);
    lower.chars().all(|p| it.next() == Some(p)) && it.next().is_none()
}

/// How many chars `s` has lowercased.
pub fn lower_len(s: &str) -> usize {
    lower_chars(s).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_blank_agrees_with_trim() {
        let every_ascii: String = (0u8..128).map(char::from).collect();
        for t in [
            "",
            " ",
            "\t\r\x0b\x0c",
            "\u{a0}\u{3000}",
            "\u{2003}x",
            "\u{85}",
            "é",
            " a",
            "a ",
            "\u{feff}",
            every_ascii.as_str(),
        ] {
            for t in t.char_indices().map(|(i, _)| &t[i..]).chain([""]) {
                assert_eq!(is_blank(t), t.trim().is_empty(), "{t:?}");
            }
        }
    }

    #[test]
    fn lines_are_split_at_line_feeds_without_carriage_returns() {
        let spans = |t: &str| -> Vec<(usize, usize)> {
            lines(t).iter().map(|l| (l.start, l.end)).collect()
        };
        assert_eq!(spans(""), vec![]);
        assert_eq!(spans("\n"), vec![(0, 0)]);
        assert_eq!(spans("a\r\n\r\nbc"), vec![(0, 1), (3, 3), (5, 7)]);
        assert_eq!(spans("ab\n\rc\r"), vec![(0, 2), (3, 5)]);
        assert_eq!(spans("ab\n\n"), vec![(0, 2), (3, 3)]);
    }

    #[test]
    fn lowercase_comparisons_agree_with_to_lowercase() {
        for s in [
            "Sent from my iPhone",
            "ОТПРАВЛЕНО С",
            "İstanbul",
            "Best",
            "",
            "BEST REGARDS",
        ] {
            let lower = s.to_lowercase();
            for p in [
                "sent from ",
                "отправлено с ",
                "i̇st",
                "best",
                "",
                "best regards",
            ] {
                assert_eq!(lower_starts_with(s, p), lower.starts_with(p), "{s:?} {p:?}");
                assert_eq!(lower_eq(s, p), lower == p, "{s:?} {p:?}");
            }
            assert_eq!(lower_len(s), lower.chars().count());
        }
    }

    #[test]
    fn first_byte_rejection_is_never_wrong() {
        let mut buf = [0u8; 4];
        for c in (0..0x30000).filter_map(char::from_u32) {
            let s = c.encode_utf8(&mut buf);
            let first = s.to_lowercase().chars().next();
            let ascii = (0u8..128).map(char::from);
            for p in ascii.chain(['é', 'д']) {
                if first_differs(s, p.encode_utf8(&mut [0u8; 4])) {
                    assert_ne!(first, Some(p), "{c:?} {p:?}");
                }
            }
        }
    }
}
