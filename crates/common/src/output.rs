//! What both cores hand back, in one shape: the work a call leaves for its host, the refusal
//! of a proposal that reached a non-leader, and the categories events are filed under.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::{NodeId, S};

/// The work a call hands back to the host. `Message` is the core's envelope, `Committed` what
/// it hands to the state machine (a log entry, a chosen slot), `Event` its events.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Output<Message, Committed, Event> {
    /// To send, in order, after saving the durable state if `persist` is set.
    pub messages: Vec<Message>,
    /// Durable state changed: save it before sending `messages`.
    pub persist: bool,
    /// Newly committed entries in index order, each exactly once per incarnation: apply them.
    pub committed: Vec<Committed>,
    /// What happened and why, in order.
    pub events: Vec<Event>,
}

impl<M, C, E> Default for Output<M, C, E> {
    fn default() -> Self {
        Self {
            messages: Vec::new(),
            persist: false,
            committed: Vec::new(),
            events: Vec::new(),
        }
    }
}

/// A proposal reached a node that cannot accept it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotLeader {
    /// Where the client should try instead, if this node knows.
    pub leader_hint: Option<NodeId>,
}

impl fmt::Display for NotLeader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.leader_hint {
            Some(leader) => write!(f, "not the leader; try {}", S(leader)),
            None => write!(f, "not the leader, and no leader is known"),
        }
    }
}

impl std::error::Error for NotLeader {}

/// Where the page files an event: the filter chips, the colours of the event log and the
/// timeline's markers. The cores file their events under the first eight; the simulator adds
/// its own (messages on the network, faults, the checkers).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Role,
    Term,
    Vote,
    Log,
    Commit,
    Reject,
    Timer,
    Client,
    Network,
    Fault,
    Check,
}
