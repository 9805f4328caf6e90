//! The wasm binding of the Écoute core, used by the extension's background (extension/background/).
//! Few, coarse calls with serde structs in and out; core errors become JS `Error`s here, once.
use std::collections::BTreeMap;

use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Converts core and serde errors to JS errors, in one place.
trait IntoJs<T> {
    fn js(self) -> Result<T, JsError>;
}

impl<T, E: std::fmt::Display> IntoJs<T> for Result<T, E> {
    fn js(self) -> Result<T, JsError> {
        self.map_err(|e| JsError::new(&e.to_string()))
    }
}

/// A core error as a JS `Error`: its English message, and its figures as `args` when it has some, so
/// that the extension says it in the person's language (extension/shared/words.js, `EcouteWords.error`).
fn core_error(e: ecoute::Error) -> JsValue {
    let err = js_sys::Error::new(&e.to_string());
    if let Some(args) = e.args().and_then(|a| to_js(&a).ok()) {
        let _ = js_sys::Reflect::set(&err, &JsValue::from_str("args"), &args);
    }
    err.into()
}

/// Plain objects, not `Map`s, so the values go straight into `chrome.storage.local`.
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .js()
}

/// The engine, holding the store in memory; the background persists the writes each call returns.
#[wasm_bindgen]
pub struct Engine {
    inner: ecoute::Engine,
    startup: JsValue,
}

#[wasm_bindgen]
impl Engine {
    /// Builds the engine from every stored key (`chrome.storage.local.get(null)`), as an object or, faster,
    /// as that object's JSON text: a few MB of state cross into wasm as one string and are parsed by
    /// serde_json in tens of ms, where serde-wasm-bindgen walks them field by field (about 1 s for 6 MB).
    /// Throws when the store was written by a newer Écoute. What had to be repaired is in
    /// [`Engine::startup`].
    #[wasm_bindgen(constructor)]
    pub fn new(entries: JsValue, now_ms: f64) -> Result<Engine, JsValue> {
        let entries: BTreeMap<String, serde_json::Value> = if entries.is_undefined() || entries.is_null() {
            BTreeMap::new()
        } else if let Some(text) = entries.as_string() {
            serde_json::from_str(&text).map_err(|e| JsError::new(&format!("the stored state is not JSON: {e}")))?
        } else {
            serde_wasm_bindgen::from_value(entries).js()?
        };
        let (inner, fix, recoveries) = ecoute::Engine::load(entries, now_ms as i64).map_err(core_error)?;
        /// What loading changed (migrated keys, aggregates and dedup memory for the kept-post store,
        /// values set aside, the retention prune) and what was repaired.
        #[derive(Serialize)]
        struct Startup {
            #[serde(flatten)]
            fix: ecoute::BatchResult,
            recoveries: Vec<ecoute::engine::Recovery>,
        }
        let startup = to_js(&Startup { fix, recoveries })?;
        Ok(Engine { inner, startup })
    }

    /// `{writes, removals, recoveries}` from loading: persist them before the first batch.
    pub fn startup(&self) -> JsValue {
        self.startup.clone()
    }

    /// The store keys and dedup hashes of a batch, `[[key, hash], …]`: what the background looks up in
    /// its kept-post store before [`Engine::ingest`]. Records it cannot read are left out (ingest
    /// rejects them with the reason).
    #[wasm_bindgen(js_name = keysOf)]
    pub fn keys_of(&self, posts: JsValue) -> Result<JsValue, JsError> {
        let Some(records) = posts.dyn_ref::<js_sys::Array>() else {
            return Err(JsError::new("keysOf takes an array of posts"));
        };
        let keys: Vec<(String, u64)> = records
            .iter()
            .filter_map(|r| serde_wasm_bindgen::from_value::<ecoute::Post>(r).ok())
            .map(|p| (p.key(), ecoute::engine::post_hash(&p)))
            .collect();
        to_js(&keys)
    }

