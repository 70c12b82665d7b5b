#![forbid(unsafe_code)]
//! The built-in defensive analyzer as a plugin library: `cargo build -p defensive-dylib` gives
//! `libdefensive_dylib.so` (or the platform's equivalent), which `tactful --plugin` loads.
//! The plugin tests compare its findings with the statically linked analyzer.

tactful_plugin_api::export_plugin!(tactful_defensive::analyzer());
