//! `raft::Node` as a [`Core`].

use common::NodeId;

use crate::checks::context::{CheckContext, Violation};
use crate::cores::{Category, LogSlot, Marker, NodeSetup, NodeView, Out, PeerProgress};
use crate::cores::{Core, EventNote, Redirect};
use crate::engine::kv::KvCommand;
use crate::scenario::ScenarioError;

pub mod diagram;

pub type RaftNode = raft::Node<KvCommand>;

fn out(output: raft::Output<KvCommand>) -> Out<RaftNode> {
    Out {
        messages: output.messages,
        applied: output
            .committed
            .into_iter()
            .map(|entry| match entry.payload {
                raft::EntryPayload::Noop => (entry.index, None),
                raft::EntryPayload::Command(command) => (entry.index, Some(command)),
            })
            .collect(),
        events: output.events,
    }
}

impl Core for RaftNode {
    type Msg = raft::Envelope<KvCommand>;
    type Durable = raft::Durable<KvCommand>;
    type Event = raft::Event;
    type Checks = crate::checks::raft::RaftChecks;
    type Label = diagram::RaftLabel;
    type Words = diagram::RaftWords;

    const PROTOCOL: crate::scenario::ProtocolKind = crate::scenario::ProtocolKind::Raft;
    const BOOT_ROLE: &'static str = "follower";

    fn boot(setup: &NodeSetup, durable: Option<Self::Durable>) -> Result<Self, ScenarioError> {
        let config = raft::Config {
            seed: setup.seed,
            options: raft::Options {
                pre_vote: setup.options.pre_vote,
                check_quorum: setup.options.check_quorum,
                noop_on_election: setup.options.noop_on_election,
                fast_backtrack: setup.options.fast_backtrack,
            },
            bugs: super::own_bugs(&setup.bugs, raft::Bug::from_name),
            ..raft::Config::with_timers(setup.id, setup.members.clone(), setup.timing.timers())
        };
        raft::Node::new(config, durable.unwrap_or_default()).map_err(|error| match error {
            raft::ConfigError::Durable(error) => {
                ScenarioError::new(error.field(), error.to_string())
            }
            other => ScenarioError::new("", other.to_string()),
        })
    }

    fn durable(&self) -> Self::Durable {
        raft::Node::durable(self)
    }

    fn tick(&mut self) -> Out<Self> {
        out(raft::Node::tick(self))
    }

    fn step(&mut self, message: Self::Msg) -> Out<Self> {
        out(raft::Node::step(self, message))
    }

    fn propose(&mut self, command: KvCommand) -> Result<Out<Self>, Redirect> {
        raft::Node::propose(self, command)
            .map(out)
            .map_err(|e| Redirect {
                leader_hint: e.leader_hint,
            })
    }

    fn campaign(&mut self) -> Out<Self> {
        out(raft::Node::campaign(self))
    }

    fn transfer(&mut self, to: NodeId) -> Result<Out<Self>, String> {
        raft::Node::transfer_leadership(self, to)
            .map(out)
            .map_err(|e| e.to_string())
    }

    fn message_from(message: &Self::Msg) -> NodeId {
        message.from
    }

    fn message_to(message: &Self::Msg) -> NodeId {
        message.to
    }

    fn message_kind(message: &Self::Msg) -> &'static str {
        message.message.kind().name()
    }

    fn message_size_bytes(message: &Self::Msg) -> usize {
        message.wire_size_bytes()
    }

    fn message_is_reply(message: &Self::Msg) -> bool {
        matches!(
            message.message,
            raft::Message::VoteResponse { .. } | raft::Message::AppendEntriesResponse { .. }
        )
    }

    fn message_label(message: &Self::Msg) -> Self::Label {
        diagram::label(message)
    }

    fn event_node(event: &Self::Event) -> NodeId {
        event.node
    }

    fn event_category(event: &Self::Event) -> Category {
        event.category()
    }

    fn event_marker(event: &Self::Event) -> Option<Marker> {
        match event.kind {
            raft::EventKind::BecameLeader { .. } => Some(Marker::Elected { resent: 0 }),
            raft::EventKind::BecameCandidate { .. } => Some(Marker::Campaign),
            raft::EventKind::Committed { .. } => Some(Marker::Commit),
            _ => None,
        }
    }

    fn event_note(event: &Self::Event) -> Option<EventNote<Self::Words>> {
        diagram::note(event)
    }

    fn id(&self) -> NodeId {
        raft::Node::id(self)
    }

    fn is_leader(&self) -> bool {
        self.role() == raft::Role::Leader
    }

    fn term(&self) -> u64 {
        raft::Node::term(self)
    }

    fn leader_hint(&self) -> Option<NodeId> {
        self.leader()
    }

    fn view(&self) -> NodeView {
        let view = raft::Node::view(self);
        NodeView {
            id: view.id,
            role: diagram::role_name(view.role),
            term: view.term,
            term_label: format!("term {}", view.term),
            voted_for: view.voted_for,
            leader: view.leader,
            log: view
                .log
                .iter()
                .map(|entry| LogSlot {
                    index: entry.index,
                    term: entry.term,
                    term_label: entry.term.to_string(),
                    command: match &entry.payload {
                        raft::EntryPayload::Noop => "no-op".to_string(),
                        raft::EntryPayload::Command(command) => command.op.to_string(),
                    },
                    committed: entry.index <= view.commit_index,
                    hole: false,
                })
                .collect(),
            commit_index: view.commit_index,
            applied_index: view.applied_index,
            peers: view
                .peers
                .iter()
                .map(|peer| PeerProgress {
                    id: peer.id,
                    next_index: peer.next_index,
                    match_index: peer.match_index,
                })
                .collect(),
            timer_elapsed_ticks: view.election_elapsed_ticks,
            timer_timeout_ticks: view.election_timeout_ticks,
        }
    }

    fn check(
        checks: &mut Self::Checks,
        context: &CheckContext<'_, Self>,
        found: &mut Vec<Violation>,
    ) {
        checks.after_step(context, found)
    }
}
