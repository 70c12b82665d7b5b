//! NXT002 `vague-deadline`: "ASAP", "soon", "shortly", "in the coming days", "at some point",
//! "lo antes posible", "pronto", "en breve", "как можно скорее", "в ближайшее время", "скоро",
//! and hedged times ("this week-ish", "esta semana, más o menos", "где-то на этой неделе").
//!
//! Why: a vague time cannot be kept or missed, so the client cannot plan around it; the seeds
//! advise realistic dates with some margin. Friendly closings ("see you soon", "hasta pronto",
//! "до скорой встречи") are not promises and are left alone. Uses [`crate::time`].

use tactful_core::{Category, Document, Example, Finding, Lang, RuleMeta, Severity};

use crate::facts::{Facts, Sig};

pub(crate) const CODE: &str = "NXT002";

pub(crate) fn meta() -> RuleMeta {
    let ex = |lang, bad: &str, good: &str| Example {
        lang,
        bad: bad.into(),
        good: good.into(),
    };
    RuleMeta {
        code: CODE.into(),
        name: "vague-deadline".into(),
        category: Category::NEXT_STEPS.into(),
        severity: Severity::Warning,
        summary: "A vague time (\"ASAP\", \"soon\", \"en breve\", \"в ближайшее время\") where a date belongs.".into(),
        why: "A vague time cannot be kept or missed, so the client cannot plan around it and \
              starts chasing. Give a realistic date with a small margin, and beat it."
            .into(),
        examples: vec![
            ex(Lang::En, "We'll renew the certificate ASAP.", "We'll renew the certificate by Thursday 5pm."),
            ex(Lang::En, "We'll fix it this week-ish.", "We'll fix it by Friday 14 March."),
            ex(Lang::Es, "Lo renovaremos lo antes posible.", "Lo renovaremos antes del jueves a las 17:00."),
            ex(Lang::Ru, "Продлим сертификат в ближайшее время.", "Продлим сертификат до четверга 17:00."),
        ],
        languages: Vec::new(),
        origin: "built-in: next-steps (plugins/next-steps/src/vague_deadline.rs)".into(),
    }
}

pub(crate) fn check(doc: &Document, facts: &Facts) -> Vec<Finding> {
    let mut out = Vec::new();
    for u in facts.prose() {
        for t in u.times.iter().filter(|t| !t.is_firm()) {
            let in_closing = u.hits.iter().any(|(s, sp)| {
                *s == Sig::Closing && sp.start < t.span.end && t.span.start < sp.end
            });
            if in_closing {
                continue;
            }
            let said = doc
                .slice(t.span)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let (msg, sugg) = match facts.lang {
                Lang::En => (
                    format!("\"{said}\" is not a date the client can plan around"),
                    "give a realistic date with a small margin, e.g. \"by Thursday 5pm\" if you expect to finish on Wednesday",
                ),
                Lang::Es => (
                    format!("«{said}» no es una fecha con la que el cliente pueda planificar"),
                    "da una fecha realista con un pequeño margen, p. ej. \"antes del jueves a las 17:00\" si cuentas con terminar el miércoles",
                ),
                Lang::Ru => (
                    format!("«{said}» — не срок, под который клиент может планировать"),
                    "назовите реальную дату с небольшим запасом, например «до четверга 17:00», если рассчитываете закончить в среду",
                ),
            };
            out.push(Finding::new(CODE, t.span, msg).with_suggestion(sugg));
        }
    }
    out
}
