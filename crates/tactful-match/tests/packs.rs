//! Rule packs end to end: the example pack, located errors, example checking, overrides.

use tactful_core::{Analyzer, Audience, CheckOptions, Document, Format, Lang, Severity};
use tactful_match::{Expected, PackAnalyzer, PackSet, test_packs};

const EXAMPLE: &str = include_str!("packs/example.toml");

fn analyzer(sources: &[(&str, &str)]) -> PackAnalyzer {
    PackAnalyzer::from_sources("test", sources).unwrap_or_else(|e| panic!("{e}"))
}

fn doc(text: &str, lang: Lang) -> Document {
    let mut d = Document::plain(text, Format::Plain);
    d.lang = Some(lang);
    d
}

fn fired(a: &PackAnalyzer, text: &str, lang: Lang, opts: &CheckOptions) -> Vec<(String, String)> {
    let d = doc(text, lang);
    a.check(&d, opts)
        .unwrap()
        .into_iter()
        .map(|f| (f.rule, d.slice(f.span).to_string()))
        .collect()
}

#[test]
fn the_example_pack_passes_its_own_examples() {
    let mut set = PackSet::new();
    set.add_str("tests/packs/example.toml", EXAMPLE).unwrap();
    let failures = test_packs(&set).unwrap();
    assert!(
        failures.is_empty(),
        "{}",
        failures
            .iter()
            .map(|f| f.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert_eq!(set.rules().len(), 4);
}

#[test]
fn findings_carry_the_message_suggestion_and_exact_span() {
    let a = analyzer(&[("example.toml", EXAMPLE)]);
    let d = doc("Hello.\nAs I  already\nsaid, the fix is live.", Lang::En);
    let f = a.check(&d, &CheckOptions::default()).unwrap();
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].rule, "EXA001");
    assert_eq!(d.slice(f[0].span), "As I  already\nsaid");
    assert_eq!(
        f[0].message,
        "“As I already said” tells the client they should have listened."
    );
    assert!(f[0].suggestion.as_deref().unwrap().starts_with("Restate"));
}

#[test]
fn rule_metadata_comes_from_the_pack() {
    let a = analyzer(&[("packs/example.toml", EXAMPLE)]);
    let rules = a.rules();
    let r = rules.iter().find(|r| r.code == "EXA001").unwrap();
    assert_eq!(r.name, "told-you-so");
    assert_eq!(r.languages, vec![Lang::En, Lang::Es, Lang::Ru]);
    assert_eq!(r.origin, "pack example (packs/example.toml)");
    let en: Vec<_> = r.examples.iter().filter(|e| e.lang == Lang::En).collect();
    assert_eq!(en.len(), 2);
    assert_eq!(en[0].bad, "As I already said, the export runs at night.");
    // Spanish has two bad examples and one good: the good one is repeated.
    let es: Vec<_> = r.examples.iter().filter(|e| e.lang == Lang::Es).collect();
    assert_eq!(es.len(), 2);
    assert_eq!(es[0].good, es[1].good);
    assert!(
        r.explain()
            .contains("Pointing back at what you already said")
    );
    let e2 = rules.iter().find(|r| r.code == "EXA002").unwrap();
    assert_eq!(e2.severity, Severity::Error);
    assert_eq!(e2.languages, vec![Lang::Ru]);
}

#[test]
fn context_hooks_cancel_matches_as_the_rule_asks() {
    let a = analyzer(&[("example.toml", EXAMPLE)]);
    let o = CheckOptions::default();
    assert_eq!(
        fired(&a, "Отчёт задержался по вашей вине.", Lang::Ru, &o).len(),
        1
    );
    assert!(fired(&a, "Отчёт задержался не по вашей вине.", Lang::Ru, &o).is_empty());
    assert!(fired(&a, "Отчёт задержался по вашей вине?", Lang::Ru, &o).is_empty());
    // EXA001 does not list `negated`: a negated told-you-so still fires.
    assert_eq!(
        fired(
            &a,
            "Not as I already said, but as I previously mentioned.",
            Lang::En,
            &o
        )
        .len(),
        2
    );
    assert!(
        fired(
            &a,
            "The client wrote that, as I already said, it works.",
            Lang::En,
            &o
        )
        .is_empty()
    );
}

