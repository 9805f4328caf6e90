//! The engine: the single writer of Écoute's store. It takes batches of posts, analyses them, counts each
//! distinct post once (kept posts and their sums, watch items, authors, trend terms), and says what
//! changed so the host (the extension's background, or the CLI) makes it durable *before* acknowledging
//! the batch. It does no I/O: the host looks up what it keeps of a batch first ([`Known`]).
//!
//! ```text
//!  ingest_known(posts, known) ─► validate, bound ─► analyze ─► watchlist match ─► dedup (kept? legacy?)
//!                                                                                   │ first time only
//!      kept: KeptPost (store/kept.rs) ◄───────────────────────────────────────────────┤
//!      deltas: Agg per quarter hour (published / seen, sites, items) ◄───────────────┤
//!      tally:DAY (the alert window) ◄────────────────────────────────────────────────┤
//!      author:SITE:HANDLE (influence.rs), terms:HOUR (trends.rs) ◄───────────────────┘
//!  then: trends.evaluate (rising terms, lead-user credit), alerts; annotations get watch/trends/badges
//!  recount(mark, chunk): a watch item added or edited, counted over the kept posts
//! ```
//! The store layout, schema version and migrations are in store/mod.rs.
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::analysis::Analysis;
use crate::error::Refusal;
use crate::export::Skip;
use crate::influence::{author_key, AuthorStats, Authors, Badge};
use crate::post::{cap_text, Post};
use crate::saved::{SaveRequest, SavedPost, SavedUpdate, MAX_SAVED};
use crate::store::kept::{self, quarter, Agg, AggDeltas, KeptPost, WatchMark};
use crate::store::{self, fnv53};
use crate::tally::DayTally;
use crate::time::{day_key, parse_iso8601};
use crate::trends::{Alert, HourTerms, Rise, Trends};
use crate::watch::{Doc, WatchItem, Watchlist};

pub use crate::store::{Meta, DEFAULT_RETENTION_DAYS, SCHEMA_VERSION};

/// Days of tallies the engine keeps in memory for the alerts: the trend week and a day either side.
pub const ALERT_DAYS: i64 = 9;

/// The `format` of a backup document ([`Engine::backup`]).
pub const BACKUP_FORMAT: &str = "ecoute-backup";

/// What the page gets back for one post.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Annotation {
    pub site: String,
    pub id: String,
    /// False when this post had been counted before (another tab, a reload): annotated, not counted again.
    pub counted: bool,
    /// Watch queries this post matches, as written.
    #[serde(default)]
    pub watch: Vec<String>,
    /// Terms of this post that are rising now.
    #[serde(default)]
    pub trends: Vec<String>,
    /// Its author's badges, each with its why.
    #[serde(default)]
    pub badges: Vec<Badge>,
    #[serde(flatten)]
    pub analysis: Analysis,
}

/// The result of one batch: annotations for the page, and the store writes to make durable first.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct BatchResult {
    pub annotations: Vec<Annotation>,
    /// Posts refused, with the reason (one bad record never sinks the batch).
    pub rejected: Vec<String>,
    pub writes: BTreeMap<String, Value>,
    pub removals: Vec<String>,
    /// Watch items that spiked with this batch (the extension shows a toolbar badge).
    #[serde(default)]
    pub alerts: Vec<Alert>,
    /// Terms that started rising with this batch.
    #[serde(default)]
    pub rising: Vec<Rise>,
    /// Posts to put in the kept-post store (new ones, and those seen again with their `last_seen`).
    #[serde(default)]
    pub kept: Vec<KeptPost>,
    /// Sums to add to the `aggs` store, one record per quarter hour.
    #[serde(default)]
    pub deltas: Vec<Agg>,
    /// Whole `aggs` records to put as they are (a migration's converted tallies).
    #[serde(default)]
    pub agg_puts: Vec<Agg>,
    /// Dedup memory of an older store: `[hash, hour_ms]` of posts counted before posts were kept.
    #[serde(default)]
    pub legacy: Vec<[i64; 2]>,
    /// Drop kept posts first seen, aggregates and legacy hashes before this instant (retention).
    #[serde(default)]
    pub prune_before: Option<i64>,
    /// Watch items whose counts leave the aggregates now (deleted, or edited and to be recounted).
    #[serde(default)]
    pub clear_items: Vec<u32>,
    /// Recounts to run over the kept posts (an item added or its query edited): `[id, rev]`.
    #[serde(default)]
    pub recount: Vec<WatchMark>,
    /// Posts read from an import: the host keeps those it does not keep yet, through [`Engine::adopt`].
    #[serde(default)]
    pub adopt: Vec<KeptPost>,
}

impl BatchResult {
    fn write<T: Serialize>(&mut self, key: String, value: &T) {
        // Serialising plain structs of strings and numbers to a Value cannot fail; a default is safe.
        self.writes.insert(key, serde_json::to_value(value).unwrap_or_default());
    }

    /// The host sets the writes, then removes the removals: a key both removed and rewritten by the same
    /// result (set aside, then rebuilt) must only be written.
    fn settle(mut self) -> Self {
        let writes = &self.writes;
        self.removals.retain(|k| !writes.contains_key(k));
        self
    }

    fn add_deltas(&mut self, deltas: AggDeltas) {
        self.deltas.extend(deltas.into_values());
    }
}

/// What the host found in its kept-post store for a batch, before ingest: the posts already kept (by
/// `site:id`) and the older store's dedup hashes among the batch's ([`post_hash`]).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Known {
    pub posts: Vec<KeptPost>,
    pub legacy: Vec<u64>,
}

/// A recount's answer for one chunk of kept posts: those whose marks changed, and the sums to add.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Recounted {
    pub kept: Vec<KeptPost>,
    pub deltas: Vec<Agg>,
    pub matched: usize,
}

