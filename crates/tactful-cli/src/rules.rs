//! Building the rule set, and the subcommands that show it: `rules`, `explain`, `inspect`.

use std::io::Read;

use serde_json::json;
use tactful_core::{Document, Engine, Format, Lang};
use tactful_ingest::{ParseError, ParseOptions};

use crate::args::{ExplainArgs, InspectArgs, OutputFormat, RuleSetArgs, RulesArgs};
use crate::config::Discovery;
use crate::{EXIT_ERROR, EXIT_OK, fail};

/// An engine with every built-in analyzer and nothing else.
pub fn builtin_engine() -> Result<Engine, String> {
    let mut engine = Engine::new();
    engine.add(Box::new(tactful_defensive::analyzer()))?;
    engine.add(Box::new(tactful_blame::analyzer()))?;
    engine.add(Box::new(tactful_jargon::analyzer()))?;
    engine.add(Box::new(tactful_next_steps::analyzer()))?;
    Ok(engine)
}

/// The engine of a run: built-in analyzers, then packs named by the configs in force.
pub fn build_engine(_args: &RuleSetArgs, _discovery: &Discovery) -> Result<Engine, String> {
    builtin_engine()
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
