//! A file's report for the formats that put its input errors before its findings
//! (checkstyle, rdjson, GitHub annotations): errors are kept in memory, findings held in a
//! [`Spill`] until the file's last document.

use std::io::Write;

use tactful_core::{Diagnostic, Document, LineIndex};

use super::{FileHead, FileReport, Spill};
use crate::check::CheckedDoc;

/// How one of those formats renders the parts of a file's report.
pub trait HeldFormat {
    /// One input error of the file at `path`.
    fn error(&self, path: &str, message: &str) -> String;
    /// Appends one finding to the file's held findings.
    fn finding(
        &self,
        path: &str,
        doc: &Document,
        idx: &LineIndex,
        diag: &Diagnostic,
        findings: &mut Spill,
    ) -> std::io::Result<()>;
    /// Writes the file's report: its errors, then its findings.
    fn finish(
        &self,
        path: &str,
        errors: &[String],
        findings: Spill,
        out: &mut dyn Write,
    ) -> std::io::Result<()>;
}

pub struct HeldFile<'a, F> {
    format: &'a F,
    path: String,
    errors: Vec<String>,
    findings: Spill,
}

impl<'a, F: HeldFormat> HeldFile<'a, F> {
    pub fn boxed(format: &'a F, head: FileHead) -> Box<dyn FileReport + 'a> {
        let errors = head
            .error
            .iter()
            .map(|e| format.error(&head.path, e))
            .collect();
        Box::new(HeldFile {
            format,
            path: head.path,
            errors,
            findings: Spill::new(),
        })
    }
}

impl<F: HeldFormat> FileReport for HeldFile<'_, F> {
    fn docs(&mut self, docs: &[CheckedDoc], _out: &mut dyn Write) -> std::io::Result<()> {
        for e in super::doc_errors(docs) {
            self.errors.push(self.format.error(&self.path, e));
        }
        super::each_finding(docs, |doc, idx, diag| {
            self.format
                .finding(&self.path, doc, idx, diag, &mut self.findings)
        })
    }

    fn finish(self: Box<Self>, out: &mut dyn Write) -> std::io::Result<()> {
        self.format
            .finish(&self.path, &self.errors, self.findings, out)
    }
}
