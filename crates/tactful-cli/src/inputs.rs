//! Turning the paths on the command line into a sorted list of inputs.

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use tactful_core::{Document, Format};
use tactful_ingest::MboxItem;

use crate::check::CheckedDoc;

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

/// Largest plain-text, Markdown or e-mail file read whole: it becomes one document held in
/// memory with its segments. Mailboxes are streamed message by message, so their size does
/// not matter (each message has its own limit, [`tactful_ingest::MAX_MESSAGE_BYTES`]).
pub const MAX_FILE_BYTES: u64 = 256 << 20;

/// What reading an input gave.
pub enum Content {
    /// The whole file, format still to be detected.
    Whole(Vec<u8>),
    /// A mailbox, open at its start, to be read message by message.
    Mbox(BufReader<File>),
    /// A mailbox that is not text.
    Binary,
}

/// Opens a regular file. A mailbox (`--format-in mbox`, or by name or first bytes) stays open
/// to be streamed; anything else is read whole, or refused when over [`MAX_FILE_BYTES`].
pub fn open_file(p: &Path, forced: Option<Format>) -> Result<Content, String> {
    let meta = std::fs::metadata(p).map_err(|e| describe_io_error(&e))?;
    if !meta.is_file() {
        return Err("not a regular file (a FIFO, device or socket): skipped".into());
    }
    let cannot = |e: std::io::Error| format!("cannot read: {}", describe_io_error(&e));
    let mut file = File::open(p).map_err(cannot)?;
    let mut head = Vec::with_capacity(HEAD_BYTES);
    (&mut file)
        .take(HEAD_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(cannot)?;
    let format = forced.unwrap_or_else(|| tactful_ingest::detect_format(Some(p), &head));
    if format == Format::Mbox {
        if tactful_ingest::mbox_looks_binary(&head) {
            return Ok(Content::Binary);
        }
        file.seek(SeekFrom::Start(0)).map_err(cannot)?;
        return Ok(Content::Mbox(BufReader::with_capacity(1 << 16, file)));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(meta.len()));
    }
    // The file may grow while read: never take more than the limit.
    let mut bytes = head;
    file.take(MAX_FILE_BYTES + 1 - bytes.len() as u64)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(Content::Whole(bytes))
}

/// Enough of a file to detect its format (what `detect_format` looks at).
const HEAD_BYTES: usize = 4096;

pub fn too_large(len: u64) -> String {
    format!(
        "{} MB is over the {} MB limit for one plain-text, Markdown or e-mail document: not \
         checked (a mailbox named .mbox is read message by message, whatever its size)",
        len >> 20,
        MAX_FILE_BYTES >> 20
    )
}

/// Messages read before they are parsed and checked together, on every thread: enough to
/// keep the threads busy, few enough that only these are held unchecked.
const MBOX_BATCH: usize = 64;

/// Message bytes held in one batch at most, so a mailbox of large messages checks fewer at a
/// time.
const MBOX_BATCH_BYTES: usize = 16 << 20;

/// Reads a mailbox message by message, parsing and checking the messages in batches on every
/// thread and handing each checked batch, in order, to `each`, so only one batch is held at a
/// time. Only the splitting into messages is done in turn: parsing them is a fifth of the
/// work. A message over the size limit was not checked: that is an error of the input, not
/// a notice. On a read error the messages read before it are still checked.
pub fn check_mbox(
    reader: BufReader<File>,
    opts: &tactful_ingest::ParseOptions,
    check: impl Fn(Document) -> CheckedDoc + Sync,
    mut each: impl FnMut(Vec<CheckedDoc>),
) -> Result<(), String> {
    let mut batch: Vec<MboxItem> = Vec::with_capacity(MBOX_BATCH);
    let mut bytes = 0;
    let mut flush = |batch: &mut Vec<MboxItem>| {
        if batch.is_empty() {
            return;
        }
        let checked: Vec<CheckedDoc> = std::mem::replace(batch, Vec::with_capacity(MBOX_BATCH))
            .into_par_iter()
            .map(|item| {
                let mut checked = check(tactful_ingest::mbox_message_document(&item, opts));
                if item.message.oversized {
                    checked.report.errors.append(&mut checked.doc.notices);
                }
                checked
            })
            .collect();
        each(checked);
    };
    let read = tactful_ingest::read_mbox_stream(reader, |item| {
        bytes += item.message.bytes.len();
        batch.push(item);
        if batch.len() == MBOX_BATCH || bytes >= MBOX_BATCH_BYTES {
            flush(&mut batch);
            bytes = 0;
        }
    });
    flush(&mut batch);
    read.map_err(|e| format!("cannot read: {}", describe_io_error(&e)))
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
