//! Rule packs: TOML files of phrase rules (format in `docs/rule-packs.md`), loaded with
//! errors that say file, line, column and what is wrong.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use tactful_core::{Audience, Lang, LineIndex, Severity};
use toml::Spanned;

use crate::context::Context;

/// A place in a pack file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    /// The file path, or the name a built-in pack was registered under.
    pub origin: String,
    /// 1-based line and character column.
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.origin, self.line, self.column)
    }
}

/// One thing wrong with a pack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub location: Location,
    pub message: String,
}

/// A pack that cannot be used: every problem found, each with its place. The CLI exits with
/// code 2 on it (a usage error, like a broken config).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackError {
    pub problems: Vec<Problem>,
}

impl fmt::Display for PackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{}: {}", p.location, p.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for PackError {}

/// Turns byte spans of one source into locations.
pub(crate) struct Locator<'a> {
    origin: &'a str,
    index: LineIndex<'a>,
}

impl<'a> Locator<'a> {
    pub(crate) fn new(origin: &'a str, text: &'a str) -> Self {
        Locator {
            origin,
            index: LineIndex::new(text),
        }
    }
    pub(crate) fn at(&self, span: &Range<usize>) -> Location {
        let (line, column) = self.index.line_col(span.start);
        Location {
            origin: self.origin.to_string(),
            line,
            column,
        }
    }
}

/// Pack metadata (`[pack]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackMeta {
    pub name: String,
    pub version: Option<String>,
    pub description: Option<String>,
    pub sources: Vec<String>,
    pub languages: Vec<Lang>,
    pub origin: String,
}

/// When an exception cancels a match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ExceptionScope {
    /// The exception's match overlaps the rule's match.
    #[default]
    Overlap,
    /// The exception matches anywhere in the same sentence.
    Sentence,
}

/// A pattern (phrase or regex) for one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LangPattern {
    pub lang: Lang,
    pub text: String,
    pub location: Location,
}

/// An inline example: a sentence the rule must flag (`bad`) or leave alone (`good`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackExample {
    pub lang: Lang,
    pub text: String,
    pub bad: bool,
    pub location: Location,
}

/// A rule as a pack defines it, after `overrides` are resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackRule {
    pub code: String,
    pub name: String,
    pub category: String,
    pub severity: Severity,
    pub languages: Vec<Lang>,
    pub patterns: Vec<LangPattern>,
    pub regexes: Vec<LangPattern>,
    pub exceptions: Vec<LangPattern>,
    pub exception_scope: ExceptionScope,
    pub stem: bool,
    /// Context names (see [`Context::has`]) that cancel a match.
    pub unless: Vec<String>,
    /// Audiences the rule speaks to; empty means every audience.
    pub audiences: Vec<Audience>,
    pub message: String,
    pub suggestion: Option<String>,
    pub summary: String,
    pub why: String,
    pub examples: Vec<PackExample>,
    /// The pack the rule comes from.
    pub pack: String,
    pub location: Location,
}

/// One parsed pack: metadata, its rules, and what it switches off.
#[derive(Debug, Clone)]
pub(crate) struct ParsedPack {
    pub meta: PackMeta,
    pub rules: Vec<RawRuleAt>,
}

