//! The compiled matcher: every phrase pattern of one language in one aho-corasick automaton
//! over folded token keys, plus the few raw regexes.
//!
//! Each expanded phrase is anchored on its most selective literal part (a run of exact words,
//! possibly ending in the fixed prefix of a `~` or `*` word); the automaton finds the anchors
//! in one pass, then the rest of the phrase is checked token by token (stems, wildcards).

use aho_corasick::{AhoCorasick, MatchKind};
use regex::Regex;
use tactful_core::{Document, Lang, SegmentKind, Span};

use crate::context::is_negation;
use crate::fold::{Tokens, segment_tokens, tokenize};
use crate::pattern::{Elem, PatternError, parse_ids};
use crate::stem::Stemmer;

/// One match of a pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Hit {
    /// The id the pattern was added with.
    pub id: usize,
    /// Byte span in the text searched (for [`Matcher::find_in`]: in the document's text).
    pub span: Span,
    /// A `*` wildcard of the pattern matched a negation ("вы *  виноваты" on "вы не виноваты").
    pub wildcard_negation: bool,
}

/// Options for one pattern.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PatternOptions {
    /// Every word of the pattern matches its word forms, as if each had `~`.
    pub stem: bool,
}

#[derive(Debug)]
struct Variant {
    /// Its elements: `seq[start..end]` holds their ids in `elems`.
    start: u32,
    end: u32,
    /// Index of the first element the anchor covers.
    anchor: u32,
    id: usize,
}

/// Collects patterns, then compiles them once with [`MatcherBuilder::build`].
#[derive(Debug)]
pub struct MatcherBuilder {
    lang: Lang,
    stemmer: Stemmer,
    /// The distinct elements of each pattern, patterns one after another.
    elems: Vec<Elem>,
    /// Per element: the automaton key that can anchor it (`" word "`, or `" prefix"` for the
    /// fixed start of a `*` or `~` word), as an index into `keys`.
    anchor_key: Vec<Option<u32>>,
    keys: Vec<String>,
    key_ids: std::collections::HashMap<String, u32>,
    /// Element ids of every variant, one after another.
    seq: Vec<u32>,
    variants: Vec<Variant>,
    regexes: Vec<(Regex, usize)>,
}

impl MatcherBuilder {
    pub fn new(lang: Lang) -> Self {
        MatcherBuilder {
            lang,
            stemmer: Stemmer::new(lang),
            elems: Vec::new(),
            anchor_key: Vec::new(),
            keys: Vec::new(),
            key_ids: Default::default(),
            seq: Vec::new(),
            variants: Vec::new(),
            regexes: Vec::new(),
        }
    }

    /// Adds a phrase pattern (syntax in [`crate::pattern`]); its hits carry `id`.
    pub fn add(&mut self, id: usize, pattern: &str) -> Result<&mut Self, PatternError> {
        self.add_with(id, pattern, PatternOptions::default())
    }

    pub fn add_with(
        &mut self,
        id: usize,
        pattern: &str,
        opts: PatternOptions,
    ) -> Result<&mut Self, PatternError> {
        let expanded = parse_ids(pattern, opts.stem, &self.stemmer)?;
        let base = self.elems.len() as u32;
        for e in &expanded.elems {
            let key = match e {
                Elem::Word(w) => Some(format!(" {w} ")),
                Elem::Prefix(p) => Some(format!(" {p}")),
                Elem::Stem { word, stems } => {
                    Some(format!(" {}", self.stemmer.anchor_prefix(word, stems)))
                }
                Elem::Any => None,
            }
            .filter(|k| k.trim() != "");
            let id = key.map(|k| {
                let next = self.keys.len() as u32;
                *self.key_ids.entry(k).or_insert_with_key(|k| {
                    self.keys.push(k.clone());
                    next
                })
            });
            self.anchor_key.push(id);
        }
        for v in &expanded.variants {
            let start = self.seq.len() as u32;
            self.seq.extend(v.iter().map(|&i| base + i));
            self.variants.push(Variant {
                start,
                end: self.seq.len() as u32,
                anchor: 0,
                id,
            });
        }
        self.elems.extend(expanded.elems);
        Ok(self)
    }

