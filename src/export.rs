//! Export and import: tallies, authors, saved posts (and trend terms, export only) as CSV, JSON or
//! NDJSON, filtered by date range, site and watch item.
//!
//! Import reads this module's JSON or NDJSON and merges *without double counting*: every count is merged
//! by keeping the larger of the stored and imported value (tallies, authors), saved posts by the latest
//! update. Importing the same file twice, or a file exported from this very store, changes nothing.
//! (The price: two devices' disjoint counts for the same day are not summed; they cannot be told apart
//! from overlapping ones without the posts themselves.)
//!
//! CSV cells are quoted when needed, and text cells starting with `= + - @` (or tab, CR) get a leading `'`
//! so a spreadsheet never runs a post as a formula (OWASP "CSV injection").
use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::engine::{BatchResult, Engine};
use crate::error::Refusal;
use crate::influence::{tier, AuthorStats};
use crate::saved::{SavedPost, MAX_SAVED};
use crate::store;
use crate::tally::{Counts, DayTally, ItemTally};
use crate::store::kept::KeptPost;
use crate::time::{day_key, parse_iso8601};
use crate::trends::HourTerms;
use crate::watch::{Doc, Query};

pub const EXPORT_FORMAT: &str = "ecoute-export";
pub const EXPORT_VERSION: u32 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dataset {
    #[default]
    All,
    Tallies,
    Authors,
    Saved,
    Trends,
    /// The kept posts with their annotations (store/kept.rs), one record each.
    Posts,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    #[default]
    Json,
    Ndjson,
    Csv,
}

/// Which records to export; every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Filter {
    /// First day (`YYYY-MM-DD`), inclusive.
    pub from: Option<String>,
    /// Last day, inclusive.
    pub to: Option<String>,
    pub site: Option<String>,
    /// A watch query, as written in the watchlist.
    pub watch: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ExportRequest {
    pub dataset: Dataset,
    pub format: Format,
    pub filter: Filter,
    /// The figures of the filter's period in the person's days and hours, folded by the host from the
    /// kept posts' aggregates (store/kept.rs). Without it (the CLI), the engine's own tallies.
    #[serde(skip_serializing)]
    pub view: Option<crate::store::kept::LocalView>,
    /// For the `posts` dataset: the kept posts of the filter's period, read by the host, and for each
    /// its UTC offsets (minutes east) at publication, first and last seen, for ISO 8601 local times.
    #[serde(skip_serializing)]
    pub posts: Vec<KeptPost>,
    #[serde(skip_serializing)]
    pub offsets: Vec<[i32; 3]>,
}

/// One kept post as exported: a `Post` record (so `ecoute tally` reads it back) with its annotations,
/// times as ISO 8601 in the person's offset, and watch items by name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PostRecord {
    pub site: String,
    pub id: String,
    pub url: Option<String>,
    pub author: crate::post::Author,
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
    pub metrics: crate::post::Metrics,
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
    /// computed again by [`Engine::adopt`]); `None` without an identity. Bounded like a page's post.
    pub fn to_kept(&self) -> Option<KeptPost> {
        let post = crate::post::Post {
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
                lang: crate::post::cap_text(&self.lang, crate::post::limits::LANG).to_string(),
                intent: self.intent,
                evidence: self.evidence.iter().take(64).cloned().collect(),
            },
            corrected: self.corrected,
            terms: self.terms.iter().take(crate::trends::MAX_TERMS_PER_POST).map(|t| crate::post::cap_text(t, 64).to_string()).collect(),
            metrics: post.metrics,
            shown: post.shown,
            promoted: post.promoted,
            published: self.time.as_deref().and_then(parse_iso8601),
            precision: self.precision.as_deref().map(|p| crate::post::cap_text(p, 8).to_string()),
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

fn post_record(engine: &Engine, p: &KeptPost, off: [i32; 3]) -> PostRecord {
    use crate::time::iso8601_at;
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
        watch: engine.item_names(&p.watch),
        terms: p.terms.clone(),
    }
}

impl Filter {
    fn day_in(&self, day: &str) -> bool {
        self.from.as_deref().map_or(true, |f| day >= f) && self.to.as_deref().map_or(true, |t| day <= t)
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
    pub watchlist: Vec<crate::watch::WatchItem>,
}

/// A day's tally seen through the filter: only that site and/or that watch item.
fn filtered_day(t: &DayTally, f: &Filter) -> Option<DayTally> {
    let mut out = t.clone();
    if let Some(item) = &f.watch {
        let it = t.watch.get(item)?;
        out.total = it.total.clone();
        out.hours = it.hours.clone();
        out.sites = it.sites.clone();
        out.watch = BTreeMap::from([(item.clone(), it.clone())]);
    }
    if let Some(site) = &f.site {
        // Hours are not split by site in the store: a site filter exports that site's daily counts.
        out.total = out.sites.get(site)?.clone();
        out.hours.clear();
        out.sites.retain(|s, _| s == site);
        out.watch = out
            .watch
            .iter()
            .filter_map(|(q, it)| {
                let c = it.sites.get(site)?.clone();
                Some((
                    q.clone(),
                    ItemTally {
                        total: c.clone(),
                        hours: BTreeMap::new(),
                        sites: BTreeMap::from([(site.clone(), c)]),
                    },
                ))
            })
            .collect();
    }
    Some(out)
}

/// The records a request selects, before formatting.
pub fn selected(engine: &Engine, dataset: Dataset, filter: &Filter, view: Option<&crate::store::kept::LocalView>, now_ms: i64) -> crate::Result<ExportDoc> {
    let want = |d: Dataset| dataset == Dataset::All || dataset == d;
    let watch_query = match &filter.watch {
        Some(q) => Some(Query::parse(q).map_err(|error| crate::Error::Query { query: q.clone(), error })?),
        None => None,
    };
    let mut doc = ExportDoc {
        format: EXPORT_FORMAT.into(),
        version: EXPORT_VERSION,
        source: engine.meta().install_id.clone(),
        exported_at: now_ms,
        filter: filter.clone(),
        tallies: Vec::new(),
        authors: Vec::new(),
        saved: Vec::new(),
        terms: BTreeMap::new(),
        posts: Vec::new(),
        watchlist: if dataset == Dataset::All { engine.watchlist() } else { Vec::new() },
    };
    if want(Dataset::Tallies) {
        let named;
        let days: Vec<&DayTally> = match view {
            Some(v) => {
                named = engine.named_days(&v.days);
                named.iter().collect()
            }
            None => engine.days().collect(),
        };
        doc.tallies = days
            .into_iter()
            .filter(|t| filter.day_in(&t.day))
            .filter_map(|t| filtered_day(t, filter))
            .collect();
    }
    if want(Dataset::Authors) {
        let mut authors: Vec<AuthorRecord> = engine
            .authors()
            .iter()
            .filter(|(_, a)| filter.site.as_ref().map_or(true, |s| *s == a.site))
            .filter(|(_, a)| filter.watch.as_ref().map_or(true, |q| a.watch.contains_key(q)))
            .filter(|(_, a)| {
                filter.from.as_deref().map_or(true, |f| day_key(a.last_seen).as_str() >= f)
                    && filter.to.as_deref().map_or(true, |t| day_key(a.first_seen).as_str() <= t)
            })
            .map(|(k, a)| AuthorRecord { key: k.clone(), stats: a.clone() })
            .collect();
        authors.sort_by(|a, b| b.stats.engagement.cmp(&a.stats.engagement).then_with(|| a.key.cmp(&b.key)));
        doc.authors = authors;
    }
    if want(Dataset::Saved) {
        doc.saved = engine
            .saved()
            .filter(|s| filter.site.as_ref().map_or(true, |site| *site == s.site))
            .filter(|s| filter.day_in(&day_key(s.saved_at)))
            .filter(|s| watch_query.as_ref().map_or(true, |q| q.matches(&Doc::new(&s.text, &s.author.handle))))
            .cloned()
            .collect();
    }
    if want(Dataset::Trends) && filter.site.is_none() && filter.watch.is_none() {
        doc.terms = engine
            .trends()
            .hours()
            .iter()
            .filter(|(h, _)| filter.day_in(h.get(..10).unwrap_or(h)))
            .map(|(h, t)| (h.clone(), t.clone()))
            .collect();
    }
    Ok(doc)
}

/// Exports what the request selects, as one string in the requested format.
pub fn export(engine: &Engine, req: &ExportRequest, now_ms: i64) -> crate::Result<String> {
    let mut doc = selected(engine, req.dataset, &req.filter, req.view.as_ref(), now_ms)?;
    if matches!(req.dataset, Dataset::Posts | Dataset::All) {
        doc.posts = req
            .posts
            .iter()
            .enumerate()
            .map(|(i, p)| post_record(engine, p, req.offsets.get(i).copied().unwrap_or_default()))
            .collect();
    }
    Ok(match req.format {
        Format::Json => serde_json::to_string_pretty(&doc).unwrap_or_default(),
        Format::Ndjson => ndjson(&doc),
        Format::Csv => csv(&doc, req.dataset, &req.filter)?,
    })
}

fn ndjson(doc: &ExportDoc) -> String {
    let mut out = String::new();
    let mut line = |v: Value| {
        out.push_str(&v.to_string());
        out.push('\n');
    };
    line(json!({"type": "header", "format": doc.format, "version": doc.version, "source": doc.source,
                "exported_at": doc.exported_at, "filter": doc.filter}));
    let tagged = |kind: &str, v: Value| -> Value {
        let mut v = v;
        if let Some(o) = v.as_object_mut() {
            o.insert("type".into(), json!(kind));
        }
        v
    };
    for t in &doc.tallies {
        line(tagged("tally", serde_json::to_value(t).unwrap_or_default()));
    }
    for a in &doc.authors {
        line(tagged("author", serde_json::to_value(a).unwrap_or_default()));
    }
    for s in &doc.saved {
        line(tagged("saved", serde_json::to_value(s).unwrap_or_default()));
    }
    for (hour, terms) in &doc.terms {
        line(json!({"type": "terms", "hour": hour, "posts": terms.posts, "counts": terms.counts, "early": terms.early}));
    }
    for i in &doc.watchlist {
        line(tagged("watch_item", serde_json::to_value(i).unwrap_or_default()));
    }
    for p in &doc.posts {
        line(tagged("post", serde_json::to_value(p).unwrap_or_default()));
    }
    out
}

/// Characters that make a spreadsheet read a cell as a formula (or, tab and CR, that some read past).
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];
/// Where a spreadsheet may start a new cell inside ours: the separator of either reading (`,` in English
/// locales, `;` in French Excel, the product's audience: a file read with `;` is split inside our
/// comma-quoted cells) and a line break (a reader whose quotes fell out of step starts a row there).
const CELL_BREAKS: [char; 4] = [',', ';', '\n', '\r'];

