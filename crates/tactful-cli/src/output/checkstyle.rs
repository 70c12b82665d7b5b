//! Checkstyle XML, which many CI dashboards and reviewdog read.

use std::io::Write;

use tactful_core::{Engine, LineIndex, Severity};

use super::xml::escape;
use super::{FileHead, FileReport, Printer, Run, Spill, locate};
use crate::check::CheckedDoc;

pub struct Checkstyle;

impl Printer for Checkstyle {
    fn begin(&self, out: &mut dyn Write, _run: &Run) -> std::io::Result<()> {
        write!(
            out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n"
        )
    }

    fn file<'a>(&'a self, head: FileHead, _engine: &'a Engine) -> Box<dyn FileReport + 'a> {
        let mut file = CheckstyleFile {
            path: head.path,
            errors: String::new(),
            findings: Spill::new(),
        };
        if let Some(e) = &head.error {
            file.error(e);
        }
        Box::new(file)
    }

    fn end(&self, out: &mut dyn Write, _run: &Run) -> std::io::Result<()> {
        writeln!(out, "</checkstyle>")
    }
}

/// One file's element: its errors come first, so its findings are held until the last document.
struct CheckstyleFile {
    path: String,
    errors: String,
    findings: Spill,
}

impl CheckstyleFile {
    fn error(&mut self, e: &str) {
        self.errors.push_str(&format!(
            "    <error line=\"1\" severity=\"error\" message=\"{}\" source=\"tactful.input\"/>\n",
            escape(e)
        ));
    }
}

impl FileReport for CheckstyleFile {
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
                let loc = locate(&d.doc, &idx, diag);
                let severity = match diag.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                    Severity::Info => "info",
                };
                writeln!(
                    self.findings,
                    "    <error line=\"{}\" column=\"{}\" severity=\"{severity}\" message=\"{}\" \
                     source=\"tactful.{}\"/>",
                    loc.line,
                    loc.column,
                    escape(&super::message_with_suggestion(diag)),
                    escape(&diag.finding.rule)
                )?;
            }
        }
        Ok(())
    }

    fn finish(self: Box<Self>, out: &mut dyn Write) -> std::io::Result<()> {
        write!(
            out,
            "  <file name=\"{}\">\n{}",
            escape(&self.path),
            self.errors
        )?;
        self.findings.copy_to(out)?;
        out.write_all(b"  </file>\n")
    }
}
