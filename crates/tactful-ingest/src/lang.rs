//! Language of a document (en/es/ru), judged per paragraph on the author's text only.

use std::borrow::Cow;

use tactful_core::{Lang, LanguageStatus, Segment, is_letter};
use whatlang::Detector;

/// Below this many letters of authored text the language is not guessed.
const MIN_LETTERS: usize = 12;
/// A second language with at least this share of the letters makes the document mixed.
const MIXED_SHARE: f64 = 0.25;
/// ... and at least this many letters of its own (one short greeting is not "mixed").
const MIXED_MIN_LETTERS: usize = 40;
/// Trigram detection settles within a few hundred bytes; longer paragraphs are sampled.
const SAMPLE_BYTES: usize = 256;
/// Paragraphs judged by trigrams per document; later Latin-script ones follow the majority,
/// which keeps the cost per document bounded on long threads.
const MAX_TRIGRAM_CALLS: usize = 6;
/// Function words of one language, with none of the other's, that settle a Latin-script
/// paragraph without trigrams (which cost ~100k instructions a call). On the bundled and
/// public corpora (185k paragraphs) this never disagrees with the trigram verdict; with 5
/// it would once ("We will do Buy/Sell on 3rd party so ENA can transport...", which
/// whatlang calls Spanish).
const DECISIVE_FUNCTION_WORDS: usize = 6;

pub fn detect(text: &str, segments: &[Segment]) -> (Option<Lang>, LanguageStatus) {
    // The first MAX_TRIGRAM_CALLS paragraphs are judged one by one; the later ones only add
    // their letters to Russian (Cyrillic) or to whichever of English and Spanish leads then.
    let mut judged: Vec<(usize, Verdict)> = Vec::new();
    let (mut later_ru, mut later_latin, mut total) = (0, 0, 0);
    for seg in segments.iter().filter(|s| s.kind.is_authored()) {
        let para = &text[seg.span.range()];
        // A judged paragraph's sample is counted apart from the rest, for its first guess.
        let head = if judged.len() < MAX_TRIGRAM_CALLS {
            let head = sample(para);
            Some((head, counts(head)))
        } else {
            None
        };
        let Counts {
            letters,
            cyrillic_block,
            ..
        } = match head {
            Some((head, n)) => n.plus(counts(&para[head.len()..])),
            None => counts(para),
        };
        if letters == 0 {
            continue;
        }
        total += letters;
        if let Some((head, n)) = head {
            judged.push((letters, first_guess(head, n)));
        } else if cyrillic_block * 2 > letters {
            // Mostly Cyrillic.
            later_ru += letters;
        } else {
            later_latin += letters;
        }
    }
    if total < MIN_LETTERS {
        return (None, LanguageStatus::Unknown);
    }
    let tally = Tally {
        total,
        later_ru,
        later_latin,
    };
    let mut detector = None;
    loop {
        let pending: Vec<usize> = (0..judged.len())
            .filter(|&i| matches!(judged[i].1, Verdict::Trigrams { .. }))
            .collect();
        let Some(&longest) = pending.iter().max_by_key(|&&i| judged[i].0) else {
            return tally.result(&judged, &[]);
        };
        // The open paragraphs are tried with every outcome (at most 3^6 cases, each far
        // cheaper than a trigram call, and two differing ones end the search, usually
        // within the first few); when they could change the result the trigrams read the
        // longest one.
        if let Some(settled) = tally.settled(&judged, &pending) {
            return settled;
        }
        if let Verdict::Trigrams {
            latin_only,
            spanish_marks,
        } = &judged[longest].1
        {
            let detector = detector.get_or_insert_with(|| {
                Detector::with_allowlist(vec![
                    whatlang::Lang::Eng,
                    whatlang::Lang::Spa,
                    whatlang::Lang::Rus,
                ])
            });
            let lang = by_trigrams(detector, latin_only, *spanish_marks);
            judged[longest].1 = Verdict::Known(lang);
        }
    }
}

