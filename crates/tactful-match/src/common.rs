//! How often a key turns up in ordinary text, roughly: the matcher anchors each pattern on
//! the words it expects to meet least, since every occurrence of an anchor costs a check.
//! Function words and punctuation are frequent; other words rare; a two-word key rarer still.

use tactful_core::Lang;

const EN: &[&str] = &[
    "a", "about", "after", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be",
    "been", "but", "by", "can", "could", "did", "do", "does", "for", "from", "get", "had", "has",
    "have", "he", "her", "here", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its",
    "just", "know", "let", "like", "me", "more", "my", "need", "new", "no", "not", "now", "of",
    "on", "one", "or", "our", "out", "please", "s", "she", "should", "so", "some", "t", "thanks",
    "that", "the", "their", "them", "then", "there", "they", "this", "to", "up", "us", "was", "we",
    "were", "what", "when", "which", "who", "will", "with", "would", "you", "your",
];

const ES: &[&str] = &[
    "a", "al", "como", "con", "cuando", "de", "del", "el", "ella", "en", "entre", "era", "es",
    "esa", "ese", "esta", "este", "esto", "fue", "ha", "hay", "la", "las", "le", "les", "lo",
    "los", "mas", "me", "mi", "muy", "nada", "ni", "no", "nos", "o", "para", "pero", "por",
    "porque", "que", "se", "ser", "si", "sin", "sobre", "su", "sus", "tambien", "te", "tu", "un",
    "una", "uno", "y", "ya", "yo",
];

const RU: &[&str] = &[
    "а",
    "без",
    "бы",
    "в",
    "вам",
    "вас",
    "во",
    "вы",
    "да",
    "для",
    "до",
    "его",
    "ее",
    "если",
    "есть",
    "же",
    "за",
    "и",
    "из",
    "или",
    "их",
    "к",
    "как",
    "ко",
    "мы",
    "на",
    "над",
    "нам",
    "нас",
    "не",
    "нет",
    "ни",
    "но",
    "о",
    "об",
    "он",
    "она",
    "они",
    "от",
    "по",
    "под",
    "при",
    "с",
    "со",
    "так",
    "то",
    "только",
    "у",
    "уже",
    "что",
    "это",
    "я",
];

/// The chance that a token in text is `key` (a folded word), roughly.
pub fn token_frequency(lang: Lang, key: &str) -> f64 {
    let common = match lang {
        Lang::En => EN,
        Lang::Es => ES,
        Lang::Ru => RU,
    };
    if !key.chars().any(char::is_alphanumeric) {
        0.05
    } else if common.binary_search(&key).is_ok() {
        0.01
    } else {
        0.0001
    }
}

/// The chance that a token starts with `prefix`: short prefixes start many words.
pub fn prefix_frequency(prefix: &str) -> f64 {
    match prefix.chars().count() {
        0..=2 => 0.05,
        3 => 0.005,
        _ => 0.0003,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_so_binary_search_finds_every_word() {
        for list in [EN, ES, RU] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
        }
        assert!(token_frequency(Lang::Ru, "что") > token_frequency(Lang::Ru, "виноваты"));
        assert!(token_frequency(Lang::En, ",") > token_frequency(Lang::En, "the"));
    }
}
