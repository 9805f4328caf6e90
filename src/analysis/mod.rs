//! Text analysis: sentiment, feedback intent and language for one post, with the evidence behind them.
//!
//! ```text
//!  text ─► tokens.rs (words, elision, #tags, @mentions, URLs, emoji, emoticons, entities)
//!            │   facts.rs      each word's lexicon values, roles and model share, remembered
//!            ├─► lang.rs       script + function words            → lang (ISO 639-1 / und)
//!            ├─► sentiment.rs  lexicons (lexicon.rs) + rules       → compound, evidence
//!            ├─► model.rs      hashed n-grams + rule features, linear → label, score
//!            └─► intent.rs     cue phrases + sentiment              → intent
//! ```
//! The types below are the contract the engine, the CLI and the extension rely on.
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
    /// A lexicon word or set phrase ("génial", "pas mal").
    Word,
    Emoji,
    /// A negation that flipped a word ("pas", "n't").
    Negation,
    /// A text emoticon (":)", "<3").
    Emoticon,
    /// An intensifier or diminisher ("très", "a bit").
    Intensifier,
    /// "but", "mais": the clause after weighs more.
    Contrast,
    /// Exclamation marks amplifying the post.
    Emphasis,
    /// The words that made the intent ("il manque", "please add").
    Intent,
    /// Words the learned model weighs toward the label ("spammy", "is here"): its strongest
    /// features in the post, as written. `weight` is their pull toward the label in the model's
    /// logits (> 0), whatever the label; not part of the rules' sum.
    Learned,
    /// No word drove the label: the post as a whole did (the rules' and the model's reading of it,
    /// or words too weak or too mixed to call). Empty text, at 0..0; added only when nothing else in
    /// the evidence pulls toward the label, so the evidence never shows only words pulling the
    /// other way.
    Overall,
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
    /// `None` (JSON `null`) for a post in a language Écoute does not analyse (`lang::analysed`):
    /// no label rather than a confident wrong one. Such posts are tallied apart, by language.
    pub label: Option<Label>,
    /// In [-1, 1]; 0 when not analysed.
    pub score: f32,
    /// ISO 639-1, or `und` when unsure.
    pub lang: String,
    /// `None` when not analysed, as `label`.
    pub intent: Option<Intent>,
    pub evidence: Vec<Evidence>,
    /// What the post likes, dislikes or asks for (aspects.rs); absent from older records.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aspects: Vec<aspects::Aspect>,
}

impl Default for Analysis {
    /// What a post with nothing to read gets: neutral, no intent, language unknown.
    fn default() -> Self {
        Analysis { label: Some(Label::Neutral), score: 0.0, lang: "und".into(), intent: Some(Intent::None), evidence: Vec::new(), aspects: Vec::new() }
    }
}

impl Analysis {
    /// Whether the post was read at all (its language is one Écoute analyses).
    pub fn analysed(&self) -> bool {
        self.label.is_some()
    }

    /// What a post in a language Écoute does not analyse gets: its language, no label, no intent.
    pub fn unanalysed(lang: &str) -> Analysis {
        Analysis { label: None, score: 0.0, lang: lang.to_string(), intent: None, evidence: Vec::new(), aspects: Vec::new() }
    }
}

pub mod adapt;
pub mod aspects;
pub mod facts;
mod intent;
pub mod lang;
pub mod lexicon;
pub mod model;
pub mod sentiment;
pub mod tokens;

/// Analyses one post's text. Any text in, an answer out; long texts are read up to
/// [`crate::base::limits::MAX_TEXT_BYTES`].
pub fn analyze(text: &str) -> Analysis {
    analyze_with(text, true)
}

/// `analyze`, optionally without the learned model (rules and lexicons alone): for measuring what
/// the model adds (`ecoute eval --rules-only`).
pub fn analyze_with(text: &str, use_model: bool) -> Analysis {
    analyze_inner(text, use_model, None)
}

/// `analyze` with the person's adjustment (`adapt.rs`, learned from their corrections) applied to
/// the learned model: the engine's reading of the posts it ingests.
pub fn analyze_adjusted(text: &str, adjustment: &adapt::Adjustment) -> Analysis {
    analyze_inner(text, true, (!adjustment.is_empty()).then_some(adjustment))
}

