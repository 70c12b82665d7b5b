//! Reads the built-in lexicons once, when the crate is built: the binary loads them already
//! parsed and compiled (`tactful_match::PackSet::prebuild`).

fn main() {
    let sources: Vec<(String, String)> = ["technical", "corporate"]
        .iter()
        .flat_map(|kind| {
            ["en", "es", "ru"].map(|lang| {
                (
                    format!("built-in:jargon/{kind}.{lang}.toml"),
                    format!("packs/{kind}.{lang}.toml"),
                )
            })
        })
        .collect();
    if let Err(e) = tactful_match::PackSet::prebuild("jargon.bin", &sources) {
        panic!("{e}");
    }
}
