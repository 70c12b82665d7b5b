//! Turning the paths on the command line into a sorted list of inputs.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Extensions picked up when walking a folder; files without an extension (maildir
/// messages, mbox files named `Inbox`) are read too, and binary ones skipped by content.
const WALKED_EXTENSIONS: [&str; 8] = [
    "txt", "text", "md", "markdown", "eml", "mbox", "mbx", "mail",
];

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Input {
    Stdin,
    File(PathBuf),
    /// A path that could not be walked or does not exist; reported as that input's error.
    Missing(PathBuf, String),
}

impl Input {
    pub fn display(&self, stdin_name: Option<&Path>) -> String {
        match self {
            Input::Stdin => stdin_name.map_or_else(|| "-".to_string(), |p| p.display().to_string()),
            Input::File(p) | Input::Missing(p, _) => {
                let p = p.strip_prefix(".").unwrap_or(p);
                p.display().to_string()
            }
        }
    }
}

fn walked(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if crate::config::FILE_NAMES.contains(&name) {
        return false;
    }
    match path.extension().and_then(|e| e.to_str()) {
        None | Some("") => true,
        Some(ext) => {
            // Maildir names such as `1.` or `1234.host,S=99:2,S` have no real extension.
            WALKED_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str())
                || ext.chars().next().is_some_and(|c| c.is_ascii_digit())
                || ext.contains([',', ':'])
        }
    }
}

/// Expands folders (honouring `.gitignore`, `.ignore` and hidden files, like ripgrep), keeps
/// files named explicitly whatever their extension, and sorts the result so output order
/// never depends on thread timing.
pub fn collect(paths: &[PathBuf]) -> Vec<Input> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(Input::Stdin);
            continue;
        }
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => out.extend(walk(p)),
            Ok(_) => out.push(Input::File(p.clone())),
            Err(e) => out.push(Input::Missing(p.clone(), describe_io_error(&e))),
        }
    }
    let stdin = out.contains(&Input::Stdin);
    out.retain(|i| *i != Input::Stdin);
    out.sort();
    out.dedup();
    if stdin {
        out.insert(0, Input::Stdin);
    }
    out
}

fn walk(root: &Path) -> Vec<Input> {
    let found = Mutex::new(Vec::new());
    ignore::WalkBuilder::new(root)
        .require_git(false)
        .build_parallel()
        .run(|| {
            Box::new(|entry| {
                let input = match entry {
                    Ok(e) if e.file_type().is_some_and(|t| t.is_file()) && walked(e.path()) => {
                        Some(Input::File(e.into_path()))
                    }
                    Ok(_) => None,
                    Err(err) => {
                        let path = match &err {
                            ignore::Error::WithPath { path, .. } => path.clone(),
                            _ => root.to_path_buf(),
                        };
                        Some(Input::Missing(path, err.to_string()))
                    }
                };
                if let Some(i) = input {
                    found.lock().expect("walk results").push(i);
                }
                ignore::WalkState::Continue
            })
        });
    found.into_inner().expect("walk results")
}

pub fn describe_io_error(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walking_picks_text_like_files_and_maildir_names() {
        assert!(walked(Path::new("a/notes.md")));
        assert!(walked(Path::new("a/INBOX")));
        assert!(walked(Path::new("maildir/cur/1.")));
        assert!(walked(Path::new("maildir/cur/1234.host,S=99:2,S")));
        assert!(!walked(Path::new("a/logo.png")));
        assert!(!walked(Path::new("a/main.rs")));
        assert!(!walked(Path::new("a/tactful.toml")));
    }
}
