//! `tactful check`: read, parse, analyze in parallel, print in a stable order.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use rayon::prelude::*;
use tactful_core::{
    CheckOptions, DocReport, Document, Engine, Format, Lang, SegmentKind, Severity,
};
use tactful_ingest::{ParseError, ParseOptions};

use crate::args::{CheckArgs, ColorChoice, FailOn, OutputFormat};
use crate::config::{Discovery, FailOnSetting};
use crate::inputs::{self, Content, Input};
use crate::output;
use crate::{EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};

/// One checked document and what the engine said about it.
pub struct CheckedDoc {
    pub doc: Document,
    pub report: DocReport,
}

/// Everything learned about one input.
pub struct FileResult {
    pub path: String,
    pub format: Option<Format>,
    pub docs: Vec<CheckedDoc>,
    /// The input could not be read or parsed at all.
    pub error: Option<String>,
    /// Skipped on purpose (binary), with why.
    pub skipped: Option<String>,
}

impl FileResult {
    fn failed(path: String, error: String) -> Self {
        FileResult {
            path,
            format: None,
            docs: Vec::new(),
            error: Some(error),
            skipped: None,
        }
    }
}

/// Counts for the summary line and the exit code.
#[derive(Debug, Default, Clone)]
pub struct Totals {
    pub files: usize,
    pub documents: usize,
    pub files_with_findings: usize,
    pub errors: usize,
    pub skipped: usize,
    pub by_severity: [usize; 3],
}

impl Totals {
    pub fn findings(&self) -> usize {
        self.by_severity.iter().sum()
    }

    fn add(&mut self, r: &FileResult) {
        self.files += 1;
        self.documents += r.docs.len();
        if r.skipped.is_some() {
            self.skipped += 1;
        }
        self.errors += usize::from(r.error.is_some())
            + r.docs.iter().map(|d| d.report.errors.len()).sum::<usize>();
        let mut any = false;
        for d in &r.docs {
            for diag in &d.report.diagnostics {
                self.by_severity[diag.severity as usize] += 1;
                any = true;
            }
        }
        self.files_with_findings += usize::from(any);
    }
}

pub fn run(args: CheckArgs, engine_for: impl FnOnce(&Discovery) -> Result<Engine, String>) -> u8 {
    let started = Instant::now();
    let discovery = match Discovery::new(args.rule_set.config.as_deref(), args.rule_set.isolated) {
        Ok(d) => d,
        Err(e) => return crate::fail(&e.to_string()),
    };
    let forced_lang = match args.lang.as_deref().map(|l| (l, Lang::from_code(l))) {
        Some((l, None)) => {
            return crate::fail(&format!("unknown language {l:?}: use en, es or ru"));
        }
        Some((_, lang)) => lang,
        None => None,
    };
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let inputs = inputs::collect(&paths);
    // Configs of every folder are read before any work starts, so a broken one stops the run
    // with exit code 2 and its packs join the single engine.
    for input in &inputs {
        let dir = config_dir(input, args.stdin_filename.as_deref());
        if let Err(e) = discovery.project_for(&dir) {
            return crate::fail(&e.to_string());
        }
    }
    let engine = match engine_for(&discovery) {
        Ok(e) => e,
        Err(e) => return crate::fail(&e),
    };
    let policy_check = {
        let cwd = std::env::current_dir().unwrap_or_default();
        discovery.resolve(&cwd.join("_")).map(|r| r.policy)
    };
    let mut cli_policy = match policy_check {
        Ok(p) => p,
        Err(e) => return crate::fail(&e.to_string()),
    };
    if !args.select.is_empty() {
        cli_policy.select = args.select.clone();
    }
    cli_policy.ignore.extend(args.ignore.iter().cloned());
    let unknown = cli_policy.unknown_selectors(engine.all_rules());
    if !unknown.is_empty() {
        return crate::fail(&format!(
            "unknown rule selector(s): {} (see `tactful rules`)",
            unknown.join(", ")
        ));
    }
    let fail_on = match args.fail_on {
        Some(f) => f,
        None => match discovery.fail_on(&std::env::current_dir().unwrap_or_default()) {
            Ok(Some(FailOnSetting::Error)) => FailOn::Error,
            Ok(Some(FailOnSetting::Info)) => FailOn::Info,
            Ok(Some(FailOnSetting::Never)) => FailOn::Never,
            Ok(Some(FailOnSetting::Warning)) | Ok(None) => FailOn::Warning,
            Err(e) => return crate::fail(&e.to_string()),
        },
    };

    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    };
    let printer = output::printer(args.format, color);
    let progress = Progress::new(inputs.len(), args.format);

    let pool = match rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()
    {
        Ok(p) => p,
        Err(e) => return crate::fail(&format!("cannot start worker threads: {e}")),
    };
    let stdin_name = args.stdin_filename.clone();
    let results: Vec<(String, Totals)> = pool.install(|| {
        inputs
            .par_iter()
            .map(|input| {
                let r = check_input(
                    input,
                    &args,
                    &discovery,
                    &engine,
                    forced_lang,
                    stdin_name.as_deref(),
                );
                let mut t = Totals::default();
                t.add(&r);
                progress.tick();
                (printer.file(&r, &engine), t)
            })
            .collect()
    });
    progress.clear();

    let mut totals = Totals::default();
    let mut out = std::io::stdout().lock();
    let mut write_failed = printer.begin(&mut out).is_err();
    let mut first = true;
    for (text, t) in &results {
        if !text.is_empty() {
            if !first {
                write_failed |= out.write_all(printer.separator().as_bytes()).is_err();
            }
            first = false;
            write_failed |= out.write_all(text.as_bytes()).is_err();
        }
        totals.files += t.files;
        totals.documents += t.documents;
        totals.files_with_findings += t.files_with_findings;
        totals.errors += t.errors;
        totals.skipped += t.skipped;
        for i in 0..3 {
            totals.by_severity[i] += t.by_severity[i];
        }
    }
    write_failed |= printer
        .end(&mut out, &totals, started.elapsed(), args.quiet)
        .is_err();
    write_failed |= out.flush().is_err();
    drop(out);
    if write_failed {
        // A closed pipe (`| head`) is not an error of the checked files.
        return EXIT_OK;
    }

    if totals.errors > 0 {
        EXIT_ERROR
    } else if failing(&totals, fail_on) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

