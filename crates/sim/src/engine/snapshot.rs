//! The view snapshot: everything the page draws, as plain data (serde → JS object).
//! The renderer reads it and never changes the simulation.

use common::NodeId;
use serde::Serialize;

use crate::checks::context::Violation;
use crate::cores::{Category, Core, NodeView};
use crate::engine::history::Time;
use crate::engine::node::NodeState;
use crate::engine::world::World;
use crate::report::metrics::{Latency, MessageCount, Metrics};
use crate::report::trace::{hash_text, TraceEntry, TraceKind};

#[derive(Clone, Debug, Serialize)]
pub struct Snapshot {
    pub protocol: crate::scenario::ProtocolKind,
    pub time_us: Time,
    pub steps: u64,
    pub next_time_us: Option<Time>,
    pub leader: Option<NodeId>,
    pub nodes: Vec<NodeSnapshot>,
    pub messages: Vec<MessageSnapshot>,
    pub cut_links: Vec<(NodeId, NodeId)>,
    pub manual: bool,
    /// Every invariant broken so far, the first first (a run that goes on finds more).
    pub violations: Vec<Violation>,
    pub trace_hash: String,
}

impl Snapshot {
    /// Server `id`, if the cluster has one: ids are 1..=nodes.
    pub fn node(&self, id: NodeId) -> Option<&NodeSnapshot> {
        crate::engine::node::by_id(&self.nodes, id)
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct NodeSnapshot {
    pub name: String,
    pub up: bool,
    pub paused: bool,
    pub skew_percent: i8,
    /// The last index of the whole log (`view.log` may show only its tail).
    pub log_length: u64,
    /// The protocol's view; for a crashed server, what its durable state shows.
    #[serde(flatten)]
    pub view: NodeView,
}

#[derive(Clone, Debug, Serialize)]
pub struct MessageSnapshot {
    pub id: u64,
    pub from: NodeId,
    pub to: NodeId,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub size_bytes: usize,
    pub sent_at_us: Time,
    /// `None` while waiting for the user (manual mode) or for a paused receiver.
    pub deliver_at_us: Option<Time>,
    /// Why it has no delivery time: `manual` (the user delivers it) or `paused` (its receiver
    /// is paused); `None` when it is scheduled.
    pub waiting: Option<&'static str>,
    pub summary: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct EventSnapshot {
    pub step: u64,
    pub time_us: Time,
    pub node: Option<NodeId>,
    pub category: Category,
    pub text: String,
    /// Network events only: the message and what happened to it, as data.
    pub message: Option<MessageEvent>,
}

#[derive(Clone, Debug, Serialize)]
pub struct MessageEvent {
    pub id: u64,
    pub from: NodeId,
    pub to: NodeId,
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// `sent`, `delivered` or `dropped`.
    pub what: &'static str,
    /// Why a dropped message was dropped: `link_cut`, `lost`, `receiver_down`, `by_user`.
    pub reason: Option<crate::engine::network::DropReason>,
}

#[derive(Clone, Debug, Serialize)]
pub struct MetricsSnapshot {
    pub messages: Vec<(&'static str, MessageCount)>,
    pub total: MessageCount,
    pub elections: u64,
    pub campaigns: u64,
    pub first_leader_at_us: Option<Time>,
    pub first_commit_after_leader_us: Vec<Time>,
    pub leaderless_us: Time,
    pub latency: Latency,
    pub commands_committed: u64,
    pub entries_resent: u64,
    pub operations: usize,
    pub samples: Vec<crate::report::metrics::Sample>,
}

pub fn metrics<P: Core>(world: &World<P>) -> MetricsSnapshot {
    let m: &Metrics = &world.metrics;
    MetricsSnapshot {
        messages: m.messages.iter().map(|(k, v)| (*k, *v)).collect(),
        total: m.messages_total(),
        elections: m.elections,
        campaigns: m.campaigns,
        first_leader_at_us: m.first_leader_at_us,
        first_commit_after_leader_us: m.first_commit_after_leader_us.clone(),
        leaderless_us: m.leaderless_until(world.now),
        latency: m.latency(),
        commands_committed: m.commands_committed,
        entries_resent: m.entries_resent,
        operations: world.history.operations.len(),
        samples: m.samples.clone(),
    }
}

pub fn event<P: Core>(entry: &TraceEntry<P>) -> EventSnapshot {
    EventSnapshot {
        step: entry.step,
        time_us: entry.time,
        node: entry.node(),
        category: entry.category(),
        text: entry.kind.to_string(),
        message: message_event(&entry.kind),
    }
}

fn message_event<P: Core>(kind: &TraceKind<P>) -> Option<MessageEvent> {
    let (id, from, to, kind, what, reason) = match *kind {
        TraceKind::Sent {
            id, from, to, kind, ..
        } => (id, from, to, kind, "sent", None),
        TraceKind::Delivered {
            id, from, to, kind, ..
        } => (id, from, to, kind, "delivered", None),
        TraceKind::Dropped {
            id,
            from,
            to,
            kind,
            reason,
            ..
        } => (id, from, to, kind, "dropped", Some(reason)),
        _ => return None,
    };
    Some(MessageEvent {
        id,
        from,
        to,
        kind,
        what,
        reason,
    })
}

/// `log_tail`: how many of each log's last entries to include (the page shows a window).
pub fn snapshot<P: Core>(
    world: &World<P>,
    next_time_us: Option<Time>,
    log_tail: usize,
) -> Snapshot {
    let nodes = world
        .nodes
        .iter()
        .map(|slot| {
            let mut view = match &slot.state {
                NodeState::Up(node) => node.view(),
                NodeState::Down(durable) => down_view::<P>(world.node_setup(), slot.id, durable),
            };
            let log_length = view.log.last().map_or(0, |entry| entry.index);
            let excess = view.log.len().saturating_sub(log_tail);
            view.log.drain(..excess);
            NodeSnapshot {
                name: common::node_name(slot.id),
                up: slot.is_up(),
                paused: slot.paused,
                skew_percent: slot.skew_percent,
                log_length,
                view,
            }
        })
        .collect();
    let messages = world
        .network
        .in_flight
        .values()
        .map(|m| MessageSnapshot {
            id: m.id,
            from: m.from,
            to: m.to,
            kind: m.kind,
            size_bytes: m.size_bytes,
            sent_at_us: m.sent_at,
            deliver_at_us: m.deliver_at,
            waiting: match m.deliver_at {
                Some(_) => None,
                None if world.slot(m.to).is_some_and(|s| s.deferred.contains(&m.id)) => {
                    Some("paused")
                }
                None => Some("manual"),
            },
            summary: m.message.to_string(),
        })
        .collect();
    Snapshot {
        protocol: P::PROTOCOL,
        time_us: world.now,
        steps: world.steps,
        next_time_us,
        leader: world.leader(),
        nodes,
        messages,
        cut_links: world.network.cut_links(world.node_count()),
        manual: world.network.settings.manual,
        violations: world.violations.clone(),
        trace_hash: hash_text(world.trace.hash()),
    }
}

/// Each server's role name (`crashed` when down).
pub fn roles<P: Core>(world: &World<P>) -> Vec<(NodeId, &'static str)> {
    world
        .nodes
        .iter()
        .map(|slot| (slot.id, slot.up().map_or("crashed", |n| n.view().role)))
        .collect()
}

/// A crashed server shows its durable state: boot a throwaway copy, set up as the world sets
/// up its nodes (so its state passes the same rules), to read it through the same view. It is
/// never stepped, so nothing it does reaches the world.
fn down_view<P: Core>(
    setup: &crate::cores::NodeSetup,
    id: NodeId,
    durable: &P::Durable,
) -> NodeView {
    let setup = crate::cores::NodeSetup {
        id,
        ..setup.clone()
    };
    match P::boot(&setup, Some(durable.clone())) {
        Ok(node) => {
            let mut view = node.view();
            view.role = "crashed";
            view.leader = None;
            view.peers.clear();
            view.timer_elapsed_ticks = 0;
            view
        }
        Err(_) => NodeView {
            id,
            role: "crashed",
            term: 0,
            term_label: String::new(),
            voted_for: None,
            leader: None,
            log: Vec::new(),
            commit_index: 0,
            applied_index: 0,
            peers: Vec::new(),
            timer_elapsed_ticks: 0,
            timer_timeout_ticks: 0,
        },
    }
}
