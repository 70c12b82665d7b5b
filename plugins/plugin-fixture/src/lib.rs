#![forbid(unsafe_code)]
//! A plugin that misbehaves on request, so the host's defences are tested against real
//! libraries. Built by `crates/tactful-plugin-api/tests`; not a plugin anyone should load.
//!
//! Default build: a valid plugin whose `check` does what the document's text asks for:
//! `panic`, `error`, `malformed` (JSON that does not parse), `outside` (a span past the end),
//! `split` (a span inside a character), `undeclared` (a rule it never declared); otherwise one
//! valid finding on the first word. Features give broken libraries: `abi-past`, `abi-future`
//! (wrong version), `bad-metadata` (rule metadata that does not parse), `describe-panics`,
//! `no-symbol`.

#[cfg(not(feature = "no-symbol"))]
mod plugin {
    use tactful_core::{Analyzer, CheckOptions, Document, Finding, RuleMeta, Severity, Span};
    use tactful_plugin_api::export::{RawPlugin, check_json, describe_json};

    const CODE: &str = "FIX001";

    struct Fixture;

    impl Analyzer for Fixture {
        fn name(&self) -> &str {
            "fixture"
        }

        fn rules(&self) -> Vec<RuleMeta> {
            vec![RuleMeta {
                code: CODE.into(),
                name: "fixture".into(),
                category: "test".into(),
                severity: Severity::Warning,
                summary: "Flags the first word, or misbehaves as the text asks.".into(),
                why: "Exercises the plugin host.".into(),
                examples: Vec::new(),
                languages: Vec::new(),
                origin: "built-in".into(),
            }]
        }

        fn check(&self, doc: &Document, _: &CheckOptions) -> Result<Vec<Finding>, String> {
            let text = &doc.text;
            let span = if text.contains("panic") {
                panic!("fixture asked to panic");
            } else if text.contains("error") {
                return Err("fixture asked to fail".into());
            } else if text.contains("outside") {
                Span::new(0, text.len() + 5)
            } else if let Some((i, c)) = text.char_indices().find(|(_, c)| c.len_utf8() > 1)
                && text.contains("split")
            {
                Span::new(i, i + c.len_utf8() - 1)
            } else {
                Span::new(0, text.find(' ').unwrap_or(text.len()))
            };
            let rule = if text.contains("undeclared") {
                "DEF001"
            } else {
                CODE
            };
            Ok(vec![Finding::new(rule, span, "fixture finding")])
        }
    }

    struct Export;

    impl RawPlugin for Export {
        const ABI_VERSION: u32 = if cfg!(feature = "abi-future") {
            tactful_plugin_api::ABI_VERSION + 1
        } else if cfg!(feature = "abi-past") {
            0
        } else {
            tactful_plugin_api::ABI_VERSION
        };

        fn describe() -> Result<Vec<u8>, String> {
            if cfg!(feature = "describe-panics") {
                panic!("fixture cannot describe itself");
            } else if cfg!(feature = "bad-metadata") {
                Ok(br#"{"name": "fixture", "rules": [{"code": 5}]}"#.to_vec())
            } else {
                describe_json(&Fixture)
            }
        }

        fn check(input: &[u8]) -> Result<Vec<u8>, String> {
            let json = check_json(&Fixture, input)?;
            if String::from_utf8_lossy(input).contains("malformed") {
                Ok(br#"[{"rule": "FIX001", "span": {"start": 0"#.to_vec())
            } else {
                Ok(json)
            }
        }
    }

    tactful_plugin_api::export_raw_plugin!(Export);
}
