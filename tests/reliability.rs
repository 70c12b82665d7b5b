//! Inputs that try to break `tactful check`: each must give a clear message naming the file,
//! the other files must still be checked, and the exit code must follow the contract
//! (0 clean, 1 findings, 2 an input or configuration that could not be used).

mod support;

use support::*;

use std::io::{Seek, SeekFrom, Write};
use std::path::Path;
use std::time::Instant;

use serde_json::Value;

/// Runs `check --format json` on the given paths plus a file with one finding, so every case
/// also proves the run went on after the bad input.
fn check_with_witness(dir: &Path, paths: &[&str]) -> (Value, i32) {
    write(dir, "witness.txt", BAD_EN);
    let out = tactful(dir)
        .args(["check", "--format", "json"])
        .args(paths)
        .arg("witness.txt")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\nstderr: {stderr}",
            String::from_utf8_lossy(&out.stdout)
        )
    });
    let witness = file(&v, "witness.txt");
    assert_eq!(witness["findings"][0]["rule"], "DEF001", "{witness}");
    (v, out.status.code().expect("exit code"))
}

fn file<'a>(v: &'a Value, path: &str) -> &'a Value {
    v["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == path)
        .unwrap_or_else(|| panic!("{path} not reported: {v}"))
}

fn notices(f: &Value) -> String {
    f["notices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect::<Vec<_>>()
        .join(" | ")
}

fn texts_of(f: &Value) -> Vec<String> {
    f["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["excerpt"].as_str().unwrap().to_string())
        .collect()
}

fn eml(headers: &str, body: impl AsRef<[u8]>) -> Vec<u8> {
    let mut m = format!(
        "From: Ana <ana@example.com>\r\nTo: bob@example.com\r\nSubject: update\r\n\
         Date: Mon, 4 Mar 2024 10:00:00 +0000\r\nMIME-Version: 1.0\r\n{headers}\r\n"
    )
    .into_bytes();
    m.extend_from_slice(body.as_ref());
    m
}

#[test]
fn empty_and_whitespace_only_files_are_clean_documents() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["empty.txt", "empty.md", "empty.eml", "empty.mbox"] {
        write(dir.path(), name, "");
    }
    write(dir.path(), "blank.txt", " \n\t\r\n  \n");
    write(dir.path(), "blank.eml", "\r\n\r\n   \r\n");
    let names = [
        "empty.txt",
        "empty.md",
        "empty.eml",
        "empty.mbox",
        "blank.txt",
        "blank.eml",
    ];
    let (v, code) = check_with_witness(dir.path(), &names);
    // Nothing to check is not a defect: no error, so the witness's finding decides.
    assert_eq!(code, 1, "{v}");
    for name in names {
        let f = file(&v, name);
        assert!(f["error"].is_null(), "{f}");
        assert!(f["findings"].as_array().unwrap().is_empty(), "{f}");
    }
    assert!(notices(file(&v, "empty.eml")).contains("empty"), "{v}");
}

#[test]
fn a_single_ten_megabyte_line_is_checked_and_located() {
    let dir = tempfile::tempdir().unwrap();
    let filler = "The server needs a reboot tonight and the backup runs first ";
    let mut line = String::with_capacity(10 << 20);
    while line.len() < 10 << 20 {
        line.push_str(filler);
    }
    let column = line.chars().count() + 1;
    line.push_str("as I already told you, twice.");
    write(dir.path(), "long.txt", &line);
    let (v, code) = check_with_witness(dir.path(), &["long.txt"]);
    assert_eq!(code, 1);
    let f = &file(&v, "long.txt")["findings"];
    let last = f.as_array().unwrap().last().expect("the phrase at the end");
    assert_eq!(last["line"], 1);
    assert_eq!(last["column"], column);
    assert_eq!(
        last["excerpt"].as_str().unwrap().to_lowercase(),
        "as i already told you"
    );
}

#[test]
fn nul_bytes_mean_a_binary_file_skipped_with_a_notice() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "blob.txt",
        b"PK\x03\x04\x00\x00\x00binary\x00stuff",
    );
    write(dir.path(), "blob.eml", b"\x00\x01\x02\x00 not mail \x00");
    let (v, code) = check_with_witness(dir.path(), &["blob.txt", "blob.eml"]);
    assert_eq!(
        code, 1,
        "a skipped binary does not change the exit code: {v}"
    );
    for name in ["blob.txt", "blob.eml"] {
        let f = file(&v, name);
        assert!(f["error"].is_null(), "{f}");
        assert!(notices(f).contains("binary"), "{f}");
    }
    assert_eq!(v["summary"]["skipped"], 2);
}

