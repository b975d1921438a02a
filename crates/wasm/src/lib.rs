//! The page's window into the simulator. Thin on purpose: every function converts arguments,
//! calls `sim`, and converts the answer back. Nothing here knows a protocol rule, and nothing
//! coming from JavaScript can make it trap: bad input becomes a JS `Error` with a readable
//! message.
//!
//! The Mermaid export is not here: it lives in the reports module (`crates/wasm-report`),
//! which the page loads only when asked for one, so this simulator stays within its weight.

use serde::Serialize;
use sim::scenario::action::Action;
use sim::{Scenario, Simulation};
use wasm_bindgen::prelude::*;

/// Talc instead of Rust's default WASM allocator (dlmalloc): a few KB less WASM, and faster.
/// The page is single-threaded WebAssembly, which this allocator is built for.
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[wasm_bindgen(start)]
fn start() {
    // Turns any remaining bug into a readable console message (what panicked, and where)
    // instead of "unreachable". Written here rather than taken from console_error_panic_hook,
    // which adds the JS stack too: 0.5 KB of gzip that the page's WASM budget needs.
    std::panic::set_hook(Box::new(|info| console_error(&info.to_string())));
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(message: &str);
}

/// One simulated cluster and its whole history.
#[wasm_bindgen]
pub struct Playground {
    sim: Simulation,
}

/// The longest jump `tick` and `seek` accept at once, in simulated milliseconds.
const JUMP_MS_MAX_WHOLE: u64 = 24 * 60 * 60 * 1000;
const JUMP_MS_MAX: f64 = JUMP_MS_MAX_WHOLE as f64;

#[wasm_bindgen]
impl Playground {
    /// `new Playground(scenarioJson)`: a scenario as JSON text (see the scenario format). The
    /// run goes on after a violation, so that the page shows what the broken rule leads to.
    #[wasm_bindgen(constructor)]
    pub fn new(scenario_json: &str) -> Result<Playground, JsError> {
        let scenario = Scenario::from_json(scenario_json)?;
        let mut sim = Simulation::new(scenario)?;
        sim.keep_going();
        Ok(Playground { sim })
    }

    /// Advances simulated time by `ms` milliseconds (fractions allowed), processing every
    /// event on the way. Returns false if the run cannot go on (a message flood halts it).
    pub fn tick(&mut self, ms: f64) -> Result<bool, JsError> {
        let us = milliseconds_to_us("ms", ms)?;
        let target = self.sim.now().saturating_add(us);
        Ok(self.sim.run_until(target))
    }

    /// Processes exactly one event; false if nothing could be done.
    pub fn step(&mut self) -> bool {
        self.sim.step()
    }

    /// Goes back exactly one event.
    #[wasm_bindgen(js_name = stepBack)]
    pub fn step_back(&mut self) {
        self.sim.step_back();
    }

    /// Goes to simulated time `ms`, forwards or backwards.
    pub fn seek(&mut self, ms: f64) -> Result<(), JsError> {
        let us = milliseconds_to_us("ms", ms)?;
        self.sim.seek(us);
        Ok(())
    }

    /// Does a user action now, given as JSON text, e.g. `{"do":"crash","node":1}`. In the
    /// past, this forks: true if it did (the branch left is one `switchBranch` away).
    pub fn inject(&mut self, action_json: &str) -> Result<bool, JsError> {
        let action = Action::from_json(action_json)
            .map_err(|e| JsError::new(&format!("not an action: {e}")))?;
        Ok(self.sim.inject(action)?)
    }

    /// Goes over to the other side of the last fork, at the moment of the fork ("Undo: bring
    /// back what came after"; again: back to the fork's side). False if there is none.
    #[wasm_bindgen(js_name = switchBranch)]
    pub fn switch_branch(&mut self) -> bool {
        self.sim.switch_branch()
    }

    /// Replaces the scenario (options, bugs, network, size…) and replays to the same time.
    pub fn reconfigure(&mut self, scenario_json: &str) -> Result<(), JsError> {
        let scenario = Scenario::from_json(scenario_json)?;
        self.sim.reconfigure(scenario)?;
        Ok(())
    }

