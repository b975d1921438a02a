//! A snapshot of everything a renderer or checker needs. Built on demand (it clones), so it
//! is for drawing, never for the hot path; checkers use the borrowing accessors instead.

use common::{NodeId, Payload};
use serde::{Deserialize, Serialize};

use crate::ballot::{Ballot, NodeSet};
use crate::bug::Bug;
use crate::config::Options;
use crate::node::Node;
use crate::role::{Role, RoleState};
use crate::value::{Accepted, Slot, Value};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct View<C> {
    pub id: NodeId,
    pub role: Role,
    /// The ballot this node runs (or last ran) as candidate or leader.
    pub ballot: Ballot,
    pub promised: Ballot,
    pub leader: Option<NodeId>,
    /// Every slot from 1 to the highest accepted or chosen one, holes included.
    pub slots: Vec<SlotView<C>>,
    pub commit_index: Slot,
    pub applied_index: Slot,
    /// Candidate: who has promised so far (leader: who promised its ballot).
    pub promises: NodeSet,
    /// Leader: the slot the next command gets.
    pub next_slot: Option<Slot>,
    /// Leader: open slots (proposed, not yet chosen) and who accepted each.
    pub open_slots: Vec<OpenSlot>,
    /// Leader: each peer's progress.
    pub peers: Vec<PeerView>,
    pub election_elapsed_ticks: u64,
    pub election_timeout_ticks: u64,
    pub heartbeat_elapsed_ticks: u64,
    pub options: Options,
    pub bugs: Vec<Bug>,
}

/// One slot as this node knows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SlotView<C> {
    pub slot: Slot,
    /// What this node last accepted here, if anything.
    pub accepted: Option<Accepted<C>>,
    /// The chosen value, if this node knows it.
    pub chosen: Option<Value<C>>,
}

/// How a slot looks: a hole is anything not known chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SlotState {
    /// Nothing accepted, nothing known: a hole.
    Empty,
    /// Accepted here but not known chosen: still a hole for application.
    AcceptedOnly,
    Chosen,
}

impl<C> SlotView<C> {
    pub fn state(&self) -> SlotState {
        match (&self.chosen, &self.accepted) {
            (Some(_), _) => SlotState::Chosen,
            (None, Some(_)) => SlotState::AcceptedOnly,
            (None, None) => SlotState::Empty,
        }
    }

    pub fn is_hole(&self) -> bool {
        self.chosen.is_none()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeerView {
    pub id: NodeId,
    /// The highest slot this peer acknowledged under the leader's ballot (0: none yet).
    pub acked_max: Slot,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenSlot {
    pub slot: Slot,
    pub acks: NodeSet,
}

impl<C: Payload> Node<C> {
    pub fn view(&self) -> View<C> {
        let last_accepted = self.accepted.last_key_value().map_or(0, |(&slot, _)| slot);
        let last_chosen = self.chosen.last_key_value().map_or(0, |(&slot, _)| slot);
        let slots = (1..=last_accepted.max(last_chosen))
            .map(|slot| SlotView {
                slot,
                accepted: self.accepted.get(&slot).cloned(),
                chosen: self.chosen.get(&slot).cloned(),
            })
            .collect();
        let leading = self.role.leading();
        View {
            id: self.config.id,
            role: self.role(),
            ballot: self.ballot,
            promised: self.promised,
            leader: self.leader,
            slots,
            commit_index: self.commit_index,
            applied_index: self.applied_index,
            promises: match &self.role {
                RoleState::Candidate(phase_one) => phase_one.promises,
                RoleState::Leader(leading) => leading.promises,
                RoleState::Follower => NodeSet::default(),
            },
            next_slot: leading.map(|l| l.next_slot),
            open_slots: leading
                .into_iter()
                .flat_map(|l| l.open.iter())
                .map(|(&slot, &acks)| OpenSlot { slot, acks })
                .collect(),
            election_elapsed_ticks: self.election_elapsed_ticks,
            election_timeout_ticks: self.election_timeout_ticks,
            heartbeat_elapsed_ticks: self.heartbeat_elapsed_ticks,
            options: self.config.options,
            peers: if let Some(leading) = leading {
                self.config
                    .members
                    .iter()
                    .filter(|&&id| id != self.config.id)
                    .map(|&id| PeerView {
                        id,
                        acked_max: leading.acked_max.get(&id).copied().unwrap_or(0),
                    })
                    .collect()
            } else {
                Vec::new()
            },
            bugs: self.config.bugs.iter().copied().collect(),
        }
    }
}
