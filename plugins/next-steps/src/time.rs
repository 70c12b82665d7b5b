//! Time expressions in English, Spanish and Russian: dates, weekdays, times of day, relative
//! days and offsets, periods, ranges and deadlines ("by Friday 3pm", "antes del 15 de marzo",
//! "к 15 мая", "в понедельник в 10:00"), each with its span and a normalized meaning. Vague
//! ones ("soon", "ASAP", "this week-ish", "в ближайшее время") are returned too, marked vague.
//!
//! ```
//! use tactful_core::Lang;
//! use tactful_next_steps::time::{find_times, Bound, DateRef, When};
//!
//! let text = "I'll send it by Friday 3pm.";
//! let t = &find_times(Lang::En, text)[0];
//! assert_eq!(&text[t.span.range()], "by Friday 3pm");
//! assert_eq!(t.bound, Bound::By);
//! assert!(!t.vague);
//! let When::Moment { date: Some(DateRef::Weekday { weekday: 4, .. }), time: Some(tod) } = t.when else { panic!() };
//! assert_eq!((tod.hour, tod.minute), (15, 0));
//! ```
//!
//! It is a recognizer, not a parser of every calendar phrase: it favours the forms people use
//! for promises and deadlines, and says nothing about text it does not understand.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use regex_automata::nfa::thompson::WhichCaptures;
use regex_automata::util::captures::Captures;
use regex_automata::util::iter::Searcher;
use regex_automata::{Anchored, Input, meta};
use regex_syntax::ast::parse::Parser as AstParser;
use regex_syntax::ast::{
    Ast, ClassBracketed, ClassPerlKind, ClassSet, ClassSetItem, RepetitionKind, RepetitionRange,
};
use regex_syntax::hir::{
    Capture, Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Look, Repetition,
};
use serde::Serialize;
use tactful_core::{Lang, Span};
use tactful_match::LiteralSearch;
use tactful_match::PerLang;

/// How an expression bounds the time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    /// At or on that time: "on Friday", "el viernes", "в понедельник".
    At,
    /// A deadline, no later than: "by Friday", "before 15 March", "antes del jueves", "до пятницы", "к 15 мая".
    By,
    /// Within a span from now: "within two days", "en un plazo de 48 horas", "в течение двух дней".
    Within,
}

/// A unit of relative time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Hour,
    Day,
    /// A working day.
    BusinessDay,
    Week,
    Month,
}

/// A time of day, 24-hour clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TimeOfDay {
    pub hour: u8,
    pub minute: u8,
}

/// Which day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DateRef {
    /// A calendar date; the year when written.
    Absolute {
        year: Option<i32>,
        month: u8,
        day: u8,
    },
    /// 0 = Monday ... 6 = Sunday; `next_week` for "next Friday", "el viernes que viene",
    /// "в следующий вторник".
    Weekday { weekday: u8, next_week: bool },
    /// Days from the day of writing: 0 today, 1 tomorrow, 2 the day after.
    Relative { days: i32 },
    /// Every day, or every given weekday: "every morning at 9", "cada lunes", "каждое утро".
    Recurring { weekday: Option<u8> },
    /// A window: this week (`offset` 0), next week (1), the end of the month (`end`).
    Period { unit: Unit, offset: i32, end: bool },
}

/// What an expression means, normalized.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum When {
    /// A day, a time of day, or both: "Friday 3pm", "mañana a las 10", "15 мая".
    Moment {
        date: Option<DateRef>,
        time: Option<TimeOfDay>,
    },
    /// An amount of time from now: "within two days", "in 3 hours".
    Offset { amount: u32, unit: Unit },
    /// From one moment to another: "Monday to Wednesday", "del 3 al 5 de mayo", "с 10:00 до 12:00".
    Range {
        from_date: Option<DateRef>,
        from_time: Option<TimeOfDay>,
        to_date: Option<DateRef>,
        to_time: Option<TimeOfDay>,
    },
    /// No time can be read from it: "soon", "ASAP", "en breve", "в ближайшее время".
    Unspecified,
}

/// One time expression found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TimeExpr {
    /// Byte span in the text searched, including a deadline word ("by", "antes de", "до").
    pub span: Span,
    pub bound: Bound,
    pub when: When,
    /// Says no firm time: "soon", "ASAP", "at some point", or a hedged one ("this week-ish",
    /// "más o menos esta semana", "где-то на этой неделе").
    pub vague: bool,
}

impl TimeExpr {
    /// A time someone can be held to: not vague, and naming a day, an hour or an offset.
    pub fn is_firm(&self) -> bool {
        !self.vague && self.when != When::Unspecified
    }
}

/// Every time expression in `text`, in order, with spans relative to `text`.
pub fn find_times(lang: Lang, text: &str) -> Vec<TimeExpr> {
    let gate = gate(lang);
    let passes = gate.passes(text);
    find(grammar(lang), lang, text, |i| passes.may(gate, i))
}

/// [`find_times`], running only the piece regexes `may` lets through (by their index in
/// [`piece_srcs`]): for a caller whose own [`Gate`] covers them and regexes of its own.
pub(crate) fn find_times_where(
    lang: Lang,
    text: &str,
    may: impl Fn(usize) -> bool,
) -> Vec<TimeExpr> {
    find(grammar(lang), lang, text, may)
}

/// The piece regexes of a language's grammar, in order.
pub(crate) fn piece_srcs(lang: Lang) -> impl Iterator<Item = &'static str> {
    grammar(lang).pieces.iter().map(|(s, _)| s.src.as_str())
}

fn find(g: &Grammar, lang: Lang, text: &str, may: impl Fn(usize) -> bool) -> Vec<TimeExpr> {
    let mut pieces: Vec<Piece> = Vec::new();
    for (_, (scan, kind)) in g.pieces.iter().enumerate().filter(|(i, _)| may(*i)) {
        scan.each_match(text, |c| {
            let m = c.whole();
            // A trailing `x` group is context the regex checks, not part of the expression.
            let end = c.name("x").map_or(m.end, |x| x.start);
            if matches!(kind, Kind::Vague)
                && g.not_vague_before.start_in(&text[..m.start]).is_some()
            {
                return true;
            }
            if let Some(p) = kind.read(c, lang) {
                pieces.push(Piece {
                    span: Span::new(m.start, end),
                    what: p,
                });
            }
            true
        });
    }
    // A bare hour gives way to anything else at the same place ("к 15 мая" is a date).
    let strong: Vec<Span> = pieces
        .iter()
        .filter(|p| !matches!(p.what, What::Hour(_)))
        .map(|p| p.span)
        .collect();
    pieces.retain(|p| {
        !matches!(p.what, What::Hour(_))
            || !strong
                .iter()
                .any(|s| s.start < p.span.end && p.span.start < s.end)
    });
    // Leftmost, then longest; overlapping pieces are dropped.
    pieces.sort_by_key(|p| (p.span.start, std::cmp::Reverse(p.span.end)));
    let mut kept: Vec<Piece> = Vec::with_capacity(pieces.len());
    for p in pieces {
        if kept.last().is_none_or(|k| p.span.start >= k.span.end) {
            kept.push(p);
        }
    }
    merge(g, text, kept)
}

#[derive(Debug, Clone, Copy)]
struct Piece {
    span: Span,
    what: What,
}

#[derive(Debug, Clone, Copy)]
enum What {
    Date(DateRef),
    Time(TimeOfDay),
    /// A bare hour ("at 11", "a las 10" are read as times; "11" after a day is this).
    Hour(u8),
    Offset(u32, Unit),
    Range(DateRef, DateRef),
    Vague,
}

/// What a regex of the grammar recognizes; `read` turns its captures into a piece.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Weekday,
    Recurring,
    /// Two days of one month: "3-5 May", "del 3 al 5 de mayo", "с 3 по 5 мая".
    DayRange,
    DayMonth,
    MonthDay,
    Numeric,
    Iso,
    Relative,
    Clock,
    Named,
    BareHour,
    Offset,
    Period,
    Vague,
}

impl Kind {
    fn read(self, c: &Caps<'_, '_>, lang: Lang) -> Option<What> {
        let s = |name: &str| c.name(name).map(|m| lower(m.text));
        Some(match self {
            Kind::Weekday => What::Date(DateRef::Weekday {
                weekday: weekday(lang, &s("wd")?)?,
                next_week: s("next").is_some() || s("next2").is_some(),
            }),
            Kind::Recurring => What::Date(DateRef::Recurring {
                weekday: weekday(lang, &s("wd")?),
            }),
            Kind::DayRange => {
                let month = month(lang, &s("mon")?)?;
                let day = |g: &str| -> Option<DateRef> {
                    Some(DateRef::Absolute {
                        year: None,
                        month,
                        day: valid_day(s(g)?.parse().ok()?)?,
                    })
                };
                What::Range(day("d1")?, day("d")?)
            }
            Kind::DayMonth | Kind::MonthDay => What::Date(DateRef::Absolute {
                year: s("y").and_then(|y| y.parse().ok()),
                month: month(lang, &s("mon")?)?,
                day: valid_day(s("d")?.parse().ok()?)?,
            }),
            Kind::Numeric => {
                let a: u8 = s("a")?.parse().ok()?;
                let b: u8 = s("b")?.parse().ok()?;
                // English writes month first; Spanish and Russian day first. A first number
                // over 12 can only be a day.
                let (day, month) = if lang == Lang::En && a <= 12 {
                    (b, a)
                } else {
                    (a, b)
                };
                let year = s("y")
                    .and_then(|y| y.parse::<i32>().ok())
                    .map(|y| if y < 100 { 2000 + y } else { y });
                (1..=12).contains(&month).then_some(())?;
                What::Date(DateRef::Absolute {
                    year,
                    month,
                    day: valid_day(day)?,
                })
            }
            Kind::Iso => What::Date(DateRef::Absolute {
                year: s("y")?.parse().ok(),
                month: s("mon")?.parse().ok().filter(|m| (1..=12).contains(m))?,
                day: valid_day(s("d")?.parse().ok()?)?,
            }),
            Kind::Relative => What::Date(DateRef::Relative {
                days: relative_days(&s("rel")?)?,
            }),
            Kind::Clock => {
                let mut hour: u8 = s("h")?.parse().ok()?;
                let minute: u8 = s("m").map_or(Some(0), |m| m.parse().ok())?;
                match s("ampm").map(|a| a.replace('.', "")) {
                    Some(a) if a == "pm" && hour < 12 => hour += 12,
                    Some(a) if a == "am" && hour == 12 => hour = 0,
                    _ => {}
                }
                if let Some(part) = s("part")
                    && evening(&part)
                    && hour < 12
                {
                    hour += 12;
                }
                (hour < 24 && minute < 60).then_some(())?;
                What::Time(TimeOfDay { hour, minute })
            }
            Kind::Named => What::Time(named_time(&s("named")?)?),
            Kind::BareHour => {
                let h: u8 = s("h")?.parse().ok()?;
                (h < 24).then_some(())?;
                What::Hour(h)
            }
            Kind::Offset => {
                let amount = s("n").map_or(Some(1), |n| number(lang, &n))?;
                What::Offset(amount, unit(&s("unit")?, s("biz").is_some())?)
            }
            Kind::Period => What::Date(period(&lower(c.whole().text))),
            Kind::Vague => What::Vague,
        })
    }
}

/// `text` lowercased, borrowed where that changes nothing (as it mostly does).
fn lower(text: &str) -> Cow<'_, str> {
    if text.chars().all(|c| c.to_lowercase().eq([c])) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.to_lowercase())
    }
}

fn valid_day(d: u8) -> Option<u8> {
    (1..=31).contains(&d).then_some(d)
}

fn evening(part: &str) -> bool {
    ["pm", "tarde", "noche", "вечер", "дня"]
        .iter()
        .any(|p| part.contains(p))
}

struct Grammar {
    pieces: Vec<(Scan, Kind)>,
    /// A deadline word right before an expression (anchored at the end).
    by_before: AtEnd,
    /// A deadline word the expression itself starts with (Russian "до среды": the bare
    /// "среда" is read only after a preposition, so the regex keeps it).
    by_start: Option<Lazy>,
    /// A deadline phrase right after one ("at the latest", "como muy tarde").
    by_after: Lazy,
    /// A word that joins two moments into a range (the whole gap between them).
    range_join: Lazy,
    /// A gap that joins a day and a time into one moment ("Friday at 3pm", "el lunes a las").
    moment_join: Lazy,
    /// Before a vague word, a context that makes it something else: "as soon as they arrive",
    /// "hasta pronto", "не позже".
    not_vague_before: AtEnd,
    /// A hedge before or after an expression that makes it vague ("around", "-ish").
    hedge_before: AtEnd,
    hedge_after: Lazy,
}

fn re(s: &str) -> Lazy {
    Lazy::new(format!("(?i){s}"))
}

fn scan(s: &str) -> Scan {
    Scan::new(&format!("(?i){s}"))
}

fn at_end(s: &str) -> AtEnd {
    AtEnd {
        scan: scan(s),
        gate: OnceLock::new(),
        gated: AtomicUsize::new(0),
    }
}

/// A regex that ends in `$`, asked about the text before an expression. On non-ASCII text
/// its `\b` would send the search over the whole text to a slow engine; there, the scan's
/// loose regex finds, searching backwards from the end in the lazy DFA, the leftmost place
/// a match can start, and the regex is tried, anchored, from there on.
///
/// Its forms cost a short draft more to build than its sentences cost to read, and most
/// sentences hold none of the words the regex needs: so the first [`GATED`] texts are asked
/// first whether they hold them (the regex's own [`Gate`], read when the crate was built),
/// and a form is built only for one that does. In a batch the forms are soon built, and
/// then quicker than the gate.
struct AtEnd {
    scan: Scan,
    gate: OnceLock<Gate>,
    /// Texts the gate was asked about.
    gated: AtomicUsize,
}

/// How many texts an [`AtEnd`] or a [`Lazy`] asks its gate about before it builds its
/// forms anyway.
const GATED: usize = 64;

/// The gate of one regex asked about the text next to an expression: read from the regex
/// when the crate was built (`build.rs`), or else now.
/// It is asked about [`GATED`] short texts at most, so it never builds its DFA.
fn context_gate(src: &str) -> Gate {
    let gate =
        crate::prebuilt::context_gate(src).map_or_else(|| Gate::new([src]), |p| Gate::prebuilt(&p));
    Gate {
        search: gate.search.map(|s| s.dfa_after(usize::MAX)),
        ..gate
    }
}

/// The regexes asked about the text next to an expression, for the build script to read
/// their gates from.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) fn context_srcs(lang: Lang) -> Vec<&'static str> {
    let g = grammar(lang);
    let at_end = [&g.by_before, &g.not_vague_before, &g.hedge_before];
    let lazy = [&g.by_after, &g.range_join, &g.moment_join, &g.hedge_after];
    at_end
        .iter()
        .map(|a| a.scan.src.as_str())
        .chain(lazy.into_iter().chain(&g.by_start).map(|l| l.src.as_str()))
        .collect()
}

