//! RFC 5322 / MIME messages via mail-parser: metadata, the body as text, charset repair.

use std::borrow::Cow;
use std::sync::LazyLock;

use mail_parser::decoders::charsets::map::charset_decoder;
use mail_parser::decoders::quoted_printable::HEX_MAP;
use mail_parser::parsers::MessageStream;
use mail_parser::{
    Address, DateTime, Encoding, GetHeader, HeaderName, HeaderValue, Message, MessageParser,
    MimeHeaders, PartType,
};
use tactful_core::EmailMeta;

use crate::ParseError;
use crate::decode::guess_encoding;
use crate::html::html_to_text;

/// A message's body as text, its metadata, and what had to be guessed.
pub struct ParsedMail {
    pub text: String,
    pub meta: EmailMeta,
    /// Lines of the message before the body, when the body is a verbatim slice of it.
    pub body_line: Option<usize>,
    pub notices: Vec<String>,
}

pub fn parse_mail(bytes: &[u8], index: usize) -> Result<ParsedMail, ParseError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ParseError::Malformed("empty message".into()));
    }
    let msg = parse_message(bytes).ok_or_else(|| {
        ParseError::Malformed("not an e-mail message: no headers or body could be read".into())
    })?;
    let meta = EmailMeta {
        index,
        message_id: msg.message_id().map(str::to_string),
        date: msg.date().map(rfc3339),
        from: msg.from().map(address_text),
        to: msg.to().map(address_text),
        subject: msg.subject().map(str::to_string),
    };
    let mut notices = Vec::new();

    // Prefer text/plain; otherwise the first HTML part, converted.
    let plain = msg.text_body.iter().chain(&msg.html_body).find_map(|&id| {
        let part = msg.parts.get(id as usize)?;
        match &part.body {
            PartType::Text(t) => Some((part, t.to_string())),
            _ => None,
        }
    });
    let (part, mut text, from_html) = match plain {
        Some((p, t)) => (Some(p), t, false),
        None => match msg.html_body.iter().chain(&msg.text_body).find_map(|&id| {
            let part = msg.parts.get(id as usize)?;
            match &part.body {
                PartType::Html(h) => Some((part, h.to_string())),
                _ => None,
            }
        }) {
            Some((p, h)) => {
                notices.push("HTML-only message: converted to text".into());
                (Some(p), h, true)
            }
            None => {
                notices.push("message has no text body".into());
                (None, String::new(), false)
            }
        },
    };

    let mut body_line = None;
    if let Some(part) = part {
        let charset = part
            .content_type()
            .and_then(|ct| ct.attribute("charset"))
            .map(str::to_string);
        if let Some(cs) = &charset {
            let known = encoding_rs::Encoding::for_label(cs.trim().as_bytes()).is_some()
                || cs.eq_ignore_ascii_case("us-ascii")
                || cs.eq_ignore_ascii_case("utf-7");
            if !known {
                notices.push(format!(
                    "unknown charset \"{cs}\": decoded as UTF-8 where possible"
                ));
            }
        }
        if part.is_encoding_problem {
            notices.push(
                "malformed MIME part (bad boundary or transfer encoding): read best effort".into(),
            );
        }
        let start = (part.offset_body as usize).min(bytes.len());
        let end = (part.offset_end as usize).clamp(start, bytes.len());
        let raw = &bytes[start..end];
        // The raw body's bytes are needed only to repair a charset: a body with replacement
        // characters, or one labelled with a legacy charset.
        let legacy_label = charset
            .as_ref()
            .is_some_and(|cs| !cs.trim().to_ascii_lowercase().starts_with("utf"));
        // Looked for by memmem, whose rare-byte search is not stopped by every Cyrillic "н"
        // (D0 BD), as the char search, led by U+FFFD's last byte (BD), is.
        let replaced = memchr::memmem::find(text.as_bytes(), "\u{FFFD}".as_bytes()).is_some();
        let transfer_decoded = if replaced || legacy_label {
            match part.encoding {
                Encoding::None => Some(raw.to_vec()),
                Encoding::QuotedPrintable => {
                    mail_parser::decoders::quoted_printable::quoted_printable_decode(raw)
                }
                Encoding::Base64 => mail_parser::decoders::base64::base64_decode(raw),
            }
        } else {
            None
        };
        // Bytes that are not valid in the declared charset (often: none declared, or a
        // wrong "utf-8"): detect the real one instead of keeping replacement characters.
        if replaced
            && let Some(decoded) = &transfer_decoded
            && std::str::from_utf8(decoded).is_err()
        {
            let enc = guess_encoding(decoded);
            let (redecoded, _, _) = enc.decode(decoded);
            text = redecoded.into_owned();
            notices.push(format!(
                "body is not valid {}: decoded as {} (detected, may be wrong)",
                charset.as_deref().unwrap_or("UTF-8"),
                enc.name().to_ascii_lowercase()
            ));
        }
        // A legacy label on a body that is valid UTF-8 with non-ASCII text is a wrong label
        // (legacy text is almost never valid multi-byte UTF-8 by chance): read it as UTF-8.
        if let (Some(cs), Some(decoded)) = (&charset, &transfer_decoded)
            && legacy_label
            && !decoded.is_ascii()
            && let Ok(utf8) = std::str::from_utf8(decoded)
            && utf8 != text
        {
            text = utf8.to_string();
            notices.push(format!(
                "declared charset \"{cs}\" but the body is valid UTF-8: read as UTF-8"
            ));
        }
        // The raw body is valid UTF-8 starting with the text: the text being valid, only the
        // bytes after it need checking.
        if part.encoding == Encoding::None
            && !from_html
            && raw.starts_with(text.as_bytes())
            && std::str::from_utf8(&raw[text.len()..]).is_ok()
        {
            body_line = Some(bytes[..start].iter().filter(|&&b| b == b'\n').count());
        }
    }
    if from_html {
        text = html_to_text(&text);
    }
    Ok(ParsedMail {
        text,
        meta,
        body_line,
        notices,
    })
}

