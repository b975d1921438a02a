//! Multi-Paxos's safety properties: Agreement, P2c, one value per (ballot, slot), promise
//! monotonicity with accepted ≤ promised, and ordered application of chosen values only.
//!
//! The checkers keep their own record of every acceptance (`votes`): a value is chosen when a
//! majority accepted it under one ballot, whether or not any node has noticed yet.

mod agreement;
mod application;
mod promises;
mod votes;

use crate::checks::context::{CheckContext, Violation};
use crate::cores::paxos::PaxosNode;
use crate::engine::node::NodeSlot;

#[derive(Clone, Default)]
pub struct PaxosChecks {
    promises: promises::Promises,
    votes: votes::Votes,
    chosen: agreement::Chosen,
    application: application::Application,
}

impl PaxosChecks {
    /// Every check, in a fixed order; each adds what it finds broken to `found` and the
    /// ledgers stay up to date either way, so that the checks go on after a violation.
    pub fn after_step(
        &mut self,
        context: &CheckContext<'_, PaxosNode>,
        found: &mut Vec<Violation>,
    ) {
        let Some(id) = context.stepped else {
            return;
        };
        let Some(node) = context.node(id).and_then(NodeSlot::up) else {
            return;
        };
        self.promises.check(id, node, found);
        for slot in touched_slots(id, context.events) {
            let Some(accepted) = node.accepted().get(&slot) else {
                continue;
            };
            promises::check_accepted_within_promise(id, node, slot, accepted, found);
            let value = votes::value_hash(&accepted.value);
            let ballot = accepted.ballot;
            let Some(acceptors) = self.votes.record(id, slot, ballot, value, found) else {
                continue;
            };
            self.chosen.check_accept(id, slot, ballot, value, found);
            if acceptors >= context.quorum() {
                self.chosen.choose(slot, ballot, value, &self.votes, found);
            }
        }
        if context.restarted {
            self.application.restart(id);
        }
        self.application
            .check(id, context.applied, &self.chosen, found);
    }
}

/// The slots whose accepted proposal this node's step may have changed: an acceptor's
/// acceptance, a leader's own acceptance of what it proposes, and a new leader's re-proposals.
fn touched_slots(id: common::NodeId, events: &[paxos::Event]) -> Vec<u64> {
    let mut slots = Vec::new();
    for event in events.iter().filter(|e| e.node == id) {
        match &event.kind {
            paxos::EventKind::Accepted { slot, .. } | paxos::EventKind::Proposed { slot, .. } => {
                slots.push(*slot)
            }
            paxos::EventKind::BecameLeader { recovery, .. } => {
                slots.extend(recovery.first..=recovery.last)
            }
            _ => {}
        }
    }
    slots
}
