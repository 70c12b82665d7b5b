//! Rule packs and plugins from the command line and from config, end to end.

mod support;

use support::*;

const PACK: &str = r#"
[pack]
name = "acme"
version = "1.0.0"
languages = ["en"]
description = "House style of ACME's support team."

[[rule]]
code = "ACME001"
name = "ticket-speak"
category = "jargon"
severity = "warning"
summary = "Internal ticket words the client never sees."
message = "the client does not know what a \"P1\" is"
suggestion = "say how urgent it is in plain words"
why = "Our priority labels are internal."

[rule.patterns]
en = ["(P1|P2) ticket"]

[rule.examples.en]
bad = ["We opened a P1 ticket for this."]
good = ["We treat this as our most urgent work."]
"#;

#[test]
fn a_pack_named_in_config_runs_like_a_built_in_rule() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "style/acme.toml", PACK);
    write(
        dir.path(),
        "tactful.toml",
        "packs = [\"style/acme.toml\"]\n",
    );
    write(
        dir.path(),
        "mail/a.txt",
        "Hello,\n\nWe opened a P1 ticket for the outage.\n",
    );
    let out = tactful(&dir.path().join("mail"))
        .args(["check", "--format", "concise", "a.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("a.txt:3:13: ACME001 [warning]"), "{stdout}");
    // The same rule through --pack, and listed and explained like the others.
    let out = tactful(dir.path())
        .args([
            "explain",
            "ACME001",
            "--isolated",
            "--pack",
            "style/acme.toml",
        ])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("ticket-speak"));
}

#[test]
fn test_packs_reports_an_example_that_contradicts_its_rule() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "ok.toml", PACK);
    write(
        dir.path(),
        "wrong.toml",
        PACK.replace(
            "We treat this as our most urgent work.",
            "It is a P2 ticket now.",
        ),
    );
    tactful(dir.path())
        .args(["test-packs", "ok.toml"])
        .assert()
        .code(0);
    let out = tactful(dir.path())
        .args(["test-packs", "wrong.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("ACME001") && stdout.contains("It is a P2 ticket now."),
        "{stdout}"
    );
}

#[test]
fn every_built_in_rule_passes_its_own_examples_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let out = tactful(dir.path()).args(["test-packs"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.starts_with("0 failed"), "{stdout}");
}

#[test]
fn a_broken_pack_names_file_line_and_column_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "bad.toml",
        PACK.replace("severity = \"warning\"", "severity = \"loud\""),
    );
    write(dir.path(), "a.txt", "Fine.\n");
    let out = tactful(dir.path())
        .args(["check", "--pack", "bad.toml", "a.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.toml:12:12: unknown severity"), "{err}");
}

#[test]
fn project_config_plugins_need_an_explicit_opt_in() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "tactful.toml", "plugins = [\"evil.so\"]\n");
    write(dir.path(), "a.txt", "Fine.\n");
    let out = tactful(dir.path())
        .args(["check", "a.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--allow-plugins") && err.contains("evil.so"),
        "{err}"
    );
    // With the opt-in it tries to load it, and says clearly that it is not there.
    let out = tactful(dir.path())
        .args(["check", "--allow-plugins", "a.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("evil.so"));
}

#[test]
fn a_plugin_that_is_not_a_library_is_refused_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "notes.so", "just text");
    write(dir.path(), "a.txt", "As I said, fine.\n");
    let out = tactful(dir.path())
        .args(["check", "--plugin", "notes.so", "a.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "nothing is checked half-way");
    assert!(String::from_utf8_lossy(&out.stderr).contains("notes.so"));
}
