//! `tactful check`: read, parse, analyze in parallel, print in a stable order.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

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
                // A code counted already needs no copy of itself as a key.
                if let Some(c) = self.rules.get_mut(&diag.finding.rule) {
                    c.count += 1;
                    continue;
                }
                let c = RuleCount {
                    name: diag.rule_name.clone(),
                    category: diag.category.clone(),
                    count: 1,
                };
                self.rules.insert(diag.finding.rule.clone(), c);
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
fn open_report(path: Option<&Path>) -> Result<Box<dyn Write + Send>, String> {
    match path {
        // Not locked: reports are written while workers run, and a plugin may print. A
        // terminal sees each line as it comes; a pipe or a file gets the report in large
        // writes, not a line-buffered write (and a search for the last newline) per piece.
        None if std::io::stdout().is_terminal() => Ok(Box::new(std::io::stdout())),
        None => Ok(Box::new(std::io::BufWriter::with_capacity(
            64 << 10,
            std::io::stdout(),
        ))),
        Some(p) => std::fs::File::create(p)
            .map(|f| Box::new(std::io::BufWriter::new(f)) as Box<dyn Write + Send>)
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
    // Never dropped: the process ends with the run, and freeing every rule and automaton
    // first cost a twentieth of a one-draft run.
    let engine = match engine_for(&discovery) {
        Ok(e) => std::mem::ManuallyDrop::new(e),
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
    let mut out = match open_report(args.output_file.as_deref()) {
        Ok(o) => o,
        Err(e) => return crate::fail(&e),
    };
    // Files are checked in parallel, in order, at most `AHEAD` past the one whose turn it is.
    // That file (every file before it written) writes its report as it goes, a mailbox a
    // batch of messages at a time; the others hold theirs until their turn. So neither a
    // large run nor a large mailbox is ever held in memory. A format whose header counts
    // every file (JUnit) holds the reports, in a temporary file, until the end.
    let hold = printer.totals_first();
    let mut held = output::Spill::new();
    // The first error writing the report; a closed pipe (`| head`) among them is no failure.
    let mut write_error: Option<std::io::Error> = None;
    if !hold {
        let run = output::Run {
            engine: &engine,
            totals: &Totals::default(),
            elapsed: started.elapsed(),
            quiet: args.quiet,
        };
        write_error = printer.begin(&mut out, &run).err();
    }
    let sink: &mut (dyn Write + Send) = if hold { &mut held } else { &mut out };
    let order = Mutex::new(Ordered {
        sink,
        separator: printer.separator(),
        next: 0,
        waiting: BTreeMap::new(),
        first: true,
        started: false,
        failed: write_error,
        totals: Totals::default(),
        recorded: baseline::Recorder::default(),
        fatal: None,
        progress: &progress,
    });
    // Each thread takes the next input in turn; one that would run `AHEAD` past the input
    // being written helps the others (a mailbox's batches) until it may go on. No thread
    // waits for a whole group of inputs to finish, as one did for a chunk of them.
    let claimed = AtomicUsize::new(0);
    pool.broadcast(|_| {
        loop {
            let index = claimed.fetch_add(1, Ordering::Relaxed);
            let Some(input) = inputs.get(index) else {
                return;
            };
            loop {
                let order = lock(&order);
                if order.fatal.is_some() {
                    return;
                }
                if index < order.next + AHEAD {
                    break;
                }
                drop(order);
                if rayon::yield_now() != Some(rayon::Yield::Executed) {
                    std::thread::sleep(std::time::Duration::from_micros(100));
                }
            }
            check_input(input, index, &shared, &order);
            progress.tick();
        }
    });
    progress.clear();
    if let Some(e) = &lock(&order).fatal {
        return crate::fail(e);
    }
    let order = order.into_inner().unwrap_or_else(|e| e.into_inner());
    let mut write_error = order.failed;
    let (totals, recorded) = (order.totals, order.recorded);
    if hold && let Some(e) = &write_error {
        return crate::fail(&format!("cannot hold the report in a temporary file: {e}"));
    }
    let run = output::Run {
        engine: &engine,
        totals: &totals,
        elapsed: started.elapsed(),
        quiet: args.quiet,
    };
    let rest = || -> std::io::Result<()> {
        if hold {
            printer.begin(&mut out, &run)?;
            held.copy_to(&mut out)?;
        }
        printer.end(&mut out, &run)?;
        out.flush()
    };
    if write_error.is_none() {
        write_error = rest().err();
    }
    drop(out);
    if let Some(e) = write_error {
        if let Some(p) = &args.output_file {
            return crate::fail(&format!("cannot write the report to {}: {e}", p.display()));
        }
        // A closed pipe (`| head`) is not an error of the checked files; anything else is.
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            return EXIT_OK;
        }
        return crate::fail(&format!("cannot write the report: {e}"));
    }
    if args.output_file.is_some() && !args.quiet {
        // The report went to the file; the terminal still gets the one-line summary.
        println!("{}", output::summary_line(&totals, run.elapsed));
    }
    if let Some(path) = &args.write_baseline {
        let n = recorded.len();
        if let Err(e) = recorded.write(path) {
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

/// Inputs checked past the one whose report is being written, at most: enough to keep every
/// thread busy, few enough that the reports held until their turn stay small.
const AHEAD: usize = 256;

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

/// One input's report text held until its turn (or why it could not be held), counts and
/// baseline entries.
struct Rendered {
    text: Result<output::Spill, String>,
    totals: Totals,
    entries: baseline::Recorder,
}

/// The report, written in input order while the inputs are checked in parallel: the input
/// whose turn it is writes straight to it; a later one holds its text until every input
/// before it is written.
struct Ordered<'a> {
    sink: &'a mut (dyn Write + Send),
    separator: &'static str,
    /// The index of the input whose turn it is.
    next: usize,
    /// Later inputs, finished, waiting for their turn.
    waiting: BTreeMap<usize, Rendered>,
    /// Nothing written yet: no separator before the first report.
    first: bool,
    /// The input whose turn it is has written part of its report, and the separator.
    started: bool,
    /// The first error writing the report: nothing more is written after it.
    failed: Option<std::io::Error>,
    totals: Totals,
    recorded: baseline::Recorder,
    /// A report that could not be held: the run stops.
    fatal: Option<String>,
    progress: &'a Progress,
}

impl Ordered<'_> {
    /// Writes part of the report of the input whose turn it is, after the separator if it is
    /// the first text of a report that is not the first.
    fn write(&mut self, text: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) {
        if self.failed.is_some() {
            return;
        }
        self.progress.clear();
        let mut out = Separated {
            sink: &mut *self.sink,
            separator: self.separator,
            first: &mut self.first,
            started: &mut self.started,
        };
        self.failed = text(&mut out).err();
    }

    /// Takes the rest of input `index`'s report, and writes every finished one whose turn
    /// has come.
    fn finished(&mut self, index: usize, r: Rendered) {
        self.waiting.insert(index, r);
        while let Some(r) = self.waiting.remove(&self.next) {
            match r.text {
                Ok(text) => self.write(|out| text.copy_to(out)),
                Err(e) => {
                    self.fatal.get_or_insert(e);
                }
            }
            self.totals.merge(r.totals);
            if let Err(e) = self.recorded.append(r.entries) {
                self.fatal
                    .get_or_insert(format!("cannot hold the baseline's findings: {e}"));
            }
            self.next += 1;
            self.started = false;
        }
    }
}

/// The output, with the separator written before a report's first byte when another
/// report came before it (an empty report gets none).
struct Separated<'w> {
    sink: &'w mut (dyn Write + Send),
    separator: &'static str,
    first: &'w mut bool,
    started: &'w mut bool,
}

impl Write for Separated<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        if !*self.started {
            if !*self.first {
                self.sink.write_all(self.separator.as_bytes())?;
            }
            *self.first = false;
            *self.started = true;
        }
        self.sink.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.sink.flush()
    }
}

