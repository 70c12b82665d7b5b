//! SARIF 2.1.0: one run, the rules in force as `tool.driver.rules` (with their help), one
//! result per finding, and file errors as tool execution notifications.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::sync::OnceLock;

use serde_json::{Value, json};
use tactful_core::{Engine, RuleMeta, Severity};

use super::{FileHead, FileReport, Located, Printer, Run, locate};
use crate::check::CheckedDoc;
use crate::fingerprint::Occurrences;

#[derive(Default)]
pub struct Sarif {
    /// Each rule's index in `tool.driver.rules`: the run has one engine, so the map is made
    /// for the first file and shared by the others.
    indexes: OnceLock<HashMap<String, usize>>,
}

pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const BASE_ID: &str = "%SRCROOT%";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn rule_descriptor(r: &RuleMeta) -> Value {
    // The plain-text help is exactly what `tactful explain CODE` prints.
    let text = r.explain();
    let mut markdown = format!(
        "**{}** ({}, {})\n\n{}\n\n**Why it hurts.** {}\n",
        r.code,
        r.name,
        r.category,
        r.summary.trim(),
        r.why.trim()
    );
    if !r.examples.is_empty() {
        markdown.push_str("\n| language | bad | better |\n|---|---|---|\n");
        for ex in &r.examples {
            markdown.push_str(&format!(
                "| {} | {} | {} |\n",
                ex.lang,
                ex.bad.trim().replace('|', "\\|"),
                ex.good.trim().replace('|', "\\|")
            ));
        }
    }
    json!({
        "id": r.code,
        "name": r.name,
        "shortDescription": {"text": r.summary.trim()},
        "fullDescription": {"text": r.why.trim()},
        "help": {"text": text, "markdown": markdown},
        "defaultConfiguration": {"level": level(r.severity)},
        "properties": {"tags": [r.category], "category": r.category, "origin": r.origin},
    })
}

/// A URI reference for a reported path: relative ones resolve against `%SRCROOT%` (the folder
/// tactful ran in), absolute ones become `file://` URIs.
fn artifact_location(path: &str) -> Value {
    let portable = path.replace('\\', "/");
    if Path::new(path).is_absolute() {
        json!({"uri": format!("file://{}", percent_encode(&portable))})
    } else {
        json!({"uri": percent_encode(&portable), "uriBaseId": BASE_ID})
    }
}

/// Percent-encodes every byte but RFC 3986's unreserved characters and `/`.
fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn rule_indexes(engine: &Engine) -> HashMap<String, usize> {
    engine
        .rules()
        .into_iter()
        .enumerate()
        .map(|(i, r)| (r.code.clone(), i))
        .collect()
}

impl Printer for Sarif {
    fn separator(&self) -> &'static str {
        ","
    }

    fn begin(&self, out: &mut dyn Write, run: &Run) -> std::io::Result<()> {
        let rules: Vec<Value> = run
            .engine
            .rules()
            .into_iter()
            .map(rule_descriptor)
            .collect();
        let mut tool = json!({"driver": {
            "name": "tactful",
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "rules": rules,
        }});
        if let Some(uri) = super::home_page() {
            tool["driver"]["informationUri"] = json!(uri);
        }
        let cwd = std::env::current_dir().unwrap_or_default();
        let mut root = percent_encode(&cwd.to_string_lossy().replace('\\', "/"));
        if !root.ends_with('/') {
            root.push('/');
        }
        if !root.starts_with('/') {
            root.insert(0, '/');
        }
        let bases = json!({ BASE_ID: {"uri": format!("file://{root}")} });
        write!(
            out,
            "{{\"$schema\":\"{SCHEMA}\",\"version\":\"2.1.0\",\"runs\":[{{\"tool\":{tool},\
             \"columnKind\":\"unicodeCodePoints\",\"originalUriBaseIds\":{bases},\"results\":["
        )
    }

    fn file<'a>(&'a self, head: FileHead, engine: &'a Engine) -> Box<dyn FileReport + 'a> {
        Box::new(SarifFile {
            indexes: self.indexes.get_or_init(|| rule_indexes(engine)),
            seen: Occurrences::new(),
            location: artifact_location(&head.path).to_string(),
            path: head.path,
            any: false,
        })
    }

    fn end(&self, out: &mut dyn Write, run: &Run) -> std::io::Result<()> {
        let notifications: Vec<Value> = run
            .totals
            .problems
            .iter()
            .map(|(path, message)| {
                json!({
                    "level": "error",
                    "message": {"text": message},
                    "locations": [{"physicalLocation": {"artifactLocation": artifact_location(path)}}],
                })
            })
            .collect();
        let invocation = json!({
            "executionSuccessful": run.totals.errors == 0,
            "toolExecutionNotifications": notifications,
        });
        writeln!(out, "],\"invocations\":[{invocation}]}}]}}")
    }
}

