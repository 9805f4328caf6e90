//! Language identification for short posts.
//!
//! Written here rather than taken from a crate: posts are a few words long, where trigram-profile
//! identifiers (whatlang) are unreliable for fr/en and the accurate ones (lingua) weigh tens of MB.
//! Two signals, cheap and small:
//! 1. Script: Cyrillic, Greek, Arabic, Hebrew, Devanagari, Thai, Hangul, kana, Han decide alone.
//! 2. Latin script: function words (which short posts always have) of en, fr, es, de, it, pt, nl,
//!    plus letters only some of them use (ç, ñ, ß, ã) and French elision.
//!
//! `und` when nothing or a tie decides. Accuracy on the dev tweets: QUALITY.md.
use super::facts::{self, Facts};
use super::lexicon::FastMap;
use super::tokens::{Kind, Token};
use std::sync::OnceLock;

/// Word → bit set of the languages listing it, built once.
fn stop_table() -> &'static FastMap<&'static str, u8> {
    static TABLE: OnceLock<FastMap<&'static str, u8>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut m: FastMap<&'static str, u8> = FastMap::default();
        for (i, words) in STOP.iter().enumerate() {
            for w in words.iter() {
                *m.entry(w).or_default() |= 1 << i;
            }
        }
        m
    })
}

/// The languages listing `w` as a function word, as bits (bit i: `LANGS[i]`); 0 for none.
pub(super) fn stop_bits(w: &str) -> u8 {
    stop_table().get(w).copied().unwrap_or(0)
}

const LANGS: [&str; 7] = ["en", "fr", "es", "de", "it", "pt", "nl"];

/// Function words per language (folded). A word listed under several languages counts for each,
/// weighted down by how many share it.
const STOP: [&[&str]; 7] = [
    // en
    &["the", "and", "is", "are", "was", "were", "i", "i'm", "im", "you", "it", "it's", "this", "that",
      "of", "to", "for", "with", "my", "your", "have", "has", "be", "been", "but", "not", "just", "what",
      "so", "on", "at", "we", "they", "he", "she", "his", "her", "will", "would", "can", "can't", "don't",
      "dont", "do", "does", "did", "a", "an", "in", "if", "or", "from", "all", "out", "about", "get",
      "how", "why", "who", "when", "there", "their", "me", "our", "them", "going", "than", "then",
      "should", "could", "really", "very", "too", "no", "love", "like", "new", "one", "day", "good",
      "great", "people", "time", "now", "today", "tomorrow", "please", "add", "thanks", "isn't",
      "doesn't", "didn't", "won't", "wish", "here", "these", "those", "by", "which", "after"],
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
      "genial", "nul", "mdr", "ptdr", "bonjour", "salut", "ya", "est-ce"],
    // es
    &["el", "los", "las", "y", "es", "que", "de", "en", "un", "una", "por", "con", "para", "no",
      "muy", "pero", "mi", "su", "lo", "del", "al", "como", "mas", "esta", "este", "estoy", "yo",
      "tu", "gracias", "hola", "bueno", "todo", "porque", "cuando", "hoy", "ser", "hay", "tengo"],
    // de
    &["der", "die", "das", "und", "ist", "nicht", "ich", "du", "ein", "eine", "mit", "zu", "auf",
      "es", "sie", "wir", "ihr", "den", "dem", "von", "fur", "sehr", "auch", "aber", "noch", "wie",
      "was", "mein", "heute", "danke", "gut", "bin", "hat", "habe", "sind", "wird", "kein", "nur"],
    // it
    &["il", "lo", "la", "gli", "le", "e", "di", "che", "non", "per", "con", "un", "una", "sono",
      "ho", "ma", "mi", "ti", "del", "della", "questo", "questa", "molto", "anche", "come", "tutto",
      "grazie", "oggi", "bello", "bella", "sei", "io", "perche", "nel", "alla", "hai", "cosa"],
    // pt
    &["o", "os", "as", "e", "de", "do", "da", "dos", "das", "que", "nao", "um", "uma", "com",
      "para", "por", "muito", "mas", "eu", "voce", "meu", "minha", "isso", "esta", "obrigado",
      "obrigada", "hoje", "tem", "ele", "ela", "bom", "tudo", "mais", "sim", "estou", "vai"],
    // nl
    &["de", "het", "een", "en", "is", "niet", "ik", "je", "jij", "van", "op", "met", "voor", "dat",
      "die", "zijn", "maar", "ook", "wel", "nog", "heel", "mijn", "dit", "wat", "hoe", "bedankt",
      "vandaag", "er", "naar", "heb", "hebben", "goed", "geen", "was", "dan", "om"],
];

