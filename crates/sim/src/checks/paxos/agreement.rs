//! Agreement (at most one value is chosen per slot) and P2c (once v is chosen under ballot b,
//! every acceptance of that slot under a higher ballot carries v — Lamport, Paxos Made Simple).

use common::{NodeId, SortedMap};

use super::votes::Votes;
use crate::checks::context::Violation;

#[derive(Clone, Default)]
pub struct Chosen {
    /// slot → (the lowest ballot it was chosen under, value hash).
    by_slot: SortedMap<u64, (paxos::Ballot, u64)>,
}

impl Chosen {
    pub fn get(&self, slot: u64) -> Option<u64> {
        self.by_slot.get(&slot).map(|(_, value)| *value)
    }

    pub fn check_accept(
        &self,
        acceptor: NodeId,
        slot: u64,
        ballot: paxos::Ballot,
        value: u64,
        found: &mut Vec<Violation>,
    ) {
        if let Some(&(chosen_ballot, chosen_value)) = self.by_slot.get(&slot) {
            if ballot > chosen_ballot && value != chosen_value {
                found.push(p2c(acceptor, slot, ballot, chosen_ballot));
            }
        }
    }

    pub fn choose(
        &mut self,
        slot: u64,
        ballot: paxos::Ballot,
        value: u64,
        votes: &Votes,
        found: &mut Vec<Violation>,
    ) {
        match self.by_slot.get(&slot) {
            // The value chosen first stays the one held to.
            Some(&(_, existing)) if existing != value => {
                found.push(Violation::new(
                    "Agreement",
                    vec![ballot.node],
                    vec![slot],
                    format!(
                    "a majority accepted a value in slot {slot} under ballot {}.S{} that differs \
                         from the value already chosen there",
                    ballot.round, ballot.node
                ),
                ));
                return;
            }
            Some(&(first, _)) if first <= ballot => return,
            _ => {}
        }
        self.by_slot.insert(slot, (ballot, value));
        // Acceptances under higher ballots that happened before we learned of the choice.
        if let Some((higher, _)) = votes.above(slot, ballot).find(|(_, v)| *v != value) {
            found.push(p2c(higher.node, slot, higher, ballot));
        }
    }
}

fn p2c(acceptor: NodeId, slot: u64, ballot: paxos::Ballot, chosen: paxos::Ballot) -> Violation {
    Violation::new(
        "P2c",
        vec![acceptor],
        vec![slot],
        format!(
            "slot {slot} was chosen under ballot {}.S{}, yet S{acceptor} accepted a different value \
             under the higher ballot {}.S{}",
            chosen.round, chosen.node, ballot.round, ballot.node
        ),
    )
}
