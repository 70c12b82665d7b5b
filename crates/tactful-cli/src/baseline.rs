//! Baselines: a file recording the findings a team accepts today, so that only new ones are
//! reported. A finding matches an entry by rule, path and content fingerprint (its excerpt and
//! sentence, normalized), never by line number, so edits above it do not revive it. Entries
//! are counted: with two identical findings recorded, a third one is new.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::check::FileResult;

pub const VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    pub rule: String,
    /// The path as reported (relative to the folder tactful ran in), with `/` separators.
    pub path: String,
    pub fingerprint: String,
    /// For people reading the file; matching ignores them.
    #[serde(default)]
    pub line: usize,
    #[serde(default)]
    pub excerpt: String,
}

#[derive(Debug, Serialize, Deserialize)]
struct BaselineFile {
    tactful_baseline: u32,
    findings: Vec<Entry>,
}

type Key = (String, String, String);

/// How many findings of each key one file has matched so far.
#[derive(Debug, Default)]
pub struct Used(HashMap<Key, usize>);

/// A loaded baseline: how many findings of each key it accepts.
#[derive(Debug, Default)]
pub struct Baseline {
    counts: HashMap<Key, usize>,
}

fn portable(path: &str) -> String {
    path.replace('\\', "/")
}

impl Baseline {
    pub fn load(path: &Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read baseline {}: {e}", path.display()))?;
        let file: BaselineFile = serde_json::from_str(&text)
            .map_err(|e| format!("{}: not a tactful baseline: {e}", path.display()))?;
        if file.tactful_baseline != VERSION {
            return Err(format!(
                "{}: baseline version {} is not supported (this tactful writes {VERSION})",
                path.display(),
                file.tactful_baseline
            ));
        }
        let mut counts = HashMap::new();
        for e in file.findings {
            *counts
                .entry((e.rule, portable(&e.path), e.fingerprint))
                .or_default() += 1;
        }
        Ok(Baseline { counts })
    }

    /// Drops the findings of one file that the baseline records. A file checked a part at a
    /// time passes the same `used` with each part.
    pub fn filter(&self, r: &mut FileResult, used: &mut Used) {
        let path = portable(&r.path);
        let used = &mut used.0;
        for d in &mut r.docs {
            let doc = &d.doc;
            d.report.diagnostics.retain(|diag| {
                let key = (
                    diag.finding.rule.clone(),
                    path.clone(),
                    crate::fingerprint::baseline_hash(doc, diag),
                );
                let known = self.counts.get(&key).copied().unwrap_or(0);
                let n = used.entry(key).or_default();
                *n += 1;
                *n > known
            });
        }
    }
}

/// The entries of one file's findings, in report order.
pub fn entries(r: &FileResult) -> Vec<Entry> {
    let mut out = Vec::new();
    for d in &r.docs {
        let idx = tactful_core::LineIndex::new(&d.doc.text);
        for diag in &d.report.diagnostics {
            let (line, _) = idx.line_col(diag.finding.span.start);
            out.push(Entry {
                rule: diag.finding.rule.clone(),
                path: portable(&r.path),
                fingerprint: crate::fingerprint::baseline_hash(&d.doc, diag),
                line: line + d.doc.line_offset,
                excerpt: d.doc.slice(diag.finding.span).to_string(),
            });
        }
    }
    out
}

pub fn write(path: &Path, findings: Vec<Entry>) -> Result<(), String> {
    let file = BaselineFile {
        tactful_baseline: VERSION,
        findings,
    };
    let mut text = serde_json::to_string_pretty(&file).expect("baseline serializes");
    text.push('\n');
    std::fs::write(path, text).map_err(|e| format!("cannot write baseline {}: {e}", path.display()))
}
