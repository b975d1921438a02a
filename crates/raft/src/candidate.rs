//! Elections (§5.2, §5.4.1) and PreVote (thesis §9.6): campaigning, voting, counting votes.

use common::{NodeId, Payload, SortedMap, TERM_MAX};

use crate::bug::Bug;
use crate::event::{
    CampaignReason, EventKind, FollowerReason, RejectReason, Tally, TermReason, VoteRefusal,
};
use crate::message::{Envelope, Message};
use crate::node::{Node, Output};
use crate::role::{Role, RoleState};

impl<C: Payload> Node<C> {
    /// The election timer expired (or the user asked): with PreVote, first ask whether an
    /// election could be won; without it, start one.
    pub(crate) fn campaign_now(&mut self, reason: CampaignReason, out: &mut Output<C>) {
        if !self.has_term_left(out) {
            return;
        }
        if self.config.options.pre_vote {
            self.become_pre_candidate(reason, out);
        } else {
            self.become_candidate(reason, false, out);
        }
    }

    /// Terms never wrap: a node at [`TERM_MAX`] keeps its role and says why, instead of
    /// campaigning. Only a durable state or message near the limit gets there, and both are
    /// refused above it, so every increment below has room.
    pub(crate) fn has_term_left(&mut self, out: &mut Output<C>) -> bool {
        if self.term < TERM_MAX {
            return true;
        }
        self.emit(out, EventKind::TermsExhausted { term: self.term });
        self.reset_election_timer();
        false
    }

    /// Thesis §9.6: a pre-candidate keeps its term, so a node that cannot win (say, one that
    /// was partitioned away and timed out again and again) never disturbs the cluster.
    fn become_pre_candidate(&mut self, reason: CampaignReason, out: &mut Output<C>) {
        self.role = RoleState::PreCandidate {
            votes: self.own_vote(),
        };
        self.leader = None;
        self.reset_election_timer();
        self.emit(
            out,
            EventKind::BecamePreCandidate {
                term: self.term,
                reason,
            },
        );
        self.bcast_vote_request(self.term + 1, true, false, out);
        self.maybe_finish_election(out);
    }

    /// Figure 2, candidates (§5.2): "on conversion to candidate: increment currentTerm, vote
    /// for self, reset election timer, send RequestVote RPCs to all other servers".
    pub(crate) fn become_candidate(
        &mut self,
        reason: CampaignReason,
        leadership_transfer: bool,
        out: &mut Output<C>,
    ) {
        debug_assert!(self.term < TERM_MAX, "callers check has_term_left first");
        self.set_term(self.term + 1, TermReason::Campaign, out);
        self.voted_for = Some(self.config.id);
        self.role = RoleState::Candidate {
            votes: self.own_vote(),
        };
        self.leader = None;
        self.reset_election_timer();
        self.emit(
            out,
            EventKind::BecameCandidate {
                term: self.term,
                reason,
            },
        );
        self.bcast_vote_request(self.term, false, leadership_transfer, out);
        self.maybe_finish_election(out);
    }

    /// A tally that starts with this node's own vote.
    fn own_vote(&self) -> SortedMap<NodeId, bool> {
        let mut votes = SortedMap::new();
        votes.insert(self.config.id, true);
        votes
    }

    fn bcast_vote_request(
        &self,
        term: u64,
        pre_vote: bool,
        leadership_transfer: bool,
        out: &mut Output<C>,
    ) {
        let last = self.log.last_position();
        for &peer in self.config.members.iter().filter(|&&p| p != self.config.id) {
            let request = Message::RequestVote {
                last,
                pre_vote,
                leadership_transfer,
            };
            self.send(out, peer, term, request);
        }
    }

    fn tally(&self) -> Tally {
        let votes = self.role.votes();
        let answers = votes.map_or(0, |votes| votes.len());
        let granted = votes.map_or(0, |votes| votes.values().filter(|g| **g).count());
        Tally {
            granted: granted as u8,
            refused: (answers - granted) as u8,
            quorum: self.config.quorum() as u8,
        }
    }

    /// Figure 2, candidates: "if votes received from majority of servers: become leader". A
    /// quorum of refusals means this campaign cannot win.
    fn maybe_finish_election(&mut self, out: &mut Output<C>) {
        let tally = self.tally();
        if usize::from(tally.granted) >= self.config.quorum() {
            match self.role() {
                Role::PreCandidate => self.become_candidate(CampaignReason::PreVoteWon, false, out),
                Role::Candidate => self.become_leader(tally.granted, out),
                Role::Follower | Role::Leader => {}
            }
        } else if usize::from(tally.refused) >= self.config.quorum() {
            self.become_follower(
                self.term,
                None,
                FollowerReason::ElectionLost,
                TermReason::Campaign,
                out,
            );
        }
    }

