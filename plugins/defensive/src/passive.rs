//! DEF004 evasive-passive: "mistakes were made", "se cometieron errores", "были допущены
//! ошибки": a mistake is reported and nobody made it.
//!
//! A phrase list finds the agentless mistake; the rule then reads the rest of the sentence for
//! an agent ("by us", "on our side", "por nuestra parte", "с нашей стороны", "по вине ...").
//! With an agent the sentence owns (or assigns) the mistake and is not evasive; assigning it to
//! the client or a vendor is for the blame rules to judge.

use tactful_core::{
    Analyzer, Category, CheckOptions, Document, Example, Finding, Lang, RuleMeta, Severity, Span,
};
use tactful_match::{Matcher, PerLang, context};

pub const CODE: &str = "DEF004";

const MISTAKE_EN: &[&str] = &[
    "[some|several|a few|many|serious|a number of] (mistakes|errors) (were|have been|had been) (made|committed)",
    "(a|an|one|another|the) (mistake|error|oversight|misstep) (was|has been|had been) (made|committed)",
    "[some|several|a few|many|serious] (mistakes|errors|oversights) (occurred|happened|took place|crept in|slipped in|slipped through)",
    "(a|an|some) (mistake|error|oversight|mix-up|miscommunication) (occurred|happened|took place|crept in|slipped through)",
    "(the|a|our) ball was dropped",
    "fell through the cracks",
    "(the|a|our|your) (deadline|deadlines|due date) (was|were|has been|have been) missed",
];

const MISTAKE_ES: &[&str] = &[
    "se (cometió|cometieron|han cometido|ha cometido|habían cometido|había cometido) [un|una|algún|algunos|varios|ciertos] (error|errores|fallo|fallos|equivocación|equivocaciones|descuido|descuidos)",
    "se (produjo|produjeron|ha producido|han producido) [un|una|algún|algunos|varios] (error|errores|equivocación|equivocaciones|descuido|confusión)",
    "(ocurrió|ocurrieron|sucedió|sucedieron|han ocurrido|ha ocurrido) [un|una|algún|algunos|varios] (error|errores|equivocación|equivocaciones|descuido|descuidos)",
    "[un|el|algún] (error|errores|fallo|fallos|descuido) (fue|fueron|ha sido|han sido) (cometido|cometidos)",
    "se (pasó|pasaron) por alto",
    "se (incumplió|incumplieron|ha incumplido) [el|los] (plazo|plazos)",
];

const MISTAKE_RU: &[&str] = &[
    "[была|были|было|будут] (допущена|допущены|допущено|совершена|совершены) [некоторые|некоторая|отдельные|серьёзные|досадная|досадные|техническая|технические] (ошибка|ошибки|ошибок|неточность|неточности|оплошность|недочёт|недочёты|просчёт|просчёты)",
    "(ошибка|ошибки|неточность|неточности|оплошность|недочёты|просчёт|просчёты) (была|были) (допущена|допущены|совершена|совершены)",
    "(произошла|произошли|случилась|случились|возникла|возникли) [досадная|досадные|некоторые|небольшая] (ошибка|ошибки|накладка|накладки|путаница|неточность|неточности|оплошность)",
    "(сроки|срок) (был|были) (сорваны|сорван|нарушены|нарушен)",
];

/// Words in the sentence that name who made the mistake.
const AGENT_EN: &[&str] = &[
    "by (us|me|you|them|him|her|our|my|your|their|his|the (vendor|client|team|supplier|contractor|developer|developers|provider))",
    "on (our|my|your|their) (part|side|end)",
    "(our|my|your|their) (fault|mistake|mistakes|error|errors|oversight)",
    "(we|I) (made|caused|missed|dropped|overlooked)",
];
const AGENT_ES: &[&str] = &[
    "por (nuestra|mi|su|vuestra) parte",
    "de (nuestra|mi|su) parte",
    "por parte (de|del)",
    "por (nosotros|mí|usted|ustedes|nuestro equipo|su equipo|el proveedor)",
    "(culpa|error) (nuestra|nuestro|mía|mío)",
    "(nuestro|mi|nuestros|mis) (error|errores|fallo|fallos)",
    "se nos (pasó|pasaron)",
    "(cometimos|cometí)",
];
const AGENT_RU: &[&str] = &[
    "(нами|мной|вами|ими)",
    "с (нашей|моей|вашей|их|его|её) стороны",
    "со стороны",
    "по (нашей|моей|вашей|его|её|их) вине",
    "по вине",
    "(наша|моя) (ошибка|вина|недоработка)",
    "(мы|я) (допустили|допустил|допустила|ошиблись|ошибся|ошиблась)",
];

