//! Baselines: a file recording the findings a team accepts today, so that only new ones are
//! reported. A finding matches an entry by rule, path and content fingerprint (its excerpt and
//! sentence, normalized), never by line number, so edits above it do not revive it. Entries
//! are counted: with two identical findings recorded, a third one is new.

use std::collections::HashMap;
use std::path::Path;

use std::io::Write;

use serde::{Deserialize, Serialize};

use crate::check::FileResult;
use crate::output::Spill;

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

/// The findings to record in a baseline, added a file or batch at a time as text in the
/// file's layout, held in a temporary file past a small size so recording the findings of a
/// large mailbox does not grow memory.
#[derive(Default)]
pub struct Recorder {
    /// The entries as `to_string_pretty` writes them in the file's list, comma-separated.
    text: Spill,
    count: usize,
}

impl Recorder {
    pub fn len(&self) -> usize {
        self.count
    }

    pub fn add(&mut self, entries: &[Entry]) -> std::io::Result<()> {
        for e in entries {
            if self.count > 0 {
                self.text.write_all(b",\n")?;
            }
            let entry = serde_json::to_string_pretty(e).expect("baseline entry serializes");
            // Strings in JSON hold no raw line breaks: every line is the entry's own.
            for (i, line) in entry.lines().enumerate() {
                if i > 0 {
                    self.text.write_all(b"\n")?;
                }
                self.text.write_all(b"    ")?;
                self.text.write_all(line.as_bytes())?;
            }
            self.count += 1;
        }
        Ok(())
    }

    /// Adds the entries another recorder took, after this one's.
    pub fn append(&mut self, other: Recorder) -> std::io::Result<()> {
        if other.count == 0 {
            return Ok(());
        }
        if self.count > 0 {
            self.text.write_all(b",\n")?;
        }
        self.count += other.count;
        other.text.copy_to(&mut self.text)
    }

    /// Writes the baseline file, laid out as `to_string_pretty` writes a [`BaselineFile`].
    pub fn write(self, path: &Path) -> Result<(), String> {
        let cannot = |e: std::io::Error| format!("cannot write baseline {}: {e}", path.display());
        let mut out = std::io::BufWriter::new(std::fs::File::create(path).map_err(cannot)?);
        let head = format!("{{\n  \"tactful_baseline\": {VERSION},\n  \"findings\": [");
        out.write_all(head.as_bytes()).map_err(cannot)?;
        if self.count > 0 {
            out.write_all(b"\n").map_err(cannot)?;
            self.text.copy_to(&mut out).map_err(cannot)?;
            out.write_all(b"\n  ").map_err(cannot)?;
        }
        out.write_all(b"]\n}\n").map_err(cannot)?;
        out.flush().map_err(cannot)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(i: usize) -> Entry {
        Entry {
            rule: format!("DEF00{i}"),
            path: "notes/a \"b\".md".into(),
            fingerprint: crate::fingerprint::hash(&[&i.to_string()]),
            line: i * 7,
            excerpt: "as I said,\nagain \u{1}".into(),
        }
    }

    #[test]
    fn a_recorded_baseline_reads_as_one_written_whole() {
        for n in [0, 1, 5] {
            let entries: Vec<Entry> = (0..n).map(entry).collect();
            let mut first = Recorder::default();
            first.add(&entries[..n / 2]).unwrap();
            let mut second = Recorder::default();
            second.add(&entries[n / 2..]).unwrap();
            first.append(second).unwrap();
            assert_eq!(first.len(), n);
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("b.json");
            first.write(&path).unwrap();
            let whole = BaselineFile {
                tactful_baseline: VERSION,
                findings: entries,
            };
            let expected = serde_json::to_string_pretty(&whole).unwrap() + "\n";
            assert_eq!(std::fs::read_to_string(&path).unwrap(), expected);
        }
    }
}
