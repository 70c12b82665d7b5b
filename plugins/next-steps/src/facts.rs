//! What the rules of this crate read from one document, computed once: the author's
//! sentences, the signal-pack hits in each, owners named by name, and time expressions.

use std::cell::OnceCell;

use tactful_core::{CheckOptions, Document, Lang, SegmentKind, Span};
use tactful_match::{PackAnalyzer, PerLang};

use crate::name_owner::name_owner_src;
use crate::time::{Gate, Scan, TimeExpr, find_times_where, piece_srcs};

/// The signals of `packs/signals-*.toml`, by their code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sig {
    Problem,
    Conditional,
    Resolved,
    Decision,
    Commitment,
    Request,
    Role,
    PassiveStep,
    Impact,
    Pleasantry,
    Closing,
}

impl Sig {
    /// Pack codes end in their language (`problem-en`), as codes are unique across packs.
    fn from_code(code: &str) -> Option<Sig> {
        let code = code.rsplit_once('-').map_or(code, |(c, _)| c);
        Some(match code {
            "problem" => Sig::Problem,
            "conditional" => Sig::Conditional,
            "resolved" => Sig::Resolved,
            "decision" => Sig::Decision,
            "commitment" => Sig::Commitment,
            "request" => Sig::Request,
            "role" => Sig::Role,
            "passive-step" => Sig::PassiveStep,
            "impact" => Sig::Impact,
            "pleasantry" => Sig::Pleasantry,
            "closing" => Sig::Closing,
            _ => return None,
        })
    }
}

/// One sentence of the author's text (or a whole list item, heading or turn).
#[derive(Debug, Clone)]
pub(crate) struct Unit<'d> {
    pub span: Span,
    pub kind: SegmentKind,
    /// Index of the segment it is in, among the checked segments.
    pub segment: usize,
    pub hits: Vec<(Sig, Span)>,
    /// Time expressions, spans in the document's text.
    pub times: Vec<TimeExpr>,
    /// A person named as the one who acts ("Marta will send", "AI: Laura to call"), read
    /// the first time a rule asks: most sentences are never asked about.
    named_owner: OnceCell<bool>,
    text: &'d str,
    lang: Lang,
    /// A list item or a marker line, which may start with its owner ("Ana: ...").
    structured: bool,
    /// The gate found the literals the owner-by-name regex needs.
    by_name: bool,
}

impl Unit<'_> {
    /// A person named as the one who acts.
    fn named_owner(&self) -> bool {
        *self.named_owner.get_or_init(|| {
            let (text, lang) = (self.text, self.lang);
            // A match in a part of the text holds the literals the gate found in none.
            self.structured && owner_prefix(text)
                || self.by_name
                    && text
                        .strip_prefix("AI:")
                        .or_else(|| text.strip_prefix("AI "))
                        .is_some_and(|r| {
                            r.trim_start()
                                .chars()
                                .next()
                                .is_some_and(char::is_uppercase)
                                && owner_by_name(lang, r)
                        })
                || self.by_name && owner_by_name(lang, text)
        })
    }

    pub fn has(&self, sig: Sig) -> bool {
        self.hits.iter().any(|(s, _)| *s == sig)
    }

    /// Bad news that is not hypothetical and not already solved.
    pub fn problem(&self) -> Option<Span> {
        if self.has(Sig::Resolved) {
            return None;
        }
        let cond = self
            .hits
            .iter()
            .filter(|(s, _)| *s == Sig::Conditional)
            .map(|(_, sp)| sp.start)
            .min();
        self.hits
            .iter()
            .find(|(s, sp)| *s == Sig::Problem && cond.is_none_or(|c| sp.start < c))
            .map(|(_, sp)| *sp)
    }

    // The signal hits are asked first: they are at hand, the named owner may need a regex.
    pub fn owner(&self) -> bool {
        self.has(Sig::Commitment)
            || self.has(Sig::Request)
            || self.has(Sig::Role)
            || self.named_owner()
    }

    pub fn action(&self) -> bool {
        self.has(Sig::Commitment)
            || self.has(Sig::Request)
            || self.has(Sig::Role)
            || self.has(Sig::PassiveStep)
            || self.named_owner()
    }

    pub fn firm_time(&self) -> bool {
        self.times.iter().any(TimeExpr::is_firm)
    }

    pub fn vague_time(&self) -> Option<&TimeExpr> {
        self.times.iter().find(|t| !t.is_firm())
    }

    /// Owner, action and a firm time in one sentence: who does what by when.
    pub fn concrete_step(&self) -> bool {
        self.firm_time() && self.owner() && self.action()
    }
}

