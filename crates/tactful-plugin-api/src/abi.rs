//! The binary interface between tactful and a plugin library, version [`ABI_VERSION`].
//!
//! A plugin exports one static, [`SYMBOL`] (`tactful_plugin`), of type [`PluginV1`]. Its first
//! field is the ABI version, which the host reads before it trusts anything else, so the symbol
//! name never changes and a plugin built for another version gets a clear error, not a crash.
//!
//! Every call returns a status and fills one [`Buffer`] that the plugin allocated; the host copies
//! it and hands it back to the plugin's `free`. JSON shapes (the serde forms of `tactful_core`):
//!
//! - `describe` → `{"name": String, "rules": [RuleMeta]}`
//! - `check` ← `{"document": Document, "options": CheckOptions}`
//! - `check` → on [`STATUS_OK`] `[Finding]`; otherwise a UTF-8 error message.

use serde::{Deserialize, Serialize};
use tactful_core::{CheckOptions, Document, Finding, RuleMeta};

/// The ABI this build of tactful speaks. Bump it on any change to [`PluginV1`] or the JSON shapes.
pub const ABI_VERSION: u32 = 1;

/// The name of the exported static.
pub const SYMBOL: &str = "tactful_plugin";

/// The call succeeded; the buffer holds the JSON result.
pub const STATUS_OK: i32 = 0;
/// The analyzer returned an error (or could not read its input); the buffer holds the message.
pub const STATUS_ERROR: i32 = 1;
/// The plugin panicked; the buffer holds the panic message.
pub const STATUS_PANIC: i32 = 2;

/// Bytes allocated by the plugin, owned by the plugin: give them back with [`PluginV1::free`].
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct Buffer {
    pub ptr: *mut u8,
    pub len: usize,
}

impl Buffer {
    pub const fn empty() -> Self {
        Buffer {
            ptr: std::ptr::null_mut(),
            len: 0,
        }
    }
}

/// The exported static. `#[repr(C)]` and only C types, so its layout does not depend on the
/// compiler version either side was built with.
#[repr(C)]
pub struct PluginV1 {
    /// Always the first field: the host reads it before anything else.
    pub abi_version: u32,
    /// Fills `out` with the plugin's name and rules.
    pub describe: unsafe extern "C" fn(out: *mut Buffer) -> i32,
    /// Reads `input_len` bytes of check input at `input` (owned by the host, only borrowed) and
    /// fills `out` with findings or an error message.
    pub check: unsafe extern "C" fn(input: *const u8, input_len: usize, out: *mut Buffer) -> i32,
    /// Frees a buffer this plugin filled. Never call it twice for one buffer.
    pub free: unsafe extern "C" fn(buf: Buffer),
}

/// What `describe` returns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Description {
    pub name: String,
    pub rules: Vec<RuleMeta>,
}

/// What the host sends to `check`, borrowed so it is serialized without a copy.
#[derive(Debug, Serialize)]
pub struct CheckInputRef<'a> {
    pub document: &'a Document,
    pub options: &'a CheckOptions,
}

/// What the plugin reads in `check`.
#[derive(Debug, Deserialize)]
pub struct CheckInput {
    pub document: Document,
    pub options: CheckOptions,
}

/// What `check` returns on success.
pub type CheckOutput = Vec<Finding>;
