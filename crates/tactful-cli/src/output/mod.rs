//! Printers. A worker renders each input's report as its documents are checked, a batch at a
//! time, into text held for that input; the main thread writes the inputs' texts in input
//! order, so output never depends on thread timing, and a mailbox's documents are dropped as
//! soon as they are reported.

use std::fmt::Write as _;
use std::io::Write;
use std::time::Duration;

use serde_json::{Value, json};
use tactful_core::{
    Diagnostic, Document, Engine, Format, Lang, LanguageStatus, LineIndex, Severity,
};

use crate::args::OutputFormat;
use crate::check::{CheckedDoc, Totals};

mod checkstyle;
mod github;
mod held;
mod json_text;
mod junit;
mod rdjson;
mod sarif;
mod spill;
mod statistics;
mod xml;

pub use spill::Spill;

/// What the whole run found, known before the first byte is written.
pub struct Run<'a> {
    pub engine: &'a Engine,
    pub totals: &'a Totals,
    pub elapsed: Duration,
    pub quiet: bool,
}

/// What is known of an input before its documents are checked.
pub struct FileHead {
    pub path: String,
    pub format: Option<Format>,
    /// The input could not be read or parsed at all: it has no documents.
    pub error: Option<String>,
    /// Skipped on purpose (binary), with why: it has no documents.
    pub skipped: Option<String>,
}

pub trait Printer: Send + Sync {
    /// Whether `begin` reads the run's totals, so that every file's report must be held
    /// until all are checked; otherwise reports are written as files are checked.
    fn totals_first(&self) -> bool {
        false
    }
    fn begin(&self, _out: &mut dyn Write, _run: &Run) -> std::io::Result<()> {
        Ok(())
    }
    /// Written between two non-empty file outputs.
    fn separator(&self) -> &'static str {
        ""
    }
    /// The report of one input (its whole output may be empty).
    fn file<'a>(&'a self, head: FileHead, engine: &'a Engine) -> Box<dyn FileReport + 'a>;
    fn end(&self, out: &mut dyn Write, run: &Run) -> std::io::Result<()>;
}

/// One input's report, fed its checked documents in order, a batch at a time, so a mailbox
/// is never held whole. What a format must print before the documents (counts, errors) it
/// holds in a [`Spill`] until `finish`; the rest goes to `out` at once.
pub trait FileReport {
    fn docs(&mut self, docs: &[CheckedDoc], out: &mut dyn Write) -> std::io::Result<()>;
    /// Writes the rest of the report, after the last document.
    fn finish(self: Box<Self>, out: &mut dyn Write) -> std::io::Result<()>;
}

pub fn printer(
    format: OutputFormat,
    color: bool,
    statistics: bool,
    promises: bool,
) -> Box<dyn Printer> {
    if statistics {
        return Box::new(statistics::Statistics {
            json: matches!(format, OutputFormat::Json | OutputFormat::Jsonl),
        });
    }
    match format {
        OutputFormat::Human => Box::new(Human {
            color,
            concise: false,
        }),
        OutputFormat::Concise => Box::new(Human {
            color,
            concise: true,
        }),
        OutputFormat::Json => Box::new(Json { promises }),
        OutputFormat::Jsonl => Box::new(Jsonl),
        OutputFormat::Sarif => Box::new(sarif::Sarif::default()),
        OutputFormat::Github => Box::new(github::Github),
        OutputFormat::Junit => Box::new(junit::Junit),
        OutputFormat::Checkstyle => Box::new(checkstyle::Checkstyle),
        OutputFormat::Rdjson => Box::new(rdjson::Rdjson),
    }
}

/// The project's home page, when the package declares one.
pub fn home_page() -> Option<&'static str> {
    Some(env!("CARGO_PKG_REPOSITORY")).filter(|u| u.starts_with("http"))
}

/// Calls `f` on each finding of a batch of documents, in order, with its document and the
/// document's line index (built only for documents that have findings).
pub fn each_finding(
    docs: &[CheckedDoc],
    mut f: impl FnMut(&Document, &LineIndex, &Diagnostic) -> std::io::Result<()>,
) -> std::io::Result<()> {
    for d in docs.iter().filter(|d| !d.report.diagnostics.is_empty()) {
        let idx = LineIndex::new(&d.doc.text);
        for diag in &d.report.diagnostics {
            f(&d.doc, &idx, diag)?;
        }
    }
    Ok(())
}

