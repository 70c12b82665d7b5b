#![forbid(unsafe_code)]
//! Example tactful plugin: shouting. Capital letters and stacked `!!`/`?!` are the loudest
//! voice writing has; in a client e-mail they read as irritation or alarm. These rules work on
//! letter case and punctuation in any language, which a phrase pack cannot express.
//!
//! Built as a `cdylib`, this crate is a plugin (`tactful --plugin libexample_plugin.so`); the
//! last line of this file is all it takes.

use tactful_core::{
    Analyzer, Category, CheckOptions, Document, Example, Finding, Lang, RuleMeta, SegmentKind,
    Severity, Span,
};

pub const ALL_CAPS: &str = "EXA001";
pub const STACKED_PUNCTUATION: &str = "EXA002";

/// A run of capitalised words is shouting from this many words, whatever their length...
const MIN_WORDS: usize = 3;
/// ...or from two words with this many letters between them (`PLEASE NOTE`, not `AWS API`)...
const MIN_LETTERS_IN_PAIR: usize = 8;
/// ...or from one word this long (`URGENT`, not `HTTPS`); a lone word is a milder finding.
const MIN_LETTERS_ALONE: usize = 6;
/// A line that is nothing but a short capitalised run is a label (`ACTION ITEMS:`), not a shout.
const MAX_LABEL_WORDS: usize = 3;

#[derive(Debug, Default, Clone, Copy)]
pub struct Shouting;

impl Shouting {
    pub fn new() -> Self {
        Shouting
    }
}

impl Analyzer for Shouting {
    fn name(&self) -> &str {
        "shouting"
    }

    fn rules(&self) -> Vec<RuleMeta> {
        let ex = |lang, bad: &str, good: &str| Example {
            lang,
            bad: bad.into(),
            good: good.into(),
        };
        vec![
            RuleMeta {
                code: ALL_CAPS.into(),
                name: "all-caps-shouting".into(),
                category: Category::DELIVERY.into(),
                severity: Severity::Warning,
                summary: "Words written in capitals for emphasis (\"PLEASE NOTE\", \"DO NOT \
                          MERGE\") read as shouting."
                    .into(),
                why: "Capitals are the loudest voice writing has. A client who meets a run of \
                      them hears irritation or alarm rather than importance, and answers the \
                      tone instead of the content. Say why the point matters instead.\n\
                      Acronyms (API, GDPR) and short labels on a line of their own \
                      (\"ACTION ITEMS:\") are left alone; add a long acronym to the glossary if \
                      it is flagged. A single long word is reported as info, a run as a warning."
                    .into(),
                examples: vec![
                    ex(
                        Lang::En,
                        "PLEASE NOTE that the deadline is Friday.",
                        "Please note that the deadline is Friday, because the launch depends on it.",
                    ),
                    ex(
                        Lang::Es,
                        "POR FAVOR, revisen el documento antes del viernes.",
                        "Por favor, revisen el documento antes del viernes.",
                    ),
                    ex(
                        Lang::Ru,
                        "ОБРАТИТЕ ВНИМАНИЕ: срок сдачи в пятницу.",
                        "Обратите внимание: срок сдачи в пятницу.",
                    ),
                ],
                languages: Vec::new(),
                origin: String::new(),
            },
            RuleMeta {
                code: STACKED_PUNCTUATION.into(),
                name: "stacked-punctuation".into(),
                category: Category::DELIVERY.into(),
                severity: Severity::Warning,
                summary: "Stacked exclamation or question marks (\"!!\", \"?!\", \"¡¡\") read as \
                          a raised voice."
                    .into(),
                why: "One mark asks or exclaims; two or more sound exasperated (\"?!\") or \
                      frantic (\"!!!\"). The client hears the emotion first and the request \
                      second. One mark, and words that carry the urgency, work better."
                    .into(),
                examples: vec![
                    ex(
                        Lang::En,
                        "Why is this still not fixed?!",
                        "Could you tell me when the fix will be ready?",
                    ),
                    ex(
                        Lang::Es,
                        "¡¡Necesitamos esto hoy!!",
                        "¿Podrían enviarlo hoy? Lo necesitamos para la reunión.",
                    ),
                    ex(
                        Lang::Ru,
                        "Почему до сих пор нет ответа??",
                        "Подскажите, когда ждать ответа?",
                    ),
                ],
                languages: Vec::new(),
                origin: String::new(),
            },
        ]
    }

