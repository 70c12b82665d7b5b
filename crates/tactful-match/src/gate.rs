//! Literal gates for pack regexes: a regex runs on a segment only when the segment holds,
//! case-folded, one of a set of literals that every match of the regex holds. Most segments
//! hold none, so most regexes never run on them, and a regex that never passes its gate is
//! never compiled: compiling the regexes was half of what one draft cost.
//!
//! Soundness does not rest on the folding being Unicode's: a literal character is taken from
//! a regex position only when every character that position accepts folds, by [`fold_char`],
//! to that same character, and the text is folded by the same function.

use std::collections::HashMap;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::noncontiguous;
use aho_corasick::{Anchored, MatchKind};
use regex_syntax::hir::{Class, Hir, HirKind};
use tactful_core::Lang;

use crate::lazy::Shared;

/// The most strings a set may hold before it says nothing useful.
const MAX_SET: usize = 64;
/// The most characters a class may hold and still stand for one folded character.
const MAX_CLASS: u32 = 8;

/// Lowercase, with the few characters whose case-insensitive class `to_lowercase` does not
/// close (long s, the rounded Cyrillic letters) mapped to their common letter.
pub(crate) fn fold_char(c: char) -> char {
    match c {
        _ if c.is_ascii() => return c.to_ascii_lowercase(),
        // The commonest letters past ASCII in our texts, and punctuation, which has no case.
        'А'..='Я' => return char::from_u32(c as u32 + 0x20).unwrap_or(c),
        'а'..='я' | 'ё' | '\u{2000}'..='\u{206F}' => return c,
        _ => {}
    }
    let mut lower = c.to_lowercase();
    let l = match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    };
    match l {
        'ſ' => 's',
        '\u{1C80}' => 'в',
        '\u{1C81}' => 'д',
        '\u{1C82}' => 'о',
        '\u{1C83}' => 'с',
        '\u{1C84}' | '\u{1C85}' => 'т',
        '\u{1C86}' => 'ъ',
        '\u{1C87}' => 'ѣ',
        '\u{1C88}' => 'ꙋ',
        _ => l,
    }
}

/// Appends `text` folded by [`fold_char`], except that ASCII letters keep their case: the
/// literal search ignores it.
pub(crate) fn fold_into(text: &str, out: &mut String) {
    out.reserve(text.len());
    let bytes = text.as_bytes();
    // `text[..copied]` is in `out`; runs of characters that fold to themselves are copied
    // whole, read by their UTF-8 bytes: ASCII, а-я, ё, U+2000-U+206F.
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        let same = match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (0..=0x7F, ..) => 1,
            (0xD0, Some(0xB0..=0xBF), _) | (0xD1, Some(0x80..=0x8F | 0x91), _) => 2,
            (0xE2, Some(0x80), _) | (0xE2, Some(0x81), Some(0x80..=0xAF)) => 3,
            _ => 0,
        };
        if same > 0 {
            i += same;
            continue;
        }
        out.push_str(&text[copied..i]);
        let c = text[i..].chars().next().expect("index on a char boundary");
        out.push(fold_char(c));
        i += c.len_utf8();
        copied = i;
    }
    out.push_str(&text[copied..]);
}

/// What a regex node says about the text it matches.
#[derive(Debug, Clone, Default)]
struct Facts {
    /// Every string it can match, folded, when there are few.
    exact: Option<Vec<String>>,
    /// Strings one of which every match holds (none empty).
    required: Option<Vec<String>>,
}

/// The better of two required sets: the one whose shortest string is longer, then the one
/// with fewer strings.
fn better(a: Option<Vec<String>>, b: Option<Vec<String>>) -> Option<Vec<String>> {
    match (a, b) {
        (Some(a), Some(b)) => {
            let key = |s: &Vec<String>| {
                let shortest = s.iter().map(|x| x.chars().count()).min().unwrap_or(0);
                (shortest, std::cmp::Reverse(s.len()))
            };
            Some(if key(&b) > key(&a) { b } else { a })
        }
        (a, b) => a.or(b),
    }
}

