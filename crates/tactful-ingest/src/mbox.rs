//! Streaming mbox reading: one message at a time, so a large mailbox is never held whole.

use std::io::{self, BufRead, Read};

/// One message of an mbox, as raw RFC 5322 bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MboxMessage {
    /// 0-based position in the mailbox.
    pub index: usize,
    /// 0-based line of the file where the message's bytes start (after its "From " line).
    pub first_line: usize,
    /// The "From " separator line, without its line break; empty when the file had none.
    pub from_line: String,
    /// The message, or its first `limit` bytes when it is [`oversized`](Self::oversized).
    pub bytes: Vec<u8>,
    /// The message was larger than the reader's limit and `bytes` holds only its start.
    pub oversized: bool,
}

/// Largest message kept whole by [`MboxReader::new`]; anything larger is cut (and flagged),
/// so one giant message, or a run of bytes without a line break, cannot exhaust memory.
pub const MAX_MESSAGE_BYTES: usize = 256 << 20;

/// How much of each line is kept once a message is over its limit: enough to recognise the
/// next separator.
const SCAN_LINE_BYTES: usize = 4096;

/// Splits an mbox into messages at "From " lines that follow a blank line (or start the
/// file), and undoes mboxrd's `>From ` escaping.
pub struct MboxReader<R: BufRead> {
    reader: R,
    /// The separator that opens the next message, with its line number.
    next_from: Option<(String, usize)>,
    line_no: usize,
    index: usize,
    started: bool,
    done: bool,
    /// True when the first line was not a "From " line.
    missing_first_separator: bool,
    limit: usize,
}

impl<R: BufRead> MboxReader<R> {
    pub fn new(reader: R) -> Self {
        Self::with_limit(reader, MAX_MESSAGE_BYTES)
    }

    /// A reader that keeps at most `limit` bytes of each message.
    pub fn with_limit(reader: R, limit: usize) -> Self {
        MboxReader {
            limit,
            reader,
            next_from: None,
            line_no: 0,
            index: 0,
            started: false,
            done: false,
            missing_first_separator: false,
        }
    }

    /// True once the first message was read, if the file did not start with a "From " line.
    pub fn missing_first_separator(&self) -> bool {
        self.missing_first_separator
    }

    /// Appends the next line to `buf`, at most `keep` bytes of it, and skips the rest.
    /// Returns `None` at the end of the input, else whether the whole line was kept.
    fn read_line(&mut self, buf: &mut Vec<u8>, keep: usize) -> io::Result<Option<bool>> {
        let n = (&mut self.reader)
            .take(keep as u64)
            .read_until(b'\n', buf)?;
        if n == 0 {
            return Ok(None);
        }
        self.line_no += 1;
        if buf.ends_with(b"\n") || self.reader.fill_buf()?.is_empty() {
            return Ok(Some(true));
        }
        let mut skipped = Vec::new();
        loop {
            skipped.clear();
            let n = (&mut self.reader)
                .take(SCAN_LINE_BYTES as u64)
                .read_until(b'\n', &mut skipped)?;
            if n == 0 || skipped.ends_with(b"\n") {
                return Ok(Some(false));
            }
        }
    }

    fn next_message(&mut self) -> io::Result<Option<MboxMessage>> {
        if self.done {
            return Ok(None);
        }
        let mut line = Vec::new();
        let mut bytes = Vec::new();
        let mut oversized = false;
        let (from_line, first_line) = match self.next_from.take() {
            Some(f) => f,
            None if !self.started => {
                self.started = true;
                let keep = self.limit.max(SCAN_LINE_BYTES);
                let Some(whole) = self.read_line(&mut bytes, keep)? else {
                    self.done = true;
                    return Ok(None);
                };
                if bytes.starts_with(b"From ") {
                    let from = (line_text(&bytes), self.line_no);
                    bytes.clear();
                    from
                } else {
                    self.missing_first_separator = true;
                    oversized = !whole || bytes.len() > self.limit;
                    bytes.truncate(self.limit);
                    (String::new(), 0)
                }
            }
            None => {
                self.done = true;
                return Ok(None);
            }
        };
        let mut prev_blank = false;
        loop {
            // Lines go straight into the message (no copy of a huge line); once it is over
            // its limit, only the start of each line is read, to find the next separator.
            let (buf, keep) = if oversized {
                line.clear();
                (&mut line, SCAN_LINE_BYTES)
            } else {
                let room = self.limit.saturating_sub(bytes.len());
                (&mut bytes, room.max(SCAN_LINE_BYTES))
            };
            let start = buf.len();
            let Some(whole) = self.read_line(buf, keep)? else {
                self.done = true;
                break;
            };
            let this = &buf[start..];
            if prev_blank && is_separator(this) {
                self.next_from = Some((line_text(this), self.line_no));
                buf.truncate(start);
                break;
            }
            prev_blank = whole && this.iter().all(|b| b.is_ascii_whitespace());
            if oversized {
                continue;
            }
            // mboxrd: ">From " (any number of `>`) lost one `>` when it was written.
            let gts = this.iter().take_while(|&&b| b == b'>').count();
            if gts > 0 && this[gts..].starts_with(b"From ") {
                bytes.remove(start);
            }
            if !whole || bytes.len() > self.limit {
                oversized = true;
                bytes.truncate(self.limit);
            }
        }
        // The blank line before the next separator belongs to the mbox, not the message.
        if self.next_from.is_some() {
            if bytes.ends_with(b"\r\n") {
                bytes.truncate(bytes.len() - 2);
            } else if bytes.ends_with(b"\n") {
                bytes.truncate(bytes.len() - 1);
            }
        }
        let msg = MboxMessage {
            index: self.index,
            first_line,
            from_line,
            bytes,
            oversized,
        };
        self.index += 1;
        Ok(Some(msg))
    }
}

