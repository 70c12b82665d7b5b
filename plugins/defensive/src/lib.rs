//! Defensive phrasing in English, Spanish and Russian.
//!
//! | code   | name            | where                      |
//! |--------|-----------------|----------------------------|
//! | DEF001 | told-you-so     | `packs/defensive.*.toml`   |
//! | DEF002 | deflecting      | `packs/defensive.*.toml`   |
//! | DEF003 | disowning       | `packs/defensive.*.toml`   |
//! | DEF004 | evasive-passive | [`passive`] (Rust: agent)  |
//! | DEF005 | apology-cascade | [`apology`] (Rust: count)  |
//! | DEF006 | rhetorical-told-you-so | `packs/defensive.*.toml` |

pub mod apology;
pub mod packs;
pub mod passive;

use tactful_core::{Analyzer, CheckOptions, Document, Finding, RuleMeta};

pub use apology::ApologyCascade;
pub use packs::LangPacks;
pub use passive::EvasivePassive;

/// The built-in packs, one per language: `(origin, text)`.
pub const PACKS: &[(&str, &str)] = &[
    (
        "built-in:defensive.en.toml",
        include_str!("../packs/defensive.en.toml"),
    ),
    (
        "built-in:defensive.es.toml",
        include_str!("../packs/defensive.es.toml"),
    ),
    (
        "built-in:defensive.ru.toml",
        include_str!("../packs/defensive.ru.toml"),
    ),
];

/// [`PACKS`] as the build script read them (`build.rs`).
const PREBUILT: &[&[u8]] = &[
    include_bytes!(concat!(env!("OUT_DIR"), "/defensive.en.bin")),
    include_bytes!(concat!(env!("OUT_DIR"), "/defensive.es.bin")),
    include_bytes!(concat!(env!("OUT_DIR"), "/defensive.ru.bin")),
];

/// The defensive analyzer: phrase packs plus the two structural rules.
pub struct Defensive {
    packs: LangPacks,
    passive: EvasivePassive,
    apologies: ApologyCascade,
}

impl Defensive {
    pub fn new() -> Self {
        Defensive {
            // The packs are compiled into the binary; the crate's tests load and run them.
            packs: LangPacks::from_prebuilt("defensive", PREBUILT)
                .expect("built-in defensive packs are valid"),
            passive: EvasivePassive::new(),
            apologies: ApologyCascade::new(),
        }
    }

    pub fn packs(&self) -> &LangPacks {
        &self.packs
    }
}

impl Default for Defensive {
    fn default() -> Self {
        Self::new()
    }
}

impl Analyzer for Defensive {
    fn name(&self) -> &str {
        "defensive"
    }

    fn rules(&self) -> Vec<RuleMeta> {
        let mut rules = self.packs.rules();
        rules.extend(self.passive.rules());
        rules.extend(self.apologies.rules());
        rules
    }

    fn check(&self, doc: &Document, opts: &CheckOptions) -> Result<Vec<Finding>, String> {
        let mut out = self.packs.check(doc, opts)?;
        out.extend(self.passive.check(doc, opts)?);
        out.extend(self.apologies.check(doc, opts)?);
        Ok(out)
    }
}

/// The defensive analyzer with all its rules.
pub fn analyzer() -> Defensive {
    Defensive::new()
}

#[cfg(test)]
mod tests {
    use super::*;
    use tactful_core::{Format, Lang};

    fn fired(text: &str, lang: Lang) -> Vec<(String, String)> {
        let mut doc = Document::plain(text, Format::Plain);
        doc.lang = Some(lang);
        analyzer()
            .check(&doc, &CheckOptions::default())
            .unwrap()
            .into_iter()
            .map(|f| (f.rule.clone(), doc.slice(f.span).to_string()))
            .collect()
    }

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
        let failures = analyzer().packs().test_examples();
        let report: Vec<String> = failures.iter().map(|f| f.to_string()).collect();
        assert!(report.is_empty(), "{}", report.join("\n"));
    }

    #[test]
    fn every_rule_is_documented_in_three_languages() {
        let rules = analyzer().rules();
        let codes: Vec<&str> = rules.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(
            codes,
            ["DEF001", "DEF002", "DEF003", "DEF006", "DEF004", "DEF005"]
        );
        for r in &rules {
            assert_eq!(r.category, "defensive");
            assert!(!r.why.is_empty() && !r.summary.is_empty(), "{}", r.code);
            for lang in Lang::ALL {
                assert!(r.applies_to(Some(lang)), "{} {lang}", r.code);
                assert!(
                    r.examples.iter().any(|e| e.lang == lang),
                    "{} has no {lang} example",
                    r.code
                );
            }
        }
    }

    #[test]
    fn rust_rule_examples_fire_on_bad_and_not_on_good() {
        for meta in [EvasivePassive::meta(), ApologyCascade::meta()] {
            for ex in &meta.examples {
                let bad = fired(&ex.bad, ex.lang);
                assert!(
                    bad.iter().any(|(c, _)| *c == meta.code),
                    "{}: {}",
                    meta.code,
                    ex.bad
                );
                let good = fired(&ex.good, ex.lang);
                assert!(good.is_empty(), "{}: {} -> {good:?}", meta.code, ex.good);
            }
        }
    }
}
