//! What every invariant checker sees after a step, and what it reports when an invariant
//! breaks. The checkers themselves live in `checks/`, one small module per invariant.

use common::NodeId;
use serde::Serialize;
use std::fmt;

use crate::cores::Core;
use crate::engine::history::Time;
use crate::engine::kv::KvCommand;
use crate::engine::node::NodeSlot;

pub struct CheckContext<'a, P: Core> {
    /// Every server, up or down, in id order.
    pub nodes: &'a [NodeSlot<P>],
    /// The server whose state this step changed (delivered to, ticked, restarted…), if any.
    pub stepped: Option<NodeId>,
    /// The events the step produced.
    pub events: &'a [P::Event],
    /// Log positions the step applied: (node, index, command or no-op).
    pub applied: &'a [(NodeId, u64, Option<KvCommand>)],
    /// The stepped server was (re)started in this step: its volatile state is new.
    pub restarted: bool,
}

impl<P: Core> CheckContext<'_, P> {
    /// A majority of the cluster.
    pub fn quorum(&self) -> usize {
        self.nodes.len() / 2 + 1
    }

    /// Server `id`, if the cluster has one: ids are 1..=nodes.
    pub fn node(&self, id: NodeId) -> Option<&NodeSlot<P>> {
        crate::engine::node::by_id(self.nodes, id)
    }
}

/// A broken invariant: which, where, and why, in words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Violation {
    /// The invariant's name, e.g. `Election Safety`.
    pub invariant: &'static str,
    pub nodes: Vec<NodeId>,
    /// Log indexes or slots involved.
    pub entries: Vec<u64>,
    pub explanation: String,
    /// Filled in by the world: when it was found.
    pub step: u64,
    pub time_us: Time,
}

impl Violation {
    pub fn new(
        invariant: &'static str,
        nodes: Vec<NodeId>,
        entries: Vec<u64>,
        explanation: String,
    ) -> Violation {
        Violation {
            invariant,
            nodes,
            entries,
            explanation,
            step: 0,
            time_us: 0,
        }
    }
}

impl Violation {
    /// The same finding: one invariant, about the same servers and entries (a run that goes
    /// on reports each once).
    pub fn same_as(&self, other: &Violation) -> bool {
        self.invariant == other.invariant
            && self.nodes == other.nodes
            && self.entries == other.entries
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Test only (`--features reworded-text`): every text says something else, to show
        // that the trace hash never reads it.
        if cfg!(feature = "reworded-text") {
            f.write_str("(reworded) ")?;
        }
        write!(
            f,
            "{} violated at step {} ({} ms): {}",
            self.invariant,
            self.step,
            Millis(self.time_us),
            self.explanation
        )
    }
}

/// Microseconds written as milliseconds with three decimals, `1234.567`, by integer
/// arithmetic: the same text on every platform, and no float formatting in the WASM.
pub struct Millis(pub u64);

impl fmt::Display for Millis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = format!("{}.{:03}", self.0 / 1000, self.0 % 1000);
        f.pad(&text)
    }
}

/// A stable 64-bit mix (SplitMix64's finaliser) for the checkers' ledgers: equal inputs give
/// equal hashes on every platform.
pub fn mix(state: u64, value: u64) -> u64 {
    let mut z = state ^ value.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The hash of a log payload: a command, or a no-op.
pub fn payload_hash(command: Option<&KvCommand>) -> u64 {
    use crate::engine::kv::KvOp;
    match command {
        None => 0x6e6f_6f70, // "noop"
        Some(c) => {
            let (tag, key, value) = match c.op {
                KvOp::Put { key, value } => (1u64, key, value),
                KvOp::Append { key, value } => (2, key, value),
                KvOp::Get { key } => (3, key, 0),
            };
            let packed = (u64::from(c.client) << 48) | (tag << 40) | u64::from(key);
            mix(mix(packed, u64::from(c.seq)), u64::from(value))
        }
    }
}
