//! Bytes in, [`Document`]s out: decoding, format detection, parsing and segmentation.
//!
//! Every format goes through the same last steps: the reply/signature splitter marks text
//! the author did not write this time, a format-specific pass finds paragraphs, list items,
//! turns and code, sentences are split over the authored segments, and the language is
//! judged on those segments only.

mod decode;
mod email;
mod html;
mod lang;
mod lines;
mod markdown;
mod mbox;
mod segment;
mod sentences;
mod split;

use std::path::Path;

use tactful_core::{Document, Format, Lang, LanguageStatus, SegmentKind};

pub use decode::looks_binary;
pub use mbox::{MAX_MESSAGE_BYTES, MboxMessage, MboxReader};

#[derive(Debug, Clone, Default)]
pub struct ParseOptions {
    /// Forces the language instead of detecting it.
    pub lang: Option<Lang>,
}

/// Why a file could not be turned into documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// Not text (NUL bytes, an image...): skipped with a notice, not an error.
    Binary,
    Malformed(String),
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ParseError::Binary => f.write_str("binary file skipped"),
            ParseError::Malformed(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for ParseError {}

/// Picks the format from the file name, then from the content: an mbox starts with a
/// "From " line, an e-mail with RFC 5322 header fields. Markdown is known by extension only.
pub fn detect_format(path: Option<&Path>, bytes: &[u8]) -> Format {
    let ext = path
        .and_then(|p| p.extension())
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("md" | "markdown" | "mdown" | "mkd" | "mkdn") => return Format::Markdown,
        Some("eml") => return Format::Eml,
        Some("mbox" | "mbx") => return Format::Mbox,
        _ => {}
    }
    let mut head = &bytes[..bytes.len().min(4096)];
    while let Some(rest) = head.strip_prefix("\u{FEFF}".as_bytes()) {
        head = rest;
    }
    if head.starts_with(b"From ") && head_lines(head).nth(1).is_some_and(|l| is_header_field(&l)) {
        return Format::Mbox;
    }
    if looks_like_headers(head) {
        return Format::Eml;
    }
    Format::Plain
}

/// `utf8_lossy(head).lines()`, each line converted on its own when it is read: the first
/// lines usually settle the format, and no invalid sequence spans a line break (the
/// conversion of a line is the same alone or in the whole).
fn head_lines(head: &[u8]) -> impl Iterator<Item = std::borrow::Cow<'_, str>> {
    let mut rest = head;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let line = match memchr::memchr(b'\n', rest) {
            Some(i) => {
                let line = &rest[..i];
                rest = &rest[i + 1..];
                line.strip_suffix(b"\r").unwrap_or(line)
            }
            None => std::mem::take(&mut rest),
        };
        Some(utf8_lossy(line))
    })
}