// ---- TOML shape ----

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPack {
    pack: Spanned<RawMeta>,
    #[serde(default)]
    rule: Vec<Spanned<RawRule>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeta {
    name: Spanned<String>,
    version: Option<String>,
    description: Option<String>,
    #[serde(default)]
    sources: Vec<String>,
    #[serde(alias = "language", alias = "lang")]
    languages: Option<Spanned<Strings>>,
}

#[derive(Deserialize, Clone, Debug)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRule {
    code: Option<Spanned<String>>,
    name: Option<Spanned<String>>,
    category: Option<String>,
    severity: Option<Spanned<String>>,
    #[serde(alias = "languages", alias = "language")]
    lang: Option<Spanned<Strings>>,
    patterns: Option<Spanned<PerLang>>,
    regex: Option<Spanned<PerLang>>,
    exceptions: Option<Spanned<PerLang>>,
    exception_scope: Option<Spanned<String>>,
    stem: Option<bool>,
    unless: Option<Vec<Spanned<String>>>,
    audiences: Option<Vec<Spanned<String>>>,
    message: Option<String>,
    suggestion: Option<String>,
    summary: Option<String>,
    why: Option<String>,
    bad: Option<Vec<Spanned<String>>>,
    good: Option<Vec<Spanned<String>>>,
    examples: Option<BTreeMap<Spanned<String>, RawExamples>>,
    enabled: Option<bool>,
    overrides: Option<Spanned<String>>,
}

#[derive(Deserialize, Clone, Debug)]
#[serde(deny_unknown_fields)]
struct RawExamples {
    #[serde(default)]
    bad: Vec<Spanned<String>>,
    #[serde(default)]
    good: Vec<Spanned<String>>,
}

/// A rule with the file it came from.
#[derive(Debug, Clone)]
pub(crate) struct RawRuleAt {
    pub raw: RawRule,
    pub span: Range<usize>,
}

impl RawRuleAt {
    pub(crate) fn overrides(&self) -> Option<&str> {
        self.raw.overrides.as_ref().map(|o| o.get_ref().trim())
    }
}

/// A string or a list of strings.
#[derive(Debug, Clone)]
struct Strings(Vec<Spanned<String>>);