#[test]
fn exceptions_cancel_overlapping_or_same_sentence_matches() {
    let a = analyzer(&[("example.toml", EXAMPLE)]);
    let o = CheckOptions::default();
    assert!(fired(&a, "Из-за вас мы волновались.", Lang::Ru, &o).is_empty());
    assert_eq!(fired(&a, "Из-за вас всё сломалось.", Lang::Ru, &o).len(), 1);
    let s = "Usted debería haber llamado. Nosotros deberíamos haber revisado.";
    assert_eq!(
        fired(&a, s, Lang::Es, &o).len(),
        1,
        "the exception is in another sentence"
    );
    let s = "Usted debería haber llamado y nosotros deberíamos haber revisado.";
    assert!(fired(&a, s, Lang::Es, &o).is_empty());
}

#[test]
fn audience_and_glossary_silence_jargon() {
    let a = analyzer(&[("example.toml", EXAMPLE)]);
    let text = "We deployed to prod and shipped a hotfix.";
    assert_eq!(fired(&a, text, Lang::En, &CheckOptions::default()).len(), 2);
    let tech = CheckOptions {
        audience: Audience::Technical,
        ..CheckOptions::default()
    };
    assert!(fired(&a, text, Lang::En, &tech).is_empty());
    let glossary = CheckOptions {
        glossary: vec!["Hotfix".into()],
        ..CheckOptions::default()
    };
    assert_eq!(
        fired(&a, text, Lang::En, &glossary),
        vec![("EXA004".to_string(), "deployed to prod".to_string())]
    );
}

#[test]
fn a_document_of_unknown_language_is_read_with_every_language() {
    let a = analyzer(&[("example.toml", EXAMPLE)]);
    let d = Document::plain("Per my last email. Как я уже говорил.", Format::Plain);
    assert_eq!(a.check(&d, &CheckOptions::default()).unwrap().len(), 2);
    // A known language reads only its own rules.
    assert_eq!(
        fired(
            &a,
            "Per my last email. Как я уже говорил.",
            Lang::En,
            &CheckOptions::default()
        )
        .len(),
        1
    );
}

#[test]
fn the_analyzer_is_shared_across_threads() {
    let a = analyzer(&[("example.toml", EXAMPLE)]);
    std::thread::scope(|s| {
        for text in ["Per my last email, yes.", "Per my previous message, no."] {
            let a = &a;
            s.spawn(move || {
                assert_eq!(fired(a, text, Lang::En, &CheckOptions::default()).len(), 1)
            });
        }
    });
}

// ---- errors ----

fn load_err(text: &str) -> String {
    let mut set = PackSet::new();
    set.add_str("team.toml", text)
        .map(|_| ())
        .unwrap_err()
        .to_string()
}

const HEAD: &str = "[pack]\nname = \"team\"\nlanguages = [\"en\"]\n";

fn rule(body: &str) -> String {
    format!(
        "{HEAD}\n[[rule]]\ncode = \"T1\"\ncategory = \"jargon\"\nmessage = \"m\"\nwhy = \"w\"\n{body}\n"
    )
}

#[test]
fn toml_syntax_and_unknown_fields_are_located() {
    let e = load_err("[pack]\nname = \"x\"\n[[rule]]\ncode = \n");
    assert!(e.starts_with("team.toml:4:"), "{e}");
    let e = load_err(&rule("patterns = [\"a\"]\npaterns = [\"b\"]"));
    assert!(e.starts_with("team.toml:11:1:"), "{e}");
    assert!(e.contains("unknown field `paterns`"), "{e}");
    let e = load_err("[pack]\nversion = \"1\"\n");
    assert!(e.contains("missing field `name`"), "{e}");
}

#[test]
fn bad_values_are_located_at_the_value() {
    let e = load_err(&rule("patterns = [\"a\"]\nseverity = \"loud\""));
    assert!(
        e.starts_with("team.toml:11:12:") && e.contains("unknown severity `loud`"),
        "{e}"
    );
    let e = load_err(&rule("patterns = [\"a\"]\nlang = [\"en\", \"fr\"]"));
    assert!(
        e.starts_with("team.toml:11:15:") && e.contains("unknown language `fr`"),
        "{e}"
    );
    let e = load_err(&rule("patterns = [\"a\"]\nunless = [\"negative\"]"));
    assert!(
        e.starts_with("team.toml:11:11:") && e.contains("unknown context `negative`"),
        "{e}"
    );
    let e = load_err(&rule("patterns = [\"ok\", \"as I (said\"]"));
    assert!(
        e.starts_with("team.toml:10:19:") && e.contains("never closed"),
        "{e}"
    );
    let e = load_err(&rule("regex = ['(unclosed']"));
    assert!(e.starts_with("team.toml:10:10:"), "{e}");
}

