//! `ecoute`: the Écoute core on the command line.
//!
//!   ecoute classify            one post per line on stdin → one JSON object per line on stdout
//!   ecoute tally [--watch Q]... FILE.ndjson   Post records → one JSON report (tally.rs)
//!
//! Every input line gets exactly one output line, whatever its bytes (invalid UTF-8 is read lossily).
mod eval;
mod tally;

use std::io::{self, BufRead, BufWriter, Write};
use std::process::ExitCode;

const USAGE: &str = "usage: ecoute classify < posts.txt\n       ecoute tally [--watch QUERY]... [--top N] FILE.ndjson";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("classify") => classify(),
        Some("eval") => eval::run(&args[1..]),
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

fn classify() -> io::Result<()> {
    let stdin = io::stdin().lock();
    let mut out = BufWriter::new(io::stdout().lock());
    for line in stdin.split(b'\n') {
        let bytes = line?;
        let bytes = bytes.strip_suffix(b"\r").unwrap_or(&bytes);
        let text = String::from_utf8_lossy(bytes);
        serde_json::to_writer(&mut out, &ecoute::analyze(&text))?;
        out.write_all(b"\n")?;
    }
    out.flush()
}
