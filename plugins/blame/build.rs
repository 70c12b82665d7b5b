//! Reads the built-in packs once, when the crate is built: the binary loads them already
//! parsed and compiled (`tactful_match::PackSet::prebuild`).

fn main() {
    for lang in ["en", "es", "ru"] {
        let origin = format!("built-in:blame.{lang}.toml");
        let path = format!("packs/blame.{lang}.toml");
        if let Err(e) =
            tactful_match::PackSet::prebuild(&format!("blame.{lang}.bin"), &[(&origin, &path)])
        {
            panic!("{e}");
        }
    }
}
