//! Rule-based sentiment for French and English, VADER's scheme extended to French:
//! lexicon valences, modified in order by
//!  - intensifiers / diminishers in the three words before ("very", "trop", "un peu"),
//!  - emphasis: ALL CAPS in a mixed-case post, elongation ("soooo"), exclamation marks,
//!  - negation, both languages: English not/n't/never/no/without; French "ne … pas/jamais/plus/
//!    rien/aucun", bare "pas" before or right after the word ("j'aime pas"), "sans"; set phrases
//!    that read against the grain ("pas mal", "pas terrible", "ça marche pas"),
//!  - contrast: before "but"/"mais"/"cependant" weighs half, after weighs 1.5x,
//!  - questions: a question expresses less than a statement.
//!
//! Every contribution is kept as evidence with its span, so the badge can show why.
use super::facts::{self, Facts};
use super::lexicon;
use super::tokens::{Kind, Token};
use super::{Evidence, EvidenceKind};

// VADER's empirically derived constants (Hutto & Gilbert 2014).
const B_INCR: f32 = 0.293;
const C_INCR: f32 = 0.733;
const N_SCALAR: f32 = -0.74;

/// What the rules found: the score and the raw sums the learned model reads as features.
#[derive(Debug, Clone, Default)]
pub struct Rules {
    /// VADER's compound: normalised sum in (-1, 1).
    pub compound: f32,
    /// The sum before normalisation.
    pub sum: f32,
    pub pos: f32,
    pub neg: f32,
    pub negations: u32,
    pub exclamations: u32,
    pub question: bool,
    pub contrast: bool,
    pub evidence: Vec<Evidence>,
}

/// Which intensifier or diminisher lists the word is on (`facts` bits), language by language.
pub(super) fn booster_roles(w: &str) -> u16 {
    let en = matches!(
        w,
        "very" | "really" | "so" | "soo" | "extremely" | "absolutely" | "totally" | "completely"
            | "incredibly" | "super" | "too" | "truly" | "utterly" | "highly" | "hugely"
            | "fucking" | "freaking" | "damn" | "such" | "most" | "especially" | "exceptionally"
            | "insanely" | "seriously" | "hella" | "mega" | "ultra" | "deeply" | "entirely"
    );
    let fr = matches!(
        w,
        "tres" | "trop" | "vraiment" | "tellement" | "hyper" | "super" | "ultra" | "grave"
            | "carrement" | "vachement" | "completement" | "totalement" | "absolument"
            | "extremement" | "franchement" | "si" | "tant" | "enormement" | "incroyablement"
            | "archi" | "mega" | "vraiiment" | "trooop" | "troop" | "putain" | "sacrement"
            | "particulierement" | "hautement" | "bien"
    );
    let down_en = matches!(
        w,
        "slightly" | "somewhat" | "kinda" | "barely" | "hardly" | "sorta" | "fairly" | "marginally"
            | "partly" | "rather" | "almost" | "bit" | "little"
    );
    let down_fr = matches!(
        w,
        "peu" | "legerement" | "plutot" | "assez" | "moyennement" | "presque" | "quasi" | "relativement"
    );
    let mut roles = 0;
    for (yes, bit) in [(en, facts::BOOST_EN), (fr, facts::BOOST_FR), (down_en, facts::DAMP_EN), (down_fr, facts::DAMP_FR)] {
        if yes {
            roles |= bit;
        }
    }
    roles
}

/// The boost a word with these `booster_roles` gives the next charged word in a post in `lang`.
fn booster(roles: u16, lang: &str) -> Option<f32> {
    let has = |bit: u16| roles & bit != 0;
    let (en, fr, down_en, down_fr) = (has(facts::BOOST_EN), has(facts::BOOST_FR), has(facts::DAMP_EN), has(facts::DAMP_FR));
    match lang {
        "fr" if fr => Some(B_INCR),
        "fr" if down_fr => Some(-B_INCR),
        "en" if en => Some(B_INCR),
        "en" if down_en => Some(-B_INCR),
        "fr" | "en" => None,
        _ if en || fr => Some(B_INCR),
        _ if down_en || down_fr => Some(-B_INCR),
        _ => None,
    }
}

/// The words `score_with` has a case of its own for (set phrases, "like" as a comparison,
/// "super" as an intensifier): keep in step with the cases there.
pub(super) fn has_own_case(w: &str) -> bool {
    matches!(
        w,
        "pas" | "can't" | "cant" | "cannot" | "rien" | "never" | "plus" | "jamais" | "like" | "super" | "trop" | "so" | "too"
            | "worth" | "expected" | "attendais" | "attendait" | "attendions" | "attendaient"
            | "vaut" | "vaux" | "valait" | "valent" | "toujours" | "still" | "fout" | "foutent" | "fire" | "apart"
            | "feu" | "again" | "moins" | "been" | "ras" | "chapeau" | "passer" | "live" | "stay"
            | "eviter" | "regret" | "above" | "changer" | "merci" | "thanks" | "tuerie" | "dechire" | "dechirent"
    )
}