    /// Analyses and counts a batch of `Post` records: `{annotations, rejected, writes, removals, kept,
    /// deltas, …}`. `known` is `{posts, legacy}`: the kept posts and older dedup hashes the background
    /// found for the batch's keys. `utc_offset_min` is the person's UTC offset now (minutes east).
    /// Each record is read on its own: one the page got wrong (a count beyond 2^53, an id that is not a
    /// string) is rejected, the rest are counted. Were the whole batch refused, the content script would
    /// resend it forever.
    pub fn ingest(&mut self, posts: JsValue, known: JsValue, now_ms: f64, utc_offset_min: i32) -> Result<JsValue, JsError> {
        let (good, mut rejected) = posts_of(&posts, "ingest")?;
        let known: ecoute::engine::Known = if known.is_undefined() || known.is_null() {
            Default::default()
        } else {
            serde_wasm_bindgen::from_value(known).js()?
        };
        let mut result = self.inner.ingest_known(&good, &known, now_ms as i64, utc_offset_min);
        rejected.append(&mut result.rejected);
        result.rejected = rejected;
        to_js(&result)
    }

    /// Recounts watch item `[id, rev]` over a chunk of kept posts: `{kept, deltas, matched}`.
    pub fn recount(&self, mark: Vec<u32>, chunk: JsValue) -> Result<JsValue, JsError> {
        let [id, rev] = mark[..] else {
            return Err(JsError::new("recount takes [id, rev]"));
        };
        let chunk: Vec<ecoute::store::kept::KeptPost> = serde_wasm_bindgen::from_value(chunk).js()?;
        to_js(&self.inner.recount([id, rev], chunk))
    }

    /// Posts read from an import that the background does not keep yet: `{kept, deltas}` to commit.
    pub fn adopt(&self, posts: JsValue, now_ms: f64) -> Result<JsValue, JsError> {
        let posts: Vec<ecoute::store::kept::KeptPost> = serde_wasm_bindgen::from_value(posts).js()?;
        to_js(&self.inner.adopt(posts, now_ms as i64))
    }

    /// Takes a random install id from the host's `crypto.getRandomValues` when the store has none (or
    /// an old time-based one): the `meta` write to commit, or `null`.
    #[wasm_bindgen(js_name = adoptInstallId)]
    pub fn adopt_install_id(&mut self, random: &[u8]) -> Result<JsValue, JsError> {
        match self.inner.adopt_install_id(random) {
            Some(b) => to_js(&b),
            None => Ok(JsValue::NULL),
        }
    }

    /// The positions (in `docs`, posts separated by U+0000, each `handle` U+0001 `text`) of the posts
    /// watch item `[id, rev]` matches: a recount's search over the projection kept beside the posts.
    pub fn search(&self, mark: Vec<u32>, docs: &str) -> Result<Vec<u32>, JsError> {
        let [id, rev] = mark[..] else {
            return Err(JsError::new("search takes [id, rev]"));
        };
        Ok(self.inner.search([id, rev], docs))
    }

    /// Takes the saved posts the host kept out of the start (`{key: value}` of `saved:` keys): the
    /// writes to make durable (unreadable values set aside).
    pub fn hydrate(&mut self, entries: JsValue, now_ms: f64) -> Result<JsValue, JsError> {
        let entries: std::collections::BTreeMap<String, serde_json::Value> = serde_wasm_bindgen::from_value(entries).js()?;
        to_js(&self.inner.hydrate(entries, now_ms as i64))
    }

    /// A recount went over every kept post: `{writes, removals}` to persist.
    #[wasm_bindgen(js_name = recountDone)]
    pub fn recount_done(&mut self, mark: Vec<u32>) -> Result<JsValue, JsError> {
        let [id, rev] = mark[..] else {
            return Err(JsError::new("recountDone takes [id, rev]"));
        };
        to_js(&self.inner.recount_done([id, rev]))
    }

