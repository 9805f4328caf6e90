//! The CLI reads what the extension writes (issue 15, researchers): exports made by the real engine, as
//! the extension's background makes them, read back by `ecoute tally`, `ecoute classify` and pooled by
//! `ecoute merge`; then read by DuckDB and pandas (tests/python/research.py) when Python is at hand.
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use ecoute::engine::MemoryStore;
use ecoute::export::{export, Dataset, ExportRequest, Format};
use ecoute::store::kept::fold;
use ecoute::watch::WatchItem;
use ecoute::Post;
use serde_json::{json, Value};

const NOW: i64 = 1_739_196_187_000; // 2025-02-10T14:03:07Z

fn post(site: &str, id: &str, handle: &str, text: &str, hour: u32) -> Post {
    let mut p = Post { site: site.into(), id: id.into(), text: text.into(), ..Default::default() };
    p.author.handle = handle.into();
    p.time = Some(format!("2025-02-10T{hour:02}:15:00Z"));
    p.metrics.likes = Some(3);
    p
}

/// The posts of the whole team: each person saw some of them (overlapping).
fn team_posts() -> Vec<Post> {
    let texts = [
        "La Brioche Phone est géniale, bravo",
        "Brioche Phone nulle, batterie morte, service horrible",
        "I love my Brioche Phone, great screen",
        "Where can I buy the Brioche Phone?",
        "Le vélo électrique est arrivé",
        "Это просто текст о телефоне",
        "terrible delivery, parcel lost again",
        "Merci pour votre aide rapide",
    ];
    (0..24)
        .map(|i| {
            let site = ["x", "reddit", "mastodon"][i % 3];
            post(site, &format!("p{i}"), &format!("user{}", i % 5), texts[i % texts.len()], 8 + (i % 5) as u32)
        })
        .collect()
}

/// One person's export of everything (NDJSON), made by a durable engine through its host, as the
/// extension's background does (kept posts, their local view, times in a +01:00 offset).
fn export_of(posts: &[Post], dataset: Dataset) -> String {
    let mut host = MemoryStore::default();
    let mut e = host.restart(NOW);
    host.apply(&e.set_watchlist(vec![WatchItem { query: "\"Brioche Phone\"".into(), label: Some("Brioche".into()), ..Default::default() }]).unwrap());
    host.ingest(&mut e, posts, NOW);
    let kept: Vec<_> = host.posts.values().cloned().collect();
    let offsets = vec![[60, 60, 60]; kept.len()];
    let req = ExportRequest { dataset, format: Format::Ndjson, view: Some(fold(&host.aggs(), |_| 60)), posts: kept, offsets, ..Default::default() };
    export(&e, &req, NOW).unwrap()
}

