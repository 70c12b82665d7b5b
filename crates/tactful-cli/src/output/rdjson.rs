//! reviewdog's diagnostic format (rdjson): one `DiagnosticResult` document. Its columns count
//! UTF-8 bytes from 1, unlike the character columns of the other formats.

use std::io::Write;

use serde_json::json;
use tactful_core::{Diagnostic, Document, Engine, LineIndex, Severity};

use super::held::{HeldFile, HeldFormat};
use super::{FileHead, FileReport, Printer, Run, Spill};

pub struct Rdjson;

/// 1-based line and UTF-8 byte column of a byte offset, in file lines.
fn position(idx: &LineIndex, offset: usize, line_offset: usize) -> (usize, usize) {
    let (line, _) = idx.line_col(offset);
    let column = offset.saturating_sub(idx.line_start(line)) + 1;
    (line + line_offset, column)
}

/// One finding's diagnostic, as serde_json writes its `Value` map (keys sorted): by hand,
/// since building a map per finding and printing it through `fmt` was most of the cost of
/// an rdjson report.
fn write_diagnostic(
    out: &mut Vec<u8>,
    path: &str,
    doc: &Document,
    idx: &LineIndex,
    diag: &Diagnostic,
) {
    use super::json_text::{push_str, push_usize};
    let span = diag.finding.span;
    let severity = match diag.severity {
        Severity::Error => "ERROR",
        Severity::Warning => "WARNING",
        Severity::Info => "INFO",
    };
    out.extend_from_slice(b"{\"code\":{\"value\":");
    push_str(out, &diag.finding.rule);
    out.extend_from_slice(b"},\"location\":{\"path\":");
    push_str(out, path);
    out.extend_from_slice(b",\"range\":{");
    for (key, offset) in [(&b"\"end\":"[..], span.end), (b",\"start\":", span.start)] {
        let (line, column) = position(idx, offset, doc.line_offset);
        out.extend_from_slice(key);
        out.extend_from_slice(b"{\"column\":");
        push_usize(out, column);
        out.extend_from_slice(b",\"line\":");
        push_usize(out, line);
        out.push(b'}');
    }
    out.extend_from_slice(b"}},\"message\":");
    push_str(out, &super::message_with_suggestion(diag));
    out.extend_from_slice(b",\"original_output\":");
    push_str(out, doc.slice(span));
    out.extend_from_slice(b",\"severity\":");
    push_str(out, severity);
    out.extend_from_slice(b",\"source\":{\"name\":\"tactful\"}}");
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
        let mut text = Vec::new();
        if !findings.is_empty() {
            text.push(b',');
        }
        write_diagnostic(&mut text, path, doc, idx, diag);
        findings.write_all(&text)
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

#[cfg(test)]
mod tests {
    use super::*;
    use tactful_core::{Finding, Format, Span};

    #[test]
    fn a_diagnostic_written_by_hand_is_its_value_map() {
        let mut doc = Document::plain("Hi \"Ann\",\nwe'll fix it\tASAP.\n", Format::Plain);
        doc.line_offset = 4;
        let idx = LineIndex::new(&doc.text);
        for (severity, suggestion) in [
            (Severity::Warning, Some("by \"Friday\"")),
            (Severity::Info, None),
        ] {
            let mut finding = Finding::new("NXT002", Span::new(6, 28), "say\nwhen");
            finding.suggestion = suggestion.map(String::from);
            let diag = Diagnostic {
                finding,
                rule_name: "vague-deadline".into(),
                category: "next-steps".into(),
                severity,
            };
            let span = diag.finding.span;
            let at = |offset| {
                let (line, column) = position(&idx, offset, doc.line_offset);
                json!({"line": line, "column": column})
            };
            // The map the diagnostics were first built as.
            let expected = json!({
                "message": super::super::message_with_suggestion(&diag),
                "location": {
                    "path": "notes/\"a\".md",
                    "range": {"start": at(span.start), "end": at(span.end)},
                },
                "severity": if severity == Severity::Info { "INFO" } else { "WARNING" },
                "source": {"name": "tactful"},
                "code": {"value": diag.finding.rule},
                "original_output": doc.slice(span),
            });
            let mut text = Vec::new();
            write_diagnostic(&mut text, "notes/\"a\".md", &doc, &idx, &diag);
            assert_eq!(String::from_utf8(text).unwrap(), expected.to_string());
        }
    }
}
