//! The phrase matcher and rule packs.
