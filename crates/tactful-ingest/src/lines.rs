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