    /// Adds a regular expression (Rust `regex` syntax, case-insensitive), run on the original
    /// text of each segment. For what phrases cannot say; it is slower than a phrase.
    pub fn add_regex(&mut self, id: usize, re: &str) -> Result<&mut Self, PatternError> {
        let err = |message: String| PatternError {
            pattern: re.to_string(),
            column: 0,
            message,
        };
        let compiled = Regex::new(&format!("(?i){re}")).map_err(|e| err(e.to_string()))?;
        if compiled.is_match("") {
            return Err(err(
                "matches an empty string, so it would fire everywhere".into()
            ));
        }
        self.regexes.push((compiled, id));
        Ok(self)
    }

    pub fn build(mut self) -> Result<Matcher, PatternError> {
        // Each variant is anchored on one of its words (or a word's fixed start): the one the
        // fewest variants contain, the longer on a tie. The automaton then holds about one key
        // per word of the lexicon, however many phrases its patterns expand to, and each key
        // lists few variants to verify.
        let mut load = vec![0u32; self.keys.len()];
        for v in &self.variants {
            for &e in &self.seq[v.start as usize..v.end as usize] {
                if let Some(k) = self.anchor_key[e as usize] {
                    load[k as usize] += 1;
                }
            }
        }
        let mut by_key: Vec<Vec<u32>> = vec![Vec::new(); self.keys.len()];
        for (vi, v) in self.variants.iter_mut().enumerate() {
            let ids = &self.seq[v.start as usize..v.end as usize];
            let (j, k) = ids
                .iter()
                .enumerate()
                .filter_map(|(j, &e)| self.anchor_key[e as usize].map(|k| (j, k as usize)))
                .min_by_key(|&(_, k)| (load[k], std::cmp::Reverse(self.keys[k].len())))
                .expect("a variant has at least one word (checked by the parser)");
            v.anchor = j as u32;
            by_key[k].push(vi as u32);
        }
        let mut keys = Vec::new();
        let mut anchored = Vec::new();
        for (key, list) in self.keys.into_iter().zip(by_key) {
            if !list.is_empty() {
                keys.push(key);
                anchored.push(list);
            }
        }
        let ac = if keys.is_empty() {
            None
        } else {
            Some(
                AhoCorasick::builder()
                    .match_kind(MatchKind::Standard)
                    .build(&keys)
                    .map_err(|e| PatternError {
                        pattern: String::new(),
                        column: 0,
                        message: format!("the phrase automaton could not be built: {e}"),
                    })?,
            )
        };
        Ok(Matcher {
            lang: self.lang,
            stemmer: self.stemmer,
            ac,
            anchored,
            elems: self.elems,
            seq: self.seq,
            variants: self.variants,
            regexes: self.regexes,
        })
    }
}

/// A compiled set of patterns for one language. Build once, share by reference across threads.
#[derive(Debug)]
pub struct Matcher {
    lang: Lang,
    stemmer: Stemmer,
    ac: Option<AhoCorasick>,
    anchored: Vec<Vec<u32>>,
    elems: Vec<Elem>,
    seq: Vec<u32>,
    variants: Vec<Variant>,
    regexes: Vec<(Regex, usize)>,
}

impl Matcher {
    /// A matcher for a list of patterns; hit ids are indices into `patterns`.
    pub fn from_patterns(lang: Lang, patterns: &[&str]) -> Result<Matcher, PatternError> {
        let mut b = MatcherBuilder::new(lang);
        for (i, p) in patterns.iter().enumerate() {
            b.add(i, p)?;
        }
        b.build()
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Hits in `text`, spans relative to it. For each id, overlapping hits are reduced to the
    /// leftmost-longest; hits of different ids may overlap. Sorted by position, then id.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let mut hits = Vec::new();
        let toks = if self.ac.is_some() {
            tokenize(text, 0)
        } else {
            Tokens::default()
        };
        self.find_into(text, 0, &toks, &mut hits);
        finish(hits)
    }

