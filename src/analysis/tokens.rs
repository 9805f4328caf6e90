//! Tokenizer for social posts: words (with French elision split off), hashtags, @mentions, URLs,
//! emoji sequences (ZWJ, skin tones, flags, keycaps), emoticons, numbers and punctuation runs.
//!
//! Every token keeps the byte span it covers in the original text (so evidence can point at it),
//! and a matching form (`norm`): case- and accent-folded through `crate::fold`, elongations squeezed.
//! HTML entities as sites leave them (`&amp;`, `&#39;`, `&eacute;`) are decoded for reading, while
//! spans still cover the entity as written.
use crate::text::fold::push_folded;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Word,
    Hashtag,
    Mention,
    Url,
    Emoji,
    Emoticon,
    Number,
    /// A run of punctuation ("!!!", "?!", "..."): `norm` holds the run folded (entities decoded).
    Punct,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub kind: Kind,
    /// Byte span in the analysed text.
    pub start: usize,
    pub end: usize,
    /// Matching form: folded, elongations squeezed to two letters ("soooo" → "soo"); for hashtags
    /// and mentions the body without `#`/`@`; for emoji the sequence without skin tones or VS16.
    pub norm: Norm,
    /// Written in capitals (two letters or more, all upper case): emphasis.
    pub caps: bool,
    /// Had a letter repeated three times or more ("soooo", "nuuuul"): emphasis.
    pub elongated: bool,
    /// A French elided article/pronoun split off the next word: "l'", "j'", "qu'" (norm without
    /// the apostrophe).
    pub elided: bool,
}

/// Inline capacity of a [`Norm`], in bytes.
const INLINE: usize = 22;

/// A token's matching form: kept inline when short (almost every word is), so tokenizing a post
/// does not allocate once per token; this runs on every post a person scrolls past.
#[derive(Clone)]
pub struct Norm(Repr);

/// Private, so that only `Norm::new` can fill the inline bytes (see the SAFETY note below).
#[derive(Clone)]
enum Repr {
    Inline(u8, [u8; INLINE]),
    Heap(Box<str>),
}

impl Norm {
    pub fn new(s: &str) -> Norm {
        Norm(if s.len() <= INLINE {
            let mut b = [0u8; INLINE];
            b[..s.len()].copy_from_slice(s.as_bytes());
            Repr::Inline(s.len() as u8, b)
        } else {
            Repr::Heap(s.into())
        })
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            // SAFETY: `new` copies a whole `&str` (valid UTF-8 ending on a char boundary) into
            // `b[..n]`; `ascii_word`, the only other constructor, writes ASCII bytes only; the
            // fields are never mutated afterwards.
            // Checked validation here cost more than the allocation it replaces.
            Repr::Inline(n, b) => unsafe { std::str::from_utf8_unchecked(&b[..*n as usize]) },
            Repr::Heap(s) => s,
        }
    }
}

impl std::ops::Deref for Norm {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for Norm {
    fn eq(&self, other: &Norm) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<&str> for Norm {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::fmt::Debug for Norm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.as_str().fmt(f)
    }
}

/// One decoded character with the byte span it came from (an HTML entity spans several bytes).
#[derive(Clone, Copy)]
struct Ch {
    c: char,
    // u32 offsets keep a decoded char at 16 bytes: the tokenizer walks these arrays a lot.
    start: u32,
    end: u32,
    /// What the tokenizer asks of the char, answered once (`class_of`).
    class: u8,
}

/// `Ch::class` bits.
const WORD: u8 = 1;
const SPACE: u8 = 2;
const WHITE: u8 = 4;
const EMOJI: u8 = 8;

/// The class of every ASCII char, computed at compile time.
const ASCII_CLASS: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        let mut k = 0;
        if b.is_ascii_alphanumeric() || b == b'_' {
            k |= WORD;
        }
        // Whitespace and control chars separate tokens; whitespace alone separates chunks.
        if b <= b' ' || b == 0x7f {
            k |= SPACE;
        }
        if matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r') {
            k |= WHITE;
        }
        t[i] = k;
        i += 1;
    }
    t
};

