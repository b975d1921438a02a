//! Every acceptance ever made, by (slot, ballot): a proposer proposes one value per slot and
//! ballot, so two values under one (ballot, slot) is itself a violation.

use common::{NodeId, SortedMap};

use crate::checks::context::{payload_hash, Violation};
use crate::engine::kv::KvCommand;

pub fn value_hash(value: &paxos::Value<KvCommand>) -> u64 {
    match value {
        paxos::Value::Noop => payload_hash(None),
        paxos::Value::Command(command) => payload_hash(Some(command)),
    }
}

#[derive(Clone, Default)]
pub struct Votes {
    /// (slot, ballot) → (value hash, acceptors as a bit set).
    by_slot: SortedMap<(u64, paxos::Ballot), (u64, u16)>,
}

impl Votes {
    /// Records that `acceptor` accepted `value` in `slot` under `ballot`; returns how many
    /// acceptors have accepted that (slot, ballot), or `None` (reported in `found`) if others
    /// accepted another value under it.
    pub fn record(
        &mut self,
        acceptor: NodeId,
        slot: u64,
        ballot: paxos::Ballot,
        value: u64,
        found: &mut Vec<Violation>,
    ) -> Option<usize> {
        let entry = self
            .by_slot
            .get_or_insert_with((slot, ballot), || (value, 0));
        if entry.0 != value {
            found.push(Violation::new(
                "One value per (ballot, slot)",
                vec![acceptor, ballot.node],
                vec![slot],
                format!(
                    "S{acceptor} accepted a value in slot {slot} under ballot {}.S{} that differs \
                     from what others accepted under the same ballot",
                    ballot.round, ballot.node
                ),
            ));
            return None;
        }
        entry.1 |= 1 << acceptor;
        Some(entry.1.count_ones() as usize)
    }

    /// Every acceptance in `slot` under a ballot above `ballot`: (ballot, value hash).
    pub fn above(
        &self,
        slot: u64,
        ballot: paxos::Ballot,
    ) -> impl Iterator<Item = (paxos::Ballot, u64)> + '_ {
        let start = paxos::Ballot::new(ballot.round, ballot.node);
        self.by_slot
            .range((slot, start)..=(slot, paxos::Ballot::new(u64::MAX, NodeId::MAX)))
            .filter(move |((_, b), _)| *b > ballot)
            .map(|((_, b), (value, _))| (*b, *value))
    }
}