/// Negators that apply to the next words (within the clause, three words back).
pub(super) fn is_negator(w: &str) -> bool {
    matches!(
        w,
        "not" | "no" | "never" | "nothing" | "nobody" | "none" | "neither" | "nor" | "nowhere"
            | "without" | "cannot" | "cant" | "dont" | "doesnt" | "didnt" | "isnt" | "wasnt"
            | "arent" | "werent" | "wont" | "wouldnt" | "shouldnt" | "couldnt" | "aint" | "havent"
            | "hasnt" | "hadnt" | "neva" | "nope" | "zero" // "zero issues", "zéro défaut"
            | "ne" | "n" | "pas" | "jamais" | "rien" | "aucun" | "aucune" | "sans" | "ni" | "guere"
            | "nullement" | "aucunement" | "point"
    ) || w.ends_with("n't")
}

/// French negation words that follow the verb ("j'aime pas", "ça marche plus").
pub(super) fn is_fr_post_negator(w: &str) -> bool {
    matches!(w, "pas" | "jamais" | "plus" | "rien" | "guere" | "point")
}

/// Contrast words: what comes after weighs more.
pub(super) fn is_contrast(w: &str) -> bool {
    matches!(
        w,
        "but" | "however" | "although" | "though" | "yet" | "mais" | "cependant" | "pourtant"
            | "neanmoins" | "toutefois" | "sauf" | "contre" // "par contre"
    )
}

/// Verbs of working order: neutral alone, negative when negated ("doesn't work", "marche pas").
pub(super) fn is_works_verb(w: &str) -> bool {
    matches!(
        w,
        "work" | "works" | "working" | "worked" | "load" | "loads" | "loading" | "open" | "opens"
            | "marche" | "marchent" | "fonctionne" | "fonctionnent" | "charge" | "chargent"
            | "s'ouvre" | "ouvre" | "repond" | "responds" | "respond" | "sync" | "synchronise"
            | "fix" | "fixed" | "fixes" | "solved" | "resolved" | "regle" | "repare" | "resolu"
            | "connect" | "connects" | "connecting" | "pair" | "pairs" | "start" | "starts" | "boot"
            | "boots" | "install" | "installs" | "connecte" | "connectent" | "demarre" | "demarrent"
            | "allume" | "installe"
    )
}

fn is_clause_break(t: &Token) -> bool {
    t.kind == Kind::Punct && t.norm.chars().any(|c| matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | '…' | '(' | ')'))
}

/// Scores the tokens of one post (`lang` from language identification).
pub fn score(text: &str, tokens: &[Token], lang: &str) -> Rules {
    score_with(text, tokens, &facts::of_tokens(tokens), lang)
}

