//! Writes a deterministic benchmark corpus of client correspondence: plain drafts, .eml
//! messages (some quoted-printable, with quoted replies and signatures), Markdown meeting notes
//! and one mbox, in English, Spanish and Russian.
//!
//! Usage: `tactful-gen-corpus OUT_DIR [MEGABYTES] [SEED]` (default 20 MB, seed 1).
//! The same arguments always give the same bytes.

use std::fmt::Write as _;
use std::path::Path;

/// xorshift64*: tiny, deterministic, good enough to pick templates.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

struct Lang {
    code: &'static str,
    greetings: &'static [&'static str],
    neutral: &'static [&'static str],
    flagged: &'static [&'static str],
    steps: &'static [&'static str],
    signoffs: &'static [&'static str],
    names: &'static [&'static str],
    wrote: &'static str,
    headings: &'static [&'static str],
}

const EN: Lang = Lang {
    code: "en",
    greetings: &[
        "Hi Anna,",
        "Hello Mark,",
        "Dear Ms. Patel,",
        "Good morning team,",
    ],
    neutral: &[
        "Thanks for the call this morning and for sending the updated contract.",
        "The new mailboxes are set up and everyone on your list can sign in.",
        "We reviewed the quote with the finance team and the figures look right to us.",
        "The printer on the second floor was replaced on Tuesday and prints again.",
        "Your website now loads in under two seconds on a phone.",
        "The quarterly report is attached, with the changes you asked for on page three.",
        "We moved the shared calendar to the new account, so the old one can be closed.",
        "The training session for the sales team went well and the slides are in the folder.",
        "Let me know if the numbers in the second table need another look.",
        "The invoice for March covers the two site visits and the new laptop.",
    ],
    flagged: &[
        "As I already told you, the backup only covers the shared drive.",
        "Per my last email, the licence expires on Friday.",
        "Technically it works, you are just not using it correctly.",
        "You should have sent the files before the deadline.",
        "We need to circle back and leverage our synergies on the rollout.",
        "The DNS propagation may take a while after the hotfix is deployed to prod.",
        "The migration is delayed and the cost will go up.",
        "We will fix it ASAP.",
        "I am so sorry, I deeply apologize, please forgive us for the trouble.",
        "Mistakes were made during the upgrade.",
    ],
    steps: &[
        "I will call you on Thursday at 10am to confirm.",
        "Mark will send the revised plan by Friday 3pm.",
        "We will restore the files tomorrow before noon and email you when it is done.",
    ],
    signoffs: &["Best regards,", "Kind regards,", "Thanks,", "Cheers,"],
    names: &["Priya Shah", "Tom Becker", "Laura Gómez", "Ivan Petrov"],
    wrote: "wrote:",
    headings: &["Agenda", "Decisions", "Action items", "Next steps"],
};

const ES: Lang = Lang {
    code: "es",
    greetings: &[
        "Hola Marta:",
        "Buenos días, Luis:",
        "Estimada Sra. Ruiz:",
        "Hola equipo:",
    ],
    neutral: &[
        "Gracias por la llamada de esta mañana y por enviarnos el contrato actualizado.",
        "Las nuevas cuentas de correo están listas y todo su equipo puede entrar.",
        "Revisamos el presupuesto con contabilidad y las cifras cuadran.",
        "La impresora de la segunda planta se cambió el martes y ya imprime.",
        "Su web ahora carga en menos de dos segundos en el móvil.",
        "Adjunto el informe trimestral con los cambios que pidió en la página tres.",
        "La formación del equipo comercial fue bien y las diapositivas están en la carpeta.",
        "La factura de marzo incluye las dos visitas y el portátil nuevo.",
    ],
    flagged: &[
        "Como ya le dije, la copia de seguridad solo cubre la unidad compartida.",
        "Funciona correctamente en nuestro entorno, no es culpa nuestra.",
        "Usted debería haber enviado los archivos antes del plazo.",
        "Vamos a hacer deploy del backend en aras de la sinergia.",
        "La migración se retrasa y el coste subirá.",
        "Lo arreglaremos lo antes posible.",
        "Se cometieron errores durante la actualización.",
    ],
    steps: &[
        "Le llamo el jueves a las 10:00 para confirmarlo.",
        "Marta enviará el plan revisado antes del viernes a las 15:00.",
    ],
    signoffs: &["Un saludo,", "Saludos cordiales,", "Gracias,"],
    names: &["Laura Gómez", "Luis Martín", "Ana Ruiz"],
    wrote: "escribió:",
    headings: &["Orden del día", "Acuerdos", "Próximos pasos"],
};

