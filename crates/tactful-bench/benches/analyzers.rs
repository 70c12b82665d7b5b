//! Where the time of a run goes: building each built-in analyzer, the ingest pipeline
//! (decoding, segmenting, sentences, language) and each analyzer's `check`, per language,
//! over the generated benchmark corpus.
//!
//! Run: `cargo bench -p tactful-bench --bench analyzers [-- MEGABYTES] [NAME]` (default 5 MB;
//! the corpus is generated under `bench/out/` by `tactful-gen-corpus`, the same one
//! `bench/run.sh` uses; NAME keeps only the analyzers whose name contains it, for profiling).
//! One thread; figures are the best of three rounds.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use tactful_core::{Analyzer, CheckOptions, Document, Lang};
use tactful_ingest::ParseOptions;

const ROUNDS: usize = 3;

fn best<T>(mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut out = None;
    let mut best = Duration::MAX;
    for _ in 0..ROUNDS {
        let t = Instant::now();
        let v = f();
        best = best.min(t.elapsed());
        out = Some(v);
    }
    (best, out.expect("at least one round"))
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("read corpus folder")
        .map(|e| e.expect("corpus entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn corpus(mb: usize) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../bench/out");
    let dir = root.join(format!("corpus-{mb}"));
    if !dir.exists() {
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_tactful-gen-corpus"))
            .arg(&dir)
            .arg(mb.to_string())
            .stdout(std::process::Stdio::null())
            .status()
            .expect("run tactful-gen-corpus");
        assert!(status.success(), "tactful-gen-corpus failed");
    }
    dir
}

fn mbps(bytes: usize, d: Duration) -> f64 {
    bytes as f64 / d.as_secs_f64() / 1e6
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mb: usize = args.iter().find_map(|a| a.parse().ok()).unwrap_or(5);
    let only = args
        .iter()
        .find(|a| a.parse::<usize>().is_err() && !a.starts_with('-'));
    let dir = corpus(mb);
    let mut paths = Vec::new();
    files(&dir, &mut paths);
    let inputs: Vec<(PathBuf, Vec<u8>)> = paths
        .into_iter()
        .map(|p| {
            let b = std::fs::read(&p).expect("read corpus file");
            (p, b)
        })
        .collect();
    let bytes: usize = inputs.iter().map(|(_, b)| b.len()).sum();
    println!(
        "corpus {}: {} files, {:.1} MB; best of {ROUNDS} rounds, one thread",
        dir.display(),
        inputs.len(),
        bytes as f64 / 1e6
    );

    // Construction: what a run pays before reading anything.
    let (d, _) = best(tactful_defensive::analyzer);
    println!("build defensive          {:8.2} ms", d.as_secs_f64() * 1e3);
    let (d, _) = best(tactful_blame::analyzer);
    println!("build blame              {:8.2} ms", d.as_secs_f64() * 1e3);
    let (d, _) = best(tactful_jargon::analyzer);
    println!("build jargon             {:8.2} ms", d.as_secs_f64() * 1e3);
    let (d, _) = best(tactful_next_steps::analyzer);
    println!("build next-steps         {:8.2} ms", d.as_secs_f64() * 1e3);

    // Ingest: every format through decoding, segmenting, sentences and language detection.
    let opts = ParseOptions::default();
    let (d, docs) = best(|| {
        let mut docs: Vec<Document> = Vec::new();
        for (p, b) in &inputs {
            let format = tactful_ingest::detect_format(Some(p), b);
            docs.extend(tactful_ingest::parse(b, format, &opts).expect("corpus parses"));
        }
        docs
    });
    println!(
        "ingest                   {:8.1} MB/s ({} documents)",
        mbps(bytes, d),
        docs.len()
    );

    // Each analyzer over the documents of each language. The first call of a language may
    // build lazily; it is warmed up before timing.
    let check = CheckOptions::default();
    let analyzers: Vec<Box<dyn Analyzer>> = vec![
        Box::new(tactful_defensive::analyzer()),
        Box::new(tactful_blame::analyzer()),
        Box::new(tactful_jargon::analyzer()),
        Box::new(tactful_next_steps::analyzer()),
    ];
    let mut total = Duration::ZERO;
    for a in analyzers
        .iter()
        .filter(|a| only.is_none_or(|o| a.name().contains(o.as_str())))
    {
        let mut line = format!("check {:<18}", a.name());
        for lang in Lang::ALL {
            let of_lang: Vec<&Document> = docs.iter().filter(|d| d.lang == Some(lang)).collect();
            let text: usize = of_lang.iter().map(|d| d.text.len()).sum();
            for d in &of_lang {
                a.check(d, &check).expect("analyzer runs");
            }
            let (d, n) = best(|| {
                of_lang
                    .iter()
                    .map(|d| a.check(d, &check).expect("analyzer runs").len())
                    .sum::<usize>()
            });
            total += d;
            line.push_str(&format!(
                " {lang} {:7.1} MB/s ({n:5} findings)",
                mbps(text, d)
            ));
        }
        println!("{line}");
    }
    let text: usize = docs.iter().map(|d| d.text.len()).sum();
    println!(
        "all analyzers            {:8.1} MB/s of document text",
        mbps(text, total)
    );
}