/// `score` with the tokens' facts already looked up (`facts::of_tokens`).
pub fn score_with(text: &str, tokens: &[Token], facts: &[Facts], lang: &str) -> Rules {
    let lex = lexicon::get();
    let mut r = Rules::default();
    // Whole post in capitals: caps carry no emphasis then (VADER's "caps differential").
    let words = tokens.iter().filter(|t| t.kind == Kind::Word).count();
    let n_caps = tokens.iter().filter(|t| t.kind == Kind::Word && t.caps).count();
    let caps_differential = n_caps > 0 && n_caps < words;

    // Valence per token index; 0 when none.
    let mut vals: Vec<(usize, f32, EvidenceKind)> = Vec::with_capacity(tokens.len());
    let mut skip_until = 0usize;
    let mut contrast_at: Option<usize> = None;
    for i in 0..tokens.len() {
        let t = &tokens[i];
        if t.kind == Kind::Punct {
            r.exclamations += t.norm.chars().filter(|&c| c == '!').count() as u32;
            if t.norm.contains('?') {
                r.question = true;
            }
            continue;
        }
        if i < skip_until {
            continue;
        }
        let w = t.norm.as_str();
        match t.kind {
            Kind::Emoji => {
                if let Some(v) = lex.emoji(w) {
                    vals.push((i, v, EvidenceKind::Emoji));
                }
                continue;
            }
            Kind::Emoticon => {
                let v = lex.en(w).or_else(|| lex.en(&w.to_lowercase()));
                if let Some(v) = v {
                    vals.push((i, v, EvidenceKind::Emoticon));
                }
                continue;
            }
            Kind::Hashtag => {
                if let Some(v) = facts[i].valence(lang, true).filter(|v| *v != 0.0) {
                    vals.push((i, v, EvidenceKind::Word));
                }
                continue;
            }
            Kind::Number => {
                // A rating: "10/10", "2/5", "5 stars", "1 étoile".
                if let Some((v, len)) = rating(tokens, i) {
                    vals.push((i, v, EvidenceKind::Word));
                    r.evidence.push(phrase_evidence(text, tokens, i, len));
                    skip_until = i + len;
                }
                continue;
            }
            Kind::Word => {}
            _ => continue,
        }
        let f = &facts[i];
        if f.has(facts::CONTRAST) && (w != "contre" || i > 0 && tokens[i - 1].norm == "par") {
            contrast_at = Some(i);
            r.contrast = true;
            r.evidence.push(ev(text, t, EvidenceKind::Contrast, 0.0));
            continue;
        }
        let next = |k: usize| tokens.get(i + k).filter(|t| t.kind == Kind::Word).map(|t| t.norm.as_str());
        // The next word's facts, and whether it carries a valence of its own in this post's language.
        let next_facts = |k: usize| tokens.get(i + k).filter(|t| t.kind == Kind::Word).map(|_| &facts[i + k]);
        let next_charged = || next_facts(1).is_some_and(|n| n.valence(lang, true).is_some_and(|v| v != 0.0));
        // Set phrases and words with a case of their own (looked at only for those words).
        if f.has(facts::SPECIAL) {
            // Set phrases first.
            if lang != "en" && w == "pas" {
                let (n1, n2) = (next(1), next(2));
                let phrase = match (n1, n2) {
                    (Some("mal"), Some("de" | "d")) => Some((2, 0.0)), // "pas mal de monde": a lot of
                    (Some("mal"), _) => Some((2, 1.9)),
                    (Some("si" | "trop" | "tres"), Some("mal")) => Some((3, 1.6)),
                    (Some("terrible" | "fou" | "ouf" | "folichon" | "top"), _) => Some((2, -1.8)),
                    (Some("de" | "d"), Some("souci" | "soucis" | "probleme" | "problemes" | "bug" | "bugs")) => Some((3, 1.2)),
                    (Some("cher"), _) => Some((2, 1.2)),
                    // "c'est pas donné": it is expensive.
                    (Some("donne" | "donnee" | "donnes" | "donnees"), _) if matches!(prev_word(tokens, i), Some("est" | "etait")) => Some((2, -1.0)),
                    _ => None,
                };
                if let Some((len, v)) = phrase {
                    if v != 0.0 {
                        vals.push((i, v, EvidenceKind::Word));
                        r.evidence.push(phrase_evidence(text, tokens, i, len));
                    }
                    skip_until = i + len;
                    continue;
                }
            }
            // "toujours pas livré", "still no refund", "still not fixed": a wait that goes on. A charged
            // word after "not"/"pas" is left to the negation ("still not bad", "toujours pas mal"), a
            // positive one after "no" too ("still no good").
            if matches!((w, next(1)), ("toujours", Some("pas")) | ("still", Some("not" | "no"))) {
                let v2 = next_facts(2).and_then(|n| n.valence(lang, true)).unwrap_or(0.0);
                let left_to_negation = if next(1) == Some("no") { v2 > 0.0 } else { v2 != 0.0 || next(2) == Some("mal") };
                if !left_to_negation {
                    let len = if next(2).is_some() { 3 } else { 2 };
                    skip_until = set_phrase(&mut r, &mut vals, text, tokens, i, len, -1.5);
                    continue;
                }
            }
            // Set phrases: (tokens, valence).
            let phrase = match (w, next(1), next(2)) {
                // Eager, not negative.
                ("can't" | "cant" | "cannot", Some("wait"), _) => Some((2, 2.0)),
                // Nothing good; nothing to fault.
                ("rien", Some("de" | "d"), Some("bien" | "bon" | "interessant" | "special" | "nouveau")) => Some((3, -1.6)),
                ("rien", Some("a"), Some("redire" | "jeter" | "reprocher")) => Some((3, 2.0)),
                ("worth", Some("every"), Some("penny" | "cent" | "dime")) => Some((3, 2.2)),
                // What was expected: "je m'attendais à mieux" (disappointed), "à pire" (pleasantly
                // surprised), "expected better".
                ("attendais" | "attendait" | "attendions" | "attendaient", Some("a"), Some("mieux" | "plus")) => Some((3, -1.5)),
                ("attendais" | "attendait" | "attendions" | "attendaient", Some("a"), Some("pire")) => Some((3, 1.2)),
                ("expected", Some("better" | "more"), _) => Some((2, -1.5)),
                ("expected", Some("worse"), _) => Some((2, 1.2)),
                // "on se fout de nous": we are being taken for fools.
                ("fout" | "foutent", Some("de" | "d"), _) => Some((2, -2.2)),
                // What one looked forward to: "the one we've been waiting for", "what I've been
                // waiting for" (the clause ends on "for").
                ("been", Some("waiting"), Some("for")) if tokens.get(i + 3).map_or(true, |t| t.kind == Kind::Punct) => Some((3, 1.6)),
                // A wait that goes on; fed up.
                ("been" | "still", Some("waiting"), _) => Some((2, -1.5)),
                ("ras", Some("le"), Some("bol")) => Some((3, -2.5)),
                // Slang: "this hoodie is fire", "c'est le feu" (otherwise the lexicon's: "caught fire").
                ("fire", _, _) if matches!(prev_word(tokens, i), Some("is" | "so" | "was" | "are" | "straight" | "pure" | "lowkey" | "literally" | "absolutely")) => Some((1, 2.2)),
                ("feu", _, _) if prev_word(tokens, i) == Some("le") && i >= 2 && matches!(prev_word(tokens, i - 1), Some("est" | "etait")) => Some((1, 2.2)),
                // Slang praise: "ce casque est une tuerie", "une vraie tuerie" (a massacre in the news
                // otherwise); "ça déchire" (it rocks; "le sac se déchire" is a tear).
                ("tuerie", _, _) if matches!(prev_word(tokens, i), Some("une" | "vraie" | "grosse")) => Some((1, 2.6)),
                ("dechire" | "dechirent", _, _) if matches!(prev_word(tokens, i), Some("ca" | "ils" | "elles" | "vous" | "tu")) || i > 0 && tokens[i - 1].norm == "c" => Some((1, 2.5)),
                // Worse than.
                ("moins", Some("bien"), _) => Some((2, -1.2)),
                // Praise and warnings in a few words.
                ("chapeau", Some("bas"), _) => Some((2, 2.2)),
                ("regret", Some("nothing"), _) => Some((2, 2.0)),
                ("merci" | "thanks", Some("pour" | "for"), Some("rien" | "nothing")) => Some((3, -2.0)),
                ("above", Some("and"), Some("beyond")) => Some((3, 2.2)),
                ("stay", Some("away"), _) => Some((2, -2.0)),
                ("passer", _, _) if prev_word(tokens, i) == Some("en") && tokens[i.saturating_sub(4)..i].iter().any(|t| matches!(t.norm.as_str(), "plus" | "pas")) => Some((1, 2.0)), // "je peux plus m'en passer"
                ("live", Some("without"), _) if negated(tokens, facts, i, lang) => Some((2, 2.0)),
                ("changer", _, _) if prev_word(tokens, i) == Some("game") => Some((1, 2.0)),
                ("eviter", _, _) if prev_word(tokens, i) == Some("a") => Some((1, -2.0)),
                // A customer lost.
                ("never", Some("again"), _) | ("plus", Some("jamais"), _) | ("jamais", Some("plus"), _) => Some((2, -2.0)),
                _ => None,
            };
            if let Some((len, v)) = phrase {
                skip_until = set_phrase(&mut r, &mut vals, text, tokens, i, len, v);
                continue;
            }
            // "won't buy again", "not ordering from there again": a customer lost; "would buy
            // again": one kept.
            if w == "again" {
                let clause = tokens[..i].iter().rev().take_while(|t| !is_clause_break(t)).take(6).count();
                let verb = (i - clause..i).rev().find(|&k| tokens[k].kind == Kind::Word && facts[k].has(facts::PATRONAGE));
                if let Some(k) = verb {
                    let v = if negated(tokens, facts, k, lang) { -2.0 } else { 1.5 };
                    vals.push((k, v, EvidenceKind::Word));
                    r.evidence.push(phrase_evidence(text, tokens, k, i - k + 1));
                    continue;
                }
            }
            // "apart from that" is a preposition; "fell apart", "coming apart" a defect.
            if w == "apart" && next(1) == Some("from") {
                continue;
            }
            // "ça vaut le coup", "vaut vraiment la peine"; negated: "ne vaut pas le prix".
            if matches!(w, "vaut" | "vaux" | "valait" | "valent") {
                let (mut k, mut post_negator, mut boost) = (1, None, 0.0);
                while k <= 3 {
                    match next_facts(k) {
                        Some(n) if n.has(facts::FR_POST_NEGATOR) => post_negator = Some(i + k),
                        Some(n) if booster(n.flags, "fr").is_some_and(|b| b > 0.0) => boost += B_INCR,
                        _ => break,
                    }
                    k += 1;
                }
                if matches!(next(k), Some("le" | "la")) && matches!(next(k + 1), Some("coup" | "peine" | "prix" | "detour")) {
                    let mut v = 1.8 + boost;
                    if let Some(p) = post_negator {
                        r.evidence.push(ev(text, &tokens[p], EvidenceKind::Negation, 0.0));
                    }
                    if post_negator.is_some() || negated(tokens, facts, i, lang) {
                        v *= N_SCALAR;
                        r.negations += 1;
                    }
                    skip_until = set_phrase(&mut r, &mut vals, text, tokens, i, k + 2, v);
                    continue;
                }
            }
            // "like" as a comparison or a wish is not liking: "looks like", "like a", "would like";
            // after a subject, a negator or an adverb it is the verb: "I like the", "don't like this".
            if w == "like" {
                let prev = prev_word(tokens, i);
                let verb = matches!(prev, Some("i" | "we" | "you" | "they" | "really" | "also" | "still" | "totally" | "actually" | "do" | "did" | "does"))
                    || prev != Some("nothing") && i > 0 && facts[i - 1].has(facts::NEGATOR);
                if !verb
                    && (matches!(next(1), Some("a" | "an" | "the" | "this" | "that" | "these" | "those" | "when" | "if"))
                        || matches!(prev, Some("looks" | "look" | "looked" | "feel" | "feels" | "felt" | "seems" | "sounds" | "would" | "i'd" | "just" | "more" | "less")))
                {
                    continue;
                }
            }
        }
        if f.has(facts::WORKS) {
            if negated(tokens, facts, i, lang) || (lang != "en" && next_facts(1).is_some_and(|n| n.has(facts::FR_POST_NEGATOR))) {
                vals.push((i, -1.9, EvidenceKind::Word));
            } else if matches!(prev_word(tokens, i), Some("really" | "actually" | "just" | "truly" | "vraiment")) {
                // "it just works", "this serum really works": praise.
                vals.push((i, 1.5, EvidenceKind::Word));
            }
            continue;
        }
        // "beaucoup trop", "way too" with nothing charged after: an excess ("il chauffe beaucoup trop").
        if f.has(facts::SPECIAL) && matches!(w, "trop" | "too") && !next_charged() && matches!(prev_word(tokens, i), Some("beaucoup" | "way" | "far" | "much")) {
            vals.push((i - 1, -1.2, EvidenceKind::Word));
            r.evidence.push(phrase_evidence(text, tokens, i - 1, 2));
            continue;
        }
        // "super" before an adjective is an intensifier, not a word of its own ("super lent").
        if f.has(facts::SPECIAL) && matches!(w, "super" | "trop" | "so" | "too") && next_charged() {
            continue;
        }
        // A warning opening a clause: "DO NOT book Fairmont Hall", "don't buy this", "n'achetez pas".
        if f.has(facts::PATRONAGE) && warns(tokens, i) {
            vals.push((i, -2.0, EvidenceKind::Word));
            continue;
        }
        // Trouble words the lexicons lack ("zero issues", "no hassle"), negated: good news.
        if f.has(facts::TROUBLE) && f.valence(lang, t.elongated).is_none() && negated(tokens, facts, i, lang) {
            vals.push((i, 1.5, EvidenceKind::Word));
            r.negations += 1;
            continue;
        }
        // Squeezed doubled letters are only worth trying for elongated words ("biien").
        let Some(mut v) = f.valence(lang, t.elongated) else { continue };
        // A booster that is also a word ("bien": "bien content" vs "c'est bien") counts as a word
        // unless a charged word follows it.
        // Before a negator it intensifies the negation ("absolument pas", "really not").
        let boosts_next = booster(f.flags, lang).is_some() && (next_charged() || next_facts(1).is_some_and(|n| n.has(facts::NEGATOR)));
        if v == 0.0 || boosts_next || f.has(facts::NEGATOR) {
            continue;
        }
        // Emphasis on the word itself.
        if t.caps && caps_differential {
            v += C_INCR * v.signum();
        }
        if t.elongated {
            v += B_INCR * v.signum();
        }
        // Intensifiers / diminishers in the three words before, decaying with distance.
        let mut back = 0;
        let mut j = i;
        while j > 0 && back < 3 {
            j -= 1;
            let p = &tokens[j];
            if is_clause_break(p) {
                break;
            }
            if p.kind != Kind::Word {
                continue;
            }
            back += 1;
            let pw = p.norm.as_str();
            // "un peu", "a bit", "kind of": the diminisher is the pair.
            let b = booster(facts[j].flags, lang).filter(|_| !(pw == "bien" && lang == "fr" && back > 1));
            if let Some(b) = b {
                let scale = [1.0, 0.95, 0.9][back - 1];
                let b = if p.caps && caps_differential { b + C_INCR * b.signum() } else { b };
                v += b * scale * v.signum();
                r.evidence.push(ev(text, p, EvidenceKind::Intensifier, 0.0));
            }
        }
        // Negation: three words back in the clause, or French "pas/jamais/plus" right after.
        let mut neg = negated(tokens, facts, i, lang);
        if !neg && lang != "en" {
            if let Some(n) = next_facts(1) {
                neg = n.has(facts::FR_POST_NEGATOR);
                if neg {
                    if let Some(nt) = tokens.get(i + 1) {
                        r.evidence.push(ev(text, nt, EvidenceKind::Negation, 0.0));
                    }
                }
            }
        }
        if neg && negation_intensifies(tokens, i, w) {
            // "couldn't be happier", "can't recommend it enough", "never been so disappointed":
            // the negation says "more than ever", it does not flip.
            v *= 1.5;
        } else if neg && f.has(facts::TROUBLE) {
            // "never had a single problem", "aucun souci", "never disappoints": plainly good news,
            // not the weak positive a flipped negative word gets.
            v = 1.5;
            r.negations += 1;
        } else if neg {
            v *= N_SCALAR;
            r.negations += 1;
        }
        vals.push((i, v, EvidenceKind::Word));
    }

    // Contrast: before it weighs half, after it 1.5x.
    let mut sum = 0.0f32;
    for &(i, v, kind) in &vals {
        let v = match contrast_at {
            Some(c) if i < c => v * 0.5,
            Some(c) if i > c => v * 1.5,
            _ => v,
        };
        let t = &tokens[i];
        // A phrase already has its evidence entry (weight NaN as a marker): fill it.
        if let Some(e) = r.evidence.iter_mut().find(|e| e.start == t.start && e.weight.is_nan()) {
            e.weight = v;
        } else {
            r.evidence.push(ev(text, t, kind, v));
        }
        sum += v;
        if v > 0.0 {
            r.pos += v;
        } else {
            r.neg += v;
        }
    }
    // Negation markers as evidence (only those that applied).
    for i in 0..tokens.len() {
        if tokens[i].kind == Kind::Word && facts[i].has(facts::NEGATOR) && vals.iter().any(|&(j, _, _)| j > i && j <= i + 4 && negated(tokens, facts, j, lang)) {
            r.evidence.push(ev(text, &tokens[i], EvidenceKind::Negation, 0.0));
        }
    }
    // Exclamations amplify whatever the post says (at most 4 count, as in VADER).
    if sum != 0.0 && r.exclamations > 0 {
        let amp = r.exclamations.min(4) as f32 * 0.292;
        sum += amp * sum.signum();
        if let Some(t) = tokens.iter().find(|t| t.kind == Kind::Punct && t.norm.contains('!')) {
            r.evidence.push(ev(text, t, EvidenceKind::Emphasis, amp * sum.signum()));
        }
    }
    // A question reports less than a statement: "is it good?" is not praise.
    let ends_question = tokens.iter().rev().find(|t| t.kind != Kind::Emoji && t.kind != Kind::Url && t.kind != Kind::Hashtag && t.kind != Kind::Mention)
        .is_some_and(|t| t.kind == Kind::Punct && t.norm.contains('?'));
    if ends_question && r.exclamations == 0 {
        sum *= 0.6;
    }
    r.sum = sum;
    r.compound = normalise(sum);
    r.evidence.retain(|e| !e.weight.is_nan());
    r.evidence.sort_by_key(|e| e.start);
    r.evidence.dedup_by(|a, b| a.start == b.start && a.kind == b.kind);
    r
}

