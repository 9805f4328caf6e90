//! Écoute's store layout, its schema version and the ordered migrations between versions.
//!
//! Two stores, one owner (this module and kept.rs name every key; the hosts only move values):
//!
//! **`chrome.storage.local`** (or, for tests and the CLI, a map): the engine's small state, one JSON
//! value per key, read whole at start (bounded: none of it grows with the history). Schema 4 keys:
//! - `meta`                     [`Meta`]: schema version, retention, install id, next watch-item id,
//!                              unfinished recounts
//! - `watchlist`                `[WatchItem]`: the person's watch queries, each with its id and revision
//! - `tally:YYYY-MM-DD`         `DayTally` of the last [`crate::engine::ALERT_DAYS`] UTC days: the
//!                              alerts' baselines only (every figure shown comes from the kept posts)
//! - `author:SITE:HANDLE`       `AuthorStats`: what was seen of one author (influence.rs), capped
//! - `terms:YYYY-MM-DDTHH`      `HourTerms`: term counts for one UTC hour of the last day (trends.rs)
//! - `terms:YYYY-MM-DD`         `HourTerms`: the same, folded per day for the rest of the trend week
//! - `trends`                   `TrendLog`: terms that rose, recently (trends.rs)
//! - `alerts`                   `[Alert]`: recent watch-item alerts (trends.rs)
//! - `trend_state`              `TrendState`: the last evaluation's rises (all, per site) and when the
//!                              alerts were last seen (trends.rs); new keys, no migration needed
//! - `owned`                    `Owned`: the person's own accounts by site (influence.rs)
//! - `saved:SITE:ID`            `SavedPost` (saved.rs): never pruned by retention. A *cold* key: the
//!                              extension keeps it in IndexedDB `kv` (5,000 saved posts are 2.8 MB),
//!                              not read at start, given by [`crate::engine::Engine::hydrate`] before
//!                              the first operation on saved posts
//! - `corrupt:KEY:MS`           an unreadable value set aside at load (nothing lost)
//!
//! **IndexedDB `ecoute`** (extension/background/db.js): what grows with the history, never read whole.
//! - `posts`   [`kept::KeptPost`] by `site:id`, indexed by publication and first-seen quarter hour
//! - `aggs`    [`kept::Agg`] by UTC quarter hour: the sums every figure is folded from
//! - `legacy`  `{h, at}`: dedup hashes of posts counted by a schema-3 store before posts were kept
//! - `search`  `{h, k, t}`: per UTC hour first seen, the posts' keys and `handle` U+0001 `text`: what a
//!             recount searches ([`crate::listening::watch::Watchlist::search`]) instead of reading every post
//! - `kv`      the cold keys above (`saved:`), written in the same transaction as the posts
//! - `inbox`   batches answered before the engine had loaded its state (a worker's cold start,
//!             [`crate::engine::preview`]), counted once it has, each deleted in its commit's transaction
//! - `journal` the key/value writes of a commit, until they are applied (so the two stores agree)
//!
//! Schema 3 kept `seen:YYYY-MM-DD` (posts first seen that day) and `hashes:YYYY-MM-DDTHH` (dedup
//! memory) here, and `tally:` days for the whole retention window; [`migrate_3_to_4`] moves them.
pub mod kept;
pub mod saved;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// Version of the layout above. To change the layout: bump it, and append a migration to [`MIGRATIONS`].
pub const SCHEMA_VERSION: u32 = 4;
/// Days of tallies, dedup memory, authors and saved-search data kept by default.
pub const DEFAULT_RETENTION_DAYS: i64 = 90;
/// Bounds of the retention setting: at least a day (dedup needs it), at most ten years.
pub const RETENTION_RANGE: std::ops::RangeInclusive<i64> = 1..=3650;