/// One result, as serde_json writes its `Value` map (keys sorted): by hand, as the JSON
/// printer's findings are, since building and dropping a map per finding was most of the
/// cost of a SARIF report. `location` is the file's artifact location as JSON text.
fn write_result(
    out: &mut Vec<u8>,
    loc: &Located,
    location: &str,
    fingerprint: &str,
    rule_index: Option<usize>,
) {
    use super::json_text::{push_str, push_usize};
    let diag = loc.diag;
    out.extend_from_slice(b"{\"level\":");
    push_str(out, level(diag.severity));
    out.extend_from_slice(b",\"locations\":[{\"physicalLocation\":{\"artifactLocation\":");
    out.extend_from_slice(location.as_bytes());
    out.extend_from_slice(b",\"region\":{\"endColumn\":");
    push_usize(out, loc.end_column);
    out.extend_from_slice(b",\"endLine\":");
    push_usize(out, loc.end_line);
    out.extend_from_slice(b",\"snippet\":{\"text\":");
    push_str(out, loc.excerpt);
    out.extend_from_slice(b"},\"startColumn\":");
    push_usize(out, loc.column);
    out.extend_from_slice(b",\"startLine\":");
    push_usize(out, loc.line);
    out.extend_from_slice(b"}}}],\"message\":{\"text\":");
    push_str(out, &super::message_with_suggestion(diag));
    out.extend_from_slice(b"},\"partialFingerprints\":{\"tactful/v1\":");
    push_str(out, fingerprint);
    out.extend_from_slice(b"},\"properties\":{\"category\":");
    push_str(out, &diag.category);
    out.extend_from_slice(b",\"ruleName\":");
    push_str(out, &diag.rule_name);
    out.extend_from_slice(b"},\"ruleId\":");
    push_str(out, &diag.finding.rule);
    if let Some(i) = rule_index {
        out.extend_from_slice(b",\"ruleIndex\":");
        push_usize(out, i);
    }
    out.push(b'}');
}

/// One file's results, written as its documents are checked; its errors go to the run's
/// notifications.
struct SarifFile<'a> {
    indexes: &'a HashMap<String, usize>,
    seen: Occurrences,
    path: String,
    /// The file's artifact location, as JSON text.
    location: String,
    /// A result was written, so the next one needs a comma.
    any: bool,
}

impl FileReport for SarifFile<'_> {
    fn docs(&mut self, docs: &[CheckedDoc], out: &mut dyn Write) -> std::io::Result<()> {
        let findings = docs
            .iter()
            .flat_map(|d| d.report.diagnostics.iter().map(move |diag| (&d.doc, diag)));
        let fingerprints =
            crate::fingerprint::partial_fingerprints(&self.path, findings, &mut self.seen);
        let mut fps = fingerprints.into_iter();
        let mut text = Vec::new();
        super::each_finding(docs, |doc, idx, diag| {
            if self.any {
                text.push(b',');
            }
            self.any = true;
            let fingerprint = fps.next().unwrap_or_default();
            let index = self.indexes.get(diag.finding.rule.as_str()).copied();
            write_result(
                &mut text,
                &locate(doc, idx, diag),
                &self.location,
                &fingerprint,
                index,
            );
            Ok(())
        })?;
        out.write_all(&text)
    }

    fn finish(self: Box<Self>, _out: &mut dyn Write) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(percent_encode("notes/a b#1.md"), "notes/a%20b%231.md");
        assert_eq!(percent_encode("é"), "%C3%A9");
        assert_eq!(artifact_location("a.md")["uriBaseId"], BASE_ID);
        assert_eq!(artifact_location("/tmp/a.md")["uri"], "file:///tmp/a.md");
    }

    #[test]
    fn a_result_written_by_hand_is_its_value_map() {
        use tactful_core::{Diagnostic, Document, Finding, Format, LineIndex, Span};
        let doc = Document::plain("Hi \"Ann\",\nwe'll fix it\tASAP.\n", Format::Plain);
        let idx = LineIndex::new(&doc.text);
        for (suggestion, rule_index) in [(Some("by \"Friday\""), Some(3)), (None, None)] {
            let mut finding = Finding::new("NXT002", Span::new(16, 28), "say\nwhen");
            finding.suggestion = suggestion.map(String::from);
            let diag = Diagnostic {
                finding,
                rule_name: "vague-deadline".into(),
                category: "next-steps".into(),
                severity: Severity::Info,
            };
            let loc = locate(&doc, &idx, &diag);
            let location = artifact_location("notes/a b.md");
            // The map the results were first built as.
            let mut expected = json!({
                "ruleId": diag.finding.rule,
                "level": level(diag.severity),
                "message": {"text": super::super::message_with_suggestion(&diag)},
                "locations": [{"physicalLocation": {
                    "artifactLocation": location,
                    "region": {
                        "startLine": loc.line,
                        "startColumn": loc.column,
                        "endLine": loc.end_line,
                        "endColumn": loc.end_column,
                        "snippet": {"text": loc.excerpt},
                    },
                }}],
                "partialFingerprints": {"tactful/v1": "ab12:1"},
                "properties": {"category": diag.category, "ruleName": diag.rule_name},
            });
            if let Some(i) = rule_index {
                expected["ruleIndex"] = json!(i);
            }
            let mut text = Vec::new();
            write_result(&mut text, &loc, &location.to_string(), "ab12:1", rule_index);
            assert_eq!(String::from_utf8(text).unwrap(), expected.to_string());
        }
    }
}
