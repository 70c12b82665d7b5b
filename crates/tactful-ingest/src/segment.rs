//! Paragraph-level segmentation of plain text (also e-mail bodies), inline code/URL
//! splitting, and laying the quoted/signature segments over a finer segmentation.

use tactful_core::{Segment, SegmentKind, Span};

use crate::lines::{Line, is_blank, lower_eq, trim_span};

/// Body, list item and speaker-turn segments of plain text, with URLs and e-mail addresses
/// split out as `Code`.
pub fn plain_segments(text: &str, ls: &[Line]) -> Vec<Segment> {
    let line = |l: &Line| &text[l.start..l.end];
    let turns_allowed = ls
        .iter()
        .filter(|l| turn_label_len(line(l)).is_some())
        .count()
        >= 2;
    let mut blocks: Vec<Segment> = Vec::new();
    let mut open: Option<(SegmentKind, usize, usize)> = None;
    let flush = |open: &mut Option<(SegmentKind, usize, usize)>, out: &mut Vec<Segment>| {
        if let Some((kind, s, e)) = open.take() {
            out.push(Segment {
                kind,
                span: Span::new(s, e),
            });
        }
    };
    for l in ls {
        let t = line(l);
        if is_blank(t) {
            flush(&mut open, &mut blocks);
            continue;
        }
        let starts = if is_list_marker(t) {
            Some(SegmentKind::ListItem)
        } else if turns_allowed && turn_label_len(t).is_some() {
            Some(SegmentKind::Turn)
        } else {
            None
        };
        match (starts, &mut open) {
            (Some(kind), _) => {
                flush(&mut open, &mut blocks);
                open = Some((kind, l.start, l.end));
            }
            (None, Some((_, _, e))) => *e = l.end,
            (None, None) => open = Some((SegmentKind::Body, l.start, l.end)),
        }
    }
    flush(&mut open, &mut blocks);
    // One segment per block but for the blocks with URLs.
    let mut out = Vec::with_capacity(blocks.len());
    for b in blocks {
        push_with_inline_code(text, b.kind, b.span.start, b.span.end, &[], &mut out);
    }
    out
}

fn is_list_marker(l: &str) -> bool {
    let t = l.trim_start();
    if l.len() - t.len() > 8 {
        return false;
    }
    if let Some(rest) = t.strip_prefix(['-', '*', '•', '+', '–', '·']) {
        return rest.starts_with([' ', '\t']) && !rest.trim().is_empty();
    }
    let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
    let letter =
        t.chars().next().is_some_and(|c| c.is_ascii_lowercase()) && t[1..].starts_with([')']);
    if (1..=3).contains(&digits) {
        let rest = &t[digits..];
        return (rest.starts_with(". ") || rest.starts_with(") ")) && !rest[2..].trim().is_empty();
    }
    letter && t[2..].starts_with(' ')
}

const NOT_SPEAKERS: &[&str] = &[
    "from",
    "to",
    "cc",
    "bcc",
    "subject",
    "date",
    "sent",
    "re",
    "fw",
    "fwd",
    "note",
    "notes",
    "ps",
    "p.s",
    "nb",
    "update",
    "action",
    "action items",
    "todo",
    "agenda",
    "attendees",
    "summary",
    "decision",
    "decisions",
    "next steps",
    "question",
    "answer",
    "q",
    "a",
    "http",
    "https",
    "asunto",
    "para",
    "de",
    "fecha",
    "enviado",
    "nota",
    "от",
    "кому",
    "тема",
    "дата",
    "отправлено",
    "примечание",
    "итого",
    "важно",
    "warning",
    "error",
    "example",
    "tip",
];

/// Length of a "Name:" (or "[00:12] Name:") speaker label opening the line, if any.
pub fn turn_label_len(l: &str) -> Option<usize> {
    // A label ends with a ':' (as does a timestamp): most lines have none.
    memchr::memchr(b':', l.as_bytes())?;
    let t = l.trim_start();
    let lead = l.len() - t.len();
    let mut rest = t;
    // Optional timestamp, bracketed or not: "[00:01:02]", "00:12", "(10:30)".
    let stamp_end = {
        let r = rest.trim_start_matches(['[', '(']);
        let digits: usize = r
            .char_indices()
            .take_while(|(_, c)| c.is_ascii_digit() || *c == ':' || *c == '.')
            .map(|(_, c)| c.len_utf8())
            .sum();
        if digits >= 4 && r[..digits].contains(':') {
            let after = r[digits..].trim_start_matches([']', ')']);
            Some(rest.len() - after.len())
        } else {
            None
        }
    };
    if let Some(e) = stamp_end {
        rest = rest[e..].trim_start_matches([' ', '-', '\t']);
    }
    let colon = memchr::memchr(b':', rest.as_bytes())?;
    let name = &rest[..colon];
    let after = &rest[colon + 1..];
    // The cheap tests first; none allocates.
    let words = || name.split_whitespace();
    let ok = after.starts_with([' ', '\t'])
        && name.len() <= 4 * 30
        && name.chars().count() <= 30
        && !name.starts_with(' ')
        && (1..=3).contains(&words().count())
        && words().all(|w| w.chars().next().is_some_and(|c| c.is_uppercase()))
        && name
            .chars()
            .all(|c| c.is_alphabetic() || c == ' ' || c == '.' || c == '-' || c == '\'')
        && !NOT_SPEAKERS.iter().any(|n| lower_eq(name, n))
        && !after.trim().is_empty();
    ok.then(|| lead + (t.len() - rest.len()) + colon + 1)
}