/// A judged paragraph's language, or what the trigrams have yet to read to tell it.
enum Verdict<'a> {
    Known(Option<Lang>),
    Trigrams {
        latin_only: Cow<'a, str>,
        spanish_marks: bool,
    },
}

/// Letters outside the judged paragraphs.
struct Tally {
    total: usize,
    /// Of later Cyrillic paragraphs.
    later_ru: usize,
    /// Of later Latin paragraphs, which go to the leader of English and Spanish.
    later_latin: usize,
}

impl Tally {
    /// The document's language if every outcome the trigrams could give the `pending`
    /// paragraphs (English, Spanish or none) leads to the same one: then they need not run.
    fn settled(
        &self,
        judged: &[(usize, Verdict)],
        pending: &[usize],
    ) -> Option<(Option<Lang>, LanguageStatus)> {
        const OUTCOMES: [Option<Lang>; 3] = [Some(Lang::En), Some(Lang::Es), None];
        let mut outcome = [None; MAX_TRIGRAM_CALLS];
        let mut first = None;
        for combo in 0..3usize.pow(pending.len() as u32) {
            let mut c = combo;
            for &i in pending {
                outcome[i] = OUTCOMES[c % 3];
                c /= 3;
            }
            let result = self.result(judged, &outcome);
            match first {
                None => first = Some(result),
                Some(f) if f != result => return None,
                Some(_) => {}
            }
        }
        first
    }

    /// The document's language with the judged paragraphs' known outcomes, and `tried`
    /// (by index) for the pending ones.
    fn result(
        &self,
        judged: &[(usize, Verdict)],
        tried: &[Option<Lang>],
    ) -> (Option<Lang>, LanguageStatus) {
        let mut weights = [0usize; 3];
        for (i, (letters, verdict)) in judged.iter().enumerate() {
            let lang = match verdict {
                Verdict::Known(lang) => *lang,
                Verdict::Trigrams { .. } => tried.get(i).copied().flatten(),
            };
            if let Some(lang) = lang {
                weights[index(lang)] += letters;
            }
        }
        weights[index(Lang::Ru)] += self.later_ru;
        // The first later Latin paragraph goes to the leader (English on a tie), which only
        // widens its lead for the next ones; with neither ahead they are left unclassified.
        if weights[0] + weights[1] > 0 {
            weights[usize::from(weights[1] > weights[0])] += self.later_latin;
        }
        verdict(weights, self.total)
    }
}

fn index(lang: Lang) -> usize {
    Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0)
}

/// The document's language from the letters classified per language (in `Lang::ALL` order).
fn verdict(weights: [usize; 3], total: usize) -> (Option<Lang>, LanguageStatus) {
    let mut ranked = [0, 1, 2].map(|i| (weights[i], Lang::ALL[i]));
    // Stable: a tie goes to the language first in `Lang::ALL`.
    ranked.sort_by_key(|r| std::cmp::Reverse(r.0));
    let (top, lang) = ranked[0];
    let second = ranked[1].0;
    let classified = weights.iter().sum::<usize>();
    if top == 0 || (classified as f64) < total as f64 * 0.5 {
        return (None, LanguageStatus::Unknown);
    }
    if second as f64 >= classified as f64 * MIXED_SHARE && second >= MIXED_MIN_LETTERS {
        (Some(lang), LanguageStatus::Mixed)
    } else {
        (Some(lang), LanguageStatus::Detected)
    }
}

fn sample(para: &str) -> &str {
    if para.len() <= SAMPLE_BYTES {
        return para;
    }
    let mut end = SAMPLE_BYTES;
    while !para.is_char_boundary(end) {
        end -= 1;
    }
    &para[..end]
}

const ONES: u64 = u64::MAX / 255;
const HIGH: u64 = ONES * 0x80;

/// The high bit of each zero byte of `x`, exactly (no borrow from one byte into the next).
fn zero_bytes(x: u64) -> u64 {
    let low7 = ONES * 0x7F;
    !(((x & low7) + low7) | x | low7)
}

