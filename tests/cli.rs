//! End-to-end tests of the `tactful` binary: exit codes, output formats, configuration,
//! inputs that go wrong.

mod support;

use support::*;

use serde_json::Value;

#[test]
fn exit_codes_follow_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "good.txt", GOOD_EN);
    write(dir.path(), "bad.txt", BAD_EN);
    tactful(dir.path())
        .args(["check", "good.txt"])
        .assert()
        .code(0);
    tactful(dir.path())
        .args(["check", "bad.txt"])
        .assert()
        .code(1);
    tactful(dir.path())
        .args(["check", "bad.txt", "--fail-on", "error"])
        .assert()
        .code(0);
    tactful(dir.path())
        .args(["check", "bad.txt", "--fail-on", "never"])
        .assert()
        .code(0);
    // A missing file is an error for that file; the others are still checked.
    let out = tactful(dir.path())
        .args(["check", "missing.txt", "bad.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("missing.txt: error: no such file"),
        "{stdout}"
    );
    assert!(stdout.contains("bad.txt:3:1: DEF001"), "{stdout}");
    tactful(dir.path())
        .args(["check", "--no-such-flag"])
        .assert()
        .code(2);
    tactful(dir.path())
        .args(["check", "--select", "NOPE", "good.txt"])
        .assert()
        .code(2);
}

#[test]
fn human_output_points_at_the_words() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "bad.txt", BAD_EN);
    let out = tactful(dir.path())
        .args(["check", "bad.txt"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(
        lines[0].starts_with("bad.txt:3:1: DEF001 [warning] "),
        "{stdout}"
    );
    assert_eq!(
        lines[2],
        "3 | As I already told you, the server needs a reboot."
    );
    assert_eq!(lines[3], "  | ^^^^^^^^^^^^^^^^^^^^^");
    assert!(
        lines
            .last()
            .unwrap()
            .starts_with("Found 1 finding (1 warning) in 1 of 1 file")
    );
}

#[test]
fn json_output_has_the_documented_shape() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "bad.txt", BAD_EN);
    write(dir.path(), "good.md", GOOD_EN);
    let (v, code) = json_of(tactful(dir.path()).args(["check", "--format", "json", "."]));
    assert_eq!(code, 1);
    assert_eq!(v["version"], 1);
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    assert_eq!(files[0]["path"], "bad.txt");
    assert_eq!(files[0]["format"], "plain");
    assert_eq!(files[1]["format"], "markdown");
    assert!(files[0]["error"].is_null());
    let f = &files[0]["findings"][0];
    assert_eq!(f["rule"], "DEF001");
    assert_eq!(f["rule_name"], "told-you-so");
    assert_eq!(f["category"], "defensive");
    assert_eq!(f["severity"], "warning");
    let (start, end) = (
        f["span"]["start"].as_u64().unwrap(),
        f["span"]["end"].as_u64().unwrap(),
    );
    assert_eq!(
        &BAD_EN[start as usize..end as usize],
        f["excerpt"].as_str().unwrap()
    );
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(3), Some(1))
    );
    assert_eq!(
        (f["end_line"].as_u64(), f["end_column"].as_u64()),
        (Some(3), Some(22))
    );
    assert!(f.get("email").is_none());
    assert_eq!(v["summary"]["findings"], 1);
    assert_eq!(v["summary"]["files"], 2);
}

#[test]
fn jsonl_writes_one_finding_per_line() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.txt",
        format!("{BAD_EN}\nPer my last email, it is fixed.\n"),
    );
    let out = tactful(dir.path())
        .args(["check", "--format", "jsonl", "a.txt"])
        .output()
        .unwrap();
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert!(
        lines
            .iter()
            .all(|l| l["type"] == "finding" && l["path"] == "a.txt")
    );
    assert_eq!(lines[1]["excerpt"], "Per my last email");
}

