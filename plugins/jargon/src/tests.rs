use super::*;
use tactful_core::{Format, Segment, SegmentKind};

fn doc(lang: Lang, text: &str) -> Document {
    let mut d = Document::plain(text, Format::Plain);
    d.lang = Some(lang);
    d
}

fn run(lang: Lang, text: &str, opts: &CheckOptions) -> Vec<(String, String)> {
    let d = doc(lang, text);
    analyzer()
        .check(&d, opts)
        .unwrap()
        .into_iter()
        .map(|f| (f.rule, d.slice(f.span).to_string()))
        .collect()
}

fn codes(lang: Lang, text: &str) -> Vec<String> {
    run(lang, text, &CheckOptions::default())
        .into_iter()
        .map(|(c, _)| c)
        .collect()
}

#[test]
fn the_prebuilt_lexicons_are_the_pack_files() {
    // build.rs names the files again; a pack missing there or out of order shows here.
    let set = tactful_match::PackSet::built_in(PACKS).unwrap();
    assert!(
        set.to_prebuilt().unwrap() == PREBUILT,
        "stale prebuilt lexicons"
    );
}

#[test]
fn built_in_packs_pass_every_pack_check() {
    // What a user's pack goes through; the run itself skips the pattern checks.
    let mut set = tactful_match::PackSet::new();
    for (origin, text) in PACKS {
        if let Err(e) = set.add_str(origin, text) {
            panic!("{e}");
        }
    }
}

#[test]
fn built_in_packs_pass_their_inline_examples() {
    let failures = analyzer().packs().test_examples();
    let listed: Vec<String> = failures.iter().map(|f| f.to_string()).collect();
    assert!(listed.is_empty(), "{}", listed.join("\n"));
}

#[test]
fn every_pack_finding_maps_to_a_public_code_with_a_suggestion() {
    let j = analyzer();
    let public: Vec<String> = j.rules().into_iter().map(|r| r.code).collect();
    assert_eq!(public, [TECHNICAL, CORPORATE, ACRONYM]);
    for r in j.packs().pack_rules() {
        assert!(r.suggestion.is_some(), "{} has no suggestion", r.code);
        assert!(j.public.contains_key(&r.code));
    }
    let f = j
        .check(
            &doc(Lang::En, "We will utilize the portal."),
            &CheckOptions::default(),
        )
        .unwrap();
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].rule, CORPORATE);
    assert_eq!(f[0].suggestion.as_deref(), Some("say “use”"));
}

#[test]
fn technical_and_corporate_jargon_in_three_languages() {
    assert_eq!(
        codes(Lang::En, "The hotfix is in production."),
        [TECHNICAL, TECHNICAL]
    );
    assert_eq!(codes(Lang::En, "Let's circle back next week."), [CORPORATE]);
    assert_eq!(
        codes(Lang::Es, "Ayer hicimos deploy en el backend."),
        [TECHNICAL, TECHNICAL]
    );
    assert_eq!(
        codes(Lang::Es, "En aras de avanzar, le escribo."),
        [CORPORATE]
    );
    assert_eq!(
        codes(Lang::Ru, "Баг пофиксили, задеплоим на прод."),
        [TECHNICAL; 4]
    );
    assert_eq!(
        codes(Lang::Ru, "В связи с вышеизложенным просим ответить."),
        [CORPORATE]
    );
    assert!(
        codes(
            Lang::En,
            "We put the fix live and will call you on Tuesday."
        )
        .is_empty()
    );
}

#[test]
fn technical_audience_keeps_only_corporate_jargon() {
    let opts = CheckOptions {
        audience: Audience::Technical,
        ..CheckOptions::default()
    };
    let text = "We will leverage the rollback plan; the API and the SLA stay as they are.";
    let got: Vec<String> = run(Lang::En, text, &opts)
        .into_iter()
        .map(|(c, _)| c)
        .collect();
    assert_eq!(got, [CORPORATE]);
    let general = codes(Lang::En, text);
    assert!(general.contains(&TECHNICAL.to_string()) && general.contains(&ACRONYM.to_string()));
}

#[test]
fn glossary_terms_are_never_flagged() {
    let opts = CheckOptions {
        glossary: vec!["Rollback".into(), "crm".into()],
        ..CheckOptions::default()
    };
    let got = run(
        Lang::En,
        "The rollback is done and the CRM is updated.",
        &opts,
    );
    assert!(got.is_empty(), "{got:?}");
    assert_eq!(
        codes(Lang::En, "The rollback is done and the CRM is updated.").len(),
        2
    );
}