/// A set usable as a requirement: no empty string in it.
fn as_required(set: &[String]) -> Option<Vec<String>> {
    (!set.is_empty() && set.iter().all(|s| !s.is_empty())).then(|| set.to_vec())
}

fn product(a: &[String], b: &[String]) -> Option<Vec<String>> {
    if a.len() * b.len() > MAX_SET {
        return None;
    }
    let mut out: Vec<String> = a
        .iter()
        .flat_map(|x| b.iter().map(move |y| format!("{x}{y}")))
        .collect();
    out.sort();
    out.dedup();
    Some(out)
}

fn union(sets: impl Iterator<Item = Option<Vec<String>>>) -> Option<Vec<String>> {
    let mut out = Vec::new();
    for set in sets {
        out.extend(set?);
        if out.len() > MAX_SET {
            return None;
        }
    }
    out.sort();
    out.dedup();
    Some(out)
}

/// The one folded character every member of `class` folds to, if there is one.
fn class_char(class: &Class) -> Option<char> {
    let mut members = Vec::new();
    match class {
        Class::Unicode(u) => {
            for r in u.ranges() {
                if u32::from(r.end()) - u32::from(r.start()) >= MAX_CLASS {
                    return None;
                }
                members.extend(r.start()..=r.end());
            }
        }
        Class::Bytes(b) => {
            for r in b.ranges() {
                if r.end() >= 0x80 {
                    return None;
                }
                members.extend((r.start()..=r.end()).map(char::from));
            }
        }
    }
    if members.len() > MAX_CLASS as usize {
        return None;
    }
    let first = fold_char(*members.first()?);
    members
        .iter()
        .all(|&c| fold_char(c) == first)
        .then_some(first)
}

fn facts(hir: &Hir) -> Facts {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Facts {
            exact: Some(vec![String::new()]),
            required: None,
        },
        HirKind::Literal(lit) => {
            let Ok(text) = std::str::from_utf8(&lit.0) else {
                return Facts::default();
            };
            let folded: String = text.chars().map(fold_char).collect();
            Facts {
                required: as_required(std::slice::from_ref(&folded)),
                exact: Some(vec![folded]),
            }
        }
        HirKind::Class(class) => match class_char(class) {
            Some(c) => Facts {
                exact: Some(vec![c.to_string()]),
                required: Some(vec![c.to_string()]),
            },
            None => Facts::default(),
        },
        HirKind::Capture(cap) => facts(&cap.sub),
        HirKind::Repetition(rep) => {
            let sub = facts(&rep.sub);
            match (rep.min, rep.max) {
                (1, Some(1)) => sub,
                (0, Some(1)) => Facts {
                    exact: sub
                        .exact
                        .and_then(|e| union([Some(vec![String::new()]), Some(e)].into_iter())),
                    required: None,
                },
                (0, _) => Facts::default(),
                _ => Facts {
                    exact: None,
                    required: better(sub.required, sub.exact.as_deref().and_then(as_required)),
                },
            }
        }
        HirKind::Concat(subs) => {
            let parts: Vec<Facts> = subs.iter().map(facts).collect();
            let mut required = None;
            // Runs of parts with exact sets, joined: "cost" rather than "c".
            let mut run: Option<Vec<String>> = None;
            for part in &parts {
                required = better(required, part.required.clone());
                match (&run, &part.exact) {
                    (_, None) => {
                        if let Some(r) = run.take() {
                            required = better(required, as_required(&r));
                        }
                    }
                    (None, Some(e)) => run = Some(e.clone()),
                    (Some(r), Some(e)) => match product(r, e) {
                        Some(p) => run = Some(p),
                        None => {
                            required = better(required, as_required(r));
                            run = Some(e.clone());
                        }
                    },
                }
            }
            if let Some(r) = &run {
                required = better(required, as_required(r));
            }
            let exact = parts.iter().try_fold(vec![String::new()], |acc, p| {
                product(&acc, p.exact.as_deref()?)
            });
            Facts { exact, required }
        }
        HirKind::Alternation(subs) => {
            let parts: Vec<Facts> = subs.iter().map(facts).collect();
            Facts {
                exact: union(parts.iter().map(|p| p.exact.clone())),
                required: union(
                    parts
                        .into_iter()
                        .map(|p| better(p.required, p.exact.as_deref().and_then(as_required))),
                ),
            }
        }
    }
}

