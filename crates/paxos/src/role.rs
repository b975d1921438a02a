//! A node's role, and the state only that role has: a candidate's phase 1, a leader's phase 2.
//! The role carries its own state, so leaving a role drops it and no transition has to reset
//! anything by hand.

use std::fmt;

use common::{NodeId, SortedMap};
use serde::{Deserialize, Serialize};

use crate::ballot::NodeSet;
use crate::value::{Accepted, Slot};

/// What a node is doing. Every node is also an acceptor, whatever its role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    /// Accepts what the leader proposes; starts phase 1 when it stops hearing from one.
    Follower,
    /// Running phase 1 (a "proposer" collecting promises).
    Candidate,
    /// Finished phase 1: runs phase 2 for every slot, pipelined.
    Leader,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Role::Follower => "follower",
            Role::Candidate => "candidate",
            Role::Leader => "leader",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The role with its own state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) enum RoleState<C> {
    Follower,
    Candidate(PhaseOne<C>),
    Leader(Leading),
}

impl<C> RoleState<C> {
    pub(crate) fn role(&self) -> Role {
        match self {
            RoleState::Follower => Role::Follower,
            RoleState::Candidate(_) => Role::Candidate,
            RoleState::Leader(_) => Role::Leader,
        }
    }

    pub(crate) fn phase_one_mut(&mut self) -> Option<&mut PhaseOne<C>> {
        match self {
            RoleState::Candidate(phase_one) => Some(phase_one),
            RoleState::Follower | RoleState::Leader(_) => None,
        }
    }

    pub(crate) fn leading(&self) -> Option<&Leading> {
        match self {
            RoleState::Leader(leading) => Some(leading),
            RoleState::Follower | RoleState::Candidate(_) => None,
        }
    }

    pub(crate) fn leading_mut(&mut self) -> Option<&mut Leading> {
        match self {
            RoleState::Leader(leading) => Some(leading),
            RoleState::Follower | RoleState::Candidate(_) => None,
        }
    }
}

/// Phase-1 bookkeeping of a candidate.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct PhaseOne<C> {
    /// The first slot this phase 1 covers: one past what the candidate knows is chosen.
    pub(crate) from_slot: Slot,
    pub(crate) promises: NodeSet,
    /// For each slot some other acceptor reported, the proposal phase 2 must keep (the
    /// highest-ballot one, P2c). The candidate's own acceptances are read from `accepted`.
    pub(crate) recovered: SortedMap<Slot, Accepted<C>>,
}

impl<C> Default for PhaseOne<C> {
    fn default() -> Self {
        Self {
            from_slot: 0,
            promises: NodeSet::default(),
            recovered: SortedMap::new(),
        }
    }
}

/// Phase-2 bookkeeping of a leader.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Leading {
    /// Who promised the ballot this node leads under (its phase-1 quorum).
    pub(crate) promises: NodeSet,
    /// The slot the next client command gets.
    pub(crate) next_slot: Slot,
    /// Accepts have been broadcast for every open slot up to here.
    pub(crate) sent_through: Slot,
    /// Open slots (proposed under our ballot, not yet chosen) and who accepted them.
    pub(crate) open: SortedMap<Slot, NodeSet>,
    /// The highest slot each peer has acknowledged under our ballot (per-peer progress).
    pub(crate) acked_max: SortedMap<NodeId, Slot>,
}
