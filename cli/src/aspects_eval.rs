//! `ecoute eval-aspects FILE.tsv [--errors] [--json]`: measures aspect extraction on a labelled file.
//!
//! Input (tests/fixtures/aspects/gold.tsv): one post a line, `id<TAB>split<TAB>lang<TAB>domain<TAB>text<TAB>aspects`,
//! aspects as `text=liked|disliked|requested` joined by `; ` (empty: the post has none); lines starting
//! with `#` are comments. Prints, for each split (dev, test) and language (en, fr, all), precision and
//! recall per polarity and overall, matching an extracted aspect to a gold one of the same polarity
//! either exactly (the same text) or by overlap (the spans share a byte: "esim" for "esim support"),
//! one to one; and the overlap match ignoring polarity (was the thing found at all). `--errors` lists
//! the posts where extraction and gold differ; `--json` prints the figures as one JSON object.
use std::collections::BTreeMap;
use std::io::{self, Write};

use ecoute::analysis::aspects::Polarity;

const POLARITIES: [(&str, Option<Polarity>); 4] =
    [("liked", Some(Polarity::Liked)), ("disliked", Some(Polarity::Disliked)), ("requested", Some(Polarity::Requested)), ("all", None)];

struct Gold {
    text: String,
    polarity: Polarity,
    /// Every place the text occurs in the post (byte spans).
    spans: Vec<(usize, usize)>,
}

struct Pred {
    text: String,
    polarity: Polarity,
    span: (usize, usize),
}

/// Counts for one cell: gold, predicted, and matched (exact, overlap).
#[derive(Default, Clone, Copy)]
struct Cell {
    gold: u32,
    pred: u32,
    exact_gold: u32,
    exact_pred: u32,
    overlap_gold: u32,
    overlap_pred: u32,
}

fn parse_polarity(s: &str) -> Option<Polarity> {
    match s.trim() {
        "liked" => Some(Polarity::Liked),
        "disliked" => Some(Polarity::Disliked),
        "requested" => Some(Polarity::Requested),
        _ => None,
    }
}

