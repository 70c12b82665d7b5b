//! Report text held until it can be written: in memory while small, then in an anonymous
//! temporary file, so holding the report of a mailbox of any size does not grow memory.

use std::fs::File;
use std::io::{self, BufWriter, Seek, SeekFrom, Write};

/// Bytes held in memory before the text moves to a temporary file.
const IN_MEMORY: usize = 1 << 20;

#[derive(Default)]
pub struct Spill {
    memory: Vec<u8>,
    file: Option<BufWriter<File>>,
    /// Bytes written in all, so that emptiness is known without reading the file.
    len: u64,
}

impl Spill {
    pub fn new() -> Self {
        Spill::default()
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Writes everything held to `out`, in the order it was written.
    pub fn copy_to(self, out: &mut dyn Write) -> io::Result<()> {
        match self.file {
            None => out.write_all(&self.memory),
            Some(file) => {
                let mut file = file.into_inner().map_err(|e| e.into_error())?;
                file.seek(SeekFrom::Start(0))?;
                io::copy(&mut io::BufReader::with_capacity(1 << 16, file), out)?;
                Ok(())
            }
        }
    }
}

impl Write for Spill {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.file.is_none() && self.memory.len() + buf.len() > IN_MEMORY {
            // Without a temporary folder, the text stays in memory: slower to hold, still right.
            if let Ok(f) = tempfile::tempfile() {
                let mut file = BufWriter::with_capacity(1 << 16, f);
                file.write_all(&self.memory)?;
                self.memory = Vec::new();
                self.file = Some(file);
            }
        }
        match &mut self.file {
            Some(f) => f.write_all(buf)?,
            None => self.memory.extend_from_slice(buf),
        }
        self.len += buf.len() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_over_the_memory_limit_comes_back_whole_and_in_order() {
        let mut spill = Spill::new();
        assert!(spill.is_empty());
        let mut expected = Vec::new();
        for i in 0..(IN_MEMORY / 1000 + 50) {
            let line = format!("{i:0999}\n");
            spill.write_all(line.as_bytes()).unwrap();
            expected.extend_from_slice(line.as_bytes());
        }
        assert!(spill.file.is_some(), "moved to a temporary file");
        assert!(!spill.is_empty());
        let mut out = Vec::new();
        spill.copy_to(&mut out).unwrap();
        assert_eq!(out, expected);
    }
}
