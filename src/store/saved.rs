//! Saved posts: a post the person kept (text, author, link, labels) in a collection, with tags and a note.
//! Stored one per key, `saved:SITE:ID`, and never pruned by retention: keeping them was a choice.
use serde::{Deserialize, Serialize};

use crate::base::error::Refusal;
use crate::base::limits::{cap_text, MAX_TEXT_BYTES};
use crate::base::post::{Author, Post};

pub const MAX_SAVED: usize = 5_000;
pub const DEFAULT_COLLECTION: &str = "Saved";
const MAX_NOTE: usize = 4_000;
const MAX_TAGS: usize = 20;
const MAX_TAG: usize = 64;
const MAX_COLLECTION: usize = 100;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SavedPost {
    /// `site:id`, as in [`Post::key`].
    pub id: String,
    pub site: String,
    pub post_id: String,
    pub url: Option<String>,
    pub text: String,
    pub author: Author,
    pub time: Option<String>,
    /// What Écoute said of it when saved (`negative`, `complaint`, ...), or the person's own labels.
    pub labels: Vec<String>,
    pub collection: String,
    pub tags: Vec<String>,
    pub note: String,
    pub saved_at: i64,
    pub updated_at: i64,
}

impl Default for SavedPost {
    fn default() -> Self {
        SavedPost {
            id: String::new(),
            site: String::new(),
            post_id: String::new(),
            url: None,
            text: String::new(),
            author: Author::default(),
            time: None,
            labels: Vec::new(),
            collection: DEFAULT_COLLECTION.into(),
            tags: Vec::new(),
            note: String::new(),
            saved_at: 0,
            updated_at: 0,
        }
    }
}

/// What the page sends to save a post.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SaveRequest {
    pub post: Post,
    pub collection: Option<String>,
    pub tags: Vec<String>,
    pub note: String,
    /// When absent, the labels are Écoute's own reading of the text (sentiment, then intent).
    pub labels: Option<Vec<String>>,
}

/// A change to a saved post: only the fields given change.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SavedUpdate {
    pub collection: Option<String>,
    pub tags: Option<Vec<String>>,
    pub note: Option<String>,
    pub labels: Option<Vec<String>>,
}


fn clean_collection(c: Option<String>) -> crate::base::Result<String> {
    let c = c.map(|c| c.trim().to_string()).unwrap_or_default();
    if c.chars().count() > MAX_COLLECTION {
        return Err(Refusal::CollectionTooLong { max: MAX_COLLECTION }.into());
    }
    Ok(if c.is_empty() { DEFAULT_COLLECTION.into() } else { c })
}

/// Trimmed, without empties or duplicates, bounded.
fn clean_tags(tags: Vec<String>) -> crate::base::Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for t in tags {
        let t = t.trim().trim_start_matches('#').to_string();
        if t.is_empty() || out.contains(&t) {
            continue;
        }
        if t.chars().count() > MAX_TAG {
            return Err(Refusal::TagTooLong { max: MAX_TAG, tag: t }.into());
        }
        out.push(t);
    }
    if out.len() > MAX_TAGS {
        return Err(Refusal::TooManyTags { max: MAX_TAGS }.into());
    }
    Ok(out)
}

fn clean_note(note: String) -> crate::base::Result<String> {
    if note.chars().count() > MAX_NOTE {
        return Err(Refusal::NoteTooLong { max: MAX_NOTE }.into());
    }
    Ok(note)
}

/// The hosts each known site serves its posts from (subdomains included: `old.reddit.com`,
/// `m.youtube.com`). Keep in sync with the adapters' `hosts` (extension/content/adapters/). Mastodon is
/// not here: its instances are any host.
const SITE_HOSTS: &[(&str, &[&str])] = &[
    ("x", &["x.com", "twitter.com"]),
    ("reddit", &["reddit.com"]),
    ("hn", &["news.ycombinator.com"]),
    ("youtube", &["youtube.com"]),
    ("linkedin", &["linkedin.com"]),
    ("facebook", &["facebook.com"]),
    ("instagram", &["instagram.com"]),
    ("threads", &["threads.com", "threads.net"]),
    ("bluesky", &["bsky.app"]),
];

/// Longest link kept (a permalink is far shorter; a page could offer megabytes).
const MAX_URL: usize = 2_048;

