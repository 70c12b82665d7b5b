//! Word forms by Snowball stemming, made lenient where the stemmer is strict.
//!
//! Snowball gives "обвинили" the stem `обвин` but "обвиняете" `обвиня`, and the Spanish stemmer
//! needs accents ("debería" -> `deb`, "deberia" -> `deberi`). So a word has up to two stems
//! (stemmed before and after folding), and in Spanish and Russian two stems also match when
//! one extends the other by at most two letters and the shorter has at least four: `обвин` ~
//! `обвиня`, but `вин` (вина) never reaches `виноват`, and English stays exact
//! (`blame` is not `blameless`).

use rust_stemmers::Algorithm;
use tactful_core::Lang;

use crate::fold::fold;

pub struct Stemmer {
    lang: Lang,
    inner: rust_stemmers::Stemmer,
}

impl std::fmt::Debug for Stemmer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Stemmer({})", self.lang)
    }
}

use std::rc::Rc;

/// How many words' stems a thread remembers before it starts afresh.
const STEM_CACHE_SIZE: usize = 50_000;

thread_local! {
    static STEMS: std::cell::RefCell<StemCache> = Default::default();
}

/// Stems per language, by word as written.
type StemCache = [rustc_hash::FxHashMap<Box<str>, Rc<[String]>>; 3];

/// Shortest stem that may match a longer one by prefix.
const LENIENT_MIN: usize = 4;
/// How many letters a stem may extend another by.
const LENIENT_EXTRA: usize = 2;

impl Stemmer {
    pub fn new(lang: Lang) -> Self {
        let algorithm = match lang {
            Lang::En => Algorithm::English,
            Lang::Es => Algorithm::Spanish,
            Lang::Ru => Algorithm::Russian,
        };
        Stemmer {
            lang,
            inner: rust_stemmers::Stemmer::create(algorithm),
        }
    }

    /// The folded stems of a word as written (any case, with or without accents).
    pub fn stems_of(&self, word: &str) -> Vec<String> {
        self.shared_stems_of(word).to_vec()
    }

    /// [`Stemmer::stems_of`], shared with the thread's cache instead of copied out of it.
    pub(crate) fn shared_stems_of(&self, word: &str) -> Rc<[String]> {
        // The same few thousand words come back in every message: remember them per thread.
        STEMS.with_borrow_mut(|caches| {
            let cache = &mut caches[self.lang as usize];
            if let Some(stems) = cache.get(word) {
                return Rc::clone(stems);
            }
            if cache.len() >= STEM_CACHE_SIZE {
                cache.clear();
            }
            let stems: Rc<[String]> = self.stem_now(word).into();
            cache.insert(word.into(), Rc::clone(&stems));
            stems
        })
    }

    fn stem_now(&self, word: &str) -> Vec<String> {
        let folded = fold(word);
        let mut out = vec![self.inner.stem(&folded).into_owned()];
        if self.lang == Lang::Es {
            let lower = word.to_lowercase();
            if lower != folded {
                let s = fold(&self.inner.stem(&lower));
                if !out.contains(&s) {
                    out.push(s);
                }
            }
        }
        out
    }

    fn lenient(&self) -> bool {
        self.lang != Lang::En
    }

    /// Whether two folded stems name the same word.
    pub fn related(&self, a: &str, b: &str) -> bool {
        if a == b {
            return true;
        }
        if !self.lenient() {
            return false;
        }
        let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
        let (ns, nl) = (short.chars().count(), long.chars().count());
        // Fewer bytes may still be more chars ("ññ" against "aaa"): then it is no prefix.
        ns >= LENIENT_MIN && nl.saturating_sub(ns) <= LENIENT_EXTRA && long.starts_with(short)
    }

    /// Whether any stem of `word` (as written) relates to any of `stems`.
    #[cfg(test)]
    pub fn matches(&self, word: &str, stems: &[String]) -> bool {
        self.stems_of(word)
            .iter()
            .any(|t| stems.iter().any(|p| self.related(t, p)))
    }

    /// A prefix every folded word matching `stems` (of the folded pattern word `word`) starts
    /// with: what the matcher looks for before the stems are compared.
    pub fn anchor_prefix(&self, word: &str, stems: &[String]) -> String {
        let mut prefix: Vec<char> = word.chars().collect();
        for s in stems {
            let common = prefix
                .iter()
                .zip(s.chars())
                .take_while(|(a, b)| **a == *b)
                .count();
            prefix.truncate(common);
        }
        if self.lenient() {
            let shortest = stems.iter().map(|s| s.chars().count()).min().unwrap_or(0);
            let keep = shortest.saturating_sub(LENIENT_EXTRA).max(LENIENT_MIN);
            prefix.truncate(keep);
        }
        prefix.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(lang: Lang, a: &str, b: &str) -> bool {
        let s = Stemmer::new(lang);
        s.matches(a, &s.stems_of(b))
    }

    #[test]
    fn stems_with_more_chars_in_fewer_bytes_are_compared_without_overflow() {
        let s = Stemmer::new(Lang::Es);
        assert!(!s.related("ññññ", "aaaaaaa"));
        assert!(!s.related("aaaaaaa", "ññññ"));
        assert!(s.related("cañon", "cañones"));
    }

    #[test]
    fn russian_verb_forms_share_one_entry_but_unrelated_words_do_not() {
        for form in ["обвинили", "обвиняете", "обвинял", "Обвинять"]
        {
            assert!(same(Lang::Ru, form, "обвинили"), "{form}");
        }
        assert!(same(Lang::Ru, "подвёл", "подвел"));
        assert!(same(Lang::Ru, "виноваты", "виноват"));
        // Same prefix, different word.
        assert!(!same(Lang::Ru, "виноград", "виноват"));
        assert!(!same(Lang::Ru, "вина", "виноваты"));
        assert!(!same(Lang::Ru, "обвал", "обвинили"));
    }

    #[test]
    fn spanish_forms_match_with_or_without_accents() {
        for form in ["debería", "deberían", "debió", "deberia", "DEBERÍAS"] {
            assert!(same(Lang::Es, form, "debería"), "{form}");
        }
        assert!(!same(Lang::Es, "débil", "debería"));
        assert!(!same(Lang::Es, "debate", "debería"));
        assert!(same(Lang::Es, "culpó", "culpa"));
    }

    #[test]
    fn english_stems_are_exact() {
        assert!(same(Lang::En, "blamed", "blame"));
        assert!(same(Lang::En, "apologies", "apologize"));
        assert!(!same(Lang::En, "blameless", "blame"));
        assert!(!same(Lang::En, "faulty", "fault"));
    }

    #[test]
    fn anchor_prefixes_are_prefixes_of_every_matching_form() {
        let s = Stemmer::new(Lang::Ru);
        let p = s.anchor_prefix("обвиняете", &s.stems_of("обвиняете"));
        for form in ["обвинили", "обвиняете", "обвинял"] {
            assert!(fold(form).starts_with(&p), "{form} vs {p}");
        }
        let e = Stemmer::new(Lang::En);
        assert_eq!(e.anchor_prefix("sorry", &e.stems_of("sorry")), "sorr");
    }
}
