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
//!  then: trends.evaluate (rising terms, over everything and per site), alerts (an item that rose credits
//!  its lead users); annotations get watch/trends/site_trends/badges, the result each site's rising set
//!  recount(mark, chunk): a watch item added or edited, counted over the kept posts
//! ```
//! The store layout, schema version and migrations are in store/mod.rs.
//!
//! One idea per file: `Engine` and what it reads out (here); ingest.rs (a batch); recount.rs (watch
//! items recounted, imported posts adopted); watchlist.rs (its edits); saved.rs (saved posts);
//! preview.rs (a batch answered before the state is loaded); retention.rs (what is kept, how long); load.rs (start from the store); backup.rs (the whole store:
//! backup, restore, reset); exchange.rs (export and import); results.rs (what each call answers);
//! requests.rs (the pages' requests, one typed pair); memory.rs (a host in memory, for tests and fuzzing).
mod backup;
mod corrections;
mod exchange;
mod ingest;
mod load;
mod memory;
mod preview;
mod recount;
mod requests;
mod results;
mod retention;
mod saved;
mod watchlist;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, HashSet};

use crate::listening::influence::{Authors, Badge, Owned};
use crate::listening::tally::DayTally;
use crate::listening::trends::Trends;
use crate::listening::watch::{WatchItem, Watchlist};
use crate::store::saved::SavedPost;
use crate::store;

pub use crate::store::{Meta, DEFAULT_RETENTION_DAYS, SCHEMA_VERSION};
pub use exchange::{export, export_noting, import, selected};
pub use ingest::{post_hash, Analysed};
pub use memory::MemoryStore;
pub use preview::preview;
pub use requests::{Reply, Request};
pub use results::{Annotation, BatchResult, Known, Recounted, Recovery};

/// Days of tallies the engine keeps in memory for the alerts: the trend week and a day either side.
pub const ALERT_DAYS: i64 = 9;

/// The `format` of a backup document ([`Engine::backup`]).
pub const BACKUP_FORMAT: &str = "ecoute-backup";

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
    /// When the rising state was last written ([`crate::listening::trends::TrendState`]), to refresh it
    /// while it stays the same.
    state_written_ms: i64,
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
            state_written_ms: 0,
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

    pub fn watchlist(&self) -> Vec<WatchItem> {
        self.watchlist.items().cloned().collect()
    }

    pub fn authors(&self) -> &Authors {
        &self.authors
    }

    /// The person's own accounts (never leaders or lead users).
    pub fn owned(&self) -> &Owned {
        self.authors.owned()
    }

    /// Sets the person's own accounts (the options page), bounded.
    pub fn set_owned(&mut self, owned: Owned) -> BatchResult {
        self.authors.set_owned(owned.bounded());
        let mut out = BatchResult::default();
        out.write(store::OWNED.into(), self.authors.owned());
        out
    }

    /// The person has seen the alerts (opened the dashboard): the toolbar badge's count starts again.
    pub fn alerts_seen(&mut self, now_ms: i64) -> BatchResult {
        self.trends.alerts_seen(now_ms);
        let mut out = BatchResult::default();
        out.write(store::TREND_STATE.into(), &self.trends.state());
        out.unseen_alerts = self.trends.unseen_alerts();
        out
    }

    /// Alerts raised since the person last saw them.
    pub fn unseen_alerts(&self) -> usize {
        self.trends.unseen_alerts()
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
}
