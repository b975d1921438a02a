//! The scenario format (`docs/scenario-format.md`) read and written by hand over
//! [`crate::scenario::json`]: one file per part of it. Reading keeps serde's rules as the format had
//! them: fields left out take their defaults, unknown fields are refused, names are
//! lower-case, snake_case (actions) or kebab-case (bugs). Writing puts fields in declaration
//! order, as serde did, so a scenario is written byte for byte as before.

mod action;
mod kv;
mod paxos_durable;
#[cfg(feature = "presets")]
mod preset;
mod raft_durable;
mod scenario;
