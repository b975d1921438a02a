//! Multi-Paxos with a distinguished leader, as a no-I/O state machine with the same outer
//! shape as the Raft core (`tick`, `step`, `propose`, `campaign`, an [`Output`] of messages,
//! a persist flag, newly applicable entries and [`Event`]s with reasons), so that the
//! playground can replay one scenario on both and show the differences of the *protocols*.
//!
//! The protocol follows Lamport's "Paxos Made Simple" (2001), run once per leadership for
//! all slots, as framed against Raft by Howard & Mortier, "Paxos vs Raft: have we reached
//! consensus on distributed consensus?" (PaPoC 2020, §3).
//!
//! # Multi-Paxos as implemented
//!
//! **Ballots.** A [`Ballot`] is `(round, node)`, ordered lexicographically and written
//! `3.S2`; two nodes never share one. Every node is an *acceptor* and keeps, durably, the
//! highest ballot it has *promised* and, per [`Slot`], the last proposal it *accepted*
//! ([`Durable`]). An acceptor never accepts below its promise, so `accepted ≤ promised`.
//!
//! **Election is phase 1.** A follower that hears no leader for a randomized election
//! timeout (drawn from the node's seeded [`common::SplitMix64`] exactly like Raft's) becomes a
//! *candidate*: it picks a ballot above every ballot it has seen, promises it to itself and
//! sends `Prepare{ballot, from_slot}` once for every slot from one past what it knows is
//! chosen. An acceptor promises any ballot at least its current promise and answers
//! `Promise{ballot, accepted entries from from_slot}`, or `Nack{promised}` so that a stale
//! proposer steps down at once.
//!
//! **Recovery.** With a quorum of promises the candidate becomes *leader*. For every slot from
//! `from_slot` to the highest slot any promise reported, it re-proposes *under its own ballot*
//! the value with the highest accepted ballot (P2c: if a value may have been chosen, that is
//! the one), or a no-op where nobody reported anything, so holes close. Only then does it give
//! client commands new slots.
//!
//! **Phase 2**, per slot, pipelined within `max_inflight_slots`:
//! `Accept{ballot, slot, value, commit}` answered by `Accepted{ballot, slot}`. A quorum of
//! Accepted for one (ballot, slot) chooses the value. The leader's commit index (every slot up
//! to it chosen) rides on Accepts and periodic `Heartbeat{ballot, commit}`; a follower that
//! accepted a slot under the same ballot knows its value is the chosen one. A follower that is
//! still behind sends `CatchUpRequest{from_slot}` and gets chosen values back
//! (`CatchUpReply`, bounded per message). Heartbeats also re-send unacknowledged Accepts.
//!
//! **Holes are real.** A slot can be chosen while an earlier one is not. Application
//! (`Output::committed`) stops at the first slot not known chosen; the [`View`] shows empty
//! and accepted-but-not-chosen slots.
//!
//! **Restart** is `Node::new(config, durable)`: chosen values and the commit index are lost
//! and come back from the next leader's heartbeats and catch-up replies.
//!
//! # Driving it
//!
//! The host owns the clock and the network. This is a whole cluster in a few lines:
//!
//! ```
//! use paxos::{Config, Durable, Envelope, Node, Role, Value};
//!
//! let members = vec![1, 2, 3];
//! let mut nodes: Vec<Node<String>> = members
//!     .iter()
//!     .map(|&id| Node::new(Config::new(id, members.clone()), Durable::default()).unwrap())
//!     .collect();
//!
//! // Delivers messages until none are left; returns what was applied, per node.
//! fn deliver(nodes: &mut [Node<String>], mut in_flight: Vec<Envelope<String>>) -> Vec<usize> {
//!     let mut applied = vec![0; nodes.len()];
//!     while !in_flight.is_empty() {
//!         let mut next = Vec::new();
//!         for envelope in in_flight {
//!             let to = usize::from(envelope.to) - 1;
//!             let out = nodes[to].step(envelope); // save nodes[to].durable() if out.persist
//!             applied[to] += out.committed.len();
//!             next.extend(out.messages);
//!         }
//!         in_flight = next;
//!     }
//!     applied
//! }
//!
//! // S1's election timer would fire after 15 to 30 `tick()`s; `campaign` fires it now.
//! let out = nodes[0].campaign();
//! deliver(&mut nodes, out.messages);
//! assert_eq!(nodes[0].role(), Role::Leader);
//!
//! let out = nodes[0].propose("x=1".to_string()).unwrap();
//! deliver(&mut nodes, out.messages);
//! assert_eq!(nodes[0].chosen().get(&1), Some(&Value::Command("x=1".to_string())));
//!
//! // Followers learn the commit index from the next Accept or Heartbeat; the leader sends
//! // one every `heartbeat_interval_ticks` (5 by default).
//! let interval = nodes[0].config().heartbeat_interval_ticks;
//! let heartbeats: Vec<_> = (0..interval).flat_map(|_| nodes[0].tick().messages).collect();
//! assert_eq!(deliver(&mut nodes, heartbeats), vec![0, 1, 1]);
//! ```
//!
//! # How it differs from the Raft core on the same events
//!
//! - **Election.** Raft only elects a candidate whose log is at least as up to date as a
//!   majority's, and moves no entries during an election. Here any node can win with a higher
//!   ballot; the promises carry the accepted entries to it instead.
//! - **Log recovery.** Raft's leader never changes its log and overwrites followers' conflicting
//!   suffixes. A Paxos leader adopts, slot by slot, the highest-ballot value it was told about,
//!   fills unreported slots with no-ops, and re-sends all of them stamped with its ballot.
//! - **Commit of earlier entries.** Raft may not count replicas of an entry from an earlier term
//!   (Figure 8); it must wait for an entry of its own term. Because a Paxos leader re-stamps
//!   old values with its own ballot, a quorum of Accepted for them chooses them directly, and a
//!   later ballot's phase 1 will see them with a higher ballot and keep them. The price is the
//!   re-sending, counted by the playground's metrics.
//!
//! # Bug switches
//!
//! [`Bug`] lists deliberate departures (off by default): `adopt-any-value`, `skip-phase-1`,
//! `forget-promise-on-restart`, `never-fill-gaps`. Each has a test showing what goes wrong.
//!
//! # What is left out
//!
//! - Membership changes, log compaction and snapshots: a promise carries every accepted slot
//!   from the candidate's first unknown slot, so a freshly restarted candidate recovers (and
//!   re-sends) its whole history. `slots_ahead_max` bounds it against forged messages only.
//! - Leader leases, read-only queries, and batching several slots per Accept.
//! - A leader does not step down when cut off from a quorum (no CheckQuorum): it stays leader
//!   until it sees a higher ballot, choosing nothing meanwhile.
//! - Randomized back-off beyond the randomized election timeout: duelling proposers resolve
//!   the way split votes do in Raft.
//! - Client sessions and deduplication: a command proposed to a deposed leader may be lost or,
//!   if the client retries, chosen twice.

#![forbid(unsafe_code)]

mod acceptor;
mod ballot;
mod bug;
mod candidate;
mod config;
mod durable;
mod event;
mod leader;
mod message;
mod node;
mod role;
mod value;
mod view;

pub use ballot::{Ballot, NodeSet};
pub use bug::Bug;
pub use common::{Category, NotLeader};
pub use config::{Config, ConfigError, Options};
pub use durable::{BallotError, Durable, DurableError};
pub use event::{CampaignReason, Event, EventKind, Recovery, RejectReason, Seen};
pub use message::{Envelope, Message, MessageKind};
pub use node::{Node, Output};
pub use role::Role;
pub use value::{Accepted, Entry, Slot, Value};
pub use view::{OpenSlot, PeerView, SlotState, SlotView, View};