    /// Hits in the document's segments whose kind is not in `skip` (pass
    /// `&opts.skip` to read what the run reads), with spans in `doc.text`.
    pub fn find_in(&self, doc: &Document, skip: &[SegmentKind]) -> Vec<Hit> {
        let mut hits = Vec::new();
        for seg in doc.segments_to_check(skip) {
            let toks = if self.ac.is_some() {
                segment_tokens(doc, seg.span)
            } else {
                Default::default()
            };
            self.find_into(doc.slice(seg.span), seg.span.start, &toks, &mut hits);
        }
        finish(hits)
    }

    /// Hits in `text` (tokenized as `toks`, at offset `base`).
    fn find_into(&self, text: &str, base: usize, toks: &Tokens, hits: &mut Vec<Hit>) {
        if let Some(ac) = &self.ac {
            // Stems of the tokens, computed once each and only for tokens a `~` word meets.
            let mut stems: Vec<Option<Vec<String>>> = Vec::new();
            for m in ac.find_overlapping_iter(&toks.keys) {
                // Every key starts with the space before its first token.
                let Some(first) = toks.token_at_key(m.start() + 1) else {
                    continue;
                };
                for &v in &self.anchored[m.pattern().as_usize()] {
                    let variant = &self.variants[v as usize];
                    if let Some(hit) = self.verify(variant, first, toks, text, base, &mut stems) {
                        hits.push(hit);
                    }
                }
            }
        }
        for (re, id) in &self.regexes {
            for m in re.find_iter(text) {
                hits.push(Hit {
                    id: *id,
                    span: Span::new(base + m.start(), base + m.end()),
                    wildcard_negation: false,
                });
            }
        }
    }

    fn verify(
        &self,
        variant: &Variant,
        anchor_token: usize,
        toks: &Tokens,
        text: &str,
        base: usize,
        stem_cache: &mut Vec<Option<Vec<String>>>,
    ) -> Option<Hit> {
        let ids = &self.seq[variant.start as usize..variant.end as usize];
        let start = anchor_token.checked_sub(variant.anchor as usize)?;
        let end = start + ids.len();
        if end > toks.len() {
            return None;
        }
        let mut wildcard_negation = false;
        for (j, &e) in ids.iter().enumerate() {
            let elem = &self.elems[e as usize];
            let t = start + j;
            let tok = toks.tokens[t];
            let key = toks.key(t);
            let ok = match elem {
                Elem::Word(w) => key == w,
                Elem::Prefix(p) => tok.word && key.starts_with(p.as_str()),
                Elem::Any => {
                    wildcard_negation |= is_negation(key);
                    tok.word
                }
                Elem::Stem { stems, .. } => {
                    if !tok.word {
                        false
                    } else {
                        if stem_cache.len() < toks.len() {
                            stem_cache.resize(toks.len(), None);
                        }
                        let own = stem_cache[t].get_or_insert_with(|| {
                            self.stemmer
                                .stems_of(&text[tok.start - base..tok.end - base])
                        });
                        own.iter()
                            .any(|a| stems.iter().any(|b| self.stemmer.related(a, b)))
                    }
                }
            };
            if !ok {
                return None;
            }
        }
        Some(Hit {
            id: variant.id,
            span: Span::new(toks.tokens[start].start, toks.tokens[end - 1].end),
            wildcard_negation,
        })
    }
}

