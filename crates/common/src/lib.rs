//! What the Raft and Multi-Paxos cores share, so that neither copies the other.
//!
//! - [`NodeId`]: servers are numbered `1..=9` and shown as `S1`…`S9`.
//! - [`SplitMix64`]: the only source of randomness a core may hold. One seed in, the same
//!   sequence out, on every platform.
//! - [`Payload`]: what a client command must provide to travel inside a core's log.
//! - [`story`]: the runner for story-style (golden script) tests.
//! - [`cluster`]: the membership and timer rules both cores enforce, and `S3`-style names.
//! - [`SortedMap`], [`SortedSet`]: ordered maps and sets on one sorted `Vec`, used instead of
//!   `BTreeMap`/`BTreeSet` for a smaller WASM and cheaper checkpoint clones ([`sorted_map`]).
//! - [`heap_sort`]: an in-place sort in a few hundred bytes of WASM, instead of the standard
//!   library's per-type sorting code.

pub mod cluster;
pub mod heap_sort;
pub mod proptest_scale;
pub mod sorted_map;
pub mod story;

mod rng;
mod sorted_serde;
mod sorted_set;

pub use cluster::{validate_cluster, ClusterError, S};
pub use rng::SplitMix64;
pub use sorted_map::SortedMap;
pub use sorted_set::SortedSet;

/// A server's identity. Clusters have 1 to 9 servers, numbered from 1.
pub type NodeId = u8;

/// The largest cluster the playground supports.
pub const NODES_MAX: usize = 9;

/// How a node is written in every event text: `S3`.
pub fn node_name(id: NodeId) -> String {
    format!("S{id}")
}

/// A client command as the cores see it: opaque, cheap to clone, comparable (the checkers
/// compare entries), and of a known size on the wire (the metrics count bytes).
pub trait Payload: Clone + std::fmt::Debug + PartialEq {
    /// Bytes this command would take in a compact binary encoding.
    fn wire_size_bytes(&self) -> usize;
}

impl Payload for u64 {
    fn wire_size_bytes(&self) -> usize {
        8
    }
}

impl Payload for String {
    fn wire_size_bytes(&self) -> usize {
        // A length prefix, then the bytes.
        4 + self.len()
    }
}
