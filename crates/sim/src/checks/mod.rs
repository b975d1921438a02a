//! The invariant checkers, one small module per invariant (after openraft's simulation
//! checker). They run after every simulated step, in tests, sweeps and the page.

pub mod paxos;
pub mod raft;
