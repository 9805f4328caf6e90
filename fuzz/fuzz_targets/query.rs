//! Fuzzes the watch-query parser with arbitrary bytes: no panic; an error points inside the query (or
//! just past its end); a query's reading parses back to the same query (unless the reading is over the
//! length or depth limit, which it can pass by a few characters or parentheses); matching a post,
//! the second half of the input, never panics.
#![no_main]
use ecoute::watch::{query::Problem, Doc, Query};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    // The query, then after the first newline a post to match it against.
    let (src, text) = input.split_once('\n').unwrap_or((&input, ""));
    match Query::parse(src) {
        Ok(query) => {
            let reading = query.reads_as();
            match Query::parse(&reading) {
                Ok(again) => {
                    assert_eq!(again, query, "{src:?} reads as {reading:?}");
                    assert_eq!(again.reads_as(), reading);
                }
                Err(e) => assert!(
                    matches!(e.args, Problem::TooLong { .. } | Problem::TooDeep { .. }),
                    "{src:?} reads as {reading:?}: {e}"
                ),
            }
            query.matches(&Doc::new(text, src));
        }
        Err(e) => assert!(e.position >= 1 && e.position <= src.chars().count() + 1, "{src:?}: {e}"),
    }
});
