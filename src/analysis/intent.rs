//! Feedback intent, French and English: request (a wish or a missing feature), question,
//! complaint, praise, none.
//!
//! Order of precedence, from what a product team acts on first:
//!  request  > question > complaint > praise > none.
//! A request is recognised by its wording ("il manque", "j'aimerais", "please add"); a question by
//! "?" or an opening interrogative; complaint and praise follow the sentiment, with cue words
//! ("remboursez", "doesn't work") that make a complaint even when the sentiment is mild.
use std::sync::OnceLock;

use super::facts::{self, Facts};
use super::lexicon::FastMap;
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
    "pourriez-vous ajouter", "pouvez-vous ajouter", "pourriez vous mettre", "merci d ajouter", "merci de rajouter",
    "merci de mettre", "merci de remettre", "merci de proposer",
    "svp ajoutez", "ajoutez", "rajoutez", "ajouter un", "ajouter une", "ajouter la", "ajouter le",
    "ajouter des", "rajouter", "vivement", "ce qui manque", "ce qu il manque", "il faudrait",
    "j aurais aime", "j aurais bien aime", "vous comptez ajouter", "comptez vous ajouter",
    "vous pourriez ajouter", "pourriez vous proposer", "c est possible", "faites un", "faites une",
    "faites des", "proposition", "suggestion", "a quand", "idee", "devrait proposer", "devrait ajouter",
    "devraient proposer", "devraient ajouter", "devrait vraiment", "faudrait", "ce qui serait bien",
    "il faut ajouter", "on veut", "je reve d", "si seulement", "ramenez", "remettez",
    "pensez a ajouter", "en option", "une option pour", "mode sombre", "possibilite de",
    // English
    "please add", "pls add", "plz add", "please bring", "please make", "please let", "please allow",
    "please support", "please fix", "would be great", "would be nice", "would be awesome",
    "would be cool", "would be amazing", "would be helpful", "would love", "i d love", "id love",
    "i wish", "wish it", "wish there", "wish you", "wish they", "really wish", "just wish", "wish", "we need",
    "i need a", "needs a", "would ve been nice", "would have been nice", "would ve been great",
    "would have been great", "if only", "you guys should", "any chance", "any plans", "when are you adding",
    "when will you add", "are you going to add", "will you add", "do you plan to", "hoping the next",
    "hope the next", "hoping", "really hope", "wish my", "should really", "that d be great", "i d like",
    "i d really like", "jaimerais", "serait le reve",
    "that would be great", "that d be nice", "that would be nice",
    "need an option", "should add", "should have", "should let", "should support", "can you add",
    "could you add", "can we get", "could we get", "can we have", "could we have", "you should",
    "feature request", "bring back", "add support", "add an option", "add a", "add the ability",
    "it d be", "it would be", "missing feature", "what s missing", "whats missing", "only thing missing", "is missing", "are missing", "lacks", "lacking",
    "dark mode", "option to", "ability to", "allow us to", "let us", "hoping for", "hoping you",
    "hoping they", "hope you add", "hope they add", "hope you guys add",
];

/// Request cues that count only when they open a clause: "Vivement la V2 !" and "Suggestion :
/// …" wish, "je recommande vivement" praises and "a suggestion from my friend" reports.
const CLAUSE_INITIAL: &[&str] = &["vivement", "suggestion", "petite suggestion", "proposition", "idee", "hoping", "wish"];

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

/// A question that complains: "are you serious?", "how is this acceptable??" (with "why ...??" and
/// "pourquoi ... ?!", see `classify`).
const RHETORICAL: &[&str] = &[
    "are you serious", "vous etes serieux", "serieusement", "c est une blague", "is this a joke",
    "how is this acceptable", "how is that acceptable", "ras le bol", "j en ai marre",
];

/// Opening words of a question (when the "?" is missing, as it often is).
const QUESTION_OPENERS: &[&str] = &[
    "how", "what", "why", "when", "where", "who", "which", "does", "do", "is", "are", "can",
    "could", "will", "anyone", "anybody", "comment", "pourquoi", "quand", "ou", "qui", "quel",
    "quelle", "quels", "quelles", "combien", "est-ce", "est ce", "savez vous", "quelqu un",
];

