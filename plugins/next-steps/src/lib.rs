//! The next-steps analyzer (being written).

pub mod time;

use tactful_match::PackAnalyzer;

pub fn analyzer() -> PackAnalyzer {
    PackAnalyzer::from_sources("next-steps", &[]).expect("no packs yet")
}
