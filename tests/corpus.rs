//! Scores the built-in analyzers on the labeled documents in `corpora/`: precision and recall
//! per category and language, against the floors in `corpora/floors.toml`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use tactful_core::{CheckOptions, Policy};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Labels {
    scored: Vec<String>,
    #[serde(default)]
    doc: Vec<LabeledDoc>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LabeledDoc {
    file: String,
    #[serde(default)]
    expect: Vec<String>,
    #[serde(default)]
    hard: bool,
    #[serde(default)]
    #[allow(dead_code)]
    note: String,
}

#[derive(Deserialize)]
struct Floor {
    precision: f64,
    recall: f64,
}

#[derive(Default, Clone, Copy)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
    docs: usize,
    hard: usize,
}

impl Counts {
    fn precision(&self) -> f64 {
        if self.tp + self.fp == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fp) as f64
        }
    }
    fn recall(&self) -> f64 {
        if self.tp + self.fn_ == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fn_) as f64
        }
    }
}

fn label_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            label_files(&p, out);
        } else if p.file_name().is_some_and(|n| n == "labels.toml") {
            out.push(p);
        }
    }
}

#[test]
fn corpus_scores_stay_above_the_floors() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora");
    let engine = tactful_cli::builtin_engine().unwrap();
    let opts = CheckOptions::default();
    let policy = Policy::default();
    let mut files = Vec::new();
    label_files(&root, &mut files);
    assert!(!files.is_empty(), "no labels.toml under corpora/");

    // (category, lang) -> counts
    let mut scores: BTreeMap<(String, String), Counts> = BTreeMap::new();
    let mut misses = Vec::new();
    for labels_path in files {
        let dir = labels_path.parent().unwrap();
        let lang = dir
            .strip_prefix(&root)
            .unwrap()
            .components()
            .next()
            .unwrap();
        let lang = lang.as_os_str().to_str().unwrap().to_string();
        let labels: Labels = toml::from_str(&std::fs::read_to_string(&labels_path).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", labels_path.display()));
        let mut listed = BTreeSet::new();
        for d in &labels.doc {
            let path = dir.join(&d.file);
            assert!(
                listed.insert(d.file.clone()),
                "{} listed twice",
                path.display()
            );
            for e in &d.expect {
                assert!(
                    labels.scored.contains(e),
                    "{}: {e} is not in `scored`",
                    path.display()
                );
            }
            let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let format = tactful_ingest::detect_format(Some(&path), &bytes);
            let docs = tactful_ingest::parse(&bytes, format, &Default::default())
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let mut fired: BTreeMap<String, Vec<String>> = BTreeMap::new();
            for doc in &docs {
                for diag in engine.check(doc, &opts, &policy).diagnostics {
                    fired
                        .entry(diag.category.clone())
                        .or_default()
                        .push(format!(
                            "{} {:?}",
                            diag.finding.rule,
                            doc.slice(diag.finding.span)
                        ));
                }
            }
            for cat in &labels.scored {
                let c = scores.entry((cat.clone(), lang.clone())).or_default();
                let expected = d.expect.contains(cat);
                let got = fired.contains_key(cat);
                if expected {
                    c.docs += 1;
                    c.hard += usize::from(d.hard);
                }
                match (expected, got) {
                    (true, true) => c.tp += 1,
                    (false, true) => {
                        c.fp += 1;
                        misses.push(format!("FP {cat} {}: {:?}", path.display(), fired[cat]));
                    }
                    (true, false) => {
                        c.fn_ += 1;
                        misses.push(format!("FN {cat} {}", path.display()));
                    }
                    (false, false) => {}
                }
            }
        }
        // Every document in the folder is labeled, so nothing is silently left out.
        for entry in std::fs::read_dir(dir).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            if name != "labels.toml" {
                assert!(
                    listed.contains(&name),
                    "{}/{name} has no label",
                    dir.display()
                );
            }
        }
    }

    let floors: BTreeMap<String, BTreeMap<String, Floor>> =
        toml::from_str(&std::fs::read_to_string(root.join("floors.toml")).unwrap()).unwrap();
    println!("category     lang  positives  precision  recall   tp  fp  fn");
    let mut failures = Vec::new();
    for ((cat, lang), c) in &scores {
        println!(
            "{cat:<12} {lang:<5} {:>9}  {:>9.3}  {:>6.3}  {:>3} {:>3} {:>3}",
            c.docs,
            c.precision(),
            c.recall(),
            c.tp,
            c.fp,
            c.fn_
        );
        if let Some(f) = floors.get(cat).and_then(|m| m.get(lang))
            && (c.precision() < f.precision || c.recall() < f.recall)
        {
            failures.push(format!(
                "{cat}/{lang}: precision {:.3} (floor {}), recall {:.3} (floor {})",
                c.precision(),
                f.precision,
                c.recall(),
                f.recall
            ));
        }
    }
    for m in &misses {
        println!("{m}");
    }
    assert!(
        failures.is_empty(),
        "under the floor:\n{}",
        failures.join("\n")
    );
}