/// Script of a char, when the script alone names the language: its index in `identify`'s
/// `other` table (ru, el, he, ar, hi, th, ko, ja, zh).
fn script_index(c: char) -> Option<usize> {
    Some(match c as u32 {
        0x0400..=0x04FF => 0,
        0x0370..=0x03FF => 1,
        0x0590..=0x05FF => 2,
        0x0600..=0x06FF | 0x0750..=0x077F => 3,
        0x0900..=0x097F => 4,
        0x0E00..=0x0E7F => 5,
        0xAC00..=0xD7AF | 0x1100..=0x11FF => 6,
        0x3040..=0x30FF => 7,
        0x4E00..=0x9FFF => 8,
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
    let mut other: [(&str, usize); 9] = [
        ("ru", 0), ("el", 0), ("he", 0), ("ar", 0), ("hi", 0), ("th", 0), ("ko", 0), ("ja", 0), ("zh", 0),
    ];
    let mut marks = [0f32; 7];
    for t in tokens.iter().filter(|t| t.kind == Kind::Word) {
        let word = text.get(t.start..t.end).unwrap_or_default();
        if word.is_ascii() {
            // The common case: plain Latin letters, no script or accent to look at.
            latin += word.bytes().filter(u8::is_ascii_alphabetic).count();
            continue;
        }
        for c in word.chars() {
            if let Some(k) = script_index(c) {
                other[k].1 += 1;
            } else if c.is_alphabetic() {
                latin += 1;
                // Letters that few of the Latin-script languages use.
                match c {
                    'ç' | 'Ç' | 'è' | 'ê' | 'à' | 'ù' | 'î' | 'œ' | 'û' | 'ë' | 'ï' | 'â' | 'ô' => marks[1] += 0.7,
                    'ñ' | '¿' | '¡' => marks[2] += 1.5,
                    'ß' | 'ä' | 'ö' | 'ü' => marks[3] += 1.0,
                    'ã' | 'õ' => marks[5] += 1.5,
                    'ì' | 'ò' => marks[4] += 0.8,
                    _ => {}
                }
            }
        }
    }
    let (best_other, n_other) = other.iter().copied().max_by_key(|&(_, n)| n).unwrap_or(("und", 0));
    // Japanese uses Han too: any kana makes it Japanese.
    if n_other > 0 && n_other >= latin {
        let kana = other[7].1;
        return if kana > 0 { "ja" } else { best_other };
    }
    // 2. Latin script: function words.
    let mut score = marks;
    let mut words = 0;
    // Longer words in no function-word list: the lexicon hint below may read them.
    let content = |t: &Token, f: &Facts| !t.elided && f.stop == 0 && t.norm.len() > 3;
    let mut any_content = false;
    for (t, f) in tokens.iter().zip(facts).filter(|(t, _)| t.kind == Kind::Word) {
        words += 1;
        if t.elided {
            // "l'", "j'", "qu'" split off a word: French.
            score[1] += 1.0;
            continue;
        }
        let bits = f.stop;
        if bits == 0 {
            any_content |= content(t, f);
            continue;
        }
        let share = 1.0 / bits.count_ones() as f32;
        for (i, s) in score.iter_mut().enumerate() {
            if bits & (1 << i) != 0 {
                *s += share;
            }
        }
    }
    if words == 0 {
        return "und";
    }
    // The leader, its score and the runner-up's (ties go to the earlier language).
    let decided = |score: &[f32; 7]| {
        let mut best = 0;
        for i in 1..LANGS.len() {
            if score[i] > score[best] {
                best = i;
            }
        }
        let second = (0..LANGS.len()).filter(|&i| i != best).map(|i| score[i]).fold(f32::NEG_INFINITY, f32::max);
        (best, score[best], second)
    };
    let (mut best, mut top, mut second) = decided(&score);
    // Not decided by function words: a sentiment word found in only one of the two lexicons is a
    // weak hint ("awesome", "génial"), enough together with one function word or another hint.
    if (top < 0.9 || top - second < 0.4) && any_content {
        for (_, f) in tokens.iter().zip(facts).filter(|(t, f)| t.kind == Kind::Word && content(t, f)) {
            match (f.en.is_some(), f.fr.is_some()) {
                (true, false) => score[0] += 0.45,
                (false, true) => score[1] += 0.45,
                _ => {}
            }
        }
        (best, top, second) = decided(&score);
    }
    // Sure enough: a clear lead. One shared word ("de", "a") alone does not decide.
    if top >= 0.9 && top - second >= 0.4 {
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
