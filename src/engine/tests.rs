//! The engine's behaviour, end to end through its host (engine/memory.rs): counting, dating,
//! recounts, migrations, retention, backup and restore, refusals.
use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::*;
use crate::base::post::Post;
use crate::listening::watch::WatchItem;
use crate::store;
use crate::store::saved::{SaveRequest, SavedUpdate};

const NOW: i64 = 1_739_196_187_000; // 2025-02-10T14:03:07Z

fn post(id: &str, text: &str) -> Post {
    Post {
        site: "x".into(),
        id: id.into(),
        text: text.into(),
        ..Default::default()
    }
}

fn reload(writes: &BatchResult) -> Engine {
    let entries: BTreeMap<String, Value> = writes.writes.clone().into_iter().collect();
    Engine::load(entries, NOW).unwrap().0
}

use crate::store::kept::{fold, QUARTER_MS};
use crate::engine::MemoryStore;

fn posts_in(store: &MemoryStore) -> u64 {
    fold(&store.aggs(), |_| 0).seen_total.total.posts
}

#[test]
fn counts_each_post_once_across_batches_and_restarts() {
    let mut store = MemoryStore::default();
    let mut e = store.restart(NOW);
    let first = store.ingest(&mut e, &[post("1", "I love it"), post("2", "awful"), post("1", "I love it")], NOW);
    assert_eq!(first.annotations.iter().filter(|a| a.counted).count(), 2);
    assert_eq!(first.annotations.len(), 3);
    assert_eq!(store.posts.len(), 2);
    assert_eq!(posts_in(&store), 2);
    // A restarted engine (killed service worker): the kept posts still know post 1.
    let mut again = store.restart(NOW);
    let second = store.ingest(&mut again, &[post("1", "I love it"), post("3", "ok")], NOW + 60_000);
    assert_eq!(second.annotations.iter().map(|a| a.counted).collect::<Vec<_>>(), vec![false, true]);
    assert_eq!(posts_in(&store), 3);
    assert_eq!(store.posts["x:1"].last_seen, NOW + 60_000, "seen again: when is kept");
    assert_eq!(store.posts["x:1"].first_seen, NOW);
}

#[test]
fn buckets_by_publication_time_when_known() {
    let mut store = MemoryStore::default();
    let mut e = store.restart(NOW);
    let mut p = post("9", "great");
    p.time = Some("2025-02-09T08:30:00Z".into());
    store.ingest(&mut e, &[p], NOW);
    let v = fold(&store.aggs(), |_| 60);
    assert_eq!(v.days[0].day, "2025-02-09");
    assert_eq!(v.days[0].hours["09"].positive, 1, "08:30 UTC is 09:30 in Paris");
    assert_eq!(store.posts["x:9"].precision.as_deref(), Some("exact"));
    assert_eq!(v.seen["2025-02-10"].total.posts, 1, "seen today");
}

#[test]
fn a_time_shown_as_text_dates_the_post_with_its_precision() {
    let mut store = MemoryStore::default();
    let mut e = store.restart(NOW);
    let shown = |id: &str, text: &str| Post { time_text: Some(text.into()), ..post(id, "bof") };
    // NOW is 14:03 UTC, 15:03 in Paris.
    store.ingest_at(&mut e, &[shown("h", "il y a 3 h"), shown("d", "2 j"), shown("w", "26w"), shown("n", "no idea")], NOW, 60);
    assert_eq!(store.posts["x:h"].precision.as_deref(), Some("hour"));
    assert_eq!(store.posts["x:h"].published, Some(NOW - 3 * 3_600_000));
    assert!(store.posts["x:d"].hourless);
    assert!(store.posts["x:w"].pq.is_none(), "a week's precision is not a date to chart");
    assert_eq!(store.posts["x:w"].precision.as_deref(), Some("week"));
    assert_eq!(store.posts["x:n"].published, None);
    let v = fold(&store.aggs(), |_| 60);
    let days: Vec<&str> = v.days.iter().map(|d| d.day.as_str()).collect();
    assert_eq!(days, ["2025-02-08", "2025-02-10"]);
    assert!(v.days[0].hours.is_empty(), "the day is known, not the hour");
    assert_eq!(v.days[1].hours["12"].posts, 1, "three hours before 15:03 Paris");
    assert_eq!(v.undated[0].total.posts, 2, "the week-old one and the one with no time, apart");
}

#[test]
fn a_batch_writes_its_posts_and_sums_not_the_whole_day() {
    let mut store = MemoryStore::default();
    let mut e = store.restart(NOW);
    let midnight = NOW - NOW.rem_euclid(86_400_000);
    let mut id = 0;
    let mut last = BatchResult::default();
    for hour in 0..12 {
        for b in 0..50 {
            let batch: Vec<Post> = (0..20)
                .map(|_| {
                    id += 1;
                    post(&id.to_string(), "bof")
                })
                .collect();
            last = store.ingest(&mut e, &batch, midnight + hour * 3_600_000 + b * 60_000);
        }
    }
    assert_eq!(posts_in(&store), 12_000);
    assert_eq!(last.kept.len(), 20);
    assert_eq!(last.deltas.len(), 1, "one quarter hour touched");
    let size: usize = last.writes.iter().map(|(k, v)| k.len() + v.to_string().len()).sum();
    assert!(size < 25_000, "{size} bytes of keys written for a batch of 20 posts");
    let mut again = store.restart(NOW);
    assert!(!store.ingest(&mut again, &[post("1", "bof")], NOW).annotations[0].counted);
}

