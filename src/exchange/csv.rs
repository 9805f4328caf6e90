//! CSV writing: one table per dataset, each at one level (no subtotal rows: summing a column gives the
//! total), in a profile (Écoute's columns, 4CAT's, médialab's) and a dialect (`,` and `.`, or for a French
//! spreadsheet a byte order mark, `;` and a decimal comma). Cells are quoted when needed, and text cells that a spreadsheet
//! would run as a formula are neutralised (OWASP "CSV injection"), whichever separator it reads with.

use serde::Serialize;

use crate::base::time::day_key;
use crate::listening::influence::tier;
use crate::listening::tally::Counts;

use super::{Dataset, ExportDoc, ExportRequest, Profile};
use super::tables::{tally_rows, TallyRow};

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

/// How cells are written: the separator, the decimal mark and how lists are joined.
struct Dialect {
    sep: char,
    decimal_comma: bool,
    list: &'static str,
}

/// One cell, written by the dialect.
enum Cell<'a> {
    /// Text from a page or a file: neutralised against formulas and quoted when needed.
    Text(&'a str),
    Owned(String),
    /// A number or a fixed word (`true`, a label): written as is.
    Plain(String),
    /// A decimal, with its number of decimals.
    Dec(f64, usize),
    /// A list of texts, joined by the dialect.
    List(Vec<String>),
}

impl Dialect {
    fn of(req: &ExportRequest) -> Dialect {
        Dialect {
            sep: if req.french { ';' } else { ',' },
            decimal_comma: req.french,
            list: match req.profile {
                // Écoute's own columns keep their `; ` lists (authors, saved) as before.
                Profile::Ecoute => "; ",
                Profile::FourCat | Profile::Medialab => "|",
            },
        }
    }

    fn cell(&self, c: &Cell) -> String {
        match c {
            Cell::Text(t) => csv_cell(t),
            Cell::Owned(t) => csv_cell(t),
            Cell::Plain(p) => p.clone(),
            Cell::Dec(x, n) => {
                let s = format!("{x:.n$}");
                if self.decimal_comma {
                    s.replace('.', ",")
                } else {
                    s
                }
            }
            Cell::List(items) => csv_cell(&items.join(self.list)),
        }
    }

    fn row(&self, out: &mut String, cells: &[Cell]) {
        for (i, c) in cells.iter().enumerate() {
            if i > 0 {
                out.push(self.sep);
            }
            out.push_str(&self.cell(c));
        }
        out.push('\n');
    }

    fn header(&self, out: &mut String, names: &[&str]) {
        out.push_str(&names.join(&self.sep.to_string()));
        out.push('\n');
    }
}

fn int(v: impl ToString) -> Cell<'static> {
    Cell::Plain(v.to_string())
}

fn opt(v: Option<u64>) -> Cell<'static> {
    Cell::Plain(v.map(|v| v.to_string()).unwrap_or_default())
}

/// A label's or an intent's name as serialized (`positive`, `complaint`), empty for none.
fn name(v: &impl Serialize) -> Cell<'static> {
    Cell::Plain(serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default())
}

const COUNT_COLUMNS: [&str; 10] =
    ["posts", "positive", "negative", "neutral", "net_sentiment", "praise", "complaint", "request", "question", "unanalysed"];

fn counts_cells(c: &Counts) -> Vec<Cell<'static>> {
    let mut v = vec![int(c.posts), int(c.positive), int(c.negative), int(c.neutral), Cell::Dec(c.net_sentiment(), 4)];
    for i in INTENTS {
        v.push(int(c.intents.get(i).copied().unwrap_or(0)));
    }
    v.push(int(c.unanalysed.values().sum::<u64>()));
    v
}

fn tally_table(d: &Dialect, out: &mut String, keys: &[&str], rows: &[TallyRow]) {
    let names: Vec<&str> = keys.iter().copied().chain(COUNT_COLUMNS).collect();
    d.header(out, &names);
    for r in rows {
        let mut cells: Vec<Cell> = Vec::new();
        for k in keys {
            cells.push(match *k {
                "day" => Cell::Text(&r.day),
                "hour" => Cell::Text(r.hour.as_deref().unwrap_or("")),
                "site" => Cell::Text(r.site.as_deref().unwrap_or("")),
                _ => Cell::Text(r.watch.as_deref().unwrap_or("")),
            });
        }
        cells.extend(counts_cells(&r.counts));
        d.row(out, &cells);
    }
}