/// Teaches `adjustment` that `text` is `label` (the person's correction): the same post, and posts
/// that share its words, read so afterwards; the same post also with `intent` when given (intents are
/// remembered per post, not learned). Nothing is learned from a post in a language Écoute does not
/// analyse, or without a model.
pub fn correct(adjustment: &mut adapt::Adjustment, text: &str, label: Label, intent: Option<Intent>) {
    let text = crate::base::limits::cap_text(text, crate::base::limits::MAX_TEXT_BYTES);
    let tokens = tokens::tokenize(text);
    let facts = facts::of_tokens(&tokens);
    let lang = lang::identify_with(text, &tokens, &facts);
    if !lang::analysed(lang) {
        return;
    }
    let rules = sentiment::score_with(text, &tokens, &facts, lang);
    adjustment.remember(text, label, intent);
    let Some(base) = model::logits_with(&tokens, &facts, lang, &rules) else { return };
    adjustment.learn(&model::adapt_features(&tokens, &facts), base, label);
}

fn analyze_inner(text: &str, use_model: bool, adjustment: Option<&adapt::Adjustment>) -> Analysis {
    let text = crate::base::limits::cap_text(text, crate::base::limits::MAX_TEXT_BYTES);
    let tokens = tokens::tokenize(text);
    let facts = facts::of_tokens(&tokens);
    let lang = lang::identify_with(text, &tokens, &facts);
    if !lang::analysed(lang) {
        return Analysis::unanalysed(lang);
    }
    let rules = sentiment::score_with(text, &tokens, &facts, lang);
    let (label, score) = if let Some(adj) = adjustment {
        let extra = adj.logits(&model::adapt_features(&tokens, &facts));
        model::predict_adjusted(&tokens, &facts, lang, &rules, Some(extra))
    } else if use_model {
        model::predict_with(&tokens, &facts, lang, &rules)
    } else {
        model::rules_only(&rules)
    };
    let (intent, cue, complains) = intent::classify(text, &tokens, &facts, label, score, rules.question);
    let aspects = aspects::extract(text, &tokens, &facts, lang, &rules.evidence, intent, cue.as_ref());
    let mut evidence = rules.evidence;
    // The words of a request's own wording are hypothetical ("would be GREAT to export",
    // "ce serait BIEN"): they drove nothing, so they leave the evidence and the sum.
    let mut compound = rules.compound;
    if let (Intent::Request, Some(c)) = (intent, &cue) {
        // The wish runs from its cue to the end of the clause.
        let clause_end = tokens
            .iter()
            .find(|t| t.start >= c.end && t.kind == tokens::Kind::Punct && t.norm.contains(['.', '!', '?', ';', ',']))
            .map_or(text.len(), |t| t.start);
        // Clauses in the conditional around a wish are hypothetical too: "il manque un antivol,
        // avec ça il serait parfait", "add folders, the app would be perfect".
        let conditional = conditional_clauses(&tokens, &facts);
        // Its words and emoji: "please bring it back 🙏🙏" pleads, it does not praise.
        let inside = |e: &Evidence| {
            matches!(e.kind, EvidenceKind::Word | EvidenceKind::Emoji)
                && (e.start >= c.start && e.end <= clause_end
                    || conditional.iter().any(|&(s, end)| e.start >= s && e.end <= end))
        };
        let hypothetical: f32 = evidence.iter().filter(|e| inside(e)).map(|e| e.weight).sum();
        evidence.retain(|e| !inside(e));
        compound = sentiment::normalise(rules.sum - hypothetical);
    }
    // A wish or a question states no opinion unless its words are plainly charged:
    // "please add dark mode", "il manque un mode sombre", "comment je change mon mot de passe ?".
    let (label, score) = if match intent {
        // The wish's own clause is already out of the compound: what is left is the post's opinion
        // beside the wish ("il manque une prise jack. Dommage."), read at about the rules' own
        // polarity threshold (0.3; 0.5 before: French reviews 0.800 -> 0.806 macro-F1, tweets equal).
        Intent::Request => compound.abs() < 0.3,
        Intent::Question => compound.abs() < 0.5,
        _ => false,
    } {
        (Label::Neutral, score * 0.3)
    } else if complains && label != Label::Negative {
        // "Vous êtes sérieux ?", "why does it log me out every 30 seconds??": the question is the
        // complaint.
        (Label::Negative, score.min(-0.3))
    } else {
        (label, score)
    };
    evidence.extend(cue);
    // The very post the person corrected reads as they said, whatever the rules after the model did.
    let (label, score, intent) = match adjustment.and_then(|adj| adj.corrected(text)) {
        Some((said, said_intent)) => {
            let score = match said {
                _ if said == label => score,
                Label::Positive => score.max(0.3),
                Label::Negative => score.min(-0.3),
                Label::Neutral => score * 0.3,
            };
            (said, score, said_intent.unwrap_or(intent))
        }
        None => (label, score, intent),
    };
    if use_model {
        learned_evidence(text, &tokens, &facts, label, &mut evidence);
    }
    Analysis {
        label: Some(label),
        score,
        lang: lang.to_string(),
        intent: Some(intent),
        evidence,
        aspects,
    }
}