#[test]
fn posts_counted_by_a_schema_3_store_are_not_counted_again() {
    let mut kv = BTreeMap::new();
    kv.insert("meta".to_string(), serde_json::json!({"schema": 3, "retention_days": 90, "install_id": "i1"}));
    kv.insert("hashes:2025-02-10T13".to_string(), serde_json::json!([post_hash(&post("old", ""))]));
    kv.insert("seen:2025-02-10".to_string(), serde_json::json!({"total": {"posts": 1, "neutral": 1}}));
    kv.insert("tally:2025-02-10".to_string(), serde_json::json!({"day": "2025-02-10", "total": {"posts": 1, "neutral": 1}, "hours": {"13": {"posts": 1, "neutral": 1}}}));
    let mut store = MemoryStore { kv, ..Default::default() };
    let mut e = store.restart(NOW);
    assert!(!store.kv.contains_key("hashes:2025-02-10T13") && !store.kv.contains_key("seen:2025-02-10"));
    assert_eq!(store.kv["meta"]["schema"], SCHEMA_VERSION);
    let r = store.ingest(&mut e, &[post("old", "bof"), post("new", "bof")], NOW);
    assert_eq!(r.annotations.iter().map(|a| a.counted).collect::<Vec<_>>(), vec![false, true]);
    assert!(store.posts["x:old"].legacy, "kept now, counted before");
    let v = fold(&store.aggs(), |_| 0);
    assert_eq!(v.days[0].hours["13"].posts, 1, "the old hour migrated");
    assert_eq!(v.seen_total.total.posts, 2, "one migrated, one new");
}

#[test]
fn a_new_or_edited_watch_item_counts_the_posts_already_kept() {
    let mut store = MemoryStore::default();
    let mut e = store.restart(NOW);
    let posts: Vec<Post> = (0..30).map(|i| post(&i.to_string(), if i % 3 == 0 { "la Brioche Phone chauffe" } else { "il pleut" })).collect();
    store.ingest(&mut e, &posts, NOW);
    // Wrong query first: nothing matches.
    let r = e.set_watchlist(vec![WatchItem { query: "Brioch Phone".into(), ..Default::default() }]).unwrap();
    store.apply(&r);
    let mark = r.recount[0];
    assert_eq!(mark, [1, 1]);
    assert_eq!(store.recount(&mut e, mark, 7), 0);
    // Fixed: same id, next revision; the counts follow.
    let mut item = e.watchlist()[0].clone();
    item.query = "\"Brioche Phone\"".into();
    let r = e.set_watchlist(vec![item]).unwrap();
    assert_eq!(r.clear_items, vec![1]);
    store.apply(&r);
    // A batch between the edit and the recount is counted once, by ingest.
    store.ingest(&mut e, &[post("new", "Brioche Phone !")], NOW + 1000);
    assert_eq!(store.recount(&mut e, [1, 2], 7), 10);
    let v = fold(&store.aggs(), |_| 0);
    assert_eq!(v.published.items.get("1").map(|c| c.posts), None, "undated posts count where seen");
    assert_eq!(v.seen_total.items["1"].posts, 11);
    assert_eq!(v.undated[0].watch["1"].total.posts, 11);
    assert!(e.pending_recounts().is_empty());
    // Recounting again (a resumed recount) changes nothing.
    store.apply(&BatchResult { clear_items: vec![], ..Default::default() });
    assert_eq!(store.recount(&mut e, [1, 2], 5), 0);
    assert_eq!(fold(&store.aggs(), |_| 0).seen_total.items["1"].posts, 11);
    // Deleted: its sums leave the aggregates.
    let r = e.set_watchlist(vec![]).unwrap();
    store.apply(&r);
    assert!(fold(&store.aggs(), |_| 0).seen_total.items.is_empty());
}

#[test]
fn retention_prunes_kept_posts_and_sums() {
    let mut store = MemoryStore::default();
    let mut e = store.restart(NOW);
    store.ingest(&mut e, &[post("1", "bof")], NOW - 10 * 86_400_000);
    store.ingest(&mut e, &[post("2", "bof")], NOW);
    let r = e.set_retention(5, NOW).unwrap();
    store.apply(&r);
    assert_eq!(store.posts.keys().collect::<Vec<_>>(), ["x:2"]);
    assert!(store.aggs.keys().all(|q| *q >= NOW - 5 * 86_400_000 - QUARTER_MS));
}

#[test]
fn a_publication_time_in_the_future_counts_as_now() {
    let mut e = Engine::new();
    let mut p = post("9", "great");
    p.time = Some("9999-12-31T23:00:00Z".into());
    let r = e.ingest(&[p], NOW);
    assert!(!r.writes.contains_key("tally:9999-12-31"));
    assert_eq!(e.day("2025-02-10").unwrap().hours["14"].positive, 1);
    assert_eq!(e.days().count(), 1);
}

#[test]
fn rejects_bad_records_without_sinking_the_batch() {
    let mut e = Engine::new();
    let r = e.ingest(&[post("", "no id"), post("2", "fine")], NOW);
    assert_eq!(r.rejected.len(), 1);
    assert_eq!(r.annotations.len(), 1);
}

