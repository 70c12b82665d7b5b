//! A fuzzer for tactful that runs on stable Rust: no coverage instrumentation, but seeded
//! from the project's own fixtures, mutated with format-aware tokens, and guided by a cheap
//! behaviour signature (documents, segment kinds, findings, notices) instead of coverage.
//!
//! ```text
//! cargo run --release -p tactful-fuzz -- --seconds 600            # every target, 10 min
//! cargo run --release -p tactful-fuzz -- --target email --seconds 60
//! cargo run -p tactful-fuzz -- --target email --replay fuzz/artifacts/email-1234.bin
//! ```
//! Options: `--seconds` (total, shared by the targets; 30), `--seed` (1), `--slow-ms` (an
//! input slower than this is a failure; 2000), `--max-len` (largest input; 65536).
//! Invariants, for every input: no panic; every segment, sentence and finding span lies in
//! the text, on character boundaries, in order and without overlap (segments); decoding
//! then segmenting keeps the text (a valid UTF-8 plain input is the document text, byte
//! for byte); analyzers report no error. A failing input is saved under `fuzz/artifacts/`.

use std::cell::RefCell;
use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use tactful_core::{CheckOptions, Document, Engine, Format, Lang, Policy, Span};
use tactful_ingest::{MboxReader, ParseError, ParseOptions};

type Run = fn(&Ctx, &[u8]) -> Result<u64, String>;

struct Target {
    name: &'static str,
    run: Run,
    /// Which project files seed it, by extension.
    seed_exts: &'static [&'static str],
    /// Tokens the mutator splices in.
    dict: &'static [&'static str],
}

const MAIL_DICT: &[&str] = &[
    "\r\n",
    "\n\n",
    "Content-Type: multipart/mixed; boundary=\"b\"\r\n",
    "Content-Type: multipart/alternative; boundary=b\r\n",
    "Content-Type: text/plain; charset=utf-8\r\n",
    "Content-Type: text/html; charset=koi8-r\r\n",
    "Content-Type: text; charset=\"x-unknown\"\r\n",
    "Content-Type: message/rfc822\r\n",
    "Content-Transfer-Encoding: base64\r\n",
    "Content-Transfer-Encoding: quoted-printable\r\n",
    "--b\r\n",
    "--b--\r\n",
    "=?utf-8?B?0J/RgNC40LLQtdGC?=",
    "=?iso-8859-1?Q?caf=E9?=",
    "=C3=A9",
    "=\r\n",
    "=",
    "From a@b Mon Mar 4 10:00:00 2024\n",
    "From ",
    ">From ",
    "Subject: ",
    "From: Ana <ana@x.y>\r\n",
    "On Mon, 4 Mar 2024, Ana wrote:\n",
    "-----Original Message-----\n",
    "> ",
    "-- \n",
    "<html><body><p>",
    "</p><br><blockquote>",
    "&nbsp;&amp;&#1071;",
];

const TEXT_DICT: &[&str] = &[
    "\n",
    "\r\n",
    "\n\n",
    "# ",
    "- ",
    "1. ",
    "```\n",
    "`",
    "<!-- tactful: ignore DEF001 -->",
    "tactful: disable defensive",
    "<!--",
    "-->",
    "[a](http://x.y)",
    "http://example.com/",
    "> ",
    "-- \n",
    "On Mon, Ana wrote:\n",
    "El lunes, Ana escribió:\n",
    "Иван писал(а):\n",
    "As I already told you, ",
    "como ya le dije, ",
    "как я уже говорил, ",
    "by Friday at 5pm",
    "ASAP",
    "mañana antes de las 10",
    "до пятницы",
    "e\u{301}",
    "ё",
    "👩\u{200d}💻",
    "\u{a0}",
    "\u{2028}",
    "?",
    "...",
];

