//! Runs analyzers over a document and turns their findings into what the user sees:
//! selection, severity overrides, inline suppressions, validation and a stable order.

use rayon::prelude::*;
use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, Ordering};

use serde::{Deserialize, Serialize};

use crate::document::{Document, SegmentKind};
use crate::finding::{Finding, Severity};
use crate::rule::RuleMeta;
use crate::suppress::Suppressions;

/// Who reads the text; decides which jargon counts as jargon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    /// A non-specialist client: technical and corporate jargon both flagged.
    #[default]
    General,
    /// A technical client: technical terms are fine, corporate jargon is still flagged.
    Technical,
}

/// Per-document settings that analyzers may read (resolved from config for that file).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckOptions {
    /// Segment kinds nobody analyzes (default: quoted, signature, code, header, markup).
    pub skip: Vec<SegmentKind>,
    pub audience: Audience,
    /// Terms this audience knows; jargon rules stay quiet on them (case-insensitive).
    pub glossary: Vec<String>,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            skip: vec![
                SegmentKind::Quoted,
                SegmentKind::Signature,
                SegmentKind::Code,
                SegmentKind::Header,
                SegmentKind::Markup,
            ],
            audience: Audience::General,
            glossary: Vec::new(),
        }
    }
}

/// An analyzer: one instance shared by all threads. Built-in analyzers and dynamically loaded
/// plugins implement the same trait, so the engine does not know which is which.
pub trait Analyzer: Send + Sync {
    /// A short name for messages ("defensive", "jargon", a plugin's name).
    fn name(&self) -> &str;
    /// The rules this analyzer can report; read once, at registration.
    fn rules(&self) -> Vec<RuleMeta>;
    /// Findings for one document. An `Err` is reported as that document's error.
    fn check(&self, doc: &Document, opts: &CheckOptions) -> Result<Vec<Finding>, String>;
}

/// A finding with everything resolved for printing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub finding: Finding,
    pub rule_name: String,
    pub category: String,
    pub severity: Severity,
}

/// Which rules run and how severe they are, from the command line and config.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Policy {
    /// Selectors (code, code prefix, category, or `ALL`); empty means every rule.
    pub select: Vec<String>,
    /// Selectors removed after `select`.
    pub ignore: Vec<String>,
    /// Severity per selector; the most specific selector wins (code over prefix over category).
    pub severity: Vec<(String, Severity)>,
}

impl Policy {
    /// How well `selector` matches a rule: `None` for no match, higher for more specific.
    pub(crate) fn specificity(selector: &str, rule: &RuleMeta) -> Option<usize> {
        let s = selector.trim();
        if s.eq_ignore_ascii_case("ALL") {
            Some(0)
        } else if s.eq_ignore_ascii_case(&rule.category) {
            Some(1)
        } else if s.eq_ignore_ascii_case(&rule.code) || s.eq_ignore_ascii_case(&rule.name) {
            Some(1000)
        } else if rule.code.len() > s.len()
            && rule.code[..s.len()].eq_ignore_ascii_case(s)
            && !s.is_empty()
        {
            Some(2 + s.len())
        } else {
            None
        }
    }

    pub fn enables(&self, rule: &RuleMeta) -> bool {
        let selected = self.select.is_empty()
            || self
                .select
                .iter()
                .any(|s| Self::specificity(s, rule).is_some());
        let best_select = self
            .select
            .iter()
            .filter_map(|s| Self::specificity(s, rule))
            .max();
        let best_ignore = self
            .ignore
            .iter()
            .filter_map(|s| Self::specificity(s, rule))
            .max();
        match (best_select, best_ignore) {
            // `--select DEF001 --ignore defensive` keeps DEF001: the more specific wins.
            (Some(sel), Some(ign)) => sel > ign,
            (_, Some(_)) => false,
            _ => selected,
        }
    }

    pub fn severity_of(&self, rule: &RuleMeta) -> Severity {
        self.severity
            .iter()
            .filter_map(|(s, sev)| Self::specificity(s, rule).map(|k| (k, *sev)))
            .max_by_key(|(k, _)| *k)
            .map(|(_, sev)| sev)
            .unwrap_or(rule.severity)
    }

    /// Selectors that match no known rule, for a clear error instead of a silent no-op.
    pub fn unknown_selectors<'a>(&'a self, rules: &'a [RuleMeta]) -> Vec<&'a str> {
        self.select
            .iter()
            .chain(&self.ignore)
            .chain(self.severity.iter().map(|(s, _)| s))
            .filter(|s| !rules.iter().any(|r| Self::specificity(s, r).is_some()))
            .map(String::as_str)
            .collect()
    }
}

