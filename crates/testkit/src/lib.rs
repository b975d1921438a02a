//! Test support for every crate of the workspace, kept out of the runtime crates: only tests
//! depend on it (`[dev-dependencies]`), so nothing here reaches the cores, the simulator or
//! the page's WASM.
//!
//! - [`story`]: the runner for story-style (golden script) tests.
//! - [`proptest_scale`]: how many cases a property test runs (`PROPTEST_SCALE`).
//! - [`edges`]: number strategies that reach the edges of their type (`0`, `1`, `MAX − 1`,
//!   `MAX`, and the protocols' own limits), where overflow bugs live.

pub mod edges;
pub mod proptest_scale;
pub mod story;
