//! Building the rule set, and the subcommands that show it: `rules`, `explain`, `inspect`,
//! `test-packs`.

use std::io::Read;
use std::path::{Path, PathBuf};

use serde_json::json;
use tactful_core::{
    CheckOptions, Document, Engine, Format, Lang, LanguageStatus, Policy, RuleMeta,
};
use tactful_ingest::{ParseError, ParseOptions};
use tactful_match::PackSet;

use crate::args::{ExplainArgs, InspectArgs, OutputFormat, RuleSetArgs, RulesArgs, TestPacksArgs};
use crate::config::Discovery;
use crate::{EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, fail};

/// An engine with every built-in analyzer and nothing else.
pub fn builtin_engine() -> Result<Engine, String> {
    let mut engine = Engine::new();
    engine.add(Box::new(tactful_defensive::analyzer()))?;
    engine.add(Box::new(tactful_blame::analyzer()))?;
    engine.add(Box::new(tactful_jargon::analyzer()))?;
    engine.add(Box::new(tactful_next_steps::analyzer()))?;
    Ok(engine)
}

/// Packs from the command line, the user's config and every project config found, in that
/// order, without repeats.
fn pack_paths(args: &RuleSetArgs, discovery: &Discovery) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = args.packs.clone();
    out.extend(discovery.user().into_iter().flat_map(|c| c.packs()));
    for c in discovery.projects() {
        out.extend(c.packs());
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|p| seen.insert(std::fs::canonicalize(p).unwrap_or_else(|_| p.clone())));
    out
}

/// Plugins the user opted into: `--plugin`, their own config, and project configs only with
/// `--allow-plugins` (or when their own config names the same library). Loading runs code.
fn plugin_paths(args: &RuleSetArgs, discovery: &Discovery) -> Result<Vec<PathBuf>, String> {
    let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let mut out: Vec<PathBuf> = args.plugins.clone();
    let trusted: Vec<PathBuf> = discovery
        .user()
        .into_iter()
        .flat_map(|c| c.plugins())
        .collect();
    out.extend(trusted.iter().cloned());
    let trusted: Vec<PathBuf> = trusted.iter().map(|p| canonical(p)).collect();
    for c in discovery.projects() {
        for p in c.plugins() {
            if args.allow_plugins || trusted.contains(&canonical(&p)) {
                out.push(p);
            } else {
                return Err(format!(
                    "{} names plugin {}, which runs code: pass --allow-plugins to load it, or \
                     list it in your own config (~/.config/tactful/tactful.toml)",
                    c.path.display(),
                    p.display()
                ));
            }
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|p| seen.insert(canonical(p)));
    Ok(out)
}

/// The engine of a run: built-in analyzers, then plugins, then the packs in force (packs may
/// switch off or replace built-in rules).
pub fn build_engine(args: &RuleSetArgs, discovery: &Discovery) -> Result<Engine, String> {
    let mut engine = builtin_engine()?;
    for path in plugin_paths(args, discovery)? {
        let plugin = tactful_plugin_api::load_plugin(&path).map_err(|e| e.to_string())?;
        engine.add(plugin)?;
    }
    let packs = pack_paths(args, discovery);
    if !packs.is_empty() {
        let mut set = PackSet::new();
        for p in &packs {
            set.add_file(p).map_err(|e| e.to_string())?;
        }
        let analyzer = set.build("packs").map_err(|e| e.to_string())?;
        for code in analyzer.external_overrides().to_vec() {
            engine.disable(&code)?;
        }
        engine.add(Box::new(analyzer))?;
    }
    Ok(engine)
}

fn engine_for(args: &RuleSetArgs) -> Result<Engine, String> {
    let discovery =
        Discovery::new(args.config.as_deref(), args.isolated).map_err(|e| e.to_string())?;
    let cwd = std::env::current_dir().unwrap_or_default();
    discovery.project_for(&cwd).map_err(|e| e.to_string())?;
    build_engine(args, &discovery)
}

pub fn list(args: &RulesArgs) -> u8 {
    let engine = match engine_for(&args.rule_set) {
        Ok(e) => e,
        Err(e) => return fail(&e),
    };
    let rules = engine.rules();
    if args.format == OutputFormat::Json || args.format == OutputFormat::Jsonl {
        println!(
            "{}",
            serde_json::to_string_pretty(&rules).expect("rules serialize")
        );
        return EXIT_OK;
    }
    let w = rules.iter().map(|r| r.name.len()).max().unwrap_or(4);
    for r in rules {
        println!(
            "{:<7} {:<w$}  {:<10} {:<7}  {}",
            r.code,
            r.name,
            r.category,
            r.severity.name(),
            r.summary
        );
    }
    EXIT_OK
}

pub fn explain(args: &ExplainArgs) -> u8 {
    let engine = match engine_for(&args.rule_set) {
        Ok(e) => e,
        Err(e) => return fail(&e),
    };
    let Some(rule) = engine.rule(&args.rule) else {
        return fail(&format!("no rule {:?} (see `tactful rules`)", args.rule));
    };
    if args.format == OutputFormat::Json {
        println!(
            "{}",
            serde_json::to_string_pretty(rule).expect("rule serializes")
        );
    } else {
        print!("{}", rule.explain());
    }
    EXIT_OK
}

/// An inline example that contradicts its rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    pub rule: String,
    pub origin: String,
    pub lang: Lang,
    pub text: String,
    pub bad: bool,
}

