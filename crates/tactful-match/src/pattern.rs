//! Phrase pattern syntax, parsed into token elements and alternatives (the matcher runs the
//! parsed form; expansion into literal phrases is only for listing and checking packs).
//!
//! ```text
//! as I (already|previously) (said|told you)   alternatives: ( | ) or { | }
//! [really] sorry                              optional part (may hold alternatives: [so|very])
//! you * should have                           `*` alone: exactly one word, any word
//! обвин*                                      `*` after a word: any word starting with it
//! виноват~                                    `~` after a word: any form of it (stemming)
//! i.e. / don't / из-за                        punctuation inside words is tokenized like text
//! \(                                          backslash: the next character literally
//! ```
//! Case, diacritics, apostrophe and quote variants, and whitespace are folded as in the text.

use crate::fold::tokenize;
use crate::stem::Stemmer;

/// One position of an expanded pattern.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Elem {
    /// A token whose key equals this folded key.
    Word(String),
    /// Any form of a word: compared by stem (see [`crate::stem`]).
    Stem { word: String, stems: Vec<String> },
    /// A word token whose key starts with this.
    Prefix(String),
    /// Any word token.
    Any,
}

/// A pattern that cannot be compiled, with the character column (0-based) where it went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError {
    pub pattern: String,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for PatternError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "pattern `{}`, column {}: {}",
            self.pattern,
            self.column + 1,
            self.message
        )
    }
}

impl std::error::Error for PatternError {}

/// How many literal variants one pattern may expand into (optional parts multiply).
pub const MAX_VARIANTS: usize = 4096;

#[derive(Debug, Clone)]
pub(crate) enum Node {
    /// Ids of elements in [`Parser::elems`].
    Elems(Vec<u32>),
    /// Alternatives; an optional part is an alternative with an empty branch.
    Alt(Vec<Vec<Node>>),
}

struct Parser<'a> {
    src: &'a str,
    chars: Vec<(usize, char)>,
    pos: usize,
    stem_all: bool,
    stemmer: &'a Stemmer,
    /// Every element of the pattern, in order; the tree refers to them by index.
    elems: Vec<Elem>,
}

impl Parser<'_> {
    fn err(&self, message: impl Into<String>) -> PatternError {
        PatternError {
            pattern: self.src.to_string(),
            column: self.pos.min(self.chars.len()),
            message: message.into(),
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).map(|&(_, c)| c)
    }

    /// A sequence up to `|`, a closing bracket or the end.
    fn seq(&mut self, depth: usize) -> Result<Vec<Node>, PatternError> {
        let mut nodes = Vec::new();
        loop {
            match self.peek() {
                None => return Ok(nodes),
                Some('|' | ')' | ']' | '}') => {
                    if depth == 0 {
                        return Err(self.err(format!(
                            "`{}` without an opening bracket",
                            self.peek().unwrap_or(' ')
                        )));
                    }
                    return Ok(nodes);
                }
                Some(c) if c.is_whitespace() => self.pos += 1,
                Some(open @ ('(' | '[' | '{')) => {
                    let close = match open {
                        '(' => ')',
                        '[' => ']',
                        _ => '}',
                    };
                    let at = self.pos;
                    self.pos += 1;
                    let mut branches = vec![self.seq(depth + 1)?];
                    while self.peek() == Some('|') {
                        self.pos += 1;
                        branches.push(self.seq(depth + 1)?);
                    }
                    match self.peek() {
                        Some(c) if c == close => self.pos += 1,
                        Some(c) => return Err(self.err(format!("expected `{close}`, found `{c}`"))),
                        None => {
                            self.pos = at;
                            return Err(self.err(format!("`{open}` is never closed")));
                        }
                    }
                    if open == '[' {
                        branches.push(Vec::new());
                    }
                    nodes.push(Node::Alt(branches));
                }
                Some('*') => {
                    self.pos += 1;
                    let any = self.push(Elem::Any);
                    push_elems(&mut nodes, vec![any]);
                }
                Some('~') => {
                    return Err(self.err(
                        "`~` must follow a word, as in `blame~`; in alternatives put it on each word: (said~|told~)",
                    ));
                }
                Some(_) => {
                    let ids = self.word()?.into_iter().map(|e| self.push(e)).collect();
                    push_elems(&mut nodes, ids);
                }
            }
        }
    }

    fn push(&mut self, e: Elem) -> u32 {
        self.elems.push(e);
        (self.elems.len() - 1) as u32
    }

    /// A run of word characters (with escapes), then an optional `~` or `*` suffix.
    fn word(&mut self) -> Result<Vec<Elem>, PatternError> {
        let mut raw = String::new();
        while let Some(c) = self.peek() {
            if c.is_whitespace() || "()[]{}|~*".contains(c) {
                break;
            }
            if c == '\\' {
                self.pos += 1;
                match self.peek() {
                    Some(e) => raw.push(e),
                    None => return Err(self.err("`\\` at the end of the pattern")),
                }
            } else {
                raw.push(c);
            }
            self.pos += 1;
        }
        // Each token of the chunk: key, whether it is a word, its span in `raw`. Most chunks
        // are one plain ASCII word, which needs no tokenizer.
        let toks: Vec<(String, bool, usize, usize)> =
            if !raw.is_empty() && raw.bytes().all(|b| b.is_ascii_alphanumeric()) {
                vec![(raw.to_ascii_lowercase(), true, 0, raw.len())]
            } else {
                let t = tokenize(&raw, 0);
                (0..t.len())
                    .map(|i| {
                        let tok = t.tokens[i];
                        (t.key(i).to_string(), tok.word, tok.start, tok.end)
                    })
                    .collect()
            };
        let last_is_word = toks.last().is_some_and(|t| t.1);
        let suffix = self.peek();
        let stem_last = suffix == Some('~') || (self.stem_all && suffix != Some('*'));
        if matches!(suffix, Some('~' | '*')) {
            if !last_is_word {
                return Err(self.err(format!(
                    "`{}` must follow a word, as in `blame~` or `обвин*`",
                    suffix.unwrap_or(' ')
                )));
            }
            self.pos += 1;
        }
        // `stem = true` stems every word of the chunk; `~` the last one.
        let count = toks.len();
        let mut elems = Vec::with_capacity(count);
        for (i, (key, word, start, end)) in toks.into_iter().enumerate() {
            let is_last = i + 1 == count;
            elems.push(if !word {
                Elem::Word(key)
            } else if is_last && suffix == Some('*') {
                Elem::Prefix(key)
            } else if (is_last && stem_last) || self.stem_all {
                Elem::Stem {
                    stems: self.stemmer.stems_of(&raw[start..end]),
                    word: key,
                }
            } else {
                Elem::Word(key)
            });
        }
        Ok(elems)
    }
}