const TOML_DICT: &[&str] = &[
    "\n",
    "[pack]\n",
    "[[rule]]\n",
    "[rule.patterns]\n",
    "[[overrides]]\n",
    "files = [\"*.md\"]\n",
    "select = [\"DEF\"]\n",
    "ignore = [\"jargon\"]\n",
    "severity = { DEF001 = \"error\" }\n",
    "language = \"ru\"\n",
    "fail-on = \"info\"\n",
    "skip-segments = [\"quoted\"]\n",
    "en = [\"(a|b) [c] d* ~\"]\n",
    "unless = [\"question\"]\n",
    "code = \"XYZ001\"\n",
    "\"",
    "'''",
    "= ",
    "[",
    "]",
    "{",
    "}",
    "(",
    ")",
    "|",
    "*",
    "~",
];

const TARGETS: &[Target] = &[
    Target {
        name: "email",
        run: run_email,
        seed_exts: &["eml"],
        dict: MAIL_DICT,
    },
    Target {
        name: "mbox",
        run: run_mbox,
        seed_exts: &["mbox", "eml"],
        dict: MAIL_DICT,
    },
    Target {
        name: "charset",
        run: run_charset,
        seed_exts: &["eml", "txt"],
        dict: MAIL_DICT,
    },
    Target {
        name: "markdown",
        run: run_markdown,
        seed_exts: &["md"],
        dict: TEXT_DICT,
    },
    Target {
        name: "segment",
        run: run_segment,
        seed_exts: &["txt", "md", "eml"],
        dict: TEXT_DICT,
    },
    Target {
        name: "matcher",
        run: run_matcher,
        seed_exts: &["txt", "md"],
        dict: TEXT_DICT,
    },
    Target {
        name: "time",
        run: run_time,
        seed_exts: &["txt", "md"],
        dict: TEXT_DICT,
    },
    Target {
        name: "config",
        run: run_config,
        seed_exts: &["toml"],
        dict: TOML_DICT,
    },
    Target {
        name: "pack",
        run: run_pack,
        seed_exts: &["toml"],
        dict: TOML_DICT,
    },
];

/// Built once: the engine with every built-in analyzer.
struct Ctx {
    engine: Engine,
}

// ---------------------------------------------------------------------------------------
// Invariants

fn span_ok(text: &str, sp: Span, what: &str) -> Result<(), String> {
    if sp.start > sp.end || sp.end > text.len() {
        return Err(format!(
            "{what} {sp:?} outside a text of {} bytes",
            text.len()
        ));
    }
    if !text.is_char_boundary(sp.start) || !text.is_char_boundary(sp.end) {
        return Err(format!("{what} {sp:?} splits a character"));
    }
    Ok(())
}

/// Checks a document and the engine's report on it; returns a behaviour signature.
fn check_doc(ctx: &Ctx, doc: &Document) -> Result<u64, String> {
    let text = &doc.text;
    let mut h = DefaultHasher::new();
    let mut last = 0;
    for seg in &doc.segments {
        span_ok(text, seg.span, "segment")?;
        if seg.span.start < last {
            return Err(format!(
                "segment {:?} overlaps or is out of order",
                seg.span
            ));
        }
        last = seg.span.end;
        seg.kind.hash(&mut h);
    }
    for s in &doc.sentences {
        span_ok(text, *s, "sentence")?;
    }
    let report = ctx
        .engine
        .check(doc, &CheckOptions::default(), &Policy::default());
    if !report.errors.is_empty() {
        return Err(format!("analyzer errors: {:?}", report.errors));
    }
    for d in &report.diagnostics {
        span_ok(text, d.finding.span, &d.finding.rule)?;
        d.finding.rule.hash(&mut h);
    }
    doc.notices.len().min(4).hash(&mut h);
    doc.lang.hash(&mut h);
    Ok(h.finish())
}

fn check_docs(ctx: &Ctx, docs: Result<Vec<Document>, ParseError>) -> Result<u64, String> {
    let mut h = DefaultHasher::new();
    match docs {
        Ok(docs) => {
            docs.len().min(8).hash(&mut h);
            for d in &docs {
                check_doc(ctx, d)?.hash(&mut h);
            }
        }
        Err(e) => std::mem::discriminant(&e).hash(&mut h),
    }
    Ok(h.finish())
}

// ---------------------------------------------------------------------------------------
// Targets

