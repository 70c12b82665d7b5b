//! The plugin side of the ABI: the functions [`export_plugin!`](crate::export_plugin) puts in
//! the exported [`PluginV1`](crate::PluginV1) static. Plugin authors only use the macro.

use std::panic::{AssertUnwindSafe, catch_unwind};

use tactful_core::Analyzer;

use crate::abi::{
    ABI_VERSION, Buffer, CheckInput, Description, STATUS_ERROR, STATUS_OK, STATUS_PANIC,
};

/// A plugin in terms of bytes: what the exported functions call. [`export_plugin!`] implements
/// it for an [`Analyzer`]; implementing it by hand is for testing the host against broken
/// plugins (wrong version, malformed JSON).
///
/// [`export_plugin!`]: crate::export_plugin
#[doc(hidden)]
pub trait RawPlugin: 'static {
    const ABI_VERSION: u32 = ABI_VERSION;
    /// JSON [`Description`], or an error message.
    fn describe() -> Result<Vec<u8>, String>;
    /// JSON check input in; JSON findings out, or an error message.
    fn check(input: &[u8]) -> Result<Vec<u8>, String>;
}

/// `describe` for an analyzer.
#[doc(hidden)]
pub fn describe_json(analyzer: &dyn Analyzer) -> Result<Vec<u8>, String> {
    let description = Description {
        name: analyzer.name().to_string(),
        rules: analyzer.rules(),
    };
    serde_json::to_vec(&description).map_err(|e| format!("could not encode rule metadata: {e}"))
}

/// `check` for an analyzer.
#[doc(hidden)]
pub fn check_json(analyzer: &dyn Analyzer, input: &[u8]) -> Result<Vec<u8>, String> {
    let input: CheckInput = serde_json::from_slice(input)
        .map_err(|e| format!("could not read the document sent by tactful: {e}"))?;
    let findings = analyzer.check(&input.document, &input.options)?;
    serde_json::to_vec(&findings).map_err(|e| format!("could not encode findings: {e}"))
}

/// Exported `describe`.
///
/// # Safety
/// `out` must be null or point to a writable [`Buffer`].
#[doc(hidden)]
pub unsafe extern "C" fn describe<P: RawPlugin>(out: *mut Buffer) -> i32 {
    let result = catch_unwind(P::describe);
    // SAFETY: the caller passes a valid or null `out`.
    unsafe { respond(out, result) }
}

/// Exported `check`.
///
/// # Safety
/// `input` must point to `input_len` readable bytes (or be null with length 0), and `out` must
/// be null or point to a writable [`Buffer`].
#[doc(hidden)]
pub unsafe extern "C" fn check<P: RawPlugin>(
    input: *const u8,
    input_len: usize,
    out: *mut Buffer,
) -> i32 {
    let result = catch_unwind(AssertUnwindSafe(|| {
        let bytes: &[u8] = if input.is_null() || input_len == 0 {
            &[]
        } else {
            // SAFETY: the host lends `input_len` bytes at `input` for the duration of the call.
            unsafe { std::slice::from_raw_parts(input, input_len) }
        };
        P::check(bytes)
    }));
    // SAFETY: the caller passes a valid or null `out`.
    unsafe { respond(out, result) }
}

/// Exported `free`.
///
/// # Safety
/// `buf` must have been filled by this plugin's `describe` or `check` and not freed before.
#[doc(hidden)]
pub unsafe extern "C" fn free(buf: Buffer) {
    // Dropping a byte slice cannot panic today; the guard keeps an unwind from ever crossing
    // the C boundary, which would abort the host.
    let _ = catch_unwind(AssertUnwindSafe(|| {
        if !buf.ptr.is_null() {
            // SAFETY: `buf` came from `Box::into_raw` of a boxed slice of exactly `len` bytes
            // in `into_buffer`, and the caller gives it back once.
            drop(unsafe { Box::from_raw(std::ptr::slice_from_raw_parts_mut(buf.ptr, buf.len)) });
        }
    }));
}

/// Writes a call's result to `out` and returns its status.
///
/// # Safety
/// `out` must be null or point to a writable [`Buffer`].
unsafe fn respond(out: *mut Buffer, result: std::thread::Result<Result<Vec<u8>, String>>) -> i32 {
    let (status, bytes) = match result {
        Ok(Ok(json)) => (STATUS_OK, json),
        Ok(Err(message)) => (STATUS_ERROR, message.into_bytes()),
        Err(panic) => (
            STATUS_PANIC,
            tactful_core::panic_message(panic.as_ref()).into_bytes(),
        ),
    };
    if out.is_null() {
        return STATUS_ERROR;
    }
    // SAFETY: checked non-null above; the caller guarantees it is writable.
    unsafe { out.write(into_buffer(bytes)) };
    status
}

fn into_buffer(bytes: Vec<u8>) -> Buffer {
    let len = bytes.len();
    let ptr = Box::into_raw(bytes.into_boxed_slice()) as *mut u8;
    Buffer { ptr, len }
}

/// Exports an analyzer from a `cdylib` crate as a tactful plugin.
///
/// ```
/// use tactful_core::{Analyzer, CheckOptions, Document, Finding, RuleMeta};
///
/// struct Quiet;
///
/// impl Analyzer for Quiet {
///     fn name(&self) -> &str {
///         "quiet"
///     }
///     fn rules(&self) -> Vec<RuleMeta> {
///         Vec::new()
///     }
///     fn check(&self, _: &Document, _: &CheckOptions) -> Result<Vec<Finding>, String> {
///         Ok(Vec::new())
///     }
/// }
///
/// tactful_plugin_api::export_plugin!(Quiet);
/// ```
///
/// The expression is evaluated once, on first use, and must give a value that implements
/// `tactful_core::Analyzer`.
#[macro_export]
macro_rules! export_plugin {
    ($make:expr) => {
        const _: () = {
            struct Export;

            fn instance() -> &'static dyn $crate::__core::Analyzer {
                static INSTANCE: ::std::sync::OnceLock<
                    ::std::boxed::Box<dyn $crate::__core::Analyzer>,
                > = ::std::sync::OnceLock::new();
                INSTANCE
                    .get_or_init(|| ::std::boxed::Box::new($make))
                    .as_ref()
            }

            impl $crate::export::RawPlugin for Export {
                fn describe() -> ::std::result::Result<::std::vec::Vec<u8>, ::std::string::String> {
                    $crate::export::describe_json(instance())
                }
                fn check(
                    input: &[u8],
                ) -> ::std::result::Result<::std::vec::Vec<u8>, ::std::string::String> {
                    $crate::export::check_json(instance(), input)
                }
            }

            $crate::export_raw_plugin!(Export);
        };
    };
}

/// Exports a [`RawPlugin`] as the `tactful_plugin` static. For tests of the host; plugin
/// authors use [`export_plugin!`](crate::export_plugin).
#[doc(hidden)]
#[macro_export]
macro_rules! export_raw_plugin {
    ($plugin:ty) => {
        #[allow(non_upper_case_globals)]
        #[unsafe(no_mangle)]
        pub static tactful_plugin: $crate::PluginV1 = $crate::PluginV1 {
            abi_version: <$plugin as $crate::export::RawPlugin>::ABI_VERSION,
            describe: $crate::export::describe::<$plugin>,
            check: $crate::export::check::<$plugin>,
            free: $crate::export::free,
        };
    };
}
