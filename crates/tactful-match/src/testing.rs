//! Random texts for the tests that compare a fast path with a plain one.

/// A seeded generator of texts made of `words`: the same seed, the same texts.
pub struct Texts<'a> {
    state: u64,
    words: &'a [&'a str],
}

impl<'a> Texts<'a> {
    pub fn new(seed: u64, words: &'a [&'a str]) -> Self {
        Texts { state: seed, words }
    }

    /// xorshift64
    fn next(&mut self) -> u64 {
        self.state ^= self.state << 13;
        self.state ^= self.state >> 7;
        self.state ^= self.state << 17;
        self.state
    }

    /// Up to `max_words` words, each followed by a space or, one time in `stop_every`, a full stop.
    pub fn text(&mut self, max_words: u64, stop_every: u64) -> String {
        let mut text = String::new();
        for _ in 0..(self.next() % max_words + 1) {
            let r = self.next();
            text.push_str(self.words[(r % self.words.len() as u64) as usize]);
            text.push(if r.is_multiple_of(stop_every) {
                '.'
            } else {
                ' '
            });
        }
        text
    }
}
