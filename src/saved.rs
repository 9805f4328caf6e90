//! Saved posts: a post the person kept (text, author, link, labels) in a collection, with tags and a note.
//! Stored one per key, `saved:SITE:ID`, and never pruned by retention: keeping them was a choice.
use serde::{Deserialize, Serialize};

use crate::error::Refusal;
use crate::post::{cap_text, Author, Post, MAX_TEXT_BYTES};

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


fn clean_collection(c: Option<String>) -> crate::Result<String> {
    let c = c.map(|c| c.trim().to_string()).unwrap_or_default();
    if c.chars().count() > MAX_COLLECTION {
        return Err(Refusal::CollectionTooLong { max: MAX_COLLECTION }.into());
    }
    Ok(if c.is_empty() { DEFAULT_COLLECTION.into() } else { c })
}

/// Trimmed, without empties or duplicates, bounded.
fn clean_tags(tags: Vec<String>) -> crate::Result<Vec<String>> {
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

fn clean_note(note: String) -> crate::Result<String> {
    if note.chars().count() > MAX_NOTE {
        return Err(Refusal::NoteTooLong { max: MAX_NOTE }.into());
    }
    Ok(note)
}

impl SavedPost {
    pub fn from_request(req: SaveRequest, now_ms: i64) -> crate::Result<SavedPost> {
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
            url: req.post.url.clone(),
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

    pub fn apply(&mut self, update: SavedUpdate, now_ms: i64) -> crate::Result<()> {
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
}
