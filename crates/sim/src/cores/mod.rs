//! The one trait both cores are driven through. Each core implements it in a small adapter
//! (`cores/raft.rs`, `cores/paxos.rs`), so the world, the trace, the metrics, time travel,
//! the CLI and the page are written once.

use common::NodeId;
use serde::Serialize;
use std::fmt;

use crate::checks::context::{CheckContext, Violation};
use crate::engine::kv::KvCommand;
use crate::scenario::json::FromJson;
use crate::scenario::ScenarioError;
use crate::scenario::{ProtocolOptions, Timing};

pub mod paxos;
pub mod raft;

/// What a node is started with. Derived from the scenario, identical on every restart except
/// for the seed (each incarnation draws fresh timeouts).
#[derive(Clone, Debug)]
pub struct NodeSetup {
    pub id: NodeId,
    pub members: Vec<NodeId>,
    pub timing: Timing,
    pub seed: u64,
    pub options: ProtocolOptions,
    /// Bug switch names; an adapter keeps those of its own protocol.
    pub bugs: Vec<String>,
}

/// A node's work after one call, with the core's types translated where the world needs it.
pub struct Out<P: Core> {
    pub messages: Vec<P::Msg>,
    /// Newly applicable log positions in order: `None` is a no-op.
    pub applied: Vec<(u64, Option<KvCommand>)>,
    pub events: Vec<P::Event>,
}

impl<P: Core> Default for Out<P> {
    fn default() -> Self {
        Out {
            messages: Vec::new(),
            applied: Vec::new(),
            events: Vec::new(),
        }
    }
}

/// Where the page files an event: one list for both cores and the simulator ([`common::Category`]).
pub use common::Category;

/// Events that deserve a marker on the timeline or a count in the metrics.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Marker {
    /// A node became leader, re-proposing `resent` earlier entries under its own term or
    /// ballot (always 0 in Raft: nothing moves during an election).
    Elected { resent: u64 },
    /// A node started an election (Raft: candidate; Paxos: phase 1).
    Campaign,
    /// Log positions were committed / chosen (at one node).
    Commit,
}

/// The page's picture of one node, the same for both protocols.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NodeView {
    pub id: NodeId,
    /// The protocol's own name for the role: `leader`, `candidate`, `pre-candidate`, `follower`.
    pub role: &'static str,
    /// Raft's term; Paxos's ballot round.
    pub term: u64,
    /// How the protocol writes it: `term 3` or `ballot 3.S2`.
    pub term_label: String,
    pub voted_for: Option<NodeId>,
    pub leader: Option<NodeId>,
    pub log: Vec<LogSlot>,
    pub commit_index: u64,
    pub applied_index: u64,
    /// Leaders: what they know of each peer.
    pub peers: Vec<PeerProgress>,
    pub timer_elapsed_ticks: u64,
    pub timer_timeout_ticks: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LogSlot {
    pub index: u64,
    /// Raft: the entry's term. Paxos: the accepted ballot's round (0 in a hole).
    pub term: u64,
    /// `3` or `3.S2`.
    pub term_label: String,
    /// The command as text, `no-op`, or empty for a hole.
    pub command: String,
    pub committed: bool,
    /// Paxos: nothing known chosen here yet while a later slot is.
    pub hole: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct PeerProgress {
    pub id: NodeId,
    pub next_index: u64,
    pub match_index: u64,
}

/// What a sequence diagram needs to know of a message ([`Core::message_label`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MessageClass {
    /// Asks for a vote or a promise (RequestVote, PreVote, Prepare): an election's first step.
    VoteRequest,
    /// Routine: an empty AppendEntries, its acknowledgement, a Multi-Paxos heartbeat. Runs
    /// of them that repeat what the link last carried are folded into one note.
    Heartbeat,
    /// A reply that says no (a refused vote or append, a Nack): it carries the reason the
    /// sender recorded in the same step ([`EventNote::Reason`]).
    Refusal,
    /// Every other message.
    Other,
}

/// A message's content in a few words (`RequestVote term 2`, `Acknowledged up to 5`), for
/// sequence diagrams. Made at every send, so it is a few copied numbers: text is made only
/// when a diagram shows it. Its words never hold `;`, `#`, `<` or `>`, which Mermaid reads
/// as syntax.
pub trait MessageLabel: Copy + PartialEq + fmt::Display {
    fn class(&self) -> MessageClass;
    /// Replies are drawn `-->>`, requests `->>`.
    fn is_reply(&self) -> bool;
}