fn parse(bytes: &[u8], format: Format) -> Result<Vec<Document>, ParseError> {
    tactful_ingest::parse(bytes, format, &ParseOptions::default())
}

fn run_email(ctx: &Ctx, data: &[u8]) -> Result<u64, String> {
    check_docs(ctx, parse(data, Format::Eml))
}

fn run_mbox(ctx: &Ctx, data: &[u8]) -> Result<u64, String> {
    let sig = check_docs(ctx, parse(data, Format::Mbox))?;
    // A small per-message limit: cut messages stay within it, indexes count up.
    let limit = 64;
    for (i, msg) in MboxReader::with_limit(data, limit).enumerate() {
        let msg = msg.map_err(|e| format!("reading from memory failed: {e}"))?;
        if msg.index != i || msg.bytes.len() > limit {
            return Err(format!(
                "message {i}: index {} and {} bytes over a {limit}-byte limit",
                msg.index,
                msg.bytes.len()
            ));
        }
    }
    Ok(sig)
}

const CHARSETS: &[&str] = &[
    "utf-8",
    "us-ascii",
    "iso-8859-1",
    "windows-1252",
    "koi8-r",
    "windows-1251",
    "utf-16",
    "utf-16le",
    "utf-7",
    "gb2312",
    "big5",
    "shift_jis",
    "x-unknown",
    "",
    "\"utf-8",
];
const ENCODINGS: &[&str] = &["7bit", "8bit", "base64", "quoted-printable", "x-uuencode"];

/// The first two bytes pick a charset label and a transfer encoding, the rest is the body.
fn run_charset(ctx: &Ctx, data: &[u8]) -> Result<u64, String> {
    let (cs, enc, body) = match data {
        [a, b, rest @ ..] => (
            CHARSETS[*a as usize % CHARSETS.len()],
            ENCODINGS[*b as usize % ENCODINGS.len()],
            rest,
        ),
        _ => ("utf-8", "8bit", data),
    };
    let mut mail = format!(
        "From: a@b\r\nSubject: s\r\nContent-Type: text/plain; charset={cs}\r\n\
         Content-Transfer-Encoding: {enc}\r\n\r\n"
    )
    .into_bytes();
    mail.extend_from_slice(body);
    let mut h = DefaultHasher::new();
    check_docs(ctx, parse(&mail, Format::Eml))?.hash(&mut h);
    // The same bytes as a plain file go through BOM handling and encoding detection.
    check_docs(ctx, parse(body, Format::Plain))?.hash(&mut h);
    Ok(h.finish())
}

fn run_markdown(ctx: &Ctx, data: &[u8]) -> Result<u64, String> {
    check_docs(ctx, parse(data, Format::Markdown))
}

/// Decode -> segment round trip: the document's text is the decoded input, and the
/// authored text is made of slices of it.
fn run_segment(ctx: &Ctx, data: &[u8]) -> Result<u64, String> {
    let text = String::from_utf8_lossy(data).into_owned();
    let mut h = DefaultHasher::new();
    for format in [Format::Plain, Format::Markdown] {
        let doc = tactful_ingest::build_document(text.clone(), format, &ParseOptions::default());
        if doc.text != text {
            return Err(format!(
                "{format:?}: the document text is not the input text"
            ));
        }
        check_doc(ctx, &doc)?.hash(&mut h);
    }
    if let Ok(s) = std::str::from_utf8(data)
        && !s.starts_with('\u{feff}')
        && !s.contains('\0')
    {
        let docs = parse(data, Format::Plain).map_err(|e| format!("valid UTF-8 refused: {e}"))?;
        if docs[0].text != s {
            return Err("decoding changed valid UTF-8 text".into());
        }
    }
    Ok(h.finish())
}

