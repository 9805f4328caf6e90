//! What the analysers need to know about one token's word, looked up once per distinct word and
//! remembered: its lexicon valences, its role in the rules (negator, intensifier, contrast, …),
//! its function-word bits for language identification and the learned model's share of its
//! features.
//!
//! Words repeat from post to post (a feed's vocabulary is small and Zipfian), so the memo turns
//! the dozens of string comparisons and the several hash look-ups each word used to cost into one
//! look-up. Facts are computed by the very functions the rules and the model define, so a result
//! is the same with or without the memo (`tests/analysis_fast_path.rs` checks it on every
//! dataset post).
use std::cell::RefCell;

use super::lexicon::{self, FastMap};
use super::tokens::{squeeze_to_one, Kind, Token};
use super::{lang, model, sentiment};

/// Role bits (`Facts::flags`).
pub const NEGATOR: u16 = 1;
/// French negation words that follow the verb ("j'aime pas").
pub const FR_POST_NEGATOR: u16 = 1 << 1;
pub const CONTRAST: u16 = 1 << 2;
/// Verbs of working order ("marche", "works").
pub const WORKS: u16 = 1 << 3;
pub const BOOST_EN: u16 = 1 << 4;
pub const BOOST_FR: u16 = 1 << 5;
pub const DAMP_EN: u16 = 1 << 6;
pub const DAMP_FR: u16 = 1 << 7;
/// Opens a negation scope for the model's features.
pub const MODEL_NEGATION: u16 = 1 << 8;
/// A verb in the conditional ("serait", "would").
pub const CONDITIONAL: u16 = 1 << 9;
/// Opens a request or complaint cue ("il manque", "please add", "refund").
pub const OPENS_CUE: u16 = 1 << 10;
/// The rules have a case of their own for this word (a set phrase, "like", "super").
pub const SPECIAL: u16 = 1 << 11;
/// An article or quantifier: outside a negation's reach ("never had a single problem").
pub const DETERMINER: u16 = 1 << 12;
/// A trouble word whose negation is good news ("no issues", "aucun souci").
pub const TROUBLE: u16 = 1 << 13;
/// A verb of coming back as a customer ("buy", "order", "achetez").
pub const PATRONAGE: u16 = 1 << 14;

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Facts {
    /// Valences in each language's lexicon, as written and with doubled letters squeezed
    /// ("biien" → "bien"; `None` when squeezing changes nothing).
    pub en: Option<f32>,
    pub fr: Option<f32>,
    pub en_squeezed: Option<f32>,
    pub fr_squeezed: Option<f32>,
    pub flags: u16,
    /// Languages listing the word as a function word (bit i: `lang::LANGS[i]`).
    pub stop: u16,
    /// Character n-grams typical of one language that the word has (bit i: `lang::GRAMS[i]`).
    pub grams: u32,
    pub model: model::WordShare,
    /// What the aspect extractor's vocabulary says of the word (aspects.rs).
    pub aspect: super::aspects::Lex,
}

impl Facts {
    #[inline]
    pub fn has(&self, flag: u16) -> bool {
        self.flags & flag != 0
    }

    /// The word's valence for a post in `lang`. Each language's lexicon for its own posts only:
    /// English "fond" (+1.9, "fond of") is the French "fond" (melts, bottom), "sale" is dirty,
    /// "rare" and "plus" are not what English means (measured: French dev tweets unchanged,
    /// French reviews 0.799 -> 0.800 macro-F1); posts of unknown language try both. `squeeze`
    /// also tries doubled letters squeezed ("biien" → "bien"), for elongated words and hashtags.
    #[inline]
    pub fn valence(&self, lang: &str, squeeze: bool) -> Option<f32> {
        let pick = |en: Option<f32>, fr: Option<f32>| match lang {
            "fr" => fr,
            "en" => en,
            _ => en.or(fr),
        };
        pick(self.en, self.fr).or_else(|| if squeeze { pick(self.en_squeezed, self.fr_squeezed) } else { None })
    }

    fn compute(w: &str) -> Facts {
        let lex = lexicon::get();
        let one = squeeze_to_one(w);
        let (en_squeezed, fr_squeezed) = if one != w { (lex.en(&one), lex.fr(&one)) } else { (None, None) };
        let mut flags = 0;
        for (yes, flag) in [
            (sentiment::is_negator(w), NEGATOR),
            (sentiment::is_fr_post_negator(w), FR_POST_NEGATOR),
            (sentiment::is_contrast(w), CONTRAST),
            (sentiment::is_works_verb(w), WORKS),
            (model::marks_negation(w), MODEL_NEGATION),
            (super::is_conditional(w), CONDITIONAL),
            (super::intent::opens_cue(w), OPENS_CUE),
            (sentiment::has_own_case(w), SPECIAL),
            (sentiment::is_determiner(w), DETERMINER),
            (sentiment::is_trouble(w), TROUBLE),
            (sentiment::is_patronage_verb(w), PATRONAGE),
        ] {
            if yes {
                flags |= flag;
            }
        }
        flags |= sentiment::booster_roles(w);
        Facts {
            en: lex.en(w),
            fr: lex.fr(w),
            en_squeezed,
            fr_squeezed,
            flags,
            stop: lang::stop_bits(w),
            grams: lang::gram_bits(w),
            model: model::word_share(w),
            aspect: super::aspects::Lex::compute(w),
        }
    }
}

/// Distinct words remembered per thread; past this the memo starts afresh (about 3 MB at most).
const MEMO_CAP: usize = 32_768;

thread_local! {
    static MEMO: RefCell<FastMap<Box<str>, Facts>> = RefCell::new(FastMap::default());
}

/// The word a token stands for in the model and the memo: its folded form, or a placeholder for
/// numbers, URLs and mentions (their value says nothing about sentiment). `None` for punctuation.
pub fn word_of(t: &Token) -> Option<&str> {
    Some(match t.kind {
        Kind::Word | Kind::Hashtag | Kind::Emoji | Kind::Emoticon => &t.norm,
        Kind::Number => "<num>",
        Kind::Url => "<url>",
        Kind::Mention => "<user>",
        Kind::Punct => return None,
    })
}

/// The facts of each token (punctuation gets empty facts), in token order.
pub fn of_tokens(tokens: &[Token]) -> Vec<Facts> {
    MEMO.with(|memo| {
        let mut memo = memo.borrow_mut();
        tokens
            .iter()
            .map(|t| {
                let Some(w) = word_of(t) else { return Facts::default() };
                if let Some(f) = memo.get(w) {
                    return *f;
                }
                let f = Facts::compute(w);
                if memo.len() >= MEMO_CAP {
                    memo.clear();
                }
                memo.insert(w.into(), f);
                f
            })
            .collect()
    })
}
