//! Defensive phrasing: "I told you so" and its relatives, in English, Spanish and Russian.

mod told_you_so;

pub use told_you_so::ToldYouSo;

/// The defensive analyzer with all its rules.
pub fn analyzer() -> ToldYouSo {
    ToldYouSo::new()
}
