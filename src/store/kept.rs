//! The posts Écoute keeps, and the aggregates every figure is read from.
//!
//! Every analysed post is kept on the device as a [`KeptPost`] (the background's IndexedDB object store
//! `posts`, keyed by `site:id`), with its annotations, the watch items it matched and when it was
//! published and seen. Figures are sums over the kept posts; so that a dashboard over a year need not
//! read a year of posts, the sums are also kept per UTC quarter hour as [`Agg`] records (object store
//! `aggs`, keyed by the quarter's start). Quarter hours, not hours, because the person's days and hours
//! are local: a quarter-hour bucket falls inside one local hour in every zone in use (UTC+5:30,
//! UTC+5:45, DST changes), so [`fold`] can place it exactly once the host says each bucket's UTC offset.
//!
//! The engine never reads these stores: the host looks up the batch's posts before ingest (dedup) and
//! applies the engine's [`Agg`] deltas (sums, so order does not matter) in the same transaction as the
//! posts they count.
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::analysis::Analysis;
use crate::base::post::{Author, Metrics, Post};
use crate::listening::tally::{Counts, DayTally};

pub const QUARTER_MS: i64 = 15 * 60_000;

/// Is a publication time known only to the week, month or year? Such a post is not charted by date:
/// it is shown apart, with the undated ones.
pub fn coarse(precision: Option<&str>) -> bool {
    precision.is_some_and(|p| matches!(p, "week" | "month" | "year"))
}

/// The start of the UTC quarter hour that holds `ms`.
pub fn quarter(ms: i64) -> i64 {
    ms.div_euclid(QUARTER_MS) * QUARTER_MS
}

/// A watch item's mark on a post: the item's id and the revision of its query the post was matched
/// against. A recount of revision r skips the posts already marked `[id, r]` (counted at ingest after
/// the edit), so a recount and new batches never count a post twice.
pub type WatchMark = [u32; 2];

/// One kept post. Short field names: a year of heavy use is 700,000 of these.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct KeptPost {
    /// `site:id`, the store key.
    pub k: String,
    pub site: String,
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    pub author: Author,
    pub text: String,
    #[serde(flatten)]
    pub analysis: Analysis,
    /// The person's correction of the label and intent (issue 13): shown and exported beside the
    /// model's; the figures keep counting the model's labels.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub corrected: Option<crate::analysis::adapt::Correction>,
    /// Watch items matched (see [`WatchMark`]).
    pub watch: Vec<WatchMark>,
    /// Its trend terms (trends.rs), for the drill-down by term.
    pub terms: Vec<String>,
    pub metrics: Metrics,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub shown: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub promoted: bool,
    /// When it was published (UTC ms), when the page said so.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<i64>,
    /// How exactly `published` is known: `exact` (a machine-readable time), or what the shown text
    /// allowed (`minute`, `hour`, `day`, `week`, `month`, `year`); absent when unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub precision: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_text: Option<String>,
    pub first_seen: i64,
    pub last_seen: i64,
    /// The quarter it is tallied in by publication (absent: undated, or published before the retention
    /// window); indexed for the drill-down by time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pq: Option<i64>,
    /// The quarter it was first seen in; indexed for pruning and "seen at".
    pub sq: i64,
    /// Published on a known day at an unknown hour ("2 j"): in daily figures, not in hourly ones.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub hourless: bool,
    /// Counted in the tallies of an older store (schema 3) before it was kept: its totals are already in
    /// the migrated aggregates.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub legacy: bool,
}

impl KeptPost {
    /// The dated figures a post lands in: hourly (minute or better), daily only, or none.
    pub fn dated(&self) -> bool {
        self.pq.is_some()
    }

    pub fn has_mark(&self, mark: WatchMark) -> bool {
        self.watch.contains(&mark)
    }

    /// The post as a `Post` record again (exports, `ecoute tally`).
    pub fn to_post(&self) -> Post {
        Post {
            site: self.site.clone(),
            id: self.id.clone(),
            url: self.url.clone(),
            author: self.author.clone(),
            text: self.text.clone(),
            lang: None,
            time: self.published.map(crate::base::time::iso8601),
            time_text: self.time_text.clone(),
            promoted: self.promoted,
            metrics: self.metrics,
            shown: self.shown.clone(),
        }
    }
}

/// The sums of one group of posts: all of them, per site, per watch item (by id), the promoted ones.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Tally {
    #[serde(skip_serializing_if = "Counts::is_empty")]
    pub total: Counts,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub sites: BTreeMap<String, Counts>,
    /// Keyed by watch item id. In `s`, only the posts not in dated figures (undated, or older).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub items: BTreeMap<String, Counts>,
    #[serde(skip_serializing_if = "Counts::is_empty")]
    pub promoted: Counts,
    /// In `p`: posts whose hour is unknown (day precision). In `s`: undated posts.
    #[serde(skip_serializing_if = "Counts::is_empty")]
    pub partial: Counts,
    /// In `s` only: posts published before the retention window (seen, kept, not in dated figures).
    #[serde(skip_serializing_if = "Counts::is_empty")]
    pub older: Counts,
}

