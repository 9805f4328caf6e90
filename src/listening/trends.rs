//! Trends: which terms (words, #hashtags, two-word phrases) are rising against this person's own
//! baseline, and which watch items spike in volume or negative share.
//!
//! - Per-term counts per UTC hour (`terms:YYYY-MM-DDTHH`, [`HourTerms`]), by publication hour clamped to
//!   now, each term counted once per distinct post. Bounded: at most [`MAX_TERMS_PER_HOUR`] terms per
//!   hour (terms seen once are dropped first); hours older than [`COMPACT_AFTER_HOURS`] are folded into
//!   one table per day (`terms:YYYY-MM-DD`, top [`MAX_TERMS_PER_DAY`] terms), which keeps the week of
//!   baseline within a small share of `chrome.storage.local`'s quota; tables older than [`WINDOW_HOURS`]
//!   are pruned. A day key sorts before that day's hours, so one ordered map holds both.
//! - Rising (baseline): over the last two hours a term appears in `c` of `N` posts; over the baseline
//!   window before that in `B_c` of `B_N`. Expected `λ = N·(B_c + ½)/(B_N + 1)`; the term is rising when
//!   `c ≥` [`MIN_SUPPORT`], `c ≥ 2λ`, the Poisson tail `P(X ≥ c | λ) ≤` [`P_RISING`], and the posts
//!   are by [`VELOCITY_MIN_AUTHORS`] different authors (a term seen twice, or one account repeating it,
//!   is never a trend; a steady term's noise does not pass). No baseline (fewer than
//!   [`MIN_BASELINE_POSTS`]): nothing is called rising yet. Everything goes by *publication* hour: posts
//!   whose hour is unknown (undated, or shown as "3 d") count in no hour (engine.rs), so a week of
//!   history read in one sitting is a baseline, never a burst. Everyday words are stop-listed
//!   (stopwords.rs) in both languages.
//! - Per site: the same test on one site's own counts against that site's own week ([`SiteTerms`]):
//!   the in-page chips, at most [`MAX_CHIPS`] a post ([`chips`]), so a page learns nothing read elsewhere.
//! - Rising (velocity): a term absent from the baseline seen in [`MIN_SUPPORT`] posts published within
//!   [`VELOCITY_WINDOW_MS`], by [`VELOCITY_MIN_AUTHORS`] different authors.
//! - A watch item's own words (its name and fragments, [`own_words`]) are not trends *of* that item.
//! - Alerts: the same Poisson test on a watch item's mentions (volume), and a binomial test on its share
//!   of negative posts (negative share), from the day tallies.
use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

use serde::{Deserialize, Serialize};

use crate::text::stopwords::is_stopword;
use crate::listening::tally::{Counts, DayTally};
use crate::base::time::{day_key, hour_key};
use crate::text::tokens::{tokenize, Kind};

pub const WINDOW_HOURS: i64 = 7 * 24;
pub const MIN_SUPPORT: u64 = 5;
pub const MIN_BASELINE_POSTS: u64 = 50;
/// One-sided tail probability below which a count is "well above" the baseline (about 3.7 sigma): strict
/// because every term is tested every hour.
pub const P_RISING: f64 = 1e-4;
pub const MAX_TERMS_PER_HOUR: usize = 1_000;
pub const MAX_TERMS_PER_DAY: usize = 2_000;
pub const COMPACT_AFTER_HOURS: i64 = 24;
pub const MAX_TERMS_PER_POST: usize = 48;
/// Longest word or hashtag taken as a trend term, in bytes. No real word or tag is near it; without it a
/// page's 8 KB run of letters was a term, kept in its post and in every hour's counts (the flood test,
/// tests/e2e/flood.test.mjs, found kept posts of 19 KB for an 8 KB text).
pub const MAX_TERM_BYTES: usize = 64;
pub const VELOCITY_WINDOW_MS: i64 = 30 * 60_000;
pub const VELOCITY_MIN_AUTHORS: usize = 3;
const MAX_SESSION_TERMS: usize = 20_000;
/// How long a post is remembered in the session: the current window (two hours).
const SESSION_MS: i64 = 2 * HOUR_MS;
/// A site's own counts, per hour and per compacted day: smaller than the whole table, since a site's
/// rises are only ever shown on its own pages.
pub const MAX_SITE_TERMS_PER_HOUR: usize = 400;
pub const MAX_SITE_TERMS_PER_DAY: usize = 800;
/// Sites counted apart in one hour; beyond it a site's posts count only in the whole table.
pub const MAX_SITES: usize = 16;
/// Trend chips on one post, at most: the strongest rises it carries.
pub const MAX_CHIPS: usize = 2;
const MAX_LOG: usize = 200;
/// A term or alert that rose is not announced again within this time.
const QUIET_MS: i64 = 24 * 3_600_000;
const HOUR_MS: i64 = 3_600_000;

/// The distinct trend terms of a post: folded words (3+ letters, not stopwords, not numbers),
/// `#hashtags`, and adjacent word pairs ("battery life") of non-stopwords.
pub fn terms(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut seen = BTreeSet::new();
    let mut prev: Option<String> = None;
    let mut push = |t: String, out: &mut Vec<String>| {
        if out.len() < MAX_TERMS_PER_POST && seen.insert(t.clone()) {
            out.push(t);
        }
    };
    for t in tokenize(text) {
        if t.text.len() > MAX_TERM_BYTES {
            prev = None;
            continue;
        }
        match t.kind {
            Kind::Hashtag if t.text.chars().count() >= 2 => {
                push(format!("#{}", t.text), &mut out);
                prev = None;
            }
            Kind::Word => {
                let useful = t.text.chars().count() >= 3
                    && !is_stopword(&t.text)
                    && !t.text.chars().all(|c| c.is_ascii_digit());
                if useful {
                    if let Some(p) = prev.take() {
                        push(format!("{p} {}", t.text), &mut out);
                    }
                    push(t.text.clone(), &mut out);
                    prev = Some(t.text);
                } else {
                    prev = None;
                }
            }
            _ => prev = None,
        }
    }
    out
}

/// Term counts for one UTC hour, stored under `terms:YYYY-MM-DDTHH`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct HourTerms {
    /// Distinct posts counted in this hour.
    pub posts: u64,
    /// Term → distinct posts carrying it.
    pub counts: BTreeMap<String, u64>,
    /// Term → the first authors whose engaged posts carried it, as older versions kept it for the
    /// term-based "lead user" (no longer made: lead users are per watch item, influence.rs). Dropped at
    /// load: it was half the size of the tables.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub early: BTreeMap<String, Vec<String>>,
    /// The same counts site by site: a page is shown only what rose on its own site, measured against
    /// that site's own week (what the person read elsewhere never reaches a page, README "What a site
    /// can see"). Absent from tables stored before it existed.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub sites: BTreeMap<String, SiteTerms>,
}

/// One site's share of an hour's (or day's) [`HourTerms`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SiteTerms {
    pub posts: u64,
    pub counts: BTreeMap<String, u64>,
}

