//! Finds the text the author did not write this time: quoted replies, forwarded and
//! Outlook-style embedded messages, and signatures. Works on lines, in every format.

use tactful_core::{Segment, SegmentKind, Span};

use crate::lines::{
    Line, is_blank, lower_eq, lower_first, lower_len, lower_starts_with, trim_span,
};

/// Quoted and signature segments of `text`, non-overlapping and in order.
pub fn foreign_segments(text: &str, ls: &[Line]) -> Vec<Segment> {
    let line = |i: usize| &text[ls[i].start..ls[i].end];
    let n = ls.len();
    // Per line: Some(kind) when it belongs to someone else's text.
    let mut kind: Vec<Option<SegmentKind>> = vec![None; n];

    // Both the cut search and the quote pass ask for reply headers: each line's is found once.
    let mut reply_headers = vec![None; n];
    let mut reply_header =
        |i: usize| *reply_headers[i].get_or_insert_with(|| reply_header_len(text, ls, i));
    let (cut, top_headers) = find_cut(text, ls, &mut reply_header);
    for (a, b) in top_headers {
        for k in &mut kind[a..b] {
            *k = Some(SegmentKind::Quoted);
        }
    }
    if let Some(c) = cut {
        for k in &mut kind[c..] {
            *k = Some(SegmentKind::Quoted);
        }
    }
    let authored_end = cut.unwrap_or(n);

    // `>` quotes and the "On ... wrote:" line that introduces them.
    for i in 0..authored_end {
        if is_quote_line(line(i)) {
            kind[i] = Some(SegmentKind::Quoted);
        } else if let Some(h) = reply_header(i) {
            // The header counts only when a quote follows it (bottom-posted replies keep
            // the text after the quote); otherwise `find_cut` already took it to the end.
            let next = (i + h..authored_end).find(|&j| !is_blank(line(j)));
            if next.is_some_and(|j| is_quote_line(line(j))) {
                for k in &mut kind[i..i + h] {
                    *k = Some(SegmentKind::Quoted);
                }
            }
        }
    }

    // Signatures: in each run of the author's lines, from the first sign-off marker on.
    let mut i = 0;
    // Whether an earlier run kept a line of the author's text.
    let mut has_text_before = false;
    while i < authored_end {
        if kind[i].is_some() {
            i += 1;
            continue;
        }
        let run_start = i;
        while i < authored_end && kind[i].is_none() {
            i += 1;
        }
        if let Some(s) = signature_start(text, ls, run_start, i, has_text_before) {
            for k in &mut kind[s..i] {
                *k = Some(SegmentKind::Signature);
            }
        }
        has_text_before |= (run_start..i).any(|j| kind[j].is_none() && !is_blank(line(j)));
    }

    // Blank lines between two quoted lines join them into one segment.
    let mut out: Vec<Segment> = Vec::new();
    let mut i = 0;
    while i < n {
        let Some(k) = kind[i] else {
            i += 1;
            continue;
        };
        let mut j = i + 1;
        loop {
            while j < n && kind[j] == Some(k) {
                j += 1;
            }
            let mut b = j;
            while b < n && kind[b].is_none() && is_blank(line(b)) {
                b += 1;
            }
            if b > j && b < n && kind[b] == Some(k) {
                j = b;
            } else {
                break;
            }
        }
        let (s, e) = trim_span(text, ls[i].start, ls[j - 1].end);
        if s < e {
            out.push(Segment {
                kind: k,
                span: Span::new(s, e),
            });
        }
        i = j;
    }
    out
}

fn is_quote_line(l: &str) -> bool {
    let t = l.trim_start_matches([' ', '\t']);
    if l.len() - t.len() > 3 {
        return false;
    }
    // Supercite-style initials ("C>", "JD>") count as quote marks too.
    let initials = t.bytes().take_while(u8::is_ascii_uppercase).count();
    initials <= 3 && t[initials..].starts_with('>')
}

/// A line made only of separator characters (Outlook's underscores, dashes).
fn is_separator(l: &str) -> bool {
    let t = l.trim();
    t.chars().count() >= 3 && t.chars().all(|c| matches!(c, '-' | '_' | '=' | '*' | '—'))
}

