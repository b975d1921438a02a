//! What the Raft and Multi-Paxos cores share, so that neither copies the other.
//!
//! - [`NodeId`]: servers are numbered `1..=9` and shown as `S1`…`S9`.
//! - [`SplitMix64`]: the only source of randomness a core may hold. One seed in, the same
//!   sequence out, on every platform.
//! - [`Payload`]: what a client command must provide to travel inside a core's log.
//! - [`cluster`]: the membership and timer rules both cores enforce, the default [`Timers`],
//!   and `S3`-style names.
//! - [`Output`], [`NotLeader`], [`Category`]: what both cores hand back, in one shape.
//! - [`SortedMap`], [`SortedSet`]: ordered maps and sets on one sorted `Vec`, used instead of
//!   `BTreeMap`/`BTreeSet` for a smaller WASM and cheaper checkpoint clones ([`sorted_map`]).
//! - [`heap_sort`]: an in-place sort in a few hundred bytes of WASM, instead of the standard
//!   library's per-type sorting code.
//! - [`joined`]: items written one after another with a separator.

#![forbid(unsafe_code)]

pub mod cluster;
pub mod heap_sort;
pub mod output;
pub mod sorted_map;

mod rng;
mod sorted_serde;
mod sorted_set;

pub use cluster::{validate_cluster, ClusterError, Timers, S};
pub use output::{Category, NotLeader, Output};
pub use rng::SplitMix64;
pub use sorted_map::SortedMap;
pub use sorted_set::SortedSet;

/// A server's identity. Clusters have 1 to 9 servers, numbered from 1.
pub type NodeId = u8;

/// The largest cluster the playground supports.
pub const NODES_MAX: usize = 9;

/// The highest term (Raft) or ballot round (Multi-Paxos) a node may reach: 2^53 − 1, the
/// largest whole number a JavaScript number holds exactly, so the page shows every term as it
/// is. No real cluster comes near it (an election every millisecond for 285,000 years). The
/// cores refuse a durable state or a message above it, and a node that reaches it (only a
/// hand-written state next to it gets there) stops campaigning rather than wrap around.
pub const TERM_MAX: u64 = (1 << 53) - 1;

/// The highest log index (Raft) or slot (Multi-Paxos) a durable state may hold, for the same
/// reasons as [`TERM_MAX`]: `index + 1` never overflows, and the page shows every index exactly.
pub const INDEX_MAX: u64 = (1 << 53) - 1;

/// How a node is written in every event text: `S3`.
pub fn node_name(id: NodeId) -> String {
    format!("S{id}")
}

/// `items` written with `separator` between them: `joined([1, 2], ", ")` is `1, 2`. Used
/// instead of `[T]::join`, which needs the items as strings first and adds its own code to
/// the page's WASM for each item type.
pub fn joined<I>(items: I, separator: &str) -> String
where
    I: IntoIterator,
    I::Item: std::fmt::Display,
{
    use std::fmt::Write as _;
    let mut out = String::new();
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push_str(separator);
        }
        let _ = write!(out, "{item}");
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joined_puts_the_separator_only_between_items() {
        assert_eq!(joined([1, 2, 3], ", "), "1, 2, 3");
        assert_eq!(joined(["S1"], " | "), "S1");
        assert_eq!(joined(Vec::<u8>::new(), ", "), "");
        assert_eq!(joined([S(1), S(2)], " "), "S1 S2");
    }
}