impl SiteTerms {
    fn bound(&mut self, max: usize) {
        if self.counts.len() > max {
            let mut floor = 1;
            while self.counts.len() > max * 9 / 10 {
                self.counts.retain(|_, n| *n > floor);
                floor += 1;
            }
        }
    }
}

/// A term that rose: kept in the `trends` log and shown on the dashboard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rise {
    pub term: String,
    /// `YYYY-MM-DDTHH` of the evaluation.
    pub hour: String,
    pub at_ms: i64,
    /// Posts carrying the term in the current window, and how many were expected from the baseline.
    pub count: u64,
    pub expected: f64,
    /// (count - expected) / sqrt(expected): the Poisson z-score, for display.
    pub z: f64,
    /// `baseline` or `velocity`.
    pub via: String,
    /// English, for the CLI and exports; the extension words its own from `args`.
    pub why: String,
    /// The figures behind `why` beyond `count` and `expected`. Absent from rises logged before it existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub args: Option<RiseArgs>,
    /// How many times its usual share of posts the term has now (`count/posts` over
    /// `baseline_count/baseline_posts`, one decimal): the chip's "×4". `None` when the week before never
    /// had it (new), and for velocity rises.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub times: Option<f64>,
    /// The site whose own posts rose (the in-page chips); `None` for a rise over everything read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
}

/// The figures of a [`Rise`], tagged by the same `via` (docs/listening.md, "Badges, rises and alerts").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "via", rename_all = "snake_case")]
pub enum RiseArgs {
    /// `count` of the last `posts` posts (the two-hour window) carried the term, against `baseline_count`
    /// of `baseline_posts` in the week before.
    Baseline { posts: u64, baseline_count: u64, baseline_posts: u64 },
    /// `count` posts by `authors` distinct authors in the last 30 minutes of this session.
    Velocity { authors: u64 },
}

/// A watch item whose volume or negative share spiked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alert {
    pub watch: String,
    /// `volume` or `negative`.
    pub kind: String,
    pub hour: String,
    pub at_ms: i64,
    pub value: f64,
    pub baseline: f64,
    /// English, for the CLI and exports; the extension words its own from `args`.
    pub why: String,
    /// The figures behind `why`. Absent from alerts stored before it existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub args: Option<AlertArgs>,
}

/// The figures of an [`Alert`], tagged by the same `kind` (docs/listening.md, "Badges, rises and alerts").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AlertArgs {
    /// `posts` on the item in the last two hours, `expected` (two decimals) from the week before.
    Volume { posts: u64, expected: f64 },
    /// `negative` of `posts` on the item in the last two hours were negative: `share` of them, against
    /// `baseline_share` the week before (fractions 0–1, four decimals).
    Negative { negative: u64, posts: u64, share: f64, baseline_share: f64 },
}

/// `P(X ≥ c)` for X ~ Poisson(λ), summed in log space (exact enough for the small counts tested here).
pub fn poisson_tail(c: u64, lambda: f64) -> f64 {
    if c == 0 {
        return 1.0;
    }
    if lambda <= 0.0 {
        return 0.0;
    }
    // 1 - P(X ≤ c-1)
    let mut log_p = -lambda; // log P(X = 0)
    let mut cdf = log_p.exp();
    for k in 1..c {
        log_p += lambda.ln() - (k as f64).ln();
        cdf += log_p.exp();
    }
    (1.0 - cdf).max(0.0)
}

/// `P(X ≥ k)` for X ~ Binomial(n, p).
pub fn binomial_tail(k: u64, n: u64, p: f64) -> f64 {
    if k == 0 {
        return 1.0;
    }
    if k > n || p <= 0.0 {
        return 0.0;
    }
    if p >= 1.0 {
        return 1.0;
    }
    let (lp, lq) = (p.ln(), (1.0 - p).ln());
    let mut log_c = 0.0; // log C(n, i), built up from i = 0
    let mut tail = 0.0;
    for i in 0..=n {
        if i > 0 {
            log_c += ((n - i + 1) as f64).ln() - (i as f64).ln();
        }
        if i >= k {
            tail += (log_c + i as f64 * lp + (n - i) as f64 * lq).exp();
        }
    }
    tail.min(1.0)
}

#[derive(Debug, Default)]
struct Baseline {
    /// The hour it was computed for; recomputed when the clock enters a new hour.
    for_hour: String,
    posts: u64,
    counts: HashMap<String, u64>,
    /// Site → its own posts and counts over the same hours.
    sites: HashMap<String, (u64, HashMap<String, u64>)>,
}

/// What the engine keeps of the trends between restarts beyond the term tables (`trend_state`): the
/// rises of the last evaluation (what "Rising now" and the chips show) and when the person last saw the
/// alerts (the toolbar badge counts those raised since).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TrendState {
    pub rising: Vec<Rise>,
    pub sites: BTreeMap<String, Vec<Rise>>,
    pub alerts_seen_ms: i64,
}

#[derive(Debug, Default)]
pub struct Trends {
    hours: BTreeMap<String, HourTerms>,
    log: Vec<Rise>,
    alerts: Vec<Alert>,
    rising: BTreeMap<String, Rise>,
    /// Site → the terms rising on that site alone (the in-page chips).
    site_rising: BTreeMap<String, BTreeMap<String, Rise>>,
    alerts_seen_ms: i64,
    baseline: Baseline,
    /// Term → (published at, author hash, site hash) of the posts published in the last two hours that
    /// this session counted: the distinct authors behind a rise, and velocity. Memory only (after a
    /// restart, a rise needs its authors again; what rose before is restored from [`TrendState`]).
    session: HashMap<String, VecDeque<(i64, u64, u64)>>,
    session_swept_at: i64,
}

/// The hour keys bounding the current window `[H-1, H]` and the baseline `[H - WINDOW, H-1)`.
fn window(now_ms: i64) -> (String, String, String) {
    (
        hour_key(now_ms - WINDOW_HOURS * HOUR_MS),
        hour_key(now_ms - HOUR_MS),
        hour_key(now_ms),
    )
}

impl Trends {
    pub fn hours(&self) -> &BTreeMap<String, HourTerms> {
        &self.hours
    }

    pub fn log(&self) -> &[Rise] {
        &self.log
    }

    pub fn alerts(&self) -> &[Alert] {
        &self.alerts
    }

    /// Terms rising at the last evaluation.
    pub fn rising(&self) -> &BTreeMap<String, Rise> {
        &self.rising
    }

    /// Terms rising on `site` alone at the last evaluation (the in-page chips).
    pub fn rising_on(&self, site: &str) -> Option<&BTreeMap<String, Rise>> {
        self.site_rising.get(site)
    }

    /// What to keep between restarts ([`TrendState`]).
    pub fn state(&self) -> TrendState {
        TrendState {
            rising: self.rising.values().cloned().collect(),
            sites: self.site_rising.iter().map(|(s, r)| (s.clone(), r.values().cloned().collect())).collect(),
            alerts_seen_ms: self.alerts_seen_ms,
        }
    }