fn lock<'m, 'a>(order: &'m Mutex<Ordered<'a>>) -> std::sync::MutexGuard<'m, Ordered<'a>> {
    // A worker that panicked holding it left nothing half-written that matters more.
    order.lock().unwrap_or_else(|e| e.into_inner())
}

/// Where one input's report text goes: straight to the output once it is its turn, held
/// until then.
struct Turn<'a, 's> {
    index: usize,
    order: &'a Mutex<Ordered<'s>>,
    /// It is this input's turn: its report goes straight to the output.
    direct: bool,
    /// The report until its turn.
    text: output::Spill,
    /// Why the report text could not be held.
    failed: Option<std::io::Error>,
}

impl<'a, 's> Turn<'a, 's> {
    fn new(index: usize, order: &'a Mutex<Ordered<'s>>) -> Self {
        Turn {
            index,
            order,
            direct: false,
            text: output::Spill::new(),
            failed: None,
        }
    }

    /// Writes report text out if it is this input's turn, else holds it.
    fn emit(&mut self, text: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) {
        let mut order = lock(self.order);
        if !self.direct && order.next == self.index {
            let held = std::mem::take(&mut self.text);
            order.write(|out| held.copy_to(out));
            self.direct = true;
        }
        if self.direct {
            order.write(text);
        } else {
            drop(order);
            if let Err(e) = text(&mut self.text) {
                self.failed.get_or_insert(e);
            }
        }
    }
}

