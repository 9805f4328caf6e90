//! Language identification for short posts, and whether Écoute analyses the language.
//!
//! Written here rather than taken from a crate: posts are a few words long, where trigram-profile
//! identifiers (whatlang) are unreliable for fr/en and the accurate ones (lingua) weigh tens of MB.
//! What matters most is the answer "French", "English" or "neither": a post in a language Écoute
//! does not read gets no sentiment label (a confident wrong one misleads; issue 13). Three signals,
//! cheap and small:
//! 1. Script: Cyrillic, Greek, Arabic, Hebrew, the Indic scripts, Thai, Hangul, kana, Han... decide
//!    alone (with a letter or two telling Ukrainian from Russian, Persian and Urdu from Arabic).
//! 2. Latin script: function words (which short posts always have) of en, fr, es, de, it, pt, nl,
//!    pl, tr, sv, id, plus letters only some of them use (ç, ñ, ß, ã, ł, ğ, ı...) and French elision.
//! 3. Latin script, content words: character n-grams typical of one language ("-ción", "-ção",
//!    "sch", "cz", "-iyor", "ij") as weak hints, for posts that have few function words.
//!
//! English or French needs a clear lead; another Latin-script language needs a clearer one over
//! both (a post wrongly said Spanish loses its label, so that mistake costs more). `und` when
//! nothing or a tie decides: such a post is still analysed (emoji, tags, a word or two). Accuracy
//! on short posts: QUALITY.md ("Language identification"), measured on tests/lang/short_posts.tsv.
use super::facts::{self, Facts};
use super::lexicon::FastMap;
use super::tokens::{Kind, Token};
use std::sync::OnceLock;

/// The languages Écoute analyses (lexicons, rules and the learned model): English and French.
/// `und` is analysed too (a post of emoji or tags, or too short to say).
pub fn analysed(lang: &str) -> bool {
    matches!(lang, "en" | "fr" | "und")
}

/// Word → bit set of the languages listing it, built once.
fn stop_table() -> &'static FastMap<&'static str, u16> {
    static TABLE: OnceLock<FastMap<&'static str, u16>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut m: FastMap<&'static str, u16> = FastMap::default();
        for (i, words) in STOP.iter().enumerate() {
            for w in words.iter() {
                *m.entry(w).or_default() |= 1 << i;
            }
        }
        m
    })
}

/// The languages listing `w` as a function word, as bits (bit i: `LANGS[i]`); 0 for none.
pub(super) fn stop_bits(w: &str) -> u16 {
    stop_table().get(w).copied().unwrap_or(0)
}

/// Latin-script languages told apart by their words. English and French first (indices 0 and 1).
const LANGS: [&str; 11] = ["en", "fr", "es", "de", "it", "pt", "nl", "pl", "tr", "sv", "id"];
const EN: usize = 0;
const FR: usize = 1;
const N: usize = LANGS.len();

