//! Prints what the author wrote in a file (quoted replies and signatures removed), or the
//! whole document model as JSON with `--json`. Used by scripts/score-reply-trimming.py.
//!
//! cargo run -p tactful-ingest --example trim -- [--json] [--keep-signature]
//!     [--format plain|markdown|eml|mbox] FILE...

use std::path::Path;
use std::process::ExitCode;

use tactful_core::{Format, SegmentKind};
use tactful_ingest::{ParseOptions, detect_format, parse, text_without};

fn main() -> ExitCode {
    let mut json = false;
    let mut removed = vec![SegmentKind::Quoted, SegmentKind::Signature];
    let mut forced: Option<Format> = None;
    let mut files = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--json" => json = true,
            "--keep-signature" => removed = vec![SegmentKind::Quoted],
            "--format" => match args.next().as_deref().and_then(Format::from_name) {
                Some(f) => forced = Some(f),
                None => {
                    eprintln!("--format needs plain, markdown, eml or mbox");
                    return ExitCode::from(2);
                }
            },
            _ => files.push(a),
        }
    }
    if files.is_empty() {
        eprintln!("usage: trim [--json] [--keep-signature] [--format FORMAT] FILE...");
        return ExitCode::from(2);
    }
    let mut status = ExitCode::SUCCESS;
    for file in &files {
        let bytes = match std::fs::read(file) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{file}: {e}");
                status = ExitCode::from(2);
                continue;
            }
        };
        let format = forced.unwrap_or_else(|| detect_format(Some(Path::new(file)), &bytes));
        match parse(&bytes, format, &ParseOptions::default()) {
            Ok(docs) => {
                for doc in &docs {
                    if json {
                        println!(
                            "{}",
                            serde_json::to_string(doc).expect("documents serialise")
                        );
                    } else {
                        println!("{}", text_without(doc, &removed));
                    }
                    for n in &doc.notices {
                        eprintln!("{file}: notice: {n}");
                    }
                }
            }
            Err(e) => {
                eprintln!("{file}: {e}");
                status = ExitCode::from(1);
            }
        }
    }
    status
}