/// `String::from_utf8_lossy`, with valid UTF-8 (almost every file) checked by the fast
/// validator instead of the chunk-by-chunk one the lossy conversion runs.
fn utf8_lossy(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.into(),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

const MAIL_FIELDS: &[&str] = &[
    "from",
    "to",
    "subject",
    "date",
    "message-id",
    "mime-version",
    "received",
    "return-path",
    "delivered-to",
    "content-type",
    "reply-to",
    "x-mailer",
];

fn header_name(line: &str) -> Option<&str> {
    let colon = line.find(':')?;
    let name = &line[..colon];
    (!name.is_empty()
        && name.len() <= 40
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
    .then_some(name)
}

fn is_header_field(line: &str) -> bool {
    header_name(line).is_some()
}

/// The first lines are header fields (with folded continuations) and at least two of them
/// are standard mail fields.
fn looks_like_headers(head: &[u8]) -> bool {
    let mut known = 0;
    for (i, line) in head_lines(head).take(40).enumerate() {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            break;
        }
        if i > 0 && line.starts_with([' ', '\t']) {
            continue;
        }
        match header_name(line) {
            Some(name) => {
                if MAIL_FIELDS.contains(&name.to_ascii_lowercase().as_str()) {
                    known += 1;
                }
            }
            None => return false,
        }
    }
    known >= 2
}

/// Parses one input into its documents (one for most formats, one per message for mbox).
pub fn parse(
    bytes: &[u8],
    format: Format,
    opts: &ParseOptions,
) -> Result<Vec<Document>, ParseError> {
    match format {
        Format::Plain | Format::Markdown => {
            let decoded = decode::decode_text(bytes)?;
            let mut doc = build_document(decoded.text, format, opts);
            doc.notices.extend(decoded.notice);
            Ok(vec![doc])
        }
        Format::Eml => {
            // A message may carry binary parts (UTF-16 text, "binary" transfer encoding):
            // only NUL bytes without a header block mean the file is not mail at all.
            if looks_binary(bytes) && !looks_like_headers(&bytes[..bytes.len().min(4096)]) {
                return Err(ParseError::Binary);
            }
            // Nothing to check is not a broken message.
            if bytes.iter().all(u8::is_ascii_whitespace) {
                let mut doc = build_document(String::new(), Format::Eml, opts);
                doc.notices.push("empty message: nothing to check".into());
                return Ok(vec![doc]);
            }
            Ok(vec![parse_message(bytes, 0, 0, Format::Eml, opts)?])
        }
        Format::Mbox => {
            if mbox_looks_binary(bytes) {
                return Err(ParseError::Binary);
            }
            let mut docs = Vec::new();
            parse_mbox_stream(bytes, opts, |_, doc| docs.push(doc))
                .map_err(|e| ParseError::Malformed(e.to_string()))?;
            Ok(docs)
        }
    }
}

/// Whether an mbox, judged by its first KB, is not text at all.
pub fn mbox_looks_binary(head: &[u8]) -> bool {
    looks_binary(head) && !head.starts_with(b"From ")
}

/// Reads an mbox message by message, handing each one and its document to `each` as soon as
/// it is parsed, so a mailbox of any size is never held whole. Only an I/O error stops it.
pub fn parse_mbox_stream<R: std::io::BufRead>(
    reader: R,
    opts: &ParseOptions,
    mut each: impl FnMut(&MboxMessage, Document),
) -> std::io::Result<()> {
    read_mbox_stream(reader, |msg| {
        let doc = mbox_message_document(&msg, opts);
        each(&msg.message, doc);
    })
}

/// One message as [`read_mbox_stream`] reads it: not parsed yet.
#[derive(Debug)]
pub struct MboxItem {
    pub message: MboxMessage,
    /// The mailbox did not start with a "From " line (said on its first message only).
    pub missing_first_separator: bool,
}

/// Reads an mbox message by message without parsing the messages, so that a caller can parse
/// them on other threads ([`mbox_message_document`]). Only an I/O error stops it.
pub fn read_mbox_stream<R: std::io::BufRead>(
    reader: R,
    mut each: impl FnMut(MboxItem),
) -> std::io::Result<()> {
    let mut reader = MboxReader::new(reader);
    while let Some(msg) = reader.next() {
        let message = msg?;
        let missing_first_separator = message.index == 0 && reader.missing_first_separator();
        each(MboxItem {
            message,
            missing_first_separator,
        });
    }
    Ok(())
}

/// The document of a message read by [`read_mbox_stream`], as [`parse_mbox_stream`] gives it.
pub fn mbox_message_document(item: &MboxItem, opts: &ParseOptions) -> Document {
    let mut doc = mbox_document(&item.message, opts);
    if item.missing_first_separator {
        doc.notices
            .push("mbox does not start with a \"From \" line: read as one message".into());
    }
    doc
}

/// One mbox message as a document; a message that cannot be read becomes an empty
/// document with a notice, so the other messages and their indexes are kept.
pub fn mbox_document(msg: &MboxMessage, opts: &ParseOptions) -> Document {
    if msg.oversized {
        return unread_message(
            msg.index,
            format!(
                "message {} is over the {} MB limit for one message: not checked",
                msg.index + 1,
                mbox::MAX_MESSAGE_BYTES >> 20
            ),
        );
    }
    match parse_message(&msg.bytes, msg.index, msg.first_line, Format::Mbox, opts) {
        Ok(doc) => doc,
        Err(e) => unread_message(
            msg.index,
            format!("message {} could not be read: {e}", msg.index + 1),
        ),
    }
}

fn unread_message(index: usize, notice: String) -> Document {
    let mut doc = Document::plain(String::new(), Format::Mbox);
    doc.email = Some(tactful_core::EmailMeta {
        index,
        ..Default::default()
    });
    doc.notices.push(notice);
    doc
}

/// Parses one RFC 5322 message. `first_line` is the 0-based file line where its bytes
/// start (non-zero inside an mbox), so line numbers in the body match the file.
pub fn parse_message(
    bytes: &[u8],
    index: usize,
    first_line: usize,
    format: Format,
    opts: &ParseOptions,
) -> Result<Document, ParseError> {
    let mail = email::parse_mail(bytes, index)?;
    let mut doc = build_document(mail.text, format, opts);
    doc.email = Some(mail.meta);
    doc.line_offset = mail.body_line.map_or(0, |l| l + first_line);
    doc.notices.extend(mail.notices);
    Ok(doc)
}

/// Segments, sentences and language for a decoded text.
pub fn build_document(text: String, format: Format, opts: &ParseOptions) -> Document {
    let mut doc = Document::plain(text, format);
    let lines = lines::lines(&doc.text);
    let fine = match format {
        Format::Markdown => markdown::markdown_segments(&doc.text),
        _ => segment::plain_segments(&doc.text, &lines),
    };
    let foreign = split::foreign_segments(&doc.text, &lines);
    doc.segments = segment::overlay(&doc.text, fine, &foreign);
    doc.sentences = sentences::sentences(&doc.text, &doc.segments);
    match opts.lang {
        Some(lang) => {
            doc.lang = Some(lang);
            doc.language_status = LanguageStatus::Forced;
        }
        None => (doc.lang, doc.language_status) = lang::detect(&doc.text, &doc.segments),
    }
    doc
}

/// The text with the segments of the given kinds removed (everything else, gaps included),
/// trimmed. With `[Quoted, Signature]` it is what a reply trimmer keeps.
pub fn text_without(doc: &Document, kinds: &[SegmentKind]) -> String {
    let mut out = String::new();
    let mut pos = 0;
    for seg in doc.segments.iter().filter(|s| kinds.contains(&s.kind)) {
        out.push_str(&doc.text[pos..seg.span.start]);
        pos = seg.span.end;
    }
    out.push_str(&doc.text[pos..]);
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The format guess as first written: on the whole head converted at once.
    fn format_of_whole_head(bytes: &[u8]) -> Format {
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
        let head = head.trim_start_matches('\u{FEFF}');
        let headers = |head: &str| {
            let mut known = 0;
            for (i, line) in head.lines().take(40).enumerate() {
                let line = line.trim_end_matches('\r');
                if line.is_empty() {
                    break;
                }
                if i > 0 && line.starts_with([' ', '\t']) {
                    continue;
                }
                match header_name(line) {
                    Some(name) if MAIL_FIELDS.contains(&name.to_ascii_lowercase().as_str()) => {
                        known += 1
                    }
                    Some(_) => {}
                    None => return false,
                }
            }
            known >= 2
        };
        if head.starts_with("From ") && head.lines().nth(1).is_some_and(is_header_field) {
            Format::Mbox
        } else if headers(head) {
            Format::Eml
        } else {
            Format::Plain
        }
    }

    #[test]
    fn the_format_is_guessed_from_the_first_lines_as_from_the_whole_head() {
        let long_headers: String = (0..50).map(|i| format!("X-H{i}: v\r\n")).collect();
        let texts: Vec<Vec<u8>> = [
            &b"Hi Anna,\n\nThe report is late.\n"[..],
            b"From: a@b.c\nTo: d@e.f\nSubject: hi\n\nBody\n",
            b"From: a@b.c\r\nSubject: hi\r\n\r\nBody",
            b"\xef\xbb\xbf\xef\xbb\xbfFrom: a@b.c\nDate: today\n",
            b"From a@b.c Mon Jan 1 00:00:00 2024\nFrom: a@b.c\nSubject: x\n\nBody\n",
            b"From a@b.c Mon Jan 1 00:00:00 2024\r\nnot a header\r\n",
            b"From: \xff\xfe@b.c\nSubj\xe9ct: bad bytes\nDate: now\n",
            b"Fr\xc3om: a\nTo: b\n",
            b"From: a\nTo: b\r",
            b"From: a\n To: folded\n\tmore\nDate: d\n",
            b"Note: one field\nand then prose\n",
            b"",
            b"\n\n\n",
            b"\r\n",
            b"X-Custom: a\nX-Other: b\n",
        ]
        .iter()
        .map(|t| t.to_vec())
        .chain([
            format!("{long_headers}From: a\nTo: b\n").into_bytes(),
            format!("From: a\nTo: b\n{}", "é".repeat(3000)).into_bytes(),
        ])
        .collect();
        let mut seen = Vec::new();
        for t in &texts {
            // Cut anywhere, as the 4 KB head may cut a line or a char.
            for cut in (0..=t.len()).step_by(1 + t.len() / 64) {
                let bytes = &t[..cut];
                let format = detect_format(None, bytes);
                assert_eq!(
                    format,
                    format_of_whole_head(bytes),
                    "{:?}",
                    String::from_utf8_lossy(bytes)
                );
                seen.push(format);
            }
        }
        for f in [Format::Plain, Format::Eml, Format::Mbox] {
            assert!(seen.contains(&f), "{f:?}");
        }
    }
}
