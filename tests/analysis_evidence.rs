//! Issue 13: the evidence explains the label. It names what drove the result, the learned model's
//! strongest features included, and never shows only words pulling the other way.
use ecoute::analysis::{agrees, analyze, EvidenceKind, Label};

fn explained(text: &str) -> ecoute::Analysis {
    let a = analyze(text);
    let label = a.label.expect("analysed");
    assert!(a.evidence.iter().any(|e| agrees(e, label)), "{text}: nothing pulls toward {label:?}: {a:?}");
    a
}

#[test]
fn does_not_feel_spammy() {
    for text in ["does not feel spammy", "Our outreach does not feel spammy"] {
        let a = explained(text);
        assert_eq!(a.label, Some(Label::Positive), "{text}: {a:?}");
        // The negated word is the reason, shown with its flipped weight.
        assert!(a.evidence.iter().any(|e| e.text == "spammy" && e.weight > 0.0), "{a:?}");
        assert!(a.evidence.iter().any(|e| e.kind == EvidenceKind::Negation), "{a:?}");
    }
}

#[test]
fn brioche_phone_2_is_here() {
    let a = explained("Brioche Phone 2 is here…");
    assert_eq!(a.label, Some(Label::Neutral), "{a:?}");
    assert!(!a.evidence.is_empty(), "{a:?}");
    let a = explained("Brioche Phone 2 is here… and it's the one we've been waiting for");
    assert_eq!(a.label, Some(Label::Positive), "{a:?}");
    assert!(a.evidence.iter().any(|e| e.text == "been waiting for" && e.weight > 0.0), "{a:?}");
    // A wait that goes on is still one.
    assert_eq!(analyze("I've been waiting for 2 hours").label, Some(Label::Negative));
}

#[test]
fn the_learned_models_reasons_are_named_in_the_posts_words() {
    let a = explained("happy birthday to my best friend");
    let learned: Vec<&str> = a.evidence.iter().filter(|e| e.kind == EvidenceKind::Learned).map(|e| e.text.as_str()).collect();
    assert!(learned.contains(&"birthday"), "{a:?}");
    let text = "happy birthday to my best friend";
    for e in &a.evidence {
        assert_eq!(&text[e.start..e.end], e.text, "{e:?}");
    }
    // Function words alone are no reason a person understands.
    let a = explained("this update is garbage, refund me");
    assert!(!a.evidence.iter().any(|e| e.kind == EvidenceKind::Learned && e.text == "this"), "{a:?}");
}

/// On every probe post: something in the evidence pulls toward the label.
#[test]
fn never_only_words_pulling_the_other_way() {
    let probes = [include_str!("probes/feedback.tsv"), include_str!("probes/feedback_tuned.tsv"), include_str!("probes/feedback_heldout.tsv")];
    let mut n = 0;
    for line in probes.iter().flat_map(|p| p.lines()).filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let text = line.splitn(4, '\t').nth(3).expect("probe text");
        explained(text);
        n += 1;
    }
    assert!(n > 1400);
}