/// The host of an `http(s)://` link, lowercased, without its port; `None` for anything else, and for
/// what browsers read differently from a plain split: credentials (`https://x.com@evil.test/`),
/// backslashes (`https://evil.test\@x.com`), escapes, spaces and control characters.
pub fn link_host(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    if !scheme.eq_ignore_ascii_case("https") && !scheme.eq_ignore_ascii_case("http") {
        return None;
    }
    if url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    // No IPv6 literals either: no site's permalink needs one.
    if authority.contains(['@', '\\', '%', '[', ']']) {
        return None;
    }
    let host = match authority.split_once(':') {
        Some((h, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => h,
        Some(_) => return None,
        None => authority,
    };
    let host = host.to_ascii_lowercase();
    (!host.is_empty() && host.split('.').all(|l| !l.is_empty())).then_some(host)
}

/// The link kept for a post of `site`: an `http(s)` link (anything else could run or mislead when
/// clicked), on the site's own hosts for a known site: a page cannot make a saved X post open elsewhere.
/// `None` drops the link; the post is kept.
fn clean_url(site: &str, url: Option<String>) -> Option<String> {
    let url = url?;
    if url.len() > MAX_URL {
        return None;
    }
    let host = link_host(&url)?;
    match SITE_HOSTS.iter().find(|(s, _)| *s == site) {
        Some((_, hosts)) => {
            let own = hosts.iter().any(|h| host == *h || host.strip_suffix(h).is_some_and(|sub| sub.ends_with('.')));
            (own && url[..5].eq_ignore_ascii_case("https")).then_some(url)
        }
        None => Some(url),
    }
}

impl SavedPost {
    pub fn from_request(req: SaveRequest, now_ms: i64) -> crate::base::Result<SavedPost> {
        req.post.validate()?;
        let labels = match req.labels {
            Some(l) => clean_tags(l)?,
            None => {
                let a = crate::analysis::analyze(req.post.capped_text());
                let mut l = vec![];
                for v in [serde_json::to_value(a.label), serde_json::to_value(a.intent)].into_iter().flatten() {
                    if let Some(s) = v.as_str().filter(|s| *s != "none") {
                        l.push(s.to_string());
                    }
                }
                l
            }
        };
        Ok(SavedPost {
            id: req.post.key(),
            site: req.post.site.clone(),
            post_id: req.post.id.clone(),
            url: clean_url(&req.post.site, req.post.url.clone()),
            text: cap_text(&req.post.text, MAX_TEXT_BYTES).to_string(),
            author: req.post.author.clone(),
            time: req.post.time.clone(),
            labels,
            collection: clean_collection(req.collection)?,
            tags: clean_tags(req.tags)?,
            note: clean_note(req.note)?,
            saved_at: now_ms,
            updated_at: now_ms,
        })
    }

    pub fn apply(&mut self, update: SavedUpdate, now_ms: i64) -> crate::base::Result<()> {
        if let Some(c) = update.collection {
            self.collection = clean_collection(Some(c))?;
        }
        if let Some(t) = update.tags {
            self.tags = clean_tags(t)?;
        }
        if let Some(n) = update.note {
            self.note = clean_note(n)?;
        }
        if let Some(l) = update.labels {
            self.labels = clean_tags(l)?;
        }
        self.updated_at = now_ms;
        Ok(())
    }

    /// A saved post from a file (an import, a backup) held to the same limits as one saved from a page
    /// and edited on the dashboard: the post itself valid, its text capped, its link on the site, its
    /// collection, tags, labels and note within their limits. The refusal is the one typing it would get.
    pub fn validated(mut self) -> crate::base::Result<SavedPost> {
        if self.post_id.is_empty() {
            // Exports before `post_id` existed: the id is `site:post_id`.
            self.post_id = self.id.strip_prefix(&format!("{}:", self.site)).unwrap_or("").to_string();
        }
        let post = Post {
            site: self.site.clone(),
            id: self.post_id.clone(),
            author: self.author.clone(),
            time: self.time.clone(),
            ..Default::default()
        };
        post.validate()?;
        if self.id != post.key() {
            return Err(crate::base::Error::InvalidPost("`id` is not `site:post_id`".into()));
        }
        self.url = clean_url(&self.site, self.url.take());
        self.text = cap_text(&self.text, MAX_TEXT_BYTES).to_string();
        self.collection = clean_collection(Some(std::mem::take(&mut self.collection)))?;
        self.tags = clean_tags(std::mem::take(&mut self.tags))?;
        self.labels = clean_tags(std::mem::take(&mut self.labels))?;
        self.note = clean_note(std::mem::take(&mut self.note))?;
        Ok(self)
    }

    pub fn store_key(&self) -> String {
        format!("{}{}", crate::store::SAVED, self.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req() -> SaveRequest {
        SaveRequest {
            post: Post {
                site: "x".into(),
                id: "42".into(),
                text: "Service client nul, remboursement refusé".into(),
                url: Some("https://x.com/a/status/42".into()),
                ..Default::default()
            },
            tags: vec![" #sav ".into(), "sav".into(), "".into()],
            ..Default::default()
        }
    }

    #[test]
    fn saving_labels_cleans_and_defaults() {
        let s = SavedPost::from_request(req(), 5).unwrap();
        assert_eq!(s.id, "x:42");
        assert_eq!(s.store_key(), "saved:x:42");
        assert_eq!(s.collection, DEFAULT_COLLECTION);
        assert_eq!(s.tags, vec!["sav"]);
        assert!(!s.labels.is_empty(), "labels default to Écoute's reading");
        let mut bad = req();
        bad.post.id.clear();
        assert!(SavedPost::from_request(bad, 5).is_err());
    }

    #[test]
    fn updates_change_only_what_is_given() {
        let mut s = SavedPost::from_request(req(), 5).unwrap();
        s.apply(SavedUpdate { note: Some("à traiter".into()), ..Default::default() }, 9).unwrap();
        assert_eq!((s.note.as_str(), s.tags.len(), s.updated_at), ("à traiter", 1, 9));
        let long = SavedUpdate { tags: Some(vec!["t".repeat(65)]), ..Default::default() };
        assert!(s.apply(long, 10).unwrap_err().to_string().contains("at most 64"));
    }

    #[test]
    fn a_link_is_kept_only_on_the_site_s_own_hosts() {
        let saved = |site: &str, url: &str| {
            let mut r = req();
            r.post.site = site.into();
            r.post.url = Some(url.into());
            SavedPost::from_request(r, 5).unwrap().url
        };
        for (site, url) in [
            ("x", "https://x.com/a/status/42"),
            ("x", "https://mobile.twitter.com/a/status/42"),
            ("reddit", "https://old.reddit.com/r/a/comments/1/"),
            ("youtube", "https://www.youtube.com/watch?v=a&lc=b"),
            ("hn", "https://news.ycombinator.com/item?id=1"),
            ("x", "HTTPS://X.COM:443/a/status/42"),
            ("mastodon", "https://piaille.fr/@a/1"),
        ] {
            assert_eq!(saved(site, url).as_deref(), Some(url), "{site} {url}");
        }
        for (site, url) in [
            ("x", "https://evil.test/a/status/42"),
            ("x", "https://x.com.evil.test/a"),
            ("x", "https://notx.com/a"),
            ("x", "https://x.com@evil.test/a"),
            ("x", "https://evil.test\\@x.com/a"),
            ("x", "https://x%2ecom/a"),
            ("x", "http://x.com/a/status/42"),
            ("x", "javascript:alert(1)//x.com"),
            ("x", " https://x.com/a"),
            ("reddit", "https://x.com/a/status/42"),
            ("mastodon", "javascript:alert(1)"),
            ("mastodon", "data:text/html,hi"),
        ] {
            assert_eq!(saved(site, url), None, "{site} {url}: dropped");
        }
        let long = format!("https://x.com/a/status/42?{}", "a".repeat(MAX_URL));
        assert_eq!(saved("x", &long), None, "a link longer than any permalink");
        let mut r = req();
        r.post.url = Some("https://evil.test/".into());
        let s = SavedPost::from_request(r, 5).unwrap();
        assert_eq!((s.url, s.id.as_str()), (None, "x:42"), "the post is kept without the link");
    }

    #[test]
    fn a_saved_post_from_a_file_is_held_to_what_typing_it_would_allow() {
        let good = SavedPost::from_request(req(), 5).unwrap();
        assert_eq!(good.clone().validated().unwrap(), good);
        let refused = |f: &dyn Fn(&mut SavedPost)| {
            let mut s = good.clone();
            f(&mut s);
            s.validated().unwrap_err().args()
        };
        use serde_json::json;
        assert_eq!(refused(&|s| s.note = "n".repeat(MAX_NOTE + 1)), Some(json!({"kind": "note_too_long", "max": 4000})));
        assert_eq!(refused(&|s| s.collection = "c".repeat(MAX_COLLECTION + 1)), Some(json!({"kind": "collection_too_long", "max": 100})));
        assert_eq!(refused(&|s| s.tags = (0..=MAX_TAGS).map(|i| i.to_string()).collect()), Some(json!({"kind": "too_many_tags", "max": 20})));
        assert_eq!(refused(&|s| s.labels = vec!["l".repeat(MAX_TAG + 1)]).unwrap()["kind"], "tag_too_long");
        assert!(refused(&|s| s.id = "reddit:42".into()).is_none(), "an id that is not site:post_id is an invalid post");
        assert!(refused(&|s| s.site = "s".repeat(33)).is_none());
        // What a page would have had capped or dropped is capped or dropped.
        let mut s = good.clone();
        s.text = "é".repeat(MAX_TEXT_BYTES);
        s.url = Some("https://evil.test/".into());
        s.tags = vec![" #a ".into(), "a".into()];
        s.post_id.clear(); // an older export: taken from the id
        let s = s.validated().unwrap();
        assert!(s.text.len() <= MAX_TEXT_BYTES);
        assert_eq!((s.url, s.tags, s.post_id.as_str()), (None, vec!["a".to_string()], "42"));
    }
}
