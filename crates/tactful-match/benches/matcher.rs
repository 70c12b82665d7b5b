//! Throughput of the phrase matcher against a raw aho-corasick scan of the same phrases.
//!
//! Run: `cargo bench -p tactful-match`. Generates ~2 MB of prose per language (deterministic),
//! compiles a few hundred patterns per language (alternatives, optional words, `~` forms), and
//! scans the text in e-mail-sized chunks of ~4 KB, as the analyzers would:
//! - matcher: folding + tokenizing + anchor lookup + verification, as `Matcher::find`;
//! - raw: `aho-corasick` over the original text with every expanded phrase as a literal
//!   (ASCII case-insensitive, no folding, no word boundaries): the floor to compare with.

use std::time::Instant;

use aho_corasick::{AhoCorasick, MatchKind};
use tactful_core::Lang;
use tactful_match::Matcher;
use tactful_match::fold::tokenize;
use tactful_match::pattern::{parse, variant_text};
use tactful_match::stem::Stemmer;

const BYTES_PER_LANG: usize = 2_000_000;
const CHUNK: usize = 4_096;
const PATTERNS_PER_LANG: usize = 300;
const ROUNDS: usize = 5;

const EN: &str = "the we you our team client report server file update fix week monday \
    issue delay already said mentioned told as per my last email should have sent failed \
    blame fault sorry apologize deeply issue plan tomorrow deadline review budget invoice \
    meeting agenda notes project release version test data export import access password \
    account billing support ticket status urgent please thanks regards because due to your \
    vendor system works on our side technically designed correctly using it";
const ES: &str = "el la los las usted ustedes nosotros equipo cliente informe servidor \
    archivo actualización corrección semana lunes problema retraso ya le dije comenté \
    indiqué como debería haber enviado falló culpa suya lo siento disculpe profundamente \
    plan mañana plazo revisión presupuesto factura reunión notas proyecto versión prueba \
    datos acceso contraseña cuenta soporte estado urgente gracias saludos porque debido \
    proveedor sistema funciona correctamente entorno está según así también";
const RU: &str = "мы вы ваш наш команда клиент отчёт сервер файл обновление исправление \
    неделя понедельник проблема задержка как я уже говорил писал упоминал следовало \
    прислать забыли сломали вина вине виноваты извините простите очень план завтра срок \
    проверка бюджет счёт встреча заметки проект версия тест данные доступ пароль аккаунт \
    поддержка статус срочно спасибо потому из-за вас подрядчик подвёл система работает \
    у нас всё правильно ещё раз напоминаю";

/// A small deterministic generator (xorshift), so every run scans the same text.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as usize
    }
    fn pick<'a>(&mut self, words: &[&'a str]) -> &'a str {
        words[self.next() % words.len()]
    }
}

fn prose(vocab: &[&str], rng: &mut Rng) -> String {
    let mut text = String::with_capacity(BYTES_PER_LANG + 256);
    while text.len() < BYTES_PER_LANG {
        let n = 5 + rng.next() % 12;
        for i in 0..n {
            let w = rng.pick(vocab);
            if i == 0 {
                let mut c = w.chars();
                if let Some(f) = c.next() {
                    text.extend(f.to_uppercase());
                    text.push_str(c.as_str());
                }
            } else {
                text.push_str(w);
            }
            text.push(if i + 1 < n && rng.next().is_multiple_of(9) {
                ','
            } else {
                ' '
            });
            if i + 1 < n && text.ends_with(',') {
                text.push(' ');
            }
        }
        text.pop();
        text.push_str(match rng.next() % 10 {
            0 => "?\n\n",
            1 => ".\n",
            _ => ". ",
        });
    }
    text
}

fn patterns(vocab: &[&str], rng: &mut Rng) -> Vec<String> {
    (0..PATTERNS_PER_LANG)
        .map(|i| match i % 4 {
            0 => format!("{} {}", rng.pick(vocab), rng.pick(vocab)),
            1 => format!(
                "{} ({}|{}) {}",
                rng.pick(vocab),
                rng.pick(vocab),
                rng.pick(vocab),
                rng.pick(vocab)
            ),
            2 => format!(
                "[{}] {} {}",
                rng.pick(vocab),
                rng.pick(vocab),
                rng.pick(vocab)
            ),
            _ => format!("{} {}~", rng.pick(vocab), rng.pick(vocab)),
        })
        .collect()
}

