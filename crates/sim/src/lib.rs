//! The deterministic world around the consensus cores.
//!
//! A [`Scenario`] (a seed and a timed list of actions, [`scenario`]) goes in; an exact,
//! replayable history comes out, checked after every step. Everything that happens is decided
//! by the seed and the scenario, so the same scenario gives the same trace, byte for byte,
//! natively, in Node and in every browser (the [`report::trace_hash`] proves it).
//!
//! # Layout
//!
//! The folders follow the tour below:
//!
//! - `cores/`: the [`cores::Core`] trait and one small adapter per consensus core.
//! - `engine/`: the world (time, queue, network, servers, clients and their store) and time
//!   travel ([`Simulation`]), plus the view snapshot the page draws.
//! - `checks/`: the invariant checkers, one small module per invariant, and linearizability.
//! - `scenario/`: what a run is made of (the [`Scenario`] and its actions, bug switches,
//!   presets), its JSON format and its links.
//! - `report/`: what a run leaves behind: trace, structural trace hash, metrics, summary,
//!   Mermaid diagrams.
//! - `sweep` and `tools/`: seed sweeps and benchmarks; `bin/raftplay.rs`: the command line.
//!
//! # A tour
//!
//! - **One trait for both protocols.** [`cores::Core`] is what the world needs from a
//!   consensus core: `tick`, `step`, `propose`, `campaign`, its messages, events and view.
//!   `cores/raft.rs` and `cores/paxos.rs` implement it for the two cores in a few lines
//!   each, so everything below is written once.
//! - **Time and the queue.** [`engine::world::World`] keeps simulated time in microseconds and an event
//!   queue ordered by (time, sequence number): node ticks (each node at its own, possibly
//!   skewed, rate), message deliveries and client events. Scenario actions are read from the
//!   scenario's list and happen before anything else scheduled for the same instant. `step`
//!   processes exactly one event; `run_until` every event up to a time.
//! - **The network.** [`engine::network::Network`] gives each message a delay (minimum plus a uniform
//!   jitter, which reorders), may lose or duplicate it, drops it on a cut link (symmetric or
//!   one way), and in manual mode holds it until the user delivers, drops or duplicates it.
//!   Every message in flight is visible with its send and delivery times.
//! - **Faults.** A crash keeps only the core's durable state; a restart builds a new node from
//!   it (a new incarnation, with its own seed). A paused server does not tick, and messages
//!   wait for it. Clocks can run fast or slow.
//! - **Clients.** [`engine::clients`] run a key-value workload ([`engine::kv`]): put, get and append on a few
//!   keys, one operation at a time per client, following redirects, retrying elsewhere after
//!   a timeout (the store applies each operation once), and finally giving up — the operation
//!   then "maybe happened". Every operation is recorded in the [`engine::history`].
//! - **Checkers.** After every step that changed a server, the protocol's checkers run
//!   ([`checks`], one small module per invariant): for Raft, Election Safety (with a ledger of
//!   every term's leader), Leader Append-Only, Log Matching, Leader Completeness, State Machine
//!   Safety, committed-on-a-quorum, committed entries staying on a majority and monotonic
//!   terms and votes; for Multi-Paxos, Agreement, P2c, one value per (ballot, slot), promise
//!   monotonicity and ordered application. The client history is checked for linearizability
//!   ([`checks::linearizability`], Porcupine-style) as operations complete. A violation names
//!   the invariant, the servers, the entries and the step. Sweeps and the CLI stop at the
//!   first; the page keeps going ([`Simulation::keep_going`]): the checks run on after every
//!   step and the first distinct violations are kept, so what the broken rule leads to (a
//!   committed entry overwritten, state machines that disagree) is found and named too.
//! - **Trace and metrics.** Every event goes into the [`report::trace`] with the core's reason, in
//!   plain English; [`report::metrics`] counts messages and bytes by type, elections, time without a
//!   leader, commit latency and re-sent entries, and samples them over time.
//! - **Time travel.** A [`engine::timeline::Timeline`] keeps checkpoints (clones of the world) as it
//!   goes, so seeking to any time replays only from the nearest one; acting in the past forks
//!   the scenario. [`Simulation`] holds a timeline of either protocol behind one type; each
//!   protocol is a cargo feature (`raft`, `paxos`, both on by default), so the page builds one
//!   WASM per protocol and downloads only the core it shows.
//! - **Scenarios, presets, links, sweeps.** [`scenario::presets`] are scenarios with captions and
//!   expected outcomes (the `presets` feature, on by default: the page's WASM leaves them out
//!   and fetches their list, a file the build writes); [`scenario::link`] puts a scenario in a URL
//!   fragment; [`sweep`] derives random fault schedules from a seed (a chaos phase, then a
//!   liveness phase in which every fault heals and the cluster must recover). Scenarios are
//!   JSON, read and written by hand ([`scenario::json`], and the `scenario/format` module for each type) so that
//!   the page's WASM carries no serde deserializer. The `raftplay` binary drives all of it from
//!   the command line.
//!
//! # What is left out
//!
//! - Checkpoints are full clones: a very long run with a busy workload holds up to a gigabyte
//!   of checkpoints, and cloning slows a busy run with time travel on to a fifth of its
//!   forward-only speed (forward-only runs keep no checkpoints). Structural sharing would fix
//!   both.
//! - Linearizability is checked online only while a key has at most
//!   [`engine::world::LINEARIZABILITY_ONLINE_OPS_MAX`] operations; longer histories are checked at
//!   the end of a run (`raftplay run`, sweeps).
//! - Clients talk to servers directly, outside the simulated network's partitions.
//! - No disk model: a crash keeps exactly the durable state the core last reported, so
//!   torn or lost writes are not simulated.

// Some module docs link private helpers: the docs are built with --document-private-items.
#![allow(rustdoc::private_intra_doc_links)]
#![forbid(unsafe_code)]

pub mod checks;
pub mod cores;
pub mod engine;
pub mod report;
pub mod scenario;
pub mod sweep;
pub mod tools;

pub use engine::simulation::Simulation;
pub use scenario::{ProtocolKind, Scenario, ScenarioError};
