//! NXT003 `action-item-incomplete`: a meeting-notes action item with no owner or no due date.
//!
//! What it reads: list items under an action heading ("Action items", "Next steps", "To do",
//! "Acuerdos", "Próximos pasos", "Tareas", "Решения", "Задачи", "Следующие шаги"), open
//! checkboxes (`- [ ]`), and lines starting `TODO:`, `AI:` or `Action:`. Done items (`[x]`)
//! are skipped. Under "Acuerdos" and "Решения", which also hold plain decisions ("we keep the
//! blue palette"), an item counts only when it reads as a task: it starts with an infinitive,
//! names an owner, or carries a date.
//! Why: an item nobody owns is done by nobody; an item with no date is done someday.

use tactful_core::{Category, Document, Example, Finding, Lang, RuleMeta, SegmentKind, Severity};

use crate::facts::{Facts, Unit};

pub(crate) const CODE: &str = "NXT003";

pub(crate) fn meta() -> RuleMeta {
    let ex = |lang, bad: &str, good: &str| Example {
        lang,
        bad: bad.into(),
        good: good.into(),
    };
    RuleMeta {
        code: CODE.into(),
        name: "action-item-incomplete".into(),
        category: Category::NEXT_STEPS.into(),
        severity: Severity::Warning,
        summary: "A meeting-notes action item with no owner or no due date.".into(),
        why: "An action item nobody owns is done by nobody, and one with no date is done \
              someday. Notes the client reads should say who does each item and by when."
            .into(),
        examples: vec![
            ex(
                Lang::En,
                "TODO: update the pricing page",
                "TODO: Ana: update the pricing page by Friday 15 March",
            ),
            ex(
                Lang::Es,
                "TODO: actualizar la página de precios",
                "TODO: Ana: actualizar la página de precios antes del viernes 15 de marzo",
            ),
            ex(
                Lang::Ru,
                "TODO: обновить страницу цен",
                "TODO: Анна: обновить страницу цен до пятницы, 15 марта",
            ),
        ],
        languages: Vec::new(),
        origin: "built-in: next-steps (plugins/next-steps/src/action_items.rs)".into(),
    }
}

/// How a heading introduces its list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Other,
    /// Every item is a task.
    Tasks,
    /// Items may be decisions or tasks.
    Agreements,
}

fn section(heading: &str) -> Section {
    let h = heading
        .trim()
        .trim_start_matches('#')
        .trim()
        .trim_end_matches(':')
        .to_lowercase();
    const TASKS: &[&str] = &[
        "action items",
        "action item",
        "actions",
        "next steps",
        "to do",
        "todo",
        "to-do",
        "tasks",
        "follow-ups",
        "follow ups",
        "próximos pasos",
        "proximos pasos",
        "siguientes pasos",
        "tareas",
        "pendientes",
        "задачи",
        "следующие шаги",
        "поручения",
        "дальнейшие шаги",
    ];
    const AGREEMENTS: &[&str] = &["acuerdos", "решения", "договорённости", "договоренности"];
    // The heading is the name, or starts with it and a space.
    let names = |t: &&str| {
        h.strip_prefix(*t)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
    };
    if TASKS.iter().any(names) {
        Section::Tasks
    } else if AGREEMENTS.iter().any(names) {
        Section::Agreements
    } else {
        Section::Other
    }
}

fn marker_line(text: &str) -> bool {
    let t = text.trim_start();
    ["TODO:", "TODO ", "AI:", "Action:", "ACTION:", "[ ]"]
        .iter()
        .any(|m| t.starts_with(m))
}

fn done(text: &str) -> bool {
    let t = text.trim_start().trim_start_matches(['-', '*', ' ']);
    t.starts_with("[x]") || t.starts_with("[X]")
}

