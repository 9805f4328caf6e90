//! Issue 13: product talk's own words are not sentiment; French slang praise is.
use ecoute::analysis::{analyze, Analysis, EvidenceKind, Label};

/// The lexicon's and the rules' charged words (the learned model's reasons may name a domain word:
/// "shares" pulls toward neutral, as news does).
fn evidence_words(a: &Analysis) -> Vec<String> {
    a.evidence.iter().filter(|e| e.kind == EvidenceKind::Word && e.weight != 0.0).map(|e| e.text.to_lowercase()).collect()
}

/// No charged evidence item names `word`.
fn neutral_word(text: &str, word: &str) -> Analysis {
    let a = analyze(text);
    assert!(a.label.is_some(), "{text}: {a:?}");
    assert!(!evidence_words(&a).iter().any(|e| e.contains(word)), "{text}: {word} read as sentiment: {a:?}");
    a
}

#[test]
fn noise_reduction_is_a_feature() {
    let a = neutral_word("réduction de bruit impressionnante", "réduction");
    assert_eq!(a.label, Some(Label::Positive), "{a:?}");
    // Once read as a loss (-1.0): now nothing negative in it.
    let a = neutral_word("La réduction de bruit se règle dans l'appli", "réduction");
    assert_ne!(a.label, Some(Label::Negative), "{a:?}");
}

#[test]
fn a_brake_is_a_part() {
    let a = neutral_word("J'ai changé le câble de frein ce matin", "frein");
    assert_eq!(a.label, Some(Label::Neutral), "{a:?}");
    let a = neutral_word("Les freins à disque sont livrés avec le vélo", "frein");
    assert_eq!(a.label, Some(Label::Neutral), "{a:?}");
}

#[test]
fn shares_and_charge_are_reported_not_felt() {
    let a = neutral_word("Brioche shares rose 4% after the earnings call", "shares");
    assert_eq!(a.label, Some(Label::Neutral), "{a:?}");
    let a = neutral_word("It takes a full charge in about two hours", "charge");
    assert_eq!(a.label, Some(Label::Neutral), "{a:?}");
    let a = neutral_word("La charge prend deux heures avec le bloc fourni", "charge");
    assert_eq!(a.label, Some(Label::Neutral), "{a:?}");
}

#[test]
fn a_socket_is_a_socket() {
    let a = neutral_word("La prise USB-C est sur le côté", "prise");
    assert_eq!(a.label, Some(Label::Neutral), "{a:?}");
}

#[test]
fn french_slang_praise() {
    for text in ["Ce casque est une tuerie", "Franchement c'est une dinguerie ce téléphone", "Ça déchire, ce nouveau vélo"] {
        let a = analyze(text);
        assert_eq!((a.label, a.lang.as_str()), (Some(Label::Positive), "fr"), "{text}: {a:?}");
        assert!(a.evidence.iter().any(|e| e.weight > 0.0), "{text}: {a:?}");
    }
    // The words keep their own meaning elsewhere.
    let a = analyze("Le sac se déchire au bout d'une semaine");
    assert_ne!(a.label, Some(Label::Positive), "{a:?}");
    let a = analyze("Une tuerie dans un lycée ce matin, deux blessés");
    assert_ne!(a.label, Some(Label::Positive), "{a:?}");
}