/// The message as `MessageParser::default()` reads it. A single-part text message is read
/// by a parser that leaves the transfer encoding alone, and its quoted-printable body decoded
/// here, a run of plain bytes at a time, instead of by mail-parser byte by byte (the body's
/// decoding was most of the parse); every other message, and a body mail-parser's decoder
/// would reject, is read by the default parser.
fn parse_message(bytes: &[u8]) -> Option<Message<'_>> {
    single_text_part(bytes).or_else(|| MessageParser::default().parse(bytes))
}

/// The default parser's header table (`MessageStream::parse_headers` with an empty map), but
/// for Content-Transfer-Encoding, which is skipped so that no body is transfer-decoded.
static UNDECODED: LazyLock<MessageParser> = LazyLock::new(|| {
    use HeaderName::*;
    let mut p = MessageParser::new();
    for h in [Subject, Comments, ContentDescription, ContentLocation] {
        p = p.header_text(h);
    }
    for h in [
        From,
        To,
        Cc,
        Bcc,
        ReplyTo,
        Sender,
        ResentTo,
        ResentFrom,
        ResentBcc,
        ResentCc,
        ResentSender,
        ListArchive,
        ListHelp,
        ListId,
        ListOwner,
        ListPost,
        ListSubscribe,
        ListUnsubscribe,
    ] {
        p = p.header_address(h);
    }
    for h in [Date, ResentDate] {
        p = p.header_date(h);
    }
    for h in [
        MessageId,
        References,
        InReplyTo,
        ReturnPath,
        ContentId,
        ResentMessageId,
    ] {
        p = p.header_id(h);
    }
    for h in [Keywords, ContentLanguage] {
        p = p.header_comma_separated(h);
    }
    p.header_received(Received)
        .header_raw(MimeVersion)
        .header_content_type(ContentType)
        .header_content_type(ContentDisposition)
        .ignore_header(ContentTransferEncoding)
});

