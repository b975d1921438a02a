//! The invariant checkers, one small module per invariant (after openraft's simulation
//! checker). They run after every simulated step, in tests, sweeps and the page.
//!
//! - [`context`]: what every checker sees after a step, and the [`Violation`] it reports.
//! - [`raft`] and [`paxos`]: each protocol's invariants.
//! - [`linearizability`]: the client history, checked as operations complete.

pub mod context;
pub mod linearizability;
pub mod paxos;
pub mod raft;

pub use context::{CheckContext, Millis, Violation};