    fn check(&self, doc: &Document, opts: &CheckOptions) -> Result<Vec<Finding>, String> {
        let glossary: Vec<String> = opts.glossary.iter().map(|g| g.to_lowercase()).collect();
        let mut findings = Vec::new();
        for seg in doc.segments_to_check(&opts.skip) {
            // Capitals in a heading are typography, not tone.
            if seg.kind != SegmentKind::Heading {
                caps_runs(&doc.text, seg.span, &glossary, &mut findings);
            }
            stacked_punctuation(&doc.text, seg.span, &mut findings);
        }
        Ok(findings)
    }
}

/// A word's case, for run building.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Word {
    /// Two or more letters, all capitals: counts towards a run.
    Caps(usize),
    /// One letter (`I`, `A`): neither counts nor ends a run.
    Neutral,
    /// Has lowercase letters (or is a glossary term): ends a run.
    Break,
}

fn classify(word: &str, glossary: &[String]) -> Word {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let upper = word.chars().filter(|c| c.is_uppercase()).count();
    let has_lower = word.chars().any(|c| c.is_alphabetic() && !c.is_uppercase());
    if has_lower || glossary.iter().any(|g| *g == word.to_lowercase()) {
        Word::Break
    } else if upper >= 2 && upper == letters {
        Word::Caps(letters)
    } else {
        Word::Neutral
    }
}

/// A run of capitalised words being collected.
#[derive(Default)]
struct Run {
    span: Option<Span>,
    words: usize,
    letters: usize,
}

fn caps_runs(text: &str, seg: Span, glossary: &[String], out: &mut Vec<Finding>) {
    let mut line_start = seg.start;
    for line in text[seg.range()].split_inclusive('\n') {
        let mut run = Run::default();
        // Columns of a table (tabs, wide gaps) hold names and codes, not a raised voice.
        let tabular = line.contains('\t') || line.trim().contains("   ");
        if !tabular {
            for (offset, chunk) in chunks(line) {
                // `HOU/ECT@ECT`, `EC2`, `COVID-19`, `FOO_BAR`: identifiers, neither loud nor quiet.
                if chunk.contains(['/', '@', '\\', '_'])
                    || chunk.contains(|c: char| c.is_ascii_digit())
                {
                    continue;
                }
                for (i, word) in words(chunk) {
                    let start = line_start + offset + i;
                    match classify(word, glossary) {
                        Word::Caps(letters) => {
                            let end = start + word.len();
                            run.span = Some(
                                run.span
                                    .map_or(Span::new(start, end), |s| Span::new(s.start, end)),
                            );
                            run.words += 1;
                            run.letters += letters;
                        }
                        Word::Neutral => {}
                        Word::Break => finish_run(text, std::mem::take(&mut run), out),
                    }
                }
            }
        }
        finish_run(text, run, out);
        line_start += line.len();
    }
}

/// Whitespace-separated pieces of a line, with their byte offsets.
fn chunks(line: &str) -> impl Iterator<Item = (usize, &str)> {
    pieces(line, |c| !c.is_whitespace())
}

/// Runs of letters (or digits) in a chunk, with their byte offsets.
fn words(chunk: &str) -> impl Iterator<Item = (usize, &str)> {
    pieces(chunk, char::is_alphanumeric)
}

/// Maximal runs of characters that satisfy `keep`, with their byte offsets.
fn pieces(s: &str, keep: fn(char) -> bool) -> impl Iterator<Item = (usize, &str)> {
    let mut rest = 0;
    std::iter::from_fn(move || {
        let start = rest + s[rest..].find(keep)?;
        let len = s[start..].find(|c| !keep(c)).unwrap_or(s.len() - start);
        rest = start + len;
        Some((start, &s[start..rest]))
    })
}

