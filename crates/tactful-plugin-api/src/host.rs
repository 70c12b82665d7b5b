//! The host side: open a plugin library and wrap it as an ordinary [`Analyzer`].

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

use libloading::Library;
use tactful_core::{Analyzer, CheckOptions, Document, Finding, RuleMeta};

use crate::abi::{
    ABI_VERSION, Buffer, CheckInputRef, CheckOutput, Description, PluginV1, STATUS_ERROR,
    STATUS_OK, STATUS_PANIC, SYMBOL,
};

/// Why a plugin could not be loaded. Every variant names the library's path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PluginError {
    NotFound {
        path: PathBuf,
    },
    /// The file exists but the system loader refused it.
    NotALibrary {
        path: PathBuf,
        reason: String,
    },
    /// A library, but not a tactful plugin.
    MissingSymbol {
        path: PathBuf,
    },
    /// Built against another version of the plugin ABI.
    AbiVersion {
        path: PathBuf,
        found: u32,
    },
    /// `describe` returned an error or panicked.
    DescribeFailed {
        path: PathBuf,
        reason: String,
    },
    /// The name and rule metadata do not parse or are inconsistent.
    BadMetadata {
        path: PathBuf,
        reason: String,
    },
}

impl PluginError {
    pub fn path(&self) -> &Path {
        match self {
            PluginError::NotFound { path }
            | PluginError::NotALibrary { path, .. }
            | PluginError::MissingSymbol { path }
            | PluginError::AbiVersion { path, .. }
            | PluginError::DescribeFailed { path, .. }
            | PluginError::BadMetadata { path, .. } => path,
        }
    }
}

impl fmt::Display for PluginError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PluginError::NotFound { path } => {
                write!(f, "plugin {}: no such file", path.display())
            }
            PluginError::NotALibrary { path, reason } => write!(
                f,
                "plugin {} is not a loadable shared library: {reason}",
                path.display()
            ),
            PluginError::MissingSymbol { path } => write!(
                f,
                "plugin {} is a library but not a tactful plugin: it does not export \
                 `{SYMBOL}` (build it with `tactful_plugin_api::export_plugin!`)",
                path.display()
            ),
            PluginError::AbiVersion { path, found } if *found < ABI_VERSION => write!(
                f,
                "plugin {} was built for plugin ABI v{found}, older than the v{ABI_VERSION} \
                 this tactful speaks: rebuild it against the current tactful-plugin-api",
                path.display()
            ),
            PluginError::AbiVersion { path, found } => write!(
                f,
                "plugin {} was built for plugin ABI v{found}, newer than the v{ABI_VERSION} \
                 this tactful speaks: upgrade tactful or use a build of the plugin for v{ABI_VERSION}",
                path.display()
            ),
            PluginError::DescribeFailed { path, reason } => write!(
                f,
                "plugin {} failed to describe its rules: {reason}",
                path.display()
            ),
            PluginError::BadMetadata { path, reason } => write!(
                f,
                "plugin {} returned rule metadata that is not valid: {reason}",
                path.display()
            ),
        }
    }
}

impl std::error::Error for PluginError {}

/// Loads the plugin at `path` and returns it as an ordinary analyzer.
///
/// Call it on the main thread before any parallel work. Loading a library runs its code: only
/// load what the user opted into (see `docs/plugins.md`, "Trust"). The library is never
/// unloaded.
pub fn load_plugin(path: &Path) -> Result<Box<dyn Analyzer>, PluginError> {
    Ok(Box::new(DynamicAnalyzer::load(path)?))
}

/// A plugin library wrapped as an [`Analyzer`]. It checks everything the plugin returns: JSON
/// that does not parse, undeclared rule codes and spans outside the text or inside a character
/// become that document's error.
pub struct DynamicAnalyzer {
    path: PathBuf,
    name: String,
    rules: Vec<RuleMeta>,
    codes: HashSet<String>,
    api: &'static PluginV1,
}

impl fmt::Debug for DynamicAnalyzer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DynamicAnalyzer")
            .field("path", &self.path)
            .field("name", &self.name)
            .field("rules", &self.codes)
            .finish()
    }
}

impl DynamicAnalyzer {
    /// See [`load_plugin`].
    pub fn load(path: &Path) -> Result<DynamicAnalyzer, PluginError> {
        let path = path.to_path_buf();
        if !path.is_file() {
            return Err(PluginError::NotFound { path });
        }
        // SAFETY: opening a library runs its initialisers; the caller has decided to trust it
        // (the trust rule lives with whoever chooses `path`).
        let library = unsafe { Library::new(&path) }.map_err(|e| PluginError::NotALibrary {
            path: path.clone(),
            reason: e.to_string(),
        })?;
        // Never unloaded: thread-local destructors and leaked pointers into the library would
        // dangle after `dlclose`. A failed load leaks one handle, which is harmless.
        let library: &'static Library = Box::leak(Box::new(library));
        // SAFETY: `tactful_plugin` is a static whose first field is a `u32` (the ABI version);
        // we only take its address here.
        let symbol = unsafe { library.get::<*const u32>(SYMBOL.as_bytes()) }
            .map_err(|_| PluginError::MissingSymbol { path: path.clone() })?;
        let version_ptr: *const u32 = *symbol;
        if version_ptr.is_null() {
            return Err(PluginError::MissingSymbol { path });
        }
        // SAFETY: every ABI version starts the static with a `u32` version, so reading it is
        // valid whatever version the plugin was built for.
        let found = unsafe { version_ptr.read() };
        if found != ABI_VERSION {
            return Err(PluginError::AbiVersion { path, found });
        }
        // SAFETY: version 1 means the static is a `PluginV1`, and the library is never
        // unloaded, so the reference lives for the rest of the process.
        let api: &'static PluginV1 = unsafe { &*version_ptr.cast::<PluginV1>() };

        let mut out = Buffer::empty();
        // SAFETY: `out` is a valid buffer; the plugin fills it.
        let status = unsafe { (api.describe)(&mut out) };
        // SAFETY: `out` was filled by this plugin's `describe` and is taken once.
        let bytes = unsafe { take(api, out) };
        if status != STATUS_OK {
            return Err(PluginError::DescribeFailed {
                path,
                reason: status_message(status, &bytes),
            });
        }
        let description: Description =
            serde_json::from_slice(&bytes).map_err(|e| PluginError::BadMetadata {
                path: path.clone(),
                reason: e.to_string(),
            })?;
        Self::from_description(path, description, api)
    }

