//! `ecoute tally` on a small NDJSON fixture: distinct counts, watch items keyed by the query as given,
//! bad lines reported with their numbers, and a malformed query refused with its position.
use std::process::Command;

use serde_json::Value;

fn run(args: &[&str]) -> (bool, Value, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ecoute"))
        .arg("tally")
        .args(args)
        .output()
        .expect("ecoute runs");
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let json = serde_json::from_str(&stdout).unwrap_or(Value::Null);
    (out.status.success(), json, String::from_utf8_lossy(&out.stderr).to_string())
}

fn fixture() -> String {
    format!("{}/tests/fixtures/tally.ndjson", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn tallies_distinct_posts_and_watch_items() {
    let f = fixture();
    let (ok, r, stderr) = run(&["--watch", "Décathlon", "--watch", "apple NOT pineapple", "--watch", "#decathlon", &f]);
    assert!(ok, "{stderr}");
    // x:1 twice counts once; three bad lines; the blank line is neither.
    assert_eq!(r["posts"], 6);
    assert_eq!(r["duplicates"], 1);
    assert_eq!(r["bad_lines"], 3);
    for n in [6, 7, 11] {
        assert!(stderr.contains(&format!("line {n}:")), "line {n} reported: {stderr}");
    }
    let w = &r["watch"];
    // Keyed by each query exactly as given; accents and case folded; hashtags as such.
    assert_eq!(w["Décathlon"]["mentions"], 3);
    assert_eq!(w["apple NOT pineapple"]["mentions"], 2);
    assert_eq!(w["#decathlon"]["mentions"], 1);
    let d = &w["Décathlon"];
    let split = ["positive", "negative", "neutral"].iter().map(|k| d[k].as_u64().unwrap()).sum::<u64>();
    assert_eq!(split, 3);
    assert!(d["net_sentiment"].as_f64().unwrap().abs() <= 1.0);
    assert_eq!(d["by_hour"]["2025-02-10T09"]["mentions"], 2);
    assert_eq!(d["by_hour"]["2025-02-10T10"]["mentions"], 1);
    assert_eq!(r["by_day"]["2025-02-10"]["posts"], 6);
    // Top authors by engagement, with the largest follower count seen and its tier.
    assert_eq!(r["authors"][0]["handle"], "frank");
    assert_eq!(r["authors"][0]["tier"], "mega");
    assert_eq!(r["authors"][1]["max_followers"], 12500);
    assert!(r["trends"]["top_terms"].as_array().unwrap().iter().any(|t| t["term"] == "velo"));
}

#[test]
fn a_malformed_query_is_refused_with_its_position() {
    let (ok, _, stderr) = run(&["--watch", "apple AND", &fixture()]);
    assert!(!ok);
    assert!(stderr.contains("at position 7: AND needs a term on its right"), "{stderr}");
    let (ok, _, stderr) = run(&[]);
    assert!(!ok && stderr.contains("usage"));
}

#[test]
fn reads_stdin_and_limits_top_authors() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_ecoute"))
        .args(["tally", "--top", "2", "--watch=#decathlon", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("ecoute runs");
    let input = std::fs::read(fixture()).unwrap();
    child.stdin.take().unwrap().write_all(&input).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["posts"], 6);
    assert_eq!(r["authors"].as_array().unwrap().len(), 2);
    assert_eq!(r["watch"]["#decathlon"]["mentions"], 1);
    assert_eq!(r["watch"]["#decathlon"]["by_site"]["mastodon"], 1);
}

#[test]
fn an_endless_line_is_a_bad_line_not_a_crash() {
    let dir = std::env::temp_dir().join(format!("ecoute-tally-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("long.ndjson");
    let mut text = String::from("{\"site\":\"x\",\"id\":\"1\",\"text\":\"ok\"}\n");
    text.push_str(&"x".repeat(3 << 20));
    text.push_str("\n{\"site\":\"x\",\"id\":\"2\",\"text\":\"ok\"}");
    std::fs::write(&path, text).unwrap();
    let (ok, r, stderr) = run(&[path.to_str().unwrap()]);
    std::fs::remove_dir_all(&dir).ok();
    assert!(ok, "{stderr}");
    assert_eq!(r["posts"], 2, "the lines around it, the last without a newline, are read");
    assert_eq!(r["bad_lines"], 1);
    assert!(stderr.contains("line 2: longer than"), "{stderr}");
}

#[test]
fn a_post_dated_in_the_future_does_not_move_the_clock() {
    let dir = std::env::temp_dir().join(format!("ecoute-tally-future-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("future.ndjson");
    let text = [
        r#"{"site":"x","id":"1","text":"ok","time":"2025-02-10T09:00:00Z"}"#,
        r#"{"site":"x","id":"2","text":"ok","time":"9999-12-31T09:00:00Z"}"#,
        r#"{"site":"x","id":"3","text":"ok"}"#,
    ]
    .join("\n");
    std::fs::write(&path, text).unwrap();
    let (ok, r, stderr) = run(&[path.to_str().unwrap()]);
    std::fs::remove_dir_all(&dir).ok();
    assert!(ok, "{stderr}");
    assert_eq!(r["posts"], 3);
    let days: Vec<&String> = r["by_day"].as_object().unwrap().keys().collect();
    assert!(days.iter().all(|d| d.as_str() < "9999"), "{days:?}");
    assert_eq!(r["by_day"]["2025-02-10"]["posts"], 1);
}

/// `--watch` reads queries with the extension's grammar (src/watch/query.rs, through the engine's
/// watchlist): the README's example excludes promo posts from both sides of its OR, French operators
/// mean the English ones, a lowercase "et" is a word, NEAR/n and wildcards work, errors name the
/// operator as written.
#[test]
fn watch_queries_are_read_with_the_extensions_grammar() {
    let posts = [
        "Brioche Phone 2 is here",
        "Code promo BRIOCHE20 sur le #BriochePhone",
        "#BriochePhone : la batterie se recharge en une heure",
        "Brioche Phone en promo chez Fnac",
        "pain et chocolat",
        "pain au chocolat",
    ];
    let input: String = posts
        .iter()
        .enumerate()
        .map(|(i, text)| format!("{}\n", serde_json::json!({"site": "x", "id": i.to_string(), "text": text, "time": "2025-02-10T09:00:00Z"})))
        .collect();
    let readme = "\"Brioche Phone\" OR #BriochePhone NOT promo";
    let french = "\"Brioche Phone\" OU #BriochePhone SAUF promo";
    let queries = [readme, french, "brioche ET NON promo", "pain et chocolat", "batterie NEAR/2 #briochephone", "recharg*"];
    let mut child = Command::new(env!("CARGO_BIN_EXE_ecoute"))
        .arg("tally")
        .args(queries.iter().flat_map(|q| ["--watch", q]))
        .arg("-")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("ecoute runs");
    use std::io::Write;
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mentions = |q: &str| r["watch"][q]["mentions"].as_u64();
    assert_eq!(mentions(readme), Some(2), "posts 0 and 2, not the promo posts 1 and 3");
    assert_eq!(mentions(french), Some(2));
    assert_eq!(mentions("brioche ET NON promo"), Some(1));
    assert_eq!(mentions("pain et chocolat"), Some(1));
    assert_eq!(mentions("batterie NEAR/2 #briochephone"), Some(1));
    assert_eq!(mentions("recharg*"), Some(1));

    let (ok, _, stderr) = run(&["--watch", "brioche OU", &fixture()]);
    assert!(!ok);
    assert!(stderr.contains("at position 9: OU needs a term on its right"), "{stderr}");
    let (ok, _, stderr) = run(&["--watch", "re*", &fixture()]);
    assert!(!ok && stderr.contains("put at least 3 letters before the `*`"), "{stderr}");
}

/// The extension's posts export (NDJSON: a header, then one `post` record a line) is read as it is:
/// its posts are tallied, its other records passed over and said so, its header is no error.
#[test]
fn reads_the_extensions_own_posts_export() {
    let export = [
        r#"{"type":"header","format":"ecoute-export","version":1,"source":"i1","exported_at":0,"filter":{}}"#,
        r#"{"type":"tally","day":"2026-03-29","total":{"posts":2}}"#,
        r#"{"type":"post","site":"x","id":"1","text":"J'adore la Brioche Phone","author":{"handle":"a"},"time":"2026-03-29T00:30:00.000+01:00","label":"positive","first_seen":"2026-03-29T10:00:00.000+02:00"}"#,
        r#"{"type":"post","site":"x","id":"2","text":"La Brioche Phone chauffe","author":{"handle":"b"},"time":"2026-03-29T03:30:00.000+02:00"}"#,
    ]
    .join("\n");
    let path = std::env::temp_dir().join(format!("ecoute-export-{}.ndjson", std::process::id()));
    std::fs::write(&path, export).unwrap();
    let (ok, r, stderr) = run(&["--watch", "\"Brioche Phone\"", path.to_str().unwrap()]);
    std::fs::remove_file(&path).ok();
    assert!(ok, "{stderr}");
    assert_eq!(r["posts"], 2);
    assert_eq!(r["bad_lines"], 0, "{stderr}");
    assert_eq!(r["watch"]["\"Brioche Phone\""]["mentions"], 2);
    assert!(stderr.contains("2 export record(s) that are not posts passed over"), "{stderr}");
}
