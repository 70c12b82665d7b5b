//! RFC 5322 / MIME messages via mail-parser: metadata, the body as text, charset repair.

use mail_parser::{Address, Encoding, MessageParser, MimeHeaders, PartType};
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
    let msg = MessageParser::default().parse(bytes).ok_or_else(|| {
        ParseError::Malformed("not an e-mail message: no headers or body could be read".into())
    })?;
    let meta = EmailMeta {
        index,
        message_id: msg.message_id().map(str::to_string),
        date: msg.date().map(|d| d.to_rfc3339()),
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
        let transfer_decoded = if text.contains('\u{FFFD}') || legacy_label {
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
        if text.contains('\u{FFFD}')
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

fn address_text(a: &Address) -> String {
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
}
