//! Leader Completeness (§5.4): a leader's log holds every entry committed in earlier terms.
//! An entry is committed no earlier than the term it was created in, so entries of terms
//! below the leader's are the ones it must hold (a stale leader of an old term, elected with
//! votes that arrived late, need not hold what later terms committed).

use common::NodeId;

use super::committed::CommittedLedger;
use super::log_cache::LogCache;
use crate::checks::context::Violation;
use crate::cores::raft::RaftNode;

pub fn check(
    id: NodeId,
    node: &RaftNode,
    logs: &LogCache,
    committed: &CommittedLedger,
    found: &mut Vec<Violation>,
) {
    if let Some(missing) = committed.first_missing_before(node.term(), logs.prefix(id)) {
        found.push(Violation::new(
            "Leader Completeness",
            vec![id],
            vec![missing],
            format!(
                "S{id} became leader of term {} without the entry at index {missing}, committed in an earlier term",
                node.term()
            ),
        ));
    }
}
