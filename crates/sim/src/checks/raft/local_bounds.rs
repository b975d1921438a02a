//! Local sanity: applied ≤ commit ≤ last index, and entries are applied once each, in order.

use common::NodeId;

use crate::checks::context::Violation;
use crate::cores::raft::RaftNode;
use crate::engine::kv::KvCommand;

pub fn check(id: NodeId, node: &RaftNode, found: &mut Vec<Violation>) {
    let last = node.log().len() as u64;
    let (commit, applied) = (node.commit_index(), node.applied_index());
    if applied > commit || commit > last {
        found.push(Violation::new(
            "Applied ≤ commit ≤ last index",
            vec![id],
            vec![applied, commit, last],
            format!("S{id} has applied {applied}, commit {commit}, last index {last}"),
        ));
    }
}

pub fn check_applied(
    id: NodeId,
    before: u64,
    applied: &[(NodeId, u64, Option<KvCommand>)],
    found: &mut Vec<Violation>,
) {
    let own = applied.iter().filter(|(n, _, _)| *n == id);
    for (expected, &(node, index, _)) in (before + 1..).zip(own) {
        if index != expected {
            found.push(Violation::new(
                "Applied in order",
                vec![node],
                vec![index],
                format!("S{node} applied index {index} when the next to apply was {expected}"),
            ));
            return;
        }
    }
}