/// A store problem that was contained rather than fatal: the unreadable value is kept under `moved_to`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Recovery {
    pub key: String,
    pub problem: String,
    pub moved_to: String,
}

#[derive(Debug)]
pub struct Engine {
    meta: Meta,
    /// The last [`ALERT_DAYS`] UTC days of tallies, for the alerts' baselines (trends.rs). Every figure
    /// shown is read from the kept posts' aggregates instead (store/kept.rs).
    days: BTreeMap<String, DayTally>,
    /// Dedup for an ephemeral engine (the CLI): a durable one asks the host's kept-post store.
    seen_index: HashSet<u64>,
    watchlist: Watchlist,
    authors: Authors,
    trends: Trends,
    saved: BTreeMap<String, SavedPost>,
    /// What the person's corrections taught the learned model (issue 13), applied to every post read.
    adapt: crate::analysis::adapt::Adjustment,
    /// False for the CLI: no store writes are built and dedup keeps only its index, so memory stays flat
    /// but for the dedup set.
    durable: bool,
}

impl Default for Engine {
    fn default() -> Self {
        Engine {
            meta: Meta::default(),
            days: BTreeMap::new(),
            seen_index: HashSet::new(),
            watchlist: Watchlist::default(),
            authors: Authors::default(),
            trends: Trends::default(),
            saved: BTreeMap::new(),
            adapt: Default::default(),
            durable: true,
        }
    }
}

impl Engine {
    pub fn new() -> Self {
        Self::default()
    }

    /// An engine that builds no store writes (the CLI, which keeps nothing between runs).
    pub fn ephemeral() -> Self {
        Engine {
            durable: false,
            ..Self::default()
        }
    }

    /// Rebuilds the engine from every stored key (e.g. `chrome.storage.local.get(null)`), migrating older
    /// schemas first (their rewritten keys are in the returned writes). Unknown keys are ignored;
    /// unreadable ones are contained: the returned writes keep the bad value under `corrupt:KEY:NOW`
    /// (nothing lost) and the key starts afresh. A store from a newer schema is an error: this version
    /// must not overwrite what it cannot read.
    pub fn load(
        mut entries: BTreeMap<String, Value>,
        now_ms: i64,
    ) -> crate::Result<(Engine, BatchResult, Vec<Recovery>)> {
        let migrated = store::migrate(&mut entries, now_ms)?;
        let mut engine = Engine::new();
        let mut fix = BatchResult {
            removals: migrated.removed,
            agg_puts: migrated.aggs,
            legacy: migrated.legacy,
            ..Default::default()
        };
        for key in &migrated.changed {
            if let Some(v) = entries.get(key) {
                fix.writes.insert(key.clone(), v.clone());
            }
        }
        let mut recoveries = Vec::new();
        let mut contain = |key: &str, value: &Value, problem: String, fix: &mut BatchResult| {
            let moved_to = format!("{}{key}:{now_ms}", store::CORRUPT);
            fix.writes.insert(moved_to.clone(), value.clone());
            fix.writes.remove(key);
            fix.removals.push(key.to_string());
            recoveries.push(Recovery {
                key: key.to_string(),
                problem,
                moved_to,
            });
        };
        for (key, value) in &entries {
            let problem = if key == store::META {
                match serde_json::from_value::<Meta>(value.clone()) {
                    // A retention outside its bounds (a hand-edited or damaged store) would prune everything
                    // or overflow: the meta is set aside and replaced, like an unreadable one.
                    Ok(m) if !store::RETENTION_RANGE.contains(&m.retention_days) => Some(format!("retention of {} days is out of range", m.retention_days)),
                    Ok(m) => {
                        engine.meta = m;
                        None
                    }
                    Err(e) => Some(e.to_string()),
                }
            } else if key == store::WATCHLIST {
                match serde_json::from_value::<Vec<WatchItem>>(value.clone()) {
                    Ok(items) => Watchlist::new(items).map(|w| engine.watchlist = w).err().map(|e| e.to_string()),
                    Err(e) => Some(e.to_string()),
                }
            } else if key == store::TRENDS {
                match serde_json::from_value::<Vec<Rise>>(value.clone()) {
                    Ok(log) => {
                        let alerts = engine.trends.alerts().to_vec();
                        engine.trends.restore_log(log, alerts);
                        None
                    }
                    Err(e) => Some(e.to_string()),
                }
            } else if key == store::ALERTS {
                match serde_json::from_value::<Vec<Alert>>(value.clone()) {
                    Ok(alerts) => {
                        let log = engine.trends.log().to_vec();
                        engine.trends.restore_log(log, alerts);
                        None
                    }
                    Err(e) => Some(e.to_string()),
                }
            } else if let Some(day) = key.strip_prefix(store::TALLY) {
                // A day key is what pruning goes by: a malformed one would be kept forever.
                if !crate::time::is_hour_or_day_key(day) || day.len() != 10 {
                    Some("not a YYYY-MM-DD day".to_string())
                } else {
                    serde_json::from_value::<DayTally>(value.clone())
                        .map(|t| {
                            engine.days.insert(day.to_string(), t);
                        })
                        .err()
                        .map(|e| e.to_string())
                }
            } else if key == store::ADAPT {
                serde_json::from_value::<crate::analysis::adapt::Adjustment>(value.clone())
                    .map(|a| engine.adapt = a.ready())
                    .err()
                    .map(|e| e.to_string())
            } else if key.starts_with(store::SEEN) || key.starts_with(store::HASHES) {
                Some("an older layout's value that could not be migrated".to_string())
            } else if let Some(author) = key.strip_prefix(store::AUTHOR) {
                serde_json::from_value::<AuthorStats>(value.clone())
                    .map(|a| engine.authors.insert(author.to_string(), a))
                    .err()
                    .map(|e| e.to_string())
            } else if let Some(hour) = key.strip_prefix(store::TERMS) {
                // The hour key orders the trend windows: a malformed one would sit in "now" forever.
                let valid = match hour.len() {
                    13 => parse_iso8601(&format!("{hour}:00Z")).is_some(),
                    10 => parse_iso8601(hour).is_some(),
                    _ => false,
                };
                if !valid {
                    Some("not a YYYY-MM-DDTHH hour or YYYY-MM-DD day".to_string())
                } else {
                    serde_json::from_value::<HourTerms>(value.clone())
                        .map(|t| engine.trends.restore_hour(hour.to_string(), t))
                        .err()
                        .map(|e| e.to_string())
                }
            } else if let Some(id) = key.strip_prefix(store::SAVED) {
                serde_json::from_value::<SavedPost>(value.clone())
                    .map(|s| {
                        engine.saved.insert(id.to_string(), s);
                    })
                    .err()
                    .map(|e| e.to_string())
            } else {
                None
            };
            if let Some(problem) = problem {
                contain(key, value, problem, &mut fix);
            }
        }
        if fix.removals.iter().any(|k| k == store::META) {
            // The host sets the writes before it removes the removals: a rewritten key is not removed.
            fix.removals.retain(|k| k != store::META);
            engine.meta = Meta::fresh(now_ms);
            fix.write(store::META.into(), &engine.meta);
        }
        engine.prune(now_ms, &mut fix);
        Ok((engine, fix.settle(), recoveries))
    }

