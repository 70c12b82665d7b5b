//! reviewdog's diagnostic format (rdjson): one `DiagnosticResult` document. Its columns count
//! UTF-8 bytes from 1, unlike the character columns of the other formats.

use std::io::Write;

use serde_json::{Value, json};
use tactful_core::{Diagnostic, Document, Engine, LineIndex, Severity};

use super::held::{HeldFile, HeldFormat};
use super::{FileHead, FileReport, Printer, Run, Spill};

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
        HeldFile::boxed(self, head)
    }

    fn end(&self, out: &mut dyn Write, _run: &Run) -> std::io::Result<()> {
        writeln!(out, "]}}")
    }
}

/// One file's diagnostics: its errors come first, so its findings are held until the last
/// document, comma-separated.
impl HeldFormat for Rdjson {
    fn error(&self, path: &str, e: &str) -> String {
        json!({
            "message": e,
            "location": {"path": path},
            "severity": "ERROR",
            "code": {"value": "input-error"},
        })
        .to_string()
    }

    fn finding(
        &self,
        path: &str,
        doc: &Document,
        idx: &LineIndex,
        diag: &Diagnostic,
        findings: &mut Spill,
    ) -> std::io::Result<()> {
        let span = diag.finding.span;
        let severity = match diag.severity {
            Severity::Error => "ERROR",
            Severity::Warning => "WARNING",
            Severity::Info => "INFO",
        };
        let v = json!({
            "message": super::message_with_suggestion(diag),
            "location": {
                "path": path,
                "range": {
                    "start": position(idx, span.start, doc.line_offset),
                    "end": position(idx, span.end, doc.line_offset),
                },
            },
            "severity": severity,
            "source": {"name": "tactful"},
            "code": {"value": diag.finding.rule},
            "original_output": doc.slice(span),
        });
        if !findings.is_empty() {
            findings.write_all(b",")?;
        }
        write!(findings, "{v}")
    }

    fn finish(
        &self,
        _path: &str,
        errors: &[String],
        findings: Spill,
        out: &mut dyn Write,
    ) -> std::io::Result<()> {
        out.write_all(errors.join(",").as_bytes())?;
        if !errors.is_empty() && !findings.is_empty() {
            out.write_all(b",")?;
        }
        findings.copy_to(out)
    }
}