fn occurrences(hay: &str, needle: &str) -> Vec<(usize, usize)> {
    if needle.is_empty() {
        return Vec::new();
    }
    hay.match_indices(needle).map(|(i, m)| (i, i + m.len())).collect()
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// One-to-one matches between gold and predicted aspects under `same`: (gold matched, predicted
/// matched) flags.
fn matching(gold: &[Gold], pred: &[Pred], same: impl Fn(&Gold, &Pred) -> bool) -> (Vec<bool>, Vec<bool>) {
    let (mut g_ok, mut p_ok) = (vec![false; gold.len()], vec![false; pred.len()]);
    for (gi, g) in gold.iter().enumerate() {
        if let Some(pi) = (0..pred.len()).find(|&pi| !p_ok[pi] && same(g, &pred[pi])) {
            g_ok[gi] = true;
            p_ok[pi] = true;
        }
    }
    (g_ok, p_ok)
}

pub fn run(args: &[String]) -> io::Result<()> {
    let mut path = None;
    let (mut errors, mut json) = (false, false);
    for a in args {
        match a.as_str() {
            "--errors" => errors = true,
            "--json" => json = true,
            _ => path = Some(a.clone()),
        }
    }
    let path = path.ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "usage: ecoute eval-aspects FILE.tsv [--errors] [--json]"))?;
    let content = std::fs::read_to_string(&path)?;
    // (split, lang, polarity name, matching "polarity" or "any") → cell.
    let mut cells: BTreeMap<(String, String, &str, &str), Cell> = BTreeMap::new();
    let mut posts: BTreeMap<(String, String), u32> = BTreeMap::new();
    let mut out = io::stdout().lock();
    for (n, line) in content.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let [id, split, lang, _domain, text, aspects] = cols[..] else {
            return Err(io::Error::new(io::ErrorKind::InvalidData, format!("{path}:{}: expected 6 tab-separated columns", n + 1)));
        };
        let lower = text.to_lowercase();
        // Lowercasing that changes byte lengths would shift the spans: match by text alone then.
        let same_len = lower.len() == text.len();
        let mut gold = Vec::new();
        for a in aspects.split(';').map(str::trim).filter(|a| !a.is_empty()) {
            let (t, p) = a.rsplit_once('=').ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, format!("{path}:{}: aspect {a:?} has no =polarity", n + 1)))?;
            let polarity = parse_polarity(p).ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, format!("{path}:{}: unknown polarity {p:?}", n + 1)))?;
            let spans = if same_len { occurrences(&lower, t) } else { Vec::new() };
            gold.push(Gold { text: t.to_string(), polarity, spans });
        }
        let analysis = ecoute::analyze(text);
        let pred: Vec<Pred> = analysis.aspects.iter().map(|a| Pred { text: a.text.clone(), polarity: a.polarity, span: (a.start, a.end) }).collect();
        let exact = |g: &Gold, p: &Pred| g.polarity == p.polarity && g.text == p.text;
        let near = |g: &Gold, p: &Pred| g.text == p.text || g.spans.iter().any(|&s| overlaps(s, p.span));
        let overlap = |g: &Gold, p: &Pred| g.polarity == p.polarity && near(g, p);
        let (eg, ep) = matching(&gold, &pred, exact);
        let (og, op) = matching(&gold, &pred, overlap);
        let (ag, ap) = matching(&gold, &pred, near);
        for l in [lang, "all"] {
            *posts.entry((split.to_string(), l.to_string())).or_default() += 1;
            for (name, pol) in POLARITIES {
                let is = |p: Polarity| pol.is_none() || pol == Some(p);
                let c = cells.entry((split.to_string(), l.to_string(), name, "polarity")).or_default();
                for (gi, _) in gold.iter().enumerate().filter(|(_, g)| is(g.polarity)) {
                    c.gold += 1;
                    c.exact_gold += eg[gi] as u32;
                    c.overlap_gold += og[gi] as u32;
                }
                for (pi, _) in pred.iter().enumerate().filter(|(_, p)| is(p.polarity)) {
                    c.pred += 1;
                    c.exact_pred += ep[pi] as u32;
                    c.overlap_pred += op[pi] as u32;
                }
            }
            let c = cells.entry((split.to_string(), l.to_string(), "all", "any")).or_default();
            c.gold += gold.len() as u32;
            c.pred += pred.len() as u32;
            c.overlap_gold += ag.iter().filter(|&&x| x).count() as u32;
            c.overlap_pred += ap.iter().filter(|&&x| x).count() as u32;
        }
        if errors && (eg.iter().any(|x| !x) || ep.iter().any(|x| !x)) {
            let show = |v: Vec<(String, Polarity)>| v.iter().map(|(t, p)| format!("{t}={p:?}")).collect::<Vec<_>>().join("; ");
            writeln!(
                out,
                "{id} [{split}] {text}\n   gold: {}\n    got: {}",
                show(gold.iter().map(|g| (g.text.clone(), g.polarity)).collect()),
                show(pred.iter().map(|p| (p.text.clone(), p.polarity)).collect())
            )?;
        }
    }
    let ratio = |a: u32, b: u32| if b == 0 { f64::NAN } else { a as f64 / b as f64 };
    if json {
        let mut o = serde_json::Map::new();
        for ((split, lang, pol, mode), c) in &cells {
            o.insert(
                format!("{split}/{lang}/{pol}/{mode}"),
                serde_json::json!({
                    "gold": c.gold, "pred": c.pred,
                    "exact_p": ratio(c.exact_pred, c.pred), "exact_r": ratio(c.exact_gold, c.gold),
                    "overlap_p": ratio(c.overlap_pred, c.pred), "overlap_r": ratio(c.overlap_gold, c.gold),
                }),
            );
        }
        serde_json::to_writer(&mut out, &o)?;
        return writeln!(out);
    }
    let f = |x: f64| if x.is_nan() { "  -  ".to_string() } else { format!("{x:.3}") };
    let f1 = |p: f64, r: f64| if p + r > 0.0 { 2.0 * p * r / (p + r) } else { f64::NAN };
    for split in ["dev", "test", "fresh"] {
        for lang in ["en", "fr", "all"] {
            let Some(np) = posts.get(&(split.to_string(), lang.to_string())) else { continue };
            writeln!(out, "\n{split} / {lang} ({np} posts)")?;
            writeln!(out, "  {:<18} {:>5} {:>5}   {:>6} {:>6} {:>6}   {:>6} {:>6} {:>6}", "", "gold", "found", "P", "R", "F1", "P~", "R~", "F1~")?;
            for (name, mode) in [("liked", "polarity"), ("disliked", "polarity"), ("requested", "polarity"), ("all", "polarity"), ("all", "any")] {
                let c = cells.get(&(split.to_string(), lang.to_string(), name, mode)).copied().unwrap_or_default();
                let label = if mode == "any" { "aspect, any pol." } else { name };
                let (ep, er) = (ratio(c.exact_pred, c.pred), ratio(c.exact_gold, c.gold));
                let (op, or) = (ratio(c.overlap_pred, c.pred), ratio(c.overlap_gold, c.gold));
                let exact = if mode == "any" { format!("{:>6} {:>6} {:>6}", "", "", "") } else { format!("{:>6} {:>6} {:>6}", f(ep), f(er), f(f1(ep, er))) };
                writeln!(out, "  {label:<18} {:>5} {:>5}   {exact}   {:>6} {:>6} {:>6}", c.gold, c.pred, f(op), f(or), f(f1(op, or)))?;
            }
        }
    }
    writeln!(out, "\nP, R, F1: exact text and polarity; P~, R~, F1~: overlapping spans and the same polarity.")
}
