//! End-to-end parsing of the fixtures in tests/fixtures (written for this project) and of
//! bad input, with the document invariants every parser must keep.

use std::path::Path;

use tactful_core::{Document, Format, Lang, LanguageStatus, SegmentKind};
use tactful_ingest::{MboxReader, ParseError, ParseOptions, detect_format, parse, text_without};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
    .expect("fixture exists")
}

fn parse_file(name: &str) -> Vec<Document> {
    let bytes = fixture(name);
    let format = detect_format(Some(Path::new(name)), &bytes);
    let docs = parse(&bytes, format, &ParseOptions::default()).expect("parses");
    for d in &docs {
        check_invariants(d);
    }
    docs
}

/// Segments in order, not overlapping, non-empty, trimmed, on char boundaries; sentences
/// likewise and inside authored segments.
fn check_invariants(d: &Document) {
    let mut last = 0;
    for s in &d.segments {
        assert!(s.span.start >= last, "overlap or disorder at {:?}", s);
        assert!(s.span.start < s.span.end && s.span.end <= d.text.len());
        assert!(d.text.is_char_boundary(s.span.start) && d.text.is_char_boundary(s.span.end));
        let t = d.slice(s.span);
        assert_eq!(t, t.trim(), "untrimmed segment {:?}", s);
        last = s.span.end;
    }
    let mut last = 0;
    for s in &d.sentences {
        assert!(s.start >= last && s.start < s.end);
        let seg = d.segment_at(s.start).expect("sentence inside a segment");
        assert!(seg.kind.is_authored() && seg.span.contains(*s));
        last = s.end;
    }
}

fn kinds_text(d: &Document, kind: SegmentKind) -> String {
    d.segments
        .iter()
        .filter(|s| s.kind == kind)
        .map(|s| d.slice(s.span))
        .collect::<Vec<_>>()
        .join("\n")
}

