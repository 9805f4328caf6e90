//! The core's layers (src/lib.rs): each folder of src/ is a layer, and a layer uses only the layers
//! below it. This test reads every source file and fails on a `crate::` path that names a higher layer,
//! or that reaches the crate root instead of naming a layer (`crate::Result`, `crate::Engine`: the
//! root's re-exports are the public API, not a way around the walls). Comments and string literals
//! are not code and are skipped.
use std::fs;
use std::path::{Path, PathBuf};

/// Lowest first. A new layer goes here, and in src/lib.rs's diagram.
const LAYERS: [&str; 7] = ["base", "text", "analysis", "listening", "store", "exchange", "engine"];

fn rank(layer: &str) -> Option<usize> {
    LAYERS.iter().position(|l| *l == layer)
}

/// The source without its comments and the contents of its string and char literals (kept as `""`),
/// so that only code is searched. Handles nested block comments, escapes, raw strings and lifetimes.
fn code_only(src: &str) -> String {
    let c: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    while i < c.len() {
        let at = |k: usize| c.get(i + k).copied().unwrap_or('\0');
        if at(0) == '/' && at(1) == '/' {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if at(0) == '/' && at(1) == '*' {
            let mut depth = 0;
            while i < c.len() {
                if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            out.push(' ');
        } else if at(0) == 'r' && (at(1) == '"' || (at(1) == '#' && (at(2) == '"' || at(2) == '#')))
            && !(i > 0 && (c[i - 1].is_alphanumeric() || c[i - 1] == '_'))
        {
            // A raw string: r"..." or r#"..."#, closed by a quote and as many #.
            i += 1;
            let mut hashes = 0;
            while c.get(i) == Some(&'#') {
                hashes += 1;
                i += 1;
            }
            i += 1;
            while i < c.len() && !(c[i] == '"' && (1..=hashes).all(|k| c.get(i + k) == Some(&'#'))) {
                i += 1;
            }
            i += 1 + hashes;
            out.push_str("\"\"");
        } else if at(0) == '"' {
            i += 1;
            while i < c.len() && c[i] != '"' {
                i += if c[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else if at(0) == '\'' && (at(1) == '\\' || at(2) == '\'') {
            // A char literal ('x', '\n', '\u{2019}'); a lifetime ('a) has no closing quote after one char.
            i += 1;
            while i < c.len() && c[i] != '\'' {
                i += if c[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("' '");
        } else {
            out.push(c[i]);
            i += 1;
        }
    }
    out
}

/// The first name after each `crate::` in code (each name of a `crate::{a, b::c}` group).
fn crate_paths(code: &str) -> Vec<String> {
    let mut names = Vec::new();
    let bytes = code.as_bytes();
    let mut from = 0;
    while let Some(found) = code[from..].find("crate::") {
        let start = from + found;
        from = start + "crate::".len();
        // `crate` as a whole word: not the end of `my_crate::` or `$crate::`.
        if start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_' || bytes[start - 1] == b'$') {
            continue;
        }
        let rest = code[from..].trim_start();
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let mut item = String::new();
            for ch in group.chars() {
                match ch {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        names.push(leading_name(&item));
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                if depth == 0 || ch != '{' {
                    item.push(ch);
                }
            }
            if !item.trim().is_empty() {
                names.push(leading_name(&item));
            }
        } else {
            names.push(leading_name(rest));
        }
    }
    names.retain(|n| !n.is_empty());
    names
}

fn leading_name(s: &str) -> String {
    s.trim_start().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect()
}

/// Every wall a file crosses: `(file, what)`.
fn violations(root: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut files = Vec::new();
    collect(&root.join("src"), &mut files);
    for file in files {
        let rel = file.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
        let inside = rel.strip_prefix("src/").unwrap();
        let Some((layer, _)) = inside.split_once('/') else {
            if inside != "lib.rs" {
                out.push((rel, "a source file outside the layer folders".into()));
            }
            continue;
        };
        let Some(mine) = rank(layer) else {
            out.push((rel.clone(), format!("`src/{layer}/` is not a layer (tests/layers.rs LAYERS)")));
            continue;
        };
        let src = fs::read_to_string(&file).unwrap();
        let code = code_only(&src);
        if code.contains("#[path") {
            out.push((rel.clone(), "a #[path] attribute (a module declared outside its folder)".into()));
        }
        for name in crate_paths(&code) {
            match rank(&name) {
                Some(r) if r <= mine => {}
                Some(_) => out.push((rel.clone(), format!("`crate::{name}`: the {layer} layer uses the higher {name} layer"))),
                None => out.push((rel.clone(), format!("`crate::{name}`: reaches the crate root; name the layer instead"))),
            }
        }
    }
    out
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}

#[test]
fn a_lower_layer_never_uses_a_higher_one() {
    let found = violations(Path::new(env!("CARGO_MANIFEST_DIR")));
    let list: Vec<String> = found.iter().map(|(f, what)| format!("  {f}: {what}")).collect();
    assert!(found.is_empty(), "{} crossings of the layers (src/lib.rs):\n{}", found.len(), list.join("\n"));
}

#[test]
fn every_layer_has_its_folder() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for layer in LAYERS {
        assert!(src.join(layer).join("mod.rs").is_file(), "src/{layer}/mod.rs");
    }
}

/// The checker itself: it sees paths in code, groups included, and not in comments or strings.
#[test]
fn the_checker_sees_code_and_only_code() {
    let code = code_only(
        "use crate::engine::Engine; // crate::store\n/* crate::exchange /* nested */ crate::engine */\n\
         let s = \"crate::engine\"; let r = r#\"crate::engine \"quoted\"\"#; let c = '\"'; let q = '\\'';\n\
         fn f<'a>(x: &'a str) -> crate::base::Result<()> { crate::Result::Ok(()) }\n\
         use crate::{text::fold, listening::{tally, trends}};",
    );
    assert_eq!(crate_paths(&code), ["engine", "base", "Result", "text", "listening"]);
    assert_eq!(rank("base"), Some(0));
    assert!(rank("engine") > rank("exchange") && rank("exchange") > rank("store"));
    assert!(rank("store") > rank("listening") && rank("listening") > rank("analysis") && rank("analysis") > rank("text"));
}
