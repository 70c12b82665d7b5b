//! Streaming mbox reading: one message at a time, so a large mailbox is never held whole.

use std::io::{self, BufRead};

/// One message of an mbox, as raw RFC 5322 bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MboxMessage {
    /// 0-based position in the mailbox.
    pub index: usize,
    /// 0-based line of the file where the message's bytes start (after its "From " line).
    pub first_line: usize,
    /// The "From " separator line, without its line break; empty when the file had none.
    pub from_line: String,
    pub bytes: Vec<u8>,
}

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
}

impl<R: BufRead> MboxReader<R> {
    pub fn new(reader: R) -> Self {
        MboxReader {
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

    fn read_line(&mut self, buf: &mut Vec<u8>) -> io::Result<bool> {
        buf.clear();
        let n = self.reader.read_until(b'\n', buf)?;
        if n > 0 {
            self.line_no += 1;
        }
        Ok(n > 0)
    }

    fn next_message(&mut self) -> io::Result<Option<MboxMessage>> {
        if self.done {
            return Ok(None);
        }
        let mut line = Vec::new();
        let mut bytes = Vec::new();
        let (from_line, first_line) = match self.next_from.take() {
            Some(f) => f,
            None if !self.started => {
                self.started = true;
                if !self.read_line(&mut line)? {
                    self.done = true;
                    return Ok(None);
                }
                if line.starts_with(b"From ") {
                    (line_text(&line), self.line_no)
                } else {
                    self.missing_first_separator = true;
                    bytes.extend_from_slice(&line);
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
            if !self.read_line(&mut line)? {
                self.done = true;
                break;
            }
            if prev_blank && is_separator(&line) {
                self.next_from = Some((line_text(&line), self.line_no));
                break;
            }
            prev_blank = line.iter().all(|b| b.is_ascii_whitespace());
            // mboxrd: ">From " (any number of `>`) lost one `>` when it was written.
            let gts = line.iter().take_while(|&&b| b == b'>').count();
            if gts > 0 && line[gts..].starts_with(b"From ") {
                bytes.extend_from_slice(&line[1..]);
            } else {
                bytes.extend_from_slice(&line);
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
}
