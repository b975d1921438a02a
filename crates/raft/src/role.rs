//! A node's role, and the state only that role has. The role carries its own state, so leaving
//! a role drops it: no transition has to remember to clear votes, progress or a transfer.

use std::fmt;

use common::{NodeId, SortedMap};
use serde::{Deserialize, Serialize};

use crate::progress::Progress;

/// The role, as the host and the page see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    Follower,
    /// Thesis §9.6: polling for votes without bumping the term.
    PreCandidate,
    Candidate,
    Leader,
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Role::Follower => "follower",
            Role::PreCandidate => "pre-candidate",
            Role::Candidate => "candidate",
            Role::Leader => "leader",
        })
    }
}

/// The role with its own state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum RoleState {
    Follower,
    /// Who answered the pre-vote and how, this node's own answer included.
    PreCandidate {
        votes: SortedMap<NodeId, bool>,
    },
    /// Who answered the vote request and how, this node's own vote included.
    Candidate {
        votes: SortedMap<NodeId, bool>,
    },
    Leader(Leadership),
}

impl RoleState {
    pub(crate) fn role(&self) -> Role {
        match self {
            RoleState::Follower => Role::Follower,
            RoleState::PreCandidate { .. } => Role::PreCandidate,
            RoleState::Candidate { .. } => Role::Candidate,
            RoleState::Leader(_) => Role::Leader,
        }
    }

    /// A (pre-)candidate's tally so far.
    pub(crate) fn votes(&self) -> Option<&SortedMap<NodeId, bool>> {
        match self {
            RoleState::PreCandidate { votes } | RoleState::Candidate { votes } => Some(votes),
            RoleState::Follower | RoleState::Leader(_) => None,
        }
    }

    pub(crate) fn votes_mut(&mut self) -> Option<&mut SortedMap<NodeId, bool>> {
        match self {
            RoleState::PreCandidate { votes } | RoleState::Candidate { votes } => Some(votes),
            RoleState::Follower | RoleState::Leader(_) => None,
        }
    }

    pub(crate) fn leadership(&self) -> Option<&Leadership> {
        match self {
            RoleState::Leader(leadership) => Some(leadership),
            _ => None,
        }
    }

    pub(crate) fn leadership_mut(&mut self) -> Option<&mut Leadership> {
        match self {
            RoleState::Leader(leadership) => Some(leadership),
            _ => None,
        }
    }

    /// What the leader knows of `peer`.
    pub(crate) fn progress(&self, peer: NodeId) -> Option<&Progress> {
        self.leadership()?.progress.get(&peer)
    }

    pub(crate) fn progress_mut(&mut self, peer: NodeId) -> Option<&mut Progress> {
        self.leadership_mut()?.progress.get_mut(&peer)
    }

    /// A leadership transfer in progress.
    pub(crate) fn transfer(&self) -> Option<Transfer> {
        self.leadership()?.transfer
    }
}

/// What only a leader has: one [`Progress`] per follower, and a transfer it may be making.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Leadership {
    pub(crate) progress: SortedMap<NodeId, Progress>,
    pub(crate) transfer: Option<Transfer>,
}

/// A leadership transfer in progress (§3.10).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Transfer {
    pub(crate) to: NodeId,
    pub(crate) elapsed_ticks: u64,
    pub(crate) timeout_now_sent: bool,
}
