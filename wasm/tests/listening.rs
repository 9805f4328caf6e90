//! The listening call as JS sees it: one request object in, `{result, writes, removals}` out, and a bad
//! watch query as a JS error naming its position.
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

const NOW: f64 = 1_739_196_187_000.0;

fn get(v: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(v, &JsValue::from_str(key)).expect("property")
}

fn json(s: &str) -> JsValue {
    js_sys::JSON::parse(s).expect("json")
}

#[wasm_bindgen_test]
fn watchlist_summary_and_backup_cross_the_boundary() {
    let mut engine = ecoute_wasm::Engine::new(JsValue::UNDEFINED, NOW).expect("engine");
    let set = engine
        .listening(json(r#"{"op":"watchlist_set","items":[{"query":"Décathlon"}]}"#), NOW)
        .expect("watchlist");
    assert!(!get(&get(&set, "writes"), "watchlist").is_undefined());
    let err = engine
        .listening(json(r#"{"op":"watchlist_set","items":[{"query":"a AND"}]}"#), NOW)
        .err()
        .expect("a bad query throws");
    let args = get(&err, "args");
    let msg: String = js_sys::Error::from(err).message().into();
    assert!(msg.contains("at position 3"), "{msg}");
    // its figures, for the extension's words (src/error.rs Error::args)
    assert_eq!(get(&args, "kind").as_string().as_deref(), Some("query"));
    assert_eq!(get(&args, "position").as_f64(), Some(3.0));
    assert_eq!(get(&get(&args, "problem"), "kind").as_string().as_deref(), Some("no_right_term"));
    assert_eq!(get(&get(&args, "problem"), "op").as_string().as_deref(), Some("AND"));
    let posts = json(r#"[{"site":"x","id":"1","text":"decathlon top","author":{"handle":"a","followers":5000}}]"#);
    let r = engine.ingest(posts, JsValue::UNDEFINED, NOW, 60).expect("ingest");
    let a = js_sys::Array::from(&get(&r, "annotations")).get(0);
    assert_eq!(js_sys::Array::from(&get(&a, "watch")).get(0).as_string().as_deref(), Some("Décathlon"));
    assert_eq!(js_sys::Array::from(&get(&a, "badges")).length(), 1);
    // The kept post and its sums, for the background to make durable.
    let kept = js_sys::Array::from(&get(&r, "kept"));
    assert_eq!(kept.length(), 1);
    assert_eq!(get(&kept.get(0), "k").as_string().as_deref(), Some("x:1"));
    let deltas = get(&r, "deltas");
    // The sums folded in the person's offset, as the popup and dashboard read them.
    let offsets = vec![60; js_sys::Array::from(&deltas).length() as usize];
    let view = ecoute_wasm::fold(deltas, offsets).expect("fold");
    assert_eq!(get(&get(&get(&view, "seen_total"), "total"), "posts").as_f64(), Some(1.0));
    let summary = format!(r#"{{"op":"summary","view":{}}}"#, String::from(js_sys::JSON::stringify(&view).unwrap()));
    let s = engine.listening(json(&summary), NOW).expect("summary");
    assert_eq!(get(&get(&s, "result"), "distinct_posts").as_f64(), Some(1.0));
    // What the background found already kept: the same post is not counted again.
    let known = js_sys::Object::new();
    js_sys::Reflect::set(&known, &JsValue::from_str("posts"), &kept).unwrap();
    let again = engine.ingest(json(r#"[{"site":"x","id":"1","text":"decathlon top"}]"#), known.into(), NOW, 60).expect("ingest");
    let a = js_sys::Array::from(&get(&again, "annotations")).get(0);
    assert_eq!(get(&a, "counted").as_bool(), Some(false));
    // A backup crosses the boundary and restores.
    let b = engine.listening(json(r#"{"op":"backup"}"#), NOW).expect("backup");
    let text: String = js_sys::JSON::stringify(&get(&get(&b, "result"), "doc")).unwrap().into();
    let restore = format!(r#"{{"op":"restore","doc":{text}}}"#);
    engine.listening(json(&restore), NOW).expect("restore");
}
