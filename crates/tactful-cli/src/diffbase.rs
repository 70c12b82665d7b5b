//! `--diff-base REF`: the files and lines changed since a git revision (committed, staged and
//! unstaged changes, and untracked files), read from `git diff --unified=0`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use tactful_core::LineIndex;

use crate::check::FileResult;

/// Changed line ranges (1-based, inclusive) by canonical file path.
#[derive(Debug, Default)]
pub struct ChangedLines {
    files: HashMap<PathBuf, Vec<(usize, usize)>>,
}

fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "core.quotepath=off"])
        .args(args)
        .output()
        .map_err(|e| format!("--diff-base needs git, which could not be run: {e}"))?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
    }
}

impl ChangedLines {
    /// What changed in the repository around `dir` since `rev`.
    pub fn since(rev: &str, dir: &Path) -> Result<ChangedLines, String> {
        let top = git(dir, &["rev-parse", "--show-toplevel"]).map_err(|e| {
            format!(
                "--diff-base needs a git repository, and {} is not in one ({e})",
                dir.display()
            )
        })?;
        let top = PathBuf::from(String::from_utf8_lossy(&top).trim_end_matches(['\n', '\r']));
        let commit = format!("{rev}^{{commit}}");
        git(&top, &["rev-parse", "--verify", "--quiet", &commit])
            .map_err(|_| format!("--diff-base: {rev:?} is not a revision of this repository"))?;
        let diff = git(
            &top,
            &[
                "diff",
                "--unified=0",
                "--no-color",
                "--no-ext-diff",
                "--src-prefix=a/",
                "--dst-prefix=b/",
                rev,
                "--",
            ],
        )
        .map_err(|e| format!("git diff {rev} failed: {e}"))?;
        let mut changed = parse_diff(&String::from_utf8_lossy(&diff), &top);
        let untracked = git(&top, &["ls-files", "--others", "--exclude-standard", "-z"])
            .map_err(|e| format!("git ls-files failed: {e}"))?;
        for name in untracked.split(|&b| b == 0).filter(|n| !n.is_empty()) {
            let path = top.join(String::from_utf8_lossy(name).as_ref());
            changed
                .files
                .insert(canonical(&path), vec![(1, usize::MAX)]);
        }
        Ok(changed)
    }

    pub fn touches(&self, path: &Path) -> bool {
        self.files.contains_key(&canonical(path))
    }

    /// Keeps the findings of `path` that overlap a changed line.
    pub fn filter(&self, path: &Path, r: &mut FileResult) {
        let ranges = self
            .files
            .get(&canonical(path))
            .map_or(&[][..], Vec::as_slice);
        for d in &mut r.docs {
            let idx = LineIndex::new(&d.doc.text);
            let offset = d.doc.line_offset;
            d.report.diagnostics.retain(|diag| {
                let first = idx.line_col(diag.finding.span.start).0 + offset;
                let last = idx.line_col(diag.finding.span.end).0 + offset;
                ranges.iter().any(|&(s, e)| first <= e && s <= last)
            });
        }
    }
}

fn canonical(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

/// Ranges of new-side lines per file from a `--unified=0` diff.
fn parse_diff(diff: &str, top: &Path) -> ChangedLines {
    let mut out = ChangedLines::default();
    let mut current: Option<PathBuf> = None;
    for line in diff.lines() {
        if let Some(name) = line.strip_prefix("+++ ") {
            let name = unquote(name);
            current = name.strip_prefix("b/").map(|n| canonical(&top.join(n)));
            if let Some(p) = &current {
                out.files.entry(p.clone()).or_default();
            }
        } else if let (Some(hunk), Some(p)) = (line.strip_prefix("@@ "), &current) {
            // "@@ -a,b +c,d @@": d new lines from line c; d = 0 is a pure deletion.
            let new = hunk
                .split(' ')
                .find_map(|w| w.strip_prefix('+'))
                .unwrap_or("");
            let mut parts = new.splitn(2, ',');
            let start: usize = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0);
            let count: usize = parts
                .next()
                .map_or(Some(1), |c| c.parse().ok())
                .unwrap_or(0);
            if count > 0 && start > 0 {
                out.files
                    .entry(p.clone())
                    .or_default()
                    .push((start, start + count - 1));
            }
        }
    }
    out
}

/// Git quotes names with unusual bytes C-style: `"b/a\tb\303\251.md"`.
fn unquote(name: &str) -> String {
    let Some(inner) = name.strip_prefix('"').and_then(|n| n.strip_suffix('"')) else {
        return name.to_string();
    };
    let mut bytes = Vec::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            let mut buf = [0; 4];
            bytes.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            continue;
        }
        match chars.next() {
            Some('t') => bytes.push(b'\t'),
            Some('n') => bytes.push(b'\n'),
            Some(d @ '0'..='7') => {
                let mut v = d.to_digit(8).unwrap_or(0);
                for _ in 0..2 {
                    if let Some(n) = chars.peek().and_then(|c| c.to_digit(8)) {
                        v = v * 8 + n;
                        chars.next();
                    }
                }
                bytes.push(v as u8);
            }
            Some(other) => {
                let mut buf = [0; 4];
                bytes.extend_from_slice(other.encode_utf8(&mut buf).as_bytes());
            }
            None => {}
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hunks_give_new_side_line_ranges() {
        let top = Path::new("/nonexistent-top");
        let diff = "diff --git a/x.md b/x.md\n--- a/x.md\n+++ b/x.md\n@@ -3 +3 @@\n-a\n+b\n\
                    @@ -10,0 +11,2 @@\n+c\n+d\n@@ -20,3 +22,0 @@\n-e\n\
                    diff --git a/gone.md b/gone.md\n--- a/gone.md\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n";
        let c = parse_diff(diff, top);
        assert_eq!(c.files[&top.join("x.md")], vec![(3, 3), (11, 12)]);
        assert_eq!(c.files.len(), 1);
    }

    #[test]
    fn quoted_names_are_decoded() {
        assert_eq!(unquote("\"b/a\\tb\\303\\251.md\""), "b/a\tbé.md");
        assert_eq!(unquote("b/plain name.md"), "b/plain name.md");
    }
}