pub const META: &str = "meta";
pub const WATCHLIST: &str = "watchlist";
pub const TRENDS: &str = "trends";
pub const ALERTS: &str = "alerts";
pub const TALLY: &str = "tally:";
pub const SEEN: &str = "seen:";
pub const HASHES: &str = "hashes:";
pub const AUTHOR: &str = "author:";
pub const TERMS: &str = "terms:";
/// `TrendState` (trends.rs): the rises of the last evaluation and when alerts were last seen.
pub const TREND_STATE: &str = "trend_state";
/// Owned accounts, `{site: [handle, …]}` (influence.rs `Owned`): the person's brand's own handles.
pub const OWNED: &str = "owned";
pub const SAVED: &str = "saved:";
/// The person's adjustment of the learned model, taught by their corrections (analysis/adapt.rs).
pub const ADAPT: &str = "adapt";
pub const CORRUPT: &str = "corrupt:";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    pub schema: u32,
    pub retention_days: i64,
    /// Identifies this store in exports (`source`), so an import can tell its own data coming back.
    /// Random (`r` + 32 hex digits): it tells nothing about the install, not even when it was made (ids
    /// before were `i` + the install time in hex, readable in every export). Empty until randomness is
    /// at hand: in wasm, the host gives it ([`Meta::adopt_random_id`]).
    #[serde(default)]
    pub install_id: String,
    /// The id the next new watch item gets (ids are never reused: kept posts carry them).
    #[serde(default)]
    pub next_item_id: u32,
    /// Watch-item recounts not finished yet, `[id, rev]` (engine/watchlist.rs `set_watchlist`).
    #[serde(default)]
    pub recounts: Vec<[u32; 2]>,
    /// The secret key of pseudonymised exports (32 hex digits, random like the install id, from the
    /// host in wasm): never exported, so a pseudonym cannot be traced back to its author by anyone
    /// without this store, while the same author keeps the same pseudonym across this install's exports.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub pseudonym_key: String,
}

impl Meta {
    /// A new store's meta. `_now_ms` is no longer used (the install id is random, not the time).
    pub fn fresh(_now_ms: i64) -> Meta {
        Meta {
            schema: SCHEMA_VERSION,
            retention_days: DEFAULT_RETENTION_DAYS,
            install_id: install_id(),
            next_item_id: 1,
            recounts: Vec::new(),
            pseudonym_key: random_bytes().map(|b| hex(&b)).unwrap_or_default(),
        }
    }

    /// True when the install id came from randomness (not empty, not an older time-based one).
    pub fn has_random_id(&self) -> bool {
        self.install_id.len() == 33
            && self.install_id.starts_with('r')
            && self.install_id[1..].bytes().all(|b| b.is_ascii_hexdigit())
    }

    /// Takes an install id made from `random` (at least 16 bytes from the host's CSPRNG, e.g. JS
    /// `crypto.getRandomValues`) unless the id is random already. True when the id changed (persist
    /// `meta`). Idempotent: call it at every start.
    ///
    /// Bytes 16 to 32 of `random`, when given, make the pseudonym key if the store has none yet (stores
    /// made before it existed, and every new store in wasm).
    pub fn adopt_random_id(&mut self, random: &[u8]) -> bool {
        let mut changed = false;
        if !self.has_random_id() {
            if let Some(id) = install_id_from(random) {
                self.install_id = id;
                changed = true;
            }
        }
        if self.pseudonym_key.len() != 32 {
            if let Some(key) = random.get(16..32) {
                self.pseudonym_key = hex(key);
                changed = true;
            }
        }
        changed
    }
}

impl Default for Meta {
    fn default() -> Self {
        Meta::fresh(0)
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        s.push_str(&format!("{b:02x}"));
        s
    })
}

/// An install id from 16 random bytes or more (the first 16): `r` + 32 hex digits; `None` with fewer.
pub fn install_id_from(random: &[u8]) -> Option<String> {
    let bytes = random.get(..16)?;
    Some(bytes.iter().fold(String::from("r"), |mut s, b| {
        s.push_str(&format!("{b:02x}"));
        s
    }))
}

/// A random install id where the platform has randomness of its own; empty in wasm, where the host
/// supplies it ([`Meta::adopt_random_id`]). Not a secret and not a tracker: it never leaves the device
/// except inside files the person exports.
fn install_id() -> String {
    random_bytes().and_then(|b| install_id_from(&b)).unwrap_or_default()
}

