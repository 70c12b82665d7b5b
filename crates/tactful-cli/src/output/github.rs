//! GitHub Actions workflow commands: each finding becomes an annotation on the changed file.
//! Properties come in the order `@actions/core` writes them, with the same escaping.

use std::io::Write;

use tactful_core::{Engine, LineIndex, Severity};

use super::{FileHead, FileReport, Printer, Run, Spill, locate};
use crate::check::CheckedDoc;

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
        let mut file = GithubFile {
            path: head.path,
            errors: String::new(),
            findings: Spill::new(),
        };
        if let Some(e) = &head.error {
            file.error(e);
        }
        Box::new(file)
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
struct GithubFile {
    path: String,
    errors: String,
    findings: Spill,
}

impl GithubFile {
    fn error(&mut self, e: &str) {
        self.errors.push_str(&command(
            "error",
            &[
                ("title", "tactful: input error".into()),
                ("file", self.path.clone()),
            ],
            e,
        ));
    }
}

impl FileReport for GithubFile {
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
                        ("file", self.path.clone()),
                        ("line", loc.line.to_string()),
                        ("endLine", loc.end_line.to_string()),
                        ("col", loc.column.to_string()),
                        ("endColumn", loc.end_column.to_string()),
                    ],
                    &super::message_with_suggestion(diag),
                );
                self.findings.write_all(line.as_bytes())?;
            }
        }
        Ok(())
    }

    fn finish(self: Box<Self>, out: &mut dyn Write) -> std::io::Result<()> {
        out.write_all(self.errors.as_bytes())?;
        self.findings.copy_to(out)
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
