//! Reads the built-in signal packs once, when the crate is built: the binary loads them
//! already parsed and compiled (`tactful_match::PackSet::prebuild`).

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
}
