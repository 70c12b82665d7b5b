//! Where a match sits: negated, in a question, inside quotation marks or reported speech,
//! followed by an explanation, in which kind of segment. Computed on demand for one span, so
//! analyzers pay only for the hits they look at.
//!
//! Cue words of all three languages are used together: a Spanish quote in an English mail is
//! still a quote, and the lists do not collide.

use tactful_core::{Document, SegmentKind, Span};

use crate::fold::{Tokens, tokenize};

/// What surrounds a span. Every flag is a heuristic, documented where it is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Context {
    /// A negation among the three words before the span, in the same clause: "it is not
    /// your fault", "no es culpa suya", "вы ни в чём не виноваты", "не ваша вина".
    pub negated: bool,
    /// The sentence is a question: the first sentence end after the span is `?`, or a `¿`
    /// opens before it.
    pub question: bool,
    /// Inside quotation marks (" “ ” « » „) that close after the span, in the same segment.
    pub quoted: bool,
    /// After a reporting verb in the same sentence whose subject is not the author: "he said",
    /// "the client wrote", "dijo que", "según", "сказал, что", "по словам".
    pub reported: bool,
    /// Explained right there: followed by a parenthesis, "i.e.", "which means", "es decir",
    /// "o sea", "то есть", "т.е.", ... or itself a parenthesis after other words.
    pub explained: bool,
    /// The kind of the segment the span is in, if any.
    pub segment: Option<SegmentKind>,
    /// The sentence the span starts in (from the document, or found here when it has none).
    pub sentence: Span,
}

impl Context {
    /// Whether the context has the named property: `negated`, `question`, `quoted`,
    /// `reported`, `explained`, or a segment kind name (`quoted_reply` for a quoted segment,
    /// `heading`, `list_item`, `signature`, ...). `None` for an unknown name.
    pub fn has(&self, name: &str) -> Option<bool> {
        Some(match name {
            "negated" => self.negated,
            "question" => self.question,
            "quoted" => self.quoted,
            "reported" => self.reported,
            "explained" => self.explained,
            other => return segment_is(self.segment, other),
        })
    }

    /// Every name [`Context::has`] accepts.
    pub const NAMES: &'static [&'static str] = &[
        "negated",
        "question",
        "quoted",
        "reported",
        "explained",
        "quoted_reply",
        "body",
        "heading",
        "list_item",
        "turn",
        "signature",
        "code",
        "header",
        "markup",
    ];
}

const NEGATIONS: &[&str] = &[
    // en
    "not",
    "no",
    "never",
    "nobody",
    "nothing",
    "none",
    "neither",
    "nor",
    "without",
    "cannot",
    "hardly", // es
    "nunca",
    "jamas",
    "ni",
    "tampoco",
    "nadie",
    "nada",
    "sin",
    "ningun",
    "ninguna",
    "ninguno",
    // ru
    "не",
    "ни",
    "нет",
    "никогда",
    "никто",
    "ничего",
    "ничья",
    "ничьей",
    "без",
    "нельзя",
];

/// Whether a folded word is a negation (including English "n't" contractions).
pub fn is_negation(key: &str) -> bool {
    NEGATIONS.contains(&key) || key.ends_with("n't")
}

/// Reporting verbs that, before a phrase, make it someone else's words.
const REPORTING: &[&[&str]] = &[
    &["said"],
    &["says"],
    &["say"],
    &["wrote"],
    &["writes"],
    &["told"],
    &["tells"],
    &["asked"],
    &["asks"],
    &["claimed"],
    &["claims"],
    &["complained"],
    &["complains"],
    &["according", "to"],
    &["dijo"],
    &["dice"],
    &["dicen"],
    &["dijeron"],
    &["escribio"],
    &["escribe"],
    &["escribieron"],
    &["comento"],
    &["comentaron"],
    &["afirmo"],
    &["afirma"],
    &["pregunto"],
    &["preguntaron"],
    &["segun"],
    &["сказал"],
    &["сказала"],
    &["сказали"],
    &["говорит"],
    &["говорят"],
    &["говорил"],
    &["говорила"],
    &["говорили"],
    &["написал"],
    &["написала"],
    &["написали"],
    &["пишет"],
    &["пишут"],
    &["утверждает"],
    &["утверждают"],
    &["спросил"],
    &["спросила"],
    &["спросили"],
    &["жалуется"],
    &["по", "словам"],
];

