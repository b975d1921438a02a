//! Raft's safety properties (paper Figure 3) and the extras that catch bugs early.
//!
//! Logs are compared through per-node prefix hashes (`log_cache`): the hash at index `i`
//! covers every entry up to `i`, so "same prefix" is one comparison, and each step costs only
//! the entries it changed.

mod committed;
mod election_safety;
mod leader_append_only;
mod leader_completeness;
mod local_bounds;
mod log_cache;
mod log_matching;
mod monotonic;

use common::NodeId;

use crate::checks::context::{CheckContext, Violation};
use crate::cores::raft::RaftNode;
use crate::engine::node::NodeSlot;

/// What the checkers remember of one node from its previous step.
#[derive(Clone, Copy, Debug, Default)]
struct Memory {
    term: u64,
    voted_for: Option<NodeId>,
    leader: bool,
    commit: u64,
    applied: u64,
}

#[derive(Clone, Default)]
pub struct RaftChecks {
    initialized: bool,
    memory: Vec<Memory>,
    logs: log_cache::LogCache,
    elections: election_safety::ElectionLedger,
    matching: log_matching::LogMatching,
    committed: committed::CommittedLedger,
}

impl RaftChecks {
    /// Every check, in a fixed order; each adds what it finds broken to `found` and the
    /// ledgers stay up to date either way, so that the checks go on after a violation.
    pub fn after_step(&mut self, context: &CheckContext<'_, RaftNode>, found: &mut Vec<Violation>) {
        if !self.initialized {
            self.initialize(context, found);
        }
        let Some(id) = context.stepped else {
            return;
        };
        let Some(node) = context.node(id).and_then(NodeSlot::up) else {
            return; // a crash changes nothing durable
        };
        let mut before = self.memory[usize::from(id) - 1];
        if context.restarted {
            // Volatile state starts over; durable state must not have moved.
            before.leader = false;
            before.commit = 0;
            before.applied = 0;
        }
        monotonic::check(id, &before, node, found);
        local_bounds::check(id, node, found);
        let held = self.committed.held_through(self.logs.prefix(id));
        let change = self
            .logs
            .update(id, node.log(), context.events, context.restarted);
        if let Some(change) = &change {
            leader_append_only::check(id, &before, node, change, found);
            self.matching.check(
                id,
                node.log(),
                self.logs.prefix(id),
                change.first_changed,
                found,
            );
        }
        if node.is_leader_now() {
            self.elections.check(id, node.term(), found);
            if !(before.leader && before.term == node.term()) {
                leader_completeness::check(id, node, &self.logs, &self.committed, found);
            }
        }
        self.committed
            .advance(id, before.commit, node, &self.logs, context.quorum(), found);
        local_bounds::check_applied(id, before.applied, context.applied, found);
        self.committed.check_applied(context, found);
        self.committed
            .check_kept(id, held, &self.logs, context.quorum(), found);
        self.memory[usize::from(id) - 1] = Memory {
            term: node.term(),
            voted_for: node.voted_for().or((node.term() == before.term)
                .then_some(before.voted_for)
                .flatten()),
            leader: node.is_leader_now(),
            commit: node.commit_index(),
            applied: context
                .applied
                .iter()
                .rev()
                .find(|(n, _, _)| *n == id)
                .map_or(before.applied, |(_, index, _)| *index),
        };
    }

    /// The first check sees every node once, so that nodes started from an initial state
    /// (Figure 7, Figure 8) are in the ledgers before anything happens.
    fn initialize(&mut self, context: &CheckContext<'_, RaftNode>, found: &mut Vec<Violation>) {
        self.initialized = true;
        self.memory = vec![Memory::default(); context.nodes.len()];
        for slot in context.nodes {
            if let Some(node) = slot.up() {
                self.logs.update(slot.id, node.log(), &[], true);
                self.matching
                    .check(slot.id, node.log(), self.logs.prefix(slot.id), 1, found);
                self.memory[usize::from(slot.id) - 1] = Memory {
                    term: node.term(),
                    voted_for: node.voted_for(),
                    leader: node.is_leader_now(),
                    commit: node.commit_index(),
                    applied: node.applied_index(),
                };
            }
        }
    }
}

/// Small conveniences over the core's accessors.
trait RaftNodeExt {
    fn is_leader_now(&self) -> bool;
}

impl RaftNodeExt for RaftNode {
    fn is_leader_now(&self) -> bool {
        self.role() == raft::Role::Leader
    }
}