type Hit = (&'static str, usize, usize);
/// (the cue as written, its words, which list it came from)
type Cue = (&'static str, Vec<&'static str>, u8);

/// Cue phrases as word lists, indexed by their first word (built once). Each entry carries which
/// list it came from, so one pass over the words finds requests and complaints alike.
struct Cues {
    by_first: FastMap<&'static str, Vec<Cue>>,
}

impl Cues {
    fn new(lists: &[&[&'static str]]) -> Cues {
        let mut by_first: FastMap<&'static str, Vec<Cue>> = FastMap::default();
        for (k, list) in lists.iter().enumerate() {
            for &c in list.iter() {
                let words: Vec<&'static str> = c.split([' ', '-']).filter(|w| !w.is_empty()).collect();
                if let Some(&first) = words.first() {
                    by_first.entry(first).or_default().push((c, words, k as u8));
                }
            }
        }
        Cues { by_first }
    }

    /// The first cue of each list found in the words (in list order among those starting at the
    /// same word), with the word range it covers. `opens_clause(i)`: whether word `i` starts a
    /// clause (for the [`CLAUSE_INITIAL`] cues).
    fn scan<const N: usize>(&self, words: &[Word], opens_clause: impl Fn(usize) -> bool) -> [Option<Hit>; N] {
        let mut found = [None; N];
        for i in 0..words.len() {
            if !words[i].2 {
                continue;
            }
            let Some(cands) = self.by_first.get(words[i].0) else { continue };
            for (cue, ws, k) in cands {
                let k = *k as usize;
                if k < N
                    && found[k].is_none()
                    && words.len() - i >= ws.len()
                    && ws.iter().zip(&words[i..]).all(|(a, b)| *a == b.0)
                    && (!CLAUSE_INITIAL.contains(cue) || opens_clause(i))
                {
                    found[k] = Some((*cue, i, i + ws.len() - 1));
                }
            }
            if found.iter().all(Option::is_some) {
                break;
            }
        }
        found
    }

    fn starts(&self, words: &[Word]) -> Option<Hit> {
        let cands = self.by_first.get(words.first()?.0)?;
        cands
            .iter()
            .find(|(_, ws, _)| words.len() >= ws.len() && ws.iter().zip(words).all(|(a, b)| *a == b.0))
            .map(|(c, ws, _)| (*c, 0, ws.len() - 1))
    }
}

fn cues() -> &'static (Cues, Cues) {
    static CUES: OnceLock<(Cues, Cues)> = OnceLock::new();
    CUES.get_or_init(|| (Cues::new(&[REQUEST, COMPLAINT, RHETORICAL]), Cues::new(&[QUESTION_OPENERS])))
}

/// Whether a word, or a part of it split as `words` splits it, opens a request or complaint cue
/// (`facts` remembers it, so the scan looks up only those words).
pub(super) fn opens_cue(w: &str) -> bool {
    w.split(['\'', '-']).any(|p| cues().0.by_first.contains_key(p))
}

/// A word of the post: its folded form, its token index (for evidence spans), and whether it may
/// open a request or complaint cue.
type Word<'a> = (&'a str, usize, bool);

/// The post's words, folded, with English contractions and hyphenated words split
/// ("don't" → "don", "t").
fn words<'a>(tokens: &'a [Token], facts: &[Facts]) -> Vec<Word<'a>> {
    let mut out = Vec::with_capacity(tokens.len() + 4);
    for (i, t) in tokens.iter().enumerate() {
        if matches!(t.kind, Kind::Word | Kind::Number) {
            let opens = facts[i].has(facts::OPENS_CUE);
            if !t.norm.bytes().any(|b| b == b'\'' || b == b'-') {
                out.push((t.norm.as_str(), i, opens));
                continue;
            }
            for part in t.norm.split(['\'', '-']).filter(|p| !p.is_empty()) {
                out.push((part, i, opens));
            }
        }
    }
    out
}

