//! Runs inside headless Chromium: `cargo test --target wasm32-unknown-unknown -p playground-wasm`.

use playground::{new_seed, Playground};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn field(value: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(value, &JsValue::from_str(name)).expect("object field")
}

#[wasm_bindgen_test]
fn view_lists_every_node_by_name() {
    let playground = Playground::new(5.0, 42.0).expect("5 nodes is valid");
    let view = playground.view().expect("view");
    let nodes = js_sys::Array::from(&field(&view, "nodes"));
    assert_eq!(nodes.length(), 5);
    assert_eq!(
        field(&nodes.get(4), "name").as_string().as_deref(),
        Some("S5")
    );
    assert_eq!(field(&view, "seed").as_string().as_deref(), Some("42"));
}

#[wasm_bindgen_test]
fn bad_arguments_are_errors_not_traps() {
    for (nodes, seed) in [
        (0.0, 1.0),
        (10.0, 1.0),
        (f64::NAN, 1.0),
        (3.5, 1.0),
        (3.0, -1.0),
    ] {
        assert!(
            Playground::new(nodes, seed).is_err(),
            "({nodes}, {seed}) should be refused"
        );
    }
    // The module is still alive and usable after the errors.
    assert!(Playground::new(3.0, 1.0).is_ok());
}

#[wasm_bindgen_test]
fn new_seed_is_exact_in_a_js_number() {
    let seed = new_seed().expect("the browser has a random source");
    assert!(seed >= 0.0 && seed.fract() == 0.0 && seed < 9_007_199_254_740_992.0);
}
