//! NXT001 `next-steps`: bad news or an open decision with no concrete next step.
//!
//! What it flags: a message that raises a problem, a delay, an extra cost, bad news or a
//! decision to make, and nowhere says who (I, we, a name, a role, or the client) will do what
//! by when (a date, a weekday, a time, "tomorrow", "within two days"). The finding points at
//! the first bad-news sentence and names what the best candidate step lacks.
//! Why: the seeds end on this every time: after bad news, specific next steps with no grey
//! areas. Without them the client is left to chase you.

use tactful_core::{Category, Example, Finding, Lang, RuleMeta, Severity};

use crate::facts::{Facts, Sig, Unit};

pub(crate) const CODE: &str = "NXT001";

pub(crate) fn meta() -> RuleMeta {
    let ex = |lang, bad: &str, good: &str| Example {
        lang,
        bad: bad.into(),
        good: good.into(),
    };
    RuleMeta {
        code: CODE.into(),
        name: "next-steps".into(),
        category: Category::NEXT_STEPS.into(),
        severity: Severity::Warning,
        summary: "Bad news or an open decision with no concrete next step: who does what by when."
            .into(),
        why: "After a problem the client's first question is \"so what happens now?\". A step \
              with an owner, an action and a date answers it and shows you are in control; \
              \"we're looking into it\" or \"Friday\" alone leaves them to chase you."
            .into(),
        examples: vec![
            ex(
                Lang::En,
                "The migration did not finish, so the portal will not be ready for Monday. Sorry for the trouble.",
                "The migration did not finish, so the portal will not be ready for Monday. I'll send you a new date by Tuesday at 12:00.",
            ),
            ex(
                Lang::Es,
                "La migración no terminó y el portal no estará listo para el lunes. Disculpa las molestias.",
                "La migración no terminó y el portal no estará listo para el lunes. Te envío una fecha nueva el martes antes de las 12:00.",
            ),
            ex(
                Lang::Ru,
                "Миграция не завершилась, портал к понедельнику готов не будет. Извините за неудобства.",
                "Миграция не завершилась, портал к понедельнику готов не будет. Новую дату пришлю во вторник до 12:00.",
            ),
        ],
        languages: Vec::new(),
        origin: "built-in: next-steps (plugins/next-steps/src/no_next_step.rs)".into(),
    }
}

fn missing_text(lang: Lang, owner: bool, action: bool, time: bool, vague: bool) -> String {
    let (o, a, t, v, and) = match lang {
        Lang::En => (
            "an owner (who)",
            "an action (what)",
            "a time (by when)",
            "a firm time (the one given is vague)",
            "and",
        ),
        Lang::Es => (
            "un responsable (quién)",
            "una acción (qué)",
            "una fecha (para cuándo)",
            "una fecha firme (la que hay es vaga)",
            "y",
        ),
        Lang::Ru => (
            "ответственный (кто)",
            "действие (что)",
            "срок (когда)",
            "точный срок (указанный расплывчатый)",
            "и",
        ),
    };
    let mut parts = Vec::new();
    if !owner {
        parts.push(o);
    }
    if !action {
        parts.push(a);
    }
    if !time {
        parts.push(if vague { v } else { t });
    }
    match parts.len() {
        0 => String::new(),
        1 => parts[0].to_string(),
        _ => format!(
            "{} {and} {}",
            parts[..parts.len() - 1].join(", "),
            parts[parts.len() - 1]
        ),
    }
}

pub(crate) fn check(facts: &Facts) -> Vec<Finding> {
    let units: Vec<&Unit> = facts.prose().collect();
    let Some(news) = units.iter().find_map(|u| {
        u.problem()
            .or_else(|| {
                u.hits
                    .iter()
                    .find(|(s, _)| *s == Sig::Decision)
                    .map(|(_, sp)| *sp)
            })
            .map(|_| *u)
    }) else {
        return Vec::new();
    };
    if units.iter().any(|u| u.concrete_step()) {
        return Vec::new();
    }
    // The best candidate step: the sentence with most of owner, action, time.
    let score =
        |u: &Unit| usize::from(u.owner()) + usize::from(u.action()) + usize::from(u.firm_time());
    let best = units
        .iter()
        .copied()
        .max_by_key(|u| (score(u), u.vague_time().is_some()));
    let (owner, action, time, vague) = match best {
        Some(u) if score(u) > 0 || u.vague_time().is_some() => (
            u.owner(),
            u.action(),
            u.firm_time(),
            u.vague_time().is_some(),
        ),
        _ => (false, false, false, false),
    };
    let missing = missing_text(facts.lang, owner, action, time, vague);
    let (msg, sugg) = match facts.lang {
        Lang::En => (
            format!("bad news with no concrete next step: missing {missing}"),
            "say who will do what by when, e.g. \"I'll send you the new date by Thursday 12:00\"",
        ),
        Lang::Es => (
            format!("mala noticia sin un siguiente paso concreto: falta {missing}"),
            "di quién hará qué y para cuándo, p. ej. \"Te envío la nueva fecha el jueves antes de las 12:00\"",
        ),
        Lang::Ru => (
            format!("плохая новость без конкретного следующего шага: не хватает: {missing}"),
            "напишите, кто что сделает и к какому сроку, например: «Новую дату пришлю в четверг до 12:00»",
        ),
    };
    vec![Finding::new(CODE, news.span, msg).with_suggestion(sugg)]
}