/// The intent, the words that made it, and whether the wording itself complains (a rhetorical
/// question: the post is negative whatever its words' valences).
pub fn classify(text: &str, tokens: &[Token], facts: &[Facts], label: Label, score: f32, question_mark: bool) -> (Intent, Option<Evidence>, bool) {
    let ws = words(tokens, facts);
    let (feedback, openers) = cues();
    let opens_clause = |k: usize| {
        let t = ws[k].1;
        t == 0 || tokens[t - 1].kind == Kind::Punct
    };
    let [request_cue, complaint_cue, rhetorical_cue] = feedback.scan::<3>(&ws, opens_clause);
    let evidence = |(_, a, b): (&str, usize, usize)| {
        let (s, e) = (tokens[ws[a].1].start, tokens[ws[b].1].end);
        text.get(s..e).map(|t| Evidence {
            kind: EvidenceKind::Intent,
            text: t.to_string(),
            start: s,
            end: e,
            weight: 0.0,
        })
    };
    if let Some(hit) = request_cue {
        // A strongly negative post with a wish ("I wish I never bought this") is a complaint.
        if !(score < -0.6 && matches!(hit.0, "i wish" | "wish it" | "si seulement")) {
            return (Intent::Request, evidence(hit), false);
        }
    }
    // An opening interrogative, as the first word(s): "how", "est-ce que", but not "can't", nor a
    // statement with its subject dropped ("does not feel spammy", "is not working").
    let opener = openers.starts(&ws).filter(|&(_, _, b)| !matches!(ws.get(b + 1).map(|w| w.0), Some("t" | "not")));
    // A question that complains: its words ("are you serious?", "ras le bol"), or "why … ??".
    let insistent = text.contains("??") || text.contains("?!") || text.contains("!?");
    let why = ws.first().is_some_and(|w| matches!(w.0, "why" | "pourquoi"));
    if let Some(hit) = rhetorical_cue.filter(|_| score < 0.3) {
        return (Intent::Complaint, evidence(hit), true);
    }
    if why && insistent && score < 0.3 {
        return (Intent::Complaint, None, true);
    }
    if question_mark || (opener.is_some() && tokens.len() <= 12 && !text.contains('.') && score.abs() < 0.5) {
        // A rhetorical question that is plainly negative is a complaint ("why is it so slow??").
        // (Sparing questions that merely ask about something bad, "does the warranty cover water
        // damage?", cost 0.01 on the dev tweets, where negative questions mostly complain.)
        if !(score <= -0.5 || complaint_cue.is_some() && score < 0.0 && !question_mark) {
            return (Intent::Question, opener.and_then(evidence), false);
        }
    }
    if let Some(hit) = complaint_cue {
        if score < 0.3 {
            return (Intent::Complaint, evidence(hit), false);
        }
    }
    match label {
        Label::Negative => (Intent::Complaint, None, false),
        Label::Positive => (Intent::Praise, None, false),
        Label::Neutral => (Intent::None, None, false),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{analyze, Intent};

    #[test]
    fn requests_questions_complaints_praise() {
        for (text, want) in [
            ("Il manque un mode sombre", Intent::Request),
            ("j'aimerais pouvoir exporter", Intent::Request),
            ("Ce serait bien d'avoir des dossiers", Intent::Request),
            ("please add dark mode", Intent::Request),
            ("It would be great to have folders", Intent::Request),
            ("Comment on change la langue ?", Intent::Question),
            ("how do I export my data", Intent::Question),
            ("Can't log in, this is ridiculous", Intent::Complaint),
            ("Toujours pas remboursé", Intent::Complaint),
            ("Why is it so slow?? awful", Intent::Complaint),
            ("Génial, merci !", Intent::Praise),
            ("Vous comptez ajouter Apple Pay un jour ?", Intent::Request),
            ("Any plans to add Matter support?", Intent::Request),
            ("J'aurais aimé une version sans sucre", Intent::Request),
            ("Suggestion : ouvrir à 6h en semaine", Intent::Request),
            ("A personal suggestion from my good friend, great show", Intent::Praise),
            ("Are you serious? Three weeks for a refund", Intent::Complaint),
            ("Pourquoi c'est encore en panne ??", Intent::Complaint),
            ("Je recommande vivement, super qualité", Intent::Praise),
            ("Idée pour Strava : un mode course en groupe", Intent::Request),
            ("Hoping IKEA starts offering free assembly", Intent::Request),
            ("Réunion à 15h pour la feuille de route", Intent::None),
        ] {
            assert_eq!(analyze(text).intent, Some(want), "{text}");
        }
    }

    #[test]
    fn a_question_that_complains_is_negative() {
        use super::super::Label;
        for text in ["Livraison repoussée pour la 3e fois, vous êtes sérieux ?", "Why does the app log me out every 30 seconds??"] {
            let a = analyze(text);
            assert_eq!((a.intent, a.label), (Some(Intent::Complaint), Some(Label::Negative)), "{text}: {a:?}");
        }
        // A plain question stays a question, neutral.
        let a = analyze("Why is the sky blue?");
        assert_eq!((a.intent, a.label), (Some(Intent::Question), Some(Label::Neutral)), "{a:?}");
    }

    #[test]
    fn the_cue_is_evidence() {
        let a = analyze("Franchement il manque un mode sombre");
        let cue = a.evidence.iter().find(|e| e.kind == super::EvidenceKind::Intent).expect("cue");
        assert_eq!(cue.text, "il manque");
    }

    #[test]
    fn a_wish_imagines_and_the_rest_of_the_post_speaks() {
        use super::super::Label;
        // The conditional praises what does not exist yet: neutral, "parfait" not evidence.
        let a = analyze("Il manque un antivol intégré, avec ça il serait parfait.");
        assert_eq!((a.intent, a.label), (Some(Intent::Request), Some(Label::Neutral)), "{a:?}");
        assert!(a.evidence.iter().all(|e| e.text != "parfait"), "{a:?}");
        // An opinion in its own sentence beside the wish still counts.
        let a = analyze("Il manque toujours une prise jack. Dommage.");
        assert_eq!((a.intent, a.label), (Some(Intent::Request), Some(Label::Negative)), "{a:?}");
    }
}
