//! Influence, private and local: what the page showed of each author (posts seen, engagement seen, the
//! largest follower count shown, watch items mentioned), and the badges derived from it. Nothing here is
//! fetched or shared: an author is only ever known by the posts this person scrolled past.
//!
//! Badges, each with a human `why` (the hover text):
//! - `tier`: follower tier when the page shows followers (nano 1k–10k, micro 10k–100k, macro 100k–1M, mega 1M+)
//! - `engagement`: engagement rate, average interactions per post seen over followers
//! - `opinion_leader`: among the top engagement of the authors seen on a watch item
//! - `lead_user`: repeatedly early on terms that later rose, on posts that drew engagement from others
use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::base::post::Post;
use crate::listening::watch::Watchlist;

/// Most authors remembered; beyond it the least recently seen are forgotten (bounded memory and store).
pub const MAX_AUTHORS: usize = 10_000;
/// Opinion leaders: the top this many by engagement on an item...
pub const LEADER_RANK: usize = 3;
/// ...among at least this many authors seen on it (a leader of two is no leader).
pub const LEADER_MIN_AUTHORS: u64 = 5;
/// Lead user: early on at least this many terms that later rose.
pub const LEAD_USER_MIN_TERMS: usize = 2;
const MAX_EARLY_TERMS: usize = 10;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ItemStats {
    pub posts: u64,
    pub engagement: u64,
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
    /// Terms this author used early, on engaged posts, before they rose.
    pub early_terms: Vec<String>,
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
    /// `rank` (1-based) by engagement among `authors` authors seen on the watch item named `item` (its
    /// label when it has one); this author's `engagement` and `posts` on it.
    OpinionLeader { item: String, rank: u64, authors: u64, engagement: u64, posts: u64 },
    /// Early on `terms` terms that later rose; `recent`: the last (up to 3), most recent first.
    LeadUser { terms: u64, recent: Vec<String> },
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
    /// Per watch item: authors seen on it, and the top [`LEADER_RANK`] (engagement, key), best first.
    items: BTreeMap<String, (u64, Vec<(u64, String)>)>,
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
        for (item, s) in &stats.watch {
            let entry = self.items.entry(item.clone()).or_default();
            if !self.map.get(&key).is_some_and(|old| old.watch.contains_key(item)) {
                entry.0 += 1;
            }
            rank(&mut entry.1, &key, s.engagement);
        }
        self.map.insert(key, stats);
    }

    /// Counts a distinct post toward its author. Returns the author's key, or `None` when the page gave
    /// no handle.
    pub fn observe(&mut self, post: &Post, watch: &[String], now_ms: i64) -> Option<String> {
        let key = author_key(&post.site, &post.author.handle)?;
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
            let first = s.posts == 0;
            s.posts += 1;
            s.engagement = s.engagement.saturating_add(engagement);
            let entry = self.items.entry(item.clone()).or_default();
            if first {
                entry.0 += 1;
            }
            rank(&mut entry.1, &key, s.engagement);
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
        Some(key)
    }

    /// Credits an author with being early on a term that then rose. Returns true when it changed.
    pub fn credit_early(&mut self, key: &str, term: &str) -> bool {
        let Some(a) = self.map.get_mut(key) else {
            return false;
        };
        if a.early_terms.iter().any(|t| t == term) {
            return false;
        }
        a.early_terms.push(term.to_string());
        if a.early_terms.len() > MAX_EARLY_TERMS {
            a.early_terms.remove(0);
        }
        true
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
            if let Some(a) = self.map.remove(key) {
                for item in a.watch.keys() {
                    if let Some(entry) = self.items.get_mut(item) {
                        entry.0 = entry.0.saturating_sub(1);
                        entry.1.retain(|(_, k)| k != key);
                    }
                }
            }
        }
        if !gone.is_empty() {
            // A leader forgotten leaves a gap the next best fills: rebuild the rankings.
            let map = std::mem::take(&mut self.map);
            self.items.clear();
            for (k, a) in map {
                self.insert(k, a);
            }
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
            if f >= 100 && a.posts_with_metrics > 0 {
                let per_post = a.engagement as f64 / a.posts_with_metrics as f64;
                let rate = per_post / f as f64 * 100.0;
                let posts = a.posts_with_metrics;
                out.push(Badge {
                    kind: "engagement".into(),
                    label: format!("{rate:.1}% engagement"),
                    why: format!(
                        "{} likes, reposts and replies per post on average over {posts} post{} seen, for {} followers",
                        thousands(per_post.round() as u64),
                        if posts == 1 { "" } else { "s" },
                        thousands(f)
                    ),
                    args: Some(BadgeArgs::Engagement {
                        rate: (rate * 100.0).round() / 100.0,
                        per_post: per_post.round() as u64,
                        posts,
                        followers: f,
                    }),
                });
            }
        }
        for (item, s) in &a.watch {
            let Some((authors, top)) = self.items.get(item) else {
                continue;
            };
            if *authors < LEADER_MIN_AUTHORS || s.engagement == 0 {
                continue;
            }
            if let Some(pos) = top.iter().position(|(_, k)| k == key) {
                let item = watchlist.display_name(item);
                out.push(Badge {
                    kind: "opinion_leader".into(),
                    label: format!("Opinion leader: {item}"),
                    why: format!(
                        "#{} by engagement among {authors} authors seen on “{item}” ({} likes, reposts and replies on {} post{})",
                        pos + 1,
                        thousands(s.engagement),
                        s.posts,
                        if s.posts == 1 { "" } else { "s" }
                    ),
                    args: Some(BadgeArgs::OpinionLeader {
                        item: item.to_string(),
                        rank: pos as u64 + 1,
                        authors: *authors,
                        engagement: s.engagement,
                        posts: s.posts,
                    }),
                });
            }
        }
        if a.early_terms.len() >= LEAD_USER_MIN_TERMS {
            let recent: Vec<String> = a.early_terms.iter().rev().take(3).cloned().collect();
            let terms: Vec<String> = recent.iter().map(|t| format!("“{t}”")).collect();
            out.push(Badge {
                kind: "lead_user".into(),
                label: "Lead user".into(),
                why: format!(
                    "early on {} terms before they rose ({}), on posts that drew engagement from others",
                    a.early_terms.len(),
                    terms.join(", ")
                ),
                args: Some(BadgeArgs::LeadUser { terms: a.early_terms.len() as u64, recent }),
            });
        }
        out
    }
}