/// What a sequence diagram says about a core event ([`Core::event_note`]), in words `W`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventNote<W> {
    /// The server took on this role (a view's role name): `becomes leader (term 2)`.
    Role(&'static str, W),
    /// Worth a note over the server: `commits entry 3`, `drops entries 2 to 3`.
    Note(W),
    /// Why the server says no in the refusal it sends in the same step: `log behind`.
    Reason(W),
}

/// The refusal of a client request by a node that is not the leader.
pub struct Redirect {
    pub leader_hint: Option<NodeId>,
}

pub trait Core: Clone + Sized + 'static {
    /// A message in flight (the core's envelope).
    type Msg: Clone + fmt::Display;
    /// What a crash keeps; a scenario's `initial` gives it in the core's own JSON shape.
    type Durable: Clone + FromJson;
    /// Serialize: the trace hash reads an event's typed fields (`crate::report::trace_hash`).
    type Event: Clone + fmt::Display + Serialize;
    /// The invariant checkers' memory (ledgers of what was elected, committed, chosen).
    type Checks: Clone + Default;
    /// A message's content in a few words ([`Core::message_label`]).
    type Label: MessageLabel;
    /// What a sequence diagram says of an event ([`Core::event_note`]); the same rules for
    /// Mermaid as a label's words.
    type Words: Copy + fmt::Display;

    const PROTOCOL: crate::scenario::ProtocolKind;
    /// The role a node has when it boots or restarts (its view's role name).
    const BOOT_ROLE: &'static str;

    /// Starts (or restarts) a node. `None`: an empty durable state. A durable state no run of
    /// the protocol can write is refused with the field at fault, as a path inside it
    /// (`term`, `log[2].term`, `promised.round`).
    fn boot(setup: &NodeSetup, durable: Option<Self::Durable>) -> Result<Self, ScenarioError>;
    fn durable(&self) -> Self::Durable;

    fn tick(&mut self) -> Out<Self>;
    fn step(&mut self, message: Self::Msg) -> Out<Self>;
    fn propose(&mut self, command: KvCommand) -> Result<Out<Self>, Redirect>;
    fn campaign(&mut self) -> Out<Self>;
    fn transfer(&mut self, to: NodeId) -> Result<Out<Self>, String>;

    fn message_from(message: &Self::Msg) -> NodeId;
    fn message_to(message: &Self::Msg) -> NodeId;
    /// A short stable name: `AppendEntries`, `Prepare`, …
    fn message_kind(message: &Self::Msg) -> &'static str;
    fn message_size_bytes(message: &Self::Msg) -> usize;
    /// Requests are drawn `->>` and replies `-->>` in sequence diagrams.
    fn message_is_reply(message: &Self::Msg) -> bool;
    /// The message's content in a few words, for sequence diagrams.
    fn message_label(message: &Self::Msg) -> Self::Label;

    fn event_node(event: &Self::Event) -> NodeId;
    fn event_category(event: &Self::Event) -> Category;
    fn event_marker(event: &Self::Event) -> Option<Marker>;
    /// What a sequence diagram notes about the event, if anything (role changes, commits,
    /// truncations, the reasons of refusals): not routine steps.
    fn event_note(event: &Self::Event) -> Option<EventNote<Self::Words>>;

    fn id(&self) -> NodeId;
    fn is_leader(&self) -> bool;
    /// Raft's term; Paxos's ballot round: a leader is current if no running node is ahead.
    fn term(&self) -> u64;
    fn leader_hint(&self) -> Option<NodeId>;
    fn view(&self) -> NodeView;

    /// Runs every invariant checker of this protocol after one step, adding what each finds
    /// broken to `found` in the checkers' order (the first is the one a run stops at).
    fn check(
        checks: &mut Self::Checks,
        context: &CheckContext<'_, Self>,
        found: &mut Vec<Violation>,
    );
}

/// Keeps the bug names that belong to one protocol, parsed by that protocol's own parser.
fn own_bugs<B: Ord>(names: &[String], parse: impl Fn(&str) -> Option<B>) -> common::SortedSet<B> {
    names.iter().filter_map(|name| parse(name)).collect()
}