impl std::fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = if self.bad {
            "bad example does not fire"
        } else {
            "better example fires"
        };
        write!(
            f,
            "{} [{}] ({}): {what}: {:?}",
            self.rule, self.lang, self.origin, self.text
        )
    }
}

/// Runs every rule's bad and better examples through the engine as plain one-paragraph
/// documents in the example's language: a bad one must raise that rule, a better one must not.
/// Rust rules, pack rules and plugins are held to the same test.
pub fn check_examples(engine: &Engine, rules: &[&RuleMeta]) -> Vec<ExampleFailure> {
    let opts = CheckOptions::default();
    let mut failures = Vec::new();
    for rule in rules {
        let policy = Policy {
            select: vec![rule.code.clone()],
            ..Policy::default()
        };
        for ex in &rule.examples {
            for (text, bad) in [(&ex.bad, true), (&ex.good, false)] {
                if text.trim().is_empty() {
                    continue;
                }
                let Ok(mut docs) = tactful_ingest::parse(
                    text.as_bytes(),
                    Format::Plain,
                    &ParseOptions {
                        lang: Some(ex.lang),
                    },
                ) else {
                    continue;
                };
                let Some(mut doc) = docs.pop() else { continue };
                doc.lang = Some(ex.lang);
                doc.language_status = LanguageStatus::Forced;
                let fired = engine
                    .check(&doc, &opts, &policy)
                    .diagnostics
                    .iter()
                    .any(|d| d.finding.rule == rule.code);
                if fired != bad {
                    failures.push(ExampleFailure {
                        rule: rule.code.clone(),
                        origin: rule.origin.clone(),
                        lang: ex.lang,
                        text: text.clone(),
                        bad,
                    });
                }
            }
        }
    }
    failures
}

pub fn test_packs(args: &TestPacksArgs) -> u8 {
    if !args.files.is_empty() {
        let mut set = PackSet::new();
        for f in &args.files {
            if let Err(e) = set.add_file(f) {
                return fail(&e.to_string());
            }
        }
        return match tactful_match::test_packs(&set) {
            Err(e) => fail(&e.to_string()),
            Ok(failures) => {
                for f in &failures {
                    println!("{f}");
                }
                let examples: usize = set.rules().iter().map(|r| r.examples.len()).sum();
                report_examples(failures.len(), set.rules().len(), examples)
            }
        };
    }
    let engine = match engine_for(&args.rule_set) {
        Ok(e) => e,
        Err(e) => return fail(&e),
    };
    let rules = engine.rules();
    let failures = check_examples(&engine, &rules);
    for f in &failures {
        println!("{f}");
    }
    let examples = rules.iter().map(|r| r.examples.len() * 2).sum();
    report_examples(failures.len(), rules.len(), examples)
}

