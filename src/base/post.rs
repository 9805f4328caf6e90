//! The `Post` record: what a site adapter extracts from the page, and what `ecoute tally` reads (NDJSON).
//! Keep in sync with extension/content/post.js (the JS side builds these records).
use serde::{Deserialize, Serialize};

use super::limits::{self, cap_text, MAX_TEXT_BYTES};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Post {
    /// Site key: `x`, `reddit`, `mastodon`, `bluesky`, `linkedin`, `youtube`, `facebook`, `instagram`,
    /// `threads`, `hn`.
    pub site: String,
    /// Stable id on that site (from the permalink); `site` + `id` identifies a post everywhere.
    pub id: String,
    /// Permalink.
    pub url: Option<String>,
    pub author: Author,
    pub text: String,
    /// Language the page declares for the post (`lang` attribute), if any.
    pub lang: Option<String>,
    /// When the post was published, ISO 8601 (from `time[datetime]` or the site's own attribute).
    pub time: Option<String>,
    /// The publication time as the page shows it when it gives no machine-readable one ("8 hours ago",
    /// "il y a 3 h", "1 sem.", "26w", "12 mars"): the engine reads it against the time the post was seen,
    /// with its precision (time/shown.rs). Ignored when `time` is set.
    pub time_text: Option<String>,
    /// A paid placement (X "Ad", Facebook "Sponsored", Reddit promoted, LinkedIn "Promoted"): tallied apart
    /// from the organic conversation.
    pub promoted: bool,
    pub metrics: Metrics,
    /// The counts as the page displays them ("10,4 k", "1.2M"), beside the parsed numbers in `metrics`
    /// and `author.followers`: keys `likes`, `reposts`, `replies`, `views`, `followers`.
    pub shown: std::collections::BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Author {
    pub handle: String,
    pub name: Option<String>,
    /// Profile URL.
    pub url: Option<String>,
    pub verified: bool,
    /// Follower count when the page shows it.
    pub followers: Option<u64>,
}

/// Visible counts, as the page shows them (already parsed from "1,2 k", "3.4K", aria labels...).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Metrics {
    pub likes: Option<u64>,
    pub reposts: Option<u64>,
    pub replies: Option<u64>,
    pub views: Option<u64>,
}

impl Metrics {
    /// Likes + reposts + replies: the engagement a reader can see.
    pub fn engagement(&self) -> u64 {
        [self.likes, self.reposts, self.replies]
            .iter()
            .flatten()
            .fold(0u64, |a, b| a.saturating_add(*b))
    }
}

impl Post {
    /// The key that identifies this post across tabs, reloads and re-renders.
    pub fn key(&self) -> String {
        format!("{}:{}", self.site, self.id)
    }

    /// Checks what a page or a file could get wrong; the error says which field.
    pub fn validate(&self) -> crate::base::Result<()> {
        let bad = |m: &str| Err(crate::base::Error::InvalidPost(m.to_string()));
        if self.site.is_empty() || self.site.len() > limits::SITE {
            return bad("`site` must be a short non-empty name");
        }
        if self.id.is_empty() || self.id.len() > limits::ID {
            return bad("`id` must be non-empty and at most 512 bytes");
        }
        if self.author.handle.len() > limits::HANDLE {
            return bad("`author.handle` must be at most 256 bytes");
        }
        Ok(())
    }

    /// The post with its display fields cut to their bounds ([`limits`]): what is kept.
    pub fn bounded(&self) -> Post {
        let cut = |s: &str, max: usize| cap_text(s, max).to_string();
        let opt = |s: &Option<String>, max: usize| s.as_deref().map(|s| cut(s, max));
        Post {
            site: self.site.clone(),
            id: self.id.clone(),
            // A link too long to be a real permalink is dropped, not cut (a cut link leads elsewhere).
            url: self.url.clone().filter(|u| u.len() <= limits::URL),
            author: Author {
                handle: self.author.handle.clone(),
                name: opt(&self.author.name, limits::NAME),
                url: self.author.url.clone().filter(|u| u.len() <= limits::URL),
                verified: self.author.verified,
                followers: self.author.followers,
            },
            text: cut(&self.text, MAX_TEXT_BYTES),
            lang: opt(&self.lang, limits::LANG),
            time: opt(&self.time, limits::TIME),
            time_text: opt(&self.time_text, limits::TIME),
            promoted: self.promoted,
            metrics: self.metrics,
            shown: self
                .shown
                .iter()
                .filter(|(k, _)| k.len() <= limits::SHOWN_VALUE)
                .take(limits::SHOWN_KEYS)
                .map(|(k, v)| (k.clone(), cut(v, limits::SHOWN_VALUE)))
                .collect(),
        }
    }

