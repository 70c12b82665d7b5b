//! Checkstyle XML, which many CI dashboards and reviewdog read.

use std::io::Write;

use tactful_core::{Diagnostic, Document, Engine, LineIndex, Severity};

use super::held::{HeldFile, HeldFormat};
use super::xml::escape;
use super::{FileHead, FileReport, Printer, Run, Spill, locate};

pub struct Checkstyle;

impl Printer for Checkstyle {
    fn begin(&self, out: &mut dyn Write, _run: &Run) -> std::io::Result<()> {
        write!(
            out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n"
        )
    }

    fn file<'a>(&'a self, head: FileHead, _engine: &'a Engine) -> Box<dyn FileReport + 'a> {
        HeldFile::boxed(self, head)
    }

    fn end(&self, out: &mut dyn Write, _run: &Run) -> std::io::Result<()> {
        writeln!(out, "</checkstyle>")
    }
}

/// One file's element: its errors come first, so its findings are held until the last document.
impl HeldFormat for Checkstyle {
    fn error(&self, _path: &str, e: &str) -> String {
        format!(
            "    <error line=\"1\" severity=\"error\" message=\"{}\" source=\"tactful.input\"/>\n",
            escape(e)
        )
    }

    fn finding(
        &self,
        _path: &str,
        doc: &Document,
        idx: &LineIndex,
        diag: &Diagnostic,
        findings: &mut Spill,
    ) -> std::io::Result<()> {
        let loc = locate(doc, idx, diag);
        let severity = match diag.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        };
        writeln!(
            findings,
            "    <error line=\"{}\" column=\"{}\" severity=\"{severity}\" message=\"{}\" \
             source=\"tactful.{}\"/>",
            loc.line,
            loc.column,
            escape(&super::message_with_suggestion(diag)),
            escape(&diag.finding.rule)
        )
    }

    fn finish(
        &self,
        path: &str,
        errors: &[String],
        findings: Spill,
        out: &mut dyn Write,
    ) -> std::io::Result<()> {
        write!(
            out,
            "  <file name=\"{}\">\n{}",
            escape(path),
            errors.concat()
        )?;
        findings.copy_to(out)?;
        out.write_all(b"  </file>\n")
    }
}
