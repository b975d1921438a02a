//! The trace: every event of a run in order, with the core's reasons. Its hash (FNV-1a over
//! each entry's text) identifies a run: the same scenario gives the same hash natively, in
//! Node and in every browser. The world keeps the most recent entries for the page and, when
//! asked, the whole trace for the CLI.

use common::NodeId;
use std::collections::VecDeque;
use std::fmt::{self, Write as _};

use crate::action::{Action, MessageId};
use crate::check::Violation;
use crate::history::Time;
use crate::kv::{ClientId, KvOp, KvOutput};
use crate::network::DropReason;
use crate::protocol::{Category, Protocol};

#[derive(Clone)]
pub struct TraceEntry<P: Protocol> {
    pub step: u64,
    pub time: Time,
    pub kind: TraceKind<P>,
}

#[derive(Clone)]
pub enum TraceKind<P: Protocol> {
    Core(P::Event),
    Sent {
        id: MessageId,
        from: NodeId,
        to: NodeId,
        kind: &'static str,
        reply: bool,
    },
    Delivered {
        id: MessageId,
        from: NodeId,
        to: NodeId,
        kind: &'static str,
    },
    Dropped {
        id: MessageId,
        from: NodeId,
        to: NodeId,
        kind: &'static str,
        reason: DropReason,
    },
    Action(Action),
    /// An action that could not be done (for example a restart of a server that is up).
    Refused {
        action: Action,
        reason: String,
    },
    Invoked {
        client: ClientId,
        seq: u32,
        op: KvOp,
        node: NodeId,
    },
    Redirected {
        client: ClientId,
        seq: u32,
        node: NodeId,
        hint: Option<NodeId>,
    },
    Returned {
        client: ClientId,
        seq: u32,
        output: KvOutput,
        node: NodeId,
    },
    GaveUp {
        client: ClientId,
        seq: u32,
    },
    Violation(Violation),
}

impl<P: Protocol> TraceEntry<P> {
    /// The node the entry is about (for the page's per-node filter).
    pub fn node(&self) -> Option<NodeId> {
        match &self.kind {
            TraceKind::Core(event) => Some(P::event_node(event)),
            TraceKind::Sent { from, .. } => Some(*from),
            TraceKind::Delivered { to, .. } | TraceKind::Dropped { to, .. } => Some(*to),
            TraceKind::Action(action) | TraceKind::Refused { action, .. } => action_node(action),
            TraceKind::Invoked { node, .. }
            | TraceKind::Redirected { node, .. }
            | TraceKind::Returned { node, .. } => Some(*node),
            TraceKind::GaveUp { .. } | TraceKind::Violation(_) => None,
        }
    }

    pub fn category(&self) -> Category {
        match &self.kind {
            TraceKind::Core(event) => P::event_category(event),
            TraceKind::Sent { .. } | TraceKind::Delivered { .. } | TraceKind::Dropped { .. } => {
                Category::Network
            }
            TraceKind::Action(Action::Request { .. }) => Category::Client,
            TraceKind::Action(_) | TraceKind::Refused { .. } => Category::Fault,
            TraceKind::Invoked { .. }
            | TraceKind::Redirected { .. }
            | TraceKind::Returned { .. }
            | TraceKind::GaveUp { .. } => Category::Client,
            TraceKind::Violation(_) => Category::Check,
        }
    }
}

fn action_node(action: &Action) -> Option<NodeId> {
    match action {
        Action::Crash { node }
        | Action::Restart { node }
        | Action::Pause { node }
        | Action::Resume { node }
        | Action::Timeout { node }
        | Action::Skew { node, .. }
        | Action::Request { node, .. } => Some(*node),
        Action::Transfer { from, .. } | Action::Cut { from, .. } | Action::Heal { from, .. } => {
            Some(*from)
        }
        _ => None,
    }
}

