//! `ecoute tally [--watch QUERY]... [--top N] FILE.ndjson`: counts a file of posts with the extension's
//! own engine (ecoute::Engine), so the numbers are the ones the extension computes.
//!
//! Streams: one line at a time, in chunks of [`CHUNK`] posts, so memory stays flat on files larger than
//! RAM. What grows is the dedup set (53-bit hashes, one per distinct post); tallies are per day, trend
//! tables are pruned to their window and authors are capped (ecoute::influence::MAX_AUTHORS).
//! A bad line (not JSON, not a Post, invalid site/id) is reported on stderr with its line number and
//! counted; it never stops the run. `FILE` may be `-` for stdin.
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Write};

use ecoute::engine::Engine;
use ecoute::influence::tier;
use ecoute::tally::Counts;
use ecoute::time::parse_iso8601;
use ecoute::trends::Rise;
use ecoute::watch::WatchItem;
use std::borrow::Cow;

use ecoute::engine::Analysed;
use ecoute::{Analysis, Author, Intent, Label, Metrics, Post};
use serde::Deserialize;
use serde_json::{json, Map, Value};

const USAGE: &str = "usage: ecoute tally [--watch QUERY]... [--top N] [--recompute] FILE.ndjson\n  FILE: Post records, or an Écoute export (NDJSON, any record types, header included): its posts are\n  counted with the labels they carry, as the dashboard counted them; --recompute analyses them again.";
/// Posts per engine batch: trends and alerts are evaluated once per batch, as once per frame in the
/// extension.
const CHUNK: usize = 256;
/// Longest line read (a post is capped at 8 KB of text; its JSON with metadata stays far below this).
pub(crate) const MAX_LINE: usize = 1 << 20;
/// Rises kept for the report (the engine's own log is bounded by its window).
const MAX_RISES: usize = 1_000;

fn usage(msg: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, format!("{msg}\n{USAGE}"))
}

pub fn run(args: &[String]) -> io::Result<()> {
    let mut watch: Vec<String> = Vec::new();
    let mut top = 10usize;
    let mut recompute = false;
    let mut file: Option<String> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if let Some(q) = a.strip_prefix("--watch=") {
            watch.push(q.to_string());
        } else if a == "--watch" {
            watch.push(it.next().ok_or_else(|| usage("--watch needs a query"))?.clone());
        } else if a == "--top" {
            let n = it.next().ok_or_else(|| usage("--top needs a number"))?;
            top = n.parse().map_err(|_| usage(&format!("--top: `{n}` is not a number")))?;
        } else if a == "--recompute" {
            recompute = true;
        } else if a == "-h" || a == "--help" {
            println!("{USAGE}");
            return Ok(());
        } else if a.starts_with("--") {
            return Err(usage(&format!("unknown option `{a}`")));
        } else if file.replace(a.clone()).is_some() {
            return Err(usage("one FILE only"));
        }
    }
    let file = file.ok_or_else(|| usage("FILE is missing"))?;
    let input: Box<dyn Read> = if file == "-" {
        Box::new(io::stdin().lock())
    } else {
        Box::new(File::open(&file).map_err(|e| io::Error::new(e.kind(), format!("{file}: {e}")))?)
    };
    let report = tally(BufReader::with_capacity(1 << 16, input), &watch, top, recompute, &mut io::stderr().lock())?;
    let mut out = io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, &report)?;
    out.write_all(b"\n")?;
    out.flush()
}