/// VADER's normalisation of a valence sum into (-1, 1).
pub fn normalise(sum: f32) -> f32 {
    sum / (sum * sum + 15.0).sqrt()
}

/// A rating at number token `i`: "8/10", "4/5" (out of 5, 10, 20 or 100, not a date such as
/// "1/10/2024"), or "5 stars", "1 étoile" (out of 5). The valence and the tokens it spans.
fn rating(tokens: &[Token], i: usize) -> Option<(f32, usize)> {
    let n: f32 = tokens[i].norm.parse().ok()?;
    let is = |k: usize, kind: Kind, norm: &str| tokens.get(k).is_some_and(|t| t.kind == kind && t.norm == norm);
    let after_slash = i >= 1 && is(i - 1, Kind::Punct, "/");
    if !after_slash && is(i + 1, Kind::Punct, "/") && !is(i + 3, Kind::Punct, "/") {
        let out_of: f32 = tokens.get(i + 2).filter(|t| t.kind == Kind::Number)?.norm.parse().ok()?;
        return (matches!(out_of as u32, 5 | 10 | 20 | 100) && out_of.fract() == 0.0 && n <= out_of).then_some(((n / out_of - 0.5) * 6.0, 3));
    }
    let unit = tokens.get(i + 1).filter(|t| t.kind == Kind::Word).map(|t| t.norm.as_str());
    (matches!(unit, Some("star" | "stars" | "etoile" | "etoiles")) && n <= 5.0).then_some(((n - 3.0) * 1.2, 2))
}