/// True when a cell starting at `rest` would be read as a formula. Leading spaces and quotes are passed
/// over: some readers trim spaces, and a reader out of step with our quoting sees them as the cell's own.
fn starts_formula(rest: &str) -> bool {
    rest.trim_start_matches([' ', '"']).starts_with(FORMULA_START)
}

/// A text cell: neutralised against formula injection, quoted when it holds a separator.
///
/// Neutralised wherever a cell could begin in *either* reading of the file, not only at its first
/// character: `bof;=1+1;@SUM(2+2)` is one cell read with `,` but three read with `;`, the second and third
/// formulas. A `'` (what spreadsheets take as "text follows") goes at the start and after every `,`, `;`
/// or line break that a formula character follows; the text is otherwise kept as written.
pub fn csv_cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    if starts_formula(s) {
        out.push('\'');
    }
    for (i, c) in s.char_indices() {
        out.push(c);
        if CELL_BREAKS.contains(&c) && starts_formula(&s[i + c.len_utf8()..]) {
            out.push('\'');
        }
    }
    if out.contains([',', ';', '"', '\n', '\r']) {
        format!("\"{}\"", out.replace('"', "\"\""))
    } else {
        out
    }
}

const INTENTS: [&str; 4] = ["praise", "complaint", "request", "question"];

fn counts_cells(c: &Counts) -> String {
    let mut s = format!(
        "{},{},{},{},{:.4}",
        c.posts,
        c.positive,
        c.negative,
        c.neutral,
        c.net_sentiment()
    );
    for i in INTENTS {
        let _ = write!(s, ",{}", c.intents.get(i).copied().unwrap_or(0));
    }
    s
}

fn csv(doc: &ExportDoc, dataset: Dataset, filter: &Filter) -> crate::Result<String> {
    let mut out = String::new();
    match dataset {
        Dataset::Tallies => {
            out.push_str("day,hour,site,watch,posts,positive,negative,neutral,net_sentiment,praise,complaint,request,question\n");
            let fsite = filter.site.as_deref().unwrap_or("");
            let fwatch = filter.watch.as_deref().unwrap_or("");
            for t in &doc.tallies {
                let mut row = |hour: &str, site: &str, watch: &str, c: &Counts| {
                    let _ = writeln!(
                        out,
                        "{},{},{},{},{}",
                        csv_cell(&t.day),
                        csv_cell(hour),
                        csv_cell(site),
                        csv_cell(watch),
                        counts_cells(c)
                    );
                };
                row("", fsite, fwatch, &t.total);
                for (h, c) in &t.hours {
                    row(h, fsite, fwatch, c);
                }
                if filter.site.is_none() {
                    for (s, c) in &t.sites {
                        row("", s, fwatch, c);
                    }
                }
                if filter.watch.is_none() {
                    for (q, it) in &t.watch {
                        row("", fsite, q, &it.total);
                        for (h, c) in &it.hours {
                            row(h, fsite, q, c);
                        }
                    }
                }
            }
        }
        Dataset::Authors => {
            out.push_str("site,handle,name,verified,posts,engagement,max_followers,tier,engagement_rate,watch_items,early_terms,first_seen,last_seen\n");
            for a in &doc.authors {
                let s = &a.stats;
                let rate = match s.max_followers {
                    Some(f) if f > 0 && s.posts_with_metrics > 0 => {
                        format!("{:.4}", s.engagement as f64 / s.posts_with_metrics as f64 / f as f64)
                    }
                    _ => String::new(),
                };
                let _ = writeln!(
                    out,
                    "{},{},{},{},{},{},{},{},{},{},{},{},{}",
                    csv_cell(&s.site),
                    csv_cell(&s.handle),
                    csv_cell(s.name.as_deref().unwrap_or("")),
                    s.verified,
                    s.posts,
                    s.engagement,
                    s.max_followers.map(|f| f.to_string()).unwrap_or_default(),
                    s.max_followers.and_then(tier).unwrap_or(""),
                    rate,
                    csv_cell(&s.watch.keys().cloned().collect::<Vec<_>>().join("; ")),
                    csv_cell(&s.early_terms.join("; ")),
                    day_key(s.first_seen),
                    day_key(s.last_seen),
                );
            }
        }
        Dataset::Saved => {
            out.push_str("id,site,url,author,author_name,time,text,labels,collection,tags,note,saved_at\n");
            for s in &doc.saved {
                let _ = writeln!(
                    out,
                    "{},{},{},{},{},{},{},{},{},{},{},{}",
                    csv_cell(&s.id),
                    csv_cell(&s.site),
                    csv_cell(s.url.as_deref().unwrap_or("")),
                    csv_cell(&s.author.handle),
                    csv_cell(s.author.name.as_deref().unwrap_or("")),
                    csv_cell(s.time.as_deref().unwrap_or("")),
                    csv_cell(&s.text),
                    csv_cell(&s.labels.join("; ")),
                    csv_cell(&s.collection),
                    csv_cell(&s.tags.join("; ")),
                    csv_cell(&s.note),
                    day_key(s.saved_at),
                );
            }
        }
        Dataset::Trends => {
            out.push_str("hour,term,posts\n");
            for (hour, terms) in &doc.terms {
                for (term, n) in &terms.counts {
                    let _ = writeln!(out, "{},{},{}", csv_cell(hour), csv_cell(term), n);
                }
            }
        }
        Dataset::Posts => {
            out.push_str("site,id,url,author,author_name,followers,text,lang,label,score,intent,corrected_label,corrected_intent,time,precision,time_text,first_seen,last_seen,likes,reposts,replies,views,shown,rounded,promoted,watch,terms\n");
            let n = |v: Option<u64>| v.map(|v| v.to_string()).unwrap_or_default();
            fn name(v: &impl Serialize) -> String {
                serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
            }
            for p in &doc.posts {
                let cells = [
                    csv_cell(&p.site),
                    csv_cell(&p.id),
                    csv_cell(p.url.as_deref().unwrap_or("")),
                    csv_cell(&p.author.handle),
                    csv_cell(p.author.name.as_deref().unwrap_or("")),
                    n(p.author.followers),
                    csv_cell(&p.text),
                    csv_cell(&p.lang),
                    name(&p.label),
                    format!("{:.3}", p.score),
                    name(&p.intent),
                    p.corrected.map(|c| name(&c.label)).unwrap_or_default(),
                    p.corrected.map(|c| name(&c.intent)).unwrap_or_default(),
                    csv_cell(p.time.as_deref().unwrap_or("")),
                    csv_cell(p.precision.as_deref().unwrap_or("")),
                    csv_cell(p.time_text.as_deref().unwrap_or("")),
                    csv_cell(&p.first_seen),
                    csv_cell(&p.last_seen),
                    n(p.metrics.likes),
                    n(p.metrics.reposts),
                    n(p.metrics.replies),
                    n(p.metrics.views),
                    csv_cell(&p.shown.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("|")),
                    csv_cell(&p.rounded.join("|")),
                    p.promoted.to_string(),
                    csv_cell(&p.watch.join("|")),
                    csv_cell(&p.terms.join("|")),
                ];
                out.push_str(&cells.join(","));
                out.push('\n');
            }
        }
        Dataset::All => {
            return Err(crate::Error::Invalid(
                "CSV holds one table: choose tallies, authors, saved, trends or posts".into(),
            ))
        }
    }
    Ok(out)
}

