//! GitHub Actions workflow commands: each finding becomes an annotation on the changed file.
//! Properties come in the order `@actions/core` writes them, with the same escaping.

use std::io::Write;

use tactful_core::{Diagnostic, Document, Engine, LineIndex, Severity};

use super::held::{HeldFile, HeldFormat};
use super::{FileHead, FileReport, Located, Printer, Run, Spill, locate};

pub struct Github;

/// Escaping of a command's message.
fn escape_data(s: &str) -> String {
    let mut out = Vec::with_capacity(s.len());
    push_escaped(&mut out, s, false);
    String::from_utf8(out).expect("ASCII replaced by ASCII")
}

/// Escaping of a property value: the message's, plus the `:` and `,` that delimit properties.
fn escape_property(s: &str) -> String {
    let mut out = Vec::with_capacity(s.len());
    push_escaped(&mut out, s, true);
    String::from_utf8(out).expect("ASCII replaced by ASCII")
}

/// Appends `s` escaped as the runner escapes a message (`%`, CR, LF), or a property value
/// (also `:` and `,`): one pass, each char mapped on its own, as the runner's successive
/// replacements do (none of them makes a char a later one replaces).
fn push_escaped(out: &mut Vec<u8>, s: &str, property: bool) {
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let escaped: &[u8] = match b {
            b'%' => b"%25",
            b'\r' => b"%0D",
            b'\n' => b"%0A",
            b':' if property => b"%3A",
            b',' if property => b"%2C",
            _ => continue,
        };
        out.extend_from_slice(&s.as_bytes()[start..i]);
        out.extend_from_slice(escaped);
        start = i + 1;
    }
    out.extend_from_slice(&s.as_bytes()[start..]);
}

fn command(name: &str, props: &[(&str, String)], message: &str) -> String {
    let props: Vec<String> = props
        .iter()
        .map(|(k, v)| format!("{k}={}", escape_property(v)))
        .collect();
    format!("::{name} {}::{}\n", props.join(","), escape_data(message))
}

/// A finding's annotation, the same line as `command` makes of its properties and
/// `message_with_suggestion`, written without building them as strings first.
fn annotation(out: &mut Vec<u8>, path: &str, loc: &Located) {
    use super::json_text::push_usize;
    let diag = loc.diag;
    let name = match diag.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    out.extend_from_slice(b"::");
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b" title=");
    push_escaped(out, &diag.finding.rule, true);
    out.extend_from_slice(b" (");
    push_escaped(out, &diag.rule_name, true);
    out.extend_from_slice(b"),file=");
    push_escaped(out, path, true);
    for (key, n) in [
        (&b",line="[..], loc.line),
        (b",endLine=", loc.end_line),
        (b",col=", loc.column),
        (b",endColumn=", loc.end_column),
    ] {
        out.extend_from_slice(key);
        push_usize(out, n);
    }
    out.extend_from_slice(b"::");
    push_escaped(out, &diag.finding.message, false);
    if let Some(s) = &diag.finding.suggestion {
        push_escaped(out, "\nTry: ", false);
        push_escaped(out, s, false);
    }
    out.push(b'\n');
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
        let mut line = Vec::new();
        annotation(&mut line, path, &locate(doc, idx, diag));
        findings.write_all(&line)
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

    #[test]
    fn an_annotation_is_the_command_of_its_properties() {
        use tactful_core::{Finding, Format, Span};
        let doc = Document::plain("Hi,\nwe'll fix it: 100%, ASAP.\r\n", Format::Plain);
        let idx = LineIndex::new(&doc.text);
        for (severity, suggestion) in [
            (Severity::Warning, Some("by Friday, 5:00\r\nor 50%")),
            (Severity::Info, None),
            (Severity::Error, None),
        ] {
            let mut finding = Finding::new("NXT:002", Span::new(10, 30), "say, when:\n100%");
            finding.suggestion = suggestion.map(String::from);
            let diag = Diagnostic {
                finding,
                rule_name: "vague,deadline".into(),
                category: "next-steps".into(),
                severity,
            };
            let loc = locate(&doc, &idx, &diag);
            let name = match severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            // The line as first written: its properties as strings, through `command`.
            let expected = command(
                name,
                &[
                    (
                        "title",
                        format!("{} ({})", diag.finding.rule, diag.rule_name),
                    ),
                    ("file", "notes/a,b:1.md".to_string()),
                    ("line", loc.line.to_string()),
                    ("endLine", loc.end_line.to_string()),
                    ("col", loc.column.to_string()),
                    ("endColumn", loc.end_column.to_string()),
                ],
                &super::super::message_with_suggestion(&diag),
            );
            let mut line = Vec::new();
            annotation(&mut line, "notes/a,b:1.md", &loc);
            assert_eq!(String::from_utf8(line).unwrap(), expected);
        }
    }
}