    fn from_description(
        path: PathBuf,
        description: Description,
        api: &'static PluginV1,
    ) -> Result<DynamicAnalyzer, PluginError> {
        let bad = |reason: String| PluginError::BadMetadata {
            path: path.clone(),
            reason,
        };
        let name = description.name.trim().to_string();
        if name.is_empty() {
            return Err(bad("the plugin's name is empty".into()));
        }
        if description.rules.is_empty() {
            return Err(bad("the plugin declares no rules".into()));
        }
        let mut codes = HashSet::new();
        let mut rules = description.rules;
        for rule in &mut rules {
            if rule.code.is_empty() || rule.code.chars().any(|c| !c.is_ascii_alphanumeric()) {
                return Err(bad(format!(
                    "rule code {:?} is not letters and digits",
                    rule.code
                )));
            }
            if rule.name.trim().is_empty() || rule.summary.trim().is_empty() {
                return Err(bad(format!("rule {} has no name or summary", rule.code)));
            }
            if !codes.insert(rule.code.clone()) {
                return Err(bad(format!("rule code {} is declared twice", rule.code)));
            }
            // The host says where a rule comes from; a plugin cannot pass itself off as built-in.
            rule.origin = format!("plugin {}", path.display());
        }
        Ok(DynamicAnalyzer {
            path,
            name,
            rules,
            codes,
            api,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Parses and checks what the plugin's `check` returned.
    fn accept(&self, doc: &Document, bytes: &[u8]) -> Result<Vec<Finding>, String> {
        let findings: CheckOutput = serde_json::from_slice(bytes).map_err(|e| {
            format!(
                "plugin {} returned findings that are not valid JSON: {e}",
                self.name
            )
        })?;
        for f in &findings {
            if !self.codes.contains(&f.rule) {
                return Err(format!(
                    "plugin {} reported rule {:?}, which it does not declare",
                    self.name, f.rule
                ));
            }
            f.check_span(&doc.text)
                .map_err(|e| format!("plugin {}: {e}", self.name))?;
        }
        Ok(findings)
    }
}

impl Analyzer for DynamicAnalyzer {
    fn name(&self) -> &str {
        &self.name
    }

    fn rules(&self) -> Vec<RuleMeta> {
        self.rules.clone()
    }

    fn check(&self, doc: &Document, opts: &CheckOptions) -> Result<Vec<Finding>, String> {
        let input = serde_json::to_vec(&CheckInputRef {
            document: doc,
            options: opts,
        })
        .map_err(|e| {
            format!(
                "could not encode the document for plugin {}: {e}",
                self.name
            )
        })?;
        let mut out = Buffer::empty();
        // SAFETY: `input` outlives the call and `out` is a valid buffer the plugin fills.
        let status = unsafe { (self.api.check)(input.as_ptr(), input.len(), &mut out) };
        // SAFETY: `out` was filled by this plugin's `check` and is taken once.
        let bytes = unsafe { take(self.api, out) };
        match status {
            STATUS_OK => self.accept(doc, &bytes),
            STATUS_PANIC => Err(format!(
                "plugin {} panicked: {}",
                self.name,
                String::from_utf8_lossy(&bytes)
            )),
            _ => Err(format!(
                "plugin {} failed: {}",
                self.name,
                status_message(status, &bytes)
            )),
        }
    }
}

/// Copies a plugin's buffer and gives it back to the plugin.
///
/// # Safety
/// `buf` must have been filled by `api`'s own `describe` or `check` and not freed before.
unsafe fn take(api: &PluginV1, buf: Buffer) -> Vec<u8> {
    if buf.ptr.is_null() {
        return Vec::new();
    }
    // SAFETY: the plugin filled `buf` with `len` initialised bytes that stay valid until freed.
    let bytes = unsafe { std::slice::from_raw_parts(buf.ptr, buf.len) }.to_vec();
    // SAFETY: given back exactly once, to the allocator that made it.
    unsafe { (api.free)(buf) };
    bytes
}

fn status_message(status: i32, bytes: &[u8]) -> String {
    let message = String::from_utf8_lossy(bytes);
    match status {
        STATUS_ERROR => message.into_owned(),
        STATUS_PANIC => format!("panicked: {message}"),
        other => format!("unknown status {other}: {message}"),
    }
}