/// The errors of a batch of documents (failing analyzers, oversized messages), in order.
pub fn doc_errors(docs: &[CheckedDoc]) -> impl Iterator<Item = &String> {
    docs.iter().flat_map(|d| d.report.errors.iter())
}

/// The message with the suggestion, for formats that have a single text field.
pub fn message_with_suggestion(diag: &Diagnostic) -> String {
    match &diag.finding.suggestion {
        Some(s) => format!("{}\nTry: {s}", diag.finding.message),
        None => diag.finding.message.clone(),
    }
}

/// "Found 3 findings (3 warnings) in 2 of 5 files (5 documents) in 0.01s."
pub fn summary_line(t: &Totals, elapsed: Duration) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut line = if t.findings() == 0 {
        format!(
            "No findings in {} ({})",
            plural(t.files, "file", "files"),
            plural(t.documents, "document", "documents")
        )
    } else {
        let counts: Vec<String> = [
            (Severity::Error, "error", "errors"),
            (Severity::Warning, "warning", "warnings"),
            (Severity::Info, "info", "info"),
        ]
        .iter()
        .filter(|(s, _, _)| t.by_severity[*s as usize] > 0)
        .map(|(s, one, many)| plural(t.by_severity[*s as usize], one, many))
        .collect();
        format!(
            "Found {} ({}) in {} of {} ({})",
            plural(t.findings(), "finding", "findings"),
            counts.join(", "),
            t.files_with_findings,
            plural(t.files, "file", "files"),
            plural(t.documents, "document", "documents")
        )
    };
    if t.errors > 0 {
        line.push_str(&format!("; {}", plural(t.errors, "error", "errors")));
    }
    if t.skipped > 0 {
        line.push_str(&format!("; {} skipped", t.skipped));
    }
    format!("{line} in {:.2}s.", elapsed.as_secs_f64())
}

/// Where a finding is, resolved against its document.
pub struct Located<'a> {
    pub diag: &'a Diagnostic,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub excerpt: &'a str,
}

pub fn locate<'a>(doc: &'a Document, idx: &LineIndex<'a>, diag: &'a Diagnostic) -> Located<'a> {
    let span = diag.finding.span;
    let (line, column) = idx.line_col(span.start);
    let (end_line, end_column) = idx.line_col(span.end);
    Located {
        diag,
        line: line + doc.line_offset,
        column,
        end_line: end_line + doc.line_offset,
        end_column,
        excerpt: doc.slice(span),
    }
}

/// Which message of an mbox a finding is in: "message 3, <id@host>, from Ana, 2024-03-01",
/// or just "message 3" when `short`. A single .eml needs none: its path says it.
fn email_context(doc: &Document, short: bool) -> Option<String> {
    let e = doc.email.as_ref().filter(|_| doc.format == Format::Mbox)?;
    let mut parts = vec![format!("message {}", e.index + 1)];
    if short {
        return Some(parts.remove(0));
    }
    if let Some(id) = &e.message_id {
        parts.push(format!("<{}>", id.trim_matches(['<', '>'])));
    }
    if let Some(from) = &e.from {
        parts.push(format!("from {from}"));
    }
    if let Some(date) = &e.date {
        parts.push(date.clone());
    }
    Some(parts.join(", "))
}

struct Style {
    on: bool,
}

impl Style {
    fn paint<T: std::fmt::Display>(&self, code: &'static str, s: T) -> Painted<T> {
        Painted {
            on: self.on,
            code,
            s,
        }
    }
    fn severity(&self, sev: Severity) -> Painted<&'static str> {
        let code = match sev {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "1;36",
        };
        self.paint(code, sev.name())
    }
}

/// Text in a terminal colour (when colour is on), written where it is formatted instead of
/// allocated first.
struct Painted<T> {
    on: bool,
    code: &'static str,
    s: T,
}

impl<T: std::fmt::Display> std::fmt::Display for Painted<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.on {
            write!(f, "\x1b[{}m{}\x1b[0m", self.code, self.s)
        } else {
            self.s.fmt(f)
        }
    }
}