/// The first lines (up to the first blank line, at most 4) are patterns, the rest is text.
fn run_matcher(ctx: &Ctx, data: &[u8]) -> Result<u64, String> {
    let input = String::from_utf8_lossy(data);
    let (head, text) = input.split_once("\n\n").unwrap_or(("", &input));
    let patterns: Vec<&str> = head.lines().take(4).collect();
    let mut h = DefaultHasher::new();
    for lang in [Lang::En, Lang::Es, Lang::Ru] {
        match tactful_match::Matcher::from_patterns(lang, &patterns) {
            Ok(m) => {
                for hit in m.find(text) {
                    span_ok(text, hit.span, "hit")?;
                    hit.id.hash(&mut h);
                }
            }
            Err(e) => e.to_string().len().min(1).hash(&mut h),
        }
        let mut doc = Document::plain(text.to_string(), Format::Plain);
        doc.lang = Some(lang);
        doc.segments = tactful_ingest::build_document(
            text.to_string(),
            Format::Plain,
            &ParseOptions { lang: Some(lang) },
        )
        .segments;
        check_doc(ctx, &doc)?.hash(&mut h);
    }
    Ok(h.finish())
}

fn run_time(_ctx: &Ctx, data: &[u8]) -> Result<u64, String> {
    let text = String::from_utf8_lossy(data);
    let mut h = DefaultHasher::new();
    for lang in [Lang::En, Lang::Es, Lang::Ru] {
        let mut last = 0;
        for t in tactful_next_steps::time::find_times(lang, &text) {
            span_ok(&text, t.span, "time expression")?;
            if t.span.start < last {
                return Err(format!("time expression {:?} out of order", t.span));
            }
            last = t.span.start;
            (t.vague, t.is_firm()).hash(&mut h);
        }
    }
    Ok(h.finish())
}

/// 1-based line and column inside the text (or just past its end).
fn location_ok(text: &str, line: usize, column: usize) -> Result<(), String> {
    let lines = text.split('\n').count();
    if line > lines + 1 || (line > 0 && column == 0) {
        return Err(format!("error located at {line}:{column}, past the text"));
    }
    Ok(())
}

fn run_config(_ctx: &Ctx, data: &[u8]) -> Result<u64, String> {
    let text = String::from_utf8_lossy(data);
    match tactful_cli::Config::parse(Path::new("fuzz.toml"), &text) {
        Ok(c) => Ok(c.file.overrides.len() as u64),
        Err(e) => {
            location_ok(&text, e.line, e.column)?;
            Ok(1 << 32 | e.line.min(1) as u64)
        }
    }
}

fn run_pack(_ctx: &Ctx, data: &[u8]) -> Result<u64, String> {
    let text = String::from_utf8_lossy(data);
    let mut set = tactful_match::PackSet::new();
    let built = set
        .add_str("fuzz.toml", &text)
        .and_then(|s| s.build("fuzz"));
    match built {
        Ok(analyzer) => {
            // A pack that loads must also run its own examples without panicking.
            Ok(analyzer.test_examples().len() as u64 | 1 << 40)
        }
        Err(e) => {
            for p in &e.problems {
                if p.location.origin == "fuzz.toml" {
                    location_ok(&text, p.location.line, p.location.column)?;
                }
            }
            Ok(e.problems.len().min(4) as u64)
        }
    }
}

// ---------------------------------------------------------------------------------------
// Driver

/// xorshift64*: deterministic for a given --seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

fn mutate(rng: &mut Rng, corpus: &[Vec<u8>], dict: &[&str], max_len: usize) -> Vec<u8> {
    let mut v = corpus[rng.below(corpus.len())].clone();
    for _ in 0..1 + rng.below(4) {
        let len = v.len();
        let at = rng.below(len + 1);
        match rng.below(9) {
            0 if len > 0 => v[at.min(len - 1)] ^= 1 << rng.below(8),
            1 => v.insert(
                at,
                *[0u8, 0xff, b'\n', b'\r', b'=', b'-', b'>', 0xc3, 0xd0, 0xe2]
                    .get(rng.below(10))
                    .unwrap(),
            ),
            2 if len > 0 => {
                let end = (at + 1 + rng.below(32)).min(len);
                v.drain(at.min(len - 1)..end);
            }
            3 if len > 0 => {
                let start = rng.below(len);
                let end = (start + 1 + rng.below(64)).min(len);
                let chunk = v[start..end].to_vec();
                v.splice(at..at, chunk);
            }
            4 => {
                let other = &corpus[rng.below(corpus.len())];
                let from = rng.below(other.len() + 1);
                let to = (from + rng.below(256)).min(other.len());
                v.splice(at..at, other[from..to].iter().copied());
            }
            5 => v.truncate(at),
            6 if len > 0 => {
                // Repeat a chunk many times: deep nesting, long lines, many parts.
                let start = rng.below(len);
                let end = (start + 1 + rng.below(40)).min(len);
                let chunk = v[start..end].to_vec();
                for _ in 0..rng.below(200) {
                    v.splice(at..at, chunk.iter().copied());
                }
            }
            _ => {
                let tok = dict[rng.below(dict.len())].as_bytes();
                v.splice(at..at, tok.iter().copied());
            }
        }
        v.truncate(max_len);
    }
    v
}