/// Folded strings one of which every match of `pattern` holds; `None` when the pattern
/// names none (or cannot be parsed: the regex itself reports that).
pub(crate) fn required_literals(pattern: &str) -> Option<Vec<String>> {
    let hir = regex_syntax::parse(pattern).ok()?;
    let f = facts(&hir);
    better(f.required, f.exact.as_deref().and_then(as_required))
}

/// Every gate literal of one language's matchers, found in a segment in one pass shared by
/// all of them.
#[derive(Debug, Default)]
struct LiteralTable {
    ids: HashMap<String, u32>,
    search: Option<LiteralSearch>,
}

/// Bytes searched with the NFA before the DFA is worth building.
const DFA_AFTER: usize = 64 * 1024;

/// Every occurrence of a set of case-folded literals in a case-folded text, however they
/// overlap: the gates of pack regexes and of next-steps' time grammar both search with it.
/// It walks aho-corasick's NFA, quick to build (a draft never needs more), until
/// `dfa_after` bytes were searched, then a table made from it ([`LiteralDfa`]), quicker to
/// walk. ASCII letters match either case, so ASCII text is searched as it is, unfolded.
#[derive(Debug)]
pub struct LiteralSearch {
    literals: Vec<String>,
    nfa: noncontiguous::NFA,
    dfa: OnceLock<Option<LiteralDfa>>,
    searched: AtomicUsize,
    dfa_after: usize,
}

impl LiteralSearch {
    /// The search of `literals` (the ids of matches are their positions); `None` when there
    /// are none, or too many for aho-corasick.
    pub fn new(literals: Vec<String>) -> Option<LiteralSearch> {
        if literals.is_empty() {
            return None;
        }
        // Walked byte by byte (see `each_match`): no prefilter.
        let nfa = noncontiguous::NFA::builder()
            .match_kind(MatchKind::Standard)
            .ascii_case_insensitive(true)
            .prefilter(false)
            .build(&literals)
            .ok()?;
        nfa.start_state(Anchored::No).ok()?;
        Some(LiteralSearch {
            literals,
            nfa,
            dfa: OnceLock::new(),
            searched: AtomicUsize::new(0),
            dfa_after: DFA_AFTER,
        })
    }

    /// The same search, switching to its table after `bytes` bytes searched instead.
    pub fn dfa_after(self, bytes: usize) -> LiteralSearch {
        LiteralSearch {
            dfa_after: bytes,
            ..self
        }
    }

    pub fn literals(&self) -> &[String] {
        &self.literals
    }

    /// Whether the search walks its table now (the tests ask).
    pub fn walks_table(&self) -> bool {
        self.dfa.get().is_some_and(Option::is_some)
    }

    /// Calls `found` with the ids of the literals that end at a byte of `hay`, for each byte
    /// where some do.
    pub fn each_match(&self, hay: &[u8], found: impl FnMut(&[u32])) {
        let dfa = match self.dfa.get() {
            Some(dfa) => dfa.as_ref(),
            None if self.searched.fetch_add(hay.len(), Ordering::Relaxed) < self.dfa_after => None,
            None => self
                .dfa
                .get_or_init(|| LiteralDfa::new(&self.nfa, &self.literals))
                .as_ref(),
        };
        match dfa {
            Some(dfa) => dfa.walk(hay, found),
            None => walk(&self.nfa, hay, found),
        }
    }
}

