//! DEF001 told-you-so.
//!
//! What it flags: reminding the client that you already said something ("as I already told
//! you", "per my last email", "como ya le dije", "как я уже говорил").
//! Why it hurts: it scores a point instead of solving the problem; the client hears "you
//! didn't listen", which is blame dressed as a reminder.

use regex::Regex;
use tactful_core::{
    Analyzer, Category, CheckOptions, Document, Example, Finding, Lang, RuleMeta, Severity, Span,
};

pub struct ToldYouSo {
    pattern: Regex,
}

const CODE: &str = "DEF001";

impl ToldYouSo {
    pub fn new() -> Self {
        let pattern = Regex::new(
            r"(?i)\b(?:as I (?:already |previously )?(?:said|told you|mentioned|explained)|per my (?:last|previous) (?:email|message)|como ya (?:le |te |les )?(?:dije|comenté|expliqué)|как я уже (?:говорил|писал|упоминал|объяснял)[аи]?)\b",
        )
        .expect("static pattern");
        ToldYouSo { pattern }
    }
}

impl Default for ToldYouSo {
    fn default() -> Self {
        Self::new()
    }
}

impl Analyzer for ToldYouSo {
    fn name(&self) -> &str {
        "defensive"
    }

    fn rules(&self) -> Vec<RuleMeta> {
        vec![RuleMeta {
            code: CODE.into(),
            name: "told-you-so".into(),
            category: Category::DEFENSIVE.into(),
            severity: Severity::Warning,
            summary: "Reminding the client that you already said it.".into(),
            why: "It scores a point instead of solving the problem: the client hears \"you \
                  didn't listen\". Restate what matters now, without the reproach."
                .into(),
            examples: vec![
                Example {
                    lang: Lang::En,
                    bad: "As I already told you, the backup must run nightly.".into(),
                    good: "The backup must run nightly; I'll set it up today at 6pm.".into(),
                },
                Example {
                    lang: Lang::Es,
                    bad: "Como ya le dije, hay que renovar la licencia.".into(),
                    good: "Hay que renovar la licencia; le envío el presupuesto el lunes.".into(),
                },
                Example {
                    lang: Lang::Ru,
                    bad: "Как я уже говорил, сервер нужно заменить.".into(),
                    good: "Сервер нужно заменить; пришлю смету в понедельник.".into(),
                },
            ],
            languages: Vec::new(),
            origin: "built-in: defensive".into(),
        }]
    }

    fn check(&self, doc: &Document, opts: &CheckOptions) -> Result<Vec<Finding>, String> {
        let mut out = Vec::new();
        for seg in doc.segments_to_check(&opts.skip) {
            let text = doc.slice(seg.span);
            for m in self.pattern.find_iter(text) {
                let span = Span::new(seg.span.start + m.start(), seg.span.start + m.end());
                out.push(
                    Finding::new(
                        CODE,
                        span,
                        "the client hears \"you didn't listen\": a reproach, not help",
                    )
                    .with_suggestion("state the point again plainly, as if for the first time"),
                );
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tactful_core::Format;

    fn hits(text: &str) -> Vec<String> {
        let doc = Document::plain(text, Format::Plain);
        ToldYouSo::new()
            .check(&doc, &CheckOptions::default())
            .unwrap()
            .iter()
            .map(|f| doc.slice(f.span).to_string())
            .collect()
    }

    #[test]
    fn flags_told_you_so_in_three_languages() {
        assert_eq!(
            hits("As I already told you, it's down."),
            ["As I already told you"]
        );
        assert_eq!(hits("Como ya le dije, no funciona."), ["Como ya le dije"]);
        assert_eq!(
            hits("Как я уже говорил, сервер упал."),
            ["Как я уже говорил"]
        );
    }

    #[test]
    fn stays_quiet_on_the_better_versions() {
        for ex in ToldYouSo::new().rules()[0].examples.iter() {
            assert!(hits(&ex.good).is_empty(), "{}", ex.good);
            assert_eq!(hits(&ex.bad).len(), 1, "{}", ex.bad);
        }
    }
}
