//! The committed prefix, as the cluster has committed it so far, and two checks on it:
//! State Machine Safety (§5.4.3: no two servers commit or apply different entries at one
//! index) and "committed on a quorum" (an entry is committed only once a majority stores it,
//! crashed servers counted by their durable log).

use common::NodeId;

use super::log_cache::LogCache;
use crate::checks::context::{payload_hash, Violation};
use crate::cores::raft::RaftNode;
use crate::engine::kv::KvCommand;

#[derive(Clone)]
pub struct CommittedLedger {
    /// Prefix hash of the committed log at each index (index 0: the empty log).
    prefix: Vec<u64>,
    /// The term of the committed entry at each index (index 0: term 0).
    terms: Vec<u64>,
    /// What was applied at each index (`applied[index - 1]`), and by whom first.
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
        if committed == 0 {
            return None;
        }
        if log_prefix.get(committed) == Some(&self.prefix[committed]) {
            return None;
        }
        // Prefix hashes chain, so agreement is monotone: find where it stops.
        let agrees = |i: usize| i == 0 || log_prefix.get(i) == Some(&self.prefix[i]);
        let (mut good, mut bad) = (0, committed);
        while bad - good > 1 {
            let mid = (good + bad) / 2;
            if agrees(mid) {
                good = mid;
            } else {
                bad = mid;
            }
        }
        Some(bad as u64)
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

    /// No two servers apply different commands at one index. Every application is recorded;
    /// the first wrong one of the step is reported.
    pub fn check_applied(
        &mut self,
        applied: &[(NodeId, u64, Option<KvCommand>)],
        found: &mut Vec<Violation>,
    ) {
        let mut reported = false;
        for &(node, index, ref command) in applied {
            let hash = payload_hash(command.as_ref());
            let slot = index.saturating_sub(1) as usize;
            let problem = match self.applied.get(slot) {
                Some(&(first_hash, first)) if first_hash != hash => Some(Violation::new(
                    "State Machine Safety",
                    vec![first, node],
                    vec![index],
                    format!(
                        "S{node} applied {} at index {index}, where S{first} applied something else",
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
