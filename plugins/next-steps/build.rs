//! Work done once, when the crate is built: the built-in signal packs are read and compiled
//! (`tactful_match::PackSet::prebuild`), and the literals of the facts' gate are read from
//! the time grammar's and owner-by-name regexes (`gates.rs`, read by `facts::gate`).

// The modules the gate is read with; the build uses a few of their functions.
#[allow(dead_code)]
#[path = "src/name_owner.rs"]
mod name_owner;
#[allow(dead_code)]
#[path = "src/time.rs"]
mod time;

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
    let arms: Vec<String> = Lang::ALL
        .iter()
        .map(|&lang| {
            let gate = time::Gate::new(name_owner::gate_srcs(lang));
            format!("        Lang::{lang:?} => {},\n", gate.to_rust())
        })
        .collect();
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let code = format!(
        "/// The facts' gate as `Gate::new` reads it from its regexes (written by `build.rs`).\n\
         fn prebuilt_gate(lang: Lang) -> crate::time::GateParts {{\n    \
         use crate::time::GateParts;\n    match lang {{\n{}    }}\n}}\n",
        arms.concat()
    );
    if let Err(e) = std::fs::write(out.join("gates.rs"), code) {
        panic!("cannot write gates.rs: {e}");
    }
}