/// The first line of text that runs to the end as an embedded earlier message, and the
/// header lines of such messages found before any text of the author's: a draft that
/// starts with a forward or reply header keeps the text below it (only the header is
/// someone else's), as reply trimmers do.
fn find_cut(
    text: &str,
    ls: &[Line],
    reply_header: &mut impl FnMut(usize) -> Option<usize>,
) -> (Option<usize>, Vec<(usize, usize)>) {
    let line = |i: usize| &text[ls[i].start..ls[i].end];
    let mut tops = Vec::new();
    let mut authored_before = false;
    let mut i = 0;
    while i < ls.len() {
        let l = line(i);
        if is_quote_line(l) || is_blank(l) {
            i += 1;
            continue;
        }
        let reply = reply_header(i);
        let header_end = if is_forward_marker(l) || is_header_block(text, ls, i) {
            // The marker or "From:" line and the header fields under it.
            let mut e = i + 1;
            while e < ls.len() && !is_blank(line(e)) {
                e += 1;
            }
            Some(e)
        } else {
            reply
                .filter(|&h| {
                    // Top-posted: the earlier message follows without `>` marks.
                    let next = (i + h..ls.len()).find(|&j| !is_blank(line(j)));
                    next.is_none_or(|j| !is_quote_line(line(j)))
                })
                .map(|h| i + h)
        };
        match header_end {
            Some(e) if !authored_before => {
                tops.push((i, e));
                i = e;
            }
            Some(_) => {
                let mut start = i;
                while start > 0 && (is_blank(line(start - 1)) || is_separator(line(start - 1))) {
                    start -= 1;
                }
                return (Some(start), tops);
            }
            None => {
                authored_before |= reply.is_none();
                i += reply.unwrap_or(1);
            }
        }
    }
    (None, tops)
}

const FORWARD_MARKERS: &[&str] = &[
    "original message",
    "forwarded message",
    "begin forwarded message",
    "forwarded by",
    "mensaje original",
    "mensaje reenviado",
    "исходное сообщение",
    "пересылаемое сообщение",
    "пересланное сообщение",
    "message d'origine",
    "message transféré",
    "ursprüngliche nachricht",
    "weitergeleitete nachricht",
    "oorspronkelijk bericht",
    "doorgestuurd bericht",
    "messaggio originale",
    "mensagem original",
    "wiadomość oryginalna",
    "original meddelande",
];

fn is_forward_marker(l: &str) -> bool {
    let t = l
        .trim()
        .trim_matches(|c: char| matches!(c, '-' | '_' | '*' | '=' | ' ' | '>'));
    // Lowercasing makes no ':' or spaces, so trimming before it is the same.
    let core = t.trim_end_matches(':').trim();
    // Only a short marker line, not a sentence that mentions a forwarded message.
    let Some(first) = lower_first(core) else {
        return false;
    };
    may_start(FORWARD_FIRSTS, first)
        && l.trim().chars().nth(80).is_none()
        && FORWARD_MARKERS
            .iter()
            .filter(|m| m.starts_with(first))
            .any(|m| {
                lower_eq(core, m)
                    || (lower_starts_with(core, m)
                        && l.trim_start().starts_with(['-', '_', '*', '=']))
                    || (*m == "forwarded by" && lower_starts_with(core, m))
            })
}

const WROTE: &[&str] = &[
    "wrote",
    "writes",
    "escribió",
    "escribio",
    "escribe",
    "a écrit",
    "schrieb",
    "написал",
    "написала",
    "написал(а)",
    "писал",
    "писала",
    "писал(а)",
    "пишет",
    "написав",
    "schreef",
    "scrisse",
    "ha scritto",
    "escreveu",
    "skrev",
    "napisał",
    "napisała",
    "kirjoitti",
    "写道",
    "пише",
    "geschreven",
];

const LEADS: &[&str] = &[
    "on ", "el ", "le ", "am ", "op ", "il ", "em ", "w dniu", "den ",
];