#[inline]
fn class_of(c: char) -> u8 {
    if c.is_ascii() {
        return ASCII_CLASS[c as usize];
    }
    let mut k = 0;
    if c.is_alphanumeric() || matches!(c as u32, 0x0300..=0x036F) {
        // Combining accents belong to the word they accent.
        k |= WORD;
    }
    if c.is_whitespace() || c.is_control() {
        k |= SPACE;
    }
    if c.is_whitespace() {
        k |= WHITE;
    }
    if is_emoji_base(c) {
        k |= EMOJI;
    }
    k
}

impl Ch {
    #[inline]
    fn new(c: char, start: usize, end: usize) -> Ch {
        Ch { c, start: start as u32, end: end as u32, class: class_of(c) }
    }
    #[inline]
    fn is(&self, class: u8) -> bool {
        self.class & class != 0
    }
}

/// Named entities sites actually leave in text; anything else stays as written.
fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "rsquo" | "lsquo" => '\'',
        "ldquo" | "rdquo" => '"',
        "hellip" => '…',
        "eacute" => 'é',
        "egrave" => 'è',
        "ecirc" => 'ê',
        "agrave" => 'à',
        "acirc" => 'â',
        "ccedil" => 'ç',
        "ocirc" => 'ô',
        "ucirc" => 'û',
        "ugrave" => 'ù',
        "icirc" => 'î',
        "euml" => 'ë',
        "iuml" => 'ï',
        "laquo" => '«',
        "raquo" => '»',
        "mdash" => '—',
        "ndash" => '–',
        _ => return None,
    })
}

/// Decodes the text into chars with spans, resolving `&name;`, `&#NN;` and `&#xHH;`, into `out`
/// (cleared first).
fn decode(text: &str, out: &mut Vec<Ch>) {
    let bytes = text.as_bytes();
    out.clear();
    if !bytes.iter().any(|&b| b == b'&' || b == b'\\') {
        // No entity and no escape (most posts): chars as they are.
        out.extend(text.char_indices().map(|(i, c)| Ch::new(c, i, i + c.len_utf8())));
        return;
    }
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        // JSON-style escapes left in exported text ("don\u2019t", "\u002c"): a data dump read
        // by the CLI, or pasted, reads as the post did. Spans cover the escape as written.
        if c == '\\' {
            if let Some((d, len)) = json_escape(&bytes[i..]) {
                let end = i + len;
                out.push(Ch::new(d, i, end));
                while it.peek().is_some_and(|&(j, _)| j < end) {
                    it.next();
                }
                continue;
            }
        }
        if c == '&' {
            // Entities are short: look at most 10 bytes ahead for the ';'.
            let limit = (i + 11).min(bytes.len());
            if let Some(rel) = bytes[i + 1..limit].iter().position(|&b| b == b';') {
                let body = &text[i + 1..i + 1 + rel];
                let decoded = if let Some(num) = body.strip_prefix('#') {
                    let n = if let Some(hex) = num.strip_prefix(['x', 'X']) {
                        u32::from_str_radix(hex, 16).ok()
                    } else {
                        num.parse::<u32>().ok()
                    };
                    n.and_then(char::from_u32)
                } else if body.bytes().all(|b| b.is_ascii_alphabetic()) {
                    named_entity(body)
                } else {
                    None
                };
                if let Some(d) = decoded {
                    let end = i + 2 + rel;
                    out.push(Ch::new(d, i, end));
                    // Skip the entity's remaining chars (all ASCII, so one char per byte).
                    while it.peek().is_some_and(|&(j, _)| j < end) {
                        it.next();
                    }
                    continue;
                }
            }
        }
        out.push(Ch::new(c, i, i + c.len_utf8()));
    }
}

