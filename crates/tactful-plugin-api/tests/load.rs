//! Loading real plugin libraries: the example plugin, and broken builds of the fixture plugin.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use tactful_core::{Analyzer, CheckOptions, Document, Engine, Format, Policy};
use tactful_plugin_api::{ABI_VERSION, PluginError, load_plugin};

struct Libs {
    example: PathBuf,
    fixture: PathBuf,
    abi_past: PathBuf,
    abi_future: PathBuf,
    bad_metadata: PathBuf,
    describe_panics: PathBuf,
    no_symbol: PathBuf,
}

/// Builds every library once per test binary. The fixture is one crate whose features make
/// different broken libraries, so each build is copied aside before the next overwrites it.
fn libs() -> &'static Libs {
    static LIBS: OnceLock<Libs> = OnceLock::new();
    LIBS.get_or_init(|| {
        common::cargo_build(&["example-plugin"], None);
        let variant = |feature: Option<&str>| {
            common::cargo_build(&["tactful-plugin-fixture"], feature);
            let built = common::built_lib("tactful_plugin_fixture");
            let dir = common::profile_dir()
                .join("tactful-plugin-fixtures")
                .join(feature.unwrap_or("default"));
            std::fs::create_dir_all(&dir).unwrap();
            let dest = dir.join(common::lib_file("tactful_plugin_fixture"));
            // Copy then rename: a new file, never one rewritten while a process has it mapped.
            let tmp = dir.join("copying");
            std::fs::copy(&built, &tmp).unwrap();
            std::fs::rename(&tmp, &dest).unwrap();
            dest
        };
        Libs {
            example: common::built_lib("example_plugin"),
            fixture: variant(None),
            abi_past: variant(Some("abi-past")),
            abi_future: variant(Some("abi-future")),
            bad_metadata: variant(Some("bad-metadata")),
            describe_panics: variant(Some("describe-panics")),
            no_symbol: variant(Some("no-symbol")),
        }
    })
}

fn load_err(path: &Path) -> PluginError {
    match load_plugin(path) {
        Ok(a) => panic!("{} loaded as plugin {}", path.display(), a.name()),
        Err(e) => e,
    }
}

fn doc(text: &str) -> Document {
    Document::plain(text, Format::Plain)
}

#[test]
fn the_example_plugin_loads_and_finds_what_the_built_in_build_finds() {
    let plugin = load_plugin(&libs().example).unwrap();
    assert_eq!(plugin.name(), "shouting");

    let built_in = example_plugin::Shouting::new();
    let rules = plugin.rules();
    let codes: Vec<_> = rules.iter().map(|r| r.code.as_str()).collect();
    assert_eq!(codes, ["EXA001", "EXA002"]);
    for (dynamic, stat) in rules.iter().zip(built_in.rules()) {
        // The host stamps the origin; everything else crosses the boundary unchanged.
        assert_eq!(
            dynamic.origin,
            format!("plugin {}", libs().example.display())
        );
        assert_eq!(
            tactful_core::RuleMeta {
                origin: String::new(),
                ..dynamic.clone()
            },
            stat
        );
    }

    let opts = CheckOptions::default();
    for text in [
        "Hi Ana, PLEASE NOTE the new date?! Thanks.",
        "Мы НЕ ПОЛУЧИЛИ ОПЛАТУ!!",
        "¡¡POR FAVOR, revisen el documento!!",
        "All calm here.",
        "",
    ] {
        let d = doc(text);
        assert_eq!(
            plugin.check(&d, &opts).unwrap(),
            built_in.check(&d, &opts).unwrap(),
            "{text}"
        );
    }
    assert_eq!(
        plugin.check(&doc("PLEASE NOTE it?!"), &opts).unwrap().len(),
        2
    );
}

#[test]
fn a_loaded_plugin_runs_in_the_engine_like_any_analyzer() {
    let mut engine = Engine::new();
    engine.add(load_plugin(&libs().example).unwrap()).unwrap();
    let d = doc("We DO NOT SHIP on Fridays.\n<!-- tactful: ignore EXA002 -->\nReally?!");
    let report = engine.check(&d, &CheckOptions::default(), &Policy::default());
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let found: Vec<_> = report
        .diagnostics
        .iter()
        .map(|x| (x.finding.rule.as_str(), d.slice(x.finding.span)))
        .collect();
    assert_eq!(found, [("EXA001", "DO NOT SHIP")]);
    assert_eq!(engine.rule("all-caps-shouting").unwrap().code, "EXA001");
}

#[test]
fn a_missing_file_is_named() {
    let path = Path::new("/definitely/not/here/libnothing.so");
    let err = load_err(path);
    assert_eq!(err, PluginError::NotFound { path: path.into() });
    assert!(
        err.to_string()
            .contains("/definitely/not/here/libnothing.so")
    );
}

