//! Work done once, when the crate is built: the built-in signal packs are read and compiled
//! (`tactful_match::PackSet::prebuild`), and the literals of the gates are read from the
//! regexes (`gates.rs`, the crate's `prebuilt` module): the facts' gate, for the time
//! grammar's and owner-by-name regexes, and one for each regex asked about the text next to
//! a time expression.

// The modules the gates are read with; the build uses a few of their functions.
#[allow(dead_code)]
#[path = "src/name_owner.rs"]
mod name_owner;
#[allow(dead_code)]
#[path = "src/time.rs"]
mod time;

/// While the build script runs nothing is prebuilt yet: the gates it reads come from the
/// regexes themselves.
mod prebuilt {
    pub(crate) fn context_gate(_src: &str) -> Option<crate::time::GateParts> {
        None
    }
}

use tactful_core::Lang;

fn main() {
    let sources: Vec<(String, String)> = ["en", "es", "ru"]
        .iter()
        .map(|lang| {
            (
                format!("built-in:next-steps/signals-{lang}.toml"),
                format!("packs/signals-{lang}.toml"),
            )
        })
        .collect();
    if let Err(e) = tactful_match::PackSet::prebuild("signals.bin", &sources) {
        panic!("{e}");
    }
    for src in ["src/time.rs", "src/name_owner.rs"] {
        println!("cargo::rerun-if-changed={src}");
    }
    let facts: Vec<String> = Lang::ALL
        .iter()
        .map(|&lang| {
            let gate = time::Gate::new(name_owner::gate_srcs(lang));
            format!("        Lang::{lang:?} => {},\n", gate.to_rust())
        })
        .collect();
    let mut seen = std::collections::HashSet::new();
    let context: Vec<String> = Lang::ALL
        .iter()
        .flat_map(|&lang| time::context_srcs(lang))
        .filter(|src| seen.insert(*src))
        .map(|src| format!("        {src:?} => {},\n", time::Gate::new([src]).to_rust()))
        .collect();
    let code = format!(
        "/// The facts' gate as `Gate::new` reads it from its regexes.\n\
         pub(crate) fn facts_gate(lang: Lang) -> GateParts {{\n    match lang {{\n{}    }}\n}}\n\n\
         /// The gate of a regex asked about the text next to an expression, by its source.\n\
         pub(crate) fn context_gate(src: &str) -> Option<GateParts> {{\n    \
         Some(match src {{\n{}        _ => return None,\n    }})\n}}\n",
        facts.concat(),
        context.concat()
    );
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    if let Err(e) = std::fs::write(out.join("gates.rs"), code) {
        panic!("cannot write gates.rs: {e}");
    }
}