#[test]
fn invalid_utf8_in_a_declared_utf8_message_is_redecoded_with_a_notice() {
    let dir = tempfile::tempdir().unwrap();
    // windows-1252 bytes under a utf-8 label: "café" and "señor".
    let body = b"Hola se\xf1or,\r\n\r\nComo ya le dije, el caf\xe9 cierra a las 5.\r\n";
    write(
        dir.path(),
        "mislabeled.eml",
        eml("Content-Type: text/plain; charset=utf-8\r\n", body),
    );
    let (v, code) = check_with_witness(dir.path(), &["mislabeled.eml"]);
    assert_eq!(code, 1);
    let f = file(&v, "mislabeled.eml");
    assert!(f["error"].is_null(), "{f}");
    assert!(notices(f).contains("not valid"), "{f}");
    assert_eq!(texts_of(f), ["Como ya le dije"]);
}

#[test]
fn a_wrong_charset_label_is_corrected_when_the_body_is_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let body = "Здравствуйте!\r\n\r\nКак я уже говорил, сервер перезагрузим вечером.\r\n";
    write(
        dir.path(),
        "wrong-label.eml",
        eml(
            "Content-Type: text/plain; charset=windows-1251\r\n\
             Content-Transfer-Encoding: 8bit\r\n",
            body,
        ),
    );
    let (v, code) = check_with_witness(dir.path(), &["wrong-label.eml"]);
    assert_eq!(code, 1);
    let f = file(&v, "wrong-label.eml");
    assert!(notices(f).contains("windows-1251"), "{f}");
    assert_eq!(f["language"], "ru", "{f}");
    assert_eq!(texts_of(f), ["Как я уже говорил"]);
}

#[test]
fn an_unknown_charset_is_named_in_a_notice_and_the_text_still_read() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "unknown.eml",
        eml(
            "Content-Type: text/plain; charset=x-no-such-charset\r\n",
            BAD_EN,
        ),
    );
    let (v, code) = check_with_witness(dir.path(), &["unknown.eml"]);
    assert_eq!(code, 1);
    let f = file(&v, "unknown.eml");
    assert!(notices(f).contains("x-no-such-charset"), "{f}");
    assert_eq!(texts_of(f), ["As I already told you"]);
}

#[test]
fn truncated_base64_and_quoted_printable_are_read_best_effort() {
    let dir = tempfile::tempdir().unwrap();
    let b64 = "SGkgQW5hLAoKQXMgSSBhbHJlYWR5IHRvbGQgeW91LCB0aGUgc2VydmVyIG5lZWRzIGEgcmVib290Lgo=";
    // Cut inside a 4-character quantum.
    let cut = &b64[..b64.len() - 6];
    write(
        dir.path(),
        "cut-b64.eml",
        eml(
            "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n",
            cut,
        ),
    );
    // Ends in a soft line break, then a dangling "=E".
    write(
        dir.path(),
        "cut-qp.eml",
        eml(
            "Content-Type: text/plain; charset=utf-8\r\n\
             Content-Transfer-Encoding: quoted-printable\r\n",
            "Hi Ana,\r\n\r\nAs I already told you, the server needs a reboot and the caf=C3=A9 =\r\n\
             is closed on Monday=\r\n=E",
        ),
    );
    let (v, code) = check_with_witness(dir.path(), &["cut-b64.eml", "cut-qp.eml"]);
    assert_eq!(code, 1);
    for name in ["cut-b64.eml", "cut-qp.eml"] {
        let f = file(&v, name);
        assert!(f["error"].is_null(), "{f}");
        assert_eq!(texts_of(f), ["As I already told you"], "{f}");
    }
}

