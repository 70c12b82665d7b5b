//! Finding the matcher's anchor keys token by token.
//!
//! A key is a whole token (`" word "`), the start of one (`" prefix"`), or a word followed by
//! either (`" as i "`, `" as conf"`). The parts keys are made of (words and prefixes) are
//! numbered in one table per language, shared by every matcher of that language: a segment's
//! tokens are looked up in it once ([`Tokens::parts`]), and each matcher only reads which of
//! its own parts turned up, pairing neighbours into two-part keys.
//!
//! Every token carries the hash of its key, computed once when the text is tokenized, so a
//! whole word costs one probe; only tokens whose first two bytes start some prefix hash their
//! prefixes. Lookups compare hashes, not texts: a token whose hash equals a part's without
//! being it yields an anchor whose pattern then fails on the tokens, so it costs time, never
//! a hit.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize};
use tactful_core::Lang;

use crate::fold::Tokens;
use crate::lazy::{Shared, generation};

/// The hash of a token key, as [`crate::fold::Token::hash`] holds it.
pub fn key_hash(bytes: &[u8]) -> u64 {
    finish(bytes.iter().fold(FNV_OFFSET, |h, &b| step(h, b)))
}

pub(crate) const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// The hash of a key's bytes so far, `h`, and one more byte (finished by [`finish`]).
pub(crate) fn step(h: u64, byte: u8) -> u64 {
    (h ^ u64::from(byte)).wrapping_mul(FNV_PRIME)
}

/// FNV's high bits are weak for short keys, and the slots are chosen by the high bits.
pub(crate) fn finish(h: u64) -> u64 {
    (h ^ (h >> 29)).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// Distinct for distinct pairs: every step is a bijection of the packed pair.
fn pair_hash(first: u32, second: u32) -> u64 {
    finish((u64::from(first) << 32 | u64::from(second)).wrapping_mul(FNV_PRIME))
}

const EMPTY: u32 = u32::MAX;

/// Open addressing over 64-bit hashes, probed linearly. Entries with one hash all come back.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Slots {
    slots: Box<[(u64, u32)]>,
    shift: u32,
}

impl Slots {
    fn new(entries: &[(u64, u32)]) -> Slots {
        let size = (entries.len() * 4).next_power_of_two().max(16);
        let mut slots = vec![(0, EMPTY); size].into_boxed_slice();
        let shift = 64 - size.trailing_zeros();
        for &(h, value) in entries {
            let mut i = (h >> shift) as usize;
            while slots[i].1 != EMPTY {
                i = (i + 1) & (size - 1);
            }
            slots[i] = (h, value);
        }
        Slots { slots, shift }
    }

    fn for_each(&self, h: u64, mut f: impl FnMut(u32)) {
        let last = self.slots.len() - 1;
        let mut i = (h >> self.shift) as usize;
        loop {
            let (eh, value) = self.slots[i];
            if value == EMPTY {
                return;
            }
            if eh == h {
                f(value);
            }
            i = (i + 1) & last;
        }
    }
}

/// Where a key was found: its slot (its index in the list given to [`KeyIndex::new`]) and
/// the token it starts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyAt {
    pub slot: u32,
    pub token: usize,
}

const LEAD_SLOTS: usize = 4096;

/// The slot of a token's first two bytes (the second is 0 for a one-byte token: no token
/// holds a NUL).
fn lead_slot(first: u8, second: u8) -> usize {
    let lead = u32::from(first) << 8 | u32::from(second);
    (lead.wrapping_mul(0x9e37_79b1) >> 20) as usize % LEAD_SLOTS
}

/// Every part any matcher of one language has asked for, numbered in the order they came.
#[derive(Debug, Clone)]
pub(crate) struct PartTable {
    ids: HashMap<(String, bool), u32>,
    words: Vec<(u64, u32)>,
    prefixes: Vec<(u64, u32)>,
    word_slots: Slots,
    prefix_slots: Slots,
    /// By the first two bytes of a token (hashed into `LEAD_SLOTS`): bit `L` set when some
    /// prefix that could start the token is `L` bytes long (63: 63 or more). Most tokens
    /// start like no prefix; the rest hash only the lengths that can match.
    prefix_lens: Box<[u64]>,
}

impl Default for PartTable {
    fn default() -> Self {
        PartTable {
            ids: HashMap::new(),
            words: Vec::new(),
            prefixes: Vec::new(),
            word_slots: Slots::new(&[]),
            prefix_slots: Slots::new(&[]),
            prefix_lens: vec![0u64; LEAD_SLOTS].into_boxed_slice(),
        }
    }
}

static TABLES: Shared<PartTable> = Shared::new();

thread_local! {
    /// This thread's copies of the tables, and the generation they were taken at.
    static CURRENT: std::cell::RefCell<(u64, [Arc<PartTable>; 3])> = Default::default();
}