    /// Restores the last evaluation's rises (those of the last two hours: older ones would be stale
    /// until the next batch) and when the alerts were last seen.
    pub fn restore_state(&mut self, state: TrendState, now_ms: i64) {
        let fresh = |r: &Rise| now_ms - r.at_ms < 2 * HOUR_MS && r.at_ms <= now_ms;
        self.rising = state.rising.into_iter().filter(fresh).map(|r| (r.term.clone(), r)).collect();
        self.site_rising = state
            .sites
            .into_iter()
            .map(|(s, rs)| (s, rs.into_iter().filter(fresh).map(|r| (r.term.clone(), r)).collect::<BTreeMap<_, _>>()))
            .filter(|(_, rs)| !rs.is_empty())
            .collect();
        self.alerts_seen_ms = state.alerts_seen_ms;
    }

    /// Alerts raised since the person last looked (the toolbar badge's count).
    pub fn unseen_alerts(&self) -> usize {
        self.alerts.iter().filter(|a| a.at_ms > self.alerts_seen_ms).count()
    }

    /// The person has seen the alerts (opened the dashboard).
    pub fn alerts_seen(&mut self, now_ms: i64) {
        self.alerts_seen_ms = self.alerts_seen_ms.max(now_ms);
    }

    pub fn restore_hour(&mut self, hour: String, mut terms: HourTerms) {
        terms.early.clear();
        self.hours.insert(hour, terms);
        self.baseline.for_hour.clear();
    }

    /// Merges an imported hour (max of each count, the whole's and each site's); `None` outside the window.
    pub fn merge_hour(&mut self, hour: &str, t: &HourTerms, now_ms: i64) -> Option<&HourTerms> {
        let (oldest, _, now_hour) = window(now_ms);
        if hour < oldest.as_str() || hour > now_hour.as_str() || !(hour.len() == 13 || hour.len() == 10) {
            return None;
        }
        let mine = self.hours.entry(hour.to_string()).or_default();
        mine.posts = mine.posts.max(t.posts);
        for (term, n) in &t.counts {
            let c = mine.counts.entry(term.clone()).or_default();
            *c = (*c).max(*n);
        }
        let max = if hour.len() == 10 { MAX_SITE_TERMS_PER_DAY } else { MAX_SITE_TERMS_PER_HOUR };
        for (site, st) in &t.sites {
            // An imported table is held to what counting would have made (a site is a short name).
            if site.is_empty() || site.len() > 32 || (!mine.sites.contains_key(site) && mine.sites.len() >= MAX_SITES) {
                continue;
            }
            let m = mine.sites.entry(site.clone()).or_default();
            m.posts = m.posts.max(st.posts);
            for (term, n) in st.counts.iter().filter(|(t, _)| t.len() <= 2 * MAX_TERM_BYTES + 1) {
                let c = m.counts.entry(term.clone()).or_default();
                *c = (*c).max(*n);
            }
            m.bound(max);
        }
        self.baseline.for_hour.clear();
        self.hours.get(hour)
    }

    pub fn restore_log(&mut self, log: Vec<Rise>, alerts: Vec<Alert>) {
        self.log = log;
        self.alerts = alerts;
    }

    /// Counts one distinct post's terms, over everything read (no site of its own: the CLI, tests). See
    /// [`Trends::add_on`].
    pub fn add(&mut self, terms: &[String], at_ms: i64, now_ms: i64, author: Option<(&str, u64)>) -> Option<String> {
        self.add_on(None, terms, at_ms, now_ms, author)
    }

    /// Counts one distinct post's terms in the hour it was *published* (`at_ms`: the caller passes only
    /// posts whose hour is known; one read long after it was written counts in its own hour, so a
    /// week of history read in one sitting is baseline, not a burst), and in `site`'s own table. Returns
    /// the hour key touched, or `None` when the post is older than the trend window (it still counts in
    /// the tallies, just not toward what is rising now).
    pub fn add_on(
        &mut self,
        site: Option<&str>,
        terms: &[String],
        at_ms: i64,
        now_ms: i64,
        author: Option<(&str, u64)>,
    ) -> Option<String> {
        let at = at_ms.min(now_ms);
        let (oldest, current_start, _) = window(now_ms);
        let mut hour = hour_key(at);
        if hour < oldest {
            return None;
        }
        if hour < hour_key(now_ms - COMPACT_AFTER_HOURS * HOUR_MS) {
            // An older post seen now counts in its (compacted) day, unless that day is leaving the window
            // (its key sorts before the window's first hour, so it would be pruned at once).
            hour.truncate(10);
            if hour < oldest {
                return None;
            }
        }
        let in_baseline = self.baseline.for_hour == hour_key(now_ms) && hour < current_start;
        let h = self.hours.entry(hour.clone()).or_default();
        h.posts += 1;
        if in_baseline {
            self.baseline.posts += 1;
        }
        for t in terms {
            // Look up before inserting: most terms are already there, and a key clone per term per post
            // is most of the cost on a long file.
            match h.counts.get_mut(t) {
                Some(n) => *n += 1,
                None => {
                    h.counts.insert(t.clone(), 1);
                }
            }
            if in_baseline {
                *self.baseline.counts.entry(t.clone()).or_default() += 1;
            }
        }
        if let Some(site) = site.filter(|s| h.sites.contains_key(*s) || h.sites.len() < MAX_SITES) {
            let st = h.sites.entry(site.to_string()).or_default();
            st.posts += 1;
            for t in terms {
                match st.counts.get_mut(t) {
                    Some(n) => *n += 1,
                    None => {
                        st.counts.insert(t.clone(), 1);
                    }
                }
            }
            st.bound(if hour.len() == 10 { MAX_SITE_TERMS_PER_DAY } else { MAX_SITE_TERMS_PER_HOUR });
            if in_baseline {
                let (posts, counts) = self.baseline.sites.entry(site.to_string()).or_default();
                *posts += 1;
                for t in terms {
                    *counts.entry(t.clone()).or_default() += 1;
                }
            }
        }
        if h.counts.len() > MAX_TERMS_PER_HOUR {
            // Space-saving: terms seen once this hour go first; they are the long tail, not a trend.
            let mut floor = 1;
            while h.counts.len() > MAX_TERMS_PER_HOUR * 9 / 10 {
                h.counts.retain(|_, n| *n > floor);
                floor += 1;
            }
        }
        // Authors behind a rise, and velocity, are about what is being written now: only posts published
        // in the current window count (a post of last week read now is no sign of anything new).
        if now_ms - at >= SESSION_MS {
            return Some(hour);
        }
        let author_hash = author.map_or(0, |(_, h)| h);
        let site_hash = site.map_or(0, site_id);
        for t in terms {
            if self.session.len() >= MAX_SESSION_TERMS && !self.session.contains_key(t) {
                // Full: sweep out expired terms, at most once a minute (sweeping for every new term of a
                // long tail feed would cost a full pass per term); meanwhile new terms wait.
                if now_ms - self.session_swept_at >= 60_000 {
                    self.session_swept_at = now_ms;
                    self.session.retain(|_, q| q.iter().any(|(ms, _, _)| now_ms - ms < SESSION_MS));
                }
                if self.session.len() >= MAX_SESSION_TERMS {
                    continue;
                }
            }
            let q = match self.session.get_mut(t) {
                Some(q) => q,
                None => self.session.entry(t.clone()).or_default(),
            };
            q.push_back((at, author_hash, site_hash));
            q.retain(|(ms, _, _)| now_ms - ms < SESSION_MS);
        }
        Some(hour)
    }