fn starts_with_infinitive(lang: Lang, text: &str) -> bool {
    let first = text
        .trim_start_matches(|c: char| !c.is_alphabetic())
        .split(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("")
        .to_lowercase();
    match lang {
        Lang::Es => {
            ["ar", "er", "ir"].iter().any(|e| first.ends_with(e)) && first.chars().count() > 3
        }
        Lang::Ru => ["ть", "ти", "чь"].iter().any(|e| first.ends_with(e)),
        Lang::En => true,
    }
}

pub(crate) fn check(doc: &Document, facts: &Facts) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut current = Section::Other;
    let mut last_segment = usize::MAX;
    for u in &facts.units {
        if u.kind == SegmentKind::Heading {
            current = section(doc.slice(u.span));
            continue;
        }
        let text = doc.slice(u.span);
        let first_of_segment = u.segment != last_segment;
        last_segment = u.segment;
        let is_item = match (u.kind, current) {
            (SegmentKind::ListItem, Section::Tasks) => true,
            (SegmentKind::ListItem, Section::Agreements) => {
                starts_with_infinitive(facts.lang, text) || u.owner() || u.firm_time()
            }
            _ => first_of_segment && marker_line(text) || item_checkbox(doc, u),
        };
        if !is_item || done(text) || item_done_in_source(doc, u) {
            continue;
        }
        let owner = u.owner();
        let date = u.firm_time();
        if owner && date {
            continue;
        }
        let (msg, sugg) = match (facts.lang, owner, date) {
            (Lang::En, false, false) => (
                "action item with no owner and no due date",
                "add who does it and by when: \"Ana: ... by Friday 15 March\"",
            ),
            (Lang::En, false, true) => {
                ("action item with no owner", "add who does it: \"Ana: ...\"")
            }
            (Lang::En, _, _) => (
                "action item with no due date",
                "add by when: \"... by Friday 15 March\"",
            ),
            (Lang::Es, false, false) => (
                "tarea sin responsable ni fecha",
                "añade quién y para cuándo: \"Ana: ... antes del viernes 15 de marzo\"",
            ),
            (Lang::Es, false, true) => {
                ("tarea sin responsable", "añade quién la hace: \"Ana: ...\"")
            }
            (Lang::Es, _, _) => (
                "tarea sin fecha",
                "añade para cuándo: \"... antes del viernes 15 de marzo\"",
            ),
            (Lang::Ru, false, false) => (
                "задача без ответственного и срока",
                "укажите, кто и к какому сроку: «Анна: ... до пятницы, 15 марта»",
            ),
            (Lang::Ru, false, true) => (
                "задача без ответственного",
                "укажите, кто её делает: «Анна: ...»",
            ),
            (Lang::Ru, _, _) => (
                "задача без срока",
                "укажите срок: «... до пятницы, 15 марта»",
            ),
        };
        out.push(Finding::new(CODE, u.span, msg).with_suggestion(sugg));
    }
    out
}

/// A list item whose source line holds an open checkbox (`- [ ] ...`), even when the Markdown
/// parser left the box out of the item's text.
fn item_checkbox(doc: &Document, u: &Unit) -> bool {
    u.kind == SegmentKind::ListItem && line_prefix(doc, u).contains("[ ]")
}

fn item_done_in_source(doc: &Document, u: &Unit) -> bool {
    u.kind == SegmentKind::ListItem && {
        let p = line_prefix(doc, u);
        p.contains("[x]") || p.contains("[X]")
    }
}

/// The text of the unit's line before the unit starts ("- [ ] ").
fn line_prefix<'a>(doc: &'a Document, u: &Unit) -> &'a str {
    let start = doc.text[..u.span.start].rfind('\n').map_or(0, |i| i + 1);
    &doc.text[start..u.span.start]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_heading_names_its_section_alone_or_before_a_space() {
        assert_eq!(section("## Action items"), Section::Tasks);
        assert_eq!(section("Next steps:"), Section::Tasks);
        assert_eq!(section("# Tasks for Monday"), Section::Tasks);
        assert_eq!(section("Следующие шаги"), Section::Tasks);
        assert_eq!(section("Acuerdos de la reunión"), Section::Agreements);
        assert_eq!(section("Todos los puntos"), Section::Other);
        assert_eq!(section("Tasksforce"), Section::Other);
        assert_eq!(section("Notes"), Section::Other);
    }
}