fn seeds(root: &Path, target: &Target, max_len: usize) -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = target.dict.iter().map(|t| t.as_bytes().to_vec()).collect();
    out.push(Vec::new());
    let dirs = [
        "crates/tactful-ingest/tests/fixtures",
        "crates/tactful-match/tests/packs",
        "corpora",
        "plugins",
        "docs",
    ];
    let mut stack: Vec<PathBuf> = dirs.iter().map(|d| root.join(d)).collect();
    while let Some(p) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&p) else {
            continue;
        };
        for e in entries.flatten() {
            let path = e.path();
            if path.is_dir() {
                if !path.ends_with("target") {
                    stack.push(path);
                }
                continue;
            }
            let ext = path.extension().and_then(|x| x.to_str()).unwrap_or("");
            if target.seed_exts.contains(&ext)
                && let Ok(mut bytes) = std::fs::read(&path)
            {
                bytes.truncate(max_len);
                out.push(bytes);
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

thread_local! {
    static PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Runs one input, turning a panic into an error with its message and place.
fn exec(ctx: &Ctx, target: &Target, data: &[u8]) -> Result<u64, String> {
    match catch_unwind(AssertUnwindSafe(|| (target.run)(ctx, data))) {
        Ok(r) => r,
        Err(_) => Err(PANIC
            .with(|p| p.borrow_mut().take())
            .unwrap_or_else(|| "panic".into())),
    }
}

struct Outcome {
    execs: u64,
    corpus: usize,
    failures: Vec<(String, PathBuf)>,
    slowest: Duration,
}

fn save(root: &Path, target: &str, data: &[u8]) -> PathBuf {
    let mut h = DefaultHasher::new();
    data.hash(&mut h);
    let dir = root.join("fuzz/artifacts");
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(format!("{target}-{:016x}.bin", h.finish()));
    let _ = std::fs::write(&path, data);
    path
}

/// How long and how: time per target, RNG seed, the time that makes an input "slow", and the
/// largest input generated.
struct Budget {
    time: Duration,
    seed: u64,
    slow: Duration,
    max_len: usize,
}

fn fuzz(ctx: &Ctx, root: &Path, target: &Target, b: &Budget) -> Outcome {
    let (budget, seed, slow) = (b.time, b.seed, b.slow);
    let mut rng = Rng(seed ^ 0x9E37_79B9_7F4A_7C15);
    let mut corpus = seeds(root, target, b.max_len);
    let mut seen = HashSet::new();
    let mut failures: Vec<(String, PathBuf)> = Vec::new();
    let mut failed_msgs = HashSet::new();
    let mut slowest = Duration::ZERO;
    let mut execs = 0u64;
    let started = Instant::now();
    let mut queue: Vec<Vec<u8>> = corpus.clone();
    while started.elapsed() < budget {
        // Seeds first, then mutants.
        let input = queue
            .pop()
            .unwrap_or_else(|| mutate(&mut rng, &corpus, target.dict, b.max_len));
        let t = Instant::now();
        let result = exec(ctx, target, &input);
        let took = t.elapsed();
        execs += 1;
        slowest = slowest.max(took);
        let result = if took > slow {
            Err(format!("slow input: {took:?}"))
        } else {
            result
        };
        match result {
            Ok(sig) => {
                if seen.insert(sig) && corpus.len() < 20_000 {
                    corpus.push(input);
                }
            }
            Err(msg) => {
                // One artifact per distinct message.
                let key: String = msg
                    .chars()
                    .filter(|c| !c.is_ascii_digit())
                    .take(120)
                    .collect();
                if failed_msgs.insert(key) {
                    let path = save(root, target.name, &input);
                    failures.push((msg, path));
                }
            }
        }
    }
    Outcome {
        execs,
        corpus: corpus.len(),
        failures,
        slowest,
    }
}

fn usage() -> ! {
    eprintln!(
        "usage: tactful-fuzz [--seconds N] [--seed S] [--slow-ms MS] [--max-len BYTES] \
         [--target NAME]... [--replay FILE]\ntargets: {}",
        TARGETS
            .iter()
            .map(|t| t.name)
            .collect::<Vec<_>>()
            .join(", ")
    );
    std::process::exit(2);
}

fn main() {
    let mut seconds = 30.0f64;
    let mut seed = 1u64;
    let mut slow_ms = 2000u64;
    let mut max_len = 64usize << 10;
    let mut names: Vec<String> = Vec::new();
    let mut replay: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| usage());
        match a.as_str() {
            "--seconds" => seconds = value().parse().unwrap_or_else(|_| usage()),
            "--seed" => seed = value().parse().unwrap_or_else(|_| usage()),
            "--slow-ms" => slow_ms = value().parse().unwrap_or_else(|_| usage()),
            "--max-len" => max_len = value().parse().unwrap_or_else(|_| usage()),
            "--target" => names.push(value()),
            "--replay" => replay = Some(PathBuf::from(value())),
            _ => usage(),
        }
    }
    let targets: Vec<&Target> = if names.is_empty() {
        TARGETS.iter().collect()
    } else {
        names
            .iter()
            .map(|n| {
                TARGETS
                    .iter()
                    .find(|t| t.name == n)
                    .unwrap_or_else(|| usage())
            })
            .collect()
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("fuzz/ sits in the workspace")
        .to_path_buf();
    let ctx = Ctx {
        engine: tactful_cli::builtin_engine().expect("built-in rules load"),
    };
    std::panic::set_hook(Box::new(|info| {
        let msg = format!("panic: {info}");
        PANIC.with(|p| *p.borrow_mut() = Some(msg));
    }));

    if let Some(file) = replay {
        let data = std::fs::read(&file).unwrap_or_else(|e| {
            eprintln!("cannot read {}: {e}", file.display());
            std::process::exit(2)
        });
        let mut bad = false;
        for t in &targets {
            match exec(&ctx, t, &data) {
                Ok(_) => println!("{}: ok", t.name),
                Err(m) => {
                    bad = true;
                    println!("{}: FAILED: {m}", t.name);
                }
            }
        }
        std::process::exit(i32::from(bad));
    }

    let budget = Budget {
        time: Duration::from_secs_f64(seconds / targets.len() as f64),
        seed,
        slow: Duration::from_millis(slow_ms),
        max_len,
    };
    println!(
        "{:<10} {:>9} {:>8} {:>7} {:>11}  failures (seed {seed}, {:.1}s per target)",
        "target",
        "execs",
        "execs/s",
        "corpus",
        "slowest ms",
        budget.time.as_secs_f64()
    );
    let mut total_failures = 0;
    for t in targets {
        let o = fuzz(&ctx, &root, t, &budget);
        println!(
            "{:<10} {:>9} {:>8.0} {:>7} {:>11.1}  {}",
            t.name,
            o.execs,
            o.execs as f64 / budget.time.as_secs_f64(),
            o.corpus,
            o.slowest.as_secs_f64() * 1000.0,
            o.failures.len()
        );
        for (msg, path) in &o.failures {
            println!("    {}: {msg}", path.display());
        }
        total_failures += o.failures.len();
    }
    std::process::exit(i32::from(total_failures > 0));
}