/// The word before token `i`, when it is a word.
fn prev_word(tokens: &[Token], i: usize) -> Option<&str> {
    i.checked_sub(1).and_then(|k| tokens.get(k)).filter(|t| t.kind == Kind::Word).map(|t| t.norm.as_str())
}

/// Whether the verb at `i` is told not to be done, at the start of a clause: "do not book",
/// "don't buy", "never buy", "n'achetez pas".
fn warns(tokens: &[Token], i: usize) -> bool {
    let word = |k: usize| tokens.get(k).filter(|t| t.kind == Kind::Word).map(|t| t.norm.as_str());
    let opens = |k: usize| k == 0 || is_clause_break(&tokens[k - 1]);
    match (i.checked_sub(2).and_then(word), i.checked_sub(1).and_then(word)) {
        (Some("do"), Some("not")) => opens(i - 2),
        (_, Some("don't" | "dont" | "never")) => opens(i - 1),
        (_, Some("n")) => opens(i - 1) && word(i + 1) == Some("pas"),
        _ => false,
    }
}

/// Trouble words whose negation is praise ("no issues", "pas de souci", "sans aucun bug").
pub(super) fn is_trouble(w: &str) -> bool {
    matches!(
        w,
        "problem" | "problems" | "issue" | "issues" | "complaint" | "complaints" | "regret" | "regrets"
            | "disappoint" | "disappoints" | "disappointed" | "hassle" | "trouble" | "bug" | "bugs"
            | "souci" | "soucis" | "probleme" | "problemes" | "regrette" | "panne" | "pannes"
            | "decoit" | "decu" | "decue" | "decus" | "decues" | "plainte"
    )
}