/// How far before or after an expression the regexes about its surroundings look.
const AT_END_WINDOW: usize = 256;

impl AtEnd {
    /// Whether the regex may match in `window`: false only where it cannot.
    fn may_match(&self, window: &str) -> bool {
        let gate = self.gate.get_or_init(|| context_gate(&self.scan.src));
        gate.passes(window).may(gate, 0)
    }

    /// Where the regex's match in `text` starts (every match ends at the end of `text`).
    /// Only the last [`AT_END_WINDOW`] bytes are searched: the words these regexes look for
    /// stand right before an expression, and a sentence with thousands of expressions (a
    /// 10 MB line) must not be searched whole for each.
    fn start_in(&self, text: &str) -> Option<usize> {
        let from = text.floor_char_boundary(text.len().saturating_sub(AT_END_WINDOW));
        // The range keeps the text before it, so `\b` at its start sees the previous char.
        let input = Input::new(text).range(from..);
        // ASCII where the search looks, the char before it included (for its `\b`).
        let ascii = text[text.floor_char_boundary(from.saturating_sub(1))..].is_ascii();
        // The characters the regex may take are in the window searched.
        let wide = !ascii && !is_narrow(&text[from..]);
        // Until the form the text needs is built, a window without the words skips building
        // it (a match lies in the window searched); once built, it is quicker than the gate.
        let built = if ascii {
            self.scan.ascii.get().is_some()
        } else {
            self.scan.loose_form(wide).get().is_some()
        };
        if !built
            && self.gated.fetch_add(1, Ordering::Relaxed) < GATED
            && !self.may_match(&text[from..])
        {
            return None;
        }
        if ascii {
            return self.scan.ascii().search(&input).map(|m| m.start());
        }
        // As a scan's first texts: the anchored form searches unanchored for the leftmost start.
        if self.scan.loose_form(wide).get().is_none()
            && self.scan.unloosed.fetch_add(1, Ordering::Relaxed) < UNLOOSED
        {
            return self.scan.anchored(wide).search(&input).map(|m| m.start());
        }
        // Every match of the regex is one of the loose regex, so none starts before the
        // loose one's leftmost; from there the first place with a match is the leftmost.
        let mut at = self.scan.loose(wide).search(&input)?.start();
        loop {
            let input = Input::new(text).range(at..).anchored(Anchored::Yes);
            if self.scan.anchored(wide).is_match(input) {
                return Some(at);
            }
            if at >= text.len() {
                return None;
            }
            at = next_char(text, at);
        }
    }
}

/// A regex asked about a short stretch of text next to an expression, compiled, like a
/// [`Scan`]'s, the first time a text needs it: the ASCII form for ASCII text, the regex
/// itself for any other. Like an [`AtEnd`], it asks its gate first about its first texts.
struct Lazy {
    src: String,
    ascii: OnceLock<meta::Regex>,
    unicode: OnceLock<meta::Regex>,
    gate: OnceLock<Gate>,
    /// Texts the gate was asked about.
    gated: AtomicUsize,
}

impl Lazy {
    fn new(src: String) -> Lazy {
        Lazy {
            src,
            ascii: OnceLock::new(),
            unicode: OnceLock::new(),
            gate: OnceLock::new(),
            gated: AtomicUsize::new(0),
        }
    }

    /// Whether the regex may match in `window`: false only where it cannot.
    fn may_match(&self, window: &str) -> bool {
        let gate = self.gate.get_or_init(|| context_gate(&self.src));
        gate.passes(window).may(gate, 0)
    }

    /// Whether the search of `hay` is skipped: the regex is not built for it yet, and its
    /// gate says it cannot match in `window` (the part of `hay` a match lies in).
    fn skips(&self, hay: &str, window: &str) -> bool {
        let built = if hay.is_ascii() {
            self.ascii.get().is_some()
        } else {
            self.unicode.get().is_some()
        };
        !built && self.gated.fetch_add(1, Ordering::Relaxed) < GATED && !self.may_match(window)
    }

    fn regex(&self, text: &str) -> &meta::Regex {
        if text.is_ascii() {
            self.ascii.get_or_init(|| build_ascii(&self.src))
        } else {
            self.unicode.get_or_init(|| {
                let config = meta::Regex::config()
                    .auto_prefilter(false)
                    .onepass(false)
                    .dfa(false);
                build(config, &self.src)
            })
        }
    }

    /// For a regex anchored at the start: its match in `text[from..]`, looking no further
    /// than [`AT_END_WINDOW`] bytes on (the char after them kept for a `\b`), so that a
    /// sentence with thousands of expressions is not read to its end for each.
    fn find_after(&self, text: &str, from: usize) -> Option<regex_automata::Match> {
        let end = text.ceil_char_boundary((from + AT_END_WINDOW).min(text.len()));
        let past = text.ceil_char_boundary((end + 1).min(text.len()));
        let hay = &text[from..past];
        if self.skips(hay, &hay[..end - from]) {
            return None;
        }
        self.regex(hay).search(&Input::new(hay).range(..end - from))
    }

    fn is_match(&self, text: &str) -> bool {
        !self.skips(text, text) && self.regex(text).is_match(text)
    }
}

/// The regex written `src` (the `regex` crate's syntax and semantics) with the engines `config` allows.
fn build(config: meta::Config, src: &str) -> meta::Regex {
    meta::Regex::builder()
        .configure(config)
        .build(src)
        .expect("static time grammar")
}

/// The regex written `src` as it matches on ASCII text (only), without a literal prefilter,
/// a one-pass DFA or a full DFA.
fn build_ascii(src: &str) -> meta::Regex {
    // Read without Unicode, where it can be (no letter outside ASCII in a class): quicker to
    // parse, with nothing to rewrite, and the same on ASCII text (its `\w`, `\s`, `\d`, `\b`
    // and case folding are the Unicode ones' ASCII parts). A class it reads as bytes may
    // match bytes past ASCII, which ASCII text does not hold.
    let hir = ascii_hir(src);
    let config = meta::Regex::config()
        .auto_prefilter(false)
        .onepass(false)
        .dfa(false);
    meta::Regex::builder()
        .configure(config)
        .build_from_hir(&hir)
        .expect("static time grammar")
}

/// The regex written `src` as it matches on ASCII text: read without Unicode where it can
/// be, its classes first rid of the letters past ASCII (`[ií]` is `[i]` on ASCII text), or
/// else read with Unicode and rewritten class by class ([`for_ascii`]).
fn ascii_hir(src: &str) -> Hir {
    let ast = AstParser::new().parse(src).expect("static time grammar");
    if let Ok(hir) = translator(false).translate(src, &ast) {
        return hir;
    }
    let mut ascii = ast.clone();
    if ascii_classes(&mut ascii)
        && let Ok(hir) = translator(false).translate(src, &ascii)
    {
        return hir;
    }
    let unicode = translator(true).translate(src, &ast);
    for_ascii(&unicode.expect("static time grammar"))
}

/// Drops from `ast`'s classes the characters an ASCII text cannot hold in any case; false
/// (and `ast` left half done) where a class cannot be read so: a negated class or a set
/// operation with such a character, a Unicode class, a range across the end of ASCII, or a
/// character with an ASCII case variant (the Kelvin sign is a "k").
fn ascii_classes(ast: &mut Ast) -> bool {
    fn no_ascii_variant(c: char) -> bool {
        !c.is_ascii()
            && c.to_lowercase()
                .chain(c.to_uppercase())
                .all(|v| !v.is_ascii())
    }
    fn item(it: &mut ClassSetItem, negated: bool) -> bool {
        match it {
            ClassSetItem::Empty(_) | ClassSetItem::Ascii(_) | ClassSetItem::Perl(_) => true,
            ClassSetItem::Unicode(_) => false,
            ClassSetItem::Literal(l) => l.c.is_ascii() || !negated && no_ascii_variant(l.c),
            ClassSetItem::Range(r) => {
                r.end.c.is_ascii()
                    || !negated
                        && (r.end.c as u32) - (r.start.c as u32) < 256
                        && (r.start.c..=r.end.c).all(no_ascii_variant)
            }
            ClassSetItem::Bracketed(b) => class(b),
            ClassSetItem::Union(u) => {
                if !u.items.iter_mut().all(|i| item(i, negated)) {
                    return false;
                }
                u.items.retain(|i| !past_ascii(i));
                true
            }
        }
    }
    /// A literal or range only past ASCII: after `item` accepted it, one to drop.
    fn past_ascii(it: &ClassSetItem) -> bool {
        match it {
            ClassSetItem::Literal(l) => !l.c.is_ascii(),
            ClassSetItem::Range(r) => !r.start.c.is_ascii(),
            _ => false,
        }
    }
    fn class(c: &mut ClassBracketed) -> bool {
        let negated = c.negated;
        match &mut c.kind {
            ClassSet::Item(it) => {
                if !item(it, negated) {
                    return false;
                }
                if past_ascii(it) {
                    *it = ClassSetItem::Empty(*it.span());
                }
                true
            }
            ClassSet::BinaryOp(_) => false,
        }
    }
    match ast {
        Ast::ClassBracketed(c) => class(c),
        Ast::Group(g) => ascii_classes(&mut g.ast),
        Ast::Repetition(r) => ascii_classes(&mut r.ast),
        Ast::Concat(c) => c.asts.iter_mut().all(ascii_classes),
        Ast::Alternation(a) => a.asts.iter_mut().all(ascii_classes),
        _ => true,
    }
}

/// What translates a syntax tree as `regex_syntax::parse` does (`unicode`), or without
/// Unicode and allowing byte classes.
fn translator(unicode: bool) -> regex_syntax::hir::translate::Translator {
    regex_syntax::hir::translate::TranslatorBuilder::new()
        .unicode(unicode)
        .utf8(unicode)
        .build()
}

/// The characters nearly every English, Spanish or Russian text holds all of its in:
/// Latin-1 (U+0000-U+00FF), Cyrillic (U+0400-U+04FF) and the punctuation, currency signs
/// and first letterlike symbols (U+2000-U+2129: dashes, quotes, "€", "№", "™", but not
/// the Kelvin sign, which a case-insensitive "k" takes, as it takes "ſ" for an "s").
fn narrow_chars() -> ClassUnicode {
    ClassUnicode::new([
        ClassUnicodeRange::new('\0', '\u{ff}'),
        ClassUnicodeRange::new('\u{400}', '\u{4ff}'),
        ClassUnicodeRange::new('\u{2000}', '\u{2129}'),
    ])
}

/// Whether every character of `text` is one of [`narrow_chars`], read from the bytes that
/// start them: up to C3 (U+0000-U+00FF; continuation bytes are below C0), D0 to D3
/// (U+0400-U+04FF), or E2 then 80 to 83 (U+2000-U+20FF) or 84 then up to A9.
fn is_narrow(text: &str) -> bool {
    let bytes = text.as_bytes();
    let other = |b: u8| b >= 0xc4 && !(0xd0..=0xd3).contains(&b);
    // Most texts hold no other: a fold with no early exit over each chunk vectorizes.
    if !bytes
        .chunks(32)
        .any(|c| c.iter().fold(false, |found, &b| found | other(b)))
    {
        return true;
    }
    bytes
        .iter()
        .enumerate()
        .filter(|&(_, &b)| other(b))
        .all(|(i, &b)| {
            b == 0xe2
                && match bytes.get(i + 1) {
                    Some(0x80..=0x83) => true,
                    Some(0x84) => bytes.get(i + 2).is_some_and(|&b| b <= 0xa9),
                    _ => false,
                }
        })
}

/// `hir` with only [`narrow_chars`] in its classes: on a text of those characters only
/// it matches, with the same groups, wherever `hir` does, as a class takes the same
/// characters there.
fn narrow(hir: &Hir) -> Hir {
    let chars = narrow_chars();
    rewrite(hir, &|kind| match kind {
        HirKind::Class(Class::Unicode(c)) => {
            let mut c = c.clone();
            c.intersect(&chars);
            Some(Hir::class(Class::Unicode(c)))
        }
        _ => None,
    })
}

/// `hir` without its word boundaries and with its large classes (`\w`, `[^\w%]`) widened
/// to cheap ones that hold them: it matches wherever `hir` does, so no match of `hir`
/// starts before its leftmost one, and it is quick to build.
fn loosen(hir: &Hir) -> Hir {
    rewrite(hir, &|kind| match kind {
        HirKind::Look(Look::WordUnicode) => Some(Hir::empty()),
        HirKind::Class(Class::Unicode(c)) if c.ranges().len() > 32 => {
            static SPACE: OnceLock<ClassUnicode> = OnceLock::new();
            let space =
                SPACE.get_or_init(|| match regex_syntax::parse(r"\s").map(Hir::into_kind) {
                    Ok(HirKind::Class(Class::Unicode(s))) => s,
                    _ => ClassUnicode::empty(),
                });
            let mut overlap = c.clone();
            overlap.intersect(space);
            // Not a space, or any character.
            let mut wide = space.clone();
            if overlap.ranges().is_empty() {
                wide.negate();
            } else {
                wide.union(&ClassUnicode::new([ClassUnicodeRange::new(
                    '\0',
                    '\u{10ffff}',
                )]));
            }
            Some(Hir::class(Class::Unicode(wide)))
        }
        _ => None,
    })
}

/// `hir` with `leaf` applied to every node it rewrites (it returns `None` for the others),
/// the groups, repetitions, concatenations and alternations rebuilt around them.
fn rewrite(hir: &Hir, leaf: &impl Fn(&HirKind) -> Option<Hir>) -> Hir {
    if let Some(new) = leaf(hir.kind()) {
        return new;
    }
    match hir.kind() {
        HirKind::Capture(c) => Hir::capture(Capture {
            index: c.index,
            name: c.name.clone(),
            sub: Box::new(rewrite(&c.sub, leaf)),
        }),
        HirKind::Repetition(r) => Hir::repetition(Repetition {
            min: r.min,
            max: r.max,
            greedy: r.greedy,
            sub: Box::new(rewrite(&r.sub, leaf)),
        }),
        HirKind::Concat(subs) => Hir::concat(subs.iter().map(|h| rewrite(h, leaf)).collect()),
        HirKind::Alternation(subs) => {
            Hir::alternation(subs.iter().map(|h| rewrite(h, leaf)).collect())
        }
        _ => hir.clone(),
    }
}

/// `hir` as it matches on ASCII text, where its Unicode classes and word boundaries match
/// what their ASCII parts do, without the automata for the rest of Unicode.
fn for_ascii(hir: &Hir) -> Hir {
    rewrite(hir, &|kind| match kind {
        HirKind::Class(Class::Unicode(c)) => {
            let mut c = c.clone();
            c.intersect(&ClassUnicode::new([ClassUnicodeRange::new('\0', '\x7f')]));
            Some(Hir::class(Class::Unicode(c)))
        }
        HirKind::Look(look) => Some(Hir::look(match look {
            Look::WordUnicode => Look::WordAscii,
            Look::WordUnicodeNegate => Look::WordAsciiNegate,
            Look::WordStartUnicode => Look::WordStartAscii,
            Look::WordEndUnicode => Look::WordEndAscii,
            Look::WordStartHalfUnicode => Look::WordStartHalfAscii,
            Look::WordEndHalfUnicode => Look::WordEndHalfAscii,
            other => *other,
        })),
        _ => None,
    })
}