#[test]
fn contains_a_corrupt_key_and_keeps_its_value() {
    let mut entries = BTreeMap::new();
    entries.insert(
        "tally:2025-02-10".to_string(),
        Value::String("garbage".into()),
    );
    entries.insert("terms:zzz".to_string(), serde_json::json!({"posts": 1}));
    let (_, fix, rec) = Engine::load(entries, NOW).unwrap();
    assert_eq!(rec.len(), 2);
    assert_eq!(rec[1].key, "terms:zzz");
    assert_eq!(
        fix.writes[&rec[0].moved_to],
        Value::String("garbage".into())
    );
    assert!(fix.removals.contains(&"tally:2025-02-10".to_string()));
}

#[test]
fn an_unreadable_meta_is_set_aside_and_replaced() {
    let mut entries = BTreeMap::new();
    entries.insert("meta".to_string(), Value::String("garbage".into()));
    let (e, fix, rec) = Engine::load(entries.clone(), NOW).unwrap();
    assert_eq!(rec[0].key, "meta");
    // Applied as the host does (set, then remove), the store ends with a readable meta.
    entries.extend(fix.writes);
    for k in &fix.removals {
        entries.remove(k);
    }
    assert_eq!(entries["meta"]["schema"], serde_json::json!(SCHEMA_VERSION));
    assert_eq!(entries[&rec[0].moved_to], Value::String("garbage".into()));
    assert_eq!(e.meta().schema, SCHEMA_VERSION);
}

#[test]
fn refuses_a_store_from_the_future() {
    let mut entries = BTreeMap::new();
    entries.insert(
        "meta".to_string(),
        serde_json::json!({"schema": 99, "retention_days": 5}),
    );
    assert!(matches!(
        Engine::load(entries, NOW),
        Err(crate::base::Error::FutureSchema { found: 99, .. })
    ));
}

#[test]
fn posts_published_before_the_retention_window_make_no_tally_day() {
    let mut e = Engine::new();
    let mut old = post("old", "great thread");
    old.time = Some("2020-01-01T10:00:00Z".into());
    let r = e.ingest(&[old], NOW);
    assert!(r.annotations[0].counted, "seen today, so counted once");
    assert!(!r.writes.keys().any(|k| k.starts_with("tally:")), "{:?}", r.writes.keys().collect::<Vec<_>>());
    assert!(e.day("2020-01-01").is_none());
    let mut store = MemoryStore::default();
    store.apply(&r);
    let v = fold(&store.aggs(), |_| 0);
    assert!(v.days.is_empty());
    assert_eq!(v.seen["2025-02-10"].older.posts, 1, "said to be older, not dropped");
}

#[test]
fn prunes_beyond_retention() {
    let mut e = Engine::new();
    let mut host = MemoryStore::default();
    host.ingest(&mut e, &[post("1", "hi")], NOW - 100 * 86_400_000);
    assert_eq!(host.posts.len(), 1);
    let mut e2 = host.restart(NOW);
    assert!(!host.kv.contains_key("tally:2024-11-02"));
    assert!(host.posts.is_empty() && host.aggs.is_empty(), "the host pruned what the engine said");
    assert!(host.ingest(&mut e2, &[post("1", "hi")], NOW).annotations[0].counted);
}

fn item(q: &str) -> WatchItem {
    WatchItem { query: q.into(), ..Default::default() }
}

/// The full 64-bit FNV-1a that schema 1 stored.
fn fnv64(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ b as u64).wrapping_mul(0x0100_0000_01b3))
}

fn schema_1_store(bare_array: bool) -> BTreeMap<String, Value> {
    let seen = if bare_array {
        serde_json::json!([fnv64("x:1")])
    } else {
        serde_json::json!({"hashes": [fnv64("x:1")], "total": {"posts": 1, "positive": 1}, "sites": {}})
    };
    let mut e = BTreeMap::new();
    e.insert("meta".to_string(), serde_json::json!({"schema": 1, "retention_days": 90}));
    e.insert(
        "tally:2025-02-10".to_string(),
        serde_json::json!({"day": "2025-02-10", "total": {"posts": 1, "positive": 1},
            "hours": {"14": {"posts": 1, "positive": 1}}, "sites": {"x": {"posts": 1, "positive": 1}}}),
    );
    e.insert("seen:2025-02-10".to_string(), seen);
    e
}

#[test]
fn migrates_every_earlier_schema_and_keeps_dedup() {
    let mut no_meta = schema_1_store(true);
    no_meta.remove("meta");
    for store in [schema_1_store(true), schema_1_store(false), no_meta] {
        let (mut e, fix, rec) = Engine::load(store, NOW).unwrap();
        assert!(rec.is_empty());
        assert_eq!(fix.writes["meta"]["schema"], serde_json::json!(SCHEMA_VERSION));
        assert!(fix.removals.contains(&"seen:2025-02-10".to_string()), "moved to the kept-post store");
        assert_eq!(fix.legacy.len(), 1);
        assert_eq!(e.day("2025-02-10").unwrap().total.posts, 1);
        // The post counted under schema 1 is still known: not counted twice.
        let mut host = MemoryStore::default();
        host.apply(&fix);
        let seen_before = fold(&host.aggs(), |_| 0).seen_total.total.posts;
        let r = host.ingest(&mut e, &[post("1", "I love it"), post("2", "new")], NOW);
        assert_eq!(r.annotations.iter().map(|a| a.counted).collect::<Vec<_>>(), vec![false, true]);
        assert_eq!(e.day("2025-02-10").unwrap().total.posts, 2);
        assert_eq!(fold(&host.aggs(), |_| 0).seen_total.total.posts, seen_before + 1, "only the new one");
        // Every value the migrated engine writes reads back as JS numbers would keep it.
        for v in fix.writes.values().chain(r.writes.values()) {
            assert!(!v.to_string().contains(&fnv64("x:1").to_string()));
        }
    }
}