/// A `\uXXXX` escape (or a surrogate pair of two) at the start of `b`: the char and the bytes
/// it spans.
fn json_escape(b: &[u8]) -> Option<(char, usize)> {
    let unit = |at: usize| -> Option<u32> {
        let h = b.get(at..at + 6)?;
        if h[0] != b'\\' || h[1] != b'u' {
            return None;
        }
        u32::from_str_radix(std::str::from_utf8(&h[2..]).ok()?, 16).ok()
    };
    let hi = unit(0)?;
    if (0xD800..0xDC00).contains(&hi) {
        let lo = unit(6).filter(|lo| (0xDC00..0xE000).contains(lo))?;
        return char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)).map(|c| (c, 12));
    }
    char::from_u32(hi).map(|c| (c, 6))
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}')
}

/// Pictographic code points that start an emoji (an approximation of Extended_Pictographic that
/// needs no Unicode tables, keeping the wasm small).
pub fn is_emoji_base(c: char) -> bool {
    let u = c as u32;
    matches!(u,
        0x1F000..=0x1FAFF // pictographs, emoticons, transport, supplemental symbols, flags' letters
        | 0x2600..=0x27BF // misc symbols, dingbats (❤, ☀, ✨, ✅)
        | 0x2B00..=0x2BFF // arrows, stars (⭐)
        | 0x2300..=0x23FF // technical (⌚, ⏰)
        | 0x2190..=0x21FF
        | 0x203C | 0x2049 | 0x2122 | 0x2139 | 0x3030 | 0x303D | 0x3297 | 0x3299 | 0x00A9 | 0x00AE)
}

fn is_emoji_modifier(c: char) -> bool {
    matches!(c as u32, 0x1F3FB..=0x1F3FF)
}

fn is_variation_or_tag(c: char) -> bool {
    matches!(c as u32, 0xFE0E | 0xFE0F | 0x20E3 | 0xE0020..=0xE007F)
}

fn is_regional_indicator(c: char) -> bool {
    matches!(c as u32, 0x1F1E6..=0x1F1FF)
}

/// French elided words split off the next word ("l'app" → "l'" + "app"). English contractions
/// ("don't", "it's", "I'm") are kept whole: their first part is not in this list.
const ELISIONS: &[&str] = &[
    "l", "j", "n", "c", "d", "m", "t", "s", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu",
];

/// Emoticons looked up on whitespace-delimited chunks (case-sensitive first: "XD", ":D", ":P").
/// Kept short on purpose: the lexicon's full list is used for the valence, this list is what we
/// are willing to read as a face rather than as punctuation.
pub const EMOTICONS: &[&str] = &[
    ":)", ":-)", ":))", ":)))", ":]", "=)", ":o)", ":-]", ":D", ":-D", "=D", ";)", ";-)", ";D", ":P",
    ":-P", ":p", ":-p", ";P", ";p", "xD", "XD", "xd", "xP", "XP", "<3", "<33", "<333", "♥", ":*",
    ":-*", "^^", "^_^", "^-^", ":3", ":')", ":'-)", "\\o/", "8)", "B)", ":(", ":-(", ":((", ":(((",
    ":[", "=(", ":'(", ":'-(", ":/", ":-/", ":\\", ":|", ":-|", ">:(", ">:-(", "D:", "</3", "-_-",
    "-.-", "T_T", "T.T", ";(", ":s", ":S", ":o", ":O", ":-O", "o_O", "O_o", "o_o", "x(", "X(",
];

/// Folds the chars and squeezes runs of 3+ identical letters to 2, in one pass, into `out`
/// (cleared first); returns whether the word was elongated.
fn normalise_word(chars: &[Ch], out: &mut String) -> bool {
    out.clear();
    let mut elongated = false;
    for ch in chars {
        let c = ch.c;
        if c.is_ascii() {
            let c = c.to_ascii_lowercase();
            // Squeeze: a third identical letter in a row is dropped.
            let b = out.as_bytes();
            if b.len() >= 2 && b[b.len() - 1] == c as u8 && b[b.len() - 2] == c as u8 && c.is_ascii_alphabetic() {
                elongated = true;
                continue;
            }
            out.push(c);
        } else {
            let before = out.len();
            push_folded(c, out);
            // Non-ASCII repeats ("ééé") are rare: squeeze them by comparing the folded pieces.
            // Byte comparison: the earlier pieces may not start on a char boundary.
            let b = out.as_bytes();
            let piece = &b[before..];
            let n = piece.len();
            if n > 0 && before >= 2 * n && b[before - n..before] == *piece && b[before - 2 * n..before - n] == *piece {
                out.truncate(before);
                elongated = true;
            }
        }
    }
    elongated
}