#[test]
fn output_order_does_not_depend_on_threads() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..40 {
        let text = if i % 3 == 0 { BAD_EN } else { GOOD_EN };
        write(dir.path(), &format!("d{}/n{i}.txt", i % 4), text);
    }
    let run = |threads: &str| {
        tactful(dir.path())
            .args(["check", "--format", "json", "-j", threads, "."])
            .output()
            .unwrap()
            .stdout
    };
    let one = run("1");
    assert_eq!(one, run("2"));
    assert_eq!(one, run("4"));
}

#[test]
fn stdin_uses_the_given_file_name_for_format_and_report() {
    let dir = tempfile::tempdir().unwrap();
    let (v, code) = json_of(
        tactful(dir.path())
            .args([
                "check",
                "-",
                "--stdin-filename",
                "draft.md",
                "--format",
                "json",
            ])
            .write_stdin("# Servidor\n\nComo ya le dije, el servidor está caído.\n"),
    );
    assert_eq!(code, 1);
    assert_eq!(v["files"][0]["path"], "draft.md");
    assert_eq!(v["files"][0]["format"], "markdown");
    assert_eq!(v["files"][0]["findings"][0]["line"], 3);
}

#[test]
fn select_and_ignore_by_code_prefix_and_category() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "bad.txt", BAD_EN);
    for (flag, value, code) in [
        ("--ignore", "DEF001", 0),
        ("--ignore", "DEF", 0),
        ("--ignore", "defensive", 0),
        ("--select", "defensive", 1),
        ("--select", "TAC", 0),
    ] {
        tactful(dir.path())
            .args(["check", flag, value, "bad.txt"])
            .assert()
            .code(code);
    }
}

#[test]
fn inline_suppression_silences_and_unknown_codes_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "notes.md",
        "<!-- tactful: ignore DEF001 -->\nAs I already said, it works.\n\nAs I already said, again.\n",
    );
    write(
        dir.path(),
        "typo.md",
        "As I already said, it works. <!-- tactful: ignore DEF01 -->\n",
    );
    let (v, _) = json_of(tactful(dir.path()).args(["check", "--format", "json", "."]));
    let notes = &v["files"][0]["findings"];
    assert_eq!(notes.as_array().unwrap().len(), 1);
    assert_eq!(notes[0]["line"], 4);
    let typo: Vec<&str> = v["files"][1]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(typo, ["DEF001", "TAC001"]);
}

#[test]
fn config_is_discovered_upwards_and_overrides_apply_per_glob() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "tactful.toml",
        "[severity]\nDEF001 = \"error\"\n\n[[overrides]]\nfiles = [\"legacy/**\"]\nignore = [\"defensive\"]\n",
    );
    write(dir.path(), "drafts/a/bad.txt", BAD_EN);
    write(dir.path(), "legacy/bad.txt", BAD_EN);
    let (v, code) =
        json_of(tactful(&dir.path().join("drafts")).args(["check", "--format", "json", "."]));
    assert_eq!(code, 1);
    assert_eq!(v["files"][0]["findings"][0]["severity"], "error");
    let (v, code) = json_of(tactful(dir.path()).args(["check", "--format", "json", "legacy"]));
    assert_eq!(code, 0);
    assert_eq!(v["summary"]["findings"], 0);
    // --isolated ignores the config.
    let (v, _) =
        json_of(tactful(dir.path()).args(["check", "--isolated", "--format", "json", "drafts"]));
    assert_eq!(v["files"][0]["findings"][0]["severity"], "warning");
}

#[test]
fn a_broken_config_names_file_line_and_column_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "tactful.toml",
        "select = [\"DEF\"]\naudience = \"aliens\"\n",
    );
    write(dir.path(), "a.txt", GOOD_EN);
    let out = tactful(dir.path())
        .args(["check", "a.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("tactful.toml:2:12:"), "{err}");
    assert!(err.contains("aliens"), "{err}");
}

#[test]
fn binary_and_empty_files_do_not_stop_the_run() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "blob.txt", b"\x00\x01\x02PNG\x00\x00binary");
    write(dir.path(), "empty.txt", "");
    write(dir.path(), "bad.txt", BAD_EN);
    let (v, code) = json_of(tactful(dir.path()).args(["check", "--format", "json", "."]));
    assert_eq!(code, 1);
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 3);
    assert!(files[1]["notices"][0].as_str().unwrap().contains("binary"));
    assert_eq!(v["summary"]["skipped"], 1);
    assert_eq!(v["summary"]["errors"], 0);
}

