//! Jargon: technical and corporate words a non-specialist client may not know, and acronyms
//! never explained in the message, in English, Spanish and Russian.
//!
//! - JAR001 technical jargon and JAR002 corporate jargon / bureaucratese come from the lexicon
//!   packs in `packs/` (one per language and kind, each entry with its own plain-language
//!   suggestion). Each entry is a pack rule with an internal code; findings are reported under
//!   the public code of its kind, so users select, ignore and suppress three codes, not hundreds.
//! - JAR003 unexplained acronyms is written in Rust ([`acronyms`]).
//!
//! Audience: [`Audience::Technical`] switches off JAR001 (and technical acronyms) but keeps
//! JAR002. Glossary terms are never flagged. A term explained once in the document (a
//! parenthesis, "which means", "es decir", "то есть"...) is not flagged anywhere in it.

pub mod acronyms;

use std::collections::HashMap;
use std::rc::Rc;

use tactful_core::{
    Analyzer, Audience, Category, CheckOptions, Diagnostic, Document, Example, Finding, Lang,
    RuleMeta, Severity, Span,
};
use tactful_match::PackAnalyzer;
use tactful_match::context::Frame;
use tactful_match::fold::{DocumentTokens, Tokens, tokenize};

pub use acronyms::Acronyms;

/// Technical jargon (lexicon packs `technical.*.toml`).
pub const TECHNICAL: &str = "JAR001";
/// Corporate jargon and bureaucratese (lexicon packs `corporate.*.toml`).
pub const CORPORATE: &str = "JAR002";
/// Acronyms not explained in the document.
pub const ACRONYM: &str = "JAR003";

/// The built-in lexicons, in load order: (origin, text).
pub const PACKS: &[(&str, &str)] = &[
    (
        "built-in:jargon/technical.en.toml",
        include_str!("../packs/technical.en.toml"),
    ),
    (
        "built-in:jargon/technical.es.toml",
        include_str!("../packs/technical.es.toml"),
    ),
    (
        "built-in:jargon/technical.ru.toml",
        include_str!("../packs/technical.ru.toml"),
    ),
    (
        "built-in:jargon/corporate.en.toml",
        include_str!("../packs/corporate.en.toml"),
    ),
    (
        "built-in:jargon/corporate.es.toml",
        include_str!("../packs/corporate.es.toml"),
    ),
    (
        "built-in:jargon/corporate.ru.toml",
        include_str!("../packs/corporate.ru.toml"),
    ),
];

/// [`PACKS`] as the build script read them (`build.rs`).
const PREBUILT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/jargon.bin"));

/// The jargon analyzer: the lexicon packs plus the acronym rule.
pub struct Jargon {
    packs: PackAnalyzer,
    /// Internal pack rule code -> public code (JAR001 or JAR002).
    public: HashMap<String, &'static str>,
    acronyms: Acronyms,
}

/// The jargon analyzer with its built-in lexicons.
pub fn analyzer() -> Jargon {
    // The built-in packs are checked by this crate's tests; failing here is a build defect.
    Jargon::new().expect("built-in jargon packs load")
}

impl Jargon {
    pub fn new() -> Result<Jargon, String> {
        let packs = PackAnalyzer::from_prebuilt("jargon", PREBUILT)?;
        let public = packs
            .pack_rules()
            .iter()
            .map(|r| {
                let code = if r.pack.starts_with("jargon-technical") {
                    TECHNICAL
                } else {
                    CORPORATE
                };
                (r.code.clone(), code)
            })
            .collect();
        Ok(Jargon {
            packs,
            public,
            acronyms: Acronyms::new(),
        })
    }

    /// The compiled lexicons (for running their inline examples).
    pub fn packs(&self) -> &PackAnalyzer {
        &self.packs
    }
}

impl Analyzer for Jargon {
    fn name(&self) -> &str {
        "jargon"
    }

    fn rules(&self) -> Vec<RuleMeta> {
        rule_metas()
    }

    fn check(&self, doc: &Document, opts: &CheckOptions) -> Result<Vec<Finding>, String> {
        let mut out = Vec::new();
        // The tokens of the segments checked, fetched once for all the findings to look for
        // their explanations in.
        let mut checked: Option<Explanations> = None;
        for mut f in self.packs.check(doc, opts)? {
            let Some(code) = self.public.get(&f.rule) else {
                continue;
            };
            if opts.audience == Audience::Technical && *code == TECHNICAL {
                continue;
            }
            if explained_nearby(doc, f.span)
                || explained_elsewhere(
                    doc,
                    checked.get_or_insert_with(|| {
                        let tokens = DocumentTokens::new(doc);
                        Explanations {
                            checked: doc
                                .segments_to_check(&opts.skip)
                                .map(|seg| tokens.get(seg.span))
                                .collect(),
                            occurrences: HashMap::new(),
                        }
                    }),
                    f.span,
                )
            {
                continue;
            }
            f.rule = (*code).to_string();
            out.push(f);
        }
        // A lexicon entry ("SSL certificate") says more than the bare acronym rule.
        let lexicon: Vec<Span> = out.iter().map(|f| f.span).collect();
        out.extend(self.acronyms.check(doc, opts).into_iter().filter(|a| {
            !lexicon
                .iter()
                .any(|s| s.start < a.span.end && a.span.start < s.end)
        }));
        Ok(out)
    }
}

