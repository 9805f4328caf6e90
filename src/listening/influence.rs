//! Influence, private and local: what the page showed of each author (posts seen, engagement seen, the
//! largest follower count shown, watch items mentioned), and the badges derived from it. Nothing here is
//! fetched or shared: an author is only ever known by the posts this person scrolled past.
//!
//! Badges, each with a human `why` (the hover text):
//! - `tier`: follower tier when the page shows followers (nano 1k–10k, micro 10k–100k, macro 100k–1M, mega 1M+)
//! - `engagement`: engagement rate, average interactions per post seen over followers
//! - `opinion_leader`, per watch item, by this rule: among the authors of the item's posts (the person's
//!   own accounts aside, [`Owned`]), when there are at least [`LEADER_MIN_AUTHORS`], an author with at
//!   least [`LEADER_MIN_POSTS`] posts on the item whose reach-weighted engagement on it is in the top
//!   tenth ([`LEADER_TOP_SHARE`]). Reach-weighted engagement: likes + reposts + replies on the item's
//!   posts × (1 + log10(1 + followers shown)); without a follower count shown, the weight is 1.
//! - `lead_user`, per watch item: when the item rises (a volume alert), the authors who were on it early
//!   and often before: at least [`LEAD_USER_MIN_POSTS`] posts on it before the two hours of the rise, the
//!   first at least [`LEAD_USER_EARLY_MS`] before it (own accounts aside).
//!
//! Leaders and lead users name a watch item: they are shown in the extension's own pages, never in a
//! page (README, "What a site can see").
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use crate::base::post::Post;
use crate::listening::watch::Watchlist;

/// Most authors remembered; beyond it the least recently seen are forgotten (bounded memory and store).
pub const MAX_AUTHORS: usize = 10_000;
/// Opinion leaders: at least this many authors on the item (a tenth of fewer is no ranking)...
pub const LEADER_MIN_AUTHORS: u64 = 10;
/// ...at least this many posts of the author on it (one lucky post is no leadership)...
pub const LEADER_MIN_POSTS: u64 = 3;
/// ...and in this top share by reach-weighted engagement (rank ≤ ceil(authors × share)).
pub const LEADER_TOP_SHARE: f64 = 0.1;
/// Lead user: at least this many posts on the item before it rose...
pub const LEAD_USER_MIN_POSTS: u64 = 3;
/// ...the first at least this long before the rise.
pub const LEAD_USER_EARLY_MS: i64 = 24 * 3_600_000;
/// The two hours a rise is measured over (trends.rs): posts in them are not "before".
const RISE_WINDOW_MS: i64 = 2 * 3_600_000;
/// Post times remembered per author and item (the latest), to tell posts before a rise from those in it.
const ITEM_TIMES: usize = 8;
/// Owned accounts: sites and handles per site, at most.
pub const MAX_OWNED_SITES: usize = 32;
pub const MAX_OWNED_PER_SITE: usize = 50;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ItemStats {
    pub posts: u64,
    pub engagement: u64,
    /// When the first of these posts was published (or seen, when undated), epoch ms; 0 before it was
    /// recorded.
    pub first_ms: i64,
    /// The latest [`ITEM_TIMES`] post times, oldest first.
    pub times: Vec<i64>,
}

/// Why an author is a lead user of an item: the evidence, kept when the item rose.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Lead {
    /// Posts on the item before the rise, and when the first was.
    pub posts: u64,
    pub first_ms: i64,
    /// When the item rose.
    pub rose_ms: i64,
}

/// The person's own accounts, by site (handles as typed, `@` or not): never opinion leaders or lead
/// users of their own items. Stored under `owned`, set from the options page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Owned(pub BTreeMap<String, Vec<String>>);

impl Owned {
    /// Trimmed, deduplicated, bounded ([`MAX_OWNED_SITES`], [`MAX_OWNED_PER_SITE`], 256 bytes a handle).
    pub fn bounded(self) -> Owned {
        let mut out = BTreeMap::new();
        for (site, handles) in self.0.into_iter().take(MAX_OWNED_SITES) {
            let site = site.trim().to_string();
            if site.is_empty() || site.len() > 32 {
                continue;
            }
            let mut seen = BTreeSet::new();
            let kept: Vec<String> = handles
                .into_iter()
                .map(|h| h.trim().to_string())
                .filter(|h| author_key(&site, h).is_some_and(|k| seen.insert(k)))
                .take(MAX_OWNED_PER_SITE)
                .collect();
            if !kept.is_empty() {
                out.insert(site, kept);
            }
        }
        Owned(out)
    }