/// Appends elements to a sequence, joining them to the run before: consecutive words form
/// one node, so the matcher can anchor on a pair of them.
fn push_elems(nodes: &mut Vec<Node>, ids: Vec<u32>) {
    match nodes.last_mut() {
        Some(Node::Elems(run)) => run.extend(ids),
        _ => nodes.push(Node::Elems(ids)),
    }
}

fn expand(nodes: &[Node]) -> Vec<Vec<u32>> {
    let mut out: Vec<Vec<u32>> = vec![Vec::new()];
    for node in nodes {
        match node {
            Node::Elems(ids) => {
                for v in &mut out {
                    v.extend_from_slice(ids);
                }
            }
            Node::Alt(branches) => {
                let tails: Vec<Vec<Vec<u32>>> = branches.iter().map(|b| expand(b)).collect();
                let mut next = Vec::new();
                for head in &out {
                    for tail in tails.iter().flatten() {
                        let mut v = Vec::with_capacity(head.len() + tail.len());
                        v.extend_from_slice(head);
                        v.extend_from_slice(tail);
                        next.push(v);
                    }
                }
                out = next;
            }
        }
    }
    out
}

/// How many literal phrases a sequence stands for (saturating).
fn count_variants(nodes: &[Node]) -> usize {
    nodes.iter().fold(1usize, |n, node| match node {
        Node::Elems(_) => n,
        Node::Alt(branches) => n.saturating_mul(
            branches
                .iter()
                .map(|b| count_variants(b))
                .fold(0, usize::saturating_add),
        ),
    })
}

/// The fewest and the most tokens a sequence matches.
pub(crate) fn len_range(nodes: &[Node]) -> (usize, usize) {
    nodes.iter().fold((0, 0), |(lo, hi), node| {
        let (a, b) = node_len(node);
        (lo + a, hi + b)
    })
}

pub(crate) fn node_len(node: &Node) -> (usize, usize) {
    match node {
        Node::Elems(ids) => (ids.len(), ids.len()),
        Node::Alt(branches) => branches
            .iter()
            .map(|b| len_range(b))
            .fold((usize::MAX, 0), |(lo, hi), (a, b)| (lo.min(a), hi.max(b))),
    }
}

/// Whether some phrase of the sequence is only `*` wildcards (or empty).
fn only_wildcards_possible(nodes: &[Node], elems: &[Elem]) -> bool {
    nodes.iter().all(|node| match node {
        Node::Elems(ids) => ids.iter().all(|&i| elems[i as usize] == Elem::Any),
        Node::Alt(branches) => branches.iter().any(|b| only_wildcards_possible(b, elems)),
    })
}

/// A pattern parsed but not expanded: what the matcher runs, alternatives and all.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// Its elements, in order.
    pub elems: Vec<Elem>,
    pub(crate) nodes: Vec<Node>,
}

