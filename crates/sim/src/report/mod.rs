//! What a run leaves behind: its [`trace`] (and the structural [`trace_hash`] that golden
//! links replay to), [`metrics`], a [`summary`] as text or JSON, and [`mermaid`] sequence
//! diagrams.

pub mod mermaid;
pub mod metrics;
pub mod summary;
pub mod trace;
pub mod trace_hash;