/// Function words per language (folded). A word listed under several languages counts for each,
/// weighted down by how many share it.
const STOP: [&[&str]; N] = [
    // en
    &["the", "and", "is", "are", "was", "were", "i", "i'm", "im", "you", "it", "it's", "this", "that",
      "of", "to", "for", "with", "my", "your", "have", "has", "be", "been", "but", "not", "just", "what",
      "so", "on", "at", "we", "they", "he", "she", "his", "her", "will", "would", "can", "can't", "don't",
      "dont", "do", "does", "did", "a", "an", "in", "if", "or", "from", "all", "out", "about", "get",
      "how", "why", "who", "when", "there", "their", "me", "our", "them", "going", "than", "then",
      "should", "could", "really", "very", "too", "no", "love", "like", "new", "one", "day", "good",
      "great", "people", "time", "now", "today", "tomorrow", "please", "add", "thanks", "isn't",
      "doesn't", "didn't", "won't", "wish", "here", "these", "those", "by", "which", "after", "as",
      "per", "come", "into", "over", "up"],
    // fr
    &["le", "la", "les", "de", "des", "du", "et", "est", "je", "j", "pas", "une", "un", "que", "qui",
      "pour", "avec", "c", "l", "d", "qu", "n", "m", "s", "t", "mais", "tres", "ce", "cette", "il",
      "elle", "nous", "vous", "sur", "dans", "au", "aux", "sont", "suis", "ai", "a", "on", "ne",
      "plus", "tout", "tous", "trop", "bien", "fait", "faire", "mon", "ma", "mes", "ton", "ta", "son",
      "sa", "ses", "leur", "ou", "ou", "y", "en", "comme", "moi", "toi", "lui", "ca", "cest", "quand",
      "pourquoi", "comment", "avoir", "etre", "ete", "meme", "aussi", "encore", "jamais", "rien",
      "merci", "vraiment", "aujourd'hui", "demain", "ils", "elles", "votre", "vos", "notre", "nos",
      "chez", "sans", "par", "apres", "avant", "depuis", "ici", "voila", "oui", "non", "alors", "donc",
      "parce", "peut", "faut", "veux", "sera", "serait", "j'aimerais", "manque", "aime", "super",
      "genial", "nul", "mdr", "ptdr", "bonjour", "salut", "ya", "est-ce", "tu", "te", "se", "me", "si",
      "es", "peux", "va", "vais", "dit", "autre", "entre", "seront", "aura", "leurs", "toujours"],
    // es
    &["el", "los", "las", "y", "es", "que", "de", "en", "un", "una", "por", "con", "para", "no",
      "muy", "pero", "mi", "su", "lo", "del", "al", "como", "mas", "esta", "este", "estoy", "yo",
      "tu", "gracias", "hola", "bueno", "todo", "porque", "cuando", "hoy", "ser", "hay", "tengo",
      "me", "te", "se", "le", "les", "ya", "nos", "tan", "bien", "mucho", "muchas", "muchos", "nada",
      "siempre", "esto", "eso", "ese", "esa", "son", "fue", "ha", "tiene", "puede", "hace", "ahora",
      "aqui", "donde", "algo", "sin", "sobre", "desde", "hasta", "recomiendo", "tambien", "asi",
      "si", "la", "genial", "nueva", "nuevo", "nunca", "buena", "malo", "mala", "pues", "estan", "era", "vez", "otro", "otra", "mejor", "peor"],
    // de
    &["der", "die", "das", "und", "ist", "nicht", "ich", "du", "ein", "eine", "mit", "zu", "auf",
      "es", "sie", "wir", "ihr", "den", "dem", "von", "fur", "sehr", "auch", "aber", "noch", "wie",
      "was", "mein", "heute", "danke", "gut", "bin", "hat", "habe", "sind", "wird", "kein", "nur",
      "mir", "mich", "dass", "wenn", "schon", "doch", "jetzt", "kann", "ganz", "toll", "leider",
      "immer", "nach", "bei", "oder", "einen", "einem", "einer", "war", "haben", "werden", "man",
      "uns", "diese", "dieser", "wirklich", "klasse", "schlecht", "hier", "alles", "mal", "gibt",
      "weil", "meine", "keine", "nie", "warum", "so", "nichts", "zum", "zur", "ab", "wieder", "schnell", "endlich"],
    // it
    &["il", "lo", "la", "gli", "le", "e", "di", "che", "non", "per", "con", "un", "una", "sono",
      "ho", "ma", "mi", "ti", "del", "della", "questo", "questa", "molto", "anche", "come", "tutto",
      "grazie", "oggi", "bello", "bella", "sei", "io", "perche", "nel", "alla", "hai", "cosa",
      "si", "ci", "ne", "lui", "lei", "noi", "voi", "loro", "quello", "quella", "sempre", "ancora",
      "ora", "poi", "gia", "piu", "solo", "fatto", "bene", "ottimo", "ottima", "davvero", "niente",
      "nella", "nei", "degli", "delle", "dei", "sul", "sulla", "dal", "dalla", "consiglio", "va",
      "ha", "hanno", "siamo", "stato", "essere", "fare", "troppo", "buono", "buona", "proprio", "mio", "mia", "mai", "nuovo", "nuova", "dopo",
      "della", "questo", "sto", "sta", "stata"],
    // pt
    &["o", "os", "as", "e", "de", "do", "da", "dos", "das", "que", "nao", "um", "uma", "com",
      "para", "por", "muito", "mas", "eu", "voce", "meu", "minha", "isso", "esta", "obrigado",
      "obrigada", "hoje", "tem", "ele", "ela", "bom", "tudo", "mais", "sim", "estou", "vai",
      "no", "na", "nos", "nas", "ao", "seu", "sua", "ja", "bem", "pra", "pro", "aqui", "agora",
      "sempre", "ainda", "nada", "otimo", "otima", "recomendo", "gostei", "foi", "ser", "esse",
      "essa", "este", "isto", "quando", "porque", "onde", "tambem", "vou", "ta", "entao", "legal",
      "demais", "boa", "ruim", "genial", "pelo", "pela", "sao", "estao", "muita", "comprei", "nunca", "novo",
      "nova", "depois", "minhas", "meus"],
    // nl
    &["de", "het", "een", "en", "is", "niet", "ik", "je", "jij", "van", "op", "met", "voor", "dat",
      "die", "zijn", "maar", "ook", "wel", "nog", "heel", "mijn", "dit", "wat", "hoe", "bedankt",
      "vandaag", "er", "naar", "heb", "hebben", "goed", "geen", "was", "dan", "om", "ze", "we",
      "hij", "zij", "uw", "als", "bij", "uit", "tot", "door", "kan", "moet", "zou", "werd",
      "worden", "zo", "veel", "erg", "echt", "mooi", "niks", "niets", "nu", "waarom", "hier",
      "daar", "deze", "hun", "onze", "aan", "ben", "wordt", "gewoon", "helemaal", "aanrader", "slecht"],
    // pl
    &["nie", "jest", "na", "sie", "ze", "jak", "ale", "co", "mnie", "bardzo", "polecam",
      "tak", "dla", "juz", "tylko", "jestem", "mam", "byl", "byla", "czy", "tez", "dobry", "dobrze",
      "ten", "moj", "moja", "dziekuje", "swietny", "po", "od", "przez", "jeszcze", "wszystko",
      "kto", "gdzie", "kiedy", "naprawde", "bo", "bez", "jego", "jej", "sa", "bylo", "mi",
      "tego", "tym", "tej", "ktory", "ktora", "aby", "lub", "oraz", "przy", "pod", "nad", "wiec"],
    // tr
    &["ve", "bir", "bu", "cok", "icin", "ama", "ile", "mi", "ne", "gibi", "daha", "var", "yok",
      "ben", "sen", "guzel", "harika", "tesekkurler", "degil", "kadar", "her", "sey", "tavsiye",
      "ederim", "da", "de", "iyi", "kotu", "hic", "bunu", "simdi", "neden", "cunku", "en", "ki",
      "biz", "siz", "onlar", "sonra", "once", "artik", "hala", "bence", "gercekten", "urun"],
    // sv
    &["och", "att", "det", "som", "en", "jag", "inte", "med", "pa", "har", "den", "till",
      "mycket", "bra", "tack", "ett", "var", "men", "kan", "om", "vi", "du", "av", "fran", "hej",
      "ocksa", "bara", "nu", "mig", "mitt", "sin", "eller", "nar", "vad", "hur", "aldrig"],
    // id
    &["dan", "yang", "ini", "itu", "di", "ke", "dari", "untuk", "tidak", "saya", "aku", "sangat",
      "bagus", "dengan", "ada", "juga", "sudah", "bisa", "mau", "karena", "tapi", "kamu", "kita",
      "banget", "gak", "nggak", "sekali", "terima", "kasih", "lagi", "akan", "belum", "sama",
      "buat", "udah", "aja", "tak", "lebih", "baik", "jelek", "beli"],
];