/// Reads NDJSON posts from `input`, reports bad lines on `errors`, returns the report document.
pub fn tally(input: impl BufRead, watch: &[String], top: usize, recompute: bool, errors: &mut impl Write) -> io::Result<Value> {
    let mut engine = Engine::ephemeral();
    let items = watch.iter().map(|q| WatchItem { query: q.clone(), ..Default::default() }).collect();
    engine
        .set_watchlist(items)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e.to_string()))?;
    let (mut lines, mut bad, mut duplicates, mut counted, mut others) = (0u64, 0u64, 0u64, 0u64, 0u64);
    // The run's clock: the latest publication time read so far (posts without one are seen "now").
    let mut clock: Option<i64> = None;
    let wall = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64);
    let mut chunk: Vec<Post> = Vec::with_capacity(CHUNK);
    let mut rises: Vec<Rise> = Vec::new();
    let mut alerts = Vec::new();
    let mut given_chunk: Vec<Option<Analysed>> = Vec::with_capacity(CHUNK);
    let mut carried = 0u64;
    let mut flush = |engine: &mut Engine, chunk: &mut Vec<Post>, given: &mut Vec<Option<Analysed>>, now: i64, errors: &mut dyn Write| -> io::Result<()> {
        if chunk.is_empty() {
            return Ok(());
        }
        let r = engine.ingest_analysed(chunk, given, now);
        given.clear();
        for a in &r.annotations {
            if a.counted {
                counted += 1;
            } else {
                duplicates += 1;
            }
        }
        for why in &r.rejected {
            writeln!(errors, "ecoute tally: rejected post {why}")?;
        }
        if rises.len() < MAX_RISES {
            rises.extend(r.rising);
        }
        if alerts.len() < MAX_RISES {
            alerts.extend(r.alerts);
        }
        chunk.clear();
        Ok(())
    };
    let mut input = input;
    let mut buf = Vec::with_capacity(4096);
    while let Some(complete) = read_line_capped(&mut input, &mut buf, MAX_LINE)? {
        lines += 1;
        if !complete {
            bad += 1;
            writeln!(errors, "ecoute tally: line {lines}: longer than {MAX_LINE} bytes, skipped")?;
            continue;
        }
        let bytes = buf.strip_suffix(b"\r").unwrap_or(&buf);
        if bytes.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        // One parse per line: a plain Post, or any record of Écoute's own exports (header, tallies,
        // authors, saved posts, terms are not posts and are passed over; `post` records carry their
        // analysis, reused unless --recompute).
        let rec: Line = match serde_json::from_slice(bytes) {
            Ok(r) => r,
            // A record of another type whose fields are not a post's (a `tally_day` has `"site": null`):
            // told by its type, read again only on this rare path.
            Err(_) if record_type(bytes).is_some_and(|k| k != "post") => {
                others += 1;
                continue;
            }
            Err(e) => {
                bad += 1;
                writeln!(errors, "ecoute tally: line {lines}: {e}")?;
                continue;
            }
        };
        if rec.kind.as_deref().is_some_and(|k| k != "post") {
            others += 1;
            continue;
        }
        let (post, given) = rec.into_post(recompute, !watch.is_empty());
        if given.is_some() {
            carried += 1;
        }
        if let Err(e) = post.validate() {
            bad += 1;
            writeln!(errors, "ecoute tally: line {lines}: {e}")?;
            continue;
        }
        // Never ahead of the wall clock: one post dated in the future would otherwise be "now" for the
        // rest of the file (and the posts without a date would be counted on that future day).
        if let Some(t) = post.time.as_deref().and_then(parse_iso8601).map(|t| t.min(wall)) {
            clock = Some(clock.map_or(t, |c| c.max(t)));
        }
        chunk.push(post);
        given_chunk.push(given);
        if chunk.len() == CHUNK {
            flush(&mut engine, &mut chunk, &mut given_chunk, clock.unwrap_or(wall), errors)?;
        }
    }
    flush(&mut engine, &mut chunk, &mut given_chunk, clock.unwrap_or(wall), errors)?;
    if bad > 0 {
        writeln!(errors, "ecoute tally: {bad} bad line(s) skipped")?;
    }
    if others > 0 {
        writeln!(errors, "ecoute tally: {others} export record(s) that are not posts passed over")?;
    }
    let mut doc = report(&engine, watch, top, lines, bad, duplicates, counted, rises, alerts);
    // Where the labels came from: the file's own (as the dashboard counted them) or analysed here.
    doc["labels"] = json!({"carried": carried, "analysed": (counted + duplicates).saturating_sub(carried)});
    doc["records_passed_over"] = json!(others);
    Ok(doc)
}

