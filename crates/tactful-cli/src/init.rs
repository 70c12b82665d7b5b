//! `tactful init`: a commented starter `tactful.toml` in the current folder.

use std::io::Write;

use crate::EXIT_OK;

/// Every key is shown with its default, commented out where the default is "nothing", so the
/// file documents itself and behaves exactly like no file until edited.
pub const STARTER: &str = r#"# tactful.toml: settings for `tactful check` in this folder and below.
# tactful reads the nearest tactful.toml up from each checked file, on top of your own
# ~/.config/tactful/tactful.toml. `tactful rules` lists the rules; `tactful explain CODE`
# says what one flags and why.

# Rules to run and to skip: codes (DEF001), code prefixes (DEF) or categories
# (defensive, blame, jargon, next-steps). "ALL" means every rule.
select = ["ALL"]
# ignore = ["JAR"]

# Lowest severity that makes `tactful check` exit with 1: error | warning | info | never.
fail-on = "warning"

# Language of every document (en, es, ru) instead of detecting it per document.
# language = "en"

# Who reads you: "general" flags technical and corporate jargon; "technical" only corporate.
audience = "general"

# Terms your readers know, never flagged as jargon.
# glossary = ["SLA", "VPN"]

# Parts of a document that are not checked.
skip-segments = ["quoted", "signature", "code", "header", "markup"]

# Rule packs (TOML) of your own, relative to this file.
# packs = ["rules/our-team.toml"]

# Severity of single rules: error | warning | info.
# [severity]
# DEF001 = "error"

# Settings for some files only, by globs relative to this file.
# [[overrides]]
# files = ["clients/acme/**"]
# audience = "technical"
# extend-ignore = ["BLM002"]
"#;

pub fn run() -> u8 {
    let path = std::path::Path::new("tactful.toml");
    // `create_new` refuses an existing file atomically: no check-then-write race.
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(mut f) => match f.write_all(STARTER.as_bytes()) {
            Ok(()) => {
                println!("Wrote tactful.toml: edit it, then run `tactful check`.");
                EXIT_OK
            }
            Err(e) => crate::fail(&format!("cannot write tactful.toml: {e}")),
        },
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => crate::fail(
            "tactful.toml already exists here; not overwriting it (remove or rename it first)",
        ),
        Err(e) => crate::fail(&format!(
            "cannot create tactful.toml: {}",
            crate::inputs::describe_io_error(&e)
        )),
    }
}
