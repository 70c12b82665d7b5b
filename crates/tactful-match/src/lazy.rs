//! Per-language values built on first use: a run over English text never pays for the
//! Spanish or Russian automata. And per-language tables that every matcher of a language
//! adds to and reads, with a generation that tells readers a table changed.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock, OnceLock, PoisonError, RwLock};

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

/// One table per language, shared by every matcher of that language and replaced whole when
/// one adds to it, so that a reader holds a table without holding a lock.
pub(crate) struct Shared<T>(LazyLock<[RwLock<Arc<T>>; 3]>);

impl<T: Default> Shared<T> {
    pub(crate) const fn new() -> Self {
        Shared(LazyLock::new(Default::default))
    }

    /// `lang`'s table now.
    pub(crate) fn get(&self, lang: Lang) -> Arc<T> {
        Arc::clone(
            &self.0[slot(lang)]
                .read()
                .unwrap_or_else(PoisonError::into_inner),
        )
    }

    /// Runs `f` on `lang`'s table, alone: it returns its answer and, when it added to the
    /// table, the table that replaces it, which starts a new [`generation`].
    pub(crate) fn update<R>(&self, lang: Lang, f: impl FnOnce(&T) -> (R, Option<T>)) -> R {
        let mut shared = self.0[slot(lang)]
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        let (answer, replaced) = f(&shared);
        if let Some(table) = replaced {
            *shared = Arc::new(table);
            GENERATION.fetch_add(1, Ordering::AcqRel);
        }
        answer
    }
}

/// Bumped whenever a [`Shared`] table changes, so a thread notices with one load.
static GENERATION: AtomicU64 = AtomicU64::new(1);

/// The shared tables' generation now: what was found with the tables of an older one is
/// found again.
pub(crate) fn generation() -> u64 {
    GENERATION.load(Ordering::Acquire)
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
