//! An acceptor's promise never decreases — across restarts too, since it is durable — and it
//! never accepts under a ballot above its promise.

use common::NodeId;

use crate::checks::context::Violation;
use crate::cores::paxos::PaxosNode;
use crate::engine::kv::KvCommand;

#[derive(Clone, Default)]
pub struct Promises {
    promised: Vec<paxos::Ballot>,
}

impl Promises {
    pub fn check(&mut self, id: NodeId, node: &PaxosNode, found: &mut Vec<Violation>) {
        let slot = usize::from(id) - 1;
        if self.promised.len() <= slot {
            self.promised.resize(slot + 1, paxos::Ballot::ZERO);
        }
        let before = self.promised[slot];
        let now = node.promised();
        if now < before {
            found.push(Violation::new(
                "Promise monotonicity",
                vec![id],
                vec![],
                format!(
                    "S{id}'s promise went back from {}.S{} to {}.S{}",
                    before.round, before.node, now.round, now.node
                ),
            ));
        }
        self.promised[slot] = now;
    }
}

pub fn check_accepted_within_promise(
    id: NodeId,
    node: &PaxosNode,
    slot: u64,
    accepted: &paxos::Accepted<KvCommand>,
    found: &mut Vec<Violation>,
) {
    let promised = node.promised();
    if accepted.ballot > promised {
        found.push(Violation::new(
            "Accepted ≤ promised",
            vec![id],
            vec![slot],
            format!(
                "S{id} accepted slot {slot} under {}.S{}, above its promise {}.S{}",
                accepted.ballot.round, accepted.ballot.node, promised.round, promised.node
            ),
        ));
    }
}