/// A single-part text message as the default parser reads it, or `None` to leave the message
/// to the default parser (multipart, nested, base64, or a quoted-printable body its decoder
/// gives up on). Only the header block is given to mail-parser, which would otherwise turn the
/// whole body into text (byte by byte) before it is transfer-decoded here; the body is then
/// converted as mail-parser converts it.
fn single_text_part(bytes: &[u8]) -> Option<Message<'_>> {
    let mut msg = header_block(bytes)?;
    let [part] = msg.parts.as_mut_slice() else {
        return None;
    };
    if !matches!(part.body, PartType::Text(_) | PartType::Html(_))
        || part
            .content_type()
            .is_some_and(|ct| matches!(ct.ctype(), "message" | "multipart"))
    {
        return None;
    }
    // The skipped headers' values, as the default parser reads them.
    for h in &mut part.headers {
        if h.name == HeaderName::ContentTransferEncoding {
            h.value = MessageStream::new(&bytes[h.offset_start as usize..h.offset_end as usize])
                .parse_unstructured();
        }
    }
    let encoding = match part
        .headers
        .header_value(&HeaderName::ContentTransferEncoding)
    {
        Some(HeaderValue::Text(e)) if e.eq_ignore_ascii_case("base64") => return None,
        Some(HeaderValue::Text(e)) if e.eq_ignore_ascii_case("quoted-printable") => {
            Encoding::QuotedPrintable
        }
        _ => Encoding::None,
    };
    let body = bytes.get(part.offset_body as usize..)?;
    let charset = part
        .content_type()
        .and_then(|ct| ct.attribute("charset"))
        .and_then(|c| charset_decoder(c.as_bytes()));
    // The default parser's conversion of a (decoded) body to text.
    let text: Cow<str> = if encoding == Encoding::QuotedPrintable {
        let decoded = decode_quoted_printable(body)?;
        match charset {
            Some(decode) => decode(&decoded).into(),
            None => String::from_utf8(decoded)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
                .into(),
        }
    } else {
        match charset {
            Some(decode) => decode(body).into(),
            // `from_utf8_lossy`, with valid UTF-8 checked by the fast validator.
            None => std::str::from_utf8(body)
                .map_or_else(|_| String::from_utf8_lossy(body), Cow::Borrowed),
        }
    };
    part.body = match part.body {
        PartType::Html(_) => PartType::Html(text),
        _ => PartType::Text(text),
    };
    part.encoding = encoding;
    part.offset_end = bytes.len() as u32;
    msg.raw_message = bytes.into();
    Some(msg)
}

/// The message's header block as [`UNDECODED`] reads the whole message, with an empty body
/// starting where the body starts; `None` where the block does not end at the first blank
/// line (or there is none), to read the message whole.
fn header_block(bytes: &[u8]) -> Option<Message<'_>> {
    // Just past the first empty line: "\n\n" or "\n\r\n".
    let end = memchr::memchr_iter(b'\n', bytes).find_map(|i| match bytes.get(i + 1..) {
        Some([b'\n', ..]) => Some(i + 2),
        Some([b'\r', b'\n', ..]) => Some(i + 3),
        _ => None,
    })?;
    // The parser stops at the empty line without looking past it, as it does in the whole
    // message; a block that ran to the end instead (an empty line swallowed by a header
    // value) is read as a message without a body, with an encoding problem.
    let msg = UNDECODED.parse(&bytes[..end])?;
    let [part] = msg.parts.as_slice() else {
        return None;
    };
    (part.offset_body as usize == end && !part.is_encoding_problem).then_some(msg)
}

