//! The fast path (`facts` remembered per word, `model::predict_with`) gives exactly what the
//! reference path gives (`model::features` + `Model::probs`, the code the model is trained with):
//! same label, same score to the bit, on every post of the development data when it is beside
//! the project (`../shared/datasets`), on the probes, and on generated social text.
use ecoute::analysis::{facts, lang, model, sentiment, tokens::tokenize};
use proptest::prelude::*;

fn same_either_way(text: &str) {
    let tokens = tokenize(text);
    let lang = lang::identify(text, &tokens);
    let rules = sentiment::score(text, &tokens, lang);
    let reference = model::predict(&tokens, lang, &rules);
    let f = facts::of_tokens(&tokens);
    let fast = model::predict_with(&tokens, &f, lang, &rules);
    assert_eq!(
        (reference.0, reference.1.to_bits()),
        (fast.0, fast.1.to_bits()),
        "fast path differs on {text:?}: {reference:?} vs {fast:?}"
    );
}

fn lines(path: &std::path::Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .map(|s| s.lines().filter(|l| !l.starts_with('#')).map(|l| l.rsplit('\t').next().unwrap_or(l).to_string()).collect())
        .unwrap_or_default()
}

#[test]
fn on_the_probes_and_the_datasets() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut texts = lines(&root.join("tests/probes/feedback.tsv"));
    assert!(texts.len() > 50, "probes missing");
    if let Ok(dir) = std::fs::read_dir(root.join("../shared/datasets")) {
        for e in dir.flatten().filter(|e| e.path().extension().is_some_and(|x| x == "tsv")) {
            texts.extend(lines(&e.path()));
        }
    }
    for t in &texts {
        same_either_way(t);
    }
    // Twice: the second pass reads every word's facts from the memo.
    for t in &texts {
        same_either_way(t);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn on_generated_social_text(s in "([a-zA-Zéèçà' ]|pas|not|n't|ne|mais|but|très|very|super|bien|!|\\?|#|@|&amp;|😀|👍🏽|:\\)|[.,]|http://x.co ){0,60}") {
        same_either_way(&s);
    }
}