/// Cues that start an explanation after a comma.
const CUES: &[&str] = &[
    "which means",
    "that is",
    "i.e.",
    "ie ",
    "meaning",
    "in other words",
    "es decir",
    "o sea",
    "que significa",
    "lo que significa",
    "то есть",
    "т. е.",
    "т.е.",
    "что означает",
    "что значит",
    "это значит",
    "иными словами",
    "другими словами",
];

/// Explained a few words later in the same clause: "a rollback tonight, which means going
/// back", "откат ночью, то есть". The matcher's context reads only what follows the term.
pub(crate) fn explained_nearby(doc: &Document, span: Span) -> bool {
    let seg_end = doc
        .segment_at(span.start)
        .map_or(doc.text.len(), |s| s.span.end);
    let mut end = (span.end + 80).min(seg_end.max(span.end));
    while !doc.text.is_char_boundary(end) {
        end -= 1;
    }
    let after = &doc.text[span.end..end];
    let Some(comma) = after.find(',') else {
        return false;
    };
    let between = &after[..comma];
    if between.contains(['.', '!', '?', ';', ':', '\n']) || between.split_whitespace().count() > 3 {
        return false;
    }
    let rest = after[comma + 1..].trim_start().to_lowercase();
    CUES.iter().any(|c| rest.starts_with(c))
}

/// Whether the words at `span`, or one of its longer words ("snapshot" in "the snapshot is
/// kept"), are explained at another place of the document (the first use explained covers
/// the later ones).
fn explained_elsewhere(doc: &Document, ex: &mut Explanations, span: Span) -> bool {
    let matched = doc.slice(span);
    let whole = tokenize(matched, 0);
    let mut terms = vec![whole.keys.clone()];
    if whole.len() > 1 {
        terms.extend(
            (0..whole.len())
                .filter(|&i| whole.tokens[i].word && whole.key(i).chars().count() >= 5)
                .map(|i| format!(" {} ", whole.key(i))),
        );
    }
    terms
        .into_iter()
        .any(|keys| ex.explained_somewhere(doc, keys, span))
}

/// The checked segments' tokens, and where the word sequences already looked for occur
/// there: a term found again and again in a document (most are) is searched for once, and
/// each occurrence judged explained or not once.
struct Explanations {
    checked: Vec<Rc<Tokens>>,
    /// Folded keys (" a b ") -> their occurrences in text order, each with whether it is
    /// explained once that was asked.
    occurrences: HashMap<String, Vec<(Span, Option<bool>)>>,
}

impl Explanations {
    /// Whether the folded token sequence `keys` occurs explained in the checked segments,
    /// other than at `span`. The occurrences are judged in text order up to the first
    /// explained one, as a search that stops there would.
    fn explained_somewhere(&mut self, doc: &Document, keys: String, span: Span) -> bool {
        let checked = &self.checked;
        let found = self
            .occurrences
            .entry(keys)
            .or_insert_with_key(|keys| occurrences(checked, keys));
        found.iter_mut().any(|(here, explained)| {
            *here != span
                && *explained.get_or_insert_with(|| {
                    explained_at_span(doc, *here) || explained_nearby(doc, *here)
                })
        })
    }
}

/// Where the folded token sequence `keys` (" a b ") occurs in the `checked` segments'
/// tokens, in order.
fn occurrences(checked: &[Rc<Tokens>], keys: &str) -> Vec<(Span, Option<bool>)> {
    let mut out = Vec::new();
    let n = keys.split_whitespace().count();
    if n == 0 {
        return out;
    }
    // One searcher (SIMD where the CPU has it) for all the segments.
    let finder = memchr::memmem::Finder::new(keys);
    for toks in checked {
        let mut from = 0;
        while let Some(pos) = finder.find(&toks.keys.as_bytes()[from..]) {
            let at = from + pos;
            from = at + 1;
            let Some(first) = toks.token_at_key(at + 1) else {
                continue;
            };
            let Some(last) = toks.tokens.get(first + n - 1) else {
                continue;
            };
            out.push((Span::new(toks.tokens[first].start, last.end), None));
        }
    }
    out
}

/// The matcher's context `explained` flag of `span`, computed alone (its other flags
/// tokenize the sentence).
pub(crate) fn explained_at_span(doc: &Document, span: Span) -> bool {
    Frame::new(doc, span).has("explained", false) == Some(true)
}

/// Words of the author's own prose (quoted replies, signatures, code and headers left out).
pub fn authored_words(doc: &Document) -> usize {
    // The document is compared with the token cache's once, not for every segment.
    let tokens = DocumentTokens::new(doc);
    doc.segments
        .iter()
        .filter(|s| s.kind.is_authored())
        .map(|s| tokens.get(s.span).tokens.iter().filter(|t| t.word).count())
        .sum()
}