/// What checking one document produced.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocReport {
    pub diagnostics: Vec<Diagnostic>,
    /// Analyzer failures (an error or a panic), each naming the analyzer.
    pub errors: Vec<String>,
}

/// The set of analyzers of a run and their rules.
pub struct Engine {
    analyzers: Vec<Box<dyn Analyzer>>,
    /// Per analyzer: its rules, as a range of `rules`.
    owned: Vec<std::ops::Range<usize>>,
    rules: Vec<RuleMeta>,
    by_code: HashMap<String, usize>,
    /// Codes a rule pack switched off or replaced: never reported, not listed.
    disabled: std::collections::HashSet<String>,
    /// Per language (and for no language): whether a document in it was checked yet.
    seen: [AtomicBool; 4],
}

impl Default for Engine {
    fn default() -> Self {
        Engine::new()
    }
}

impl Engine {
    /// An engine that knows only tactful's own meta rules.
    pub fn new() -> Self {
        let meta = crate::suppress::unknown_code_rule();
        Engine {
            analyzers: Vec::new(),
            owned: Vec::new(),
            seen: Default::default(),
            by_code: HashMap::from([(meta.code.clone(), 0)]),
            rules: vec![meta],
            disabled: Default::default(),
        }
    }

    /// Registers an analyzer; a rule code that another analyzer already owns is an error.
    pub fn add(&mut self, analyzer: Box<dyn Analyzer>) -> Result<(), String> {
        let rules = analyzer.rules();
        for rule in &rules {
            if let Some(&i) = self.by_code.get(&rule.code) {
                return Err(format!(
                    "rule code {} of {} is already defined by {}",
                    rule.code,
                    analyzer.name(),
                    self.rules[i].origin
                ));
            }
        }
        let first = self.rules.len();
        for rule in rules {
            self.by_code.insert(rule.code.clone(), self.rules.len());
            self.rules.push(rule);
        }
        self.owned.push(first..self.rules.len());
        self.analyzers.push(analyzer);
        Ok(())
    }

    /// Switches a rule off for good (a pack said `enabled = false` or replaced it).
    pub fn disable(&mut self, code: &str) -> Result<(), String> {
        if !self.by_code.contains_key(code) {
            return Err(format!("cannot switch off rule {code}: no such rule"));
        }
        self.disabled.insert(code.to_string());
        Ok(())
    }

    /// Every rule in force, sorted by code.
    pub fn rules(&self) -> Vec<&RuleMeta> {
        let mut v: Vec<_> = self
            .rules
            .iter()
            .filter(|r| !self.disabled.contains(&r.code))
            .collect();
        v.sort_by(|a, b| a.code.cmp(&b.code));
        v
    }

    pub fn rule(&self, code_or_name: &str) -> Option<&RuleMeta> {
        self.by_code
            .get(code_or_name)
            .or_else(|| self.by_code.get(&code_or_name.to_ascii_uppercase()))
            .map(|&i| &self.rules[i])
            .or_else(|| self.rules.iter().find(|r| r.name == code_or_name))
    }

    pub fn all_rules(&self) -> &[RuleMeta] {
        &self.rules
    }