/// Calls `found` with the literal of every match `aut` finds in `hay`, however they overlap:
/// the state after each byte lists the literals that end there. Without the overlapping
/// iterator's call per occurrence, and common words are literals of some gates.
fn walk(aut: &impl Automaton, hay: &[u8], mut found: impl FnMut(&[u32])) {
    let Ok(mut sid) = aut.start_state(Anchored::No) else {
        return;
    };
    for &b in hay {
        sid = aut.next_state(Anchored::No, sid, b);
        if aut.is_special(sid) && aut.is_match(sid) {
            for i in 0..aut.match_len(sid) {
                found(&[aut.match_pattern(sid, i).as_u32()]);
            }
        }
    }
}

/// The NFA's states and transitions as one table indexed by state and byte class, matching
/// states first: a byte costs a class lookup, a load and a comparison. aho-corasick's own
/// DFA cost more per byte and more to build.
#[derive(Debug)]
struct LiteralDfa {
    /// By byte: its class. Bytes of no literal share class 0 (from any state they lead where
    /// the start state does); an ASCII letter shares its class with its other case.
    classes: [u8; 256],
    /// Classes per state. State ids are premultiplied by it: a state's row starts at its id.
    stride: u32,
    /// By state id plus class: the next state's id.
    trans: Vec<u32>,
    start: u32,
    /// Ids below this are matching states.
    match_below: u32,
    /// By matching state (id / stride): its literals, `matches[ranges[i]..ranges[i + 1]]`.
    ranges: Vec<u32>,
    matches: Vec<u32>,
}

impl LiteralDfa {
    /// The table of `nfa`, an automaton of `literals` searched ASCII case-insensitively.
    fn new(nfa: &impl Automaton, literals: &[String]) -> Option<LiteralDfa> {
        let mut used = [false; 256];
        for b in literals.iter().flat_map(|l| l.bytes()) {
            used[usize::from(b.to_ascii_lowercase())] = true;
            used[usize::from(b.to_ascii_uppercase())] = true;
        }
        let mut classes = [0u8; 256];
        // A byte of each class, class 0 first when some byte is in no literal.
        let mut reps: Vec<u8> = (0..=255u8)
            .find(|&b| !used[usize::from(b)])
            .into_iter()
            .collect();
        for b in 0..=255u8 {
            if used[usize::from(b)] && (b == b.to_ascii_lowercase() || !b.is_ascii_alphabetic()) {
                let class = u8::try_from(reps.len()).ok()?;
                classes[usize::from(b)] = class;
                classes[usize::from(b.to_ascii_uppercase())] = class;
                reps.push(b);
            }
        }
        // The states reachable from the start, numbered as found, and their rows.
        let start = nfa.start_state(Anchored::No).ok()?;
        let mut number: Vec<u32> = Vec::new();
        let mut states = Vec::new();
        let mut rows: Vec<u32> = Vec::new();
        let mut numbered = |sid: aho_corasick::automaton::StateID, states: &mut Vec<_>| {
            let i = sid.as_usize();
            if number.len() <= i {
                number.resize(i + 1, u32::MAX);
            }
            if number[i] == u32::MAX {
                number[i] = states.len() as u32;
                states.push(sid);
            }
            number[i]
        };
        numbered(start, &mut states);
        let mut at = 0;
        while at < states.len() {
            let sid = states[at];
            for &b in &reps {
                let next = nfa.next_state(Anchored::No, sid, b);
                rows.push(numbered(next, &mut states));
            }
            at += 1;
        }
        // Matching states first.
        let stride = reps.len() as u32;
        let mut order: Vec<usize> = (0..states.len()).collect();
        order.sort_by_key(|&i| !nfa.is_match(states[i]));
        let mut id = vec![0u32; states.len()];
        for (new, &old) in order.iter().enumerate() {
            id[old] = u32::try_from(new).ok()?.checked_mul(stride)?;
        }
        let mut trans = Vec::with_capacity(rows.len());
        let (mut ranges, mut matches) = (vec![0u32], Vec::new());
        let mut match_below = 0;
        for &old in &order {
            let row = &rows[old * reps.len()..(old + 1) * reps.len()];
            trans.extend(row.iter().map(|&next| id[next as usize]));
            let sid = states[old];
            if nfa.is_match(sid) {
                matches.extend((0..nfa.match_len(sid)).map(|i| nfa.match_pattern(sid, i).as_u32()));
                ranges.push(matches.len() as u32);
                match_below = id[old] + stride;
            }
        }
        Some(LiteralDfa {
            classes,
            stride,
            trans,
            start: id[0],
            match_below,
            ranges,
            matches,
        })
    }