struct Human {
    color: bool,
    concise: bool,
}

impl Printer for Human {
    fn file<'a>(&'a self, head: FileHead, _engine: &'a Engine) -> Box<dyn FileReport + 'a> {
        let st = Style { on: self.color };
        let mut first = String::new();
        if let Some(e) = &head.error {
            first.push_str(&format!(
                "{}: {}: {e}\n",
                head.path,
                st.paint("1;31", "error")
            ));
        }
        if let Some(s) = &head.skipped {
            first.push_str(&format!(
                "{}: {}: {s}\n",
                head.path,
                st.paint("1;36", "notice")
            ));
        }
        Box::new(HumanFile {
            printer: self,
            path: head.path,
            first,
        })
    }

    fn end(&self, out: &mut dyn Write, run: &Run) -> std::io::Result<()> {
        if run.quiet {
            return Ok(());
        }
        writeln!(out, "{}", summary_line(run.totals, run.elapsed))
    }
}

struct HumanFile<'a> {
    printer: &'a Human,
    path: String,
    /// The input's own error or notice, written before its documents.
    first: String,
}

impl FileReport for HumanFile<'_> {
    fn docs(&mut self, docs: &[CheckedDoc], out: &mut dyn Write) -> std::io::Result<()> {
        let st = Style {
            on: self.printer.color,
        };
        let concise = self.printer.concise;
        let path = &self.path;
        let mut text = std::mem::take(&mut self.first);
        for d in docs {
            let context = email_context(&d.doc, concise);
            let ctx = context
                .as_deref()
                .map(|c| format!(" ({c})"))
                .unwrap_or_default();
            for e in &d.report.errors {
                text.push_str(&format!(
                    "{path}{ctx}: {}: {e}\n",
                    st.paint("1;31", "error")
                ));
            }
            if !concise {
                for n in &d.doc.notices {
                    text.push_str(&format!(
                        "{path}{ctx}: {}: {n}\n",
                        st.paint("1;36", "notice")
                    ));
                }
            }
            if d.report.diagnostics.is_empty() {
                continue;
            }
            let idx = LineIndex::new(&d.doc.text);
            for diag in &d.report.diagnostics {
                let loc = locate(&d.doc, &idx, diag);
                // Writing to a String cannot fail.
                let _ = writeln!(
                    text,
                    "{}:{}:{}:{ctx} {} [{}] {}",
                    st.paint("1", path),
                    loc.line,
                    loc.column,
                    st.paint("1", &diag.finding.rule),
                    st.severity(diag.severity),
                    diag.finding.message
                );
                if concise {
                    continue;
                }
                snippet(&mut text, &st, &idx, &d.doc, diag);
                if let Some(s) = &diag.finding.suggestion {
                    let _ = writeln!(text, "   {} {s}", st.paint("1;32", "= try:"));
                }
                text.push('\n');
            }
        }
        out.write_all(text.as_bytes())
    }

    fn finish(mut self: Box<Self>, out: &mut dyn Write) -> std::io::Result<()> {
        self.docs(&[], out)
    }
}

/// The source line(s) with the span underlined, rustc style.
fn snippet(out: &mut String, st: &Style, idx: &LineIndex, doc: &Document, diag: &Diagnostic) {
    let span = diag.finding.span;
    let (line, col) = idx.line_col(span.start);
    let (end_line, end_col) = idx.line_col(span.end);
    let shown = line + doc.line_offset;
    let width = shown.to_string().len();
    let text = idx.line_text(line);
    let bar = st.paint("1;34", "|");
    // Writing to a String cannot fail.
    let _ = writeln!(out, "{:width$} {bar}", "");
    let _ = write!(out, "{} {bar} ", st.paint("1;34", shown));
    for (i, part) in text.split('\t').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(part);
    }
    out.push('\n');
    let carets = if end_line == line {
        end_col.saturating_sub(col).max(1)
    } else {
        text.chars().count().saturating_sub(col - 1).max(1)
    };
    let _ = write!(out, "{:width$} {bar} ", "");
    out.extend(std::iter::repeat_n(' ', col - 1));
    let _ = writeln!(out, "{}", st.paint("1;33", Repeat('^', carets)));
}