pub(crate) struct Facts<'d> {
    pub lang: Lang,
    pub units: Vec<Unit<'d>>,
    /// The segments read, in order.
    pub segments: Vec<(SegmentKind, Span)>,
}

fn name_owner(lang: Lang) -> &'static Scan {
    static RES: PerLang<Scan> = PerLang::new();
    RES.get_or_init(lang, || Scan::new(name_owner_src(lang)))
}

/// One gate for the time grammar's regexes and, last, the owner-by-name one: a sentence is
/// case-folded and searched for the literals of all of them at once. Its literals are read
/// from the regexes when the crate is built (`build.rs`, [`crate::name_owner::gate_srcs`]).
fn gate(lang: Lang) -> &'static Gate {
    static GATES: PerLang<Gate> = PerLang::new();
    GATES.get_or_init(lang, || Gate::prebuilt(&crate::prebuilt::facts_gate(lang)))
}

/// Words that look like names at the start of a sentence but are not people.
const NOT_NAMES: &[&str] = &[
    "It",
    "This",
    "That",
    "There",
    "These",
    "Those",
    "Everything",
    "Nothing",
    "Something",
    "Who",
    "What",
    "Which",
    "Everyone",
    "Nobody",
    "Someone",
    "Here",
    "Then",
    "Now",
    "Today",
    "Tomorrow",
    "Esto",
    "Eso",
    "Todo",
    "Nadie",
    "Alguien",
    "Hoy",
    "Mañana",
    "Quien",
    "Esta",
    "Este",
    "Se",
    "Это",
    "Всё",
    "Все",
    "Никто",
    "Кто",
    "Сегодня",
    "Завтра",
    "Он",
    "Она",
    "Они",
];

/// Line labels that are not owners ("Timeline: Friday").
const LABELS: &[&str] = &[
    "AI",
    "TODO",
    "Action",
    "Owner",
    "Timeline",
    "Deadline",
    "ETA",
    "Status",
    "Note",
    "Update",
    "Due",
    "When",
    "Tarea",
    "Plazo",
    "Fecha",
    "Estado",
    "Nota",
    "Задача",
    "Срок",
    "Статус",
    "Дедлайн",
    "Примечание",
];

/// A list item or notes line that starts with its owner: "Ana: send ...", "Tom — fix ...",
/// "@ana", "AI: Laura to call ..." (the name test is done on what follows `AI:`).
fn owner_prefix(text: &str) -> bool {
    let t = text
        .trim_start_matches(|c: char| c == '-' || c == '*' || c.is_whitespace())
        .trim_start_matches("[ ]")
        .trim_start_matches("[x]")
        .trim_start();
    let t = ["TODO:", "AI:", "Action:"]
        .iter()
        .find_map(|m| t.strip_prefix(m))
        .unwrap_or(t)
        .trim_start();
    if t.starts_with('@') {
        return true;
    }
    let name = &t[..t.find(|c: char| !c.is_alphabetic()).unwrap_or(t.len())];
    let rest = t[name.len()..].trim_start();
    name.chars().next().is_some_and(char::is_uppercase)
        && !LABELS.contains(&name)
        && (rest.starts_with(':')
            || rest.starts_with('—')
            || rest.starts_with("- ")
            || rest.starts_with('–'))
}