#[test]
fn missing_fields_and_patterns_that_never_match_are_reported_together() {
    let e = load_err(&format!(
        "{HEAD}\n[[rule]]\ncode = \"T1\"\npatterns = [\"a\"]\n"
    ));
    assert!(e.contains("team.toml:5:1: rule T1 has no `message`"), "{e}");
    assert!(
        e.contains("rule T1 has no `why`") && e.contains("rule T1 has no `category`"),
        "{e}"
    );
    let e = load_err(&rule("patterns = []"));
    assert!(e.contains("has no `patterns`"), "{e}");
    let e = load_err(&rule(
        "patterns = [\"[maybe]\", \"* *\", \"you should\"]\nexceptions = [\"you should\"]",
    ));
    assert_eq!(e.lines().count(), 3, "{e}");
    assert!(
        e.contains("would match an empty phrase") && e.contains("wildcards"),
        "{e}"
    );
    assert!(
        e.contains("team.toml:10:31:") && e.contains("`you should` can never fire"),
        "{e}"
    );
}

#[test]
fn a_built_in_pack_is_checked_on_first_use_not_at_load() {
    let text = rule(
        "patterns = [\"as I (said\", \"per my last email\"]\nbad = [\"Per my last email, no.\"]",
    );
    assert!(load_err(&text).contains("never closed"));
    let mut set = PackSet::new();
    set.add_built_in("built-in:team.toml", &text).unwrap();
    let a = set.build("packs").unwrap();
    let err = a.check(
        &doc("Per my last email, no.", Lang::En),
        &CheckOptions::default(),
    );
    let err = err.unwrap_err();
    assert!(
        err.contains("team.toml:") && err.contains("never closed"),
        "{err}"
    );
    // Its examples fail with the reason instead of passing unchecked.
    let failures = a.test_examples();
    assert_eq!(failures.len(), 1);
    assert!(failures[0].got[0].contains("never closed"));
    // Each language compiles on its own: a Spanish document is not affected.
    assert!(
        a.check(&doc("Como ya dije.", Lang::Es), &CheckOptions::default())
            .unwrap()
            .is_empty()
    );
}

#[test]
fn duplicate_codes_name_both_places_and_leave_the_set_unchanged() {
    let mut set = PackSet::new();
    set.add_str("a.toml", &rule("patterns = [\"a\"]")).unwrap();
    let e = set
        .add_str("b.toml", &rule("patterns = [\"b\"]"))
        .map(|_| ())
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("b.toml:5:1: duplicate rule code T1: already defined at a.toml:5:1"),
        "{e}"
    );
    assert_eq!(set.packs().len(), 1);
    let twice = format!(
        "{}\n[[rule]]\ncode = \"T1\"\ncategory = \"c\"\nmessage = \"m\"\nwhy = \"w\"\npatterns = [\"x\"]\n",
        rule("patterns = [\"a\"]")
    );
    let e = load_err(&twice);
    assert!(e.contains("team.toml:12:1: duplicate rule code T1"), "{e}");
}

#[test]
fn examples_that_contradict_their_rule_are_reported_with_their_place() {
    let mut set = PackSet::new();
    set.add_str(
        "team.toml",
        &rule("patterns = [\"circle back\"]\nbad = [\"Let's touch base.\", \"We will circle back.\"]\ngood = [\"Circle back later?\"]"),
    )
    .unwrap();
    let failures = test_packs(&set).unwrap();
    assert_eq!(failures.len(), 2, "{failures:?}");
    assert_eq!(failures[0].expected, Expected::Fires);
    assert_eq!(failures[0].text, "Let's touch base.");
    assert_eq!(
        (failures[0].location.line, failures[0].location.column),
        (11, 8)
    );
    assert_eq!(failures[1].expected, Expected::Silent);
    assert_eq!(failures[1].got, vec!["Circle back".to_string()]);
    assert!(
        failures[1].to_string().starts_with(
            "team.toml:12:9: pack team, rule T1 [en]: good example fired on \"Circle back\""
        ),
        "{}",
        failures[1]
    );
    // A rule with no bad example for one of its languages is reported too.
    let mut set = PackSet::new();
    set.add_str("team.toml", &rule("patterns = [\"circle back\"]"))
        .unwrap();
    let failures = test_packs(&set).unwrap();
    assert_eq!(failures.len(), 1);
    assert_eq!(failures[0].expected, Expected::AnExample);
}

