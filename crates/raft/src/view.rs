//! A snapshot of everything a renderer or a checker needs, detached from the node.

use common::{NodeId, Payload};
use serde::{Deserialize, Serialize};

use crate::bug::Bug;
use crate::config::Options;
use crate::log::Entry;
use crate::node::Node;
use crate::progress::ReplicationState;
use crate::role::Role;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct View<C> {
    pub id: NodeId,
    pub role: Role,
    pub term: u64,
    pub voted_for: Option<NodeId>,
    pub leader: Option<NodeId>,
    pub log: Vec<Entry<C>>,
    pub commit_index: u64,
    pub applied_index: u64,
    /// Leaders only: what the leader knows of each follower.
    pub peers: Vec<PeerView>,
    /// (Pre-)candidates only: answers so far, the node's own vote included.
    pub votes: Vec<(NodeId, bool)>,
    pub election_elapsed_ticks: u64,
    pub election_timeout_ticks: u64,
    pub heartbeat_elapsed_ticks: u64,
    /// A leadership transfer in progress, and its target.
    pub transfer_to: Option<NodeId>,
    pub options: Options,
    pub bugs: Vec<Bug>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeerView {
    pub id: NodeId,
    pub next_index: u64,
    pub match_index: u64,
    pub recent_active: bool,
    /// The leader does not know where this follower's log matches its own, and sends one
    /// AppendEntries at a time until it does; otherwise it pipelines.
    #[serde(default)]
    pub probing: bool,
    /// Pipelining: AppendEntries with entries sent and not yet acknowledged.
    #[serde(default)]
    pub appends_in_flight: usize,
}

impl<C: Payload> Node<C> {
    /// Everything about this node, cloned.
    pub fn view(&self) -> View<C> {
        View {
            id: self.config.id,
            role: self.role(),
            term: self.term,
            voted_for: self.voted_for,
            leader: self.leader,
            log: self.log.entries().to_vec(),
            commit_index: self.commit_index,
            applied_index: self.applied_index,
            peers: self
                .role
                .leadership()
                .into_iter()
                .flat_map(|leadership| leadership.progress.iter())
                .map(|(&id, p)| PeerView {
                    id,
                    next_index: p.next_index,
                    match_index: p.match_index,
                    recent_active: p.recent_active,
                    probing: p.state == ReplicationState::Probe,
                    appends_in_flight: p.in_flight.len(),
                })
                .collect(),
            votes: self
                .role
                .votes()
                .into_iter()
                .flat_map(|votes| votes.iter())
                .map(|(&id, &granted)| (id, granted))
                .collect(),
            election_elapsed_ticks: self.election_elapsed_ticks,
            election_timeout_ticks: self.election_timeout_ticks,
            heartbeat_elapsed_ticks: self.heartbeat_elapsed_ticks,
            transfer_to: self.role.transfer().map(|t| t.to),
            options: self.config.options,
            bugs: self.config.bugs.iter().copied().collect(),
        }
    }
}
