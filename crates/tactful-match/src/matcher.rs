//! The compiled matcher: every phrase pattern of one language, found through its anchor
//! words in the folded tokens, plus the few raw regexes.
//!
//! Patterns are not expanded into their phrases (alternatives and optional parts multiply
//! into hundreds of thousands of them). Each pattern is compiled into a small program over
//! tokens and anchored on a set of words of which every match holds one, chosen among its
//! required words as the least shared across patterns. A hash lookup per token finds the
//! anchors ([`crate::keys`]); around each, the pattern's program runs on the tokens.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::boundary::WordRegex;
use tactful_core::{Document, Lang, SegmentKind, Span};

use crate::common::{prefix_frequency, token_frequency};
use crate::context::is_negation;
use crate::fold::{DocumentTokens, Tokens, tokenize};
use crate::gate::{Gates, required_literals};
use crate::keys::{KeyAt, KeyIndex, KeyScratch};
use crate::pattern::{Elem, Node, PatternError, parse_tree};
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

/// One step of a pattern's program.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
enum Inst {
    /// The token here matches this element; go on with the next token.
    Elem(u32),
    /// Try the next instruction, and also this one.
    Fork(u32),
    Jump(u32),
    Match,
}

/// A pattern is anchored on a key whose token lies `min..=max` tokens after the match starts.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct Anchor {
    pattern: u32,
    min: u32,
    max: u32,
}

/// Keys (as indices into `keys`) with their offset ranges: one way to anchor a sequence.
type AnchorSet = Vec<(u32, u32, u32)>;

#[derive(Debug, Serialize, Deserialize)]
struct Pattern {
    id: usize,
    /// Where its program starts in `prog`.
    pc: u32,
}

/// Collects patterns, then compiles them once with [`MatcherBuilder::build`].
#[derive(Debug)]
pub struct MatcherBuilder {
    lang: Lang,
    stemmer: Stemmer,
    /// The distinct elements of each pattern, patterns one after another.
    elems: Vec<Elem>,
    /// Per element: the anchor key that can anchor it (`" word "`, or `" prefix"` for the
    /// fixed start of a `*` or `~` word), as an index into `keys`.
    anchor_key: Vec<Option<u32>>,
    keys: KeyTable,
    prog: Vec<Inst>,
    patterns: Vec<Pattern>,
    /// Each pattern's structure (element ids offset into `elems`), to choose its anchor once
    /// every pattern is known.
    trees: Vec<Vec<Node>>,
    regexes: Vec<(WordRegex, usize)>,
    /// By regex: literals one of which each of its matches holds.
    regex_gates: Vec<Option<Vec<String>>>,
}