/// Largest import file, in bytes (UTF-8). The store lives in `chrome.storage.local`, 10 MB at most, of
/// which an export holds everything but the dedup memory: even pretty-printed JSON, the largest export
/// stays well under this. A file is read whole, then parsed into a JSON tree several times its size in
/// the background's memory (a service worker, which the browser stops when it grows too large): beyond
/// this it is refused before it is parsed. Keep in sync with extension/shared/limits.js.
pub const MAX_IMPORT_BYTES: usize = 32_000_000;

/// What an import merged.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportReport {
    pub tallies: usize,
    /// Posts read from the file (the host then says how many were new).
    #[serde(default)]
    pub posts: usize,
    /// Watch items the file named that joined the watchlist.
    #[serde(default)]
    pub watch_items: usize,
    pub authors: usize,
    pub saved: usize,
    pub term_hours: usize,
    /// Lines or records that could not be read, with where and why, in English; the rest was imported.
    pub skipped: Vec<String>,
    /// The same, one for one, as codes with their figures (the extension's words).
    #[serde(default)]
    pub skips: Vec<Skip>,
}

impl ImportReport {
    fn skip(&mut self, why: Skip) {
        self.skipped.push(why.to_string());
        self.skips.push(why);
    }
}

/// Why a record of an import file was skipped. Serialized tagged by `kind`; the names are stable. `line`
/// is the NDJSON line (1-based); days, hours, keys, ids and record types are the file's own text, shown as
/// text only; `detail` is the JSON reader's own (English) description.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Skip {
    /// A tally whose `day` is not a `YYYY-MM-DD` date.
    BadDay { day: String },
    /// A tally with an hour key (of the day, or of a watch item) that is not `00` to `23`: the whole day
    /// is skipped rather than counted under an hour that does not exist.
    BadHour { day: String, hour: String },
    /// A tally older than the retention setting.
    TooOld { day: String },
    /// A tally of a day that has not come yet (after tomorrow, UTC): retention would never reach it.
    FutureDay { day: String },
    /// An author without a handle.
    NoHandle { key: String },
    /// A saved post without an id.
    NoId,
    /// A saved post beyond the `max` posts that can be saved.
    SavedFull { id: String, max: usize },
    /// A saved post refused as typing it would be (a note, a tag, a collection beyond its limit):
    /// `refusal` says which, with its figures (src/error.rs).
    SavedRefused { id: String, refusal: Refusal },
    /// A saved post that is not a post (`detail`, English: which field), or a backup's saved post stored
    /// under a key that is not its own.
    BadSaved { id: String, detail: String },
    /// Trend terms whose hour is not a `YYYY-MM-DDTHH` hour (or `YYYY-MM-DD` day).
    BadTermHour { hour: String },
    /// Trend terms without an hour.
    NoTermHour { line: usize },
    /// A line holding a number beyond 2^53 − 1.
    UnsafeNumber { line: usize },
    /// A line that is not JSON, or a record (`record`: its type) that is not what that type holds.
    Unreadable {
        line: usize,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        record: Option<String>,
        detail: String,
    },
    /// A record of a type Écoute does not know.
    UnknownType { line: usize, record: String },
}

impl std::fmt::Display for Skip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Skip::BadDay { day } => write!(f, "tally `{day}`: not a YYYY-MM-DD day"),
            Skip::BadHour { day, hour } => write!(f, "tally {day}: hour `{hour}` is not an hour from 00 to 23"),
            Skip::TooOld { day } => write!(f, "tally {day}: older than the retention setting"),
            Skip::FutureDay { day } => write!(f, "tally {day}: a day that has not come yet"),
            Skip::NoHandle { key } => write!(f, "author `{key}`: no handle"),
            Skip::NoId => write!(f, "saved post without an id"),
            Skip::SavedFull { id, max } => write!(f, "saved post `{id}`: {max} posts are saved already"),
            Skip::SavedRefused { id, refusal } => write!(f, "saved post `{id}`: {refusal}"),
            Skip::BadSaved { id, detail } => write!(f, "saved post `{id}`: {detail}"),
            Skip::BadTermHour { hour } => write!(f, "terms `{hour}`: not a YYYY-MM-DDTHH hour"),
            Skip::NoTermHour { line } => write!(f, "line {line} (terms): no hour"),
            Skip::UnsafeNumber { line } => write!(f, "line {line}: a number too large for Écoute"),
            Skip::Unreadable { line, record: Some(r), detail } => write!(f, "line {line} ({r}): {detail}"),
            Skip::Unreadable { line, record: None, detail } => write!(f, "line {line}: {detail}"),
            Skip::UnknownType { line, record } => write!(f, "line {line}: unknown record type `{record}`"),
        }
    }
}

/// The first hour key of a tally (of the day or of one of its watch items) that is not `00` to `23`.
fn bad_hour(t: &DayTally) -> Option<&str> {
    t.hours
        .keys()
        .chain(t.watch.values().flat_map(|w| w.hours.keys()))
        .map(String::as_str)
        .find(|h| !crate::time::is_hour_of_day(h))
}

