//! The node: its state, the public calls, and what every role shares: checking and
//! dispatching messages, adopting a higher term (§5.1), becoming a follower, committing and
//! applying.
//!
//! Every handler writes what it does into the call's [`Output`], passed down as `out`: the
//! node itself holds only protocol state, and a handler's signature says whether it can send
//! or report anything.

use std::fmt;

use common::{NodeId, NotLeader, Payload, SplitMix64, TERM_MAX};
use serde::{Deserialize, Serialize};

use crate::bug::Bug;
use crate::config::{Config, ConfigError};
use crate::durable::Durable;
use crate::event::{
    CommitReason, Event, EventKind, FollowerReason, Malformation, RejectReason, TermReason,
    VoteRefusal,
};
use crate::log::{Entry, Log};
use crate::message::{Envelope, Message};
use crate::role::{Role, RoleState};

/// The work a call hands back to the host (see [`common::Output`]).
pub type Output<C> = common::Output<Envelope<C>, Entry<C>, Event>;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TransferError {
    NotLeader(NotLeader),
    NotAMember { to: NodeId },
    ToSelf,
}

impl fmt::Display for TransferError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotLeader(not_leader) => not_leader.fmt(f),
            Self::NotAMember { to } => write!(f, "S{to} is not a member"),
            Self::ToSelf => write!(f, "a leader cannot hand leadership to itself"),
        }
    }
}

impl std::error::Error for TransferError {}

/// One Raft server. All of its state is here, including its random generator, so cloning a
/// node (time travel) or serializing it captures it completely.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Node<C> {
    pub(crate) config: Config,
    pub(crate) rng: SplitMix64,
    // Durable.
    pub(crate) term: u64,
    pub(crate) voted_for: Option<NodeId>,
    pub(crate) log: Log<C>,
    // Volatile.
    pub(crate) role: RoleState,
    pub(crate) leader: Option<NodeId>,
    pub(crate) commit_index: u64,
    pub(crate) applied_index: u64,
    /// Ticks since the election timer was reset; a leader counts its CheckQuorum round here.
    pub(crate) election_elapsed_ticks: u64,
    pub(crate) election_timeout_ticks: u64,
    pub(crate) heartbeat_elapsed_ticks: u64,
}

