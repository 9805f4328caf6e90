//! Splitting a post into matchable tokens: words, `#hashtags` and `@handles`, in their folded form
//! (lowercase, accents removed: see crate::text::fold). Shared by watchlist queries and trend terms so that a
//! query and a trend agree on what "a word" is.
//!
//! Word boundaries: a word is a maximal run of letters and digits, so `apple` is never found inside
//! "pineapple", and apostrophes and hyphens split ("l'apple" → `l`, `apple`; "coca-cola" → `coca`, `cola`).
use crate::text::fold::push_folded;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Word,
    Hashtag,
    Handle,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub kind: Kind,
    /// Folded body, without the `#` or `@`.
    pub text: String,
    /// Byte offsets in the original text (the sigil included).
    pub start: usize,
    pub end: usize,
}

/// The modifier apostrophe 'ʼ' is a letter to Unicode but an apostrophe to people (and to crate::text::fold):
/// "jʼaime" splits like "j'aime".
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && c != '\u{02BC}'
}

/// Handles may carry dots, underscores and dashes (`@name.bsky.social`, `@user_fr`), and Mastodon's
/// `@user@instance`; a trailing dot is sentence punctuation, not part of the handle.
fn is_handle_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '.' | '-' | '@')
}

/// The tokens of `text`, in order.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let sigil = match c {
            '#' => Some(Kind::Hashtag),
            '@' => Some(Kind::Handle),
            _ => None,
        };
        if let Some(kind) = sigil {
            // A sigil counts only at a word start ("a#b" and "me@mail.com" are not tags or handles).
            let after_word = text[..start].chars().next_back().is_some_and(is_word_char);
            let body_ok = chars.peek().is_some_and(|&(_, n)| is_word_char(n) || n == '_');
            if after_word || !body_ok {
                continue;
            }
            let accept: fn(char) -> bool = if kind == Kind::Handle {
                is_handle_char
            } else {
                |c| is_word_char(c) || c == '_'
            };
            let mut end = start + 1;
            while let Some(&(i, n)) = chars.peek() {
                if !accept(n) {
                    break;
                }
                end = i + n.len_utf8();
                chars.next();
            }
            let raw = text[start + 1..end].trim_end_matches(['.', '-', '@']);
            let end = start + 1 + raw.len();
            let mut body = String::with_capacity(raw.len());
            raw.chars().for_each(|c| push_folded(c, &mut body));
            out.push(Token {
                kind,
                text: body,
                start,
                end,
            });
            continue;
        }
        if !is_word_char(c) {
            continue;
        }
        let mut body = String::new();
        push_folded(c, &mut body);
        let mut end = start + c.len_utf8();
        while let Some(&(i, n)) = chars.peek() {
            if !is_word_char(n) {
                break;
            }
            push_folded(n, &mut body);
            end = i + n.len_utf8();
            chars.next();
        }
        out.push(Token {
            kind: Kind::Word,
            text: body,
            start,
            end,
        });
    }
    out
}

/// The folded words of a query term or phrase, split the way posts are ("Coca-Cola" → `coca`, `cola`).
pub fn words(text: &str) -> Vec<String> {
    tokenize(text)
        .into_iter()
        .filter(|t| t.kind == Kind::Word)
        .map(|t| t.text)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(Kind, String)> {
        tokenize(text).into_iter().map(|t| (t.kind, t.text)).collect()
    }

    #[test]
    fn splits_words_tags_and_handles() {
        assert_eq!(
            kinds("J’adore #Décathlon, merci @Decat_FR. l'Apple"),
            vec![
                (Kind::Word, "j".into()),
                (Kind::Word, "adore".into()),
                (Kind::Hashtag, "decathlon".into()),
                (Kind::Word, "merci".into()),
                (Kind::Handle, "decat_fr".into()),
                (Kind::Word, "l".into()),
                (Kind::Word, "apple".into()),
            ]
        );
        assert_eq!(kinds("@alice.bsky.social.")[0].1, "alice.bsky.social");
        assert_eq!(words("jʼaime l’İstanbul"), ["j", "aime", "l", "istanbul"]);
        // An e-mail address and a lone sigil are not handles or tags.
        assert!(kinds("me@mail.com # @").iter().all(|(k, _)| *k == Kind::Word));
    }

    #[test]
    fn offsets_point_into_the_original_text() {
        let text = "Énorme #Été";
        let t = tokenize(text);
        assert_eq!(&text[t[0].start..t[0].end], "Énorme");
        assert_eq!(&text[t[1].start..t[1].end], "#Été");
    }
}