/// mail-parser's quoted-printable decoding of a part without a boundary
/// (`MessageStream::decode_quoted_printable_mime` with an empty one), quirks included: `None`
/// where it gives up ("==", an '=' after "=X"). Runs without '=' or line ends are copied whole.
fn decode_quoted_printable(raw: &[u8]) -> Option<Vec<u8>> {
    #[derive(PartialEq)]
    enum State {
        None,
        Eq,
        Hex1(i8),
    }
    let mut buf = Vec::with_capacity(raw.len());
    let mut state = State::None;
    // Trailing spaces and tabs of the current line, dropped at its end.
    let mut ws_count = 0;
    let mut crlf: &[u8] = b"\n";
    let mut i = 0;
    while i < raw.len() {
        let ch = raw[i];
        match ch {
            // The common forms are read whole: escapes "=XY", in runs (every byte of non-ASCII
            // text is one), and a soft line break "=\n".
            b'=' if state == State::None => {
                let run_start = i;
                while let Some(&[b'=', x, y]) = raw.get(i..i + 3) {
                    let (hi, lo) = (HEX_MAP[usize::from(x)], HEX_MAP[usize::from(y)]);
                    if hi == -1 || lo == -1 {
                        break;
                    }
                    buf.push(((hi as u8) << 4) | lo as u8);
                    i += 3;
                }
                if i > run_start {
                    ws_count = 0;
                    continue;
                }
                if raw.get(i + 1) == Some(&b'\n') {
                    ws_count = 0;
                    i += 2;
                    continue;
                }
                state = State::Eq;
            }
            b'=' => return None,
            b'\n' => {
                if state == State::Eq {
                    state = State::None;
                } else {
                    buf.truncate(buf.len() - ws_count);
                    buf.extend_from_slice(crlf);
                }
                ws_count = 0;
            }
            b'\r' => crlf = b"\r\n",
            _ => match state {
                State::None => {
                    // The whole run up to the next '=' or line end, as it is: the first bytes
                    // looked at one by one (runs between escapes are short), then by memchr.
                    let special = |b: &u8| matches!(b, b'=' | b'\n' | b'\r');
                    let near = raw[i..raw.len().min(i + 16)].iter().position(special);
                    let end = match near {
                        Some(n) => i + n,
                        None if raw.len() <= i + 16 => raw.len(),
                        None => memchr::memchr3(b'=', b'\n', b'\r', &raw[i + 16..])
                            .map_or(raw.len(), |n| i + 16 + n),
                    };
                    let run = &raw[i..end];
                    let trailing = run
                        .iter()
                        .rev()
                        .take_while(|b| b.is_ascii_whitespace())
                        .count();
                    ws_count = if trailing == run.len() {
                        ws_count + trailing
                    } else {
                        trailing
                    };
                    buf.extend_from_slice(run);
                    i = end;
                    continue;
                }
                State::Eq => {
                    let hex1 = HEX_MAP[usize::from(ch)];
                    if hex1 != -1 {
                        state = State::Hex1(hex1);
                    } else if !ch.is_ascii_whitespace() {
                        state = State::None;
                        buf.extend_from_slice(&[b'=', ch]);
                        ws_count = 0;
                    }
                }
                State::Hex1(hex1) => {
                    let hex2 = HEX_MAP[usize::from(ch)];
                    state = State::None;
                    if hex2 != -1 {
                        buf.push(((hex1 as u8) << 4) | hex2 as u8);
                    } else {
                        buf.extend_from_slice(&[b'=', raw[i - 1], ch]);
                    }
                    ws_count = 0;
                }
            },
        }
        i += 1;
    }
    Some(buf)
}

/// `DateTime::to_rfc3339`, written digit by digit instead of through `format!`.
fn rfc3339(d: &DateTime) -> String {
    fn push(out: &mut String, n: impl Into<u32>, width: usize) {
        let n = n.into();
        let mut digits = [b'0'; 10];
        let mut len = 0;
        let mut rest = n;
        while rest > 0 || len < width {
            digits[len] = b'0' + (rest % 10) as u8;
            rest /= 10;
            len += 1;
        }
        out.extend(digits[..len].iter().rev().map(|&b| char::from(b)));
    }
    let mut out = String::with_capacity(25);
    push(&mut out, d.year, 4);
    for (sep, n) in [
        ('-', d.month),
        ('-', d.day),
        ('T', d.hour),
        (':', d.minute),
        (':', d.second),
    ] {
        out.push(sep);
        push(&mut out, n, 2);
    }
    if d.tz_hour != 0 || d.tz_minute != 0 {
        out.push(if d.tz_before_gmt { '-' } else { '+' });
        push(&mut out, d.tz_hour, 2);
        out.push(':');
        push(&mut out, d.tz_minute, 2);
    } else {
        out.push('Z');
    }
    out
}