#[test]
fn a_term_explained_once_is_not_flagged_anywhere_in_the_document() {
    let text = "We took a snapshot (a saved copy of the server). The snapshot is kept a week.";
    assert!(codes(Lang::En, text).is_empty());
    let text = "Сделаем откат, то есть вернём прошлую версию. Откат займёт час.";
    assert!(
        codes(Lang::Ru, text).is_empty(),
        "{:?}",
        codes(Lang::Ru, text)
    );
    // Explaining one term does not excuse another.
    assert_eq!(
        codes(
            Lang::En,
            "We took a snapshot (a saved copy). Then a rollback."
        ),
        [TECHNICAL]
    );
}

#[test]
fn acronyms_need_an_explanation_somewhere_in_the_document() {
    let flagged = |lang, t: &str| -> Vec<String> {
        run(lang, t, &CheckOptions::default())
            .into_iter()
            .filter(|(c, _)| c == ACRONYM)
            .map(|(_, s)| s)
            .collect()
    };
    assert_eq!(
        flagged(
            Lang::En,
            "Per the SLA we answer in an hour. SLA terms apply."
        ),
        ["SLA"]
    );
    assert!(
        flagged(
            Lang::En,
            "Our service level agreement (SLA) says one hour. The SLA is signed."
        )
        .is_empty()
    );
    assert!(
        flagged(
            Lang::En,
            "The SLA (our agreement on response times) is signed."
        )
        .is_empty()
    );
    assert!(
        flagged(
            Lang::En,
            "Under the service level agreement we answer fast; see the SLA."
        )
        .is_empty()
    );
    assert!(
        flagged(
            Lang::Es,
            "Según el Reglamento General de Protección de Datos, el RGPD obliga."
        )
        .is_empty()
    );
    assert!(flagged(Lang::Ru, "NPS, то есть индекс лояльности, вырос.").is_empty());
    assert_eq!(
        flagged(Lang::Ru, "По СЛА отвечаем за час, KPIs растут."),
        ["СЛА", "KPIs"]
    );
    // Known to everyone, emphasis, Roman numerals, shouting.
    assert!(
        flagged(
            Lang::En,
            "Send the PDF to the CEO by 5 PM, OK? Prices include VAT."
        )
        .is_empty()
    );
    assert!(flagged(Lang::En, "Please do NOT unplug it. Phase II starts in Q3.").is_empty());
    assert!(flagged(Lang::En, "IMPORTANT UPDATE FOR ALL CLIENTS\nThanks.").is_empty());
    assert!(flagged(Lang::Ru, "ООО «ЛУЧ» зарегистрировано в РФ, НДС включён.").is_empty());
    assert!(flagged(Lang::Es, "No lo apaguéis NUNCA, y NO lo desenchuféis.").is_empty());
}

#[test]
fn acronyms_in_addresses_file_names_products_and_signatures_are_names() {
    let none = |t: &str| {
        let got = run(Lang::En, t, &CheckOptions::default());
        assert!(got.is_empty(), "{t}: {got:?}");
    };
    none("Download https://x.example.com/API/DOCS.PDF or PRICES_V2.XLSX today.");
    none("Write to help@acme.io, the ACME team answers fast.");
    none("Log in to ORBIT, our scheduling app, today.");
    none("We moved to ZENO 2.1 last week.");
    let text = "Thanks for the order.\n\n-- \nAna, LUMEN Software\n";
    let mut d = doc(Lang::En, text);
    let sig = text.find("-- ").unwrap();
    d.segments = vec![
        Segment {
            kind: SegmentKind::Body,
            span: Span::new(0, 21),
        },
        Segment {
            kind: SegmentKind::Signature,
            span: Span::new(sig, text.len()),
        },
    ];
    assert!(
        analyzer()
            .check(&d, &CheckOptions::default())
            .unwrap()
            .is_empty()
    );
    d.text = "LUMEN ships tomorrow.\n\n-- \nAna, LUMEN Software\n".into();
    assert!(
        analyzer()
            .check(&d, &CheckOptions::default())
            .unwrap()
            .is_empty()
    );
}

#[test]
fn code_and_quoted_segments_are_skipped() {
    let text = "Plain words here.\n> we did a rollback of the API deploy\n";
    let mut d = doc(Lang::En, text);
    d.segments = vec![
        Segment {
            kind: SegmentKind::Body,
            span: Span::new(0, 17),
        },
        Segment {
            kind: SegmentKind::Quoted,
            span: Span::new(18, text.len()),
        },
    ];
    assert!(
        analyzer()
            .check(&d, &CheckOptions::default())
            .unwrap()
            .is_empty()
    );
}

