//! Folding and tokenizing: text becomes a stream of tokens whose keys are lowercased,
//! diacritic-free and quote-normalized, each keeping its ORIGINAL byte span.
//!
//! - Letters are lowercased with Unicode rules; Latin diacritics are dropped ("Está" -> "esta")
//!   except `ñ`, a letter of its own; `ё` becomes `е`; `й` stays (a letter, not a diacritic).
//! - Words are runs of letters and digits. An apostrophe (' ’ ‘ ` ´ ʼ) between letters is part of
//!   the word and becomes `'`; a hyphen between letters splits the word without a token, so
//!   "из-за" and "из за", "follow-up" and "follow up" tokenize alike.
//! - Every other non-space character is a token of its own (quotes “ ” « » „ become `"`), so a
//!   phrase never matches across a comma or a period unless it says so.
//! - `*`, `_`, soft hyphens and zero-width characters are ignored (Markdown emphasis inside a
//!   phrase: "as I **already** said"); whitespace of any kind and length separates tokens.

use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::rc::Rc;

use crate::gate::find_literals;
use crate::keys::{FNV_OFFSET, PartTable, finish, key_hash, step};
use crate::lazy::generation;
use tactful_core::{Document, Lang, Span};
use unicode_normalization::char::decompose_canonical;

/// One token: where it is in the original text and where its key is in [`Tokens::keys`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Byte span in the original text (plus the base offset given to [`tokenize`]).
    pub start: usize,
    pub end: usize,
    key_start: u32,
    key_end: u32,
    /// A word (letters/digits), as opposed to a punctuation or symbol token.
    pub word: bool,
    /// [`key_hash`] of the key, computed once for every matcher that looks it up.
    pub hash: u64,
}

/// The tokens of a text and their keys, laid out as `" key1 key2 ... keyN "` so that a phrase
/// `" a b "` found in `keys` starts and ends on token boundaries.
#[derive(Debug, Default, Clone)]
pub struct Tokens {
    pub keys: String,
    pub tokens: Vec<Token>,
    /// `(token, part)` for the parts of one language's table at one generation (see
    /// [`crate::keys`]), found once for all the matchers that read these tokens.
    parts: RefCell<Found<(u32, u32)>>,
    /// The same for the literals of the regexes' gates ([`crate::gate`]).
    literals: RefCell<Found<u32>>,
}

/// What was found of one language's table at one generation, if anything yet.
#[derive(Debug, Clone)]
struct Found<T> {
    of: Option<(Lang, u64)>,
    found: Vec<T>,
}

impl<T> Default for Found<T> {
    fn default() -> Self {
        Found {
            of: None,
            found: Vec::new(),
        }
    }
}

/// The found items of `cache` for `lang` now, found afresh by `find` when the tables changed
/// since.
fn found_now<T>(
    cache: &RefCell<Found<T>>,
    lang: Lang,
    find: impl FnOnce(&mut Vec<T>),
) -> std::cell::Ref<'_, [T]> {
    let now = Some((lang, generation()));
    {
        let mut cache = cache.borrow_mut();
        if cache.of != now {
            cache.found.clear();
            find(&mut cache.found);
            cache.of = now;
        }
    }
    std::cell::Ref::map(cache.borrow(), |cache| &cache.found[..])
}

impl Tokens {
    pub fn key(&self, i: usize) -> &str {
        let t = &self.tokens[i];
        &self.keys[t.key_start as usize..t.key_end as usize]
    }

    /// The key of `token` (one of these tokens) as bytes, without the char-boundary checks
    /// of slicing a `str`.
    pub(crate) fn key_bytes(&self, token: &Token) -> &[u8] {
        &self.keys.as_bytes()[token.key_start as usize..token.key_end as usize]
    }

    /// The token whose key starts at byte `pos` of `keys`.
    pub fn token_at_key(&self, pos: usize) -> Option<usize> {
        let i = self
            .tokens
            .partition_point(|t| (t.key_start as usize) < pos);
        (i < self.tokens.len() && self.tokens[i].key_start as usize == pos).then_some(i)
    }

