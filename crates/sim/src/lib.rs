//! The deterministic world around the consensus cores: simulated time, network, faults,
//! clients, checkers, trace and scenarios.

pub mod action;
pub mod adapter;
pub mod bench;
pub mod bugs;
pub mod check;
pub mod checks;
pub mod clients;
pub mod history;
pub mod kv;
pub mod linearizability;
pub mod link;
pub mod mermaid;
pub mod metrics;
pub mod network;
pub mod node;
pub mod presets;
pub mod protocol;
pub mod report;
pub mod scenario;
pub mod simulation;
pub mod snapshot;
pub mod sweep;
pub mod timeline;
pub mod trace;
pub mod world;

pub use scenario::{Protocol, Scenario, ScenarioError};
pub use simulation::Simulation;