/// ASCII letters among the eight ASCII bytes of `x`.
fn ascii_letters(x: u64) -> usize {
    ascii_letter_bits(x).count_ones() as usize
}

/// The high bit of each ASCII letter among the eight ASCII bytes of `x`: each byte,
/// lowercased, gets its high bit set by adding what takes 'a' to 0x80, and cleared again
/// past 'z' (no byte carries into the next, all being below 0x80).
fn ascii_letter_bits(x: u64) -> u64 {
    let lower = x | (ONES * 0x20);
    let from_a = lower + ONES * (0x80 - u64::from(b'a'));
    let past_z = lower + ONES * (0x80 - u64::from(b'z') - 1);
    from_a & !past_z & HIGH
}

/// One paragraph's language (`n` its [`counts`]) as far as script counts and function words tell it: Cyrillic
/// settles Russian outright, six function words English or Spanish; the rest is left to
/// whatlang ([`by_trigrams`]).
fn first_guess(para: &str, n: Counts) -> Verdict<'_> {
    let (cyr, lat, cyrillic_block) = (n.cyrillic, n.latin, n.cyrillic_block > 0);
    if cyr > lat {
        return Verdict::Known(Some(Lang::Ru));
    }
    if lat == 0 {
        return Verdict::Known(None);
    }
    // Most Latin paragraphs have no Cyrillic to leave out: no copy then.
    let latin_only: Cow<str> = if cyrillic_block {
        para.chars()
            .filter(|c| !('\u{0400}'..='\u{04FF}').contains(c))
            .collect()
    } else {
        Cow::Borrowed(para)
    };
    let spanish_marks = has_spanish_marks(&latin_only);
    match by_function_words(&latin_only, spanish_marks) {
        Some(lang) => Verdict::Known(Some(lang)),
        None => Verdict::Trigrams {
            latin_only,
            spanish_marks,
        },
    }
}

/// What the language guesses count in a text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Counts {
    /// Letters of any script.
    letters: usize,
    /// Chars in the Cyrillic block (U+0400..U+04FF), and the letters among them.
    cyrillic_block: usize,
    cyrillic: usize,
    /// Latin letters: ASCII, Latin-1 and Extended-A/B.
    latin: usize,
}

impl Counts {
    /// The counts of two texts one after the other (counts are per char, so they add up).
    fn plus(self, other: Counts) -> Counts {
        Counts {
            letters: self.letters + other.letters,
            cyrillic_block: self.cyrillic_block + other.cyrillic_block,
            cyrillic: self.cyrillic + other.cyrillic,
            latin: self.latin + other.latin,
        }
    }
}

/// [`Counts`] in one pass that counts ASCII eight bytes at a time and reads the Cyrillic
/// block from its lead bytes; only other chars are decoded.
fn counts(para: &str) -> Counts {
    let b = para.as_bytes();
    let mut n = Counts::default();
    let mut i = 0;
    while i < b.len() {
        if let Some(chunk) = b.get(i..i + 8) {
            let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
            if x & HIGH == 0 {
                let ascii = ascii_letters(x);
                n.letters += ascii;
                n.latin += ascii;
                i += 8;
                continue;
            }
            // ASCII and two-byte Cyrillic (lead bytes D0, D1, D3: every char a letter), as
            // Russian text is: the leads counted at once, the ASCII bytes as above.
            let leads =
                zero_bytes((x & (ONES * 0xFC)) ^ (ONES * 0xD0)) & !zero_bytes(x ^ (ONES * 0xD2));
            let lead_like = x & (x << 1) & HIGH;
            if lead_like == leads {
                // Non-ASCII bytes zeroed: a zero byte is no letter.
                let ascii = ascii_letters(x & (((!x & HIGH) >> 7) * 0xFF));
                let cyrillic = leads.count_ones() as usize;
                n.letters += ascii + cyrillic;
                n.latin += ascii;
                n.cyrillic_block += cyrillic;
                n.cyrillic += cyrillic;
                i += 8;
                // Past the second byte of a char cut by the chunk's end.
                if b.get(i).is_some_and(|&c| c & 0xC0 == 0x80) {
                    i += 1;
                }
                continue;
            }
        }
        match b[i] {
            c if c.is_ascii() => {
                let ascii = usize::from(c.is_ascii_alphabetic());
                n.letters += ascii;
                n.latin += ascii;
                i += 1;
            }
            // U+0400..U+04FF: letters but for U+0482..U+0489 (D2 82..D2 89).
            lead @ 0xD0..=0xD3 => {
                let letter = usize::from(!(lead == 0xD2 && (0x82..=0x89).contains(&b[i + 1])));
                n.cyrillic_block += 1;
                n.cyrillic += letter;
                n.letters += letter;
                i += 2;
            }
            _ => {
                let c = para[i..].chars().next().expect("a char starts here");
                let letter = is_letter(c);
                n.letters += usize::from(letter);
                n.latin += usize::from(letter && ('\u{00C0}'..='\u{024F}').contains(&c));
                i += c.len_utf8();
            }
        }
    }
    n
}