    /// Analyses a batch and counts the posts not seen before, for an engine whose host keeps no posts
    /// (the CLI, tests): dedup by the engine's own memory.
    pub fn ingest(&mut self, posts: &[Post], now_ms: i64) -> BatchResult {
        self.ingest_known(posts, &Known::default(), now_ms, 0)
    }

    /// Analyses a batch and counts the posts not seen before. `known` is what the host's kept-post store
    /// holds of these posts (looked up by `site:id` and [`post_hash`] before the call); `now_ms` is when
    /// they were seen and `utc_offset_min` the person's UTC offset then (for dates shown as text).
    pub fn ingest_known(&mut self, posts: &[Post], known: &Known, now_ms: i64, utc_offset_min: i32) -> BatchResult {
        let mut out = BatchResult::default();
        let mut touched_days = BTreeSet::new();
        let mut touched_authors = BTreeSet::new();
        let mut touched_hours = BTreeSet::new();
        let mut counted_any = false;
        let kept_before: HashMap<&str, &KeptPost> = known.posts.iter().map(|p| (p.k.as_str(), p)).collect();
        let legacy: HashSet<u64> = known.legacy.iter().copied().collect();
        let mut in_batch: HashSet<String> = HashSet::new();
        let mut deltas = AggDeltas::new();
        // Dated figures keep the retention window by publication time: an older post (an old thread
        // scrolled today) is kept and counted as seen, and said to be older, but makes no dated figure
        // that the next prune would take away unannounced. An ephemeral engine (the CLI, on files of any
        // age) keeps every day.
        let oldest_ms = if self.durable { now_ms - self.meta.retention_days * 86_400_000 } else { i64::MIN };
        let alert_oldest = day_key(now_ms - ALERT_DAYS * 86_400_000);
        let mut pending: Vec<(Annotation, Vec<String>, Option<String>)> = Vec::with_capacity(posts.len());
        for post in posts {
            if let Err(e) = post.validate() {
                out.rejected.push(format!("{}: {e}", cap_text(&post.key(), 80)));
                continue;
            }
            // Every field bounded before anything is counted or kept (post.rs `limits`).
            let post = &post.bounded();
            let text = post.capped_text();
            let analysis = crate::analysis::analyze_adjusted(text, &self.adapt);
            let items: Vec<&WatchItem> = if self.watchlist.is_empty() {
                Vec::new()
            } else {
                self.watchlist.matching_items(&Doc::new(text, &post.author.handle))
            };
            let watch: Vec<String> = items.iter().map(|i| i.query.clone()).collect();
            let terms = crate::trends::terms(text);
            let author = author_key(&post.site, &post.author.handle);
            let key = post.key();
            let hash = post_hash(post);
            let before = kept_before.get(key.as_str());
            let counted = if !self.durable {
                self.seen_index.insert(hash)
            } else {
                before.is_none() && !legacy.contains(&hash) && in_batch.insert(key.clone())
            };
            let (published, precision, hourless) = publication(post, now_ms, utc_offset_min);
            if counted {
                counted_any = true;
                // Tallied by publication when the page says when, never later than now (a date in the
                // future, a page's error or a clock ahead, would make a figure no prune ever reaches).
                let at = published.map(|p| p.min(now_ms));
                let dated = at.filter(|&t| t >= oldest_ms && !kept::coarse(precision.as_deref()));
                let mut k = kept_post(post, text, &analysis, now_ms);
                k.k = key.clone();
                k.watch = items.iter().map(|i| [i.id, i.rev]).collect();
                k.terms = terms.clone();
                k.published = at;
                k.precision = precision.clone();
                k.hourless = hourless;
                k.pq = dated.map(quarter);
                let ids: Vec<u32> = items.iter().map(|i| i.id).collect();
                if self.durable {
                    kept::contribute(&mut deltas, &k, &ids, false);
                }
                let at_or_now = at.unwrap_or(now_ms);
                let day = day_key(at_or_now);
                // The alert window counts posts when published, or seen when undated (alerts are about
                // now); the CLI's ephemeral engine keeps every day: its tallies are its figures.
                if (dated.is_some() || at.is_none()) && (day >= alert_oldest || !self.durable) {
                    let hour = crate::time::hour_key(at_or_now)[11..].to_string();
                    self.days
                        .entry(day.clone())
                        .or_insert_with(|| DayTally::new(&day))
                        .add_post(&hour, &post.site, &analysis, &watch);
                    touched_days.insert(day);
                }
                if let Some(a) = self.authors.observe(post, &watch, now_ms) {
                    touched_authors.insert(a);
                }
                let engaged = post.metrics.engagement() > 0;
                let who = author.as_deref().map(|k| (k, fnv53(k.as_bytes())));
                if let Some(h) = self.trends.add(&terms, at_or_now, now_ms, who, engaged) {
                    touched_hours.insert(h);
                }
                if self.durable {
                    out.kept.push(k);
                }
            } else {
                if let Some(a) = self.authors.seen_again(post) {
                    touched_authors.insert(a);
                }
                if self.durable {
                    match before {
                        // Seen again: when, and the counts as they are now.
                        Some(old) => {
                            let mut k = (*old).clone();
                            k.last_seen = now_ms.max(k.last_seen);
                            k.metrics = post.metrics;
                            k.shown = post.shown.clone();
                            out.kept.push(k);
                        }
                        // Counted by the older store, not kept yet: kept now, its sums are already in.
                        None if in_batch.insert(key.clone()) => {
                            let mut k = kept_post(post, text, &analysis, now_ms);
                            k.k = key.clone();
                            k.watch = items.iter().map(|i| [i.id, i.rev]).collect();
                            k.terms = terms.clone();
                            k.published = published;
                            k.precision = precision.clone();
                            k.legacy = true;
                            out.kept.push(k);
                        }
                        None => {}
                    }
                }
            }
            let annotation = Annotation {
                site: post.site.clone(),
                id: post.id.clone(),
                counted,
                watch,
                trends: Vec::new(),
                badges: Vec::new(),
                analysis,
            };
            pending.push((annotation, terms, author));
        }
        if counted_any {
            out.rising = self.trends.evaluate(now_ms);
            for r in out.rising.iter().filter(|r| r.via == "baseline") {
                for a in self.trends.early_authors(&r.term, now_ms) {
                    if self.authors.credit_early(&a, &r.term) {
                        touched_authors.insert(a);
                    }
                }
            }
            let items: Vec<String> = self.watchlist.items().map(|i| i.query.clone()).collect();
            out.alerts = self.trends.check_alerts(&self.days, items.iter().map(String::as_str), now_ms);
        }
        let rising = self.trends.rising();
        for (mut a, terms, author) in pending {
            a.trends = terms.into_iter().filter(|t| rising.contains_key(t)).collect();
            a.badges = author.map(|k| self.badges(&k)).unwrap_or_default();
            out.annotations.push(a);
        }
        let (dropped, compacted) = self.trends.prune(now_ms);
        for h in dropped {
            touched_hours.remove(&h);
            out.removals.push(format!("{}{h}", store::TERMS));
        }
        touched_hours.extend(compacted);
        for k in self.cap_authors() {
            touched_authors.remove(&k);
            out.removals.push(format!("{}{k}", store::AUTHOR));
        }
        if !self.durable {
            return out;
        }
        out.add_deltas(deltas);
        for day in self.days.range(..alert_oldest).map(|(d, _)| d.clone()).collect::<Vec<_>>() {
            self.days.remove(&day);
            touched_days.remove(&day);
            out.removals.push(format!("{}{day}", store::TALLY));
        }
        for day in touched_days {
            out.write(format!("{}{day}", store::TALLY), &self.days[&day]);
        }
        for k in touched_authors {
            if let Some(a) = self.authors.get(&k) {
                out.write(format!("{}{k}", store::AUTHOR), a);
            }
        }
        for h in touched_hours {
            if let Some(t) = self.trends.hours().get(&h) {
                out.write(format!("{}{h}", store::TERMS), t);
            }
        }
        if !out.rising.is_empty() {
            out.write(store::TRENDS.into(), &self.trends.log());
        }
        if !out.alerts.is_empty() {
            out.write(store::ALERTS.into(), &self.trends.alerts());
        }
        out.settle()
    }