/// One line of the input: a plain `Post`, or any record of an Écoute export (`type`), whose `post`
/// records carry the analysis the extension made (`lang`, `label`, `score`, `intent`, `terms`). Read in
/// one parse, its strings borrowed from the line where they hold no escape; the fields a tally does not
/// use (permalinks, evidence, shown times...) are skipped by the parser.
#[derive(Deserialize, Default)]
#[serde(default)]
struct Line<'a> {
    #[serde(rename = "type", borrow)]
    kind: Option<Cow<'a, str>>,
    #[serde(borrow)]
    site: Cow<'a, str>,
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(borrow)]
    author: LineAuthor<'a>,
    #[serde(borrow)]
    text: Cow<'a, str>,
    #[serde(borrow)]
    lang: Option<Cow<'a, str>>,
    #[serde(borrow)]
    time: Option<Cow<'a, str>>,
    #[serde(borrow)]
    time_text: Option<Cow<'a, str>>,
    promoted: bool,
    metrics: Metrics,
    shown: BTreeMap<String, String>,
    label: Option<Label>,
    score: f32,
    intent: Option<Intent>,
    terms: Option<Vec<String>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct LineAuthor<'a> {
    #[serde(borrow)]
    handle: Cow<'a, str>,
    #[serde(borrow)]
    name: Option<Cow<'a, str>>,
    verified: bool,
    followers: Option<u64>,
}

impl Line<'_> {
    /// The post, and the analysis it carries when it is an export's `post` record (with its language:
    /// every export record has one) and the labels are to be reused. The text is kept only where it is
    /// read: a post analysed here, or matched against watch items (`match_text`).
    fn into_post(self, recompute: bool, match_text: bool) -> (Post, Option<Analysed>) {
        let carried = !recompute && self.kind.as_deref() == Some("post") && self.lang.is_some();
        let own = |c: Option<Cow<str>>| c.map(Cow::into_owned);
        let given = carried.then(|| Analysed {
            analysis: Analysis {
                label: self.label,
                score: self.score.clamp(-1.0, 1.0),
                lang: self.lang.as_deref().unwrap_or_default().to_string(),
                intent: self.intent,
                evidence: Vec::new(),
                aspects: Vec::new(),
            },
            terms: self.terms.unwrap_or_default(),
        });
        let post = Post {
            site: self.site.into_owned(),
            id: self.id.into_owned(),
            url: None,
            author: Author {
                handle: self.author.handle.into_owned(),
                name: own(self.author.name),
                url: None,
                verified: self.author.verified,
                followers: self.author.followers,
            },
            text: if carried && !match_text { String::new() } else { self.text.into_owned() },
            lang: own(self.lang),
            time: own(self.time),
            time_text: own(self.time_text),
            promoted: self.promoted,
            metrics: self.metrics,
            shown: self.shown,
        };
        (post, given)
    }
}

/// The `type` of a JSON record, if it has one.
fn record_type(line: &[u8]) -> Option<String> {
    #[derive(Deserialize)]
    struct Typed {
        #[serde(rename = "type")]
        kind: Option<String>,
    }
    serde_json::from_slice::<Typed>(line).ok()?.kind
}

/// One watch item's sums over the days: counts, mentions by hour, counts by site.
type ItemSums = (Counts, Map<String, Value>, BTreeMap<String, Counts>);

/// Reads one line (without its `\n`) into `buf`, keeping at most `max` bytes of it: a pathological
/// line (a whole file without newlines) must not take memory with it. `Some(false)` when the line was
/// longer than `max` (its bytes were read and dropped), `None` at the end of the input.
pub(crate) fn read_line_capped(input: &mut impl BufRead, buf: &mut Vec<u8>, max: usize) -> io::Result<Option<bool>> {
    buf.clear();
    let mut any = false;
    let mut complete = true;
    loop {
        let chunk = match input.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            return Ok(any.then_some(complete));
        }
        any = true;
        let (part, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (&chunk[..i], Some(i + 1)),
            None => (chunk, None),
        };
        if complete && buf.len() + part.len() <= max {
            buf.extend_from_slice(part);
        } else {
            complete = false;
            buf.clear();
        }
        let used = done.unwrap_or(chunk.len());
        input.consume(used);
        if done.is_some() {
            return Ok(Some(complete));
        }
    }
}