/// One group of a match.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Group<'t> {
    pub start: usize,
    pub end: usize,
    pub text: &'t str,
}

/// The groups of one match in a text.
pub(crate) struct Caps<'t, 'c> {
    text: &'t str,
    caps: &'c Captures,
}

impl<'t> Caps<'t, '_> {
    fn group(&self, span: Option<regex_automata::Span>) -> Option<Group<'t>> {
        span.map(|s| Group {
            start: s.start,
            end: s.end,
            text: &self.text[s.range()],
        })
    }

    /// The whole match.
    pub(crate) fn whole(&self) -> Group<'t> {
        self.group(self.caps.get_match().map(|m| m.span()))
            .expect("a match")
    }

    /// The named group, when it took part in the match. Its index is found among the
    /// pattern's few group names, quicker than by hashing the name.
    pub(crate) fn name(&self, name: &str) -> Option<Group<'t>> {
        let pid = self.caps.pattern()?;
        let index = self
            .caps
            .group_info()
            .pattern_names(pid)
            .position(|n| n == Some(name))?;
        self.group(self.caps.get_group(index))
    }
}

fn grammar(lang: Lang) -> &'static Grammar {
    static GRAMMARS: PerLang<Grammar> = PerLang::new();
    GRAMMARS.get_or_init(lang, || new_grammar(lang))
}

fn new_grammar(lang: Lang) -> Grammar {
    match lang {
        Lang::En => english(),
        Lang::Es => spanish(),
        Lang::Ru => russian(),
    }
}

/// The gate of a grammar's piece regexes, for [`find_times`].
fn gate(lang: Lang) -> &'static Gate {
    static GATES: PerLang<Gate> = PerLang::new();
    GATES.get_or_init(lang, || Gate::new(piece_srcs(lang)))
}

/// Runs a regex (the `regex` crate's syntax and semantics), each engine compiled the first
/// time a text needs it: a text needs few of a grammar's regexes, and compiling them all
/// would cost a short draft more than checking it. The regexes run on one sentence or a
/// part of one, where a literal prefilter, a one-pass DFA or a full DFA (the lazy DFA
/// builds the few states a sentence visits) saves less than it costs to build, so none is
/// built.
///
/// On ASCII text the regex runs as it matches there, with ASCII classes and word boundaries.
/// On other text, its Unicode `\b` would send the whole search to a slow engine: a loose
/// form of the regex (no word boundaries, wider classes: it matches wherever the regex does,
/// and more, and runs in the lazy DFA on any text) finds each place a match may start, and
/// the regex is tried there only, anchored, which the slow engine does in a few steps.
///
/// Both are built for the characters nearly every text holds all of its in
/// ([`narrow_chars`]): their classes hold only those, and cost much less to compile
/// (`\w`, `\d` and case-insensitive letters are a few ranges there). On a text of those
/// characters only they match as the regex does; a text with any other has forms of its own.
pub(crate) struct Scan {
    src: String,
    ascii: OnceLock<meta::Regex>,
    loose: OnceLock<meta::Regex>,
    anchored: OnceLock<meta::Regex>,
    /// The loose and anchored forms for a text with characters past [`narrow_chars`].
    wide_loose: OnceLock<meta::Regex>,
    wide_anchored: OnceLock<meta::Regex>,
    /// The regex as `regex_syntax::parse` reads it, for both its loose and anchored forms:
    /// reading a Unicode regex costs nearly what compiling it does.
    hir: OnceLock<Hir>,
    /// It with only [`narrow_chars`] in its classes ([`narrow`]).
    narrow_hir: OnceLock<Hir>,
    /// Non-ASCII texts searched before the loose form was built (see [`UNLOOSED`]).
    unloosed: AtomicUsize,
    /// Groups to search with again, not to allocate them for each text: for the ASCII
    /// form, the narrow anchored one and the wide one.
    spare: [Mutex<Option<Captures>>; 3],
}

/// How many non-ASCII texts a [`Scan`] searches with the anchored form alone
/// (unanchored, every position of the text tried) before it builds its loose form:
/// a short draft's few sentences cost less to search so than the loose form to build.
const UNLOOSED: usize = 3;

/// The longest text searched so: the search's cost grows with the text's length.
const UNLOOSED_LEN: usize = 400;

impl Scan {
    /// A scan for the regex written `src`.
    pub(crate) fn new(src: &str) -> Scan {
        Scan {
            src: src.to_string(),
            ascii: OnceLock::new(),
            loose: OnceLock::new(),
            anchored: OnceLock::new(),
            wide_loose: OnceLock::new(),
            wide_anchored: OnceLock::new(),
            hir: OnceLock::new(),
            narrow_hir: OnceLock::new(),
            unloosed: AtomicUsize::new(0),
            spare: Default::default(),
        }
    }

    fn hir(&self) -> &Hir {
        self.hir
            .get_or_init(|| regex_syntax::parse(&self.src).expect("static time grammar"))
    }

    /// For ASCII text only.
    fn ascii(&self) -> &meta::Regex {
        self.ascii.get_or_init(|| build_ascii(&self.src))
    }

    /// The regex for a text of [`narrow_chars`] only, or for any (`wide`).
    fn hir_for(&self, wide: bool) -> &Hir {
        if wide {
            self.hir()
        } else {
            self.narrow_hir.get_or_init(|| narrow(self.hir()))
        }
    }

    /// Where the loose form for a text of [`narrow_chars`] only, or for any (`wide`), is kept.
    fn loose_form(&self, wide: bool) -> &OnceLock<meta::Regex> {
        if wide { &self.wide_loose } else { &self.loose }
    }

    /// Asked only where matches start.
    fn loose(&self, wide: bool) -> &meta::Regex {
        self.loose_form(wide).get_or_init(|| {
            let config = meta::Regex::config()
                .which_captures(WhichCaptures::Implicit)
                .auto_prefilter(false)
                .onepass(false)
                .dfa(false);
            meta::Regex::builder()
                .configure(config)
                .build_from_hir(&loosen(self.hir_for(wide)))
                .expect("static time grammar")
        })
    }

    /// Asked only for a match at a given place: the bounded backtracker (or the PikeVM, on
    /// a text too long for it) finds it in a few steps, and neither costs anything to build
    /// past the NFA, so none of the engines an unanchored search would use is built. The
    /// backtracker is the quicker of the two on the short stretch a match spans: it follows
    /// one path at a time, where the PikeVM copies the groups of every live thread each byte.
    fn anchored(&self, wide: bool) -> &meta::Regex {
        let form = if wide {
            &self.wide_anchored
        } else {
            &self.anchored
        };
        form.get_or_init(|| {
            let config = meta::Regex::config()
                .auto_prefilter(false)
                .onepass(false)
                .hybrid(false)
                .dfa(false);
            // What `meta::Regex::build` reads from the pattern, its syntax options the same.
            meta::Regex::builder()
                .configure(config)
                .build_from_hir(self.hir_for(wide))
                .expect("static time grammar")
        })
    }

    /// Calls `each` with the matches of the regex in `text`, as `regex::Regex::captures_iter`
    /// gives them (leftmost-first, each search starting where the last match ended), until
    /// it returns false. One set of groups, filled again for each match, serves them all.
    pub(crate) fn each_match<'t>(&self, text: &'t str, each: impl FnMut(&Caps<'t, '_>) -> bool) {
        let (form, re) = if text.is_ascii() {
            (0, self.ascii())
        } else {
            let wide = !is_narrow(text);
            (1 + usize::from(wide), self.anchored(wide))
        };
        // The groups the last search of this form left, unless another thread has them.
        let spare = self.spare[form].lock().ok().and_then(|mut s| s.take());
        let mut caps = spare.unwrap_or_else(|| re.create_captures());
        if form == 0 {
            self.each_ascii(re, text, &mut caps, each);
        } else {
            self.each_other(text, form == 2, &mut caps, each);
        }
        if let Ok(mut s) = self.spare[form].lock() {
            *s = Some(caps);
        }
    }

    /// [`Scan::each_match`] in ASCII text, as `meta::Regex::captures_iter` searches.
    fn each_ascii<'t>(
        &self,
        re: &meta::Regex,
        text: &'t str,
        caps: &mut Captures,
        mut each: impl FnMut(&Caps<'t, '_>) -> bool,
    ) {
        let mut it = Searcher::new(Input::new(text));
        loop {
            let _ = it.advance(|input| {
                re.search_captures(input, caps);
                Ok(caps.get_match())
            });
            if !caps.is_match() || !each(&Caps { text, caps }) {
                return;
            }
        }
    }

    /// [`Scan::each_match`] in other text, with the forms for any characters (`wide`) or
    /// the narrow ones.
    fn each_other<'t>(
        &self,
        text: &'t str,
        wide: bool,
        caps: &mut Captures,
        mut each: impl FnMut(&Caps<'t, '_>) -> bool,
    ) {
        let mut at = 0;
        if text.len() <= UNLOOSED_LEN
            && self.loose_form(wide).get().is_none()
            && self.unloosed.fetch_add(1, Ordering::Relaxed) < UNLOOSED
        {
            // The anchored form searches unanchored: the leftmost place a match
            // starts, and there the match it prefers, as the loose search finds them below.
            while at <= text.len() {
                let input = Input::new(text).range(at..);
                self.anchored(wide).search_captures(&input, caps);
                let Some(m) = caps.get_match() else {
                    return;
                };
                at = search_on_from(text, m);
                if !each(&Caps { text, caps }) {
                    return;
                }
            }
            return;
        }
        while at <= text.len() {
            let Some(found) = self.loose(wide).search(&Input::new(text).range(at..)) else {
                return;
            };
            let start = found.start();
            // The leftmost match from `start`, if one starts there, is the one the
            // regex finds searching from `start`.
            let input = Input::new(text).range(start..).anchored(Anchored::Yes);
            self.anchored(wide).search_captures(&input, caps);
            if let Some(m) = caps.get_match() {
                at = search_on_from(text, m);
                if !each(&Caps { text, caps }) {
                    return;
                }
            } else {
                at = next_char(text, start);
            }
        }
    }
}

/// Where the search goes on after match `m` of `text`: past an empty match by one char.
fn search_on_from(text: &str, m: regex_automata::Match) -> usize {
    if m.is_empty() {
        next_char(text, m.end())
    } else {
        m.end()
    }
}

/// The byte offset after the character at `at` (past the end for the end of the text).
fn next_char(text: &str, at: usize) -> usize {
    at + text[at..].chars().next().map_or(1, char::len_utf8)
}

/// Which regexes of a list can match a text, cheaply. Most sentences hold no time expression,
/// and a regex with Unicode `\b` runs in a slow engine on non-ASCII text (Spanish, Russian, a
/// curly apostrophe), so a regex runs only on a text that holds, case-folded, one literal of
/// each set of literals every match of it holds (its first word, its last, a weekday name in
/// its middle), and a digit if every match has one (each test where the regex allows it).
pub(crate) struct Gate {
    needs: Vec<Need>,
    /// The case-folded literals of every set; `None` when there are none.
    search: Option<LiteralSearch>,
    /// Literal id -> the sets it is in, as bits.
    literal_of: Vec<u128>,
}

/// What [`Gate::new`] reads from its regexes, written out by the build script: the
/// literals, the sets (bits) each is in, and each regex's sets and whether it needs a digit.
pub(crate) struct GateParts {
    pub literals: &'static [&'static str],
    pub literal_of: &'static [u128],
    pub needs: &'static [(u128, bool)],
}

/// Bytes a gate searches before it builds its DFA: a few dozen sentences.
const DFA_AFTER: usize = 4096;

/// The search of a gate's `literals` (lowercase), in any case of ASCII; it switches to its
/// table after [`DFA_AFTER`] bytes.
fn literal_search(literals: Vec<String>) -> Option<LiteralSearch> {
    (!literals.is_empty()).then(|| {
        LiteralSearch::new(literals)
            .expect("a few hundred short literals build")
            .dfa_after(DFA_AFTER)
    })
}

/// What a text must hold for one regex to match in it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Need {
    /// Sets (bits of the found mask) the text must hold a literal of each of.
    sets: u128,
    digit: bool,
}

/// The regexes of a [`Gate`] that may match one text.
pub(crate) struct Passes<'t> {
    found: u128,
    text: &'t str,
    digit: OnceCell<bool>,
}

impl Passes<'_> {
    /// Whether regex `i` of the gate may match the text.
    pub(crate) fn may(&self, gate: &Gate, i: usize) -> bool {
        let n = &gate.needs[i];
        n.sets & !self.found == 0 && (!n.digit || *self.digit.get_or_init(|| has_digit(self.text)))
    }
}

impl Gate {
    /// The gate of the regexes written `srcs`.
    pub(crate) fn new<'a>(srcs: impl IntoIterator<Item = &'a str>) -> Gate {
        let mut needs = Vec::new();
        // Literal -> the sets it stands for.
        let mut by_literal: BTreeMap<String, u128> = BTreeMap::new();
        let mut sets = 0;
        for src in srcs {
            let mut need = Need::default();
            if let Ok(ast) = AstParser::new().parse(src) {
                let mut mine = required(&ast);
                mine.sort();
                mine.dedup();
                // A set every literal of which holds one of another set's says all the other
                // says ("en" and {"en", "próximas"}): the other is not looked for.
                let implied = |a: &Vec<String>| {
                    mine.iter().any(|b| {
                        b != a
                            && b.iter()
                                .all(|lb| a.iter().any(|la| lb.contains(la.as_str())))
                    })
                };
                let mine: Vec<Vec<String>> = mine.iter().filter(|a| !implied(a)).cloned().collect();
                for set in mine {
                    // A text can be tested for so many sets at once; a regex with fewer is
                    // still never skipped where it matches.
                    if sets == u128::BITS as usize {
                        break;
                    }
                    for l in set {
                        *by_literal.entry(l).or_default() |= 1 << sets;
                    }
                    need.sets |= 1 << sets;
                    sets += 1;
                }
                need.digit = needs_digit(&ast);
            }
            needs.push(need);
        }
        let (literals, literal_of): (Vec<String>, Vec<u128>) = by_literal.into_iter().unzip();
        Gate {
            needs,
            search: literal_search(literals),
            literal_of,
        }
    }

    /// The gate whose literals and needs `Gate::new` read from the regexes before (when
    /// the crate was built, `build.rs`): it only builds its automaton.
    pub(crate) fn prebuilt(parts: &GateParts) -> Gate {
        let literals: Vec<String> = parts.literals.iter().map(|l| l.to_string()).collect();
        Gate {
            needs: parts
                .needs
                .iter()
                .map(|&(sets, digit)| Need { sets, digit })
                .collect(),
            search: literal_search(literals),
            literal_of: parts.literal_of.to_vec(),
        }
    }

    /// The gate's literals and needs as the Rust expression of a [`GateParts`].
    // The build script writes the gate with it; the library's tests compare gates with it.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) fn to_rust(&self) -> String {
        let literals: Vec<String> = self
            .search
            .iter()
            .flat_map(LiteralSearch::literals)
            .map(|l| format!("{l:?}"))
            .collect();
        let literal_of: Vec<String> = self.literal_of.iter().map(|m| format!("{m:#x}")).collect();
        let needs: Vec<String> = self
            .needs
            .iter()
            .map(|n| format!("({:#x}, {})", n.sets, n.digit))
            .collect();
        format!(
            "GateParts {{ literals: &[{}], literal_of: &[{}], needs: &[{}] }}",
            literals.join(", "),
            literal_of.join(", "),
            needs.join(", ")
        )
    }

    /// The sets a literal of which is in `text`.
    fn found_in(&self, text: &str) -> u128 {
        let Some(search) = &self.search else {
            return 0;
        };
        let mut found = 0u128;
        let mut walk = |hay: &[u8]| {
            search.each_match(hay, |literals| {
                for &literal in literals {
                    found |= self.literal_of[literal as usize];
                }
            });
        };
        // The literals are case-folded and matched ASCII-case-insensitively, so an ASCII
        // text needs no folded copy.
        if text.is_ascii() {
            walk(text.as_bytes());
            return found;
        }
        // One buffer a thread folds every text into.
        thread_local! {
            static FOLDED: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        FOLDED.with_borrow_mut(|folded| {
            casefold_into(text, folded);
            walk(folded);
        });
        found
    }

    /// Which regexes may match somewhere in `text`.
    pub(crate) fn passes<'t>(&self, text: &'t str) -> Passes<'t> {
        let found = self.found_in(text);
        Passes {
            found,
            text,
            digit: OnceCell::new(),
        }
    }
}

