//! The page's window into the simulator. Thin on purpose: every function converts arguments,
//! calls `sim`, and converts the answer back. Nothing here knows a protocol rule, and nothing
//! coming from JavaScript can make it trap: bad input becomes a JS `Error` with a readable
//! message.

use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(start)]
fn start() {
    // Turns any remaining bug into a readable console message instead of "unreachable".
    console_error_panic_hook::set_once();
}

/// A playground: one simulated cluster.
#[wasm_bindgen]
pub struct Playground {
    scenario: sim::Scenario,
}

#[derive(Serialize)]
struct NodeView {
    id: u8,
    name: String,
}

#[derive(Serialize)]
struct View {
    protocol: sim::Protocol,
    seed: String,
    nodes: Vec<NodeView>,
}

#[wasm_bindgen]
impl Playground {
    /// `new Playground(nodes, seed)`: `nodes` in 1..=9; `seed` a non-negative integer.
    #[wasm_bindgen(constructor)]
    pub fn new(nodes: f64, seed: f64) -> Result<Playground, JsError> {
        let nodes = whole_number("nodes", nodes)?;
        let seed = whole_number("seed", seed)?;
        let scenario = sim::Scenario::new(sim::Protocol::Raft, nodes, seed)?;
        Ok(Playground { scenario })
    }

    /// A snapshot for the renderer.
    pub fn view(&self) -> Result<JsValue, JsError> {
        let view = View {
            protocol: self.scenario.protocol,
            seed: self.scenario.seed.to_string(),
            nodes: self
                .scenario
                .node_ids()
                .map(|id| NodeView {
                    id,
                    name: common::node_name(id),
                })
                .collect(),
        };
        Ok(serde_wasm_bindgen::to_value(&view)?)
    }
}

/// A fresh seed from the platform's generator (the only use of getrandom: it never drives
/// the simulation itself, it only picks where a new one starts).
#[wasm_bindgen(js_name = newSeed)]
pub fn new_seed() -> Result<f64, JsError> {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).map_err(|e| JsError::new(&format!("no random source: {e}")))?;
    // Seeds travel through JS numbers: keep them below 2^53 so they survive exactly.
    Ok((u64::from_le_bytes(bytes) >> 11) as f64)
}

/// JS numbers are doubles: accept only whole, non-negative, exactly representable ones.
fn whole_number(field: &str, value: f64) -> Result<u64, JsError> {
    const EXACT_MAX: f64 = 9_007_199_254_740_991.0; // 2^53 - 1
    if !(value.is_finite() && value >= 0.0 && value.fract() == 0.0 && value <= EXACT_MAX) {
        return Err(JsError::new(&format!(
            "{field} must be a whole number from 0 to 2^53-1, not {value}"
        )));
    }
    Ok(value as u64)
}