    fn refresh_baseline(&mut self, now_ms: i64) {
        let (oldest, current_start, now_hour) = window(now_ms);
        if self.baseline.for_hour == now_hour {
            return;
        }
        let mut b = Baseline {
            for_hour: now_hour,
            ..Default::default()
        };
        for h in self.hours.range(oldest..current_start).map(|(_, h)| h) {
            b.posts += h.posts;
            for (t, n) in &h.counts {
                *b.counts.entry(t.clone()).or_default() += n;
            }
            for (site, st) in &h.sites {
                let (posts, counts) = b.sites.entry(site.clone()).or_default();
                *posts += st.posts;
                for (t, n) in &st.counts {
                    *counts.entry(t.clone()).or_default() += n;
                }
            }
        }
        self.baseline = b;
    }

    /// Re-evaluates what is rising now. Returns the terms that newly rose (also appended to the log).
    pub fn evaluate(&mut self, now_ms: i64) -> Vec<Rise> {
        self.refresh_baseline(now_ms);
        let (_, current_start, now_hour) = window(now_ms);
        let mut current: BTreeMap<&String, u64> = BTreeMap::new();
        let mut posts = 0;
        for h in self.hours.range(current_start.clone()..).map(|(_, h)| h) {
            posts += h.posts;
            for (t, n) in &h.counts {
                *current.entry(t).or_default() += n;
            }
        }
        let (b_posts, b_counts) = (self.baseline.posts, &self.baseline.counts);
        let mut rising = BTreeMap::new();
        if b_posts >= MIN_BASELINE_POSTS {
            for (term, &c) in current.iter().filter(|(_, &c)| c >= MIN_SUPPORT) {
                if self.authors_of(term, None, now_ms) < VELOCITY_MIN_AUTHORS {
                    continue;
                }
                let b = b_counts.get(*term).copied().unwrap_or(0);
                if let Some(r) = baseline_rise(term, None, c, posts, b, b_posts, &now_hour, now_ms) {
                    rising.insert((*term).clone(), r);
                }
            }
        }
        // Each site against its own week, from its own tables only.
        let mut site_current: BTreeMap<&String, (u64, BTreeMap<&String, u64>)> = BTreeMap::new();
        for h in self.hours.range(current_start.clone()..).map(|(_, h)| h) {
            for (site, st) in &h.sites {
                let (p, counts) = site_current.entry(site).or_default();
                *p += st.posts;
                for (t, n) in &st.counts {
                    *counts.entry(t).or_default() += n;
                }
            }
        }
        let mut site_rising: BTreeMap<String, BTreeMap<String, Rise>> = BTreeMap::new();
        for (site, (s_posts, counts)) in site_current {
            let Some((sb_posts, sb_counts)) = self.baseline.sites.get(site) else { continue };
            if *sb_posts < MIN_BASELINE_POSTS {
                continue;
            }
            let site_hash = site_id(site);
            for (term, &c) in counts.iter().filter(|(_, &c)| c >= MIN_SUPPORT) {
                if self.authors_of(term, Some(site_hash), now_ms) < VELOCITY_MIN_AUTHORS {
                    continue;
                }
                let b = sb_counts.get(*term).copied().unwrap_or(0);
                if let Some(r) = baseline_rise(term, Some(site), c, s_posts, b, *sb_posts, &now_hour, now_ms) {
                    site_rising.entry(site.clone()).or_default().insert((*term).clone(), r);
                }
            }
        }
        self.site_rising = site_rising;
        if b_posts >= MIN_BASELINE_POSTS {
            for (term, q) in &self.session {
                if rising.contains_key(term) {
                    continue;
                }
                let recent: Vec<&(i64, u64, u64)> = q.iter().filter(|(ms, _, _)| now_ms - ms < VELOCITY_WINDOW_MS).collect();
                let authors: BTreeSet<u64> = recent.iter().map(|(_, a, _)| *a).filter(|a| *a != 0).collect();
                let c = recent.len() as u64;
                // New: absent from the week before (sightings are of posts published in the last 30
                // minutes, counted in the current window, never in the baseline).
                let new = b_counts.get(term).copied().unwrap_or(0) == 0;
                if new && c >= MIN_SUPPORT && authors.len() >= VELOCITY_MIN_AUTHORS {
                    let why = format!(
                        "new: {c} posts by {} authors in your last 30 minutes, not seen in the week before",
                        authors.len()
                    );
                    let args = RiseArgs::Velocity { authors: authors.len() as u64 };
                    rising.insert(term.clone(), rise(term, &now_hour, now_ms, c, 0.0, 0.0, why, args));
                }
            }
        }
        let mut fresh = Vec::new();
        for r in rising.values() {
            let recent = self.log.iter().any(|l| l.term == r.term && now_ms - l.at_ms < QUIET_MS);
            if !recent {
                fresh.push(r.clone());
            }
        }
        self.log.extend(fresh.iter().cloned());
        if self.log.len() > MAX_LOG {
            self.log.drain(..self.log.len() - MAX_LOG);
        }
        self.rising = rising;
        fresh
    }

    /// Distinct authors (known ones) of this session's posts carrying `term` published in the last two
    /// hours, on `site` when given: a rise needs [`VELOCITY_MIN_AUTHORS`] (one account repeating a word is
    /// no trend).
    fn authors_of(&self, term: &str, site: Option<u64>, now_ms: i64) -> usize {
        let Some(q) = self.session.get(term) else { return 0 };
        q.iter()
            .filter(|(ms, a, s)| now_ms - ms < SESSION_MS && *a != 0 && site.map_or(true, |x| x == *s))
            .map(|(_, a, _)| *a)
            .collect::<BTreeSet<u64>>()
            .len()
    }

