//! Packs loaded together ([`PackSet`]) and compiled into one [`PackAnalyzer`]: one matcher
//! per language for every pattern and exception of every rule.

use std::fmt;
use std::path::Path;

use tactful_core::{
    Analyzer, CheckOptions, Document, Example, Finding, Format, Lang, LanguageStatus, RuleMeta,
    Span,
};

use serde::{Deserialize, Serialize};

use crate::context::Frame;
use crate::fold::tokenize;
use crate::lazy::PerLang;
use crate::matcher::{Hit, Matcher, MatcherBuilder, PatternOptions};
use crate::pack::{
    ExceptionScope, Location, Locator, PackError, PackMeta, PackRule, Problem, RuleAction,
    parse_pack, resolve_rule,
};
use crate::pattern::{parse, variant_text};
use crate::stem::Stemmer;

/// Packs loaded in order; a later pack may override or switch off an earlier pack's rule.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct PackSet {
    packs: Vec<PackMeta>,
    rules: Vec<PackRule>,
    /// Codes that a pack switched off or replaced but no pack here defines: rules of other
    /// analyzers (Rust ones), for the caller to switch off.
    external: Vec<String>,
}

impl PackSet {
    pub fn new() -> Self {
        PackSet::default()
    }

    /// Adds a pack from its text; `origin` names it in errors and in `RuleMeta::origin`
    /// (a path, or e.g. `built-in:defensive-en.toml`). On error the set is unchanged.
    pub fn add_str(&mut self, origin: &str, text: &str) -> Result<&mut Self, PackError> {
        self.add(origin, text, true)
    }

    /// Adds a pack compiled into the binary: read and resolved as by [`PackSet::add_str`], but
    /// its patterns are not expanded and checked one by one, work that grows with the lexicon
    /// and would be paid by every run. The crate that ships the pack must test it with
    /// `add_str`; a broken pattern would otherwise surface as an analyzer error on the first
    /// document in its language.
    pub fn add_built_in(&mut self, origin: &str, text: &str) -> Result<&mut Self, PackError> {
        self.add(origin, text, false)
    }

    fn add(&mut self, origin: &str, text: &str, check: bool) -> Result<&mut Self, PackError> {
        let parsed = parse_pack(origin, text)?;
        let loc = Locator::new(origin, text);
        let mut rules = self.rules.clone();
        let mut external = self.external.clone();
        let mut problems: Vec<Problem> = Vec::new();
        for r in &parsed.rules {
            let base = r
                .overrides()
                .and_then(|o| rules.iter().find(|x| x.code == o));
            let Some(action) =
                resolve_rule(&r.raw, &r.span, base, &parsed.meta, &loc, &mut problems)
            else {
                continue;
            };
            match action {
                RuleAction::Disable { code } => {
                    if let Some(i) = rules.iter().position(|x| x.code == code) {
                        rules.remove(i);
                    } else {
                        external.push(code);
                    }
                }
                RuleAction::Define { rule, replaces } => {
                    if let Some(old) = &replaces {
                        match rules.iter().position(|x| &x.code == old) {
                            Some(i) => {
                                rules.remove(i);
                            }
                            None => external.push(old.clone()),
                        }
                    }
                    if let Some(first) = rules.iter().find(|x| x.code == rule.code) {
                        problems.push(Problem {
                            location: rule.location.clone(),
                            message: format!(
                                "duplicate rule code {}: already defined at {}; to replace it, add `overrides = \"{}\"`",
                                rule.code, first.location, rule.code
                            ),
                        });
                        continue;
                    }
                    if check {
                        check_patterns(&rule, &mut problems);
                    }
                    rules.push(*rule);
                }
            }
        }
        if !problems.is_empty() {
            return Err(PackError { problems });
        }
        self.packs.push(parsed.meta);
        self.rules = rules;
        external.sort();
        external.dedup();
        self.external = external;
        Ok(self)
    }

    /// A set of packs compiled into the binary, `(origin, text)` added in order with
    /// [`PackSet::add_built_in`].
    pub fn built_in<O: AsRef<str>, T: AsRef<str>>(
        sources: &[(O, T)],
    ) -> Result<PackSet, PackError> {
        let mut set = PackSet::new();
        for (origin, text) in sources {
            set.add_built_in(origin.as_ref(), text.as_ref())?;
        }
        Ok(set)
    }