/// `normalise_word`, the caps test and the `Norm` in one pass, for a short all-ASCII word (almost
/// every word); `None` for any other, which takes the general path.
fn ascii_word(chars: &[Ch]) -> Option<(Norm, bool, bool)> {
    if chars.len() > INLINE {
        return None;
    }
    let mut b = [0u8; INLINE];
    let mut n = 0;
    let (mut elongated, mut letters, mut lower, mut upper) = (false, 0, false, false);
    for ch in chars {
        if !ch.c.is_ascii() {
            return None;
        }
        let x = ch.c as u8;
        if x.is_ascii_alphabetic() {
            letters += 1;
            lower |= x.is_ascii_lowercase();
            upper |= x.is_ascii_uppercase();
            let x = x.to_ascii_lowercase();
            // Squeeze: a third identical letter in a row is dropped.
            if n >= 2 && b[n - 1] == x && b[n - 2] == x {
                elongated = true;
                continue;
            }
            b[n] = x;
        } else {
            b[n] = x;
        }
        n += 1;
    }
    // ASCII bytes only: valid UTF-8 whatever the cut (see `Norm::as_str`).
    Some((Norm(Repr::Inline(n as u8, b)), elongated, letters >= 2 && !lower && upper))
}

/// Squeezes repeated letters to one ("bieen" → "bien"): the second form tried in the lexicon.
pub fn squeeze_to_one(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev = None;
    for c in s.chars() {
        if Some(c) != prev {
            out.push(c);
        }
        prev = Some(c);
    }
    out
}

thread_local! {
    /// The decoded chars and the form being built, kept between posts: tokenizing is the first
    /// thing done to every post, and these were two allocations (one of 12 bytes a char) each.
    static BUFFERS: std::cell::RefCell<(Vec<Ch>, String)> = const { std::cell::RefCell::new((Vec::new(), String::new())) };
}

/// Tokenizes `text`. Never panics; linear in the text length.
pub fn tokenize(text: &str) -> Vec<Token> {
    BUFFERS.with(|b| match b.try_borrow_mut() {
        Ok(mut b) => {
            let (chars, scratch) = &mut *b;
            let out = tokenize_into(text, chars, scratch);
            if chars.capacity() > 1 << 16 {
                // A huge post: give its buffer back rather than keep it for the next small ones.
                *chars = Vec::new();
            }
            out
        }
        // Only reachable by re-entrance, which nothing does: fresh buffers then.
        Err(_) => tokenize_into(text, &mut Vec::new(), &mut String::new()),
    })
}

