//! `tactful check`: read, parse, analyze in parallel, print in a stable order.

use std::collections::BTreeMap;
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
use crate::baseline::{self, Baseline};
use crate::config::{Discovery, FailOnSetting};
use crate::diffbase::ChangedLines;
use crate::inputs::{self, Content, Input};
use crate::output;
use crate::{EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};

/// One checked document and what the engine said about it.
pub struct CheckedDoc {
    pub doc: Document,
    pub report: DocReport,
}

/// Documents of one input, as the `--diff-base` and baseline filters take them: all of a
/// file, or one batch of a mailbox.
pub struct FileResult {
    pub path: String,
    pub docs: Vec<CheckedDoc>,
}

/// How often one rule fired, for `--statistics`.
#[derive(Debug, Default, Clone)]
pub struct RuleCount {
    pub name: String,
    pub category: String,
    pub count: usize,
}

/// Counts for the summary line and the exit code.
#[derive(Debug, Default, Clone)]
pub struct Totals {
    pub files: usize,
    pub documents: usize,
    pub files_with_findings: usize,
    /// Files with neither findings nor errors.
    pub clean_files: usize,
    pub errors: usize,
    pub skipped: usize,
    pub by_severity: [usize; 3],
    /// Findings per rule code.
    pub rules: BTreeMap<String, RuleCount>,
    /// (path, message) of every input or analyzer error, in input order.
    pub problems: Vec<(String, String)>,
}

impl Totals {
    pub fn findings(&self) -> usize {
        self.by_severity.iter().sum()
    }

    /// Counts the input error of `path`, an input without documents.
    fn add_error(&mut self, path: &str, error: &str) {
        self.errors += 1;
        self.problems.push((path.to_string(), error.to_string()));
    }

    /// Counts checked documents of `path`.
    fn add_docs(&mut self, path: &str, docs: &[CheckedDoc]) {
        self.documents += docs.len();
        for d in docs {
            for e in &d.report.errors {
                self.add_error(path, e);
            }
            for diag in &d.report.diagnostics {
                self.by_severity[diag.severity as usize] += 1;
                let c = self.rules.entry(diag.finding.rule.clone()).or_default();
                c.count += 1;
                if c.name.is_empty() {
                    c.name = diag.rule_name.clone();
                    c.category = diag.category.clone();
                }
            }
        }
    }

    /// Counts the input itself, when these totals are of that one input and all of it.
    fn end_file(&mut self, skipped: bool) {
        self.files += 1;
        self.skipped += usize::from(skipped);
        let any = self.findings() > 0;
        self.files_with_findings += usize::from(any);
        self.clean_files += usize::from(!any && self.errors == 0);
    }

    fn merge(&mut self, t: Totals) {
        self.files += t.files;
        self.documents += t.documents;
        self.files_with_findings += t.files_with_findings;
        self.clean_files += t.clean_files;
        self.errors += t.errors;
        self.skipped += t.skipped;
        for i in 0..3 {
            self.by_severity[i] += t.by_severity[i];
        }
        for (code, c) in t.rules {
            let mine = self.rules.entry(code).or_insert_with(|| RuleCount {
                count: 0,
                ..c.clone()
            });
            mine.count += c.count;
        }
        self.problems.extend(t.problems);
    }
}