/// Sorts hits and keeps, per id, the leftmost-longest of overlapping ones.
fn finish(mut hits: Vec<Hit>) -> Vec<Hit> {
    hits.sort_by_key(|h| (h.id, h.span.start, std::cmp::Reverse(h.span.end)));
    let mut kept: Vec<Hit> = Vec::with_capacity(hits.len());
    for h in hits {
        if let Some(last) = kept.last()
            && last.id == h.id
            && h.span.start < last.span.end
        {
            continue;
        }
        kept.push(h);
    }
    kept.sort_by_key(|h| (h.span.start, h.id, h.span.end));
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use tactful_core::Format;

    fn found(lang: Lang, patterns: &[&str], text: &str) -> Vec<String> {
        let m = Matcher::from_patterns(lang, patterns).unwrap();
        m.find(text)
            .iter()
            .map(|h| text[h.span.range()].to_string())
            .collect()
    }

    #[test]
    fn english_phrases_match_across_case_line_breaks_and_apostrophe_variants() {
        let p = &[
            "as I (already|previously) (said|told you)",
            "it's not my fault",
        ];
        assert_eq!(
            found(
                Lang::En,
                p,
                "AS I\n   already  TOLD you, It’s NOT my fault."
            ),
            vec!["AS I\n   already  TOLD you", "It’s NOT my fault"]
        );
        assert_eq!(
            found(Lang::En, p, "it`s not my fault"),
            vec!["it`s not my fault"]
        );
    }

    #[test]
    fn word_boundaries_hold_in_latin_and_cyrillic() {
        assert!(found(Lang::En, &["blame"], "a blameless, unblamed culture").is_empty());
        assert_eq!(
            found(Lang::En, &["blame"], "Blame-free? No: blame."),
            vec!["Blame", "blame"]
        );
        assert!(found(Lang::Ru, &["вина"], "винами, вино, провинация").is_empty());
        assert_eq!(
            found(Lang::Ru, &["вина"], "Это «вина» подрядчика"),
            vec!["вина"]
        );
    }

    #[test]
    fn spanish_boundaries_and_near_misses_sharing_a_prefix() {
        let p = &["culpa~ suya", "por su culpa"];
        let near = "Una disculpa suya; es culpable suyo; la culpabilidad suya; por su culpable";
        assert!(
            found(Lang::Es, p, near).is_empty(),
            "{:?}",
            found(Lang::Es, p, near)
        );
        assert_eq!(
            found(Lang::Es, p, "Fue CULPA suya, por su culpa."),
            vec!["CULPA suya", "por su culpa"]
        );
    }

    #[test]
    fn english_near_misses_of_stemmed_words_do_not_match() {
        let p = &["your fault~", "blame~"];
        let near = "your faulty cable, the blameless review, a blameworthy act, your faults";
        assert_eq!(found(Lang::En, p, near), vec!["your faults"]);
    }

    #[test]
    fn a_phrase_does_not_cross_punctuation() {
        assert!(found(Lang::En, &["as I said"], "as I, said").is_empty());
        assert!(found(Lang::En, &["you should have"], "you should. Have").is_empty());
    }

    #[test]
    fn spanish_matching_ignores_accents_both_ways() {
        let p = &["ya (te|le) lo (había|habia) dicho", "está mal"];
        assert_eq!(
            found(Lang::Es, p, "Ya te lo HABIA dicho: esta mal"),
            vec!["Ya te lo HABIA dicho", "esta mal"]
        );
        assert_eq!(
            found(Lang::Es, p, "YA LE LO HABÍA DICHO"),
            vec!["YA LE LO HABÍA DICHO"]
        );
        // Ñ is a letter of its own.
        assert!(found(Lang::Es, &["año"], "el ano").is_empty());
    }

    #[test]
    fn russian_yo_and_inflection_with_false_matches_measured() {
        let p = &["подрядчик подвёл~", "обвиняете~", "вы забыли~"];
        let text = "Подрядчик подвел нас. Вы нас обвинили, а потом обвиняли снова. \
                    Вы забыли файл, и вы забыл пароль.";
        assert_eq!(
            found(Lang::Ru, p, text),
            vec![
                "Подрядчик подвел",
                "обвинили",
                "обвиняли",
                "Вы забыли",
                "вы забыл"
            ]
        );
        let near = "Обвал рынка, обвинитель и обвивали; виноград; вы забота; подвезли";
        assert!(
            found(Lang::Ru, p, near).is_empty(),
            "{:?}",
            found(Lang::Ru, p, near)
        );
    }

    #[test]
    fn spanish_inflection_covers_forms_but_not_words_sharing_a_prefix() {
        let p = &["usted debería~ haber"];
        for s in [
            "usted debió haber",
            "Usted deberia haber",
            "usted DEBERÍAN haber",
        ] {
            assert_eq!(found(Lang::Es, p, s).len(), 1, "{s}");
        }
        for s in [
            "usted debate haber",
            "usted debajo haber",
            "usted débil haber",
        ] {
            assert!(found(Lang::Es, p, s).is_empty(), "{s}");
        }
    }

    #[test]
    fn english_inflection_and_prefixes() {
        let p = &["blame~ you", "apolog*"];
        assert_eq!(
            found(Lang::En, p, "We blamed you. Apologies. Blameless you."),
            vec!["blamed you", "Apologies"]
        );
    }

    #[test]
    fn wildcards_take_exactly_one_word_and_report_negations() {
        let m = Matcher::from_patterns(Lang::Ru, &["вы * виноваты"]).unwrap();
        let hits = m.find("вы не виноваты, вы очень виноваты, вы виноваты");
        assert_eq!(hits.len(), 2);
        assert!(hits[0].wildcard_negation);
        assert!(!hits[1].wildcard_negation);
    }

    #[test]
    fn optional_words_give_one_longest_hit_per_pattern() {
        let m = Matcher::from_patterns(Lang::En, &["[really|so] sorry", "sorry"]).unwrap();
        let text = "I am really sorry";
        let hits = m.find(text);
        let got: Vec<(usize, &str)> = hits.iter().map(|h| (h.id, &text[h.span.range()])).collect();
        assert_eq!(got, vec![(0, "really sorry"), (1, "sorry")]);
    }

    #[test]
    fn regexes_run_on_the_original_text() {
        let mut b = MatcherBuilder::new(Lang::En);
        b.add_regex(7, r"\bASAP\b").unwrap();
        let m = b.build().unwrap();
        let hits = m.find("Send it asap, please");
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].id, 7);
        assert!(MatcherBuilder::new(Lang::En).add_regex(0, "x*").is_err());
        assert!(MatcherBuilder::new(Lang::En).add_regex(0, "(").is_err());
    }

    #[test]
    fn documents_are_read_by_segment_and_skipped_kinds_are_not() {
        use tactful_core::{Segment, SegmentKind};
        let text = "You should have called.\n\n> You should have called.";
        let mut doc = Document::plain(text, Format::Plain);
        let q = text.find('>').unwrap();
        doc.segments = vec![
            Segment {
                kind: SegmentKind::Body,
                span: Span::new(0, 23),
            },
            Segment {
                kind: SegmentKind::Quoted,
                span: Span::new(q, text.len()),
            },
        ];
        let m = Matcher::from_patterns(Lang::En, &["you should have"]).unwrap();
        let hits = m.find_in(&doc, &[SegmentKind::Quoted]);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].span, Span::new(0, 15));
        assert_eq!(m.find_in(&doc, &[]).len(), 2);
    }

    #[test]
    fn the_matcher_is_shared_across_threads() {
        let m = Matcher::from_patterns(Lang::En, &["per my last email"]).unwrap();
        std::thread::scope(|s| {
            for _ in 0..2 {
                s.spawn(|| assert_eq!(m.find("Per my last email, no.").len(), 1));
            }
        });
    }
}