impl<'d> Facts<'d> {
    pub fn read(
        doc: &'d Document,
        opts: &CheckOptions,
        signals: &PackAnalyzer,
    ) -> Result<Facts<'d>, String> {
        use tactful_core::Analyzer;
        let lang = doc.lang.unwrap_or(Lang::En);
        let segments: Vec<(SegmentKind, Span)> = doc
            .segments_to_check(&opts.skip)
            .filter(|s| s.kind.is_authored())
            .map(|s| (s.kind, s.span))
            .collect();
        let hits: Vec<(Sig, Span)> = signals
            .check(doc, opts)?
            .into_iter()
            .filter_map(|f| Sig::from_code(&f.rule).map(|s| (s, f.span)))
            .collect();
        let gate = gate(lang);
        let owner = piece_srcs(lang).count();
        let sentences = ByStart::new(&doc.sentences, |s| *s);
        let hits = ByStart::new(&hits, |(_, h)| *h);
        // A unit is a sentence or a whole segment: no more than both together.
        let mut units = Vec::with_capacity(doc.sentences.len() + segments.len());
        for (si, &(kind, seg)) in segments.iter().enumerate() {
            let mut spans: Vec<Span> = sentences.contained(seg);
            spans.retain(|s| !s.is_empty());
            // Short structured lines are one unit whatever the sentence splitter did.
            if spans.is_empty() || kind == SegmentKind::ListItem || kind == SegmentKind::Heading {
                spans = vec![seg];
            }
            for span in spans {
                let text = doc.slice(span);
                let passes = gate.passes(text);
                let times = find_times_where(lang, text, |i| passes.may(gate, i))
                    .into_iter()
                    .map(|mut t| {
                        t.span = Span::new(t.span.start + span.start, t.span.end + span.start);
                        t
                    })
                    .collect();
                let structured = kind == SegmentKind::ListItem
                    || ["TODO", "AI:", "Action:"]
                        .iter()
                        .any(|m| text.starts_with(m));
                units.push(Unit {
                    span,
                    kind,
                    segment: si,
                    hits: hits.contained(span),
                    times,
                    named_owner: OnceCell::new(),
                    text,
                    lang,
                    structured,
                    by_name: passes.may(gate, owner),
                });
            }
        }
        Ok(Facts {
            lang,
            units,
            segments,
        })
    }

    /// Units of the author's prose (paragraphs, list items, turns), not headings.
    pub fn prose(&self) -> impl Iterator<Item = &Unit<'d>> {
        self.units.iter().filter(|u| u.kind != SegmentKind::Heading)
    }

    pub fn has_headings(&self) -> bool {
        self.segments
            .iter()
            .any(|(k, _)| *k == SegmentKind::Heading)
    }
}

/// A list of spans (or of items with one), for the ones a span contains: in order of start
/// (a copy of their indices sorted so, when the list is not), the ones that start within
/// the span are found by binary search and only they are tested. A short list, or one with
/// a span that ends before it starts, is tested whole.
struct ByStart<'a, T, F> {
    items: &'a [T],
    span: F,
    /// Indices of `items` by start, when `items` is not in that order.
    order: Option<Vec<usize>>,
    /// Whether to search as above; else every item is tested.
    indexed: bool,
}

/// How many items a list holds before it is searched by start: testing a few costs less.
const BY_START_AFTER: usize = 32;

impl<'a, T: Copy, F: Fn(&T) -> Span> ByStart<'a, T, F> {
    fn new(items: &'a [T], span: F) -> Self {
        let indexed =
            items.len() > BY_START_AFTER && items.iter().all(|i| span(i).start <= span(i).end);
        let sorted = !indexed
            || items
                .windows(2)
                .all(|w| span(&w[0]).start <= span(&w[1]).start);
        let order = (!sorted).then(|| {
            let mut order: Vec<usize> = (0..items.len()).collect();
            order.sort_by_key(|&i| span(&items[i]).start);
            order
        });
        ByStart {
            items,
            span,
            order,
            indexed,
        }
    }

    /// The items `outer` contains, in their order in the list.
    fn contained(&self, outer: Span) -> Vec<T> {
        let span = &self.span;
        if !self.indexed {
            return self
                .items
                .iter()
                .filter(|i| outer.contains(span(i)))
                .copied()
                .collect();
        }
        // The items starting from outer's start to its end, in order of start (one starting
        // past the end ends past it too).
        let starts = |order: &[usize]| {
            let start = |i: &usize| span(&self.items[*i]).start;
            let from = order.partition_point(|i| start(i) < outer.start);
            from..from + order[from..].partition_point(|i| start(i) <= outer.end)
        };
        match &self.order {
            None => {
                let from = self.items.partition_point(|i| span(i).start < outer.start);
                let to = from + self.items[from..].partition_point(|i| span(i).start <= outer.end);
                self.items[from..to]
                    .iter()
                    .filter(|i| outer.contains(span(i)))
                    .copied()
                    .collect()
            }
            Some(order) => {
                let mut found: Vec<usize> = order[starts(order)]
                    .iter()
                    .copied()
                    .filter(|&i| outer.contains(span(&self.items[i])))
                    .collect();
                found.sort_unstable();
                found.into_iter().map(|i| self.items[i]).collect()
            }
        }
    }
}