    /// The set and its matchers as a build script saves them ([`PackAnalyzer::from_prebuilt`]
    /// reads them), so that the binary reads its built-in packs already parsed, resolved and
    /// compiled: reading the TOML took a third of a one-draft run, and compiling the patterns
    /// half of the rest. Errors are those of compiling the patterns.
    pub fn to_prebuilt(&self) -> Result<Vec<u8>, PackError> {
        let mut sections = vec![postcard::to_stdvec(self).expect("a pack set is plain data")];
        for lang in Lang::ALL {
            let compiled = compile(&self.rules, lang)?;
            sections.push(postcard::to_stdvec(&compiled).expect("a matcher is plain data"));
        }
        let mut out = Vec::new();
        for section in sections {
            out.extend_from_slice(&(section.len() as u64).to_le_bytes());
            out.extend_from_slice(&section);
        }
        Ok(out)
    }

    /// For a build script: reads the packs at `sources` (`(origin, path relative to the
    /// crate)`) as [`PackSet::add_built_in`] does and writes them to `$OUT_DIR/<file>` with
    /// [`PackSet::to_prebuilt`], for [`PackAnalyzer::from_prebuilt`] with `include_bytes!`.
    pub fn prebuild<O: AsRef<str>, P: AsRef<str>>(
        file: &str,
        sources: &[(O, P)],
    ) -> Result<(), String> {
        let mut texts = Vec::new();
        for (origin, path) in sources {
            let (origin, path) = (origin.as_ref(), path.as_ref());
            println!("cargo::rerun-if-changed={path}");
            let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
            texts.push((origin, text));
        }
        let set = PackSet::built_in(&texts).map_err(|e| e.to_string())?;
        let dir = std::env::var("OUT_DIR").map_err(|_| "OUT_DIR is not set".to_string())?;
        let out = Path::new(&dir).join(file);
        let prebuilt = set.to_prebuilt().map_err(|e| e.to_string())?;
        std::fs::write(&out, prebuilt).map_err(|e| format!("{}: {e}", out.display()))
    }

    /// Adds a pack file.
    pub fn add_file(&mut self, path: &Path) -> Result<&mut Self, PackError> {
        let origin = path.display().to_string();
        let text = read_pack(path).map_err(|message| PackError {
            problems: vec![Problem {
                location: Location {
                    origin: origin.clone(),
                    line: 1,
                    column: 1,
                },
                message,
            }],
        })?;
        self.add_str(&origin, &text)
    }

    pub fn packs(&self) -> &[PackMeta] {
        &self.packs
    }

    /// The rules in force, in definition order.
    pub fn rules(&self) -> &[PackRule] {
        &self.rules
    }

    /// Codes switched off or replaced that no pack of the set defines.
    pub fn external_overrides(&self) -> &[String] {
        &self.external
    }

    /// Compiles every rule into one analyzer named `name`. Patterns were checked as their
    /// packs were added; each language's matcher is compiled on the first document in that
    /// language, so a run over English text never builds the Spanish or Russian ones.
    pub fn build(&self, name: &str) -> Result<PackAnalyzer, PackError> {
        self.clone().into_analyzer(name)
    }

    /// [`PackSet::build`], moving the rules instead of copying them.
    pub fn into_analyzer(self, name: &str) -> Result<PackAnalyzer, PackError> {
        let metas = self
            .rules
            .iter()
            .map(|r| rule_meta(r, &self.packs))
            .collect();
        Ok(PackAnalyzer {
            name: name.to_string(),
            packs: self.packs,
            rules: self.rules,
            metas,
            compiled: Default::default(),
            prebuilt: None,
            external: self.external,
        })
    }
}

