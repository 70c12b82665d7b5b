//! JUnit XML: a test suite per file, a failing test case per finding (its name says rule and
//! place), one passing case for a clean file, and an erroring case for a file that failed.

use std::fmt::Write as _;
use std::io::Write;

use tactful_core::Engine;

use super::xml::{escape, escape_into};
use super::{FileHead, FileReport, Located, Printer, Run, Spill, locate};
use crate::check::CheckedDoc;

pub struct Junit;

impl Printer for Junit {
    fn totals_first(&self) -> bool {
        true
    }

    fn begin(&self, out: &mut dyn Write, run: &Run) -> std::io::Result<()> {
        let t = run.totals;
        // Each file contributes a case per finding and per error, or one passing case.
        let cases = t.findings() + t.errors + t.clean_files;
        write!(
            out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"tactful\" tests=\"{}\" \
             failures=\"{}\" errors=\"{}\" time=\"{:.3}\">\n",
            cases,
            t.findings(),
            t.errors,
            run.elapsed.as_secs_f64()
        )
    }

    fn file<'a>(&'a self, head: FileHead, _engine: &'a Engine) -> Box<dyn FileReport + 'a> {
        let mut file = JunitFile {
            raw_path: head.path.clone(),
            path: escape(&head.path),
            errors: String::new(),
            findings: Spill::new(),
            failures: 0,
            error_count: 0,
        };
        if let Some(e) = &head.error {
            file.error(e);
        }
        Box::new(file)
    }

    fn end(&self, out: &mut dyn Write, _run: &Run) -> std::io::Result<()> {
        writeln!(out, "</testsuites>")
    }
}

/// One file's test suite: its header counts the cases and its errors come first, so its cases
/// are held until the last document.
struct JunitFile {
    raw_path: String,
    /// Escaped for XML.
    path: String,
    errors: String,
    findings: Spill,
    failures: usize,
    error_count: usize,
}

impl JunitFile {
    fn error(&mut self, e: &str) {
        self.error_count += 1;
        self.errors.push_str(&format!(
            "    <testcase name=\"{path}\" classname=\"{path}\">\n      \
             <error message=\"{m}\" type=\"input\">{m}</error>\n    </testcase>\n",
            path = self.path,
            m = escape(e)
        ));
    }
}

impl JunitFile {
    /// A finding's failing test case. Escaping maps each char on its own, so the parts of
    /// the body ("path:line:col: RULE [severity] message", a line break, the excerpt) are
    /// escaped one by one, not joined first.
    fn case(&self, out: &mut String, loc: &Located) {
        let diag = loc.diag;
        let path = &self.path;
        let (line, col) = (loc.line, loc.column);
        out.push_str("    <testcase name=\"");
        escape_into(out, &diag.finding.rule);
        let _ = write!(
            out,
            ": {path}:{line}:{col}\" classname=\"{path}\" file=\"{path}\" line=\"{line}\">\n      \
             <failure message=\""
        );
        escape_into(out, &diag.finding.message);
        out.push_str("\" type=\"");
        escape_into(out, &diag.finding.rule);
        out.push_str("\">");
        escape_into(out, &self.raw_path);
        let _ = write!(out, ":{line}:{col}: ");
        escape_into(out, &diag.finding.rule);
        out.push_str(" [");
        escape_into(out, diag.severity.name());
        out.push_str("] ");
        escape_into(out, &diag.finding.message);
        escape_into(out, "\n");
        escape_into(out, loc.excerpt);
        out.push_str("</failure>\n    </testcase>\n");
    }
}

impl FileReport for JunitFile {
    fn docs(&mut self, docs: &[CheckedDoc], _out: &mut dyn Write) -> std::io::Result<()> {
        for e in super::doc_errors(docs) {
            self.error(e);
        }
        let mut text = String::new();
        super::each_finding(docs, |doc, idx, diag| {
            self.failures += 1;
            text.clear();
            self.case(&mut text, &locate(doc, idx, diag));
            self.findings.write_all(text.as_bytes())
        })
    }

    fn finish(self: Box<Self>, out: &mut dyn Write) -> std::io::Result<()> {
        let path = &self.path;
        let mut tests = self.failures + self.error_count;
        let passed = tests == 0;
        if passed {
            tests = 1;
        }
        write!(
            out,
            "  <testsuite name=\"{path}\" tests=\"{tests}\" failures=\"{}\" errors=\"{}\" \
             skipped=\"0\">\n{}",
            self.failures, self.error_count, self.errors
        )?;
        self.findings.copy_to(out)?;
        if passed {
            writeln!(
                out,
                "    <testcase name=\"{path}\" classname=\"{path}\" file=\"{path}\"/>"
            )?;
        }
        out.write_all(b"  </testsuite>\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tactful_core::{Diagnostic, Document, Finding, Format, LineIndex, Severity, Span};

    #[test]
    fn a_case_is_the_escaped_text_of_its_parts() {
        let doc = Document::plain("Hi <Ann>,\nwe'll fix it & \"ship\".\n", Format::Plain);
        let idx = LineIndex::new(&doc.text);
        let mut finding = Finding::new("BLM<1>", Span::new(13, 30), "a \"fix\"\nfor <it> & 'that'");
        finding.suggestion = Some("never shown".into());
        let diag = Diagnostic {
            finding,
            rule_name: "blame".into(),
            category: "blame".into(),
            severity: Severity::Warning,
        };
        let raw_path = "notes/<a> & 'b'.md";
        let file = JunitFile {
            raw_path: raw_path.into(),
            path: escape(raw_path),
            errors: String::new(),
            findings: Spill::new(),
            failures: 0,
            error_count: 0,
        };
        let loc = locate(&doc, &idx, &diag);
        // The case as first written: the body joined, then escaped whole.
        let body = format!(
            "{}:{}:{}: {} [{}] {}\n{}",
            raw_path,
            loc.line,
            loc.column,
            diag.finding.rule,
            diag.severity,
            diag.finding.message,
            loc.excerpt
        );
        let expected = format!(
            "    <testcase name=\"{rule}: {path}:{line}:{col}\" classname=\"{path}\" \
             file=\"{path}\" line=\"{line}\">\n      <failure message=\"{m}\" \
             type=\"{rule}\">{body}</failure>\n    </testcase>\n",
            rule = escape(&diag.finding.rule),
            path = file.path,
            line = loc.line,
            col = loc.column,
            m = escape(&diag.finding.message),
            body = escape(&body),
        );
        let mut text = String::new();
        file.case(&mut text, &loc);
        assert_eq!(text, expected);
    }
}