#[test]
fn watch_items_trend_tags_and_badges_reach_the_annotation() {
    let mut e = Engine::new();
    let w = e.set_watchlist(vec![item("Décathlon"), item("#soldes OR fnac")]).unwrap();
    assert!(w.writes.contains_key("watchlist"));
    let mut p = post("1", "J'adore decathlon pendant les #soldes");
    p.author.handle = "@Alice".into();
    p.author.followers = Some(12_000);
    p.metrics.likes = Some(40);
    let r = e.ingest(&[p], NOW);
    let a = &r.annotations[0];
    assert_eq!(a.watch, vec!["Décathlon", "#soldes OR fnac"]);
    assert_eq!(a.badges[0].kind, "tier");
    assert!(r.writes.contains_key("author:x:alice"));
    let day = e.day("2025-02-10").unwrap();
    assert_eq!(day.watch["Décathlon"].total.posts, 1);
    assert_eq!(day.watch["Décathlon"].hours["14"].posts, 1);
    // Serialised for the page: fields side by side with the analysis.
    let json = serde_json::to_value(a).unwrap();
    assert!(json.get("label").is_some() && json.get("badges").is_some() && json.get("trends").is_some());
    // A bad query changes nothing and says where it is wrong.
    let err = e.set_watchlist(vec![item("(a OR b")]).unwrap_err().to_string();
    assert!(err.contains("at position 1"), "{err}");
    assert_eq!(e.watchlist().len(), 2);
}

/// A post published at `at` (its time as the page gives it).
fn dated(id: &str, text: &str, who: &str, at: i64) -> Post {
    let mut p = post(id, text);
    p.author.handle = who.into();
    p.time = Some(crate::base::time::iso8601(at));
    p
}

#[test]
fn opinion_leader_badges_name_the_item_by_its_label_and_the_brand_is_never_its_own() {
    let mut e = Engine::new();
    let query = "\"Brioche Phone\" OR #BriochePhone OR @briochemobile";
    e.set_watchlist(vec![WatchItem { query: query.into(), label: Some("Brioche Phone".into()), ..Default::default() }]).unwrap();
    let mut batch = Vec::new();
    for i in 0..12 {
        for p in 0..3 {
            let mut x = post(&format!("{i}-{p}"), "le Brioche Phone est arrivé");
            x.author.handle = format!("u{i}");
            x.metrics.likes = Some(10 * (i + 1));
            batch.push(x);
        }
    }
    let mut own = post("brand", "le Brioche Phone est arrivé");
    own.author.handle = "BriocheMobile".into();
    own.metrics.likes = Some(10_000);
    batch.extend([own.clone(), { own.id = "b2".into(); own.clone() }, { own.id = "b3".into(); own.clone() }]);
    let r = e.ingest(&batch, NOW);
    let brand = r.annotations.last().unwrap();
    assert!(brand.badges.iter().any(|b| b.kind == "opinion_leader"), "unmarked, the brand leads by numbers");
    // Marked as the person's own: never its own opinion leader, and pages refresh the badges.
    let w = e.set_owned(Owned([("x".to_string(), vec!["@briochemobile".to_string()])].into()));
    assert!(w.writes.contains_key("owned"));
    assert!(e.badges("x:briochemobile").iter().all(|b| b.kind != "opinion_leader"));
    // A new author on the item: the leaders' figures change ("of 13 authors"), so their badges go to
    // the pages that show their posts, though the batch has none of theirs.
    let mut more = post("n1", "le Brioche Phone est arrivé");
    more.author.handle = "newcomer".into();
    let r = e.ingest(&[more], NOW);
    assert!(r.badges.contains_key("x:u11"), "a ranking moved: its authors' badges go to the page");
    let leader = e.badges("x:u11").into_iter().find(|b| b.kind == "opinion_leader").unwrap();
    assert_eq!(leader.label, "Opinion leader: Brioche Phone");
    assert!(leader.why.contains("“Brioche Phone”") && !leader.why.contains("OR"), "{}", leader.why);
    assert!(leader.why.starts_with("#1 of 13 authors"), "{}", leader.why);
    // Kept across a restart.
    let mut entries = e.entries();
    entries.retain(|k, _| k == "owned" || k == "watchlist" || k.starts_with("author:"));
    let e2 = Engine::load(entries, NOW).unwrap().0;
    assert!(e2.badges("x:briochemobile").iter().all(|b| b.kind != "opinion_leader"));
    assert_eq!(e2.badges("x:u11"), e.badges("x:u11"));
}

/// A week of ordinary posts, published hour by hour, all read `read_at` (one sitting), plus `extra`.
fn week(e: &mut Engine, read_at: i64, site: &str) {
    let ordinary = ["rien de neuf ce matin, puis café", "please took two coffees this morning", "balade à vélo ce matin", "le marché du samedi"];
    let mut batch = Vec::new();
    for h in 3..7 * 24 {
        for i in 0..4 {
            let mut p = dated(&format!("{site}{h}-{i}"), ordinary[(h as usize + i) % 4], &format!("w{i}"), read_at - h * 3_600_000);
            p.site = site.into();
            batch.push(p);
        }
    }
    for chunk in batch.chunks(200) {
        e.ingest(chunk, read_at);
    }
}

