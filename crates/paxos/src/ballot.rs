//! Ballots and the small set type used to count promises and acknowledgements.

use std::fmt;

use common::{NodeId, TERM_MAX};
use serde::{Deserialize, Serialize};

/// A ballot number `(round, node)`, ordered lexicographically (Lamport, "Paxos Made Simple"
/// §2.2: proposals are numbered from disjoint sets, so no two proposers ever share one).
/// Written `3.S2`. Field order matters: the derived `Ord` compares `round` first.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Ballot {
    pub round: u64,
    pub node: NodeId,
}

impl Ballot {
    /// Below every real ballot: what a node that never promised anything has promised.
    pub const ZERO: Ballot = Ballot { round: 0, node: 0 };

    pub fn new(round: u64, node: NodeId) -> Self {
        Self { round, node }
    }

    pub fn is_zero(self) -> bool {
        self == Ballot::ZERO
    }

    /// `node`'s smallest ballot above `seen`, or `None` when `seen` is in the last round there
    /// is ([`TERM_MAX`]: rounds never wrap).
    pub fn next_above(seen: Ballot, node: NodeId) -> Option<Ballot> {
        (seen.round < TERM_MAX).then(|| Ballot {
            round: seen.round + 1,
            node,
        })
    }
}

impl fmt::Display for Ballot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_zero() {
            write!(f, "0")
        } else {
            write!(f, "{}.S{}", self.round, self.node)
        }
    }
}

/// A set of servers as a bit mask (ids are `1..=9`): copying it costs nothing, so promises and
/// acknowledgements can be counted on the hot path without allocating.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeSet(u16);

impl NodeSet {
    pub fn single(id: NodeId) -> Self {
        let mut set = NodeSet::default();
        set.insert(id);
        set
    }

    /// Adds `id`; false if it was already there.
    pub fn insert(&mut self, id: NodeId) -> bool {
        assert!(id < 16, "NodeSet holds ids below 16, got {id}");
        let bit = 1u16 << id;
        let fresh = self.0 & bit == 0;
        self.0 |= bit;
        fresh
    }

    pub fn contains(self, id: NodeId) -> bool {
        id < 16 && self.0 & (1u16 << id) != 0
    }

    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn iter(self) -> impl Iterator<Item = NodeId> {
        (0..16u8).filter(move |&id| self.contains(id))
    }
}

impl fmt::Display for NodeSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (position, id) in self.iter().enumerate() {
            if position > 0 {
                write!(f, ", ")?;
            }
            write!(f, "S{id}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ballots_order_by_round_then_node() {
        assert!(Ballot::new(2, 1) > Ballot::new(1, 5));
        assert!(Ballot::new(2, 3) > Ballot::new(2, 1));
        assert!(Ballot::ZERO < Ballot::new(1, 1));
        assert_eq!(Ballot::new(3, 2).to_string(), "3.S2");
        assert_eq!(
            Ballot::next_above(Ballot::new(4, 5), 1),
            Some(Ballot::new(5, 1))
        );
        assert_eq!(Ballot::next_above(Ballot::new(TERM_MAX, 5), 1), None);
    }

    #[test]
    fn node_set_counts_and_lists() {
        let mut set = NodeSet::single(3);
        assert!(set.insert(1));
        assert!(!set.insert(3));
        assert_eq!(set.len(), 2);
        assert_eq!(set.to_string(), "S1, S3");
        assert!(!set.contains(2) && !set.contains(200));
    }
}
