use serde::{Deserialize, Serialize};

use crate::document::Lang;
use crate::finding::Severity;

/// Categories of the built-in analyzers. Plugins and packs may add their own (any string).
pub struct Category;

impl Category {
    pub const DEFENSIVE: &'static str = "defensive";
    pub const BLAME: &'static str = "blame";
    pub const JARGON: &'static str = "jargon";
    pub const NEXT_STEPS: &'static str = "next-steps";
    pub const DELIVERY: &'static str = "delivery";
    /// Findings about tactful's own input: unknown codes in suppression comments and the like.
    pub const META: &'static str = "meta";
}

/// A bad sentence and a better one, in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Example {
    pub lang: Lang,
    pub bad: String,
    pub good: String,
}

/// Everything a user needs to know about a rule; `tactful rules`, `tactful explain`, SARIF
/// rule descriptors and the docs all read this one record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleMeta {
    /// Stable code, e.g. `DEF001`. Selection works by code, prefix or category.
    pub code: String,
    /// kebab-case name, e.g. `told-you-so`.
    pub name: String,
    pub category: String,
    pub severity: Severity,
    /// One line: what it flags.
    pub summary: String,
    /// Why it hurts the conversation with the client.
    pub why: String,
    #[serde(default)]
    pub examples: Vec<Example>,
    /// Languages the rule checks; empty means all.
    #[serde(default)]
    pub languages: Vec<Lang>,
    /// Where the rule is defined: `built-in`, a pack file, a plugin library.
    #[serde(default)]
    pub origin: String,
}

impl RuleMeta {
    pub fn applies_to(&self, lang: Option<Lang>) -> bool {
        match lang {
            Some(l) => self.languages.is_empty() || self.languages.contains(&l),
            None => true,
        }
    }

    /// The text `tactful explain CODE` prints.
    pub fn explain(&self) -> String {
        let mut out = format!(
            "{} ({}) [{}, default {}]\n\nWhat it flags\n  {}\n\nWhy it hurts\n  {}\n",
            self.code,
            self.name,
            self.category,
            self.severity,
            self.summary.trim(),
            self.why.trim().replace('\n', "\n  ")
        );
        if !self.examples.is_empty() {
            out.push_str("\nExamples\n");
            for ex in &self.examples {
                out.push_str(&format!(
                    "  [{}] bad:    {}\n  [{}] better: {}\n",
                    ex.lang,
                    ex.bad.trim(),
                    ex.lang,
                    ex.good.trim()
                ));
            }
        }
        if !self.origin.is_empty() {
            out.push_str(&format!("\nDefined in {}\n", self.origin));
        }
        out
    }
}
