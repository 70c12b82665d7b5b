//! Blame in English, Spanish and Russian: at the client and at third parties.
//!
//! | code   | name               | flags                                               |
//! |--------|--------------------|-----------------------------------------------------|
//! | BLM001 | should-have        | what the client should have done ("вам следовало")  |
//! | BLM002 | client-at-fault    | the client as the cause ("por su culpa", "you forgot") |
//! | BLM003 | blames-third-party | a vendor, contractor or the client's IT person      |
//! | BLM004 | agentless-blame    | the client's side as cause, no "you" ("de su parte") |
//!
//! Rules are phrase packs in `packs/blame.<lang>.toml`; negation, questions, quotation marks
//! and reported speech cancel a match (`unless`), and quoted replies are never read.

use tactful_defensive::LangPacks;

/// The built-in packs, one per language: `(origin, text)`.
pub const PACKS: &[(&str, &str)] = &[
    (
        "built-in:blame.en.toml",
        include_str!("../packs/blame.en.toml"),
    ),
    (
        "built-in:blame.es.toml",
        include_str!("../packs/blame.es.toml"),
    ),
    (
        "built-in:blame.ru.toml",
        include_str!("../packs/blame.ru.toml"),
    ),
];

/// [`PACKS`] as the build script read them (`build.rs`).
const PREBUILT: &[&[u8]] = &[
    include_bytes!(concat!(env!("OUT_DIR"), "/blame.en.bin")),
    include_bytes!(concat!(env!("OUT_DIR"), "/blame.es.bin")),
    include_bytes!(concat!(env!("OUT_DIR"), "/blame.ru.bin")),
];

/// The blame analyzer with all its rules.
pub fn analyzer() -> LangPacks {
    // The packs are compiled into the binary; the crate's tests load and run them.
    LangPacks::from_prebuilt("blame", PREBUILT).expect("built-in blame packs are valid")
}

#[cfg(test)]
mod tests {
    use super::*;
    use tactful_core::{Analyzer, Lang};

    #[test]
    fn the_prebuilt_packs_are_the_pack_files() {
        assert_eq!(
            LangPacks::stale_prebuilt(PACKS, PREBUILT),
            Vec::<String>::new()
        );
    }

    #[test]
    fn built_in_packs_pass_every_pack_check() {
        // What a user's pack goes through; the run itself skips the pattern checks.
        for (origin, text) in PACKS {
            if let Err(e) = tactful_match::PackSet::new().add_str(origin, text) {
                panic!("{e}");
            }
        }
    }

    #[test]
    fn built_in_packs_pass_their_own_examples() {
        let failures = analyzer().test_examples();
        let report: Vec<String> = failures.iter().map(|f| f.to_string()).collect();
        assert!(report.is_empty(), "{}", report.join("\n"));
    }

    #[test]
    fn every_rule_is_documented_in_three_languages() {
        let rules = analyzer().rules();
        let codes: Vec<&str> = rules.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(codes, ["BLM001", "BLM002", "BLM003", "BLM004"]);
        for r in &rules {
            assert_eq!(r.category, "blame");
            for lang in Lang::ALL {
                assert!(r.applies_to(Some(lang)), "{} {lang}", r.code);
                assert!(
                    r.examples.iter().any(|e| e.lang == lang),
                    "{} {lang}",
                    r.code
                );
            }
        }
    }
}