/// Where in a word a character n-gram hint must sit.
#[derive(Clone, Copy)]
enum At {
    Anywhere,
    End,
}

/// Character n-grams typical of one language's content words (folded), with a weight: weak hints,
/// read on words longer than three letters that no function-word list has. Chosen to be rare in the
/// other languages' common words (no "sch": English "school"; no "-ler": English "seller").
/// (At most 32: `gram_bits` keeps them as bits.)
const GRAMS: [(&str, At, usize, f32); 29] = [
    ("th", At::Anywhere, EN, 0.2),
    ("ght", At::Anywhere, EN, 0.3),
    ("ing", At::End, EN, 0.3),
    ("eux", At::End, FR, 0.4),
    ("oire", At::End, FR, 0.4),
    ("aient", At::End, FR, 0.6),
    ("ement", At::End, FR, 0.3),
    ("cion", At::End, 2, 0.6),
    ("ou", At::End, 5, 0.4),
    ("dad", At::End, 2, 0.5),
    ("ung", At::End, 3, 0.4),
    ("cht", At::Anywhere, 3, 0.5),
    ("lich", At::Anywhere, 3, 0.5),
    ("keit", At::Anywhere, 3, 0.6),
    ("zione", At::Anywhere, 4, 0.8),
    ("zioni", At::Anywhere, 4, 0.8),
    ("cch", At::Anywhere, 4, 0.6),
    ("cao", At::End, 5, 0.8),
    ("coes", At::End, 5, 0.8),
    ("lh", At::Anywhere, 5, 0.4),
    ("ij", At::Anywhere, 6, 0.6),
    ("cz", At::Anywhere, 7, 0.6),
    ("sz", At::Anywhere, 7, 0.6),
    ("rz", At::Anywhere, 7, 0.5),
    ("ych", At::End, 7, 0.6),
    ("iyor", At::Anywhere, 8, 0.8),
    ("siniz", At::Anywhere, 8, 0.6),
    ("nya", At::End, 10, 0.6),
    ("kan", At::End, 10, 0.3),
];