fn tokenize_into(text: &str, chars: &mut Vec<Ch>, scratch: &mut String) -> Vec<Token> {
    decode(text, chars);
    let chars = &chars[..];
    let n = chars.len();
    let mut out = Vec::with_capacity(n / 4 + 1);
    let mut i = 0;
    // Chunk start: whether the previous char was whitespace (emoticons and URLs start chunks).
    while i < n {
        let c = chars[i].c;
        if chars[i].is(SPACE) {
            i += 1;
            continue;
        }
        let at_chunk_start = i == 0 || chars[i - 1].is(WHITE);
        // URLs: from a chunk start, to the next whitespace.
        if at_chunk_start && starts_url(&chars[i..]) {
            let j = chunk_end(chars, i);
            out.push(simple(Kind::Url, &chars[i..j], ""));
            i = j;
            continue;
        }
        // Emoticons: a whole chunk, possibly followed by closing punctuation.
        if at_chunk_start && (!c.is_alphanumeric() || matches!(c, 'x' | 'X' | 'D' | 'T' | 'o' | 'O' | 'B')) {
            if let Some(j) = emoticon_at(chars, i) {
                scratch.clear();
                scratch.extend(chars[i..j].iter().map(|ch| ch.c));
                out.push(simple(Kind::Emoticon, &chars[i..j], scratch));
                i = j;
                continue;
            }
        }
        if chars[i].is(EMOJI) || is_regional_indicator(c) || (c.is_ascii_digit() || c == '#' || c == '*') && keycap_at(chars, i) {
            let j = emoji_end(chars, i);
            scratch.clear();
            for ch in &chars[i..j] {
                // Skin tones and presentation selectors don't change the meaning.
                if !is_emoji_modifier(ch.c) && !matches!(ch.c as u32, 0xFE0E | 0xFE0F) {
                    scratch.push(ch.c);
                }
            }
            out.push(simple(Kind::Emoji, &chars[i..j], scratch));
            i = j;
            continue;
        }
        if (c == '#' || c == '@') && i + 1 < n && chars[i + 1].is(WORD) {
            let mut j = i + 1;
            while j < n && chars[j].is(WORD) {
                j += 1;
            }
            normalise_word(&chars[i + 1..j], scratch);
            let kind = if c == '#' { Kind::Hashtag } else { Kind::Mention };
            out.push(simple(kind, &chars[i..j], scratch));
            i = j;
            continue;
        }
        if chars[i].is(WORD) {
            let mut j = i;
            while j < n && chars[j].is(WORD) {
                j += 1;
            }
            // French elision: "l'", "qu'", "j’" before another word.
            if j + 1 < n && is_apostrophe(chars[j].c) && chars[j + 1].is(WORD) {
                normalise_word(&chars[i..j], scratch);
                if ELISIONS.contains(&scratch.as_str()) {
                    out.push(Token {
                        kind: Kind::Word,
                        start: chars[i].start as usize,
                        end: chars[j].end as usize,
                        norm: Norm::new(scratch),
                        caps: false,
                        elongated: false,
                        elided: true,
                    });
                    i = j + 1;
                    continue;
                }
                // English contraction: keep "don't", "it's" as one word (norm with ASCII apostrophe).
                let mut k = j + 1;
                while k < n && chars[k].is(WORD) {
                    k += 1;
                }
                out.push(word_token(&chars[i..k], scratch));
                i = k;
                continue;
            }
            let kind = if chars[i..j].iter().all(|ch| ch.c.is_ascii_digit()) {
                Kind::Number
            } else {
                Kind::Word
            };
            let mut t = word_token(&chars[i..j], scratch);
            t.kind = kind;
            out.push(t);
            i = j;
            continue;
        }
        // Punctuation: one run of the same class of char ("!!!", "?!?", "...").
        let mut j = i + 1;
        while j < n
            && !chars[j].is(WHITE | WORD | EMOJI)
            && chars[j].c != '#'
            && chars[j].c != '@'
        {
            j += 1;
        }
        scratch.clear();
        scratch.extend(chars[i..j].iter().map(|ch| ch.c));
        out.push(simple(Kind::Punct, &chars[i..j], scratch));
        i = j;
    }
    out
}

fn simple(kind: Kind, chars: &[Ch], norm: &str) -> Token {
    Token {
        kind,
        start: chars.first().map_or(0, |c| c.start as usize),
        end: chars.last().map_or(0, |c| c.end as usize),
        norm: Norm::new(norm),
        caps: false,
        elongated: false,
        elided: false,
    }
}

fn word_token(chars: &[Ch], scratch: &mut String) -> Token {
    let (norm, elongated, caps) = ascii_word(chars).unwrap_or_else(|| {
        let elongated = normalise_word(chars, scratch);
        let letters = chars.iter().filter(|c| c.c.is_alphabetic()).count();
        let caps = letters >= 2 && chars.iter().all(|c| !c.c.is_lowercase()) && chars.iter().any(|c| c.c.is_uppercase());
        // Typographic apostrophes already folded to ' by `push_folded`.
        (Norm::new(scratch), elongated, caps)
    });
    Token {
        kind: Kind::Word,
        start: chars.first().map_or(0, |c| c.start as usize),
        end: chars.last().map_or(0, |c| c.end as usize),
        norm,
        caps,
        elongated,
        elided: false,
    }
}

