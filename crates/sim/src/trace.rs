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

/// The server an action is about (the first named), if any.
pub fn action_node(action: &Action) -> Option<NodeId> {
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
        write!(
            f,
            "{:>10} ms  {}",
            crate::check::Millis(self.time),
            self.kind
        )
    }
}

/// The trace hash: a stable 64-bit hash of the bytes written to it, little-endian and
/// word-at-a-time (one rotate, xor and multiply per eight bytes, as in FxHash, with a strong
/// final mix), so that hashing every entry stays cheap. It identifies runs; it is not meant to
/// resist an adversary. It is
/// fed through `fmt::Write`, so hashing an entry's text allocates nothing. The same bytes give
/// the same hash on every platform.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TraceHasher {
    state: u64,
    pending: u64,
    pending_len: u32,
}

impl Default for TraceHasher {
    fn default() -> Self {
        TraceHasher {
            state: 0xcbf2_9ce4_8422_2325,
            pending: 0,
            pending_len: 0,
        }
    }
}

impl TraceHasher {
    fn mix_word(&mut self, word: u64) {
        self.state = (self.state.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }

    pub fn bytes(&mut self, mut bytes: &[u8]) {
        // Whole words go straight in; only a ragged start or end takes the byte path.
        while self.pending_len == 0 && bytes.len() >= 8 {
            let (word, rest) = bytes.split_at(8);
            self.mix_word(u64::from_le_bytes(word.try_into().unwrap_or([0; 8])));
            bytes = rest;
        }
        for &byte in bytes {
            self.pending |= u64::from(byte) << (8 * self.pending_len);
            self.pending_len += 1;
            if self.pending_len == 8 {
                self.mix_word(self.pending);
                self.pending = 0;
                self.pending_len = 0;
            }
        }
    }

    /// A whole number, as eight little-endian bytes.
    pub fn number(&mut self, value: u64) {
        if self.pending_len == 0 {
            self.mix_word(value);
        } else {
            self.bytes(&value.to_le_bytes());
        }
    }

    pub fn finish(self) -> u64 {
        let mut last = self;
        // The length of the unfinished word keeps "a" and "a\0" apart.
        last.mix_word(self.pending ^ (u64::from(self.pending_len) << 59));
        crate::check::mix(last.state, 0)
    }
}

impl fmt::Write for TraceHasher {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.bytes(s.as_bytes());
        Ok(())
    }
}

impl<P: Protocol> TraceEntry<P> {
    /// Feeds the entry to the trace hash: the core's events by their text (what a reader of
    /// the trace sees, reasons included), network traffic by its numbers (the bulk of a run,
    /// and the same information).
    fn hash_into(&self, hasher: &mut TraceHasher) {
        hasher.number(self.time);
        match &self.kind {
            TraceKind::Sent {
                id, from, to, kind, ..
            } => {
                hasher.number(1);
                hasher.number(*id);
                hasher.number(u64::from(*from) << 8 | u64::from(*to));
                hasher.bytes(kind.as_bytes());
            }
            TraceKind::Delivered { id, .. } => {
                hasher.number(2);
                hasher.number(*id);
            }
            TraceKind::Dropped { id, reason, .. } => {
                hasher.number(3);
                hasher.number(*id);
                hasher.number(*reason as u64);
            }
            other => {
                hasher.number(4);
                let _ = write!(hasher, "{other}");
            }
        }
    }
}

/// How many recent entries the world keeps for the page's event log.
pub const RECENT_ENTRIES_MAX: usize = 1000;

#[derive(Clone)]
pub struct Trace<P: Protocol> {
    hash: TraceHasher,
    pub recent: VecDeque<TraceEntry<P>>,
    /// The whole trace, kept only when asked (`raftplay run --trace`).
    pub full: Option<Vec<TraceEntry<P>>>,
}

impl<P: Protocol> Default for Trace<P> {
    fn default() -> Self {
        Trace {
            hash: TraceHasher::default(),
            recent: VecDeque::with_capacity(RECENT_ENTRIES_MAX),
            full: None,
        }
    }
}

impl<P: Protocol> Trace<P> {
    pub fn record(&mut self, entry: TraceEntry<P>) {
        entry.hash_into(&mut self.hash);
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
    fn the_hash_depends_on_every_byte_and_on_length() {
        let hash = |bytes: &[u8]| {
            let mut h = TraceHasher::default();
            h.bytes(bytes);
            h.finish()
        };
        assert_ne!(hash(b"a"), hash(b"a\0"));
        assert_ne!(hash(b"abcdefgh1"), hash(b"abcdefgh2"));
        assert_ne!(hash(b""), hash(b"\0"));
        // Split writes hash like one write.
        let mut split = TraceHasher::default();
        split.bytes(b"abc");
        split.bytes(b"defghij");
        assert_eq!(split.finish(), hash(b"abcdefghij"));
        // A fixed value, so that a change of algorithm (which changes every golden link's
        // expected hash) is a deliberate decision.
        assert_eq!(hash(b"raft playground"), 14281285760889904550);
    }
}