fn counts_json(c: &Counts) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("positive".into(), json!(c.positive));
    m.insert("negative".into(), json!(c.negative));
    m.insert("neutral".into(), json!(c.neutral));
    m.insert("net_sentiment".into(), json!(round(c.net_sentiment())));
    m.insert("intents".into(), json!(c.intents));
    if !c.unanalysed.is_empty() {
        // Posts in languages Écoute does not analyse: no sentiment, counted by language.
        m.insert("unanalysed".into(), json!(c.unanalysed));
    }
    m
}

fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

#[allow(clippy::too_many_arguments)]
fn report(
    engine: &Engine,
    watch: &[String],
    top: usize,
    lines: u64,
    bad: u64,
    duplicates: u64,
    counted: u64,
    rises: Vec<Rise>,
    alerts: Vec<ecoute::trends::Alert>,
) -> Value {
    let mut total = Counts::default();
    let mut by_day = Map::new();
    let mut sites: BTreeMap<String, Counts> = BTreeMap::new();
    let mut items: BTreeMap<&str, ItemSums> =
        watch.iter().map(|q| (q.as_str(), Default::default())).collect();
    for day in engine.days() {
        add(&mut total, &day.total);
        let mut d = counts_json(&day.total);
        d.insert("posts".into(), json!(day.total.posts));
        by_day.insert(day.day.clone(), Value::Object(d));
        for (s, c) in &day.sites {
            add(sites.entry(s.clone()).or_default(), c);
        }
        for (q, (sum, by_hour, by_site)) in items.iter_mut() {
            let Some(it) = day.watch.get(*q) else { continue };
            add(sum, &it.total);
            for (h, c) in &it.hours {
                let mut m = counts_json(c);
                m.insert("mentions".into(), json!(c.posts));
                by_hour.insert(format!("{}T{h}", day.day), Value::Object(m));
            }
            for (s, c) in &it.sites {
                add(by_site.entry(s.clone()).or_default(), c);
            }
        }
    }
    let mut watch_out = Map::new();
    for (q, (sum, by_hour, by_site)) in items {
        let mut m = counts_json(&sum);
        m.insert("mentions".into(), json!(sum.posts));
        m.insert("by_hour".into(), Value::Object(by_hour));
        let s: Map<String, Value> = by_site.iter().map(|(k, c)| (k.clone(), json!(c.posts))).collect();
        m.insert("by_site".into(), Value::Object(s));
        watch_out.insert(q.to_string(), Value::Object(m));
    }
    let mut authors: Vec<_> = engine.authors().iter().collect();
    authors.sort_by(|a, b| b.1.engagement.cmp(&a.1.engagement).then(b.1.posts.cmp(&a.1.posts)).then(a.0.cmp(b.0)));
    let authors: Vec<Value> = authors
        .into_iter()
        .take(top)
        .map(|(k, a)| {
            json!({
                "key": k, "site": a.site, "handle": a.handle, "name": a.name, "posts": a.posts,
                "engagement": a.engagement, "max_followers": a.max_followers,
                "tier": a.max_followers.and_then(tier),
                "watch_items": a.watch.keys().collect::<Vec<_>>(),
                "badges": engine.badges(k),
            })
        })
        .collect();
    let mut terms: BTreeMap<&String, u64> = BTreeMap::new();
    for t in engine.trends().hours().values() {
        for (term, n) in &t.counts {
            *terms.entry(term).or_default() += n;
        }
    }
    let mut terms: Vec<(&String, u64)> = terms.into_iter().collect();
    terms.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let top_terms: Vec<Value> = terms.into_iter().take(top.max(20)).map(|(t, n)| json!({"term": t, "posts": n})).collect();
    let mut sentiment = counts_json(&total);
    sentiment.remove("intents");
    json!({
        "posts": engine.distinct_posts(),
        "lines": lines,
        "bad_lines": bad,
        "duplicates": duplicates,
        "counted": counted,
        "sentiment": sentiment,
        "intents": total.intents,
        "sites": sites.iter().map(|(k, c)| (k.clone(), json!(c.posts))).collect::<Map<String, Value>>(),
        "by_day": by_day,
        "watch": watch_out,
        "trends": {"rising": rises, "top_terms": top_terms, "alerts": alerts},
        "authors": authors,
    })
}

fn add(sum: &mut Counts, c: &Counts) {
    sum.add_counts(c);
}