/// Where the report goes: standard output, or `--output-file`.
fn open_report(path: Option<&Path>) -> Result<Box<dyn Write>, String> {
    match path {
        // Not locked: reports are written while workers run, and a plugin may print.
        None => Ok(Box::new(std::io::stdout())),
        Some(p) => std::fs::File::create(p)
            .map(|f| Box::new(std::io::BufWriter::new(f)) as Box<dyn Write>)
            .map_err(|e| {
                format!(
                    "cannot write the report to {}: {}",
                    p.display(),
                    inputs::describe_io_error(&e)
                )
            }),
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
    let mut inputs = inputs::collect(&paths);
    let changed = match &args.diff_base {
        Some(rev) => {
            let cwd = std::env::current_dir().unwrap_or_default();
            match ChangedLines::since(rev, &cwd) {
                Ok(c) => Some(c),
                Err(e) => return crate::fail(&e),
            }
        }
        None => None,
    };
    if let Some(c) = &changed {
        // Standard input is always checked whole: it has no history.
        inputs.retain(|i| match i {
            Input::File(p) => c.touches(p),
            Input::Stdin | Input::Missing(..) => true,
        });
    }
    let known = match args.baseline.as_deref().map(Baseline::load) {
        Some(Ok(b)) => Some(b),
        Some(Err(e)) => return crate::fail(&e),
        None => None,
    };
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
    let color = color && args.output_file.is_none();
    let printer = output::printer(args.format, color, args.statistics, args.promises);
    let progress = Progress::new(inputs.len(), args.format);

    let pool = match rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()
    {
        Ok(p) => p,
        Err(e) => return crate::fail(&format!("cannot start worker threads: {e}")),
    };
    let shared = Shared {
        args: &args,
        discovery: &discovery,
        engine: &engine,
        forced_lang,
        changed: changed.as_ref(),
        known: known.as_ref(),
        recording: args.write_baseline.is_some(),
        printer: printer.as_ref(),
    };
    let check_one = |input: &Input| -> Rendered {
        let r = check_input(input, &shared);
        progress.tick();
        r
    };

    let mut out = match open_report(args.output_file.as_deref()) {
        Ok(o) => o,
        Err(e) => return crate::fail(&e),
    };
    // Files are checked a chunk at a time, in parallel, and each chunk's reports are written
    // in input order as it ends; a mailbox's report is built as its messages are checked. So
    // neither a large run nor a large mailbox is ever held in memory. A format whose header
    // counts every file (JUnit) holds the reports, in a temporary file, until the end.
    let hold = printer.totals_first();
    let mut totals = Totals::default();
    let mut recorded = Vec::new();
    let mut held = output::Spill::new();
    let mut write_failed = false;
    let mut first = true;
    if !hold {
        let run = output::Run {
            engine: &engine,
            totals: &totals,
            elapsed: started.elapsed(),
            quiet: args.quiet,
        };
        write_failed |= printer.begin(&mut out, &run).is_err();
    }
    for chunk in inputs.chunks(CHUNK) {
        let results: Vec<Rendered> = pool.install(|| chunk.par_iter().map(check_one).collect());
        progress.clear();
        for r in results {
            let text = match r.text {
                Ok(t) => t,
                Err(e) => return crate::fail(&e),
            };
            totals.merge(r.totals);
            recorded.extend(r.entries);
            if hold {
                if !write_file(&mut held, printer.as_ref(), text, &mut first) {
                    return crate::fail("cannot hold the report in a temporary file");
                }
            } else if !write_failed {
                write_failed |= !write_file(&mut out, printer.as_ref(), text, &mut first);
            }
        }
    }
    let run = output::Run {
        engine: &engine,
        totals: &totals,
        elapsed: started.elapsed(),
        quiet: args.quiet,
    };
    if hold {
        write_failed |= printer.begin(&mut out, &run).is_err();
        write_failed |= held.copy_to(&mut out).is_err();
    }
    write_failed |= printer.end(&mut out, &run).is_err();
    write_failed |= out.flush().is_err();
    drop(out);
    if write_failed {
        if let Some(p) = &args.output_file {
            return crate::fail(&format!("cannot write the report to {}", p.display()));
        }
        // A closed pipe (`| head`) is not an error of the checked files.
        return EXIT_OK;
    }
    if args.output_file.is_some() && !args.quiet {
        // The report went to the file; the terminal still gets the one-line summary.
        println!("{}", output::summary_line(&totals, run.elapsed));
    }
    if let Some(path) = &args.write_baseline {
        let n = recorded.len();
        if let Err(e) = baseline::write(path, recorded) {
            return crate::fail(&e);
        }
        eprintln!("tactful: recorded {n} findings in {}", path.display());
        return if totals.errors > 0 {
            EXIT_ERROR
        } else {
            EXIT_OK
        };
    }

    if totals.errors > 0 {
        EXIT_ERROR
    } else if failing(&totals, fail_on) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

/// Inputs checked together before their reports are written: enough to keep every thread
/// busy, few enough that their reports are small.
const CHUNK: usize = 256;

/// Writes one file's report (nothing for an empty one), after the separator if another came
/// first; false when the output cannot be written.
fn write_file(
    out: &mut dyn Write,
    printer: &dyn output::Printer,
    text: output::Spill,
    first: &mut bool,
) -> bool {
    if text.is_empty() {
        return true;
    }
    let mut ok = true;
    if !*first {
        ok &= out.write_all(printer.separator().as_bytes()).is_ok();
    }
    *first = false;
    ok && text.copy_to(out).is_ok()
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

/// What checking every input shares.
struct Shared<'a> {
    args: &'a CheckArgs,
    discovery: &'a Discovery,
    engine: &'a Engine,
    forced_lang: Option<Lang>,
    changed: Option<&'a ChangedLines>,
    known: Option<&'a Baseline>,
    recording: bool,
    printer: &'a dyn output::Printer,
}

/// One input's report text (or why it could not be held), counts and baseline entries,
/// ready to be written in input order.
struct Rendered {
    text: Result<output::Spill, String>,
    totals: Totals,
    entries: Vec<baseline::Entry>,
}

/// One input's report as it is built: each batch of checked documents goes through the
/// `--diff-base` and baseline filters into the counts and the printer's report, then is
/// dropped.
struct FileOut<'a> {
    shared: &'a Shared<'a>,
    input: &'a Input,
    batch: FileResult,
    report: Box<dyn output::FileReport + 'a>,
    text: output::Spill,
    /// Why the report text could not be held.
    failed: Option<std::io::Error>,
    totals: Totals,
    entries: Vec<baseline::Entry>,
    used: baseline::Used,
    skipped: bool,
}

impl<'a> FileOut<'a> {
    fn new(shared: &'a Shared<'a>, input: &'a Input, head: output::FileHead) -> Self {
        let mut totals = Totals::default();
        if let Some(e) = &head.error {
            totals.add_error(&head.path, e);
        }
        FileOut {
            shared,
            input,
            batch: FileResult {
                path: head.path.clone(),
                docs: Vec::new(),
            },
            skipped: head.skipped.is_some(),
            report: shared.printer.file(head, shared.engine),
            text: output::Spill::new(),
            failed: None,
            totals,
            entries: Vec::new(),
            used: baseline::Used::default(),
        }
    }

    fn docs(&mut self, docs: Vec<CheckedDoc>) {
        let r = &mut self.batch;
        r.docs = docs;
        if let (Some(c), Input::File(p)) = (self.shared.changed, self.input) {
            c.filter(p, r);
        }
        if let Some(b) = self.shared.known {
            b.filter(r, &mut self.used);
        }
        self.totals.add_docs(&r.path, &r.docs);
        if self.shared.recording {
            self.entries.extend(baseline::entries(r));
        }
        if self.failed.is_none() {
            self.failed = self.report.docs(&r.docs, &mut self.text).err();
        }
        r.docs.clear();
    }

    fn finish(mut self) -> Rendered {
        if self.failed.is_none() {
            self.failed = self.report.finish(&mut self.text).err();
        }
        self.totals.end_file(self.skipped);
        let text = match self.failed {
            None => Ok(self.text),
            Some(e) => Err(format!(
                "cannot hold the report of {} in a temporary file: {e}",
                self.batch.path
            )),
        };
        Rendered {
            text,
            totals: self.totals,
            entries: self.entries,
        }
    }
}

fn check_input(input: &Input, shared: &Shared) -> Rendered {
    let args = shared.args;
    let stdin_name = args.stdin_filename.as_deref();
    let path = input.display(stdin_name);
    let head =
        |format: Option<Format>, error: Option<String>, skipped: Option<String>| output::FileHead {
            path: path.clone(),
            format,
            error,
            skipped,
        };
    let failed =
        |error: String| FileOut::new(shared, input, head(None, Some(error), None)).finish();
    let (content, name_for_format) = match input {
        Input::Missing(_, why) => return failed(why.clone()),
        Input::Stdin => {
            let mut buf = Vec::new();
            let limit = inputs::MAX_FILE_BYTES + 1;
            if let Err(e) = std::io::stdin().lock().take(limit).read_to_end(&mut buf) {
                return failed(format!("cannot read standard input: {e}"));
            }
            if buf.len() as u64 >= limit {
                return failed(inputs::too_large(buf.len() as u64));
            }
            (Content::Whole(buf), stdin_name.map(Path::to_path_buf))
        }
        Input::File(p) => match inputs::open_file(p, args.format_in.map(Format::from)) {
            Ok(c) => (c, Some(p.clone())),
            Err(e) => return failed(e),
        },
    };
    let config_path = name_for_format
        .clone()
        .unwrap_or_else(|| PathBuf::from("_"));
    let resolved = match shared.discovery.resolve(&config_path) {
        Ok(r) => r,
        Err(e) => return failed(e.to_string()),
    };
    let format = match &content {
        Content::Whole(bytes) => args
            .format_in
            .map(Format::from)
            .unwrap_or_else(|| tactful_ingest::detect_format(name_for_format.as_deref(), bytes)),
        Content::Mbox(_) | Content::Binary => Format::Mbox,
    };
    let parse_opts = ParseOptions {
        lang: shared.forced_lang.or(resolved.lang),
    };
    let skipped = || {
        let skipped = head(Some(format), None, Some("binary file skipped".into()));
        FileOut::new(shared, input, skipped).finish()
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
        let report = shared.engine.check(&doc, &options, &policy);
        CheckedDoc { doc, report }
    };
    let mut file = FileOut::new(shared, input, head(Some(format), None, None));
    match content {
        Content::Whole(bytes) => match tactful_ingest::parse(&bytes, format, &parse_opts) {
            Ok(d) => file.docs(d.into_iter().map(check).collect()),
            Err(ParseError::Binary) => return skipped(),
            Err(ParseError::Malformed(m)) => return failed(m),
        },
        Content::Mbox(reader) => {
            // A mailbox that cannot be read to its end is reported as that error alone.
            if let Err(e) = inputs::check_mbox(reader, &parse_opts, check, |d| file.docs(d)) {
                return failed(e);
            }
        }
        Content::Binary => return skipped(),
    }
    file.finish()
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
