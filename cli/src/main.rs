//! `ecoute`: the Écoute core on the command line.
//!
//!   ecoute classify [--recompute]   one post per line on stdin → one JSON object per line on stdout;
//!                              a line of an Écoute export gives the analysis its post carries
//!   ecoute tally [--watch Q]... [--recompute] FILE.ndjson   Post records or an export → one JSON report (tally.rs)
//!   ecoute merge A.ndjson B.ndjson ...   exports pooled, each post once, with who collected it (merge.rs)
//!   ecoute eval FILE.tsv [--rules-only] [--lang]       sentiment measured on a labelled file (eval.rs)
//!   ecoute adapt-curve FILE.tsv [--steps 50,100,...]   what corrections teach, measured (adapt.rs)
//!   ecoute eval-aspects FILE.tsv [--errors]   aspect extraction against a labelled file (aspects_eval.rs)
//!
//! Every input line gets exactly one output line, whatever its bytes (invalid UTF-8 is read lossily); a
//! line longer than 1 MB gets `{"error": ...}` instead, its bytes read and dropped rather than held.
mod adapt;
mod aspects_eval;
mod eval;
mod merge;
mod tally;

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

const USAGE: &str = "usage: ecoute classify [--recompute] < posts.txt (or an Écoute export)\n       ecoute tally [--watch QUERY]... [--top N] [--recompute] FILE.ndjson\n       ecoute merge A.ndjson B.ndjson ... > pooled.ndjson\n       ecoute eval FILE.tsv [--rules-only] [--lang]\n       ecoute eval-aspects FILE.tsv [--errors] [--json]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("classify") => match args[1..].iter().map(String::as_str).collect::<Vec<_>>()[..] {
            [] => classify(false),
            ["--recompute"] => classify(true),
            _ => {
                eprintln!("{USAGE}");
                return ExitCode::from(2);
            }
        },
        Some("merge") => merge::run(&args[1..]),
        Some("eval") => eval::run(&args[1..]),
        Some("adapt-curve") => adapt::run(&args[1..]),
        Some("eval-aspects") => aspects_eval::run(&args[1..]),
        Some("tally") => tally::run(&args[1..]),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // A closed stdout (`ecoute classify | head`) is a normal end, not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ecoute: {e}");
            ExitCode::FAILURE
        }
    }
}

/// One line at a time, each at most [`tally::MAX_LINE`] bytes: a longer line (a file without newlines)
/// is read through and dropped, not held, and answered with `{"error": ...}` so that every input line
/// still gets its output line. Memory stays that of one line, whatever the input.
///
/// A line that is a record of an Écoute export (a JSON object with a `type`) is read as such: a `post`
/// gives the analysis it carries (`"source": "carried"`, as the dashboard counted it), or analyses its
/// text again with `recompute` (`"source": "analysed"`); any other record (the header, tallies, authors)
/// gives `{"type": ..., "skipped": true}`, so the output keeps one line per input line.
fn classify(recompute: bool) -> io::Result<()> {
    let mut stdin = io::stdin().lock();
    let mut out = BufWriter::new(io::stdout().lock());
    let mut buf = Vec::with_capacity(4096);
    let mut line = 0u64;
    while let Some(complete) = tally::read_line_capped(&mut stdin, &mut buf, tally::MAX_LINE)? {
        line += 1;
        if !complete {
            let error = format!("line {line}: longer than {} bytes, not read", tally::MAX_LINE);
            serde_json::to_writer(&mut out, &serde_json::json!({ "error": error }))?;
            out.write_all(b"\n")?;
            continue;
        }
        let bytes = buf.strip_suffix(b"\r").unwrap_or(&buf);
        if let Some(answer) = export_record(bytes, recompute) {
            serde_json::to_writer(&mut out, &answer)?;
            out.write_all(b"\n")?;
            continue;
        }
        let text = String::from_utf8_lossy(bytes);
        serde_json::to_writer(&mut out, &ecoute::analyze(&text))?;
        out.write_all(b"\n")?;
    }
    out.flush()
}

/// The answer to a line of an Écoute export, or `None` when the line is not one (plain text, or JSON
/// without a `type`: classified as text, as before).
fn export_record(line: &[u8], recompute: bool) -> Option<serde_json::Value> {
    use serde_json::{json, Value};
    if line.first() != Some(&b'{') {
        return None;
    }
    let v: Value = serde_json::from_slice(line).ok()?;
    let kind = v.get("type")?.as_str()?.to_string();
    if kind != "post" {
        return Some(json!({"type": kind, "skipped": true}));
    }
    let text = v.get("text").and_then(Value::as_str).unwrap_or("");
    let carried = !recompute && v.get("lang").is_some_and(Value::is_string);
    let mut a = if carried {
        json!({
            "label": v.get("label").cloned().unwrap_or(Value::Null),
            "score": v.get("score").cloned().unwrap_or(json!(0.0)),
            "lang": v["lang"],
            "intent": v.get("intent").cloned().unwrap_or(Value::Null),
            "evidence": v.get("evidence").cloned().unwrap_or(json!([])),
        })
    } else {
        serde_json::to_value(ecoute::analyze(text)).unwrap_or_default()
    };
    a["site"] = v.get("site").cloned().unwrap_or(Value::Null);
    a["id"] = v.get("id").cloned().unwrap_or(Value::Null);
    if let Some(c) = v.get("corrected").filter(|c| !c.is_null()) {
        // The person's reading, beside the model's: kept apart, as in the export.
        a["corrected"] = c.clone();
    }
    a["source"] = json!(if carried { "carried" } else { "analysed" });
    Some(a)
}
