//! Delivery rules (category `delivery`, default severity info): how bad news is delivered.
//!
//! DLV001 `buried-bad-news`: the first bad news comes after three or more sentences of other
//! talk (pleasantries, good news), or only in the last of three or more paragraphs. Why: the
//! seeds say be honest and direct; don't make people wait to hear what the problem is.
//!
//! DLV002 `no-impact-acknowledgement`: bad news (a delay, failure, extra cost) with nothing
//! that acknowledges what it means for the client ("I know you had planned the announcement
//! for Monday", "sé que contabais con ella", "понимаю, что это осложняет вам квартал").
//! Why: the seeds put acknowledging the impact first; without it the client feels the
//! problem is theirs alone.
//!
//! Both read messages only: Markdown notes with headings are records, not deliveries.

use tactful_core::{Category, Document, Example, Finding, Lang, RuleMeta, Severity};

use crate::facts::{Facts, Sig, Unit};

pub(crate) const BURIED: &str = "DLV001";
pub(crate) const NO_IMPACT: &str = "DLV002";

fn ex(lang: Lang, bad: &str, good: &str) -> Example {
    Example {
        lang,
        bad: bad.into(),
        good: good.into(),
    }
}

pub(crate) fn buried_meta() -> RuleMeta {
    RuleMeta {
        code: BURIED.into(),
        name: "buried-bad-news".into(),
        category: Category::DELIVERY.into(),
        severity: Severity::Info,
        summary:
            "Bad news buried after several sentences of other talk, or only in the last paragraph."
                .into(),
        why: "Be honest and direct: a client who reads three friendly sentences before the \
              problem feels managed, and one who finds it at the end may miss it. Lead with the \
              news, then the plan."
            .into(),
        examples: vec![
            ex(
                Lang::En,
                "I hope you had a lovely weekend. It was great to see your team at the fair. Your booth looked fantastic. By the way, the release will be delayed by two weeks; I know this affects your launch, and I'll send a new timeline on Wednesday by noon.",
                "The release will be delayed by two weeks; I know this affects your launch, and I'll send a new timeline on Wednesday by noon.",
            ),
            ex(
                Lang::Es,
                "Espero que hayas tenido un buen fin de semana. Fue un placer ver a tu equipo en la feria. El stand quedó fantástico. Por cierto, la publicación se retrasará dos semanas; sé que os afecta, y te mando un calendario nuevo el miércoles antes de las 12.",
                "La publicación se retrasará dos semanas; sé que os afecta, y te mando un calendario nuevo el miércoles antes de las 12.",
            ),
            ex(
                Lang::Ru,
                "Надеюсь, выходные прошли отлично. Было очень приятно увидеть вашу команду на выставке. Стенд выглядел здорово. Кстати, выпуск приложения задержится на две недели; понимаю, что это осложняет вам запуск, новый график пришлю в среду до 12:00.",
                "Выпуск приложения задержится на две недели; понимаю, что это осложняет вам запуск, новый график пришлю в среду до 12:00.",
            ),
        ],
        languages: Vec::new(),
        origin: "built-in: next-steps (plugins/next-steps/src/delivery.rs)".into(),
    }
}

pub(crate) fn impact_meta() -> RuleMeta {
    RuleMeta {
        code: NO_IMPACT.into(),
        name: "no-impact-acknowledgement".into(),
        category: Category::DELIVERY.into(),
        severity: Severity::Info,
        summary: "Bad news with no acknowledgement of what it means for the client.".into(),
        why: "Acknowledge the impact first: a line showing you understand what the delay or \
              failure costs the client tells them you are on their side before you explain."
            .into(),
        examples: vec![
            ex(
                Lang::En,
                "The launch slips by two days. I'll deploy the fixed build on Wednesday by 3pm.",
                "The launch slips by two days. I know you had planned the announcement for Monday. I'll deploy the fixed build on Wednesday by 3pm.",
            ),
            ex(
                Lang::Es,
                "El lanzamiento se retrasa dos días. Subiré la versión corregida el miércoles antes de las 15:00.",
                "El lanzamiento se retrasa dos días. Sé que teníais previsto el anuncio para el lunes. Subiré la versión corregida el miércoles antes de las 15:00.",
            ),
            ex(
                Lang::Ru,
                "Запуск сдвигается на два дня. В среду до 15:00 выложу исправленную сборку.",
                "Запуск сдвигается на два дня. Знаю, что вы планировали анонс на понедельник. В среду до 15:00 выложу исправленную сборку.",
            ),
        ],
        languages: Vec::new(),
        origin: "built-in: next-steps (plugins/next-steps/src/delivery.rs)".into(),
    }
}