impl<P: Protocol> fmt::Display for TraceKind<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TraceKind::Core(event) => write!(f, "{event}"),
            TraceKind::Sent { id, from, to, kind, .. } => write!(f, "S{from} sent #{id} {kind} to S{to}"),
            TraceKind::Delivered { id, from, to, kind } => {
                write!(f, "S{to} received #{id} {kind} from S{from}")
            }
            TraceKind::Dropped { id, from, to, kind, reason } => write!(
                f,
                "#{id} {kind} S{from}→S{to} was dropped: {}",
                reason.describe()
            ),
            TraceKind::Action(action) => write!(f, "user: {action}"),
            TraceKind::Refused { action, reason } => write!(f, "user: {action}: not done, {reason}"),
            TraceKind::Invoked { client, seq, op, node } => {
                write!(f, "client c{client} sent #{seq} {op} to S{node}")
            }
            TraceKind::Redirected { client, seq, node, hint } => match hint {
                Some(leader) => write!(
                    f,
                    "S{node} is not the leader: it told client c{client} (#{seq}) to try S{leader}"
                ),
                None => write!(
                    f,
                    "S{node} is not the leader and knows none: client c{client} (#{seq}) tries another server"
                ),
            },
            TraceKind::Returned { client, seq, output, node } => {
                write!(f, "client c{client} got {output} for #{seq} from S{node}")
            }
            TraceKind::GaveUp { client, seq } => write!(
                f,
                "client c{client} gave up on #{seq}: it may or may not have taken effect"
            ),
            TraceKind::Violation(violation) => write!(f, "{violation}"),
        }
    }
}

impl<P: Protocol> fmt::Display for TraceEntry<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:>10.3} ms  {}", self.time as f64 / 1000.0, self.kind)
    }
}

/// FNV-1a, 64 bits: simple, stable, and fed through `fmt::Write` so hashing an entry's text
/// allocates nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fnv64(u64);

impl Default for Fnv64 {
    fn default() -> Self {
        Fnv64(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv64 {
    pub fn bytes(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 ^= u64::from(*byte);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    pub fn finish(self) -> u64 {
        self.0
    }
}

impl fmt::Write for Fnv64 {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.bytes(s.as_bytes());
        Ok(())
    }
}

/// How many recent entries the world keeps for the page's event log.
pub const RECENT_ENTRIES_MAX: usize = 1000;

#[derive(Clone)]
pub struct Trace<P: Protocol> {
    hash: Fnv64,
    pub recent: VecDeque<TraceEntry<P>>,
    /// The whole trace, kept only when asked (`raftplay run --trace`).
    pub full: Option<Vec<TraceEntry<P>>>,
}

impl<P: Protocol> Default for Trace<P> {
    fn default() -> Self {
        Trace {
            hash: Fnv64::default(),
            recent: VecDeque::with_capacity(RECENT_ENTRIES_MAX),
            full: None,
        }
    }
}

impl<P: Protocol> Trace<P> {
    pub fn record(&mut self, entry: TraceEntry<P>) {
        // The hash covers the time and the text: what a reader of the trace sees.
        let _ = writeln!(self.hash, "{}|{}", entry.time, entry.kind);
        if self.recent.len() == RECENT_ENTRIES_MAX {
            self.recent.pop_front();
        }
        if let Some(full) = &mut self.full {
            full.push(entry.clone());
        }
        self.recent.push_back(entry);
    }

    pub fn hash(&self) -> u64 {
        self.hash.finish()
    }
}

/// A trace hash as the CLI and the page print it.
pub fn hash_text(hash: u64) -> String {
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_matches_the_reference_vectors() {
        let mut empty = Fnv64::default();
        empty.bytes(b"");
        assert_eq!(empty.finish(), 0xcbf29ce484222325);
        let mut a = Fnv64::default();
        a.bytes(b"a");
        assert_eq!(a.finish(), 0xaf63dc4c8601ec8c);
        let mut foobar = Fnv64::default();
        let bar = "bar";
        let _ = write!(foobar, "foo{bar}");
        assert_eq!(foobar.finish(), 0x85944171f73967e8);
    }
}
