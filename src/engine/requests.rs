//! The listening operations the extension's pages ask for (dashboard, popup, options), as one typed
//! request/reply pair so the wasm binding needs a single coarse call (`Engine.listening(request, now)`).
//! Keep in sync with extension/background/listening.js (which forwards `{type: 'listening', op, ...}`
//! messages here) and extension/dashboard/dashboard.js.
//!
//! Every reply carries the store `writes` and `removals` the host must persist before answering the page.
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::engine::{BatchResult, Engine};
use crate::store::kept::LocalView;
use crate::exchange::{self, ExportRequest, Filter, Format};
use crate::store::saved::{SaveRequest, SavedUpdate};
use crate::listening::watch::{Query, WatchItem};
use crate::listening::influence::Owned;

#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Request {
    /// Everything the dashboard shows, within the filter's dates (default: the last 7 days).
    Summary {
        #[serde(default)]
        filter: Filter,
        #[serde(default = "default_top")]
        top: usize,
        /// The period's figures folded by the host from the kept posts' aggregates.
        #[serde(default)]
        view: Option<LocalView>,
    },
    WatchlistGet,
    WatchlistSet { items: Vec<WatchItem> },
    /// Parses one query without saving it: the editor's live check.
    WatchlistCheck { query: String },
    SavePost { request: Box<SaveRequest> },
    UpdateSaved { id: String, update: SavedUpdate },
    DeleteSaved { id: String },
    Export { request: ExportRequest },
    Import { text: String },
    Backup,
    Restore { doc: Value },
    Reset,
    SetRetention { days: i64 },
    /// The person's own accounts by site (the options page).
    OwnedGet,
    OwnedSet { owned: Owned },
    /// The dashboard was opened: the alerts so far are seen (the toolbar badge clears, durably).
    AlertsSeen,
    /// The person's correction of a kept post (the host looks the post up by key and sends it).
    Correct { post: Box<crate::store::kept::KeptPost>, label: crate::analysis::Label, intent: crate::analysis::Intent },
}

fn default_top() -> usize {
    20
}

/// An operation's answer for the page, and everything the host must make durable before giving it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Reply {
    pub result: Value,
    #[serde(flatten)]
    pub batch: BatchResult,
}

impl Reply {
    fn of(result: Value, batch: BatchResult) -> Reply {
        Reply { result, batch }
    }
}

impl Engine {
    /// Runs one listening operation. Errors (a bad query, an unreadable import) change nothing.
    pub fn listening(&mut self, req: Request, now_ms: i64) -> crate::base::Result<Reply> {
        Ok(match req {
            Request::Summary { filter, top, view } => Reply::of(summary(self, filter, top, view, now_ms), BatchResult::default()),
            Request::WatchlistGet => Reply::of(json!(self.watchlist()), BatchResult::default()),
            Request::WatchlistSet { items } => {
                let b = self.set_watchlist(items)?;
                Reply::of(json!(self.watchlist()), b)
            }
            Request::WatchlistCheck { query } => {
                let result = match Query::parse(&query) {
                    // How it was read: the editor shows it under the field (src/watch/query.rs).
                    Ok(q) => json!({"ok": true, "reads_as": q.reads_as()}),
                    Err(e) => json!({"ok": false, "position": e.position, "problem": e.problem, "args": e.args, "message": e.to_string()}),
                };
                Reply::of(result, BatchResult::default())
            }
            Request::SavePost { request } => {
                let id = request.post.key();
                let b = self.save_post(*request, now_ms)?;
                Reply::of(json!({"id": id}), b)
            }
            Request::UpdateSaved { id, update } => {
                let b = self.update_saved(&id, update, now_ms)?;
                Reply::of(json!({"id": id}), b)
            }
            Request::DeleteSaved { id } => {
                let b = self.delete_saved(&id)?;
                Reply::of(json!({"id": id}), b)
            }
            Request::Export { request } => {
                let (text, omitted) = super::exchange::export_noting(self, &request, now_ms)?;
                let (ext, mime) = match request.format {
                    Format::Csv => ("csv", "text/csv"),
                    Format::Json => ("json", "application/json"),
                    Format::Ndjson => ("ndjson", "application/x-ndjson"),
                };
                let dataset = serde_json::to_value(request.dataset).unwrap_or_default();
                let name = format!(
                    "ecoute-{}-{}.{ext}",
                    dataset.as_str().unwrap_or("export"),
                    crate::base::time::day_key(now_ms)
                );
                Reply::of(json!({"text": text, "filename": name, "mime": mime, "omitted": omitted}), BatchResult::default())
            }
            Request::Import { text } => {
                let (b, report) = super::import(self, &text, now_ms)?;
                Reply::of(json!(report), b)
            }
            Request::Backup => {
                let name = format!("ecoute-backup-{}.json", crate::base::time::day_key(now_ms));
                Reply::of(json!({"doc": self.backup(now_ms), "filename": name}), BatchResult::default())
            }
            Request::Restore { doc } => {
                let (b, recoveries, skips) = self.restore(&doc, now_ms)?;
                let skipped: Vec<String> = skips.iter().map(ToString::to_string).collect();
                Reply::of(json!({"recoveries": recoveries, "skipped": skipped, "skips": skips}), b)
            }
            Request::Reset => {
                let b = self.reset(now_ms);
                Reply::of(json!({}), b)
            }
            Request::OwnedGet => Reply::of(json!(self.owned()), BatchResult::default()),
            Request::OwnedSet { owned } => {
                let b = self.set_owned(owned);
                Reply::of(json!(self.owned()), b)
            }
            Request::AlertsSeen => {
                let b = self.alerts_seen(now_ms);
                Reply::of(json!({"unseen_alerts": b.unseen_alerts}), b)
            }
            Request::Correct { post, label, intent } => {
                let key = post.k.clone();
                let correction = crate::analysis::adapt::Correction { label, intent };
                let b = self.correct(*post, correction);
                Reply::of(json!({"key": key, "corrected": correction}), b)
            }
            Request::SetRetention { days } => {
                let b = self.set_retention(days, now_ms)?;
                Reply::of(json!({"retention_days": days}), b)
            }
        })
    }
}