    pub(crate) fn step_candidate(&mut self, envelope: Envelope<C>, out: &mut Output<C>) {
        match envelope.message {
            Message::RequestVote { .. } => self.handle_vote_request(envelope, out),
            Message::VoteResponse { granted, pre_vote } => {
                self.handle_vote_response(&envelope, granted, pre_vote, out)
            }
            Message::AppendEntries { .. } => {
                // Figure 2, candidates: "if AppendEntries RPC received from new leader:
                // convert to follower". An AppendEntries of this node's term (or a later one,
                // already adopted) means someone else won; a pre-candidate also yields to the
                // current leader.
                let leader = envelope.from;
                self.become_follower(
                    envelope.term,
                    None,
                    FollowerReason::LeaderOfTerm { leader },
                    TermReason::HigherTerm {
                        from: leader,
                        message: envelope.message.kind(),
                    },
                    out,
                );
                self.step_follower(envelope, out);
            }
            Message::AppendEntriesResponse { .. } | Message::TimeoutNow => {
                let role = self.role();
                self.reject(out, &envelope, RejectReason::NotExpectedAs { role })
            }
        }
    }

    fn handle_vote_response(
        &mut self,
        envelope: &Envelope<C>,
        granted: bool,
        pre_vote: bool,
        out: &mut Output<C>,
    ) {
        let role = self.role();
        if pre_vote != (role == Role::PreCandidate) {
            self.reject(out, envelope, RejectReason::NotExpectedAs { role });
            return;
        }
        if pre_vote && granted && envelope.term != self.term + 1 {
            let reason = crate::event::Malformation::PreVoteResponseTerm;
            self.reject(out, envelope, RejectReason::Malformed(reason));
            return;
        }
        let Some(votes) = self.role.votes_mut() else {
            return;
        };
        if votes.contains_key(&envelope.from) {
            self.reject(out, envelope, RejectReason::StaleResponse);
            return;
        }
        votes.insert(envelope.from, granted);
        let term = if pre_vote { self.term + 1 } else { self.term };
        self.emit(
            out,
            EventKind::VoteReceived {
                from: envelope.from,
                term,
                pre_vote,
                granted,
                tally: self.tally(),
            },
        );
        self.maybe_finish_election(out);
    }

    /// Figure 2, RequestVote receiver (any role). `envelope.term` is at least the current term
    /// here (a PreVote's may be one more); the reply carries the term the candidate asked
    /// about when granted.
    pub(crate) fn handle_vote_request(&mut self, envelope: Envelope<C>, out: &mut Output<C>) {
        let Message::RequestVote { last, pre_vote, .. } = envelope.message else {
            return;
        };
        let candidate = envelope.from;
        if let Some(reason) = self.vote_refusal(candidate, envelope.term, last, pre_vote) {
            self.emit(
                out,
                EventKind::VoteRefused {
                    candidate,
                    term: envelope.term,
                    pre_vote,
                    reason,
                },
            );
            let reply = Message::VoteResponse {
                granted: false,
                pre_vote,
            };
            self.send(out, candidate, self.term, reply);
            return;
        }
        if !pre_vote {
            // Figure 2: votedFor is durable, or a restart could vote twice in one term.
            self.voted_for = Some(candidate);
            out.persist = true;
            // §5.2: granting a vote resets the election timer.
            self.reset_election_timer();
        }
        self.emit(
            out,
            EventKind::VoteGranted {
                candidate,
                term: envelope.term,
                pre_vote,
            },
        );
        let reply = Message::VoteResponse {
            granted: true,
            pre_vote,
        };
        self.send(out, candidate, envelope.term, reply);
    }

    /// Figure 2, RequestVote receiver rule 2: "if votedFor is null or candidateId, and
    /// candidate's log is at least as up-to-date as receiver's log, grant vote" (§5.2,
    /// §5.4.1). Rule 1 (a stale term) was applied before. `None` grants.
    fn vote_refusal(
        &self,
        candidate: NodeId,
        term: u64,
        last: crate::log::LogPosition,
        pre_vote: bool,
    ) -> Option<VoteRefusal> {
        // One vote per term (§5.2). A PreVote for a later term promises nothing about this one.
        if !pre_vote || term == self.term {
            match (self.voted_for, self.leader) {
                (Some(voted_for), _) if voted_for != candidate => {
                    return Some(VoteRefusal::AlreadyVoted { voted_for })
                }
                (None, Some(leader)) => return Some(VoteRefusal::LeaderKnown { leader }),
                _ => {}
            }
        }
        // §5.4.1: only a candidate whose log is at least as up to date can win, so every
        // leader holds every committed entry.
        let own = self.log.last_position();
        if last < own && !self.config.has_bug(Bug::VoteWithoutLogCheck) {
            return Some(VoteRefusal::LogBehind {
                candidate: last,
                own,
            });
        }
        None
    }

    /// Thesis §9.6 / §6.2: while a node believes a leader is alive, vote requests for a later
    /// term are ignored, so a server that cannot hear the leader cannot depose it.
    pub(crate) fn lease(&self) -> Option<(NodeId, u64)> {
        let options = self.config.options;
        if !(options.pre_vote || options.check_quorum) {
            return None;
        }
        match self.role() {
            // A leader knows a leader is alive: itself.
            Role::Leader => Some((self.config.id, 0)),
            Role::Follower => self
                .leader
                .filter(|_| self.election_elapsed_ticks < self.config.election_timeout_ticks_min)
                .map(|leader| (leader, self.election_elapsed_ticks)),
            Role::PreCandidate | Role::Candidate => None,
        }
    }
}