#[test]
fn a_later_pack_overrides_or_switches_off_a_rule() {
    let mut set = PackSet::new();
    set.add_str("built-in:example.toml", EXAMPLE).unwrap();
    set.add_str(
        "team.toml",
        "[pack]\nname = \"team\"\n\
         [[rule]]\noverrides = \"EXA004\"\nseverity = \"warning\"\npatterns = [\"deploy~ to prod\"]\n\
         [[rule]]\ncode = \"EXA002\"\nenabled = false\n\
         [[rule]]\ncode = \"DEF001\"\nenabled = false\n\
         [[rule]]\ncode = \"TEAM1\"\noverrides = \"EXA001\"\nlang = \"en\"\ncategory = \"defensive\"\n\
         patterns = [\"as discussed\"]\nmessage = \"m\"\nwhy = \"w\"\nbad = [\"As discussed, no.\"]\n",
    )
    .unwrap();
    let codes: Vec<&str> = set.rules().iter().map(|r| r.code.as_str()).collect();
    assert_eq!(codes, vec!["EXA003", "EXA004", "TEAM1"]);
    assert_eq!(set.external_overrides(), &["DEF001".to_string()]);
    let a = set.build("packs").unwrap();
    let meta = a.rules();
    let exa4 = meta.iter().find(|r| r.code == "EXA004").unwrap();
    // Inherited everything but the severity and exceptions.
    assert_eq!(exa4.severity, Severity::Warning);
    assert_eq!(exa4.name, "deploy-jargon");
    assert_eq!(exa4.origin, "pack team (team.toml)");
    let o = CheckOptions::default();
    assert_eq!(
        fired(&a, "We deployed to prod a hotfix.", Lang::En, &o),
        vec![("EXA004".to_string(), "deployed to prod".to_string())]
    );
    assert!(fired(&a, "По вашей вине.", Lang::Ru, &o).is_empty());
    assert_eq!(
        fired(&a, "As discussed, as I already said.", Lang::En, &o).len(),
        1
    );
    // The override's own examples are checked; the inherited ones still hold.
    let failures = a.test_examples();
    assert!(failures.is_empty(), "{failures:?}");
}

#[test]
fn the_documented_example_loads_and_passes_its_examples() {
    let doc = include_str!("../../../docs/rule-packs.md");
    let start = doc.find("## A complete example").unwrap();
    let block = &doc[start..];
    let open = block.find("```toml\n").unwrap() + "```toml\n".len();
    let close = open + block[open..].find("```").unwrap();
    let mut set = PackSet::new();
    set.add_str("docs/rule-packs.md", &block[open..close])
        .unwrap_or_else(|e| panic!("{e}"));
    let failures = test_packs(&set).unwrap();
    assert!(failures.is_empty(), "{failures:#?}");
    assert_eq!(set.external_overrides(), &["DEF003".to_string()]);
    let acme1 = set.rules().iter().find(|r| r.code == "ACME001").unwrap();
    assert_eq!(acme1.severity, Severity::Info);
}

#[test]
fn a_prebuilt_set_reads_back_as_the_same_rules_and_findings() {
    let mut set = PackSet::new();
    set.add_built_in("example.toml", EXAMPLE).unwrap();
    let prebuilt: &'static [u8] = set.to_prebuilt().unwrap().leak();
    let direct = set.build("test").unwrap();
    let read = PackAnalyzer::from_prebuilt("test", prebuilt).unwrap();
    assert_eq!(read.pack_rules(), set.rules());
    assert_eq!(read.packs(), set.packs());
    assert_eq!(read.rules(), direct.rules());
    let text = "Hello.\nAs I  already\nsaid, the fix is live.";
    let opts = CheckOptions::default();
    assert_eq!(
        fired(&read, text, Lang::En, &opts),
        fired(&direct, text, Lang::En, &opts)
    );
    assert_eq!(fired(&read, text, Lang::En, &opts).len(), 1);
    // Cut short, or with a matcher section that is not one.
    let cut: &'static [u8] = prebuilt[..prebuilt.len() - 1].to_vec().leak();
    assert!(
        PackAnalyzer::from_prebuilt("test", cut)
            .unwrap_err()
            .contains("unreadable")
    );
    let mut garbled = prebuilt.to_vec();
    let set_len = u64::from_le_bytes(garbled[..8].try_into().unwrap()) as usize;
    let en = 8 + set_len;
    let en_len = u64::from_le_bytes(garbled[en..en + 8].try_into().unwrap()) as usize;
    garbled[en + 8..en + 8 + en_len].fill(0xff);
    let garbled = PackAnalyzer::from_prebuilt("test", garbled.leak()).unwrap();
    let mut doc = Document::plain(text, Format::Plain);
    doc.lang = Some(Lang::En);
    assert!(
        garbled
            .check(&doc, &opts)
            .unwrap_err()
            .contains("unreadable")
    );
}