fn finish_run(text: &str, run: Run, out: &mut Vec<Finding>) {
    let Some(span) = run.span else { return };
    let shouting = run.words >= MIN_WORDS
        || (run.words == 2 && run.letters >= MIN_LETTERS_IN_PAIR)
        || (run.words == 1 && run.letters >= MIN_LETTERS_ALONE);
    if !shouting || is_label(text, span, run.words) {
        return;
    }
    let words = &text[span.range()];
    let mut finding = Finding::new(
        ALL_CAPS,
        span,
        format!("\"{words}\" in capitals reads as shouting"),
    )
    .with_suggestion(format!(
        "write \"{}\" in normal case and say why it matters",
        sentence_case(words)
    ));
    if run.words == 1 {
        finding.severity = Some(Severity::Info);
    }
    out.push(finding);
}

/// A short run alone on its line (bar punctuation), not ending in `!` or `?`.
fn is_label(text: &str, span: Span, words: usize) -> bool {
    let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[span.end..]
        .find('\n')
        .map_or(text.len(), |i| span.end + i);
    let before = &text[line_start..span.start];
    let after = &text[span.end..line_end];
    words <= MAX_LABEL_WORDS
        && !before.chars().any(char::is_alphanumeric)
        && !after.chars().any(char::is_alphanumeric)
        && !after.contains(['!', '?'])
}