/// Lines taken by an "On <date>, <name> wrote:" header starting at `i` (it may wrap over
/// several lines, with blank lines inside when mail clients broke the address out), if
/// there is one.
fn reply_header_len(text: &str, ls: &[Line], i: usize) -> Option<usize> {
    let get = |k: usize| ls.get(k).map(|l| &text[l.start..l.end]);
    let first = get(i)?.trim();
    // A line ending like a sentence is no header, unless it has an address.
    let addressy = || memchr::memchr2(b'@', b'<', first.as_bytes()).is_some();
    if first.is_empty() || (first.ends_with(['.', '!', '?', '…']) && !addressy()) {
        return None;
    }
    let marked = first.trim_start_matches(['*', '_', '-', ' ']);
    let lead = LEADS.iter().any(|p| lower_starts_with(marked, p));
    // Blank lines inside the header only after a dated "On ..." first line.
    let may_span_blanks = lead && first.bytes().any(|c| c.is_ascii_digit());
    if let Some(h) = date_led_header(text, ls, i) {
        return Some(h);
    }
    // The header is found on a line whose end, less `*`, `_` and spaces, is ':', '：' or '-'
    // (a line of only `*` and `_` ends the joined text as the line above did): without one
    // among the lines the loop below would read, it cannot find one.
    let may_end = (i..i + 6)
        .map_while(get)
        .filter(|l| !(may_span_blanks && is_blank(l)))
        .take_while(|l| !is_blank(l))
        .any(|l| {
            l.trim()
                .trim_end_matches(['*', '_'])
                .trim_end()
                .ends_with([':', '：', '-'])
        });
    if !may_end {
        return None;
    }
    let mut joined = String::new();
    for k in 0..6 {
        let l = get(i + k)?;
        if is_blank(l) {
            if may_span_blanks {
                continue;
            }
            return None;
        }
        let mut l = l.trim();
        let starts_header = LEADS.iter().any(|p| lower_starts_with(l, p));
        if k > 0 && starts_header && !lead {
            // The header starts on this line, not on the author's text above it.
            return None;
        }
        if k > 0 && is_quote_line(l) {
            // Only a lone ">:" or "> wrote:" may end a header inside a quote mark.
            l = l.trim_start_matches(['>', ' ']);
            if !l.ends_with(':') || l.chars().count() > 40 {
                return None;
            }
        }
        if !joined.is_empty() {
            joined.push(' ');
        }
        joined.push_str(l);
        if joined.chars().count() > 300 {
            return None;
        }
        let t = joined.trim_end_matches(['*', '_']).trim_end();
        let dashed = t.ends_with("--") && t.trim_start().starts_with("--");
        if t.ends_with(':') || t.ends_with('：') || dashed {
            let lower = t.trim_end_matches(['-', ' ']).to_lowercase();
            let wrote = WROTE.iter().any(|w| lower.contains(w));
            let dated = lower.chars().any(|c| c.is_ascii_digit()) || lower.contains('@');
            return (wrote && (dated || lead)).then_some(k + 1);
        }
    }
    None
}

