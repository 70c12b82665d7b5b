//! tactful's plugin ABI: ship an [`Analyzer`](tactful_core::Analyzer) as a shared library and
//! load it at run time.
//!
//! - Plugin side: write a plain `impl Analyzer`, build the crate as a `cdylib`, and add one line,
//!   `tactful_plugin_api::export_plugin!(MyAnalyzer::new());`.
//! - Host side: [`load_plugin`] opens the library and returns an ordinary `Box<dyn Analyzer>`.
//!
//! Rust has no stable ABI, so only C types cross the boundary and all data travels as JSON
//! (see [`abi`]). This is the only crate of tactful with `unsafe` code.

pub mod abi;
pub mod export;
mod host;

pub use abi::{ABI_VERSION, Buffer, PluginV1, SYMBOL};
pub use host::{DynamicAnalyzer, PluginError, load_plugin};

/// Re-exported so the [`export_plugin!`] expansion names the same `tactful_core` as the plugin.
#[doc(hidden)]
pub use tactful_core as __core;