/// Pushes `start..end` as `kind`, with URLs, e-mail addresses and the given extra ranges cut
/// out as `Code`; pieces are trimmed and empty ones dropped.
pub fn push_with_inline_code(
    text: &str,
    kind: SegmentKind,
    start: usize,
    end: usize,
    extra: &[(SegmentKind, Span)],
    out: &mut Vec<Segment>,
) {
    let mut cuts: Vec<(SegmentKind, Span)> = find_urls(text, start, end)
        .into_iter()
        .map(|s| (SegmentKind::Code, s))
        .collect();
    cuts.extend(extra.iter().copied());
    cuts.sort_by_key(|(_, s)| (s.start, std::cmp::Reverse(s.end)));
    let mut pos = start;
    let push = |k: SegmentKind, s: usize, e: usize, out: &mut Vec<Segment>| {
        let (s, e) = trim_span(text, s, e);
        if s < e {
            out.push(Segment {
                kind: k,
                span: Span::new(s, e),
            });
        }
    };
    for (k, c) in cuts {
        if c.start < pos || c.end > end {
            continue;
        }
        push(kind, pos, c.start, out);
        push(k, c.start, c.end, out);
        pos = c.end;
    }
    push(kind, pos, end, out);
}

/// URLs (`http://`, `https://`, `www.`, `mailto:`) and e-mail addresses in `start..end`.
pub fn find_urls(text: &str, start: usize, end: usize) -> Vec<Span> {
    let s = &text[start..end];
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    // Every match has a ':' (the schemes) or a "w." ("www.") among its first seven bytes,
    // or is an address's '@': the scan jumps to the window of seven bytes before the next
    // of those and reads byte by byte only there (a '.' after another letter, as at the end
    // of a sentence, opens no window).
    let mut window_end = 0;
    while i < b.len() {
        if i >= window_end {
            let mut from = i;
            let anchor = loop {
                let Some(q) = memchr::memchr3(b':', b'.', b'@', &b[from..]) else {
                    break None;
                };
                let q = from + q;
                if b[q] != b'.' || (q > 0 && b[q - 1] | 0x20 == b'w') {
                    break Some(q);
                }
                from = q + 1;
            };
            let Some(q) = anchor else {
                break;
            };
            window_end = q + 1;
            i = i.max(q.saturating_sub(6));
        }
        // Only an ASCII h/w/m/f (a scheme's first letter) at the start of a word or an '@'
        // can start a match: the other bytes, continuation bytes included, are passed over.
        let url_start = matches!(b[i] | 0x20, b'h' | b'w' | b'm' | b'f')
            && (i == 0 || !b[i - 1].is_ascii_alphanumeric());
        if !url_start && b[i] != b'@' {
            i += 1;
            continue;
        }
        let rest = &s[i..];
        let is_url = url_start
            && ["http://", "https://", "www.", "mailto:", "ftp://"]
                .iter()
                .any(|p| {
                    rest.len() >= p.len()
                        && rest.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes())
                });
        if is_url {
            let len = token_len(rest);
            if len > 4 {
                out.push(Span::new(start + i, start + i + len));
                i += len;
                continue;
            }
        }
        if b[i] == b'@' && i > 0 && b[i - 1].is_ascii_alphanumeric() {
            let mut a = i;
            while a > 0 && (b[a - 1].is_ascii_alphanumeric() || b"._%+-".contains(&b[a - 1])) {
                a -= 1;
            }
            let len = token_len(&s[i..]);
            if s[i..i + len].contains('.') && len > 3 {
                if out.last().is_some_and(|l: &Span| l.end > start + a) {
                    i += 1;
                    continue;
                }
                out.push(Span::new(start + a, start + i + len));
                i += len;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// Length of a URL-like token: up to whitespace or a closing bracket, without trailing
/// punctuation.
fn token_len(s: &str) -> usize {
    let end = s
        .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | ')' | ']'))
        .unwrap_or(s.len());
    s[..end]
        .trim_end_matches(['.', ',', ';', ':', '!', '?', '\''])
        .len()
}

/// `fine` segments with `coarse` (quoted, signature) laid on top: coarse spans win, fine
/// ones are clipped around them. Both inputs must be sorted and non-overlapping.
pub fn overlay(text: &str, fine: Vec<Segment>, coarse: &[Segment]) -> Vec<Segment> {
    // Each coarse span splits at most one fine segment in two.
    let mut out: Vec<Segment> = Vec::with_capacity(2 * coarse.len() + fine.len());
    out.extend_from_slice(coarse);
    for f in fine {
        let mut pos = f.span.start;
        for c in coarse {
            if c.span.end <= pos || c.span.start >= f.span.end {
                continue;
            }
            if c.span.start > pos {
                let (s, e) = trim_span(text, pos, c.span.start);
                if s < e {
                    out.push(Segment {
                        kind: f.kind,
                        span: Span::new(s, e),
                    });
                }
            }
            pos = pos.max(c.span.end);
        }
        if pos < f.span.end {
            let (s, e) = trim_span(text, pos, f.span.end);
            if s < e {
                out.push(Segment {
                    kind: f.kind,
                    span: Span::new(s, e),
                });
            }
        }
    }
    out.sort_by_key(|s| (s.span.start, s.span.end));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speaker_labels_need_a_capitalised_short_name() {
        assert_eq!(turn_label_len("Ana: vale"), Some(4));
        assert!(turn_label_len("[00:01:02] María José: de acuerdo").is_some());
        assert!(turn_label_len("Subject: hola").is_none());
        assert!(turn_label_len("the plan: do it").is_none());
        assert!(turn_label_len("https://x.y").is_none());
        assert!(turn_label_len("Action Items: send it").is_none());
        assert!(turn_label_len("ОТ: Анна").is_none());
        assert!(turn_label_len("Ana María De La: hola").is_none());
        assert!(turn_label_len("Ana:").is_none());
        assert_eq!(turn_label_len("  Anna-Lena O'Neil: ok"), Some(19));
    }

    /// `find_urls` reading every byte, without windows.
    fn urls_byte_by_byte(text: &str) -> Vec<Span> {
        let b = text.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < b.len() {
            let url_start = matches!(b[i] | 0x20, b'h' | b'w' | b'm' | b'f')
                && (i == 0 || !b[i - 1].is_ascii_alphanumeric());
            let rest = if url_start { &text[i..] } else { "" };
            if url_start
                && ["http://", "https://", "www.", "mailto:", "ftp://"]
                    .iter()
                    .any(|p| {
                        rest.len() >= p.len()
                            && rest.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes())
                    })
            {
                let len = token_len(rest);
                if len > 4 {
                    out.push(Span::new(i, i + len));
                    i += len;
                    continue;
                }
            }
            if b[i] == b'@' && i > 0 && b[i - 1].is_ascii_alphanumeric() {
                let mut a = i;
                while a > 0 && (b[a - 1].is_ascii_alphanumeric() || b"._%+-".contains(&b[a - 1])) {
                    a -= 1;
                }
                let len = token_len(&text[i..]);
                if text[i..i + len].contains('.') && len > 3 {
                    if out.last().is_some_and(|l: &Span| l.end > a) {
                        i += 1;
                        continue;
                    }
                    out.push(Span::new(a, i + len));
                    i += len;
                    continue;
                }
            }
            i += 1;
        }
        out
    }

    #[test]
    fn url_windows_find_what_a_byte_by_byte_scan_finds() {
        let texts = [
            "See https://x.org/a, or mail ana@x.org. Then www.site.com. And WWW.BIG.ORG or Www.x.y.",
            "No links. Just sentences. Etc. e.g. i.e. a.w. aw.b w.x ww.y www. www.z",
            "mailto:ana@x.org ftp://files.x.org/a.zip HTTP://X.ORG hTtPs://y.org/?q=a:b",
            "ana.maria+tag@sub.example.co.uk, bob@x, @handle, x@y.z; (see http://a.b/c).",
            "Отчёт: https://пример.рф/путь и почта анна@пример.рф, www.сайт.рф. Конец.",
            "a:b:c:d.e.f@g.h.i:www.j.k:http://l.m",
            "",
            "w",
            "www.",
            "xwww.example.com notwww.x.y 1www.a.b",
        ];
        let mut found = 0;
        for t in texts {
            // From every char, so that windows fall everywhere.
            for (i, _) in t.char_indices() {
                let t = &t[i..];
                let windows = find_urls(t, 0, t.len());
                assert_eq!(windows, urls_byte_by_byte(t), "{t:?}");
                found += windows.len();
            }
        }
        assert!(found > 50, "{found}");
    }

    #[test]
    fn urls_and_addresses_are_found_without_trailing_punctuation() {
        let t = "See https://x.org/a, or mail ana@x.org.";
        let found: Vec<&str> = find_urls(t, 0, t.len())
            .iter()
            .map(|s| &t[s.range()])
            .collect();
        assert_eq!(found, vec!["https://x.org/a", "ana@x.org"]);
    }
}
