//! `ecoute classify`: one output line per input line, and a line too long to hold is answered with an
//! error line instead of being read into memory.
use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::Value;

fn classify(input: &[u8]) -> Vec<Value> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ecoute"))
        .arg("classify")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("ecoute runs");
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn a_line_beyond_the_cap_gets_an_error_line_and_the_next_lines_are_read() {
    let mut input = b"I love it, great phone\n".to_vec();
    input.extend(std::iter::repeat(b'a').take((1 << 20) + 1));
    input.extend(b"\n");
    input.extend(std::iter::repeat(b'b').take((1 << 20) - 1)); // with its \r, exactly the cap: read
    input.extend(b"\r\nterrible, broken and useless\n");
    let out = classify(&input);
    assert_eq!(out.len(), 4, "one output line per input line");
    assert_eq!(out[0]["label"], "positive");
    assert_eq!(out[1], serde_json::json!({"error": "line 2: longer than 1048576 bytes, not read"}));
    assert!(out[2]["label"].is_string(), "a line at the cap is classified");
    assert_eq!(out[3]["label"], "negative");
}

#[test]
fn a_last_line_without_newline_and_invalid_utf8_are_read() {
    let out = classify(b"\xff\xfe nul\nsuper bien");
    assert_eq!(out.len(), 2);
    assert_eq!(out[1]["label"], "positive");
}

#[test]
fn each_line_lists_its_aspects_with_spans_into_the_post() {
    let text = "Super appareil photo mais la batterie fond. Il manque une prise jack.";
    let out = classify(format!("{text}\nbonjour\n").as_bytes());
    let aspects = out[0]["aspects"].as_array().expect("aspects");
    let got: Vec<(&str, &str, &str)> = aspects
        .iter()
        .map(|a| {
            let (s, e) = (a["start"].as_u64().unwrap() as usize, a["end"].as_u64().unwrap() as usize);
            (a["text"].as_str().unwrap(), a["polarity"].as_str().unwrap(), &text[s..e])
        })
        .collect();
    assert_eq!(got, vec![("appareil photo", "liked", "appareil photo"), ("batterie", "disliked", "batterie"), ("prise jack", "requested", "prise jack")]);
    // A post with none has no "aspects" key (old readers see the same line as before).
    assert!(out[1].get("aspects").is_none(), "{}", out[1]);
}