/// The `GRAMS` a word has, as bits (bit i: `GRAMS[i]`), computed once per distinct word (facts.rs).
pub(super) fn gram_bits(w: &str) -> u32 {
    if w.len() <= 3 {
        return 0;
    }
    let mut bits = 0u32;
    for (i, &(gram, at, _, _)) in GRAMS.iter().enumerate() {
        let hit = match at {
            At::Anywhere => w.contains(gram),
            At::End => w.len() >= gram.len() + 2 && w.ends_with(gram),
        };
        if hit {
            bits |= 1 << i;
        }
    }
    bits
}

/// Scripts that name a language (or a family Écoute does not read) on their own.
fn script_of(c: char) -> Option<&'static str> {
    Some(match c as u32 {
        0x0400..=0x052F => "ru",
        0x0370..=0x03FF | 0x1F00..=0x1FFF => "el",
        0x0590..=0x05FF => "he",
        0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => "ar",
        0x0900..=0x097F => "hi",
        0x0980..=0x09FF => "bn",
        0x0A00..=0x0A7F => "pa",
        0x0A80..=0x0AFF => "gu",
        0x0B80..=0x0BFF => "ta",
        0x0C00..=0x0C7F => "te",
        0x0C80..=0x0CFF => "kn",
        0x0D00..=0x0D7F => "ml",
        0x0D80..=0x0DFF => "si",
        0x0E00..=0x0E7F => "th",
        0x0E80..=0x0EFF => "lo",
        0x1000..=0x109F => "my",
        0x10A0..=0x10FF => "ka",
        0x0530..=0x058F => "hy",
        0x1200..=0x139F => "am",
        0x1780..=0x17FF => "km",
        0xAC00..=0xD7AF | 0x1100..=0x11FF | 0x3130..=0x318F => "ko",
        0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F => "ja",
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF => "zh",
        _ => return None,
    })
}

/// The language of the tokens' text, ISO 639-1, or `und`.
pub fn identify(text: &str, tokens: &[Token]) -> &'static str {
    identify_with(text, tokens, &facts::of_tokens(tokens))
}