/// The author speaking: a reporting verb after these is the author's own claim.
/// First words of [`REPORTING`]: most tokens are ruled out by one lookup (context() runs for
/// every match, and analyzers may ask it about every occurrence of a term).
static REPORTING_FIRST: std::sync::LazyLock<std::collections::HashSet<&str>> =
    std::sync::LazyLock::new(|| REPORTING.iter().map(|seq| seq[0]).collect());

const FIRST_PERSON: &[&str] = &["i", "we", "yo", "nosotros", "я", "мы"];

const EXPLANATIONS: &[&[&str]] = &[
    &["("],
    &["i", ".", "e", "."],
    &["ie"],
    &["which", "means"],
    &["that", "means"],
    &["meaning"],
    &["that", "is", ","],
    &["in", "other", "words"],
    &["es", "decir"],
    &["o", "sea"],
    &["que", "significa"],
    &["lo", "que", "significa"],
    &["que", "quiere", "decir"],
    &["то", "есть"],
    &["т", ".", "е", "."],
    &["что", "означает"],
    &["что", "значит"],
    &["это", "значит"],
    &["иными", "словами"],
    &["другими", "словами"],
];

fn starts_with_seq(toks: &Tokens, at: usize, seq: &[&str]) -> bool {
    at + seq.len() <= toks.len()
        && seq
            .iter()
            .enumerate()
            .all(|(j, w)| toks.key_bytes(&toks.tokens[at + j]) == w.as_bytes())
}

/// Whether `segment` is of the kind named `name` (`quoted_reply` for a quoted segment);
/// `None` for a name that is no segment kind.
fn segment_is(segment: Option<SegmentKind>, name: &str) -> Option<bool> {
    if name == "quoted_reply" {
        return Some(segment == Some(SegmentKind::Quoted));
    }
    let kind = SegmentKind::from_name(name)?;
    if kind == SegmentKind::Quoted {
        // `quoted` means quotation marks; the segment kind is `quoted_reply`.
        return None;
    }
    Some(segment == Some(kind))
}

/// Bytes of text on each side of a span that [`context()`] reads.
pub const CONTEXT_WINDOW: usize = 512;

fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Bytes of text after a span read for an explanation.
const EXPLANATION_WINDOW: usize = 64;
/// Words before a span read for a negation.
const NEGATION_WINDOW: usize = 3;

/// The context of `span` in `doc`.
///
/// Only [`CONTEXT_WINDOW`] bytes on each side of the span are read (the segment and sentence
/// are cut there), so the cost of a call does not grow with the paragraph: a text without
/// sentence ends would otherwise make every match rescan all of it.
pub fn context(doc: &Document, span: Span) -> Context {
    let frame = Frame::new(doc, span);
    let before = frame.before();
    Context {
        negated: negated_before(&before),
        question: frame.question(),
        quoted: frame.quoted(),
        reported: reported_before(&before),
        explained: frame.explained(),
        segment: frame.segment,
        sentence: frame.sentence,
    }
}

/// Where a span sits, from which each flag of its [`Context`] is computed on its own: a rule
/// that asks for one flag (most ask only `explained`) does not pay for the others.
#[derive(Debug, Clone, Copy)]
pub struct Frame<'d> {
    text: &'d str,
    span: Span,
    segment: Option<SegmentKind>,
    /// The segment, cut to [`CONTEXT_WINDOW`] bytes on each side of the span.
    window: Span,
    /// The sentence the span starts in (see [`Context::sentence`]).
    pub sentence: Span,
}

