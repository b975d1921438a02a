//! Terms never go backwards, and a server votes at most once per term — across restarts too,
//! since both are durable (Figure 2).

use common::NodeId;

use super::Memory;
use crate::checks::context::Violation;
use crate::cores::raft::RaftNode;

pub fn check(id: NodeId, before: &Memory, node: &RaftNode, found: &mut Vec<Violation>) {
    if node.term() < before.term {
        found.push(Violation::new(
            "Monotonic terms",
            vec![id],
            vec![],
            format!(
                "S{id}'s term went back from {} to {}",
                before.term,
                node.term()
            ),
        ));
        return;
    }
    if node.term() == before.term {
        if let (Some(first), Some(now)) = (before.voted_for, node.voted_for()) {
            if first != now {
                found.push(Violation::new(
                    "One vote per term",
                    vec![id, first, now],
                    vec![],
                    format!(
                        "S{id} voted for S{first} and then for S{now} in term {}",
                        node.term()
                    ),
                ));
            }
        }
    }
}