    /// Recounts watch item `mark` (`[id, rev]`) over one chunk of kept posts: a post already marked with
    /// this revision was counted at ingest and is skipped; any other mark of the item is replaced. The
    /// host cleared the item's sums when the recount began (`clear_items`), so the deltas rebuild them.
    pub fn recount(&self, mark: WatchMark, chunk: Vec<KeptPost>) -> Recounted {
        let [id, _] = mark;
        let query = self.watchlist.by_id(id).filter(|(i, _)| i.rev == mark[1]).map(|(_, q)| q);
        let mut out = Recounted::default();
        let mut deltas = AggDeltas::new();
        for mut post in chunk {
            if post.has_mark(mark) {
                continue;
            }
            let before = post.watch.len();
            post.watch.retain(|m| m[0] != id);
            let matches = query.is_some_and(|q| q.matches(&Doc::new(&post.text, &post.author.handle)));
            if matches {
                post.watch.push(mark);
                out.matched += 1;
                kept::contribute(&mut deltas, &post, &[id], true);
            }
            if matches || post.watch.len() != before {
                out.kept.push(post);
            }
        }
        out.deltas = deltas.into_values().collect();
        out
    }

    /// The positions of the posts in a search projection that watch item `mark` matches
    /// ([`crate::watch::Watchlist::search`]): the recount's first pass, over text only.
    pub fn search(&self, mark: WatchMark, docs: &str) -> Vec<u32> {
        self.watchlist.search(mark[0], mark[1], docs)
    }

    pub fn meta(&self) -> &Meta {
        &self.meta
    }

    pub fn day(&self, day: &str) -> Option<&DayTally> {
        self.days.get(day)
    }

    pub fn days(&self) -> impl Iterator<Item = &DayTally> {
        self.days.values()
    }

