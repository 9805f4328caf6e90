//! Tallies of distinct posts seen: per UTC day, with an hourly breakdown, by sentiment, intent and site.
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::analysis::{Analysis, Intent, Label};

/// Counts for one period (a day, or one hour of it).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Counts {
    pub posts: u64,
    pub positive: u64,
    pub negative: u64,
    pub neutral: u64,
    /// Keyed by intent name (`praise`, `complaint`, ...); `none` is not stored.
    pub intents: BTreeMap<String, u64>,
    /// Posts in a language Écoute does not analyse (no label), by language: counted in `posts`, in
    /// no sentiment (not as neutral).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub unanalysed: BTreeMap<String, u64>,
}

impl Counts {
    pub fn add(&mut self, a: &Analysis) {
        self.posts += 1;
        match a.label {
            Some(Label::Positive) => self.positive += 1,
            Some(Label::Negative) => self.negative += 1,
            Some(Label::Neutral) => self.neutral += 1,
            None => *self.unanalysed.entry(a.lang.clone()).or_default() += 1,
        }
        // Named as serialized (`Intent` is `rename_all = "lowercase"`), without serde on every post.
        let name = match a.intent {
            Some(Intent::Praise) => "praise",
            Some(Intent::Complaint) => "complaint",
            Some(Intent::Request) => "request",
            Some(Intent::Question) => "question",
            Some(Intent::None) | None => return,
        };
        match self.intents.get_mut(name) {
            Some(n) => *n += 1,
            None => {
                self.intents.insert(name.to_string(), 1);
            }
        }
    }

    /// Adds every count of `other` (sums of disjoint sets of posts).
    pub fn add_counts(&mut self, other: &Counts) {
        self.posts += other.posts;
        self.positive += other.positive;
        self.negative += other.negative;
        self.neutral += other.neutral;
        for (k, n) in &other.intents {
            *self.intents.entry(k.clone()).or_default() += n;
        }
        for (k, n) in &other.unanalysed {
            *self.unanalysed.entry(k.clone()).or_default() += n;
        }
    }

    /// Takes away `other`, a subset of these posts (saturating: a damaged store never underflows).
    pub fn sub_counts(&mut self, other: &Counts) {
        self.posts = self.posts.saturating_sub(other.posts);
        self.positive = self.positive.saturating_sub(other.positive);
        self.negative = self.negative.saturating_sub(other.negative);
        self.neutral = self.neutral.saturating_sub(other.neutral);
        for (k, n) in &other.intents {
            if let Some(mine) = self.intents.get_mut(k) {
                *mine = mine.saturating_sub(*n);
            }
        }
        self.intents.retain(|_, n| *n > 0);
        for (k, n) in &other.unanalysed {
            if let Some(mine) = self.unanalysed.get_mut(k) {
                *mine = mine.saturating_sub(*n);
            }
        }
        self.unanalysed.retain(|_, n| *n > 0);
    }

    pub fn is_empty(&self) -> bool {
        self.posts == 0
    }

    /// (pos - neg) / (pos + neg), or 0 when neither was seen.
    pub fn net_sentiment(&self) -> f64 {
        let polar = self.positive + self.negative;
        if polar == 0 {
            0.0
        } else {
            (self.positive as f64 - self.negative as f64) / polar as f64
        }
    }
}

/// The counts under `key`, made empty when absent; the key is copied only then (once per hour or
/// site of a day, not once per post).
fn counts_of<'m>(map: &'m mut BTreeMap<String, Counts>, key: &str) -> &'m mut Counts {
    if !map.contains_key(key) {
        map.insert(key.to_string(), Counts::default());
    }
    map.get_mut(key).expect("inserted above")
}

/// One UTC day of tallies: stored under the key `tally:YYYY-MM-DD`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DayTally {
    pub day: String,
    pub total: Counts,
    /// Keyed by hour `00`..`23`.
    pub hours: BTreeMap<String, Counts>,
    /// Keyed by site.
    pub sites: BTreeMap<String, Counts>,
    /// Keyed by watch query exactly as written: the posts that mention each watch item.
    pub watch: BTreeMap<String, ItemTally>,
}

/// One watch item's mentions on one day: `total.posts` is its mention count.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ItemTally {
    pub total: Counts,
    /// Keyed by hour `00`..`23`.
    pub hours: BTreeMap<String, Counts>,
    /// Keyed by site.
    pub sites: BTreeMap<String, Counts>,
}

impl ItemTally {
    pub fn add(&mut self, hour: &str, site: &str, a: &Analysis) {
        self.total.add(a);
        counts_of(&mut self.hours, hour).add(a);
        counts_of(&mut self.sites, site).add(a);
    }

}