/// Gmail's "2016-03-03 17:21 GMT+01:00 Name <address>:" and "2013/7/20 Name <address>".
fn date_led_header(text: &str, ls: &[Line], i: usize) -> Option<usize> {
    let l = text[ls[i].start..ls[i].end].trim();
    let b = l.as_bytes();
    let digits = |from: usize| {
        b[from.min(b.len())..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count()
    };
    let y = digits(0);
    if y != 4 || !matches!(b.get(4), Some(b'-' | b'/' | b'.')) {
        return None;
    }
    let m = digits(5);
    if !(1..=2).contains(&m) || !matches!(b.get(5 + m), Some(b'-' | b'/' | b'.')) {
        return None;
    }
    let d = digits(6 + m);
    if !(1..=2).contains(&d) || l.chars().count() > 200 {
        return None;
    }
    let next = ls.get(i + 1).map(|n| text[n.start..n.end].trim());
    let opens_address = l.ends_with('<');
    let has_name = l[6 + m + d..].chars().any(char::is_alphabetic);
    if !has_name {
        return None;
    }
    match next {
        Some(n) if opens_address && n.ends_with(">:") => Some(2),
        _ => Some(1),
    }
}

const FROM_KEYS: &[&str] = &[
    "from:",
    "de:",
    "от:",
    "von:",
    "van:",
    "od:",
    "da:",
    "från:",
    "fra:",
    "发件人:",
    "寄件者:",
];
const SENT_KEYS: &[&str] = &[
    "sent:",
    "date:",
    "enviado:",
    "enviado el:",
    "fecha:",
    "отправлено:",
    "дата:",
    "gesendet:",
    "datum:",
    "envoyé :",
    "envoyé:",
    "date :",
    "verzonden:",
    "wysłano:",
    "inviato:",
    "data:",
    "skickat:",
    "sendt:",
    "发送时间:",
];
const TO_KEYS: &[&str] = &[
    "to:",
    "para:",
    "кому:",
    "an:",
    "à :",
    "à:",
    "aan:",
    "do:",
    "a:",
    "till:",
    "til:",
    "subject:",
    "asunto:",
    "тема:",
    "betreff:",
    "objet :",
    "objet:",
    "onderwerp:",
    "temat:",
    "oggetto:",
    "assunto:",
    "ämne:",
    "emne:",
    "cc:",
    "收件人:",
    "主题:",
];

fn has_key(l: &str, keys: &[&str]) -> bool {
    // Every key ends with ':', which only ':' or '：' can be read as.
    // '：' is EF BC 9A: its lead byte is rare in mail text, so it is what memchr looks for.
    let b = l.as_bytes();
    // One pass for both.
    if !memchr::memchr2_iter(b':', 0xEF, b)
        .any(|i| b[i] == b':' || b[i + 1..].starts_with(&[0xBC, 0x9A]))
    {
        return false;
    }
    let t = l.trim_start_matches(|c: char| c.is_whitespace() || c == '*' || c == '>');
    // Read as written with `：` for `:` and without `*`, lowercased.
    let read = || {
        t.chars()
            .filter(|&c| c != '*')
            .map(|c| if c == '：' { ':' } else { c })
            .flat_map(char::to_lowercase)
    };
    keys.iter().any(|k| {
        let mut it = read();
        k.chars().all(|c| it.next() == Some(c))
    })
}

/// "From: ... Sent: ... To: ... Subject: ..." (Outlook and friends, several languages).
fn is_header_block(text: &str, ls: &[Line], i: usize) -> bool {
    let line = |k: usize| &text[ls[k].start..ls[k].end];
    if !has_key(line(i), FROM_KEYS) {
        return false;
    }
    let window = (i + 1..ls.len().min(i + 8)).map(line);
    let (mut sent, mut to) = (false, false);
    for l in window {
        sent |= has_key(l, SENT_KEYS);
        to |= has_key(l, TO_KEYS);
    }
    sent && to
}

const MOBILE: &[&str] = &[
    "sent from ",
    "sent via ",
    "sent with ",
    "sent by ",
    "sent using ",
    "get outlook for",
    "enviado desde ",
    "enviado con ",
    "enviado do meu",
    "отправлено с ",
    "отправлено из ",
    "отправлено через ",
    "envoyé de mon",
    "envoyé depuis mon",
    "von meinem",
    "gesendet von",
    "verzonden met",
    "sendt fra min",
    "skickat från min",
    "verstuurd vanaf",
    "inviato da",
    "wysłane z",
    "從我的",
    "发自我的",
];

const SIGN_OFFS: &[&str] = &[
    "best regards",
    "kind regards",
    "warm regards",
    "regards",
    "best wishes",
    "many thanks",
    "thanks and regards",
    "thanks & regards",
    "sincerely",
    "yours sincerely",
    "yours truly",
    "cheers",
    "best",
    "thanks",
    "thank you",
    "all the best",
    "saludos",
    "saludos cordiales",
    "un saludo",
    "un cordial saludo",
    "atentamente",
    "cordialmente",
    "muchas gracias",
    "gracias",
    "abrazos",
    "un abrazo",
    "с уважением",
    "с наилучшими пожеланиями",
    "всего доброго",
    "всего наилучшего",
    "спасибо",
    "заранее спасибо",
    "благодарю",
];

const FORWARD_FIRSTS: u128 = ascii_firsts(FORWARD_MARKERS);
const MOBILE_FIRSTS: u128 = ascii_firsts(MOBILE);
const SIGN_OFF_FIRSTS: u128 = ascii_firsts(SIGN_OFFS);

/// The ASCII first bytes of a (lowercase) marker list, as a set: most lines are told to
/// match none of its entries from their first char alone, before any entry is compared.
const fn ascii_firsts(list: &[&str]) -> u128 {
    let mut set = 0u128;
    let mut i = 0;
    while i < list.len() {
        if let Some(&b) = list[i].as_bytes().first()
            && b.is_ascii()
        {
            set |= 1 << b;
        }
        i += 1;
    }
    set
}

/// Whether an entry of the list whose first bytes are `firsts` may start with `first`
/// (a non-ASCII char is left to the entries to tell).
fn may_start(firsts: u128, first: char) -> bool {
    !first.is_ascii() || firsts & (1 << u32::from(first)) != 0
}

fn is_mobile_line(l: &str) -> bool {
    let t = l.trim().trim_start_matches(['(', '<', '[']);
    let Some(first) = lower_first(t) else {
        return false;
    };
    may_start(MOBILE_FIRSTS, first)
        && MOBILE
            .iter()
            .any(|m| m.starts_with(first) && lower_starts_with(t, m))
        && lower_len(t) <= 120
}

fn is_sign_off(l: &str) -> bool {
    let t = l.trim().trim_end_matches([',', '!', '.', ';', '-', ' ']);
    let Some(first) = lower_first(t) else {
        return false;
    };
    may_start(SIGN_OFF_FIRSTS, first)
        && l.trim().chars().nth(40).is_none()
        && SIGN_OFFS
            .iter()
            .any(|s| s.starts_with(first) && lower_eq(t, s))
}

/// Where the signature starts in the author's lines `from..to`, if anywhere.
fn signature_start(
    text: &str,
    ls: &[Line],
    from: usize,
    to: usize,
    had_text: bool,
) -> Option<usize> {
    let line = |k: usize| &text[ls[k].start..ls[k].end];
    let mut seen_text = had_text;
    for k in from..to {
        let l = line(k);
        // "-- " is the standard delimiter; "ᐧ" is the mark Gmail add-ons leave above one.
        let delimiter = l == "-- " || l.trim_end() == "--" || l.trim() == "ᐧ";
        if seen_text && (delimiter || is_mobile_line(l)) {
            return Some(k);
        }
        if seen_text && is_sign_off(l) {
            // The sign-off itself is the author's; a block of a few short lines under it
            // (name, title, phone) is the signature. A lone name is kept with the sign-off.
            let rest: Vec<usize> = (k + 1..to).filter(|&r| !is_blank(line(r))).collect();
            let short = rest.iter().all(|&r| line(r).trim().chars().count() <= 60);
            let contact = rest.iter().any(|&r| is_contact_line(line(r)));
            if short && rest.len() <= 6 && (rest.len() >= 2 || contact) {
                return Some(rest[0]);
            }
        }
        seen_text |= !is_blank(l);
    }
    if !seen_text {
        return None;
    }
    contact_block_start(text, ls, from, to)
        .filter(|&s| (from..s).any(|k| !is_blank(line(k))) || had_text)
}

/// A trailing block of name/title lines with at least two contact lines (address, phone,
/// web), or one under a separator line: a signature without a sign-off.
fn contact_block_start(text: &str, ls: &[Line], from: usize, to: usize) -> Option<usize> {
    let line = |k: usize| &text[ls[k].start..ls[k].end];
    let (mut start, mut contacts, mut names, mut separated) = (None, 0, 0, false);
    for k in (from..to).rev() {
        let l = line(k).trim();
        if l.is_empty() {
            continue;
        }
        if is_contact_line(l) {
            contacts += 1;
        } else if is_separator(l) {
            start = Some(k);
            separated = true;
            break;
        } else if names < 6
            && l.chars().count() <= 50
            && l.split_whitespace().count() <= 6
            && !l.ends_with(['.', '!', '?', ':', ',', ';'])
        {
            names += 1;
        } else {
            break;
        }
        start = Some(k);
    }
    // Underscores above a few short lines are a signature rule even without contacts.
    let underscored = separated && start.is_some_and(|k| line(k).trim().starts_with("_____"));
    (contacts >= 2 || (separated && contacts >= 1) || underscored).then_some(start?)
}

/// A line that is only an address, a URL or a phone number (with an optional label).
fn is_contact_line(l: &str) -> bool {
    let t = l.trim();
    // Read as lowercased without lowercasing the line (often a paragraph): its prefixes are
    // compared char by char, and its first ':' (or ". ") is where the line's is, no char
    // lowercasing to ASCII punctuation or space, after the line's lowercased prefix.
    if (lower_starts_with(t, "http") || lower_starts_with(t, "www.")) && !t.contains(' ') {
        return true;
    }
    let b = t.as_bytes();
    let mark = memchr::memchr(b':', b).or_else(|| memchr::memmem::find(b, b". "));
    // A char lowercases to a third of its bytes at the least (the Kelvin sign): a mark past
    // 24 bytes is past 8 in the lowercased line.
    let label_end = mark.filter(|&m| m <= 3 * 8).map(|m| {
        t[..m]
            .chars()
            .flat_map(char::to_lowercase)
            .map(char::len_utf8)
            .sum::<usize>()
    });
    let value = match label_end {
        Some(i)
            if i <= 8
                && t.get(..i)
                    .is_some_and(|l| l.chars().all(char::is_alphabetic)) =>
        {
            t.get(i + 1..).map_or(t, str::trim)
        }
        _ => t,
    };
    if value.is_empty() || value.contains(char::is_whitespace) && !looks_like_phone(value) {
        return false;
    }
    let address = value.contains('@') && value.contains('.');
    let url = lower_starts_with(value, "http") || lower_starts_with(value, "www.");
    address || url || looks_like_phone(value)
}

fn looks_like_phone(v: &str) -> bool {
    let digits = v.chars().filter(char::is_ascii_digit).count();
    digits >= 7
        && v.chars()
            .all(|c| c.is_ascii_digit() || " +-().ext".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `is_contact_line` as first written, on the whole line lowercased.
    fn contact_line_lowercased(l: &str) -> bool {
        let t = l.trim();
        let lower = t.to_lowercase();
        if (lower.starts_with("http") || lower.starts_with("www.")) && !t.contains(' ') {
            return true;
        }
        let value = match lower.find(':').or_else(|| lower.find(". ")) {
            Some(i) if i <= 8 && t[..i].chars().all(char::is_alphabetic) => t[i + 1..].trim(),
            _ => t,
        };
        if value.is_empty() || value.contains(char::is_whitespace) && !looks_like_phone(value) {
            return false;
        }
        let lower_value = value.to_lowercase();
        let address = value.contains('@') && value.contains('.');
        let url = lower_value.starts_with("http") || lower_value.starts_with("www.");
        address || url || looks_like_phone(value)
    }

    #[test]
    fn contact_lines_read_as_on_the_lowercased_line() {
        let lines = [
            "ana@example.com",
            "  Tel: +34 600 123 456 ",
            "Email: ana@example.com",
            "Web. www.example.com",
            "HTTPS://Example.com/x",
            "WWW.EXAMPLE.COM",
            "Móvil: +52 (55) 1234-5678 ext. 9",
            "Тел.: +7 495 123-45-67",
            "Почта: анна@пример.рф",
            "ẞtraße: x@y.z",
            "\u{212A}\u{212A}\u{212A}\u{212A}\u{212A}\u{212A}\u{212A}\u{212A}\u{212A}: 555 1234567",
            "ΣΣ: http://x.y",
            "İİ: www.x.y",
            "Kelvin\u{212A}: 1234567",
            "The meeting is at 10:30, see you there.",
            "Regards. Ana",
            "a. b@c.d",
            "http://has space",
            "",
            ":",
            ". ",
            "Phone:+1 (555) 010-9999",
            "verylonglabel: ana@example.com",
        ];
        let mut seen = [false; 2];
        for l in lines {
            let reference = std::panic::catch_unwind(|| contact_line_lowercased(l));
            if let Ok(reference) = reference {
                assert_eq!(is_contact_line(l), reference, "{l:?}");
                seen[usize::from(reference)] = true;
            }
        }
        assert_eq!(seen, [true, true]);
        // Where the first version's lowercased index fell inside a char, no panic now.
        assert!(!is_contact_line("ȺȺ: x"));
    }

    #[test]
    fn first_letter_sets_reject_only_lines_no_entry_starts_like() {
        for (list, firsts) in [
            (FORWARD_MARKERS, FORWARD_FIRSTS),
            (MOBILE, MOBILE_FIRSTS),
            (SIGN_OFFS, SIGN_OFF_FIRSTS),
        ] {
            for c in (0u8..128).map(char::from).chain(['é', 'с', '从']) {
                let some_entry = list.iter().any(|e| e.starts_with(c));
                assert!(may_start(firsts, c) || !some_entry, "{c:?}");
                if c.is_ascii() {
                    assert_eq!(may_start(firsts, c), some_entry, "{c:?}");
                }
            }
        }
        assert!(is_sign_off("Best regards,"));
        assert!(is_sign_off("С уважением,"));
        assert!(!is_sign_off("Besties"));
        assert!(is_mobile_line("Sent from my iPhone"));
        assert!(!is_mobile_line("Zent from my iPhone"));
        assert!(is_forward_marker("-----Original Message-----"));
        assert!(!is_forward_marker("Xoriginal message"));
    }

    #[test]
    fn header_keys_are_read_with_either_colon() {
        assert!(has_key("From: Ana", FROM_KEYS));
        assert!(has_key("  *От：* Анна", FROM_KEYS));
        assert!(has_key("> 发件人： 李", FROM_KEYS));
        assert!(has_key("Sent：Friday｡", SENT_KEYS));
        for l in ["From Ana", "From｡ Ana", "Fromｘ：Ana", "", "Отправлено"] {
            assert!(!has_key(l, FROM_KEYS), "{l:?}");
            assert!(!has_key(l, SENT_KEYS), "{l:?}");
        }
    }
}