const RU: Lang = Lang {
    code: "ru",
    greetings: &[
        "Добрый день, Ольга!",
        "Здравствуйте, Андрей!",
        "Коллеги, добрый день!",
    ],
    neutral: &[
        "Спасибо за звонок сегодня утром и за обновлённый договор.",
        "Новые почтовые ящики настроены, все сотрудники из списка могут войти.",
        "Мы сверили смету с бухгалтерией, цифры сходятся.",
        "Принтер на втором этаже заменили во вторник, он снова печатает.",
        "Сайт теперь открывается на телефоне меньше чем за две секунды.",
        "Квартальный отчёт во вложении, правки на третьей странице учтены.",
        "Обучение отдела продаж прошло хорошо, слайды лежат в общей папке.",
        "Счёт за март включает два выезда и новый ноутбук.",
    ],
    flagged: &[
        "Как я уже говорил, резервная копия делается только для общей папки.",
        "У нас всё работает, вы неправильно пользуетесь системой.",
        "Вам следовало прислать файлы до срока.",
        "Мы задеплоим фикс на прод и пофиксим баг.",
        "Миграция задерживается, и стоимость вырастет.",
        "Исправим в ближайшее время.",
        "Были допущены ошибки при обновлении.",
    ],
    steps: &[
        "Я позвоню вам в четверг в 10:00, чтобы всё подтвердить.",
        "Андрей пришлёт новый план до пятницы, 15:00.",
    ],
    signoffs: &["С уважением,", "Спасибо,", "Хорошего дня,"],
    names: &["Андрей Смирнов", "Ольга Иванова", "Мария Петрова"],
    wrote: "написал:",
    headings: &["Повестка", "Решения", "Задачи"],
};

/// A message of 1 to `max_paragraphs` paragraphs, about one sentence in eight flagged.
fn body(rng: &mut Rng, l: &Lang, max_paragraphs: usize) -> String {
    let paragraphs = 1 + rng.below(max_paragraphs);
    let mut out = String::new();
    let _ = writeln!(out, "{}\n", rng.pick(l.greetings));
    for _ in 0..paragraphs {
        let sentences = 2 + rng.below(4);
        for s in 0..sentences {
            let pool = if rng.chance(12) { l.flagged } else { l.neutral };
            if s > 0 {
                out.push(' ');
            }
            out.push_str(rng.pick(pool));
        }
        out.push_str("\n\n");
    }
    if rng.chance(60) {
        let _ = writeln!(out, "{}\n", rng.pick(l.steps));
    }
    let _ = writeln!(out, "{}\n{}", rng.pick(l.signoffs), rng.pick(l.names));
    out
}

fn quoted(rng: &mut Rng, l: &Lang) -> String {
    let mut out = format!(
        "\nOn Mon, 4 Mar 2024 at 09:{:02}, {} <client@example.com> {}\n",
        rng.below(60),
        rng.pick(l.names),
        l.wrote
    );
    for line in body(rng, l, 4).lines() {
        let _ = writeln!(out, "> {line}");
    }
    out
}