#[test]
fn rises_go_by_publication_time_and_undated_posts_make_none() {
    let mut e = Engine::new();
    // A week of history read in one sitting: baseline, not a burst.
    week(&mut e, NOW, "x");
    assert!(e.trends().rising().is_empty(), "{:?}", e.trends().rising().keys().collect::<Vec<_>>());
    // Undated posts about one topic, read now, many: no rise (their hour is unknown).
    let undated: Vec<Post> = (0..30).map(|i| { let mut p = post(&format!("u{i}"), "la #briochephone arrive"); p.author.handle = format!("a{i}"); p }).collect();
    let r = e.ingest(&undated, NOW);
    assert!(r.rising.is_empty() && e.trends().rising().is_empty());
    // Nor posts shown as "2 w" (a week's precision).
    let coarse: Vec<Post> = (0..30).map(|i| { let mut p = post(&format!("c{i}"), "la #briochephone arrive"); p.author.handle = format!("a{i}"); p.time_text = Some("2 w".into()); p }).collect();
    assert!(e.ingest(&coarse, NOW).rising.is_empty());
    // The same burst published in the last hour rises, and nothing ordinary with it.
    let burst: Vec<Post> = (0..12).map(|i| dated(&format!("b{i}"), "ce matin la #briochephone arrive, rien à dire", &format!("a{i}"), NOW - 20 * 60_000)).collect();
    let r = e.ingest(&burst, NOW);
    let terms: Vec<&str> = r.rising.iter().map(|x| x.term.as_str()).collect();
    assert!(terms.contains(&"#briochephone"), "{terms:?}");
    assert!(terms.iter().all(|t| !["rien", "matin", "puis", "cafe"].contains(t)), "{terms:?}");
    // The in-page chips: this site's rises, at most two, with their figures.
    let a = &r.annotations[0];
    assert!(!a.site_trends.is_empty() && a.site_trends.len() <= crate::listening::trends::MAX_CHIPS);
    assert_eq!(a.site_trends[0].site.as_deref(), Some("x"));
    assert!(r.site_rising["x"].iter().any(|x| x.term == "#briochephone"));
    assert!(a.terms.contains(&"#briochephone".to_string()));
}

#[test]
fn a_page_sees_only_what_rose_on_its_own_site() {
    let mut e = Engine::new();
    week(&mut e, NOW, "x");
    week(&mut e, NOW, "reddit");
    let burst: Vec<Post> = (0..12).map(|i| dated(&format!("b{i}"), "#gravel partout", &format!("a{i}"), NOW - 20 * 60_000)).collect();
    e.ingest(&burst, NOW);
    // On reddit, a post carrying the term x is full of: no chip, and the site's rising set is empty.
    let mut p = dated("r1", "un #gravel ici", "z", NOW - 60_000);
    p.site = "reddit".into();
    let r = e.ingest(&[p], NOW);
    assert_eq!(r.annotations[0].trends, vec!["#gravel".to_string()], "rising over everything read (private)");
    assert!(r.annotations[0].site_trends.is_empty(), "nothing from x reaches reddit's page");
    assert!(r.site_rising["reddit"].is_empty());
}

#[test]
fn an_items_own_words_are_not_its_trends() {
    let mut e = Engine::new();
    e.set_watchlist(vec![WatchItem { query: "\"Brioche Phone 2\" OR #BriochePhone NOT promo".into(), ..Default::default() }]).unwrap();
    week(&mut e, NOW, "x");
    let burst: Vec<Post> = (0..12).map(|i| dated(&format!("b{i}"), "Brioche Phone 2 #briochephone écran fissuré", &format!("a{i}"), NOW - 20 * 60_000)).collect();
    let r = e.ingest(&burst, NOW);
    let rising: Vec<&str> = r.rising.iter().map(|x| x.term.as_str()).collect();
    assert!(rising.contains(&"brioche") && rising.contains(&"ecran fissure"), "{rising:?}");
    // On the item's posts, its name and fragments are not its trends; what is said about it is.
    assert_eq!(r.annotations[0].watch.len(), 1);
    assert_eq!(r.annotations[0].trends, vec!["ecran fissure".to_string()]);
}

#[test]
fn rising_terms_and_unseen_alerts_survive_a_restart() {
    let mut e = Engine::new();
    let mut host = MemoryStore::default();
    host.apply(&e.set_watchlist(vec![item("gravel")]).unwrap());
    let base = NOW - 7 * 24 * 3_600_000 + 3 * 3_600_000;
    let ordinary: Vec<Post> = (0..7 * 24 - 4).flat_map(|h| (0..4).map(move |i| dated(&format!("o{h}-{i}"), "balade à vélo ce matin", &format!("w{i}"), base + h * 3_600_000))).collect();
    for c in ordinary.chunks(200) {
        host.ingest(&mut e, c, NOW);
    }
    let burst: Vec<Post> = (0..12).map(|i| dated(&format!("b{i}"), "du gravel partout", &format!("a{i}"), NOW - 20 * 60_000)).collect();
    let r = host.ingest(&mut e, &burst, NOW);
    assert!(r.rising.iter().any(|x| x.term == "gravel"));
    assert_eq!(r.alerts.iter().map(|a| a.kind.as_str()).collect::<Vec<_>>(), vec!["volume"]);
    assert_eq!(r.unseen_alerts, 1);
    // The worker stops; the engine starts again from the store.
    let mut e2 = host.restart(NOW + 60_000);
    assert!(e2.trends().rising().contains_key("gravel"), "rising now survives");
    assert!(e2.trends().rising_on("x").is_some_and(|r| r.contains_key("gravel")));
    assert_eq!(e2.unseen_alerts(), 1, "the badge's count survives");
    // Seen: cleared, durably.
    let seen = e2.alerts_seen(NOW + 120_000);
    assert_eq!(seen.unseen_alerts, 0);
    host.apply(&seen);
    let e3 = host.restart(NOW + 180_000);
    assert_eq!(e3.unseen_alerts(), 0);
    // Two hours later with nothing new, a restart does not show stale rises.
    let e4 = host.restart(NOW + 3 * 3_600_000);
    assert!(e4.trends().rising().is_empty());
}