#[test]
fn a_multipart_without_its_closing_boundary_keeps_its_text() {
    let dir = tempfile::tempdir().unwrap();
    let body = format!(
        "--XYZ\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{BAD_EN}\r\n\
         --XYZ\r\nContent-Type: text/html\r\n\r\n<p>html</p>\r\n"
    );
    write(
        dir.path(),
        "open.eml",
        eml(
            "Content-Type: multipart/alternative; boundary=XYZ\r\n",
            body,
        ),
    );
    let (v, code) = check_with_witness(dir.path(), &["open.eml"]);
    assert_eq!(code, 1);
    let f = file(&v, "open.eml");
    assert!(f["error"].is_null(), "{f}");
    assert_eq!(texts_of(f), ["As I already told you"], "{f}");
}

#[test]
fn a_thousand_nested_multiparts_do_not_overflow_the_stack() {
    let dir = tempfile::tempdir().unwrap();
    let depth = 1000;
    let mut body = String::new();
    for i in 0..depth {
        body.push_str(&format!(
            "--b{i}\r\nContent-Type: multipart/mixed; boundary=b{}\r\n\r\n",
            i + 1
        ));
    }
    body.push_str(&format!(
        "--b{depth}\r\nContent-Type: text/plain\r\n\r\n{BAD_EN}\r\n--b{depth}--\r\n"
    ));
    for i in (0..depth).rev() {
        body.push_str(&format!("--b{i}--\r\n"));
    }
    write(
        dir.path(),
        "deep.eml",
        eml("Content-Type: multipart/mixed; boundary=b0\r\n", body),
    );
    let (v, code) = check_with_witness(dir.path(), &["deep.eml"]);
    let f = file(&v, "deep.eml");
    // The innermost text is too deep to be reached, or read: either way a clear report.
    assert!(f["error"].is_null() || code == 2, "{f}");
    assert!(
        texts_of(f) == ["As I already told you"] || notices(f).contains("no text body"),
        "{f}"
    );
    assert!(code == 1 || code == 2);
}

#[test]
fn an_mbox_with_broken_from_lines_keeps_every_message() {
    let dir = tempfile::tempdir().unwrap();
    // The first separator lacks an address and date; a body line starts with "From " (no
    // digit, so no split); a separator without the blank line before it is body text.
    let mbox = format!(
        "From \nSubject: one\n\n{GOOD_EN}From what I hear, fine.\n\
         From x@y Mon Mar 4 2024\nstill message one\n\n\
         From b@x Tue Mar 5 10:00:00 2024\nSubject: two\nMessage-ID: <two@x>\n\n{BAD_EN}"
    );
    write(dir.path(), "broken.mbox", mbox);
    write(
        dir.path(),
        "headless.mbox",
        format!("Subject: no separator\n\n{BAD_EN}"),
    );
    let (v, code) = check_with_witness(dir.path(), &["broken.mbox", "headless.mbox"]);
    assert_eq!(code, 1);
    let f = file(&v, "broken.mbox");
    assert_eq!(f["documents"], 2, "{f}");
    let found = &f["findings"][0];
    assert_eq!(found["email"]["index"], 1);
    assert_eq!(found["line"], 17, "{f}");
    let h = file(&v, "headless.mbox");
    assert_eq!(h["documents"], 1);
    assert!(notices(h).contains("does not start with"), "{h}");
    assert_eq!(texts_of(h), ["As I already told you"]);
}

/// A sparse file: `head`, then a hole up to `size`, then `tail`; nothing big is written.
fn sparse(path: &Path, head: &[u8], size: u64, tail: &[u8]) {
    let mut f = std::fs::File::create(path).unwrap();
    f.write_all(head).unwrap();
    f.seek(SeekFrom::Start(size)).unwrap();
    f.write_all(tail).unwrap();
}