fn quoted_printable(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let mut width = 0;
        for b in line.bytes() {
            let piece = if b == b'=' || b >= 0x80 {
                format!("={b:02X}")
            } else {
                (b as char).to_string()
            };
            if width + piece.len() > 73 {
                out.push_str("=\n");
                width = 0;
            }
            width += piece.len();
            out.push_str(&piece);
        }
        out.push('\n');
    }
    out
}

fn eml(rng: &mut Rng, l: &Lang, n: usize) -> String {
    let mut text = body(rng, l, 10);
    // Threads grow: a reply quotes one to three earlier messages.
    if rng.chance(60) {
        for _ in 0..1 + rng.below(3) {
            text.push_str(&quoted(rng, l));
        }
    }
    if rng.chance(30) {
        text.push_str("\n-- \nSupport desk | +1 555 0100 | support@example.com\n");
    }
    let qp = rng.chance(40);
    let mut out = format!(
        "From: {} <consultant@example.com>\nTo: client{n}@example.com\n\
Subject: Re: ticket {n}\nDate: Mon, 4 Mar 2024 10:{:02}:00 +0100\n\
Message-ID: <{n}.{}@example.com>\nMIME-Version: 1.0\n\
Content-Type: text/plain; charset=utf-8\n",
        rng.pick(l.names),
        n % 60,
        l.code
    );
    if qp {
        out.push_str("Content-Transfer-Encoding: quoted-printable\n\n");
        out.push_str(&quoted_printable(&text));
    } else {
        out.push_str("Content-Transfer-Encoding: 8bit\n\n");
        out.push_str(&text);
    }
    out
}

fn notes(rng: &mut Rng, l: &Lang) -> String {
    let mut out = format!("# {}\n\n", rng.pick(l.headings));
    for h in l.headings {
        let _ = writeln!(out, "## {h}\n");
        for _ in 0..3 + rng.below(8) {
            let pool = if rng.chance(15) { l.flagged } else { l.neutral };
            let _ = writeln!(out, "- {}", rng.pick(pool));
        }
        out.push('\n');
        if rng.chance(30) {
            out.push_str("```\nping -c 3 10.0.0.1\n```\n\n");
        }
    }
    out
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(out_dir) = args.get(1) else {
        eprintln!("usage: tactful-gen-corpus OUT_DIR [MEGABYTES] [SEED]");
        std::process::exit(2);
    };
    let megabytes: f64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(20.0);
    let seed: u64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(1);
    let target = (megabytes * 1_000_000.0) as usize;
    let out = Path::new(out_dir);
    for sub in ["drafts", "mail", "notes"] {
        std::fs::create_dir_all(out.join(sub)).expect("create output folder");
    }
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ seed);
    let langs = [&EN, &EN, &ES, &RU];
    let mut written = 0;
    let mut files = 0;
    let mut mbox = String::new();
    let mut n = 0;
    // A tenth of the bytes go to one mbox; the rest to single files.
    while written + mbox.len() < target {
        n += 1;
        let l = langs[rng.below(langs.len())];
        let kind = rng.below(10);
        let (path, text) = match kind {
            0..=3 => (format!("mail/{n:05}.{}.eml", l.code), eml(&mut rng, l, n)),
            4..=6 => (
                format!("drafts/{n:05}.{}.txt", l.code),
                body(&mut rng, l, 4),
            ),
            7 | 8 => (format!("notes/{n:05}.{}.md", l.code), notes(&mut rng, l)),
            _ => {
                let _ = write!(
                    mbox,
                    "From consultant@example.com Mon Mar  4 10:00:00 2024\n{}\n",
                    eml(&mut rng, l, n)
                );
                continue;
            }
        };
        written += text.len();
        files += 1;
        std::fs::write(out.join(path), text).expect("write corpus file");
    }
    std::fs::write(out.join("mail/archive.mbox"), &mbox).expect("write mbox");
    println!(
        "wrote {} files and an mbox of {} bytes: {:.1} MB in all",
        files,
        mbox.len(),
        (written + mbox.len()) as f64 / 1e6
    );
}