fn chunks(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let mut end = (start + CHUNK).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        out.push(&text[start..end]);
        start = end;
    }
    out
}

/// Best of `ROUNDS` timings of `f` over the chunks, in MB/s, and what it counted.
fn measure(bytes: usize, mut f: impl FnMut() -> usize) -> (f64, usize) {
    let mut best = f64::INFINITY;
    let mut count = 0;
    for _ in 0..ROUNDS {
        let t = Instant::now();
        count = std::hint::black_box(f());
        best = best.min(t.elapsed().as_secs_f64());
    }
    (bytes as f64 / 1e6 / best, count)
}

fn main() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    println!(
        "{:<9} {:>6} {:>9} {:>13} {:>7} {:>14} {:>12} {:>9} {:>6}",
        "lang",
        "MB",
        "patterns",
        "matcher MB/s",
        "hits",
        "tokenize MB/s",
        "raw AC MB/s",
        "raw hits",
        "ratio"
    );
    for (lang, vocab) in [(Lang::En, EN), (Lang::Es, ES), (Lang::Ru, RU)] {
        let words: Vec<&str> = vocab.split_whitespace().collect();
        let text = prose(&words, &mut rng);
        // Dense: phrases of the text's own words (many hits). Sparse: the same words with the
        // last letter doubled, so phrases almost never occur, as in real mail.
        let dense = patterns(&words, &mut rng);
        let doubled: Vec<String> = words
            .iter()
            .map(|w| format!("{w}{}", w.chars().last().unwrap_or('x')))
            .collect();
        let doubled: Vec<&str> = doubled.iter().map(String::as_str).collect();
        let sparse = patterns(&doubled, &mut rng);
        for (kind, pats) in [("dense", dense), ("sparse", sparse)] {
            let refs: Vec<&str> = pats.iter().map(String::as_str).collect();

            let t = Instant::now();
            let matcher = Matcher::from_patterns(lang, &refs).expect("generated patterns compile");
            let build = t.elapsed();

            // The same phrases, every expansion as a literal, for the raw scan.
            let stemmer = Stemmer::new(lang);
            let mut literals: Vec<String> = pats
                .iter()
                .flat_map(|p| parse(p, false, &stemmer).expect("parses"))
                .map(|v| variant_text(&v))
                .collect();
            literals.sort();
            literals.dedup();
            let raw = AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .ascii_case_insensitive(true)
                .build(&literals)
                .expect("raw automaton");

            let parts = chunks(&text);
            let (m_speed, m_hits) = measure(text.len(), || {
                parts.iter().map(|c| matcher.find(c).len()).sum()
            });
            let (t_speed, _) = measure(text.len(), || {
                parts.iter().map(|c| tokenize(c, 0).len()).sum()
            });
            let (r_speed, r_hits) = measure(text.len(), || {
                parts
                    .iter()
                    .map(|c| raw.find_overlapping_iter(*c).count())
                    .sum()
            });
            println!(
                "{:<9} {:>6.2} {:>9} {:>13.1} {:>7} {:>14.1} {:>12.1} {:>9} {:>5.1}x",
                format!("{}/{kind}", lang.code()),
                text.len() as f64 / 1e6,
                format!("{}/{}", pats.len(), literals.len()),
                m_speed,
                m_hits,
                t_speed,
                r_speed,
                r_hits,
                r_speed / m_speed
            );
            eprintln!(
                "  ({lang}/{kind}: matcher built in {:.1} ms)",
                build.as_secs_f64() * 1e3
            );
        }
    }
    println!("patterns = source patterns / distinct expanded phrases; tokenize = folding alone;");
    println!("ratio = raw AC speed / matcher speed (same text, same phrases; best of {ROUNDS}).");
}