/// How many strings a set of the gate may grow to while it is built.
const MAX_STRINGS: usize = 64;

/// What the gate reads from a regex or a part of one.
struct Lits {
    /// The strings, case-folded, it matches, when they are few: every match is one of them.
    exact: Option<Vec<String>>,
    /// When `exact` is not known: sets of case-folded literals such that every match holds
    /// one literal of each set.
    sets: Vec<Vec<String>>,
}

impl Lits {
    fn exact(mut strings: Vec<String>) -> Lits {
        strings.sort();
        strings.dedup();
        Lits {
            exact: Some(strings),
            sets: Vec::new(),
        }
    }

    fn sets(sets: Vec<Vec<String>>) -> Lits {
        Lits { exact: None, sets }
    }

    /// The sets every match holds a literal of each of (the strings it matches, if known).
    fn into_sets(self) -> Vec<Vec<String>> {
        match self.exact {
            Some(strings) => useful(strings).into_iter().collect(),
            None => self.sets,
        }
    }
}

/// Sets of case-folded literals such that every match of `ast` holds one literal of each set.
/// Only sets whose literals are two characters or longer are kept: a one-letter literal ("a",
/// "в") is in nearly every sentence, and would rule out next to nothing. The gate reads the
/// syntax tree, which is quick to parse: it needs no Unicode table. Case-insensitive or not,
/// a letter is read folded (see [`casefold`]).
fn required(ast: &Ast) -> Vec<Vec<String>> {
    lits(ast).into_sets()
}

/// The characters a class matches, when they are few (case aside).
fn class_chars(class: &ClassBracketed) -> Option<Vec<char>> {
    fn items(item: &ClassSetItem, out: &mut Vec<char>) -> Option<()> {
        match item {
            ClassSetItem::Empty(_) => {}
            ClassSetItem::Literal(l) => out.push(l.c),
            ClassSetItem::Range(r) if (r.end.c as u32).saturating_sub(r.start.c as u32) < 16 => {
                out.extend(r.start.c..=r.end.c)
            }
            ClassSetItem::Union(u) => u.items.iter().try_for_each(|i| items(i, out))?,
            ClassSetItem::Bracketed(b) => out.extend(class_chars(b)?),
            _ => return None,
        }
        (out.len() <= 16).then_some(())
    }
    let mut out = Vec::new();
    match &class.kind {
        ClassSet::Item(item) if !class.negated => items(item, &mut out)?,
        _ => return None,
    }
    Some(out)
}

fn lits(ast: &Ast) -> Lits {
    // What `casefold` makes of the character.
    let folded = |c: char| String::from_utf8_lossy(fold_char(c, &mut [0; 12])).into_owned();
    match ast {
        Ast::Empty(_) | Ast::Flags(_) | Ast::Assertion(_) => Lits::exact(vec![String::new()]),
        Ast::Literal(l) => Lits::exact(vec![folded(l.c)]),
        Ast::ClassBracketed(c) => match class_chars(c) {
            Some(chars) => Lits::exact(chars.into_iter().map(folded).collect()),
            None => Lits::sets(Vec::new()),
        },
        Ast::Dot(_) | Ast::ClassUnicode(_) | Ast::ClassPerl(_) => Lits::sets(Vec::new()),
        Ast::Group(g) => lits(&g.ast),
        Ast::Repetition(r) => {
            let (min, max) = repetition_bounds(&r.op.kind);
            let sub = lits(&r.ast);
            match sub.exact {
                // An optional part ("s?"); a longer repetition is left to its neighbours.
                Some(mut s) if min == 0 && max == Some(1) => {
                    s.push(String::new());
                    Lits::exact(s)
                }
                exact if min > 0 => Lits::sets(Lits { exact, ..sub }.into_sets()),
                _ => Lits::sets(Vec::new()),
            }
        }
        Ast::Concat(c) => {
            // The strings of the parts read so far, while every part has few; then, sets.
            // Neighbours that match a few strings each make one literal together ("в" "\s"
            // is not one, "течение" is; "сред" "[уа]" makes "среду" or "среда").
            let mut exact = true;
            let mut out = Vec::new();
            let mut run = vec![String::new()];
            for sub in &c.asts {
                // A letter extends every string where it stands.
                if let Ast::Literal(l) = sub {
                    let mut buf = [0; 12];
                    let folded = String::from_utf8_lossy(fold_char(l.c, &mut buf));
                    run.iter_mut().for_each(|r| r.push_str(&folded));
                    continue;
                }
                let sub = lits(sub);
                match sub.exact {
                    Some(s) if run.len() * s.len() <= MAX_STRINGS => run = cross(&run, &s),
                    Some(s) => {
                        exact = false;
                        out.extend(useful(std::mem::replace(&mut run, s)));
                    }
                    None => {
                        exact = false;
                        out.extend(useful(std::mem::replace(&mut run, vec![String::new()])));
                        out.extend(sub.sets);
                    }
                }
            }
            if exact {
                return Lits::exact(run);
            }
            out.extend(useful(run));
            Lits::sets(out)
        }
        Ast::Alternation(a) => {
            let subs: Vec<Lits> = a.asts.iter().map(lits).collect();
            let mut all = Some(Vec::new());
            for sub in &subs {
                all = all.and_then(|mut a: Vec<String>| {
                    a.extend(sub.exact.iter().flatten().cloned());
                    (sub.exact.is_some() && a.len() <= MAX_STRINGS).then_some(a)
                });
            }
            if let Some(all) = all {
                return Lits::exact(all);
            }
            // One literal of the best set of each branch, one of the first set of each (the
            // words it starts with) and one of the last.
            let mut unions = [Vec::new(), Vec::new(), Vec::new()];
            for sub in subs {
                let sets = sub.into_sets();
                let best = sets.iter().max_by_key(|set| {
                    let shortest = set.iter().map(|l| l.chars().count()).min();
                    (shortest, std::cmp::Reverse(set.len()))
                });
                let picks = [best, sets.first(), sets.last()];
                for (union, pick) in unions.iter_mut().zip(picks) {
                    match pick {
                        Some(set) => union.extend(set.iter().cloned()),
                        None => return Lits::sets(Vec::new()),
                    }
                }
            }
            let mut sets: Vec<Vec<String>> = Vec::new();
            for set in unions.into_iter().filter_map(useful) {
                if !sets.contains(&set) {
                    sets.push(set);
                }
            }
            Lits::sets(sets)
        }
    }
}

/// `set` without the literals that hold another of it ("во" holds "в", so a text with "во"
/// has "в"), if every literal left is two characters or longer.
fn useful(mut set: Vec<String>) -> Option<Vec<String>> {
    set.sort_by_key(String::len);
    set.dedup();
    let mut kept: Vec<String> = Vec::new();
    for l in set {
        if !kept.iter().any(|k| l.contains(k.as_str())) {
            kept.push(l);
        }
    }
    (!kept.is_empty() && kept.iter().all(|l| l.chars().nth(1).is_some())).then_some(kept)
}

/// Every string `a` then `b` makes.
fn cross(a: &[String], b: &[String]) -> Vec<String> {
    a.iter()
        .flat_map(|x| b.iter().map(move |y| [x.as_str(), y].concat()))
        .collect()
}

/// The text as the gate compares it, as UTF-8: each character mapped alone to its lowercase,
/// and the few lowercase letters a case-insensitive regex takes for another letter to that
/// one ("ſ" is an "s", "ᲀ" a "в"). The text is copied and folded in place: ASCII in one
/// pass, then Latin-1, the Cyrillic alphabet and the common punctuation byte by byte, without
/// a table search; a character whose fold is longer or shorter than itself (rare: "İ", the
/// Kelvin sign) has the rest of the text folded into a new one. The gate's tests check that
/// every character a case-insensitive regex takes for a letter of its literals folds as that
/// letter does.
#[cfg(test)]
fn casefold(text: &str) -> Vec<u8> {
    let mut out = Vec::new();
    casefold_into(text, &mut out);
    out
}

/// [`casefold`] into `out`, which it clears first.
fn casefold_into(text: &str, out: &mut Vec<u8>) {
    out.clear();
    out.extend_from_slice(text.as_bytes());
    out.make_ascii_lowercase();
    // Until a fold changes a length, `out` and `text` have the same characters at the same
    // places.
    let mut i = 0;
    while let Some(&b) = out.get(i) {
        let n = out.get(i + 1).copied().unwrap_or(0);
        match (b, n) {
            // The run of ASCII is lowercase already: on to the next character past it.
            (0..=0x7f, _) => {
                i += out[i..]
                    .iter()
                    .position(|b| !b.is_ascii())
                    .unwrap_or(out.len() - i)
            }
            // À-Þ (but ×) to à-þ; the rest of U+0080-U+00FF is lowercase or no letter.
            (0xc3, 0x80..=0x96 | 0x98..=0x9e) => {
                out[i + 1] = n + 0x20;
                i += 2;
            }
            (0xc2 | 0xc3, _) => i += 2,
            // Ѐ-Џ (U+0400-U+040F) to ѐ-џ, А-П to а-п, Р-Я to р-я; а-я and ѐ-џ are lowercase.
            (0xd0, 0x80..=0x8f) => {
                out[i..i + 2].copy_from_slice(&[0xd1, n + 0x10]);
                i += 2;
            }
            (0xd0, 0x90..=0x9f) => {
                out[i + 1] = n + 0x20;
                i += 2;
            }
            (0xd0, 0xa0..=0xaf) => {
                out[i..i + 2].copy_from_slice(&[0xd1, n - 0x20]);
                i += 2;
            }
            (0xd0, 0xb0..=0xbf) | (0xd1, 0x80..=0x9f) => i += 2,
            // General punctuation, U+2000-U+203F (dashes, curly quotes).
            (0xe2, 0x80) => i += 3,
            _ => {
                let c = text[i..].chars().next().unwrap_or_default();
                let mut buf = [0; 12];
                let folded = fold_char(c, &mut buf);
                if folded.len() == c.len_utf8() {
                    out[i..i + folded.len()].copy_from_slice(folded);
                    i += folded.len();
                } else {
                    out.truncate(i);
                    for c in text[i..].chars() {
                        out.extend_from_slice(fold_char(c, &mut buf));
                    }
                    return;
                }
            }
        }
    }
}

/// One character folded, as UTF-8 in `buf`.
fn fold_char(c: char, buf: &mut [u8; 12]) -> &[u8] {
    let mapped = match c {
        'ſ' => 's',
        '\u{1c80}'..='\u{1c88}' => {
            ['в', 'д', 'о', 'с', 'т', 'т', 'ъ', 'ѣ', 'ꙋ'][c as usize - 0x1c80]
        }
        _ => {
            let mut len = 0;
            for l in c.to_lowercase() {
                len += l.encode_utf8(&mut buf[len..]).len();
            }
            return &buf[..len];
        }
    };
    let len = mapped.encode_utf8(buf).len();
    &buf[..len]
}

/// Whether `text` holds a character `char::is_numeric` accepts. It reads bytes, and asks
/// the table only about characters outside ASCII, the Latin, Greek and Cyrillic letters
/// (U+00C0 to U+04FF: lead bytes C3 to D3) and the punctuation from U+2000 to U+203F
/// (E2 80), none of which is numeric.
fn has_digit(text: &str) -> bool {
    let bytes = text.as_bytes();
    // Most texts hold no digit: a fold with no early exit over each chunk vectorizes.
    fn any(bytes: &[u8], test: impl Fn(u8) -> bool + Copy) -> bool {
        bytes
            .chunks(32)
            .any(|c| c.iter().fold(false, |found, &b| found | test(b)))
    }
    if any(bytes, |b| b.is_ascii_digit()) {
        return true;
    }
    if !any(bytes, |b| b == 0xc2 || b >= 0xd4) {
        return false;
    }
    bytes.iter().enumerate().any(|(i, &b)| match b {
        0x00..=0xbf | 0xc3..=0xd3 => false,
        0xe2 if bytes.get(i + 1) == Some(&0x80) => false,
        // A lead byte, so a character starts here.
        _ => text[i..].chars().next().is_some_and(char::is_numeric),
    })
}

/// The least and most times a repetition repeats (`None`: no limit).
fn repetition_bounds(kind: &RepetitionKind) -> (u32, Option<u32>) {
    match kind {
        RepetitionKind::ZeroOrOne => (0, Some(1)),
        RepetitionKind::ZeroOrMore => (0, None),
        RepetitionKind::OneOrMore => (1, None),
        RepetitionKind::Range(RepetitionRange::Exactly(n)) => (*n, Some(*n)),
        RepetitionKind::Range(RepetitionRange::AtLeast(n)) => (*n, None),
        RepetitionKind::Range(RepetitionRange::Bounded(m, n)) => (*m, Some(*n)),
    }
}

