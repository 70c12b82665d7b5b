//! Printers. Each worker renders a whole file's output into a string; the main thread writes
//! the strings in input order, so output never depends on thread timing.

use std::io::Write;
use std::time::Duration;

use serde_json::{Value, json};
use tactful_core::{Diagnostic, Document, Engine, Format, LineIndex, Severity};

use crate::args::OutputFormat;
use crate::check::{FileResult, Totals};

mod checkstyle;
mod github;
mod junit;
mod rdjson;
mod sarif;
mod statistics;
mod xml;

/// What the whole run found, known before the first byte is written.
pub struct Run<'a> {
    pub engine: &'a Engine,
    pub totals: &'a Totals,
    pub elapsed: Duration,
    pub quiet: bool,
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
    /// The whole output for one input (may be empty).
    fn file(&self, r: &FileResult, engine: &Engine) -> String;
    fn end(&self, out: &mut dyn Write, run: &Run) -> std::io::Result<()>;
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
        OutputFormat::Sarif => Box::new(sarif::Sarif),
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

/// Every finding of a file with its document, in report order.
pub fn diagnostics(r: &FileResult) -> impl Iterator<Item = (&Document, &Diagnostic)> {
    r.docs
        .iter()
        .flat_map(|d| d.report.diagnostics.iter().map(move |diag| (&d.doc, diag)))
}

