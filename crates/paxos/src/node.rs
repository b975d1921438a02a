//! The node: its state, the public calls, and what every role shares (validation, the
//! timers, stepping down, application of the chosen prefix).

use common::{NodeId, NotLeader, Payload, SortedMap, SplitMix64, TERM_MAX};
use serde::{Deserialize, Serialize};

use crate::ballot::Ballot;
use crate::bug::Bug;
use crate::config::{Config, ConfigError};
use crate::durable::Durable;
use crate::event::{CampaignReason, Event, EventKind, RejectReason, Seen};
use crate::message::{Envelope, Message, MessageKind};
use crate::role::{Role, RoleState};
use crate::value::{Accepted, Entry, Slot, Value};

/// The work a call hands back to the host (see [`common::Output`]; in the spirit of etcd's
/// Ready). Its `committed` are the newly applicable values: the contiguous chosen prefix grew.
pub type Output<C> = common::Output<Envelope<C>, Entry<C>, Event>;

/// One Multi-Paxos server. All state is here, `Clone` and serde, including the generator.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Node<C> {
    pub(crate) config: Config,
    pub(crate) rng: SplitMix64,
    // Durable (acceptor) state.
    pub(crate) promised: Ballot,
    pub(crate) accepted: SortedMap<Slot, Accepted<C>>,
    // Volatile state.
    pub(crate) role: RoleState<C>,
    /// The ballot this node runs as candidate or leader (its last one otherwise).
    pub(crate) ballot: Ballot,
    pub(crate) leader: Option<NodeId>,
    /// The highest ballot a Nack told us about: the next ballot must be above it.
    pub(crate) ballot_seen_max: Ballot,
    /// Values this node knows are chosen (slots may be missing: holes).
    pub(crate) chosen: SortedMap<Slot, Value<C>>,
    /// Every slot up to here is chosen and known here.
    pub(crate) commit_index: Slot,
    pub(crate) applied_index: Slot,
    pub(crate) election_elapsed_ticks: u64,
    pub(crate) election_timeout_ticks: u64,
    pub(crate) heartbeat_elapsed_ticks: u64,
}

impl<C: Payload> Node<C> {
    /// Starts a node, or restarts one from what it persisted: everything not in `durable`
    /// (role, leader, chosen values, commit index) starts fresh and is learned again from the
    /// next leader's heartbeats and catch-up replies.
    pub fn new(config: Config, durable: Durable<C>) -> Result<Self, ConfigError> {
        config.validate()?;
        durable.validate(&config).map_err(ConfigError::Durable)?;
        let promised = if config.has_bug(Bug::ForgetPromiseOnRestart) {
            Ballot::ZERO
        } else {
            durable.promised
        };
        let mut node = Node {
            rng: SplitMix64::new(config.seed),
            config,
            promised,
            accepted: durable.accepted,
            role: RoleState::Follower,
            ballot: Ballot::ZERO,
            leader: None,
            ballot_seen_max: Ballot::ZERO,
            chosen: SortedMap::new(),
            commit_index: 0,
            applied_index: 0,
            election_elapsed_ticks: 0,
            election_timeout_ticks: 0,
            heartbeat_elapsed_ticks: 0,
        };
        node.reset_election_timer();
        Ok(node)
    }

    /// One logical clock tick.
    pub fn tick(&mut self) -> Output<C> {
        let mut out = Output::default();
        match self.role() {
            Role::Leader => self.tick_heartbeat(&mut out),
            Role::Follower | Role::Candidate => self.tick_election(&mut out),
        }
        self.debug_check_invariants();
        out
    }

    /// One incoming message. Never panics: whatever is wrong with it is an event's reason.
    pub fn step(&mut self, envelope: Envelope<C>) -> Output<C> {
        let mut out = Output::default();
        let Envelope { from, to, message } = envelope;
        if let Err(reason) = self.validate(from, to, &message) {
            self.emit(
                &mut out,
                EventKind::Rejected {
                    from,
                    message: message.kind(),
                    reason,
                },
            );
            return out;
        }
        match self.role() {
            Role::Follower => self.step_acceptor(from, message, &mut out),
            Role::Candidate => self.step_candidate(from, message, &mut out),
            Role::Leader => self.step_leader(from, message, &mut out),
        }
        self.debug_check_invariants();
        out
    }

    /// A client command. Only the leader takes it; others name the leader they know.
    pub fn propose(&mut self, command: C) -> Result<Output<C>, NotLeader> {
        if self.role() != Role::Leader {
            return Err(NotLeader {
                leader_hint: self.leader,
            });
        }
        let mut out = Output::default();
        self.propose_command(command, &mut out);
        self.debug_check_invariants();
        Ok(out)
    }

