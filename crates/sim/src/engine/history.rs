//! The client history: what every operation asked, when, and what (if anything) came back.
//! The linearizability checker reads it; the page shows it.

use crate::engine::kv::{ClientId, KvOp, KvOutput};
use serde::Serialize;

/// Simulated time in microseconds since the start of the run.
pub type Time = u64;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Operation {
    pub client: ClientId,
    pub seq: u32,
    pub op: KvOp,
    pub invoked_at: Time,
    pub outcome: Outcome,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Outcome {
    /// Still waiting for an answer: it may or may not take effect.
    Pending,
    /// Answered at `at` with `output`: it took effect at some instant between invocation and
    /// answer.
    Returned { at: Time, output: KvOutput },
    /// The client gave up: the operation may have taken effect (at any time after its
    /// invocation) or not at all.
    TimedOut { at: Time },
}

impl Operation {
    /// The latest instant the operation can have taken effect, if it must have taken effect.
    pub fn returned_at(&self) -> Option<Time> {
        match self.outcome {
            Outcome::Returned { at, .. } => Some(at),
            Outcome::Pending | Outcome::TimedOut { .. } => None,
        }
    }
}

/// All operations, in invocation order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct History {
    pub operations: Vec<Operation>,
}