/// The dashboard's view: tallies in the date range, watch items, top authors with badges, trends,
/// alerts and saved posts.
fn summary(e: &Engine, mut filter: Filter, top: usize, view: Option<LocalView>, now_ms: i64) -> Value {
    if filter.from.is_none() {
        filter.from = Some(crate::base::time::day_key(now_ms - 6 * 86_400_000));
    }
    // A watch filter that does not parse selects nothing rather than failing the whole dashboard.
    let doc = super::selected(e, exchange::Dataset::All, &filter, view.as_ref(), now_ms)
        .ok()
        .and_then(|d| serde_json::to_value(d).ok())
        .unwrap_or_default();
    let authors: Vec<Value> = doc["authors"]
        .as_array()
        .map(|a| a.iter().take(top).cloned().collect())
        .unwrap_or_default();
    let authors: Vec<Value> = authors
        .into_iter()
        .map(|mut a| {
            let key = a["key"].as_str().unwrap_or("").to_string();
            a["badges"] = json!(e.badges(&key));
            a
        })
        .collect();
    let rising: Vec<_> = e.trends().rising().values().collect();
    // Opinion leaders and lead users of the watch items, with their why (private: named items).
    let mut influence: Vec<Value> = e
        .authors()
        .iter()
        .filter_map(|(k, a)| {
            let badges: Vec<_> = e.badges(k).into_iter().filter(|b| b.kind == "opinion_leader" || b.kind == "lead_user").collect();
            (!badges.is_empty()).then(|| json!({"key": k, "site": a.site, "handle": a.handle, "name": a.name, "posts": a.posts, "badges": badges}))
        })
        .collect();
    influence.sort_by(|a, b| a["key"].as_str().cmp(&b["key"].as_str()));
    influence.truncate(200);
    let mut top_terms: BTreeMap<&String, u64> = BTreeMap::new();
    let today = crate::base::time::day_key(now_ms);
    for (h, t) in e.trends().hours() {
        if h.starts_with(&today) {
            for (term, n) in &t.counts {
                *top_terms.entry(term).or_default() += n;
            }
        }
    }
    let mut top_terms: Vec<(&String, u64)> = top_terms.into_iter().collect();
    top_terms.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    top_terms.truncate(top);
    // Less the pseudonym key: a secret of the store, which no page needs.
    let mut meta = serde_json::to_value(e.meta()).unwrap_or_default();
    if let Some(o) = meta.as_object_mut() {
        o.remove("pseudonym_key");
    }
    json!({
        "now": now_ms,
        "meta": meta,
        "filter": filter,
        "distinct_posts": view.as_ref().map_or(e.distinct_posts() as u64, |v| v.seen_total.total.posts),
        "seen": view.as_ref().map(|v| &v.seen),
        "undated": view.as_ref().map(|v| e.named_days(&v.undated)).unwrap_or_default(),
        "published": view.as_ref().map(|v| &v.published.total),
        // Paid placements among the period's posts (published, and undated seen): shown apart.
        "promoted": view.as_ref().map(|v| v.published.promoted.posts + v.seen_total.promoted.posts),
        "seen_total": view.as_ref().map(|v| &v.seen_total),
        "watchlist": e.watchlist(),
        "tallies": doc["tallies"],
        "authors": authors,
        // How many, not the posts themselves: the saved tab reads them when opened (a year of use holds
        // 5,000, 2.8 MB that every summary would carry to the dashboard's first paint; BENCHMARKS.md).
        "saved_count": doc["saved"].as_array().map_or(0, Vec::len),
        "trends": {
            "rising": rising,
            "log": e.trends().log(),
            "top_terms_today": top_terms.iter().map(|(t, n)| json!({"term": t, "posts": n})).collect::<Vec<_>>(),
        },
        "alerts": e.trends().alerts(),
        "unseen_alerts": e.unseen_alerts(),
        "influence": influence,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::post::Post;

    const NOW: i64 = 1_739_196_187_000;

    fn req(v: Value) -> Request {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn pages_drive_the_engine_through_one_request_type() {
        let mut e = Engine::new();
        let r = e
            .listening(req(json!({"op": "watchlist_set", "items": [{"query": "fnac"}]})), NOW)
            .unwrap();
        assert!(r.batch.writes.contains_key("watchlist"));
        let bad = e.listening(req(json!({"op": "watchlist_set", "items": [{"query": "fnac OR"}]})), NOW);
        assert!(bad.as_ref().unwrap_err().to_string().contains("at position 6"));
        let args = bad.unwrap_err().args().unwrap();
        assert_eq!(args, json!({"kind": "query", "query": "fnac OR", "position": 6, "problem": {"kind": "no_right_term", "op": "OR"}}));
        let check = e.listening(req(json!({"op": "watchlist_check", "query": "(a"})), NOW).unwrap();
        assert_eq!(check.result["position"], 1);
        assert_eq!(check.result["args"], json!({"kind": "unclosed_parenthesis"}));
        assert_eq!(check.result["problem"], "this parenthesis is never closed");
        let check = e
            .listening(req(json!({"op": "watchlist_check", "query": "\"Brioche Phone\" OU #BriochePhone SAUF promo"})), NOW)
            .unwrap();
        assert_eq!(check.result, json!({"ok": true, "reads_as": "(\"brioche phone\" OR #briochephone) AND NOT promo"}));
        e.ingest(
            &[Post { site: "x".into(), id: "1".into(), text: "fnac super".into(), ..Default::default() }],
            NOW,
        );
        let s = e.listening(req(json!({"op": "summary"})), NOW).unwrap();
        assert_eq!(s.result["tallies"][0]["watch"]["fnac"]["total"]["posts"], 1);
        assert_eq!(s.result["watchlist"][0]["query"], "fnac");
        let x = e
            .listening(req(json!({"op": "export", "request": {"dataset": "tallies", "format": "csv"}})), NOW)
            .unwrap();
        assert_eq!(x.result["filename"], "ecoute-tallies-2025-02-10.csv");
        let saved = json!({"op": "save_post", "request": {"post": {"site": "x", "id": "1", "text": "fnac super"}}});
        assert!(e.listening(req(saved), NOW).unwrap().batch.writes.contains_key("saved:x:1"));
        let b = e.listening(req(json!({"op": "backup"})), NOW).unwrap();
        let reset = e.listening(req(json!({"op": "reset"})), NOW).unwrap();
        assert!(reset.batch.removals.contains(&"saved:x:1".to_string()));
        let restored = e.listening(req(json!({"op": "restore", "doc": b.result["doc"]})), NOW).unwrap();
        assert!(restored.batch.writes.contains_key("saved:x:1"));
        assert_eq!(e.saved().count(), 1);
    }

    #[test]
    fn a_correction_is_kept_on_the_post_and_teaches_the_engine() {
        let mut e = Engine::new();
        let text = "La charge rapide prend 20 minutes, efficace";
        let b = e.ingest(&[Post { site: "x".into(), id: "1".into(), text: text.into(), ..Default::default() }], NOW);
        let model = b.annotations[0].analysis.label;
        let want = if model == Some(crate::analysis::Label::Negative) { "positive" } else { "negative" };
        let post = crate::store::kept::KeptPost { k: "x:1".into(), site: "x".into(), id: "1".into(), text: text.into(), analysis: b.annotations[0].analysis.clone(), ..Default::default() };
        let r = e.listening(req(json!({"op": "correct", "post": post, "label": want, "intent": "praise"})), NOW).unwrap();
        assert_eq!(r.result["corrected"], json!({"label": want, "intent": "praise"}));
        let kept = &r.batch.kept[0];
        assert_eq!(serde_json::to_value(kept.corrected).unwrap()["label"], json!(want));
        // The model's label stays beside the correction.
        assert_eq!(kept.analysis.label, model);
        assert!(r.batch.writes.contains_key(crate::store::ADAPT));
        // The engine reads the post as corrected now, and again after a restart from its store.
        let again = |e: &mut Engine| {
            let a = &e.ingest(&[Post { site: "x".into(), id: "2".into(), text: text.into(), ..Default::default() }], NOW).annotations[0].analysis;
            serde_json::to_value((a.label, a.intent)).unwrap()
        };
        assert_eq!(again(&mut e), json!([want, "praise"]));
        let (mut loaded, _, recoveries) = Engine::load(e.entries(), NOW).unwrap();
        assert!(recoveries.is_empty());
        assert_eq!(again(&mut loaded), json!([want, "praise"]));
    }
}