    /// Distinct posts counted by an ephemeral engine (the CLI).
    pub fn distinct_posts(&self) -> usize {
        self.seen_index.len()
    }

    /// Day tallies folded from the aggregates (watch items by id) with each item named by its query, as
    /// the pages and exports show them; items no longer watched are left out.
    pub fn named_days(&self, days: &[DayTally]) -> Vec<DayTally> {
        let names: HashMap<String, &str> = self.watchlist.items().map(|i| (i.id.to_string(), i.query.as_str())).collect();
        days.iter()
            .map(|d| {
                let mut d = d.clone();
                d.watch = std::mem::take(&mut d.watch)
                    .into_iter()
                    .filter_map(|(id, t)| names.get(&id).map(|q| (q.to_string(), t)))
                    .collect();
                d
            })
            .collect()
    }

    /// The names (label, else query) of the watch items behind these marks; gone items are left out.
    pub fn item_names(&self, marks: &[WatchMark]) -> Vec<String> {
        marks
            .iter()
            .filter_map(|[id, _]| self.watchlist.by_id(*id).map(|(i, _)| self.watchlist.display_name(&i.query).to_string()))
            .collect()
    }

    pub fn watchlist(&self) -> Vec<WatchItem> {
        self.watchlist.items().cloned().collect()
    }

    pub fn authors(&self) -> &Authors {
        &self.authors
    }

    /// An author's badges, watch items named by their labels.
    pub fn badges(&self, author_key: &str) -> Vec<Badge> {
        self.authors.badges(author_key, &self.watchlist)
    }

    pub fn trends(&self) -> &Trends {
        &self.trends
    }

    pub fn saved(&self) -> impl Iterator<Item = &SavedPost> {
        self.saved.values()
    }

    /// Replaces the watchlist. A bad query is an error naming the item, the position and the problem,
    /// and nothing changes. Items keep their id (a new one, id 0, gets the next); an item whose query
    /// changed gets a new revision. Both are recounted over the kept posts (`recount`), after their old
    /// sums are cleared (`clear_items`, with the deleted items'); the pending recounts are stored
    /// (`recounts`) so that a stopped worker resumes them.
    pub fn set_watchlist(&mut self, mut items: Vec<WatchItem>) -> crate::Result<BatchResult> {
        let old: HashMap<u32, WatchItem> = self.watchlist.items().map(|i| (i.id, i.clone())).collect();
        let mut next = self.meta.next_item_id.max(old.keys().max().map_or(1, |m| m + 1));
        let mut recount = Vec::new();
        for item in items.iter_mut() {
            match old.get(&item.id).filter(|_| item.id != 0) {
                Some(o) if o.query == item.query => item.rev = o.rev,
                Some(o) => {
                    item.rev = o.rev + 1;
                    recount.push([item.id, item.rev]);
                }
                None => {
                    item.id = next;
                    item.rev = 1;
                    next += 1;
                    recount.push([item.id, item.rev]);
                }
            }
        }
        let list = Watchlist::new(items)?;
        let kept_ids: HashSet<u32> = list.items().map(|i| i.id).collect();
        let mut out = BatchResult::default();
        out.clear_items = recount.iter().map(|m| m[0]).chain(old.keys().copied().filter(|id| !kept_ids.contains(id))).collect();
        out.clear_items.sort_unstable();
        out.clear_items.dedup();
        self.watchlist = list;
        self.meta.next_item_id = next;
        self.meta.recounts.retain(|m| kept_ids.contains(&m[0]) && !recount.iter().any(|r| r[0] == m[0]));
        self.meta.recounts.extend(recount.iter().copied());
        out.recount = self.meta.recounts.clone();
        out.write(store::WATCHLIST.into(), &self.watchlist());
        out.write(store::META.into(), &self.meta);
        Ok(out)
    }

    /// Posts from an import that the host does not keep yet: marked with the watch items they mention
    /// now, placed in the retention window, and counted (`kept`, `deltas`).
    pub fn adopt(&self, posts: Vec<KeptPost>, now_ms: i64) -> BatchResult {
        let oldest_ms = now_ms - self.meta.retention_days * 86_400_000;
        let mut out = BatchResult::default();
        let mut deltas = AggDeltas::new();
        for mut p in posts {
            let items = self.watchlist.matching_items(&Doc::new(&p.text, &p.author.handle));
            p.watch = items.iter().map(|i| [i.id, i.rev]).collect();
            p.published = p.published.map(|t| t.min(now_ms));
            p.pq = p.published.filter(|&t| t >= oldest_ms && !kept::coarse(p.precision.as_deref())).map(quarter);
            p.hourless = p.precision.as_deref() == Some("day");
            p.first_seen = p.first_seen.min(now_ms);
            p.last_seen = p.last_seen.clamp(p.first_seen, now_ms);
            p.sq = quarter(p.first_seen);
            p.legacy = false;
            if p.sq < quarter(oldest_ms) {
                continue; // seen before the retention window: it would be pruned at once
            }
            let ids: Vec<u32> = items.iter().map(|i| i.id).collect();
            kept::contribute(&mut deltas, &p, &ids, false);
            out.kept.push(p);
        }
        out.add_deltas(deltas);
        out
    }

    /// A recount ran over every kept post: it is no longer pending.
    pub fn recount_done(&mut self, mark: WatchMark) -> BatchResult {
        let mut out = BatchResult::default();
        let before = self.meta.recounts.len();
        self.meta.recounts.retain(|m| *m != mark);
        if self.meta.recounts.len() != before {
            out.write(store::META.into(), &self.meta);
        }
        out
    }

    /// The recounts still to run (resumed by the host after a restart).
    pub fn pending_recounts(&self) -> &[WatchMark] {
        &self.meta.recounts
    }

