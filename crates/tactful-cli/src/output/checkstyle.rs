//! Checkstyle XML, which many CI dashboards and reviewdog read.

use std::fmt::Write as _;
use std::io::Write;

use tactful_core::{Diagnostic, Document, Engine, LineIndex, Severity};

use super::held::{HeldFile, HeldFormat};
use super::xml::{escape, escape_into};
use super::{FileHead, FileReport, Located, Printer, Run, Spill, locate};

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

/// A finding's `<error>` element. Escaping maps each char on its own, so the message and
/// its suggestion are escaped one after the other, not joined first.
fn error_element(out: &mut String, loc: &Located) {
    let diag = loc.diag;
    let severity = match diag.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    };
    let _ = write!(
        out,
        "    <error line=\"{}\" column=\"{}\" severity=\"{severity}\" message=\"",
        loc.line, loc.column
    );
    escape_into(out, &diag.finding.message);
    if let Some(s) = &diag.finding.suggestion {
        escape_into(out, "\nTry: ");
        escape_into(out, s);
    }
    out.push_str("\" source=\"tactful.");
    escape_into(out, &diag.finding.rule);
    out.push_str("\"/>\n");
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
        let mut text = String::new();
        error_element(&mut text, &locate(doc, idx, diag));
        findings.write_all(text.as_bytes())
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

#[cfg(test)]
mod tests {
    use super::*;
    use tactful_core::{Finding, Format, Span};

    #[test]
    fn an_error_element_is_the_escaped_text_of_its_parts() {
        let doc = Document::plain("Hi <Ann>,\nwe'll fix it & \"ship\".\n", Format::Plain);
        let idx = LineIndex::new(&doc.text);
        for suggestion in [Some("say <when> & \"how\"\r\n"), None] {
            let mut finding = Finding::new("BLM<1>", Span::new(13, 30), "a \"fix\"\nfor <it>");
            finding.suggestion = suggestion.map(String::from);
            let diag = Diagnostic {
                finding,
                rule_name: "blame".into(),
                category: "blame".into(),
                severity: Severity::Info,
            };
            let loc = locate(&doc, &idx, &diag);
            // The element as first written, from the joined message.
            let expected = format!(
                "    <error line=\"{}\" column=\"{}\" severity=\"info\" message=\"{}\" \
                 source=\"tactful.{}\"/>\n",
                loc.line,
                loc.column,
                escape(&super::super::message_with_suggestion(&diag)),
                escape(&diag.finding.rule)
            );
            let mut text = String::new();
            error_element(&mut text, &loc);
            assert_eq!(text, expected);
        }
    }
}