    /// [`walk`] through the table.
    fn walk(&self, hay: &[u8], mut found: impl FnMut(&[u32])) {
        let mut sid = self.start;
        for &b in hay {
            sid = self.trans[(sid + u32::from(self.classes[usize::from(b)])) as usize];
            if sid < self.match_below {
                let s = (sid / self.stride) as usize;
                found(&self.matches[self.ranges[s] as usize..self.ranges[s + 1] as usize]);
            }
        }
    }
}

static LITERALS: Shared<LiteralTable> = Shared::new();

/// The global ids of `literals` in `lang`'s table, adding those it lacks.
fn register(lang: Lang, literals: &[&str]) -> Vec<u32> {
    LITERALS.update(lang, |shared| {
        if literals.iter().all(|l| shared.ids.contains_key(*l)) {
            return (literals.iter().map(|l| shared.ids[*l]).collect(), None);
        }
        // The literals by id, then those added.
        let mut all = vec![String::new(); shared.ids.len()];
        for (l, &id) in &shared.ids {
            all[id as usize] = l.clone();
        }
        let mut table_ids = shared.ids.clone();
        let ids = literals
            .iter()
            .map(|&l| {
                let next = all.len() as u32;
                *table_ids.entry(l.to_string()).or_insert_with(|| {
                    all.push(l.to_string());
                    next
                })
            })
            .collect();
        let table = LiteralTable {
            ids: table_ids,
            search: LiteralSearch::new(all),
        };
        (ids, Some(table))
    })
}

/// The ids of the literals of `lang`'s table that `text` holds, folded, sorted; `folded` is
/// a buffer for non-ASCII text folded with [`fold_into`].
pub(crate) fn find_literals(lang: Lang, text: &str, folded: &mut String, found: &mut Vec<u32>) {
    found.clear();
    let table = LITERALS.get(lang);
    let Some(search) = &table.search else {
        return;
    };
    let text = if text.is_ascii() {
        text
    } else {
        folded.clear();
        fold_into(text, folded);
        folded
    };
    search.each_match(text.as_bytes(), |literals| {
        found.extend_from_slice(literals)
    });
    found.sort_unstable();
    found.dedup();
}

/// The gates of one matcher's regexes.
#[derive(Debug)]
pub(crate) struct Gates {
    lang: Lang,
    /// `(literal, the regex it opens)`.
    literals: Vec<(String, u32)>,
    /// By regex: whether it has a gate at all.
    gated: Vec<bool>,
    /// By global literal id: the regexes it opens. Made on first use, when the literals join
    /// their language's table.
    opens: OnceLock<Vec<Vec<u32>>>,
}

impl Gates {
    /// `None` when no regex has a gate.
    pub(crate) fn new(lang: Lang, gates: &[Option<Vec<String>>]) -> Option<Gates> {
        let mut literals = Vec::new();
        for (i, gate) in gates.iter().enumerate() {
            for lit in gate.iter().flatten() {
                literals.push((lit.clone(), i as u32));
            }
        }
        (!literals.is_empty()).then(|| Gates {
            lang,
            literals,
            gated: gates.iter().map(Option::is_some).collect(),
            opens: OnceLock::new(),
        })
    }

    /// Joins the language's table (once); then `found` from [`find_literals`] says what opens.
    pub(crate) fn register(&self) {
        self.opens();
    }

