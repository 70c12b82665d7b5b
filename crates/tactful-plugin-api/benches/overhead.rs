//! Per-document cost of an analyzer loaded as a plugin against the same analyzer built in.
//!
//! `cargo bench -p tactful-plugin-api --bench overhead` builds the plugin libraries in release,
//! reads up to `TACTFUL_BENCH_DOCS` (default 1000) messages from `TACTFUL_BENCH_CORPUS` (default:
//! the shared Enron subset; message bodies after the headers) and prints microseconds per
//! document for each build and their difference.

#[path = "../tests/common/mod.rs"]
mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use tactful_core::{Analyzer, CheckOptions, Document, Format};
use tactful_plugin_api::load_plugin;

const DEFAULT_CORPUS: &str = "/work/shared/corpora-public/enron-maildir-subset/mail";

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn documents() -> Vec<Document> {
    let corpus = std::env::var("TACTFUL_BENCH_CORPUS").unwrap_or_else(|_| DEFAULT_CORPUS.into());
    let limit: usize = std::env::var("TACTFUL_BENCH_DOCS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1000);
    let mut paths = Vec::new();
    files(Path::new(&corpus), &mut paths);
    let docs: Vec<Document> = paths
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .map(|bytes| {
            let text = String::from_utf8_lossy(&bytes).replace("\r\n", "\n");
            let body = text.split_once("\n\n").map_or(text.as_str(), |(_, b)| b);
            Document::plain(body, Format::Plain)
        })
        .take(limit)
        .collect();
    assert!(
        !docs.is_empty(),
        "no documents under {corpus}; set TACTFUL_BENCH_CORPUS to a folder of messages"
    );
    docs
}

/// Mean time per document over enough rounds to run for about a second.
fn per_doc(analyzer: &dyn Analyzer, docs: &[Document], opts: &CheckOptions) -> (Duration, usize) {
    let mut findings = 0;
    for d in docs {
        findings += analyzer.check(d, opts).expect("check").len();
    }
    let start = Instant::now();
    let mut rounds = 0u32;
    while start.elapsed() < Duration::from_secs(1) {
        for d in docs {
            std::hint::black_box(analyzer.check(d, opts).expect("check"));
        }
        rounds += 1;
    }
    (start.elapsed() / (rounds * docs.len() as u32), findings)
}

fn compare(label: &str, built_in: &dyn Analyzer, plugin: &dyn Analyzer, docs: &[Document]) {
    let opts = CheckOptions::default();
    let (s, s_findings) = per_doc(built_in, docs, &opts);
    let (d, d_findings) = per_doc(plugin, docs, &opts);
    assert_eq!(s_findings, d_findings, "{label}: the two builds disagree");
    let us = |t: Duration| t.as_secs_f64() * 1e6;
    println!(
        "{label:<10} built-in {:>8.2} µs/doc   plugin {:>8.2} µs/doc   overhead {:>7.2} µs/doc   ({} findings)",
        us(s),
        us(d),
        us(d) - us(s),
        s_findings
    );
}

fn main() {
    common::cargo_build(&["example-plugin", "defensive-dylib"], None);
    let docs = documents();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    println!(
        "{} documents, mean {} bytes of text",
        docs.len(),
        bytes / docs.len()
    );
    let shouting = load_plugin(&common::built_lib("example_plugin")).expect("load example plugin");
    compare(
        "shouting",
        &example_plugin::Shouting::new(),
        shouting.as_ref(),
        &docs,
    );
    let defensive = load_plugin(&common::built_lib("defensive_dylib")).expect("load defensive");
    compare(
        "defensive",
        &tactful_defensive::analyzer(),
        defensive.as_ref(),
        &docs,
    );
}