impl<'d> Frame<'d> {
    pub fn new(doc: &'d Document, span: Span) -> Frame<'d> {
        let text = doc.text.as_str();
        let seg = doc.segment_at(span.start);
        let seg_span = seg.map_or(Span::new(0, text.len()), |s| s.span);
        let window = Span::new(
            floor_boundary(
                text,
                seg_span
                    .start
                    .max(span.start.saturating_sub(CONTEXT_WINDOW)),
            ),
            floor_boundary(text, seg_span.end.min(span.end + CONTEXT_WINDOW)).max(span.end),
        );
        let sentence = doc
            .sentence_at(span.start)
            .map(|s| Span::new(s.start.max(window.start), s.end.min(window.end)))
            .filter(|s| s.start <= span.start)
            .unwrap_or_else(|| sentence_around(text, window, span));
        Frame {
            text,
            span,
            segment: seg.map(|s| s.kind),
            window,
            sentence,
        }
    }

    /// [`Context::has`], computing only the named flag; `wildcard_negation` counts as a
    /// negation (a `*` of the pattern took one).
    pub fn has(&self, name: &str, wildcard_negation: bool) -> Option<bool> {
        Some(match name {
            "negated" => wildcard_negation || negated_before(&self.before()),
            "question" => self.question(),
            "quoted" => self.quoted(),
            "reported" => reported_before(&self.before()),
            "explained" => self.explained(),
            other => return segment_is(self.segment, other),
        })
    }

    /// Tokens of the sentence up to the span: negation and reporting cues live there.
    fn before(&self) -> Tokens {
        let (text, sentence, span) = (self.text, self.sentence, self.span);
        tokenize(&text[sentence.start..span.start.max(sentence.start)], 0)
    }

    fn question(&self) -> bool {
        let (text, sentence, span, window) = (self.text, self.sentence, self.span, self.window);
        let after_end = sentence.end.max(span.end).min(window.end);
        let after_sentence = &text[span.end.min(after_end)..after_end];
        let before_in_sentence = &text[sentence.start..span.start.max(sentence.start)];
        after_sentence
            .chars()
            .find(|c| matches!(c, '.' | '!' | '?' | '…'))
            .map_or_else(
                || {
                    text[span.end..window.end.max(span.end)]
                        .trim_start()
                        .starts_with('?')
                },
                |c| c == '?',
            )
            || before_in_sentence
                .rfind('¿')
                .is_some_and(|i| !before_in_sentence[i..].contains('?'))
    }

    fn quoted(&self) -> bool {
        let (text, span, window) = (self.text, self.span, self.window);
        inside_quotes(&text[window.start..span.start], &text[span.end..window.end])
    }

    fn explained(&self) -> bool {
        let (text, span, window) = (self.text, self.span, self.window);
        explained_after(text, span, window)
            || in_parentheses_after_words(
                &text[window.start..span.start],
                &text[span.end..window.end],
            )
    }
}

fn negated_before(before: &Tokens) -> bool {
    let mut words = 0;
    for i in (0..before.len()).rev() {
        if !before.tokens[i].word {
            // A comma, a dash or a quote ends the clause the negation must be in.
            return false;
        }
        if is_negation(before.key(i)) {
            return true;
        }
        words += 1;
        if words == NEGATION_WINDOW {
            return false;
        }
    }
    false
}

fn reported_before(before: &Tokens) -> bool {
    (0..before.len()).any(|i| {
        REPORTING_FIRST.contains(before.key(i))
            && REPORTING.iter().any(|seq| starts_with_seq(before, i, seq))
            && !(i.saturating_sub(2)..i).any(|k| FIRST_PERSON.contains(&before.key(k)))
    })
}

fn explained_after(text: &str, span: Span, seg_span: Span) -> bool {
    let mut end = (span.end + EXPLANATION_WINDOW).min(seg_span.end.max(span.end));
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let after = tokenize(&text[span.end..end], 0);
    let at = usize::from(!after.is_empty() && after.key(0) == ",");
    EXPLANATIONS
        .iter()
        .any(|seq| starts_with_seq(&after, at, seq))
}

/// "a saved copy of the server (a snapshot)": the plain words came first.
fn in_parentheses_after_words(before: &str, after: &str) -> bool {
    let Some(open) = before.rfind('(') else {
        return false;
    };
    !before[open..].contains(')')
        && before[..open].trim_end().ends_with(char::is_alphanumeric)
        && after
            .find(')')
            .is_some_and(|close| !after[..close].contains('('))
}

fn inside_quotes(before: &str, after: &str) -> bool {
    // Typographic quotes nest; straight quotes toggle. „…“ is the Russian/German pair.
    let mut stack: Vec<char> = Vec::new();
    let mut straight = false;
    for c in before.chars() {
        match c {
            '«' | '„' => stack.push(c),
            '“' if stack.last() == Some(&'„') => {
                stack.pop();
            }
            '“' => stack.push(c),
            '»' | '”' => {
                stack.pop();
            }
            '"' => straight = !straight,
            _ => {}
        }
    }
    let open = !stack.is_empty() || straight;
    open && after.chars().any(|c| matches!(c, '»' | '”' | '“' | '"'))
}

/// The sentence around `span` within `seg`: from after the previous `.`/`!`/`?`/`…` followed
/// by whitespace (or a blank line) to the next one.
fn sentence_around(text: &str, seg: Span, span: Span) -> Span {
    let is_end = |s: &str, i: usize, c: char| {
        matches!(c, '.' | '!' | '?' | '…')
            && s[i + c.len_utf8()..]
                .chars()
                .next()
                .is_none_or(char::is_whitespace)
    };
    let head = &text[seg.start..span.start];
    let mut start = seg.start;
    for (i, c) in head.char_indices() {
        if is_end(head, i, c) {
            start = seg.start + i + c.len_utf8();
        }
    }
    if let Some(i) = head.rfind("\n\n") {
        start = start.max(seg.start + i + 2);
    }
    let tail = &text[span.end..seg.end.max(span.end)];
    let mut end = seg.end.max(span.end);
    for (i, c) in tail.char_indices() {
        if is_end(tail, i, c) {
            end = span.end + i + c.len_utf8();
            break;
        }
    }
    if let Some(i) = tail.find("\n\n") {
        end = end.min(span.end + i);
    }
    Span::new(start, end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tactful_core::{Format, Segment};

    fn ctx(text: &str, phrase: &str) -> Context {
        let doc = Document::plain(text, Format::Plain);
        let at = text.find(phrase).expect("phrase in text");
        context(&doc, Span::new(at, at + phrase.len()))
    }

    #[test]
    fn a_frame_answers_each_flag_as_the_whole_context_does() {
        let texts = [
            "He said it is not your fault (a saved copy), i.e. the backup?",
            "«Вы не виноваты», сказал он. То есть всё в порядке?",
            "¿No es culpa suya, es decir, del proveedor? Dijo que sí.",
            "As I said, the \"VPN\" is down. You should have asked",
        ];
        let names = Context::NAMES.iter().copied().chain(["nonsense", "quoted"]);
        for text in texts {
            let mut doc = Document::plain(text, Format::Plain);
            doc.segments = vec![Segment {
                kind: SegmentKind::Quoted,
                span: Span::new(0, text.len()),
            }];
            for (start, _) in text.char_indices() {
                let end = text[start..]
                    .char_indices()
                    .nth(4)
                    .map_or(text.len(), |(i, _)| start + i);
                let span = Span::new(start, end);
                let (whole, frame) = (context(&doc, span), Frame::new(&doc, span));
                assert_eq!(frame.sentence, whole.sentence);
                for name in names.clone() {
                    assert_eq!(
                        frame.has(name, false),
                        whole.has(name),
                        "{name} at {span:?}"
                    );
                }
                assert_eq!(frame.has("negated", true), Some(true));
            }
        }
    }

    #[test]
    fn context_reads_a_bounded_window_around_the_span() {
        // A paragraph without sentence ends: the sentence is cut to the window, so a cue
        // farther away than the window is not seen, and one inside it still is.
        let filler = "and the backup ran again ".repeat(60);
        let far = format!("She said {filler}you should have sent it");
        let c = ctx(&far, "should have");
        assert!(!c.reported);
        let at = far.find("should have").unwrap();
        assert!(c.sentence.start >= at - CONTEXT_WINDOW && c.sentence.end <= far.len());
        let near = format!("{filler}she said you should have sent it");
        assert!(ctx(&near, "should have").reported);
        // A question mark beyond the window does not make it a question.
        assert!(!ctx(&format!("you should have {filler}?"), "should have").question);
        assert!(ctx("did you send it the way you should have?", "should have").question);
    }

    #[test]
    fn negation_in_three_languages() {
        assert!(ctx("It is not your fault.", "your fault").negated);
        assert!(ctx("It isn’t really your fault.", "your fault").negated);
        assert!(ctx("No es culpa suya.", "culpa suya").negated);
        assert!(ctx("Вы ни в чём не виноваты.", "виноваты").negated);
        assert!(ctx("Это не ваша вина.", "ваша вина").negated);
        assert!(!ctx("It is your fault.", "your fault").negated);
        assert!(!ctx("Es culpa suya.", "culpa suya").negated);
        assert!(!ctx("Это ваша вина.", "ваша вина").negated);
        // A negation in another clause does not count.
        assert!(!ctx("Not today, but it is your fault.", "your fault").negated);
        assert!(!ctx("Not that I mind it, but your fault.", "your fault").negated);
    }

    #[test]
    fn questions_in_three_languages() {
        assert!(ctx("Did you send the file?", "you send").question);
        assert!(ctx("¿Usted debió enviarlo, verdad? Bien.", "debió").question);
        assert!(ctx("Вы забыли пароль?", "забыли").question);
        assert!(!ctx("Did it work? You should have sent it.", "should have").question);
        assert!(!ctx("¿Listo? Usted debió enviarlo.", "debió").question);
    }

    #[test]
    fn quotation_marks_and_reported_speech() {
        assert!(
            ctx(
                "He wrote “you should have tested it” yesterday.",
                "should have"
            )
            .quoted
        );
        assert!(ctx("Он написал: «вы виноваты» и ушёл.", "виноваты").quoted);
        assert!(ctx("Вам ответили „это ваша вина“.", "ваша вина").quoted);
        assert!(ctx("She said \"your fault\" twice.", "your fault").quoted);
        assert!(!ctx("We said \"ok\" and it is your fault.", "your fault").quoted);
        assert!(ctx("The client said that we should have known.", "should have").reported);
        assert!(ctx("Según el cliente, usted debió avisar.", "debió").reported);
        assert!(ctx("Заказчик сказал, что вы виноваты.", "виноваты").reported);
        assert!(ctx("По словам Ивана, вы виноваты.", "виноваты").reported);
        assert!(!ctx("I said that you should have known.", "should have").reported);
        assert!(!ctx("Как я уже говорил, вы виноваты.", "виноваты").reported);
        assert!(!ctx("You should have known.", "should have").reported);
    }

    #[test]
    fn explanations_after_or_around_a_term() {
        assert!(ctx("We took a snapshot (a saved copy) first.", "snapshot").explained);
        assert!(ctx("The DNS, i.e. the address book, changed.", "DNS").explained);
        assert!(ctx("Latency, which means delay, rose.", "Latency").explained);
        assert!(ctx("Hicimos un rollback, es decir, volvimos atrás.", "rollback").explained);
        assert!(ctx("Нужен деплой, то есть выкладка.", "деплой").explained);
        assert!(ctx("Нужен деплой, т. е. выкладка.", "деплой").explained);
        assert!(ctx("Domain Name System (DNS) changed.", "DNS").explained);
        assert!(!ctx("We took a snapshot first (then more).", "snapshot").explained);
        assert!(!ctx("Latency rose, which is bad.", "Latency").explained);
    }

    #[test]
    fn segment_kind_and_sentence_come_from_the_document() {
        let text = "Hi. You should have.\n\n-- \nYou should have.";
        let mut doc = Document::plain(text, Format::Plain);
        let sig = text.find("-- ").unwrap();
        doc.segments = vec![
            Segment {
                kind: SegmentKind::Body,
                span: Span::new(0, 20),
            },
            Segment {
                kind: SegmentKind::Signature,
                span: Span::new(sig, text.len()),
            },
        ];
        let first = context(&doc, Span::new(4, 19));
        assert_eq!(first.segment, Some(SegmentKind::Body));
        assert_eq!(&text[first.sentence.range()], " You should have.");
        let at = text.rfind("You").unwrap();
        let c = context(&doc, Span::new(at, at + 3));
        assert_eq!(c.has("signature"), Some(true));
        assert_eq!(c.has("quoted_reply"), Some(false));
        assert_eq!(c.has("nonsense"), None);
        for name in Context::NAMES {
            assert!(c.has(name).is_some(), "{name}");
        }
    }
}