#[test]
fn a_file_that_is_not_a_library_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(common::lib_file("fake"));
    std::fs::write(&path, "this is a text file, not a shared library\n").unwrap();
    let err = load_err(&path);
    assert!(matches!(err, PluginError::NotALibrary { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains(&path.display().to_string()), "{msg}");
    assert!(msg.contains("not a loadable shared library"), "{msg}");
}

#[test]
fn a_library_without_the_symbol_is_not_a_plugin() {
    let err = load_err(&libs().no_symbol);
    assert_eq!(
        err,
        PluginError::MissingSymbol {
            path: libs().no_symbol.clone()
        }
    );
    let msg = err.to_string();
    assert!(msg.contains(&libs().no_symbol.display().to_string()));
    assert!(msg.contains("does not export `tactful_plugin`"), "{msg}");
}

#[test]
fn abi_versions_from_the_past_and_the_future_are_refused_with_advice() {
    let past = load_err(&libs().abi_past);
    assert_eq!(
        past,
        PluginError::AbiVersion {
            path: libs().abi_past.clone(),
            found: 0
        }
    );
    assert!(past.to_string().contains("older than the v1"), "{past}");
    assert!(past.to_string().contains("rebuild it"), "{past}");

    let future = load_err(&libs().abi_future);
    assert_eq!(
        future,
        PluginError::AbiVersion {
            path: libs().abi_future.clone(),
            found: ABI_VERSION + 1
        }
    );
    assert!(future.to_string().contains("newer than the v1"), "{future}");
    assert!(future.to_string().contains("upgrade tactful"), "{future}");
}

#[test]
fn rule_metadata_that_does_not_parse_is_refused() {
    let err = load_err(&libs().bad_metadata);
    assert!(matches!(err, PluginError::BadMetadata { .. }), "{err:?}");
    assert_eq!(err.path(), libs().bad_metadata);
    assert!(
        err.to_string().contains("rule metadata that is not valid"),
        "{err}"
    );
}

#[test]
fn a_plugin_that_panics_while_describing_itself_is_refused() {
    let err = load_err(&libs().describe_panics);
    assert_eq!(
        err,
        PluginError::DescribeFailed {
            path: libs().describe_panics.clone(),
            reason: "panicked: fixture cannot describe itself".into()
        }
    );
    assert!(
        err.to_string().contains("failed to describe its rules"),
        "{err}"
    );
}

#[test]
fn a_panic_in_a_plugin_fails_that_document_only() {
    let mut engine = Engine::new();
    engine.add(load_plugin(&libs().fixture).unwrap()).unwrap();
    engine.add(load_plugin(&libs().example).unwrap()).unwrap();
    let opts = CheckOptions::default();
    let policy = Policy::default();

    let report = engine.check(&doc("please panic NOW PLEASE!!"), &opts, &policy);
    assert_eq!(report.errors.len(), 1, "{:?}", report.errors);
    assert!(
        report.errors[0].contains("plugin fixture panicked: fixture asked to panic"),
        "{}",
        report.errors[0]
    );
    // The other analyzer still reported on the same document...
    let rules: Vec<_> = report
        .diagnostics
        .iter()
        .map(|d| d.finding.rule.as_str())
        .collect();
    assert_eq!(rules, ["EXA001", "EXA002"]);
    // ...and the plugin that panicked still works on the next one.
    let report = engine.check(&doc("calm words"), &opts, &policy);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(report.diagnostics[0].finding.rule, "FIX001");
}

#[test]
fn bad_output_from_a_plugin_is_rejected_not_trusted() {
    let plugin = load_plugin(&libs().fixture).unwrap();
    let opts = CheckOptions::default();
    let cases = [
        (
            "an error please",
            "plugin fixture failed: fixture asked to fail",
        ),
        (
            "malformed output",
            "returned findings that are not valid JSON",
        ),
        ("outside the text", "span 0..21 outside the text (16 bytes)"),
        ("split é here", "that splits a character"),
        (
            "undeclared rule",
            "reported rule \"DEF001\", which it does not declare",
        ),
    ];
    for (text, expected) in cases {
        let err = plugin.check(&doc(text), &opts).unwrap_err();
        assert!(err.contains(expected), "{text}: {err}");
    }
    let ok = plugin.check(&doc("valid words"), &opts).unwrap();
    assert_eq!(ok.len(), 1);
    assert_eq!(ok[0].span, tactful_core::Span::new(0, 5));
}

#[test]
fn one_plugin_serves_many_threads() {
    let plugin = load_plugin(&libs().example).unwrap();
    let opts = CheckOptions::default();
    std::thread::scope(|s| {
        for i in 0..4 {
            let (plugin, opts) = (&plugin, &opts);
            s.spawn(move || {
                for n in 0..50 {
                    let text = format!("Note {i}-{n}: PLEASE REPLY TODAY!!");
                    let findings = plugin.check(&doc(&text), opts).unwrap();
                    let words: Vec<_> = findings.iter().map(|f| &text[f.span.range()]).collect();
                    assert_eq!(words, ["PLEASE REPLY TODAY", "!!"]);
                }
            });
        }
    });
}
