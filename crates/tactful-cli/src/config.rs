//! `tactful.toml`: discovery (nearest file up from each checked file, over the user's own),
//! parsing with line/column errors, and per-file resolution including per-glob overrides.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use tactful_core::{Audience, CheckOptions, Lang, Policy, SegmentKind, Severity};

pub const FILE_NAMES: [&str; 2] = ["tactful.toml", ".tactful.toml"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FailOnSetting {
    Error,
    Warning,
    Info,
    Never,
}

// serde's `flatten` would lose toml's spans (errors would all point at 1:1), so the shared
// settings (and how they apply) are spelt into each struct by this macro instead.
macro_rules! with_settings {
    ($(#[$meta:meta])* pub struct $name:ident { $($(#[$fmeta:meta])* pub $field:ident: $ty:ty,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, Deserialize)]
        #[serde(deny_unknown_fields, rename_all = "kebab-case")]
        pub struct $name {
            pub select: Option<Vec<String>>,
            pub ignore: Option<Vec<String>>,
            /// Extra rules to skip, added to whatever `ignore` says (handy in overrides).
            pub extend_ignore: Option<Vec<String>>,
            pub severity: Option<BTreeMap<String, Severity>>,
            pub language: Option<Lang>,
            pub audience: Option<Audience>,
            pub glossary: Option<Vec<String>>,
            /// Segment kinds to skip (default: quoted, signature, code, header, markup).
            pub skip_segments: Option<Vec<SegmentKind>>,
            $($(#[$fmeta])* pub $field: $ty,)*
        }

        impl $name {
            /// Applies the settings this file or override sets on top of `r`; `None` inherits.
            pub fn apply_to(&self, r: &mut Resolved) {
                if let Some(v) = &self.select {
                    r.policy.select = v.clone();
                }
                if let Some(v) = &self.ignore {
                    r.policy.ignore = v.clone();
                }
                if let Some(v) = &self.extend_ignore {
                    r.policy.ignore.extend(v.iter().cloned());
                }
                if let Some(m) = &self.severity {
                    r.policy
                        .severity
                        .extend(m.iter().map(|(k, v)| (k.clone(), *v)));
                }
                if let Some(l) = self.language {
                    r.lang = Some(l);
                }
                if let Some(a) = self.audience {
                    r.options.audience = a;
                }
                if let Some(g) = &self.glossary {
                    r.options.glossary.extend(g.iter().cloned());
                }
                if let Some(k) = &self.skip_segments {
                    r.options.skip = k.clone();
                }
            }
        }
    };
}

with_settings! {
    pub struct ConfigFile {
        pub fail_on: Option<FailOnSetting>,
        /// Rule packs to load, relative to this file.
        #[serde(default)]
        pub packs: Vec<PathBuf>,
        /// Plugin libraries, relative to this file (loaded only under the trust rule).
        #[serde(default)]
        pub plugins: Vec<PathBuf>,
        #[serde(default)]
        pub overrides: Vec<Override>,
    }
}

with_settings! {
    pub struct Override {
        /// Globs relative to the config file's folder.
        pub files: Vec<String>,
    }
}

/// A parsed config file with its folder and compiled override globs.
#[derive(Debug)]
pub struct Config {
    pub path: PathBuf,
    pub dir: PathBuf,
    pub file: ConfigFile,
    globs: Vec<GlobSet>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line > 0 {
            write!(
                f,
                "{}:{}:{}: {}",
                self.path.display(),
                self.line,
                self.column,
                self.message
            )
        } else {
            write!(f, "{}: {}", self.path.display(), self.message)
        }
    }
}

impl Config {
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        // A config is small; a FIFO or `/dev/zero` given to --config would be read forever.
        let readable = std::fs::metadata(path).and_then(|m| {
            if !m.is_file() {
                Err(std::io::Error::other("not a regular file"))
            } else if m.len() > 1 << 20 {
                Err(std::io::Error::other("over 1 MB, too large for a config"))
            } else {
                std::fs::read_to_string(path)
            }
        });
        let text = readable.map_err(|e| ConfigError {
            path: path.to_path_buf(),
            line: 0,
            column: 0,
            message: format!("cannot read: {e}"),
        })?;
        Config::parse(path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        let file: ConfigFile = toml::from_str(text).map_err(|e| {
            let (line, column) = e.span().map(|s| line_col(text, s.start)).unwrap_or((0, 0));
            ConfigError {
                path: path.to_path_buf(),
                line,
                column,
                message: e.message().trim().to_string(),
            }
        })?;
        let mut globs = Vec::new();
        for ov in &file.overrides {
            let mut b = GlobSetBuilder::new();
            for g in &ov.files {
                b.add(Glob::new(g).map_err(|e| ConfigError {
                    path: path.to_path_buf(),
                    line: find_line(text, g),
                    column: 1,
                    message: format!("bad glob {g:?}: {e}"),
                })?);
            }
            globs.push(b.build().map_err(|e| ConfigError {
                path: path.to_path_buf(),
                line: 0,
                column: 0,
                message: e.to_string(),
            })?);
        }
        let dir = path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        Ok(Config {
            path: path.to_path_buf(),
            dir,
            file,
            globs,
        })
    }

    /// Override settings that apply to `file`, in the order written.
    fn overrides_for<'a>(&'a self, file: &Path) -> impl Iterator<Item = &'a Override> + 'a {
        let rel = file
            .strip_prefix(&self.dir)
            .map(Path::to_path_buf)
            .unwrap_or_else(|_| file.to_path_buf());
        self.file
            .overrides
            .iter()
            .zip(&self.globs)
            .filter(move |(_, g)| g.is_match(&rel))
            .map(|(o, _)| o)
    }
}

impl Config {
    pub fn packs(&self) -> impl Iterator<Item = PathBuf> + '_ {
        self.file.packs.iter().map(|p| self.dir.join(p))
    }

    pub fn plugins(&self) -> impl Iterator<Item = PathBuf> + '_ {
        self.file.plugins.iter().map(|p| self.dir.join(p))
    }
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let idx = tactful_core::LineIndex::new(text);
    idx.line_col(offset)
}

