//! The jargon analyzer (being written).

use tactful_match::PackAnalyzer;

pub fn analyzer() -> PackAnalyzer {
    PackAnalyzer::from_sources("jargon", &[]).expect("no packs yet")
}
