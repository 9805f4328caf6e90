//! Customer-feedback probes (tests/probes/feedback.tsv, FR+EN: likes, dislikes, requests,
//! questions, negation, contrast): the analysis must get >= 90% of sentiments, >= 85% of intents
//! and >= 95% of languages right. Failures are printed so a regression names its probes.
use ecoute::analysis::{analyze, Intent, Label};

fn label(s: &str) -> Label {
    match s {
        "pos" => Label::Positive,
        "neg" => Label::Negative,
        _ => Label::Neutral,
    }
}

fn intent(s: &str) -> Intent {
    match s {
        "praise" => Intent::Praise,
        "complaint" => Intent::Complaint,
        "request" => Intent::Request,
        "question" => Intent::Question,
        _ => Intent::None,
    }
}

#[test]
fn feedback_probes_meet_the_bar() {
    let data = include_str!("probes/feedback.tsv");
    let (mut n, mut sent, mut int, mut lang) = (0, 0, 0, 0);
    let mut misses = Vec::new();
    for line in data.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let cols: Vec<&str> = line.splitn(4, '\t').collect();
        assert_eq!(cols.len(), 4, "malformed probe: {line}");
        let a = analyze(cols[3]);
        n += 1;
        let (s_ok, i_ok, l_ok) = (a.label == label(cols[0]), a.intent == intent(cols[1]), a.lang == cols[2]);
        sent += s_ok as u32;
        int += i_ok as u32;
        lang += l_ok as u32;
        if !(s_ok && i_ok && l_ok) {
            misses.push(format!("{:?}/{:?}/{} (score {:.2}) for {line}", a.label, a.intent, a.lang, a.score));
        }
    }
    let pct = |k: u32| k as f64 / n as f64;
    eprintln!("probes: {n}, sentiment {:.3}, intent {:.3}, lang {:.3}", pct(sent), pct(int), pct(lang));
    for m in &misses {
        eprintln!("  miss: {m}");
    }
    assert!(n >= 60, "too few probes: {n}");
    assert!(pct(sent) >= 0.90, "sentiment {:.3} < 0.90", pct(sent));
    assert!(pct(int) >= 0.85, "intent {:.3} < 0.85", pct(int));
    assert!(pct(lang) >= 0.95, "language {:.3} < 0.95", pct(lang));
}

#[test]
fn negation_and_contrast_read_right_in_both_languages() {
    let cases = [
        ("j'aime pas", Label::Negative),
        ("je n'aime pas du tout", Label::Negative),
        ("c'est pas mal", Label::Positive),
        ("I don't like it", Label::Negative),
        ("not bad at all", Label::Positive),
        ("The screen is nice but the battery is terrible", Label::Negative),
        ("L'écran est moche mais la batterie est géniale", Label::Positive),
    ];
    for (text, want) in cases {
        let a = analyze(text);
        assert_eq!(a.label, want, "{text}: {a:?}");
    }
    // The evidence names the negation that applied.
    let a = analyze("je n'aime pas du tout");
    assert!(a.evidence.iter().any(|e| e.kind == ecoute::analysis::EvidenceKind::Negation), "{a:?}");
    assert!(a.evidence.iter().any(|e| e.text == "aime" && e.weight < 0.0), "{a:?}");
}