fn find_line(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .map_or(0, |i| i + 1)
}

/// What one file is checked with.
#[derive(Debug, Clone, Default)]
pub struct Resolved {
    pub policy: Policy,
    pub options: CheckOptions,
    pub lang: Option<Lang>,
}

/// Where user-level configuration lives: `$XDG_CONFIG_HOME/tactful/tactful.toml`, else
/// `~/.config/tactful/tactful.toml`.
pub fn user_config_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    let p = base.join("tactful").join("tactful.toml");
    p.is_file().then_some(p)
}

/// Finds and caches the config that governs each folder.
pub struct Discovery {
    user: Option<Config>,
    fixed: Option<Config>,
    isolated: bool,
    by_dir: Mutex<HashMap<PathBuf, Option<std::sync::Arc<Config>>>>,
}

impl Discovery {
    pub fn new(explicit: Option<&Path>, isolated: bool) -> Result<Discovery, ConfigError> {
        let fixed = explicit.map(Config::load).transpose()?;
        let user = if isolated || fixed.is_some() {
            None
        } else {
            user_config_path().map(|p| Config::load(&p)).transpose()?
        };
        Ok(Discovery {
            user,
            fixed,
            isolated,
            by_dir: Mutex::new(HashMap::new()),
        })
    }

    /// The user's own config, or the one given with `--config`: trusted to load plugins.
    pub fn user(&self) -> Option<&Config> {
        self.user.as_ref().or(self.fixed.as_ref())
    }

