//! The document model: one text, its language, and segments that say which parts the author
//! wrote this time. Spans are byte offsets into [`Document::text`].

use serde::{Deserialize, Serialize};

/// A half-open byte range `start..end` into a document's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    pub const fn len(&self) -> usize {
        self.end - self.start
    }
    pub const fn is_empty(&self) -> bool {
        self.start >= self.end
    }
    pub const fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    En,
    Es,
    Ru,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Es, Lang::Ru];
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
            Lang::Ru => "ru",
        }
    }
    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "en" | "english" => Some(Lang::En),
            "es" | "spanish" | "español" => Some(Lang::Es),
            "ru" | "russian" => Some(Lang::Ru),
            _ => None,
        }
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// How the language was settled: reported in output so a guess is never silent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LanguageStatus {
    /// Detected with confidence from the author's text.
    Detected,
    /// Set by `--lang` or configuration.
    Forced,
    /// Several languages in substantial amounts; `lang` is the dominant one.
    Mixed,
    /// Too little text or no confident guess; `lang` is `None`.
    #[default]
    Unknown,
}

/// The input format a document was parsed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Plain,
    Markdown,
    Eml,
    Mbox,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Plain => "plain",
            Format::Markdown => "markdown",
            Format::Eml => "eml",
            Format::Mbox => "mbox",
        }
    }
    pub fn from_name(name: &str) -> Option<Format> {
        match name.trim().to_ascii_lowercase().as_str() {
            "plain" | "text" | "txt" => Some(Format::Plain),
            "markdown" | "md" => Some(Format::Markdown),
            "eml" | "email" | "mail" => Some(Format::Eml),
            "mbox" => Some(Format::Mbox),
            _ => None,
        }
    }
}

/// What a stretch of text is. Everything except `Quoted`, `Signature`, `Code`, `Header` and
/// `Markup` is the author's own prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SegmentKind {
    /// A paragraph of the author's prose.
    Body,
    Heading,
    ListItem,
    /// A speaker's turn in a transcript or meeting notes ("Ana: ...").
    Turn,
    /// Text of an earlier message: `>` lines, "On ... wrote:" blocks, forwarded messages.
    Quoted,
    Signature,
    /// Code blocks, inline code, URLs, e-mail addresses, file paths.
    Code,
    /// Header-like metadata kept in the text (front matter, "From:/Sent:" lines).
    Header,
    /// Markup that is not prose: HTML comments, tags, link targets.
    Markup,
}

impl SegmentKind {
    /// True for the author's own prose, which analyzers read by default.
    pub fn is_authored(self) -> bool {
        !matches!(
            self,
            SegmentKind::Quoted
                | SegmentKind::Signature
                | SegmentKind::Code
                | SegmentKind::Header
                | SegmentKind::Markup
        )
    }
    pub fn name(self) -> &'static str {
        match self {
            SegmentKind::Body => "body",
            SegmentKind::Heading => "heading",
            SegmentKind::ListItem => "list_item",
            SegmentKind::Turn => "turn",
            SegmentKind::Quoted => "quoted",
            SegmentKind::Signature => "signature",
            SegmentKind::Code => "code",
            SegmentKind::Header => "header",
            SegmentKind::Markup => "markup",
        }
    }
    pub fn from_name(name: &str) -> Option<SegmentKind> {
        Some(match name {
            "body" => SegmentKind::Body,
            "heading" => SegmentKind::Heading,
            "list_item" => SegmentKind::ListItem,
            "turn" => SegmentKind::Turn,
            "quoted" => SegmentKind::Quoted,
            "signature" => SegmentKind::Signature,
            "code" => SegmentKind::Code,
            "header" => SegmentKind::Header,
            "markup" => SegmentKind::Markup,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    pub kind: SegmentKind,
    pub span: Span,
}

/// Where a message came from, for e-mail and mbox input.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailMeta {
    /// 0-based position of the message in its mbox (0 for a single .eml).
    pub index: usize,
    pub message_id: Option<String>,
    pub date: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub subject: Option<String>,
}

/// One document as analyzers see it, whatever the input format.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// The decoded text that spans point into (for e-mail: the chosen body part, as text).
    pub text: String,
    pub format: Format,
    pub lang: Option<Lang>,
    pub language_status: LanguageStatus,
    /// Non-overlapping, in text order. Gaps (blank lines) belong to no segment.
    pub segments: Vec<Segment>,
    /// Sentence spans over the authored segments, in text order.
    pub sentences: Vec<Span>,
    pub email: Option<EmailMeta>,
    /// Lines in the source file before `text` starts, when `text` is a verbatim slice of the
    /// file (so printed line numbers match the file); 0 otherwise.
    pub line_offset: usize,
    /// What the parser had to guess or repair (unknown charset, truncated base64...), told to
    /// the user as notices; not errors.
    #[serde(default)]
    pub notices: Vec<String>,
}