/// 16 bytes from the operating system's randomness, through std's `RandomState` (seeded from the OS per
/// thread, then advanced for each new one: SipHash under two unpredictable keys), without a crate.
#[cfg(not(target_arch = "wasm32"))]
fn random_bytes() -> Option<[u8; 16]> {
    use std::hash::{BuildHasher, Hasher};
    let word = || {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(0x6563_6f75_7465); // any input: the keys carry the randomness
        h.finish()
    };
    let mut out = [0u8; 16];
    out[..8].copy_from_slice(&word().to_le_bytes());
    out[8..].copy_from_slice(&word().to_le_bytes());
    Some(out)
}

/// wasm32-unknown-unknown has no randomness of its own (std's hash keys there are constants).
#[cfg(target_arch = "wasm32")]
fn random_bytes() -> Option<[u8; 16]> {
    None
}

/// FNV-1a cut to 53 bits: stable across runs and platforms, exact as a JS number.
pub fn fnv53(bytes: &[u8]) -> u64 {
    let h = bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ *b as u64).wrapping_mul(0x0100_0000_01b3)
    });
    h & ((1 << 53) - 1)
}

/// Largest integer a JS number holds exactly (2^53 - 1).
pub const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// True when every number in `v` survives the trip into JS (`chrome.storage`, the wasm boundary) exactly.
/// A value that does not would make every later reply that carries it fail to cross the boundary, so
/// files from outside (imports, backups) are checked before they are merged.
pub fn js_safe(v: &Value) -> bool {
    match v {
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => u <= MAX_SAFE_INTEGER,
            (None, Some(i)) => i.unsigned_abs() <= MAX_SAFE_INTEGER,
            _ => true, // a float: JS holds it as well as Rust does
        },
        Value::Array(a) => a.iter().all(js_safe),
        Value::Object(o) => o.values().all(js_safe),
        _ => true,
    }
}

type Migration = fn(&mut BTreeMap<String, Value>, &mut Migrated);

/// `MIGRATIONS[i]` takes a store from schema `i + 1` to `i + 2`. Append only; never edit a shipped one.
const MIGRATIONS: &[Migration] = &[
    |e, m| migrate_1_to_2(e, &mut m.changed),
    |e, m| migrate_2_to_3(e, &mut m.changed),
    migrate_3_to_4,
];

/// What [`migrate`] did.
#[derive(Debug, Default)]
pub struct Migrated {
    pub from: u32,
    /// Keys whose values changed (to persist).
    pub changed: Vec<String>,
    /// Keys the new layout no longer has (their content moved to the kept-post store).
    pub removed: Vec<String>,
    /// Aggregates for the kept-post store, converted from older tallies.
    pub aggs: Vec<kept::Agg>,
    /// The older store's dedup memory, `[hash, hour_ms]`, for the kept-post store.
    pub legacy: Vec<[i64; 2]>,
}

/// Brings `entries` to [`SCHEMA_VERSION`] in place. A store with data but no `meta` predates versioning
/// and is schema 1; an empty store is simply new. A newer schema is an error: this version must not
/// overwrite what it cannot read.
pub fn migrate(entries: &mut BTreeMap<String, Value>, now_ms: i64) -> crate::base::Result<Migrated> {
    let schema = match entries.get(META) {
        Some(meta) => match meta.get("schema").and_then(Value::as_u64) {
            Some(s) => u32::try_from(s).unwrap_or(u32::MAX),
            // An unreadable meta is contained by the engine; read the rest as the oldest layout.
            None => 1,
        },
        None if entries.keys().any(|k| k.starts_with(TALLY) || k.starts_with(SEEN)) => 1,
        None => SCHEMA_VERSION,
    };
    if schema > SCHEMA_VERSION {
        return Err(crate::base::Error::FutureSchema {
            found: schema,
            supported: SCHEMA_VERSION,
        });
    }
    let mut migrated = Migrated { from: schema, ..Default::default() };
    for m in MIGRATIONS.iter().skip(schema.saturating_sub(1) as usize) {
        m(entries, &mut migrated);
    }
    let changed = &mut migrated.changed;
    // A meta that is not even an object is left for the engine to set aside (nothing lost) and replace.
    let meta_unreadable = entries.get(META).is_some_and(|m| !m.is_object());
    if !meta_unreadable && (schema < SCHEMA_VERSION || !entries.contains_key(META)) {
        let mut meta = entries
            .get(META)
            .cloned()
            .unwrap_or_else(|| serde_json::to_value(Meta::fresh(now_ms)).unwrap_or_default());
        meta["schema"] = json!(SCHEMA_VERSION);
        if meta.get("install_id").and_then(Value::as_str).map_or(true, str::is_empty) {
            meta["install_id"] = json!(install_id());
        }
        if meta.get("retention_days").and_then(Value::as_i64).is_none() {
            meta["retention_days"] = json!(DEFAULT_RETENTION_DAYS);
        }
        entries.insert(META.into(), meta);
        changed.push(META.into());
    }
    changed.sort();
    changed.dedup();
    Ok(migrated)
}