impl MatcherBuilder {
    pub fn new(lang: Lang) -> Self {
        MatcherBuilder {
            lang,
            stemmer: Stemmer::new(lang),
            elems: Vec::new(),
            anchor_key: Vec::new(),
            keys: KeyTable::default(),
            prog: Vec::new(),
            patterns: Vec::new(),
            trees: Vec::new(),
            regexes: Vec::new(),
            regex_gates: Vec::new(),
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
        let parsed = parse_tree(pattern, opts.stem, &self.stemmer)?;
        let lang = self.lang;
        let keys: Vec<Option<(String, f64)>> = parsed
            .elems
            .iter()
            .map(|e| {
                let (key, frequency) = match e {
                    Elem::Word(w) => (format!(" {w} "), token_frequency(lang, w)),
                    Elem::Prefix(p) => (format!(" {p}"), prefix_frequency(p)),
                    Elem::Stem { word, stems } => {
                        let p = self.stemmer.anchor_prefix(word, stems);
                        (format!(" {p}"), prefix_frequency(&p))
                    }
                    Elem::Any => return None,
                };
                (key.trim() != "").then_some((key, frequency))
            })
            .collect();
        if keys.iter().all(Option::is_none) {
            return Err(PatternError {
                pattern: pattern.to_string(),
                column: 0,
                message: "has no word the matcher can look for".into(),
            });
        }
        let base = self.elems.len() as u32;
        for key in keys {
            let id = key.map(|(k, frequency)| self.keys.intern(k, frequency));
            self.anchor_key.push(id);
        }
        self.elems.extend(parsed.elems);
        let nodes = offset(parsed.nodes, base);
        let pc = self.prog.len() as u32;
        emit(&nodes, &mut self.prog);
        self.prog.push(Inst::Match);
        self.patterns.push(Pattern { id, pc });
        self.trees.push(nodes);
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
        let pattern = format!("(?i){re}");
        let compiled = WordRegex::new(&pattern).map_err(err)?;
        if compiled.is_match("") {
            return Err(err(
                "matches an empty string, so it would fire everywhere".into()
            ));
        }
        self.regexes.push((compiled, id));
        self.regex_gates.push(required_literals(&pattern));
        Ok(self)
    }

    pub fn build(mut self) -> Result<Matcher, PatternError> {
        // Each pattern is anchored on the set of keys, one of which every match holds, with
        // the fewest expected checks: how often a key turns up in text times how many
        // patterns it anchors (its load).
        let trees: Vec<Vec<KeyNode>> = self
            .trees
            .iter()
            .map(|t| key_nodes(t, &self.anchor_key, &mut self.keys))
            .collect();
        let mut load = vec![0u32; self.keys.keys.len()];
        for tree in &trees {
            let mut mine: Vec<u32> = Vec::new();
            for_each_key(tree, &mut |k| mine.push(k));
            mine.sort_unstable();
            mine.dedup();
            for k in mine {
                load[k as usize] += 1;
            }
        }
        let table = &self.keys;
        let cost = |set: &AnchorSet| -> (u64, std::cmp::Reverse<usize>) {
            let expected: f64 = set
                .iter()
                .map(|&(k, _, _)| table.frequency[k as usize] * f64::from(load[k as usize]))
                .sum();
            let shortest = set
                .iter()
                .map(|&(k, _, _)| table.keys[k as usize].len())
                .min();
            // Compared in millionths, so that costs order totally.
            (
                (expected * 1e6) as u64,
                std::cmp::Reverse(shortest.unwrap_or(0)),
            )
        };
        let mut by_key: Vec<Vec<Anchor>> = vec![Vec::new(); table.keys.len()];
        for (pi, tree) in trees.iter().enumerate() {
            let set = best_anchor(tree, &cost).unwrap_or_else(|| {
                // No required word: every phrase still holds one of the pattern's words.
                let (_, longest) = key_len_range(tree);
                let mut all = Vec::new();
                for_each_key(tree, &mut |k| all.push((k, 0, longest - 1)));
                all
            });
            let mut set = set;
            set.sort_unstable_by_key(|&(k, _, _)| k);
            let mut merged: AnchorSet = Vec::new();
            for (k, lo, hi) in set {
                match merged.last_mut() {
                    Some(last) if last.0 == k => {
                        last.1 = last.1.min(lo);
                        last.2 = last.2.max(hi);
                    }
                    _ => merged.push((k, lo, hi)),
                }
            }
            for (k, min, max) in merged {
                by_key[k as usize].push(Anchor {
                    pattern: pi as u32,
                    min,
                    max,
                });
            }
        }
        let mut keys = Vec::new();
        let mut anchored = Vec::new();
        for (key, list) in self.keys.keys.into_iter().zip(by_key) {
            if !list.is_empty() {
                keys.push(key);
                anchored.push(list);
            }
        }
        let index = (!keys.is_empty()).then(|| KeyIndex::new(self.lang, &keys));
        Ok(Matcher {
            lang: self.lang,
            stemmer: OnceLock::from(self.stemmer),
            index,
            anchored,
            elems: self.elems,
            prog: self.prog,
            patterns: self.patterns,
            gates: OnceLock::new(),
            regexes: self.regexes,
            regex_gates: self.regex_gates,
        })
    }
}

/// The tree with element ids moved past the `base` elements of earlier patterns.
fn offset(nodes: Vec<Node>, base: u32) -> Vec<Node> {
    nodes
        .into_iter()
        .map(|n| match n {
            Node::Elems(ids) => Node::Elems(ids.into_iter().map(|i| i + base).collect()),
            Node::Alt(branches) => {
                Node::Alt(branches.into_iter().map(|b| offset(b, base)).collect())
            }
        })
        .collect()
}

fn emit(nodes: &[Node], prog: &mut Vec<Inst>) {
    for node in nodes {
        match node {
            Node::Elems(ids) => prog.extend(ids.iter().map(|&i| Inst::Elem(i))),
            Node::Alt(branches) => {
                let mut jumps = Vec::new();
                for (i, branch) in branches.iter().enumerate() {
                    if i + 1 == branches.len() {
                        emit(branch, prog);
                        break;
                    }
                    let fork = prog.len();
                    prog.push(Inst::Fork(0));
                    emit(branch, prog);
                    jumps.push(prog.len());
                    prog.push(Inst::Jump(0));
                    prog[fork] = Inst::Fork(prog.len() as u32);
                }
                let end = prog.len() as u32;
                for j in jumps {
                    prog[j] = Inst::Jump(end);
                }
            }
        }
    }
}

/// The anchor keys, each with how often it may turn up in text.
#[derive(Debug, Default)]
struct KeyTable {
    keys: Vec<String>,
    frequency: Vec<f64>,
    ids: std::collections::HashMap<String, u32>,
}

impl KeyTable {
    fn intern(&mut self, key: String, frequency: f64) -> u32 {
        let next = self.keys.len() as u32;
        *self.ids.entry(key).or_insert_with_key(|k| {
            self.keys.push(k.clone());
            self.frequency.push(frequency);
            next
        })
    }
}

/// A pattern's tree as anchoring sees it: runs of elements with the keys they offer.
enum KeyNode {
    /// `len` tokens; each key with the index of its first token in the run.
    Run {
        len: u32,
        keys: Vec<(u32, u32)>,
    },
    Alt(Vec<Vec<KeyNode>>),
}

/// The keys each run offers: every keyed element alone, and every word together with the
/// keyed element after it (`" as i "`, far rarer in text than `" as "`).
fn key_nodes(nodes: &[Node], anchor_key: &[Option<u32>], table: &mut KeyTable) -> Vec<KeyNode> {
    nodes
        .iter()
        .map(|node| match node {
            Node::Elems(ids) => {
                let mut keys = Vec::new();
                for (j, &e) in ids.iter().enumerate() {
                    let Some(k) = anchor_key[e as usize] else {
                        continue;
                    };
                    keys.push((k, j as u32));
                    let next = ids.get(j + 1).and_then(|&n| anchor_key[n as usize]);
                    let first = &table.keys[k as usize];
                    if let (Some(n), Some(word)) = (next, first.strip_suffix(' ')) {
                        let pair = format!("{word}{}", table.keys[n as usize]);
                        let (a, b) = (table.frequency[k as usize], table.frequency[n as usize]);
                        let frequency = (a * b * 10.0).min(a).min(b);
                        keys.push((table.intern(pair, frequency), j as u32));
                    }
                }
                KeyNode::Run {
                    len: ids.len() as u32,
                    keys,
                }
            }
            Node::Alt(branches) => KeyNode::Alt(
                branches
                    .iter()
                    .map(|b| key_nodes(b, anchor_key, table))
                    .collect(),
            ),
        })
        .collect()
}

fn for_each_key(nodes: &[KeyNode], f: &mut impl FnMut(u32)) {
    for node in nodes {
        match node {
            KeyNode::Run { keys, .. } => keys.iter().for_each(|&(k, _)| f(k)),
            KeyNode::Alt(branches) => branches.iter().for_each(|b| for_each_key(b, f)),
        }
    }
}

fn key_len_range(nodes: &[KeyNode]) -> (u32, u32) {
    nodes.iter().fold((0, 0), |(lo, hi), node| {
        let (a, b) = key_node_len(node);
        (lo + a, hi + b)
    })
}

fn key_node_len(node: &KeyNode) -> (u32, u32) {
    match node {
        KeyNode::Run { len, .. } => (*len, *len),
        KeyNode::Alt(branches) => branches
            .iter()
            .map(|b| key_len_range(b))
            .fold((u32::MAX, 0), |(lo, hi), (a, b)| (lo.min(a), hi.max(b))),
    }
}

/// The cheapest set of keys one of which every match of `nodes` holds: a required key, or a
/// required alternative whose every branch is anchored. `None` when nothing is required.
fn best_anchor<C: Ord>(nodes: &[KeyNode], cost: &impl Fn(&AnchorSet) -> C) -> Option<AnchorSet> {
    let mut best: Option<(C, AnchorSet)> = None;
    let mut consider = |set: AnchorSet| {
        let c = cost(&set);
        if best.as_ref().is_none_or(|(b, _)| c < *b) {
            best = Some((c, set));
        }
    };
    let (mut lo, mut hi) = (0u32, 0u32);
    for node in nodes {
        let (a, b) = key_node_len(node);
        match node {
            KeyNode::Run { keys, .. } => {
                for &(k, j) in keys {
                    consider(vec![(k, lo + j, hi + j)]);
                }
            }
            KeyNode::Alt(branches) if a > 0 => {
                let mut union = Vec::new();
                let all = branches.iter().all(|branch| {
                    best_anchor(branch, cost).is_some_and(|set| {
                        union.extend(set.into_iter().map(|(k, x, y)| (k, lo + x, hi + y)));
                        true
                    })
                });
                if all {
                    consider(union);
                }
            }
            KeyNode::Alt(_) => {}
        }
        lo += a;
        hi += b;
    }
    best.map(|(_, set)| set)
}

/// A compiled set of patterns for one language. Build once, share by reference across threads.
/// It can be stored and read back (serde), so that built-in packs are compiled when the binary
/// is built rather than on every run; the stemmer and the gates are made again on first use.
#[derive(Debug, Serialize, Deserialize)]
pub struct Matcher {
    lang: Lang,
    #[serde(skip)]
    stemmer: OnceLock<Stemmer>,
    index: Option<KeyIndex>,
    /// By key slot: the patterns anchored on it.
    anchored: Vec<Vec<Anchor>>,
    elems: Vec<Elem>,
    prog: Vec<Inst>,
    patterns: Vec<Pattern>,
    regexes: Vec<(WordRegex, usize)>,
    regex_gates: Vec<Option<Vec<String>>>,
    /// The regexes' gates ([`crate::gate`]), searched together; `None` when none has one.
    #[serde(skip)]
    gates: OnceLock<Option<Gates>>,
}

/// Per-search scratch: the programs' buffers and the key scan's.
#[derive(Default)]
struct Scratch {
    run: RunScratch,
    keys: KeyScratch,
    /// Which of the regexes' gates the segment opened.
    open: Vec<bool>,
}

/// The programs' buffers: token stems computed once each and the backtrack stack.
#[derive(Default)]
struct RunScratch {
    /// By token index; sparse, since few tokens meet a `~` word.
    stems: rustc_hash::FxHashMap<usize, std::rc::Rc<[String]>>,
    stack: Vec<(u32, usize, bool)>,
}

thread_local! {
    /// Kept between searches: a search per segment per matcher, each allocating its own
    /// buffers, made allocation a tenth of a run.
    /// Borrowed in place: taking it out and putting it back moved it twice a search.
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
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

    fn stemmer(&self) -> &Stemmer {
        self.stemmer.get_or_init(|| Stemmer::new(self.lang))
    }

    /// Hits in `text`, spans relative to it. For each id, overlapping hits are reduced to the
    /// leftmost-longest; hits of different ids may overlap. Sorted by position, then id.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let mut hits = Vec::new();
        let toks = if self.index.is_some() {
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
        let tokens = DocumentTokens::new(doc);
        for seg in doc.segments_to_check(skip) {
            let toks = if self.index.is_some() {
                tokens.get(seg.span)
            } else {
                Default::default()
            };
            self.find_into(doc.slice(seg.span), seg.span.start, &toks, &mut hits);
        }
        finish(hits)
    }

    /// Hits in `text` (tokenized as `toks`, at offset `base`).
    fn find_into(&self, text: &str, base: usize, toks: &Tokens, hits: &mut Vec<Hit>) {
        SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
            Ok(mut scratch) => self.find_with(text, base, toks, hits, &mut scratch),
            // A search inside a search (none does now) gets buffers of its own.
            Err(_) => self.find_with(text, base, toks, hits, &mut Scratch::default()),
        });
    }

    /// [`Matcher::find_into`] with `scratch`'s buffers.
    fn find_with(
        &self,
        text: &str,
        base: usize,
        toks: &Tokens,
        hits: &mut Vec<Hit>,
        scratch: &mut Scratch,
    ) {
        let Scratch { run, keys, open } = scratch;
        if let Some(index) = &self.index {
            run.stems.clear();
            index.scan(toks, keys, |KeyAt { slot, token: at }| {
                for a in &self.anchored[slot as usize] {
                    let Some(last) = at.checked_sub(a.min as usize) else {
                        continue;
                    };
                    let pattern = &self.patterns[a.pattern as usize];
                    for start in at.saturating_sub(a.max as usize)..=last {
                        if let Some((end, negation)) =
                            self.run(pattern.pc, start, toks, text, base, run)
                        {
                            hits.push(Hit {
                                id: pattern.id,
                                span: Span::new(toks.tokens[start].start, toks.tokens[end - 1].end),
                                wildcard_negation: negation,
                            });
                        }
                    }
                }
            });
        }
        let gates = self
            .gates
            .get_or_init(|| Gates::new(self.lang, &self.regex_gates));
        if let Some(gates) = gates {
            gates.register();
            gates.open(&toks.literals(self.lang, text), open);
        }
        for (i, (re, id)) in self.regexes.iter().enumerate() {
            if gates.is_some() && !open[i] {
                continue;
            }
            for m in re.find_iter(text) {
                hits.push(Hit {
                    id: *id,
                    span: Span::new(base + m.start, base + m.end),
                    wildcard_negation: false,
                });
            }
        }
    }

    /// Runs a pattern's program from token `start`: the end (exclusive token index) of its
    /// longest match there, and whether a `*` took a negation on the way.
    fn run(
        &self,
        pc: u32,
        start: usize,
        toks: &Tokens,
        text: &str,
        base: usize,
        scratch: &mut RunScratch,
    ) -> Option<(usize, bool)> {
        let RunScratch { stems, stack } = scratch;
        let mut best: Option<(usize, bool)> = None;
        stack.clear();
        stack.push((pc, start, false));
        while let Some((mut pc, mut pos, mut negation)) = stack.pop() {
            loop {
                match self.prog[pc as usize] {
                    Inst::Elem(e) => {
                        if pos >= toks.len()
                            || !self.elem_matches(e, pos, toks, text, base, stems, &mut negation)
                        {
                            break;
                        }
                        pc += 1;
                        pos += 1;
                    }
                    Inst::Fork(other) => {
                        stack.push((other, pos, negation));
                        pc += 1;
                    }
                    Inst::Jump(to) => pc = to,
                    Inst::Match => {
                        best = match best {
                            Some((end, n)) if end > pos => Some((end, n)),
                            Some((end, n)) if end == pos => Some((end, n || negation)),
                            _ => Some((pos, negation)),
                        };
                        break;
                    }
                }
            }
        }
        best
    }

    #[allow(clippy::too_many_arguments)]
    fn elem_matches(
        &self,
        e: u32,
        t: usize,
        toks: &Tokens,
        text: &str,
        base: usize,
        stem_cache: &mut rustc_hash::FxHashMap<usize, std::rc::Rc<[String]>>,
        negation: &mut bool,
    ) -> bool {
        let tok = &toks.tokens[t];
        match &self.elems[e as usize] {
            Elem::Word(w) => toks.key_bytes(tok) == w.as_bytes(),
            Elem::Prefix(p) => tok.word && toks.key_bytes(tok).starts_with(p.as_bytes()),
            Elem::Any => {
                *negation |= is_negation(toks.key(t));
                tok.word
            }
            Elem::Stem { stems, .. } => {
                if !tok.word {
                    return false;
                }
                let own = stem_cache.entry(t).or_insert_with(|| {
                    self.stemmer()
                        .shared_stems_of(&text[tok.start - base..tok.end - base])
                });
                own.iter()
                    .any(|a| stems.iter().any(|b| self.stemmer().related(a, b)))
            }
        }
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

    #[test]
    fn a_search_while_the_threads_scratch_is_held_finds_what_it_finds_otherwise() {
        let m = Matcher::from_patterns(
            Lang::En,
            &["[so|really|deeply] sorry", "apolog*", "as I * said"],
        )
        .unwrap();
        let text = "So sorry, as I already said. We apologize; really sorry.";
        let plain = m.find(text);
        assert_eq!(plain.len(), 4, "{plain:?}");
        let held = SCRATCH.with(|scratch| {
            let _held = scratch.borrow_mut();
            m.find(text)
        });
        assert_eq!(held, plain);
    }

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

    /// Every hit of every literal phrase the patterns expand to, found naively.
    fn expanded_hits(patterns: &[&str], text: &str) -> Vec<Hit> {
        let stemmer = Stemmer::new(Lang::En);
        let toks = tokenize(text, 0);
        let mut hits = Vec::new();
        for (id, p) in patterns.iter().enumerate() {
            for v in crate::pattern::parse(p, false, &stemmer).unwrap() {
                for start in 0..toks.len() {
                    let end = start + v.len();
                    if end > toks.len() {
                        break;
                    }
                    let mut negation = false;
                    let ok = v.iter().enumerate().all(|(j, e)| {
                        let (tok, key) = (toks.tokens[start + j], toks.key(start + j));
                        match e {
                            Elem::Word(w) => key == w,
                            Elem::Prefix(p) => tok.word && key.starts_with(p.as_str()),
                            Elem::Any => {
                                negation |= is_negation(key);
                                tok.word
                            }
                            Elem::Stem { .. } => unreachable!("no `~` in these patterns"),
                        }
                    });
                    if ok {
                        hits.push(Hit {
                            id,
                            span: Span::new(toks.tokens[start].start, toks.tokens[end - 1].end),
                            wildcard_negation: negation,
                        });
                    }
                }
            }
        }
        finish(hits)
    }

    #[test]
    fn unexpanded_patterns_find_exactly_what_their_phrases_find() {
        let patterns = &[
            "as I (already|previously) (said|told you)",
            "[really|so] sorry",
            "[as] (you|your team) [really] (should|must) have",
            "(not|never) * (my|our) fault",
            "[i] [am] (so|very) (sorry|apolog*)",
            "you * (said|told) [me] [that]",
            "(a|b c|d [e]) [f|g] h",
        ];
        let words = [
            "as",
            "i",
            "already",
            "previously",
            "said",
            "told",
            "you",
            "your",
            "team",
            "really",
            "so",
            "sorry",
            "should",
            "must",
            "have",
            "not",
            "never",
            "my",
            "our",
            "fault",
            "am",
            "very",
            "apologies",
            "apologize",
            "me",
            "that",
            "a",
            "b",
            "c",
            "d",
            "e",
            "f",
            "g",
            "h",
            "don't",
            ",",
            ".",
        ];
        let m = Matcher::from_patterns(Lang::En, patterns).unwrap();
        let mut texts = crate::testing::Texts::new(0x2545_f491_4f6c_dd1d, &words);
        for _ in 0..3000 {
            let text = texts.text(14, u64::MAX);
            assert_eq!(m.find(&text), expanded_hits(patterns, &text), "{text}");
        }
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