/// Whether `text` has one of ñ á é í ó ú ü ¿ ¡: all two-byte chars led by 0xC2 or 0xC3,
/// so only those bytes are looked at.
fn has_spanish_marks(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr2_iter(0xC2, 0xC3, b).any(|i| {
        matches!(
            (b[i], b.get(i + 1)),
            (0xC3, Some(0xB1 | 0xA1 | 0xA9 | 0xAD | 0xB3 | 0xBA | 0xBC))
                | (0xC2, Some(0xBF | 0xA1))
        )
    })
}

/// whatlang picks between English and Spanish, with Spanish-only letters as a tie-breaker
/// for short text.
fn by_trigrams(detector: &Detector, latin_only: &str, spanish_marks: bool) -> Option<Lang> {
    match detector
        .detect(latin_only)
        .map(|i| (i.lang(), i.is_reliable()))
    {
        Some((whatlang::Lang::Spa, _)) => Some(Lang::Es),
        Some((whatlang::Lang::Eng, reliable)) => Some(if spanish_marks && !reliable {
            Lang::Es
        } else {
            Lang::En
        }),
        _ if spanish_marks => Some(Lang::Es),
        _ => None,
    }
}

/// English or Spanish when the paragraph has [`DECISIVE_FUNCTION_WORDS`] function words of
/// one and none of the other (and, for English, no Spanish letters); `None` leaves it to
/// the trigrams.
fn by_function_words(text: &str, spanish_marks: bool) -> Option<Lang> {
    let (mut en, mut es) = (0usize, 0usize);
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // A word is a run of letters (`is_letter`); only ASCII ones of at most four letters
        // can be listed, so the others are passed over without being copied.
        let start = i;
        let mut ascii = true;
        while i < b.len() {
            // Eight ASCII bytes at a time: the word goes on to the first that is no letter.
            if let Some(chunk) = b.get(i..i + 8) {
                let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
                if x & HIGH == 0 {
                    let run = (!ascii_letter_bits(x) & HIGH).trailing_zeros() / 8;
                    i += run as usize;
                    if run < 8 {
                        break;
                    }
                    continue;
                }
            }
            if b[i].is_ascii() {
                if !b[i].is_ascii_alphabetic() {
                    break;
                }
                i += 1;
            } else {
                let c = text[i..].chars().next().expect("a char starts here");
                if !is_letter(c) {
                    break;
                }
                ascii = false;
                i += c.len_utf8();
            }
        }
        let word = &b[start..i];
        // Past the char that ended the word (a non-letter).
        i += match b.get(i) {
            None => 0,
            Some(x) if x.is_ascii() => 1,
            Some(_) => text[i..].chars().next().map_or(1, char::len_utf8),
        };
        if word.is_empty() || word.len() > 4 || !ascii {
            continue;
        }
        let mut buf = [0u8; 4];
        let lower = &mut buf[..word.len()];
        lower.copy_from_slice(word);
        lower.make_ascii_lowercase();
        match &*lower {
            b"the" | b"and" | b"of" | b"to" | b"is" | b"are" | b"you" | b"we" | b"will"
            | b"with" | b"this" | b"that" | b"for" | b"be" | b"have" | b"it" | b"was" | b"our"
            | b"your" | b"on" | b"at" | b"by" | b"from" => en += 1,
            b"el" | b"la" | b"los" | b"las" | b"de" | b"del" | b"que" | b"y" | b"en" | b"por"
            | b"para" | b"con" | b"una" | b"es" | b"se" | b"al" | b"lo" | b"su" | b"sus"
            | b"muy" | b"pero" | b"como" => es += 1,
            _ => continue,
        }
        if en > 0 && es > 0 {
            return None;
        }
    }
    if en >= DECISIVE_FUNCTION_WORDS && !spanish_marks {
        Some(Lang::En)
    } else if es >= DECISIVE_FUNCTION_WORDS {
        Some(Lang::Es)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tactful_core::{SegmentKind, Span};

    fn run(paras: &[&str]) -> (Option<Lang>, LanguageStatus) {
        let text = paras.join("\n\n");
        let mut segs = Vec::new();
        let mut pos = 0;
        for p in paras {
            segs.push(Segment {
                kind: SegmentKind::Body,
                span: Span::new(pos, pos + p.len()),
            });
            pos += p.len() + 2;
        }
        detect(&text, &segs)
    }

    #[test]
    fn letter_counts_agree_with_is_alphabetic() {
        let letter_counts = |t: &str| {
            let n = counts(t);
            (n.letters, n.cyrillic_block)
        };
        let every_ascii: String = (0u8..128).map(char::from).collect();
        let long = "Año 2024 — ¿listo? Отчёт ҂готов҉ ҁҊӿ, ok. ÀÖ×Øöø÷ ǅ ΔΕΛΤΑ @[`{ AZaz";
        for t in [
            "",
            "abc",
            "Año 2024 — ¿listo?",
            "Отчёт готов, ok.",
            "Пришлите, пожалуйста, отчёт №7 до 12:00 (Ӏ ӿ Ѐ џ) — ok? Ça va.",
            "x\u{482}y",
            every_ascii.as_str(),
            long,
        ] {
            // From every char, so that each byte falls at each place of an eight-byte chunk.
            for t in t.char_indices().map(|(i, _)| &t[i..]) {
                let cyr = t.chars().filter(|c| ('\u{0400}'..='\u{04FF}').contains(c));
                let letters = t.chars().filter(|c| c.is_alphabetic()).count();
                assert_eq!(letter_counts(t), (letters, cyr.count()), "{t:?}");
                // A sample and the rest, counted apart, add up to the whole.
                for (i, _) in t.char_indices() {
                    assert_eq!(
                        counts(&t[..i]).plus(counts(&t[i..])),
                        counts(t),
                        "{t:?} at {i}"
                    );
                }
            }
        }
    }

    #[test]
    fn bytewise_scans_agree_with_char_by_char_ones() {
        let cyrillic_block: String = ('\u{3F0}'..='\u{52F}').collect();
        let texts = [
            "",
            "The plan for the week: the demo with the client y la reunión con el equipo.",
            "¿Qué tal? ¡Año nuevo! El niño, la canción, pingüino — ok",
            "Thé and thè «of» to-is: are/you we’will with_this that·for",
            "Пришлите, пожалуйста, the report и отчёт ДО пятницы x\u{482}y",
            "Ćao Łódź Ǆemal ǅ: of the and to is 123 you4we",
            "Ωmega of Ω the ΔΕΛΤΑ and ß to",
            "we will send the notes to you by Friday",
            "el informe de la semana y los datos para el lunes",
            &cyrillic_block,
        ];
        for text in texts
            .iter()
            .flat_map(|t| t.char_indices().map(|(i, _)| &t[i..]))
        {
            let mut reference = (0, 0, false);
            for c in text.chars() {
                if ('\u{0400}'..='\u{04FF}').contains(&c) {
                    reference.2 = true;
                    reference.0 += usize::from(c.is_alphabetic());
                } else if c.is_ascii_alphabetic()
                    || (('\u{00C0}'..='\u{024F}').contains(&c) && c.is_alphabetic())
                {
                    reference.1 += 1;
                }
            }
            let n = counts(text);
            let script_counts = (n.cyrillic, n.latin, n.cyrillic_block > 0);
            assert_eq!(script_counts, reference, "{text:?}");
            let marks = text
                .chars()
                .any(|c| matches!(c, 'ñ' | 'á' | 'é' | 'í' | 'ó' | 'ú' | 'ü' | '¿' | '¡'));
            assert_eq!(has_spanish_marks(text), marks, "{text:?}");
            // Repeated, so that the function words of one language reach the threshold.
            for n in 1..=4 {
                let text = [text; 4][..n].join(" ");
                assert_eq!(
                    by_function_words(&text, marks),
                    function_words_by_split(&text, marks),
                    "{text:?}"
                );
            }
        }
    }

    /// `by_function_words` as first written: words from `split` on non-letters.
    fn function_words_by_split(text: &str, spanish_marks: bool) -> Option<Lang> {
        let (mut en, mut es) = (0usize, 0usize);
        for word in text.split(|c: char| !c.is_alphabetic()) {
            if !word.is_ascii() {
                continue;
            }
            match word.to_ascii_lowercase().as_str() {
                "the" | "and" | "of" | "to" | "is" | "are" | "you" | "we" | "will" | "with"
                | "this" | "that" | "for" | "be" | "have" | "it" | "was" | "our" | "your"
                | "on" | "at" | "by" | "from" => en += 1,
                "el" | "la" | "los" | "las" | "de" | "del" | "que" | "y" | "en" | "por"
                | "para" | "con" | "una" | "es" | "se" | "al" | "lo" | "su" | "sus" | "muy"
                | "pero" | "como" => es += 1,
                _ => {}
            }
        }
        if en > 0 && es > 0 {
            None
        } else if en >= DECISIVE_FUNCTION_WORDS && !spanish_marks {
            Some(Lang::En)
        } else if es >= DECISIVE_FUNCTION_WORDS {
            Some(Lang::Es)
        } else {
            None
        }
    }

    #[test]
    fn function_words_agree_with_trigrams_or_leave_it_to_them() {
        let detector = Detector::with_allowlist(vec![
            whatlang::Lang::Eng,
            whatlang::Lang::Spa,
            whatlang::Lang::Rus,
        ]);
        let trigrams = |t: &str| match detector.detect(t).map(|i| i.lang()) {
            Some(whatlang::Lang::Eng) => Some(Lang::En),
            Some(whatlang::Lang::Spa) => Some(Lang::Es),
            _ => None,
        };
        for text in [
            "We have moved the meeting to Friday at 10 and will send you the notes from it by the end of the day.",
            "Hemos movido la reunión al viernes y le enviaremos las notas por correo con el resumen de la propuesta.",
        ] {
            let decided = by_function_words(text, text.contains(['é', 'ó', 'ú']));
            assert!(decided.is_some(), "{text}");
            assert_eq!(decided, trigrams(text), "{text}");
        }
        // Too few function words, or both languages: the trigrams decide.
        assert_eq!(
            by_function_words("Thanks for the update, see you at the call.", false),
            None
        );
        assert_eq!(
            by_function_words(
                "The plan for the week: the demo with the client y la reunión con el equipo de ventas.",
                true
            ),
            None
        );
    }

    /// The detection as first written: every judged paragraph read in full, in order.
    fn reference(text: &str, segments: &[Segment]) -> (Option<Lang>, LanguageStatus) {
        let detector = Detector::with_allowlist(vec![
            whatlang::Lang::Eng,
            whatlang::Lang::Spa,
            whatlang::Lang::Rus,
        ]);
        let (mut weights, mut total, mut calls) = ([0usize; 3], 0, 0);
        for seg in segments.iter().filter(|s| s.kind.is_authored()) {
            let para = &text[seg.span.range()];
            let letters = para.chars().filter(|c| c.is_alphabetic()).count();
            if letters == 0 {
                continue;
            }
            total += letters;
            let guessed = if calls < MAX_TRIGRAM_CALLS {
                calls += 1;
                match first_guess(sample(para), counts(sample(para))) {
                    Verdict::Known(lang) => lang,
                    Verdict::Trigrams {
                        latin_only,
                        spanish_marks,
                    } => by_trigrams(&detector, &latin_only, spanish_marks),
                }
            } else if para
                .chars()
                .filter(|c| ('\u{0400}'..='\u{04FF}').contains(c))
                .count()
                * 2
                > letters
            {
                Some(Lang::Ru)
            } else if weights[0] + weights[1] > 0 {
                Some(if weights[1] > weights[0] {
                    Lang::Es
                } else {
                    Lang::En
                })
            } else {
                None
            };
            if let Some(lang) = guessed {
                weights[index(lang)] += letters;
            }
        }
        if total < MIN_LETTERS {
            return (None, LanguageStatus::Unknown);
        }
        verdict(weights, total)
    }

    #[test]
    fn skipping_trigrams_that_cannot_change_the_result_changes_nothing() {
        let paras = [
            "Hi Anna,",
            "Hola Marta:",
            "Ok",
            "We have moved the meeting to Friday at 10 and will send you the notes from it by the end of the day.",
            "Le llamo el jueves para confirmarlo.",
            "Пришлите, пожалуйста, обновлённый отчёт до пятницы.",
            "Thanks for the update, see you at the call on Monday.",
            "Gracias por todo, nos vemos pronto en la oficina central.",
            "2024-05-01 10:30",
            // Longer than the sample, which ends inside the Cyrillic.
            "Thanks for the notes from the call; I have gone through them with the team and we \
             agree with most of the points, but the second part of the plan needs more time than \
             we said, so the dates move a little: отчёт будет готов в пятницу, а презентация \
             в понедельник, если всё пойдёт по плану.",
        ];
        let docs = (0..paras.len())
            .map(|a| vec![a])
            .chain((0..paras.len().pow(2)).map(|n| vec![n / paras.len(), n % paras.len()]))
            .chain((0..paras.len().pow(3)).map(|n| {
                let k = paras.len();
                vec![n / (k * k), n / k % k, n % k]
            }))
            .chain((0..paras.len()).map(|a| vec![a, 1, 6, 0, 2, 4, 3, 7, a, 5, 6]));
        for doc in docs {
            let chosen: Vec<&str> = doc.iter().map(|&i| paras[i]).collect();
            let text = chosen.join("\n\n");
            let mut segs = Vec::new();
            let mut pos = 0;
            for p in &chosen {
                segs.push(Segment {
                    kind: SegmentKind::Body,
                    span: Span::new(pos, pos + p.len()),
                });
                pos += p.len() + 2;
            }
            assert_eq!(detect(&text, &segs), reference(&text, &segs), "{chosen:?}");
        }
    }

    #[test]
    fn languages_are_detected_mixed_or_unknown() {
        assert_eq!(
            run(&["Please send me the updated report by Friday, thank you."]),
            (Some(Lang::En), LanguageStatus::Detected)
        );
        assert_eq!(
            run(&["Por favor, envíame el informe actualizado antes del viernes."]),
            (Some(Lang::Es), LanguageStatus::Detected)
        );
        assert_eq!(
            run(&["Пришлите, пожалуйста, обновлённый отчёт до пятницы."]),
            (Some(Lang::Ru), LanguageStatus::Detected)
        );
        assert_eq!(run(&["Ok"]), (None, LanguageStatus::Unknown));
        let (lang, status) = run(&[
            "Please send me the updated report by Friday, thank you so much.",
            "Пришлите, пожалуйста, обновлённый отчёт до пятницы, спасибо большое.",
        ]);
        assert_eq!(status, LanguageStatus::Mixed);
        assert!(lang.is_some());
    }
}