fn temp(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ecoute-research-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn ecoute(args: &[&str], stdin: Option<&str>) -> (bool, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ecoute"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("ecoute runs");
    let input = stdin.unwrap_or("").to_string();
    let mut pipe = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || pipe.write_all(input.as_bytes()));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().ok();
    (out.status.success(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

fn tally(path: &PathBuf, extra: &[&str]) -> Value {
    let mut args = vec!["tally"];
    args.extend(extra);
    args.push(path.to_str().unwrap());
    let (ok, out, err) = ecoute(&args, None);
    assert!(ok, "{err}");
    serde_json::from_str(&out).unwrap()
}

/// Replaces the label of post `id` in an NDJSON export (as a person's file could say anything).
fn relabel(ndjson: &str, id: &str, label: &str) -> String {
    ndjson
        .lines()
        .map(|l| {
            let mut v: Value = serde_json::from_str(l).unwrap();
            if v["type"] == "post" && v["id"] == id {
                v["label"] = json!(label);
            }
            v.to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// An export of everything (header, tallies, flat tables, authors, watch items, posts): `ecoute tally`
/// reads it whole, counts its posts with the labels they carry, passes the rest over; `--recompute`
/// analyses them again.
#[test]
fn tally_reads_a_whole_export_with_its_header_and_reuses_its_labels() {
    let posts = team_posts();
    let file = export_of(&posts, Dataset::All);
    let types: Vec<String> = file.lines().map(|l| serde_json::from_str::<Value>(l).unwrap()["type"].as_str().unwrap().to_string()).collect();
    assert_eq!(types[0], "header");
    for t in ["tally", "tally_day", "author", "watch_item", "post"] {
        assert!(types.iter().any(|k| k == t), "{t} in {types:?}");
    }
    let path = temp("all.ndjson", &file);
    let r = tally(&path, &[]);
    assert_eq!(r["posts"], 24);
    assert_eq!(r["bad_lines"], 0);
    assert_eq!(r["labels"]["carried"], 24);
    let recomputed = tally(&path, &["--recompute"]);
    assert_eq!(recomputed["labels"]["carried"], 0);
    assert_eq!(recomputed["sentiment"], r["sentiment"], "the labels carried are the engine's own");
    assert_eq!(r["sentiment"]["unanalysed"]["ru"], 3, "Russian counted apart, by its carried language");

    // A label the file says otherwise is the file's: reused by default, not by --recompute.
    let positive_before = r["sentiment"]["positive"].as_u64().unwrap();
    let path = temp("relabelled.ndjson", &relabel(&file, "p0", "negative"));
    assert_eq!(tally(&path, &[])["sentiment"]["positive"].as_u64().unwrap(), positive_before - 1);
    assert_eq!(tally(&path, &["--recompute"])["sentiment"]["positive"].as_u64().unwrap(), positive_before);
}

/// `ecoute classify` on an export: one line out per line in; the header and other records are said
/// skipped; a post gives its carried analysis, or a fresh one with --recompute.
#[test]
fn classify_reads_an_export_line_for_line() {
    let file = relabel(&export_of(&team_posts()[..4], Dataset::Posts), "p0", "negative");
    let lines = file.lines().count();
    let (ok, out, err) = ecoute(&["classify"], Some(&file));
    assert!(ok, "{err}");
    let out: Vec<Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(out.len(), lines);
    assert_eq!(out[0], json!({"type": "header", "skipped": true}));
    let p0 = out.iter().find(|v| v["id"] == "p0").unwrap();
    assert_eq!((p0["label"].as_str(), p0["source"].as_str()), (Some("negative"), Some("carried")));
    let (_, again, _) = ecoute(&["classify", "--recompute"], Some(&file));
    let p0: Value = again.lines().map(|l| serde_json::from_str::<Value>(l).unwrap()).find(|v| v["id"] == "p0").unwrap();
    assert_eq!((p0["label"].as_str(), p0["source"].as_str()), (Some("positive"), Some("analysed")));
    // Plain text is still classified as text.
    let (_, plain, _) = ecoute(&["classify"], Some("super bien\n{\"not\": \"a record\"}\n"));
    assert_eq!(plain.lines().count(), 2);
    assert!(plain.lines().all(|l| serde_json::from_str::<Value>(l).unwrap()["label"].is_string()));
}

/// Three people's exports, overlapping: pooled, each post once, with who collected it; the pooled
/// file's tally counts nothing twice; then DuckDB and pandas read the files as they are.
#[test]
fn merge_pools_three_exports_without_counting_twice() {
    let posts = team_posts();
    let (a, b, c) = (&posts[0..12], &posts[8..20], &posts[4..24]);
    let files: Vec<PathBuf> = [("a", a), ("b", b), ("c", c)].iter().map(|(n, p)| temp(&format!("{n}.ndjson"), &export_of(p, Dataset::All))).collect();
    let sources: Vec<String> = files
        .iter()
        .map(|f| serde_json::from_str::<Value>(std::fs::read_to_string(f).unwrap().lines().next().unwrap()).unwrap()["source"].as_str().unwrap().to_string())
        .collect();
    let mut args = vec!["merge"];
    args.extend(files.iter().map(|f| f.to_str().unwrap()));
    let (ok, pooled, err) = ecoute(&args, None);
    assert!(ok, "{err}");
    let records: Vec<Value> = pooled.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let header = &records[0];
    assert_eq!(header["type"], "header");
    assert_eq!(header["merged"]["posts"], 24);
    assert_eq!(header["merged"]["duplicates"], 12 + 12 + 20 - 24);
    assert!(header["omitted"][0]["records"]["tally"].as_u64().unwrap() > 0, "tallies are not pooled, and said so");
    let post = |id: &str| records.iter().find(|v| v["type"] == "post" && v["id"] == id).unwrap();
    assert_eq!(post("p0")["collected_by"], json!([sources[0]]));
    assert_eq!(post("p10")["collected_by"], json!([sources[0], sources[1], sources[2]]));
    assert_eq!(post("p22")["collected_by"], json!([sources[2]]));
    let pooled_path = temp("pooled.ndjson", &pooled);
    let r = tally(&pooled_path, &[]);
    assert_eq!(r["posts"], 24);
    assert_eq!(r["duplicates"], 0);
    let all = tally(&temp("everyone.ndjson", &export_of(&posts, Dataset::All)), &[]);
    assert_eq!(r["sentiment"], all["sentiment"], "the pool counts as one person who saw everything");
    assert_eq!(r["sites"], all["sites"]);
    // Merging the pool with one of its files again changes nothing.
    let (_, again, _) = ecoute(&["merge", pooled_path.to_str().unwrap(), files[1].to_str().unwrap()], None);
    let again: Vec<Value> = again.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(again[0]["merged"]["posts"], 24);
    assert_eq!(again.iter().find(|v| v["id"] == "p10").unwrap()["collected_by"], post("p10")["collected_by"]);

    python_reads(&pooled_path, &r, &files[0]);
}

/// DuckDB over the pooled export, pandas over one export, each checked against `ecoute tally`
/// (tests/python/research.py). Run where `ECOUTE_PYTHON` names a Python with duckdb and pandas (scripts/
/// test.sh sets it to the one `make setup` installs) and always under CI; said and skipped elsewhere.
fn python_reads(pooled: &PathBuf, pooled_tally: &Value, one: &PathBuf) {
    let python = match std::env::var("ECOUTE_PYTHON") {
        Ok(p) => p,
        Err(_) if std::env::var_os("CI").is_some() => panic!("ECOUTE_PYTHON is not set under CI (scripts/test.sh sets it)"),
        Err(_) => {
            eprintln!("ECOUTE_PYTHON not set: the DuckDB and pandas reads were not run (make test runs them)");
            return;
        }
    };
    let one_tally = tally(one, &[]);
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/python/research.py");
    let pooled_tally_path = temp("pooled-tally.json", &pooled_tally.to_string());
    let one_tally_path = temp("one-tally.json", &one_tally.to_string());
    let out = Command::new(&python)
        .arg(&script)
        .args([pooled, &pooled_tally_path, one, &one_tally_path])
        .output()
        .unwrap_or_else(|e| panic!("{python}: {e}"));
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("duckdb: ok") && stdout.contains("pandas: ok"), "{stdout}");
}
