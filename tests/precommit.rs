//! The pre-commit hook, run by the real `pre-commit` (PyPI) in a throwaway git repository:
//! committing a bad draft fails and shows the finding, a good one goes through. The test's
//! config is made from the repository's `.pre-commit-hooks.yaml` (same id, entry arguments,
//! types and file pattern), with `language: system` pointing at the binary just built so
//! pre-commit does not compile tactful again.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use support::{BAD_EN, GOOD_EN, find_tool, python_with, tools_dir, write};

fn run(dir: &Path, program: &Path, args: &[&str], home: &Path) -> Output {
    Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("PRE_COMMIT_HOME", home.join("pre-commit-cache"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.invalid")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.invalid")
        .env("NO_COLOR", "1")
        .env_remove("CI")
        .output()
        .expect("runs")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn pre_commit_blocks_a_bad_draft_and_passes_a_good_one() {
    let venv_bin = tools_dir().join("venv/bin");
    let Some(pre_commit) = find_tool(
        "pre-commit",
        &[venv_bin.join("pre-commit")],
        "pip install pre-commit",
    ) else {
        return;
    };
    // pre-commit ships PyYAML; the interpreter next to it reads the hook definition.
    let Some(python) = python_with(&["yaml"]) else {
        return;
    };
    let repo = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let r = repo.path();
    let git = PathBuf::from("git");
    assert!(
        run(r, &git, &["init", "-q", "-b", "main"], home.path())
            .status
            .success()
    );
    assert!(
        run(r, &git, &["config", "commit.gpgsign", "false"], home.path())
            .status
            .success()
    );

    let hooks = Path::new(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml");
    let make_config = r#"
import sys, yaml
hooks = yaml.safe_load(open(sys.argv[1]))
hook = next(h for h in hooks if h["id"] == "tactful")
assert hook["entry"].split()[0] == "tactful", hook["entry"]
local = dict(hook)
local["language"] = "system"
local["entry"] = " ".join([sys.argv[2]] + hook["entry"].split()[1:])
yaml.safe_dump({"repos": [{"repo": "local", "hooks": [local]}]}, open(sys.argv[3], "w"))
"#;
    let out = Command::new(&python)
        .args(["-c", make_config])
        .arg(&hooks)
        .arg(env!("CARGO_BIN_EXE_tactful"))
        .arg(r.join(".pre-commit-config.yaml"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let install = run(r, &pre_commit, &["install"], home.path());
    assert!(install.status.success(), "{}", text(&install));
    assert!(
        run(r, &git, &["add", ".pre-commit-config.yaml"], home.path())
            .status
            .success()
    );
    let first = run(r, &git, &["commit", "-q", "-m", "config"], home.path());
    assert!(first.status.success(), "{}", text(&first));

    write(r, "drafts/reply.md", BAD_EN);
    // A file the hook does not cover is left alone even with a finding in it.
    write(r, "build.log", BAD_EN);
    assert!(run(r, &git, &["add", "."], home.path()).status.success());
    let bad = run(r, &git, &["commit", "-m", "bad draft"], home.path());
    let said = text(&bad);
    assert!(!bad.status.success(), "the commit must be refused: {said}");
    assert!(said.contains("drafts/reply.md:3:1: DEF001"), "{said}");
    assert!(!said.contains("build.log:"), "{said}");

    write(r, "drafts/reply.md", GOOD_EN);
    assert!(run(r, &git, &["add", "."], home.path()).status.success());
    let good = run(r, &git, &["commit", "-m", "good draft"], home.path());
    assert!(good.status.success(), "{}", text(&good));
    assert!(
        text(&good).contains("tactful"),
        "the hook ran: {}",
        text(&good)
    );
}