#[test]
fn saved_posts_round_trip_through_the_store() {
    let mut e = Engine::new();
    let req = SaveRequest {
        post: post("7", "remboursement refusé"),
        collection: Some("SAV".into()),
        tags: vec!["urgent".into()],
        ..Default::default()
    };
    let w = e.save_post(req, NOW).unwrap();
    assert!(w.writes.contains_key("saved:x:7"));
    let u = e
        .update_saved("x:7", SavedUpdate { note: Some("rappeler".into()), ..Default::default() }, NOW + 1)
        .unwrap();
    let back = reload(&u);
    assert_eq!(back.saved().next().unwrap().note, "rappeler");
    assert!(e.update_saved("x:8", SavedUpdate::default(), NOW).is_err());
    let d = e.delete_saved("x:7").unwrap();
    assert_eq!(d.removals, vec!["saved:x:7"]);
    assert_eq!(e.saved().count(), 0);
}

#[test]
fn saved_posts_kept_out_of_the_start_are_taken_later_and_a_bad_one_set_aside() {
    let mut e = Engine::new();
    let w = e
        .save_post(SaveRequest { post: post("7", "fnac super"), ..Default::default() }, NOW)
        .unwrap();
    let (cold, hot): (BTreeMap<String, Value>, BTreeMap<String, Value>) =
        e.entries().into_iter().partition(|(k, _)| k.starts_with(store::SAVED));
    assert!(w.writes.contains_key("saved:x:7") && cold.len() == 1);
    let (mut started, _, _) = Engine::load(hot, NOW).unwrap();
    assert_eq!(started.saved().count(), 0, "the start read no saved post");
    let mut given = cold.clone();
    given.insert("saved:x:8".into(), serde_json::json!({"id": 8}));
    given.insert("watchlist".into(), serde_json::json!("ignored"));
    let fix = started.hydrate(given, NOW);
    assert_eq!(started.saved().map(|s| s.id.as_str()).collect::<Vec<_>>(), ["x:7"]);
    assert_eq!(fix.removals, ["saved:x:8"]);
    assert_eq!(fix.writes.keys().collect::<Vec<_>>(), [&format!("corrupt:saved:x:8:{NOW}")]);
    assert!(started.watchlist().is_empty(), "other keys are not hydrate's to take");
}

#[test]
fn the_whole_store_reloads_to_the_same_store() {
    let mut e = Engine::new();
    e.set_watchlist(vec![item("fnac")]).unwrap();
    let mut p = post("1", "fnac livraison rapide, super");
    p.author.handle = "bob".into();
    e.ingest(&[p, post("2", "bof")], NOW);
    let entries = e.entries();
    let (again, fix, rec) = Engine::load(entries.clone(), NOW).unwrap();
    assert!(rec.is_empty() && fix.removals.is_empty());
    assert_eq!(again.entries(), entries);
}

#[test]
fn retention_is_validated_and_prunes() {
    let mut e = Engine::new();
    e.ingest(&[post("1", "hi")], NOW - 10 * 86_400_000);
    assert!(e.set_retention(0, NOW).is_err());
    let r = e.set_retention(5, NOW).unwrap();
    assert_eq!(r.writes["meta"]["retention_days"], serde_json::json!(5));
    assert!(r.removals.contains(&"tally:2025-01-31".to_string()));
    assert_eq!(e.days().count(), 0);
}

#[test]
fn backup_restore_and_reset() {
    let mut e = Engine::new();
    e.set_watchlist(vec![item("fnac")]).unwrap();
    e.ingest(&[post("1", "fnac super"), post("2", "bof")], NOW);
    let backup = e.backup(NOW);
    let text = serde_json::to_string(&backup).unwrap();
    let mut other = Engine::new();
    other.ingest(&[post("9", "autre chose")], NOW - 86_400_000);
    let (w, rec, _) = other.restore(&serde_json::from_str(&text).unwrap(), NOW).unwrap();
    assert!(rec.is_empty());
    assert!(w.removals.contains(&"tally:2025-02-09".to_string()), "keys the backup lacks go");
    assert_eq!(other.entries(), e.entries());
    assert_eq!(w.writes, e.entries());
    // A schema-1 store inside a backup is migrated on restore.
    // (A backup made in the browser only ever holds JS-safe numbers, so this one holds the 53-bit hash.)
    let mut entries = schema_1_store(true);
    entries.insert("seen:2025-02-10".into(), serde_json::json!([fnv64("x:1") & store::MAX_SAFE_INTEGER]));
    let old = serde_json::json!({"format": "ecoute-backup", "entries": entries});
    let (w, _, _) = other.restore(&old, NOW).unwrap();
    assert_eq!(w.writes["meta"]["schema"], serde_json::json!(SCHEMA_VERSION));
    let mut host = MemoryStore::default();
    host.apply(&w);
    assert!(!host.ingest(&mut other, &[post("1", "I love it")], NOW).annotations[0].counted);
    assert!(other.restore(&serde_json::json!({"entries": {}}), NOW).is_err());
    let damaged = serde_json::json!({"format": "ecoute-backup", "entries": schema_1_store(true)});
    assert!(other.restore(&damaged, NOW).unwrap_err().to_string().contains("damaged"));
    // Reset removes everything and starts afresh.
    let r = other.reset(NOW);
    assert!(r.removals.contains(&"tally:2025-02-10".to_string()));
    assert!(r.writes.contains_key("meta"));
    assert_eq!(other.days().count(), 0);
    assert!(other.ingest(&[post("1", "I love it")], NOW).annotations[0].counted);
}

