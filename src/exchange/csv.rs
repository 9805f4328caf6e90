//! CSV writing: one table per dataset. Cells are quoted when needed, and text cells that a spreadsheet
//! would run as a formula are neutralised (OWASP "CSV injection"), whichever separator it reads with.
use std::fmt::Write as _;

use serde::Serialize;

use crate::base::time::day_key;
use crate::listening::influence::tier;
use crate::listening::tally::Counts;

use super::{Dataset, ExportDoc, Filter};

/// Characters that make a spreadsheet read a cell as a formula (or, tab and CR, that some read past).
pub(crate) const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];
/// Where a spreadsheet may start a new cell inside ours: the separator of either reading (`,` in English
/// locales, `;` in French Excel, the product's audience: a file read with `;` is split inside our
/// comma-quoted cells) and a line break (a reader whose quotes fell out of step starts a row there).
const CELL_BREAKS: [char; 4] = [',', ';', '\n', '\r'];

/// True when a cell starting at `rest` would be read as a formula. Leading spaces and quotes are passed
/// over: some readers trim spaces, and a reader out of step with our quoting sees them as the cell's own.
pub(crate) fn starts_formula(rest: &str) -> bool {
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

pub(crate) fn write(doc: &ExportDoc, dataset: Dataset, filter: &Filter) -> crate::base::Result<String> {
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
                    // As the badge: no rate without interactions shown (influence.rs).
                    Some(f) if f > 0 && s.posts_with_metrics > 0 && s.engagement > 0 => {
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
            return Err(crate::base::Error::Invalid(
                "CSV holds one table: choose tallies, authors, saved, trends or posts".into(),
            ))
        }
    }
    Ok(out)
}