/// Verbs of coming back as a customer ("buy again", "never ordering from there again").
pub(super) fn is_patronage_verb(w: &str) -> bool {
    matches!(
        w,
        "buy" | "buying" | "order" | "ordering" | "book" | "booking" | "use" | "using" | "come" | "coming"
            | "go" | "going" | "shop" | "shopping" | "fly" | "flying" | "stay" | "staying" | "eat" | "eating"
            | "purchase" | "purchasing" | "achetez" | "commandez" | "reservez" | "prenez" | "allez"
    )
}

/// Idioms where a negation intensifies instead of flipping: "couldn't be happier", "can't be
/// better", "can't recommend it enough", "cannot thank them enough", "never been so happy",
/// "jamais été aussi déçu".
fn negation_intensifies(tokens: &[Token], i: usize, w: &str) -> bool {
    let word = |k: usize| tokens.get(k).filter(|t| t.kind == Kind::Word).map(|t| t.norm.as_str());
    let modal = |x: Option<&str>| matches!(x, Some("couldn't" | "couldnt" | "can't" | "cant" | "cannot"));
    // "never been so happy", "jamais été aussi douce", "never had a better one": a record, not a
    // negation.
    let never = (1..=4).any(|k| i >= k && matches!(word(i - k), Some("never" | "jamais")));
    // The word before, past an article ("such a bad", "un si bon").
    let before = (1..=2).filter(|&k| i >= k).map(|k| word(i - k)).find(|x| !x.is_some_and(is_determiner)).flatten();
    if never && (matches!(before, Some("so" | "this" | "as" | "more" | "such" | "aussi" | "si" | "autant" | "plus" | "pareil")) || w.ends_with("est") && w.len() > 5) {
        return true;
    }
    // "can't say enough good things", "can't get enough of this".
    if (1..=3).any(|k| i >= k && word(i - k) == Some("enough")) && (2..=5).any(|k| i >= k && modal(word(i - k))) {
        return true;
    }
    if matches!(w, "happier" | "better") && i >= 2 && word(i - 1) == Some("be") {
        return modal(word(i - 2)) || i >= 3 && word(i - 2) == Some("not") && matches!(word(i - 3), Some("could" | "can"));
    }
    if matches!(w, "recommend" | "thank" | "thanks" | "praise" | "love") && i >= 1 {
        let after = tokens[i + 1..].iter().take(4).take_while(|t| !is_clause_break(t));
        let modal_before = (1..=2).any(|k| i >= k && modal(word(i - k)));
        return modal_before && after.into_iter().any(|t| t.norm == "enough");
    }
    false
}