pub(crate) fn write(doc: &ExportDoc, req: &ExportRequest) -> crate::base::Result<String> {
    let d = Dialect::of(req);
    let mut out = String::new();
    if req.french {
        // Excel reads a CSV without a byte order mark as Windows-1252: "écoute" would show as "Ã©coute".
        out.push('\u{feff}');
    }
    if req.profile == Profile::FourCat && req.dataset != Dataset::Posts {
        return Err(crate::base::Error::Invalid("4CAT's CSV import reads posts: choose the posts dataset".into()));
    }
    let rows = tally_rows(doc, &req.filter);
    match req.dataset {
        Dataset::Tallies => tally_table(&d, &mut out, &["day", "site", "watch"], &rows.days),
        Dataset::Hours => tally_table(&d, &mut out, &["day", "hour", "site", "watch"], &rows.hours),
        Dataset::Mentions => tally_table(&d, &mut out, &["day", "watch", "site"], &rows.mentions),
        Dataset::Authors => {
            d.header(&mut out, &["site", "handle", "name", "verified", "posts", "engagement", "max_followers", "tier", "engagement_rate", "watch_items", "early_terms", "first_seen", "last_seen"]);
            for a in &doc.authors {
                let s = &a.stats;
                let rate = match s.max_followers {
                    // As the badge: no rate without interactions shown (influence.rs).
                    Some(f) if f > 0 && s.posts_with_metrics > 0 && s.engagement > 0 => {
                        Cell::Dec(s.engagement as f64 / s.posts_with_metrics as f64 / f as f64, 4)
                    }
                    _ => Cell::Plain(String::new()),
                };
                d.row(&mut out, &[
                    Cell::Text(&s.site),
                    Cell::Text(&s.handle),
                    Cell::Text(s.name.as_deref().unwrap_or("")),
                    int(s.verified),
                    int(s.posts),
                    int(s.engagement),
                    opt(s.max_followers),
                    Cell::Plain(s.max_followers.and_then(tier).unwrap_or("").to_string()),
                    rate,
                    Cell::List(s.watch.keys().cloned().collect()),
                    Cell::List(s.early_terms.clone()),
                    Cell::Plain(day_key(s.first_seen)),
                    Cell::Plain(day_key(s.last_seen)),
                ]);
            }
        }
        Dataset::Saved => {
            d.header(&mut out, &["id", "site", "url", "author", "author_name", "time", "text", "labels", "collection", "tags", "note", "saved_at"]);
            for s in &doc.saved {
                d.row(&mut out, &[
                    Cell::Text(&s.id),
                    Cell::Text(&s.site),
                    Cell::Text(s.url.as_deref().unwrap_or("")),
                    Cell::Text(&s.author.handle),
                    Cell::Text(s.author.name.as_deref().unwrap_or("")),
                    Cell::Text(s.time.as_deref().unwrap_or("")),
                    Cell::Text(&s.text),
                    Cell::List(s.labels.clone()),
                    Cell::Text(&s.collection),
                    Cell::List(s.tags.clone()),
                    Cell::Text(&s.note),
                    Cell::Plain(day_key(s.saved_at)),
                ]);
            }
        }
        Dataset::Trends => {
            d.header(&mut out, &["hour", "term", "posts"]);
            for (hour, terms) in &doc.terms {
                for (term, n) in &terms.counts {
                    d.row(&mut out, &[Cell::Text(hour), Cell::Text(term), int(n)]);
                }
            }
        }
        Dataset::Posts => posts(&d, &mut out, doc, req.profile),
        Dataset::All => {
            return Err(crate::base::Error::Invalid(
                "CSV holds one table: choose tallies, hours, mentions, authors, saved, trends or posts".into(),
            ))
        }
    }
    Ok(out)
}

