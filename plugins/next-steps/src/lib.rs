//! Next steps and delivery: does a message with bad news or an open decision say who will do
//! what by when, and does it deliver the news directly and with its impact acknowledged.
//!
//! Rules (each documented in its own file): NXT001 `next-steps`, NXT002 `vague-deadline`,
//! NXT003 `action-item-incomplete` (category `next-steps`); DLV001 `buried-bad-news`,
//! DLV002 `no-impact-acknowledgement` (category `delivery`).
//!
//! The phrase signals (problem, decision, commitment, request, impact...) are rule packs in
//! `packs/`, one per language; the message-level logic is Rust. [`time`] is the time-expression
//! recognizer, public so the CLI can report "what was promised, by when".

mod action_items;
mod delivery;
mod facts;
mod no_next_step;
pub mod time;
mod vague_deadline;

use tactful_core::{Analyzer, CheckOptions, Document, Finding, RuleMeta};
use tactful_match::PackAnalyzer;

use crate::facts::Facts;

/// The signal packs, built in.
pub const SIGNAL_PACKS: &[(&str, &str)] = &[
    (
        "built-in:next-steps/signals-en.toml",
        include_str!("../packs/signals-en.toml"),
    ),
    (
        "built-in:next-steps/signals-es.toml",
        include_str!("../packs/signals-es.toml"),
    ),
    (
        "built-in:next-steps/signals-ru.toml",
        include_str!("../packs/signals-ru.toml"),
    ),
];

/// [`SIGNAL_PACKS`] as the build script read them (`build.rs`).
const PREBUILT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/signals.bin"));

/// The next-steps and delivery analyzer.
pub struct NextSteps {
    signals: PackAnalyzer,
}

impl NextSteps {
    pub fn new() -> Result<NextSteps, String> {
        Ok(NextSteps {
            signals: PackAnalyzer::from_prebuilt("next-steps-signals", PREBUILT)?,
        })
    }

    /// The compiled signal packs (for `test-packs`-style checks of their examples).
    pub fn signals(&self) -> &PackAnalyzer {
        &self.signals
    }

    /// What the author promised, by when: every sentence of the author's text that names a
    /// time and an action or an owner, for batch review of past correspondence.
    pub fn promises(&self, doc: &Document, opts: &CheckOptions) -> Result<Vec<Promise>, String> {
        let facts = Facts::read(doc, opts, &self.signals)?;
        Ok(facts
            .prose()
            .filter(|u| u.action() || u.owner())
            .flat_map(|u| {
                u.times.iter().map(|t| Promise {
                    sentence: u.span,
                    time: *t,
                    owner: u.owner(),
                    concrete: u.concrete_step(),
                })
            })
            .collect())
    }
}

/// A time the author committed to, with the sentence it is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Promise {
    /// The sentence, as a byte span of the document's text.
    pub sentence: tactful_core::Span,
    /// The time expression, its span in the document's text.
    pub time: time::TimeExpr,
    /// Someone is named as acting (I, we, a name, a role, or the client when asked).
    pub owner: bool,
    /// Owner, action and a firm time in the one sentence: who does what by when.
    pub concrete: bool,
}

/// The analyzer with all its rules.
pub fn analyzer() -> NextSteps {
    // The packs are compiled into the binary and tested below, so failing here is a build bug.
    NextSteps::new().expect("built-in next-steps signal packs are valid")
}

impl Analyzer for NextSteps {
    fn name(&self) -> &str {
        "next-steps"
    }

    fn rules(&self) -> Vec<RuleMeta> {
        vec![
            no_next_step::meta(),
            vague_deadline::meta(),
            action_items::meta(),
            delivery::buried_meta(),
            delivery::impact_meta(),
        ]
    }