    /// Sets how many days of tallies, dedup memory, authors and trend data are kept, and prunes now.
    pub fn set_retention(&mut self, days: i64, now_ms: i64) -> crate::Result<BatchResult> {
        if !store::RETENTION_RANGE.contains(&days) {
            return Err(Refusal::RetentionRange { min: *store::RETENTION_RANGE.start(), max: *store::RETENTION_RANGE.end() }.into());
        }
        self.meta.retention_days = days;
        let mut out = BatchResult::default();
        out.write(store::META.into(), &self.meta);
        self.prune(now_ms, &mut out);
        Ok(out.settle())
    }

    /// Saves (or re-saves, keeping its tags and note unless given) a post to a collection.
    pub fn save_post(&mut self, req: SaveRequest, now_ms: i64) -> crate::Result<BatchResult> {
        let mut new = SavedPost::from_request(req, now_ms)?;
        if let Some(old) = self.saved.get(&new.id) {
            new.saved_at = old.saved_at;
            if new.tags.is_empty() {
                new.tags = old.tags.clone();
            }
            if new.note.is_empty() {
                new.note = old.note.clone();
            }
        } else if self.saved.len() >= MAX_SAVED {
            return Err(Refusal::SavedFull { max: MAX_SAVED }.into());
        }
        let mut out = BatchResult::default();
        out.write(new.store_key(), &new);
        self.saved.insert(new.id.clone(), new);
        Ok(out)
    }

    pub fn update_saved(&mut self, id: &str, update: SavedUpdate, now_ms: i64) -> crate::Result<BatchResult> {
        let Some(s) = self.saved.get_mut(id) else {
            return Err(Refusal::NoSavedPost { id: id.to_string() }.into());
        };
        let mut changed = s.clone();
        changed.apply(update, now_ms)?;
        *s = changed;
        let mut out = BatchResult::default();
        out.write(s.store_key(), &*s);
        Ok(out)
    }

    pub fn delete_saved(&mut self, id: &str) -> crate::Result<BatchResult> {
        let Some(s) = self.saved.remove(id) else {
            return Err(Refusal::NoSavedPost { id: id.to_string() }.into());
        };
        let mut out = BatchResult::default();
        out.removals.push(s.store_key());
        Ok(out)
    }

    /// Every key this engine would store, with its value: the whole store (backup, reset, tests).
    pub fn entries(&self) -> BTreeMap<String, Value> {
        let mut out = BatchResult::default();
        out.write(store::META.into(), &self.meta);
        out.write(store::WATCHLIST.into(), &self.watchlist());
        for (day, t) in &self.days {
            out.write(format!("{}{day}", store::TALLY), t);
        }
        for (k, a) in self.authors.iter() {
            out.write(format!("{}{k}", store::AUTHOR), a);
        }
        for (h, t) in self.trends.hours() {
            out.write(format!("{}{h}", store::TERMS), t);
        }
        out.write(store::TRENDS.into(), &self.trends.log());
        out.write(store::ALERTS.into(), &self.trends.alerts());
        for s in self.saved.values() {
            out.write(s.store_key(), s);
        }
        if !self.adapt.is_empty() {
            out.write(store::ADAPT.into(), &self.adapt);
        }
        out.writes
    }

    /// The whole store as one JSON document (a backup file).
    pub fn backup(&self, now_ms: i64) -> Value {
        serde_json::json!({
            "format": BACKUP_FORMAT,
            "schema": SCHEMA_VERSION,
            "created_at": now_ms,
            "entries": self.entries(),
        })
    }

    /// Replaces the whole store with a backup (of this schema or an older one: it is migrated). Returns
    /// the writes for every restored key and the removals of the current keys the backup lacks, and
    /// what had to be set aside. Nothing changes when the document is not a readable backup.
    pub fn restore(&mut self, doc: &Value, now_ms: i64) -> crate::Result<(BatchResult, Vec<Recovery>, Vec<Skip>)> {
        if !store::js_safe(doc) {
            return Err(Refusal::BackupUnsafeNumber { max: store::MAX_SAFE_INTEGER }.into());
        }
        if doc.get("format").and_then(Value::as_str) != Some(BACKUP_FORMAT) {
            return Err(Refusal::NotABackup.into());
        }
        let mut entries: BTreeMap<String, Value> = doc
            .get("entries")
            .cloned()
            .and_then(|e| serde_json::from_value(e).ok())
            .ok_or(Refusal::BackupNoEntries)?;
        // A file is untrusted: held to the limits the engine keeps itself (export.rs `check_backup`).
        let skips = crate::export::check_backup(&mut entries, now_ms)?;
        let (mut restored, fix, recoveries) = Engine::load(entries, now_ms)?;
        restored.durable = self.durable;
        let mut out = BatchResult::default();
        let new_entries = restored.entries();
        out.removals = self.entries().into_keys().filter(|k| !new_entries.contains_key(k)).collect();
        out.writes = new_entries;
        // Values set aside while loading the backup (corrupt:*) are kept too.
        out.writes.extend(fix.writes.into_iter().filter(|(k, _)| k.starts_with(store::CORRUPT)));
        // An older backup's tallies and dedup memory, converted for the kept-post store; a schema-4
        // backup's kept posts and their sums, as they were (the host empties its stores first).
        out.agg_puts = fix.agg_puts;
        out.legacy = fix.legacy;
        out.prune_before = fix.prune_before;
        let list = |field: &str| doc.get(field).cloned().unwrap_or(Value::Array(Vec::new()));
        let kept: Vec<KeptPost> = serde_json::from_value(list("posts")).map_err(|e| Refusal::BackupDamaged { detail: format!("posts: {e}") })?;
        let aggs: Vec<Agg> = serde_json::from_value(list("aggs")).map_err(|e| Refusal::BackupDamaged { detail: format!("aggs: {e}") })?;
        // A backup is a file from outside: its posts are held to a page's bounds (post.rs `limits`).
        out.kept = kept
            .into_iter()
            .filter(|k| {
                let p = k.to_post();
                p.validate().is_ok() && p.bounded() == p && k.analysis.evidence.len() <= 256 && k.terms.len() <= crate::trends::MAX_TERMS_PER_POST
            })
            .collect();
        out.agg_puts.extend(aggs);
        *self = restored;
        Ok((out, recoveries, skips))
    }