/// A heavy week in the extension: the store stays within a budget that leaves room in
/// chrome.storage.local's 10 MB quota, and trend tables stay bounded (a day of hours, a week of days).
#[test]
fn a_heavy_week_fits_the_storage_budget() {
    let mut e = Engine::new();
    let items = ["decathlon", "fnac OR darty", "#soldes", "\"service client\"", "velo NOT moto"];
    e.set_watchlist(items.iter().map(|q| item(q)).collect()).unwrap();
    let mut seed = 42u64;
    let mut next = |n: u64| {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) % n
    };
    let start = NOW - 7 * 86_400_000;
    let mut id = 0;
    for hour in 0..7 * 24 {
        let at = start + hour * 3_600_000;
        let batch: Vec<Post> = (0..20)
            .map(|_| {
                id += 1;
                let words: Vec<String> = (0..12).map(|_| format!("mot{}", next(5_000))).collect();
                let mut p = post(&id.to_string(), &format!("{} decathlon #soldes", words.join(" ")));
                p.author.handle = format!("user{}", next(3_000));
                p.author.followers = Some(next(200_000));
                p.metrics.likes = Some(next(50));
                // Dated (trend terms count only posts whose hour is known), on two sites: the term
                // tables keep each site's counts too.
                p.time = Some(crate::base::time::iso8601(at));
                if id % 3 == 0 {
                    p.site = "reddit".into();
                }
                p
            })
            .collect();
        e.ingest(&batch, at);
    }
    let entries = e.entries();
    let size: usize = entries.iter().map(|(k, v)| k.len() + v.to_string().len()).sum();
    let term_bytes: usize = entries.iter().filter(|(k, _)| k.starts_with("terms:")).map(|(k, v)| k.len() + v.to_string().len()).sum();
    let site_bytes: usize = entries.iter().filter(|(k, _)| k.starts_with("terms:")).map(|(_, v)| v.get("sites").map_or(0, |s| s.to_string().len())).sum();
    eprintln!("a heavy week: {size} bytes, of which term tables {term_bytes}, their per-site counts {site_bytes}");
    let terms: Vec<&String> = entries.keys().filter(|k| k.starts_with("terms:")).collect();
    assert!(terms.len() <= 25 + 8, "{} term tables", terms.len());
    // About 1.7 MB for these 3,360 dated posts, mostly authors and term tables (both capped): 0.57 MB
    // of term tables, 0.25 MB of it the per-site counts the in-page chips need (the early authors per
    // term they no longer keep were 0.64 MB).
    assert!(size < 2_000_000, "{size} bytes for a week of {id} posts");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
    /// Nothing lost: a store that applied every batch's writes and removals, reloaded at any point (a
    /// killed service worker), holds exactly the live engine's state, and counts on identically.
    #[test]
    fn the_persisted_writes_are_the_whole_state(
        batches in proptest::collection::vec(
            proptest::collection::vec((0u8..30, 0u8..6, 0u8..4, 0i64..200), 1..12), 1..8),
        restart_after in 0usize..8,
    ) {
        let words = ["decathlon super", "fnac nul", "#soldes velo", "rando tente pluie", "apple watch", "bof"];
        let mut store: BTreeMap<String, Value> = BTreeMap::new();
        let apply = |store: &mut BTreeMap<String, Value>, r: &BatchResult| {
            for k in &r.removals {
                store.remove(k);
            }
            store.extend(r.writes.clone());
        };
        // As the extension starts: from its (empty) store, persisting the start-up writes first.
        let (mut live, fix, _) = Engine::load(BTreeMap::new(), NOW).unwrap();
        apply(&mut store, &fix);
        apply(&mut store, &live.set_watchlist(vec![item("decathlon OR fnac"), item("#soldes")]).unwrap());
        let mut restarted: Option<Engine> = None;
        // 23 hours apart: batches cross the compaction (a day) and the trend window (a week).
        const GAP: i64 = 23 * 3_600_000;
        for (n, batch) in batches.iter().enumerate() {
            let now = NOW + n as i64 * GAP;
            let posts: Vec<Post> = batch
                .iter()
                .map(|&(id, w, who, age)| {
                    let mut p = post(&id.to_string(), words[w as usize]);
                    p.author.handle = format!("a{who}");
                    p.metrics.likes = Some(id as u64);
                    p.time = Some(crate::base::time::hour_key(now - age * 3_600_000) + ":00:00Z");
                    p
                })
                .collect();
            let r = live.ingest(&posts, now);
            apply(&mut store, &r);
            if let Some(e) = restarted.as_mut() {
                let r2 = e.ingest(&posts, now);
                proptest::prop_assert_eq!(
                    r.annotations.iter().map(|a| a.counted).collect::<Vec<_>>(),
                    r2.annotations.iter().map(|a| a.counted).collect::<Vec<_>>()
                );
            }
            if n == restart_after {
                let (e, fix, rec) = Engine::load(store.clone(), now).unwrap();
                proptest::prop_assert!(rec.is_empty());
                apply(&mut store, &fix);
                restarted = Some(e);
            }
        }
        // Reloaded at the time of the last batch: time passing would rightly compact and prune.
        let now = NOW + (batches.len() as i64 - 1) * GAP;
        let (reloaded, fix, _) = Engine::load(store.clone(), now).unwrap();
        apply(&mut store, &fix);
        let live_entries = live.entries();
        proptest::prop_assert_eq!(reloaded.entries(), live_entries.clone());
        if let Some(e) = restarted {
            // Terms are evaluated against session memory; the counted state itself must agree.
            let strip = |m: BTreeMap<String, Value>| -> BTreeMap<String, Value> {
                m.into_iter().filter(|(k, _)| k != "trends" && k != "alerts" && k != "meta").collect()
            };
            proptest::prop_assert_eq!(strip(e.entries()), strip(live_entries));
        }
    }
}

