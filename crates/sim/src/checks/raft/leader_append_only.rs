//! Leader Append-Only (§5.3): a leader never overwrites or deletes entries in its own log.

use common::NodeId;

use super::log_cache::LogChange;
use super::{Memory, RaftNodeExt};
use crate::checks::context::Violation;
use crate::cores::raft::RaftNode;

pub fn check(
    id: NodeId,
    before: &Memory,
    node: &RaftNode,
    change: &LogChange,
    found: &mut Vec<Violation>,
) {
    let same_leadership = before.leader && node.is_leader_now() && before.term == node.term();
    if same_leadership && change.first_changed <= change.old_len {
        found.push(Violation::new(
            "Leader Append-Only",
            vec![id],
            vec![change.first_changed],
            format!(
                "S{id}, leader of term {}, changed its own entry at index {} (its log had {} entries)",
                node.term(),
                change.first_changed,
                change.old_len
            ),
        ));
    }
}
