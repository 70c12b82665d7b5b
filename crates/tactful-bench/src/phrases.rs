//! Prints literal phrases of rule packs, one per line, for a raw-scan baseline (e.g.
//! `rg -i -F -f phrases.txt`): by default one per pattern (its first phrase without a `*`
//! wildcard word), the size of lexicon a hand-written phrase list has; with `--all-variants`
//! every phrase the patterns expand to. Stem and prefix words print as written.
//!
//! Usage: `tactful-phrases [--all-variants] PACK.toml...`

use tactful_match::PackSet;
use tactful_match::pattern::{Elem, parse, variant_text};
use tactful_match::stem::Stemmer;

fn main() {
    let mut seen = std::collections::BTreeSet::new();
    let mut all_variants = false;
    // One set per file: built-in packs define the same codes once per language.
    for path in std::env::args().skip(1) {
        if path == "--all-variants" {
            all_variants = true;
            continue;
        }
        let mut set = PackSet::new();
        if let Err(e) = set.add_file(std::path::Path::new(&path)) {
            eprintln!("{e}");
            std::process::exit(2);
        }
        collect(&set, all_variants, &mut seen);
    }
    for phrase in seen {
        println!("{phrase}");
    }
}

fn collect(set: &PackSet, all_variants: bool, seen: &mut std::collections::BTreeSet<String>) {
    for rule in set.rules() {
        for p in &rule.patterns {
            let stemmer = Stemmer::new(p.lang);
            let Ok(variants) = parse(&p.text, false, &stemmer) else {
                continue;
            };
            let literal = variants.iter().filter(|v| !v.contains(&Elem::Any));
            for v in literal.take(if all_variants { usize::MAX } else { 1 }) {
                seen.insert(variant_text(v));
            }
        }
    }
}
