//! Adopting tactful on an old archive: baselines, `--diff-base` on a real git repository,
//! and `tactful init`.

mod support;

use std::path::Path;
use std::process::Command as Process;

use serde_json::Value;
use support::{BAD_EN, GOOD_EN, tactful, write};

fn findings(dir: &Path, args: &[&str]) -> (Vec<Value>, i32) {
    let out = tactful(dir)
        .args(["check", "--format", "jsonl"])
        .args(args)
        .output()
        .unwrap();
    let v = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (v, out.status.code().unwrap())
}

#[test]
fn a_baseline_hides_known_findings_even_after_lines_move() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "old/a.txt", BAD_EN);
    write(dir.path(), "old/b.md", "Per my last email, it is fixed.\n");
    let out = tactful(dir.path())
        .args(["check", "--write-baseline", "baseline.json", "old"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "recording is not failing");
    assert!(String::from_utf8_lossy(&out.stderr).contains("recorded 2 findings"));
    let file: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("baseline.json")).unwrap())
            .unwrap();
    assert_eq!(file["tactful_baseline"], 1);
    assert_eq!(file["findings"][0]["path"], "old/a.txt");
    assert_eq!(file["findings"][0]["rule"], "DEF001");

    let (v, code) = findings(dir.path(), &["--baseline", "baseline.json", "old"]);
    assert_eq!((v.len(), code), (0, 0));

    // Lines move and the paragraph is re-wrapped: still known. The same words in a new
    // sentence are a new finding.
    write(
        dir.path(),
        "old/a.txt",
        format!(
            "A new intro paragraph.\n\n{}\nAs I already told you, the backup is slow.\n",
            BAD_EN.replace("told you, the", "told you,\nthe")
        ),
    );
    let (v, code) = findings(dir.path(), &["--baseline", "baseline.json", "old"]);
    assert_eq!(code, 1);
    assert_eq!(v.len(), 1, "{v:?}");
    assert_eq!(v[0]["line"], 8);

    // Counted: the same sentence twice is one known and one new finding.
    write(
        dir.path(),
        "old/b.md",
        "Per my last email, it is fixed.\n\nPer my last email, it is fixed.\n",
    );
    let (v, _) = findings(dir.path(), &["--baseline", "baseline.json", "old/b.md"]);
    assert_eq!(v.len(), 1);
    assert_eq!(v[0]["line"], 3);

    // Another file with the same words is not covered.
    write(dir.path(), "old/c.txt", BAD_EN);
    let (v, _) = findings(dir.path(), &["--baseline", "baseline.json", "old/c.txt"]);
    assert_eq!(v.len(), 1);

    write(dir.path(), "broken.json", "{\"findings\": 3}");
    let out = tactful(dir.path())
        .args(["check", "--baseline", "broken.json", "old"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("broken.json: not a tactful baseline"));
}

fn git(dir: &Path, args: &[&str]) {
    let out = Process::new("git")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.invalid",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn diff_base_checks_only_changed_files_and_lines() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q", "-b", "main"]);
    write(d, "old.txt", BAD_EN);
    write(d, "edited.txt", format!("{BAD_EN}\nThanks.\n"));
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "archive"]);
    // A new finding on an added line, an old one above it left alone, a new untracked file.
    write(
        d,
        "edited.txt",
        format!("{BAD_EN}\nThanks.\nPer my last email, it is fixed.\n"),
    );
    write(d, "new.txt", BAD_EN);

    let (v, code) = findings(d, &["--diff-base", "HEAD", "."]);
    assert_eq!(code, 1);
    let got: Vec<(String, u64)> = v
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [("edited.txt".to_string(), 6), ("new.txt".to_string(), 3)]
    );

    // Committed changes count too, and the alias works.
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "edit"]);
    let (v, _) = findings(d, &["--changed-since", "HEAD~1", "."]);
    assert_eq!(v.len(), 2);
    let (v, code) = findings(d, &["--diff-base", "HEAD", "."]);
    assert_eq!((v.len(), code), (0, 0));

    let out = tactful(d)
        .args(["check", "--diff-base", "no-such-ref", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("\"no-such-ref\" is not a revision"));

    let plain = tempfile::tempdir().unwrap();
    write(plain.path(), "a.txt", GOOD_EN);
    let out = tactful(plain.path())
        .env("GIT_CEILING_DIRECTORIES", plain.path().parent().unwrap())
        .args(["check", "--diff-base", "HEAD", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("needs a git repository"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn init_writes_a_working_config_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    tactful(dir.path()).arg("init").assert().code(0);
    let text = std::fs::read_to_string(dir.path().join("tactful.toml")).unwrap();
    assert!(
        text.lines().filter(|l| l.starts_with('#')).count() > 10,
        "commented"
    );
    write(dir.path(), "bad.txt", BAD_EN);
    tactful(dir.path())
        .args(["check", "bad.txt"])
        .assert()
        .code(1);

    std::fs::write(dir.path().join("tactful.toml"), "select = [\"BLM\"]\n").unwrap();
    let out = tactful(dir.path()).arg("init").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("tactful.toml")).unwrap(),
        "select = [\"BLM\"]\n"
    );
}