/// Reads an export (JSON document or NDJSON) and merges it; returns the writes to persist.
pub fn import(engine: &mut Engine, text: &str, now_ms: i64) -> crate::Result<(BatchResult, ImportReport)> {
    if text.len() > MAX_IMPORT_BYTES {
        return Err(Refusal::ImportTooLarge { bytes: text.len() as u64, max_bytes: MAX_IMPORT_BYTES as u64 }.into());
    }
    let mut report = ImportReport::default();
    let records = match serde_json::from_str::<Value>(text.trim()) {
        Ok(v) if !store::js_safe(&v) => return Err(Refusal::UnsafeNumber { max: store::MAX_SAFE_INTEGER }.into()),
        Ok(v) if v.get("format").and_then(Value::as_str) == Some("ecoute-backup") => {
            return Err(Refusal::BackupNotExport.into())
        }
        Ok(v) if v.get("type").is_none() => {
            let doc: ExportDoc = serde_json::from_value(v)
                .map_err(|e| Refusal::NotAnExport { detail: e.to_string() })?;
            check_header(&doc.format, doc.version)?;
            Records { tallies: doc.tallies, authors: doc.authors, saved: doc.saved, terms: doc.terms, posts: doc.posts, watchlist: doc.watchlist }
        }
        // One line of NDJSON, or several.
        _ => read_ndjson(text, &mut report)?,
    };
    let Records { tallies, authors, saved, terms, posts, watchlist } = records;
    let oldest = day_key(now_ms - engine.meta().retention_days * 86_400_000);
    let mut out = BatchResult::default();
    // Watch items the file names and this store lacks join the watchlist (the posts' mentions need them).
    let mine: Vec<crate::watch::WatchItem> = engine.watchlist();
    let missing: Vec<crate::watch::WatchItem> = watchlist
        .into_iter()
        .filter(|i| !mine.iter().any(|m| m.query == i.query))
        .map(|i| crate::watch::WatchItem { id: 0, rev: 0, ..i })
        .collect();
    if !missing.is_empty() {
        report.watch_items = missing.len();
        let joined = engine.set_watchlist(mine.into_iter().chain(missing).collect())?;
        out = joined;
    }
    // A file with posts: the posts are its truth, and its tallies their sums (the host counts each post
    // not kept yet, [`Engine::adopt`]); an older file's tallies feed the alerts' window only.
    let with_posts = !posts.is_empty();
    for p in posts {
        match p.to_kept() {
            Some(k) => out.adopt.push(k),
            None => report.skip(Skip::NoId),
        }
    }
    report.posts = out.adopt.len();
    let latest = latest_day(now_ms);
    for t in tallies.into_iter().filter(|_| !with_posts) {
        if !crate::time::is_day_key(&t.day) {
            report.skip(Skip::BadDay { day: shown(&t.day) });
            continue;
        }
        if t.day > latest {
            report.skip(Skip::FutureDay { day: t.day });
            continue;
        }
        if let Some(hour) = bad_hour(&t) {
            report.skip(Skip::BadHour { day: t.day.clone(), hour: hour.to_string() });
            continue;
        }
        if t.day < oldest {
            report.skip(Skip::TooOld { day: t.day });
            continue;
        }
        engine.merge_day(&t);
        if let Some(mine) = engine.day(&t.day) {
            out.writes.insert(format!("{}{}", store::TALLY, t.day), serde_json::to_value(mine).unwrap_or_default());
        }
        report.tallies += 1;
    }
    for a in authors {
        // The key is derived, never taken from the file: it names a store key, and the same author must
        // merge with the one already here.
        let Some(key) = crate::influence::author_key(&a.stats.site, &a.stats.handle) else {
            report.skip(Skip::NoHandle { key: a.key });
            continue;
        };
        engine.merge_author(key.clone(), a.stats);
        if let Some(mine) = engine.authors().get(&key) {
            out.writes.insert(format!("{}{key}", store::AUTHOR), serde_json::to_value(mine).unwrap_or_default());
        }
        report.authors += 1;
    }
    // A file is untrusted and may be of any size: the store keeps to the same cap as when listening.
    for key in engine.cap_authors() {
        let key = format!("{}{key}", store::AUTHOR);
        if out.writes.remove(&key).is_none() {
            out.removals.push(key);
        }
    }
    let mut saved_count = engine.saved().count();
    for s in saved {
        if s.id.is_empty() {
            report.skip(Skip::NoId);
            continue;
        }
        // Held to the limits of a post saved from a page and edited by hand: a 9 MB note would import,
        // then refuse every edit.
        let s = match saved_as_typed(s) {
            Ok(s) => s,
            Err(skip) => {
                report.skip(skip);
                continue;
            }
        };
        let known = engine.is_saved(&s.id);
        if !known && saved_count >= MAX_SAVED {
            report.skip(Skip::SavedFull { id: shown(&s.id), max: MAX_SAVED });
            continue;
        }
        let key = s.store_key();
        if engine.merge_saved(s.clone()) {
            out.writes.insert(key, serde_json::to_value(&s).unwrap_or_default());
            saved_count += usize::from(!known);
        }
        report.saved += 1;
    }
    for (hour, t) in terms {
        // Hours outside the trend window are left out as the trends forget them; malformed ones are said.
        if !crate::time::is_hour_or_day_key(&hour) {
            report.skip(Skip::BadTermHour { hour });
            continue;
        }
        if let Some(merged) = engine.merge_terms(&hour, &t, now_ms) {
            out.writes.insert(format!("{}{hour}", store::TERMS), serde_json::to_value(merged).unwrap_or_default());
            report.term_hours += 1;
        }
    }
    Ok((out, report))
}

/// The last day a file may hold a tally for: tomorrow, UTC (a clock ahead, a time zone east of UTC).
fn latest_day(now_ms: i64) -> String {
    day_key(now_ms.saturating_add(86_400_000))
}

/// A file's text (an id, a day) as a report shows it: at most 100 characters, so that a hostile file
/// cannot make the report as large as itself.
fn shown(text: &str) -> String {
    match text.char_indices().nth(100) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}

/// `s` checked as if it had been saved from a page and typed ([`SavedPost::validated`]), or why not.
fn saved_as_typed(s: SavedPost) -> Result<SavedPost, Skip> {
    let id = shown(&s.id);
    s.validated().map_err(|e| match e {
        crate::Error::Refused(refusal) => Skip::SavedRefused { id, refusal },
        crate::Error::InvalidPost(detail) => Skip::BadSaved { id, detail },
        other => Skip::BadSaved { id, detail: other.to_string() },
    })
}

/// Holds the entries of a backup to the limits the engine keeps when it writes them itself, before they
/// are loaded: the retention setting in its range (or the restore is refused), tallies and first-seen
/// counts under real days that have come, saved posts valid as typed, under their own key, and no more
/// than can be saved. What does not hold is left out and said; unreadable values are still the
/// loader's to set aside.
pub(crate) fn check_backup(entries: &mut BTreeMap<String, Value>, now_ms: i64) -> crate::Result<Vec<Skip>> {
    if let Some(days) = entries.get(store::META).and_then(|m| m.get("retention_days")) {
        if !days.as_i64().is_some_and(|d| store::RETENTION_RANGE.contains(&d)) {
            let (min, max) = (*store::RETENTION_RANGE.start(), *store::RETENTION_RANGE.end());
            return Err(Refusal::BackupRetention { min, max }.into());
        }
    }
    let latest = latest_day(now_ms);
    let mut skips = Vec::new();
    let mut saved = 0usize;
    entries.retain(|key, value| {
        let day = key.strip_prefix(store::TALLY).or_else(|| key.strip_prefix(store::SEEN));
        if let Some(day) = day {
            let skip = if !crate::time::is_day_key(day) {
                Skip::BadDay { day: shown(day) }
            } else if day > latest.as_str() {
                Skip::FutureDay { day: day.to_string() }
            } else {
                return true;
            };
            skips.push(skip);
            return false;
        }
        let Some(id) = key.strip_prefix(store::SAVED) else { return true };
        // An unreadable one is the loader's to set aside (nothing lost).
        let Ok(s) = serde_json::from_value::<SavedPost>(value.clone()) else { return true };
        let s = match saved_as_typed(s) {
            Ok(s) if s.id == id => s,
            Ok(s) => {
                skips.push(Skip::BadSaved { id: shown(id), detail: format!("stored as `{}`", shown(&s.id)) });
                return false;
            }
            Err(skip) => {
                skips.push(skip);
                return false;
            }
        };
        if saved >= MAX_SAVED {
            skips.push(Skip::SavedFull { id: shown(id), max: MAX_SAVED });
            return false;
        }
        saved += 1;
        *value = serde_json::to_value(s).unwrap_or_default();
        true
    });
    Ok(skips)
}

fn check_header(format: &str, version: u32) -> crate::Result<()> {
    if format != EXPORT_FORMAT {
        return Err(Refusal::NotAnExport { detail: format!("format `{format}`") }.into());
    }
    if version > EXPORT_VERSION {
        return Err(Refusal::NewerExport { version, supported: EXPORT_VERSION }.into());
    }
    Ok(())
}

/// What an export file holds, read.
#[derive(Default)]
struct Records {
    tallies: Vec<DayTally>,
    authors: Vec<AuthorRecord>,
    saved: Vec<SavedPost>,
    terms: BTreeMap<String, HourTerms>,
    posts: Vec<PostRecord>,
    watchlist: Vec<crate::watch::WatchItem>,
}