fn starts_url(chars: &[Ch]) -> bool {
    let is = |p: &str| {
        p.len() <= chars.len() && p.chars().zip(chars).all(|(a, b)| b.c.to_ascii_lowercase() == a)
    };
    matches!(chars.first().map(|c| c.c), Some('h' | 'H' | 'w' | 'W')) && (is("http://") || is("https://") || is("www."))
}

fn chunk_end(chars: &[Ch], i: usize) -> usize {
    let mut j = i;
    while j < chars.len() && !chars[j].is(WHITE) {
        j += 1;
    }
    j
}

/// An emoticon starting at `i`, ending at a chunk end or before trailing `.,!?`.
fn emoticon_at(chars: &[Ch], i: usize) -> Option<usize> {
    // Every emoticon starts with one of these: skip the rest cheaply.
    let first = chars[i].c;
    if !matches!(first, ':' | ';' | '=' | '<' | '^' | '8' | 'B' | 'x' | 'X' | 'D' | 'T' | '-' | '>' | 'o' | 'O' | '\\' | '♥') {
        return None;
    }
    let end = chunk_end(chars, i);
    // Emoticons are short; one that starts with a letter is at most 3 chars ("xD", "T_T"), so
    // words like "Don't" or "OMG" are turned away before any comparison.
    let max = if first.is_alphabetic() { 4 } else { 8 };
    if end - i > max {
        return None;
    }
    // The chunk as UTF-8 on the stack (at most 8 chars), compared as bytes: a length mismatch
    // rejects a candidate at once.
    let mut buf = [0u8; 32];
    let mut len = 0;
    let mut cut = [0usize; 9]; // byte length after each char
    for (k, ch) in chars[i..end].iter().enumerate() {
        len += ch.c.encode_utf8(&mut buf[len..]).len();
        cut[k + 1] = len;
    }
    let mut trimmed = end - i;
    while trimmed > 0 && matches!(chars[i + trimmed - 1].c, '.' | ',' | '!' | '?') {
        trimmed -= 1;
    }
    // The whole chunk first, then without its trailing punctuation: "xD" yes, "xDD" no, "Dany" no.
    for n in [end - i, trimmed] {
        if n > 0 && pack(&buf[..cut[n]]).is_some_and(|k| emoticon_keys().binary_search(&k).is_ok()) {
            return Some(i + n);
        }
    }
    None
}

/// Up to 8 bytes as one number (no emoticon contains a NUL, so zero padding is unambiguous).
fn pack(bytes: &[u8]) -> Option<u64> {
    (bytes.len() <= 8).then(|| bytes.iter().fold(0u64, |k, &b| k << 8 | b as u64) << (8 * (8 - bytes.len())))
}

/// `EMOTICONS` packed and sorted, for a binary search instead of 75 comparisons per chunk.
fn emoticon_keys() -> &'static [u64] {
    static KEYS: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        let mut k: Vec<u64> = EMOTICONS.iter().filter_map(|e| pack(e.as_bytes())).collect();
        k.sort_unstable();
        k
    })
}

fn keycap_at(chars: &[Ch], i: usize) -> bool {
    let next = chars.get(i + 1).map(|c| c.c as u32);
    let next2 = chars.get(i + 2).map(|c| c.c as u32);
    next == Some(0x20E3) || (next == Some(0xFE0F) && next2 == Some(0x20E3))
}