/// Écoute's post columns (the 4CAT profile puts its five first, then these less the ones it renamed).
const POST_COLUMNS: [&str; 28] = [
    "site", "id", "url", "author", "author_name", "followers", "text", "lang", "label", "score", "intent",
    "corrected_label", "corrected_intent", "time", "precision", "time_text", "first_seen", "last_seen", "likes",
    "reposts", "replies", "views", "shown", "rounded", "promoted", "watch", "terms", "evidence",
];

fn posts(d: &Dialect, out: &mut String, doc: &ExportDoc, profile: Profile) {
    // The posts' own lists were joined with `|` from the start (their items hold `;` and spaces).
    let pipe = Dialect { list: "|", ..*d };
    let four = profile == Profile::FourCat;
    let renamed = ["id", "author", "text"];
    let mut names: Vec<&str> = Vec::new();
    if four {
        // 4CAT's custom CSV: `id` unique across sites (`site:id`), `thread_id` the post itself (Écoute
        // sees posts, not threads), `body` the text, `timestamp` when published or else first seen.
        names.extend(["id", "thread_id", "author", "body", "timestamp", "post_id"]);
    }
    names.extend(POST_COLUMNS.iter().copied().filter(|c| !(four && renamed.contains(c))));
    pipe.header(out, &names);
    for p in &doc.posts {
        let mut cells: Vec<Cell> = Vec::with_capacity(names.len());
        if four {
            let key = format!("{}:{}", p.site, p.id);
            cells.extend([
                Cell::Owned(key.clone()),
                Cell::Owned(key),
                Cell::Text(&p.author.handle),
                Cell::Text(&p.text),
                Cell::Text(p.time.as_deref().unwrap_or(&p.first_seen)),
                Cell::Text(&p.id),
            ]);
        }
        let all: [(&str, Cell); 28] = [
            ("site", Cell::Text(&p.site)),
            ("id", Cell::Text(&p.id)),
            ("url", Cell::Text(p.url.as_deref().unwrap_or(""))),
            ("author", Cell::Text(&p.author.handle)),
            ("author_name", Cell::Text(p.author.name.as_deref().unwrap_or(""))),
            ("followers", opt(p.author.followers)),
            ("text", Cell::Text(&p.text)),
            ("lang", Cell::Text(&p.lang)),
            ("label", name(&p.label)),
            ("score", Cell::Dec(p.score as f64, 3)),
            ("intent", name(&p.intent)),
            ("corrected_label", p.corrected.map(|c| name(&c.label)).unwrap_or(Cell::Plain(String::new()))),
            ("corrected_intent", p.corrected.map(|c| name(&c.intent)).unwrap_or(Cell::Plain(String::new()))),
            ("time", Cell::Text(p.time.as_deref().unwrap_or(""))),
            ("precision", Cell::Text(p.precision.as_deref().unwrap_or(""))),
            ("time_text", Cell::Text(p.time_text.as_deref().unwrap_or(""))),
            ("first_seen", Cell::Text(&p.first_seen)),
            ("last_seen", Cell::Text(&p.last_seen)),
            ("likes", opt(p.metrics.likes)),
            ("reposts", opt(p.metrics.reposts)),
            ("replies", opt(p.metrics.replies)),
            ("views", opt(p.metrics.views)),
            ("shown", Cell::List(p.shown.iter().map(|(k, v)| format!("{k}={v}")).collect())),
            ("rounded", Cell::List(p.rounded.clone())),
            ("promoted", int(p.promoted)),
            ("watch", Cell::List(p.watch.clone())),
            ("terms", Cell::List(p.terms.clone())),
            // The spans that made the label with their weight, `génial (+0.80)`, as the badge's hover shows them.
            ("evidence", Cell::List(p.evidence.iter().map(evidence_word).collect())),
        ];
        cells.extend(all.into_iter().filter(|(c, _)| !(four && renamed.contains(c))).map(|(_, cell)| cell));
        pipe.row(out, &cells);
    }
}

fn evidence_word(e: &crate::analysis::Evidence) -> String {
    format!("{} ({:+.2})", e.text, e.weight)
}