/// A char `n` times, formatted without building the string.
struct Repeat(char, usize);

impl std::fmt::Display for Repeat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        (0..self.1).try_for_each(|_| f.write_char(self.0))
    }
}

/// One finding as JSON. Fields are in the order a `Value` map writes them (sorted), so the
/// JSON printer can serialize it straight into its text without building a `Value` first.
#[derive(serde::Serialize)]
struct FindingJson<'a> {
    category: &'a str,
    column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<EmailJson<'a>>,
    end_column: usize,
    end_line: usize,
    excerpt: &'a str,
    line: usize,
    message: &'a str,
    rule: &'a str,
    rule_name: &'a str,
    severity: &'a str,
    span: SpanJson,
    suggestion: Option<&'a str>,
}

#[derive(serde::Serialize)]
struct EmailJson<'a> {
    date: Option<&'a str>,
    from: Option<&'a str>,
    index: usize,
    message_id: Option<&'a str>,
}

#[derive(serde::Serialize)]
struct SpanJson {
    end: usize,
    start: usize,
}

impl<'a> FindingJson<'a> {
    fn new(doc: &'a Document, loc: &Located<'a>) -> FindingJson<'a> {
        let d = loc.diag;
        FindingJson {
            category: &d.category,
            column: loc.column,
            email: doc.email.as_ref().map(|e| EmailJson {
                date: e.date.as_deref(),
                from: e.from.as_deref(),
                index: e.index,
                message_id: e.message_id.as_deref(),
            }),
            end_column: loc.end_column,
            end_line: loc.end_line,
            excerpt: loc.excerpt,
            line: loc.line,
            message: &d.finding.message,
            rule: &d.finding.rule,
            rule_name: &d.rule_name,
            severity: d.severity.name(),
            span: SpanJson {
                end: d.finding.span.end,
                start: d.finding.span.start,
            },
            suggestion: d.finding.suggestion.as_deref(),
        }
    }
}

impl FindingJson<'_> {
    /// Appends the bytes `serde_json::to_writer` writes for this finding (tested below); with
    /// `jsonl_path`, also its `path` and `"type":"finding"`, in their sorted places, as the
    /// JSONL printer's lines have them.
    fn write(&self, out: &mut Vec<u8>, jsonl_path: Option<&str>) {
        use json_text::{push_opt_str, push_str, push_usize};
        out.extend_from_slice(b"{\"category\":");
        push_str(out, self.category);
        out.extend_from_slice(b",\"column\":");
        push_usize(out, self.column);
        if let Some(e) = &self.email {
            out.extend_from_slice(b",\"email\":{\"date\":");
            push_opt_str(out, e.date);
            out.extend_from_slice(b",\"from\":");
            push_opt_str(out, e.from);
            out.extend_from_slice(b",\"index\":");
            push_usize(out, e.index);
            out.extend_from_slice(b",\"message_id\":");
            push_opt_str(out, e.message_id);
            out.push(b'}');
        }
        out.extend_from_slice(b",\"end_column\":");
        push_usize(out, self.end_column);
        out.extend_from_slice(b",\"end_line\":");
        push_usize(out, self.end_line);
        out.extend_from_slice(b",\"excerpt\":");
        push_str(out, self.excerpt);
        out.extend_from_slice(b",\"line\":");
        push_usize(out, self.line);
        out.extend_from_slice(b",\"message\":");
        push_str(out, self.message);
        if let Some(path) = jsonl_path {
            out.extend_from_slice(b",\"path\":");
            push_str(out, path);
        }
        out.extend_from_slice(b",\"rule\":");
        push_str(out, self.rule);
        out.extend_from_slice(b",\"rule_name\":");
        push_str(out, self.rule_name);
        out.extend_from_slice(b",\"severity\":");
        push_str(out, self.severity);
        out.extend_from_slice(b",\"span\":{\"end\":");
        push_usize(out, self.span.end);
        out.extend_from_slice(b",\"start\":");
        push_usize(out, self.span.start);
        out.extend_from_slice(b"},\"suggestion\":");
        push_opt_str(out, self.suggestion);
        if jsonl_path.is_some() {
            out.extend_from_slice(b",\"type\":\"finding\"");
        }
        out.push(b'}');
    }
}