impl Tally {
    pub fn add(&mut self, other: &Tally) {
        self.total.add_counts(&other.total);
        add_map(&mut self.sites, &other.sites);
        add_map(&mut self.items, &other.items);
        self.promoted.add_counts(&other.promoted);
        self.partial.add_counts(&other.partial);
        self.older.add_counts(&other.older);
    }

    pub fn is_empty(&self) -> bool {
        self.total.is_empty() && self.items.is_empty() && self.older.is_empty() && self.partial.is_empty()
            && self.promoted.is_empty() && self.sites.values().all(Counts::is_empty)
    }
}

fn add_map(mine: &mut BTreeMap<String, Counts>, theirs: &BTreeMap<String, Counts>) {
    for (k, c) in theirs {
        mine.entry(k.clone()).or_default().add_counts(c);
    }
}

/// One UTC quarter hour of sums: `p`, posts published in it; `s`, posts first seen in it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Agg {
    pub q: i64,
    #[serde(skip_serializing_if = "Tally::is_empty")]
    pub p: Tally,
    #[serde(skip_serializing_if = "Tally::is_empty")]
    pub s: Tally,
}

impl Agg {
    pub fn add(&mut self, other: &Agg) {
        self.p.add(&other.p);
        self.s.add(&other.s);
    }
}

/// Deltas to add to the `aggs` store, by quarter.
pub type AggDeltas = BTreeMap<i64, Agg>;

/// Adds one post's contribution to `deltas`: the whole post (`items` = its watch item ids), or, with
/// `only_items`, just its mentions of those items (a recount).
pub fn contribute(deltas: &mut AggDeltas, post: &KeptPost, items: &[u32], only_items: bool) {
    let a = &post.analysis;
    // Published at a known time, but before the retention window: not in any dated figure.
    let older = !post.dated() && post.published.is_some() && !coarse(post.precision.as_deref());
    let mut one = |q: i64, published: bool| {
        let agg = deltas.entry(q).or_insert_with(|| Agg { q, ..Default::default() });
        let t = if published { &mut agg.p } else { &mut agg.s };
        // Mentions count once: where published when dated, where seen when undated; not at all when
        // published before the retention window (said apart, as `older`).
        if published || (!post.dated() && !older) {
            for id in items {
                t.items.entry(id.to_string()).or_default().add(a);
            }
        }
        if only_items {
            return;
        }
        t.total.add(a);
        t.sites.entry(post.site.clone()).or_default().add(a);
        // Paid placements, apart: in `p` where published, in `s` only the undated ones (as mentions).
        if post.promoted && (published || (!post.dated() && !older)) {
            t.promoted.add(a);
        }
        if published && post.hourless {
            t.partial.add(a);
        }
        if !published && !post.dated() {
            if older {
                t.older.add(a);
            } else {
                t.partial.add(a);
            }
        }
    };
    if let Some(pq) = post.pq {
        one(pq, true);
    }
    one(post.sq, false);
}

/// What the dashboard, the popup and the exports show for a period, in the person's days and hours.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LocalView {
    /// By local publication day (`YYYY-MM-DD`), with local hours; watch items by id.
    pub days: Vec<DayTally>,
    /// By local day first seen: every post, with the undated ones and those published earlier.
    pub seen: BTreeMap<String, SeenTally>,
    /// The posts with no publication time (or only a week's, a month's, a year's), by local day and hour
    /// first seen, watch items by id: shown apart, never as if published when read. Posts published
    /// before the retention window are in neither: `seen[day].older` says how many were seen.
    pub undated: Vec<DayTally>,
    /// Sums over the period.
    pub published: Tally,
    pub seen_total: Tally,
}

/// The posts first seen on one local day.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SeenTally {
    pub total: Counts,
    pub sites: BTreeMap<String, Counts>,
    /// Undated posts (no publication time in the page), by local hour seen.
    pub undated_hours: BTreeMap<String, Counts>,
    pub undated: Counts,
    pub older: Counts,
}