    /// A snapshot for the renderer; each log cut to its last `log_tail` entries.
    pub fn view(&self, log_tail: u32) -> Result<JsValue, JsError> {
        to_js(&self.sim.snapshot(log_tail as usize))
    }

    /// Recent events (with the core's reasons) after step `after_step`.
    pub fn events(&self, after_step: f64) -> Result<JsValue, JsError> {
        let after = if after_step.is_finite() && after_step > 0.0 {
            after_step as u64
        } else {
            0
        };
        to_js(&self.sim.events(after))
    }

    /// Events processed so far (cheap: lets the page skip frames where nothing happened).
    pub fn steps(&self) -> f64 {
        self.sim.steps() as f64
    }

    pub fn metrics(&self) -> Result<JsValue, JsError> {
        to_js(&self.sim.metrics())
    }

    #[wasm_bindgen(js_name = traceHash)]
    pub fn trace_hash(&self) -> String {
        sim::report::trace::hash_text(self.sim.trace_hash())
    }

    /// The scenario as JSON, including every action done so far: what a link carries.
    #[wasm_bindgen(js_name = scenarioJson)]
    pub fn scenario_json(&self) -> String {
        self.sim.scenario().to_json()
    }

    /// Simulated time now, in milliseconds.
    #[wasm_bindgen(js_name = nowMs)]
    pub fn now_ms(&self) -> f64 {
        self.sim.now() as f64 / 1000.0
    }
}

/// Reads a scenario from a link or fragment; returns its JSON, or throws a readable Error.
#[wasm_bindgen(js_name = scenarioFromLink)]
pub fn scenario_from_link(link: &str) -> Result<String, JsError> {
    Ok(sim::scenario::link::decode(link)?.to_json())
}

/// The default scenario, as JSON.
#[wasm_bindgen(js_name = defaultScenario)]
pub fn default_scenario() -> String {
    Scenario::default().to_json()
}

/// The bug switches of this build's protocol: `[{name, protocol, breaks}]`.
#[wasm_bindgen]
pub fn bugs() -> Result<JsValue, JsError> {
    #[derive(Serialize)]
    struct Bug {
        name: &'static str,
        protocol: sim::ProtocolKind,
        breaks: &'static str,
    }
    let list: Vec<Bug> = sim::scenario::bugs::all()
        .into_iter()
        .map(|b| Bug {
            name: b.name,
            protocol: b.protocol,
            breaks: b.breaks,
        })
        .collect();
    to_js(&list)
}

/// A fresh seed from the platform's generator (the only use of getrandom: it never drives
/// the simulation itself, it only picks where a new one starts).
#[wasm_bindgen(js_name = newSeed)]
pub fn new_seed() -> Result<f64, JsError> {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).map_err(|_| {
        JsError::new("this browser gives no random numbers (crypto.getRandomValues)")
    })?;
    // Seeds travel through JS numbers: keep them below 2^53 so they survive exactly.
    Ok((u64::from_le_bytes(bytes) >> 11) as f64)
}

/// Views cross as plain JS objects built by serde-wasm-bindgen (no JSON text in between).
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    let serializer = serde_wasm_bindgen::Serializer::new()
        .serialize_maps_as_objects(true)
        .serialize_missing_as_null(true);
    value
        .serialize(&serializer)
        .map_err(|e| JsError::new(&format!("could not build the view: {e}")))
}

/// A duration or time from JS, in ms, as whole microseconds: finite, not negative, bounded.
fn milliseconds_to_us(field: &str, ms: f64) -> Result<u64, JsError> {
    if !(ms.is_finite() && (0.0..=JUMP_MS_MAX).contains(&ms)) {
        // The refused value is not echoed: formatting floats would add 18 KB to the WASM,
        // and the caller has it anyway.
        return Err(JsError::new(&format!(
            "{field} must be a number of milliseconds from 0 to {JUMP_MS_MAX_WHOLE} (one day)"
        )));
    }
    Ok((ms * 1000.0).round() as u64)
}
