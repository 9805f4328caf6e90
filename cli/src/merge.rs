//! `ecoute merge A.ndjson B.ndjson ... > pooled.ndjson`: several people's Écoute exports pooled without a
//! server. Each post is written once (by site and id), with `collected_by`: the exports' sources (install
//! ids) that held it, so a team sees who collected what; a post in several files keeps its earliest
//! `first_seen` and the figures of its latest `last_seen`.
//!
//! Only the posts are pooled, and the watch items they name: tallies, authors and trend terms are sums
//! over each person's posts, which overlap, so adding them would count the shared posts twice. They are
//! left out and said in the header (`omitted`); `ecoute tally pooled.ndjson` counts the pooled posts
//! with the labels they carry. A file without a header (plain Post records) is its own source, by name;
//! a line that is not JSON is said on stderr and skipped.
use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Write};

use ecoute::time::parse_iso8601;
use serde_json::{json, Value};

use crate::tally::{read_line_capped, MAX_LINE};

const USAGE: &str = "usage: ecoute merge A.ndjson B.ndjson ... > pooled.ndjson";

pub fn run(args: &[String]) -> io::Result<()> {
    if args.is_empty() || args.iter().any(|a| a == "-h" || a == "--help") {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, USAGE));
    }
    if let Some(a) = args.iter().find(|a| a.starts_with("--")) {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, format!("unknown option `{a}`\n{USAGE}")));
    }
    let mut pool = Pool::default();
    for path in args {
        let file = File::open(path).map_err(|e| io::Error::new(e.kind(), format!("{path}: {e}")))?;
        pool.read(path, BufReader::with_capacity(1 << 16, file), &mut io::stderr().lock())?;
    }
    let mut out = BufWriter::new(io::stdout().lock());
    pool.write(&mut out)?;
    out.flush()
}

#[derive(Default)]
pub struct Pool {
    posts: Vec<Value>,
    index: HashMap<(String, String), usize>,
    watch: BTreeMap<String, Value>,
    sources: Vec<String>,
    /// Records not pooled, by type.
    left_out: BTreeMap<String, u64>,
    read: u64,
    duplicates: u64,
    bad: u64,
    pseudonymised: bool,
}

impl Pool {
    /// Reads one export; `name` stands for its source when it has no header.
    pub fn read(&mut self, name: &str, mut input: impl io::BufRead, errors: &mut impl Write) -> io::Result<()> {
        let mut source = name.to_string();
        let mut buf = Vec::new();
        let mut line = 0u64;
        while let Some(complete) = read_line_capped(&mut input, &mut buf, MAX_LINE)? {
            line += 1;
            let bytes = buf.strip_suffix(b"\r").unwrap_or(&buf);
            if bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let v: Value = match serde_json::from_slice(bytes).ok().filter(|_| complete) {
                Some(v @ Value::Object(_)) => v,
                _ => {
                    self.bad += 1;
                    writeln!(errors, "ecoute merge: {name}: line {line}: not a JSON record, skipped")?;
                    continue;
                }
            };
            match v.get("type").and_then(Value::as_str).unwrap_or("post") {
                "header" => {
                    if let Some(s) = v.get("source").and_then(Value::as_str).filter(|s| !s.is_empty()) {
                        source = s.to_string();
                    }
                    self.pseudonymised |= v.get("pseudonymised") == Some(&Value::Bool(true));
                    if !self.sources.contains(&source) {
                        self.sources.push(source.clone());
                    }
                }
                "post" => self.add_post(v, &source),
                "watch_item" => {
                    if let Some(q) = v.get("query").and_then(Value::as_str) {
                        self.watch.entry(q.to_string()).or_insert(v);
                    }
                }
                other => *self.left_out.entry(other.to_string()).or_default() += 1,
            }
        }
        if !self.sources.contains(&source) {
            self.sources.push(source);
        }
        Ok(())
    }

    fn add_post(&mut self, mut v: Value, source: &str) {
        self.read += 1;
        let id = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
        let key = (id("site"), id("id"));
        // A pooled file read again keeps the collectors it names.
        let mut by: Vec<String> = match v.get("collected_by").and_then(Value::as_array) {
            Some(a) => a.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
            None => vec![source.to_string()],
        };
        let Some(&at) = self.index.get(&key) else {
            v["type"] = json!("post");
            v["collected_by"] = json!(by);
            self.index.insert(key, self.posts.len());
            self.posts.push(v);
            return;
        };
        self.duplicates += 1;
        let kept = &mut self.posts[at];
        let time = |p: &Value, k: &str| p.get(k).and_then(Value::as_str).and_then(parse_iso8601);
        let mut collectors: Vec<String> = kept["collected_by"].as_array().into_iter().flatten().filter_map(Value::as_str).map(str::to_owned).collect();
        by.retain(|s| !collectors.contains(s));
        collectors.extend(by);
        let first = match (time(kept, "first_seen"), time(&v, "first_seen")) {
            (Some(a), Some(b)) if b < a => v["first_seen"].clone(),
            _ => kept["first_seen"].clone(),
        };
        // The latest sighting's figures (metrics, shown counts) win.
        if time(&v, "last_seen") > time(kept, "last_seen") {
            *kept = v;
            kept["type"] = json!("post");
        }
        if !first.is_null() {
            kept["first_seen"] = first;
        }
        kept["collected_by"] = json!(collectors);
    }

    pub fn write(&self, out: &mut impl Write) -> io::Result<()> {
        let mut omitted = Vec::new();
        if !self.left_out.is_empty() {
            omitted.push(json!({"kind": "not_pooled", "records": self.left_out,
                "why": "sums over each export's posts, which overlap: count the pooled posts with `ecoute tally`"}));
        }
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64);
        let mut header = json!({
            "type": "header", "format": ecoute::export::EXPORT_FORMAT, "version": ecoute::export::EXPORT_VERSION,
            "source": format!("merge:{}", self.sources.join("+")), "sources": self.sources, "exported_at": now,
            "filter": {}, "merged": {"posts_read": self.read, "posts": self.posts.len(), "duplicates": self.duplicates, "bad_lines": self.bad},
            "omitted": omitted,
        });
        if self.pseudonymised {
            // Pseudonyms are per install: the same author in two people's files is two pseudonyms.
            header["pseudonymised"] = json!(true);
        }
        for v in std::iter::once(&header).chain(self.watch.values()).chain(&self.posts) {
            serde_json::to_writer(&mut *out, v)?;
            out.write_all(b"\n")?;
        }
        Ok(())
    }
}