/// End of the emoji sequence starting at `i`: modifiers, selectors, tags, ZWJ joins, flag pairs.
fn emoji_end(chars: &[Ch], i: usize) -> usize {
    let n = chars.len();
    let mut j = i + 1;
    if is_regional_indicator(chars[i].c) {
        if j < n && is_regional_indicator(chars[j].c) {
            j += 1;
        }
        return j;
    }
    loop {
        while j < n && (is_emoji_modifier(chars[j].c) || is_variation_or_tag(chars[j].c)) {
            j += 1;
        }
        // A ZWJ joins the next pictograph into the same sequence (👩‍💻, 👨‍👩‍👧); cap the length
        // so 10,000 joined emoji stay linear and readable as separate tokens.
        if j + 1 < n && chars[j].c == '\u{200D}' && chars[j + 1].is(EMOJI) && j - i < 24 {
            j += 2;
            continue;
        }
        return j;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norms(s: &str) -> Vec<(Kind, String)> {
        tokenize(s).into_iter().map(|t| (t.kind, t.norm.to_string())).collect()
    }

    #[test]
    fn splits_french_elision_and_keeps_english_contractions() {
        let t = tokenize("J’aime pas l'appli, qu'il dit. I don't");
        let n: Vec<&str> = t.iter().map(|t| t.norm.as_str()).collect();
        assert_eq!(n, ["j", "aime", "pas", "l", "appli", ",", "qu", "il", "dit", ".", "i", "don't"]);
        assert!(t[0].elided && !t[1].elided);
    }

    #[test]
    fn reads_hashtags_mentions_urls_and_entities() {
        let t = tokenize("@Fnac &amp; #Déçu https://x.co/a?b=1 l&#39;appli");
        let k: Vec<(Kind, &str)> = t.iter().map(|t| (t.kind, t.norm.as_str())).collect();
        assert_eq!(
            k,
            [
                (Kind::Mention, "fnac"),
                (Kind::Punct, "&"),
                (Kind::Hashtag, "decu"),
                (Kind::Url, ""),
                (Kind::Word, "l"),
                (Kind::Word, "appli")
            ]
        );
        // Spans cover the entity as written.
        assert_eq!(&"@Fnac &amp; x"[t[1].start..t[1].end], "&amp;");
    }

    #[test]
    fn reads_json_escapes_left_in_exported_text() {
        let t = tokenize(r"I don\u2019t like it\u002c really \ud83d\ude21 \u00e9t\u00e9 \uZZZZ");
        let n: Vec<&str> = t.iter().map(|t| t.norm.as_str()).collect();
        assert_eq!(n, ["i", "don't", "like", "it", ",", "really", "😡", "ete", "\\", "uzz"]);
        // Spans cover the escape as written.
        assert_eq!(t[4].end - t[4].start, 6);
    }

    #[test]
    fn groups_emoji_sequences_and_strips_skin_tones() {
        let t = norms("top 👍🏽 👩‍💻 🇫🇷 ❤️ 1️⃣");
        assert_eq!(t[1], (Kind::Emoji, "👍".to_string()));
        assert_eq!(t[2], (Kind::Emoji, "👩\u{200D}💻".to_string()));
        assert_eq!(t[3], (Kind::Emoji, "🇫🇷".to_string()));
        assert_eq!(t[4], (Kind::Emoji, "❤".to_string()));
        assert_eq!(t[5].0, Kind::Emoji);
        assert_eq!(t.len(), 6);
    }

    #[test]
    fn reads_emoticons_elongation_caps_and_punct_runs() {
        let t = tokenize("soooo GOOD :) xD !!! Dany");
        assert_eq!(t[0].norm, "soo");
        assert!(t[0].elongated);
        assert!(t[1].caps && t[1].norm == "good");
        assert_eq!((t[2].kind, t[3].kind), (Kind::Emoticon, Kind::Emoticon));
        assert_eq!((t[4].kind, t[4].norm.as_str()), (Kind::Punct, "!!!"));
        assert_eq!((t[5].kind, t[5].norm.as_str()), (Kind::Word, "dany"));
    }

    #[test]
    fn norms_inline_and_on_the_heap_read_back() {
        use super::Norm;
        for s in ["", "a", "génial", "exactly-twenty-two-b", "a much longer word than the inline capacity", "👩\u{200D}💻"] {
            assert_eq!(Norm::new(s).as_str(), s);
            assert_eq!(Norm::new(s), Norm::new(s));
        }
    }

    #[test]
    fn accent_insensitive_forms() {
        assert_eq!(norms("DÉÇU")[0].1, "decu");
        assert_eq!(norms("génial")[0].1, "genial");
    }
}