impl PartTable {
    /// The current table of `lang`.
    fn current(lang: Lang) -> Arc<PartTable> {
        let now = generation();
        CURRENT.with(|current| {
            let mut current = current.borrow_mut();
            if current.0 != now {
                for (mine, lang) in current.1.iter_mut().zip(Lang::ALL) {
                    *mine = TABLES.get(lang);
                }
                current.0 = now;
            }
            Arc::clone(&current.1[crate::lazy::slot(lang)])
        })
    }

    /// The global ids of `parts` (`(text, whole word)`) in `lang`'s table, adding those it
    /// lacks.
    fn register(lang: Lang, parts: &[(String, bool)]) -> Vec<u32> {
        TABLES.update(lang, |shared| {
            if parts.iter().all(|p| shared.ids.contains_key(p)) {
                return (parts.iter().map(|p| shared.ids[p]).collect(), None);
            }
            let mut table = PartTable::clone(shared);
            let ids = parts.iter().map(|p| table.add(p)).collect();
            table.word_slots = Slots::new(&table.words);
            table.prefix_slots = Slots::new(&table.prefixes);
            (ids, Some(table))
        })
    }

    fn add(&mut self, (text, whole): &(String, bool)) -> u32 {
        if let Some(&id) = self.ids.get(&(text.clone(), *whole)) {
            return id;
        }
        let id = self.ids.len() as u32;
        self.ids.insert((text.clone(), *whole), id);
        let bytes = text.as_bytes();
        if *whole {
            self.words.push((key_hash(bytes), id));
        } else {
            self.prefixes.push((key_hash(bytes), id));
            let bit = 1u64 << bytes.len().min(63);
            match bytes {
                [first] => (0..=255).for_each(|second| {
                    self.prefix_lens[lead_slot(*first, second)] |= bit;
                }),
                [first, second, ..] => self.prefix_lens[lead_slot(*first, *second)] |= bit,
                [] => {}
            }
        }
        id
    }

    /// `(token, part)` for every part of `lang` at every token of `toks`, in token order.
    pub(crate) fn find(lang: Lang, toks: &Tokens, out: &mut Vec<(u32, u32)>) {
        PartTable::current(lang).find_in(toks, out);
    }

