//! The phrase matcher and rule packs.
pub mod context;
pub mod fold;
pub mod matcher;
pub mod pattern;
pub mod stem;
