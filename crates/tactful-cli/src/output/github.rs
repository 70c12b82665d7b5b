//! GitHub Actions workflow commands: each finding becomes an annotation on the changed file.
//! Properties come in the order `@actions/core` writes them, with the same escaping.

use std::io::Write;

use tactful_core::{Engine, LineIndex, Severity};

use super::{Printer, Run, locate};
use crate::check::FileResult;

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
    fn file(&self, r: &FileResult, _engine: &Engine) -> String {
        let mut out = String::new();
        for e in super::file_errors(r) {
            out.push_str(&command(
                "error",
                &[
                    ("title", "tactful: input error".into()),
                    ("file", r.path.clone()),
                ],
                e,
            ));
        }
        for d in &r.docs {
            let idx = LineIndex::new(&d.doc.text);
            for diag in &d.report.diagnostics {
                let loc = locate(&d.doc, &idx, diag);
                let name = match diag.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                    Severity::Info => "notice",
                };
                out.push_str(&command(
                    name,
                    &[
                        (
                            "title",
                            format!("{} ({})", diag.finding.rule, diag.rule_name),
                        ),
                        ("file", r.path.clone()),
                        ("line", loc.line.to_string()),
                        ("endLine", loc.end_line.to_string()),
                        ("col", loc.column.to_string()),
                        ("endColumn", loc.end_column.to_string()),
                    ],
                    &super::message_with_suggestion(diag),
                ));
            }
        }
        out
    }

    fn end(&self, out: &mut dyn Write, run: &Run) -> std::io::Result<()> {
        if run.quiet {
            return Ok(());
        }
        // A plain line shows in the log; GitHub ignores it as a command.
        writeln!(out, "{}", super::summary_line(run.totals, run.elapsed))
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