    fn check(&self, doc: &Document, opts: &CheckOptions) -> Result<Vec<Finding>, String> {
        let facts = Facts::read(doc, opts, &self.signals)?;
        let mut out = Vec::new();
        out.extend(no_next_step::check(&facts));
        out.extend(vague_deadline::check(doc, &facts));
        out.extend(action_items::check(doc, &facts));
        out.extend(delivery::check(doc, &facts));
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tactful_core::{Format, Lang, LanguageStatus};

    #[test]
    fn the_prebuilt_signal_packs_are_the_pack_files() {
        // build.rs names the files again; a pack missing there or out of order shows here.
        let set = tactful_match::PackSet::built_in(SIGNAL_PACKS).unwrap();
        assert!(
            set.to_prebuilt().unwrap() == PREBUILT,
            "stale prebuilt signals"
        );
    }

    #[test]
    fn built_in_signal_packs_pass_every_pack_check() {
        // What a user's pack goes through; the run itself skips the pattern checks.
        let mut set = tactful_match::PackSet::new();
        for (origin, text) in SIGNAL_PACKS {
            if let Err(e) = set.add_str(origin, text) {
                panic!("{e}");
            }
        }
    }

    #[test]
    fn built_in_signal_packs_pass_their_own_examples() {
        let failures = analyzer().signals().test_examples();
        assert!(
            failures.is_empty(),
            "{}",
            failures
                .iter()
                .map(|f| f.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        );
    }

    /// Rule codes fired on `text`, parsed as the CLI parses a plain-text draft.
    pub(crate) fn codes(lang: Lang, text: &str) -> Vec<String> {
        let mut docs = tactful_ingest::parse(text.as_bytes(), Format::Plain, &Default::default())
            .expect("plain text parses");
        let mut doc = docs.remove(0);
        doc.lang = Some(lang);
        doc.language_status = LanguageStatus::Forced;
        let mut v: Vec<String> = analyzer()
            .check(&doc, &CheckOptions::default())
            .unwrap()
            .into_iter()
            .map(|f| f.rule)
            .collect();
        v.sort();
        v.dedup();
        v
    }

    #[test]
    fn every_rule_example_behaves_as_documented() {
        for rule in analyzer().rules() {
            assert!(!rule.examples.is_empty(), "{} has no examples", rule.code);
            for ex in &rule.examples {
                assert!(
                    codes(ex.lang, &ex.bad).contains(&rule.code),
                    "{} bad example did not fire: {}",
                    rule.code,
                    ex.bad
                );
                assert!(
                    !codes(ex.lang, &ex.good).contains(&rule.code),
                    "{} good example fired: {}",
                    rule.code,
                    ex.good
                );
            }
        }
    }

    #[test]
    fn a_thank_you_or_a_plain_update_raises_nothing() {
        assert!(
            codes(
                Lang::En,
                "Thank you for the workshop yesterday. The team loved it."
            )
            .is_empty()
        );
        assert!(
            codes(
                Lang::Es,
                "Gracias por el taller de ayer. Al equipo le encantó."
            )
            .is_empty()
        );
        assert!(
            codes(
                Lang::Ru,
                "Спасибо за вчерашний семинар. Команде очень понравилось."
            )
            .is_empty()
        );
        assert!(
            codes(
                Lang::En,
                "The content pages are done and the blog is in review."
            )
            .is_empty()
        );
    }
}

#[cfg(test)]
mod promise_tests {
    use super::*;
    use tactful_core::{Format, Lang};

    fn promises(lang: Lang, text: &str) -> Vec<(String, String, bool)> {
        let mut doc = tactful_ingest::parse(
            text.as_bytes(),
            Format::Plain,
            &tactful_ingest::ParseOptions { lang: Some(lang) },
        )
        .unwrap()
        .remove(0);
        doc.lang = Some(lang);
        analyzer()
            .promises(&doc, &CheckOptions::default())
            .unwrap()
            .into_iter()
            .map(|p| {
                (
                    doc.slice(p.sentence).to_string(),
                    doc.slice(p.time.span).to_string(),
                    p.concrete,
                )
            })
            .collect()
    }

    #[test]
    fn promises_name_the_sentence_and_the_time() {
        let found = promises(
            Lang::En,
            "The import failed overnight. I will rerun it by Friday 3pm. The weather was nice on Monday.",
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "I will rerun it by Friday 3pm.");
        assert!(found[0].1.contains("Friday"), "{found:?}");
        assert!(found[0].2);
    }

    #[test]
    fn a_vague_promise_is_listed_but_not_concrete() {
        let found = promises(Lang::Es, "Hubo un corte. Lo arreglaremos pronto.");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].1, "pronto");
        assert!(!found[0].2);
    }
}