    /// Watch items whose mentions (volume) or negative share spiked in the last two hours, against the
    /// week before, from the day tallies. Returns the alerts newly raised (also kept in [`Trends::alerts`]).
    pub fn check_alerts<'a>(
        &mut self,
        days: &BTreeMap<String, DayTally>,
        items: impl Iterator<Item = &'a str>,
        now_ms: i64,
    ) -> Vec<Alert> {
        let (oldest, current_start, now_hour) = window(now_ms);
        let mut fresh = Vec::new();
        // Posts per hour (all), and per item per hour, over the window.
        let oldest_day = day_key(now_ms - WINDOW_HOURS * HOUR_MS);
        let hours_of = |f: &dyn Fn(&DayTally) -> Option<&BTreeMap<String, Counts>>| {
            let mut cur = Counts::default();
            let mut base = Counts::default();
            for (day, t) in days.range(oldest_day.clone()..) {
                for (h, c) in f(t).into_iter().flatten() {
                    let key = format!("{day}T{h}");
                    let into = if key >= current_start && key <= now_hour {
                        &mut cur
                    } else if key >= oldest && key < current_start {
                        &mut base
                    } else {
                        continue;
                    };
                    into.posts += c.posts;
                    into.negative += c.negative;
                }
            }
            (cur, base)
        };
        let (all_cur, all_base) = hours_of(&|t| Some(&t.hours));
        for item in items {
            let (cur, base) = hours_of(&|t| t.watch.get(item).map(|w| &w.hours));
            let raise = |value: f64, baseline: f64, why: String, args: AlertArgs, fresh: &mut Vec<Alert>| {
                let kind = match args {
                    AlertArgs::Volume { .. } => "volume",
                    AlertArgs::Negative { .. } => "negative",
                };
                let quiet = self
                    .alerts
                    .iter()
                    .any(|a| a.watch == item && a.kind == kind && now_ms - a.at_ms < QUIET_MS / 4);
                if !quiet {
                    fresh.push(Alert {
                        watch: item.to_string(),
                        kind: kind.into(),
                        hour: now_hour.clone(),
                        at_ms: now_ms,
                        value,
                        baseline,
                        why,
                        args: Some(args),
                    });
                }
            };
            if cur.posts >= MIN_SUPPORT && all_base.posts >= MIN_BASELINE_POSTS {
                let expected =
                    all_cur.posts as f64 * (base.posts as f64 + 0.5) / (all_base.posts as f64 + 1.0);
                if cur.posts as f64 >= 2.0 * expected && poisson_tail(cur.posts, expected) <= P_RISING {
                    let why = format!(
                        "“{item}” in {} posts in the last 2 hours, {} expected from the week before",
                        cur.posts,
                        approx(expected)
                    );
                    let args = AlertArgs::Volume { posts: cur.posts, expected: (expected * 100.0).round() / 100.0 };
                    raise(cur.posts as f64, expected, why, args, &mut fresh);
                }
            }
            if cur.posts >= MIN_SUPPORT && base.posts >= MIN_SUPPORT {
                // Laplace-smoothed baseline share, so an item never criticised before is not at 0%.
                let p0 = (base.negative as f64 + 1.0) / (base.posts as f64 + 2.0);
                let share = cur.negative as f64 / cur.posts as f64;
                if share >= p0 + 0.2 && binomial_tail(cur.negative, cur.posts, p0) <= 1e-3 {
                    let why = format!(
                        "{} of {} posts on “{item}” negative in the last 2 hours ({:.0}%), against {:.0}% the week before",
                        cur.negative,
                        cur.posts,
                        share * 100.0,
                        p0 * 100.0
                    );
                    let args = AlertArgs::Negative {
                        negative: cur.negative,
                        posts: cur.posts,
                        share: (share * 10_000.0).round() / 10_000.0,
                        baseline_share: (p0 * 10_000.0).round() / 10_000.0,
                    };
                    raise(share, p0, why, args, &mut fresh);
                }
            }
        }
        self.alerts.extend(fresh.iter().cloned());
        if self.alerts.len() > MAX_LOG {
            self.alerts.drain(..self.alerts.len() - MAX_LOG);
        }
        fresh
    }

    /// Folds hours older than [`COMPACT_AFTER_HOURS`] into their day, and drops tables, risen terms and
    /// alerts older than the window. Returns the keys dropped and the day keys rewritten.
    pub fn prune(&mut self, now_ms: i64) -> (Vec<String>, Vec<String>) {
        let (oldest, _, _) = window(now_ms);
        let mut old: Vec<String> = self.hours.range(..oldest.clone()).map(|(k, _)| k.clone()).collect();
        for k in &old {
            self.hours.remove(k);
        }
        let compact_before = hour_key(now_ms - COMPACT_AFTER_HOURS * HOUR_MS);
        let closed: Vec<String> = self
            .hours
            .range(..compact_before)
            .filter(|(k, _)| k.len() == 13)
            .map(|(k, _)| k.clone())
            .collect();
        let mut days: Vec<String> = Vec::new();
        for k in closed {
            let Some(h) = self.hours.remove(&k) else { continue };
            old.push(k.clone());
            let day = k[..10].to_string();
            if day < oldest {
                // The first day of the window is leaving it: fold nothing into a table about to go.
                continue;
            }
            let d = self.hours.entry(day.clone()).or_default();
            fold_into(d, h);
            if !days.contains(&day) {
                days.push(day);
            }
        }
        for day in &days {
            if let Some(d) = self.hours.get_mut(day) {
                trim(d, MAX_TERMS_PER_DAY);
            }
        }
        let cutoff = now_ms - WINDOW_HOURS * HOUR_MS;
        self.log.retain(|r| r.at_ms >= cutoff);
        self.alerts.retain(|a| a.at_ms >= cutoff);
        if !old.is_empty() {
            self.baseline.for_hour.clear();
        }
        (old, days)
    }
}

/// Adds an hour's counts to its day's table.
fn fold_into(day: &mut HourTerms, h: HourTerms) {
    day.posts += h.posts;
    for (t, n) in h.counts {
        *day.counts.entry(t).or_default() += n;
    }
    for (site, st) in h.sites {
        if !day.sites.contains_key(&site) && day.sites.len() >= MAX_SITES {
            continue;
        }
        let d = day.sites.entry(site).or_default();
        d.posts += st.posts;
        for (t, n) in st.counts {
            *d.counts.entry(t).or_default() += n;
        }
    }
}

/// Keeps the `max` most frequent terms (ties at the cut go too: the table never exceeds `max`).
fn trim(t: &mut HourTerms, max: usize) {
    for st in t.sites.values_mut() {
        trim_counts(&mut st.counts, MAX_SITE_TERMS_PER_DAY);
    }
    trim_counts(&mut t.counts, max);
}

fn trim_counts(t: &mut BTreeMap<String, u64>, max: usize) {
    if t.len() <= max {
        return;
    }
    let mut counts: Vec<u64> = t.values().copied().collect();
    counts.sort_unstable_by(|a, b| b.cmp(a));
    let floor = counts[max];
    t.retain(|_, n| *n > floor);
}

/// An expected count for people: "0.03", "4.7", "120".
fn approx(x: f64) -> String {
    match x {
        x if x < 1.0 => format!("{x:.2}"),
        x if x < 100.0 => format!("{x:.1}"),
        x => format!("{x:.0}"),
    }
}