/// Schema 1 → 2. Schema 1 stored `seen:DAY` first as a bare array of 64-bit FNV-1a hashes and later as
/// `{hashes, total, sites}`; hashes above 2^53 cannot cross into JS (serde-wasm-bindgen refuses them), so
/// schema 2 keeps the low 53 bits, which is exactly what `post_hash` now computes for the same post.
/// New keys of schema 2 (watchlist, authors, terms, saved posts) start empty; tallies gain a `watch`
/// map that defaults to empty, so they are read as they are.
fn migrate_1_to_2(entries: &mut BTreeMap<String, Value>, changed: &mut Vec<String>) {
    const MASK: u64 = (1 << 53) - 1;
    let mask_all = |v: &Value| -> Option<Value> {
        let arr = v.as_array()?;
        let mut hashes: Vec<u64> = arr
            .iter()
            .filter_map(|h| h.as_u64().or_else(|| h.as_f64().map(|f| f as u64)))
            .map(|h| h & MASK)
            .collect();
        hashes.sort_unstable();
        hashes.dedup();
        Some(json!(hashes))
    };
    for (key, value) in entries.iter_mut() {
        if !key.starts_with(SEEN) {
            continue;
        }
        let new = if value.is_array() {
            mask_all(value).map(|hashes| json!({ "hashes": hashes }))
        } else if let Some(hashes) = value.get("hashes").and_then(mask_all) {
            let mut v = value.clone();
            v["hashes"] = hashes;
            Some(v)
        } else {
            None // unreadable: the engine sets it aside at load
        };
        if let Some(new) = new {
            if *value != new {
                *value = new;
                changed.push(key.clone());
            }
        }
    }
}

/// Schema 2 → 3. Schema 2 kept a day's dedup hashes inside `seen:DAY`, so every batch rewrote the whole
/// day's list (about 340 KB a batch at 20,000 posts a day). Schema 3 keeps them per hour under
/// `hashes:DAYTHH`; a day's schema-2 list goes to its first hour, `hashes:DAYT00`.
fn migrate_2_to_3(entries: &mut BTreeMap<String, Value>, changed: &mut Vec<String>) {
    let mut moved: Vec<(String, Vec<Value>)> = Vec::new();
    for (key, value) in entries.iter_mut() {
        let Some(day) = key.strip_prefix(SEEN) else {
            continue;
        };
        let Some(obj) = value.as_object_mut() else {
            continue; // unreadable: the engine sets it aside at load
        };
        if let Some(hashes) = obj.remove("hashes") {
            changed.push(key.clone());
            match hashes {
                Value::Array(list) if !list.is_empty() => moved.push((format!("{HASHES}{day}T00"), list)),
                _ => {}
            }
        }
    }
    for (key, list) in moved {
        match entries.get_mut(&key).and_then(Value::as_array_mut) {
            Some(existing) => existing.extend(list),
            None => {
                entries.insert(key.clone(), Value::Array(list));
            }
        }
        changed.push(key);
    }
}