#[test]
fn invalid_utf8_is_decoded_not_rejected() {
    let dir = tempfile::tempdir().unwrap();
    // windows-1252 "as I already said" with a curly apostrophe and an accented word.
    write(
        dir.path(),
        "legacy.txt",
        b"Caf\xe9 menu: as I already said, it\x92s fixed.\n",
    );
    // The text is too short to tell English from Spanish with an accented word in it.
    let (v, code) = json_of(tactful(dir.path()).args([
        "check",
        "--format",
        "json",
        "--lang",
        "en",
        "--select",
        "DEF001",
        "legacy.txt",
    ]));
    assert_eq!(code, 1);
    assert_eq!(v["files"][0]["findings"][0]["excerpt"], "as I already said");
}

#[test]
fn explain_and_rules_read_the_same_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let out = tactful(dir.path())
        .args(["explain", "DEF001"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("DEF001 (told-you-so) [defensive"),
        "{text}"
    );
    assert!(text.contains("bad:") && text.contains("better:"));
    tactful(dir.path())
        .args(["explain", "NOPE001"])
        .assert()
        .code(2);
    let out = tactful(dir.path())
        .args(["rules", "--format", "json"])
        .output()
        .unwrap();
    let rules: Value = serde_json::from_slice(&out.stdout).unwrap();
    let def = rules
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "DEF001")
        .unwrap();
    assert_eq!(def["name"], "told-you-so");
}

#[test]
fn mbox_messages_are_documents_and_quotes_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let mbox = "From ana@example.com Mon Mar  4 09:00:00 2024\n\
From: Ana <ana@example.com>\nSubject: Backup\nMessage-ID: <1@example.com>\n\n\
Hi Bob, is the backup running?\n\n\
From bob@example.com Mon Mar  4 10:00:00 2024\n\
From: Bob <bob@example.com>\nSubject: Re: Backup\nMessage-ID: <2@example.com>\n\
Content-Type: text/plain; charset=utf-8\n\n\
As I already told you, it runs every night.\n\n\
> As I already said, the backup runs nightly.\n\n-- \nBob\n";
    write(dir.path(), "inbox.mbox", mbox);
    let (v, code) = json_of(tactful(dir.path()).args(["check", "--format", "json", "inbox.mbox"]));
    assert_eq!(code, 1);
    let file = &v["files"][0];
    assert_eq!(file["format"], "mbox");
    assert_eq!(file["documents"], 2);
    let findings = file["findings"].as_array().unwrap();
    assert_eq!(
        findings.len(),
        1,
        "the quoted 'As I already said' is not the author's: {findings:?}"
    );
    let f = &findings[0];
    assert_eq!(f["email"]["index"], 1);
    assert_eq!(f["email"]["message_id"], "2@example.com");
    assert_eq!(f["email"]["from"], "Bob <bob@example.com>");
    // The body is a verbatim slice of the file, so the line is the file's line.
    assert_eq!(f["line"], 14);
    // Text output says which message; a single .eml would need no such note.
    let human = tactful(dir.path())
        .args(["check", "inbox.mbox"])
        .output()
        .unwrap();
    let human = String::from_utf8_lossy(&human.stdout);
    assert!(
        human.contains(
            "inbox.mbox:14:1: (message 2, <2@example.com>, from Bob <bob@example.com>) DEF001"
        ),
        "{human}"
    );
    let concise = tactful(dir.path())
        .args(["check", "--format", "concise", "inbox.mbox"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&concise.stdout).contains("inbox.mbox:14:1: (message 2) DEF001")
    );
    // Unless quoted text is asked for.
    let (v, _) = json_of(tactful(dir.path()).args([
        "check",
        "--format",
        "json",
        "--include-quoted",
        "inbox.mbox",
    ]));
    assert_eq!(v["files"][0]["findings"].as_array().unwrap().len(), 2);
}