/// Parses a pattern and refuses the ones that could never match or would match anything.
pub fn parse_tree(
    pattern: &str,
    stem_all: bool,
    stemmer: &Stemmer,
) -> Result<Parsed, PatternError> {
    let mut p = Parser {
        src: pattern,
        chars: pattern.char_indices().collect(),
        pos: 0,
        stem_all,
        stemmer,
        elems: Vec::new(),
    };
    let nodes = p.seq(0)?;
    let elems = p.elems;
    let err = |message: String| PatternError {
        pattern: pattern.to_string(),
        column: 0,
        message,
    };
    // The limit bounds the matcher's work at one position, as it once bounded expansion.
    if count_variants(&nodes) > MAX_VARIANTS {
        return Err(err(format!(
            "expands into more than {MAX_VARIANTS} phrases; split it into several patterns"
        )));
    }
    let (shortest, longest) = len_range(&nodes);
    if longest == 0 {
        return Err(err("has no words, so it can never match".into()));
    }
    if shortest == 0 {
        return Err(err(
            "every word of it is optional, so it would match an empty phrase; make one word required".into(),
        ));
    }
    if only_wildcards_possible(&nodes, &elems) {
        return Err(err(
            "a variant of it is only `*` wildcards, which would match any word".into(),
        ));
    }
    let empty_stem =
        |e: &Elem| matches!(e, Elem::Stem { stems, .. } if stems.iter().all(String::is_empty));
    if elems.iter().any(empty_stem) {
        return Err(err(
            "a `~` word has an empty stem, so it can never match".into()
        ));
    }
    Ok(Parsed { elems, nodes })
}

/// Parses a pattern into its literal variants (duplicates removed, order kept): for
/// checking packs and listing phrases; matching never expands.
pub fn parse(
    pattern: &str,
    stem_all: bool,
    stemmer: &Stemmer,
) -> Result<Vec<Vec<Elem>>, PatternError> {
    let parsed = parse_tree(pattern, stem_all, stemmer)?;
    let mut seen = std::collections::HashSet::new();
    Ok(expand(&parsed.nodes)
        .into_iter()
        .filter(|v| seen.insert(v.clone()))
        .map(|v| {
            v.iter()
                .map(|&i| parsed.elems[i as usize].clone())
                .collect()
        })
        .collect())
}

/// The canonical text of a variant: how a pack describes it in messages and checks exceptions.
pub fn variant_text(v: &[Elem]) -> String {
    let words: Vec<&str> = v
        .iter()
        .map(|e| match e {
            Elem::Word(w) | Elem::Prefix(w) | Elem::Stem { word: w, .. } => w.as_str(),
            Elem::Any => "something",
        })
        .collect();
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use tactful_core::Lang;

    fn texts(p: &str) -> Vec<String> {
        let st = Stemmer::new(Lang::En);
        parse(p, false, &st)
            .unwrap()
            .iter()
            .map(|v| variant_text(v))
            .collect()
    }

    #[test]
    fn alternatives_and_optional_parts_expand_to_every_phrase() {
        assert_eq!(
            texts("as I (already|previously) (said|told you)"),
            vec![
                "as i already said",
                "as i already told you",
                "as i previously said",
                "as i previously told you"
            ]
        );
        assert_eq!(
            texts("[really|so] sorry"),
            vec!["really sorry", "so sorry", "sorry"]
        );
        assert_eq!(
            texts("{you|your team} should"),
            vec!["you should", "your team should"]
        );
    }

    #[test]
    fn punctuation_inside_a_word_is_tokenized_like_text() {
        assert_eq!(texts("i.e."), vec!["i . e ."]);
        assert_eq!(texts("Don’t  BLAME"), vec!["don't blame"]);
        assert_eq!(texts(r"\(see"), vec!["( see"]);
    }

    #[test]
    fn suffixes_make_stem_prefix_and_wildcard_elements() {
        let st = Stemmer::new(Lang::Ru);
        let v = parse("вы * обвин* виноват~", false, &st).unwrap();
        assert_eq!(v.len(), 1);
        assert_eq!(v[0][0], Elem::Word("вы".into()));
        assert_eq!(v[0][1], Elem::Any);
        assert_eq!(v[0][2], Elem::Prefix("обвин".into()));
        assert!(matches!(&v[0][3], Elem::Stem { word, .. } if word == "виноват"));
    }

    #[test]
    fn malformed_patterns_say_where() {
        let st = Stemmer::new(Lang::En);
        let e = parse("as I (said", false, &st).unwrap_err();
        assert!(e.message.contains("never closed"), "{e}");
        assert_eq!(e.column, 5);
        let e = parse("said)", false, &st).unwrap_err();
        assert_eq!(e.column, 4);
        assert!(parse("~blame", false, &st).is_err());
        assert!(parse(", ~", false, &st).is_err());
        assert!(
            parse("[really]", false, &st)
                .unwrap_err()
                .message
                .contains("optional")
        );
        assert!(
            parse("* *", false, &st)
                .unwrap_err()
                .message
                .contains("wildcard")
        );
        assert!(
            parse("  ", false, &st)
                .unwrap_err()
                .message
                .contains("no words")
        );
    }

    #[test]
    fn too_many_combinations_are_refused() {
        let st = Stemmer::new(Lang::En);
        let p = "x [a|b|c] [d|e|f] [g|h|i] [j|k|l] [m|n|o] [p|q|r] [s|t|u]";
        assert!(
            parse(p, false, &st)
                .unwrap_err()
                .message
                .contains("more than")
        );
    }
}