/// Jargon density for batch review: findings of category `jargon` (any analyzer, packs
/// included) per 100 authored words; 0 for a document without authored words.
pub fn density(doc: &Document, diagnostics: &[Diagnostic]) -> f64 {
    let n = diagnostics
        .iter()
        .filter(|d| d.category == Category::JARGON)
        .count();
    // Without findings the density is 0 whatever the word count: the words (a tokenization
    // of the whole document) are counted only when there is something to divide.
    if n == 0 {
        return 0.0;
    }
    let words = authored_words(doc);
    if words == 0 {
        return 0.0;
    }
    n as f64 * 100.0 / words as f64
}

fn ex(lang: Lang, bad: &str, good: &str) -> Example {
    Example {
        lang,
        bad: bad.to_string(),
        good: good.to_string(),
    }
}

fn rule_metas() -> Vec<RuleMeta> {
    let origin = "built-in (tactful-jargon)".to_string();
    vec![
        RuleMeta {
            code: TECHNICAL.into(),
            name: "technical-jargon".into(),
            category: Category::JARGON.into(),
            severity: Severity::Warning,
            summary: "Software and hosting terms a non-specialist client may not know (\"rollback\", \"DNS propagation\", \"hacer deploy\", \"задеплоить\"), with a plain-language suggestion.".into(),
            why: "A client outside IT reads a technical term as noise, or as a sign that something is being hidden, \
and stops following the message. The advice tactful encodes says: avoid technical jargon and keep statements \
short. Quiet for `audience = \"technical\"`, for glossary terms, and where the term is explained (\"a snapshot \
(a saved copy of the server)\"). Lexicons: packs/technical.{en,es,ru}.toml."
                .into(),
            examples: vec![
                ex(Lang::En, "We rolled back the release and the hotfix goes to prod tonight.", "We went back to the previous version; the urgent fix goes live tonight."),
                ex(Lang::Es, "Hicimos deploy del fix en producción.", "Publicamos el arreglo en la web."),
                ex(Lang::Ru, "Баг пофиксили, вечером задеплоим на прод.", "Ошибку исправили, вечером выложим исправление на сайт."),
            ],
            languages: Vec::new(),
            origin: origin.clone(),
        },
        RuleMeta {
            code: CORPORATE.into(),
            name: "corporate-jargon".into(),
            category: Category::JARGON.into(),
            severity: Severity::Warning,
            summary: "Buzzwords and bureaucratese that hide the meaning (\"leverage synergies\", \"circle back\", \"en aras de\", \"в целях\", \"осуществлять\"), with a plain-language suggestion.".into(),
            why: "Office formulas sound evasive and say less in more words; a client with a problem wants to know \
what happens, who does it and when. Stays on for technical audiences. Lexicons: packs/corporate.{en,es,ru}.toml."
                .into(),
            examples: vec![
                ex(Lang::En, "Let's leverage our synergies and circle back next week.", "Let's combine the two lists; I'll call you on Tuesday."),
                ex(Lang::Es, "En aras de agilizar el proceso, procederemos a la revisión.", "Para ir más rápido, revisaremos el pedido hoy."),
                ex(Lang::Ru, "В целях устранения данной проблемы осуществляется проверка.", "Чтобы исправить ошибку, мы проверяем сайт."),
            ],
            languages: Vec::new(),
            origin: origin.clone(),
        },
        RuleMeta {
            code: ACRONYM.into(),
            name: "unexplained-acronym".into(),
            category: Category::JARGON.into(),
            severity: Severity::Warning,
            summary: "An acronym (2-6 capitals, Latin or Cyrillic) that the message never spells out or explains.".into(),
            why: "An acronym the reader does not know stops the reading; the client has to guess or ask. Spell it \
out once (\"service level agreement (SLA)\", \"SLA (our agreement on response times)\") and the rest of the \
message may use it. Not flagged: acronyms everyone knows (OK, PDF, USA, EU, CEO, VAT, IVA, ООО, РФ, НДС...; \
see `acronyms::ALLOWED`), glossary terms, technical acronyms for a technical audience, code, URLs, e-mail \
addresses and file names, quoted replies and signatures, all-caps headings and shouted lines, emphasis words \
in capitals (NOT, NUNCA, НЕ), Roman numerals, names written in quotes or used in the signature or web \
addresses, and names followed by a version number."
                .into(),
            examples: vec![
                ex(Lang::En, "Under the SLA, the RTO is four hours.", "Under our service agreement, we bring the site back within four hours."),
                ex(Lang::Es, "Los KPI de febrero están en el adjunto.", "Los indicadores de ventas de febrero (KPI) están en el adjunto."),
                ex(Lang::Ru, "NPS упал до 31.", "Индекс лояльности клиентов (NPS) упал до 31."),
            ],
            languages: Vec::new(),
            origin,
        },
    ]
}

#[cfg(test)]
mod tests;
