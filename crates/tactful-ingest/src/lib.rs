//! Bytes in, [`Document`]s out: decoding, format detection, parsing and segmentation.

use std::path::Path;

use tactful_core::{Document, Format, Lang, LanguageStatus};

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

/// Picks the format from the file name, then from the content.
pub fn detect_format(path: Option<&Path>, _bytes: &[u8]) -> Format {
    match path.and_then(|p| p.extension()).and_then(|e| e.to_str()) {
        Some("md") | Some("markdown") => Format::Markdown,
        Some("eml") => Format::Eml,
        Some("mbox") => Format::Mbox,
        _ => Format::Plain,
    }
}

/// Parses one input into its documents (one for most formats, one per message for mbox).
pub fn parse(
    bytes: &[u8],
    format: Format,
    opts: &ParseOptions,
) -> Result<Vec<Document>, ParseError> {
    if bytes.contains(&0) {
        return Err(ParseError::Binary);
    }
    let text = String::from_utf8_lossy(bytes).into_owned();
    let mut doc = Document::plain(text, format);
    if let Some(lang) = opts.lang {
        doc.lang = Some(lang);
        doc.language_status = LanguageStatus::Forced;
    }
    Ok(vec![doc])
}