fn read_ndjson(text: &str, report: &mut ImportReport) -> crate::Result<Records> {
    let mut r = Records::default();
    let mut header = false;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let n = i + 1;
        let v: Value = match serde_json::from_str(line) {
            Ok(v) if !store::js_safe(&v) => {
                report.skip(Skip::UnsafeNumber { line: n });
                continue;
            }
            Ok(v) => v,
            Err(e) => {
                if !header {
                    return Err(Refusal::NotAnExport { detail: format!("line {n}: {e}") }.into());
                }
                report.skip(Skip::Unreadable { line: n, record: None, detail: e.to_string() });
                continue;
            }
        };
        let kind = v.get("type").and_then(Value::as_str).unwrap_or("").to_string();
        let bad = |e: serde_json::Error| Skip::Unreadable { line: n, record: Some(kind.clone()), detail: e.to_string() };
        match kind.as_str() {
            "header" => {
                let format = v.get("format").and_then(Value::as_str).unwrap_or("");
                let version = v.get("version").and_then(Value::as_u64).unwrap_or(0) as u32;
                check_header(format, version)?;
                header = true;
            }
            _ if !header => {
return Err(Refusal::RecordBeforeHeader { line: n }.into())
            }
            "tally" => match serde_json::from_value(v) {
                Ok(t) => r.tallies.push(t),
                Err(e) => report.skip(bad(e)),
            },
            "author" => match serde_json::from_value(v) {
                Ok(a) => r.authors.push(a),
                Err(e) => report.skip(bad(e)),
            },
            "post" => match serde_json::from_value(v) {
                Ok(p) => r.posts.push(p),
                Err(e) => report.skip(bad(e)),
            },
            "watch_item" => match serde_json::from_value(v) {
                Ok(i) => r.watchlist.push(i),
                Err(e) => report.skip(bad(e)),
            },
            "saved" => match serde_json::from_value(v) {
                Ok(s) => r.saved.push(s),
                Err(e) => report.skip(bad(e)),
            },
            "terms" => {
                let hour = v.get("hour").and_then(Value::as_str).unwrap_or("").to_string();
                match serde_json::from_value::<HourTerms>(v) {
                    Ok(t) if !hour.is_empty() => {
                        r.terms.insert(hour, t);
                    }
                    Ok(_) => report.skip(Skip::NoTermHour { line: n }),
                    Err(e) => report.skip(bad(e)),
                }
            }
            other => report.skip(Skip::UnknownType { line: n, record: other.to_string() }),
        }
    }
    if !header {
        return Err(Refusal::NoHeader.into());
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::post::{Post, MAX_TEXT_BYTES};
    use crate::saved::SaveRequest;
    use crate::watch::WatchItem;

    const NOW: i64 = 1_739_196_187_000; // 2025-02-10T14:03:07Z

    fn sample() -> Engine {
        let mut e = Engine::new();
        e.set_watchlist(vec![WatchItem { query: "fnac".into(), ..Default::default() }]).unwrap();
        let posts: Vec<Post> = [
            ("x", "1", "alice", "fnac livraison super rapide", Some("2025-02-09T10:00:00Z")),
            ("x", "2", "bob", "=HYPERLINK(\"evil\") fnac nul", None),
            ("reddit", "3", "carol", "rien à voir, bonne journée", None),
        ]
        .into_iter()
        .map(|(site, id, h, text, time)| {
            let mut p = Post { site: site.into(), id: id.into(), text: text.into(), ..Default::default() };
            p.author.handle = h.into();
            p.author.followers = Some(5_000);
            p.metrics.likes = Some(12);
            p.time = time.map(str::to_string);
            p
        })
        .collect();
        e.ingest(&posts, NOW);
        let mut req = SaveRequest { post: posts[1].clone(), note: "a, \"quoted\"\nnote".into(), ..Default::default() };
        req.tags = vec!["sav".into()];
        e.save_post(req, NOW).unwrap();
        e
    }

    fn all(format: Format) -> ExportRequest {
        ExportRequest { dataset: Dataset::All, format, filter: Filter::default(), view: None, ..Default::default() }
    }

    fn without_header(doc: &str) -> Value {
        let mut v: Value = serde_json::from_str(doc).unwrap();
        v.as_object_mut().unwrap().remove("source");
        v
    }

    #[test]
    fn counts_shown_abbreviated_are_flagged_rounded() {
        for r in ["10,4 k", "1.2M", "3 mil", "2,1 Md", "12K"] {
            assert!(is_rounded(r), "{r}");
        }
        for exact in ["12,345", "1 204", "١٤٢", "7", ""] {
            assert!(!is_rounded(exact), "{exact}");
        }
    }

    /// The extension's round trip: posts kept, exported with their figures, the store erased, the file
    /// imported: the same posts, the same figures, the same mentions; a second import adds nothing.
    #[test]
    fn kept_posts_round_trip_through_an_export() {
        use crate::store::kept::{fold, QUARTER_MS};
        use crate::store::memory::MemoryStore;
        let export_of = |e: &Engine, host: &MemoryStore, format: Format| {
            let posts: Vec<KeptPost> = host.posts.values().cloned().collect();
            let offsets = vec![[60, 60, 60]; posts.len()];
            let req = ExportRequest { dataset: Dataset::All, format, view: Some(fold(&host.aggs(), |_| 60)), posts, offsets, ..Default::default() };
            let doc: Value = match format {
                Format::Json => serde_json::from_str(&export(e, &req, NOW).unwrap()).unwrap(),
                _ => Value::Array(export(e, &req, NOW).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()),
            };
            doc
        };
        let strip = |mut v: Value| {
            if let Some(o) = v.as_object_mut() {
                o.remove("exported_at");
                o.remove("source");
            }
            if let Some(a) = v.as_array_mut() {
                assert_eq!(a.remove(0)["type"], "header");
            }
            v
        };
        for format in [Format::Json, Format::Ndjson] {
            let mut host = MemoryStore::default();
            let mut e = host.restart(NOW);
            host.apply(&e.set_watchlist(vec![WatchItem { query: "brioche".into(), label: Some("Brioche".into()), ..Default::default() }]).unwrap());
            let mut dated = Post { site: "x".into(), id: "1".into(), text: "La brioche chauffe".into(), ..Default::default() };
            dated.time = Some("2025-02-10T09:30:00Z".into());
            let undated = Post { site: "x".into(), id: "2".into(), text: "brioche top".into(), ..Default::default() };
            let other = Post { site: "reddit".into(), id: "3".into(), text: "rien à voir".into(), ..Default::default() };
            host.ingest(&mut e, &[dated, undated, other], NOW - QUARTER_MS);
            let before = strip(export_of(&e, &host, format));
            let file = match format {
                Format::Json => serde_json::to_string(&export_of(&e, &host, format)).unwrap(),
                _ => export_of(&e, &host, format).as_array().unwrap().iter().map(|v| v.to_string()).collect::<Vec<_>>().join("\n"),
            };
            host.apply(&e.reset(NOW));
            host.posts.clear();
            host.aggs.clear();
            for round in 0..2 {
                let (r, report) = import(&mut e, &file, NOW).unwrap();
                assert_eq!(report.posts, 3);
                host.apply(&r);
                let known = host.known(&r.adopt.iter().map(|k| k.to_post()).collect::<Vec<_>>());
                let fresh: Vec<KeptPost> = r.adopt.into_iter().filter(|p| !known.posts.iter().any(|k| k.k == p.k)).collect();
                assert_eq!(fresh.len(), if round == 0 { 3 } else { 0 }, "{format:?} round {round}");
                host.apply(&e.adopt(fresh, NOW));
                let after = strip(export_of(&e, &host, format));
                assert_eq!(after, before, "{format:?} round {round}");
                let posts = |v: &Value| v.to_string().matches("\"evidence\":").count();
                assert_eq!(posts(&after), 3, "the posts are in the export");
            }
        }
    }

    #[test]
    fn export_then_import_round_trips_and_never_double_counts() {
        let a = sample();
        for format in [Format::Json, Format::Ndjson] {
            let file = export(&a, &all(format), NOW).unwrap();
            let mut b = Engine::new();
            let (w, report) = import(&mut b, &file, NOW).unwrap();
            assert_eq!((report.tallies, report.authors, report.saved), (2, 3, 1), "{format:?}");
            assert!(report.skipped.is_empty());
            assert!(w.writes.contains_key("tally:2025-02-10") && w.writes.contains_key("saved:x:2"));
            let again = export(&b, &all(Format::Json), NOW).unwrap();
            let orig = export(&a, &all(Format::Json), NOW).unwrap();
            assert_eq!(without_header(&again), without_header(&orig), "{format:?}");
            // Twice is once.
            import(&mut b, &file, NOW).unwrap();
            assert_eq!(without_header(&export(&b, &all(Format::Json), NOW).unwrap()), without_header(&orig));
        }
        // Importing a store's own export into itself changes nothing either.
        let mut a2 = sample();
        let before = a2.entries();
        let own = export(&a2, &all(Format::Json), NOW).unwrap();
        import(&mut a2, &own, NOW).unwrap();
        assert_eq!(a2.entries(), before);
    }

    #[test]
    fn filters_select_days_sites_and_watch_items() {
        let e = sample();
        let doc = |filter: Filter| selected(&e, Dataset::All, &filter, None, NOW).unwrap();
        let d = doc(Filter { from: Some("2025-02-10".into()), ..Default::default() });
        assert_eq!(d.tallies.iter().map(|t| t.day.as_str()).collect::<Vec<_>>(), vec!["2025-02-10"]);
        let d = doc(Filter { site: Some("reddit".into()), ..Default::default() });
        assert_eq!(d.tallies.len(), 1);
        assert_eq!(d.tallies[0].total.posts, 1);
        assert_eq!(d.authors.iter().map(|a| a.key.as_str()).collect::<Vec<_>>(), vec!["reddit:carol"]);
        assert!(d.saved.is_empty());
        let d = doc(Filter { watch: Some("fnac".into()), ..Default::default() });
        assert_eq!(d.tallies.iter().map(|t| t.total.posts).sum::<u64>(), 2);
        assert_eq!(d.authors.len(), 2);
        assert_eq!(d.saved.len(), 1);
        assert!(selected(&e, Dataset::All, &Filter { watch: Some("(".into()), ..Default::default() }, None, NOW).is_err());
    }

    #[test]
    fn csv_escapes_and_neutralises_formulas() {
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("=1+1"), "'=1+1");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("-2"), "'-2");
        assert_eq!(csv_cell("+33 6"), "'+33 6");
        assert_eq!(csv_cell("=A1,B1"), "\"'=A1,B1\"");
        let e = sample();
        let req = |dataset| ExportRequest { dataset, format: Format::Csv, filter: Filter::default(), view: None, ..Default::default() };
        let saved = export(&e, &req(Dataset::Saved), NOW).unwrap();
        assert!(saved.contains("\"'=HYPERLINK(\"\"evil\"\") fnac nul\""), "{saved}");
        assert!(saved.contains("\"a, \"\"quoted\"\"\nnote\""));
        let tallies = export(&e, &req(Dataset::Tallies), NOW).unwrap();
        assert!(tallies.starts_with("day,hour,site,watch,posts,"));
        assert!(tallies.lines().any(|l| l.starts_with("2025-02-10,,,fnac,1,")), "{tallies}");
        assert!(tallies.lines().any(|l| l.starts_with("2025-02-10,14,,,2,")));
        let authors = export(&e, &req(Dataset::Authors), NOW).unwrap();
        assert!(authors.lines().nth(1).unwrap().contains(",5000,nano,0.0024,"), "{authors}");
        assert!(export(&e, &req(Dataset::All), NOW).is_err());
    }

    /// The cells of a CSV file as a spreadsheet reads it with separator `sep`: quotes honoured where a
    /// cell starts with one (`""` inside), kept as text anywhere else, as lenient readers do.
    fn read_csv(text: &str, sep: char) -> Vec<String> {
        let (mut cells, mut cell, mut quoted, mut at_start) = (Vec::new(), String::new(), false, true);
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            if quoted {
                match c {
                    '"' if chars.peek() == Some(&'"') => {
                        chars.next();
                        cell.push('"');
                    }
                    '"' => quoted = false,
                    _ => cell.push(c),
                }
            } else if c == '"' && at_start {
                quoted = true;
                at_start = false;
            } else if c == sep || c == '\n' {
                cells.push(std::mem::take(&mut cell));
                at_start = true;
            } else {
                cell.push(c);
                at_start = false;
            }
        }
        cells.push(cell);
        cells
    }

    /// No cell of `csv` starts a formula, whether it is read with `,` or `;`, with its quotes honoured or
    /// by a reader that split it on every separator and line break regardless of quotes. Numbers
    /// (`-1.0000`, the counts' own cells) are numbers, not formulas.
    fn assert_inert(csv: &str) {
        let number = |c: &str| c.trim().parse::<f64>().is_ok();
        for sep in [',', ';'] {
            for cell in read_csv(csv, sep) {
                assert!(number(&cell) || !cell.trim_start().starts_with(FORMULA_START), "read with `{sep}`: {cell:?} in\n{csv}");
            }
            for cell in csv.split([sep, '\n']) {
                assert!(number(cell) || !starts_formula(cell), "split on `{sep}`: {cell:?} in\n{csv}");
            }
        }
    }

    #[test]
    fn csv_cells_are_inert_read_with_commas_or_semicolons() {
        let payloads = [
            "bof;=1+1;@SUM(2+2)",
            "a,=1+1",
            "x\n=1+1",
            "x\r\n@SUM(1)",
            "ok; -2",
            "a;\"=1+1\"",
            "a; \t=cmd|' /C calc'!A0",
            "=;=",
            ";;=1",
            "a;\"\"+1",
            "\"=1\"",
            " =1",
            "last;",
        ];
        assert_eq!(csv_cell("bof;=1+1;@SUM(2+2)"), "\"bof;'=1+1;'@SUM(2+2)\"");
        assert_eq!(csv_cell("a,b;c"), "\"a,b;c\"", "nothing added where no formula starts");
        for p in payloads {
            assert_inert(&csv_cell(p));
            // Read back with `,` (the file's own separator), the text is there, only marked as text.
            let back = read_csv(&csv_cell(p), ',');
            assert_eq!(back.len(), 1, "{p:?}");
            assert_eq!(back[0].replace('\'', ""), p.replace('\'', ""), "{p:?}");
        }
        // Whole files: every payload as a saved post's note, text and tags, in one export.
        let mut e = sample();
        for (i, p) in payloads.iter().enumerate() {
            let req: SaveRequest = serde_json::from_value(json!({
                "post": {"site": "x", "id": format!("9{i}"), "text": p, "author": {"handle": p}},
                "note": p, "tags": [p, "=ok"], "collection": p,
            }))
            .unwrap();
            e.save_post(req, NOW).unwrap();
        }
        for dataset in [Dataset::Saved, Dataset::Tallies, Dataset::Authors, Dataset::Trends] {
            let csv = export(&e, &ExportRequest { dataset, format: Format::Csv, filter: Filter::default(), view: None, ..Default::default() }, NOW).unwrap();
            assert_inert(&csv);
        }
    }

    fn ndjson_file(records: &[Value]) -> String {
        let mut file = r#"{"type":"header","format":"ecoute-export","version":1,"source":"s","exported_at":0}"#.to_string();
        for r in records {
            file.push('\n');
            file.push_str(&r.to_string());
        }
        file
    }

    #[test]
    fn an_imported_file_cannot_name_store_keys_or_grow_the_store_past_its_caps() {
        let mut e = Engine::new();
        // The author's key comes from its site and handle, not from the file.
        let file = ndjson_file(&[json!({"type": "author", "key": "zzz:other", "site": "x", "handle": "@Alice", "posts": 2})]);
        let (w, report) = import(&mut e, &file, NOW).unwrap();
        assert_eq!(report.authors, 1);
        assert!(w.writes.contains_key("author:x:alice") && !w.writes.contains_key("author:zzz:other"));
        assert!(e.authors().get("zzz:other").is_none());
        // Authors stay capped.
        let many: Vec<Value> = (0..crate::influence::MAX_AUTHORS + 5)
            .map(|i| json!({"type": "author", "key": "", "site": "x", "handle": format!("u{i}"), "posts": 1, "last_seen": NOW}))
            .collect();
        let (w, _) = import(&mut e, &ndjson_file(&many), NOW).unwrap();
        assert!(e.authors().len() <= crate::influence::MAX_AUTHORS);
        let stored = w.writes.keys().filter(|k| k.starts_with("author:")).count();
        assert!(stored <= crate::influence::MAX_AUTHORS, "{stored} authors written");
        // Saved posts stay capped, and their text too.
        let saved: Vec<Value> = (0..MAX_SAVED + 3)
            .map(|i| json!({"type": "saved", "id": format!("x:{i}"), "site": "x", "text": "é".repeat(if i == 0 { 10_000 } else { 1 })}))
            .collect();
        let (w, report) = import(&mut e, &ndjson_file(&saved), NOW).unwrap();
        assert_eq!(e.saved().count(), MAX_SAVED);
        assert_eq!(report.skipped.len(), 3);
        assert!(w.writes["saved:x:0"]["text"].as_str().unwrap().len() <= MAX_TEXT_BYTES);
        // Re-importing a saved post already kept is fine at the cap.
        let (_, report) = import(&mut e, &ndjson_file(&saved[..1]), NOW).unwrap();
        assert!(report.skipped.is_empty());
    }

    #[test]
    fn csv_neutralises_keys_from_an_import() {
        let mut e = Engine::new();
        let file = ndjson_file(&[json!({"type": "tally", "day": "2025-02-10", "total": {"posts": 1},
            "sites": {"=HYPERLINK(\"http://evil\")": {"posts": 1}}})]);
        import(&mut e, &file, NOW).unwrap();
        let req = ExportRequest { dataset: Dataset::Tallies, format: Format::Csv, filter: Filter::default(), view: None, ..Default::default() };
        let csv = export(&e, &req, NOW).unwrap();
        assert!(csv.lines().all(|l| !l.contains(",=HYPERLINK")), "{csv}");
        assert!(csv.contains(",\"'=HYPERLINK(\"\"http://evil\"\")\","), "{csv}");
    }

    /// An hour that does not exist (`24`, `7`, a formula) would be counted under a column no chart or
    /// export expects: the day is skipped, said with its hour, and what is stored is left as it was.
    #[test]
    fn an_import_with_hours_out_of_range_is_skipped_and_said() {
        let mut e = sample();
        let before = e.day("2025-02-10").cloned();
        let tally = |hours: Value, watch: Value| {
            json!({"type": "tally", "day": "2025-02-10", "total": {"posts": 900}, "hours": hours, "watch": watch})
        };
        for (hours, watch, bad) in [
            (json!({"24": {"posts": 900}}), json!({}), "24"),
            (json!({"7": {"posts": 900}}), json!({}), "7"),
            (json!({"-1": {"posts": 900}}), json!({}), "-1"),
            (json!({"=HYPERLINK(\"http://evil\")": {"posts": 1}}), json!({}), "=HYPERLINK(\"http://evil\")"),
            (json!({"10": {"posts": 900}}), json!({"fnac": {"total": {"posts": 9}, "hours": {"99": {"posts": 9}}}}), "99"),
        ] {
            let (w, report) = import(&mut e, &ndjson_file(&[tally(hours, watch)]), NOW).unwrap();
            assert_eq!(report.tallies, 0, "{bad}");
            assert!(w.writes.is_empty(), "{bad}: nothing written");
            assert_eq!(report.skips, vec![Skip::BadHour { day: "2025-02-10".into(), hour: bad.into() }]);
            assert_eq!(report.skipped, vec![format!("tally 2025-02-10: hour `{bad}` is not an hour from 00 to 23")]);
            assert_eq!(e.day("2025-02-10").cloned(), before, "{bad}: the stored day is unchanged");
        }
        // The same day with its hours right is imported.
        let (_, report) = import(&mut e, &ndjson_file(&[tally(json!({"00": {"posts": 900}, "23": {"posts": 1}}), json!({}))]), NOW).unwrap();
        assert_eq!((report.tallies, report.skipped.len()), (1, 0));
        assert_eq!(e.day("2025-02-10").unwrap().total.posts, 900);
    }

    #[test]
    fn an_import_with_malformed_term_hours_is_skipped_and_said() {
        let mut e = Engine::new();
        let doc = json!({"format": "ecoute-export", "version": 1, "source": "s", "exported_at": 0, "terms": {
            "2025-02-09T99": {"posts": 3, "counts": {"vélo": 3}},
            "2025-02-09Txx": {"posts": 3, "counts": {"vélo": 3}},
            "2025-02-10T13": {"posts": 3, "counts": {"vélo": 3}},
        }});
        let (w, report) = import(&mut e, &doc.to_string(), NOW).unwrap();
        assert_eq!(report.term_hours, 1);
        assert_eq!(report.skips, vec![
            Skip::BadTermHour { hour: "2025-02-09T99".into() },
            Skip::BadTermHour { hour: "2025-02-09Txx".into() },
        ]);
        assert_eq!(w.writes.keys().filter(|k| k.starts_with(store::TERMS)).collect::<Vec<_>>(), vec!["terms:2025-02-10T13"]);
    }

    #[test]
    fn an_import_larger_than_the_limit_is_refused_before_it_is_read() {
        let mut e = Engine::new();
        let header = r#"{"type":"header","format":"ecoute-export","version":1,"source":"s","exported_at":0}"#;
        let line = r#"{"type":"tally","day":"2025-02-10","total":{"posts":4}}"#;
        let mut file = format!("{header}\n");
        while file.len() <= MAX_IMPORT_BYTES {
            file.push_str(line);
            file.push('\n');
        }
        let err = import(&mut e, &file, NOW).unwrap_err();
        assert_eq!(err.args().unwrap(), json!({"kind": "import_too_large", "bytes": file.len(), "max_bytes": MAX_IMPORT_BYTES}));
        assert!(err.to_string().contains("at most 32 MB"), "{err}");
        assert!(e.day("2025-02-10").is_none(), "nothing imported");
        // Just under the limit, the same records are read.
        let mut file = format!("{header}\n{line}\n");
        file.push_str(&" ".repeat(MAX_IMPORT_BYTES - file.len()));
        assert_eq!(import(&mut e, &file, NOW).unwrap().1.tallies, 1);
    }

    #[test]
    fn skipped_records_and_refusals_carry_their_figures() {
        let mut e = Engine::new();
        let file = format!(
            "{}\n{{broken\n{}\n{}\n{}\n{}\n",
            r#"{"type":"header","format":"ecoute-export","version":1,"source":"s","exported_at":0}"#,
            r#"{"type":"tally","day":"10/02/2025","total":{"posts":4}}"#,
            r#"{"type":"tally","day":"2001-01-01","total":{"posts":4}}"#,
            r#"{"type":"tally","day":"2025-02-10","total":{"posts":"many"}}"#,
            r#"{"type":"poll"}"#
        );
        let (_, report) = import(&mut e, &file, NOW).unwrap();
        let kinds: Vec<Value> = report.skips.iter().map(|s| serde_json::to_value(s).unwrap()).collect();
        assert_eq!(kinds[0]["kind"], "unreadable");
        assert_eq!(kinds[0]["line"], 2);
        assert!(kinds[0].get("record").is_none());
        assert_eq!(kinds[1], json!({"kind": "unreadable", "line": 5, "record": "tally", "detail": kinds[1]["detail"]}));
        assert_eq!(kinds[2], json!({"kind": "unknown_type", "line": 6, "record": "poll"}));
        assert_eq!(kinds[3], json!({"kind": "bad_day", "day": "10/02/2025"}));
        assert_eq!(kinds[4], json!({"kind": "too_old", "day": "2001-01-01"}));
        assert_eq!(report.skipped.len(), report.skips.len());
        for (english, skip) in report.skipped.iter().zip(&report.skips) {
            assert_eq!(english, &skip.to_string());
        }
        let args = |text: &str| import(&mut Engine::new(), text, NOW).unwrap_err().args().unwrap();
        assert_eq!(args(r#"{"format":"ecoute-backup","entries":{}}"#), json!({"kind": "backup_not_export"}));
        assert_eq!(args(r#"{"format":"other","version":1,"source":"","exported_at":0}"#), json!({"kind": "not_an_export", "detail": "format `other`"}));
        assert_eq!(args(r#"{"format":"ecoute-export","version":9,"source":"","exported_at":0}"#), json!({"kind": "newer_export", "version": 9, "supported": 1}));
        assert_eq!(args(r#"{"type":"tally"}"#), json!({"kind": "record_before_header", "line": 1}));
        assert_eq!(args("hello")["kind"], "not_an_export");
        assert_eq!(args(r#"{"a":9007199254740992}"#), json!({"kind": "unsafe_number", "max": 9007199254740991u64}));
    }

    #[test]
    fn imports_refuse_what_they_cannot_read_and_skip_bad_lines() {
        let mut e = Engine::new();
        assert!(import(&mut e, "hello", NOW).unwrap_err().to_string().contains("not an Écoute export"));
        assert!(import(&mut e, r#"{"format":"ecoute-backup","entries":{}}"#, NOW).unwrap_err().to_string().contains("restore"));
        assert!(import(&mut e, r#"{"format":"other","version":1,"source":"","exported_at":0}"#, NOW).is_err());
        let huge = r#"{"format":"ecoute-export","version":1,"source":"s","exported_at":0,"tallies":[{"day":"2025-02-10","total":{"posts":18446744073709551615}}]}"#;
        assert!(import(&mut e, huge, NOW).unwrap_err().to_string().contains("larger than"));
        let file = format!(
            "{}\n{{broken\n{}\n",
            r#"{"type":"header","format":"ecoute-export","version":1,"source":"s","exported_at":0}"#,
            r#"{"type":"tally","day":"2025-02-10","total":{"posts":4}}"#
        );
        let (_, report) = import(&mut e, &file, NOW).unwrap();
        assert_eq!(report.tallies, 1);
        assert_eq!(report.skipped.len(), 1);
        assert!(report.skipped[0].starts_with("line 2:"));
        assert_eq!(e.day("2025-02-10").unwrap().total.posts, 4);
    }

    /// A saved post from a file gets what typing it would get: refused beyond a limit (said, with the
    /// refusal's figures), its link dropped when it leaves the site, the rest of the file imported.
    #[test]
    fn imported_saved_posts_are_held_to_the_limits_of_typing_them() {
        let mut e = Engine::new();
        let saved = |id: &str, extra: Value| {
            let mut v = json!({"type": "saved", "id": id, "site": "x", "post_id": id.trim_start_matches("x:"), "text": "t"});
            v.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
            v
        };
        let file = ndjson_file(&[
            saved("x:1", json!({"note": "n".repeat(9_000_000)})),
            saved("x:2", json!({"tags": (0..21).map(|i| i.to_string()).collect::<Vec<_>>()})),
            saved("x:3", json!({"collection": "c".repeat(101)})),
            saved("x:4", json!({"labels": ["l".repeat(65)]})),
            saved("x:5", json!({"site": "reddit"})),
            saved("x:6", json!({"url": "https://evil.test/x/status/6", "note": "ok", "tags": ["a", " #a"]})),
            json!({"type": "tally", "day": "2025-02-30", "total": {"posts": 1}}),
            json!({"type": "tally", "day": "2025-02-12", "total": {"posts": 1}}),
            json!({"type": "tally", "day": "2025-02-11", "total": {"posts": 1}}),
        ]);
        let (w, report) = import(&mut e, &file, NOW).unwrap();
        let kinds: Vec<Value> = report.skips.iter().map(|s| serde_json::to_value(s).unwrap()).collect();
        assert_eq!(kinds[0], json!({"kind": "bad_day", "day": "2025-02-30"}));
        assert_eq!(kinds[1], json!({"kind": "future_day", "day": "2025-02-12"}), "after tomorrow");
        assert_eq!(kinds[2], json!({"kind": "saved_refused", "id": "x:1", "refusal": {"kind": "note_too_long", "max": 4000}}));
        assert_eq!(kinds[3]["refusal"], json!({"kind": "too_many_tags", "max": 20}));
        assert_eq!(kinds[4]["refusal"], json!({"kind": "collection_too_long", "max": 100}));
        assert_eq!(kinds[5]["refusal"]["kind"], "tag_too_long");
        assert_eq!(kinds[6], json!({"kind": "bad_saved", "id": "x:5", "detail": "`id` is not `site:post_id`"}));
        assert_eq!(kinds.len(), 7);
        assert_eq!(report.skipped[2], "saved post `x:1`: notes are at most 4000 characters");
        assert_eq!(report.skipped[6], "saved post `x:5`: `id` is not `site:post_id`");
        assert_eq!((report.saved, report.tallies), (1, 1), "the tally of tomorrow and the sixth post are imported");
        assert_eq!(e.saved().count(), 1);
        let kept = &w.writes["saved:x:6"];
        assert_eq!((kept["url"].clone(), kept["tags"].clone()), (Value::Null, json!(["a"])), "off-site link dropped, tags cleaned");
        assert!(w.writes.keys().all(|k| k != "saved:x:1" && k != "tally:2025-02-12"));
        // Every skip can be worded by the extension (words.js `importSkip`) from its figures alone.
        for k in &kinds {
            assert!(k["kind"].is_string());
        }
    }

    fn backup_with(entries: Value) -> Value {
        let mut doc = Engine::new().backup(NOW);
        let all = doc["entries"].as_object_mut().unwrap();
        all.extend(entries.as_object().unwrap().clone());
        doc
    }

    #[test]
    fn a_backup_s_retention_outside_its_range_is_refused_and_nothing_restored() {
        for days in [json!(-1), json!(0), json!(3651), json!(9_007_199_254_740_991u64), json!("90"), json!(1.5)] {
            let mut e = sample();
            let before = e.entries();
            let doc = backup_with(json!({"meta": {"schema": store::SCHEMA_VERSION, "retention_days": days, "install_id": "r1"}}));
            let err = e.restore(&doc, NOW).unwrap_err();
            assert_eq!(err.args().unwrap(), json!({"kind": "backup_retention", "min": 1, "max": 3650}), "{days}");
            assert_eq!(err.to_string(), "this backup's retention is not between 1 and 3650 days: it is damaged, nothing was restored");
            assert_eq!(e.entries(), before, "{days}: nothing applied");
        }
        let mut e = sample();
        let doc = backup_with(json!({"meta": {"schema": store::SCHEMA_VERSION, "retention_days": 3650, "install_id": "r1"}}));
        let (w, _, skips) = e.restore(&doc, NOW).unwrap();
        assert_eq!((w.writes["meta"]["retention_days"].clone(), skips.len()), (json!(3650), 0));
    }

    #[test]
    fn a_backup_s_days_and_saved_posts_are_held_to_the_engine_s_limits() {
        let mut e = Engine::new();
        let good = serde_json::to_value(
            SavedPost::from_request(serde_json::from_value(json!({"post": {"site": "x", "id": "1", "text": "t"}})).unwrap(), NOW).unwrap(),
        )
        .unwrap();
        let mut long_note = good.clone();
        long_note["note"] = json!("n".repeat(9_000_000));
        let mut off_site = good.clone();
        off_site["url"] = json!("https://evil.test/");
        let day = json!({"day": "2025-02-10", "total": {"posts": 3}});
        let doc = backup_with(json!({
            "tally:zzzz": day, "tally:2025-02-30": day, "tally:9999-12-31": day, "seen:nope": {}, "tally:2025-02-10": day,
            "saved:x:1": off_site, "saved:x:2": good, "saved:x:3": long_note,
        }));
        let (w, _, skips) = e.restore(&doc, NOW).unwrap();
        let kinds: Vec<Value> = skips.iter().map(|s| serde_json::to_value(s).unwrap()).collect();
        assert_eq!(kinds, vec![
            json!({"kind": "bad_saved", "id": "x:2", "detail": "stored as `x:1`"}),
            json!({"kind": "saved_refused", "id": "x:1", "refusal": {"kind": "note_too_long", "max": 4000}}),
            json!({"kind": "bad_day", "day": "nope"}),
            json!({"kind": "bad_day", "day": "2025-02-30"}),
            json!({"kind": "future_day", "day": "9999-12-31"}),
            json!({"kind": "bad_day", "day": "zzzz"}),
        ]);
        assert_eq!(w.writes["tally:2025-02-10"]["total"]["posts"], 3);
        assert_eq!(w.writes["saved:x:1"]["url"], Value::Null, "an off-site link is dropped, the post kept");
        let stored: Vec<&String> = w.writes.keys().filter(|k| k.starts_with("tally:") || k.starts_with("saved:") || k.starts_with("seen:")).collect();
        assert_eq!(stored, vec!["saved:x:1", "tally:2025-02-10"], "nothing skipped is stored, not even set aside");
        assert!(e.day("9999-12-31").is_none() && e.saved().count() == 1);
    }
}