    /// [`Post::bounded`] without a copy when every field is within its bound already (nearly every
    /// post): the same value either way.
    pub fn bounded_cow(&self) -> std::borrow::Cow<'_, Post> {
        let within = |s: &str, max: usize| cap_text(s, max).len() == s.len();
        let opt = |s: &Option<String>, max: usize| s.as_deref().map_or(true, |s| within(s, max));
        let ok = self.url.as_ref().map_or(true, |u| u.len() <= limits::URL)
            && self.author.url.as_ref().map_or(true, |u| u.len() <= limits::URL)
            && opt(&self.author.name, limits::NAME)
            && within(&self.text, MAX_TEXT_BYTES)
            && opt(&self.lang, limits::LANG)
            && opt(&self.time, limits::TIME)
            && opt(&self.time_text, limits::TIME)
            && self.shown.len() <= limits::SHOWN_KEYS
            && self.shown.iter().all(|(k, v)| k.len() <= limits::SHOWN_VALUE && within(v, limits::SHOWN_VALUE));
        if ok {
            std::borrow::Cow::Borrowed(self)
        } else {
            std::borrow::Cow::Owned(self.bounded())
        }
    }

    /// The text to analyse, capped at [`MAX_TEXT_BYTES`] on a char boundary.
    pub fn capped_text(&self) -> &str {
        cap_text(&self.text, MAX_TEXT_BYTES)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_ndjson_shape_with_missing_fields() {
        let p: Post = serde_json::from_str(
            r#"{"site":"x","id":"1","text":"hi","author":{"handle":"a","followers":1200},"metrics":{"likes":3}}"#,
        )
        .unwrap();
        assert_eq!(p.key(), "x:1");
        assert_eq!(p.author.followers, Some(1200));
        assert_eq!(p.metrics.engagement(), 3);
        assert!(p.validate().is_ok());
    }

    #[test]
    fn rejects_posts_without_identity() {
        let p = Post {
            site: "x".into(),
            ..Default::default()
        };
        assert!(p.validate().unwrap_err().to_string().contains("`id`"));
    }

    #[test]
    fn every_field_a_page_gives_is_bounded() {
        let huge = "é".repeat(60_000);
        let mut p = Post { site: "x".into(), id: "1".into(), text: huge.clone(), ..Default::default() };
        p.author.name = Some(huge.clone());
        p.time_text = Some(huge.clone());
        p.lang = Some(huge.clone());
        p.shown = (0..100).map(|i| (format!("k{i}"), huge.clone())).collect();
        assert!(p.validate().is_ok(), "display fields are cut, not refused");
        let b = p.bounded();
        let size = serde_json::to_string(&b).unwrap().len();
        assert!(size < 12_000, "{size} bytes kept");
        assert!(b.author.name.unwrap().len() <= limits::NAME);
        p.author.handle = "h".repeat(limits::HANDLE + 1);
        assert!(p.validate().unwrap_err().to_string().contains("author.handle"));
        p.author.handle = "h".into();
        p.url = Some(format!("https://x.com/{}", "a".repeat(limits::URL)));
        assert!(p.validate().is_ok() && p.bounded().url.is_none(), "a huge link is dropped, the post kept");
        assert_eq!(*p.bounded_cow(), p.bounded());
        let small = Post { site: "x".into(), id: "1".into(), text: "hi".into(), ..Default::default() };
        assert!(matches!(small.bounded_cow(), std::borrow::Cow::Borrowed(_)), "no copy when within bounds");
        let mut many = small.clone();
        many.shown = (0..limits::SHOWN_KEYS + 1).map(|i| (format!("k{i:03}"), "1".into())).collect();
        assert_eq!(*many.bounded_cow(), many.bounded(), "too many shown counts are cut");
    }
}
