//! Rule packs written one file per language, served as one analyzer.
//!
//! A [`tactful_match::PackSet`] refuses a rule code defined twice, so each language file is
//! built on its own and the rules that share a code are merged here into one [`RuleMeta`]
//! (languages and examples joined; summary and why from the first file, English by convention).

use tactful_core::{Analyzer, CheckOptions, Document, Finding, RuleMeta};
use tactful_match::{ExampleFailure, PackAnalyzer, PackError, PackSet};

/// One analyzer over several single-language packs whose rules share codes.
#[derive(Debug)]
pub struct LangPacks {
    name: String,
    packs: Vec<PackAnalyzer>,
    metas: Vec<RuleMeta>,
}

impl LangPacks {
    /// Builds each `(origin, text)` pack on its own. A code defined in several packs must agree
    /// on name, category and severity, so `tactful explain` shows one consistent rule.
    /// The packs are built-in ones ([`tactful_match::PackSet::add_built_in`]): their crate
    /// tests them with the full pack checks.
    pub fn new(name: &str, sources: &[(&str, &str)]) -> Result<LangPacks, PackError> {
        let packs = sources
            .iter()
            .map(|&(origin, text)| {
                PackAnalyzer::from_built_in(name, &[(origin, text)])
                    .map(|p| (origin.to_string(), p))
            })
            .collect::<Result<Vec<_>, _>>()?;
        LangPacks::merge(name, packs).map_err(|message| PackError {
            problems: vec![tactful_match::Problem {
                location: tactful_match::Location {
                    origin: name.to_string(),
                    line: 1,
                    column: 1,
                },
                message,
            }],
        })
    }

    /// [`LangPacks::new`] from packs a build script wrote with
    /// [`tactful_match::PackSet::prebuild`], one per language.
    pub fn from_prebuilt(name: &str, prebuilt: &[&'static [u8]]) -> Result<LangPacks, String> {
        let packs = prebuilt
            .iter()
            .map(|p| {
                let pack = PackAnalyzer::from_prebuilt(name, p)?;
                let origin = pack.packs().iter().map(|m| m.origin.as_str()).collect();
                Ok((origin, pack))
            })
            .collect::<Result<Vec<_>, String>>()?;
        LangPacks::merge(name, packs)
    }

    /// The origins of the `sources` whose set in `prebuilt` (one per source, in order) is not
    /// what reading the source now gives: build scripts name the pack files a second time,
    /// and each crate's tests check the two lists agree.
    pub fn stale_prebuilt(sources: &[(&str, &str)], prebuilt: &[&[u8]]) -> Vec<String> {
        let mut stale: Vec<String> = sources
            .iter()
            .zip(prebuilt)
            .filter(|(source, prebuilt)| {
                PackSet::built_in(&[**source])
                    .ok()
                    .and_then(|set| set.to_prebuilt().ok())
                    .is_none_or(|now| now != **prebuilt)
            })
            .map(|((origin, _), _)| origin.to_string())
            .collect();
        if sources.len() != prebuilt.len() {
            stale.push(format!(
                "{} packs, {} prebuilt",
                sources.len(),
                prebuilt.len()
            ));
        }
        stale
    }

    /// Packs with their origins, merged.
    fn merge(name: &str, packs: Vec<(String, PackAnalyzer)>) -> Result<LangPacks, String> {
        let mut metas: Vec<RuleMeta> = Vec::new();
        for (origin, pack) in &packs {
            for meta in pack.rules() {
                match metas.iter_mut().find(|m| m.code == meta.code) {
                    Some(m) => {
                        if (&m.name, &m.category, m.severity)
                            != (&meta.name, &meta.category, meta.severity)
                        {
                            return Err(format!(
                                "rule {} of {origin} differs from its other languages in name, category or severity",
                                meta.code
                            ));
                        }
                        m.languages.extend(meta.languages);
                        m.languages.sort();
                        m.languages.dedup();
                        m.examples.extend(meta.examples);
                        m.origin = format!("{}, {origin}", m.origin);
                    }
                    None => metas.push(meta),
                }
            }
        }
        Ok(LangPacks {
            name: name.to_string(),
            packs: packs.into_iter().map(|(_, p)| p).collect(),
            metas,
        })
    }

    /// Every pack's inline examples that contradict their rule (empty when all pass).
    pub fn test_examples(&self) -> Vec<ExampleFailure> {
        self.packs.iter().flat_map(|p| p.test_examples()).collect()
    }
}

impl Analyzer for LangPacks {
    fn name(&self) -> &str {
        &self.name
    }

    fn rules(&self) -> Vec<RuleMeta> {
        self.metas.clone()
    }

    fn check(&self, doc: &Document, opts: &CheckOptions) -> Result<Vec<Finding>, String> {
        let mut out = Vec::new();
        for p in &self.packs {
            out.extend(p.check(doc, opts)?);
        }
        Ok(out)
    }
}
