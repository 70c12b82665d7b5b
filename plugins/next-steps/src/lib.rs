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
mod name_owner;
mod no_next_step;
mod prebuilt {
    //! What the build script read from the regexes when the crate was built (`build.rs`):
    //! the facts' gate, and the gates of the regexes asked about an expression's context.
    use crate::time::GateParts;
    use tactful_core::Lang;
    include!(concat!(env!("OUT_DIR"), "/gates.rs"));
}
pub mod time;
mod vague_deadline;

use std::collections::VecDeque;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

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
    ///
    /// A document checked just before (the CLI checks a document, then lists its promises)
    /// has its promises at hand: its facts are not read twice.
    pub fn promises(&self, doc: &Document, opts: &CheckOptions) -> Result<Vec<Promise>, String> {
        PROMISES_ASKED.store(true, Ordering::Relaxed);
        if let Some(found) = CHECKED.take(doc, opts) {
            return Ok(found);
        }
        Ok(promises_of(&Facts::read(doc, opts, &self.signals)?))
    }
}

fn promises_of(facts: &Facts) -> Vec<Promise> {
    facts
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
        .collect()
}

/// Whether `promises` was ever called: only then does `check` keep the promises it read.
static PROMISES_ASKED: AtomicBool = AtomicBool::new(false);

/// The promises of the documents checked last, for [`NextSteps::promises`]. Every
/// `NextSteps` reads the same built-in packs, so one analyzer's facts are another's.
static CHECKED: Checked = Checked {
    docs: Mutex::new(VecDeque::new()),
};

/// How many checked documents' promises are kept, and how many bytes of text at most: an
/// mbox is checked in batches of 64 before their promises are asked.
const CHECKED_DOCS: usize = 128;
const CHECKED_BYTES: usize = 32 << 20;

struct Checked {
    docs: Mutex<VecDeque<(Document, CheckOptions, Vec<Promise>)>>,
}

impl Checked {
    fn put(&self, doc: &Document, opts: &CheckOptions, promises: Vec<Promise>) {
        let Ok(mut docs) = self.docs.lock() else {
            return;
        };
        docs.push_back((doc.clone(), opts.clone(), promises));
        let mut bytes: usize = docs.iter().map(|(d, _, _)| d.text.len()).sum();
        while docs.len() > CHECKED_DOCS || bytes > CHECKED_BYTES {
            let Some((d, _, _)) = docs.pop_front() else {
                break;
            };
            bytes -= d.text.len();
        }
    }

    /// The promises kept for this very document read with these options, if any.
    fn take(&self, doc: &Document, opts: &CheckOptions) -> Option<Vec<Promise>> {
        let mut docs = self.docs.lock().ok()?;
        let at = docs
            .iter()
            .position(|(d, o, _)| d.text.len() == doc.text.len() && d == doc && o == opts)?;
        docs.remove(at).map(|(_, _, p)| p)
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
        if PROMISES_ASKED.load(Ordering::Relaxed) {
            CHECKED.put(doc, opts, promises_of(&facts));
        }
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

#[cfg(test)]
mod shared_promise_tests {
    use super::*;
    use tactful_core::{Format, Lang};

    fn doc(lang: Lang, text: &str) -> Document {
        let mut doc = tactful_ingest::parse(text.as_bytes(), Format::Plain, &Default::default())
            .unwrap()
            .remove(0);
        doc.lang = Some(lang);
        doc
    }

    /// The promises read afresh, as `promises` reads them when nothing was kept.
    fn afresh(doc: &Document, opts: &CheckOptions) -> Vec<Promise> {
        promises_of(&Facts::read(doc, opts, analyzer().signals()).unwrap())
    }

    #[test]
    fn promises_kept_by_the_check_are_the_ones_read_afresh() {
        let ns = analyzer();
        let opts = CheckOptions::default();
        // A text no other test checks: tests run in parallel and share what is kept.
        let doc = doc(
            Lang::En,
            "The kept-promises import failed. Olga will rerun it by Friday 3pm. We'll fix the rest soon.",
        );
        let expected = afresh(&doc, &opts);
        assert_eq!(expected.len(), 2, "{expected:?}");
        ns.promises(&doc, &opts).unwrap();
        ns.check(&doc, &opts).unwrap();
        assert_eq!(CHECKED.take(&doc, &opts), Some(expected.clone()));
        ns.check(&doc, &opts).unwrap();
        assert_eq!(ns.promises(&doc, &opts).unwrap(), expected);
        // Taken once: the next call reads the document again, and finds the same.
        assert_eq!(CHECKED.take(&doc, &opts), None);
        assert_eq!(ns.promises(&doc, &opts).unwrap(), expected);
    }

    #[test]
    fn a_document_or_options_unlike_the_checked_ones_are_read_afresh() {
        let ns = analyzer();
        let opts = CheckOptions::default();
        let text = "The other-promises import failed. Olga will rerun it by Friday 3pm.";
        let checked = doc(Lang::En, text);
        ns.promises(&checked, &opts).unwrap();
        ns.check(&checked, &opts).unwrap();
        // The same text read as Spanish holds no English time.
        let spanish = doc(Lang::Es, text);
        assert_eq!(
            ns.promises(&spanish, &opts).unwrap(),
            afresh(&spanish, &opts)
        );
        assert!(ns.promises(&spanish, &opts).unwrap().is_empty());
        // Every segment skipped: nothing is promised.
        let skip_all = CheckOptions {
            skip: vec![tactful_core::SegmentKind::Body],
            ..CheckOptions::default()
        };
        assert_eq!(
            ns.promises(&checked, &skip_all).unwrap(),
            afresh(&checked, &skip_all)
        );
        // The checked one is still kept, and is what a fresh read finds.
        assert_eq!(
            ns.promises(&checked, &opts).unwrap(),
            afresh(&checked, &opts)
        );
        assert_eq!(afresh(&checked, &opts).len(), 1);
    }
}