/// Schema 3 → 4: the posts are kept (store/kept.rs) and every figure is read from their quarter-hour
/// aggregates, in the person's time zone. Schema 3 kept UTC day tallies (`tally:DAY`), "seen" days
/// (`seen:DAY`) and dedup hashes (`hashes:HOUR`) instead. They become:
/// - each tally hour → the aggregate of that UTC hour's first quarter (`p`: published), with its watch
///   items by their new ids; a day's per-site counts, which had no hours, go to its 12:00 UTC quarter;
/// - each seen day → the `s` (seen) sums of its 12:00 UTC quarter;
/// - the hashes → legacy dedup memory, so a post counted before the upgrade is not counted again.
/// The watch items get ids (1, 2, … in order). `tally:` days stay for the alert window (the engine
/// drops older ones at load); `seen:` and `hashes:` keys go. Nothing is lost: the host writes the
/// aggregates and legacy hashes before it removes a key, and a failed write leaves schema 3 as it was.
fn migrate_3_to_4(entries: &mut BTreeMap<String, Value>, m: &mut Migrated) {
    use crate::listening::tally::{Counts, DayTally};
    let mut ids: BTreeMap<String, u32> = BTreeMap::new();
    if let Some(list) = entries.get_mut(WATCHLIST).and_then(Value::as_array_mut) {
        let mut next = 1;
        for item in list.iter_mut() {
            if let (Some(q), Some(obj)) = (item.get("query").and_then(Value::as_str).map(str::to_owned), item.as_object_mut()) {
                if !ids.contains_key(&q) {
                    ids.insert(q, next);
                    obj.insert("id".into(), json!(next));
                    obj.insert("rev".into(), json!(1));
                    next += 1;
                }
            }
        }
        m.changed.push(WATCHLIST.into());
        if let Some(meta) = entries.get_mut(META).and_then(Value::as_object_mut) {
            meta.insert("next_item_id".into(), json!(ids.len() + 1));
        }
    }
    let hour_ms = |day: &str, h: &str| crate::base::time::parse_iso8601(&format!("{day}T{h}:00:00Z"));
    let mut aggs: BTreeMap<i64, kept::Agg> = BTreeMap::new();
    fn at(aggs: &mut BTreeMap<i64, kept::Agg>, q: i64) -> &mut kept::Agg {
        aggs.entry(q).or_insert_with(|| kept::Agg { q, ..Default::default() })
    }
    for (key, value) in entries.iter() {
        if let Some(day) = key.strip_prefix(TALLY) {
            // An unreadable day stays for the engine to set aside (nothing lost).
            let Ok(t) = serde_json::from_value::<DayTally>(value.clone()) else { continue };
            let Some(noon) = hour_ms(day, "12") else { continue };
            for (h, c) in &t.hours {
                if let Some(q) = hour_ms(day, h).filter(|_| crate::base::time::is_hour_of_day(h)) {
                    at(&mut aggs, q).p.total.add_counts(c);
                }
            }
            // Posts of the day outside its hours (none, unless a store was hand-edited) are hourless.
            let hourly = t.hours.values().fold(Counts::default(), |mut a, c| {
                a.add_counts(c);
                a
            });
            let mut rest = t.total.clone();
            rest.sub_counts(&hourly);
            if !rest.is_empty() {
                at(&mut aggs, noon).p.total.add_counts(&rest);
                at(&mut aggs, noon).p.partial.add_counts(&rest);
            }
            for (site, c) in &t.sites {
                at(&mut aggs, noon).p.sites.entry(site.clone()).or_default().add_counts(c);
            }
            for (query, w) in &t.watch {
                let Some(id) = ids.get(query) else { continue };
                for (h, c) in &w.hours {
                    if let Some(q) = hour_ms(day, h).filter(|_| crate::base::time::is_hour_of_day(h)) {
                        at(&mut aggs, q).p.items.entry(id.to_string()).or_default().add_counts(c);
                    }
                }
            }
        } else if let Some(day) = key.strip_prefix(SEEN) {
            // An unreadable one stays for the engine to set aside (nothing lost).
            let Some(noon) = hour_ms(day, "12").filter(|_| value.is_object()) else { continue };
            let total: Counts = value.get("total").cloned().and_then(|v| serde_json::from_value(v).ok()).unwrap_or_default();
            let sites: BTreeMap<String, Counts> = value.get("sites").cloned().and_then(|v| serde_json::from_value(v).ok()).unwrap_or_default();
            at(&mut aggs, noon).s.total.add_counts(&total);
            for (site, c) in sites {
                at(&mut aggs, noon).s.sites.entry(site).or_default().add_counts(&c);
            }
            m.removed.push(key.clone());
        } else if let Some(hour) = key.strip_prefix(HASHES) {
            let Some(at) = crate::base::time::parse_iso8601(&format!("{hour}:00Z")).filter(|_| value.is_array()) else { continue };
            for h in value.as_array().into_iter().flatten().filter_map(Value::as_u64) {
                m.legacy.push([(h & MAX_SAFE_INTEGER) as i64, at]);
            }
            m.removed.push(key.clone());
        }
    }
    m.aggs = aggs.into_values().collect();
    for k in &m.removed {
        entries.remove(k);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_739_196_187_000;

    #[test]
    fn schema_1_bare_arrays_become_seen_days_with_53_bit_hashes() {
        let big: u64 = 0xffff_ffff_ffff_fff0;
        let mut e: BTreeMap<String, Value> = BTreeMap::new();
        e.insert(META.into(), json!({"schema": 1, "retention_days": 30}));
        e.insert("seen:2025-02-10".into(), json!([big, 7]));
        e.insert("seen:2025-02-11".into(), json!({"hashes": [big], "total": {"posts": 1}}));
        e.insert("tally:2025-02-10".into(), json!({"day": "2025-02-10"}));
        let m = migrate(&mut e, NOW).unwrap();
        assert_eq!(m.from, 1);
        // Masked to 53 bits by 1 → 2, moved to the day's first hour by 2 → 3, legacy dedup memory by 3 → 4.
        let day = crate::base::time::parse_iso8601("2025-02-10").unwrap();
        let masked = (big & ((1 << 53) - 1)) as i64;
        assert_eq!(m.legacy, vec![[7, day], [masked, day], [masked, day + 86_400_000]]);
        assert!(!e.keys().any(|k| k.starts_with(SEEN) || k.starts_with(HASHES)));
        assert_eq!(m.aggs.iter().map(|a| a.s.total.posts).sum::<u64>(), 1, "seen day 11's one post");
        assert_eq!(e["meta"]["schema"], json!(SCHEMA_VERSION));
        assert_eq!(e["meta"]["retention_days"], json!(30));
        assert!(!e["meta"]["install_id"].as_str().unwrap().is_empty());
        // Migrating again is a no-op.
        let again = migrate(&mut e, NOW).unwrap();
        assert_eq!((again.from, again.changed.len()), (SCHEMA_VERSION, 0));
    }

    #[test]
    fn schema_2_seen_days_give_their_hashes_to_an_hour_key() {
        let mut e: BTreeMap<String, Value> = BTreeMap::new();
        e.insert(META.into(), json!({"schema": 2, "retention_days": 30, "install_id": "i1"}));
        e.insert("seen:2025-02-10".into(), json!({"hashes": [3, 1], "total": {"posts": 2}, "sites": {"x": {"posts": 2}}}));
        e.insert("seen:2025-02-11".into(), json!({"hashes": [], "total": {"posts": 0}}));
        e.insert("seen:2025-02-12".into(), json!("unreadable"));
        let m = migrate(&mut e, NOW).unwrap();
        assert_eq!(m.from, 2);
        let day = crate::base::time::parse_iso8601("2025-02-10").unwrap();
        assert_eq!(m.legacy, vec![[3, day], [1, day]]);
        let noon = day + 12 * 3_600_000;
        assert_eq!(m.aggs.iter().find(|a| a.q == noon).unwrap().s.sites["x"].posts, 2);
        // A day's sites, which had no hours, survive the trip through the aggregates' JSON.
        let agg: kept::Agg = serde_json::from_value(serde_json::to_value(m.aggs.iter().find(|a| a.q == noon).unwrap()).unwrap()).unwrap();
        assert_eq!(agg.s.sites["x"].posts, 2);
        assert_eq!(e["seen:2025-02-12"], json!("unreadable"), "left for the engine to set aside");
    }

    #[test]
    fn a_store_without_meta_is_schema_1_and_an_empty_one_is_new() {
        let mut e: BTreeMap<String, Value> = BTreeMap::new();
        e.insert("seen:2025-02-10".into(), json!([1]));
        let m = migrate(&mut e, NOW).unwrap();
        assert_eq!(m.from, 1);
        assert_eq!(m.legacy.len(), 1);
        let mut empty = BTreeMap::new();
        let m = migrate(&mut empty, NOW).unwrap();
        assert_eq!((m.from, m.changed.clone()), (SCHEMA_VERSION, vec!["meta".to_string()]));
    }

    #[test]
    fn refuses_newer_schemas() {
        let mut e: BTreeMap<String, Value> = BTreeMap::new();
        e.insert(META.into(), json!({"schema": SCHEMA_VERSION + 1, "retention_days": 30}));
        assert!(matches!(
            migrate(&mut e, NOW),
            Err(crate::base::Error::FutureSchema { found, supported: SCHEMA_VERSION }) if found == SCHEMA_VERSION + 1
        ));
    }

    #[test]
    fn js_safe_numbers() {
        assert!(js_safe(&json!({"a": [1, -5, 2.5, MAX_SAFE_INTEGER]})));
        assert!(!js_safe(&json!({"a": [{"b": MAX_SAFE_INTEGER + 1}]})));
        assert!(!js_safe(&json!(i64::MIN)));
    }

    #[test]
    fn install_ids_are_random_not_the_install_time() {
        let (a, b) = (Meta::fresh(NOW), Meta::fresh(NOW));
        assert!(a.has_random_id() && b.has_random_id(), "{a:?}");
        assert_ne!(a.install_id, b.install_id, "two stores made at the same millisecond differ");
        assert!(!a.install_id.contains(&format!("{NOW:x}")), "the time is not in it");
        // The host's randomness (wasm: crypto.getRandomValues) replaces an empty or time-based id, once.
        let mut old: Meta = serde_json::from_value(json!({"schema": 3, "retention_days": 90, "install_id": "i194f0c6b1b8-3a2f"})).unwrap();
        assert!(!old.has_random_id());
        assert!(!old.adopt_random_id(&[7; 15]), "fewer than 16 bytes are not enough");
        assert!(old.adopt_random_id(&[0xab; 16]));
        assert_eq!(old.install_id, format!("r{}", "ab".repeat(16)));
        assert!(!old.adopt_random_id(&[1; 16]), "a random id is kept");
        let mut empty = Meta { install_id: String::new(), ..a };
        assert!(empty.adopt_random_id(&[1; 32]) && empty.has_random_id());
    }

    /// The pseudonym key: random in a new native store, given by the host once where missing (bytes 16
    /// to 32, apart from the install id's), then kept; never beside the install id in the clear.
    #[test]
    fn the_pseudonym_key_is_random_and_kept() {
        let (a, b) = (Meta::fresh(NOW), Meta::fresh(NOW));
        assert_eq!(a.pseudonym_key.len(), 32);
        assert_ne!(a.pseudonym_key, b.pseudonym_key);
        assert!(!a.install_id.contains(&a.pseudonym_key));
        let mut old: Meta = serde_json::from_value(json!({"schema": 3, "retention_days": 90, "install_id": format!("r{}", "ab".repeat(16))})).unwrap();
        assert!(old.pseudonym_key.is_empty());
        assert!(!old.adopt_random_id(&[0xcd; 16]), "16 bytes make no key");
        let mut random = [0xcd; 32];
        random[16..].copy_from_slice(&[0x5a; 16]);
        assert!(old.adopt_random_id(&random));
        assert_eq!(old.pseudonym_key, "5a".repeat(16));
        assert_eq!(old.install_id, format!("r{}", "ab".repeat(16)), "the id was random already");
        assert!(!old.adopt_random_id(&[1; 32]), "a key is kept");
        let back: Meta = serde_json::from_value(serde_json::to_value(&old).unwrap()).unwrap();
        assert_eq!(back.pseudonym_key, old.pseudonym_key, "persisted in meta");
    }
}
