//! Prints the literal phrases of rule packs, one per line, for a raw-scan baseline (e.g.
//! `rg -i -F -f phrases.txt`). Stem and prefix words print as written; variants with a `*`
//! wildcard word are left out, since a literal scanner cannot express them.
//!
//! Usage: `tactful-phrases PACK.toml...`

use tactful_match::PackSet;
use tactful_match::pattern::{Elem, parse, variant_text};
use tactful_match::stem::Stemmer;

fn main() {
    let mut seen = std::collections::BTreeSet::new();
    // One set per file: built-in packs define the same codes once per language.
    for path in std::env::args().skip(1) {
        let mut set = PackSet::new();
        if let Err(e) = set.add_file(std::path::Path::new(&path)) {
            eprintln!("{e}");
            std::process::exit(2);
        }
        collect(&set, &mut seen);
    }
    for phrase in seen {
        println!("{phrase}");
    }
}

fn collect(set: &PackSet, seen: &mut std::collections::BTreeSet<String>) {
    for rule in set.rules() {
        for p in &rule.patterns {
            let stemmer = Stemmer::new(p.lang);
            let Ok(variants) = parse(&p.text, false, &stemmer) else {
                continue;
            };
            for v in variants.iter().filter(|v| !v.contains(&Elem::Any)) {
                seen.insert(variant_text(v));
            }
        }
    }
}
