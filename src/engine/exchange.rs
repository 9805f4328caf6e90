//! The engine's side of export and import: what an export selects from the engine, and how an import
//! file's records (read by the exchange layer) merge into it *without double counting*: every count by
//! keeping the larger of the stored and imported value, saved posts by the latest update.
use std::collections::BTreeMap;

use crate::base::time::day_key;
use crate::exchange::{self, bad_hour, latest_day, saved_as_typed, shown, AuthorRecord, Dataset, ExportDoc, ExportRequest, Filter, ImportReport, Omission, PostRecord, Records, Skip, EXPORT_FORMAT, EXPORT_VERSION};
use crate::listening::influence::AuthorStats;
use crate::listening::tally::DayTally;
use crate::listening::trends::HourTerms;
use crate::listening::watch::{Doc, Query};
use crate::store;
use crate::store::saved::{SavedPost, MAX_SAVED};

use super::{BatchResult, Engine};

/// The records a request selects, before formatting.
pub fn selected(engine: &Engine, dataset: Dataset, filter: &Filter, view: Option<&crate::store::kept::LocalView>, now_ms: i64) -> crate::base::Result<ExportDoc> {
    let want = |d: Dataset| dataset == Dataset::All || dataset == d;
    let watch_query = match &filter.watch {
        Some(q) => Some(Query::parse(q).map_err(|error| crate::base::Error::Query { query: q.clone(), error })?),
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
        omitted: Vec::new(),
        pseudonymised: false,
    };
    let dated = filter.from.is_some() || filter.to.is_some();
    let (mut days_out, mut authors_out, mut saved_out) = (0, 0, 0);
    if want(Dataset::Tallies) || want(Dataset::Hours) || want(Dataset::Mentions) {
        let named;
        let days: Vec<&DayTally> = match view {
            Some(v) => {
                named = engine.named_days(&v.days);
                named.iter().collect()
            }
            None => engine.days().collect(),
        };
        days_out = days.iter().filter(|t| !filter.day_in(&t.day)).count();
        doc.tallies = days
            .into_iter()
            .filter(|t| filter.day_in(&t.day))
            .filter_map(|t| exchange::filtered_day(t, filter))
            .collect();
    }
    if want(Dataset::Authors) {
        let mut authors: Vec<AuthorRecord> = engine
            .authors()
            .iter()
            .filter(|(_, a)| filter.site.as_ref().map_or(true, |s| *s == a.site))
            .filter(|(_, a)| filter.watch.as_ref().map_or(true, |q| a.watch.contains_key(q)))
            .filter(|(_, a)| {
                let within = filter.from.as_deref().map_or(true, |f| day_key(a.last_seen).as_str() >= f)
                    && filter.to.as_deref().map_or(true, |t| day_key(a.first_seen).as_str() <= t);
                authors_out += usize::from(!within);
                within
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
            .filter(|s| {
                let within = filter.day_in(&day_key(s.saved_at));
                saved_out += usize::from(!within);
                within
            })
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
    if dated {
        doc.omitted.push(Omission::Period { from: filter.from.clone(), to: filter.to.clone(), days: days_out, authors: authors_out, saved: saved_out });
    }
    if let Some(site) = filter.site.as_ref().filter(|_| want(Dataset::Hours)) {
        doc.omitted.push(Omission::HoursBySite { site: site.clone() });
    }
    if want(Dataset::Trends) && (filter.site.is_some() || filter.watch.is_some()) {
        doc.omitted.push(Omission::TrendsFiltered);
    }
    Ok(doc)
}

/// Replaces every author by its pseudonym under the store's key (exchange/pseudonym.rs) and leaves out
/// what names them besides: names, profile links, permalinks. Refused without a key (a store whose host
/// has not given it randomness yet), rather than exporting names the person asked to hide.
fn pseudonymise(doc: &mut ExportDoc, key: &str) -> crate::base::Result<()> {
    let missing = || crate::base::Error::Invalid("no pseudonym key in this store yet: restart the extension and export again".into());
    exchange::pseudonym(key, "", "x").ok_or_else(missing)?;
    let anon = |site: &str, handle: &str| exchange::pseudonym(key, site, handle).unwrap_or_default();
    let mut authors = std::collections::BTreeSet::new();
    let mut hide = |site: &str, a: &mut crate::base::post::Author| {
        a.handle = anon(site, &a.handle);
        a.name = None;
        a.url = None;
        authors.insert((site.to_string(), a.handle.clone()));
    };
    for p in &mut doc.posts {
        hide(&p.site, &mut p.author);
        p.url = None;
    }
    for s in &mut doc.saved {
        hide(&s.site, &mut s.author);
        s.url = None;
    }
    for a in &mut doc.authors {
        a.stats.handle = anon(&a.stats.site, &a.stats.handle);
        a.stats.name = None;
        a.key = format!("{}:{}", a.stats.site, a.stats.handle);
        authors.insert((a.stats.site.clone(), a.stats.handle.clone()));
    }
    doc.pseudonymised = true;
    doc.omitted.push(Omission::Identities { authors: authors.len() });
    Ok(())
}

/// Exports what the request selects, as one string in the requested format.
pub fn export(engine: &Engine, req: &ExportRequest, now_ms: i64) -> crate::base::Result<String> {
    Ok(export_noting(engine, req, now_ms)?.0)
}

/// [`export`], with what the file leaves out (said beside the download: a CSV has no room for it).
pub fn export_noting(engine: &Engine, req: &ExportRequest, now_ms: i64) -> crate::base::Result<(String, Vec<Omission>)> {
    let mut doc = selected(engine, req.dataset, &req.filter, req.view.as_ref(), now_ms)?;
    if matches!(req.dataset, Dataset::Posts | Dataset::All) {
        doc.posts = req
            .posts
            .iter()
            .enumerate()
            .map(|(i, p)| PostRecord::from_kept(p, req.offsets.get(i).copied().unwrap_or_default(), engine.item_names(&p.watch)))
            .collect();
    }
    if req.pseudonymise {
        pseudonymise(&mut doc, &engine.meta().pseudonym_key)?;
    }
    Ok((exchange::write(&doc, req)?, doc.omitted))
}

/// Reads an export (JSON document or NDJSON) and merges it; returns the writes to persist.
pub fn import(engine: &mut Engine, text: &str, now_ms: i64) -> crate::base::Result<(BatchResult, ImportReport)> {
    let (records, mut report) = exchange::read(text)?;
    let Records { tallies, authors, saved, terms, posts, watchlist } = records;
    let oldest = day_key(now_ms - engine.meta().retention_days * 86_400_000);
    let mut out = BatchResult::default();
    // Watch items the file names and this store lacks join the watchlist (the posts' mentions need them).
    let mine: Vec<crate::listening::watch::WatchItem> = engine.watchlist();
    let missing: Vec<crate::listening::watch::WatchItem> = watchlist
        .into_iter()
        .filter(|i| !mine.iter().any(|m| m.query == i.query))
        .map(|i| crate::listening::watch::WatchItem { id: 0, rev: 0, ..i })
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
        if !crate::base::time::is_day_key(&t.day) {
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
        let Some(key) = crate::listening::influence::author_key(&a.stats.site, &a.stats.handle) else {
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
        if !crate::base::time::is_hour_or_day_key(&hour) {
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

impl Engine {
    /// Merges an imported day tally (max per count).
    pub(crate) fn merge_day(&mut self, t: &DayTally) {
        self.days
            .entry(t.day.clone())
            .or_insert_with(|| DayTally::new(&t.day))
            .merge_max(t);
    }

    pub(crate) fn merge_author(&mut self, key: String, a: AuthorStats) {
        let merged = match self.authors.get(&key) {
            None => a,
            Some(mine) => {
                let mut m = mine.clone();
                m.posts = m.posts.max(a.posts);
                m.engagement = m.engagement.max(a.engagement);
                m.posts_with_metrics = m.posts_with_metrics.max(a.posts_with_metrics);
                m.max_followers = m.max_followers.max(a.max_followers);
                m.verified |= a.verified;
                m.first_seen = m.first_seen.min(a.first_seen);
                m.last_seen = m.last_seen.max(a.last_seen);
                if m.name.is_none() {
                    m.name = a.name;
                }
                for (item, s) in a.watch {
                    let e = m.watch.entry(item).or_default();
                    e.posts = e.posts.max(s.posts);
                    e.engagement = e.engagement.max(s.engagement);
                }
                for t in a.early_terms {
                    if !m.early_terms.contains(&t) {
                        m.early_terms.push(t);
                    }
                }
                m
            }
        };
        self.authors.insert(key, merged);
    }

    /// Merges an imported hour of trend terms (max per count); `None` when outside the trend window.
    pub(crate) fn merge_terms(&mut self, hour: &str, t: &HourTerms, now_ms: i64) -> Option<&HourTerms> {
        self.trends.merge_hour(hour, t, now_ms)
    }

    /// Keeps the more recently updated of two saves of the same post.
    pub(crate) fn merge_saved(&mut self, s: SavedPost) -> bool {
        match self.saved.get(&s.id) {
            Some(mine) if mine.updated_at >= s.updated_at => false,
            _ => {
                self.saved.insert(s.id.clone(), s);
                true
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::{csv_cell, is_rounded, starts_formula, Dataset, ExportRequest, Filter, Format, Profile, Skip, FORMULA_START, MAX_IMPORT_BYTES};
    use crate::store::kept::KeptPost;
    use serde_json::{json, Value};
    use crate::base::limits::MAX_TEXT_BYTES;
    use crate::base::post::Post;
    use crate::store::saved::SaveRequest;
    use crate::listening::watch::WatchItem;

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
        use crate::engine::MemoryStore;
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
        assert!(tallies.starts_with("day,site,watch,posts,"), "{tallies}");
        assert!(tallies.lines().any(|l| l.starts_with("2025-02-10,x,,1,")), "{tallies}");
        let hours = export(&e, &req(Dataset::Hours), NOW).unwrap();
        assert!(hours.lines().any(|l| l.starts_with("2025-02-10,14,,,2,")), "{hours}");
        let mentions = export(&e, &req(Dataset::Mentions), NOW).unwrap();
        assert!(mentions.starts_with("day,watch,site,posts,"), "{mentions}");
        assert!(mentions.lines().any(|l| l.starts_with("2025-02-10,fnac,x,1,")), "{mentions}");
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
        let many: Vec<Value> = (0..crate::listening::influence::MAX_AUTHORS + 5)
            .map(|i| json!({"type": "author", "key": "", "site": "x", "handle": format!("u{i}"), "posts": 1, "last_seen": NOW}))
            .collect();
        let (w, _) = import(&mut e, &ndjson_file(&many), NOW).unwrap();
        assert!(e.authors().len() <= crate::listening::influence::MAX_AUTHORS);
        let stored = w.writes.keys().filter(|k| k.starts_with("author:")).count();
        assert!(stored <= crate::listening::influence::MAX_AUTHORS, "{stored} authors written");
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

    /// A durable engine with three kept posts (two sites, one watch item, one dated, one in Russian) and
    /// the request that exports them, as the extension's background builds it.
    fn research_sample(dataset: Dataset, format: Format) -> (Engine, ExportRequest) {
        use crate::engine::MemoryStore;
        use crate::store::kept::{fold, QUARTER_MS};
        let mut host = MemoryStore::default();
        let mut e = host.restart(NOW);
        host.apply(&e.set_watchlist(vec![WatchItem { query: "brioche".into(), label: Some("Brioche".into()), ..Default::default() }]).unwrap());
        let mut dated = Post { site: "x".into(), id: "1".into(), text: "La brioche est vraiment géniale, bravo".into(), ..Default::default() };
        dated.time = Some("2025-02-10T09:30:00Z".into());
        dated.author.handle = "@Alice".into();
        dated.author.name = Some("Alice Martin".into());
        dated.url = Some("https://x.com/alice/status/1".into());
        dated.metrics.likes = Some(10_400);
        dated.shown.insert("likes".into(), "10,4 k".into());
        let mut undated = Post { site: "x".into(), id: "2".into(), text: "brioche nulle, service horrible".into(), ..Default::default() };
        undated.author.handle = "bob".into();
        let mut other = Post { site: "reddit".into(), id: "3".into(), text: "Это просто текст".into(), ..Default::default() };
        other.author.handle = "alice".into();
        host.ingest(&mut e, &[dated, undated, other], NOW - QUARTER_MS);
        let posts: Vec<KeptPost> = host.posts.values().cloned().collect();
        let offsets = vec![[60, 60, 60]; posts.len()];
        let req = ExportRequest { dataset, format, view: Some(fold(&host.aggs(), |_| 60)), posts, offsets, ..Default::default() };
        (e, req)
    }

    /// Reads a CSV as a lenient spreadsheet would: rows of cells, quotes honoured.
    fn csv_rows(text: &str, sep: char) -> Vec<Vec<String>> {
        let mut rows = vec![];
        let (mut row, mut cell, mut quoted) = (vec![], String::new(), false);
        let mut chars = text.trim_start_matches('\u{feff}').chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '"' if quoted && chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                '"' => quoted = !quoted,
                c if c == sep && !quoted => row.push(std::mem::take(&mut cell)),
                '\n' if !quoted => {
                    row.push(std::mem::take(&mut cell));
                    rows.push(std::mem::take(&mut row));
                }
                c => cell.push(c),
            }
        }
        rows
    }

    /// Each tally table is one level: the sum of its `posts` column is the number of posts counted,
    /// whatever the level (the old table mixed totals, hours, sites and items: a naive sum tripled it).
    #[test]
    fn each_tally_table_sums_to_the_posts_counted() {
        // The CLI's engine (every post on a day) and the extension's view (dated posts on their day).
        let store = |dataset| {
            let (e, req) = research_sample(dataset, Format::Csv);
            let total: u64 = selected(&e, Dataset::Tallies, &req.filter, req.view.as_ref(), NOW).unwrap().tallies.iter().map(|t| t.total.posts).sum();
            (e, req, total)
        };
        let cli = |dataset| {
            let e = sample();
            (e, ExportRequest { dataset, format: Format::Csv, ..Default::default() }, 3)
        };
        for (e, req, total) in [store(Dataset::Tallies), store(Dataset::Hours), cli(Dataset::Tallies), cli(Dataset::Hours)] {
            assert!(total > 0);
            let dataset = req.dataset;
            let csv = export(&e, &req, NOW).unwrap();
            let rows = csv_rows(&csv, ',');
            let col = rows[0].iter().position(|c| c == "posts").unwrap();
            let sum: u64 = rows[1..].iter().map(|r| r[col].parse::<u64>().unwrap()).sum();
            assert_eq!(sum, total, "{dataset:?}: {csv}");
            assert!(rows.iter().all(|r| r.len() == rows[0].len()));
            // NDJSON: the same rows, typed, flat.
            let req = ExportRequest { format: Format::Ndjson, ..req };
            let kind = if dataset == Dataset::Tallies { "tally_day" } else { "tally_hour" };
            let text = export(&e, &req, NOW).unwrap();
            let lines: Vec<Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
            assert!(lines.iter().all(|v| v["type"].is_string()), "every record typed");
            let sum: u64 = lines.iter().filter(|v| v["type"] == kind).map(|v| v["posts"].as_u64().unwrap()).sum();
            assert_eq!(sum, total, "{text}");
        }
        let (e, req) = research_sample(Dataset::Mentions, Format::Csv);
        let rows = csv_rows(&export(&e, &req, NOW).unwrap(), ',');
        assert_eq!(rows[0][..4], ["day", "watch", "site", "posts"]);
        assert_eq!(rows[1..].iter().map(|r| r[3].parse::<u64>().unwrap()).sum::<u64>(), 1, "one dated post mentions brioche (the view counts dated posts)");
    }

    /// The posts table in each profile: Écoute's columns with evidence; 4CAT's five first (its custom
    /// CSV import needs exactly those names); médialab's lists joined with `|`.
    #[test]
    fn posts_csv_in_each_profile() {
        let (e, mut req) = research_sample(Dataset::Posts, Format::Csv);
        let rows = csv_rows(&export(&e, &req, NOW).unwrap(), ',');
        let h = &rows[0];
        let at = |name: &str| h.iter().position(|c| c == name).unwrap_or_else(|| panic!("no {name} in {h:?}"));
        let one = rows.iter().find(|r| r[at("id")] == "1").unwrap();
        assert_eq!(one[at("label")], "positive");
        assert_eq!(one[at("watch")], "Brioche", "watch items by label");
        assert_eq!(one[at("time")], "2025-02-10T10:30:00.000+01:00", "ISO 8601 with the person's offset");
        assert_eq!(one[at("likes")], "10400");
        assert_eq!(one[at("shown")], "likes=10,4 k");
        assert!(one[at("evidence")].contains("(+"), "{:?}", one[at("evidence")]);
        assert_eq!(one[at("url")], "https://x.com/alice/status/1");
        let ru = rows.iter().find(|r| r[at("id")] == "3").unwrap();
        assert_eq!((ru[at("lang")].as_str(), ru[at("label")].as_str()), ("ru", ""), "no label for a language not analysed");

        req.profile = Profile::FourCat;
        let rows = csv_rows(&export(&e, &req, NOW).unwrap(), ',');
        assert_eq!(rows[0][..6], ["id", "thread_id", "author", "body", "timestamp", "post_id"]);
        assert_eq!(rows[0].iter().filter(|c| *c == "id").count(), 1, "no column twice");
        let one = rows.iter().find(|r| r[0] == "x:1").unwrap();
        assert_eq!((one[1].as_str(), one[2].as_str(), one[4].as_str()), ("x:1", "'@Alice", "2025-02-10T10:30:00.000+01:00"), "a leading @ is neutralised as everywhere");
        assert!(one[3].starts_with("La brioche"));
        assert!(rows.iter().all(|r| r.len() == rows[0].len()));
        req.dataset = Dataset::Tallies;
        assert!(export(&e, &req, NOW).is_err(), "4CAT reads posts only");

        let (e, mut req) = research_sample(Dataset::Authors, Format::Csv);
        req.profile = Profile::Medialab;
        let csv = export(&e, &req, NOW).unwrap();
        assert!(!csv.contains("; "), "lists joined with | : {csv}");
    }

    /// For a French spreadsheet: BOM, `;`, decimal comma, and formulas still neutralised at every cell
    /// start of either reading.
    #[test]
    fn french_csv_has_a_bom_semicolons_and_decimal_commas() {
        let e = sample();
        let req = ExportRequest { dataset: Dataset::Tallies, format: Format::Csv, french: true, ..Default::default() };
        let csv = export(&e, &req, NOW).unwrap();
        assert!(csv.starts_with("\u{feff}day;site;watch;posts;positive;negative;neutral;net_sentiment;"), "{csv}");
        let rows = csv_rows(&csv, ';');
        let net = rows[0].iter().position(|c| c == "net_sentiment").unwrap();
        assert!(rows[1..].iter().all(|r| r[net].contains(',') && !r[net].contains('.')), "{csv}");
        let req = ExportRequest { dataset: Dataset::Saved, format: Format::Csv, french: true, ..Default::default() };
        let csv = export(&e, &req, NOW).unwrap();
        for sep in [',', ';'] {
            for cell in csv_rows(&csv, sep).into_iter().flatten() {
                assert!(!crate::exchange::starts_formula(&cell), "{sep}: {cell:?}");
            }
        }
    }

    /// Pseudonymised: no handle, name or permalink left anywhere in the file; one author one pseudonym
    /// across the datasets and across two exports; another install's key gives other pseudonyms.
    #[test]
    fn pseudonymised_exports_hide_authors_consistently() {
        let (e, mut req) = research_sample(Dataset::All, Format::Ndjson);
        req.pseudonymise = true;
        let text = export(&e, &req, NOW).unwrap();
        for secret in ["Alice", "alice", "bob", "x.com/"] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
        let lines: Vec<Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(lines[0]["pseudonymised"], true);
        assert!(lines[0]["omitted"].as_array().unwrap().iter().any(|o| o["kind"] == "identities"));
        let handle = |site: &str, id: &str| {
            lines.iter().find(|v| v["type"] == "post" && v["site"] == site && v["id"] == id).unwrap()["author"]["handle"].as_str().unwrap().to_string()
        };
        assert!(handle("x", "1").starts_with("anon-"));
        assert_ne!(handle("x", "1"), handle("x", "2"));
        assert_ne!(handle("x", "1"), handle("reddit", "3"), "the same handle on two sites is two people");
        assert!(lines.iter().any(|v| v["type"] == "author" && v["handle"] == handle("x", "1")), "authors table uses the same pseudonym");
        assert_eq!(export(&e, &req, NOW).unwrap(), text, "stable across exports");
        let (mut other, mut req2) = research_sample(Dataset::Posts, Format::Csv);
        other.meta.pseudonym_key = "f".repeat(32);
        req2.pseudonymise = true;
        assert!(!export(&other, &req2, NOW).unwrap().contains(&handle("x", "1")));
        other.meta.pseudonym_key.clear();
        assert!(export(&other, &req2, NOW).is_err(), "never names when asked not to");
    }

    /// The date filter: what the file leaves out is said, with its figures.
    #[test]
    fn exports_say_what_the_period_and_filters_leave_out() {
        let e = sample();
        let filter = Filter { from: Some("2025-02-10".into()), site: Some("x".into()), ..Default::default() };
        let req = ExportRequest { dataset: Dataset::All, format: Format::Json, filter, ..Default::default() };
        let (text, omitted) = export_noting(&e, &req, NOW).unwrap();
        let doc: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(doc["omitted"], json!(omitted));
        assert!(omitted.contains(&Omission::Period { from: Some("2025-02-10".into()), to: None, days: 1, authors: 0, saved: 0 }), "{omitted:?}");
        assert!(omitted.contains(&Omission::HoursBySite { site: "x".into() }));
        assert!(omitted.contains(&Omission::TrendsFiltered));
        assert!(doc["tallies"].as_array().unwrap().iter().all(|t| t["day"].as_str().unwrap() >= "2025-02-10"));
    }
}