/// The addresses as "Name <address>", "address" or "Name", joined by ", ", written into one
/// string.
fn address_text(a: &Address) -> String {
    let mut out = String::new();
    for addr in a.iter() {
        // The name and the address, or the one there is (not empty).
        let (first, address) = match (addr.name(), addr.address()) {
            (Some(n), Some(e)) => (n, Some(e)),
            (Some(s), None) | (None, Some(s)) if !s.is_empty() => (s, None),
            _ => continue,
        };
        if !out.is_empty() {
            out.push_str(", ");
        }
        out.push_str(first);
        if let Some(e) = address {
            out.push_str(" <");
            out.push_str(e);
            out.push('>');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_written_as_the_joined_list_of_each() {
        let joined = |a: &Address| {
            a.iter()
                .map(|addr| match (addr.name(), addr.address()) {
                    (Some(n), Some(e)) => format!("{n} <{e}>"),
                    (None, Some(e)) => e.to_string(),
                    (Some(n), None) => n.to_string(),
                    (None, None) => String::new(),
                })
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut seen = 0;
        for field in [
            "Ana <ana@x.org>",
            "ana@x.org, Bob <bob@y.org>, \"Doe, Jane\" <jane@z.org>",
            "undisclosed-recipients:;",
            "Team: ana@x.org, Bob <bob@y.org>;, carl@z.org",
            "\"\" <empty@name.org>, <>, Just A Name",
            "=?utf-8?q?Jos=C3=A9?= <jose@x.es>, (comment only)",
        ] {
            let raw = format!("From: {field}\nTo: {field}\n\nBody\n");
            let msg = MessageParser::default()
                .parse(raw.as_bytes())
                .expect("a message");
            for a in [msg.from(), msg.to()].into_iter().flatten() {
                assert_eq!(address_text(a), joined(a), "{field}");
                seen += 1;
            }
        }
        assert!(seen >= 10, "{seen}");
    }

    #[test]
    fn dates_are_written_as_mail_parser_writes_them() {
        let mut n = 0;
        for year in [0u16, 7, 99, 999, 2024, 9999, 10000, 65535] {
            for small in [0u8, 1, 9, 10, 59, 99, 100, 255] {
                for (tz_hour, tz_minute) in [(0, 0), (0, 30), (5, 0), (14, 45), (100, 7)] {
                    for tz_before_gmt in [false, true] {
                        let d = DateTime {
                            year,
                            month: small,
                            day: small.wrapping_add(1),
                            hour: small / 3,
                            minute: small,
                            second: 255 - small,
                            tz_before_gmt,
                            tz_hour,
                            tz_minute,
                        };
                        assert_eq!(rfc3339(&d), d.to_rfc3339(), "{d:?}");
                        n += 1;
                    }
                }
            }
        }
        assert_eq!(n, 8 * 8 * 5 * 2);
    }

    /// Messages whose every quirk the fast path must read as mail-parser does.
    const MESSAGES: &[&[u8]] = &[
        b"From: a@b.c\nSubject: plain\n\nNo transfer encoding at all.\n",
        b"From: a@b.c\nContent-Transfer-Encoding: quoted-printable\n\nSoft=\nbreak, caf=C3=A9, trailing   \nspaces\t \n=3D and =3d, bad =ZZ and =4Q, lone = sign\nend=",
        b"From: a@b.c\r\nContent-Transfer-Encoding: Quoted-Printable\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nCRLF=\r\nsoft, =C3=B1 and =\r\n\r\n  \r\nlast line  ",
        b"From: a@b.c\nContent-Transfer-Encoding: quoted-printable\nContent-Type: text/plain; charset=iso-8859-1\n\nLatin-1: se=F1or, ni=F1o.\n",
        b"From: a@b.c\nContent-Transfer-Encoding: quoted-printable\nContent-Type: text/html\n\n<p>Hello =\n<b>there</b></p>\n",
        b"From: a@b.c\nContent-Transfer-Encoding: quoted-printable\n\nRejected: a == b.\n",
        b"From: a@b.c\nContent-Transfer-Encoding: quoted-printable\n\nRejected: =A=.\n",
        b"From: a@b.c\nContent-Transfer-Encoding: quoted-printable\n\nHex then break =A\nB and =  \ttabs after equals, \x0cform feed\x0c\n",
        b"From: a@b.c\nContent-Transfer-Encoding: quoted-printable\n\nBytes \xff\xfe invalid UTF-8 =FF\n",
        b"From: a@b.c\nContent-Transfer-Encoding:\n quoted-printable\n\nFolded header value=\n.\n",
        b"From: a@b.c\nContent-Transfer-Encoding: =?utf-8?q?quoted-printable?=\n\nEncoded-word header =41.\n",
        b"From: a@b.c\nContent-Transfer-Encoding: base64\n\nSGVsbG8gd29ybGQ=\n",
        b"From: a@b.c\nContent-Transfer-Encoding: 8bit\n\nEight bit: \xc3\xa9\n",
        b"From: a@b.c\nContent-Transfer-Encoding: quoted-printable\nContent-Transfer-Encoding: 7bit\n\nTwo headers =41\n",
        b"From: a@b.c\nContent-Type: message/rfc822\nContent-Transfer-Encoding: quoted-printable\n\nFrom: c@d.e\nSubject: inner\n\nInner =41 body\n",
        b"From: a@b.c\nContent-Type: multipart/alternative; boundary=\"XX\"\n\n--XX\nContent-Type: text/plain\nContent-Transfer-Encoding: quoted-printable\n\nPart =41\n--XX\nContent-Type: text/html\n\n<p>B</p>\n--XX--\n",
        b"From: a@b.c\nContent-Type: multipart/mixed; boundary=\"missing\"\nContent-Transfer-Encoding: quoted-printable\n\nNo boundary =41 here\n",
        b"From: a@b.c\nContent-Type: image/png\nContent-Transfer-Encoding: quoted-printable\n\n=89PNG\n",
        b"From: a@b.c\nContent-Transfer-Encoding: quoted-printable\n\n",
        b"From: a@b.c\nContent-Transfer-Encoding: quoted-printable\n\nEq and blanks =\t \nthen =4\nhalf, =\r\nends mid escape =A",
        b"Subject: no body",
        b"From: a@b.c\nSubject: a blank-looking line\n   \nX-After: still a header?\n\nBody =41 after.\n",
        b"From: a@b.c\nSubject: folded\n\tacross a tab line\n\t\nBody\n",
        b"From: a@b.c\r\nSubject: CRLF\r\n\r\nBody\r\nline two\r\n",
        b"From: a@b.c\nSubject: mixed ends\n\r\nBody after a CRLF empty line\n",
        b"\nFrom: a@b.c\n\nLeading empty line\n",
        b"From: a@b.c\nContent-Type: text/calendar\n\nBEGIN:VCALENDAR\n",
        b"From: a@b.c\nContent-Type: text/plain\nContent-Disposition: attachment; filename=a.txt\n\nAttached text\n",
        b"From: a@b.c\nContent-Type: text/html; charset=windows-1251\n\n<p>\xcf\xf0\xe8\xe2\xe5\xf2</p>\n",
        b"From: a@b.c\nContent-Type: text/plain; charset=utf-8\n\nInvalid \xff UTF-8 and caf\xc3\xa9\n",
        b"From: a@b.c\nSubject: empty body\n\n",
        b"From: a@b.c\nContent-Type: multipart/mixed\n\nNo boundary parameter\n",
    ];

    /// The fast path, where it answers, gives the default parser's message exactly.
    fn agrees(bytes: &[u8]) -> bool {
        let fast = single_text_part(bytes);
        if let Some(fast) = &fast {
            assert_eq!(
                Some(fast),
                MessageParser::default().parse(bytes).as_ref(),
                "{}",
                String::from_utf8_lossy(bytes)
            );
        }
        fast.is_some()
    }

    #[test]
    fn single_part_messages_read_as_the_default_parser_reads_them() {
        let taken: Vec<bool> = MESSAGES.iter().map(|m| agrees(m)).collect();
        // Plain and quoted-printable single parts are read here; rejected bodies, base64,
        // nested and multipart messages, and a message without an empty line after its
        // header block, are left to the default parser.
        assert_eq!(
            taken,
            [
                true, true, true, true, true, false, false, true, true, true, true, false, true,
                true, false, false, false, false, true, true, false, true, false, true, true,
                false, true, true, true, true, true, false
            ]
        );
    }

    /// Every message of the repository's corpora and fixtures, and of the generated benchmark
    /// corpus when present. (Also run, once, on everything under bench/out and
    /// /work/shared/corpora-public: 383,921 messages, 383,738 read by the fast path, all
    /// identical.)
    #[test]
    fn corpus_messages_read_as_the_default_parser_reads_them() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut stack = vec![
            root.join("corpora"),
            root.join("crates/tactful-ingest/tests/fixtures"),
            root.join("bench/out/corpus-5"),
        ];
        let (mut seen, mut taken) = (0, 0);
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for path in entries.flatten().map(|e| e.path()) {
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let ext = path.extension().and_then(|e| e.to_str());
                let bytes = std::fs::read(&path).expect("readable corpus file");
                let messages: Vec<Vec<u8>> = match ext {
                    Some("eml") => vec![bytes],
                    Some("mbox") => crate::MboxReader::new(&bytes[..])
                        .map(|m| m.expect("in-memory mbox").bytes)
                        .collect(),
                    _ => continue,
                };
                for m in messages {
                    seen += 1;
                    taken += usize::from(agrees(&m));
                }
            }
        }
        assert!(seen > 0 && taken > 0, "{seen} messages, {taken} fast");
    }
}
