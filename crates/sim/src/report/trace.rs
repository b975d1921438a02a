//! The trace: every event of a run in order, with the core's reasons. Its hash (over each
//! entry's typed fields, never its text: [`crate::report::trace_hash`]) identifies a run: the same
//! scenario gives the same hash natively, in Node and in every browser. The world keeps the most recent entries for the page and, when
//! asked, the whole trace for the CLI.

use common::NodeId;
use std::collections::VecDeque;
use std::fmt;

use crate::checks::context::Violation;
use crate::cores::{Category, Core};
use crate::engine::history::Time;
use crate::engine::kv::{ClientId, KvOp, KvOutput};
use crate::engine::network::DropReason;
use crate::report::trace_hash::{TraceHasher, TRACE_HASH_VERSION};
use crate::scenario::action::{Action, MessageId};

#[derive(Clone)]
pub struct TraceEntry<P: Core> {
    pub step: u64,
    pub time: Time,
    pub kind: TraceKind<P>,
}

#[derive(Clone)]
pub enum TraceKind<P: Core> {
    Core(P::Event),
    /// A message's `label` (its content in a few words, for sequence diagrams) never enters
    /// the trace hash.
    Sent {
        id: MessageId,
        from: NodeId,
        to: NodeId,
        kind: &'static str,
        reply: bool,
        label: P::Label,
    },
    Delivered {
        id: MessageId,
        from: NodeId,
        to: NodeId,
        kind: &'static str,
        label: P::Label,
    },
    Dropped {
        id: MessageId,
        from: NodeId,
        to: NodeId,
        kind: &'static str,
        label: P::Label,
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

impl<P: Core> TraceEntry<P> {
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

impl<P: Core> fmt::Display for TraceKind<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Test only (`--features reworded-text`): every text says something else, to show
        // that the trace hash never reads it.
        if cfg!(feature = "reworded-text") {
            f.write_str("(reworded) ")?;
        }
        match self {
            TraceKind::Core(event) => write!(f, "{event}"),
            TraceKind::Sent { id, from, to, kind, .. } => write!(f, "S{from} sent #{id} {kind} to S{to}"),
            TraceKind::Delivered { id, from, to, kind, .. } => {
                write!(f, "S{to} received #{id} {kind} from S{from}")
            }
            TraceKind::Dropped { id, from, to, kind, reason, .. } => write!(
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

impl<P: Core> fmt::Display for TraceEntry<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:>10} ms  {}",
            crate::checks::context::Millis(self.time),
            self.kind
        )
    }
}

impl<P: Core> TraceEntry<P> {
    /// Feeds the entry to the trace hash by its structure, never its text (`trace_hash`):
    /// the time, a tag per kind, then the kind's typed fields. A refusal's reason and a
    /// violation's explanation are prose derived from the state, so only the refused action
    /// and the invariant, servers and entries enter the hash.
    fn hash_into(&self, hasher: &mut TraceHasher) {
        hasher.number(self.time);
        match &self.kind {
            TraceKind::Core(event) => {
                hasher.number(0);
                hasher.value(event);
            }
            TraceKind::Sent {
                id, from, to, kind, ..
            } => {
                hasher.number(1);
                hasher.number(*id);
                hasher.number(u64::from(*from) << 8 | u64::from(*to));
                hasher.text(kind);
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
            TraceKind::Action(action) => {
                hasher.number(4);
                hash_action(hasher, action);
            }
            TraceKind::Refused { action, .. } => {
                hasher.number(5);
                hash_action(hasher, action);
            }
            TraceKind::Invoked {
                client,
                seq,
                op,
                node,
            } => {
                hasher.number(6);
                hasher.value(&(*client, *seq, op, *node));
            }
            TraceKind::Redirected {
                client,
                seq,
                node,
                hint,
            } => {
                hasher.number(7);
                hasher.value(&(*client, *seq, *node, *hint));
            }
            TraceKind::Returned {
                client,
                seq,
                output,
                node,
            } => {
                hasher.number(8);
                hasher.value(&(*client, *seq, output, *node));
            }
            TraceKind::GaveUp { client, seq } => {
                hasher.number(9);
                hasher.value(&(*client, *seq));
            }
            TraceKind::Violation(violation) => {
                hasher.number(10);
                hasher.text(violation.invariant);
                hasher.value(&(&violation.nodes, &violation.entries));
            }
        }
    }
}

/// An action by its scenario JSON: the format's own structure, versioned and kept forever.
fn hash_action(hasher: &mut TraceHasher, action: &Action) {
    hasher.text(&crate::scenario::json::ToJson::to_value(action).to_text());
}

/// How many recent entries the world keeps for the page's event log.
pub const RECENT_ENTRIES_MAX: usize = 1000;

#[derive(Clone)]
pub struct Trace<P: Core> {
    hash: TraceHasher,
    pub recent: VecDeque<TraceEntry<P>>,
    /// The whole trace, kept only when asked (`raftplay run --trace`).
    pub full: Option<Vec<TraceEntry<P>>>,
}

impl<P: Core> Default for Trace<P> {
    fn default() -> Self {
        let mut hash = TraceHasher::default();
        hash.number(TRACE_HASH_VERSION);
        Trace {
            hash,
            recent: VecDeque::with_capacity(RECENT_ENTRIES_MAX),
            full: None,
        }
    }
}

impl<P: Core> Trace<P> {
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
