//! The built-in defensive analyzer, built as a plugin (`plugins/defensive-dylib`), must find
//! exactly what the statically linked one finds.

mod common;

use std::path::{Path, PathBuf};

use tactful_core::{Analyzer, CheckOptions, Document, Format, RuleMeta};
use tactful_plugin_api::load_plugin;

/// Every file under the project's `corpora/`, read as plain text.
fn corpus_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            corpus_files(&path, out);
        } else {
            out.push(path);
        }
    }
}

#[test]
fn dynamic_and_static_defensive_give_identical_findings() {
    common::cargo_build(&["defensive-dylib"], None);
    let dynamic = load_plugin(&common::built_lib("defensive_dylib")).unwrap();
    let stat = tactful_defensive::analyzer();
    assert_eq!(dynamic.name(), stat.name());

    let strip = |r: RuleMeta| RuleMeta {
        origin: String::new(),
        ..r
    };
    let static_rules: Vec<_> = stat.rules().into_iter().map(strip).collect();
    let dynamic_rules: Vec<_> = dynamic.rules().into_iter().map(strip).collect();
    assert_eq!(dynamic_rules, static_rules);

    // The rules' own examples, a few mixed texts, and whatever the corpus holds.
    let mut texts: Vec<String> = static_rules
        .iter()
        .flat_map(|r| &r.examples)
        .flat_map(|e| [e.bad.clone(), e.good.clone()])
        .collect();
    texts.extend(
        [
            "Per my last email, the invoice is attached.\n\nAs I said, it is due Friday.",
            "Como ya te dije, la reunión es el lunes. Как я уже писал, всё готово.",
            "",
        ]
        .map(String::from),
    );
    let mut files = Vec::new();
    corpus_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpora"),
        &mut files,
    );
    files.sort();
    texts.extend(
        files
            .iter()
            .map(|f| String::from_utf8_lossy(&std::fs::read(f).unwrap()).into_owned()),
    );

    let opts = CheckOptions::default();
    let mut total = 0;
    for text in &texts {
        let doc = Document::plain(text.as_str(), Format::Plain);
        let expected = stat.check(&doc, &opts).unwrap();
        assert_eq!(dynamic.check(&doc, &opts).unwrap(), expected, "{text}");
        total += expected.len();
    }
    // Identical and empty would prove nothing.
    assert!(total >= static_rules.len(), "only {total} findings");
}