fn merge_map(mine: &mut BTreeMap<String, Counts>, theirs: &BTreeMap<String, Counts>) {
    for (k, c) in theirs {
        mine.entry(k.clone()).or_default().merge_max(c);
    }
}

impl Counts {
    fn merge_max(&mut self, other: &Counts) {
        self.posts = self.posts.max(other.posts);
        self.positive = self.positive.max(other.positive);
        self.negative = self.negative.max(other.negative);
        self.neutral = self.neutral.max(other.neutral);
        for (k, n) in &other.intents {
            let mine = self.intents.entry(k.clone()).or_default();
            *mine = (*mine).max(*n);
        }
        for (k, n) in &other.unanalysed {
            let mine = self.unanalysed.entry(k.clone()).or_default();
            *mine = (*mine).max(*n);
        }
    }
}

impl DayTally {
    pub fn new(day: &str) -> Self {
        DayTally {
            day: day.to_string(),
            ..Default::default()
        }
    }

    pub fn add(&mut self, hour: &str, site: &str, a: &Analysis) {
        self.total.add(a);
        counts_of(&mut self.hours, hour).add(a);
        counts_of(&mut self.sites, site).add(a);
    }

    /// Counts one post, and one mention for each watch item it matched.
    pub fn add_post(&mut self, hour: &str, site: &str, a: &Analysis, watch: &[String]) {
        self.add(hour, site, a);
        for item in watch {
            self.watch.entry(item.clone()).or_default().add(hour, site, a);
        }
    }

    /// Merges `other` (an import of the same day) by keeping, for every count, the larger of the two:
    /// importing the same file twice, or this store's own export, never counts a post twice.
    pub fn merge_max(&mut self, other: &DayTally) {
        self.total.merge_max(&other.total);
        merge_map(&mut self.hours, &other.hours);
        merge_map(&mut self.sites, &other.sites);
        for (item, t) in &other.watch {
            let mine = self.watch.entry(item.clone()).or_default();
            mine.total.merge_max(&t.total);
            merge_map(&mut mine.hours, &t.hours);
            merge_map(&mut mine.sites, &t.sites);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_split_and_net_sentiment() {
        let mut d = DayTally::new("2025-02-10");
        let pos = crate::analysis::analyze("I love it, great phone");
        let neg = crate::analysis::analyze("terrible, I hate it");
        d.add("14", "x", &pos);
        d.add("14", "x", &pos);
        d.add("15", "reddit", &neg);
        assert_eq!(d.total.posts, 3);
        assert_eq!((d.total.positive, d.total.negative), (2, 1));
        assert!((d.total.net_sentiment() - 1.0 / 3.0).abs() < 1e-9);
        assert_eq!(d.hours["14"].posts, 2);
        assert_eq!(d.sites["reddit"].negative, 1);
        assert_eq!(Counts::default().net_sentiment(), 0.0);
    }

    #[test]
    fn posts_in_other_languages_are_tallied_apart_by_language() {
        let mut c = Counts::default();
        c.add(&crate::analysis::analyze("بطارية رائعة، أنصح به"));
        c.add(&crate::analysis::analyze("Отличный телефон, всем советую!"));
        c.add(&crate::analysis::analyze("Отличный телефон, батарея держит два дня"));
        c.add(&crate::analysis::analyze("I love it, great phone"));
        assert_eq!((c.posts, c.positive, c.negative, c.neutral), (4, 1, 0, 0));
        assert_eq!(c.unanalysed, BTreeMap::from([("ar".to_string(), 1), ("ru".to_string(), 2)]));
        assert!(c.intents.values().sum::<u64>() <= 1);
        let mut twice = c.clone();
        twice.add_counts(&c);
        twice.sub_counts(&c);
        assert_eq!(twice, c);
        twice.sub_counts(&c);
        assert!(twice.unanalysed.is_empty());
    }

    #[test]
    fn watch_items_are_tallied_by_hour_and_merge_is_idempotent() {
        let mut d = DayTally::new("2025-02-10");
        let neg = crate::analysis::analyze("terrible, I hate it");
        d.add_post("09", "x", &neg, &["Décathlon".to_string()]);
        d.add_post("09", "x", &neg, &[]);
        assert_eq!(d.total.posts, 2);
        assert_eq!(d.watch["Décathlon"].total.posts, 1);
        assert_eq!(d.watch["Décathlon"].hours["09"].negative, 1);
        let copy = d.clone();
        d.merge_max(&copy);
        assert_eq!(d, copy);
        let mut other = DayTally::new("2025-02-10");
        other.add_post("10", "reddit", &neg, &["fnac".to_string()]);
        d.merge_max(&other);
        assert_eq!(d.watch["fnac"].total.posts, 1);
        assert_eq!(d.hours["10"].posts, 1);
        assert_eq!(d.total.posts, 2);
    }
}