#[test]
fn quoted_printable_eml_is_decoded_before_checking() {
    let dir = tempfile::tempdir().unwrap();
    let eml = "From: Luis <luis@example.es>\nTo: Marta <marta@example.es>\nSubject: Licencia\n\
MIME-Version: 1.0\nContent-Type: text/plain; charset=iso-8859-1\n\
Content-Transfer-Encoding: quoted-printable\n\n\
Hola Marta:\n\nComo ya le coment=E9 en la reuni=F3n, la licencia caduca el viernes.\n";
    write(dir.path(), "licencia.eml", eml);
    let (v, code) =
        json_of(tactful(dir.path()).args(["check", "--format", "json", "licencia.eml"]));
    assert_eq!(code, 1);
    let file = &v["files"][0];
    assert_eq!(file["format"], "eml");
    assert_eq!(file["language"], "es");
    assert_eq!(file["findings"][0]["excerpt"], "Como ya le comenté");
}

#[test]
fn json_gives_jargon_density_per_document() {
    let dir = tempfile::tempdir().unwrap();
    // 21 authored words; density counts jargon findings per 100 of them.
    write(
        dir.path(),
        "a.txt",
        "We will deploy the hotfix to the server tonight and then we will call you to check that all is well.\n",
    );
    let (v, _) =
        json_of(tactful(dir.path()).args(["check", "--format", "json", "--lang", "en", "a.txt"]));
    let jargon = v["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["category"] == "jargon")
        .count();
    assert!(jargon > 0, "{v}");
    let density = v["files"][0]["jargon_density"][0].as_f64().unwrap();
    assert!(
        (density - jargon as f64 * 100.0 / 21.0).abs() < 0.01,
        "{density} for {jargon}"
    );
}

#[test]
fn promises_list_what_was_promised_by_when() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.txt",
        "Hi Ana,\n\nThe import failed overnight. I will rerun it by Friday 3pm.\n\nBest,\nTom\n",
    );
    let (v, _) =
        json_of(tactful(dir.path()).args(["check", "--format", "json", "--promises", "a.txt"]));
    let promises = v["files"][0]["promises"].as_array().unwrap();
    assert_eq!(promises.len(), 1, "{v}");
    let p = &promises[0];
    assert_eq!(p["sentence"], "I will rerun it by Friday 3pm.");
    assert_eq!(p["line"], 3);
    assert_eq!(p["bound"], "by");
    assert_eq!(p["concrete"], true);
    // Without the flag the field is absent.
    let (v, _) = json_of(tactful(dir.path()).args(["check", "--format", "json", "a.txt"]));
    assert!(v["files"][0].get("promises").is_none());
}

#[test]
fn json_says_how_the_language_was_settled() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "en.txt", GOOD_EN);
    write(dir.path(), "short.txt", "ok\n");
    write(
        dir.path(),
        "mixed.txt",
        "The server needs a reboot tonight, and I will call you after it is done to confirm.\n\n\
         El servidor necesita un reinicio esta noche y le llamaré después para confirmarlo.\n",
    );
    let (v, _) = json_of(tactful(dir.path()).args(["check", "--format", "json", "."]));
    let status: Vec<(&str, &str)> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap(),
                f["language_status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        status,
        [
            ("en.txt", "detected"),
            ("mixed.txt", "mixed"),
            ("short.txt", "unknown")
        ]
    );
    let (v, _) =
        json_of(tactful(dir.path()).args(["check", "--format", "json", "--lang", "es", "en.txt"]));
    assert_eq!(v["files"][0]["language_status"], "forced");
    assert_eq!(v["files"][0]["language"], "es");
}