#[allow(clippy::too_many_arguments)]
fn rise(term: &str, hour: &str, at_ms: i64, count: u64, expected: f64, z: f64, why: String, args: RiseArgs) -> Rise {
    let via = match args {
        RiseArgs::Baseline { .. } => "baseline",
        RiseArgs::Velocity { .. } => "velocity",
    };
    Rise {
        term: term.to_string(),
        hour: hour.to_string(),
        at_ms,
        count,
        expected: (expected * 100.0).round() / 100.0,
        z: (z * 100.0).round() / 100.0,
        via: via.into(),
        why,
        args: Some(args),
        times: None,
        site: None,
    }
}

/// The baseline test (module doc): `c` of the last `posts` posts against `b` of `b_posts` the week
/// before. `site`: the rise of that site's own posts.
#[allow(clippy::too_many_arguments)]
fn baseline_rise(term: &str, site: Option<&String>, c: u64, posts: u64, b: u64, b_posts: u64, hour: &str, now_ms: i64) -> Option<Rise> {
    let expected = posts as f64 * (b as f64 + 0.5) / (b_posts as f64 + 1.0);
    if c < MIN_SUPPORT || (c as f64) < 2.0 * expected || poisson_tail(c, expected) > P_RISING {
        return None;
    }
    let z = (c as f64 - expected) / expected.sqrt();
    let on = site.map(|s| format!(" on {s}")).unwrap_or_default();
    let why = format!("in {c} of your last {posts} posts{on} (2 h) against {b} of {b_posts} before: {} expected", approx(expected));
    let args = RiseArgs::Baseline { posts, baseline_count: b, baseline_posts: b_posts };
    let mut r = rise(term, hour, now_ms, c, expected, z, why, args);
    r.times = (b > 0 && posts > 0).then(|| {
        let t = (c as f64 / posts as f64) / (b as f64 / b_posts as f64);
        (t * 10.0).round() / 10.0
    });
    r.site = site.cloned();
    Some(r)
}

/// A site's name as a number, for the session's memory (FNV-1a; distinct for the few short site names).
fn site_id(site: &str) -> u64 {
    site.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ b as u64).wrapping_mul(0x0100_0000_01b3))
}

/// The words and tags a watch query is written with (folded), operators aside: a term made only of
/// them is the item's own name or a fragment of it ("brioche", "brioche phone" for "Brioche Phone 2";
/// `#briochephone`, its words run together), never a trend *of* that item.
pub fn own_words(query: &str) -> BTreeSet<String> {
    let mut words: Vec<String> = Vec::new();
    let mut out = BTreeSet::new();
    for t in tokenize(query) {
        match t.kind {
            Kind::Word => {
                if !matches!(t.text.as_str(), "and" | "or" | "not" | "et" | "ou" | "sauf" | "near") {
                    words.push(t.text.clone());
                }
                out.insert(t.text);
            }
            Kind::Hashtag => {
                out.insert(format!("#{}", t.text));
            }
            _ => {}
        }
    }
    // Runs of consecutive words, joined, as a tag would write them.
    for i in 0..words.len() {
        let mut tag = String::from("#");
        for w in &words[i..words.len().min(i + 4)] {
            tag.push_str(w);
            out.insert(tag.clone());
        }
    }
    out
}

/// True when every word of `term` is one of `own` (a word, a pair of them, or a tag of them).
pub fn is_own(term: &str, own: &BTreeSet<String>) -> bool {
    own.contains(term) || (!term.starts_with('#') && term.split(' ').all(|w| own.contains(w)))
}