fn failing(t: &Totals, fail_on: FailOn) -> bool {
    let from = match fail_on {
        FailOn::Never => return false,
        FailOn::Info => Severity::Info,
        FailOn::Warning => Severity::Warning,
        FailOn::Error => Severity::Error,
    };
    t.by_severity[from as usize..].iter().any(|&n| n > 0)
}

fn config_dir(input: &Input, stdin_name: Option<&Path>) -> PathBuf {
    let file = match input {
        Input::Stdin => stdin_name.map_or_else(|| PathBuf::from("_"), Path::to_path_buf),
        Input::File(p) | Input::Missing(p, _) => p.clone(),
    };
    crate::config::absolute(&file)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

fn check_input(
    input: &Input,
    args: &CheckArgs,
    discovery: &Discovery,
    engine: &Engine,
    forced_lang: Option<Lang>,
    stdin_name: Option<&Path>,
) -> FileResult {
    let path = input.display(stdin_name);
    let (content, name_for_format) = match input {
        Input::Missing(_, why) => return FileResult::failed(path, why.clone()),
        Input::Stdin => {
            let mut buf = Vec::new();
            let limit = inputs::MAX_FILE_BYTES + 1;
            if let Err(e) = std::io::stdin().lock().take(limit).read_to_end(&mut buf) {
                return FileResult::failed(path, format!("cannot read standard input: {e}"));
            }
            if buf.len() as u64 >= limit {
                return FileResult::failed(path, inputs::too_large(buf.len() as u64));
            }
            (Content::Whole(buf), stdin_name.map(Path::to_path_buf))
        }
        Input::File(p) => match inputs::open_file(p, args.format_in.map(Format::from)) {
            Ok(c) => (c, Some(p.clone())),
            Err(e) => return FileResult::failed(path, e),
        },
    };
    let config_path = name_for_format
        .clone()
        .unwrap_or_else(|| PathBuf::from("_"));
    let resolved = match discovery.resolve(&config_path) {
        Ok(r) => r,
        Err(e) => return FileResult::failed(path, e.to_string()),
    };
    let format = match &content {
        Content::Whole(bytes) => args
            .format_in
            .map(Format::from)
            .unwrap_or_else(|| tactful_ingest::detect_format(name_for_format.as_deref(), bytes)),
        Content::Mbox(_) | Content::Binary => Format::Mbox,
    };
    let parse_opts = ParseOptions {
        lang: forced_lang.or(resolved.lang),
    };
    let skipped = FileResult {
        path: path.clone(),
        format: Some(format),
        docs: Vec::new(),
        error: None,
        skipped: Some("binary file skipped".into()),
    };
    let mut policy = resolved.policy.clone();
    if !args.select.is_empty() {
        policy.select = args.select.clone();
    }
    policy.ignore.extend(args.ignore.iter().cloned());
    let mut options: CheckOptions = resolved.options.clone();
    if args.include_quoted {
        options
            .skip
            .retain(|k| !matches!(k, SegmentKind::Quoted | SegmentKind::Signature));
    }
    let check = |doc| {
        let report = engine.check(&doc, &options, &policy);
        CheckedDoc { doc, report }
    };
    let docs = match content {
        Content::Whole(bytes) => match tactful_ingest::parse(&bytes, format, &parse_opts) {
            Ok(d) => d.into_iter().map(check).collect(),
            Err(ParseError::Binary) => return skipped,
            Err(ParseError::Malformed(m)) => return FileResult::failed(path, m),
        },
        Content::Mbox(reader) => match inputs::check_mbox(reader, &parse_opts, check) {
            Ok(d) => d,
            Err(e) => return FileResult::failed(path, e),
        },
        Content::Binary => return skipped,
    };
    FileResult {
        path,
        format: Some(format),
        docs,
        error: None,
        skipped: None,
    }
}

/// A file counter on stderr for long runs on a terminal.
struct Progress {
    total: usize,
    done: AtomicUsize,
    enabled: bool,
}

impl Progress {
    fn new(total: usize, format: OutputFormat) -> Self {
        let enabled = total >= 200
            && format == OutputFormat::Human
            && std::io::stderr().is_terminal()
            && std::env::var_os("CI").is_none();
        Progress {
            total,
            done: AtomicUsize::new(0),
            enabled,
        }
    }

    fn tick(&self) {
        let n = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if self.enabled && (n.is_multiple_of(50) || n == self.total) {
            eprint!("\rchecked {n}/{} files", self.total);
        }
    }

    fn clear(&self) {
        if self.enabled {
            eprint!("\r\x1b[2K");
        }
    }
}
