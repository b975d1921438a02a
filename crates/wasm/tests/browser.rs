//! Runs inside headless Chromium: `cargo test --target wasm32-unknown-unknown -p playground-wasm`.

use playground::{default_scenario, new_seed, scenario_from_link, Playground};
use sim::scenario::json::Fields;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn field(value: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(value, &JsValue::from_str(name)).expect("object field")
}

#[wasm_bindgen_test]
fn a_cluster_elects_a_leader_in_the_browser() {
    let mut playground = Playground::new(&default_scenario()).expect("the default scenario");
    playground.tick(3000.0).expect("tick");
    let view = playground.view(20).expect("view");
    let nodes = js_sys::Array::from(&field(&view, "nodes"));
    assert_eq!(nodes.length(), 5);
    let leader = field(&view, "leader").as_f64().expect("a leader after 3 s");
    let leader_node = nodes.get(leader as u32 - 1);
    assert_eq!(
        field(&leader_node, "role").as_string().as_deref(),
        Some("leader")
    );
    assert_eq!(js_sys::Array::from(&field(&view, "violations")).length(), 0);
}

#[wasm_bindgen_test]
fn the_trace_hash_matches_a_replay() {
    let mut a = Playground::new(&default_scenario()).unwrap();
    a.tick(2000.0).unwrap();
    a.inject(r#"{"do":"crash","node":1}"#).unwrap();
    a.tick(2000.0).unwrap();
    let mut b = Playground::new(&a.scenario_json()).unwrap();
    b.seek(a.now_ms()).unwrap();
    assert_eq!(a.trace_hash(), b.trace_hash());
}

#[wasm_bindgen_test]
fn undoing_a_fork_restores_the_trace_hash_of_the_dropped_future() {
    let mut pg = Playground::new(&default_scenario()).unwrap();
    pg.tick(3000.0).unwrap();
    let dropped = pg.trace_hash();
    assert!(!pg.switch_branch(), "no fork yet");
    pg.seek(1000.0).unwrap();
    assert!(
        pg.inject(r#"{"do":"crash","node":1}"#).unwrap(),
        "acting in the past forks"
    );
    pg.tick(1000.0).unwrap();
    assert!(pg.switch_branch());
    assert_eq!(pg.now_ms(), 1000.0);
    pg.seek(3000.0).unwrap();
    assert_eq!(pg.trace_hash(), dropped);
    assert!(
        !pg.inject(r#"{"do":"crash","node":2}"#).unwrap(),
        "at the end: no fork"
    );
}

#[wasm_bindgen_test]
fn bad_input_is_an_error_not_a_trap() {
    for text in [
        "",
        "{",
        "null",
        r#"{"format":1,"nodes":0}"#,
        r#"{"format":9}"#,
    ] {
        assert!(Playground::new(text).is_err(), "{text:?} should be refused");
    }
    let mut playground = Playground::new(&default_scenario()).unwrap();
    assert!(playground.tick(f64::NAN).is_err());
    assert!(playground.tick(-1.0).is_err());
    assert!(playground.seek(f64::INFINITY).is_err());
    for bad in [
        r#"{"do":"crash","node":99}"#,
        r#"{"do":"explode"}"#,
        r#"{"do":"partition","groups":[[1,1]]}"#,
        "42",
    ] {
        assert!(playground.inject(bad).is_err(), "{bad} should be refused");
    }
    for not_json in ["", "{", "undefined", "{\"do\":\"crash\",\"node\":1.5}"] {
        assert!(
            playground.inject(not_json).is_err(),
            "{not_json} should be refused"
        );
    }
    // Still alive and usable.
    assert!(playground.tick(100.0).is_ok());
}

#[wasm_bindgen_test]
fn an_initial_state_no_run_can_write_is_refused_by_field() {
    let raft = |durable: &str| {
        format!(
            r#"{{"format":1,"nodes":3,"initial":[{{"node":1,"protocol":"raft","durable":{durable}}}],"run_until_ms":5000}}"#
        )
    };
    for (durable, field) in [
        (
            r#"{"term":18446744073709551614,"voted_for":null,"log":[]}"#,
            "initial[0].durable.term",
        ),
        (
            r#"{"term":1,"voted_for":null,"log":[{"index":1,"term":9,"payload":"Noop"}]}"#,
            "initial[0].durable.log[0].term",
        ),
    ] {
        let Err(error) = Playground::new(&raft(durable)) else {
            panic!("{durable} was accepted");
        };
        let message = js_sys::Error::from(JsValue::from(error)).message();
        assert!(
            String::from(message.clone()).contains(&format!("field `{field}`")),
            "{message:?}"
        );
    }
}

#[wasm_bindgen_test]
fn new_seed_is_exact_in_a_js_number() {
    let seed = new_seed().expect("the browser has a random source");
    assert!(seed >= 0.0 && seed.fract() == 0.0 && seed < 9_007_199_254_740_992.0);
}

/// The golden links replay to the same trace hashes in the browser as natively.
#[wasm_bindgen_test]
fn golden_links_give_the_native_trace_hashes() {
    let file = sim::scenario::json::parse(include_str!("../../../fixtures/links-v1.json")).unwrap();
    let fixtures = Fields::read(&file, |fields| {
        let _: (String, u64) = (fields.required("about")?, fields.required("hash_version")?);
        fields.required_with("fixtures", |value| Ok(value.clone()))
    })
    .unwrap();
    let sim::scenario::json::Json::Array(fixtures) = fixtures else {
        panic!("the fixture file's fixtures are an array");
    };
    assert!(fixtures.len() >= 15);
    for fixture in &fixtures {
        let (name, link, until_ms, trace_hash) = Fields::read(fixture, |fields| {
            Ok((
                fields.required::<String>("name")?,
                fields.required::<String>("link")?,
                fields.required::<u64>("until_ms")?,
                fields.required::<String>("trace_hash")?,
            ))
        })
        .unwrap();
        let scenario = scenario_from_link(&link).unwrap_or_else(|_| panic!("{name}: link"));
        let mut playground = Playground::new(&scenario).unwrap();
        playground.tick(until_ms as f64).unwrap();
        assert_eq!(playground.trace_hash(), trace_hash, "{name}");
    }
}