/// Articles and quantifiers do not count in a negation's reach: "never had a single problem",
/// "pas le moindre souci".
pub(super) fn is_determiner(w: &str) -> bool {
    matches!(
        w,
        "a" | "an" | "the" | "any" | "single" | "one" | "un" | "une" | "le" | "la" | "les" | "l" | "du" | "des" | "de" | "d"
            | "seul" | "seule" | "moindre"
    )
}

/// Whether the word at `i` is under a negation: a negator within the three words before, in the
/// same clause (stops at punctuation and contrast words); articles and quantifiers do not count.
fn negated(tokens: &[Token], facts: &[Facts], i: usize, lang: &str) -> bool {
    let mut back = 0;
    let mut j = i;
    while j > 0 && back < 3 {
        j -= 1;
        let p = &tokens[j];
        if is_clause_break(p) || (p.kind == Kind::Word && facts[j].has(facts::CONTRAST)) {
            return false;
        }
        if p.kind != Kind::Word || facts[j].has(facts::DETERMINER) {
            continue;
        }
        back += 1;
        let w = p.norm.as_str();
        if facts[j].has(facts::NEGATOR) {
            // The other language's negators do not negate ("pas" in an English post).
            if lang == "en" && matches!(w, "ne" | "n" | "pas" | "rien" | "sans" | "ni" | "point")
                || lang == "fr" && matches!(w, "no" | "not" | "never" | "none" | "nothing")
            {
                continue;
            }
            // "no doubt", "not only": no negation.
            let n = tokens.get(j + 1).map(|t| t.norm.as_str());
            let nn = tokens.get(j + 2).map(|t| t.norm.as_str());
            if matches!((w, n), ("not", Some("only")) | ("no", Some("doubt")) | ("sans", Some("doute")))
                || (w, n, nn) == ("not", Some("gonna"), Some("lie"))
            {
                return false;
            }
            return true;
        }
        // "plus" negates only with a "ne" before it ("ne marche plus"); otherwise it means more.
        if w == "plus" && tokens[..j].iter().rev().take(3).any(|t| t.norm == "ne" || t.norm == "n") {
            return true;
        }
    }
    false
}

/// Records a set phrase of `len` tokens from `i` worth `v` (its evidence spans the phrase); returns
/// the token where reading resumes.
fn set_phrase(r: &mut Rules, vals: &mut Vec<(usize, f32, EvidenceKind)>, text: &str, tokens: &[Token], i: usize, len: usize, v: f32) -> usize {
    vals.push((i, v, EvidenceKind::Word));
    r.evidence.push(phrase_evidence(text, tokens, i, len));
    i + len
}

/// Evidence for a set phrase of `len` tokens from `i`; its weight is NaN until the contribution
/// (after contrast) is known, which marks it as the entry to fill rather than duplicate.
fn phrase_evidence(text: &str, tokens: &[Token], i: usize, len: usize) -> Evidence {
    let start = tokens[i].start;
    let end = tokens[(i + len - 1).min(tokens.len() - 1)].end;
    Evidence {
        kind: EvidenceKind::Word,
        text: text.get(start..end).unwrap_or_default().to_string(),
        start,
        end,
        weight: f32::NAN,
    }
}

fn ev(text: &str, t: &Token, kind: EvidenceKind, weight: f32) -> Evidence {
    Evidence {
        kind,
        text: text.get(t.start..t.end).unwrap_or_default().to_string(),
        start: t.start,
        end: t.end,
        weight,
    }
}

#[cfg(test)]
mod tests {
    use super::super::tokens::tokenize;
    use super::score;

    fn c(text: &str, lang: &str) -> f32 {
        score(text, &tokenize(text), lang).compound
    }

    #[test]
    fn french_negation_in_all_its_forms() {
        assert!(c("j'aime", "fr") > 0.2);
        assert!(c("je n'aime pas", "fr") < -0.2);
        assert!(c("j'aime pas", "fr") < -0.2); // bare "pas" after the verb
        assert!(c("c'est pas bien", "fr") < -0.1);
        assert!(c("ce n'est jamais bon", "fr") < 0.0);
        assert!(c("ça ne marche plus", "fr") < -0.2);
        assert!(c("ça marche pas", "fr") < -0.2);
        assert!(c("c'est pas mal", "fr") > 0.2);
        assert!(c("pas terrible", "fr") < -0.2);
        assert_eq!(c("pas mal de monde", "fr"), 0.0);
        assert!(c("encore plus beau", "fr") > 0.2); // "plus" without "ne" means more
        assert!(c("sans problème", "fr") > 0.0);
    }