#[test]
fn density_counts_jargon_per_hundred_authored_words() {
    let text = "We will leverage the portal and circle back soon with the full plan today ok";
    let d = doc(Lang::En, text);
    assert_eq!(authored_words(&d), 15);
    let j = analyzer();
    let diags: Vec<Diagnostic> = j
        .check(&d, &CheckOptions::default())
        .unwrap()
        .into_iter()
        .map(|f| Diagnostic {
            finding: f,
            rule_name: String::new(),
            category: Category::JARGON.into(),
            severity: Severity::Warning,
        })
        .collect();
    assert_eq!(diags.len(), 2);
    assert!((density(&d, &diags) - 200.0 / 15.0).abs() < 1e-9);
    assert_eq!(density(&doc(Lang::En, "   "), &diags), 0.0);
}

#[test]
fn the_explained_flag_alone_is_the_full_contexts() {
    let texts = [
        "We moved to a CDN (a network of servers near you) and the SLA, our service agreement, holds.",
        "La API, es decir la interfaz, y el KPI (indicador) cambian. ¿Y el ERP?",
        "Сделали откат (вернули прошлую версию), то есть NPS не изменится: «ЦОД» работает.",
        "\"Quoted rollback\" and a hotfix - not explained at all",
    ];
    let mut seen = [false; 2];
    for text in texts {
        let mut d = doc(Lang::En, text);
        d.segments = vec![Segment {
            kind: SegmentKind::Body,
            span: Span::new(0, text.len()),
        }];
        let starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        for (a, &s) in starts.iter().enumerate() {
            for &e in starts.iter().skip(a + 1).take(12) {
                let span = Span::new(s, e);
                let alone = explained_at_span(&d, span);
                assert_eq!(
                    alone,
                    tactful_match::context::context(&d, span).explained,
                    "{:?}",
                    &text[s..e]
                );
                seen[usize::from(alone)] = true;
            }
        }
    }
    assert_eq!(seen, [true, true]);
}

/// `explained_somewhere` as first written: a search of its own for every finding.
fn explained_somewhere_plain(
    doc: &Document,
    checked: &[Rc<Tokens>],
    keys: &str,
    span: Span,
) -> bool {
    let n = keys.split_whitespace().count();
    if n == 0 {
        return false;
    }
    for toks in checked {
        let mut from = 0;
        while let Some(pos) = toks.keys[from..].find(keys) {
            let at = from + pos;
            from = at + 1;
            let Some(first) = toks.token_at_key(at + 1) else {
                continue;
            };
            let Some(last) = toks.tokens.get(first + n - 1) else {
                continue;
            };
            let here = Span::new(toks.tokens[first].start, last.end);
            if here != span
                && (tactful_match::context::context(doc, here).explained
                    || explained_nearby(doc, here))
            {
                return true;
            }
        }
    }
    false
}

#[test]
fn remembered_occurrences_answer_as_a_search_per_finding() {
    let paras = [
        "We did a rollback tonight and the hotfix is ready.",
        "The rollback, which means going back to the old version, took an hour.",
        "Another hotfix and another rollback tomorrow; the deploy waits.",
        "A rollback (going back) again, and the deploy (publishing) too.",
    ];
    let text = paras.join("\n\n");
    let mut d = doc(Lang::En, &text);
    let mut pos = 0;
    for p in paras {
        d.segments.push(Segment {
            kind: SegmentKind::Body,
            span: Span::new(pos, pos + p.len()),
        });
        pos += p.len() + 2;
    }
    let tokens = DocumentTokens::new(&d);
    let checked: Vec<Rc<Tokens>> = d.segments.iter().map(|s| tokens.get(s.span)).collect();
    let mut ex = Explanations {
        checked: checked.clone(),
        occurrences: HashMap::new(),
    };
    let mut answers = [false; 2];
    // Every occurrence of each term, and a span that is none, asked twice in a row.
    for keys in [
        " rollback ",
        " hotfix ",
        " deploy ",
        " old version ",
        " nothing ",
    ] {
        let mut spans: Vec<Span> = occurrences(&checked, keys).iter().map(|o| o.0).collect();
        spans.push(Span::new(0, 2));
        for span in spans.iter().chain(spans.iter().rev()) {
            let remembered = ex.explained_somewhere(&d, keys.to_string(), *span);
            let plain = explained_somewhere_plain(&d, &checked, keys, *span);
            assert_eq!(remembered, plain, "{keys:?} at {span:?}");
            answers[usize::from(plain)] = true;
        }
    }
    assert_eq!(answers, [true, true]);
}
