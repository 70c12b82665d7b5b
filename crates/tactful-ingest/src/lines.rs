//! Line spans over a text, shared by the line-based splitters.

/// One line: `start..end` is its content without the line break (and without a `\r`).
#[derive(Debug, Clone, Copy)]
pub struct Line {
    pub start: usize,
    pub end: usize,
}

pub fn lines(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < text.len() {
        let nl = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        let end = if nl > pos && text.as_bytes()[nl - 1] == b'\r' {
            nl - 1
        } else {
            nl
        };
        out.push(Line { start: pos, end });
        pos = nl + 1;
    }
    out
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

/// Whether `s`, lowercased, starts with `prefix` (given in lowercase).
pub fn lower_starts_with(s: &str, prefix: &str) -> bool {
    let mut it = lower_chars(s);
    prefix.chars().all(|p| it.next() == Some(p))
}

/// Whether `s`, lowercased, is `lower` (given in lowercase).
pub fn lower_eq(s: &str, lower: &str) -> bool {
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
}
