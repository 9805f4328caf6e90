//! The records of an export file: a kept post, an author, and the JSON document that holds them all
//! (NDJSON carries the same records, one per line: ndjson.rs).
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::base::time::{iso8601_at, parse_iso8601};
use crate::listening::influence::AuthorStats;
use crate::listening::tally::DayTally;
use crate::listening::trends::HourTerms;
use crate::store::kept::KeptPost;
use crate::store::saved::SavedPost;

use super::Filter;

/// One kept post as exported: a `Post` record (so `ecoute tally` reads it back) with its annotations,
/// times as ISO 8601 in the person's offset, and watch items by name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PostRecord {
    pub site: String,
    pub id: String,
    pub url: Option<String>,
    pub author: crate::base::post::Author,
    pub text: String,
    pub lang: String,
    /// `None` for a post in a language Écoute does not analyse.
    #[serde(default)]
    pub label: Option<crate::analysis::Label>,
    pub score: f32,
    #[serde(default)]
    pub intent: Option<crate::analysis::Intent>,
    /// The person's correction of label and intent, beside the model's (issue 13).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corrected: Option<crate::analysis::adapt::Correction>,
    pub evidence: Vec<crate::analysis::Evidence>,
    /// Publication time, ISO 8601 with the offset; absent when the page showed none.
    pub time: Option<String>,
    pub precision: Option<String>,
    pub time_text: Option<String>,
    pub first_seen: String,
    pub last_seen: String,
    pub metrics: crate::base::post::Metrics,
    pub shown: BTreeMap<String, String>,
    /// The counts whose display is rounded ("10,4 k", "1.2M"): their parsed number is approximate.
    #[serde(default)]
    pub rounded: Vec<String>,
    pub promoted: bool,
    /// The watch items it mentions, by label (or query).
    pub watch: Vec<String>,
    pub terms: Vec<String>,
}

impl PostRecord {
    /// The kept post this record was made from, as far as a file can say it (its sums and marks are
    /// computed again by [`crate::engine::Engine::adopt`]); `None` without an identity. Bounded like a page's post.
    pub fn to_kept(&self) -> Option<KeptPost> {
        let post = crate::base::post::Post {
            site: self.site.clone(),
            id: self.id.clone(),
            url: self.url.clone(),
            author: self.author.clone(),
            text: self.text.clone(),
            time_text: self.time_text.clone(),
            promoted: self.promoted,
            metrics: self.metrics,
            shown: self.shown.clone(),
            ..Default::default()
        };
        post.validate().ok()?;
        let post = post.bounded();
        let first = parse_iso8601(&self.first_seen)?;
        Some(KeptPost {
            k: post.key(),
            site: post.site,
            id: post.id,
            url: post.url,
            author: post.author,
            text: post.text,
            analysis: crate::analysis::Analysis {
                label: self.label,
                score: self.score.clamp(-1.0, 1.0),
                lang: crate::base::limits::cap_text(&self.lang, crate::base::limits::LANG).to_string(),
                intent: self.intent,
                evidence: self.evidence.iter().take(64).cloned().collect(),
                aspects: Vec::new(),
            },
            corrected: self.corrected,
            terms: self.terms.iter().take(crate::listening::trends::MAX_TERMS_PER_POST).map(|t| crate::base::limits::cap_text(t, 64).to_string()).collect(),
            metrics: post.metrics,
            shown: post.shown,
            promoted: post.promoted,
            published: self.time.as_deref().and_then(parse_iso8601),
            precision: self.precision.as_deref().map(|p| crate::base::limits::cap_text(p, 8).to_string()),
            time_text: post.time_text,
            first_seen: first,
            last_seen: parse_iso8601(&self.last_seen).unwrap_or(first).max(first),
            ..Default::default()
        })
    }
}

/// Is a count as a page shows it abbreviated ("10,4 k", "1.2M", "3 mil", "2,1 Md")? Any letter after its
/// digits says so; digits and separators alone ("12,345", "١٤٢") are exact.
pub fn is_rounded(shown: &str) -> bool {
    shown.chars().any(|c| c.is_numeric()) && shown.chars().any(char::is_alphabetic)
}

impl PostRecord {
    /// A kept post as exported: times in the person's offsets at publication, first and last seen
    /// (`off`, minutes east), and its watch items by name (`watch`, the engine's names for its marks).
    pub(crate) fn from_kept(p: &KeptPost, off: [i32; 3], watch: Vec<String>) -> PostRecord {
        PostRecord {
            site: p.site.clone(),
            id: p.id.clone(),
            url: p.url.clone(),
            author: p.author.clone(),
            text: p.text.clone(),
            lang: p.analysis.lang.clone(),
            label: p.analysis.label,
            score: p.analysis.score,
            intent: p.analysis.intent,
            corrected: p.corrected,
            evidence: p.analysis.evidence.clone(),
            time: p.published.map(|t| iso8601_at(t, off[0])),
            precision: p.precision.clone(),
            time_text: p.time_text.clone(),
            first_seen: iso8601_at(p.first_seen, off[1]),
            last_seen: iso8601_at(p.last_seen, off[2]),
            metrics: p.metrics,
            shown: p.shown.clone(),
            rounded: p.shown.iter().filter(|(_, v)| is_rounded(v)).map(|(k, _)| k.clone()).collect(),
            promoted: p.promoted,
            watch,
            terms: p.terms.clone(),
        }
    }
}

/// One author as exported: its key beside its stats.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuthorRecord {
    pub key: String,
    #[serde(flatten)]
    pub stats: AuthorStats,
}

/// The JSON export document (NDJSON carries the same records one per line, each with a `type`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportDoc {
    pub format: String,
    pub version: u32,
    /// The exporting store's install id.
    pub source: String,
    pub exported_at: i64,
    #[serde(default)]
    pub filter: Filter,
    #[serde(default)]
    pub tallies: Vec<DayTally>,
    #[serde(default)]
    pub authors: Vec<AuthorRecord>,
    #[serde(default)]
    pub saved: Vec<SavedPost>,
    /// Per-hour trend terms (`YYYY-MM-DDTHH` → counts); imported within the trend window.
    #[serde(default)]
    pub terms: BTreeMap<String, HourTerms>,
    /// The kept posts of the period (the `posts` dataset, and `all`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub posts: Vec<PostRecord>,
    /// The watch items the posts' mentions name (`all`), so an import can count them again.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub watchlist: Vec<crate::listening::watch::WatchItem>,
    /// What the file leaves out of what the store holds, and why (the period, a filter, pseudonyms).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub omitted: Vec<Omission>,
    /// True when authors are pseudonyms (exchange/pseudonym.rs).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub pseudonymised: bool,
}

/// Something an export leaves out, said in the file (JSON, NDJSON header) and beside the download
/// (the dashboard words it from `kind` and the figures). Tagged by `kind`; the names are stable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Omission {
    /// Records of days outside the period `from`..`to` (either may be open), by dataset: `days` daily
    /// tallies, `authors` not seen in the period, `saved` posts saved outside it. Posts outside the
    /// period are never read for the file.
    Period { from: Option<String>, to: Option<String>, days: usize, authors: usize, saved: usize },
    /// Hourly figures under a site filter: the store does not split hours by site.
    HoursBySite { site: String },
    /// Trend terms under a site or watch-item filter: they are counted for all sites and posts.
    TrendsFiltered,
    /// Pseudonymised: authors' names and profile links, and the posts' and saved posts' permalinks.
    Identities { authors: usize },
}
