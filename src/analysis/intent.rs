//! Feedback intent, French and English: request (a wish or a missing feature), question,
//! complaint, praise, none.
//!
//! Order of precedence, from what a product team acts on first:
//!  request  > question > complaint > praise > none.
//! A request is recognised by its wording ("il manque", "j'aimerais", "please add"); a question by
//! "?" or an opening interrogative; complaint and praise follow the sentiment, with cue words
//! ("remboursez", "doesn't work") that make a complaint even when the sentiment is mild.
use super::tokens::{Kind, Token};
use super::{Evidence, EvidenceKind, Intent, Label};

/// Request cues, as folded tokens joined by single spaces (elided "j'" is "j").
const REQUEST: &[&str] = &[
    // French
    "il manque", "manque juste", "il manquerait", "manque un", "manque une", "manque le", "manque la",
    "manque les", "manque de", "j aimerais", "j aimerai", "j adorerais", "je voudrais", "je souhaiterais",
    "on voudrait", "on aimerait", "nous aimerions", "ce serait bien", "ce serait top", "ce serait cool",
    "ce serait genial", "ce serait super", "ce serait pratique", "ca serait bien", "ca serait top",
    "ca serait cool", "ca serait genial", "ca serait super", "ce serait utile", "serait il possible",
    "serait-il possible", "est il possible d ajouter", "pourriez vous ajouter", "pouvez vous ajouter",
    "pourriez-vous ajouter", "pouvez-vous ajouter", "pourriez vous mettre", "merci d ajouter",
    "svp ajoutez", "ajoutez", "rajoutez", "ajouter un", "ajouter une", "ajouter la", "ajouter le",
    "ajouter des", "rajouter", "vivement", "il faudrait", "faudrait", "ce qui serait bien",
    "il faut ajouter", "on veut", "je reve d", "si seulement", "ramenez", "remettez",
    "pensez a ajouter", "en option", "une option pour", "mode sombre", "possibilite de",
    // English
    "please add", "pls add", "plz add", "please bring", "please make", "please let", "please allow",
    "please support", "please fix", "would be great", "would be nice", "would be awesome",
    "would be cool", "would be amazing", "would be helpful", "would love", "i d love", "id love",
    "i wish", "wish it", "wish there", "wish you", "wish they", "we need", "i need a", "needs a",
    "need an option", "should add", "should have", "should let", "should support", "can you add",
    "could you add", "can we get", "could we get", "can we have", "could we have", "you should",
    "feature request", "bring back", "add support", "add an option", "add a", "add the ability",
    "it d be", "it would be", "missing feature", "is missing", "are missing", "lacks", "lacking",
    "dark mode", "option to", "ability to", "allow us to", "let us", "hoping for",
];

/// Complaint cues that stand even when the sentiment words are mild.
const COMPLAINT: &[&str] = &[
    "rembourse", "remboursez", "remboursement", "service client", "toujours pas", "depuis des jours",
    "depuis des semaines", "n est pas normal", "pas normal", "inadmissible", "je me desabonne",
    "desinstalle", "desinstaller", "refund", "customer service", "still not", "still doesn t",
    "uninstall", "uninstalled", "unsubscribe", "cancel my", "cancelled my", "waste of",
    "fix this", "fix it", "sort it out", "ne marche pas", "ne marche plus", "marche pas",
    "marche plus", "ne fonctionne pas", "ne fonctionne plus", "fonctionne pas", "fonctionne plus",
    "doesn t work", "does not work", "don t work", "not working", "stopped working", "won t load",
    "keeps crashing", "keep crashing",
];

/// Opening words of a question (when the "?" is missing, as it often is).
const QUESTION_OPENERS: &[&str] = &[
    "how", "what", "why", "when", "where", "who", "which", "does", "do", "is", "are", "can",
    "could", "will", "anyone", "anybody", "comment", "pourquoi", "quand", "ou", "qui", "quel",
    "quelle", "quels", "quelles", "combien", "est-ce", "est ce", "savez vous", "quelqu un",
];

/// The post's words folded and space-joined, padded with spaces for whole-phrase matching.
pub fn joined(tokens: &[Token]) -> String {
    let mut s = String::from(" ");
    for t in tokens.iter().filter(|t| matches!(t.kind, Kind::Word | Kind::Number)) {
        // "don't" → "don t" so English contractions match in either spelling.
        for part in t.norm.split('\'') {
            s.push_str(part);
            s.push(' ');
        }
    }
    s
}

fn find_cue(joined: &str, cues: &[&'static str]) -> Option<&'static str> {
    cues.iter().copied().find(|c| {
        let pat = format!(" {c} ");
        joined.contains(&pat)
    })
}

/// Span of the cue's first word in the text, for the evidence (first occurrence).
fn cue_span(text: &str, tokens: &[Token], cue: &str) -> Option<(usize, usize)> {
    let first = cue.split(' ').next()?;
    let n = cue.split(' ').count();
    let pos = tokens
        .iter()
        .position(|t| t.norm.split('\'').next() == Some(first))?;
    let end_tok = tokens.iter().skip(pos).filter(|t| matches!(t.kind, Kind::Word | Kind::Number)).nth(n.saturating_sub(1))?;
    let (s, e) = (tokens[pos].start, end_tok.end.max(tokens[pos].end));
    text.get(s..e).map(|_| (s, e))
}

pub fn classify(text: &str, tokens: &[Token], label: Label, score: f32, question_mark: bool) -> (Intent, Option<Evidence>) {
    let j = joined(tokens);
    let evidence = |cue: &str| {
        cue_span(text, tokens, cue).map(|(s, e)| Evidence {
            kind: EvidenceKind::Intent,
            text: text[s..e].to_string(),
            start: s,
            end: e,
            weight: 0.0,
        })
    };
    if let Some(cue) = find_cue(&j, REQUEST) {
        // "would be great" in a past-tense complaint is rare; a strongly negative post with a
        // wish ("I wish I never bought this") is a complaint.
        if !(score < -0.6 && matches!(cue, "i wish" | "wish it" | "si seulement")) {
            return (Intent::Request, evidence(cue));
        }
    }
    // An opening interrogative, as the first word(s): "how", "est-ce que", but not "can't".
    let opener = QUESTION_OPENERS.iter().copied().find(|o| {
        j.starts_with(&format!(" {o} ")) && !j[o.len() + 1..].starts_with(" t ")
    });
    let complaint_cue = find_cue(&j, COMPLAINT);
    if question_mark || (opener.is_some() && tokens.len() <= 12 && !text.contains('.') && score.abs() < 0.5) {
        // A rhetorical question that is plainly negative is a complaint ("why is it so slow??").
        if !(score <= -0.5 || complaint_cue.is_some() && score < 0.0) {
            return (Intent::Question, opener.and_then(evidence));
        }
    }
    if let Some(cue) = complaint_cue {
        if score < 0.3 {
            return (Intent::Complaint, evidence(cue));
        }
    }
    match label {
        Label::Negative => (Intent::Complaint, None),
        Label::Positive => (Intent::Praise, None),
        Label::Neutral => (Intent::None, None),
    }
}