/// The language of a file, learned one document at a time: its documents', or `mixed` when
/// its messages differ; and how it was settled: `detected`, `forced`, `mixed` (two languages
/// in one text, or messages in different languages) or `unknown` (too little text to tell),
/// so a guess is never silent.
#[derive(Default)]
struct FileLanguage {
    documents: usize,
    /// The first document's language, and whether every document has it.
    first: Option<Lang>,
    same: bool,
    /// The first language of any document, and whether another document has another.
    first_known: Option<Lang>,
    known_differ: bool,
    any_mixed: bool,
    all_forced: bool,
}

impl FileLanguage {
    fn add(&mut self, doc: &Document) {
        if self.documents == 0 {
            self.first = doc.lang;
            self.same = true;
            self.all_forced = true;
        } else if doc.lang != self.first {
            self.same = false;
        }
        self.documents += 1;
        if let Some(l) = doc.lang {
            match self.first_known {
                None => self.first_known = Some(l),
                Some(f) => self.known_differ |= f != l,
            }
        }
        self.any_mixed |= doc.language_status == LanguageStatus::Mixed;
        self.all_forced &= doc.language_status == LanguageStatus::Forced;
    }

    fn language(&self) -> Value {
        if self.documents == 0 {
            Value::Null
        } else if self.same {
            self.first.map_or(Value::Null, |l| json!(l.code()))
        } else {
            json!("mixed")
        }
    }

    fn status(&self) -> Value {
        if self.documents == 0 {
            return Value::Null;
        }
        let status = if self.any_mixed || self.known_differ {
            LanguageStatus::Mixed
        } else if self.first_known.is_none() {
            LanguageStatus::Unknown
        } else if self.all_forced {
            LanguageStatus::Forced
        } else {
            LanguageStatus::Detected
        };
        json!(status)
    }
}

/// What a document promised, by when (see `tactful_next_steps::Promise`), each as JSON text;
/// `document` is its index in the file.
fn promises_json(document: usize, doc: &Document) -> Vec<String> {
    static NEXT_STEPS: std::sync::OnceLock<tactful_next_steps::NextSteps> =
        std::sync::OnceLock::new();
    let next_steps = NEXT_STEPS.get_or_init(tactful_next_steps::analyzer);
    let opts = tactful_core::CheckOptions::default();
    let idx = LineIndex::new(&doc.text);
    let promises = next_steps.promises(doc, &opts).unwrap_or_default();
    promises
        .into_iter()
        .map(|p| {
            let (line, column) = idx.line_col(p.time.span.start);
            json!({
                "document": document,
                "sentence": doc.slice(p.sentence),
                "time": doc.slice(p.time.span),
                "line": line + doc.line_offset,
                "column": column,
                "bound": p.time.bound,
                "when": p.time.when,
                "vague": p.time.vague,
                "owner": p.owner,
                "concrete": p.concrete,
            })
            .to_string()
        })
        .collect()
}

/// The items of a JSON array, as text held until the array can be written.
#[derive(Default)]
struct JsonItems {
    text: Spill,
}

impl JsonItems {
    /// Where the next item goes, after its comma.
    fn next(&mut self) -> std::io::Result<&mut Spill> {
        if !self.text.is_empty() {
            self.text.write_all(b",")?;
        }
        Ok(&mut self.text)
    }

    fn write_array(self, out: &mut dyn Write) -> std::io::Result<()> {
        out.write_all(b"[")?;
        self.text.copy_to(out)?;
        out.write_all(b"]")
    }
}

struct Json {
    promises: bool,
}

/// One file's JSON object. Its keys are in sorted order, as a `Value` map writes them, and
/// the document count and errors come before the findings, so the arrays are held until the
/// last document.
struct JsonFile {
    promises: bool,
    head: FileHead,
    errors: Vec<String>,
    language: FileLanguage,
    findings: JsonItems,
    notices: JsonItems,
    /// Jargon findings per 100 authored words, one figure per document, for batch review.
    density: JsonItems,
    promised: JsonItems,
    /// Reused for each document's findings.
    scratch: Vec<u8>,
}

