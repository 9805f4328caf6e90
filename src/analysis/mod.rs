//! Text analysis: sentiment, feedback intent and language for one post, with the evidence behind them.
//!
//! First version: a small French/English lexicon with negation. The listening-grade analysis
//! (tokenizer, language identification, learned component) replaces the internals behind `analyze`;
//! the types below are the contract the engine, the CLI and the extension rely on.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Label {
    Positive,
    Negative,
    Neutral,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Intent {
    Praise,
    Complaint,
    Request,
    Question,
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EvidenceKind {
    Word,
    Emoji,
    Negation,
}

/// One span of the text that moved the result: shown on the badge as the *why*.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub kind: EvidenceKind,
    /// The span as written.
    pub text: String,
    /// Byte offsets in the analysed text.
    pub start: usize,
    pub end: usize,
    /// Contribution to the score (after negation); 0 for markers such as negations.
    pub weight: f32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    pub label: Label,
    /// In [-1, 1].
    pub score: f32,
    /// ISO 639-1, or `und` when unsure.
    pub lang: String,
    pub intent: Intent,
    pub evidence: Vec<Evidence>,
}

/// Analyses one post's text. Any text in, an answer out.
pub fn analyze(text: &str) -> Analysis {
    let text = crate::post::cap_text(text, crate::post::MAX_TEXT_BYTES);
    let tokens = tokens(text);
    let lang = guess_lang(tokens.iter().map(|&(s, e)| text[s..e].to_lowercase()));
    let mut evidence = Vec::new();
    let mut sum = 0.0f32;
    let mut negate_left = 0usize; // tokens still under a negation
    for (i, &(start, end)) in tokens.iter().enumerate() {
        let word = text[start..end].to_lowercase();
        if NEGATORS.contains(&word.as_str()) {
            negate_left = 3;
            evidence.push(Evidence {
                kind: EvidenceKind::Negation,
                text: text[start..end].into(),
                start,
                end,
                weight: 0.0,
            });
            continue;
        }
        if let Some(w) = lexicon_weight(&word) {
            // French "pas" after the verb: "j'aime pas", "c'est pas terrible".
            let after_pas = tokens
                .get(i + 1)
                .is_some_and(|&(s, e)| text[s..e].eq_ignore_ascii_case("pas"));
            let w = if negate_left > 0 || after_pas {
                -w * 0.8
            } else {
                w
            };
            sum += w;
            evidence.push(Evidence {
                kind: EvidenceKind::Word,
                text: text[start..end].into(),
                start,
                end,
                weight: w,
            });
        }
        negate_left = negate_left.saturating_sub(1);
    }
    for (start, c) in text.char_indices() {
        if let Some(w) = emoji_weight(c) {
            sum += w;
            let end = start + c.len_utf8();
            evidence.push(Evidence {
                kind: EvidenceKind::Emoji,
                text: c.to_string(),
                start,
                end,
                weight: w,
            });
        }
    }
    // alpha-normalised sum, as VADER does: bounded, saturating.
    let score = sum / (sum * sum + 4.0).sqrt();
    let label = if score >= 0.2 {
        Label::Positive
    } else if score <= -0.2 {
        Label::Negative
    } else {
        Label::Neutral
    };
    Analysis {
        label,
        score,
        lang,
        intent: Intent::None,
        evidence,
    }
}

/// Byte ranges of the words (letters, digits, and the elided apostrophe kept apart: "j'aime" → "j", "aime").
fn tokens(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            out.push((s, i));
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

const NEGATORS: &[&str] = &[
    "not", "no", "never", "dont", "don", "isn", "wasn", "didn", "doesn", "ne", "n", "jamais",
    "plus", "aucun", "rien",
];

fn lexicon_weight(word: &str) -> Option<f32> {
    let w = match word {
        "love" | "loved" | "adore" | "excellent" | "amazing" | "awesome" | "perfect" | "génial"
        | "genial" | "parfait" | "magnifique" | "superbe" | "incroyable" => 3.0,
        "great" | "good" | "nice" | "happy" | "best" | "like" | "bien" | "bon" | "bonne"
        | "super" | "aime" | "top" | "content" | "contente" | "ravi" | "ravie" | "merci"
        | "thanks" | "recommend" | "recommande" => 2.0,
        "hate" | "awful" | "terrible" | "horrible" | "worst" | "nul" | "nulle" | "déteste"
        | "deteste" | "catastrophe" | "honte" | "scandale" | "arnaque" | "scam" => -3.0,
        "bad" | "broken" | "disappointed" | "disappointing" | "sad" | "angry" | "poor"
        | "mauvais" | "mauvaise" | "déçu" | "déçue" | "decu" | "cassé" | "panne" | "problème"
        | "probleme" | "bug" | "lent" | "slow" | "cher" => -2.0,
        _ => return None,
    };
    Some(w)
}

fn emoji_weight(c: char) -> Option<f32> {
    match c {
        '😍' | '🥰' | '❤' | '😊' | '😀' | '😃' | '👍' | '🎉' | '🔥' | '😁' => {
            Some(2.0)
        }
        '😡' | '😠' | '👎' | '😞' | '😢' | '😭' | '🤬' | '💩' => Some(-2.0),
        _ => None,
    }
}

/// Language by stopwords: enough to tell French from English on a post, `und` otherwise.
fn guess_lang(words: impl Iterator<Item = String>) -> String {
    const FR: &[&str] = &[
        "le", "la", "les", "de", "des", "du", "et", "est", "je", "j", "pas", "une", "un", "que",
        "qui", "pour", "avec", "c", "l", "d", "mais", "très", "ce", "il", "elle", "nous", "vous",
        "sur", "dans",
    ];
    const EN: &[&str] = &[
        "the", "and", "is", "are", "i", "to", "of", "it", "this", "that", "for", "with", "my",
        "you", "was", "but", "not", "on", "in", "so", "just", "have", "be",
    ];
    let (mut fr, mut en) = (0, 0);
    for w in words {
        fr += FR.contains(&w.as_str()) as i32;
        en += EN.contains(&w.as_str()) as i32;
    }
    match fr.cmp(&en) {
        _ if fr + en == 0 => "und",
        std::cmp::Ordering::Greater => "fr",
        std::cmp::Ordering::Less => "en",
        std::cmp::Ordering::Equal => "und",
    }
    .to_string()
}