/// Adds what drove the learned model toward `label` (`model::drivers`), so that the badge's "why"
/// names the words behind the result, not only the lexicon's, which may pull the other way ("does not
/// feel spammy": "outreach +1.1"). Spans already in the evidence are not repeated.
fn learned_evidence(text: &str, tokens: &[tokens::Token], facts: &[facts::Facts], label: Label, evidence: &mut Vec<Evidence>) {
    let Some(class) = model::CLASSES.iter().position(|&c| c == label) else { return };
    for (from, to, pull) in model::drivers(tokens, facts, class, 3, model::MIN_PULL) {
        let (start, end) = (tokens[from].start, tokens[to - 1].end);
        if evidence.iter().any(|e| e.start < end && start < e.end && e.kind != EvidenceKind::Intent) {
            continue;
        }
        let Some(span) = text.get(start..end) else { continue };
        evidence.push(Evidence { kind: EvidenceKind::Learned, text: span.to_string(), start, end, weight: (pull * 10.0).round() / 10.0 });
    }
    if !evidence.iter().any(|e| agrees(e, label)) {
        evidence.push(Evidence { kind: EvidenceKind::Overall, text: String::new(), start: 0, end: 0, weight: 0.0 });
    }
}

/// Whether an evidence item pulls toward `label`. For neutral: a learned reason, or a post with no
/// charged word at all (the evidence then has nothing pulling anywhere).
pub fn agrees(e: &Evidence, label: Label) -> bool {
    let charged = matches!(e.kind, EvidenceKind::Word | EvidenceKind::Emoji | EvidenceKind::Emoticon);
    match (e.kind, label) {
        (EvidenceKind::Learned | EvidenceKind::Overall, _) => true,
        (_, Label::Positive) => charged && e.weight > 0.0,
        (_, Label::Negative) => charged && e.weight < 0.0,
        (_, Label::Neutral) => false,
    }
}

/// Byte spans of the clauses whose verb is in the conditional ("serait", "would"): what they
/// praise or blame is imagined, not experienced.
fn conditional_clauses(tokens: &[tokens::Token], facts: &[facts::Facts]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let (mut start, mut conditional) = (0usize, false);
    for (t, f) in tokens.iter().zip(facts) {
        if t.kind == tokens::Kind::Punct && t.norm.contains(['.', '!', '?', ';', ',', '…']) {
            if conditional {
                out.push((start, t.start));
            }
            (start, conditional) = (t.end, false);
        } else if t.kind == tokens::Kind::Word {
            conditional |= f.has(facts::CONDITIONAL);
        }
    }
    if conditional {
        out.push((start, usize::MAX));
    }
    out
}

/// A verb in the conditional: what its clause praises or blames is imagined.
fn is_conditional(w: &str) -> bool {
    matches!(w, "serait" | "seraient" | "serais" | "serions" | "seriez" | "would" | "wd")
}

/// The model's input for one text (training: examples/train_sentiment.rs).
pub fn model_features(text: &str) -> model::Features {
    let text = crate::base::limits::cap_text(text, crate::base::limits::MAX_TEXT_BYTES);
    let tokens = tokens::tokenize(text);
    let lang = lang::identify(text, &tokens);
    let rules = sentiment::score(text, &tokens, lang);
    model::features(&tokens, lang, &rules)
}
