//! A server as the world holds it: the core's node when up, its durable state when down,
//! and what belongs to the machine rather than the protocol (clock skew, the store, the
//! requests it must answer).

use common::{NodeId, SortedSet};
use std::collections::VecDeque;

use crate::cores::Core;
use crate::engine::kv::{ClientId, KvStore};
use crate::scenario::action::MessageId;

#[derive(Clone)]
pub enum NodeState<P: Core> {
    Up(P),
    Down(P::Durable),
}

#[derive(Clone)]
pub struct NodeSlot<P: Core> {
    pub id: NodeId,
    pub state: NodeState<P>,
    pub paused: bool,
    pub skew_percent: i8,
    /// Bumped at every restart: ticks scheduled for an earlier life are ignored, and the
    /// node's seed changes so it draws new timeouts.
    pub incarnation: u32,
    /// The replicated store, rebuilt from the log after a restart (volatile).
    pub store: KvStore,
    /// Client requests this server accepted and must answer once applied (volatile).
    pub pending: SortedSet<(ClientId, u32)>,
    /// Messages that arrived while paused, delivered in order on resume.
    pub deferred: VecDeque<MessageId>,
}

impl<P: Core> NodeSlot<P> {
    pub fn up(&self) -> Option<&P> {
        match &self.state {
            NodeState::Up(node) => Some(node),
            NodeState::Down(_) => None,
        }
    }

    pub fn is_up(&self) -> bool {
        matches!(self.state, NodeState::Up(_))
    }

    /// Up and not paused: able to act now.
    pub fn is_running(&self) -> bool {
        self.is_up() && !self.paused
    }
}

/// The entry for server `id` in a list held in id order (servers are 1..=nodes), if the
/// cluster has one: the world's slots, a checker's view of them, a snapshot's nodes.
pub fn by_id<T>(items: &[T], id: NodeId) -> Option<&T> {
    items.get(usize::from(id).checked_sub(1)?)
}

/// [`by_id`], mutable.
pub fn by_id_mut<T>(items: &mut [T], id: NodeId) -> Option<&mut T> {
    items.get_mut(usize::from(id).checked_sub(1)?)
}