    fn opens(&self) -> &[Vec<u32>] {
        self.opens.get_or_init(|| {
            let texts: Vec<&str> = self.literals.iter().map(|(l, _)| l.as_str()).collect();
            let ids = register(self.lang, &texts);
            let mut opens = vec![Vec::new(); ids.iter().max().map_or(0, |&m| m as usize + 1)];
            for (id, (_, regex)) in ids.into_iter().zip(&self.literals) {
                opens[id as usize].push(*regex);
            }
            opens
        })
    }

    /// Sets `open[i]` for each regex `i` that may match a text holding the literals `found`.
    pub(crate) fn open(&self, found: &[u32], open: &mut Vec<bool>) {
        open.clear();
        open.extend(self.gated.iter().map(|g| !g));
        let opens = self.opens();
        for &id in found {
            for &regex in opens.get(id as usize).into_iter().flatten() {
                open[regex as usize] = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lits(p: &str) -> Option<Vec<String>> {
        required_literals(p)
    }

    #[test]
    fn literals_are_read_from_anywhere_in_the_regex() {
        assert_eq!(
            lits(r"(?i)\bcosts?\s+(?:\S+\s+){1,3}\w+er\b"),
            Some(vec!["cost".into(), "costs".into()])
        );
        // Of two literals as long, the set with fewer strings.
        assert_eq!(
            lits(r"(?i)\bcosts?\s+(?:\S+\s+){1,3}more\b"),
            Some(vec!["more".into()])
        );
        assert_eq!(
            lits(r"(?i)\b(?:is|are)\s+(?:scheduled|planned)\b"),
            Some(vec!["planned".into(), "scheduled".into()])
        );
        assert_eq!(lits(r"(?i)\bстоит\s+больше"), Some(vec!["больше".into()]));
        // Nothing every match must hold.
        assert_eq!(lits(r"(?i)\w+"), None);
        assert_eq!(lits(r"(?i)(?:a|\w)"), None);
    }

    #[test]
    fn folding_closes_the_case_insensitive_classes() {
        assert_eq!(lits(r"(?i)sk"), Some(vec!["sk".into()]));
        assert_eq!(lits(r"(?i)вот"), Some(vec!["вот".into()]));
        // The quick paths agree with the general one.
        for c in ('\u{80}'..='\u{2FFF}').chain(['\u{1C80}', '\u{212A}']) {
            let mut lower = c.to_lowercase();
            let general = match (lower.next(), lower.next()) {
                (Some(l), None) => l,
                _ => c,
            };
            if !matches!(general, 'ſ' | '\u{1C80}'..='\u{1C88}') {
                assert_eq!(fold_char(c), general, "{c:?}");
            }
        }
        let mut folded = String::new();
        fold_into("\u{17F}\u{212A}\u{1C80}ОТ Ab", &mut folded);
        // ASCII keeps its case: the literal search ignores it.
        assert_eq!(folded, "skвот Ab");
    }

    #[test]
    fn folding_runs_whole_gives_what_folding_char_by_char_gives() {
        let mut folded = String::new();
        let chars = "aZ09 .,а-яА-ЯёЁ\u{2000}\u{2014}\u{201C}\u{206F}\u{2070}\u{2100}\u{212A}ѐѝ\u{1C80}ſÉñ€\u{1F600}\u{430}\u{44F}\u{450}\u{452}";
        let mut all: Vec<char> = chars.chars().collect();
        all.extend([
            '\u{400}', '\u{40F}', '\u{410}', '\u{42F}', '\u{43F}', '\u{440}', '\u{45F}',
        ]);
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..2_000 {
            let mut text = String::new();
            for _ in 0..state % 12 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push(all[(state % all.len() as u64) as usize]);
            }
            let plain: String = text
                .chars()
                .map(|c| if c.is_ascii() { c } else { fold_char(c) })
                .collect();
            folded.clear();
            fold_into(&text, &mut folded);
            assert_eq!(folded, plain, "{text:?}");
        }
    }

    #[test]
    fn the_table_finds_what_the_automaton_it_was_made_from_finds() {
        let literals: Vec<String> = [
            "as",
            "as i",
            "sk",
            "i'm",
            "we're",
            "cost",
            "costs",
            "s",
            "больше",
            "стоит",
            "у",
            "ошибк",
            "aré",
            "ñ",
            ", ",
            "\"",
            "ask",
        ]
        .map(String::from)
        .to_vec();
        let search = LiteralSearch::new(literals.clone()).unwrap();
        let nfa = &search.nfa;
        let dfa = LiteralDfa::new(nfa, &literals).unwrap();
        let words = [
            "As",
            "AS I",
            "ask",
            "aSK",
            "I'M",
            "we’re",
            "COSTS",
            "cost",
            "больше",
            "Стоит",
            "у",
            "ошибка",
            "enviaré",
            "AÑO",
            ",",
            "\"",
            "\u{1F600}",
            "x",
            "\u{7F}\u{0}",
            "sss",
        ];
        let mut texts = crate::testing::Texts::new(0x9e37_79b9_7f4a_7c15, &words);
        let (mut plain, mut table) = (Vec::new(), Vec::new());
        let mut matched = 0;
        for _ in 0..5_000 {
            let text = texts.text(10, 3);
            plain.clear();
            table.clear();
            walk(nfa, text.as_bytes(), |l| plain.extend_from_slice(l));
            dfa.walk(text.as_bytes(), |l| table.extend_from_slice(l));
            plain.sort_unstable();
            table.sort_unstable();
            assert_eq!(table, plain, "{text:?}");
            matched += usize::from(!plain.is_empty());
        }
        assert!(matched > 1_000, "{matched}");
    }

    #[test]
    fn a_gate_never_closes_on_a_text_its_regex_matches() {
        let patterns = [
            r"(?i)\bcosts?\s+(?:\S+\s+){1,3}more\b",
            r"(?i)\b(?:I'm|I am|we're|we are)\s+(?:\w+ing)\b",
            r"(?i)\bwill\s+be\s+\w+(?:ed|en|un|ne|t)\b",
            r"(?i)\b\w{2,}(?:aré|eré|iré)\b",
            r"(?i)\bстоит\s+(?:\S+\s+){1,4}больше\b",
            r"(?i)(?:ошибк[аиу]|баг|сбой) (?:у )?(?-i:\p{Lu})[\p{L}\d]+",
            r"(?i)\bask\b",
        ];
        let words = [
            "COSTS",
            "coſts",
            "a",
            "lot",
            "MORE",
            "I'M",
            "We're",
            "WE’RE",
            "sending",
            "will",
            "be",
            "WILL BE",
            "fixed",
            "BE",
            "enviaré",
            "HARÉ",
            "стоит",
            "СТОИТ",
            "сᲄоит",
            "больше",
            "БОЛЬШЕ",
            "ошибка",
            "ОШИБКУ",
            "у",
            "Петра",
            "AſK",
            "aSK",
            "\u{212A}",
            ",",
        ];
        let mut texts = crate::testing::Texts::new(0x2545_f491_4f6c_dd1d, &words);
        let gates: Vec<_> = patterns.iter().map(|p| required_literals(p)).collect();
        assert!(gates.iter().all(Option::is_some), "{gates:?}");
        let all = Gates::new(Lang::En, &gates).unwrap();
        all.register();
        let regexes: Vec<_> = patterns
            .iter()
            .map(|p| regex::Regex::new(p).unwrap())
            .collect();
        let mut open = Vec::new();
        let mut matched = vec![0; patterns.len()];
        for _ in 0..20_000 {
            let text = texts.text(8, 2);
            let mut found = Vec::new();
            find_literals(Lang::En, &text, &mut String::new(), &mut found);
            all.open(&found, &mut open);
            for (i, re) in regexes.iter().enumerate() {
                if re.is_match(&text) {
                    matched[i] += 1;
                    assert!(open[i], "{re} matches {text:?} but its gate is shut");
                }
            }
        }
        // Every regex matched often enough for the check to mean something.
        assert!(matched.iter().all(|&n| n > 10), "{matched:?}");
    }
}
