//! The committed prefix, as the cluster has committed it so far, and three checks on it:
//! State Machine Safety (§5.4.3: no two servers commit or apply different entries at one
//! index), "committed on a quorum" (an entry is committed only once a majority stores it,
//! crashed servers counted by their durable log) and "committed entries stay on a majority"
//! (once committed, an entry is never overwritten on so many servers that fewer than a
//! majority still store it: a server that never heard of a later term may lose it to a stale
//! leader, a majority never does).

use common::NodeId;

use super::log_cache::LogCache;
use crate::checks::context::{mix, payload_hash, CheckContext, Violation};
use crate::cores::raft::RaftNode;
use crate::engine::node::NodeSlot;

#[derive(Clone)]
pub struct CommittedLedger {
    /// Prefix hash of the committed log at each index (index 0: the empty log).
    prefix: Vec<u64>,
    /// The term of the committed entry at each index (index 0: term 0).
    terms: Vec<u64>,
    /// What was applied at each index (`applied[index - 1]`: the hash of its term and
    /// payload), and by whom first.
    applied: Vec<(u64, NodeId)>,
}

impl Default for CommittedLedger {
    fn default() -> Self {
        CommittedLedger {
            prefix: vec![0],
            terms: vec![0],
            applied: Vec::new(),
        }
    }
}

impl CommittedLedger {
    /// The first committed entry of a term below `term` that `log_prefix` lacks or holds
    /// differently. Terms never decrease along a log, so those entries form a prefix.
    pub fn first_missing_before(&self, term: u64, log_prefix: &[u64]) -> Option<u64> {
        let committed = self.terms.partition_point(|&t| t < term) - 1;
        let held = self.agreed_through(log_prefix, committed);
        (held < committed).then_some(held as u64 + 1)
    }

    /// The last committed index up to which `log_prefix` holds the committed entries (0:
    /// none).
    pub fn held_through(&self, log_prefix: &[u64]) -> u64 {
        self.agreed_through(log_prefix, self.prefix.len() - 1) as u64
    }

    /// The largest `i ≤ upto` at which `log_prefix` agrees with the committed prefix.
    fn agreed_through(&self, log_prefix: &[u64], upto: usize) -> usize {
        let agrees = |i: usize| i == 0 || log_prefix.get(i) == Some(&self.prefix[i]);
        if agrees(upto) {
            return upto;
        }
        // Prefix hashes chain, so agreement is monotone: find where it stops.
        let (mut good, mut bad) = (0, upto);
        while bad - good > 1 {
            let mid = (good + bad) / 2;
            if agrees(mid) {
                good = mid;
            } else {
                bad = mid;
            }
        }
        good
    }

    /// `id` held the committed entries through `held` before this step: if its log lost one,
    /// and fewer than a majority still store it, the committed entry is being overwritten on
    /// a majority.
    pub fn check_kept(
        &self,
        id: NodeId,
        held: u64,
        logs: &LogCache,
        quorum: usize,
        found: &mut Vec<Violation>,
    ) {
        let now = self.held_through(logs.prefix(id));
        if now >= held {
            return;
        }
        let index = now + 1;
        let holders = logs.holders(index, self.prefix[index as usize]);
        if holders.len() < quorum {
            let still = match holders.as_slice() {
                [] => "no server stores it any more".to_string(),
                [one] => format!("only S{one} still stores it"),
                list => format!(
                    "only {} still store it",
                    common::joined(list.iter().map(|&n| common::S(n)), " and ")
                ),
            };
            found.push(Violation::new(
                "Committed entries stay on a majority",
                vec![id],
                vec![index],
                format!(
                    "S{id} overwrote the entry committed at index {index} (term {}): {still}, \
                     fewer than a majority ({quorum})",
                    self.terms[index as usize]
                ),
            ));
        }
    }

    /// `id`'s commit index went from `before` to its current value. A server that commits
    /// something else than the ledger holds is reported and adds nothing to it: the ledger
    /// stays the history as it was first committed.
    pub fn advance(
        &mut self,
        id: NodeId,
        before: u64,
        node: &RaftNode,
        logs: &LogCache,
        quorum: usize,
        found: &mut Vec<Violation>,
    ) {
        let commit = node.commit_index();
        let prefix = logs.prefix(id);
        for index in before + 1..=commit {
            let i = index as usize;
            let Some(&hash) = prefix.get(i) else { break };
            if i < self.prefix.len() {
                if self.prefix[i] != hash {
                    found.push(Violation::new(
                        "State Machine Safety",
                        vec![id],
                        vec![index],
                        format!(
                            "S{id} committed index {index} (term {}), but a different entry was \
                             committed there before",
                            node.log()[i - 1].term
                        ),
                    ));
                    return;
                }
                continue;
            }
            let holders = logs.holders(index, hash);
            if holders.len() < quorum {
                let count = holders.len();
                // Still the entry committed there: later commits are held to it.
                found.push(Violation::new(
                    "Committed on a quorum",
                    holders,
                    vec![index],
                    format!(
                        "S{id} committed index {index} while only {} server(s) stored it; a \
                         majority is {quorum}",
                        count
                    ),
                ));
            }
            self.prefix.push(hash);
            self.terms.push(node.log()[i - 1].term);
        }
    }

    /// No two servers apply different entries (by term and command) at one index: their state
    /// machines would disagree. Every application is recorded; the first wrong one of the step
    /// is reported.
    pub fn check_applied(
        &mut self,
        context: &CheckContext<'_, RaftNode>,
        found: &mut Vec<Violation>,
    ) {
        let mut reported = false;
        for &(node, index, ref command) in context.applied {
            // The entry is in the log that applied it (a committed entry stays there).
            let term = context
                .node(node)
                .and_then(NodeSlot::up)
                .and_then(|n| n.log().get(index.saturating_sub(1) as usize))
                .map_or(0, |entry| entry.term);
            let hash = mix(payload_hash(command.as_ref()), term);
            let slot = index.saturating_sub(1) as usize;
            let problem = match self.applied.get(slot) {
                Some(&(first_hash, first)) if first_hash != hash => Some(Violation::new(
                    "State Machine Safety",
                    vec![first, node],
                    vec![index],
                    format!(
                        "S{node} applied {} of term {term} at index {index}, where S{first} \
                         applied another entry: their state machines disagree",
                        command.map_or_else(|| "a no-op".to_string(), |c| c.to_string())
                    ),
                )),
                Some(_) => None,
                // Application is in order, so a new index is the next one.
                None if slot == self.applied.len() => {
                    self.applied.push((hash, node));
                    None
                }
                None => Some(Violation::new(
                    "Applied in order",
                    vec![node],
                    vec![index],
                    format!(
                        "S{node} applied index {index} before anyone applied index {}",
                        self.applied.len() + 1
                    ),
                )),
            };
            if let Some(problem) = problem.filter(|_| !reported) {
                reported = true;
                found.push(problem);
            }
        }
    }
}
