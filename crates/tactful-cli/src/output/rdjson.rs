//! reviewdog's diagnostic format (rdjson): one `DiagnosticResult` document. Its columns count
//! UTF-8 bytes from 1, unlike the character columns of the other formats.

use std::io::Write;

use serde_json::{Value, json};
use tactful_core::{Engine, LineIndex, Severity};

use super::{Printer, Run};
use crate::check::FileResult;

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

    fn file(&self, r: &FileResult, _engine: &Engine) -> String {
        let mut out = Vec::new();
        for e in super::file_errors(r) {
            out.push(
                json!({
                    "message": e,
                    "location": {"path": r.path},
                    "severity": "ERROR",
                    "code": {"value": "input-error"},
                })
                .to_string(),
            );
        }
        for d in &r.docs {
            let idx = LineIndex::new(&d.doc.text);
            for diag in &d.report.diagnostics {
                let span = diag.finding.span;
                let severity = match diag.severity {
                    Severity::Error => "ERROR",
                    Severity::Warning => "WARNING",
                    Severity::Info => "INFO",
                };
                out.push(
                    json!({
                        "message": super::message_with_suggestion(diag),
                        "location": {
                            "path": r.path,
                            "range": {
                                "start": position(&idx, span.start, d.doc.line_offset),
                                "end": position(&idx, span.end, d.doc.line_offset),
                            },
                        },
                        "severity": severity,
                        "source": {"name": "tactful"},
                        "code": {"value": diag.finding.rule},
                        "original_output": d.doc.slice(span),
                    })
                    .to_string(),
                );
            }
        }
        out.join(",")
    }

    fn end(&self, out: &mut dyn Write, _run: &Run) -> std::io::Result<()> {
        writeln!(out, "]}}")
    }
}
