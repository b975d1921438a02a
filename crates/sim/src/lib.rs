//! The deterministic world around the consensus cores: simulated time, network, faults,
//! clients, checkers, trace and scenarios.

pub mod scenario;

pub use scenario::{Protocol, Scenario, ScenarioError};