/// Every pattern, exception and regex of `rules` in `lang`, in one matcher; `None` when no
/// rule has any for that language.
fn compile(rules: &[PackRule], lang: Lang) -> Result<Option<Compiled>, PackError> {
    let mut targets = Vec::new();
    let mut problems = Vec::new();
    let mut b = MatcherBuilder::new(lang);
    for (ri, rule) in rules.iter().enumerate() {
        let opts = PatternOptions { stem: rule.stem };
        let lists = [
            (&rule.patterns, false, false),
            (&rule.exceptions, true, false),
            (&rule.regexes, false, true),
        ];
        for (list, exception, regex) in lists {
            for p in list.iter().filter(|p| p.lang == lang) {
                let id = targets.len();
                targets.push(Target {
                    rule: ri,
                    exception,
                });
                let added = if regex {
                    b.add_regex(id, &p.text).map(|_| ())
                } else {
                    b.add_with(id, &p.text, opts).map(|_| ())
                };
                if let Err(e) = added {
                    problems.push(Problem {
                        location: p.location.clone(),
                        message: e.to_string(),
                    });
                }
            }
        }
    }
    if !problems.is_empty() {
        return Err(PackError { problems });
    }
    if targets.is_empty() {
        return Ok(None);
    }
    let matcher = b.build().map_err(|e| PackError {
        problems: vec![Problem {
            location: rules[0].location.clone(),
            message: e.to_string(),
        }],
    })?;
    Ok(Some(Compiled { matcher, targets }))
}

/// Syntax errors, and patterns that can never fire: every phrase they expand to is covered
/// by one of the rule's own exceptions.
fn check_patterns(rule: &PackRule, problems: &mut Vec<Problem>) {
    for lang in rule.languages.iter().copied() {
        let stemmer = Stemmer::new(lang);
        let mut exceptions = MatcherBuilder::new(lang);
        let mut n_exceptions = 0;
        for e in rule.exceptions.iter().filter(|e| e.lang == lang) {
            match exceptions.add_with(n_exceptions, &e.text, PatternOptions { stem: rule.stem }) {
                Ok(_) => n_exceptions += 1,
                Err(err) => problems.push(Problem {
                    location: e.location.clone(),
                    message: format!("exception: {err}"),
                }),
            }
        }
        let exceptions = exceptions.build().ok().filter(|_| n_exceptions > 0);
        for p in rule.patterns.iter().filter(|p| p.lang == lang) {
            let variants = match parse(&p.text, rule.stem, &stemmer) {
                Ok(v) => v,
                Err(err) => {
                    problems.push(Problem {
                        location: p.location.clone(),
                        message: err.to_string(),
                    });
                    continue;
                }
            };
            let Some(exc) = &exceptions else { continue };
            let covered = |v: &Vec<_>| {
                let text = variant_text(v);
                exc.find(&text)
                    .iter()
                    .any(|h| h.span.start == 0 && h.span.end == text.len())
            };
            if variants.iter().all(covered) {
                problems.push(Problem {
                    location: p.location.clone(),
                    message: format!(
                        "pattern `{}` can never fire: the rule's exceptions cover every phrase it matches",
                        p.text
                    ),
                });
            }
        }
        for r in rule.regexes.iter().filter(|r| r.lang == lang) {
            if let Err(err) = MatcherBuilder::new(lang).add_regex(0, &r.text) {
                problems.push(Problem {
                    location: r.location.clone(),
                    message: err.to_string(),
                });
            }
        }
    }
}

