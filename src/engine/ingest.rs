//! Batch ingest: each post validated, bounded, analysed, matched against the watchlist, and counted
//! once (kept post, sums, alert days, authors, trend terms); then rising terms and alerts.
use std::collections::{BTreeSet, HashMap, HashSet};

use crate::analysis::{analyze_adjusted, Analysis};
use crate::base::limits::cap_text;
use crate::base::post::Post;
use crate::base::time::{day_key, parse_iso8601};
use crate::listening::influence::author_key;
use crate::listening::tally::DayTally;
use crate::listening::watch::{Doc, WatchItem};
use crate::store::kept::{self, quarter, AggDeltas, KeptPost};
use crate::listening::trends::{Rise, TrendState};
use crate::store::{self, fnv53};

use super::{Annotation, BatchResult, Engine, Known, ALERT_DAYS};

/// What an export says of a post's reading: its analysis and its trend terms.
#[derive(Debug, Clone, Default)]
pub struct Analysed {
    pub analysis: Analysis,
    pub terms: Vec<String>,
}

impl Engine {
    /// Analyses a batch and counts the posts not seen before, for an engine whose host keeps no posts
    /// (the CLI, tests): dedup by the engine's own memory.
    pub fn ingest(&mut self, posts: &[Post], now_ms: i64) -> BatchResult {
        self.ingest_known(posts, &Known::default(), now_ms, 0)
    }

    /// Analyses a batch and counts the posts not seen before. `known` is what the host's kept-post store
    /// holds of these posts (looked up by `site:id` and [`post_hash`] before the call); `now_ms` is when
    /// they were seen and `utc_offset_min` the person's UTC offset then (for dates shown as text).
    pub fn ingest_known(&mut self, posts: &[Post], known: &Known, now_ms: i64, utc_offset_min: i32) -> BatchResult {
        self.ingest_inner(posts, &[], known, now_ms, utc_offset_min, false)
    }

    /// [`Engine::ingest`] for posts read back from an export, which carry their analysis and trend terms
    /// (`given[i]` for `posts[i]`; `None`, or a shorter `given`, analyses the post as usual): counted with
    /// the labels the file says, as the dashboard counted them, without analysing the text again.
    ///
    /// For a host that only counts (the CLI): the annotations say whether each post was counted and how
    /// it reads, without the page's decorations (trend chips, authors' badges), which cost more than
    /// the counting itself.
    pub fn ingest_analysed(&mut self, posts: &[Post], given: &[Option<Analysed>], now_ms: i64) -> BatchResult {
        // A durable engine's host needs every write and badge: the lean path is for ephemeral ones.
        let lean = !self.durable;
        self.ingest_inner(posts, given, &Known::default(), now_ms, 0, lean)
    }

