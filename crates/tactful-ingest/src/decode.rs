//! Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, otherwise a detected legacy
//! encoding. Binary input is refused so it can be skipped with a notice.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE};

use crate::ParseError;

/// Decoded text and, when the encoding had to be guessed or repaired, a notice saying so.
pub struct Decoded {
    pub text: String,
    pub notice: Option<String>,
}

/// True when the first KB holds a NUL byte and the input is not UTF-16 with a BOM.
pub fn looks_binary(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return false;
    }
    bytes[..bytes.len().min(1024)].contains(&0)
}

pub fn decode_text(bytes: &[u8]) -> Result<Decoded, ParseError> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return Ok(utf8_or_guess(rest));
    }
    for (bom, enc) in [(&[0xFF, 0xFE], UTF_16LE), (&[0xFE, 0xFF], UTF_16BE)] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            let (text, had_errors) = enc.decode_without_bom_handling(rest);
            let notice = had_errors.then(|| {
                format!(
                    "invalid {} sequences replaced with U+FFFD",
                    enc.name().to_ascii_lowercase()
                )
            });
            return Ok(Decoded {
                text: text.into_owned(),
                notice,
            });
        }
    }
    if looks_binary(bytes) {
        return Err(ParseError::Binary);
    }
    Ok(utf8_or_guess(bytes))
}

fn utf8_or_guess(bytes: &[u8]) -> Decoded {
    match std::str::from_utf8(bytes) {
        Ok(s) => Decoded {
            text: s.to_string(),
            notice: None,
        },
        Err(_) => {
            let enc = guess_encoding(bytes);
            let (text, _, had_errors) = enc.decode(bytes);
            let mut notice = format!(
                "not valid UTF-8: decoded as {} (detected, may be wrong)",
                enc.name().to_ascii_lowercase()
            );
            if had_errors {
                notice.push_str("; undecodable bytes replaced with U+FFFD");
            }
            Decoded {
                text: text.into_owned(),
                notice: Some(notice),
            }
        }
    }
}

/// The most likely legacy encoding of bytes that are not UTF-8.
pub fn guess_encoding(bytes: &[u8]) -> &'static Encoding {
    let mut det = chardetng::EncodingDetector::new();
    det.feed(bytes, true);
    det.guess(None, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_bom_is_dropped_and_utf16_is_decoded() {
        assert_eq!(decode_text(b"\xEF\xBB\xBFhola").unwrap().text, "hola");
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("да\n".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        let d = decode_text(&le).unwrap();
        assert_eq!(d.text, "да\n");
        assert!(d.notice.is_none());
    }

    #[test]
    fn legacy_bytes_are_guessed_with_a_notice_and_nul_bytes_are_binary() {
        let (cp1251, _, _) = encoding_rs::WINDOWS_1251
            .encode("Здравствуйте, коллеги! Отправляю отчёт по проекту, посмотрите его.");
        let d = decode_text(&cp1251).unwrap();
        assert!(d.text.starts_with("Здравствуйте"), "{}", d.text);
        assert!(d.notice.unwrap().contains("windows-1251"));
        assert_eq!(
            decode_text(b"PK\x03\x04\x00\x00").err(),
            Some(ParseError::Binary)
        );
    }
}
