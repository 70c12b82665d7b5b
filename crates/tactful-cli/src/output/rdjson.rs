//! reviewdog's diagnostic format (rdjson): one `DiagnosticResult` document. Its columns count
//! UTF-8 bytes from 1, unlike the character columns of the other formats.

use std::io::Write;

use serde_json::{Value, json};
use tactful_core::{Engine, LineIndex, Severity};

use super::{FileHead, FileReport, Printer, Run, Spill};
use crate::check::CheckedDoc;

pub struct Rdjson;

/// 1-based line and UTF-8 byte column of a byte offset, in file lines.
fn position(idx: &LineIndex, offset: usize, line_offset: usize) -> Value {
    let (line, _) = idx.line_col(offset);
    let column = offset.saturating_sub(idx.line_start(line)) + 1;
    json!({"line": line + line_offset, "column": column})
}

impl Printer for Rdjson {
    fn separator(&self) -> &'static str {
        ","
    }

    fn begin(&self, out: &mut dyn Write, _run: &Run) -> std::io::Result<()> {
        let mut source = json!({"name": "tactful"});
        if let Some(url) = super::home_page() {
            source["url"] = json!(url);
        }
        write!(out, "{{\"source\":{source},\"diagnostics\":[")
    }

    fn file<'a>(&'a self, head: FileHead, _engine: &'a Engine) -> Box<dyn FileReport + 'a> {
        let mut file = RdjsonFile {
            path: head.path,
            errors: Vec::new(),
            findings: Spill::new(),
        };
        if let Some(e) = &head.error {
            file.error(e);
        }
        Box::new(file)
    }

    fn end(&self, out: &mut dyn Write, _run: &Run) -> std::io::Result<()> {
        writeln!(out, "]}}")
    }
}

/// One file's diagnostics: its errors come first, so its findings are held until the last
/// document.
struct RdjsonFile {
    path: String,
    errors: Vec<String>,
    /// The findings, comma-separated.
    findings: Spill,
}

impl RdjsonFile {
    fn error(&mut self, e: &str) {
        self.errors.push(
            json!({
                "message": e,
                "location": {"path": self.path},
                "severity": "ERROR",
                "code": {"value": "input-error"},
            })
            .to_string(),
        );
    }
}

impl FileReport for RdjsonFile {
    fn docs(&mut self, docs: &[CheckedDoc], _out: &mut dyn Write) -> std::io::Result<()> {
        for e in super::doc_errors(docs) {
            self.error(e);
        }
        for d in docs {
            if d.report.diagnostics.is_empty() {
                continue;
            }
            let idx = LineIndex::new(&d.doc.text);
            for diag in &d.report.diagnostics {
                let span = diag.finding.span;
                let severity = match diag.severity {
                    Severity::Error => "ERROR",
                    Severity::Warning => "WARNING",
                    Severity::Info => "INFO",
                };
                let v = json!({
                    "message": super::message_with_suggestion(diag),
                    "location": {
                        "path": self.path,
                        "range": {
                            "start": position(&idx, span.start, d.doc.line_offset),
                            "end": position(&idx, span.end, d.doc.line_offset),
                        },
                    },
                    "severity": severity,
                    "source": {"name": "tactful"},
                    "code": {"value": diag.finding.rule},
                    "original_output": d.doc.slice(span),
                });
                if !self.findings.is_empty() {
                    self.findings.write_all(b",")?;
                }
                write!(self.findings, "{v}")?;
            }
        }
        Ok(())
    }

    fn finish(self: Box<Self>, out: &mut dyn Write) -> std::io::Result<()> {
        out.write_all(self.errors.join(",").as_bytes())?;
        if !self.errors.is_empty() && !self.findings.is_empty() {
            out.write_all(b",")?;
        }
        self.findings.copy_to(out)
    }
}