    /// The recounts a stopped worker left unfinished, `[[id, rev], …]`.
    #[wasm_bindgen(js_name = pendingRecounts)]
    pub fn pending_recounts(&self) -> Result<JsValue, JsError> {
        to_js(&self.inner.pending_recounts())
    }

    /// One listening operation for the extension's pages, `{op, ...}` (src/listening.rs): returns
    /// `{result, writes, removals}`; persist the writes and removals before answering the page.
    /// A refusal the person can act on (a bad query, an unreadable import) throws an `Error` with `args`.
    pub fn listening(&mut self, request: JsValue, now_ms: f64) -> Result<JsValue, JsValue> {
        let request: ecoute::engine::Request = serde_wasm_bindgen::from_value(request).js()?;
        Ok(to_js(&self.inner.listening(request, now_ms as i64).map_err(core_error)?)?)
    }
}

/// Folds quarter-hour aggregates into the person's local days and hours. `offsets[i]` is the UTC offset
/// (minutes east) at `aggs[i].q`, as the browser's clock says.
#[wasm_bindgen]
pub fn fold(aggs: JsValue, offsets: Vec<i32>) -> Result<JsValue, JsError> {
    let aggs: Vec<ecoute::store::kept::Agg> = serde_wasm_bindgen::from_value(aggs).js()?;
    if aggs.len() != offsets.len() {
        return Err(JsError::new("fold takes one offset per aggregate"));
    }
    let by_q: std::collections::HashMap<i64, i32> = aggs.iter().map(|a| a.q).zip(offsets).collect();
    to_js(&ecoute::store::kept::fold(&aggs, |q| by_q.get(&q).copied().unwrap_or(0)))
}

/// Analyses one text without counting it (the options page's try-it box, benchmarks).
/// A batch's posts, each read on its own (one bad record does not sink the batch), and the refusals.
fn posts_of(posts: &JsValue, op: &str) -> Result<(Vec<ecoute::Post>, Vec<String>), JsError> {
    let Some(records) = posts.dyn_ref::<js_sys::Array>() else {
        return Err(JsError::new(&format!("{op} takes an array of posts")));
    };
    let mut good = Vec::with_capacity(records.length() as usize);
    let mut rejected = Vec::new();
    for (i, record) in records.iter().enumerate() {
        match serde_wasm_bindgen::from_value::<ecoute::Post>(record) {
            Ok(post) => good.push(post),
            Err(e) => rejected.push(format!("record {i}: {e}")),
        }
    }
    Ok((good, rejected))
}

/// The positions (in `docs`, as [`Engine::search`] takes them) of the posts that a query being typed
/// would match: the watchlist editor's preview over the posts kept. Throws on a query that does not read.
#[wasm_bindgen(js_name = searchQuery)]
pub fn search_query(query: &str, docs: &str) -> Result<Vec<u32>, JsError> {
    let query = ecoute::watch::Query::parse(query).map_err(|e| JsError::new(&e.to_string()))?;
    Ok(ecoute::watch::search(&query, docs))
}

/// A batch's annotations from the posts' text alone, before the engine's state is loaded (a worker's
/// cold start): `{annotations, rejected}`, nothing counted (src/engine/preview.rs).
#[wasm_bindgen]
pub fn preview(posts: JsValue) -> Result<JsValue, JsError> {
    let (good, mut rejected) = posts_of(&posts, "preview")?;
    let mut result = ecoute::engine::preview(&good);
    rejected.append(&mut result.rejected);
    result.rejected = rejected;
    to_js(&result)
}

#[wasm_bindgen]
pub fn analyze(text: &str) -> Result<JsValue, JsError> {
    to_js(&ecoute::analyze(text))
}

/// Analyses many texts in one call; returns only the labels' scores (benchmarks: one crossing per batch).
#[wasm_bindgen(js_name = scoreMany)]
pub fn score_many(texts: Vec<String>) -> Vec<f32> {
    texts.iter().map(|t| ecoute::analyze(t).score).collect()
}