    fn keys(&self) -> BTreeSet<String> {
        self.0.iter().flat_map(|(site, hs)| hs.iter().filter_map(|h| author_key(site, h))).collect()
    }
}

/// An author's standing among an item's authors (cached per item).
#[derive(Debug, Clone, PartialEq)]
struct Standing {
    rank: u64,
    authors: u64,
    score: f64,
}

/// One author, stored under `author:SITE:HANDLE` (handle folded).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuthorStats {
    pub site: String,
    /// As the page last showed it.
    pub handle: String,
    pub name: Option<String>,
    pub verified: bool,
    /// Distinct posts seen.
    pub posts: u64,
    /// Likes + reposts + replies summed over the distinct posts seen.
    pub engagement: u64,
    /// Posts whose page showed at least one engagement count (the engagement-rate denominator).
    pub posts_with_metrics: u64,
    /// Largest follower count the page showed.
    pub max_followers: Option<u64>,
    /// Keyed by watch query.
    pub watch: BTreeMap<String, ItemStats>,
    /// Terms this author used early, on engaged posts, before they rose (kept from older versions; no
    /// badge is earned by it any more: a brand hashtag used early is no lead).
    pub early_terms: Vec<String>,
    /// Watch item → the evidence that made this author a lead user of it.
    pub lead: BTreeMap<String, Lead>,
    pub first_seen: i64,
    pub last_seen: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Badge {
    /// `tier`, `engagement`, `opinion_leader`, `lead_user`.
    pub kind: String,
    /// English, for the CLI and exports; the extension words its own from `args`.
    pub label: String,
    pub why: String,
    /// The figures behind `label` and `why`, so a UI can say them in its own language. Absent from
    /// badges serialised before it existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub args: Option<BadgeArgs>,
}

/// The figures of a [`Badge`], tagged by the same `kind` (docs/listening.md, "Badges, rises and alerts").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BadgeArgs {
    /// `tier`: `nano`, `micro`, `macro` or `mega`, from the largest follower count shown on `site`.
    Tier { tier: String, followers: u64, site: String },
    /// `rate`: percent (two decimals), `per_post` interactions (likes + reposts + replies) per post on
    /// average (rounded) over `posts` posts with metrics, for `followers`.
    Engagement { rate: f64, per_post: u64, posts: u64, followers: u64 },
    /// `rank` (1-based) by reach-weighted engagement among `authors` authors of the posts on the watch
    /// item named `item` (its label when it has one), within the top `top` (a tenth of them); this
    /// author's `engagement` and `posts` on it, and `followers` shown (0 when none was).
    OpinionLeader { item: String, rank: u64, authors: u64, engagement: u64, posts: u64, #[serde(default)] top: u64, #[serde(default)] followers: u64 },
    /// On the item named `item`: `posts` posts before it rose (at `rose_ms`), the first at `first_ms`.
    LeadUser { item: String, posts: u64, first_ms: i64, rose_ms: i64 },
}

/// Follower tiers, as the issue defines them.
pub fn tier(followers: u64) -> Option<&'static str> {
    match followers {
        0..=999 => None,
        1_000..=9_999 => Some("nano"),
        10_000..=99_999 => Some("micro"),
        100_000..=999_999 => Some("macro"),
        _ => Some("mega"),
    }
}

/// `12345` → `12,345`: the why strings are read by people.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The identity of an author across posts: `site:handle`, handle folded and without its `@`.
/// A follower count a page shows, unless it leaps far above what was seen of the author before (more
/// than ten times, and by more than 10,000): one forged count must not make a mega-influencer. The
/// first count seen is taken as shown, up to the largest audience on any site (2 billion).
pub fn plausible_followers(known: Option<u64>, shown: Option<u64>) -> Option<u64> {
    const LARGEST: u64 = 2_000_000_000;
    match (known, shown) {
        (_, None) => None,
        (_, Some(n)) if n > LARGEST => None,
        (Some(k), Some(n)) if n > k.saturating_mul(10) && n - k > 10_000 => None,
        (_, n) => n,
    }
}