    /// Gives the store a random install id from the host's randomness (16 bytes or more, e.g.
    /// `crypto.getRandomValues`) when its id is empty (a new store in wasm, which has no randomness of
    /// its own) or time-based (stores made before): the `meta` write to persist, or `None` when the id
    /// was random already. Call it after every start; it changes the id at most once.
    pub fn adopt_install_id(&mut self, random: &[u8]) -> Option<BatchResult> {
        if !self.meta.adopt_random_id(random) {
            return None;
        }
        let mut out = BatchResult::default();
        out.write(store::META.into(), &self.meta);
        Some(out)
    }

    /// Forgets everything: the removals of every key, and a fresh `meta`. The host also removes any
    /// `corrupt:*` keys it wants gone (they are the person's data set aside, so not removed here).
    pub fn reset(&mut self, now_ms: i64) -> BatchResult {
        let mut out = BatchResult {
            removals: self.entries().into_keys().filter(|k| k != store::META).collect(),
            ..Default::default()
        };
        let durable = self.durable;
        *self = Engine {
            meta: Meta::fresh(now_ms),
            durable,
            ..Engine::default()
        };
        out.write(store::META.into(), &self.meta);
        out
    }

    /// Bounded memory and store: beyond [`crate::influence::MAX_AUTHORS`], forgets the least recently
    /// seen authors (the retention window is applied at load). Returns the keys forgotten.
    pub(crate) fn cap_authors(&mut self) -> Vec<String> {
        if self.authors.len() > crate::influence::MAX_AUTHORS {
            self.authors.prune(i64::MIN)
        } else {
            Vec::new()
        }
    }

    /// The person corrects a kept post's label and intent: the correction is kept on the post (shown
    /// and exported beside the model's label; the figures keep the model's) and teaches the engine's
    /// adjustment, so posts like it read as corrected from now on. Returns the post to put and the
    /// adjustment to write.
    pub fn correct(&mut self, mut post: KeptPost, c: crate::analysis::adapt::Correction) -> BatchResult {
        let mut out = BatchResult::default();
        crate::analysis::correct(&mut self.adapt, &post.text, c.label);
        if self.durable {
            out.write(store::ADAPT.into(), &self.adapt);
        }
        post.corrected = Some(c);
        out.kept.push(post);
        out
    }

    pub(crate) fn is_saved(&self, id: &str) -> bool {
        self.saved.contains_key(id)
    }

    /// Internal state merges used by import (export.rs).
    pub(crate) fn merge_day(&mut self, t: &DayTally) {
        self.days
            .entry(t.day.clone())
            .or_insert_with(|| DayTally::new(&t.day))
            .merge_max(t);
    }

    pub(crate) fn merge_author(&mut self, key: String, a: AuthorStats) {
        let merged = match self.authors.get(&key) {
            None => a,
            Some(mine) => {
                let mut m = mine.clone();
                m.posts = m.posts.max(a.posts);
                m.engagement = m.engagement.max(a.engagement);
                m.posts_with_metrics = m.posts_with_metrics.max(a.posts_with_metrics);
                m.max_followers = m.max_followers.max(a.max_followers);
                m.verified |= a.verified;
                m.first_seen = m.first_seen.min(a.first_seen);
                m.last_seen = m.last_seen.max(a.last_seen);
                if m.name.is_none() {
                    m.name = a.name;
                }
                for (item, s) in a.watch {
                    let e = m.watch.entry(item).or_default();
                    e.posts = e.posts.max(s.posts);
                    e.engagement = e.engagement.max(s.engagement);
                }
                for t in a.early_terms {
                    if !m.early_terms.contains(&t) {
                        m.early_terms.push(t);
                    }
                }
                m
            }
        };
        self.authors.insert(key, merged);
    }

    /// Merges an imported hour of trend terms (max per count); `None` when outside the trend window.
    pub(crate) fn merge_terms(&mut self, hour: &str, t: &HourTerms, now_ms: i64) -> Option<&HourTerms> {
        self.trends.merge_hour(hour, t, now_ms)
    }

    /// Keeps the more recently updated of two saves of the same post.
    pub(crate) fn merge_saved(&mut self, s: SavedPost) -> bool {
        match self.saved.get(&s.id) {
            Some(mine) if mine.updated_at >= s.updated_at => false,
            _ => {
                self.saved.insert(s.id.clone(), s);
                true
            }
        }
    }

    /// Drops what is older than the retention window: the host prunes the kept posts and aggregates
    /// (`prune_before`), the engine its alert days, authors and trend hours.
    fn prune(&mut self, now_ms: i64, out: &mut BatchResult) {
        let oldest_ms = now_ms - self.meta.retention_days * 86_400_000;
        out.prune_before = Some(quarter(oldest_ms));
        let oldest = day_key(oldest_ms.max(now_ms - ALERT_DAYS * 86_400_000));
        let old_days: Vec<String> = self.days.range(..oldest).map(|(k, _)| k.clone()).collect();
        for day in old_days {
            self.days.remove(&day);
            out.removals.push(format!("{}{day}", store::TALLY));
        }
        for k in self.authors.prune(oldest_ms) {
            out.removals.push(format!("{}{k}", store::AUTHOR));
        }
        let (dropped, compacted) = self.trends.prune(now_ms);
        for h in dropped {
            out.removals.push(format!("{}{h}", store::TERMS));
        }
        for d in compacted {
            if let Some(t) = self.trends.hours().get(&d) {
                out.write(format!("{}{d}", store::TERMS), t);
            }
        }
    }
}