/// The errors of a file: unreadable or unparsable input, failing analyzers.
pub fn file_errors(r: &FileResult) -> impl Iterator<Item = &String> {
    r.error
        .iter()
        .chain(r.docs.iter().flat_map(|d| d.report.errors.iter()))
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
    fn paint(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn severity(&self, sev: Severity) -> String {
        let code = match sev {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "1;36",
        };
        self.paint(code, sev.name())
    }
}

struct Human {
    color: bool,
    concise: bool,
}

impl Printer for Human {
    fn file(&self, r: &FileResult, _engine: &Engine) -> String {
        let st = Style { on: self.color };
        let mut out = String::new();
        if let Some(e) = &r.error {
            out.push_str(&format!("{}: {}: {e}\n", r.path, st.paint("1;31", "error")));
        }
        if let Some(s) = &r.skipped {
            out.push_str(&format!(
                "{}: {}: {s}\n",
                r.path,
                st.paint("1;36", "notice")
            ));
        }
        for d in &r.docs {
            let context = email_context(&d.doc, self.concise);
            let ctx = context
                .as_deref()
                .map(|c| format!(" ({c})"))
                .unwrap_or_default();
            for e in &d.report.errors {
                out.push_str(&format!(
                    "{}{ctx}: {}: {e}\n",
                    r.path,
                    st.paint("1;31", "error")
                ));
            }
            if !self.concise {
                for n in &d.doc.notices {
                    out.push_str(&format!(
                        "{}{ctx}: {}: {n}\n",
                        r.path,
                        st.paint("1;36", "notice")
                    ));
                }
            }
            let idx = LineIndex::new(&d.doc.text);
            for diag in &d.report.diagnostics {
                let loc = locate(&d.doc, &idx, diag);
                let head = format!(
                    "{}:{}:{}:{ctx} {} [{}] {}\n",
                    st.paint("1", &r.path),
                    loc.line,
                    loc.column,
                    st.paint("1", &diag.finding.rule),
                    st.severity(diag.severity),
                    diag.finding.message
                );
                out.push_str(&head);
                if self.concise {
                    continue;
                }
                snippet(&mut out, &st, &idx, &d.doc, diag);
                if let Some(s) = &diag.finding.suggestion {
                    out.push_str(&format!("   {} {s}\n", st.paint("1;32", "= try:")));
                }
                out.push('\n');
            }
        }
        out
    }

    fn end(&self, out: &mut dyn Write, run: &Run) -> std::io::Result<()> {
        if run.quiet {
            return Ok(());
        }
        writeln!(out, "{}", summary_line(run.totals, run.elapsed))
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
    out.push_str(&format!("{:width$} {bar}\n", ""));
    out.push_str(&format!(
        "{} {bar} {}\n",
        st.paint("1;34", &shown.to_string()),
        text.replace('\t', " ")
    ));
    let carets = if end_line == line {
        end_col.saturating_sub(col).max(1)
    } else {
        text.chars().count().saturating_sub(col - 1).max(1)
    };
    out.push_str(&format!(
        "{:width$} {bar} {}{}\n",
        "",
        " ".repeat(col - 1),
        st.paint("1;33", &"^".repeat(carets))
    ));
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

fn finding_json(doc: &Document, loc: &Located) -> Value {
    serde_json::to_value(FindingJson::new(doc, loc)).expect("a finding serializes")
}

/// The language of a file: its document's, or `mixed` when its messages differ.
fn file_language(r: &FileResult) -> Value {
    let mut langs = r.docs.iter().map(|d| d.doc.lang);
    match langs.next() {
        None => Value::Null,
        Some(first) => {
            if langs.all(|l| l == first) {
                first.map_or(Value::Null, |l| json!(l.code()))
            } else {
                json!("mixed")
            }
        }
    }
}

/// How the language was settled: `detected`, `forced`, `mixed` (two languages in one text, or
/// messages in different languages) or `unknown` (too little text to tell), so a guess is never
/// silent.
fn file_language_status(r: &FileResult) -> Value {
    use tactful_core::LanguageStatus;
    if r.docs.is_empty() {
        return Value::Null;
    }
    let mut known = r.docs.iter().filter_map(|d| d.doc.lang);
    let first = known.next();
    let status = if r
        .docs
        .iter()
        .any(|d| d.doc.language_status == LanguageStatus::Mixed)
        || known.any(|l| Some(l) != first)
    {
        LanguageStatus::Mixed
    } else if first.is_none() {
        LanguageStatus::Unknown
    } else if r
        .docs
        .iter()
        .all(|d| d.doc.language_status == LanguageStatus::Forced)
    {
        LanguageStatus::Forced
    } else {
        LanguageStatus::Detected
    };
    json!(status)
}

/// What each document of a file promised, by when (see `tactful_next_steps::Promise`).
fn promises_json(r: &FileResult) -> Value {
    static NEXT_STEPS: std::sync::OnceLock<tactful_next_steps::NextSteps> =
        std::sync::OnceLock::new();
    let next_steps = NEXT_STEPS.get_or_init(tactful_next_steps::analyzer);
    let opts = tactful_core::CheckOptions::default();
    let mut out = Vec::new();
    for (i, d) in r.docs.iter().enumerate() {
        let idx = LineIndex::new(&d.doc.text);
        for p in next_steps.promises(&d.doc, &opts).unwrap_or_default() {
            let (line, column) = idx.line_col(p.time.span.start);
            out.push(json!({
                "document": i,
                "sentence": d.doc.slice(p.sentence),
                "time": d.doc.slice(p.time.span),
                "line": line + d.doc.line_offset,
                "column": column,
                "bound": p.time.bound,
                "when": p.time.when,
                "vague": p.time.vague,
                "owner": p.owner,
                "concrete": p.concrete,
            }));
        }
    }
    Value::Array(out)
}

struct Json {
    promises: bool,
}

/// `object` as compact JSON, as `to_string` writes it, with the value of `key` replaced by
/// `raw`, already JSON text.
fn object_with_raw(object: &Value, key: &str, raw: &str) -> String {
    let Value::Object(map) = object else {
        return object.to_string();
    };
    let mut out = String::from("{");
    for (i, (k, v)) in map.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&Value::String(k.clone()).to_string());
        out.push(':');
        if k == key {
            out.push_str(raw);
        } else {
            out.push_str(&v.to_string());
        }
    }
    out.push('}');
    out
}

impl Printer for Json {
    fn separator(&self) -> &'static str {
        ","
    }

    fn begin(&self, out: &mut dyn Write, _run: &Run) -> std::io::Result<()> {
        out.write_all(b"{\"version\":1,\"files\":[")
    }

    fn file(&self, r: &FileResult, _engine: &Engine) -> String {
        // The findings are written as text one by one: a JSON tree of a mailbox's findings
        // takes many times the memory of their text.
        let mut findings = b"[".to_vec();
        let mut errors: Vec<String> = r.error.iter().cloned().collect();
        let mut notices: Vec<String> = r.skipped.iter().cloned().collect();
        // Jargon findings per 100 authored words, one figure per document, for batch review.
        let mut density = Vec::new();
        for d in &r.docs {
            let per_100 = tactful_jargon::density(&d.doc, &d.report.diagnostics);
            density.push((per_100 * 100.0).round() / 100.0);
            let idx = LineIndex::new(&d.doc.text);
            for diag in &d.report.diagnostics {
                if findings.len() > 1 {
                    findings.push(b',');
                }
                let loc = locate(&d.doc, &idx, diag);
                serde_json::to_writer(&mut findings, &FindingJson::new(&d.doc, &loc))
                    .expect("a finding serializes");
            }
            errors.extend(d.report.errors.iter().cloned());
            notices.extend(d.doc.notices.iter().cloned());
        }
        findings.push(b']');
        let findings = String::from_utf8(findings).expect("serde_json writes UTF-8");
        let v = json!({
            "path": r.path,
            "format": r.format.map(|f| f.name()),
            "language": file_language(r),
            "language_status": file_language_status(r),
            "documents": r.docs.len(),
            "error": if errors.is_empty() { Value::Null } else { json!(errors.join("; ")) },
            "notices": notices,
            "jargon_density": density,
            // Its place among the keys; the text is written in it below.
            "findings": Value::Null,
        });
        let mut v = v;
        if self.promises {
            v["promises"] = promises_json(r);
        }
        object_with_raw(&v, "findings", &findings)
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

struct Jsonl;

impl Printer for Jsonl {
    fn file(&self, r: &FileResult, _engine: &Engine) -> String {
        let mut out = String::new();
        let error_line =
            |msg: &str| json!({"type": "error", "path": r.path, "message": msg}).to_string() + "\n";
        if let Some(e) = &r.error {
            out.push_str(&error_line(e));
        }
        for d in &r.docs {
            for e in &d.report.errors {
                out.push_str(&error_line(e));
            }
            let idx = LineIndex::new(&d.doc.text);
            for diag in &d.report.diagnostics {
                let mut v = finding_json(&d.doc, &locate(&d.doc, &idx, diag));
                v["type"] = json!("finding");
                v["path"] = json!(r.path);
                out.push_str(&v.to_string());
                out.push('\n');
            }
        }
        out
    }

    fn end(&self, _: &mut dyn Write, _: &Run) -> std::io::Result<()> {
        Ok(())
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
            // The JSONL printer's map (sorted keys) and the JSON printer's text agree.
            assert_eq!(direct, finding_json(&doc, &loc).to_string());
            let v: Value = serde_json::from_str(&direct).unwrap();
            assert_eq!(v["excerpt"], "ASAP");
            assert_eq!(v["line"], 2);
            assert_eq!(v.get("email").is_some(), doc.email.is_some());
        }
    }
}