pub fn author_key(site: &str, handle: &str) -> Option<String> {
    let h = crate::text::fold::fold(handle.trim().trim_start_matches('@'));
    (!h.is_empty() && h.len() <= 256).then(|| format!("{site}:{h}"))
}

#[derive(Debug, Default)]
pub struct Authors {
    map: HashMap<String, AuthorStats>,
    owned: BTreeSet<String>,
    owned_list: Owned,
    /// Item → author key → standing, rebuilt when anything changed (`None`).
    standings: RefCell<Option<HashMap<String, HashMap<String, Standing>>>>,
}

impl Authors {
    pub fn get(&self, key: &str) -> Option<&AuthorStats> {
        self.map.get(key)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &AuthorStats)> {
        self.map.iter()
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Restores one stored author (at load, or merged from an import).
    pub fn insert(&mut self, key: String, stats: AuthorStats) {
        self.map.insert(key, stats);
        self.changed();
    }

    fn changed(&mut self) {
        *self.standings.get_mut() = None;
    }

    /// The person's own accounts: excluded from leaders and lead users from now on.
    pub fn set_owned(&mut self, owned: Owned) {
        self.owned = owned.keys();
        self.owned_list = owned;
        self.changed();
    }

    pub fn owned(&self) -> &Owned {
        &self.owned_list
    }

    pub fn is_owned(&self, key: &str) -> bool {
        self.owned.contains(key)
    }

    /// Every author's standing on every item, by the rule in the module doc; only leaders are kept.
    fn standings(&self) -> std::cell::Ref<'_, HashMap<String, HashMap<String, Standing>>> {
        if self.standings.borrow().is_none() {
            let mut by_item: HashMap<&str, Vec<(f64, &str)>> = HashMap::new();
            for (k, a) in &self.map {
                if self.owned.contains(k) {
                    continue;
                }
                let weight = 1.0 + (1.0 + a.max_followers.unwrap_or(0) as f64).log10();
                for (item, s) in &a.watch {
                    by_item.entry(item).or_default().push((s.engagement as f64 * weight, k));
                }
            }
            let mut out: HashMap<String, HashMap<String, Standing>> = HashMap::new();
            for (item, mut v) in by_item {
                let n = v.len() as u64;
                if n < LEADER_MIN_AUTHORS {
                    continue;
                }
                // Ties in key order, so the ranking does not flicker between batches.
                v.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
                let top = leader_top(n);
                let leaders: HashMap<String, Standing> = v
                    .into_iter()
                    .take(top as usize)
                    .enumerate()
                    .filter(|(_, (score, k))| *score > 0.0 && self.map[*k].watch[item].posts >= LEADER_MIN_POSTS)
                    .map(|(i, (score, k))| (k.to_string(), Standing { rank: i as u64 + 1, authors: n, score }))
                    .collect();
                if !leaders.is_empty() {
                    out.insert(item.to_string(), leaders);
                }
            }
            *self.standings.borrow_mut() = Some(out);
        }
        std::cell::Ref::map(self.standings.borrow(), |s| s.as_ref().expect("built above"))
    }

    /// Every `(item, author)` leading now: the engine compares it before and after a batch, to refresh
    /// the badges of authors whose standing changed without a post of theirs.
    pub fn leaders(&self) -> BTreeSet<(String, String, u64, u64)> {
        self.standings().iter().flat_map(|(item, ls)| ls.iter().map(move |(k, s)| (k.clone(), item.clone(), s.rank, s.authors))).collect()
    }

    /// The item `item` rose at `rose_ms`: the authors early and often on it before (module doc) become
    /// its lead users, with the evidence. Returns their keys.
    pub fn credit_lead(&mut self, item: &str, rose_ms: i64) -> Vec<String> {
        let before = rose_ms - RISE_WINDOW_MS;
        let mut out = Vec::new();
        for (k, a) in self.map.iter_mut() {
            if self.owned.contains(k) || a.lead.contains_key(item) {
                continue;
            }
            let Some(s) = a.watch.get(item) else { continue };
            let in_rise = s.times.iter().filter(|&&t| t >= before).count() as u64;
            let posts = s.posts.saturating_sub(in_rise);
            if posts >= LEAD_USER_MIN_POSTS && s.first_ms > 0 && s.first_ms <= rose_ms - LEAD_USER_EARLY_MS {
                a.lead.insert(item.to_string(), Lead { posts, first_ms: s.first_ms, rose_ms });
                out.push(k.clone());
            }
        }
        out
    }