fn authored(d: &Document) -> String {
    let parts: Vec<&str> = d
        .segments
        .iter()
        .filter(|s| s.kind.is_authored())
        .map(|s| d.slice(s.span))
        .collect();
    parts
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn quoted_printable_english_reply_splits_quote_and_signature() {
    let d = &parse_file("reply_en_qp.eml")[0];
    let meta = d.email.as_ref().unwrap();
    assert_eq!(meta.from.as_deref(), Some("Ana Pérez <ana@example.com>"));
    assert_eq!(meta.message_id.as_deref(), Some("en-1@example.com"));
    assert_eq!(meta.subject.as_deref(), Some("Re: Estimate"));
    assert_eq!(
        (d.lang, d.language_status),
        (Some(Lang::En), LanguageStatus::Detected)
    );
    assert_eq!(
        authored(d),
        "Hi Maria, Thanks for the quick answer. I'll send the revised estimate by Friday, e.g. \
         with the new hosting costs included. Let's talk at 10.30 tomorrow. Best regards,"
    );
    assert_eq!(
        kinds_text(d, SegmentKind::Signature),
        "Ana Pérez\nAccount Manager\n+34 600 000 000"
    );
    assert!(kinds_text(d, SegmentKind::Quoted).starts_with("On Mon, 3 Mar 2025"));
    let sentences: Vec<&str> = d.sentences.iter().map(|s| d.slice(*s)).collect();
    assert!(
        sentences.contains(&"Let's talk at 10.30 tomorrow."),
        "{sentences:?}"
    );
    // QP-decoded text is not a verbatim slice of the file.
    assert_eq!(d.line_offset, 0);
}

#[test]
fn windows_1252_spanish_reply_with_outlook_block() {
    let d = &parse_file("reply_es_outlook_cp1252.eml")[0];
    assert_eq!(
        d.email.as_ref().unwrap().from.as_deref(),
        Some("Lucía Gómez <lucia@example.es>")
    );
    assert_eq!(
        (d.lang, d.language_status),
        (Some(Lang::Es), LanguageStatus::Detected)
    );
    assert!(authored(d).starts_with("Hola Juan: Te envío el informe revisado, p. ej. con"));
    assert!(authored(d).ends_with("Saludos cordiales,"));
    let quoted = kinds_text(d, SegmentKind::Quoted);
    assert!(quoted.contains("De: Juan Martín") && quoted.ends_with("¿tienes el informe?"));
    assert!(kinds_text(d, SegmentKind::Signature).starts_with("Lucía Gómez"));
    let sentences: Vec<&str> = d.sentences.iter().map(|s| d.slice(*s)).collect();
    assert!(
        sentences.contains(&"¿Podemos hablar el jueves?"),
        "{sentences:?}"
    );
}

#[test]
fn koi8r_base64_russian_reply() {
    let d = &parse_file("reply_ru_koi8_base64.eml")[0];
    let meta = d.email.as_ref().unwrap();
    assert_eq!(meta.subject.as_deref(), Some("Re: План"));
    assert_eq!(d.lang, Some(Lang::Ru));
    assert_eq!(
        authored(d),
        "Добрый день, Олег! Отправляю обновлённый план работ, т. е. с учётом новых сроков. \
         Прошу подтвердить до пятницы. С уважением,"
    );
    assert!(kinds_text(d, SegmentKind::Quoted).contains("пишет:\n> Когда будет план?"));
    let sentences: Vec<&str> = d.sentences.iter().map(|s| d.slice(*s)).collect();
    assert!(sentences[1].contains("т. е. с учётом"), "{sentences:?}");
}

#[test]
fn mbox_messages_are_documents_with_their_index_and_metadata() {
    let docs = parse_file("mixed.mbox");
    assert_eq!(docs.len(), 3);
    for (i, d) in docs.iter().enumerate() {
        assert_eq!(d.email.as_ref().unwrap().index, i);
        assert_eq!(d.format, Format::Mbox);
    }
    // windows-1251 8bit body, Outlook "Original Message" block.
    assert_eq!(
        docs[0].email.as_ref().unwrap().subject.as_deref(),
        Some("Отчёт")
    );
    assert_eq!(
        authored(&docs[0]),
        "Коллеги, добрый день. Прошу прислать отчёт сегодня."
    );
    assert!(kinds_text(&docs[0], SegmentKind::Quoted).starts_with("-----Original Message-----"));
    // HTML-only, base64: converted, the Gmail quote found through its blockquote.
    assert_eq!(
        authored(&docs[1]),
        "Hi team, The release moved to Thursday. Please update the client & the board."
    );
    assert!(docs[1].notices.iter().any(|n| n.contains("HTML")));
    assert!(
        kinds_text(&docs[1], SegmentKind::Quoted).contains("> Is the release still on Tuesday?")
    );
    // Mobile signature, forwarded message; the body is verbatim, so its lines match the file.
    assert_eq!(authored(&docs[2]), "Sounds good, see you then.");
    assert_eq!(
        kinds_text(&docs[2], SegmentKind::Signature),
        "Sent from my iPhone"
    );
    assert!(kinds_text(&docs[2], SegmentKind::Quoted).starts_with("Begin forwarded message:"));
    let file = String::from_utf8_lossy(&fixture("mixed.mbox")).into_owned();
    let line = file.lines().nth(docs[2].line_offset).unwrap();
    assert_eq!(line, "Sounds good, see you then.");
}

#[test]
fn streaming_reader_yields_the_same_messages_one_at_a_time() {
    let bytes = fixture("mixed.mbox");
    let msgs: Vec<_> = MboxReader::new(std::io::BufReader::new(&bytes[..]))
        .map(Result::unwrap)
        .collect();
    assert_eq!(msgs.len(), 3);
    assert!(msgs[1].from_line.starts_with("From bob@example.com"));
    assert!(msgs[2].bytes.starts_with(b"From: Dan"));
}

#[test]
fn markdown_code_links_comments_and_front_matter_are_not_prose() {
    let d = &parse_file("notes.md")[0];
    let kinds: Vec<(SegmentKind, &str)> = d
        .segments
        .iter()
        .map(|s| (s.kind, d.slice(s.span)))
        .collect();
    assert_eq!(kinds[0].0, SegmentKind::Header);
    assert_eq!(kinds[1], (SegmentKind::Heading, "Weekly sync"));
    // Inline code splits the paragraph into Body, Code, Body.
    assert_eq!(kinds[2], (SegmentKind::Body, "We agreed to ship the"));
    assert_eq!(kinds[3], (SegmentKind::Code, "`export`"));
    assert!(kinds.contains(&(SegmentKind::Code, "https://example.com/roadmap")));
    assert!(kinds.contains(&(SegmentKind::ListItem, "Ana will send the estimate.")));
    assert!(kinds.contains(&(SegmentKind::Code, "```sh\ncargo test\n```")));
    assert!(kinds.contains(&(SegmentKind::Markup, "<!-- tactful: ignore DEF001 -->")));
    assert!(kinds.contains(&(
        SegmentKind::Quoted,
        "> Quoted from the client: we need it sooner."
    )));
    assert!(!authored(d).contains("cargo test") && !authored(d).contains("roadmap"));
}

#[test]
fn meeting_notes_have_speaker_turns() {
    let d = &parse_file("meeting.txt")[0];
    let turns: Vec<&str> = d
        .segments
        .iter()
        .filter(|s| s.kind == SegmentKind::Turn)
        .map(|s| d.slice(s.span))
        .collect();
    assert_eq!(turns.len(), 3);
    assert!(turns[1].starts_with("Bob:") && turns[1].ends_with("ask them today."));
    assert!(turns[2].starts_with("[00:12:30] Carol:"));
    assert!(
        d.segments
            .iter()
            .any(|s| s.kind == SegmentKind::Body && d.slice(s.span).starts_with("Next steps:"))
    );
}

#[test]
fn formats_are_detected_by_extension_then_content() {
    let mbox = fixture("mixed.mbox");
    let eml = fixture("reply_en_qp.eml");
    assert_eq!(
        detect_format(Some(Path::new("a.MD")), b"From: x\n"),
        Format::Markdown
    );
    assert_eq!(detect_format(Some(Path::new("mail")), &mbox), Format::Mbox);
    assert_eq!(detect_format(None, &eml), Format::Eml);
    assert_eq!(detect_format(Some(Path::new("1.")), &eml), Format::Eml);
    assert_eq!(detect_format(None, b"# Title\n\nFrom: me\n"), Format::Plain);
    assert_eq!(detect_format(None, b"Note: hello\nTo: do\n"), Format::Plain);
}

#[test]
fn bad_input_is_an_error_or_an_empty_document_never_a_panic() {
    let opts = ParseOptions::default();
    for format in [Format::Plain, Format::Markdown] {
        for input in [&b""[..], b" \n\t\n"] {
            let d = &parse(input, format, &opts).unwrap()[0];
            assert!(d.segments.is_empty() && d.sentences.is_empty());
            assert_eq!(d.language_status, LanguageStatus::Unknown);
        }
    }
    assert_eq!(
        parse(b"\x89PNG\r\n\x1a\n\0\0", Format::Plain, &opts),
        Err(ParseError::Binary)
    );
    assert_eq!(
        parse(b"From: a\n\0\0", Format::Eml, &opts),
        Err(ParseError::Binary)
    );
    // An empty message has nothing to check: an empty document that says so, not an error.
    let empty = parse(b"  \n", Format::Eml, &opts).unwrap();
    assert!(empty[0].text.is_empty() && empty[0].notices[0].contains("empty message"));
    // Invalid UTF-8 is decoded with a notice, not rejected.
    let d = &parse(
        b"Caf\xe9 con leche, por favor, ma\xf1ana a las diez.",
        Format::Plain,
        &opts,
    )
    .unwrap()[0];
    assert!(d.text.starts_with("Café"), "{}", d.text);
    assert!(!d.notices.is_empty());
    // Declared UTF-8 that is not: detected instead of replacement characters.
    let mail = b"From: a@x\nSubject: s\nContent-Type: text/plain; charset=utf-8\n\nSe\xf1or, el pedido lleg\xf3 tarde otra vez.\n";
    let d = &parse(mail, Format::Eml, &opts).unwrap()[0];
    assert!(
        d.text.contains("Señor") && !d.text.contains('\u{FFFD}'),
        "{}",
        d.text
    );
    assert!(d.notices.iter().any(|n| n.contains("not valid")));
    // Unknown charset, missing closing boundary: best effort with notices.
    let mail = b"From: a@x\nContent-Type: multipart/alternative; boundary=XX\n\n--XX\nContent-Type: text/plain; charset=x-unknown-9\n\nHello there, the plan is ready.\n";
    let d = &parse(mail, Format::Eml, &opts).unwrap()[0];
    assert!(d.text.contains("the plan is ready"));
    assert!(
        d.notices.iter().any(|n| n.contains("x-unknown-9")),
        "{:?}",
        d.notices
    );
    // An mbox without a "From " line is read as one message, with a notice.
    let docs = parse(b"Subject: hi\n\nHello.\n", Format::Mbox, &opts).unwrap();
    assert_eq!(docs.len(), 1);
    assert!(docs[0].notices.iter().any(|n| n.contains("From ")));
}

#[test]
fn forced_language_and_mixed_documents() {
    let opts = ParseOptions {
        lang: Some(Lang::Es),
    };
    let d = &parse(b"Please send the report.", Format::Plain, &opts).unwrap()[0];
    assert_eq!(
        (d.lang, d.language_status),
        (Some(Lang::Es), LanguageStatus::Forced)
    );
    let text = "Please send me the updated report by Friday, thank you very much.\n\n\
                Por favor, envíame el informe actualizado antes del viernes, muchas gracias.\n";
    let d = &parse(text.as_bytes(), Format::Plain, &ParseOptions::default()).unwrap()[0];
    assert_eq!(d.language_status, LanguageStatus::Mixed);
}

/// Lessons from the public reply-trimming suites, each as a small case of our own.
#[test]
fn reply_shapes_from_the_trimming_suites() {
    let trim = |t: &str| {
        let d = &parse(t.as_bytes(), Format::Plain, &ParseOptions::default()).unwrap()[0];
        check_invariants(d);
        text_without(d, &[SegmentKind::Quoted, SegmentKind::Signature])
    };
    // Gmail's date-led header, its address broken onto the next line.
    assert_eq!(
        trim("Done.\n\n2024-05-01 10:00 GMT+02:00 Ana Ruiz <\nana@x.org>:\n\n> old\n"),
        "Done."
    );
    // A header whose "wrote:" sits on a quote line after blank lines.
    assert_eq!(
        trim("One\n\nOn Thu, 31 Mar 2016 at 11:16 Ana\n\n<\nmailto:ana@x.org\n> wrote:\n\nTwo"),
        "One"
    );
    // German header that wraps after "28." and a lone ">:" line.
    assert_eq!(
        trim("Hallo.\n\nMax <m@x.de> schrieb am Fr., 28.\nApr. 2017 um 11:53 Uhr:\n\n> alt"),
        "Hallo."
    );
    assert_eq!(
        trim("Gut.\n\nAm 21.04.2016 17:48 schrieb \"Ein Zwei\" <n@x.de\n>:\n\n> alt"),
        "Gut."
    );
    // Author text ending in "..." right above a Dutch header is not part of it.
    assert_eq!(
        trim(
            "Idea from @bob.\nI will test it in 2 weeks...\nOp 16 aug. 2014 05:13 schreef \"x\" <i@x.org> het\nvolgende geschreven:\n\n> old"
        ),
        "Idea from @bob.\nI will test it in 2 weeks..."
    );
    // A forwarded message with nothing above it: only its header is someone else's.
    assert_eq!(
        trim(
            "---------- Forwarded message ----------\nFrom: A <a@x>\nDate: today\nTo: b@x\n\nThe content."
        ),
        "The content."
    );
    // Sign-off plus a lone name stays; a contact block without sign-off goes.
    assert_eq!(
        trim("Fine by me.\n\nThanks,\nAna"),
        "Fine by me.\n\nThanks,\nAna"
    );
    assert_eq!(
        trim("See you.\n\nGina Smith\ngina@example.com\n(555) 346-9947\nhttp://www.example.com"),
        "See you."
    );
    assert_eq!(trim("Takk :-)\n\nSendt fra min iPad"), "Takk :-)");
    assert_eq!(trim("Text.\n\nᐧ\n--\nx"), "Text.");
    assert_eq!(trim("Ok.\nC> quoted with initials\nC> more"), "Ok.");
    // Russian reply header in Ukrainian form.
    assert_eq!(
        trim("Дякую.\n\n30 серп. 2016 р. 20:45 \"A\" <a@x.org> пише:\n\n> old"),
        "Дякую."
    );
}

#[test]
fn random_text_keeps_the_invariants() {
    // A small deterministic generator over tricky pieces: multibyte text, quote marks,
    // headers, markers and code.
    let pieces = [
        "Hola",
        "привет",
        "ñ",
        "…",
        "> ",
        "\n",
        "\n\n",
        "-- \n",
        "On Mon, 1 Jan 2024, A wrote:\n",
        "From: a\nSent: b\nTo: c\n",
        "`x`",
        "```\n",
        "http://x.y/é",
        "a@b.cd",
        "Ana: ",
        "- ",
        "1. ",
        "e.g. ",
        "10.30",
        "т. е.",
        "<!--",
        "-->",
        "*",
        "[a](b)",
        "\r\n",
        "ᐧ",
        "C>",
        "#",
        "|",
    ];
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    for _ in 0..400 {
        let mut s = String::new();
        for _ in 0..(seed % 40) {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            s.push_str(pieces[(seed % pieces.len() as u64) as usize]);
        }
        for format in [Format::Plain, Format::Markdown, Format::Eml, Format::Mbox] {
            if let Ok(docs) = parse(s.as_bytes(), format, &ParseOptions::default()) {
                docs.iter().for_each(check_invariants);
            }
        }
    }
}
