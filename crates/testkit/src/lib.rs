//! Test support for every crate of the workspace, kept out of the runtime crates: only tests
//! depend on it (`[dev-dependencies]`), so nothing here reaches the cores, the simulator or
//! the page's WASM.
//!
//! - [`story`]: the runner for story-style (golden script) tests.
//! - [`COMPACT_TIMERS`]: the short timers the cores' stories and message-by-message tests
//!   run on.
//! - [`proptest_scale`]: how many cases a property test runs (`PROPTEST_SCALE`).
//! - [`edges`]: number strategies that reach the edges of their type (`0`, `1`, `MAX − 1`,
//!   `MAX`, and the protocols' own limits), where overflow bugs live.

pub mod edges;
pub mod proptest_scale;
pub mod story;

use common::Timers;

/// The timers the cores' own tests choose by name: elections after 10 to 20 ticks, heartbeats
/// every 3, against the playground's [`Timers::DEFAULT`] of 15 to 30 and 5. Stories and tests
/// that drive a cluster tick by tick (`tick 1 3` for one heartbeat) stay short and read the
/// same whatever the playground's defaults become; the simulator's scenarios, and the traces
/// and hashes of its golden links, use the defaults.
pub const COMPACT_TIMERS: Timers = Timers {
    election_timeout_ticks_min: 10,
    election_timeout_ticks_max: 20,
    heartbeat_interval_ticks: 3,
};