/// The trend chips of a post: of its `terms` those in `rising`, not `excluded`, the strongest
/// ([`Rise::z`]) first; a word is left out when a rising pair of the post holding it is shown ("battery
/// life" says "battery"); at most [`MAX_CHIPS`].
pub fn chips<'a>(terms: &[String], rising: &'a BTreeMap<String, Rise>, excluded: impl Fn(&str) -> bool) -> Vec<&'a Rise> {
    let mut found: Vec<&Rise> = terms.iter().filter_map(|t| rising.get(t)).filter(|r| !excluded(&r.term)).collect();
    let pairs: Vec<&str> = found.iter().filter(|r| r.term.contains(' ')).map(|r| r.term.as_str()).collect();
    found.retain(|r| r.term.contains(' ') || r.term.starts_with('#') || !pairs.iter().any(|p| p.split(' ').any(|w| w == r.term)));
    found.sort_by(|a, b| b.z.total_cmp(&a.z).then_with(|| a.term.cmp(&b.term)));
    found.truncate(MAX_CHIPS);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_of_letters_longer_than_any_word_is_no_term() {
        let long = "n".repeat(MAX_TERM_BYTES + 1);
        let t = terms(&format!("battery {long} life #{long} #ok"));
        assert!(!t.iter().any(|t| t.contains(&long)), "{t:?}");
        assert!(t.contains(&"battery".to_string()) && t.contains(&"life".to_string()) && t.contains(&"#ok".to_string()));
        assert!(!t.iter().any(|t| t.contains("battery life")), "no pair across the run: {t:?}");
        let fit = "n".repeat(MAX_TERM_BYTES);
        assert!(terms(&fit).contains(&fit));
    }

    const T0: i64 = 1_739_145_600_000; // 2025-02-10T00:00:00Z

    /// Deterministic noise (no rand crate): a 64-bit LCG.
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self) -> f64 {
            self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (self.0 >> 11) as f64 / (1u64 << 53) as f64
        }
    }

    /// A steady stream: `per_hour` posts an hour, each with every vocabulary term at its own steady rate.
    fn steady_post(rng: &mut Lcg) -> Vec<String> {
        let vocab = [
            ("velo", 0.30), ("prix", 0.20), ("livraison", 0.10), ("magasin", 0.05),
            ("#running", 0.03), ("rando", 0.02), ("tente", 0.08), ("kayak", 0.01),
        ];
        vocab.iter().filter(|(_, p)| rng.next() < *p).map(|(t, _)| t.to_string()).collect()
    }

    #[test]
    fn extracts_words_hashtags_and_pairs_without_stopwords() {
        assert_eq!(
            terms("La batterie de mon vélo électrique, #Vélotaf 2025 !"),
            vec!["batterie", "velo", "velo electrique", "electrique", "#velotaf"]
        );
        assert!(terms("the and of le la").is_empty());
    }

    #[test]
    fn statistics_tails() {
        assert!((poisson_tail(1, 1.0) - (1.0 - (-1.0f64).exp())).abs() < 1e-12);
        assert!(poisson_tail(10, 1.0) < 1e-6);
        assert!((binomial_tail(1, 2, 0.5) - 0.75).abs() < 1e-12);
        assert_eq!(binomial_tail(3, 2, 0.5), 0.0);
    }

    #[test]
    fn a_burst_rises_and_steady_noise_does_not() {
        let mut t = Trends::default();
        let mut rng = Lcg(7);
        let mut false_alarms = Vec::new();
        // Ten days of steady traffic, 20 posts an hour, evaluated every hour.
        for hour in 0..240 {
            let now = T0 + hour * HOUR_MS + 30 * 60_000;
            for i in 0..20 {
                let terms = steady_post(&mut rng);
                t.add(&terms, now, now, Some((&format!("x:u{i}"), i as u64 + 1)));
            }
            false_alarms.extend(t.evaluate(now));
            t.prune(now);
        }
        assert!(false_alarms.is_empty(), "steady noise called rising: {false_alarms:?}");
        // A day of hours plus a week of compacted days, no more.
        let (hours, days): (Vec<&String>, Vec<&String>) = t.hours().keys().partition(|k| k.len() == 13);
        assert!(hours.len() as i64 <= COMPACT_AFTER_HOURS + 1 && days.len() <= 8, "{hours:?} {days:?}");
        // Then a burst: "#gravel" in 8 of the next hour's 20 posts.
        let now = T0 + 240 * HOUR_MS + 30 * 60_000;
        for i in 0..20 {
            let mut terms = steady_post(&mut rng);
            if i % 5 < 2 {
                terms.push("#gravel".into());
            }
            t.add(&terms, now, now, Some((&format!("x:u{i}"), i as u64 + 1)));
        }
        let fresh = t.evaluate(now);
        assert_eq!(fresh.iter().map(|r| r.term.as_str()).collect::<Vec<_>>(), vec!["#gravel"]);
        assert_eq!(fresh[0].via, "baseline");
        assert!(fresh[0].why.contains("in 8 of your last"));
        // The figures behind the why: 8 of the window's posts, against the baseline's counts.
        match fresh[0].args {
            Some(RiseArgs::Baseline { posts, baseline_posts, .. }) => {
                assert!(fresh[0].why.contains(&format!("in 8 of your last {posts} posts")));
                assert!(fresh[0].why.contains(&format!(" of {baseline_posts} before")));
            }
            ref other => panic!("{other:?}"),
        }
        // Announced once, still rising.
        assert!(t.evaluate(now + 60_000).is_empty());
        assert!(t.rising().contains_key("#gravel"));
    }

    #[test]
    fn minimum_support_and_no_baseline_mean_no_trend() {
        let mut t = Trends::default();
        let now = T0;
        // No baseline yet: even a burst is not called rising.
        for i in 0..10 {
            t.add(&["#new".to_string()], now, now, Some(("x:a", i + 1)));
        }
        assert!(t.evaluate(now).is_empty());
        // With a baseline, a term seen twice is not a trend.
        let mut t = Trends::default();
        for h in 0..10 {
            let at = T0 + h * HOUR_MS;
            for _ in 0..10 {
                t.add(&["filler".to_string()], at, at, None);
            }
        }
        let now = T0 + 10 * HOUR_MS;
        t.add(&["#rare".to_string()], now, now, Some(("x:a", 1)));
        t.add(&["#rare".to_string()], now, now, Some(("x:b", 2)));
        assert!(t.evaluate(now).is_empty());
    }

    #[test]
    fn velocity_needs_several_authors() {
        let mut t = Trends::default();
        // A baseline of old posts (published a day ago, seen now), without the new term.
        let now = T0 + 48 * HOUR_MS;
        for i in 0..60 {
            t.add(&["filler".to_string()], T0 + 24 * HOUR_MS, now, Some(("x:old", 99)));
            let _ = i;
        }
        // One author repeating a new term five times is not a trend...
        for _ in 0..5 {
            t.add(&["#spam".to_string()], now - 60_000, now, Some(("x:s", 5)));
        }
        // ...nor five posts by three authors published long ago, read now...
        for i in 0..5u64 {
            t.add(&["#old".to_string()], T0 + 30 * HOUR_MS, now + i as i64 * 60_000, Some(("x:f", 10 + i % 3)));
        }
        // ...but five posts by three authors published in the last minutes are.
        for i in 0..5u64 {
            t.add(&["#fresh".to_string()], now - 10 * 60_000, now + i as i64 * 60_000, Some(("x:f", 10 + i % 3)));
        }
        let fresh = t.evaluate(now + 5 * 60_000);
        assert_eq!(fresh.iter().map(|r| (r.term.as_str(), r.via.as_str())).collect::<Vec<_>>(), vec![("#fresh", "baseline")]);
        assert_eq!(fresh[0].times, None, "new: no ratio to a week that never had it");
    }

    #[test]
    fn alerts_on_volume_and_negative_share() {
        let neg = crate::analysis::Analysis {
            label: Some(crate::analysis::Label::Negative),
            score: -0.8,
            lang: "fr".into(),
            intent: Some(crate::analysis::Intent::Complaint),
            evidence: vec![],
            aspects: vec![],
        };
        let neutral = crate::analysis::Analysis { label: Some(crate::analysis::Label::Neutral), score: 0.0, ..neg.clone() };
        let item = vec!["fnac".to_string()];
        let mut days: BTreeMap<String, DayTally> = BTreeMap::new();
        // Three days: 20 posts an hour, one of which mentions fnac, neutrally.
        for h in 0..72 {
            let at = T0 + h * HOUR_MS;
            let (day, hour) = (day_key(at), hour_key(at)[11..].to_string());
            let t = days.entry(day.clone()).or_insert_with(|| DayTally::new(&day));
            for i in 0..20 {
                t.add_post(&hour, "x", &neutral, if i == 0 { &item } else { &[] });
            }
        }
        let mut tr = Trends::default();
        let now = T0 + 71 * HOUR_MS + 60_000;
        assert!(tr.check_alerts(&days, ["fnac"].into_iter(), now).is_empty());
        // Then an hour where 10 of 20 posts mention fnac, 8 negatively.
        let at = T0 + 72 * HOUR_MS;
        let (day, hour) = (day_key(at), hour_key(at)[11..].to_string());
        let t = days.entry(day.clone()).or_insert_with(|| DayTally::new(&day));
        for i in 0..20 {
            let a = if i < 8 { &neg } else { &neutral };
            t.add_post(&hour, "x", a, if i < 10 { &item } else { &[] });
        }
        let now = at + 60_000;
        let alerts = tr.check_alerts(&days, ["fnac"].into_iter(), now);
        let kinds: Vec<&str> = alerts.iter().map(|a| a.kind.as_str()).collect();
        assert_eq!(kinds, vec!["volume", "negative"]);
        assert!(alerts[1].why.starts_with("8 of 11 posts on “fnac” negative"));
        match alerts[0].args {
            Some(AlertArgs::Volume { posts, expected }) => {
                assert_eq!(posts, 11);
                assert!((expected - alerts[0].baseline).abs() < 0.01);
            }
            ref other => panic!("{other:?}"),
        }
        match alerts[1].args {
            Some(AlertArgs::Negative { negative, posts, share, baseline_share }) => {
                assert_eq!((negative, posts), (8, 11));
                assert!((share - 8.0 / 11.0).abs() < 1e-3 && (baseline_share - alerts[1].baseline).abs() < 1e-3);
            }
            ref other => panic!("{other:?}"),
        }
        // Raised once, not at every batch.
        assert!(tr.check_alerts(&days, ["fnac"].into_iter(), now + 60_000).is_empty());
    }

    #[test]
    fn rises_and_alerts_stored_before_their_figures_still_load() {
        // The `trends` and `alerts` logs as an older version stored them: no `args`.
        let rise: Rise = serde_json::from_str(
            r##"{"term":"#gravel","hour":"2026-11-24T10","at_ms":1,"count":8,"expected":1.2,"z":6.2,"via":"baseline","why":"in 8 of your last 20 posts"}"##,
        )
        .unwrap();
        assert_eq!((rise.count, &rise.args), (8, &None));
        let alert: Alert = serde_json::from_str(
            r#"{"watch":"fnac","kind":"negative","hour":"2026-11-24T10","at_ms":1,"value":0.72,"baseline":0.1,"why":"8 of 11 posts"}"#,
        )
        .unwrap();
        assert_eq!((alert.kind.as_str(), &alert.args), ("negative", &None));
        // And they are written back without figures rather than with made-up ones.
        assert!(serde_json::to_value(&rise).unwrap().get("args").is_none());
        assert!(serde_json::to_value(&alert).unwrap().get("args").is_none());
        // New records carry them, tagged like the record.
        let a = AlertArgs::Negative { negative: 8, posts: 11, share: 0.7273, baseline_share: 0.1 };
        assert_eq!(
            serde_json::to_value(&a).unwrap(),
            serde_json::json!({"kind": "negative", "negative": 8, "posts": 11, "share": 0.7273, "baseline_share": 0.1})
        );
    }

    #[test]
    fn old_hours_fold_into_bounded_days() {
        let mut t = Trends::default();
        let now = T0 + 30 * HOUR_MS;
        // Two posts in each of the first hours of T0's day, one with a rare term.
        for h in 0..3 {
            let at = T0 + h * HOUR_MS;
            t.add(&["velo".to_string()], at, at, Some(("x:a", 1)));
            t.add(&["velo".to_string(), format!("rare{h}")], at, at, None);
        }
        let (dropped, days) = t.prune(now);
        assert_eq!(days, vec!["2025-02-10".to_string()]);
        assert_eq!(dropped.len(), 3);
        let d = &t.hours()["2025-02-10"];
        assert_eq!((d.posts, d.counts["velo"], d.counts["rare1"]), (6, 6, 1));
        // An old post seen now lands in its day, and the day counts toward the baseline.
        assert_eq!(t.add(&["velo".to_string()], T0, now, None), Some("2025-02-10".to_string()));
        let mut big = HourTerms::default();
        for i in 0..10u64 {
            big.counts.insert(format!("t{i}"), i);
        }
        trim(&mut big, 4);
        assert_eq!(big.counts.keys().cloned().collect::<Vec<_>>(), vec!["t6", "t7", "t8", "t9"]);
    }

    #[test]
    fn nothing_is_folded_into_a_day_leaving_the_window() {
        let mut t = Trends::default();
        // An hour late on the window's first day, older than a day: dropped, not folded.
        let now = T0 + WINDOW_HOURS * HOUR_MS + 10 * HOUR_MS; // window starts at T0 + 10 h
        let at = T0 + 15 * HOUR_MS;
        t.restore_hour(hour_key(at), HourTerms { posts: 1, ..Default::default() });
        let (dropped, days) = t.prune(now);
        assert_eq!(dropped, vec![hour_key(at)]);
        assert!(days.is_empty() && t.hours().is_empty());
        assert_eq!(t.add(&["x".to_string()], at, now, None), None);
    }

    #[test]
    fn an_items_own_words_and_fragments() {
        let own = own_words("\"Brioche Phone 2\" OR #BriochePhone2 NOT promo");
        for t in ["brioche", "phone", "brioche phone", "#briochephone", "#briochephone2", "#brioche"] {
            assert!(is_own(t, &own), "{t}");
        }
        for t in ["ecran", "phone battery", "#gravel", "ecran fissure"] {
            assert!(!is_own(t, &own), "{t}");
        }
    }

    fn rose(term: &str, z: f64) -> (String, Rise) {
        let mut r = rise(term, "2025-02-10T10", 0, 8, 1.0, z, String::new(), RiseArgs::Velocity { authors: 3 });
        r.times = Some(4.0);
        (term.to_string(), r)
    }

    #[test]
    fn at_most_two_chips_the_strongest_and_a_pair_says_its_words() {
        let rising: BTreeMap<String, Rise> =
            [rose("battery", 9.0), rose("battery life", 5.0), rose("life", 4.0), rose("#gravel", 3.0), rose("brioche", 20.0)].into();
        let terms: Vec<String> = ["brioche", "battery", "battery life", "life", "#gravel", "other"].iter().map(|s| s.to_string()).collect();
        let own = own_words("Brioche Phone");
        let got: Vec<&str> = chips(&terms, &rising, |t| is_own(t, &own)).iter().map(|r| r.term.as_str()).collect();
        assert_eq!(got, vec!["battery life", "#gravel"]);
        let got: Vec<&str> = chips(&terms, &rising, |_| false).iter().map(|r| r.term.as_str()).collect();
        assert_eq!(got, vec!["brioche", "battery life"]);
    }

    #[test]
    fn each_site_against_its_own_week() {
        let mut t = Trends::default();
        for h in 0..48 {
            let at = T0 + h * HOUR_MS;
            for i in 0..4 {
                t.add_on(Some("x"), &["velo".to_string()], at, at, Some(("x:w", i + 1)));
                t.add_on(Some("reddit"), &["#gravel".to_string()], at, at, Some(("r:w", i + 1)));
            }
        }
        // #gravel is everyday on reddit; on x it is new.
        let now = T0 + 48 * HOUR_MS;
        for i in 0..8 {
            t.add_on(Some("x"), &["#gravel".to_string()], now - 60_000, now, Some(("x:a", 100 + i)));
        }
        t.evaluate(now);
        assert!(t.rising_on("x").is_some_and(|r| r.contains_key("#gravel")));
        assert!(t.rising_on("reddit").is_none());
        let r = &t.rising_on("x").unwrap()["#gravel"];
        assert_eq!((r.count, r.site.as_deref(), r.times), (8, Some("x"), None));
        assert!(r.why.contains("posts on x (2 h)"), "{}", r.why);
        // The state kept between restarts.
        let state = t.state();
        let mut t2 = Trends::default();
        t2.restore_state(serde_json::from_value(serde_json::to_value(&state).unwrap()).unwrap(), now + 60_000);
        assert_eq!(t2.rising_on("x").map(|r| r.len()), Some(1));
        let mut t3 = Trends::default();
        t3.restore_state(state, now + 3 * HOUR_MS);
        assert!(t3.rising_on("x").is_none(), "stale rises are not restored");
    }
}