impl Document {
    /// A document whose whole text is one body segment; parsers refine this.
    pub fn plain(text: impl Into<String>, format: Format) -> Self {
        let text = text.into();
        let segments = if text.trim().is_empty() {
            Vec::new()
        } else {
            vec![Segment {
                kind: SegmentKind::Body,
                span: Span::new(0, text.len()),
            }]
        };
        Document {
            text,
            format,
            lang: None,
            language_status: LanguageStatus::Unknown,
            segments,
            sentences: Vec::new(),
            email: None,
            line_offset: 0,
            notices: Vec::new(),
        }
    }

    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.range()]
    }

    /// The segments an analyzer should read, given the kinds the run skips.
    pub fn segments_to_check<'a>(
        &'a self,
        skip: &'a [SegmentKind],
    ) -> impl Iterator<Item = &'a Segment> + 'a {
        self.segments
            .iter()
            .filter(move |s| !skip.contains(&s.kind))
    }

    /// The segment that contains `span`, if any.
    pub fn segment_at(&self, offset: usize) -> Option<&Segment> {
        let i = self.segments.partition_point(|s| s.span.end <= offset);
        self.segments
            .get(i)
            .filter(|s| s.span.start <= offset && offset < s.span.end)
    }

    /// The sentence that contains `offset`, if any.
    pub fn sentence_at(&self, offset: usize) -> Option<Span> {
        let i = self.sentences.partition_point(|s| s.end <= offset);
        self.sentences
            .get(i)
            .copied()
            .filter(|s| s.start <= offset && offset < s.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc_with(segs: &[(SegmentKind, usize, usize)]) -> Document {
        let mut d = Document::plain("a".repeat(100), Format::Plain);
        d.segments = segs
            .iter()
            .map(|&(kind, s, e)| Segment {
                kind,
                span: Span::new(s, e),
            })
            .collect();
        d
    }

    #[test]
    fn segment_lookup_finds_the_containing_segment_or_none_in_gaps() {
        let d = doc_with(&[(SegmentKind::Body, 0, 10), (SegmentKind::Quoted, 12, 30)]);
        assert_eq!(d.segment_at(5).unwrap().kind, SegmentKind::Body);
        assert!(d.segment_at(10).is_none());
        assert!(d.segment_at(11).is_none());
        assert_eq!(d.segment_at(12).unwrap().kind, SegmentKind::Quoted);
        assert!(d.segment_at(30).is_none());
    }

    #[test]
    fn skipped_kinds_are_not_checked() {
        let d = doc_with(&[(SegmentKind::Body, 0, 10), (SegmentKind::Quoted, 12, 30)]);
        let kinds: Vec<_> = d
            .segments_to_check(&[SegmentKind::Quoted])
            .map(|s| s.kind)
            .collect();
        assert_eq!(kinds, vec![SegmentKind::Body]);
    }

    #[test]
    fn empty_text_has_no_segments() {
        assert!(Document::plain("  \n", Format::Plain).segments.is_empty());
    }
}
