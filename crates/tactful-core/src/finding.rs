use serde::{Deserialize, Serialize};

use crate::document::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
    pub fn from_name(name: &str) -> Option<Severity> {
        match name.trim().to_ascii_lowercase().as_str() {
            "info" | "hint" | "note" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// What an analyzer reports: a rule code, the exact words, and what to say about them.
/// Name, category and final severity come from the rule's [`crate::RuleMeta`] and the config.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub rule: String,
    pub span: Span,
    pub message: String,
    #[serde(default)]
    pub suggestion: Option<String>,
    /// Overrides the rule's default severity for this one finding (e.g. a milder variant).
    #[serde(default)]
    pub severity: Option<Severity>,
}

impl Finding {
    pub fn new(rule: impl Into<String>, span: Span, message: impl Into<String>) -> Self {
        Finding {
            rule: rule.into(),
            span,
            message: message.into(),
            suggestion: None,
            severity: None,
        }
    }
    pub fn with_suggestion(mut self, suggestion: impl Into<String>) -> Self {
        self.suggestion = Some(suggestion.into());
        self
    }

    /// The span must lie inside `text` and on character boundaries; anything an analyzer
    /// (or a plugin) returns is checked before it is trusted.
    pub fn check_span(&self, text: &str) -> Result<(), String> {
        let s = self.span;
        if s.start > s.end || s.end > text.len() {
            return Err(format!(
                "rule {} reported span {}..{} outside the text ({} bytes)",
                self.rule,
                s.start,
                s.end,
                text.len()
            ));
        }
        if !text.is_char_boundary(s.start) || !text.is_char_boundary(s.end) {
            return Err(format!(
                "rule {} reported span {}..{} that splits a character",
                self.rule, s.start, s.end
            ));
        }
        Ok(())
    }
}
