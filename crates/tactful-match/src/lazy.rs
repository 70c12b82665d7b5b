//! Per-language values built on first use: a run over English text never pays for the
//! Spanish or Russian automata.

use std::sync::OnceLock;

use tactful_core::Lang;

/// One lazily built value per language; shared across threads (the first caller builds,
/// the others wait for it).
#[derive(Debug)]
pub struct PerLang<T>([OnceLock<T>; 3]);

impl<T> Default for PerLang<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> PerLang<T> {
    /// Empty; `const`, so a `static` can hold one.
    pub const fn new() -> Self {
        PerLang([OnceLock::new(), OnceLock::new(), OnceLock::new()])
    }

    /// The value for `lang`, built by `init` if this is the first call for it.
    pub fn get_or_init(&self, lang: Lang, init: impl FnOnce() -> T) -> &T {
        self.0[slot(lang)].get_or_init(init)
    }
}

/// A language's place in [`Lang::ALL`].
pub(crate) fn slot(lang: Lang) -> usize {
    match lang {
        Lang::En => 0,
        Lang::Es => 1,
        Lang::Ru => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_language_is_built_once_and_only_when_asked() {
        let built = std::sync::atomic::AtomicUsize::new(0);
        let per: PerLang<String> = PerLang::new();
        let make = |lang: Lang| {
            built.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            lang.code().to_string()
        };
        assert_eq!(per.get_or_init(Lang::Es, || make(Lang::Es)), "es");
        assert_eq!(per.get_or_init(Lang::Es, || make(Lang::Es)), "es");
        assert_eq!(built.load(std::sync::atomic::Ordering::SeqCst), 1);
        assert_eq!(per.get_or_init(Lang::Ru, || make(Lang::Ru)), "ru");
        assert_eq!(built.load(std::sync::atomic::Ordering::SeqCst), 2);
    }
}
