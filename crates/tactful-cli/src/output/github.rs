//! GitHub Actions workflow commands: each finding becomes an annotation on the changed file.
//! Properties come in the order `@actions/core` writes them, with the same escaping.

use std::io::Write;

use tactful_core::{Diagnostic, Document, Engine, LineIndex, Severity};

use super::held::{HeldFile, HeldFormat};
use super::{FileHead, FileReport, Printer, Run, Spill, locate};

pub struct Github;

/// Escaping of a command's message.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escaping of a property value: the message's, plus the `:` and `,` that delimit properties.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn command(name: &str, props: &[(&str, String)], message: &str) -> String {
    let props: Vec<String> = props
        .iter()
        .map(|(k, v)| format!("{k}={}", escape_property(v)))
        .collect();
    format!("::{name} {}::{}\n", props.join(","), escape_data(message))
}

impl Printer for Github {
    fn file<'a>(&'a self, head: FileHead, _engine: &'a Engine) -> Box<dyn FileReport + 'a> {
        HeldFile::boxed(self, head)
    }

    fn end(&self, out: &mut dyn Write, run: &Run) -> std::io::Result<()> {
        if run.quiet {
            return Ok(());
        }
        // A plain line shows in the log; GitHub ignores it as a command.
        writeln!(out, "{}", super::summary_line(run.totals, run.elapsed))
    }
}

/// One file's annotations: its errors first, so its findings are held until the last document.
impl HeldFormat for Github {
    fn error(&self, path: &str, e: &str) -> String {
        command(
            "error",
            &[
                ("title", "tactful: input error".into()),
                ("file", path.to_string()),
            ],
            e,
        )
    }

    fn finding(
        &self,
        path: &str,
        doc: &Document,
        idx: &LineIndex,
        diag: &Diagnostic,
        findings: &mut Spill,
    ) -> std::io::Result<()> {
        let loc = locate(doc, idx, diag);
        let name = match diag.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let line = command(
            name,
            &[
                (
                    "title",
                    format!("{} ({})", diag.finding.rule, diag.rule_name),
                ),
                ("file", path.to_string()),
                ("line", loc.line.to_string()),
                ("endLine", loc.end_line.to_string()),
                ("col", loc.column.to_string()),
                ("endColumn", loc.end_column.to_string()),
            ],
            &super::message_with_suggestion(diag),
        );
        findings.write_all(line.as_bytes())
    }

    fn finish(
        &self,
        _path: &str,
        errors: &[String],
        findings: Spill,
        out: &mut dyn Write,
    ) -> std::io::Result<()> {
        out.write_all(errors.concat().as_bytes())?;
        findings.copy_to(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_runner() {
        assert_eq!(escape_data("50%\r\na:b,c"), "50%25%0D%0Aa:b,c");
        assert_eq!(escape_property("50%\na:b,c"), "50%25%0Aa%3Ab%2Cc");
    }
}