    /// Counts a distinct post toward its author. Returns the author's key, or `None` when the page gave
    /// no handle.
    pub fn observe(&mut self, post: &Post, watch: &[String], now_ms: i64) -> Option<String> {
        self.observe_at(post, watch, now_ms, now_ms)
    }

    /// [`Authors::observe`] of a post published at `at_ms` (seen at `now_ms` when undated).
    pub fn observe_at(&mut self, post: &Post, watch: &[String], now_ms: i64, at_ms: i64) -> Option<String> {
        let key = author_key(&post.site, &post.author.handle)?;
        *self.standings.get_mut() = None;
        let a = self.map.entry(key.clone()).or_insert_with(|| AuthorStats {
            site: post.site.clone(),
            first_seen: now_ms,
            ..Default::default()
        });
        a.handle = post.author.handle.clone();
        if post.author.name.is_some() {
            a.name = post.author.name.clone();
        }
        a.verified |= post.author.verified;
        a.posts += 1;
        let followers = plausible_followers(a.max_followers, post.author.followers);
        let m = &post.metrics;
        let engagement = m.engagement();
        if m.likes.is_some() || m.reposts.is_some() || m.replies.is_some() {
            a.posts_with_metrics += 1;
        }
        a.engagement = a.engagement.saturating_add(engagement);
        a.max_followers = a.max_followers.max(followers);
        a.last_seen = a.last_seen.max(now_ms);
        for item in watch {
            let s = a.watch.entry(item.clone()).or_default();
            s.posts += 1;
            s.engagement = s.engagement.saturating_add(engagement);
            if s.first_ms == 0 || at_ms < s.first_ms {
                s.first_ms = at_ms;
            }
            let at = s.times.partition_point(|&t| t <= at_ms);
            s.times.insert(at, at_ms);
            if s.times.len() > ITEM_TIMES {
                s.times.remove(0);
            }
        }
        Some(key)
    }

    /// A post counted before, seen again: its author's follower count or name may have changed since
    /// (the largest count seen is kept), but it adds no post or engagement. True when something changed.
    pub fn seen_again(&mut self, post: &Post) -> Option<String> {
        let key = author_key(&post.site, &post.author.handle)?;
        let a = self.map.get_mut(&key)?;
        let followers = a.max_followers.max(plausible_followers(a.max_followers, post.author.followers));
        let verified = a.verified || post.author.verified;
        if followers == a.max_followers && verified == a.verified {
            return None;
        }
        a.max_followers = followers;
        a.verified = verified;
        *self.standings.get_mut() = None;
        Some(key)
    }

