//! Case and accent folding: the matching form of words, so "Décathlon" = "decathlon" and "ÉNORME" = "enorme".
//! Shared by analysis (lexicon look-ups) and watchlists (queries); keep one implementation.

/// Appends the folded form of `c` to `out`: lowercase, Latin diacritics removed, ligatures expanded.
pub fn push_folded(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    let base = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'ā' | 'Ā' | 'ă' | 'Ă' | 'ą' | 'Ą' => "a",
        'ç' | 'Ç' | 'ć' | 'Ć' | 'č' | 'Č' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' | 'ē' | 'Ē' | 'ė' | 'Ė' | 'ę' | 'Ę' | 'ě' | 'Ě' => "e",
        // 'İ' too: its lowercase is "i" and a combining dot, which is not a letter, and would split the
        // word where the tokenizer meets it (a folded word must tokenize back to itself).
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' | 'ī' | 'Ī' | 'į' | 'Į' | 'İ' => "i",
        'ñ' | 'Ñ' | 'ń' | 'Ń' | 'ň' | 'Ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'ō' | 'Ō' | 'ő' | 'Ő' => "o",
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' | 'ū' | 'Ū' | 'ů' | 'Ů' | 'ű' | 'Ű' => "u",
        'ý' | 'ÿ' | 'Ý' | 'Ÿ' => "y",
        'ś' | 'Ś' | 'š' | 'Š' | 'ş' | 'Ş' => "s",
        'ź' | 'Ź' | 'ż' | 'Ż' | 'ž' | 'Ž' => "z",
        'ł' | 'Ł' => "l",
        'ř' | 'Ř' => "r",
        'ť' | 'Ť' => "t",
        'ď' | 'Ď' => "d",
        'œ' | 'Œ' => "oe",
        'æ' | 'Æ' => "ae",
        'ß' | 'ẞ' => "ss",
        // Typographic apostrophes fold to the ASCII one, so "j’aime" reads as "j'aime".
        '\u{2019}' | '\u{2018}' | '\u{02BC}' => "'",
        _ => {
            // The lowercase form folded in turn: 'Å' (the ångström sign) is 'å', which is "a".
            for l in c.to_lowercase() {
                if l == c {
                    out.push(l);
                } else {
                    push_folded(l, out);
                }
            }
            return;
        }
    };
    out.push_str(base);
}

/// The folded form of a whole string.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    s.chars().for_each(|c| push_folded(c, &mut out));
    out
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn folds_case_accents_ligatures_and_apostrophes() {
        assert_eq!(fold("Décathlon"), "decathlon");
        assert_eq!(fold("ÉNORME Œuvre"), "enorme oeuvre");
        assert_eq!(fold("j’aime"), "j'aime");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("Москва"), "москва");
        assert_eq!(fold("İstanbul"), "istanbul");
    }

    /// The folded form of a letter or digit is letters and digits, folded already: a folded word read
    /// again (a watch query's reading, src/watch/query.rs) is the same word. The modifier apostrophe
    /// 'ʼ' is the exception by design (it folds to the apostrophe, and splits words like it:
    /// src/watch/tokens.rs).
    #[test]
    fn a_folded_word_is_a_word_and_folds_to_itself() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32).filter(|&c| c.is_alphanumeric() && c != '\u{02BC}') {
            let f = fold(&c.to_string());
            assert!(f.chars().all(char::is_alphanumeric), "{c:?} folds to {f:?}");
            assert_eq!(fold(&f), f, "{c:?}");
        }
    }
}