/// Keeps `top` the best [`LEADER_RANK`] by engagement, with `key` at `engagement`.
fn rank(top: &mut Vec<(u64, String)>, key: &str, engagement: u64) {
    top.retain(|(_, k)| k != key);
    top.push((engagement, key.to_string()));
    // Ties: the earlier-ranked (key order) first, so the ranking does not flicker between batches.
    top.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    top.truncate(LEADER_RANK);
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
        assert_eq!(b[1].args, Some(BadgeArgs::Engagement { rate: 0.44, per_post: 200, posts: 2, followers: 45_200 }));
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

    #[test]
    fn opinion_leaders_are_the_top_engagement_on_an_item_with_enough_authors() {
        let mut a = Authors::default();
        let item = vec!["decathlon".to_string()];
        for (i, likes) in [50, 900, 10, 400, 3].into_iter().enumerate() {
            a.observe(&post(&format!("u{i}"), None, likes), &item, 0);
            if i < 4 {
                // Four authors are not enough for anyone to lead.
                assert!(!kinds(&a, "x:u1").contains(&"opinion_leader".to_string()));
            }
        }
        let leader = a.badges("x:u1", &Watchlist::default());
        assert_eq!(leader[0].kind, "opinion_leader");
        assert!(leader[0].why.starts_with("#1 by engagement among 5 authors"));
        assert_eq!(
            leader[0].args,
            Some(BadgeArgs::OpinionLeader { item: "decathlon".into(), rank: 1, authors: 5, engagement: 900, posts: 1 })
        );
        assert!(a.badges("x:u3", &Watchlist::default())[0].why.starts_with("#2"));
        assert!(a.badges("x:u4", &Watchlist::default()).is_empty());
        // Forgetting the leader promotes the next.
        a.map.get_mut("x:u1").unwrap().last_seen = -10;
        a.observe(&post("u5", None, 1), &item, 0);
        assert_eq!(a.prune(-5), vec!["x:u1".to_string()]);
        assert!(a.badges("x:u2", &Watchlist::default())[0].why.starts_with("#3"));
        assert!(a.badges("x:u4", &Watchlist::default()).is_empty());
    }

    #[test]
    fn lead_users_need_several_early_terms() {
        let mut a = Authors::default();
        let k = a.observe(&post("eve", None, 10), &[], 0).unwrap();
        assert!(a.credit_early(&k, "#velotaf"));
        assert!(!a.credit_early(&k, "#velotaf"));
        assert!(a.badges(&k, &Watchlist::default()).is_empty());
        a.credit_early(&k, "gravel bike");
        let b = a.badges(&k, &Watchlist::default());
        assert_eq!(b[0].kind, "lead_user");
        assert!(b[0].why.contains("“gravel bike”, “#velotaf”"));
        assert_eq!(
            b[0].args,
            Some(BadgeArgs::LeadUser { terms: 2, recent: vec!["gravel bike".into(), "#velotaf".into()] })
        );
    }
}
