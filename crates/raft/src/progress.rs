//! What a leader knows about each follower (Figure 2, "volatile state on leaders"), and how it
//! paces replication to it (probing, then pipelining, as in etcd raft and raft-rs).

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

/// At most this many AppendEntries carrying entries are sent to a follower in the
/// [`ReplicationState::Replicate`] state before one of them is acknowledged (flow control, as
/// etcd raft's `MaxInflightMsgs`). Heartbeats do not count.
pub const MAX_APPENDS_IN_FLIGHT: usize = 4;

/// How a leader sends entries to one follower (as in etcd raft and raft-rs).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReplicationState {
    /// The leader does not know where the follower's log stops matching its own. It sends one
    /// AppendEntries (a probe, from `next_index - 1`) and waits for the answer, or for the
    /// next heartbeat, which sends the probe again in case it was lost. Only a refusal of
    /// that very probe moves `next_index` back, so duplicated or late refusals cost nothing.
    #[default]
    Probe,
    /// The follower has acknowledged a probe: the leader knows where the logs match, and sends
    /// new entries as they come without waiting (pipelining), at most
    /// [`MAX_APPENDS_IN_FLIGHT`] unacknowledged AppendEntries at a time.
    Replicate,
}

/// What a leader knows about one follower (Figure 2, "volatile state on leaders").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// The next entry to send. While replicating, advanced optimistically when entries are
    /// sent (pipelining); while probing, the probe's prev index plus one.
    pub next_index: u64,
    /// The highest entry known to match the leader's log.
    pub match_index: u64,
    /// Heard from since the last CheckQuorum round (§6.2).
    pub recent_active: bool,
    #[serde(default)]
    pub state: ReplicationState,
    /// Probing: a probe is out, so nothing more is sent until it is answered or a heartbeat
    /// is due.
    #[serde(default)]
    pub probe_sent: bool,
    /// Replicating: the last index of each unacknowledged AppendEntries, oldest first.
    #[serde(default)]
    pub in_flight: VecDeque<u64>,
}

impl Progress {
    /// A follower the leader knows nothing about yet: probe just past the leader's log.
    pub(crate) fn new(next_index: u64) -> Self {
        Self {
            next_index,
            match_index: 0,
            recent_active: false,
            state: ReplicationState::Probe,
            probe_sent: false,
            in_flight: VecDeque::new(),
        }
    }

    /// Back to probing from `next_index`, with nothing out yet.
    pub(crate) fn become_probe(&mut self, next_index: u64) {
        self.state = ReplicationState::Probe;
        self.next_index = next_index;
        self.probe_sent = false;
        self.in_flight.clear();
    }

    /// The follower's log matches up to `match_index`: pipeline from just past it.
    pub(crate) fn become_replicate(&mut self) {
        self.state = ReplicationState::Replicate;
        self.next_index = self.match_index + 1;
        self.probe_sent = false;
        self.in_flight.clear();
    }

    /// Whether an AppendEntries carrying entries may be sent now.
    pub(crate) fn may_send_entries(&self) -> bool {
        match self.state {
            ReplicationState::Probe => !self.probe_sent,
            ReplicationState::Replicate => self.in_flight.len() < MAX_APPENDS_IN_FLIGHT,
        }
    }
}