/// Folds quarter-hour aggregates into local days and hours. `offset_min(q)` is the person's UTC offset
/// at that instant (minutes east), as the host's clock says (it knows the zone's rules; the core does not).
pub fn fold(aggs: &[Agg], offset_min: impl Fn(i64) -> i32) -> LocalView {
    let mut view = LocalView::default();
    let mut days: BTreeMap<String, DayTally> = BTreeMap::new();
    let mut undated: BTreeMap<String, DayTally> = BTreeMap::new();
    for agg in aggs {
        let local = agg.q + i64::from(offset_min(agg.q)) * 60_000;
        let day = crate::base::time::day_key(local);
        let hour = crate::base::time::hour_key(local)[11..13].to_string();
        if !agg.p.is_empty() {
            let d = days.entry(day.clone()).or_insert_with(|| DayTally::new(&day));
            let p = &agg.p;
            d.total.add_counts(&p.total);
            let mut hourly = p.total.clone();
            hourly.sub_counts(&p.partial);
            if !hourly.is_empty() {
                d.hours.entry(hour.clone()).or_default().add_counts(&hourly);
            }
            add_map(&mut d.sites, &p.sites);
            for (id, c) in &p.items {
                let item = d.watch.entry(id.clone()).or_default();
                item.total.add_counts(c);
                // Item hours include hourless posts: their share is small and an item's day stays whole.
                item.hours.entry(hour.clone()).or_default().add_counts(c);
            }
            view.published.add(p);
        }
        if !agg.s.is_empty() {
            let s = &agg.s;
            let d = view.seen.entry(day.clone()).or_default();
            d.total.add_counts(&s.total);
            add_map(&mut d.sites, &s.sites);
            d.undated.add_counts(&s.partial);
            d.older.add_counts(&s.older);
            if !s.partial.is_empty() {
                d.undated_hours.entry(hour.clone()).or_default().add_counts(&s.partial);
            }
            let apart = s.partial.clone();
            if !apart.is_empty() || !s.items.is_empty() {
                let u = undated.entry(day.clone()).or_insert_with(|| DayTally::new(&day));
                u.total.add_counts(&apart);
                if !apart.is_empty() {
                    u.hours.entry(hour.clone()).or_default().add_counts(&apart);
                }
                for (id, c) in &s.items {
                    let item = u.watch.entry(id.clone()).or_default();
                    item.total.add_counts(c);
                    item.hours.entry(hour.clone()).or_default().add_counts(c);
                }
            }
            view.seen_total.add(s);
        }
    }
    view.days = days.into_values().collect();
    view.undated = undated.into_values().collect();
    view
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyze;

    fn kept(k: &str, text: &str, pq: Option<i64>, sq: i64) -> KeptPost {
        KeptPost {
            k: k.into(),
            site: "x".into(),
            id: k.into(),
            text: text.into(),
            analysis: analyze(text),
            pq,
            sq,
            first_seen: sq,
            last_seen: sq,
            ..Default::default()
        }
    }

    #[test]
    fn quarters_floor_below_zero_too() {
        assert_eq!(quarter(QUARTER_MS + 1), QUARTER_MS);
        assert_eq!(quarter(-1), -QUARTER_MS);
    }

    #[test]
    fn a_post_counts_where_published_and_where_seen() {
        let mut d = AggDeltas::new();
        let p = kept("1", "I love it", Some(0), 3 * QUARTER_MS);
        contribute(&mut d, &p, &[7], false);
        assert_eq!(d[&0].p.total.posts, 1);
        assert_eq!(d[&0].p.items["7"].positive, 1);
        assert_eq!(d[&(3 * QUARTER_MS)].s.total.posts, 1);
        assert!(d[&(3 * QUARTER_MS)].s.partial.is_empty(), "dated: not undated");
        let mut only = AggDeltas::new();
        contribute(&mut only, &p, &[9], true);
        assert_eq!(only[&0].p.total.posts, 0);
        assert_eq!(only[&0].p.items["9"].posts, 1);
    }

    #[test]
    fn local_days_and_hours_follow_the_offset_including_half_hours() {
        // 2025-03-29T23:15Z: in Paris (UTC+1) 00:15 on the 30th; in Kolkata (UTC+5:30) 04:45 on the 30th.
        let q = crate::base::time::parse_iso8601("2025-03-29T23:15:00Z").unwrap();
        let mut d = AggDeltas::new();
        contribute(&mut d, &kept("1", "bof", Some(q), q), &[], false);
        let aggs: Vec<Agg> = d.into_values().collect();
        let paris = fold(&aggs, |_| 60);
        assert_eq!(paris.days[0].day, "2025-03-30");
        assert_eq!(paris.days[0].hours.keys().collect::<Vec<_>>(), ["00"]);
        let kolkata = fold(&aggs, |_| 330);
        assert_eq!(kolkata.days[0].hours.keys().collect::<Vec<_>>(), ["04"]);
        let utc = fold(&aggs, |_| 0);
        assert_eq!(utc.days[0].day, "2025-03-29");
    }

    #[test]
    fn undated_posts_are_shown_apart_never_in_hours() {
        let mut d = AggDeltas::new();
        contribute(&mut d, &kept("1", "bof", None, 0), &[], false);
        let v = fold(&d.into_values().collect::<Vec<_>>(), |_| 0);
        assert!(v.days.is_empty());
        assert_eq!(v.seen["1970-01-01"].undated.posts, 1);
        assert_eq!(v.seen_total.total.posts, 1);
    }
}
