//! Content fingerprints of findings: they survive lines moving, because they hash what the
//! finding says and where in the prose it sits, never its line number.

use std::collections::HashMap;

use tactful_core::{Diagnostic, Document};

/// FNV-1a, 64 bits: stable across platforms, Rust releases and runs (std's hasher promises
/// none of that), and plenty for telling a few thousand findings of one file apart.
pub fn hash(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        // A separator byte that never occurs in UTF-8 keeps ("ab","c") apart from ("a","bc").
        for &b in part.as_bytes().iter().chain(&[0xff]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

/// Lower-cased, with every run of whitespace and quote markers (`>`) made one space, so
/// re-wrapping or re-quoting a paragraph keeps its fingerprint.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text
        .split(|c: char| c.is_whitespace() || c == '>')
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// The normalized excerpt of a finding and the normalized sentence around it.
pub fn content(doc: &Document, diag: &Diagnostic) -> (String, String) {
    let span = diag.finding.span;
    let excerpt = normalize(doc.slice(span));
    let sentence = doc
        .sentence_at(span.start)
        .map(|s| normalize(doc.slice(s)))
        .unwrap_or_default();
    (excerpt, sentence)
}

/// The baseline key's content part: excerpt and sentence, normalized.
pub fn baseline_hash(doc: &Document, diag: &Diagnostic) -> String {
    let (excerpt, sentence) = content(doc, diag);
    hash(&[&excerpt, &sentence])
}

/// How many findings of each rule and normalized excerpt a file has had so far.
pub type Occurrences = HashMap<(String, String), usize>;

/// SARIF `partialFingerprints` for findings of a file, in report order: rule, path,
/// normalized excerpt and how many identical ones came before it in the file (`seen`, kept
/// across calls when the file is reported a part at a time).
pub fn partial_fingerprints<'a>(
    path: &str,
    findings: impl Iterator<Item = (&'a Document, &'a Diagnostic)>,
    seen: &mut Occurrences,
) -> Vec<String> {
    findings
        .map(|(doc, diag)| {
            let excerpt = normalize(doc.slice(diag.finding.span));
            let n = seen
                .entry((diag.finding.rule.clone(), excerpt.clone()))
                .or_default();
            let occurrence = n.to_string();
            *n += 1;
            hash(&[&diag.finding.rule, path, &excerpt, &occurrence])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizing_ignores_case_wrapping_and_quote_markers() {
        assert_eq!(
            normalize("As I  ALREADY\n> told you"),
            normalize("as i already told you")
        );
        assert_ne!(normalize("as I said"), normalize("as I told"));
    }

    #[test]
    fn hash_separates_parts_and_is_stable() {
        assert_ne!(hash(&["ab", "c"]), hash(&["a", "bc"]));
        // Pinned: a baseline written by one build must match in the next.
        assert_eq!(hash(&[]), "cbf29ce484222325");
        assert_eq!(hash(&["a"]).len(), 16);
    }
}