pub struct EvasivePassive {
    /// Per language: the mistake phrases and the agents that own them, built on first use.
    matchers: PerLang<(Matcher, Matcher)>,
}

impl EvasivePassive {
    pub fn new() -> Self {
        EvasivePassive {
            matchers: PerLang::new(),
        }
    }

    fn matchers(&self, lang: Lang) -> &(Matcher, Matcher) {
        self.matchers.get_or_init(lang, || {
            let (mistakes, agents) = match lang {
                Lang::En => (MISTAKE_EN, AGENT_EN),
                Lang::Es => (MISTAKE_ES, AGENT_ES),
                Lang::Ru => (MISTAKE_RU, AGENT_RU),
            };
            let build = |list: &[&str]| {
                Matcher::from_patterns(lang, list)
                    .expect("built-in evasive-passive patterns parse (tested)")
            };
            (build(mistakes), build(agents))
        })
    }

    pub fn meta() -> RuleMeta {
        let ex = |lang, bad: &str, good: &str| Example {
            lang,
            bad: bad.into(),
            good: good.into(),
        };
        RuleMeta {
            code: CODE.into(),
            name: "evasive-passive".into(),
            category: Category::DEFENSIVE.into(),
            severity: Severity::Warning,
            summary: "Reports a mistake in the passive voice with nobody who made it.".into(),
            why: "\"Mistakes were made\" admits the problem while hiding who is responsible, and \
                  the client notices. Taking responsibility for the outcome, even when it is not \
                  only your fault, is what rebuilds trust: say who made the mistake and what you \
                  are doing about it."
                .into(),
            examples: vec![
                ex(
                    Lang::En,
                    "Mistakes were made during the migration.",
                    "We made mistakes during the migration; we are removing the duplicates today.",
                ),
                ex(
                    Lang::Es,
                    "Se cometieron algunos errores durante la migración.",
                    "Cometimos errores en la migración; hoy eliminamos los duplicados.",
                ),
                ex(
                    Lang::Ru,
                    "При переносе были допущены ошибки.",
                    "Мы допустили ошибки при переносе; сегодня удалим дубли.",
                ),
            ],
            languages: Vec::new(),
            origin: "built-in: defensive (Rust)".into(),
        }
    }

    fn message(lang: Lang) -> (&'static str, &'static str) {
        match lang {
            Lang::En => (
                "“{match}”: the client hears a mistake nobody owns.",
                "Say who made it and what you are doing: “We made a mistake in the migration; here is how we are fixing it.”",
            ),
            Lang::Es => (
                "«{match}»: el cliente oye un error del que nadie se hace cargo.",
                "Diga quién lo cometió y qué hace para corregirlo: «Cometimos un error en la migración; así lo estamos resolviendo».",
            ),
            Lang::Ru => (
                "«{match}»: клиент слышит ошибку, за которую никто не отвечает.",
                "Скажите, кто ошибся и что вы делаете: «Мы ошиблись при переносе; вот как мы это исправляем».",
            ),
        }
    }
}

impl Default for EvasivePassive {
    fn default() -> Self {
        Self::new()
    }
}

impl Analyzer for EvasivePassive {
    fn name(&self) -> &str {
        "defensive"
    }

    fn rules(&self) -> Vec<RuleMeta> {
        vec![Self::meta()]
    }

    fn check(&self, doc: &Document, opts: &CheckOptions) -> Result<Vec<Finding>, String> {
        let mut out = Vec::new();
        for lang in Lang::ALL {
            if doc.lang.is_some_and(|l| l != lang) {
                continue;
            }
            let (m, agents) = self.matchers(lang);
            let mut last_end = 0;
            for hit in m.find_in(doc, &opts.skip) {
                if hit.span.start < last_end {
                    continue;
                }
                let ctx = context(doc, hit.span);
                if ctx.negated || ctx.question || ctx.quoted || ctx.reported {
                    continue;
                }
                let sentence = Span::new(
                    ctx.sentence.start.min(hit.span.start),
                    ctx.sentence.end.max(hit.span.end),
                );
                if !agents.find(doc.slice(sentence)).is_empty() {
                    continue;
                }
                last_end = hit.span.end;
                let matched = doc
                    .slice(hit.span)
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                let (msg, sugg) = Self::message(m.lang());
                out.push(
                    Finding::new(CODE, hit.span, msg.replace("{match}", &matched))
                        .with_suggestion(sugg),
                );
            }
        }
        Ok(out)
    }
}
