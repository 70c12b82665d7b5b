//! Checkstyle XML, which many CI dashboards and reviewdog read.

use std::io::Write;

use tactful_core::{Engine, LineIndex, Severity};

use super::xml::escape;
use super::{Printer, Run, locate};
use crate::check::FileResult;

pub struct Checkstyle;

impl Printer for Checkstyle {
    fn begin(&self, out: &mut dyn Write, _run: &Run) -> std::io::Result<()> {
        write!(
            out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n"
        )
    }

    fn file(&self, r: &FileResult, _engine: &Engine) -> String {
        let mut errors = String::new();
        for e in super::file_errors(r) {
            errors.push_str(&format!(
                "    <error line=\"1\" severity=\"error\" message=\"{}\" source=\"tactful.input\"/>\n",
                escape(e)
            ));
        }
        for d in &r.docs {
            let idx = LineIndex::new(&d.doc.text);
            for diag in &d.report.diagnostics {
                let loc = locate(&d.doc, &idx, diag);
                let severity = match diag.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                    Severity::Info => "info",
                };
                errors.push_str(&format!(
                    "    <error line=\"{}\" column=\"{}\" severity=\"{severity}\" message=\"{}\" \
                     source=\"tactful.{}\"/>\n",
                    loc.line,
                    loc.column,
                    escape(&super::message_with_suggestion(diag)),
                    escape(&diag.finding.rule)
                ));
            }
        }
        format!("  <file name=\"{}\">\n{errors}  </file>\n", escape(&r.path))
    }

    fn end(&self, out: &mut dyn Write, _run: &Run) -> std::io::Result<()> {
        writeln!(out, "</checkstyle>")
    }
}