/// Whether every match of `ast` holds a decimal digit (what `char::is_numeric`, the gate's
/// test, accepts too). A class counts when it holds only digits or `\d`.
fn needs_digit(ast: &Ast) -> bool {
    fn digits_only(item: &ClassSetItem) -> bool {
        match item {
            ClassSetItem::Empty(_) => true,
            ClassSetItem::Literal(l) => l.c.is_numeric(),
            ClassSetItem::Range(r) => (r.start.c..=r.end.c).all(char::is_numeric),
            ClassSetItem::Perl(p) => p.kind == ClassPerlKind::Digit && !p.negated,
            ClassSetItem::Union(u) => u.items.iter().all(digits_only),
            ClassSetItem::Bracketed(b) => {
                !b.negated && matches!(&b.kind, ClassSet::Item(i) if digits_only(i))
            }
            ClassSetItem::Ascii(_) | ClassSetItem::Unicode(_) => false,
        }
    }
    match ast {
        Ast::Empty(_) | Ast::Flags(_) | Ast::Assertion(_) | Ast::Dot(_) => false,
        Ast::Literal(l) => l.c.is_numeric(),
        Ast::ClassPerl(p) => p.kind == ClassPerlKind::Digit && !p.negated,
        Ast::ClassUnicode(_) => false,
        Ast::ClassBracketed(b) => {
            !b.negated && matches!(&b.kind, ClassSet::Item(i) if digits_only(i))
        }
        Ast::Group(g) => needs_digit(&g.ast),
        Ast::Repetition(r) => repetition_bounds(&r.op.kind).0 > 0 && needs_digit(&r.ast),
        Ast::Concat(c) => c.asts.iter().any(needs_digit),
        Ast::Alternation(a) => a.asts.iter().all(needs_digit),
    }
}

const EN_MONTHS: &str = "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec";
const EN_NUM: &str = r"\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve";

fn english() -> Grammar {
    let m = EN_MONTHS;
    Grammar {
        pieces: vec![
            (
                scan(
                    r"\bevery\s+(?:single\s+)?(?P<wd>morning|day|working\s+day|weekday|evening|monday|tuesday|wednesday|thursday|friday)\b",
                ),
                Kind::Recurring,
            ),
            (
                scan(
                    r"\b(?:(?:this|on)\s+)?(?:(?P<next>next|coming)\s+)?(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
                ),
                Kind::Weekday,
            ),
            (
                scan(&format!(
                    r"\b(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:-|–|to)\s*(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+(?P<mon>{m})\b"
                )),
                Kind::DayRange,
            ),
            (
                scan(&format!(
                    r"\b(?P<mon>{m})\.?\s+(?P<d1>\d{{1,2}})\s*(?:-|–)\s*(?P<d>\d{{1,2}})\b"
                )),
                Kind::DayRange,
            ),
            (
                scan(&format!(
                    r"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+(?P<mon>{m})\b\.?(?:,?\s+(?P<y>\d{{4}})\b)?"
                )),
                Kind::DayMonth,
            ),
            (
                scan(&format!(
                    r"\b(?P<mon>{m})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>\d{{4}})\b)?"
                )),
                Kind::MonthDay,
            ),
            (
                scan(r"\b(?P<a>\d{1,2})/(?P<b>\d{1,2})(?:/(?P<y>\d{2}|\d{4}))?\b"),
                Kind::Numeric,
            ),
            (
                scan(r"\b(?P<y>\d{4})-(?P<mon>\d{2})-(?P<d>\d{2})\b"),
                Kind::Iso,
            ),
            (
                scan(
                    r"\b(?P<rel>today|tonight|tomorrow|(?:the\s+)?day\s+after\s+tomorrow|this\s+(?:morning|afternoon|evening)|end\s+of\s+(?:the\s+)?day|eod|cob|close\s+of\s+business)\b",
                ),
                Kind::Relative,
            ),
            (
                scan(r"\b(?P<h>\d{1,2})(?::(?P<m>\d{2}))?\s*(?P<ampm>am\b|pm\b|a\.m\.|p\.m\.)"),
                Kind::Clock,
            ),
            (
                scan(r"\b(?P<h>\d{1,2}):(?P<m>\d{2})\b(?:\s*(?P<ampm>am|pm|a\.m\.|p\.m\.))?"),
                Kind::Clock,
            ),
            (
                scan(r"\b(?P<named>noon|midday|midnight|lunchtime)\b"),
                Kind::Named,
            ),
            (
                scan(r"\bat\s+(?P<h>\d{1,2})\b(?:\s*o'clock)?(?P<x>[^\w%]|$)"),
                Kind::BareHour,
            ),
            (
                scan(&format!(
                    r"\b(?:within|in|over\s+the\s+next|in\s+the\s+next)\s+(?:(?P<n>{EN_NUM})\s+)?(?P<biz>business\s+|working\s+)?(?P<unit>hours?|days?|weeks?|months?)\b"
                )),
                Kind::Offset,
            ),
            (
                scan(
                    r"\b(?:(?:by\s+)?(?:the\s+)?end\s+of\s+(?:this|the|next)\s+(?:week|month)|(?:early|later|late)?\s*(?:this|next)\s+(?:week|month)|end\s+of\s+(?:the\s+)?(?:week|month))\b",
                ),
                Kind::Period,
            ),
            (
                scan(
                    r"\b(?:asap|a\.s\.a\.p\.|as\s+soon\s+as\s+(?:possible|we\s+can|I\s+can)|soon|sooner\s+or\s+later|shortly|in\s+the\s+(?:coming|next\s+few|next\s+couple\s+of)\s+days|(?:at\s+)?some\s+point|sometime(?:\s+soon)?|in\s+due\s+course|in\s+a\s+(?:while|bit)|in\s+the\s+near\s+future|at\s+a\s+later\s+date|eventually|when\s+(?:we|I)\s+(?:can|get\s+a\s+chance)|as\s+time\s+permits|before\s+long)\b",
                ),
                Kind::Vague,
            ),
        ],
        by_before: at_end(
            r"\b(?:by|before|until|till|no\s+later\s+than|not\s+later\s+than|due|deadline:?)\s*(?:the\s+)?$",
        ),
        by_start: None,
        by_after: re(r"^,?\s*(?:at\s+the\s+latest|latest)\b"),
        range_join: re(r"^\s*(?:-|–|—|to|through|until|till|and)\s*$"),
        moment_join: re(r"^\s*(?:,|at|by|around|from)?\s*$"),
        not_vague_before: at_end(r"\bas\s+$"),
        hedge_before: at_end(
            r"\b(?:around|roughly|approximately|approx\.?|about|sometime|maybe|probably|hopefully|more\s+or\s+less)\s*(?:by\s+|on\s+)?$",
        ),
        hedge_after: re(
            r"^(?:-?ish\b|\s+or\s+so\b|\s*,?\s*give\s+or\s+take\b|\s*,?\s*more\s+or\s+less\b|\s*,?\s*hopefully\b|\s*,?\s*if\s+all\s+goes\s+well\b)",
        ),
    }
}

const ES_MONTHS: &str = "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre";
const ES_NUM: &str = r"\d+|un|una|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|quince|unos\s+pocos|unas\s+pocas";

fn spanish() -> Grammar {
    let m = ES_MONTHS;
    Grammar {
        pieces: vec![
            (
                scan(
                    r"\bcada\s+(?P<wd>mañana|d[ií]a|tarde|lunes|martes|mi[eé]rcoles|jueves|viernes)\b",
                ),
                Kind::Recurring,
            ),
            (
                scan(
                    r"\b(?:(?:el|este|esta|del|al)\s+)?(?:(?P<next>pr[oó]ximo)\s+)?(?P<wd>lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo)\b(?:\s+(?P<next2>que\s+viene|pr[oó]ximo))?",
                ),
                Kind::Weekday,
            ),
            (
                scan(&format!(
                    r"\b(?:del\s+|entre\s+el\s+)?(?P<d1>\d{{1,2}})\s*(?:al|-|–|y\s+el)\s*(?P<d>\d{{1,2}})\s+de\s+(?P<mon>{m})\b"
                )),
                Kind::DayRange,
            ),
            (
                scan(&format!(
                    r"\b(?P<d>\d{{1,2}})\s+de\s+(?P<mon>{m})\b(?:\s+(?:de|del)\s+(?P<y>\d{{4}})\b)?"
                )),
                Kind::DayMonth,
            ),
            (
                scan(r"\b(?P<a>\d{1,2})/(?P<b>\d{1,2})(?:/(?P<y>\d{2}|\d{4}))?\b"),
                Kind::Numeric,
            ),
            (
                scan(r"\b(?P<y>\d{4})-(?P<mon>\d{2})-(?P<d>\d{2})\b"),
                Kind::Iso,
            ),
            (
                scan(
                    r"\b(?P<rel>hoy(?:\s+mismo)?|pasado\s+mañana|mañana(?:\s+mismo)?|esta\s+(?:mañana|tarde|noche)|(?:a\s+)?(?:final|fin)\s+del\s+d[ií]a)\b",
                ),
                Kind::Relative,
            ),
            (
                scan(
                    r"\b(?:a\s+)?las?\s+(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?(?:\s*(?:h|hs|horas)\b)?(?:\s+de\s+la\s+(?P<part>mañana|tarde|noche))?",
                ),
                Kind::Clock,
            ),
            (
                scan(r"\b(?P<h>\d{1,2}):(?P<m>\d{2})\b(?:\s*(?:h|horas)\b)?"),
                Kind::Clock,
            ),
            (scan(r"\b(?P<named>mediod[ií]a|medianoche)\b"), Kind::Named),
            (
                scan(&format!(
                    r"\b(?:en\s+(?:un\s+plazo\s+(?:m[aá]ximo\s+)?de\s+)?|dentro\s+de\s+|en\s+las?\s+pr[oó]xim[oa]s\s+)(?:(?P<n>{ES_NUM})\s+)?(?P<unit>horas?|d[ií]as|semanas?|mes(?:es)?)(?P<biz>\s+(?:h[aá]biles|laborables))?\b"
                )),
                Kind::Offset,
            ),
            (
                scan(
                    r"\b(?:(?:a\s+)?(?:final|fin(?:al)?es)\s+de\s+(?:esta|la)\s+semana|(?:a\s+)?(?:final|fin(?:al)?es)\s+de(?:l)?\s+mes|esta\s+semana|este\s+mes|la\s+(?:semana|pr[oó]xima\s+semana)\s*(?:que\s+viene|pr[oó]xima)?|el\s+mes\s+que\s+viene|el\s+pr[oó]ximo\s+mes)\b",
                ),
                Kind::Period,
            ),
            (
                scan(
                    r"\b(?:lo\s+antes\s+posible|lo\s+m[aá]s\s+pronto\s+posible|cuanto\s+antes|pronto|en\s+breve|pr[oó]ximamente|en\s+los\s+pr[oó]ximos\s+d[ií]as|en\s+(?:alg[uú]n|otro)\s+momento|a\s+su\s+debido\s+tiempo|m[aá]s\s+adelante|con\s+la\s+mayor\s+brevedad(?:\s+posible)?|en\s+cuanto\s+(?:podamos|pueda)|cuando\s+(?:podamos|pueda)|tarde\s+o\s+temprano|en\s+un\s+rato)\b",
                ),
                Kind::Vague,
            ),
        ],
        by_before: at_end(
            r"\b(?:antes(?:\s+del?)?|para\s+el|para|como\s+muy\s+tarde|a\s+m[aá]s\s+tardar|hasta\s+el|hasta|no\s+m[aá]s\s+tarde\s+del?|plazo:?|fecha\s+l[ií]mite:?)\s*$",
        ),
        by_start: None,
        by_after: re(r"^,?\s*(?:como\s+muy\s+tarde|a\s+m[aá]s\s+tardar)\b"),
        range_join: re(r"^\s*(?:-|–|—|al|a|y|hasta(?:\s+el)?)\s*$"),
        moment_join: re(r"^\s*(?:,|a\s+las?|sobre\s+las?|hacia\s+las?|por\s+la)?\s*$"),
        not_vague_before: at_end(r"\b(?:hasta|tan)\s+$"),
        hedge_before: at_end(
            r"\b(?:m[aá]s\s+o\s+menos|aproximadamente|hacia|sobre|quiz[aá](?:s)?|probablemente|seguramente|con\s+suerte|a\s+lo\s+mejor)\s*$",
        ),
        hedge_after: re(
            r"^(?:\s*,?\s*m[aá]s\s+o\s+menos\b|\s*,?\s*aproximadamente\b|\s*,?\s*si\s+todo\s+va\s+bien\b|\s*,?\s*con\s+suerte\b|\s*,?\s*o\s+as[ií]\b)",
        ),
    }
}

const RU_MONTHS: &str =
    "января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря";
const RU_NUM: &str = r"\d+|одного|один|одних|одной|одну|двух|два|две|трёх|трех|три|четырёх|четырех|четыре|пяти|пять|шести|шесть|семи|семь|десяти|десять|нескольких|несколько|пары";