impl Printer for Json {
    fn separator(&self) -> &'static str {
        ","
    }

    fn begin(&self, out: &mut dyn Write, _run: &Run) -> std::io::Result<()> {
        out.write_all(b"{\"version\":1,\"files\":[")
    }

    fn file<'a>(&'a self, head: FileHead, _engine: &'a Engine) -> Box<dyn FileReport + 'a> {
        let mut file = JsonFile {
            promises: self.promises,
            errors: head.error.iter().cloned().collect(),
            head,
            language: FileLanguage::default(),
            findings: JsonItems::default(),
            notices: JsonItems::default(),
            density: JsonItems::default(),
            promised: JsonItems::default(),
            scratch: Vec::new(),
        };
        if let Some(s) = &file.head.skipped {
            // Held in memory until then: writing to it cannot fail.
            let _ = file
                .notices
                .next()
                .and_then(|t| serde_json::to_writer(t, s).map_err(Into::into));
        }
        Box::new(file)
    }

    fn end(&self, out: &mut dyn Write, run: &Run) -> std::io::Result<()> {
        let t = run.totals;
        let summary = json!({
            "files": t.files,
            "documents": t.documents,
            "files_with_findings": t.files_with_findings,
            "findings": t.findings(),
            "errors": t.errors,
            "skipped": t.skipped,
            "by_severity": {
                "error": t.by_severity[Severity::Error as usize],
                "warning": t.by_severity[Severity::Warning as usize],
                "info": t.by_severity[Severity::Info as usize],
            },
        });
        writeln!(out, "],\"summary\":{summary}}}")
    }
}

impl FileReport for JsonFile {
    fn docs(&mut self, docs: &[CheckedDoc], _out: &mut dyn Write) -> std::io::Result<()> {
        for d in docs {
            let document = self.language.documents;
            self.language.add(&d.doc);
            // Without findings there is no jargon to count: the text need not be read.
            let per_100 = if d.report.diagnostics.is_empty() {
                0.0
            } else {
                tactful_jargon::density(&d.doc, &d.report.diagnostics)
            };
            let rounded = Value::from((per_100 * 100.0).round() / 100.0);
            let mut figure = Vec::with_capacity(8);
            serde_json::to_writer(&mut figure, &rounded)?;
            self.density.next()?.write_all(&figure)?;
            if !d.report.diagnostics.is_empty() {
                let idx = LineIndex::new(&d.doc.text);
                // The batch's findings are written as one text, in one write.
                let mut text = std::mem::take(&mut self.scratch);
                for diag in &d.report.diagnostics {
                    if !self.findings.text.is_empty() || !text.is_empty() {
                        text.push(b',');
                    }
                    FindingJson::new(&d.doc, &locate(&d.doc, &idx, diag)).write(&mut text, None);
                }
                self.findings.text.write_all(&text)?;
                text.clear();
                self.scratch = text;
            }
            self.errors.extend(d.report.errors.iter().cloned());
            for n in &d.doc.notices {
                serde_json::to_writer(self.notices.next()?, n)?;
            }
            if self.promises {
                for p in promises_json(document, &d.doc) {
                    self.promised.next()?.write_all(p.as_bytes())?;
                }
            }
        }
        Ok(())
    }

    fn finish(self: Box<Self>, out: &mut dyn Write) -> std::io::Result<()> {
        use json_text::{push_opt_str, push_str, push_usize};
        let f = *self;
        // The parts between the held arrays are put together in memory, each written at once.
        let mut text = Vec::with_capacity(256);
        text.extend_from_slice(b"{\"documents\":");
        push_usize(&mut text, f.language.documents);
        text.extend_from_slice(b",\"error\":");
        push_opt_str(
            &mut text,
            Some(f.errors.join("; "))
                .filter(|_| !f.errors.is_empty())
                .as_deref(),
        );
        text.extend_from_slice(b",\"findings\":");
        out.write_all(&text)?;
        f.findings.write_array(out)?;
        text.clear();
        text.extend_from_slice(b",\"format\":");
        push_opt_str(&mut text, f.head.format.map(|f| f.name()));
        text.extend_from_slice(b",\"jargon_density\":");
        out.write_all(&text)?;
        f.density.write_array(out)?;
        text.clear();
        text.extend_from_slice(b",\"language\":");
        serde_json::to_writer(&mut text, &f.language.language())?;
        text.extend_from_slice(b",\"language_status\":");
        serde_json::to_writer(&mut text, &f.language.status())?;
        text.extend_from_slice(b",\"notices\":");
        out.write_all(&text)?;
        f.notices.write_array(out)?;
        text.clear();
        text.extend_from_slice(b",\"path\":");
        push_str(&mut text, &f.head.path);
        out.write_all(&text)?;
        if f.promises {
            out.write_all(b",\"promises\":")?;
            f.promised.write_array(out)?;
        }
        out.write_all(b"}")
    }
}