    /// Project configs found so far, sorted by path.
    pub fn projects(&self) -> Vec<std::sync::Arc<Config>> {
        let mut v: Vec<_> = self
            .by_dir
            .lock()
            .expect("config cache")
            .values()
            .flatten()
            .cloned()
            .collect();
        v.sort_by(|a, b| a.path.cmp(&b.path));
        v.dedup_by(|a, b| a.path == b.path);
        v
    }

    /// The project config nearest to `dir` (walking up), if any.
    pub fn project_for(&self, dir: &Path) -> Result<Option<std::sync::Arc<Config>>, ConfigError> {
        if self.isolated || self.fixed.is_some() {
            return Ok(None);
        }
        let dir = absolute(dir);
        if let Some(hit) = self.by_dir.lock().expect("config cache").get(&dir) {
            return Ok(hit.clone());
        }
        let mut found = None;
        for d in dir.ancestors() {
            if let Some(p) = FILE_NAMES.iter().map(|n| d.join(n)).find(|p| p.is_file()) {
                found = Some(std::sync::Arc::new(Config::load(&p)?));
                break;
            }
        }
        self.by_dir
            .lock()
            .expect("config cache")
            .insert(dir, found.clone());
        Ok(found)
    }

    /// Settings for one file: defaults, then the user (or `--config`) file, then the nearest
    /// project file, each with its matching overrides.
    pub fn resolve(&self, file: &Path) -> Result<Resolved, ConfigError> {
        let mut r = Resolved::default();
        let abs = absolute(file);
        let project = match abs.parent() {
            Some(dir) => self.project_for(dir)?,
            None => None,
        };
        for cfg in self.user().into_iter().chain(project.as_deref()) {
            cfg.file.apply_to(&mut r);
            for o in cfg.overrides_for(&abs) {
                o.apply_to(&mut r);
            }
        }
        Ok(r)
    }

    /// `fail-on` from the governing config of the current folder.
    pub fn fail_on(&self, cwd: &Path) -> Result<Option<FailOnSetting>, ConfigError> {
        let project = self.project_for(cwd)?;
        Ok(project
            .as_deref()
            .and_then(|c| c.file.fail_on)
            .or_else(|| self.user().and_then(|c| c.file.fail_on)))
    }
}

pub fn absolute(p: &Path) -> PathBuf {
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(p))
            .unwrap_or_else(|_| p.to_path_buf())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_value_names_file_line_and_column() {
        let text = "select = [\"DEF\"]\n\n[severity]\nDEF001 = \"loud\"\n";
        let err = Config::parse(Path::new("x/tactful.toml"), text).unwrap_err();
        assert_eq!(
            (err.line, err.path.clone()),
            (4, PathBuf::from("x/tactful.toml"))
        );
        assert!(err.message.contains("loud"), "{}", err.message);
    }

    #[test]
    fn unknown_keys_are_errors() {
        let err = Config::parse(Path::new("t.toml"), "selct = [\"DEF\"]").unwrap_err();
        assert_eq!(err.line, 1);
        assert!(err.message.contains("selct"), "{}", err.message);
    }

    #[test]
    fn overrides_apply_by_glob_relative_to_the_config() {
        let text = r#"
audience = "general"
ignore = ["JAR"]
[[overrides]]
files = ["clients/acme/**"]
audience = "technical"
glossary = ["API"]
extend-ignore = ["BLM002"]
"#;
        let cfg = Config::parse(Path::new("/repo/tactful.toml"), text).unwrap();
        let mut r = Resolved::default();
        cfg.file.apply_to(&mut r);
        for o in cfg.overrides_for(Path::new("/repo/clients/acme/mail.eml")) {
            o.apply_to(&mut r);
        }
        assert_eq!(r.options.audience, Audience::Technical);
        assert_eq!(r.options.glossary, ["API"]);
        assert_eq!(r.policy.ignore, ["JAR", "BLM002"]);
        assert_eq!(cfg.overrides_for(Path::new("/repo/other/x.md")).count(), 0);
    }
}
