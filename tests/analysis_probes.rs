//! Customer-feedback probes (tests/probes/*.tsv, FR+EN: likes, dislikes, requests, questions,
//! neutral statements, negation, contrast): feedback.tsv must meet the bar (>= 90% of
//! sentiments, >= 85% of intents, >= 95% of languages); the tuned and held-out sets must not
//! regress. Failures are printed so a regression names its probes.
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

/// Share of probes read right: (probes, sentiment, intent, language). Misses are printed.
fn measure(name: &str, data: &str) -> (usize, f64, f64, f64) {
    let (mut n, mut sent, mut int, mut lang) = (0, 0, 0, 0);
    let mut misses = Vec::new();
    for line in data.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let cols: Vec<&str> = line.splitn(4, '\t').collect();
        assert_eq!(cols.len(), 4, "malformed probe: {line}");
        let a = analyze(cols[3]);
        n += 1;
        let (s_ok, i_ok, l_ok) = (a.label == Some(label(cols[0])), a.intent == Some(intent(cols[1])), a.lang == cols[2]);
        sent += s_ok as u32;
        int += i_ok as u32;
        lang += l_ok as u32;
        if !(s_ok && i_ok && l_ok) {
            misses.push(format!("{:?}/{:?}/{} (score {:.2}) for {line}", a.label, a.intent, a.lang, a.score));
        }
    }
    let pct = |k: u32| k as f64 / n as f64;
    eprintln!("{name}: {n} probes, sentiment {:.3}, intent {:.3}, lang {:.3}", pct(sent), pct(int), pct(lang));
    for m in &misses {
        eprintln!("  miss: {m}");
    }
    (n, pct(sent), pct(int), pct(lang))
}

/// What a probe set must read: at least `n` probes, and these shares (sentiment, intent, language).
struct Bar {
    n: usize,
    sentiment: f64,
    intent: f64,
    language: f64,
}

fn check(name: &str, data: &str, bar: Bar) {
    let (n, sent, int, lang) = measure(name, data);
    assert!(n >= bar.n, "{name}: too few probes: {n}");
    assert!(sent >= bar.sentiment, "{name}: sentiment {sent:.3} < {}", bar.sentiment);
    assert!(int >= bar.intent, "{name}: intent {int:.3} < {}", bar.intent);
    assert!(lang >= bar.language, "{name}: language {lang:.3} < {}", bar.language);
}

/// The bar.
#[test]
fn feedback_probes_meet_the_bar() {
    check("feedback.tsv", include_str!("probes/feedback.tsv"), Bar { n: 60, sentiment: 0.90, intent: 0.85, language: 0.95 });
}

/// The probes the third session's rules were tuned on (QUALITY.md): kept about where they reached
/// (0.887 / 0.885), so that a retrained model may move a probe or two but a broken rule fails.
#[test]
fn tuned_probes_stay_read() {
    check("feedback_tuned.tsv", include_str!("probes/feedback_tuned.tsv"), Bar { n: 1200, sentiment: 0.86, intent: 0.86, language: 0.95 });
}

/// Probes written blind and never tuned on: the honest figure is printed (QUALITY.md records it,
/// 0.785 / 0.790); the floor only catches a regression.
#[test]
fn held_out_probes_do_not_regress() {
    check("feedback_heldout.tsv", include_str!("probes/feedback_heldout.tsv"), Bar { n: 200, sentiment: 0.75, intent: 0.75, language: 0.95 });
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
        assert_eq!(a.label, Some(want), "{text}: {a:?}");
    }
    // The evidence names the negation that applied.
    let a = analyze("je n'aime pas du tout");
    assert!(a.evidence.iter().any(|e| e.kind == ecoute::analysis::EvidenceKind::Negation), "{a:?}");
    assert!(a.evidence.iter().any(|e| e.text == "aime" && e.weight < 0.0), "{a:?}");
}