#[test]
fn huge_files_are_refused_by_size_but_huge_mailboxes_are_streamed() {
    let dir = tempfile::tempdir().unwrap();
    let big = 2u64 << 30;
    let huge = dir.path().join("huge.txt");
    std::fs::File::create(&huge).unwrap().set_len(big).unwrap();
    sparse(
        &dir.path().join("huge.eml"),
        eml("Content-Type: text/plain\r\n", BAD_EN).as_slice(),
        big,
        b"end",
    );
    // Over the file limit, but an mbox: read message by message. The first message is itself
    // over the per-message limit (a hole of NULs), the second is small and must be checked.
    let second = format!("\n\nFrom b@x Tue Mar 5 10:00:00 2024\nSubject: two\n\n{BAD_EN}");
    sparse(
        &dir.path().join("huge.mbox"),
        format!("From a@x Mon Mar 4 10:00:00 2024\nSubject: one\n\n{GOOD_EN}").as_bytes(),
        300 << 20,
        second.as_bytes(),
    );
    let started = Instant::now();
    let (v, code) = check_with_witness(dir.path(), &["huge.txt", "huge.eml", "huge.mbox"]);
    assert_eq!(code, 2, "{v}");
    for name in ["huge.txt", "huge.eml"] {
        let err = file(&v, name)["error"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert!(
            err.contains("over the") && err.contains("MB"),
            "{name}: {err}"
        );
    }
    let m = file(&v, "huge.mbox");
    assert_eq!(m["documents"], 2, "{m}");
    let err = m["error"].as_str().unwrap_or_default();
    assert!(err.contains("message 1") && err.contains("over the"), "{m}");
    assert_eq!(m["findings"][0]["email"]["index"], 1, "{m}");
    assert_eq!(texts_of(m), ["As I already told you"]);
    eprintln!("huge inputs took {:?}", started.elapsed());
}

#[cfg(unix)]
#[test]
fn fifos_and_devices_are_reported_without_hanging() {
    let dir = tempfile::tempdir().unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(dir.path().join("pipe.txt"))
        .status()
        .unwrap();
    assert!(made.success());
    let (v, code) = check_with_witness(dir.path(), &["pipe.txt", "/dev/zero"]);
    assert_eq!(code, 2);
    for name in ["pipe.txt", "/dev/zero"] {
        let err = file(&v, name)["error"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert!(err.contains("not a regular file"), "{name}: {err}");
    }
    // Met while walking a folder, a FIFO is not a text file and is left alone.
    let out = tactful(dir.path())
        .args(["check", "--format", "json", "."])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["summary"]["files"], 1, "{v}");
    assert_eq!(out.status.code(), Some(1));
}

#[cfg(unix)]
#[test]
fn symlink_loops_end_and_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "tree/a/note.txt", BAD_EN);
    std::os::unix::fs::symlink("..", dir.path().join("tree/a/up")).unwrap();
    std::os::unix::fs::symlink("self", dir.path().join("self")).unwrap();
    let (v, code) = check_with_witness(dir.path(), &["tree", "self"]);
    assert_eq!(code, 2, "{v}");
    // The loop is not followed: the note is checked once.
    assert_eq!(
        file(&v, "tree/a/note.txt")["findings"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(v["summary"]["files"], 3, "{v}");
    let err = file(&v, "self")["error"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(err.contains("symbolic links"), "{err}");
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_an_error_for_that_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "secret.txt", BAD_EN);
    let p = dir.path().join("secret.txt");
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&p).is_ok() {
        eprintln!("skipped: this user (root?) can read a mode-000 file, so it cannot be tested");
        return;
    }
    let (v, code) = check_with_witness(dir.path(), &["secret.txt"]);
    assert_eq!(code, 2);
    let err = file(&v, "secret.txt")["error"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(err.contains("permission denied"), "{err}");
}

#[cfg(unix)]
#[test]
fn a_path_that_is_not_utf8_is_checked_and_shown_lossily() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
    std::fs::write(dir.path().join(name), BAD_EN).unwrap();
    write(dir.path(), "witness.txt", BAD_EN);
    let out = tactful(dir.path())
        .args(["check", "--format", "json"])
        .arg(name)
        .arg("witness.txt")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = file(&v, "caf\u{FFFD}.txt");
    assert_eq!(texts_of(f), ["As I already told you"]);
    // And when walking a folder.
    let out = tactful(dir.path())
        .args(["check", "--format", "json", "."])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["summary"]["files"], 2, "{v}");
}