fn rule_meta(rule: &PackRule, packs: &[PackMeta]) -> RuleMeta {
    let origin = packs
        .iter()
        .find(|p| p.name == rule.pack && p.origin == rule.location.origin)
        .map_or_else(
            || rule.location.origin.clone(),
            |p| format!("pack {} ({})", p.name, p.origin),
        );
    let mut examples = Vec::new();
    for lang in &rule.languages {
        let of = |bad: bool| -> Vec<&str> {
            rule.examples
                .iter()
                .filter(|e| e.lang == *lang && e.bad == bad)
                .map(|e| e.text.as_str())
                .collect()
        };
        let (bad, good) = (of(true), of(false));
        // Pairs in order; the shorter list repeats its last entry.
        for i in 0..bad.len().max(good.len()) {
            if let (Some(b), Some(g)) = (bad.get(i).or(bad.last()), good.get(i).or(good.last())) {
                examples.push(Example {
                    lang: *lang,
                    bad: b.to_string(),
                    good: g.to_string(),
                });
            }
        }
    }
    RuleMeta {
        code: rule.code.clone(),
        name: rule.name.clone(),
        category: rule.category.clone(),
        severity: rule.severity,
        summary: rule.summary.clone(),
        why: rule.why.clone(),
        examples,
        languages: rule.languages.clone(),
        origin,
    }
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct Target {
    rule: usize,
    exception: bool,
}

/// One language's matcher and what each of its pattern ids stands for.
#[derive(Debug, Serialize, Deserialize)]
struct Compiled {
    matcher: Matcher,
    targets: Vec<Target>,
}

/// Every rule of a [`PackSet`], compiled per language on first use; an [`Analyzer`] shared
/// by all threads.
#[derive(Debug)]
pub struct PackAnalyzer {
    name: String,
    packs: Vec<PackMeta>,
    rules: Vec<PackRule>,
    metas: Vec<RuleMeta>,
    compiled: PerLang<Result<Option<Compiled>, String>>,
    /// Each language's matcher as [`PackSet::to_prebuilt`] stored it, read on first use
    /// instead of compiling the rules.
    prebuilt: Option<[&'static [u8]; 3]>,
    external: Vec<String>,
}

/// The sections of [`PackSet::to_prebuilt`]'s output: the set, then one per language.
fn prebuilt_sections(mut bytes: &[u8]) -> Option<[&[u8]; 4]> {
    let mut sections = [&[][..]; 4];
    for section in &mut sections {
        let (len, rest) = bytes.split_first_chunk::<8>()?;
        let len = usize::try_from(u64::from_le_bytes(*len)).ok()?;
        (*section, bytes) = rest.split_at_checked(len)?;
    }
    bytes.is_empty().then_some(sections)
}

impl PackAnalyzer {
    /// An analyzer from pack texts, in order (`(origin, text)` pairs): what plugins call with
    /// their `include_str!` packs.
    pub fn from_sources(name: &str, sources: &[(&str, &str)]) -> Result<PackAnalyzer, PackError> {
        let mut set = PackSet::new();
        for (origin, text) in sources {
            set.add_str(origin, text)?;
        }
        set.into_analyzer(name)
    }

    /// An analyzer from packs compiled into the binary (see [`PackSet::add_built_in`]).
    pub fn from_built_in(name: &str, sources: &[(&str, &str)]) -> Result<PackAnalyzer, PackError> {
        PackSet::built_in(sources)?.into_analyzer(name)
    }

    /// An analyzer from a set written by [`PackSet::prebuild`].
    pub fn from_prebuilt(name: &str, prebuilt: &'static [u8]) -> Result<PackAnalyzer, String> {
        let unreadable = |e: String| format!("a prebuilt pack set is unreadable: {e}");
        let [set, en, es, ru] =
            prebuilt_sections(prebuilt).ok_or_else(|| unreadable("truncated".into()))?;
        let set: PackSet = postcard::from_bytes(set).map_err(|e| unreadable(e.to_string()))?;
        let mut analyzer = set.into_analyzer(name).map_err(|e| e.to_string())?;
        analyzer.prebuilt = Some([en, es, ru]);
        Ok(analyzer)
    }

    /// The packs its rules come from, in order.
    pub fn packs(&self) -> &[PackMeta] {
        &self.packs
    }

    pub fn pack_rules(&self) -> &[PackRule] {
        &self.rules
    }

    /// Codes the packs switched off or replaced that belong to other analyzers.
    pub fn external_overrides(&self) -> &[String] {
        &self.external
    }

    /// The compiled matcher of `lang`, built on first use.
    fn compiled(&self, lang: Lang) -> Result<Option<&Compiled>, String> {
        self.compiled
            .get_or_init(lang, || match self.prebuilt {
                Some(prebuilt) => postcard::from_bytes(prebuilt[crate::lazy::slot(lang)])
                    .map_err(|e| format!("a prebuilt {lang} matcher is unreadable: {e}")),
                None => compile(&self.rules, lang).map_err(|e| e.to_string()),
            })
            .as_ref()
            .map(Option::as_ref)
            .map_err(Clone::clone)
    }

    /// Findings of one rule on `doc`; what [`Analyzer::check`] returns, rule by rule.
    fn findings(&self, doc: &Document, opts: &CheckOptions) -> Result<Vec<Finding>, String> {
        // Nothing to read: no matcher needs loading (a document of unknown language would
        // load all three).
        if doc.segments_to_check(&opts.skip).next().is_none() {
            return Ok(Vec::new());
        }
        // (rule, not an exception, hit): sorted, each rule's exceptions come before its hits.
        let mut found: Vec<(usize, bool, Hit)> = Vec::new();
        for lang in Lang::ALL {
            if doc.lang.is_some_and(|l| l != lang) {
                continue;
            }
            let Some(c) = self.compiled(lang)? else {
                continue;
            };
            for hit in c.matcher.find_in(doc, &opts.skip) {
                let t = c.targets[hit.id];
                found.push((t.rule, !t.exception, hit));
            }
        }
        // Stable: hits at one span keep the order they were found in.
        found.sort_by_key(|&(rule, hit_not_exception, hit)| {
            (
                rule,
                hit_not_exception,
                hit.span.start,
                std::cmp::Reverse(hit.span.end),
            )
        });
        let mut out = Vec::new();
        for of_rule in found.chunk_by(|a, b| a.0 == b.0) {
            let split = of_rule.partition_point(|&(_, hit_not_exception, _)| !hit_not_exception);
            if split == of_rule.len() {
                continue;
            }
            let rule = &self.rules[of_rule[0].0];
            if !rule.audiences.is_empty() && !rule.audiences.contains(&opts.audience) {
                continue;
            }
            let exceptions: Vec<Hit> = of_rule[..split].iter().map(|f| f.2).collect();
            let mut last_end = 0;
            for &(_, _, hit) in &of_rule[split..] {
                if hit.span.start < last_end {
                    continue;
                }
                if self.cancelled(rule, doc, opts, &hit, &exceptions) {
                    continue;
                }
                last_end = hit.span.end;
                let matched = collapse_ws(doc.slice(hit.span));
                let mut f = Finding::new(
                    rule.code.clone(),
                    hit.span,
                    fill_match(&rule.message, &matched),
                );
                if let Some(s) = &rule.suggestion {
                    f = f.with_suggestion(fill_match(s, &matched));
                }
                out.push(f);
            }
        }
        Ok(out)
    }

    fn cancelled(
        &self,
        rule: &PackRule,
        doc: &Document,
        opts: &CheckOptions,
        hit: &Hit,
        exceptions: &[Hit],
    ) -> bool {
        if rule.category == tactful_core::Category::JARGON
            && in_glossary(doc.slice(hit.span), &opts.glossary)
        {
            return true;
        }
        let needs_context = !rule.unless.is_empty()
            || (rule.exception_scope == ExceptionScope::Sentence && !exceptions.is_empty());
        // Only the flags the rule names are computed.
        let frame = needs_context.then(|| Frame::new(doc, hit.span));
        let overlaps = |a: Span, b: Span| a.start < b.end && b.start < a.end;
        let excepted = exceptions.iter().any(|e| match rule.exception_scope {
            ExceptionScope::Overlap => overlaps(e.span, hit.span),
            ExceptionScope::Sentence => {
                frame.as_ref().is_some_and(|f| overlaps(e.span, f.sentence))
            }
        });
        excepted
            || frame.as_ref().is_some_and(|f| {
                rule.unless
                    .iter()
                    .any(|u| f.has(u, hit.wildcard_negation) == Some(true))
            })
    }

    /// Runs every rule's inline examples: each `bad` must fire the rule, each `good` must not,
    /// and each language of a rule needs a `bad` example.
    pub fn test_examples(&self) -> Vec<ExampleFailure> {
        let mut failures = Vec::new();
        for rule in &self.rules {
            for lang in &rule.languages {
                if !rule.examples.iter().any(|e| e.lang == *lang && e.bad) {
                    failures.push(ExampleFailure {
                        pack: rule.pack.clone(),
                        rule: rule.code.clone(),
                        lang: *lang,
                        text: String::new(),
                        location: rule.location.clone(),
                        expected: Expected::AnExample,
                        got: Vec::new(),
                    });
                }
            }
            for ex in &rule.examples {
                let mut doc = Document::plain(ex.text.clone(), Format::Plain);
                doc.lang = Some(ex.lang);
                doc.language_status = LanguageStatus::Forced;
                // A pack that does not compile fails every example, with the reason.
                let (got, failed) = match self.findings(&doc, &CheckOptions::default()) {
                    Ok(found) => (
                        found
                            .into_iter()
                            .filter(|f| f.rule == rule.code)
                            .map(|f| doc.slice(f.span).to_string())
                            .collect::<Vec<_>>(),
                        false,
                    ),
                    Err(e) => (vec![e], true),
                };
                if failed || ex.bad == got.is_empty() {
                    failures.push(ExampleFailure {
                        pack: rule.pack.clone(),
                        rule: rule.code.clone(),
                        lang: ex.lang,
                        text: ex.text.clone(),
                        location: ex.location.clone(),
                        expected: if ex.bad {
                            Expected::Fires
                        } else {
                            Expected::Silent
                        },
                        got,
                    });
                }
            }
        }
        failures
    }
}

impl Analyzer for PackAnalyzer {
    fn name(&self) -> &str {
        &self.name
    }

    fn rules(&self) -> Vec<RuleMeta> {
        self.metas.clone()
    }

    fn check(&self, doc: &Document, opts: &CheckOptions) -> Result<Vec<Finding>, String> {
        self.findings(doc, opts)
    }
}

fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// `template` with every `{match}` replaced by `matched`: what `str::replace` gives, without
/// setting up a substring search for each finding.
fn fill_match(template: &str, matched: &str) -> String {
    const HOLE: &str = "{match}";
    let mut out = String::with_capacity(template.len() + matched.len());
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        match rest[i..].strip_prefix(HOLE) {
            Some(after) => {
                out.push_str(matched);
                rest = after;
            }
            None => {
                out.push('{');
                rest = &rest[i + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether a matched term is one the audience knows (folded, whole words).
fn in_glossary(matched: &str, glossary: &[String]) -> bool {
    let m = tokenize(matched, 0).keys;
    glossary
        .iter()
        .any(|g| tokenize(g, 0).keys.contains(m.as_str()))
}

/// What an example expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    /// A `bad` example: the rule should have fired.
    Fires,
    /// A `good` example: the rule should have stayed silent.
    Silent,
    /// The rule has no `bad` example for this language.
    AnExample,
}

/// An inline example that contradicts its rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    pub pack: String,
    pub rule: String,
    pub lang: Lang,
    /// The example sentence (empty for [`Expected::AnExample`]).
    pub text: String,
    /// Where the example (or the rule) is written.
    pub location: Location,
    pub expected: Expected,
    /// What the rule matched in the example.
    pub got: Vec<String>,
}

impl fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let head = format!(
            "{}: pack {}, rule {} [{}]",
            self.location, self.pack, self.rule, self.lang
        );
        match self.expected {
            Expected::Fires => write!(f, "{head}: bad example did not fire: {:?}", self.text),
            Expected::Silent => write!(
                f,
                "{head}: good example fired on {}: {:?}",
                self.got
                    .iter()
                    .map(|g| format!("{g:?}"))
                    .collect::<Vec<_>>()
                    .join(", "),
                self.text
            ),
            Expected::AnExample => write!(f, "{head}: no bad example for this language"),
        }
    }
}

/// Builds the set and runs every pack's inline examples (what `tactful test-packs` prints).
pub fn test_packs(set: &PackSet) -> Result<Vec<ExampleFailure>, PackError> {
    Ok(set.build("test-packs")?.test_examples())
}

/// Packs are small: a larger "pack" is a mistake, and a FIFO or device (`/dev/zero`) would be
/// read forever.
const MAX_PACK_BYTES: u64 = 16 << 20;

fn read_pack(path: &Path) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read the pack: {e}"))?;
    if !meta.is_file() {
        return Err("cannot read the pack: not a regular file".into());
    }
    if meta.len() > MAX_PACK_BYTES {
        return Err(format!(
            "cannot read the pack: {} MB is over the {} MB limit for a rule pack",
            meta.len() >> 20,
            MAX_PACK_BYTES >> 20
        ));
    }
    std::fs::read_to_string(path).map_err(|e| format!("cannot read the pack: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filling_a_template_is_replacing_its_holes() {
        let templates = [
            "",
            "{match}",
            "say \"{match}\" once",
            "{match} and {match}",
            "{{match}}",
            "{mat{match}ch}",
            "no hole { here }",
            "ends with {",
            "{match",
            "«{match}» — ещё {match}",
        ];
        for template in templates {
            for matched in ["", "per my last email", "{match}", "как я уже говорил"] {
                assert_eq!(
                    fill_match(template, matched),
                    template.replace("{match}", matched),
                    "{template:?} with {matched:?}"
                );
            }
        }
    }

    #[test]
    fn collapsing_whitespace_joins_the_words_with_one_space() {
        for s in [
            "",
            " ",
            "a",
            "  as I\n already\t told  you ",
            "a\u{a0}b",
            "один  два",
        ] {
            let words: Vec<&str> = s.split_whitespace().collect();
            assert_eq!(collapse_ws(s), words.join(" "), "{s:?}");
        }
    }
}