struct Jsonl;

struct JsonlFile {
    path: String,
    /// The input's own error, written before its documents.
    error: Option<String>,
}

impl JsonlFile {
    fn error_line(&self, msg: &str) -> String {
        json!({"type": "error", "path": self.path, "message": msg}).to_string() + "\n"
    }
}

impl Printer for Jsonl {
    fn file<'a>(&'a self, head: FileHead, _engine: &'a Engine) -> Box<dyn FileReport + 'a> {
        Box::new(JsonlFile {
            path: head.path,
            error: head.error,
        })
    }

    fn end(&self, _: &mut dyn Write, _: &Run) -> std::io::Result<()> {
        Ok(())
    }
}

impl FileReport for JsonlFile {
    fn docs(&mut self, docs: &[CheckedDoc], out: &mut dyn Write) -> std::io::Result<()> {
        let mut text = Vec::new();
        if let Some(e) = self.error.take() {
            text.extend_from_slice(self.error_line(&e).as_bytes());
        }
        for d in docs {
            for e in &d.report.errors {
                text.extend_from_slice(self.error_line(e).as_bytes());
            }
            if d.report.diagnostics.is_empty() {
                continue;
            }
            let idx = LineIndex::new(&d.doc.text);
            for diag in &d.report.diagnostics {
                let loc = locate(&d.doc, &idx, diag);
                FindingJson::new(&d.doc, &loc).write(&mut text, Some(&self.path));
                text.push(b'\n');
            }
        }
        out.write_all(&text)
    }

    fn finish(mut self: Box<Self>, out: &mut dyn Write) -> std::io::Result<()> {
        self.docs(&[], out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tactful_core::{EmailMeta, Finding, Span};

    #[test]
    fn a_finding_written_directly_reads_as_its_value_map() {
        let mut doc = Document::plain("Hi \"Ann\",\nwe'll fix it ASAP.\n", Format::Plain);
        let mut finding = Finding::new("NXT002", Span::new(23, 27), "say when");
        finding.suggestion = Some("by Friday".into());
        let diag = Diagnostic {
            finding,
            rule_name: "vague-deadline".into(),
            category: "next-steps".into(),
            severity: Severity::Warning,
        };
        let idx = LineIndex::new(&doc.text);
        for email in [
            None,
            Some(EmailMeta {
                index: 2,
                from: Some("Ann <a@example.com>".into()),
                ..EmailMeta::default()
            }),
        ] {
            doc.email = email;
            let loc = locate(&doc, &idx, &diag);
            let direct = serde_json::to_string(&FindingJson::new(&doc, &loc)).unwrap();
            let mut written = Vec::new();
            FindingJson::new(&doc, &loc).write(&mut written, None);
            assert_eq!(String::from_utf8(written).unwrap(), direct);
            // The map (sorted keys) and the JSON printer's text agree.
            let mut map = serde_json::to_value(FindingJson::new(&doc, &loc)).unwrap();
            assert_eq!(direct, map.to_string());
            // A JSONL line is the map with the path and the type.
            map["type"] = json!("finding");
            map["path"] = json!("notes/\"a\".txt");
            let mut line = Vec::new();
            FindingJson::new(&doc, &loc).write(&mut line, Some("notes/\"a\".txt"));
            assert_eq!(String::from_utf8(line).unwrap(), map.to_string());
            let v: Value = serde_json::from_str(&direct).unwrap();
            assert_eq!(v["excerpt"], "ASAP");
            assert_eq!(v["line"], 2);
            assert_eq!(v.get("email").is_some(), doc.email.is_some());
        }
    }
}
