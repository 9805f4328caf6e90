//! The binding as JS sees it, under Node: values cross the boundary as plain objects, errors as JS errors.
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

fn get(v: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(v, &JsValue::from_str(key)).expect("property")
}

#[wasm_bindgen_test]
fn analyze_returns_a_plain_object() {
    let a = ecoute_wasm::analyze("I love this phone").expect("analysis");
    assert_eq!(get(&a, "label").as_string().as_deref(), Some("positive"));
    assert!(get(&a, "score").as_f64().unwrap() > 0.0);
    assert!(js_sys::Array::is_array(&get(&a, "evidence")));
}

#[wasm_bindgen_test]
fn engine_counts_a_batch_once_and_names_the_writes() {
    let mut engine = ecoute_wasm::Engine::new(JsValue::UNDEFINED, 1_739_196_187_000.0).expect("engine");
    let posts = js_sys::JSON::parse(r#"[{"site":"x","id":"1","text":"terrible"},{"site":"x","id":"1","text":"terrible"}]"#).unwrap();
    let keys = js_sys::Array::from(&engine.keys_of(posts.clone()).expect("keys"));
    assert_eq!(keys.length(), 2);
    let first = js_sys::Array::from(&keys.get(0));
    assert_eq!(first.get(0).as_string().as_deref(), Some("x:1"));
    assert!(first.get(1).as_f64().unwrap() <= 9_007_199_254_740_991.0, "hashes stay exact as JS numbers");
    let result = engine.ingest(posts, JsValue::NULL, 1_739_196_187_000.0, 0).expect("ingest");
    let annotations = js_sys::Array::from(&get(&result, "annotations"));
    assert_eq!(annotations.length(), 2);
    assert_eq!(get(&annotations.get(0), "counted").as_bool(), Some(true));
    assert_eq!(get(&annotations.get(1), "counted").as_bool(), Some(false), "twice in one batch: counted once");
    let writes = get(&result, "writes");
    // A plain object (not a Map), so it can go straight into chrome.storage.local.set().
    assert!(!writes.is_instance_of::<js_sys::Map>());
    // One kept post, and its sums for one quarter hour.
    assert_eq!(js_sys::Array::from(&get(&result, "kept")).length(), 1);
    assert_eq!(js_sys::Array::from(&get(&result, "deltas")).length(), 1);
}

#[wasm_bindgen_test]
fn bad_input_becomes_a_js_error_not_a_panic() {
    let mut engine = ecoute_wasm::Engine::new(JsValue::NULL, 0.0).expect("engine");
    assert!(engine.ingest(JsValue::from_str("not posts"), JsValue::NULL, 0.0, 0).is_err());
    let future = js_sys::JSON::parse(r#"{"meta":{"schema":999,"retention_days":1}}"#).unwrap();
    assert!(ecoute_wasm::Engine::new(future, 0.0).is_err());
}

#[wasm_bindgen_test]
fn the_stored_state_crosses_as_json_text_too() {
    let state = r#"{"meta":{"schema":4,"retention_days":30,"install_id":"","next_item_id":2},"watchlist":[{"id":1,"rev":1,"query":"fnac"}]}"#;
    let mut engine = ecoute_wasm::Engine::new(JsValue::from_str(state), 0.0).expect("engine from text");
    let get_list = js_sys::JSON::parse(r#"{"op":"watchlist_get"}"#).unwrap();
    let items = js_sys::Array::from(&get(&engine.listening(get_list, 0.0).expect("watchlist"), "result"));
    assert_eq!(items.length(), 1);
    assert!(ecoute_wasm::Engine::new(JsValue::from_str("{not json"), 0.0).is_err(), "bad text is an error, not a panic");
    assert!(ecoute_wasm::Engine::new(JsValue::from_str(r#"{"meta":{"schema":999,"retention_days":1}}"#), 0.0).is_err());
}

#[wasm_bindgen_test]
fn one_bad_record_does_not_sink_the_batch() {
    let mut engine = ecoute_wasm::Engine::new(JsValue::UNDEFINED, 1_739_196_187_000.0).expect("engine");
    let posts = js_sys::JSON::parse(
        r#"[{"site":"x","id":"1","text":"great"},
            {"site":"x","id":"2","text":"ok","author":{"handle":"a","followers":1e30}},
            {"site":"x","id":3,"text":"ok"},
            {"site":"x","id":"4","text":"bad","metrics":{"likes":-1}}]"#,
    )
    .unwrap();
    let result = engine.ingest(posts, JsValue::NULL, 1_739_196_187_000.0, 0).expect("the good records are counted");
    let annotations = js_sys::Array::from(&get(&result, "annotations"));
    assert_eq!(annotations.length(), 1);
    assert_eq!(get(&annotations.get(0), "id").as_string().as_deref(), Some("1"));
    let rejected = js_sys::Array::from(&get(&result, "rejected"));
    assert_eq!(rejected.length(), 3);
    assert!(rejected.get(0).as_string().unwrap().starts_with("record 1:"));
}
