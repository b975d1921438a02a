//! Leader Completeness (§5.4): a leader's log holds every entry committed before its term.

use common::NodeId;

use super::committed::CommittedLedger;
use super::log_cache::LogCache;
use crate::adapter::raft::RaftNode;
use crate::check::Violation;

pub fn check(id: NodeId, node: &RaftNode, logs: &LogCache, committed: &CommittedLedger) -> Result<(), Violation> {
    if let Some(missing) = committed.first_missing(logs.prefix(id)) {
        return Err(Violation::new(
            "Leader Completeness",
            vec![id],
            vec![missing],
            format!(
                "S{id} became leader of term {} without the committed entry at index {missing}",
                node.term()
            ),
        ));
    }
    Ok(())
}