    #[test]
    fn english_negation_intensity_emphasis_contrast() {
        assert!(c("I don't like it", "en") < -0.2);
        assert!(c("not bad", "en") > 0.2);
        assert!(c("never happy", "en") < 0.0);
        assert!(c("It doesn't work", "en") < -0.2);
        assert!(c("very good", "en") > c("good", "en"));
        assert!(c("slightly good", "en") < c("good", "en"));
        assert!(c("this is GOOD", "en") > c("this is good", "en"));
        assert!(c("good!!!", "en") > c("good", "en"));
        assert!(c("soooo good", "en") > c("so good", "en") - 0.01);
        assert!(c("nice screen but awful battery", "en") < 0.0);
        assert!(c("awful screen but nice battery", "en") > 0.0);
        assert!(c("is it good?", "en") < c("it is good", "en"));
        assert!(c("love it 😍", "en") > c("love it", "en"));
        assert!(c("ok :(", "en") < 0.0);
    }

    #[test]
    fn customer_feedback_idioms() {
        // Negations that praise, set phrases, ratings.
        assert!(c("Couldn't be happier with it", "en") > 0.2);
        assert!(c("I can't recommend it enough", "en") > 0.2);
        assert!(c("I can't recommend it", "en") < -0.2);
        assert!(c("I don't like the new design", "en") < -0.2); // "like the": the verb here
        assert!(c("it looks like the old one", "en") == 0.0); // a comparison
        assert!(c("Never had a single problem", "en") > 0.1); // articles don't use up the reach
        assert!(c("worth every penny", "en") > 0.3);
        assert!(c("I expected better", "en") < -0.2);
        assert!(c("this serum really works", "en") > 0.2);
        assert!(c("still no refund", "en") < -0.2);
        assert!(c("still not bad", "en") > 0.0);
        assert!(c("not gonna lie, love it", "en") > 0.2);
        assert!(c("not gonna lie love it", "en") > 0.2);
        assert!(c("this hoodie is fire", "en") > 0.2);
        assert!(c("the house caught fire", "en") < 0.0);
        assert!(c("10/10 would buy again", "en") > 0.3);
        assert!(c("2/10", "en") < -0.2);
        assert_eq!(c("on 1/10/2024", "en"), 0.0); // a date
        assert!(c("5 stars", "en") > 0.3);
        assert!(c("1 étoile", "fr") < -0.2);
        assert!(c("ça vaut vraiment le coup", "fr") > 0.2);
        assert!(c("ça ne vaut pas le prix", "fr") < -0.2);
        assert!(c("ça vaut pas le coup", "fr") < -0.2);
        assert!(c("rien à redire", "fr") > 0.2);
        assert!(c("je m'attendais à mieux", "fr") < -0.2);
        assert!(c("je m'attendais à pire", "fr") > 0.2);
        assert!(c("c'est pas donné", "fr") < 0.0);
        assert!(c("il chauffe beaucoup trop", "fr") < -0.2);
        assert!(c("colis toujours pas livré", "fr") < -0.2);
        assert!(c("je ne regrette absolument pas", "fr") > 0.2); // the booster joins the negation
        assert!(c("on se fout de nous", "fr") < -0.2);
        assert!(c("ce café c'est le feu", "fr") > 0.2);
        assert!(c("moins bien que l'ancienne", "fr") < -0.2);
        assert!(c("won't buy again", "en") < -0.2);
        assert!(c("not ordering from there again", "en") < -0.2);
        assert!(c("would buy again", "en") > 0.2);
        assert!(c("I've never been so disappointed", "en") < -0.2); // a record, not a negation
        assert!(c("never been so happy", "en") > 0.2);
        assert!(c("ma peau a jamais été aussi douce", "fr") > 0.2);
        assert!(c("the update didn't fix anything", "en") < -0.2);
        assert!(c("never had a single problem", "en") > 0.25); // trouble negated is good news
        assert!(c("jamais eu un seul souci", "fr") > 0.25);
        assert!(c("never disappoints", "en") > 0.25);
        assert!(c("I've never had such a bad experience", "en") < -0.2);
        assert!(c("been waiting 40 minutes", "en") < -0.2);
        assert!(c("ras le bol des pubs", "fr") < -0.2);
        assert!(c("chapeau bas", "fr") > 0.2);
        assert!(c("je peux plus m'en passer", "fr") > 0.2);
        assert!(c("I can't live without it", "en") > 0.2);
        assert!(c("I regret nothing", "en") > 0.2);
        assert!(c("they went above and beyond", "en") > 0.2);
        assert!(c("a game changer", "en") > 0.2);
        assert!(c("stay away from this seller", "en") < -0.2);
        assert!(c("magasin à éviter", "fr") < -0.2);
        assert!(c("zero issues", "en") > 0.2); // a trouble word the lexicons lack, negated
        assert!(c("can't say enough good things", "en") > 0.2);
        assert!(c("DO NOT book this hall for your wedding", "en") < -0.2);
        assert!(c("n'achetez pas ce modèle", "fr") < -0.2);
        assert!(c("I do not use it every day", "en") == 0.0); // not a warning: no clause start
        assert!(c("merci pour rien", "fr") < -0.2);
    }

    #[test]
    fn evidence_points_at_what_moved_the_score() {
        let text = "Je n'aime pas du tout 😡";
        let r = score(text, &tokenize(text), "fr");
        let kinds: Vec<_> = r.evidence.iter().map(|e| (e.kind, e.text.as_str())).collect();
        use super::super::EvidenceKind::*;
        assert!(kinds.contains(&(Negation, "n'")), "{kinds:?}");
        assert!(kinds.contains(&(Word, "aime")), "{kinds:?}");
        assert!(kinds.contains(&(Emoji, "😡")), "{kinds:?}");
        assert!(r.evidence.iter().all(|e| e.weight.is_finite()));
    }
}