/// Sentences that carry content: three words or more, and not a greeting or sign-off line
/// ("Hi Sam,", "Лаура, добрый день!", "Best regards,").
fn substantive(text: &str) -> bool {
    let t = text.trim();
    // Counted up to five: the test only tells fewer than three, three or four, and more.
    let words = t.split_whitespace().take(5).count();
    words >= 3 && !(words <= 4 && t.ends_with([',', ':', '!']))
}

pub(crate) fn check(doc: &Document, facts: &Facts) -> Vec<Finding> {
    // Most messages hold no bad news: then no sentence's words need counting.
    if facts.has_headings() || !facts.prose().any(|u| u.problem().is_some()) {
        return Vec::new();
    }
    let units: Vec<&Unit> = facts
        .prose()
        .filter(|u| substantive(doc.slice(u.span)))
        .collect();
    let Some(first) = units.iter().position(|u| u.problem().is_some()) else {
        return Vec::new();
    };
    let news = units[first];
    let span = news.problem().expect("found above");
    let mut out = Vec::new();
    let paragraphs: Vec<usize> = {
        let mut p: Vec<usize> = units.iter().map(|u| u.segment).collect();
        p.dedup();
        p
    };
    let before = first;
    let last_paragraph_only =
        paragraphs.len() >= 3 && news.segment == *paragraphs.last().expect("non-empty");
    if before >= 3 || last_paragraph_only {
        let msg = match facts.lang {
            Lang::En => "the bad news comes late: lead with it",
            Lang::Es => "la mala noticia llega tarde: empieza por ella",
            Lang::Ru => "плохая новость спрятана: начните с неё",
        };
        out.push(Finding::new(BURIED, news.span, msg));
    }
    if !facts.units.iter().any(|u| u.has(Sig::Impact)) {
        let msg = match facts.lang {
            Lang::En => "bad news with no word on what it means for the client",
            Lang::Es => "mala noticia sin reconocer qué supone para el cliente",
            Lang::Ru => "плохая новость без признания, чем она обернётся для клиента",
        };
        let sugg = match facts.lang {
            Lang::En => {
                "acknowledge the impact first, e.g. \"I know you had planned the announcement for Monday\""
            }
            Lang::Es => {
                "reconoce primero el impacto, p. ej. \"Sé que teníais previsto el anuncio para el lunes\""
            }
            Lang::Ru => {
                "сначала признайте влияние, например: «Знаю, что вы планировали анонс на понедельник»"
            }
        };
        out.push(Finding::new(NO_IMPACT, span, msg).with_suggestion(sugg));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_is_substantive_as_when_all_its_words_are_counted() {
        let every_word = |text: &str| {
            let t = text.trim();
            let words = t.split_whitespace().count();
            words >= 3 && !(words <= 4 && t.ends_with([',', ':', '!']))
        };
        let texts = [
            "",
            "Hi Sam,",
            "Hi Sam and Ana,",
            "Лаура, добрый день!",
            "Best regards,",
            "Thanks a lot!",
            "One two three four five,",
            "One two three four five six!",
            "  The release\tslips by two days.  ",
            "Sorry, the import failed: we are on it, Ana and I, today:",
        ];
        for text in texts {
            assert_eq!(substantive(text), every_word(text), "{text:?}");
        }
        assert!(substantive("One two three four five,"));
        assert!(!substantive("Hi Sam and Ana,"));
    }
}