    fn ingest_inner(&mut self, posts: &[Post], given: &[Option<Analysed>], known: &Known, now_ms: i64, utc_offset_min: i32, lean: bool) -> BatchResult {
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
        // Who leads what before this batch: the authors whose standing it changes get fresh badges.
        let leaders_before = if lean { Default::default() } else { self.authors.leaders() };
        for (i, post) in posts.iter().enumerate() {
            if let Err(e) = post.validate() {
                out.rejected.push(format!("{}: {e}", cap_text(&post.key(), 80)));
                continue;
            }
            // Every field bounded before anything is counted or kept (base/limits.rs).
            let post = &*post.bounded_cow();
            let text = post.capped_text();
            let carried = given.get(i).and_then(Option::as_ref);
            let mut analysis = match carried {
                Some(g) => g.analysis.clone(),
                None => analyze_adjusted(text, &self.adapt),
            };
            let items: Vec<&WatchItem> = if self.watchlist.is_empty() {
                Vec::new()
            } else {
                self.watchlist.matching_items(&Doc::new(text, &post.author.handle))
            };
            // A watch item's own words are not its aspects (kept with the post, for the dashboard's
            // liked / disliked / requested per item).
            let own: Vec<_> = items.iter().map(|i| crate::listening::trends::own_words(&i.query)).collect();
            crate::analysis::aspects::drop_own(&mut analysis.aspects, &own);
            let watch: Vec<String> = items.iter().map(|i| i.query.clone()).collect();
            let terms = match carried {
                Some(g) => g.terms.clone(),
                None => crate::listening::trends::terms(text),
            };
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
                // Kept (and summed) by a durable engine's host only: the CLI's engine keeps no post.
                let kept_new = self.durable.then(|| {
                    let mut k = kept_post(post, text, &analysis, now_ms);
                    k.k = key.clone();
                    k.watch = items.iter().map(|i| [i.id, i.rev]).collect();
                    k.terms = terms.clone();
                    k.published = at;
                    k.precision = precision.clone();
                    k.hourless = hourless;
                    k.pq = dated.map(quarter);
                    let ids: Vec<u32> = items.iter().map(|i| i.id).collect();
                    kept::contribute(&mut deltas, &k, &ids, false);
                    k
                });
                let at_or_now = at.unwrap_or(now_ms);
                let day = day_key(at_or_now);
                // The alert window counts posts when published, or seen when undated (alerts are about
                // now); the CLI's ephemeral engine keeps every day: its tallies are its figures.
                if (dated.is_some() || at.is_none()) && (day >= alert_oldest || !self.durable) {
                    let hour = crate::base::time::hour_of_day(at_or_now);
                    self.days
                        .entry(day.clone())
                        .or_insert_with(|| DayTally::new(&day))
                        .add_post(&hour, &post.site, &analysis, &watch);
                    touched_days.insert(day);
                }
                if let Some(a) = self.authors.observe_at(post, &watch, now_ms, at_or_now) {
                    touched_authors.insert(a);
                }
                let who = author.as_deref().map(|k| (k, fnv53(k.as_bytes())));
                // Trends compare hours of publication: a post whose hour is not known (undated, or shown
                // as "3 d", "last week") is in no hour, rather than in the hour it was read, where a week
                // of history read in one sitting made every ordinary word "new".
                if let Some(at) = at.filter(|_| matches!(precision.as_deref(), Some("exact" | "minute" | "hour"))) {
                    if let Some(h) = self.trends.add_on(Some(&post.site), &terms, at, now_ms, who) {
                        touched_hours.insert(h);
                    }
                }
                out.kept.extend(kept_new);
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
                site_trends: Vec::new(),
                terms: Vec::new(),
                author: None,
                badges: Vec::new(),
                analysis,
            };
            pending.push((annotation, terms, author));
        }
        let state_before = self.trends.state();
        if counted_any {
            out.rising = self.trends.evaluate(now_ms);
            let items: Vec<String> = self.watchlist.items().map(|i| i.query.clone()).collect();
            out.alerts = self.trends.check_alerts(&self.days, items.iter().map(String::as_str), now_ms);
            // An item that rose: the authors who were on it early and often are its lead users.
            for a in out.alerts.iter().filter(|a| a.kind == "volume") {
                touched_authors.extend(self.authors.credit_lead(&a.watch, a.at_ms));
            }
        }
        if lean {
            out.annotations = pending.into_iter().map(|(a, _, _)| a).collect();
            self.cap_authors();
            self.trends.prune(now_ms);
            return out;
        }
        // Badges that changed for authors the batch did not touch: a ranking they are in moved.
        let leaders_after = self.authors.leaders();
        let mut refreshed: BTreeSet<String> = leaders_before.symmetric_difference(&leaders_after).map(|l| l.0.clone()).collect();
        refreshed.extend(touched_authors.iter().cloned());
        let own: HashMap<&str, BTreeSet<String>> =
            self.watchlist.items().map(|i| (i.query.as_str(), crate::listening::trends::own_words(&i.query))).collect();
        let rising = self.trends.rising();
        let mut sites: BTreeSet<String> = BTreeSet::new();
        for (mut a, terms, author) in pending {
            let mine: Vec<&BTreeSet<String>> = a.watch.iter().filter_map(|q| own.get(q.as_str())).collect();
            a.trends = crate::listening::trends::chips(&terms, rising, |t| mine.iter().any(|w| crate::listening::trends::is_own(t, w)))
                .into_iter()
                .map(|r| r.term.clone())
                .collect();
            if let Some(on_site) = self.trends.rising_on(&a.site) {
                a.site_trends = crate::listening::trends::chips(&terms, on_site, |_| false).into_iter().cloned().collect();
            }
            a.badges = author.as_deref().map(|k| self.badges(k)).unwrap_or_default();
            if let Some(k) = author.as_ref().filter(|k| refreshed.contains(*k)) {
                out.badges.insert(k.clone(), a.badges.clone());
            }
            a.terms = terms;
            a.author = author;
            sites.insert(a.site.clone());
            out.annotations.push(a);
        }
        for k in &refreshed {
            if !out.badges.contains_key(k) && self.authors.get(k).is_some() {
                out.badges.insert(k.clone(), self.badges(k));
            }
        }
        for site in sites {
            let now: Vec<Rise> = self.trends.rising_on(&site).map(|r| r.values().cloned().collect()).unwrap_or_default();
            out.site_rising.insert(site, now);
        }
        out.unseen_alerts = self.trends.unseen_alerts();
        let state = self.trends.state();
        let terms_of = |s: &TrendState| -> (Vec<String>, Vec<(String, Vec<String>)>) {
            (
                s.rising.iter().map(|r| r.term.clone()).collect(),
                s.sites.iter().map(|(k, rs)| (k.clone(), rs.iter().map(|r| r.term.clone()).collect())).collect(),
            )
        };
        // Written when what rises changes, and every quarter hour while it lasts (a restart keeps rises
        // of the last two hours).
        if self.durable && (terms_of(&state) != terms_of(&state_before) || (counted_any && now_ms - self.state_written_ms >= 15 * 60_000)) {
            self.state_written_ms = now_ms;
            out.write(store::TREND_STATE.into(), &state);
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
}

/// When a post was published, how precisely that is known, and whether only its day is: from the page's
/// machine-readable time (exact), else from the time it shows as text (base/time/shown.rs).
fn publication(post: &Post, now_ms: i64, utc_offset_min: i32) -> (Option<i64>, Option<String>, bool) {
    if let Some(t) = post.time.as_deref().and_then(parse_iso8601) {
        return (Some(t), Some("exact".into()), false);
    }
    let Some(shown) = post.time_text.as_deref().and_then(|t| crate::base::time::read_shown_time(t, now_ms, utc_offset_min)) else {
        return (None, None, false);
    };
    let precision = serde_json::to_value(shown.precision).ok().and_then(|v| v.as_str().map(str::to_owned));
    (Some(shown.ms), precision, shown.precision == crate::base::time::Precision::Day)
}

/// A new kept post: the page's fields, bounded (base/limits.rs), with its analysis.
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