fn russian() -> Grammar {
    let m = RU_MONTHS;
    Grammar {
        pieces: vec![
            (
                scan(
                    r"\b(?:кажд\w+|по)\s+(?P<wd>утрам|утро|день|дням|вечерам|вечер|(?:понедельник|вторник)\w*|сред[уа]м?|(?:четверг|пятниц)\w*)\b",
                ),
                Kind::Recurring,
            ),
            // "среда" is also "environment": the bare noun counts only after a preposition.
            (
                scan(
                    r"\b(?:(?:в|во|по|на|с|со)\s+)?(?:(?:эт[уоа]т?|(?P<next>(?:следующ|будущ)\w*))\s+)?(?P<wd>(?:понедельник|вторник|четверг|пятниц|суббот|воскресень)\w*)\b",
                ),
                Kind::Weekday,
            ),
            (
                scan(
                    r"\b(?:в|во|до|к|ко|по|с|со)\s+(?:(?:эту|(?P<next>следующую|будущую))\s+)?(?P<wd>сред[уыеа])\b",
                ),
                Kind::Weekday,
            ),
            (
                scan(&format!(
                    r"\b(?:с\s+)?(?P<d1>\d{{1,2}})\s*(?:по|-|–|до)\s*(?P<d>\d{{1,2}})\s+(?P<mon>{m})\b"
                )),
                Kind::DayRange,
            ),
            (
                scan(&format!(
                    r"\b(?P<d>\d{{1,2}})(?:-?го)?\s+(?P<mon>{m})\b(?:\s+(?P<y>\d{{4}})(?:\s*(?:г\.|года|г\b))?)?"
                )),
                Kind::DayMonth,
            ),
            (
                scan(r"\b(?P<a>\d{1,2})\.(?P<b>\d{1,2})(?:\.(?P<y>\d{2}|\d{4}))?\b"),
                Kind::Numeric,
            ),
            (
                scan(r"\b(?P<y>\d{4})-(?P<mon>\d{2})-(?P<d>\d{2})\b"),
                Kind::Iso,
            ),
            (
                scan(
                    r"\b(?P<rel>сегодня|завтра|послезавтра|(?:к|до)\s+концу\s+(?:рабочего\s+)?дня)\b(?:\s+(?:утром|вечером|днём|днем))?",
                ),
                Kind::Relative,
            ),
            (
                scan(
                    r"\b(?:в|к|до|с|со|около)?\s*(?P<h>\d{1,2})[:.](?P<m>\d{2})\b(?:\s+(?P<part>утра|вечера|дня))?",
                ),
                Kind::Clock,
            ),
            (
                scan(
                    r"\b(?:в|к|до|около)\s+(?P<h>\d{1,2})(?:\s+(?:час\w*))?\s+(?P<part>утра|вечера|дня|ночи)\b",
                ),
                Kind::Clock,
            ),
            (
                scan(r"\b(?P<named>полдень|полночь|обеда|обед)\b"),
                Kind::Named,
            ),
            (
                scan(r"\b(?:в|к|до)\s+(?P<h>\d{1,2})\b(?:\s+час\w*)?(?P<x>[^\w%.,:]|$)"),
                Kind::BareHour,
            ),
            (
                scan(&format!(
                    r"\b(?:в\s+течение|в\s+пределах|за|через)\s+(?:(?P<n>{RU_NUM})\s+)?(?P<biz>рабоч\w+\s+)?(?P<unit>(?:час|дн)\w*|день|суток|сутки|(?:недел|месяц)\w*)\b"
                )),
                Kind::Offset,
            ),
            (
                scan(
                    r"\b(?:(?:до|к)\s+концу\s+(?:этой\s+|следующей\s+)?(?:недели|месяца)|в\s+конце\s+(?:этой\s+|следующей\s+)?(?:недели|месяца)|на\s+(?:этой|следующей|будущей)\s+неделе|в\s+(?:этом|следующем)\s+месяце)\b",
                ),
                Kind::Period,
            ),
            (
                scan(
                    r"(?:\b(?:как\s+можно\s+(?:скорее|быстрее|раньше)|в\s+ближайшее\s+время|в\s+скором\s+времени|в\s+ближайшие\s+дни|скоро|вскоре|оперативно|когда-нибудь|когда-то|в\s+рабочем\s+порядке|при\s+первой\s+возможности|как\s+только\s+(?:сможем|смогу|будет\s+возможность)|позже|попозже|со\s+временем|в\s+своё\s+время|в\s+свое\s+время|на\s+днях)\b|\bасап\b)",
                ),
                Kind::Vague,
            ),
        ],
        by_before: at_end(
            r"(?:\b(?:до|к|ко|не\s+позднее|не\s+позже|самое\s+позднее|крайний\s+срок:?|срок:?|дедлайн:?)\s*|—\s*)$",
        ),
        by_start: Some(re(r"^(?:до|к|ко)\s")),
        by_after: re(r"^,?\s*(?:самое\s+позднее|не\s+позже)\b"),
        range_join: re(r"^\s*(?:-|–|—|до|по|и)\s*$"),
        moment_join: re(r"^\s*(?:,|в|во|к|до|около)?\s*$"),
        not_vague_before: at_end(r"(?:\bне|\bдо)\s+$"),
        hedge_before: at_end(
            r"(?:\b(?:где-то|примерно|ориентировочно|приблизительно|около|наверное|вероятно|может\s+быть|надеюсь)\s*(?:,\s*)?)$",
        ),
        hedge_after: re(
            r"^(?:\s*,?\s*плюс-минус\b|\s*,?\s*примерно\b|\s*,?\s*ориентировочно\b|\s*,?\s*если\s+всё\s+пойдёт\s+по\s+плану\b|\s*,?\s*надеюсь\b|\s*,?\s*или\s+около\s+того\b)",
        ),
    }
}

fn weekday(lang: Lang, w: &str) -> Option<u8> {
    let w = if w.contains(['é', 'á']) {
        Cow::Owned(w.replace('é', "e").replace('á', "a"))
    } else {
        Cow::Borrowed(w)
    };
    let names: [&str; 7] = match lang {
        Lang::En => [
            "monday",
            "tuesday",
            "wednesday",
            "thursday",
            "friday",
            "saturday",
            "sunday",
        ],
        Lang::Es => [
            "lunes",
            "martes",
            "miercoles",
            "jueves",
            "viernes",
            "sabado",
            "domingo",
        ],
        Lang::Ru => [
            "понедельник",
            "вторник",
            "сред",
            "четверг",
            "пятниц",
            "суббот",
            "воскресень",
        ],
    };
    names.iter().position(|n| w.starts_with(n)).map(|i| i as u8)
}

fn month(lang: Lang, m: &str) -> Option<u8> {
    let list: &str = match lang {
        Lang::En => "jan feb mar apr may jun jul aug sep oct nov dec",
        Lang::Es => "ene feb mar abr may jun jul ago sep oct nov dic",
        Lang::Ru => "янв фев мар апр мая июн июл авг сен окт ноя дек",
    };
    let m = if lang == Lang::Es && m.starts_with("set") {
        "sep"
    } else {
        &m[..m.char_indices().nth(3).map_or(m.len(), |(i, _)| i)]
    };
    list.split(' ').position(|x| x == m).map(|i| i as u8 + 1)
}

fn relative_days(rel: &str) -> Option<i32> {
    let rel = rel.split_whitespace().collect::<Vec<_>>().join(" ");
    Some(
        if rel.contains("after tomorrow") || rel.starts_with("pasado") || rel == "послезавтра"
        {
            2
        } else if rel == "tomorrow" || rel.starts_with("mañana") || rel.starts_with("завтра")
        {
            1
        } else {
            0
        },
    )
}

fn named_time(n: &str) -> Option<TimeOfDay> {
    let hour = match n {
        "noon" | "midday" | "mediodia" | "mediodía" | "полдень" => 12,
        "lunchtime" | "обеда" | "обед" => 13,
        "midnight" | "medianoche" | "полночь" => 0,
        _ => return None,
    };
    Some(TimeOfDay { hour, minute: 0 })
}

fn number(lang: Lang, n: &str) -> Option<u32> {
    if let Ok(v) = n.parse() {
        return Some(v);
    }
    let n = n.split_whitespace().next().unwrap_or(n);
    let words: &[(&str, u32)] = match lang {
        Lang::En => &[
            ("a", 1),
            ("an", 1),
            ("one", 1),
            ("two", 2),
            ("couple", 2),
            ("three", 3),
            ("few", 3),
            ("four", 4),
            ("five", 5),
            ("six", 6),
            ("seven", 7),
            ("eight", 8),
            ("nine", 9),
            ("ten", 10),
            ("eleven", 11),
            ("twelve", 12),
        ],
        Lang::Es => &[
            ("un", 1),
            ("una", 1),
            ("uno", 1),
            ("unos", 3),
            ("unas", 3),
            ("dos", 2),
            ("tres", 3),
            ("cuatro", 4),
            ("cinco", 5),
            ("seis", 6),
            ("siete", 7),
            ("ocho", 8),
            ("nueve", 9),
            ("diez", 10),
            ("once", 11),
            ("doce", 12),
            ("quince", 15),
        ],
        Lang::Ru => &[
            ("один", 1),
            ("одного", 1),
            ("одной", 1),
            ("одну", 1),
            ("одних", 1),
            ("два", 2),
            ("две", 2),
            ("двух", 2),
            ("пары", 2),
            ("три", 3),
            ("трёх", 3),
            ("трех", 3),
            ("несколько", 3),
            ("нескольких", 3),
            ("четыре", 4),
            ("четырёх", 4),
            ("четырех", 4),
            ("пять", 5),
            ("пяти", 5),
            ("шесть", 6),
            ("шести", 6),
            ("семь", 7),
            ("семи", 7),
            ("десять", 10),
            ("десяти", 10),
        ],
    };
    words.iter().find(|(w, _)| *w == n).map(|(_, v)| *v)
}

fn unit(u: &str, business: bool) -> Option<Unit> {
    let u = lower(u);
    Some(
        if u.starts_with("hour") || u.starts_with("hora") || u.starts_with("час") {
            Unit::Hour
        } else if u.starts_with("day")
            || u.starts_with("dí")
            || u.starts_with("di")
            || u.starts_with("дн")
            || u == "день"
            || u.starts_with("сут")
        {
            if business {
                Unit::BusinessDay
            } else {
                Unit::Day
            }
        } else if u.starts_with("week") || u.starts_with("seman") || u.starts_with("недел") {
            Unit::Week
        } else if u.starts_with("month") || u.starts_with("mes") || u.starts_with("месяц") {
            Unit::Month
        } else {
            return None;
        },
    )
}

fn period(p: &str) -> DateRef {
    let has = |words: &[&str]| words.iter().any(|w| p.contains(w));
    let month = has(&["month", "mes", "месяц"]);
    let next = has(&[
        "next",
        "próxima",
        "proxima",
        "próximo",
        "proximo",
        "que viene",
        "следующ",
        "будущ",
    ]);
    let end = has(&["end", "final", "fin", "конц", "конце"]);
    DateRef::Period {
        unit: if month { Unit::Month } else { Unit::Week },
        offset: i32::from(next),
        end,
    }
}