    /// Time this node out now (a user action): it starts phase 1 with a higher ballot.
    pub fn campaign(&mut self) -> Output<C> {
        let mut out = Output::default();
        self.become_candidate(CampaignReason::Requested, &mut out);
        self.debug_check_invariants();
        out
    }

    /// What a crash keeps.
    pub fn durable(&self) -> Durable<C> {
        Durable {
            promised: self.promised,
            accepted: self.accepted.clone(),
        }
    }

    pub fn id(&self) -> NodeId {
        self.config.id
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn role(&self) -> Role {
        self.role.role()
    }

    pub fn promised(&self) -> Ballot {
        self.promised
    }

    /// The ballot this node runs (or last ran) as candidate or leader.
    pub fn ballot(&self) -> Ballot {
        self.ballot
    }

    pub fn leader(&self) -> Option<NodeId> {
        self.leader
    }

    pub fn accepted(&self) -> &SortedMap<Slot, Accepted<C>> {
        &self.accepted
    }

    /// Values this node knows are chosen, holes included.
    pub fn chosen(&self) -> &SortedMap<Slot, Value<C>> {
        &self.chosen
    }

    pub fn commit_index(&self) -> Slot {
        self.commit_index
    }

    pub fn applied_index(&self) -> Slot {
        self.applied_index
    }

    pub(crate) fn emit(&self, out: &mut Output<C>, kind: EventKind) {
        out.events.push(Event {
            node: self.config.id,
            kind,
        });
    }

    pub(crate) fn send(&self, out: &mut Output<C>, to: NodeId, message: Message<C>) {
        debug_assert_ne!(to, self.config.id, "a node never sends to itself");
        out.messages.push(Envelope {
            from: self.config.id,
            to,
            message,
        });
    }

    /// Sends `message` to every other member.
    pub(crate) fn bcast(&self, out: &mut Output<C>, message: Message<C>) {
        let id = self.config.id;
        for &peer in self.config.members.iter().filter(|&&peer| peer != id) {
            out.messages.push(Envelope {
                from: id,
                to: peer,
                message: message.clone(),
            });
        }
    }

    pub(crate) fn reset_election_timer(&mut self) {
        self.election_elapsed_ticks = 0;
        self.election_timeout_ticks = self.rng.range_inclusive(
            self.config.election_timeout_ticks_min,
            self.config.election_timeout_ticks_max,
        );
    }

    fn tick_election(&mut self, out: &mut Output<C>) {
        self.election_elapsed_ticks += 1;
        if self.election_elapsed_ticks < self.election_timeout_ticks {
            return;
        }
        self.emit(
            out,
            EventKind::ElectionTimeout {
                elapsed_ticks: self.election_elapsed_ticks,
            },
        );
        let reason = match self.role() {
            Role::Candidate => CampaignReason::PhaseOneTimedOut {
                previous: self.ballot,
            },
            Role::Follower | Role::Leader => CampaignReason::ElectionTimeout,
        };
        self.become_candidate(reason, out);
    }

    /// Gives up candidacy or leadership because `seen` carries a higher ballot, and (for every
    /// role) restarts the election timer: whoever sent it deserves time to finish.
    pub(crate) fn become_follower(
        &mut self,
        leader: Option<NodeId>,
        seen: Seen,
        out: &mut Output<C>,
    ) {
        if self.role() != Role::Follower {
            debug_assert!(
                seen.ballot > self.ballot,
                "only a higher ballot makes a node step down"
            );
            self.emit(
                out,
                EventKind::SteppedDown {
                    was: self.role(),
                    ballot: self.ballot,
                    seen,
                },
            );
            self.role = RoleState::Follower;
        }
        if self.leader != leader {
            self.leader = leader;
            if let Some(leader) = leader {
                self.emit(
                    out,
                    EventKind::LeaderDiscovered {
                        leader,
                        ballot: self.promised,
                    },
                );
            }
        }
        self.reset_election_timer();
    }

    /// A Nack for our current ballot: someone promised higher, so our phase 1 or 2 cannot
    /// finish. Step down now rather than after a timeout (Howard & Mortier §3).
    pub(crate) fn handle_nack(
        &mut self,
        from: NodeId,
        ballot: Ballot,
        promised: Ballot,
        out: &mut Output<C>,
    ) {
        if self.role() == Role::Follower || ballot != self.ballot {
            let reason = RejectReason::StaleReply { ballot };
            self.emit(
                out,
                EventKind::Rejected {
                    from,
                    message: MessageKind::Nack,
                    reason,
                },
            );
            return;
        }
        self.ballot_seen_max = self.ballot_seen_max.max(promised);
        let seen = Seen {
            from,
            message: MessageKind::Nack,
            ballot: promised,
        };
        self.become_follower(None, seen, out);
    }

    /// Hands the newly contiguous chosen prefix to the application.
    pub(crate) fn advance_commit(&mut self, out: &mut Output<C>) {
        let before = self.commit_index;
        while let Some(value) = self.chosen.get(&(self.commit_index + 1)) {
            self.commit_index += 1;
            out.committed.push(Entry {
                slot: self.commit_index,
                value: value.clone(),
            });
        }
        if self.commit_index > before {
            self.applied_index = self.commit_index;
            self.emit(
                out,
                EventKind::Applied {
                    first: before + 1,
                    last: self.commit_index,
                },
            );
        }
        debug_assert!(self.applied_index <= self.commit_index);
    }

    /// Refuses what no correct peer sends; afterwards every handler may trust the shape.
    fn validate(&self, from: NodeId, to: NodeId, message: &Message<C>) -> Result<(), RejectReason> {
        let id = self.config.id;
        if to != id {
            return Err(RejectReason::NotAddressedHere { to });
        }
        if from == id {
            return Err(RejectReason::FromItself);
        }
        if !self.config.members.contains(&from) {
            return Err(RejectReason::UnknownSender);
        }
        let ahead_max = self.config.options.slots_ahead_max;
        match message {
            // Requests carry the sender's own ballot.
            Message::Prepare { ballot, .. }
            | Message::Accept { ballot, .. }
            | Message::Heartbeat { ballot, .. }
                if ballot.node != from =>
            {
                return Err(RejectReason::BallotNotSenders { ballot: *ballot });
            }
            // Replies carry ours.
            Message::Promise { ballot, .. }
            | Message::Nack { ballot, .. }
            | Message::Accepted { ballot, .. }
                if ballot.node != id =>
            {
                return Err(RejectReason::NotOurBallot { ballot: *ballot });
            }
            _ => {}
        }
        // Rounds stop at TERM_MAX: a higher one is forged, and adopting it would leave no
        // ballot to run.
        if let Some(ballot) = message.ballot_max().filter(|b| b.round > TERM_MAX) {
            return Err(RejectReason::BallotAboveMax { ballot });
        }
        match message {
            Message::Prepare { ballot, .. }
            | Message::Accept { ballot, .. }
            | Message::Heartbeat { ballot, .. }
            | Message::Promise { ballot, .. }
            | Message::Nack { ballot, .. }
            | Message::Accepted { ballot, .. }
                if ballot.round == 0 =>
            {
                Err(RejectReason::ZeroBallot)
            }
            Message::Prepare { from_slot: 0, .. }
            | Message::Promise { from_slot: 0, .. }
            | Message::Accept { slot: 0, .. }
            | Message::Accepted { slot: 0, .. }
            | Message::CatchUpRequest { from_slot: 0 }
            | Message::CatchUpReply { from_slot: 0, .. } => Err(RejectReason::SlotZero),
            Message::Promise {
                ballot,
                from_slot,
                entries,
            } => {
                let limit = from_slot.saturating_add(ahead_max);
                for (slot, accepted) in entries {
                    if *slot < *from_slot || *slot >= limit {
                        return Err(RejectReason::SlotOutOfRange { slot: *slot });
                    }
                    if accepted.ballot > *ballot || accepted.ballot.round == 0 {
                        return Err(RejectReason::EntryAboveBallot {
                            slot: *slot,
                            entry: accepted.ballot,
                        });
                    }
                }
                Ok(())
            }
            Message::Nack { ballot, promised } if promised <= ballot => {
                Err(RejectReason::NackNotHigher {
                    ballot: *ballot,
                    promised: *promised,
                })
            }
            Message::CatchUpReply {
                from_slot, values, ..
            } => {
                let max = self.config.options.max_values_per_catch_up;
                if values.len() as u64 > max {
                    return Err(RejectReason::TooManyValues {
                        count: values.len(),
                        max,
                    });
                }
                let last = from_slot.checked_add(values.len() as u64);
                if last.is_none_or(|last| last > self.commit_index.saturating_add(ahead_max)) {
                    return Err(RejectReason::SlotOutOfRange { slot: *from_slot });
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// Local invariants, checked after every step in debug builds (TigerBeetle style).
    fn debug_check_invariants(&self) {
        debug_assert!(self.applied_index <= self.commit_index);
        debug_assert!(self.commit_index == 0 || self.chosen.contains_key(&self.commit_index));
        debug_assert!(
            self.config.has_bug(Bug::ForgetPromiseOnRestart)
                || self
                    .accepted
                    .values()
                    .next_back()
                    .is_none_or(|a| a.ballot <= self.promised),
            "an acceptor never accepts above its promise"
        );
        debug_assert!(self.role() == Role::Follower || self.ballot == self.promised);
    }
}