#[test]
fn a_malformed_config_stops_the_run_with_its_location() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "note.txt", BAD_EN);
    write(
        dir.path(),
        "tactful.toml",
        "select = [\"DEF\"\nignore = 3\n",
    );
    let out = tactful(dir.path())
        .args(["check", "note.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("tactful.toml:2:"), "{err}");
    // A well-formed file with a wrong type is located too.
    write(dir.path(), "tactful.toml", "fail-on = \"sometimes\"\n");
    let out = tactful(dir.path())
        .args(["check", "note.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("tactful.toml:1:11:"), "{err}");
    // Something that is not a file, given explicitly, must not be read forever.
    let out = tactful(dir.path())
        .args(["check", "--config", "/dev/zero", "note.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("/dev/zero: cannot read: not a regular file"),
        "{err}"
    );
    // Binary garbage as config.
    write(dir.path(), "tactful.toml", b"\xff\xfe\x00garbage");
    let out = tactful(dir.path())
        .args(["check", "note.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("tactful.toml"), "{err}");
}

#[test]
fn a_malformed_rule_pack_stops_the_run_with_its_location() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "note.txt", BAD_EN);
    write(
        dir.path(),
        "broken.toml",
        "[pack]\nname = \"x\"\n[[rule]]\ncode = \n",
    );
    let out = tactful(dir.path())
        .args(["check", "--pack", "broken.toml", "note.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("broken.toml:4:"), "{err}");
    // Valid TOML, invalid pattern.
    write(
        dir.path(),
        "badpattern.toml",
        "[pack]\nname = \"x\"\nlanguages = [\"en\"]\n\n[[rule]]\ncode = \"XXX001\"\nname = \"x\"\n\
         category = \"jargon\"\nsummary = \"x\"\nmessage = \"x\"\nwhy = \"x\"\n\
         [rule.patterns]\nen = [\"(unclosed\"]\n",
    );
    let out = tactful(dir.path())
        .args(["check", "--pack", "badpattern.toml", "note.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("badpattern.toml"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    for pack in ["missing.toml", "/dev/zero"] {
        let out = tactful(dir.path())
            .args(["check", "--pack", pack, "note.txt"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{pack}");
        assert!(String::from_utf8_lossy(&out.stderr).contains(pack));
    }
}

// ---------------------------------------------------------------------------------------
// Property: whatever the text, findings lie inside it on character boundaries, and the
// line/column printed for them is where their span is. In-process, over seeded random text.

/// xorshift64*: deterministic, so a failure is reproduced by its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Pieces that stress spans: multi-byte and combining characters, odd line breaks, markup,
/// quote and signature shapes, suppression comments.
const PIECES: &[&str] = &[
    " ",
    " ",
    "\n",
    "\r\n",
    "\n\n",
    "\t",
    "\u{a0}",
    "\u{2028}",
    "\u{200d}",
    "e\u{301}",
    "ё",
    "Ё",
    "ß",
    "İ",
    "ﬁ",
    "😀",
    "👩‍💻",
    "中文",
    "עברית",
    "’",
    "«",
    "»",
    "—",
    ".",
    "?",
    "!",
    ",",
    "...",
    "> ",
    "\n> ",
    "\n-- \n",
    "\nOn Mon, Ana wrote:\n",
    "\nEl lunes, Ana escribió:\n",
    "\n-----Original Message-----\n",
    "# ",
    "\n- ",
    "\n1. ",
    "```\n",
    "`",
    "<!-- ",
    " -->",
    "[link](http://x.y/a?b=c)",
    "http://example.com/x",
    "**",
    "_",
    "tactful: ignore DEF001",
    "tactful: disable defensive",
    "tactful: enable defensive",
    "\u{feff}",
    "\u{fffd}",
    "0",
    "10pm",
    "ASAP",
    "EOD",
    "FYI",
];

const WORDS: &[&str] = &[
    "the",
    "server",
    "needs",
    "a",
    "reboot",
    "you",
    "should",
    "have",
    "told",
    "me",
    "already",
    "as",
    "I",
    "said",
    "el",
    "pedido",
    "llegó",
    "tarde",
    "usted",
    "no",
    "сервер",
    "вы",
    "не",
    "прочитали",
    "письмо",
    "как",
    "я",
    "уже",
    "говорил",
    "please",
    "fix",
    "it",
    "tomorrow",
];

fn random_text(rng: &mut Rng, bad_examples: &[String]) -> String {
    let mut s = String::new();
    for _ in 0..rng.below(60) {
        match rng.below(10) {
            0..=3 => s.push_str(rng.pick(WORDS)),
            4..=6 => s.push_str(rng.pick(PIECES)),
            7 => s.push_str(&bad_examples[rng.below(bad_examples.len())]),
            8 => s.push(char::from_u32(rng.below(0x3000) as u32).unwrap_or('x')),
            _ => s.push(' '),
        }
    }
    s
}

/// Line and column the slow, obvious way: lines by '\n', columns in characters.
fn naive_line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap().chars().count() + 1;
    (line, col)
}

#[test]
fn findings_stay_inside_the_text_and_line_columns_match_spans() {
    use tactful_core::{CheckOptions, Format, LineIndex, Policy};
    use tactful_ingest::{ParseOptions, parse};

    let engine = tactful_cli::builtin_engine().expect("built-in rules load");
    let bad: Vec<String> = engine
        .all_rules()
        .iter()
        .flat_map(|r| r.examples.iter().map(|e| e.bad.clone()))
        .collect();
    assert!(!bad.is_empty());
    let options = CheckOptions::default();
    let policy = Policy::default();
    let mut rng = Rng(0x7AC7_F017);
    let mut findings = 0;
    for case in 0..2000 {
        let body = random_text(&mut rng, &bad);
        let (format, bytes) = match case % 4 {
            0 => (Format::Plain, body.clone().into_bytes()),
            1 => (Format::Markdown, body.clone().into_bytes()),
            2 => (
                Format::Eml,
                eml("Content-Type: text/plain; charset=utf-8\r\n", &body),
            ),
            _ => (
                Format::Mbox,
                format!("From a@x 2024\nSubject: s\n\n{body}\n\nFrom b@x 2024\n\n{body}")
                    .into_bytes(),
            ),
        };
        let docs = match parse(&bytes, format, &ParseOptions::default()) {
            Ok(docs) => docs,
            // A NUL from the random code points makes the input binary, rightly.
            Err(tactful_ingest::ParseError::Binary) if body.contains('\0') => continue,
            Err(e) => panic!("case {case}: {e}: {body:?}"),
        };
        for doc in docs {
            let text = &doc.text;
            let mut last_end = 0;
            for seg in &doc.segments {
                let sp = seg.span;
                assert!(
                    last_end <= sp.start && sp.start <= sp.end && sp.end <= text.len(),
                    "case {case}: segment {sp:?} in {text:?}"
                );
                assert!(text.is_char_boundary(sp.start) && text.is_char_boundary(sp.end));
                last_end = sp.end;
            }
            for sp in &doc.sentences {
                assert!(sp.end <= text.len() && text.is_char_boundary(sp.start));
                assert!(text.is_char_boundary(sp.end), "case {case}: {sp:?}");
            }
            let report = engine.check(&doc, &options, &policy);
            assert!(
                report.errors.is_empty(),
                "case {case}: {:?} on {text:?}",
                report.errors
            );
            let idx = LineIndex::new(text);
            for d in &report.diagnostics {
                let sp = d.finding.span;
                assert!(
                    sp.start <= sp.end && sp.end <= text.len(),
                    "case {case}: {sp:?}"
                );
                assert!(
                    text.is_char_boundary(sp.start) && text.is_char_boundary(sp.end),
                    "case {case}: {} splits a character: {sp:?} in {text:?}",
                    d.finding.rule
                );
                assert_eq!(idx.line_col(sp.start), naive_line_col(text, sp.start));
                assert_eq!(idx.line_col(sp.end), naive_line_col(text, sp.end));
                findings += 1;
            }
        }
    }
    // The generator must actually exercise the rules.
    assert!(findings > 500, "only {findings} findings");
}

#[test]
fn a_report_that_cannot_be_written_is_an_error_but_a_closed_pipe_is_not() {
    use std::io::Read;
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    for i in 0..400 {
        write(dir.path(), &format!("draft{i:03}.txt"), BAD_EN);
    }
    // A full disk: the run says so and exits 2.
    // std's Command: the report goes to a file or a pipe, not to the test.
    let command = || {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("tactful"));
        cmd.current_dir(dir.path())
            .env("NO_COLOR", "1")
            .env("XDG_CONFIG_HOME", dir.path().join(".no-user-config"))
            .env_remove("CI")
            .args(["check", "--format", "json", "."]);
        cmd
    };
    let out = command()
        .stdout(std::fs::File::create("/dev/full").unwrap())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("cannot write the report"), "{stderr}");
    // A reader that stops early (`| head`): no error, and not the exit code of a failure.
    let mut child = command()
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
}