/// When a post was published, how precisely that is known, and whether only its day is: from the page's
/// machine-readable time (exact), else from the time it shows as text (time/shown.rs).
fn publication(post: &Post, now_ms: i64, utc_offset_min: i32) -> (Option<i64>, Option<String>, bool) {
    if let Some(t) = post.time.as_deref().and_then(parse_iso8601) {
        return (Some(t), Some("exact".into()), false);
    }
    let Some(shown) = post.time_text.as_deref().and_then(|t| crate::time::read_shown_time(t, now_ms, utc_offset_min)) else {
        return (None, None, false);
    };
    let precision = serde_json::to_value(shown.precision).ok().and_then(|v| v.as_str().map(str::to_owned));
    (Some(shown.ms), precision, shown.precision == crate::time::Precision::Day)
}

/// A new kept post: the page's fields, bounded (store/limits), with its analysis.
fn kept_post(post: &Post, text: &str, analysis: &Analysis, now_ms: i64) -> KeptPost {
    KeptPost {
        site: post.site.clone(),
        id: post.id.clone(),
        url: post.url.clone(),
        author: post.author.clone(),
        text: text.to_string(),
        analysis: analysis.clone(),
        metrics: post.metrics,
        shown: post.shown.clone(),
        promoted: post.promoted,
        time_text: post.time_text.clone(),
        first_seen: now_ms,
        last_seen: now_ms,
        sq: quarter(now_ms),
        ..Default::default()
    }
}

/// The dedup identity of a post: FNV-1a of `site:id`, stable across runs and platforms (std's hasher is
/// not), cut to 53 bits so it survives a round trip through JS numbers and `chrome.storage` exactly.
/// Collisions: ~1 in 10^4 after a million distinct posts.
pub fn post_hash(post: &Post) -> u64 {
    fnv53(post.key().as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

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
    use crate::store::memory::MemoryStore;

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
            Err(crate::Error::FutureSchema { found: 99, .. })
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

    #[test]
    fn opinion_leader_badges_name_the_item_by_its_label() {
        let mut e = Engine::new();
        let query = "\"Brioche Phone\" OR #BriochePhone OR @briochemobile";
        e.set_watchlist(vec![WatchItem { query: query.into(), label: Some("Brioche Phone".into()), ..Default::default() }]).unwrap();
        let batch: Vec<Post> = (0..5)
            .map(|i| {
                let mut p = post(&i.to_string(), "le Brioche Phone est arrivé");
                p.author.handle = format!("u{i}");
                p.metrics.likes = Some(10 * (i + 1));
                p
            })
            .collect();
        let r = e.ingest(&batch, NOW);
        let leader = r.annotations[4].badges.iter().find(|b| b.kind == "opinion_leader").unwrap();
        assert_eq!(leader.label, "Opinion leader: Brioche Phone");
        assert!(leader.why.contains("“Brioche Phone”") && !leader.why.contains("OR"), "{}", leader.why);
        // The tallies and the annotation's watch list still go by the query (the item's identity).
        assert_eq!(r.annotations[4].watch, vec![query]);
        assert_eq!(e.badges("x:u4"), r.annotations[4].badges, "the dashboard's badges are the page's");
    }

    #[test]
    fn a_rising_term_tags_posts_and_credits_early_authors() {
        let mut e = Engine::new();
        let base = NOW - 48 * 3_600_000;
        // A day of ordinary posts (hour by hour); two engaged early posts carry #gravel a day before.
        let mut n = 0;
        for h in 0..24 {
            let at = base + h * 3_600_000;
            let batch: Vec<Post> = (0..5)
                .map(|i| {
                    n += 1;
                    let mut p = post(&format!("b{n}"), "balade à vélo ce matin");
                    p.author.handle = format!("u{i}");
                    p
                })
                .collect();
            e.ingest(&batch, at);
        }
        for (i, who) in ["early1", "early2"].iter().enumerate() {
            let mut p = post(&format!("e{i}"), "testé le #gravel");
            p.author.handle = (*who).into();
            p.metrics.likes = Some(3);
            e.ingest(&[p], base + 30 * 3_600_000);
        }
        let burst: Vec<Post> = (0..10)
            .map(|i| {
                let mut p = post(&format!("g{i}"), "balade à vélo #gravel");
                p.author.handle = format!("g{i}");
                p
            })
            .collect();
        let r = e.ingest(&burst, NOW);
        assert_eq!(r.rising.iter().map(|x| x.term.as_str()).collect::<Vec<_>>(), vec!["#gravel"]);
        assert!(r.annotations.iter().all(|a| a.trends == vec!["#gravel".to_string()]));
        assert!(r.writes.contains_key("trends"));
        assert!(r.writes.contains_key("author:x:early1"), "early authors credited are persisted");
        assert_eq!(e.authors().get("x:early1").unwrap().early_terms, vec!["#gravel"]);
        assert!(e.authors().get("x:g0").unwrap().early_terms.is_empty());
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
                    p
                })
                .collect();
            e.ingest(&batch, at);
        }
        let entries = e.entries();
        let size: usize = entries.iter().map(|(k, v)| k.len() + v.to_string().len()).sum();
        let terms: Vec<&String> = entries.keys().filter(|k| k.starts_with("terms:")).collect();
        assert!(terms.len() <= 25 + 8, "{} term tables", terms.len());
        // About 1.6 MB for these 3,360 posts, mostly authors and term tables (both capped).
        assert!(size < 2_500_000, "{size} bytes for a week of {id} posts");
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
                        p.time = Some(crate::time::hour_key(now - age * 3_600_000) + ":00:00Z");
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
}