impl<C: Payload> Node<C> {
    /// Starts a node, or restarts one: everything not in `durable` starts fresh (a follower
    /// with commit index 0, Figure 2).
    pub fn new(config: Config, durable: Durable<C>) -> Result<Self, ConfigError> {
        config.validate()?;
        durable.validate(&config).map_err(ConfigError::Durable)?;
        let voted_for = if config.has_bug(Bug::ForgetVoteOnRestart) {
            None
        } else {
            durable.voted_for
        };
        // Mixing in the durable term keeps a restarted node from replaying the timeouts of
        // its first life, while staying a pure function of (config, durable).
        let mut rng =
            SplitMix64::new(config.seed ^ durable.term.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let election_timeout_ticks = rng.range_inclusive(
            config.election_timeout_ticks_min,
            config.election_timeout_ticks_max,
        );
        Ok(Self {
            rng,
            term: durable.term,
            voted_for,
            log: Log::from_entries(durable.log),
            role: RoleState::Follower,
            leader: None,
            commit_index: 0,
            applied_index: 0,
            election_elapsed_ticks: 0,
            election_timeout_ticks,
            heartbeat_elapsed_ticks: 0,
            config,
        })
    }

    /// One logical clock tick.
    pub fn tick(&mut self) -> Output<C> {
        let mut out = Output::default();
        match self.role {
            RoleState::Leader(_) => self.tick_leader(&mut out),
            RoleState::Follower | RoleState::PreCandidate { .. } | RoleState::Candidate { .. } => {
                self.tick_election(&mut out)
            }
        }
        self.checked(out)
    }

    /// One incoming message. Never panics: anything unusable is rejected with an event.
    pub fn step(&mut self, envelope: Envelope<C>) -> Output<C> {
        let mut out = Output::default();
        self.handle_envelope(envelope, &mut out);
        self.checked(out)
    }

    /// A client command. Only the leader accepts it (§5.1: clients talk to the leader; others
    /// redirect them), and not while it hands leadership away (§3.10).
    pub fn propose(&mut self, command: C) -> Result<Output<C>, NotLeader> {
        if self.role() != Role::Leader {
            return Err(NotLeader {
                leader_hint: self.leader,
            });
        }
        if let Some(transfer) = self.role.transfer() {
            return Err(NotLeader {
                leader_hint: Some(transfer.to),
            });
        }
        let mut out = Output::default();
        self.append_as_leader(Some(command), &mut out);
        Ok(self.checked(out))
    }

    /// "Time out now": start an election as if the election timer had expired.
    pub fn campaign(&mut self) -> Output<C> {
        let mut out = Output::default();
        if self.role() == Role::Leader {
            self.emit(&mut out, EventKind::CampaignIgnored { term: self.term });
        } else {
            self.campaign_now(crate::event::CampaignReason::Requested, &mut out);
        }
        self.checked(out)
    }

    /// Hands leadership to `to` (§3.10): bring it up to date, then tell it to time out now.
    pub fn transfer_leadership(&mut self, to: NodeId) -> Result<Output<C>, TransferError> {
        if self.role() != Role::Leader {
            return Err(TransferError::NotLeader(NotLeader {
                leader_hint: self.leader,
            }));
        }
        if to == self.config.id {
            return Err(TransferError::ToSelf);
        }
        if !self.config.members.contains(&to) {
            return Err(TransferError::NotAMember { to });
        }
        let mut out = Output::default();
        self.start_transfer(to, &mut out);
        Ok(self.checked(out))
    }

    /// What a crash keeps (a clone).
    pub fn durable(&self) -> Durable<C> {
        Durable {
            term: self.term,
            voted_for: self.voted_for,
            log: self.log.entries().to_vec(),
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
    pub fn term(&self) -> u64 {
        self.term
    }
    pub fn voted_for(&self) -> Option<NodeId> {
        self.voted_for
    }
    pub fn leader(&self) -> Option<NodeId> {
        self.leader
    }
    pub fn log(&self) -> &[Entry<C>] {
        self.log.entries()
    }
    pub fn commit_index(&self) -> u64 {
        self.commit_index
    }
    pub fn applied_index(&self) -> u64 {
        self.applied_index
    }

    // ----- Shared machinery -----

    /// Local invariants after every call (TigerBeetle style), then the call's output.
    fn checked(&self, out: Output<C>) -> Output<C> {
        debug_assert!(self.commit_index <= self.log.last_index() || !self.config.bugs.is_empty());
        debug_assert!(
            self.applied_index <= self.commit_index || self.config.has_bug(Bug::ApplyBeforeCommit)
        );
        debug_assert!(self.term <= TERM_MAX);
        out
    }

    pub(crate) fn emit(&self, out: &mut Output<C>, kind: EventKind) {
        out.events.push(Event {
            node: self.config.id,
            kind,
        });
    }

    pub(crate) fn send(&self, out: &mut Output<C>, to: NodeId, term: u64, message: Message<C>) {
        out.messages.push(Envelope {
            from: self.config.id,
            to,
            term,
            message,
        });
    }

    pub(crate) fn reject(&self, out: &mut Output<C>, envelope: &Envelope<C>, reason: RejectReason) {
        self.emit(
            out,
            EventKind::Rejected {
                from: envelope.from,
                message: envelope.message.kind(),
                reason,
            },
        );
    }

    /// §5.2: a fresh random timeout at every reset, so that nodes rarely time out together.
    pub(crate) fn reset_election_timer(&mut self) {
        self.election_elapsed_ticks = 0;
        self.election_timeout_ticks = self.rng.range_inclusive(
            self.config.election_timeout_ticks_min,
            self.config.election_timeout_ticks_max,
        );
    }

    pub(crate) fn set_term(&mut self, term: u64, reason: TermReason, out: &mut Output<C>) {
        debug_assert!(term > self.term, "terms only grow");
        self.emit(
            out,
            EventKind::TermChanged {
                from: self.term,
                to: term,
                reason,
            },
        );
        self.term = term;
        self.voted_for = None;
        out.persist = true;
    }

    /// Any role → follower of `term` (which may be the current one). Leaving a role drops its
    /// state (votes, progress, a transfer) with it.
    pub(crate) fn become_follower(
        &mut self,
        term: u64,
        leader: Option<NodeId>,
        reason: FollowerReason,
        term_reason: TermReason,
        out: &mut Output<C>,
    ) {
        if term > self.term {
            self.set_term(term, term_reason, out);
        }
        let was = self.role();
        self.role = RoleState::Follower;
        self.leader = leader;
        // §5.2: a follower's timer restarts only when it hears from a leader or grants a
        // vote. Adopting a higher term from a candidate it then refuses does not count, or
        // candidates that cannot win would keep the ones that can from ever timing out.
        if was != Role::Follower {
            self.reset_election_timer();
            self.emit(
                out,
                EventKind::BecameFollower {
                    term,
                    leader,
                    reason,
                },
            );
        }
    }

    /// Raises the commit index to `index` and hands the newly committed entries to the host.
    pub(crate) fn commit_to(&mut self, index: u64, reason: CommitReason, out: &mut Output<C>) {
        debug_assert!(index > self.commit_index);
        let first = self.commit_index + 1;
        self.commit_index = index;
        self.emit(
            out,
            EventKind::Committed {
                first,
                last: index,
                reason,
            },
        );
        self.apply_to(index, out);
    }

    /// Figure 2, all servers: "if commitIndex > lastApplied: increment lastApplied, apply
    /// `log[lastApplied]` to state machine". Each entry is handed to the host once.
    pub(crate) fn apply_to(&mut self, index: u64, out: &mut Output<C>) {
        if index > self.applied_index {
            out.committed
                .extend_from_slice(self.log.slice(self.applied_index + 1, index));
            self.applied_index = index;
        }
    }

    // ----- Incoming messages -----

    fn handle_envelope(&mut self, envelope: Envelope<C>, out: &mut Output<C>) {
        if let Err(reason) = self.check_envelope(&envelope) {
            self.reject(out, &envelope, reason);
            return;
        }
        if envelope.term > self.term {
            if self.ignore_for_leader_lease(&envelope, out) {
                return;
            }
            // A PreVote's term is only the one its sender would campaign in: there is nothing
            // to adopt, and it is handled as a request about that future term.
            if !envelope.message.carries_prospective_term() {
                let still_leader = self.adopt_term(&envelope, out);
                // A response from a later term has done its job (this node caught up); a
                // request is now handled as one of the current term.
                if envelope.message.is_response() && !still_leader {
                    return;
                }
            }
        }
        if envelope.term < self.term {
            self.handle_stale_term(envelope, out);
            return;
        }
        match self.role {
            RoleState::Leader(_) => self.step_leader(envelope, out),
            RoleState::Candidate { .. } | RoleState::PreCandidate { .. } => {
                self.step_candidate(envelope, out)
            }
            RoleState::Follower => self.step_follower(envelope, out),
        }
    }

    /// Checks that do not depend on the node's state: addressing and well-formedness.
    fn check_envelope(&self, envelope: &Envelope<C>) -> Result<(), RejectReason> {
        if envelope.to != self.config.id {
            return Err(RejectReason::NotAddressedToMe { to: envelope.to });
        }
        if envelope.from == self.config.id {
            return Err(RejectReason::FromSelf);
        }
        if !self.config.members.contains(&envelope.from) {
            return Err(RejectReason::FromStranger);
        }
        if envelope.term == 0 {
            return Err(RejectReason::TermZero);
        }
        // No real cluster gets there; adopting it would leave no term to campaign in.
        if envelope.term > TERM_MAX {
            return Err(RejectReason::Malformed(Malformation::TermAboveMax));
        }
        let malformed = match &envelope.message {
            Message::RequestVote { last, .. } => {
                if last.index == 0 && last.term != 0 {
                    Some(Malformation::LastLogTermNotZeroAtIndexZero)
                } else if last.term > envelope.term {
                    Some(Malformation::LastLogTermAboveMessage)
                } else {
                    None
                }
            }
            Message::AppendEntries { prev, entries, .. } => {
                check_entries(envelope.term, prev.index, prev.term, entries)
            }
            Message::VoteResponse { .. }
            | Message::AppendEntriesResponse { .. }
            | Message::TimeoutNow => None,
        };
        malformed.map_or(Ok(()), |m| Err(RejectReason::Malformed(m)))
    }

    /// Thesis §9.6 / §4.2.3, leader stickiness: while this node believes a leader is alive, a
    /// (pre-)vote request for a later term is refused without adopting its term, so a server
    /// that cannot hear the leader cannot depose it. A request sent for a leadership transfer
    /// (§3.10) bypasses the rule. Returns whether the message was refused so.
    fn ignore_for_leader_lease(&mut self, envelope: &Envelope<C>, out: &mut Output<C>) -> bool {
        let Message::RequestVote {
            pre_vote,
            leadership_transfer: false,
            ..
        } = envelope.message
        else {
            return false;
        };
        let Some((leader, ticks_since)) = self.lease() else {
            return false;
        };
        self.emit(
            out,
            EventKind::VoteRefused {
                candidate: envelope.from,
                term: envelope.term,
                pre_vote,
                reason: VoteRefusal::LeaderLease {
                    leader,
                    ticks_since,
                },
            },
        );
        true
    }

    /// Figure 2, all servers (§5.1): "if RPC request or response contains term T >
    /// currentTerm: set currentTerm = T, convert to follower". The leader, if the sender is
    /// one, is recorded when its AppendEntries is handled. Returns whether this node is still
    /// leader, which only the `leader-ignores-higher-term` bug allows.
    fn adopt_term(&mut self, envelope: &Envelope<C>, out: &mut Output<C>) -> bool {
        let from = envelope.from;
        let message = envelope.message.kind();
        if self.role() == Role::Leader && self.config.has_bug(Bug::LeaderIgnoresHigherTerm) {
            let reason = TermReason::HigherTermKeptLeading { from, message };
            self.set_term(envelope.term, reason, out);
            return true;
        }
        self.become_follower(
            envelope.term,
            None,
            FollowerReason::HigherTerm { from },
            TermReason::HigherTerm { from, message },
            out,
        );
        false
    }

    /// Figure 2, receiver rule 1 of both RPCs (§5.1): a request from an older term is refused
    /// with the current term, so that its sender catches up; a response from an older term is
    /// dropped.
    fn handle_stale_term(&mut self, envelope: Envelope<C>, out: &mut Output<C>) {
        let stale = RejectReason::StaleTerm {
            message_term: envelope.term,
            current: self.term,
        };
        match envelope.message {
            Message::AppendEntries { .. } => {
                self.reject(out, &envelope, stale);
                let reply = Message::AppendEntriesResponse {
                    success: false,
                    match_index: 0,
                    hint: None,
                };
                self.send(out, envelope.from, self.term, reply);
            }
            Message::RequestVote { pre_vote, .. } => {
                self.emit(
                    out,
                    EventKind::VoteRefused {
                        candidate: envelope.from,
                        term: envelope.term,
                        pre_vote,
                        reason: VoteRefusal::StaleTerm { current: self.term },
                    },
                );
                let reply = Message::VoteResponse {
                    granted: false,
                    pre_vote,
                };
                self.send(out, envelope.from, self.term, reply);
            }
            Message::VoteResponse { .. }
            | Message::AppendEntriesResponse { .. }
            | Message::TimeoutNow => self.reject(out, &envelope, stale),
        }
    }
}

/// An AppendEntries must carry consecutive entries after `prev`, with terms that never
/// decrease and never exceed the sender's term.
fn check_entries<C>(
    term: u64,
    prev_index: u64,
    prev_term: u64,
    entries: &[Entry<C>],
) -> Option<Malformation> {
    if prev_index == 0 && prev_term != 0 {
        return Some(Malformation::PrevTermNotZeroAtIndexZero);
    }
    if prev_index != 0 && prev_term == 0 {
        return Some(Malformation::PrevTermZero);
    }
    if prev_term > term {
        return Some(Malformation::PrevTermAboveMessage);
    }
    let mut expected = prev_index;
    let mut floor = prev_term.max(1);
    for entry in entries {
        let Some(next) = expected.checked_add(1) else {
            return Some(Malformation::EntryIndexGap {
                expected: u64::MAX,
                found: entry.index,
            });
        };
        expected = next;
        if entry.index != expected {
            return Some(Malformation::EntryIndexGap {
                expected,
                found: entry.index,
            });
        }
        if entry.term > term {
            return Some(Malformation::EntryTermAboveMessage {
                index: entry.index,
                entry_term: entry.term,
            });
        }
        if entry.term < floor {
            return Some(Malformation::EntryTermsDecrease { index: entry.index });
        }
        floor = entry.term;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::log::{EntryPayload, LogPosition};
    use common::Category;

    fn node(id: NodeId) -> Node<u64> {
        Node::new(Config::new(id, vec![1, 2, 3]), Durable::default()).unwrap()
    }

    #[test]
    fn restart_refuses_durable_states_no_run_can_write_and_names_the_field() {
        let config = Config::new(1, vec![1, 2, 3]);
        let entry = |index, term| Entry {
            index,
            term,
            payload: EntryPayload::<u64>::Noop,
        };
        let durable = |term, voted_for, log| Durable {
            term,
            voted_for,
            log,
        };
        let cases = [
            (durable(common::TERM_MAX + 1, None, vec![]), "term"),
            (durable(u64::MAX, None, vec![]), "term"),
            (durable(0, Some(2), vec![]), "voted_for"),
            (durable(3, Some(7), vec![]), "voted_for"),
            (durable(1, None, vec![entry(2, 1)]), "log[0].index"),
            (durable(1, None, vec![entry(1, 0)]), "log[0].term"),
            (
                durable(1, None, vec![entry(1, 1), entry(2, 9)]),
                "log[1].term",
            ),
            (
                durable(4, None, vec![entry(1, 3), entry(2, 2)]),
                "log[1].term",
            ),
        ];
        for (state, field) in cases {
            let Err(ConfigError::Durable(error)) = Node::new(config.clone(), state.clone()) else {
                panic!("{state:?} was accepted");
            };
            assert_eq!(error.field(), field, "{error}");
            assert!(!error.to_string().is_empty());
        }
        // The last term there is (a node can reach it, and must read back what it wrote), a
        // vote for a member and a log of non-decreasing terms up to the current one are fine.
        let ok = durable(
            common::TERM_MAX,
            Some(3),
            vec![entry(1, 1), entry(2, 1), entry(3, 5)],
        );
        assert!(Node::new(config.clone(), ok).is_ok());
        // The append-without-truncate bug really does leave terms decreasing in a log.
        let mut buggy = config;
        buggy.bugs.insert(Bug::AppendWithoutTruncate);
        assert!(Node::new(buggy, durable(4, None, vec![entry(1, 3), entry(2, 2)])).is_ok());
    }

    #[test]
    fn a_node_at_the_last_term_stops_campaigning_instead_of_wrapping() {
        let config = Config::new(1, vec![1, 2, 3]);
        let mut n: Node<u64> = Node::new(
            config.clone(),
            Durable {
                term: common::TERM_MAX - 1,
                voted_for: None,
                log: vec![],
            },
        )
        .unwrap();
        let output = n.campaign();
        assert_eq!(n.term(), common::TERM_MAX);
        assert_eq!(output.messages.len(), 2);
        // Ticks until well past any election timeout: no term above the last one.
        for _ in 0..100 {
            let output = n.tick();
            assert!(output.messages.is_empty());
        }
        assert_eq!(n.term(), common::TERM_MAX);
        assert_eq!(
            n.campaign().events[0].to_string(),
            format!(
                "S1 did not campaign: term {} is the last one there is",
                common::TERM_MAX
            )
        );
        // And a message above the last term is malformed, not adopted.
        let mut fresh: Node<u64> = Node::new(config, Durable::default()).unwrap();
        let output = fresh.step(Envelope {
            from: 2,
            to: 1,
            term: common::TERM_MAX + 1,
            message: Message::TimeoutNow,
        });
        assert_eq!(output.events[0].category(), Category::Reject);
        assert_eq!(fresh.term(), 0);
    }

    #[test]
    fn misaddressed_strange_and_malformed_messages_are_rejected_with_a_reason() {
        let mut n = node(2);
        let heartbeat = |from, to, term, prev: LogPosition, entries| Envelope {
            from,
            to,
            term,
            message: Message::AppendEntries {
                prev,
                entries,
                leader_commit: 0,
            },
        };
        let zero = LogPosition { term: 0, index: 0 };
        let cases = [
            (heartbeat(1, 3, 1, zero, vec![]), "it is addressed to S3"),
            (
                heartbeat(7, 2, 1, zero, vec![]),
                "the sender is not a member",
            ),
            (
                heartbeat(2, 2, 1, zero, vec![]),
                "it claims to come from this node itself",
            ),
            (
                heartbeat(1, 2, 0, zero, vec![]),
                "term 0 is never a real term",
            ),
            (
                heartbeat(
                    1,
                    2,
                    1,
                    zero,
                    vec![Entry {
                        index: 2,
                        term: 1,
                        payload: EntryPayload::Noop,
                    }],
                ),
                "malformed: entry index 2 where 1 was expected",
            ),
            (
                heartbeat(
                    1,
                    2,
                    1,
                    zero,
                    vec![Entry {
                        index: 1,
                        term: 2,
                        payload: EntryPayload::Noop,
                    }],
                ),
                "malformed: entry 1 has term 2, above the sender's term",
            ),
            (
                heartbeat(
                    1,
                    2,
                    1,
                    LogPosition {
                        term: 0,
                        index: u64::MAX,
                    },
                    vec![Entry {
                        index: 0,
                        term: 1,
                        payload: EntryPayload::Noop,
                    }],
                ),
                "malformed: prev term 0 at a non-zero index",
            ),
        ];
        for (envelope, reason) in cases {
            let output = n.step(envelope);
            assert_eq!(output.events.len(), 1);
            let event = &output.events[0];
            assert_eq!(event.category(), Category::Reject);
            assert!(event.to_string().ends_with(reason), "{event}");
            assert!(output.messages.is_empty() && !output.persist);
        }
        assert_eq!(n.term(), 0, "nothing was adopted");
    }

    #[test]
    fn campaign_on_a_leader_does_nothing_but_say_so() {
        let mut n: Node<u64> = Node::new(Config::new(1, vec![1]), Durable::default()).unwrap();
        n.campaign();
        let output = n.campaign();
        assert_eq!(n.term(), 1);
        assert_eq!(
            output.events[0].to_string(),
            "S1 did not campaign: it already leads term 1"
        );
    }

    #[test]
    fn transfer_errors() {
        let mut n = node(1);
        assert_eq!(
            n.transfer_leadership(2).unwrap_err(),
            TransferError::NotLeader(NotLeader { leader_hint: None })
        );
        let mut solo: Node<u64> =
            Node::new(Config::new(1, vec![1, 2, 3]), Durable::default()).unwrap();
        // Enough to reach the argument checks.
        solo.role = RoleState::Leader(crate::role::Leadership {
            progress: common::SortedMap::new(),
            transfer: None,
        });
        assert_eq!(
            solo.transfer_leadership(1).unwrap_err(),
            TransferError::ToSelf
        );
        assert_eq!(
            solo.transfer_leadership(5).unwrap_err(),
            TransferError::NotAMember { to: 5 }
        );
    }
}
