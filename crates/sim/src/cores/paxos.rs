//! `paxos::Node` as a [`Core`].

use common::NodeId;

use crate::checks::context::{CheckContext, Violation};
use crate::cores::{Category, LogSlot, Marker, NodeSetup, NodeView, Out, PeerProgress};
use crate::cores::{Core, EventNote, Redirect};
use crate::engine::kv::KvCommand;
use crate::scenario::ScenarioError;

pub mod diagram;

pub type PaxosNode = paxos::Node<KvCommand>;

fn out(output: paxos::Output<KvCommand>) -> Out<PaxosNode> {
    Out {
        messages: output.messages,
        applied: output
            .committed
            .into_iter()
            .map(|entry| match entry.value {
                paxos::Value::Noop => (entry.slot, None),
                paxos::Value::Command(command) => (entry.slot, Some(command)),
            })
            .collect(),
        events: output.events,
    }
}

impl Core for PaxosNode {
    type Msg = paxos::Envelope<KvCommand>;
    type Durable = paxos::Durable<KvCommand>;
    type Event = paxos::Event;
    type Checks = crate::checks::paxos::PaxosChecks;
    type Label = diagram::PaxosLabel;
    type Words = diagram::PaxosWords;

    const PROTOCOL: crate::scenario::ProtocolKind = crate::scenario::ProtocolKind::Paxos;
    const BOOT_ROLE: &'static str = "follower";

    fn boot(setup: &NodeSetup, durable: Option<Self::Durable>) -> Result<Self, ScenarioError> {
        let mut config =
            paxos::Config::with_timers(setup.id, setup.members.clone(), setup.timing.timers());
        config.seed = setup.seed;
        config.bugs = super::own_bugs(&setup.bugs, paxos::Bug::from_name);
        paxos::Node::new(config, durable.unwrap_or_default()).map_err(|error| match error {
            paxos::ConfigError::Durable(error) => {
                ScenarioError::new(error.field(), error.to_string())
            }
            other => ScenarioError::new("", other.to_string()),
        })
    }

    fn durable(&self) -> Self::Durable {
        paxos::Node::durable(self)
    }

    fn tick(&mut self) -> Out<Self> {
        out(paxos::Node::tick(self))
    }

    fn step(&mut self, message: Self::Msg) -> Out<Self> {
        out(paxos::Node::step(self, message))
    }

    fn propose(&mut self, command: KvCommand) -> Result<Out<Self>, Redirect> {
        paxos::Node::propose(self, command)
            .map(out)
            .map_err(|e| Redirect {
                leader_hint: e.leader_hint,
            })
    }

    fn campaign(&mut self) -> Out<Self> {
        out(paxos::Node::campaign(self))
    }

    fn transfer(&mut self, _to: NodeId) -> Result<Out<Self>, String> {
        Err("Multi-Paxos has no leadership transfer here: time the target out instead".into())
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
            paxos::Message::Promise { .. }
                | paxos::Message::Nack { .. }
                | paxos::Message::Accepted { .. }
                | paxos::Message::CatchUpReply { .. }
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
        match &event.kind {
            paxos::EventKind::BecameLeader { recovery, .. } => Some(Marker::Elected {
                resent: recovery.recovered,
            }),
            paxos::EventKind::BecameCandidate { .. } => Some(Marker::Campaign),
            paxos::EventKind::Chosen { .. } => Some(Marker::Commit),
            _ => None,
        }
    }

    fn event_note(event: &Self::Event) -> Option<EventNote<Self::Words>> {
        diagram::note(event)
    }

    fn id(&self) -> NodeId {
        paxos::Node::id(self)
    }

    fn is_leader(&self) -> bool {
        self.role() == paxos::Role::Leader
    }

    fn term(&self) -> u64 {
        self.promised().round
    }

    fn leader_hint(&self) -> Option<NodeId> {
        self.leader()
    }

    fn view(&self) -> NodeView {
        let view = paxos::Node::view(self);
        let ballot_label = |b: paxos::Ballot| format!("{}.S{}", b.round, b.node);
        NodeView {
            id: view.id,
            role: view.role.name(),
            term: view.promised.round,
            term_label: format!("ballot {}", ballot_label(view.promised)),
            voted_for: (!view.promised.is_zero()).then_some(view.promised.node),
            leader: view.leader,
            log: view
                .slots
                .iter()
                .map(|slot| {
                    let value = slot
                        .chosen
                        .as_ref()
                        .or(slot.accepted.as_ref().map(|a| &a.value));
                    let ballot = slot.accepted.as_ref().map(|a| a.ballot);
                    LogSlot {
                        index: slot.slot,
                        term: ballot.map_or(0, |b| b.round),
                        term_label: ballot.map_or_else(String::new, ballot_label),
                        command: match value {
                            None => String::new(),
                            Some(paxos::Value::Noop) => "no-op".to_string(),
                            Some(paxos::Value::Command(command)) => command.op.to_string(),
                        },
                        committed: slot.chosen.is_some(),
                        hole: slot.chosen.is_none() && slot.accepted.is_none(),
                    }
                })
                .collect(),
            commit_index: view.commit_index,
            applied_index: view.applied_index,
            peers: Vec::<PeerProgress>::new(),
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