    /// The token whose key contains byte `pos` of `keys` (for matches that end inside a token).
    pub fn token_containing_key(&self, pos: usize) -> Option<usize> {
        let i = self.tokens.partition_point(|t| (t.key_end as usize) < pos);
        (i < self.tokens.len() && self.tokens[i].key_start as usize <= pos).then_some(i)
    }

    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// `(token, part)` for every part of `lang`'s table at every token, in token order.
    pub(crate) fn parts(&self, lang: Lang) -> std::cell::Ref<'_, [(u32, u32)]> {
        found_now(&self.parts, lang, |found| {
            PartTable::find(lang, self, found)
        })
    }

    /// The ids of the gate literals of `lang` that `text` (the text these tokens were read
    /// from) holds, sorted.
    pub(crate) fn literals(&self, lang: Lang, text: &str) -> std::cell::Ref<'_, [u32]> {
        found_now(&self.literals, lang, |found| {
            // find_literals never comes back here, so the buffer is free.
            FOLDED.with_borrow_mut(|folded| {
                find_literals(lang, text, folded, found);
                // A large text's buffer is not kept.
                if folded.capacity() > SPARE_TEXT * 4 {
                    *folded = String::new();
                }
            })
        })
    }

    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2019}' | '\u{2018}' | '`' | '\u{B4}' | '\u{2BC}' | '\u{2032}'
    )
}

fn is_double_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{AB}' | '\u{BB}'
    )
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// Characters that belong to the word around them but add nothing to its key.
fn is_silent(c: char) -> bool {
    matches!(
        c,
        '\u{AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}'
    ) || is_combining_mark(c)
}

fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36F}' | '\u{483}'..='\u{489}' | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// Characters skipped entirely, between or inside words.
fn is_ignored(c: char) -> bool {
    matches!(c, '*' | '_')
}

/// Appends the folded form of `c` (lowercase, no Latin diacritics, `ё` -> `е`).
pub fn fold_char(c: char, out: &mut String) {
    if is_apostrophe(c) {
        out.push('\'');
        return;
    }
    if is_double_quote(c) {
        out.push('"');
        return;
    }
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    // The Spanish letters, without a table lookup.
    let quick = match c {
        'á' | 'Á' => 'a',
        'é' | 'É' => 'e',
        'í' | 'Í' => 'i',
        'ó' | 'Ó' => 'o',
        'ú' | 'Ú' | 'ü' | 'Ü' => 'u',
        'ñ' | 'Ñ' => 'ñ',
        _ => '\0',
    };
    if quick != '\0' {
        out.push(quick);
        return;
    }
    for lc in c.to_lowercase() {
        match lc {
            'ё' => out.push('е'),
            'ñ' => out.push('ñ'),
            '\u{C0}'..='\u{24F}' | '\u{1E00}'..='\u{1EFF}' => {
                let mut base = None;
                decompose_canonical(lc, |d| {
                    if base.is_none() {
                        base = Some(d);
                    }
                });
                out.push(base.unwrap_or(lc));
            }
            _ if is_combining_mark(lc) => {}
            _ => out.push(lc),
        }
    }
}

/// Folds a whole string the way token keys are folded (spaces kept as they are).
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char(c, &mut out);
    }
    out
}

/// By byte: the lowercase of an ASCII letter or digit, 0 for any other byte.
const ASCII_WORD_LOWER: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 128 {
        if (b as u8).is_ascii_alphanumeric() {
            table[b] = (b as u8).to_ascii_lowercase();
        }
        b += 1;
    }
    table
};

/// Tokenizes `text`; spans are `base + offset in text`.
pub fn tokenize(text: &str, base: usize) -> Tokens {
    let mut tokens = Tokens::default();
    tokenize_into(text, base, &mut tokens);
    tokens
}

/// [`tokenize`] into the buffers of `out`, which it replaces the contents of.
fn tokenize_into(text: &str, base: usize, out: &mut Tokens) {
    let Tokens {
        keys,
        tokens,
        parts,
        literals,
    } = out;
    parts.get_mut().of = None;
    literals.get_mut().of = None;
    keys.clear();
    tokens.clear();
    keys.reserve(keys_room(text.len()));
    tokens.reserve(text.len() / 3 + 1);
    keys.push(' ');
    let bytes = text.as_bytes();
    let mut i = 0;
    // Start of the word being read (original offset), if any.
    let mut word_start: Option<usize> = None;
    let mut word_key_start = 0;
    let mut last_word_char_end = 0;
    // The word's key hashed as it is written (see `key_hash`): not read again at its end.
    let mut word_hash = FNV_OFFSET;

    macro_rules! end_word {
        () => {
            if let Some(ws) = word_start.take() {
                tokens.push(Token {
                    start: base + ws,
                    end: base + last_word_char_end,
                    key_start: word_key_start as u32,
                    key_end: keys.len() as u32,
                    word: true,
                    hash: finish(word_hash),
                });
                keys.push(' ');
            }
        };
    }

    while i < bytes.len() {
        let b = bytes[i];
        // ASCII fast path: most prose is ASCII, and its folding is a table lookup.
        let lower = ASCII_WORD_LOWER[usize::from(b)];
        if lower != 0 {
            if word_start.is_none() {
                word_start = Some(i);
                word_key_start = keys.len();
                word_hash = FNV_OFFSET;
            }
            keys.push(char::from(lower));
            word_hash = step(word_hash, lower);
            last_word_char_end = i + 1;
            i += 1;
            continue;
        }
        if b.is_ascii_whitespace() {
            end_word!();
            i += 1;
            continue;
        }
        // Cyrillic fast path, read from the UTF-8 bytes: the basic alphabet (U+0410-U+044F)
        // lowercases by an offset, ё and Ё become е.
        let lower = match (b, bytes.get(i + 1)) {
            (0xD0, Some(&next @ 0x90..=0xBF)) => match 0x400 | u32::from(next & 0x3F) {
                upper @ ..0x430 => upper + 0x20,
                lower => lower,
            },
            (0xD1, Some(&next @ 0x80..=0x8F)) => 0x440 | u32::from(next & 0x3F),
            (0xD0, Some(0x81)) | (0xD1, Some(0x91)) => 0x435,
            _ => 0,
        };
        if lower != 0 {
            if word_start.is_none() {
                word_start = Some(i);
                word_key_start = keys.len();
                word_hash = FNV_OFFSET;
            }
            // Its UTF-8: two bytes, as every letter of U+0430-U+044F.
            word_hash = step(word_hash, 0xC0 | (lower >> 6) as u8);
            word_hash = step(word_hash, 0x80 | (lower & 0x3F) as u8);
            keys.push(char::from_u32(lower).unwrap_or(char::REPLACEMENT_CHARACTER));
            last_word_char_end = i + 2;
            i += 2;
            continue;
        }
        let c = text[i..].chars().next().expect("index on a char boundary");
        let len = c.len_utf8();
        let next_is_alnum = || {
            text[i + len..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
        };
        if c.is_alphanumeric() {
            if word_start.is_none() {
                word_start = Some(i);
                word_key_start = keys.len();
                word_hash = FNV_OFFSET;
            }
            let from = keys.len();
            fold_char(c, keys);
            word_hash = keys.as_bytes()[from..]
                .iter()
                .fold(word_hash, |h, &b| step(h, b));
            last_word_char_end = i + len;
        } else if word_start.is_some() && is_silent(c) {
            last_word_char_end = i + len;
        } else if c.is_whitespace() {
            end_word!();
        } else if is_ignored(c) || is_silent(c) {
            // Markup emphasis and invisible characters: not tokens.
        } else if word_start.is_some() && is_apostrophe(c) && next_is_alnum() {
            keys.push('\'');
            word_hash = step(word_hash, b'\'');
        } else if word_start.is_some() && is_hyphen(c) && next_is_alnum() {
            end_word!();
        } else {
            end_word!();
            let key_start = keys.len();
            fold_char(c, keys);
            if keys.len() == key_start {
                // A stray combining mark with no word before it: nothing to match.
                i += len;
                continue;
            }
            tokens.push(Token {
                start: base + i,
                end: base + i + len,
                key_start: key_start as u32,
                key_end: keys.len() as u32,
                word: false,
                hash: key_hash(&keys.as_bytes()[key_start..]),
            });
            keys.push(' ');
        }
        i += len;
    }
    end_word!();
    if tokens.is_empty() {
        keys.push(' ');
    }
}

/// The keys' room for a text of `len` bytes: with the spaces between keys and short words,
/// so that the buffer does not grow.
fn keys_room(len: usize) -> usize {
    len + len / 2 + 2
}

/// A document's text (a copy) and the tokens of its segments, by span.
#[derive(Default)]
struct SegmentCache {
    text: String,
    /// Where the text last compared equal lives (see [`DocumentTokens`]).
    at: usize,
    segments: FxHashMap<(usize, usize), Rc<Tokens>>,
    /// Tokens of an earlier document that no one holds any more, whose buffers the next
    /// segments are read into instead of allocating their own.
    spare: Vec<Rc<Tokens>>,
}

/// Spare tokens kept, at most, and the largest text whose buffers are kept: a few
/// paragraphs' worth per thread, not a large document's.
const SPARE: usize = 32;
const SPARE_TEXT: usize = 4 << 10;

impl SegmentCache {
    /// Makes the cache hold `doc`'s segments, keeping them if it held them already.
    fn follow(&mut self, doc: &Document) {
        // The text itself is the key: comparing it costs far less than tokenizing it.
        if self.text != doc.text {
            self.text.clear();
            self.text.push_str(&doc.text);
            for (_, mut tokens) in self.segments.drain() {
                let small = tokens.keys.capacity() <= keys_room(SPARE_TEXT);
                if small && self.spare.len() < SPARE && Rc::get_mut(&mut tokens).is_some() {
                    self.spare.push(tokens);
                }
            }
        }
        self.at = doc.text.as_ptr() as usize;
    }

    fn tokens(&mut self, doc: &Document, span: Span) -> Rc<Tokens> {
        let spare = &mut self.spare;
        Rc::clone(
            self.segments
                .entry((span.start, span.end))
                .or_insert_with(|| {
                    let text = doc.slice(span);
                    if text.len() <= SPARE_TEXT
                        && let Some(mut tokens) = spare.pop()
                        && let Some(reused) = Rc::get_mut(&mut tokens)
                    {
                        tokenize_into(text, span.start, reused);
                        return tokens;
                    }
                    Rc::new(tokenize(text, span.start))
                }),
        )
    }
}

thread_local! {
    /// A buffer for the gates to fold non-ASCII text into, instead of one per segment.
    static FOLDED: RefCell<String> = RefCell::default();

    /// The last document read on this thread: every analyzer reads the same segments, each
    /// with its own matchers.
    static SEGMENTS: RefCell<SegmentCache> = RefCell::default();
}

/// The tokens of the segments of a document (spans in its text), tokenized once per document
/// and thread however many matchers read them; its text is compared with the cache's once,
/// not for every segment.
pub struct DocumentTokens<'d> {
    doc: &'d Document,
}

impl<'d> DocumentTokens<'d> {
    pub fn new(doc: &'d Document) -> Self {
        SEGMENTS.with(|cache| cache.borrow_mut().follow(doc));
        DocumentTokens { doc }
    }

    /// While `doc` is borrowed its text cannot change, and no other live text sits at its
    /// address: finding the cache's text at that address and length means it holds `doc`'s,
    /// unless another document took the cache since, which moved the address.
    pub fn get(&self, span: Span) -> Rc<Tokens> {
        SEGMENTS.with(|cache| {
            let mut cache = cache.borrow_mut();
            let text = &self.doc.text;
            if cache.at != text.as_ptr() as usize || cache.text.len() != text.len() {
                cache.follow(self.doc);
            }
            cache.tokens(self.doc, span)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<String> {
        let t = tokenize(text, 0);
        (0..t.len()).map(|i| t.key(i).to_string()).collect()
    }

    #[test]
    fn tokens_read_into_reused_buffers_are_those_read_afresh() {
        let texts = [
            "As I already told you, the İSTANBUL release is DELAYED.",
            "",
            "Как я уже говорил, ЁЖИК — don’t esta\u{301} bien",
            "a",
            "per my last email: see https://example.com/x?y=1 (again)",
        ];
        // Parts and gate literals to find, so that a stale list would show.
        let index = crate::keys::KeyIndex::new(Lang::En, &[" as ", " told ", " release "]);
        index.scan(&tokenize("", 0), &mut Default::default(), |_| {});
        let gates = crate::gate::Gates::new(Lang::En, &[Some(vec!["already".into()])]);
        gates.expect("a gate").register();
        let mut reused = Tokens::default();
        for (i, text) in texts.iter().enumerate() {
            let fresh = tokenize(text, i * 7);
            // A found list of the text before must not survive into this one.
            let before = reused.parts(Lang::En).len();
            tokenize_into(text, i * 7, &mut reused);
            assert_eq!(reused.keys, fresh.keys, "{text:?}");
            assert_eq!(reused.tokens, fresh.tokens, "{text:?}");
            assert_eq!(
                &*reused.parts(Lang::En),
                &*fresh.parts(Lang::En),
                "{text:?} after {before}"
            );
            assert_eq!(
                &*reused.literals(Lang::En, text),
                &*fresh.literals(Lang::En, text),
                "{text:?}"
            );
        }
        // The first text had parts and literals; the one after it had none.
        assert!(!tokenize(texts[0], 0).parts(Lang::En).is_empty());
        assert!(
            !tokenize(texts[0], 0)
                .literals(Lang::En, texts[0])
                .is_empty()
        );
    }

    #[test]
    fn a_tokens_hash_written_with_its_key_is_the_hash_of_its_key() {
        let words = [
            "As",
            "I'm",
            "DON’T",
            "Está",
            "AÑO",
            "ЁЖИК",
            "Как",
            "из-за",
            "İSTANBUL",
            "esta\u{301}",
            "x\u{AD}y",
            "**bold**",
            "Straße",
            "ǅemal",
            "Ὀδυσσεύς",
            "日本語",
            "42",
            "e2e",
            ",",
            "«",
            "—",
            "\u{301}",
            "ﬁne",
        ];
        let mut texts = crate::testing::Texts::new(0x1234_5678_9abc_def1, &words);
        let mut tokens = 0;
        for _ in 0..2_000 {
            let text = texts.text(8, 3);
            let t = tokenize(&text, 0);
            for (i, token) in t.tokens.iter().enumerate() {
                assert_eq!(token.hash, key_hash(t.key(i).as_bytes()), "{text:?} {i}");
            }
            tokens += t.len();
        }
        assert!(tokens > 10_000, "{tokens}");
    }

    #[test]
    fn the_ascii_table_lowercases_letters_and_digits_only() {
        for b in 0..=255u8 {
            let plain = if b.is_ascii_alphanumeric() {
                b.to_ascii_lowercase()
            } else {
                0
            };
            assert_eq!(ASCII_WORD_LOWER[usize::from(b)], plain, "{b:#x}");
        }
        assert_eq!(keys("Ab1 Z-9 _x"), vec!["ab1", "z", "9", "x"]);
    }

    #[test]
    fn cyrillic_read_from_its_bytes_folds_as_fold_char_does() {
        for c in ('\u{400}'..='\u{4FF}').filter(|c| c.is_alphabetic()) {
            let word = format!("{c}ab{c}{c}");
            let t = tokenize(&word, 0);
            assert_eq!(t.len(), 1, "{c:?}");
            assert_eq!(t.key(0), fold(&word), "{c:?}");
            assert_eq!(t.tokens[0].end, word.len(), "{c:?}");
        }
    }

    #[test]
    fn folding_lowercases_and_drops_latin_diacritics_but_keeps_enye_and_short_i() {
        assert_eq!(fold("ESTÁ Última Pingüino"), "esta ultima pinguino");
        assert_eq!(fold("AÑO"), "año");
        assert_eq!(fold("ЁЛКА Йогурт"), "елка йогурт");
        assert_eq!(fold("Don’t"), "don't");
    }

    #[test]
    fn spans_point_at_the_original_bytes_even_when_folding_changes_lengths() {
        // "İ" lowercases to two chars; "É" and "Ё" fold to one-byte/two-byte chars.
        let text = "İSTANBUL Éxito  ЁЖИК";
        let t = tokenize(text, 10);
        let spans: Vec<&str> = t
            .tokens
            .iter()
            .map(|tok| &text[tok.start - 10..tok.end - 10])
            .collect();
        assert_eq!(spans, vec!["İSTANBUL", "Éxito", "ЁЖИК"]);
        assert_eq!(t.key(1), "exito");
        assert_eq!(t.key(2), "ежик");
    }

    #[test]
    fn decomposed_accents_stay_inside_the_word() {
        let text = "esta\u{301} bien";
        let t = tokenize(text, 0);
        assert_eq!(t.key(0), "esta");
        assert_eq!(&text[t.tokens[0].start..t.tokens[0].end], "esta\u{301}");
    }

    #[test]
    fn apostrophes_join_words_and_quotes_become_tokens() {
        assert_eq!(
            keys("It’s `don`t` «так»"),
            vec!["it's", "'", "don't", "'", "\"", "так", "\""]
        );
    }

    #[test]
    fn hyphens_and_emphasis_split_or_vanish_and_whitespace_runs_collapse() {
        assert_eq!(
            keys("из-за  вас,\n\tas **I** said"),
            vec!["из", "за", "вас", ",", "as", "i", "said"]
        );
        assert_eq!(tokenize("a  b", 0).keys, " a b ");
    }

    #[test]
    fn segment_tokens_follow_the_document_text() {
        let a = Document::plain("One two. Three", tactful_core::Format::Plain);
        let t = DocumentTokens::new(&a).get(Span::new(9, 14));
        assert_eq!(t.key(0), "three");
        assert_eq!(t.tokens[0].start, 9);
        assert!(Rc::ptr_eq(
            &t,
            &DocumentTokens::new(&a).get(Span::new(9, 14))
        ));
        // Another text, even at the same spans, is tokenized afresh.
        let b = Document::plain("One two. Fours", tactful_core::Format::Plain);
        assert_eq!(
            DocumentTokens::new(&b).get(Span::new(9, 14)).key(0),
            "fours"
        );
    }

    #[test]
    fn document_tokens_stay_with_their_document_when_another_takes_the_cache() {
        let a = Document::plain("One two. Three", tactful_core::Format::Plain);
        let b = Document::plain("One two. Fours", tactful_core::Format::Plain);
        let of_a = DocumentTokens::new(&a);
        assert_eq!(of_a.get(Span::new(9, 14)).key(0), "three");
        assert_eq!(
            DocumentTokens::new(&b).get(Span::new(9, 14)).key(0),
            "fours"
        );
        assert_eq!(of_a.get(Span::new(9, 14)).key(0), "three");
        assert_eq!(
            DocumentTokens::new(&b).get(Span::new(9, 14)).key(0),
            "fours"
        );
    }

    #[test]
    fn key_lookup_maps_key_offsets_back_to_tokens() {
        let t = tokenize("One two", 0);
        assert_eq!(t.token_at_key(1), Some(0));
        assert_eq!(t.token_at_key(5), Some(1));
        assert_eq!(t.token_at_key(2), None);
        assert_eq!(t.token_containing_key(6), Some(1));
    }
}