fn owner_by_name(lang: Lang, text: &str) -> bool {
    let mut named = false;
    name_owner(lang).each_match(text, |c| {
        named = c
            .name("name")
            .is_some_and(|n| !NOT_NAMES.contains(&n.text) && !looks_like_a_noun(lang, n.text));
        !named
    });
    named
}

/// English and Spanish nouns that start sentences ("Delivery will", "Deployment will").
fn looks_like_a_noun(lang: Lang, w: &str) -> bool {
    let w = w.to_lowercase();
    let endings: &[&str] = match lang {
        Lang::En => &[
            "ment", "tion", "sion", "ing", "ance", "ence", "ity", "ness", "ure", "ery", "ies",
            "ates",
        ],
        Lang::Es => &["ción", "sión", "miento", "dad", "ura", "aje"],
        Lang::Ru => &["ние", "ция", "ость", "ка"],
    };
    endings.iter().any(|e| w.ends_with(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_named_owner_is_read_only_when_a_rule_asks_and_then_as_before() {
        let text = "Marta will send the report by Friday. Tom will call. The weather is nice.";
        let mut doc = tactful_ingest::parse(
            text.as_bytes(),
            tactful_core::Format::Plain,
            &Default::default(),
        )
        .expect("plain text parses")
        .remove(0);
        doc.lang = Some(Lang::En);
        let facts = Facts::read(&doc, &CheckOptions::default(), crate::analyzer().signals())
            .expect("facts");
        assert_eq!(facts.units.len(), 3);
        assert!(facts.units.iter().all(|u| u.named_owner.get().is_none()));
        let owners: Vec<bool> = facts.units.iter().map(Unit::owner).collect();
        assert_eq!(owners, [true, true, false]);
        // The regex ran where the hits did not answer, and agrees with it.
        for u in &facts.units {
            if let Some(&named) = u.named_owner.get() {
                assert_eq!(named, owner_by_name(Lang::En, doc.slice(u.span)));
            }
        }
        assert!(facts.units.iter().any(|u| u.named_owner.get().is_some()));
    }

    #[test]
    fn the_prebuilt_gate_is_the_one_read_from_the_regexes() {
        for lang in Lang::ALL {
            let read = Gate::new(crate::name_owner::gate_srcs(lang));
            assert_eq!(gate(lang).to_rust(), read.to_rust(), "{lang}");
            // It holds the literals of every regex (the owner-by-name one last).
            assert_eq!(
                Gate::prebuilt(&crate::prebuilt::facts_gate(lang)).to_rust(),
                read.to_rust()
            );
        }
    }

    #[test]
    fn the_spans_a_span_contains_are_the_ones_a_test_of_each_finds() {
        // Longer than BY_START_AFTER: the same spans, every 20 bytes on.
        let spans: Vec<Span> = (0..8)
            .flat_map(|k| {
                [(0, 4), (0, 0), (2, 9), (5, 9), (9, 9), (9, 12), (12, 20)]
                    .map(|(a, b)| Span::new(a + 20 * k, b + 20 * k))
            })
            .collect();
        assert!(spans.len() > BY_START_AFTER);
        let outers = [
            (0, 9),
            (5, 9),
            (9, 9),
            (9, 20),
            (3, 11),
            (0, 30),
            (21, 25),
            (40, 89),
        ];
        let mut shuffled = spans.clone();
        shuffled.swap(1, 5);
        shuffled.swap(0, 30);
        let mut reversed = spans.clone();
        reversed.push(Span { start: 8, end: 7 });
        let short = spans[..5].to_vec();
        for list in [&spans, &shuffled, &reversed, &short] {
            let by_start = ByStart::new(list, |s| *s);
            assert_eq!(
                by_start.indexed,
                list.len() > BY_START_AFTER && !std::ptr::eq(list, &reversed)
            );
            for (a, b) in outers {
                let outer = Span::new(a, b);
                let each: Vec<Span> = list
                    .iter()
                    .copied()
                    .filter(|s| outer.contains(*s))
                    .collect();
                assert_eq!(by_start.contained(outer), each, "{outer:?} in {list:?}");
            }
        }
        // Items keep their order in the list, whatever their starts.
        let hits: Vec<(usize, Span)> = (0..40)
            .map(|i| (i, Span::new(100 - 2 * i, 101 - 2 * i)))
            .collect();
        let by_start = ByStart::new(&hits, |(_, h)| *h);
        assert!(by_start.order.is_some());
        let order: Vec<usize> = by_start
            .contained(Span::new(30, 60))
            .iter()
            .map(|h| h.0)
            .collect();
        assert_eq!(order, (21..=35).collect::<Vec<_>>());
    }

    #[test]
    fn owners_written_as_line_prefixes() {
        assert!(owner_prefix("- Ana: send the contract"));
        assert!(owner_prefix("- [ ] Tom — fix the export"));
        assert!(!owner_prefix("- Update the pricing page"));
        assert!(!owner_prefix("TODO: ask them"));
    }

    #[test]
    fn the_owner_scan_finds_what_the_regex_finds() {
        let texts: Vec<String> = [
            "Marta will send you the report by Friday. Tom'll call; Ana to book it.",
            "It will be back up by 4pm, and Deployment will happen. José will confirm.",
            "Marta le enviará el informe. Ñandú Pedro revisará, Lucía manda el martes.",
            "ÑMarta enviará, La importación se ejecutará el martes.",
            "Марта пришлёт отчёт в пятницу. Олег вам позвонит, ИванОлег проверит.",
            "Исправленный импорт будет запущен во вторник, Ёлка сделает.",
        ]
        .map(String::from)
        .to_vec();
        for lang in Lang::ALL {
            crate::time::tests::assert_scan_is_the_regex(name_owner(lang), &texts);
        }
    }

    #[test]
    fn the_gate_never_skips_the_owner_regex_where_it_matches() {
        let texts: Vec<String> = [
            "Marta will send you the report by Friday. Tom'll call; Ana to book it.",
            "It will be back up by 4pm, and Deployment will happen. José will confirm.",
            "Thanks, Laura takes it from here and Sam owns the rollout.",
            "Marta le enviará el informe. Ñandú Pedro revisará, Lucía manda el martes.",
            "Pedro se encargará, Ana te llama y Luis sube los archivos.",
            "Марта пришлёт отчёт в пятницу. Олег вам позвонит, Ира уточнит сроки.",
            "Исправленный импорт будет запущен во вторник, Ёлка сделает.",
            "Nobody said when.",
            "Никто не ответил.",
        ]
        .map(String::from)
        .to_vec();
        let texts = crate::time::tests::case_variants(&texts);
        for lang in Lang::ALL {
            let gate = gate(lang);
            let owner = piece_srcs(lang).count();
            let reference = regex::Regex::new(name_owner_src(lang)).expect("a valid pattern");
            let mut skipped = 0;
            for text in &texts {
                let may = gate.passes(text).may(gate, owner);
                assert!(may || !reference.is_match(text), "{lang}: {text:?}");
                skipped += usize::from(!may);
            }
            // It does skip sentences: those without one of the verbs.
            assert!(skipped > 0, "{lang}");
        }
        crate::time::tests::assert_gate_folds_alike(Lang::ALL.map(name_owner_src));
    }

    #[test]
    fn owners_named_before_a_verb() {
        assert!(owner_by_name(
            Lang::En,
            "Marta will send you the report by Friday."
        ));
        assert!(owner_by_name(
            Lang::En,
            "Laura to call the printer on Monday"
        ));
        assert!(!owner_by_name(
            Lang::En,
            "Deployment will happen on Friday."
        ));
        assert!(!owner_by_name(Lang::En, "It will be back up by 4pm."));
        assert!(owner_by_name(Lang::Es, "Marta le enviará el informe."));
        assert!(!owner_by_name(
            Lang::Es,
            "La importación se ejecutará el martes."
        ));
        assert!(owner_by_name(Lang::Ru, "Марта пришлёт отчёт в пятницу."));
        assert!(!owner_by_name(
            Lang::Ru,
            "Исправленный импорт будет запущен во вторник."
        ));
    }
}