    /// Forgets authors not seen since `oldest_ms`, then, beyond [`MAX_AUTHORS`], those least worth
    /// keeping: the least recently seen days first and, within a day, the least engagement (so a file
    /// read by the CLI, all "seen" on a few days, keeps its most engaging authors). Returns the keys.
    pub fn prune(&mut self, oldest_ms: i64) -> Vec<String> {
        let mut gone: Vec<String> = self
            .map
            .iter()
            .filter(|(_, a)| a.last_seen < oldest_ms)
            .map(|(k, _)| k.clone())
            .collect();
        if self.map.len() - gone.len() > MAX_AUTHORS {
            // Evict a tenth more than needed so this scan runs rarely, not on every new author.
            let mut by_age: Vec<((i64, u64), &String)> = self
                .map
                .iter()
                .filter(|(_, a)| a.last_seen >= oldest_ms)
                .map(|(k, a)| ((a.last_seen.div_euclid(86_400_000), a.engagement), k))
                .collect();
            by_age.sort();
            // Each site evicts from its own authors first, the most crowded site first: a page that
            // floods one site with invented authors evicts that site's, never another site's history.
            let mut per_site: BTreeMap<&str, u64> = BTreeMap::new();
            for (_, k) in &by_age {
                *per_site.entry(self.map[*k].site.as_str()).or_default() += 1;
            }
            let mut excess = self.map.len() - gone.len() - MAX_AUTHORS * 9 / 10;
            let mut order: Vec<(&str, u64)> = per_site.into_iter().collect();
            order.sort_by(|a, b| b.1.cmp(&a.1));
            let fair = (MAX_AUTHORS as u64 * 9 / 10) / order.len().max(1) as u64;
            for (site, n) in order {
                if excess == 0 {
                    break;
                }
                let over = (n.saturating_sub(fair) as usize).min(excess);
                let victims: Vec<String> = by_age.iter().filter(|(_, k)| self.map[*k].site == site).take(over).map(|(_, k)| (*k).clone()).collect();
                excess -= victims.len();
                gone.extend(victims);
            }
            // Every site within its share and still too many (many small sites): the oldest go.
            if excess > 0 {
                let already: std::collections::HashSet<String> = gone.iter().cloned().collect();
                gone.extend(by_age.into_iter().map(|(_, k)| k.clone()).filter(|k| !already.contains(k)).take(excess));
            }
        }
        for key in &gone {
            self.map.remove(key);
        }
        if !gone.is_empty() {
            // A leader forgotten leaves a gap the next best fills.
            self.changed();
        }
        gone
    }

    /// The badges this author has earned, each with its why. Watch items are named as the watchlist
    /// shows them (their label when they have one, not the raw query).
    pub fn badges(&self, key: &str, watchlist: &Watchlist) -> Vec<Badge> {
        let Some(a) = self.map.get(key) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        // Reach only from a number the page showed: no count, no tier and no rate.
        if let Some(f) = a.max_followers {
            if let Some(t) = tier(f) {
                let range = match t {
                    "nano" => "1k–10k",
                    "micro" => "10k–100k",
                    "macro" => "100k–1M",
                    _ => "1M+",
                };
                out.push(Badge {
                    kind: "tier".into(),
                    label: format!("{}{} ({range})", t[..1].to_uppercase(), &t[1..]),
                    why: format!("{} followers shown on {} (the largest count seen)", thousands(f), a.site),
                    args: Some(BadgeArgs::Tier { tier: t.into(), followers: f, site: a.site.clone() }),
                });
            }
            // A rate needs interactions the page showed: posts whose counts were not read, or showed
            // none at all, say nothing of an audience (no "0.0% engagement" for a million followers).
            if f >= 100 && a.posts_with_metrics > 0 && a.engagement > 0 {
                let per_post = a.engagement as f64 / a.posts_with_metrics as f64;
                let rate = per_post / f as f64 * 100.0;
                let posts = a.posts_with_metrics;
                out.push(Badge {
                    kind: "engagement".into(),
                    label: format!("{}% engagement", percent(rate)),
                    why: format!(
                        "{} likes, reposts and replies per post on average over {posts} post{} seen, for {} followers",
                        thousands(per_post.round() as u64),
                        if posts == 1 { "" } else { "s" },
                        thousands(f)
                    ),
                    args: Some(BadgeArgs::Engagement {
                        rate: (rate * 10_000.0).round() / 10_000.0,
                        per_post: per_post.round() as u64,
                        posts,
                        followers: f,
                    }),
                });
            }
        }
        let standings = self.standings();
        for (item, s) in &a.watch {
            let Some(st) = standings.get(item).and_then(|l| l.get(key)) else {
                continue;
            };
            let name = watchlist.display_name(item);
            let top = leader_top(st.authors);
            let followers = a.max_followers.unwrap_or(0);
            let reach = if followers > 0 { format!(", {} followers shown", thousands(followers)) } else { String::new() };
            out.push(Badge {
                kind: "opinion_leader".into(),
                label: format!("Opinion leader: {name}"),
                why: format!(
                    "#{} of {} authors on “{name}” by engagement weighted by reach (top tenth: the first {top}, with {LEADER_MIN_POSTS}+ posts): {} likes, reposts and replies on {} post{}{reach}",
                    st.rank,
                    st.authors,
                    thousands(s.engagement),
                    s.posts,
                    if s.posts == 1 { "" } else { "s" },
                ),
                args: Some(BadgeArgs::OpinionLeader {
                    item: name.to_string(),
                    rank: st.rank,
                    authors: st.authors,
                    engagement: s.engagement,
                    posts: s.posts,
                    top,
                    followers,
                }),
            });
        }
        drop(standings);
        for (item, l) in &a.lead {
            // An item no longer watched earns nothing now.
            if !watchlist.items().any(|i| &i.query == item) {
                continue;
            }
            let name = watchlist.display_name(item);
            out.push(Badge {
                kind: "lead_user".into(),
                label: format!("Lead user: {name}"),
                why: format!(
                    "{} posts on “{name}” before it rose on {}, the first on {}",
                    l.posts,
                    crate::base::time::day_key(l.rose_ms),
                    crate::base::time::day_key(l.first_ms)
                ),
                args: Some(BadgeArgs::LeadUser { item: name.to_string(), posts: l.posts, first_ms: l.first_ms, rose_ms: l.rose_ms }),
            });
        }
        out
    }
}

