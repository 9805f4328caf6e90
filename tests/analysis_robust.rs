//! Bad input never panics and always gets an answer in range: property tests over arbitrary
//! strings and bytes (read lossily, as the CLI does), control chars, mixed scripts, huge posts.
use ecoute::analysis::{analyze, tokens::tokenize};
use proptest::prelude::*;

fn check(text: &str) {
    let a = analyze(text);
    assert!(a.score.is_finite() && (-1.0..=1.0).contains(&a.score), "score {} for {text:?}", a.score);
    assert!(a.lang == "und" || a.lang.len() == 2, "lang {}", a.lang);
    let capped = ecoute::limits::cap_text(text, ecoute::limits::MAX_TEXT_BYTES);
    for e in &a.evidence {
        // Evidence spans point into the analysed (capped) text, on char boundaries.
        assert!(e.start <= e.end && e.end <= capped.len(), "{e:?}");
        assert_eq!(capped.get(e.start..e.end), Some(e.text.as_str()), "{e:?}");
    }
    for t in tokenize(capped) {
        assert!(t.start < t.end && capped.is_char_boundary(t.start) && capped.is_char_boundary(t.end));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_string(s in any::<String>()) {
        check(&s);
    }

    #[test]
    fn any_bytes_read_lossily(b in proptest::collection::vec(any::<u8>(), 0..400)) {
        check(&String::from_utf8_lossy(&b));
    }

    #[test]
    fn social_alphabet(s in "([a-zA-Zéèçà' ]|[#@&;!?.:)(<3]|&amp;|&#39;|&#x1F600;|😀|👍🏽|👩‍💻|\u{200D}|\u{FE0F}|🇫|\u{0301}|\u{0000}|\u{001B}|Ж|中|ا){0,80}") {
        check(&s);
    }
}

#[test]
fn huge_and_pathological_posts() {
    check(&"a".repeat(200 * 1024));
    check(&"très bien ".repeat(20_000));
    check(&"😀".repeat(10_000));
    check(&"👩\u{200D}".repeat(10_000));
    check(&"👍🏽".repeat(10_000));
    check(&"!".repeat(100_000));
    check(&"&amp;".repeat(20_000));
    check(&"&#".repeat(20_000));
    check(&"\u{0000}\u{0007}\u{001B}[31m\r\n\t".repeat(1000));
    check("Привет مرحبا 你好 שלום bonjour hello 😀 :) #tag @user https://x.co");
    check(&"\u{FE0F}\u{200D}\u{1F3FB}".repeat(5000));
}