fn report_examples(failures: usize, rules: usize, examples: usize) -> u8 {
    println!("{failures} failed, {rules} rules, {examples} examples");
    if failures == 0 {
        EXIT_OK
    } else {
        EXIT_FINDINGS
    }
}

fn doc_json(path: &str, doc: &Document, sentences: bool) -> serde_json::Value {
    let segments: Vec<_> = doc
        .segments
        .iter()
        .map(|s| {
            json!({
                "kind": s.kind.name(),
                "span": {"start": s.span.start, "end": s.span.end},
                "text": doc.slice(s.span),
            })
        })
        .collect();
    let mut v = json!({
        "path": path,
        "format": doc.format.name(),
        "language": doc.lang.map(Lang::code),
        "language_status": doc.language_status,
        "line_offset": doc.line_offset,
        "notices": doc.notices,
        "segments": segments,
    });
    if let Some(e) = &doc.email {
        v["email"] = json!(e);
    }
    if sentences {
        v["sentences"] = doc
            .sentences
            .iter()
            .map(|s| json!({"start": s.start, "end": s.end, "text": doc.slice(*s)}))
            .collect();
    }
    v
}

pub fn inspect(args: &InspectArgs) -> u8 {
    let path = args.path.display().to_string();
    let bytes = if path == "-" {
        let mut b = Vec::new();
        if let Err(e) = std::io::stdin().read_to_end(&mut b) {
            return fail(&format!("cannot read standard input: {e}"));
        }
        b
    } else {
        match std::fs::read(&args.path) {
            Ok(b) => b,
            Err(e) => return fail(&format!("{path}: {}", crate::inputs::describe_io_error(&e))),
        }
    };
    let lang = match args.lang.as_deref().map(|l| (l, Lang::from_code(l))) {
        Some((l, None)) => return fail(&format!("unknown language {l:?}: use en, es or ru")),
        Some((_, l)) => l,
        None => None,
    };
    let format = args
        .format_in
        .map(Format::from)
        .unwrap_or_else(|| tactful_ingest::detect_format(Some(&args.path), &bytes));
    let docs = match tactful_ingest::parse(&bytes, format, &ParseOptions { lang }) {
        Ok(d) => d,
        Err(ParseError::Binary) => return fail(&format!("{path}: binary file")),
        Err(ParseError::Malformed(m)) => return fail(&format!("{path}: {m}")),
    };
    if args.format == OutputFormat::Human {
        for (i, doc) in docs.iter().enumerate() {
            if docs.len() > 1 {
                println!("== message {}", i + 1);
            }
            println!(
                "format: {}  language: {} ({:?})",
                doc.format.name(),
                doc.lang.map_or("unknown", Lang::code),
                doc.language_status
            );
            for s in &doc.segments {
                println!("[{}] {}..{}", s.kind.name(), s.span.start, s.span.end);
                for l in doc.slice(s.span).lines() {
                    println!("    {l}");
                }
            }
        }
        return EXIT_OK;
    }
    let values: Vec<_> = docs
        .iter()
        .map(|d| doc_json(&path, d, args.sentences))
        .collect();
    let out = if format == Format::Mbox {
        json!(values)
    } else {
        values
            .into_iter()
            .next()
            .unwrap_or_else(|| json!({"path": path, "segments": []}))
    };
    if args.format == OutputFormat::Jsonl {
        println!("{out}");
    } else {
        println!("{}", serde_json::to_string_pretty(&out).expect("json"));
    }
    if docs.is_empty() && format != Format::Mbox {
        EXIT_ERROR
    } else {
        EXIT_OK
    }
}
