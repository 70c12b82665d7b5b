//! The owner-by-name regex's sources, apart so that the build script reads them too
//! (`build.rs` works out the facts' gate from them and the time grammar's).

use tactful_core::Lang;

use crate::time::piece_srcs;

/// Capitalized names followed by a verb of doing, per language; the verb lists favour the
/// ones used for promises. Case-sensitive on the name only.
pub(crate) fn name_owner_src(lang: Lang) -> &'static str {
    match lang {
        Lang::En => {
            r"(?:^|[^\w])(?P<name>[A-Z][a-z]{1,15})\s+(?i:will|'ll|is\s+going\s+to|to\s+\w+|owns|sends|calls|books|takes)\b"
        }
        Lang::Es => {
            r"(?:^|[^\w])(?P<name>[A-ZÁÉÍÓÚÑ][a-záéíóúñ]{1,15})\s+(?i:(?:le\s+|te\s+|os\s+|les\s+|lo\s+|la\s+|se\s+)?(?:\w+(?:ará|erá|irá)|envía|manda|llama|revisa|prepara|confirma|encarga|sube|pasa))\b"
        }
        Lang::Ru => {
            r"(?:^|[^\w])(?P<name>[А-ЯЁ][а-яё]{1,15})\s+(?i:(?:вам\s+|тебе\s+|нам\s+)?(?:пришлёт|пришлет|присылает|отправит|отправляет|сделает|проверит|позвонит|звонит|напишет|вычитает|подготовит|исправит|починит|сообщит|свяжется|займётся|займется|обновит|закажет|передаст|согласует|уточнит))\b"
        }
    }
}

/// The regexes the facts' gate is for: the time grammar's pieces, then the owner-by-name one.
// Read by the build script, and by the test that compares its gate with the prebuilt one.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) fn gate_srcs(lang: Lang) -> impl Iterator<Item = &'static str> {
    piece_srcs(lang).chain([name_owner_src(lang)])
}
