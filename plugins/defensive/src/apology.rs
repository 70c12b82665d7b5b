//! DEF005 apology-cascade: several apologies in a short stretch, or grovelling ones.
//!
//! Each apology weighs 1; a grovelling one ("so so sorry", "I deeply apologize", "please
//! forgive us", "mil disculpas", "глубочайшие извинения") weighs 2. The rule fires when
//! apologies within [`WINDOW_CHARS`] characters weigh [`THRESHOLD`] or more, so one clear
//! apology followed by the fix ("Sorry about this; here is how we'll solve it") never fires,
//! nor does a polite "sorry again" at the end of a long message. Sympathy ("sorry to hear",
//! "lamento saber", "жаль, что") is not an apology, and negated, asked, quoted or reported
//! apologies ("no need to apologize") do not count.

use tactful_core::{
    Analyzer, Category, CheckOptions, Document, Example, Finding, Lang, RuleMeta, Severity, Span,
};
use tactful_match::{Matcher, PerLang, context};

pub const CODE: &str = "DEF005";
/// Total weight of apologies that makes a cascade.
const THRESHOLD: u32 = 3;
/// How close together (in characters, first to last) the apologies of a cascade are.
const WINDOW_CHARS: usize = 700;

/// `(weight, patterns)`: weight 0 marks sympathy, which cancels an overlapping apology.
type Weighted = &'static [(u32, &'static [&'static str])];

const EN: Weighted = &[
    (
        0,
        &[
            "sorry to (hear|read|learn|see)",
            "sorry for your loss",
            "(no|don't|do not|never) need to apologi*",
        ],
    ),
    (
        1,
        &[
            "sorry",
            "apologi*",
            "my apologies",
            "our apologies",
            "(I|we) regret",
            "pardon (me|us)",
        ],
    ),
    (
        2,
        &[
            "(so|very|really|truly) (so|very|truly|really) sorry",
            "(terribly|deeply|incredibly|extremely|awfully|profoundly|immensely|hugely|massively|desperately) (sorry|apologetic)",
            "(deeply|profusely|humbly|sincerely and deeply) apologi*",
            "(can't|cannot|can not) apologi* enough",
            "(please|kindly) forgive (us|me)",
            "forgive (us|me) for",
            "beg your (forgiveness|pardon)",
            "(a thousand|a million|a hundred) apologies",
            "(we|I) (feel|felt) (terrible|awful|horrible|so bad|really bad)",
            "(I'm|I am|we're|we are) (mortified|ashamed|so embarrassed|deeply embarrassed)",
            "from the bottom of (my|our) (heart|hearts)",
        ],
    ),
];

const ES: Weighted = &[
    (
        0,
        &[
            "(lamento|lamentamos|siento|sentimos) (saber|oír|escuchar|leer|enterarme|enterarnos)",
            "(no|nada) (tiene|tienes|tienen|hay) (que|por qué|de qué) (disculpar*|pedir perdón|preocupar*)",
        ],
    ),
    (
        1,
        &[
            "lo (siento|sentimos|lamento|lamentamos)",
            "(siento|sentimos|lamento|lamentamos) (mucho|que|el|la|los|las|haber|no|este|esta|esto|la demora|el retraso)",
            "(disculpe|disculpa|disculpen|disculpad|disculpas|perdón|perdone|perdona|perdonen|perdonad)",
            "(me|nos) (disculpo|disculpamos)",
            "(le|les|te|os) (pido|pedimos) (disculpas|perdón)",
        ],
    ),
    (
        2,
        &[
            "(mil|cien|un millón de) (disculpas|perdones)",
            "lo (siento|sentimos|lamento|lamentamos) (muchísimo|profundamente|enormemente|en el alma|de corazón|de verdad de verdad)",
            "(profundamente|sinceramente|terriblemente|enormemente) (lo siento|lo sentimos|lo lamento|lo lamentamos|apenados|apenado|avergonzados|avergonzado)",
            "(perdónenos|perdónennos|perdónanos|perdóneme|perdóname|perdónenme)",
            "(le|les|te) (ruego|rogamos|suplico|suplicamos)",
            "no (sé|sabemos) cómo (disculparme|disculparnos|pedirle perdón|pedirles perdón)",
            "(me|nos) (siento|sentimos) fatal",
            "(muy|tan|terriblemente) (avergonzado|avergonzada|avergonzados)",
            "de todo corazón",
        ],
    ),
];

const RU: Weighted = &[
    (
        0,
        &[
            "не (надо|нужно|стоит) (извиняться|извинений)",
            "жаль слышать",
        ],
    ),
    (
        1,
        &[
            "(извините|извини|извиняюсь|извиняемся|простите|прости)",
            "(прошу|просим) прощения",
            "(приношу|приносим) [свои|наши] извинения",
            "(примите|прими) [наши|мои] извинения",
            "(мои|наши) извинения",
            "(мне|нам) [очень] жаль",
            "(сожалею|сожалеем)",
        ],
    ),
    (
        2,
        &[
            "глубочайшие извинения",
            "(искренне|глубоко|бесконечно|ужасно|страшно|очень-очень) (извиняюсь|извиняемся|сожалею|сожалеем|виноват|виновата|виноваты)",
            "(тысяча|тысячу|миллион) извинений",
            "(простите|прости|извините) (нас|меня) [пожалуйста]",
            "(умоляю|умоляем)",
            "(мне|нам) (ужасно|безумно|страшно|очень-очень|так) (стыдно|жаль|неловко)",
            "(очень-очень|ужасно|безумно) жаль",
            "не (знаю|знаем), как (извиниться|оправдаться)",
        ],
    ),
];

pub struct ApologyCascade {
    /// Per language: the matcher and the weight of each pattern id, built on first use.
    matchers: PerLang<(Matcher, Vec<u32>)>,
}

impl ApologyCascade {
    pub fn new() -> Self {
        ApologyCascade {
            matchers: PerLang::new(),
        }
    }

    fn matcher(&self, lang: Lang) -> &(Matcher, Vec<u32>) {
        self.matchers.get_or_init(lang, || {
            let table: Weighted = match lang {
                Lang::En => EN,
                Lang::Es => ES,
                Lang::Ru => RU,
            };
            let mut patterns = Vec::new();
            let mut weights = Vec::new();
            for (w, list) in table {
                for p in *list {
                    patterns.push(*p);
                    weights.push(*w);
                }
            }
            let m = Matcher::from_patterns(lang, &patterns)
                .expect("built-in apology patterns parse (tested)");
            (m, weights)
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
            name: "apology-cascade".into(),
            category: Category::DEFENSIVE.into(),
            severity: Severity::Warning,
            summary: "Several apologies in a few lines, or grovelling ones.".into(),
            why: "There is nothing worse than a cascade of apologies: it centres the message on \
                  your guilt instead of the client's problem, and makes you look less able to \
                  fix it. One clear apology followed by the plan (\"Sorry about this; here is \
                  how we will solve it\") sounds competent."
                .into(),
            examples: vec![
                ex(
                    Lang::En,
                    "I'm so so sorry. I deeply apologize, please forgive us.",
                    "Sorry about this; here is how we'll solve it: the new room is booked for 9am.",
                ),
                ex(
                    Lang::Es,
                    "Lo siento muchísimo. Le pido mil disculpas, perdónenos.",
                    "Lo siento por esto; así es como lo vamos a resolver: la sala nueva está reservada a las 9.",
                ),
                ex(
                    Lang::Ru,
                    "Приношу глубочайшие извинения. Простите нас, пожалуйста, нам ужасно стыдно.",
                    "Извините за это; вот как мы это решим: новый зал забронирован на 9 утра.",
                ),
            ],
            languages: Vec::new(),
            origin: "built-in: defensive (Rust)".into(),
        }
    }

    fn message(lang: Lang) -> (&'static str, &'static str) {
        match lang {
            Lang::En => (
                "a cascade of apologies: the client hears guilt, not a plan",
                "Apologize once, then say how you will fix it: “Sorry about this; here is how we'll solve it…”",
            ),
            Lang::Es => (
                "una cascada de disculpas: el cliente oye culpa, no un plan",
                "Discúlpese una vez y diga cómo lo resolverá: «Lo siento por esto; así es como lo vamos a resolver…»",
            ),
            Lang::Ru => (
                "каскад извинений: клиент слышит вину, а не план",
                "Извинитесь один раз и скажите, как исправите: «Извините за это; вот как мы это решим…»",
            ),
        }
    }

    /// Apologies that count, in text order: `(span, weight)`, overlapping matches merged.
    fn apologies(&self, doc: &Document, opts: &CheckOptions) -> Vec<(Lang, Span, u32)> {
        let mut out = Vec::new();
        for lang in Lang::ALL {
            if doc.lang.is_some_and(|l| l != lang) {
                continue;
            }
            let (m, weights) = self.matcher(lang);
            let mut hits = m.find_in(doc, &opts.skip);
            hits.sort_by_key(|h| (h.span.start, std::cmp::Reverse(h.span.end)));
            // Merge overlapping hits into one apology; sympathy (weight 0) cancels the group.
            let mut groups: Vec<(Span, Option<u32>)> = Vec::new();
            for h in hits {
                let w = weights[h.id];
                match groups.last_mut() {
                    Some((span, weight)) if h.span.start < span.end => {
                        span.end = span.end.max(h.span.end);
                        *weight = weight
                            .zip(Some(w))
                            .and_then(|(a, b)| (b > 0).then(|| a.max(b)));
                    }
                    _ => groups.push((h.span, (w > 0).then_some(w))),
                }
            }
            for (span, weight) in groups {
                let Some(w) = weight else { continue };
                let ctx = context(doc, span);
                if ctx.negated || ctx.question || ctx.quoted || ctx.reported {
                    continue;
                }
                out.push((m.lang(), span, w));
            }
        }
        out.sort_by_key(|(_, s, _)| *s);
        out
    }
}

impl Default for ApologyCascade {
    fn default() -> Self {
        Self::new()
    }
}

impl Analyzer for ApologyCascade {
    fn name(&self) -> &str {
        "defensive"
    }

    fn rules(&self) -> Vec<RuleMeta> {
        vec![Self::meta()]
    }

    fn check(&self, doc: &Document, opts: &CheckOptions) -> Result<Vec<Finding>, String> {
        let apologies = self.apologies(doc, opts);
        let mut out = Vec::new();
        let mut first = 0;
        let mut j = 0;
        while j < apologies.len() {
            // Shrink the window from the left until it spans at most WINDOW_CHARS.
            while doc.text[apologies[first].1.start..apologies[j].1.end]
                .chars()
                .count()
                > WINDOW_CHARS
            {
                first += 1;
            }
            let weight: u32 = apologies[first..=j].iter().map(|a| a.2).sum();
            if weight >= THRESHOLD {
                let (lang, span, _) = apologies[j];
                let (msg, sugg) = Self::message(lang);
                out.push(Finding::new(CODE, span, msg).with_suggestion(sugg));
                first = j + 1;
            }
            j += 1;
            first = first.min(j);
        }
        Ok(out)
    }
}