/// One input's report as it is built: each batch of checked documents goes through the
/// `--diff-base` and baseline filters into the counts and the printer's report, then is
/// dropped.
struct FileOut<'a, 's> {
    shared: &'a Shared<'a>,
    input: &'a Input,
    turn: Turn<'a, 's>,
    batch: FileResult,
    report: Box<dyn output::FileReport + 'a>,
    totals: Totals,
    entries: baseline::Recorder,
    used: baseline::Used,
    skipped: bool,
}

impl<'a, 's> FileOut<'a, 's> {
    fn new(
        shared: &'a Shared<'a>,
        input: &'a Input,
        turn: Turn<'a, 's>,
        head: output::FileHead,
    ) -> Self {
        let mut totals = Totals::default();
        if let Some(e) = &head.error {
            totals.add_error(&head.path, e);
        }
        FileOut {
            shared,
            input,
            turn,
            batch: FileResult {
                path: head.path.clone(),
                docs: Vec::new(),
            },
            skipped: head.skipped.is_some(),
            report: shared.printer.file(head, shared.engine),
            totals,
            entries: baseline::Recorder::default(),
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
        if self.shared.recording
            && let Err(e) = self.entries.add(&baseline::entries(r))
        {
            self.turn.failed.get_or_insert(e);
        }
        // Rendered before taking the turn, so other inputs need not wait for it.
        let mut piece = Vec::new();
        if self.turn.failed.is_none() {
            self.turn.failed = self.report.docs(&r.docs, &mut piece).err();
        }
        r.docs.clear();
        self.turn.emit(|out| out.write_all(&piece));
    }

    fn finish(self) {
        let FileOut {
            mut turn,
            batch,
            report,
            mut totals,
            entries,
            skipped,
            ..
        } = self;
        // What the report held (a mailbox's findings) goes out without a copy in memory.
        if turn.failed.is_none() {
            turn.emit(|out| report.finish(out));
        }
        totals.end_file(skipped);
        let text = match turn.failed {
            None => Ok(turn.text),
            Some(e) => Err(format!(
                "cannot hold the report of {} in a temporary file: {e}",
                batch.path
            )),
        };
        let rendered = Rendered {
            text,
            totals,
            entries,
        };
        lock(turn.order).finished(turn.index, rendered);
    }
}

/// Checks one input, the `index`th, and hands its report to `order`.
fn check_input<'a>(
    input: &'a Input,
    index: usize,
    shared: &'a Shared<'a>,
    order: &'a Mutex<Ordered<'_>>,
) {
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
    let new = |head| FileOut::new(shared, input, Turn::new(index, order), head);
    let failed = |error: String| new(head(None, Some(error), None)).finish();
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
        new(skipped).finish()
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
    let mut file = new(head(Some(format), None, None));
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