/// `identify` with the tokens' facts already looked up (`facts::of_tokens`).
pub fn identify_with(text: &str, tokens: &[Token], facts: &[Facts]) -> &'static str {
    // 1. Scripts: count letters per non-Latin script and Latin letters.
    let mut latin = 0usize;
    // Letters of scripts that decide alone, by language (few distinct ones in a post).
    let mut other: Vec<(&'static str, usize)> = Vec::new();
    // Letters that tell a language within its script: Ukrainian in Cyrillic, Persian and Urdu in
    // Arabic.
    let (mut uk, mut fa, mut ur) = (0usize, 0usize, 0usize);
    let mut marks = [0f32; N];
    for t in tokens.iter().filter(|t| t.kind == Kind::Word) {
        let word = text.get(t.start..t.end).unwrap_or_default();
        if word.is_ascii() {
            // The common case: plain Latin letters, no script or accent to look at.
            latin += word.bytes().filter(u8::is_ascii_alphabetic).count();
            continue;
        }
        for c in word.chars() {
            if let Some(code) = script_of(c) {
                match other.iter_mut().find(|(l, _)| *l == code) {
                    Some(slot) => slot.1 += 1,
                    None => other.push((code, 1)),
                }
                match c {
                    'і' | 'ї' | 'є' | 'ґ' | 'І' | 'Ї' | 'Є' | 'Ґ' => uk += 1,
                    'پ' | 'چ' | 'ژ' | 'گ' | 'ک' | 'ی' => fa += 1,
                    'ٹ' | 'ڈ' | 'ڑ' | 'ں' | 'ے' | 'ھ' => ur += 1,
                    _ => {}
                }
            } else if c.is_alphabetic() && ((c as u32) < 0x0250 || (0x1E00..=0x1EFF).contains(&(c as u32))) {
                latin += 1;
                // Letters that few of the Latin-script languages use.
                match c {
                    'è' | 'à' | 'ù' | 'î' | 'œ' | 'û' | 'ë' | 'ï' | 'È' | 'À' => marks[FR] += 0.7,
                    'ê' | 'Ê' => {
                        marks[FR] += 0.4;
                        marks[5] += 0.4;
                    }
                    // Acute accents other than é: Spanish and Portuguese, never French or English.
                    'á' | 'í' | 'ó' | 'ú' | 'Á' | 'Í' | 'Ó' | 'Ú' => {
                        marks[2] += 0.5;
                        marks[5] += 0.4;
                    }
                    'ç' | 'Ç' => {
                        marks[FR] += 0.4;
                        marks[5] += 0.3;
                        marks[8] += 0.3;
                    }
                    'â' | 'ô' => marks[FR] += 0.5,
                    'ñ' | '¿' | '¡' => marks[2] += 1.5,
                    'ß' => marks[3] += 1.5,
                    'ä' | 'Ä' => {
                        marks[3] += 0.7;
                        marks[9] += 0.5;
                    }
                    'ö' | 'ü' | 'Ö' | 'Ü' => {
                        marks[3] += 0.6;
                        marks[8] += 0.5;
                    }
                    'ã' | 'õ' => marks[5] += 1.5,
                    'ì' | 'ò' => marks[4] += 0.8,
                    'ą' | 'ę' | 'ł' | 'ś' | 'ź' | 'ż' | 'ń' | 'ć' | 'Ł' | 'Ś' | 'Ż' => marks[7] += 1.5,
                    'ı' | 'ğ' | 'ş' | 'İ' | 'Ş' | 'Ğ' => marks[8] += 1.5,
                    'å' | 'Å' => marks[9] += 1.2,
                    _ => {}
                }
            }
        }
    }
    let (best_other, n_other) = other.iter().copied().max_by_key(|&(_, n)| n).unwrap_or(("und", 0));
    if n_other > 0 && n_other >= latin {
        let kana = other.iter().find(|(l, _)| *l == "ja").map_or(0, |&(_, n)| n);
        return match best_other {
            // Japanese writes Han too: any kana makes it Japanese.
            "zh" | "ja" if kana > 0 => "ja",
            "ru" if uk > 0 => "uk",
            "ar" if ur > 0 => "ur",
            "ar" if fa > 0 => "fa",
            l => l,
        };
    }
    // 2. Latin script: function words.
    let mut score = marks;
    // Words (or letters) that spoke for each language: another language needs two.
    let mut hits = marks.map(|m| (m > 0.0) as u32);
    let mut words = 0;
    // Longer words in no function-word list: the n-gram and lexicon hints below may read them.
    let content = |t: &Token, f: &Facts| !t.elided && f.stop == 0 && t.norm.len() > 3;
    let mut any_content = false;
    for (t, f) in tokens.iter().zip(facts).filter(|(t, _)| t.kind == Kind::Word) {
        words += 1;
        if t.elided {
            // "j'", "qu'" split off a word: French; "l'", "d'" French mostly, Italian too ("l'ho",
            // "d'accordo"); "dell'", "nell'", "un'" Italian.
            match t.norm.as_str() {
                "l" | "d" | "s" | "m" | "t" | "n" => {
                    score[FR] += 0.7;
                    score[4] += 0.4;
                }
                "dell" | "nell" | "all" | "dall" | "sull" | "un" | "quell" | "po" => {
                    score[4] += 1.0;
                    hits[4] += 1;
                }
                _ => score[FR] += 1.0,
            }
            continue;
        }
        let bits = f.stop;
        if bits == 0 {
            if content(t, f) {
                any_content = true;
                let mut bits = f.grams;
                while bits != 0 {
                    let (_, _, lang, w) = GRAMS[bits.trailing_zeros() as usize];
                    bits &= bits - 1;
                    score[lang] += w;
                    hits[lang] += 1;
                }
            }
            continue;
        }
        let share = 1.0 / bits.count_ones() as f32;
        let mut b = bits;
        while b != 0 {
            let i = b.trailing_zeros() as usize;
            b &= b - 1;
            score[i] += share;
            hits[i] += 1;
        }
    }
    if words == 0 {
        return "und";
    }
    // The leader, its score and the runner-up's (ties go to the earlier language).
    let decided = |score: &[f32; N]| {
        let mut best = 0;
        for i in 1..N {
            if score[i] > score[best] {
                best = i;
            }
        }
        let second = (0..N).filter(|&i| i != best).map(|i| score[i]).fold(f32::NEG_INFINITY, f32::max);
        (best, score[best], second)
    };
    let (mut best, mut top, mut second) = decided(&score);
    // Not decided by function words: a sentiment word found in only one of the two lexicons is a
    // weak hint ("awesome", "génial"), enough together with one function word or another hint.
    if (top < 0.9 || top - second < 0.4) && any_content {
        for (_, f) in tokens.iter().zip(facts).filter(|(t, f)| t.kind == Kind::Word && content(t, f)) {
            match (f.en.is_some(), f.fr.is_some()) {
                (true, false) => score[EN] += 0.45,
                (false, true) => score[FR] += 0.45,
                _ => {}
            }
        }
        (best, top, second) = decided(&score);
    }
    if best == EN || best == FR {
        // Sure enough: a clear lead. One shared word ("de", "a") alone does not decide.
        return if top >= 0.9 && top - second >= 0.4 { LANGS[best] } else { "und" };
    }
    // Another language loses the post its label: it needs a clearer lead, over English and French
    // above all (English tweets borrow "de", "la", "me"; French ones "la", "e").
    let ours = score[EN].max(score[FR]);
    // One word alone does not take a post away from English ("Samsung unveils Android OS": "os" is
    // Portuguese) unless it says a lot (two function words' worth).
    if top >= 1.0 && top - second >= 0.5 && top - ours >= 0.9 && (hits[best] >= 2 || top >= 1.5) {
        LANGS[best]
    } else {
        "und"
    }
}

#[cfg(test)]
mod tests {
    use super::super::tokens::tokenize;
    use super::identify;

    fn id(s: &str) -> &'static str {
        identify(s, &tokenize(s))
    }

    #[test]
    fn short_posts() {
        assert_eq!(id("J'aime pas du tout cette appli"), "fr");
        assert_eq!(id("I don't like this app at all"), "en");
        assert_eq!(id("C'est nul"), "fr");
        assert_eq!(id("Ce serait bien d'avoir un mode sombre"), "fr");
        assert_eq!(id("please add dark mode"), "en");
        assert_eq!(id("Me encanta, muchas gracias por todo"), "es");
        assert_eq!(id("Das ist nicht gut"), "de");
        assert_eq!(id("Привет, как дела?"), "ru");
        assert_eq!(id("これは素晴らしい"), "ja");
        assert_eq!(id("👍👍"), "und");
        assert_eq!(id("https://t.co/x @bob"), "und");
    }
}
