//! Byte offset to line/column, computed once per document at print time.

/// Line starts of a text; columns are counted in characters (1-based), as editors show them.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    /// 1-based line and character column of a byte offset (clamped to the text and to a
    /// character boundary).
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let col = self.text[self.starts[line]..offset].chars().count() + 1;
        (line + 1, col)
    }

    /// The text of a 1-based line, without its line break.
    pub fn line_text(&self, line: usize) -> &'a str {
        let start = self.starts[line - 1];
        let end = self.starts.get(line).copied().unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// Byte offset where a 1-based line starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let idx = LineIndex::new("привет\nмир да");
        assert_eq!(idx.line_col(0), (1, 1));
        assert_eq!(idx.line_col("привет\n".len()), (2, 1));
        assert_eq!(idx.line_col("привет\nмир ".len()), (2, 5));
        assert_eq!(idx.line_text(2), "мир да");
    }

    #[test]
    fn offsets_inside_a_character_or_past_the_end_are_clamped() {
        let idx = LineIndex::new("añb");
        assert_eq!(idx.line_col(2), (1, 2));
        assert_eq!(idx.line_col(99), (1, 4));
    }
}
