//! The page's reports, loaded on demand: today the Mermaid export. Thin on purpose, like the
//! simulator's bindings (`crates/wasm`): it reads a scenario, replays it to the window's end
//! in its own simulator, and returns `sim`'s diagram; nothing here knows a protocol rule, and
//! bad input is a JS `Error`, never a trap. A module of its own so that the simulator the page
//! loads first does not carry the diagram code (the WASM weight budget).

use sim::report::mermaid::{Window, LINES_MAX};
use sim::{Scenario, Simulation};
use wasm_bindgen::prelude::*;

#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}

/// The longest run the export replays, in simulated milliseconds (as `tick` and `seek`).
const MS_MAX_WHOLE: u64 = 24 * 60 * 60 * 1000;

/// The run of `scenarioJson` (the page's scenario, with every action done so far) between
/// `fromMs` and `toMs` as a Mermaid `sequenceDiagram` that tells its story: messages with
/// their content, heartbeats folded, notes for role changes, faults and commits.
#[wasm_bindgen]
pub fn mermaid(scenario_json: &str, from_ms: f64, to_ms: f64) -> Result<String, JsError> {
    let from = milliseconds_to_us("fromMs", from_ms)?;
    let to = milliseconds_to_us("toMs", to_ms)?;
    if from > to {
        return Err(JsError::new("fromMs must not be after toMs"));
    }
    let scenario = Scenario::from_json(scenario_json)?;
    Ok(Simulation::mermaid_of(
        scenario,
        Window { from, to },
        LINES_MAX,
    )?)
}

/// A time from JS, in ms, as whole microseconds: finite, not negative, at most a day.
fn milliseconds_to_us(field: &str, ms: f64) -> Result<u64, JsError> {
    if !(ms.is_finite() && (0.0..=MS_MAX_WHOLE as f64).contains(&ms)) {
        return Err(JsError::new(&format!(
            "{field} must be a number of milliseconds from 0 to {MS_MAX_WHOLE} (one day)"
        )));
    }
    Ok((ms * 1000.0).round() as u64)
}