    fn find_in(&self, toks: &Tokens, out: &mut Vec<(u32, u32)>) {
        out.clear();
        // Most tokens are a part of some matcher; growing the list cost more than this.
        out.reserve(toks.len());
        for (token, t) in toks.tokens.iter().enumerate() {
            let token = token as u32;
            self.word_slots.for_each(t.hash, |p| out.push((token, p)));
            let bytes = toks.key_bytes(t);
            let mut lens = match bytes {
                [first, second, ..] => self.prefix_lens[lead_slot(*first, *second)],
                [first] => self.prefix_lens[lead_slot(*first, 0)],
                [] => 0,
            };
            lens &= u64::MAX >> 63u32.saturating_sub(bytes.len().min(63) as u32);
            if lens != 0 {
                let mut h = FNV_OFFSET;
                for (i, &b) in bytes.iter().enumerate() {
                    h = step(h, b);
                    let len = (i + 1).min(63);
                    if lens >> len & 1 == 1 {
                        self.prefix_slots
                            .for_each(finish(h), |p| out.push((token, p)));
                        if len < 63 {
                            lens &= !(1 << len);
                            if lens == 0 {
                                break;
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Per-search buffers: the parts found at the previous token and at this one.
#[derive(Debug, Default)]
pub struct KeyScratch {
    prev: Vec<u32>,
    here: Vec<u32>,
}

/// One matcher's keys. Parts are the words and prefixes keys are made of.
#[derive(Debug, Serialize, Deserialize)]
pub struct KeyIndex {
    lang: Lang,
    /// Its parts, `(text, whole word)`, numbered by position.
    parts: Vec<(String, bool)>,
    /// The slot of a part that is a key on its own.
    alone: Vec<Option<u32>>,
    /// The slots of two-part keys, by [`pair_hash`] of their parts.
    pairs: Slots,
    /// By global part id (see [`PartTable`]): this index's number for it, if it has it.
    /// Made on the first search.
    #[serde(skip)]
    local: OnceLock<Vec<u32>>,
}

impl KeyIndex {
    /// An index of `keys` in `lang`, each as the matcher writes it (leading space; trailing
    /// space when it ends on a whole token; one inner space between the two parts of a pair).
    pub fn new<'a, S: AsRef<str>>(lang: Lang, keys: &'a [S]) -> KeyIndex {
        let mut ids: HashMap<(&'a str, bool), u32> = HashMap::new();
        let mut parts: Vec<(String, bool)> = Vec::new();
        let mut pairs = Vec::new();
        let mut part = |text: &'a str, whole: bool| -> u32 {
            let next = parts.len() as u32;
            *ids.entry((text, whole)).or_insert_with(|| {
                parts.push((text.to_string(), whole));
                next
            })
        };
        let mut singles = Vec::new();
        for (slot, key) in keys.iter().enumerate() {
            let key = key.as_ref();
            let body = key.strip_prefix(' ').unwrap_or(key);
            let (body, whole) = match body.strip_suffix(' ') {
                Some(b) => (b, true),
                None => (body, false),
            };
            let slot = slot as u32;
            match body.split_once(' ') {
                None => singles.push((part(body, whole), slot)),
                Some((first, second)) => {
                    let (a, b) = (part(first, true), part(second, whole));
                    pairs.push((pair_hash(a, b), slot));
                }
            }
        }
        let mut alone = vec![None; parts.len()];
        for (p, slot) in singles {
            alone[p as usize] = Some(slot);
        }
        KeyIndex {
            lang,
            parts,
            alone,
            pairs: Slots::new(&pairs),
            local: OnceLock::new(),
        }
    }

    /// Global part id -> this index's part number (`EMPTY` where it has none).
    fn local(&self) -> &[u32] {
        self.local.get_or_init(|| {
            let global = PartTable::register(self.lang, &self.parts);
            let size = global.iter().max().map_or(0, |&g| g as usize + 1);
            let mut local = vec![EMPTY; size];
            for (mine, g) in global.into_iter().enumerate() {
                local[g as usize] = mine as u32;
            }
            local
        })
    }

    /// Calls `found` for every key at every token, in token order (a pair on its first
    /// token).
    pub fn scan(&self, toks: &Tokens, scratch: &mut KeyScratch, mut found: impl FnMut(KeyAt)) {
        let local = self.local();
        let parts = toks.parts(self.lang);
        scratch.prev.clear();
        let mut prev_token = u32::MAX;
        let mut at = 0;
        while at < parts.len() {
            let token = parts[at].0;
            scratch.here.clear();
            while at < parts.len() && parts[at].0 == token {
                if let Some(&mine) = local.get(parts[at].1 as usize)
                    && mine != EMPTY
                {
                    scratch.here.push(mine);
                }
                at += 1;
            }
            if scratch.here.is_empty() {
                continue;
            }
            if prev_token.wrapping_add(1) == token {
                for &a in &scratch.prev {
                    for &b in &scratch.here {
                        self.pairs.for_each(pair_hash(a, b), |slot| {
                            found(KeyAt {
                                slot,
                                token: prev_token as usize,
                            })
                        });
                    }
                }
            }
            for &p in &scratch.here {
                if let Some(slot) = self.alone[p as usize] {
                    found(KeyAt {
                        slot,
                        token: token as usize,
                    });
                }
            }
            std::mem::swap(&mut scratch.prev, &mut scratch.here);
            prev_token = token;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fold::tokenize;

    fn scan(keys: &[&str], text: &str) -> Vec<(u32, usize)> {
        let mut out = Vec::new();
        KeyIndex::new(Lang::En, keys).scan(&tokenize(text, 0), &mut KeyScratch::default(), |k| {
            out.push((k.slot, k.token))
        });
        out.sort_unstable();
        out
    }

    #[test]
    fn words_prefixes_and_pairs_are_found_where_an_automaton_over_the_keys_finds_them() {
        let keys = [" as ", " conf", " as i ", " as conf", " i ", " told "];
        assert_eq!(
            scan(&keys, "so as I told, as confirmed: conf c"),
            vec![
                (0, 1),
                (0, 5),
                (1, 6),
                (1, 8),
                (2, 1),
                (3, 5),
                (4, 2),
                (5, 3)
            ]
        );
        // A word is a whole token; a prefix is not found inside a token.
        assert!(scan(&[" as "], "ask has").is_empty());
        assert!(scan(&[" onf"], "conf").is_empty());
        // One-byte prefixes, and prefixes as long as the token or longer than 63 bytes.
        let long = "й".repeat(40);
        let prefix = format!(" {}", &long[..70]);
        assert_eq!(
            scan(&[" c", " c'", prefix.as_str()], &format!("c't {long}")),
            vec![(0, 0), (1, 0), (2, 1)]
        );
        assert!(scan(&[prefix.as_str()], &"й".repeat(34)).is_empty());
    }

    #[test]
    fn a_matcher_built_after_the_tokens_were_read_still_finds_its_keys() {
        let toks = tokenize("the zebrafinch sings", 0);
        let mut scratch = KeyScratch::default();
        let mut found = |index: &KeyIndex| {
            let mut out = Vec::new();
            index.scan(&toks, &mut scratch, |k| out.push((k.slot, k.token)));
            out
        };
        let first = KeyIndex::new(Lang::En, &[" sings "]);
        assert_eq!(found(&first), vec![(0, 2)]);
        // Parts no matcher had when the tokens' parts were found.
        let later = KeyIndex::new(Lang::En, &[" zebrafinch sings ", " zebraf"]);
        assert_eq!(found(&later), vec![(1, 1), (0, 1)]);
        assert_eq!(found(&first), vec![(0, 2)]);
        // Another language's table is another numbering.
        let spanish = KeyIndex::new(Lang::Es, &[" the "]);
        assert_eq!(found(&spanish), vec![(0, 0)]);
        assert_eq!(found(&later), vec![(1, 1), (0, 1)]);
    }
}