/// Joins adjacent pieces into expressions: a day with its time, two moments into a range,
/// and reads the deadline words and hedges around them.
fn merge(g: &Grammar, text: &str, pieces: Vec<Piece>) -> Vec<TimeExpr> {
    let mut out: Vec<TimeExpr> = Vec::with_capacity(pieces.len());
    let mut i = 0;
    while i < pieces.len() {
        let first = pieces[i];
        let mut span = first.span;
        let mut date = None;
        let mut time = None;
        let mut range_to: Option<(Option<DateRef>, Option<TimeOfDay>)> = None;
        let mut when = None;
        let mut vague = false;
        let mut bound = Bound::At;
        match first.what {
            What::Date(d) => date = Some(d),
            What::Time(t) => time = Some(t),
            What::Hour(h) => time = Some(TimeOfDay { hour: h, minute: 0 }),
            What::Offset(amount, unit) => {
                when = Some(When::Offset { amount, unit });
                bound = Bound::Within;
            }
            What::Range(from, to) => {
                when = Some(When::Range {
                    from_date: Some(from),
                    from_time: None,
                    to_date: Some(to),
                    to_time: None,
                });
            }
            What::Vague => {
                when = Some(When::Unspecified);
                vague = true;
            }
        }
        i += 1;
        // A day and a time of day next to each other are one moment; a joining word between
        // two moments makes a range.
        if when.is_none() {
            while let Some(next) = pieces.get(i) {
                let gap = &text[span.end..next.span.start];
                let (nd, nt) = match next.what {
                    What::Date(d) => (Some(d), None),
                    What::Time(t) => (None, Some(t)),
                    What::Hour(h) => (None, Some(TimeOfDay { hour: h, minute: 0 })),
                    _ => break,
                };
                let cur_to = range_to.unwrap_or((date, time));
                let fills =
                    (nd.is_some() && cur_to.0.is_none()) || (nt.is_some() && cur_to.1.is_none());
                if g.moment_join.is_match(gap) && fills {
                    match &mut range_to {
                        Some(r) => {
                            r.0 = r.0.or(nd);
                            r.1 = r.1.or(nt);
                        }
                        None => {
                            date = date.or(nd);
                            time = time.or(nt);
                        }
                    }
                } else if range_to.is_none() && g.range_join.is_match(gap) {
                    range_to = Some((nd, nt));
                } else {
                    break;
                }
                span.end = next.span.end;
                i += 1;
            }
        }
        // A bare hour ("at 11") alone is too weak to be a time: "at 3 locations".
        if matches!(first.what, What::Hour(_)) && date.is_none() && range_to.is_none() {
            continue;
        }
        let when = when.unwrap_or(match range_to {
            Some((td, tt)) => When::Range {
                from_date: date,
                from_time: time,
                to_date: td.or(if tt.is_some() { date } else { None }),
                to_time: tt,
            },
            None => When::Moment { date, time },
        });
        let before = &text[..span.start];
        if bound == Bound::At
            && !matches!(when, When::Unspecified)
            && let Some(start) = g.by_before.start_in(before)
        {
            bound = Bound::By;
            span.start = start;
        }
        if bound == Bound::At
            && g.by_start
                .as_ref()
                .is_some_and(|r| r.find_after(text, span.start).is_some())
        {
            bound = Bound::By;
        }
        if let Some(m) = g.by_after.find_after(text, span.end) {
            if bound == Bound::At {
                bound = Bound::By;
            }
            span.end += m.end();
        }
        if let Some(start) = g.hedge_before.start_in(&text[..span.start]) {
            vague = true;
            span.start = start;
        }
        if let Some(m) = g.hedge_after.find_after(text, span.end) {
            vague = true;
            span.end += m.end();
        }
        // Trim a leading space the deadline or hedge regex may have taken.
        while text[span.start..].starts_with(char::is_whitespace) {
            span.start += text[span.start..].chars().next().map_or(1, char::len_utf8);
        }
        out.push(TimeExpr {
            span,
            bound,
            when,
            vague,
        });
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn one(lang: Lang, text: &str) -> (String, TimeExpr) {
        let found = find_times(lang, text);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        (text[found[0].span.range()].to_string(), found[0])
    }

    fn moment(t: &TimeExpr) -> (Option<DateRef>, Option<(u8, u8)>) {
        match t.when {
            When::Moment { date, time } => (date, time.map(|t| (t.hour, t.minute))),
            other => panic!("not a moment: {other:?}"),
        }
    }

    #[test]
    fn english_deadlines_weekdays_and_times() {
        let (s, t) = one(Lang::En, "I'll send it by Friday 3pm, promise.");
        assert_eq!(s, "by Friday 3pm");
        assert_eq!(t.bound, Bound::By);
        assert_eq!(
            moment(&t),
            (
                Some(DateRef::Weekday {
                    weekday: 4,
                    next_week: false
                }),
                Some((15, 0))
            )
        );
        let (s, t) = one(Lang::En, "We meet next Tuesday at 11 to review.");
        assert_eq!(s, "next Tuesday at 11");
        assert_eq!(
            moment(&t),
            (
                Some(DateRef::Weekday {
                    weekday: 1,
                    next_week: true
                }),
                Some((11, 0))
            )
        );
        let (s, t) = one(Lang::En, "no later than 15 March 2024.");
        assert_eq!(s, "no later than 15 March 2024");
        assert_eq!(
            moment(&t).0,
            Some(DateRef::Absolute {
                year: Some(2024),
                month: 3,
                day: 15
            })
        );
        let (_, t) = one(Lang::En, "Call me tomorrow at 9:30.");
        assert_eq!(
            moment(&t),
            (Some(DateRef::Relative { days: 1 }), Some((9, 30)))
        );
    }

    #[test]
    fn english_offsets_periods_and_ranges() {
        let (s, t) = one(Lang::En, "She will confirm every morning at 9.");
        assert_eq!(s, "every morning at 9");
        assert_eq!(moment(&t).1, Some((9, 0)));
        assert!(find_times(Lang::En, "I'll call as soon as they arrive.").is_empty());
        let (s, t) = one(Lang::En, "We'll deploy a fix within two days.");
        assert_eq!(s, "within two days");
        assert_eq!(t.bound, Bound::Within);
        assert_eq!(
            t.when,
            When::Offset {
                amount: 2,
                unit: Unit::Day
            }
        );
        let (_, t) = one(Lang::En, "within 3 business days");
        assert_eq!(
            t.when,
            When::Offset {
                amount: 3,
                unit: Unit::BusinessDay
            }
        );
        let (s, t) = one(Lang::En, "Available Monday to Wednesday.");
        assert_eq!(s, "Monday to Wednesday");
        assert!(matches!(t.when, When::Range { .. }));
        let (_, t) = one(Lang::En, "by the end of next week");
        assert_eq!(
            moment(&t).0,
            Some(DateRef::Period {
                unit: Unit::Week,
                offset: 1,
                end: true
            })
        );
    }

    #[test]
    fn vague_and_hedged_expressions_are_marked() {
        for text in [
            "We'll renew it ASAP.",
            "An update shortly.",
            "in the coming days",
            "We'll fix it at some point.",
            "We'll fix it this week-ish.",
            "around Friday or so",
        ] {
            let found = find_times(Lang::En, text);
            assert!(
                !found.is_empty() && found.iter().all(|t| t.vague),
                "{text}: {found:?}"
            );
        }
        let (s, t) = one(Lang::En, "We'll fix it this week-ish.");
        assert_eq!(s, "this week-ish");
        assert!(!t.is_firm());
    }

    #[test]
    fn numbers_that_are_not_times_are_left_alone() {
        for text in [
            "We have 3 locations and 12 users.",
            "Traffic is up 20% at 3 stores.",
            "Version 2.1 is out.",
            "The budget is 1,200 EUR.",
        ] {
            assert!(find_times(Lang::En, text).is_empty(), "{text}");
        }
    }

    #[test]
    fn spanish_forms() {
        let (s, t) = one(Lang::Es, "Te lo mando el viernes.");
        assert_eq!(s, "el viernes");
        assert_eq!(
            moment(&t).0,
            Some(DateRef::Weekday {
                weekday: 4,
                next_week: false
            })
        );
        let (s, t) = one(Lang::Es, "Te llamo mañana a las 10.");
        assert_eq!(s, "mañana a las 10");
        assert_eq!(
            moment(&t),
            (Some(DateRef::Relative { days: 1 }), Some((10, 0)))
        );
        let (s, t) = one(Lang::Es, "Lo tendrás antes del 15 de marzo.");
        assert_eq!(s, "antes del 15 de marzo");
        assert_eq!(t.bound, Bound::By);
        let (_, t) = one(Lang::Es, "en un plazo de dos días");
        assert_eq!(
            t.when,
            When::Offset {
                amount: 2,
                unit: Unit::Day
            }
        );
        let (_, t) = one(Lang::Es, "a las 5 de la tarde");
        assert_eq!(moment(&t).1, Some((17, 0)));
        let (s, t) = one(Lang::Es, "Estaremos fuera del 3 al 5 de mayo.");
        assert_eq!(s, "del 3 al 5 de mayo");
        let When::Range {
            from_date, to_date, ..
        } = t.when
        else {
            panic!("{t:?}")
        };
        assert_eq!(
            from_date,
            Some(DateRef::Absolute {
                year: None,
                month: 5,
                day: 3
            })
        );
        assert_eq!(
            to_date,
            Some(DateRef::Absolute {
                year: None,
                month: 5,
                day: 5
            })
        );
        assert_eq!(one(Lang::Ru, "с 3 по 5 мая").0, "с 3 по 5 мая");
        assert_eq!(one(Lang::En, "on 3-5 May").0, "3-5 May");
        for v in [
            "lo antes posible",
            "pronto",
            "en breve",
            "esta semana, más o menos",
        ] {
            let found = find_times(Lang::Es, v);
            assert!(found.iter().all(|t| t.vague) && !found.is_empty(), "{v}");
        }
    }

    #[test]
    fn russian_forms() {
        let (s, t) = one(Lang::Ru, "Пришлю до пятницы.");
        assert_eq!(s, "до пятницы");
        assert_eq!(t.bound, Bound::By);
        let (s, t) = one(Lang::Ru, "Сделаем к 15 мая.");
        assert_eq!(s, "к 15 мая");
        assert_eq!(t.bound, Bound::By);
        assert_eq!(
            moment(&t).0,
            Some(DateRef::Absolute {
                year: None,
                month: 5,
                day: 15
            })
        );
        let (s, t) = one(Lang::Ru, "Созвонимся в понедельник в 10:00.");
        assert_eq!(s, "в понедельник в 10:00");
        assert_eq!(moment(&t).1, Some((10, 0)));
        let (_, t) = one(Lang::Ru, "Выложим в течение двух дней.");
        assert_eq!(
            t.when,
            When::Offset {
                amount: 2,
                unit: Unit::Day
            }
        );
        let (_, t) = one(Lang::Ru, "завтра в 9 утра");
        assert_eq!(
            moment(&t),
            (Some(DateRef::Relative { days: 1 }), Some((9, 0)))
        );
        let (s, t) = one(Lang::Ru, "будет каждое утро в 9 сообщать");
        assert_eq!(s, "каждое утро в 9");
        assert_eq!(
            moment(&t),
            (Some(DateRef::Recurring { weekday: None }), Some((9, 0)))
        );
        // "среда" alone is "environment".
        assert!(find_times(Lang::Ru, "Тестовая среда недоступна.").is_empty());
        for v in [
            "как можно скорее",
            "в ближайшее время",
            "скоро",
            "где-то на этой неделе",
        ] {
            let found = find_times(Lang::Ru, v);
            assert!(found.iter().all(|t| t.vague) && !found.is_empty(), "{v}");
        }
    }

    /// Every sentence of these tests, as written and in capitals.
    fn test_sentences() -> Vec<String> {
        let src = include_str!("time.rs");
        let tests = &src[src.find("mod tests").expect("this module")..];
        tests
            .split('"')
            .skip(1)
            .step_by(2)
            .filter(|t| t.contains(' ') && !t.contains('\\'))
            .flat_map(|t| [t.to_string(), t.to_uppercase()])
            .collect()
    }

    /// `texts` as a case-insensitive regex reads them alike: as written, in capitals, in
    /// mixed case, and with the letters Unicode folds together with "s", "k" and "в" ("ſ",
    /// the Kelvin sign "K", "ᲀ").
    pub(crate) fn case_variants(texts: &[String]) -> Vec<String> {
        texts
            .iter()
            .flat_map(|t| {
                let mixed: String = t
                    .chars()
                    .enumerate()
                    .flat_map(|(i, c)| {
                        let up: Vec<char> = c.to_uppercase().collect();
                        if i % 2 == 0 && up.len() == 1 {
                            up
                        } else {
                            vec![c]
                        }
                    })
                    .collect();
                let odd: String = t
                    .chars()
                    .map(|c| match c {
                        's' => 'ſ',
                        'k' => 'K',
                        'в' => '\u{1c80}',
                        c => c,
                    })
                    .collect();
                [t.clone(), t.to_uppercase(), mixed, odd]
            })
            .collect()
    }

    #[test]
    fn the_gate_never_skips_a_regex_that_matches() {
        // Every sentence of these tests, in every grammar, in every case.
        let texts = case_variants(&test_sentences());
        assert!(texts.len() > 100, "{}", texts.len());
        for lang in Lang::ALL {
            let (g, gate) = (grammar(lang), gate(lang));
            assert!(
                gate.needs.iter().any(|n| n.sets.count_ones() >= 2),
                "{lang}"
            );
            assert!(gate.needs.iter().any(|n| n.digit), "{lang}");
            // No regex runs on every sentence: each needs a literal (a weekday name in its
            // middle will do) or a digit.
            assert!(
                gate.needs.iter().all(|n| n.sets != 0 || n.digit),
                "{lang}: {:?}",
                gate.needs
            );
            // The `regex` crate's answer, not the lazily built regex the gate guards.
            let reference: Vec<regex::Regex> = g
                .pieces
                .iter()
                .map(|(re, _)| regex::Regex::new(&re.src).expect("a valid pattern"))
                .collect();
            for text in &texts {
                let passes = gate.passes(text);
                for (i, re) in reference.iter().enumerate() {
                    assert!(
                        passes.may(gate, i) || !re.is_match(text),
                        "{lang}: regex {i} matches {text:?} but the gate skipped it"
                    );
                }
            }
        }
    }

    #[test]
    fn an_ascii_regex_read_without_unicode_matches_as_its_unicode_reading_on_ascii_text() {
        let texts: Vec<String> = case_variants(&test_sentences())
            .into_iter()
            .filter(|t| t.is_ascii())
            .collect();
        let build = |hir: &Hir| {
            meta::Regex::builder()
                .build_from_hir(hir)
                .expect("a valid pattern")
        };
        let mut read = 0;
        for lang in Lang::ALL {
            let g = grammar(lang);
            let mut srcs: Vec<&str> = crate::name_owner::gate_srcs(lang).collect();
            for at_end in [&g.by_before, &g.not_vague_before, &g.hedge_before] {
                srcs.push(&at_end.scan.src);
            }
            for lazy in [&g.by_after, &g.range_join, &g.moment_join, &g.hedge_after] {
                srcs.push(&lazy.src);
            }
            for src in srcs {
                let mut ast = AstParser::new().parse(src).expect("a valid pattern");
                let unicode = translator(true)
                    .translate(src, &ast)
                    .expect("a valid pattern");
                // Every regex of the grammar is read without Unicode, its classes rid of
                // their letters past ASCII if need be.
                assert!(
                    translator(false).translate(src, &ast).is_ok()
                        || ascii_classes(&mut ast)
                            && translator(false).translate(src, &ast).is_ok(),
                    "{src}"
                );
                read += 1;
                let (fast, plain) = (build(&ascii_hir(src)), build(&for_ascii(&unicode)));
                for text in &texts {
                    let spans = |re: &meta::Regex| -> Vec<Vec<Option<regex_automata::Span>>> {
                        re.captures_iter(text.as_str())
                            .map(|c| c.iter().collect())
                            .collect()
                    };
                    assert_eq!(spans(&fast), spans(&plain), "{src} in {text:?}");
                }
            }
        }
        assert!(read > 60, "{read}");
    }

    #[test]
    fn the_prebuilt_context_gates_are_the_ones_read_from_the_regexes() {
        for lang in Lang::ALL {
            let srcs = context_srcs(lang);
            assert!(srcs.len() >= 7, "{lang}");
            for src in srcs {
                let prebuilt = crate::prebuilt::context_gate(src).expect("prebuilt");
                assert_eq!(
                    Gate::prebuilt(&prebuilt).to_rust(),
                    Gate::new([src]).to_rust(),
                    "{src}"
                );
                assert_eq!(context_gate(src).to_rust(), Gate::new([src]).to_rust());
            }
        }
        // A regex the build did not read has its gate read now.
        assert!(crate::prebuilt::context_gate(r"(?i)\bsoon$").is_none());
        assert_eq!(
            context_gate(r"(?i)\bsoon$").to_rust(),
            Gate::new([r"(?i)\bsoon$"]).to_rust()
        );
    }

    #[test]
    fn a_word_stem_group_before_one_suffix_class_matches_as_a_suffix_on_each_stem() {
        // `(?:a|b)\w*` is written for `a\w*|b\w*`: one `\w` to build instead of one per
        // stem, the same matches in the same order of preference.
        let grouped = regex::Regex::new(r"\(\?:((?:[а-яё]+\|)+[а-яё]+)\)\\w\*").expect("valid");
        let mut texts = case_variants(&test_sentences());
        texts.extend(
            [
                "каждую пятницу и по средам, во вторникам",
                "в следующий понедельник или в будущую субботу, в воскресенье",
                "в течение двух дней, за неделю, через 3 часа, за сутки, через месяц",
                "по понедельникам и четвергам, каждое утро",
            ]
            .map(String::from),
        );
        let mut expanded = 0;
        for (scan, _) in &grammar(Lang::Ru).pieces {
            let each = grouped.replace_all(&scan.src, |c: &regex::Captures| {
                c[1].split('|')
                    .map(|stem| format!(r"{stem}\w*"))
                    .collect::<Vec<_>>()
                    .join("|")
            });
            if each == scan.src {
                continue;
            }
            expanded += 1;
            let (a, b) = (
                regex::Regex::new(&scan.src).expect("valid"),
                regex::Regex::new(&each).expect("valid"),
            );
            for text in &texts {
                let caps = |re: &regex::Regex| -> Vec<Vec<Option<(usize, usize)>>> {
                    re.captures_iter(text)
                        .map(|c| c.iter().map(|m| m.map(|m| (m.start(), m.end()))).collect())
                        .collect()
                };
                assert_eq!(caps(&a), caps(&b), "{each} in {text:?}");
            }
        }
        assert_eq!(expanded, 3);
    }

    #[test]
    fn a_text_is_narrow_when_its_characters_are_the_narrow_ones() {
        let chars = narrow_chars();
        let narrow = |c: char| {
            chars
                .ranges()
                .iter()
                .any(|r| (r.start()..=r.end()).contains(&c))
        };
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            assert_eq!(is_narrow(c.encode_utf8(&mut [0; 4])), narrow(c), "{c:?}");
        }
        assert!(is_narrow("Ñandú — «до пятницы» … “ok” €5 №3 ™"));
        assert!(!is_narrow("до пятницы 🙂"));
        assert!(!is_narrow("ſ, K"));
    }

    #[test]
    fn a_class_keeps_what_ascii_text_can_hold() {
        let read = |src: &str| {
            let mut ast = AstParser::new().parse(src).expect("a valid pattern");
            ascii_classes(&mut ast)
                .then(|| translator(false).translate(src, &ast).ok())
                .flatten()
        };
        let re = |src: &str| {
            let hir = read(src).expect("read without Unicode");
            meta::Regex::builder()
                .build_from_hir(&hir)
                .expect("a valid pattern")
        };
        assert!(re(r"(?i)d[ií]a").is_match("DIA"));
        assert!(!re(r"(?i)d[ií]a").is_match("dxa"));
        // A class of letters past ASCII only matches nothing there.
        assert!(!re(r"(?i)a[áé]?b[ñ]").is_match("ab ABN abn"));
        assert!(re(r"(?i)a[áé]?b[ñ]?").is_match("ab"));
        assert!(re(r"[a-záéíóúñ]+").is_match("abc"));
        // Letters Unicode folds with ASCII ones, Unicode classes, ranges across the end of
        // ASCII and negated classes of letters past ASCII are left to the Unicode reading.
        for src in [
            r"(?i)[\u{212a}]",
            r"(?i)[ſ]",
            r"[\p{L}]",
            r"[a-\u{ff}]",
            r"[^ñ]",
        ] {
            assert!(read(src).is_none(), "{src}");
        }
    }

    #[test]
    fn the_gate_finds_the_same_in_its_nfa_and_its_dfa() {
        let texts = case_variants(&test_sentences());
        for lang in Lang::ALL {
            let gate = Gate::new(piece_srcs(lang));
            // The same gate searching only its NFA, and only its table.
            let with = |bytes: usize| Gate {
                search: Gate::new(piece_srcs(lang))
                    .search
                    .map(|s| s.dfa_after(bytes)),
                ..Gate::new(piece_srcs(lang))
            };
            let (nfa, table) = (with(usize::MAX), with(0));
            let literals = gate.search.as_ref().expect("literals").literals();
            // What an overlapping search with the `aho-corasick` crate's iterator finds.
            let reference = aho_corasick::AhoCorasick::builder()
                .match_kind(aho_corasick::MatchKind::Standard)
                .ascii_case_insensitive(true)
                .build(literals)
                .expect("literals");
            let mut found = 0;
            for text in &texts {
                let want = reference
                    .find_overlapping_iter(&casefold(text))
                    .fold(0, |f, m| f | gate.literal_of[m.pattern().as_usize()]);
                assert_eq!(nfa.found_in(text), want, "{text:?}");
                assert_eq!(table.found_in(text), want, "{text:?}");
                found += usize::from(want != 0);
            }
            let walks_table = |g: &Gate| g.search.as_ref().is_some_and(|s| s.walks_table());
            assert!(!walks_table(&nfa) && walks_table(&table));
            assert!(found > 20, "{lang}: {found}");
            // The first searches take the NFA, and the table is built once they add up.
            assert!(!walks_table(&gate));
            for text in &texts {
                gate.passes(text);
            }
            assert!(walks_table(&gate));
        }
    }

    #[test]
    fn the_anchored_scan_finds_what_the_regex_finds() {
        // Word boundaries next to accented and Cyrillic letters, where a scan without `\b`
        // finds places the regex must reject, beside the sentences of these tests.
        let mut texts = test_sentences();
        texts.extend(
            [
                "Ñel viernes, el viernesñ y el viernes.",
                "cadaлунес, cada lunes; acada martes",
                "el 15 de marzoño, el 15 de marzo de 2024",
                "mañanas, pasado mañana y mañana mismo a las 10h",
                "éen breve, en breveé, pronto",
                "Заседаниедо пятницы, до пятницы, допятницы",
                "к 15 маяк и к 15 мая 2024 г. в 10:00",
                "подождём в течение двух днейя или в течение двух дней",
                "вскоресказал, скоро; асапы и асап",
                "каждое утро в 9 и кажд утро; по средам",
                "Ñ antes del viernes, hasta pronto, másomenos y más o menos el lunes",
                "не позднее пятницы, где-то на этой неделе, не скоро, до   пятницы, —  к 5 мая",
                "Déjà vu by Friday, “as soon” — around Monday, approx. the 3rd, noby  Friday",
                // Characters past the narrow forms' (an Armenian letter is a `\w`, an
                // Arabic-Indic digit a `\d`), where the scans take their wide forms.
                "🙂 by Friday at 3pm, noԱ later than Monday, at ٣ and at 11 ok",
                "каждоеԱ утро, до пятницы 🙂 к 15 мая, в ٣:٠٠ и в 10:00 中",
                "el viernesԱ, el viernes 🙂 a las 10, antes del 5 de mayo 中",
                // Letters a case-insensitive regex takes for "s" and "k".
                "We'll fix it ſoon, by the end of the weeK, or ASAP",
            ]
            .map(String::from),
        );
        for lang in Lang::ALL {
            let g = grammar(lang);
            for (scan, _) in &g.pieces {
                assert_scan_is_the_regex(scan, &texts);
            }
        }
        // Long sentences, where only the end is searched.
        texts.push(format!("{}no later than the", "word ".repeat(80)));
        texts.push(format!("{}не позднее", "слово ".repeat(60)));
        texts.push(format!("{}más o menos", "ñandú ".repeat(60)));
        // The regexes asked about the text before an expression, at every place it may end.
        let mut skipped = 0;
        for lang in Lang::ALL {
            // Fresh regexes: the first texts take the gate's way.
            let g = &new_grammar(lang);
            for at_end in [&g.by_before, &g.not_vague_before, &g.hedge_before] {
                let reference = regex::Regex::new(&at_end.scan.src).expect("a valid pattern");
                for text in &texts {
                    for (end, _) in text.char_indices().chain([(text.len(), ' ')]) {
                        let before = &text[..end];
                        let want = reference.find(before).map(|m| m.start());
                        assert_eq!(
                            at_end.start_in(before),
                            want,
                            "{} in {before:?}",
                            at_end.scan.src
                        );
                        // The gate says no only where the regex finds nothing (the
                        // window is what `start_in` searches).
                        let from =
                            before.floor_char_boundary(before.len().saturating_sub(AT_END_WINDOW));
                        let may = at_end.may_match(&before[from..]);
                        assert!(may || want.is_none(), "{} in {before:?}", at_end.scan.src);
                        skipped += usize::from(!may);
                    }
                }
            }
        }
        assert!(skipped > 0);
        // The regexes asked about the text after an expression or between two.
        let mut lazy_skipped = 0;
        for lang in Lang::ALL {
            let g = grammar(lang);
            let lazy = [&g.by_after, &g.range_join, &g.moment_join, &g.hedge_after];
            for re in lazy.into_iter().chain(&g.by_start) {
                let reference = regex::Regex::new(&re.src).expect("a valid pattern");
                for text in &texts {
                    for (start, _) in text.char_indices() {
                        let after = &text[start..];
                        let found = re.find_after(text, start).map(|m| (m.start(), m.end()));
                        let want = reference.find(after).map(|m| (m.start(), m.end()));
                        assert_eq!(found, want, "{} in {after:?}", re.src);
                        assert_eq!(re.is_match(after), want.is_some(), "{}", re.src);
                        // The gate says no only where the regex finds nothing.
                        let may = re.may_match(after);
                        assert!(may || !reference.is_match(after), "{} in {after:?}", re.src);
                        lazy_skipped += usize::from(!may);
                    }
                }
            }
        }
        assert!(lazy_skipped > 0);
        // "el" glued to a letter is not the article, in either path.
        assert_eq!(one(Lang::Es, "Ñel viernes, no.").0, "viernes");
        assert_eq!(one(Lang::Ru, "Заседаниедо пятницы.").1.bound, Bound::At);
    }

    #[test]
    fn only_the_regexes_a_text_needs_are_compiled() {
        for (lang, none, one) in [
            (
                Lang::En,
                "Thanks for the call, the team loved it.",
                "I'll send it by Friday.",
            ),
            (
                Lang::Es,
                "Todo bien, muchísimo éxito.",
                "Te lo mando el viernes.",
            ),
            (Lang::Ru, "Отлично, ждём.", "Пришлю до пятницы."),
        ] {
            let g = &new_grammar(lang);
            let gate = &Gate::new(g.pieces.iter().map(|(s, _)| s.src.as_str()));
            let find = |text| {
                let passes = gate.passes(text);
                find(g, lang, text, |i| passes.may(gate, i))
            };
            // Regexes the gate has nothing to test for, which every text needs.
            let ungated: Vec<&str> = g
                .pieces
                .iter()
                .zip(&gate.needs)
                .filter(|(_, n)| **n == Need::default())
                .map(|((s, _), _)| s.src.as_str())
                .collect();
            let compiled = || -> Vec<&str> {
                g.pieces
                    .iter()
                    .filter(|(s, _)| {
                        [
                            &s.ascii,
                            &s.loose,
                            &s.anchored,
                            &s.wide_loose,
                            &s.wide_anchored,
                        ]
                        .iter()
                        .any(|r| r.get().is_some())
                    })
                    .map(|(s, _)| s.src.as_str())
                    .collect()
            };
            assert!(find(none).is_empty());
            assert_eq!(compiled(), ungated, "{lang}");
            assert_eq!(find(one).len(), 1, "{lang}");
            assert!(
                (1..g.pieces.len()).contains(&compiled().len()),
                "{lang}: {:?}",
                compiled()
            );
            // The loose and anchored regexes are for non-ASCII text, the ASCII one for ASCII.
            for (s, _) in g.pieces.iter().filter(|(s, _)| !ungated.contains(&&*s.src)) {
                assert!(
                    s.loose.get().is_none() || !one.is_ascii(),
                    "{lang}: {}",
                    s.src
                );
                assert!(
                    s.ascii.get().is_none() || one.is_ascii(),
                    "{lang}: {}",
                    s.src
                );
            }
        }
    }

    #[test]
    fn a_scan_finds_the_same_before_and_after_it_builds_its_loose_form() {
        let mut texts = test_sentences();
        texts.retain(|t| !t.is_ascii() && t.len() <= UNLOOSED_LEN);
        assert!(texts.len() > 2 * UNLOOSED, "{}", texts.len());
        for lang in Lang::ALL {
            for src in piece_srcs(lang) {
                // A fresh scan: its first non-ASCII texts are searched without the loose form.
                let scan = Scan::new(src);
                assert_scan_is_the_regex(&scan, &texts[..UNLOOSED]);
                assert!(scan.loose.get().is_none(), "{src}");
                assert_scan_is_the_regex(&scan, &texts);
                assert!(scan.loose.get().is_some(), "{src}");
            }
        }
    }

    /// The scan finds, in every text, the matches and groups the `regex` crate finds with
    /// the same pattern.
    pub(crate) fn assert_scan_is_the_regex(scan: &Scan, texts: &[String]) {
        let reference = regex::Regex::new(&scan.src).expect("a valid pattern");
        for text in texts {
            let want: Vec<Vec<Option<(usize, usize)>>> = reference
                .captures_iter(text)
                .map(|c| c.iter().map(|m| m.map(|m| (m.start(), m.end()))).collect())
                .collect();
            let mut got: Vec<Vec<Option<(usize, usize)>>> = Vec::new();
            scan.each_match(text, |c| {
                got.push(c.caps.iter().map(|s| s.map(|s| (s.start, s.end))).collect());
                true
            });
            assert_eq!(got, want, "{} in {text:?}", scan.src);
        }
    }

    #[test]
    fn a_regex_needs_a_digit_when_every_match_holds_one() {
        let needs = |re: &str| needs_digit(&AstParser::new().parse(re).unwrap());
        for re in [
            r"\d",
            r"[0-9]+",
            r"at\s+\d{1,2}",
            r"(?:a|\d)\d",
            "[٠-٩]",
            "½",
            r"[\d٣]{2}",
            r"(?i:x)?[[0-4][5-9]]",
        ] {
            assert!(needs(re), "{re}");
        }
        for re in [
            r"\d*", r"[0-9a]", r"\w+", r"a|\d", "[½a]", r"[^a]", r"\D", r"[\d&&5]", r"\pN",
        ] {
            assert!(!needs(re), "{re}");
        }
        // Every character `\d` matches passes the gate's digit test.
        let Ok(HirKind::Class(Class::Unicode(d))) = regex_syntax::parse(r"\d").map(Hir::into_kind)
        else {
            panic!("\\d is a Unicode class")
        };
        assert!(
            d.iter()
                .all(|r| (r.start()..=r.end()).all(|c| has_digit(&c.to_string())))
        );
    }

    #[test]
    fn the_gate_folds_case_and_finds_digits_as_std_does() {
        for c in ('\0'..='\u{3000}').chain(['٣', '𝟙', '🄀', 'Ⅻ', '𐄇']) {
            for text in [c.to_string(), format!("Ж{c}é — x")] {
                assert_eq!(
                    has_digit(&text),
                    text.chars().any(char::is_numeric),
                    "{c:?}"
                );
            }
        }
        // The byte-wise fold is the character-wise one.
        let plain = |text: &str| -> String {
            text.chars()
                .map(|c| match c {
                    'ſ' => "s".to_string(),
                    '\u{1c80}'..='\u{1c88}' => "вдосттъѣꙋ"
                        .chars()
                        .nth(c as usize - 0x1c80)
                        .map(String::from)
                        .unwrap_or_default(),
                    _ => c.to_lowercase().to_string(),
                })
                .collect()
        };
        for c in ('\0'..='\u{3000}').chain(['\u{1c80}', '\u{1c88}', 'K', '𐐀', '\u{10ffff}']) {
            for text in [c.to_string(), format!("Ж{c}é — xЯ"), format!("{c}{c}ѐ")] {
                assert_eq!(casefold(&text), plain(&text).into_bytes(), "{c:?}");
            }
            // The gate folds its literals a character at a time.
            assert_eq!(
                fold_char(c, &mut [0; 12]),
                casefold(&c.to_string()),
                "{c:?}"
            );
        }
        let text = "ПЯТНИЦА, Ёлка, ÑANDÚ, İstanbul, ΣΟΦΟΣ, ѠѡЀЏАПРЯ и 15 МАЯ";
        assert_eq!(casefold(text), plain(text).into_bytes());
        assert_eq!(
            String::from_utf8_lossy(&casefold(text)),
            text.to_lowercase().replace('ς', "σ")
        );
    }

    /// Every character a case-insensitive regex takes for a character the gate reads from
    /// one of `srcs` (a letter of its literals or of a short class) folds as that one does:
    /// so the gate, which compares folded text with folded literals, finds the literal in
    /// any text where the regex matches it.
    pub(crate) fn assert_gate_folds_alike<'a>(srcs: impl IntoIterator<Item = &'a str>) {
        fn chars(ast: &Ast, out: &mut std::collections::BTreeSet<char>) {
            match ast {
                Ast::Literal(l) => {
                    out.insert(l.c);
                }
                Ast::ClassBracketed(c) => out.extend(class_chars(c).into_iter().flatten()),
                Ast::Group(g) => chars(&g.ast, out),
                Ast::Repetition(r) => chars(&r.ast, out),
                Ast::Concat(c) => c.asts.iter().for_each(|a| chars(a, out)),
                Ast::Alternation(a) => a.asts.iter().for_each(|a| chars(a, out)),
                _ => {}
            }
        }
        let mut read = std::collections::BTreeSet::new();
        for src in srcs {
            chars(
                &AstParser::new().parse(src).expect("a valid pattern"),
                &mut read,
            );
        }
        assert!(read.len() > 20, "{read:?}");
        for c in read {
            let pattern = format!("(?i){}", regex_syntax::escape(&c.to_string()));
            let taken: Vec<char> = match regex_syntax::parse(&pattern).map(Hir::into_kind) {
                Ok(HirKind::Class(Class::Unicode(class))) => {
                    class.iter().flat_map(|r| r.start()..=r.end()).collect()
                }
                _ => vec![c],
            };
            for t in taken {
                assert_eq!(
                    casefold(&t.to_string()),
                    casefold(&c.to_string()),
                    "{t:?} for {c:?}"
                );
            }
        }
    }

    #[test]
    fn every_letter_a_time_regex_takes_for_a_gate_literal_folds_alike() {
        for lang in Lang::ALL {
            assert_gate_folds_alike(piece_srcs(lang));
        }
    }

    #[test]
    fn serializes_for_json_output() {
        let t = find_times(Lang::En, "by Friday 3pm")[0];
        let json = serde_json::to_value(t).unwrap();
        assert_eq!(json["bound"], "by");
        assert_eq!(json["when"]["kind"], "moment");
        assert_eq!(json["when"]["date"]["kind"], "weekday");
        assert_eq!(json["when"]["time"]["hour"], 15);
    }
}