/// The size of an item's top tenth among `authors` (rounded up: one of 10, two of 11).
fn leader_top(authors: u64) -> u64 {
    ((authors as f64) * LEADER_TOP_SHARE).ceil().max(1.0) as u64
}

/// A percentage people can read: one decimal from 0.1 up, else two significant digits (0.0052), so a
/// small rate never reads as zero.
fn percent(rate: f64) -> String {
    if rate >= 0.1 || rate == 0.0 {
        format!("{rate:.1}")
    } else {
        let digits = (1 - rate.log10().floor() as i32).clamp(2, 6) as usize;
        format!("{rate:.digits$}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::post::{Author, Metrics};

    #[test]
    fn a_forged_follower_count_does_not_make_an_influencer() {
        let mut a = Authors::default();
        a.observe(&post("real", Some(1_200), 1), &[], 0);
        a.observe(&post("real", Some(987_600_000), 1), &[], 1);
        assert_eq!(a.get("x:real").unwrap().max_followers, Some(1_200), "a leap from 1,200 to 987 M is not believed");
        a.observe(&post("real", Some(1_450), 1), &[], 2);
        assert_eq!(a.get("x:real").unwrap().max_followers, Some(1_450), "growth is");
        a.observe(&post("new", Some(5_000_000_000), 1), &[], 0);
        assert_eq!(a.get("x:new").unwrap().max_followers, None, "more than any audience anywhere");
    }

    #[test]
    fn a_flood_of_authors_on_one_site_evicts_that_sites_authors_not_anothers() {
        let mut a = Authors::default();
        let mut reddit = post("r0", None, 1);
        reddit.site = "reddit".into();
        for i in 0..100 {
            reddit.author.handle = format!("r{i}");
            a.observe(&reddit, &[], 0);
        }
        // Invented authors on x, all seen later (so "least recently seen" alone would evict reddit first).
        for i in 0..MAX_AUTHORS + 50 {
            a.observe(&post(&format!("fake{i}"), None, 1), &[], 86_400_000);
        }
        a.prune(i64::MIN);
        assert!(a.len() <= MAX_AUTHORS);
        let kept_reddit = a.iter().filter(|(_, s)| s.site == "reddit").count();
        assert_eq!(kept_reddit, 100, "reddit's authors stay");
    }

    fn post(handle: &str, followers: Option<u64>, likes: u64) -> Post {
        Post {
            site: "x".into(),
            id: "1".into(),
            author: Author {
                handle: handle.into(),
                followers,
                ..Default::default()
            },
            metrics: Metrics {
                likes: Some(likes),
                ..Default::default()
            },
            ..Default::default()
        }
    }

    fn kinds(a: &Authors, key: &str) -> Vec<String> {
        a.badges(key, &Watchlist::default()).into_iter().map(|b| b.kind).collect()
    }

    #[test]
    fn follower_tiers_at_their_bounds() {
        assert_eq!(tier(999), None);
        assert_eq!(tier(1_000), Some("nano"));
        assert_eq!(tier(9_999), Some("nano"));
        assert_eq!(tier(10_000), Some("micro"));
        assert_eq!(tier(100_000), Some("macro"));
        assert_eq!(tier(999_999), Some("macro"));
        assert_eq!(tier(1_000_000), Some("mega"));
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(12), "12");
    }

    #[test]
    fn tier_and_engagement_badges_explain_themselves() {
        let mut a = Authors::default();
        let key = a.observe(&post("@Alice", Some(45_200), 300), &[], 0).unwrap();
        a.observe(&post("alice", Some(40_000), 100), &[], 1).unwrap();
        let s = a.get(&key).unwrap();
        assert_eq!((s.posts, s.engagement, s.max_followers), (2, 400, Some(45_200)));
        let b = a.badges(&key, &Watchlist::default());
        assert_eq!(b[0].label, "Micro (10k–100k)");
        assert!(b[0].why.contains("45,200 followers"));
        assert_eq!(b[1].label, "0.4% engagement");
        assert!(b[1].why.contains("200 likes, reposts and replies per post on average over 2 posts"));
        // The figures behind the words, for the extension to say them in French.
        assert_eq!(b[0].args, Some(BadgeArgs::Tier { tier: "micro".into(), followers: 45_200, site: "x".into() }));
        assert_eq!(b[1].args, Some(BadgeArgs::Engagement { rate: 0.4425, per_post: 200, posts: 2, followers: 45_200 }));
        let json = serde_json::to_value(&b[0]).unwrap();
        assert_eq!(json["args"], serde_json::json!({"kind": "tier", "tier": "micro", "followers": 45_200, "site": "x"}));
        // A badge serialised before `args` existed still reads, without figures.
        let old: Badge = serde_json::from_str(r#"{"kind":"tier","label":"Micro (10k–100k)","why":"…"}"#).unwrap();
        assert_eq!(old.args, None);
        assert!(serde_json::to_value(&old).unwrap().get("args").is_none());
        // No follower count shown: no tier, no rate.
        let k = a.observe(&post("bob", None, 5), &[], 0).unwrap();
        assert!(a.badges(&k, &Watchlist::default()).is_empty());
        assert!(a.observe(&post("", None, 5), &[], 0).is_none());
    }

    const DAY: i64 = 86_400_000;

    fn on_item(a: &mut Authors, handle: &str, followers: Option<u64>, likes: u64, item: &str, at: i64) -> String {
        a.observe_at(&post(handle, followers, likes), &[item.to_string()], at, at).unwrap()
    }

    #[test]
    fn opinion_leaders_follow_the_stated_rule_and_never_the_brand_itself() {
        let mut a = Authors::default();
        let item = "brioche phone";
        // Nine authors: too few for a tenth to mean anything.
        for i in 0..9 {
            for p in 0..3 {
                on_item(&mut a, &format!("u{i}"), None, 10 + i, item, p);
            }
        }
        assert!(a.leaders().is_empty());
        // Twenty authors with three posts each; the brand's own account has the most engagement of all.
        for i in 9..20 {
            for p in 0..3 {
                on_item(&mut a, &format!("u{i}"), None, 10 + i, item, p);
            }
        }
        for p in 0..3 {
            on_item(&mut a, "BriochePhone", Some(2_000_000), 5_000, item, p);
        }
        // One post, however engaging, is no leadership (and takes its rank).
        on_item(&mut a, "oneshot", None, 1, item, 0);
        // Same engagement as u19, but a reach shown: weighted above it.
        for p in 0..3 {
            on_item(&mut a, "reach", Some(50_000), 29, item, p);
        }
        let keys = |a: &Authors| {
            let mut l: Vec<_> = a.leaders().into_iter().collect();
            l.sort_by_key(|l| l.2);
            l.into_iter().map(|l| l.0).collect::<Vec<_>>()
        };
        // 23 authors: the top tenth is the first 3 (ceil 2.3); the brand is first, then reach, u19.
        assert_eq!(keys(&a), vec!["x:briochephone".to_string(), "x:reach".into(), "x:u19".into()]);
        // The person marks the brand's account as theirs: it leaves the ranking altogether.
        a.set_owned(Owned([("x".to_string(), vec!["@BriochePhone".to_string()])].into()));
        assert_eq!(keys(&a), vec!["x:reach".to_string(), "x:u19".into(), "x:u18".into()]);
        assert!(a.badges("x:briochephone", &Watchlist::default()).iter().all(|b| b.kind != "opinion_leader"));
        let b = a.badges("x:reach", &Watchlist::default());
        let leader = b.iter().find(|b| b.kind == "opinion_leader").unwrap();
        assert_eq!(
            leader.args,
            Some(BadgeArgs::OpinionLeader { item: item.into(), rank: 1, authors: 22, engagement: 87, posts: 3, top: 3, followers: 50_000 })
        );
        assert_eq!(
            leader.why,
            "#1 of 22 authors on “brioche phone” by engagement weighted by reach (top tenth: the first 3, with 3+ posts): 87 likes, reposts and replies on 3 posts, 50,000 followers shown"
        );
        // The badge names only the item it was earned on: the same author on another item earns nothing.
        on_item(&mut a, "reach", Some(50_000), 500, "velo", 0);
        assert_eq!(a.badges("x:reach", &Watchlist::default()).iter().filter(|b| b.kind == "opinion_leader").count(), 1);
        // Forgetting a leader promotes the next.
        a.map.get_mut("x:reach").unwrap().last_seen = -10;
        a.prune(-5);
        assert_eq!(keys(&a)[0], "x:u19");
    }

    #[test]
    fn lead_users_were_on_the_item_early_and_often_before_it_rose() {
        let mut a = Authors::default();
        let item = "brioche phone";
        let rose = 10 * DAY;
        // Early and often: four posts over the week before.
        for d in [2, 4, 6, 8] {
            on_item(&mut a, "early", None, 3, item, d * DAY);
        }
        // Often but late: three posts in the rise itself.
        for m in 0..3 {
            on_item(&mut a, "late", None, 3, item, rose - 30 * 60_000 + m);
        }
        // Early but once.
        on_item(&mut a, "once", None, 3, item, DAY);
        // The brand's own account, early and often: never its own lead user.
        for d in [1, 3, 5] {
            on_item(&mut a, "brand", None, 3, item, d * DAY);
        }
        a.set_owned(Owned([("x".to_string(), vec!["brand".to_string()])].into()));
        assert_eq!(a.credit_lead(item, rose), vec!["x:early".to_string()]);
        assert!(a.credit_lead(item, rose + 1).is_empty(), "credited once");
        let list = Watchlist::new(vec![crate::listening::watch::WatchItem { query: item.into(), label: Some("Brioche Phone 2".into()), ..Default::default() }]).unwrap();
        let b = a.badges("x:early", &list);
        assert_eq!(b[0].kind, "lead_user");
        assert_eq!(b[0].label, "Lead user: Brioche Phone 2");
        assert_eq!(b[0].why, "4 posts on “Brioche Phone 2” before it rose on 1970-01-11, the first on 1970-01-03");
        assert_eq!(b[0].args, Some(BadgeArgs::LeadUser { item: "Brioche Phone 2".into(), posts: 4, first_ms: 2 * DAY, rose_ms: rose }));
        // An item no longer watched: no badge.
        assert!(a.badges("x:early", &Watchlist::default()).is_empty());
    }

    #[test]
    fn no_engagement_rate_without_interactions_shown_and_a_small_one_is_not_zero() {
        let mut a = Authors::default();
        // LinkedIn, a million followers, no count read on the post.
        let mut p = post("corp", Some(1_000_000), 0);
        p.metrics = Metrics::default();
        let k = a.observe(&p, &[], 0).unwrap();
        assert_eq!(kinds(&a, &k), vec!["tier"], "a tier from the number shown, no rate");
        // Counts shown but all zero: still no rate.
        p.metrics.likes = Some(0);
        a.observe(&p, &[], 1);
        assert_eq!(kinds(&a, &k), vec!["tier"]);
        // 52 interactions per post (104 over the two posts with counts) for a million: 0.0052%, not "0.0%".
        p.metrics.likes = Some(104);
        a.observe(&p, &[], 2);
        let b = a.badges(&k, &Watchlist::default());
        assert_eq!(b[1].label, "0.0052% engagement");
        assert_eq!(percent(0.44), "0.4");
        assert_eq!(percent(0.052), "0.052");
    }
}