impl<'de> Deserialize<'de> for Strings {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Strings;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a language code like \"en\", or a list of them")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Strings, E> {
                Ok(Strings(vec![Spanned::new(0..0, v.to_string())]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Strings, A::Error> {
                let mut out = Vec::new();
                while let Some(s) = seq.next_element::<Spanned<String>>()? {
                    out.push(s);
                }
                Ok(Strings(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// Patterns for every language of the rule (a list), or per language (a table).
#[derive(Debug, Clone)]
enum PerLang {
    All(Vec<Spanned<String>>),
    By(Vec<(Spanned<String>, Vec<Spanned<String>>)>),
}

impl<'de> Deserialize<'de> for PerLang {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = PerLang;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "a list of patterns, or a table of language = [patterns] (en = [...], es = [...])",
                )
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<PerLang, E> {
                Ok(PerLang::All(vec![Spanned::new(0..0, v.to_string())]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<PerLang, A::Error> {
                let mut out = Vec::new();
                while let Some(s) = seq.next_element::<Spanned<String>>()? {
                    out.push(s);
                }
                Ok(PerLang::All(out))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<PerLang, A::Error> {
                let mut out = Vec::new();
                while let Some(k) = map.next_key::<Spanned<String>>()? {
                    let v: Strings = map.next_value()?;
                    out.push((k, v.0));
                }
                Ok(PerLang::By(out))
            }
        }
        d.deserialize_any(V)
    }
}

// ---- parsing ----

fn problem(loc: Location, message: impl Into<String>) -> Problem {
    Problem {
        location: loc,
        message: message.into(),
    }
}

/// The span of a value, or `fallback` for values without one (a lone string given where a
/// list was expected).
fn span_or<T>(s: &Spanned<T>, fallback: &Range<usize>) -> Range<usize> {
    if s.span().is_empty() {
        fallback.clone()
    } else {
        s.span()
    }
}

pub(crate) fn parse_lang(
    s: &Spanned<String>,
    fallback: &Range<usize>,
    loc: &Locator,
    problems: &mut Vec<Problem>,
) -> Option<Lang> {
    let lang = Lang::from_code(s.get_ref());
    if lang.is_none() {
        problems.push(problem(
            loc.at(&span_or(s, fallback)),
            format!("unknown language `{}`; use en, es or ru", s.get_ref()),
        ));
    }
    lang
}

/// Parses a pack's TOML; rules are resolved and checked by [`crate::PackSet`].
pub(crate) fn parse_pack(origin: &str, text: &str) -> Result<ParsedPack, PackError> {
    let loc = Locator::new(origin, text);
    let raw: RawPack = toml::from_str(text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        PackError {
            problems: vec![problem(loc.at(&span), e.message().trim().to_string())],
        }
    })?;
    let mut problems = Vec::new();
    let meta = raw.pack.into_inner();
    let name = meta.name.get_ref().trim().to_string();
    if name.is_empty() {
        problems.push(problem(loc.at(&meta.name.span()), "the pack name is empty"));
    }
    let languages = meta
        .languages
        .as_ref()
        .map(|l| {
            let fallback = l.span();
            l.get_ref()
                .0
                .iter()
                .filter_map(|s| parse_lang(s, &fallback, &loc, &mut problems))
                .collect()
        })
        .unwrap_or_default();
    if !problems.is_empty() {
        return Err(PackError { problems });
    }
    Ok(ParsedPack {
        meta: PackMeta {
            name,
            version: meta.version,
            description: meta.description,
            sources: meta.sources,
            languages,
            origin: origin.to_string(),
        },
        rules: raw
            .rule
            .into_iter()
            .map(|r| {
                let span = r.span();
                RawRuleAt {
                    raw: r.into_inner(),
                    span,
                }
            })
            .collect(),
    })
}

fn valid_code(code: &str) -> bool {
    let mut chars = code.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// What a `[[rule]]` entry does to the set of rules.
pub(crate) enum RuleAction {
    /// Defines (or redefines, with `overrides`) a rule.
    Define {
        rule: Box<PackRule>,
        replaces: Option<String>,
    },
    /// `enabled = false`: switches a rule off.
    Disable { code: String },
}

/// Resolves one raw rule against `base` (the rule it overrides, if any).
pub(crate) fn resolve_rule(
    raw: &RawRule,
    span: &Range<usize>,
    base: Option<&PackRule>,
    meta: &PackMeta,
    loc: &Locator,
    problems: &mut Vec<Problem>,
) -> Option<RuleAction> {
    let here = loc.at(span);
    let n_before = problems.len();
    let overrides = raw
        .overrides
        .as_ref()
        .map(|o| o.get_ref().trim().to_string());
    let code = match (&raw.code, &overrides) {
        (Some(c), _) => {
            let code = c.get_ref().trim().to_string();
            if !valid_code(&code) {
                problems.push(problem(
                    loc.at(&c.span()),
                    format!("rule code `{code}` must start with a letter and hold only letters, digits, `-` and `_`"),
                ));
            }
            code
        }
        (None, Some(o)) => o.clone(),
        (None, None) => {
            problems.push(problem(here.clone(), "the rule has no `code`"));
            return None;
        }
    };
    if raw.enabled == Some(false) {
        return Some(RuleAction::Disable {
            code: overrides.unwrap_or(code),
        });
    }

    // Languages: the rule's own, else those its per-language patterns name, else the pack's.
    let mut languages: Vec<Lang> = if let Some(l) = &raw.lang {
        let fallback = l.span();
        l.get_ref()
            .0
            .iter()
            .filter_map(|s| parse_lang(s, &fallback, loc, problems))
            .collect()
    } else if let Some(PerLang::By(by)) = raw.patterns.as_ref().map(|p| p.get_ref()) {
        let fallback = raw.patterns.as_ref().map(|p| p.span()).unwrap_or_default();
        by.iter()
            .filter_map(|(k, _)| parse_lang(k, &fallback, loc, problems))
            .collect()
    } else if let Some(b) = base {
        b.languages.clone()
    } else {
        meta.languages.clone()
    };
    languages.sort();
    languages.dedup();
    if languages.is_empty() {
        problems.push(problem(
            here.clone(),
            "the rule names no language: set `lang = \"en\"` (or a list) on the rule or `languages` in [pack]",
        ));
        return None;
    }

    let per_lang = |field: &Option<Spanned<PerLang>>,
                    what: &str,
                    problems: &mut Vec<Problem>|
     -> Option<Vec<LangPattern>> {
        let f = field.as_ref()?;
        let fallback = f.span();
        let mut out = Vec::new();
        match f.get_ref() {
            PerLang::All(list) => {
                for s in list {
                    for &lang in &languages {
                        out.push(LangPattern {
                            lang,
                            text: s.get_ref().clone(),
                            location: loc.at(&span_or(s, &fallback)),
                        });
                    }
                }
            }
            PerLang::By(by) => {
                for (k, list) in by {
                    let Some(lang) = parse_lang(k, &fallback, loc, problems) else {
                        continue;
                    };
                    if !languages.contains(&lang) {
                        problems.push(problem(
                            loc.at(&span_or(k, &fallback)),
                            format!(
                                "{what} for `{lang}`, which the rule does not check (lang = {:?})",
                                languages.iter().map(|l| l.code()).collect::<Vec<_>>()
                            ),
                        ));
                    }
                    for s in list {
                        out.push(LangPattern {
                            lang,
                            text: s.get_ref().clone(),
                            location: loc.at(&span_or(s, &fallback)),
                        });
                    }
                }
            }
        }
        Some(out)
    };
    let patterns = per_lang(&raw.patterns, "patterns", problems)
        .or_else(|| base.map(|b| b.patterns.clone()))
        .unwrap_or_default();
    let regexes = per_lang(&raw.regex, "regex", problems)
        .or_else(|| base.map(|b| b.regexes.clone()))
        .unwrap_or_default();
    let exceptions = per_lang(&raw.exceptions, "exceptions", problems)
        .or_else(|| base.map(|b| b.exceptions.clone()))
        .unwrap_or_default();
    if patterns.is_empty() && regexes.is_empty() {
        problems.push(problem(
            here.clone(),
            format!("rule {code} has no `patterns` (or `regex`), so it can never match"),
        ));
    }

    let severity = match &raw.severity {
        Some(s) => Severity::from_name(s.get_ref()).unwrap_or_else(|| {
            problems.push(problem(
                loc.at(&s.span()),
                format!(
                    "unknown severity `{}`; use info, warning or error",
                    s.get_ref()
                ),
            ));
            Severity::Warning
        }),
        None => base.map_or(Severity::Warning, |b| b.severity),
    };
    let exception_scope = match &raw.exception_scope {
        Some(s) => match s.get_ref().as_str() {
            "overlap" => ExceptionScope::Overlap,
            "sentence" => ExceptionScope::Sentence,
            other => {
                problems.push(problem(
                    loc.at(&s.span()),
                    format!("unknown exception_scope `{other}`; use overlap or sentence"),
                ));
                ExceptionScope::Overlap
            }
        },
        None => base.map_or(ExceptionScope::Overlap, |b| b.exception_scope),
    };
    let unless = match &raw.unless {
        Some(list) => list
            .iter()
            .filter_map(|u| {
                let name = u.get_ref().trim();
                if Context::NAMES.contains(&name) {
                    Some(name.to_string())
                } else {
                    problems.push(problem(
                        loc.at(&u.span()),
                        format!(
                            "unknown context `{name}` in `unless`; use one of {}",
                            Context::NAMES.join(", ")
                        ),
                    ));
                    None
                }
            })
            .collect(),
        None => base.map(|b| b.unless.clone()).unwrap_or_default(),
    };
    let audiences = match &raw.audiences {
        Some(list) => list
            .iter()
            .filter_map(|a| match a.get_ref().trim() {
                "general" => Some(Audience::General),
                "technical" => Some(Audience::Technical),
                other => {
                    problems.push(problem(
                        loc.at(&a.span()),
                        format!("unknown audience `{other}`; use general or technical"),
                    ));
                    None
                }
            })
            .collect(),
        None => base.map(|b| b.audiences.clone()).unwrap_or_default(),
    };

    let text_field = |v: &Option<String>, b: Option<&String>| -> Option<String> {
        v.as_ref()
            .map(|s| s.trim().to_string())
            .or_else(|| b.cloned())
            .filter(|s| !s.is_empty())
    };
    let message = text_field(&raw.message, base.map(|b| &b.message));
    let why = text_field(&raw.why, base.map(|b| &b.why));
    let category = text_field(&raw.category, base.map(|b| &b.category));
    for (value, field) in [
        (&message, "message"),
        (&why, "why"),
        (&category, "category"),
    ] {
        if value.is_none() {
            problems.push(problem(
                here.clone(),
                format!("rule {code} has no `{field}`"),
            ));
        }
    }
    let suggestion = raw
        .suggestion
        .as_ref()
        .map(|s| s.trim().to_string())
        .or_else(|| base.and_then(|b| b.suggestion.clone()));
    let name = raw
        .name
        .as_ref()
        .map(|n| n.get_ref().trim().to_string())
        .or_else(|| base.filter(|b| b.code == code).map(|b| b.name.clone()))
        .unwrap_or_else(|| code.to_lowercase());

    // Examples: `bad`/`good` on a one-language rule, else `[rule.examples.<lang>]`.
    let mut examples = Vec::new();
    let mut push_examples = |lang: Lang, list: &[Spanned<String>], bad: bool| {
        for s in list {
            examples.push(PackExample {
                lang,
                text: s.get_ref().clone(),
                bad,
                location: loc.at(&s.span()),
            });
        }
    };
    if raw.bad.is_some() || raw.good.is_some() {
        if languages.len() == 1 {
            push_examples(languages[0], raw.bad.as_deref().unwrap_or_default(), true);
            push_examples(languages[0], raw.good.as_deref().unwrap_or_default(), false);
        } else {
            let at = raw
                .bad
                .iter()
                .chain(&raw.good)
                .flatten()
                .next()
                .map(|s| s.span());
            problems.push(problem(
                at.map_or(here.clone(), |s| loc.at(&s)),
                "this rule checks several languages: put its examples under [rule.examples.en], [rule.examples.es], ...",
            ));
        }
    }
    if let Some(by) = &raw.examples {
        for (k, ex) in by {
            let Some(lang) = parse_lang(k, span, loc, problems) else {
                continue;
            };
            if !languages.contains(&lang) {
                problems.push(problem(
                    loc.at(&span_or(k, span)),
                    format!("examples for `{lang}`, which the rule does not check"),
                ));
            }
            push_examples(lang, &ex.bad, true);
            push_examples(lang, &ex.good, false);
        }
    }
    if raw.bad.is_none()
        && raw.good.is_none()
        && raw.examples.is_none()
        && let Some(b) = base
    {
        examples = b.examples.clone();
    }

    if problems.len() > n_before {
        return None;
    }
    let message = message.unwrap_or_default();
    let summary = raw
        .summary
        .as_ref()
        .map(|s| s.trim().to_string())
        .or_else(|| base.map(|b| b.summary.clone()))
        .unwrap_or_else(|| message.replace("{match}", "a phrase"));
    Some(RuleAction::Define {
        rule: Box::new(PackRule {
            code,
            name,
            category: category.unwrap_or_default(),
            severity,
            languages,
            patterns,
            regexes,
            exceptions,
            exception_scope,
            stem: raw.stem.or(base.map(|b| b.stem)).unwrap_or(false),
            unless,
            audiences,
            message,
            suggestion,
            summary,
            why: why.unwrap_or_default(),
            examples,
            pack: meta.name.clone(),
            location: here,
        }),
        replaces: overrides,
    })
}
