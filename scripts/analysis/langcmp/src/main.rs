//! Écoute's language id vs whatlang on the dev files: share of posts identified as the file's
//! language, and microseconds per post (ours includes tokenizing).
use std::time::Instant;

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "../shared/datasets".into());
    println!("| file | Écoute | whatlang | whatlang, reliable only | µs/post Écoute / whatlang |");
    println!("|---|---|---|---|---|");
    let files = [
        ("en_tweets_val", "en", whatlang::Lang::Eng),
        ("en_vader_tweets", "en", whatlang::Lang::Eng),
        ("fr_tweets_val", "fr", whatlang::Lang::Fra),
        ("fr_tweets_train", "fr", whatlang::Lang::Fra),
        ("fr_reviews_dev", "fr", whatlang::Lang::Fra),
    ];
    for (file, want, wl) in files {
        let Ok(data) = std::fs::read_to_string(format!("{dir}/{file}.tsv")) else {
            eprintln!("missing {dir}/{file}.tsv");
            continue;
        };
        let texts: Vec<&str> = data.lines().filter_map(|l| l.split_once('\t').map(|x| x.1)).collect();
        let t = Instant::now();
        let ours = texts
            .iter()
            .filter(|t| ecoute::analysis::lang::identify(t, &ecoute::analysis::tokens::tokenize(t)) == want)
            .count();
        let t1 = t.elapsed();
        let t = Instant::now();
        let theirs = texts.iter().filter(|t| whatlang::detect_lang(t) == Some(wl)).count();
        let t2 = t.elapsed();
        let reliable = texts.iter().filter(|t| whatlang::detect(t).is_some_and(|i| i.lang() == wl && i.is_reliable())).count();
        let n = texts.len() as f64;
        println!(
            "| {file} | {:.3} | {:.3} | {:.3} | {:.1} / {:.1} |",
            ours as f64 / n,
            theirs as f64 / n,
            reliable as f64 / n,
            t1.as_secs_f64() * 1e6 / n,
            t2.as_secs_f64() * 1e6 / n
        );
    }
}