    /// Runs every analyzer on `doc`, then applies the policy and the document's suppressions.
    pub fn check(&self, doc: &Document, opts: &CheckOptions, policy: &Policy) -> DocReport {
        let mut report = DocReport::default();
        let mut raw = Vec::new();
        let enabled = |rule: &RuleMeta| policy.enables(rule) && !self.disabled.contains(&rule.code);
        let run = |(analyzer, owned): (&dyn Analyzer, &std::ops::Range<usize>)| {
            // An analyzer none of whose rules the policy keeps is not run at all.
            if !self.rules[owned.clone()].iter().any(enabled) {
                return Ok(Ok(Vec::new()));
            }
            catch_unwind(AssertUnwindSafe(|| analyzer.check(doc, opts)))
        };
        // The first document in a language builds every analyzer's automata for it: side by
        // side, on all cores, which is most of the time a single draft takes. Later documents
        // run their analyzers in turn, sharing one tokenization per thread.
        let slot = doc.lang.map_or(3, |l| l as usize);
        let outcomes: Vec<_> = if self.seen[slot].swap(true, Ordering::Relaxed) {
            let each = self.analyzers.iter().zip(&self.owned);
            each.map(|(a, o)| run((a.as_ref(), o))).collect()
        } else {
            let each = self.analyzers.par_iter().zip(&self.owned);
            each.map(|(a, o)| run((a.as_ref(), o))).collect()
        };
        for (analyzer, outcome) in self.analyzers.iter().zip(outcomes) {
            match outcome {
                Ok(Ok(findings)) => raw.extend(findings),
                Ok(Err(e)) => report
                    .errors
                    .push(format!("analyzer {} failed: {e}", analyzer.name())),
                Err(panic) => report.errors.push(format!(
                    "analyzer {} panicked: {}",
                    analyzer.name(),
                    crate::panic_message(panic.as_ref())
                )),
            }
        }

        let suppressions = Suppressions::parse(&doc.text);
        for f in raw {
            let Some(rule) = self.rule(&f.rule) else {
                report
                    .errors
                    .push(format!("a finding names unknown rule {:?}", f.rule));
                continue;
            };
            if !enabled(rule) {
                continue;
            }
            if let Err(e) = f.check_span(&doc.text) {
                report.errors.push(e);
                continue;
            }
            if suppressions.suppresses(rule, f.span.start) {
                continue;
            }
            let severity = f.severity.unwrap_or_else(|| policy.severity_of(rule));
            report.diagnostics.push(Diagnostic {
                rule_name: rule.name.clone(),
                category: rule.category.clone(),
                severity,
                finding: f,
            });
        }
        let meta = &self.rules[0];
        if policy.enables(meta) {
            for (selector, span) in suppressions.unknown_selectors(&self.rules) {
                report.diagnostics.push(Diagnostic {
                    finding: Finding::new(
                        meta.code.clone(),
                        span,
                        format!("suppression comment names unknown rule `{selector}`"),
                    )
                    .with_suggestion(
                        "use a rule code from `tactful rules`, a code prefix or a category",
                    ),
                    rule_name: meta.name.clone(),
                    category: meta.category.clone(),
                    severity: policy.severity_of(meta),
                });
            }
        }
        sort_diagnostics(&mut report.diagnostics);
        report
    }
}

/// Stable output order: by position, then rule code, then message; exact repeats said once.
pub fn sort_diagnostics(diags: &mut Vec<Diagnostic>) {
    fn key(d: &Diagnostic) -> (usize, usize, &str, &str) {
        let f = &d.finding;
        (f.span.start, f.span.end, &f.rule, &f.message)
    }
    diags.sort_by(|a, b| key(a).cmp(&key(b)));
    diags.dedup_by(|a, b| a.finding == b.finding);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Format, Span};
    use std::sync::Arc;
    use std::sync::atomic::AtomicUsize;

    /// Flags the first byte of every document under its one rule, counting its runs.
    struct Counting {
        code: &'static str,
        runs: Arc<AtomicUsize>,
    }

    impl Analyzer for Counting {
        fn name(&self) -> &str {
            self.code
        }

        fn rules(&self) -> Vec<RuleMeta> {
            vec![RuleMeta {
                code: self.code.into(),
                name: self.code.to_lowercase(),
                category: "test".into(),
                severity: Severity::Warning,
                summary: String::new(),
                why: String::new(),
                examples: Vec::new(),
                languages: Vec::new(),
                origin: "test".into(),
            }]
        }

        fn check(&self, _: &Document, _: &CheckOptions) -> Result<Vec<Finding>, String> {
            self.runs.fetch_add(1, Ordering::SeqCst);
            Ok(vec![Finding::new(self.code, Span::new(0, 1), self.code)])
        }
    }

    #[test]
    fn analyzers_keep_their_order_and_unselected_ones_do_not_run() {
        let mut engine = Engine::new();
        let runs: Vec<Arc<AtomicUsize>> = (0..6).map(|_| Arc::default()).collect();
        let codes = ["TST001", "TST002", "TST003", "TST004", "TST005", "TST006"];
        for (code, runs) in codes.iter().zip(&runs) {
            let runs = runs.clone();
            engine.add(Box::new(Counting { code, runs })).unwrap();
        }
        let doc = Document::plain("Some text.", Format::Plain);
        let opts = CheckOptions::default();
        let flagged = |report: DocReport| -> Vec<String> {
            report
                .diagnostics
                .into_iter()
                .map(|d| d.finding.rule)
                .collect()
        };
        // The first document runs the analyzers side by side, later ones in turn: both in order.
        for _ in 0..2 {
            let all = flagged(engine.check(&doc, &opts, &Policy::default()));
            assert_eq!(all, codes);
        }
        let only_two = Policy {
            select: vec!["TST002".into(), "TST005".into()],
            ..Policy::default()
        };
        assert_eq!(
            flagged(engine.check(&doc, &opts, &only_two)),
            ["TST002", "TST005"]
        );
        let counts: Vec<usize> = runs.iter().map(|r| r.load(Ordering::SeqCst)).collect();
        assert_eq!(counts, [2, 3, 2, 2, 3, 2]);
    }
}
