//! Finds the text the author did not write this time: quoted replies, forwarded and
//! Outlook-style embedded messages, and signatures. Works on lines, in every format.

use tactful_core::{Segment, SegmentKind, Span};

use crate::lines::{Line, lines, trim_span};

/// Quoted and signature segments of `text`, non-overlapping and in order.
pub fn foreign_segments(text: &str) -> Vec<Segment> {
    let ls = lines(text);
    let line = |i: usize| &text[ls[i].start..ls[i].end];
    let n = ls.len();
    // Per line: Some(kind) when it belongs to someone else's text.
    let mut kind: Vec<Option<SegmentKind>> = vec![None; n];

    let cut = find_cut(text, &ls);
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
        } else if let Some(h) = reply_header_len(text, &ls, i) {
            // The header counts only when a quote follows it (bottom-posted replies keep
            // the text after the quote); otherwise `find_cut` already took it to the end.
            let next = (i + h..authored_end).find(|&j| !line(j).trim().is_empty());
            if next.is_some_and(|j| is_quote_line(line(j))) {
                for k in &mut kind[i..i + h] {
                    *k = Some(SegmentKind::Quoted);
                }
            }
        }
    }

    // Signatures: in each run of the author's lines, from the first sign-off marker on.
    let mut i = 0;
    while i < authored_end {
        if kind[i].is_some() {
            i += 1;
            continue;
        }
        let run_start = i;
        while i < authored_end && kind[i].is_none() {
            i += 1;
        }
        let has_text_before =
            (0..run_start).any(|j| kind[j].is_none() && !line(j).trim().is_empty());
        if let Some(s) = signature_start(text, &ls, run_start, i, has_text_before) {
            for k in &mut kind[s..i] {
                *k = Some(SegmentKind::Signature);
            }
        }
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
            while b < n && kind[b].is_none() && line(b).trim().is_empty() {
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
    l.len() - t.len() <= 3 && t.starts_with('>')
}

fn is_blank(l: &str) -> bool {
    l.trim().is_empty()
}

/// A line made only of separator characters (Outlook's underscores, dashes).
fn is_separator(l: &str) -> bool {
    let t = l.trim();
    t.chars().count() >= 3 && t.chars().all(|c| matches!(c, '-' | '_' | '=' | '*' | '—'))
}

/// The first line of text that runs to the end as an embedded earlier message.
fn find_cut(text: &str, ls: &[Line]) -> Option<usize> {
    let line = |i: usize| &text[ls[i].start..ls[i].end];
    for i in 0..ls.len() {
        let l = line(i);
        if is_quote_line(l) || is_blank(l) {
            continue;
        }
        let hit = is_forward_marker(l)
            || is_header_block(text, ls, i)
            || reply_header_len(text, ls, i).is_some_and(|h| {
                // Top-posted: the earlier message follows without `>` marks.
                let next = (i + h..ls.len()).find(|&j| !is_blank(line(j)));
                next.is_none_or(|j| !is_quote_line(line(j)))
            });
        if hit {
            let mut start = i;
            while start > 0 && (is_blank(line(start - 1)) || is_separator(line(start - 1))) {
                start -= 1;
            }
            return Some(start);
        }
    }
    None
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
    let lower = t.to_lowercase();
    let lower = lower.trim_end_matches(':').trim();
    // Only a short marker line, not a sentence that mentions a forwarded message.
    l.trim().chars().count() <= 80
        && FORWARD_MARKERS.iter().any(|m| {
            lower == *m
                || (lower.starts_with(m) && l.trim_start().starts_with(['-', '_', '*', '=']))
                || (*m == "forwarded by" && lower.starts_with(m))
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
    "wrote the following",
];

const LEADS: &[&str] = &[
    "on ", "el ", "le ", "am ", "op ", "il ", "em ", "w dniu", "den ",
];

/// Lines taken by an "On <date>, <name> wrote:" header starting at `i` (it may wrap over up
/// to three lines), if there is one.
fn reply_header_len(text: &str, ls: &[Line], i: usize) -> Option<usize> {
    let mut joined = String::new();
    for k in 0..3 {
        let l = text.get(ls.get(i + k)?.start..ls[i + k].end)?;
        if is_blank(l) || (k > 0 && is_quote_line(l)) {
            return None;
        }
        if k > 0 {
            joined.push(' ');
        }
        joined.push_str(l.trim());
        let t = joined.trim_end_matches(['*', '_']).trim_end();
        if joined.chars().count() > 300 {
            return None;
        }
        if t.ends_with(':') || t.ends_with('：') {
            let lower = t.to_lowercase();
            let head = lower.trim_start_matches(['*', '_', ' ']);
            let wrote = WROTE.iter().any(|w| lower.contains(w));
            let dated = lower.chars().any(|c| c.is_ascii_digit()) || lower.contains('@');
            let lead = LEADS.iter().any(|p| head.starts_with(p));
            return (wrote && (dated || lead)).then_some(k + 1);
        }
    }
    None
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
    let t = l
        .trim_start_matches(|c: char| c.is_whitespace() || c == '*' || c == '>')
        .replace('：', ":")
        .replace('*', "");
    let lower = t.to_lowercase();
    keys.iter().any(|k| lower.starts_with(k))
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

fn is_mobile_line(l: &str) -> bool {
    let t = l.trim().trim_start_matches(['(', '<', '[']).to_lowercase();
    t.chars().count() <= 120 && MOBILE.iter().any(|m| t.starts_with(m))
}

fn is_sign_off(l: &str) -> bool {
    let t = l
        .trim()
        .trim_end_matches([',', '!', '.', ';', '-', ' '])
        .to_lowercase();
    l.trim().chars().count() <= 40 && SIGN_OFFS.contains(&t.as_str())
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
        let delimiter = l == "-- " || l.trim_end() == "--";
        if seen_text && (delimiter || is_mobile_line(l)) {
            return Some(k);
        }
        if seen_text && is_sign_off(l) {
            // A sign-off followed by a few short lines (name, title, phone) and nothing else.
            let rest: Vec<&str> = (k + 1..to).map(line).filter(|r| !is_blank(r)).collect();
            if rest.len() <= 6 && rest.iter().all(|r| r.trim().chars().count() <= 60) {
                return Some(k);
            }
        }
        seen_text |= !is_blank(l);
    }
    None
}
