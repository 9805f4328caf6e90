//! `ecoute`: the Écoute core on the command line.
//!
//!   ecoute classify            one post per line on stdin → one JSON object per line on stdout
//!   ecoute tally [--watch Q]... FILE.ndjson   Post records → one JSON report (tally.rs)
//!   ecoute eval-aspects FILE.tsv [--errors]   aspect extraction against a labelled file (aspects_eval.rs)
//!
//! Every input line gets exactly one output line, whatever its bytes (invalid UTF-8 is read lossily); a
//! line longer than 1 MB gets `{"error": ...}` instead, its bytes read and dropped rather than held.
mod aspects_eval;
mod eval;
mod tally;

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

const USAGE: &str = "usage: ecoute classify < posts.txt\n       ecoute tally [--watch QUERY]... [--top N] FILE.ndjson\n       ecoute eval FILE.tsv [--rules-only] [--lang]\n       ecoute eval-aspects FILE.tsv [--errors] [--json]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("classify") => classify(),
        Some("eval") => eval::run(&args[1..]),
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
fn classify() -> io::Result<()> {
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
        let text = String::from_utf8_lossy(bytes);
        serde_json::to_writer(&mut out, &ecoute::analyze(&text))?;
        out.write_all(b"\n")?;
    }
    out.flush()
}
