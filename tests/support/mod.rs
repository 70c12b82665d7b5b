//! Helpers shared by the tests that run real third-party consumers of tactful's output.
//! `.ci/run` installs those tools under `target/ci-tools/` and sets `TACTFUL_REQUIRE_TOOLS=1`,
//! so a missing tool fails CI instead of skipping.

#![allow(dead_code)] // Each test file uses its own subset.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub const BAD_EN: &str = "Hi Ana,\n\nAs I already told you, the server needs a reboot.\n";
pub const GOOD_EN: &str = "Hi Ana,\n\nThe server needs a reboot; I will do it tonight at 10pm.\n";

pub fn tactful(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("tactful").expect("binary built");
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .env("XDG_CONFIG_HOME", dir.join(".no-user-config"))
        .env_remove("CI")
        // A hang is a failure with a message, not a stuck CI run.
        .timeout(std::time::Duration::from_secs(120));
    cmd
}

pub fn write(dir: &Path, name: &str, text: impl AsRef<[u8]>) {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// Runs a command that prints one JSON document; its value and the exit code.
pub fn json_of(cmd: &mut Command) -> (serde_json::Value, i32) {
    let out = cmd.output().unwrap();
    let v = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
    (v, out.status.code().unwrap())
}

/// Where `.ci/run` installs the external tools.
pub fn tools_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/ci-tools")
}

/// The first candidate that exists, else `name` on PATH. `None` means: skip, saying why
/// (or fail, under `TACTFUL_REQUIRE_TOOLS=1`).
pub fn find_tool(name: &str, candidates: &[PathBuf], install_hint: &str) -> Option<PathBuf> {
    let found = candidates
        .iter()
        .find(|p| p.is_file())
        .cloned()
        .or_else(|| {
            std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths)
                    .map(|d| d.join(name))
                    .find(|p| p.is_file())
            })
        });
    if found.is_none() {
        let msg = format!("{name} not found ({install_hint}; `.ci/run` installs it)");
        if std::env::var_os("TACTFUL_REQUIRE_TOOLS").is_some_and(|v| v == "1") {
            panic!("{msg}, and TACTFUL_REQUIRE_TOOLS=1");
        }
        eprintln!("SKIPPED: {msg}");
    }
    found
}

/// A Python with the given modules importable: the CI venv's, else the system's.
pub fn python_with(modules: &[&str]) -> Option<PathBuf> {
    let venv = tools_dir().join("venv/bin/python");
    let candidates = [venv, PathBuf::from("python3")];
    let import = format!("import {}", modules.join(", "));
    let found = candidates.into_iter().find(|py| {
        std::process::Command::new(py)
            .args(["-c", &import])
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if found.is_none() {
        let msg = format!(
            "no Python with {} (pip install {}; `.ci/run` installs it)",
            modules.join(", "),
            modules.join(" ")
        );
        if std::env::var_os("TACTFUL_REQUIRE_TOOLS").is_some_and(|v| v == "1") {
            panic!("{msg}, and TACTFUL_REQUIRE_TOOLS=1");
        }
        eprintln!("SKIPPED: {msg}");
    }
    found
}