/// The refusals a person meets on the dashboard carry their figures; the English stays as it was (the
/// errors are typed in base/error.rs, and met through the engine).
#[test]
fn saved_posts_retention_and_restore_refusals_carry_their_figures() {
    let mut e = Engine::new();
    let args = |r: crate::base::Result<BatchResult>| r.unwrap_err().args().unwrap();
    let err = e.set_retention(0, 0).unwrap_err();
    assert_eq!(err.to_string(), "retention must be between 1 and 3650 days");
    assert_eq!(err.args().unwrap(), json!({"kind": "retention_range", "min": 1, "max": 3650}));
    assert_eq!(args(e.delete_saved("x:9")), json!({"kind": "no_saved_post", "id": "x:9"}));
    let post = json!({"post": {"site": "x", "id": "1", "text": "t"}});
    let mut req: SaveRequest = serde_json::from_value(post).unwrap();
    req.collection = Some("c".repeat(101));
    assert_eq!(args(e.save_post(req, 0)), json!({"kind": "collection_too_long", "max": 100}));
    e.save_post(serde_json::from_value(json!({"post": {"site": "x", "id": "1", "text": "t"}})).unwrap(), 0).unwrap();
    let update = |u: Value| serde_json::from_value::<SavedUpdate>(u).unwrap();
    let tag = "t".repeat(65);
    let err = e.update_saved("x:1", update(json!({"tags": [tag]})), 0).unwrap_err();
    assert_eq!(err.to_string(), format!("tags are at most 64 characters: `{tag}`"));
    assert_eq!(err.args().unwrap(), json!({"kind": "tag_too_long", "max": 64, "tag": tag}));
    let tags: Vec<String> = (0..21).map(|i| i.to_string()).collect();
    assert_eq!(args(e.update_saved("x:1", update(json!({"tags": tags})), 0)), json!({"kind": "too_many_tags", "max": 20}));
    assert_eq!(args(e.update_saved("x:1", update(json!({"note": "n".repeat(4001)})), 0)), json!({"kind": "note_too_long", "max": 4000}));
    let restore = |doc: Value| Engine::new().restore(&doc, 0).unwrap_err();
    assert_eq!(restore(json!({"format": "x"})).args().unwrap(), json!({"kind": "not_a_backup"}));
    assert_eq!(restore(json!({"format": "x"})).to_string(), "not an Écoute backup (no `\"format\": \"ecoute-backup\"`)");
    assert_eq!(restore(json!({"format": "ecoute-backup"})).args().unwrap(), json!({"kind": "backup_no_entries"}));
    assert_eq!(restore(json!({"format": "ecoute-backup", "n": 9_007_199_254_740_992u64})).args().unwrap()["kind"], "backup_unsafe_number");
}

#[test]
fn kept_posts_carry_their_aspects_but_not_the_watch_items_own_words() {
    use crate::analysis::aspects::Polarity;
    let mut store = MemoryStore::default();
    let mut e = store.restart(NOW);
    store.apply(&e.set_watchlist(vec![item("\"Brioche Phone\""), item("batterie")]).unwrap());
    let text = "La Brioche Phone 2 : super appareil photo, mais la batterie ne tient pas. Il manque une prise jack.";
    store.ingest(&mut e, &[post("1", text), post("2", "il pleut")], NOW);
    let aspects: Vec<(String, Polarity)> = store.posts["x:1"].analysis.aspects.iter().map(|a| (a.text.clone(), a.polarity)).collect();
    // "batterie" is a watch item's own word here: not one of the post's aspects.
    assert_eq!(aspects, vec![("appareil photo".into(), Polarity::Liked), ("prise jack".into(), Polarity::Requested)]);
    // Stored with the post, and absent (not an empty list) from a post with none.
    let stored = serde_json::to_value(&store.posts["x:1"]).unwrap();
    assert_eq!(stored["aspects"][0]["text"], "appareil photo");
    assert!(serde_json::to_value(&store.posts["x:2"]).unwrap().get("aspects").is_none());
    // A record kept before aspects existed still loads, with none.
    let mut old = serde_json::to_value(&store.posts["x:1"]).unwrap();
    old.as_object_mut().unwrap().remove("aspects");
    let back: crate::store::kept::KeptPost = serde_json::from_value(old).unwrap();
    assert!(back.analysis.aspects.is_empty());
    assert_eq!(back.analysis.label, store.posts["x:1"].analysis.label);
}