/// "From sender date": a digit in the line tells it from body text starting with "From ".
fn is_separator(line: &[u8]) -> bool {
    line.starts_with(b"From ") && line.iter().any(u8::is_ascii_digit)
}

fn line_text(line: &[u8]) -> String {
    String::from_utf8_lossy(line)
        .trim_end_matches(['\n', '\r'])
        .to_string()
}

impl<R: BufRead> Iterator for MboxReader<R> {
    type Item = io::Result<MboxMessage>;

    fn next(&mut self) -> Option<Self::Item> {
        match self.next_message() {
            Ok(m) => m.map(Ok),
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_split_at_separators_after_blank_lines_and_unescape_from() {
        let mbox = b"From a@x 2024\nSubject: one\n\nFrom here on, no split.\n>From the top\n\nFrom b@x Mon 2024\nSubject: two\n\nbody\n";
        let msgs: Vec<MboxMessage> = MboxReader::new(&mbox[..]).map(Result::unwrap).collect();
        assert_eq!(msgs.len(), 2);
        assert_eq!(
            msgs[0].bytes,
            b"Subject: one\n\nFrom here on, no split.\nFrom the top\n".to_vec()
        );
        assert_eq!((msgs[1].index, msgs[1].first_line), (1, 7));
        assert_eq!(msgs[1].from_line, "From b@x Mon 2024");
    }

    #[test]
    fn a_file_without_a_separator_is_one_message() {
        let mut r = MboxReader::new(&b"Subject: x\n\nhi\n"[..]);
        let m = r.next().unwrap().unwrap();
        assert!(r.missing_first_separator());
        assert_eq!(m.bytes, b"Subject: x\n\nhi\n".to_vec());
        assert!(r.next().is_none());
    }

    #[test]
    fn a_message_over_the_limit_is_cut_and_flagged_and_the_next_one_kept() {
        let mut mbox = b"From a@x 2024\nSubject: big\n\n".to_vec();
        mbox.extend(std::iter::repeat_n(b'x', 10_000));
        mbox.extend_from_slice(b"\nmore\n\nFrom b@x 2024\nSubject: two\n\nbody\n");
        let msgs: Vec<MboxMessage> = MboxReader::with_limit(&mbox[..], 100)
            .map(Result::unwrap)
            .collect();
        assert_eq!(msgs.len(), 2);
        assert!(msgs[0].oversized);
        assert_eq!(msgs[0].bytes.len(), 100);
        assert!(msgs[0].bytes.starts_with(b"Subject: big\n\nxxx"));
        assert!(!msgs[1].oversized);
        assert_eq!(msgs[1].bytes, b"Subject: two\n\nbody\n".to_vec());
        assert_eq!(msgs[1].first_line, 7);
    }

    #[test]
    fn a_long_line_without_a_break_at_the_end_is_cut() {
        let mut data = b"Subject: x\n\n".to_vec();
        data.extend(std::iter::repeat_n(b'y', 50_000));
        let mut r = MboxReader::with_limit(&data[..], 20_000);
        let m = r.next().unwrap().unwrap();
        assert!(m.oversized && r.missing_first_separator());
        assert_eq!(m.bytes.len(), 20_000);
        assert!(r.next().is_none());
        // Under the limit, the same input is whole.
        let m = MboxReader::new(&data[..]).next().unwrap().unwrap();
        assert!(!m.oversized);
        assert_eq!(m.bytes, data);
    }
}