fn sentence_case(s: &str) -> String {
    let lower = s.to_lowercase();
    let mut chars = lower.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn stacked_punctuation(text: &str, seg: Span, out: &mut Vec<Finding>) {
    let mut start: Option<(usize, bool)> = None;
    let mut count = 0;
    for (i, c) in text[seg.range()]
        .char_indices()
        .map(|(i, c)| (seg.start + i, c))
        .chain(std::iter::once((seg.end, ' ')))
    {
        // `!?` marks and the inverted Spanish ones each stack with their own kind.
        let inverted = match c {
            '!' | '?' => Some(false),
            '¡' | '¿' => Some(true),
            _ => None,
        };
        match (start, inverted) {
            (Some((_, kind)), Some(k)) if kind == k => count += 1,
            _ => {
                if let Some((s, _)) = start.take()
                    && count >= 2
                {
                    let marks = &text[s..i];
                    out.push(
                        Finding::new(
                            STACKED_PUNCTUATION,
                            Span::new(s, i),
                            format!("\"{marks}\" reads as a raised voice"),
                        )
                        .with_suggestion("use one mark and let the words carry the urgency"),
                    );
                }
                start = inverted.map(|k| (i, k));
                count = 1;
            }
        }
    }
}

tactful_plugin_api::export_plugin!(Shouting::new());

#[cfg(test)]
mod tests {
    use super::*;
    use tactful_core::{Format, Segment};

    fn check(text: &str) -> Vec<Finding> {
        check_with(
            &Document::plain(text, Format::Plain),
            &CheckOptions::default(),
        )
    }

    fn check_with(doc: &Document, opts: &CheckOptions) -> Vec<Finding> {
        Shouting.check(doc, opts).unwrap()
    }

    fn flagged<'a>(text: &'a str, findings: &[Finding], rule: &str) -> Vec<&'a str> {
        findings
            .iter()
            .filter(|f| f.rule == rule)
            .map(|f| &text[f.span.range()])
            .collect()
    }

    #[test]
    fn every_documented_example_is_flagged_when_bad_and_clean_when_better() {
        for rule in Shouting.rules() {
            assert_eq!(rule.examples.len(), 3, "{} needs en, es, ru", rule.code);
            for ex in &rule.examples {
                let bad = check(&ex.bad);
                assert!(
                    bad.iter().any(|f| f.rule == rule.code),
                    "{} [{}] bad example not flagged: {}",
                    rule.code,
                    ex.lang,
                    ex.bad
                );
                assert!(
                    check(&ex.good).is_empty(),
                    "{} [{}] better example flagged: {}",
                    rule.code,
                    ex.lang,
                    ex.good
                );
            }
        }
    }

    #[test]
    fn capital_runs_are_flagged_with_their_exact_words() {
        let text = "Hi Ana, we DO NOT SHIP on Fridays. PLEASE NOTE the new date.";
        let f = check(text);
        assert_eq!(flagged(text, &f, ALL_CAPS), ["DO NOT SHIP", "PLEASE NOTE"]);
        assert!(f.iter().all(|f| f.severity.is_none()));
        assert_eq!(
            f[1].suggestion.as_deref(),
            Some("write \"Please note\" in normal case and say why it matters")
        );
    }

    #[test]
    fn acronyms_and_short_pairs_are_not_shouting() {
        for text in [
            "The API and SDK docs are in the EU region.",
            "We moved the AWS API keys to the vault.",
            "I think Q3 looks good, and the HTTPS switch is done.",
        ] {
            assert!(check(text).is_empty(), "flagged: {text}");
        }
    }

    #[test]
    fn identifiers_and_tables_are_not_shouting() {
        for text in [
            "Sally Beck/HOU/ECT@ECT asked for the file.",
            "The MAX_RETRIES setting and the COVID-19 plan are unchanged.",
            "MID COLUMBIA\t845418.1\t$45.50\tMORGAN\n",
            "LOUISIANA PAC    25    BUSBAR\n",
        ] {
            assert!(check(text).is_empty(), "flagged: {text}");
        }
        let text = "ANA/HOU said WE NEED THIS NOW";
        assert_eq!(flagged(text, &check(text), ALL_CAPS), ["WE NEED THIS NOW"]);
    }

    #[test]
    fn a_single_long_capital_word_is_a_milder_finding() {
        let text = "This is URGENT, sorry.";
        let f = check(text);
        assert_eq!(flagged(text, &f, ALL_CAPS), ["URGENT"]);
        assert_eq!(f[0].severity, Some(Severity::Info));
    }

    #[test]
    fn labels_on_their_own_line_and_headings_are_typography() {
        let text = "ACTION ITEMS:\n- send the draft\nNEXT STEPS\nCALL ME NOW!\n";
        assert_eq!(flagged(text, &check(text), ALL_CAPS), ["CALL ME NOW"]);

        let mut doc = Document::plain(
            "PROJECT STATUS UPDATE FOR MARCH\nAll good.",
            Format::Markdown,
        );
        doc.segments = vec![
            Segment {
                kind: SegmentKind::Heading,
                span: Span::new(0, 31),
            },
            Segment {
                kind: SegmentKind::Body,
                span: Span::new(32, doc.text.len()),
            },
        ];
        assert!(check_with(&doc, &CheckOptions::default()).is_empty());
    }

    #[test]
    fn glossary_terms_are_not_shouting() {
        let doc = Document::plain("Our NASDAQ listing moves to ESMA review.", Format::Plain);
        assert_eq!(check_with(&doc, &CheckOptions::default()).len(), 1);
        let opts = CheckOptions {
            glossary: vec!["nasdaq".into()],
            ..CheckOptions::default()
        };
        assert!(check_with(&doc, &opts).is_empty());
    }

    #[test]
    fn quoted_text_is_not_checked() {
        let text = "Thanks.\n> WHY IS THIS LATE?!";
        let mut doc = Document::plain(text, Format::Plain);
        doc.segments = vec![
            Segment {
                kind: SegmentKind::Body,
                span: Span::new(0, 7),
            },
            Segment {
                kind: SegmentKind::Quoted,
                span: Span::new(8, text.len()),
            },
        ];
        assert!(check_with(&doc, &CheckOptions::default()).is_empty());
        doc.segments[1].kind = SegmentKind::Body;
        assert_eq!(check_with(&doc, &CheckOptions::default()).len(), 2);
    }

    #[test]
    fn stacked_marks_are_flagged_in_every_script() {
        let text = "Really?! ¡¡Hoy!! Что??? Fine! Ok? ¿Sí?";
        let f = check(text);
        assert_eq!(
            flagged(text, &f, STACKED_PUNCTUATION),
            ["?!", "¡¡", "!!", "???"]
        );
    }

    #[test]
    fn cyrillic_capitals_are_letters_too() {
        let text = "Мы НЕ ПОЛУЧИЛИ ОПЛАТУ.";
        assert_eq!(
            flagged(text, &check(text), ALL_CAPS),
            ["НЕ ПОЛУЧИЛИ ОПЛАТУ"]
        );
    }
}
