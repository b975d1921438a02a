//! Elections (§5.2, §5.4.1) and PreVote (thesis §9.6): campaigning, voting, counting votes.

use common::{NodeId, Payload, TERM_MAX};

use crate::bug::Bug;
use crate::event::{
    CampaignReason, EventKind, FollowerReason, RejectReason, Tally, TermReason, VoteRefusal,
};
use crate::message::{Envelope, Message};
use crate::node::{Node, Role};

impl<C: Payload> Node<C> {
    /// The election timer expired (or the user asked): with PreVote, first ask whether an
    /// election could be won; without it, start one.
    pub(crate) fn campaign_now(&mut self, reason: CampaignReason) {
        if !self.has_term_left() {
            return;
        }
        if self.config.options.pre_vote {
            self.become_pre_candidate(reason);
        } else {
            self.become_candidate(reason, false);
        }
    }

    /// Terms never wrap: a node at [`TERM_MAX`] keeps its role and says why, instead of
    /// campaigning. Only a durable state or message near the limit gets there, and both are
    /// refused above it, so every increment below has room.
    pub(crate) fn has_term_left(&mut self) -> bool {
        if self.term < TERM_MAX {
            return true;
        }
        self.emit(EventKind::TermsExhausted { term: self.term });
        self.reset_election_timer();
        false
    }

    /// Thesis §9.6: a pre-candidate keeps its term, so a node that cannot win (say, one that
    /// was partitioned away and timed out again and again) never disturbs the cluster.
    fn become_pre_candidate(&mut self, reason: CampaignReason) {
        self.role = Role::PreCandidate;
        self.leader = None;
        self.start_tally();
        self.emit(EventKind::BecamePreCandidate {
            term: self.term,
            reason,
        });
        self.bcast_vote_request(self.term + 1, true, false);
        self.maybe_finish_election();
    }

    /// §5.2: increment the term, vote for itself, ask everyone else.
    pub(crate) fn become_candidate(&mut self, reason: CampaignReason, leadership_transfer: bool) {
        debug_assert!(self.term < TERM_MAX, "callers check has_term_left first");
        self.set_term(self.term + 1, TermReason::Campaign);
        self.voted_for = Some(self.config.id);
        self.role = Role::Candidate;
        self.leader = None;
        self.start_tally();
        self.emit(EventKind::BecameCandidate {
            term: self.term,
            reason,
        });
        self.bcast_vote_request(self.term, false, leadership_transfer);
        self.maybe_finish_election();
    }

    fn start_tally(&mut self) {
        self.votes.clear();
        self.votes.insert(self.config.id, true);
        self.progress.clear();
        self.transfer = None;
        self.reset_election_timer();
    }

    fn bcast_vote_request(&mut self, term: u64, pre_vote: bool, leadership_transfer: bool) {
        let last = self.log.last_position();
        for i in 0..self.config.members.len() {
            let peer = self.config.members[i];
            if peer != self.config.id {
                self.send(
                    peer,
                    term,
                    Message::RequestVote {
                        last,
                        pre_vote,
                        leadership_transfer,
                    },
                );
            }
        }
    }

    fn tally(&self) -> Tally {
        let granted = self.votes.values().filter(|granted| **granted).count();
        Tally {
            granted: granted as u8,
            refused: (self.votes.len() - granted) as u8,
            quorum: self.config.quorum() as u8,
        }
    }

    /// A quorum of grants wins; a quorum of refusals means this campaign cannot win.
    fn maybe_finish_election(&mut self) {
        let tally = self.tally();
        if usize::from(tally.granted) >= self.config.quorum() {
            match self.role {
                Role::PreCandidate => self.become_candidate(CampaignReason::PreVoteWon, false),
                Role::Candidate => self.become_leader(tally.granted),
                Role::Follower | Role::Leader => {}
            }
        } else if usize::from(tally.refused) >= self.config.quorum() {
            self.become_follower(
                self.term,
                None,
                FollowerReason::ElectionLost,
                TermReason::Campaign,
            );
        }
    }

    pub(crate) fn step_candidate(&mut self, envelope: Envelope<C>) {
        match envelope.message {
            Message::RequestVote { .. } => self.handle_vote_request(envelope),
            Message::VoteResponse { granted, pre_vote } => {
                self.handle_vote_response(&envelope, granted, pre_vote)
            }
            Message::AppendEntries { .. } => {
                // §5.2: an AppendEntries of this node's term (or a later one, already adopted)
                // means someone else won; a pre-candidate also yields to the current leader.
                let leader = envelope.from;
                self.become_follower(
                    envelope.term,
                    None,
                    FollowerReason::LeaderOfTerm { leader },
                    TermReason::HigherTerm {
                        from: leader,
                        message: envelope.message.kind(),
                    },
                );
                self.step_follower(envelope);
            }
            Message::AppendEntriesResponse { .. } | Message::TimeoutNow => {
                self.reject(&envelope, RejectReason::NotExpectedAs { role: self.role })
            }
        }
    }

    fn handle_vote_response(&mut self, envelope: &Envelope<C>, granted: bool, pre_vote: bool) {
        let expected_pre_vote = self.role == Role::PreCandidate;
        if pre_vote != expected_pre_vote {
            self.reject(envelope, RejectReason::NotExpectedAs { role: self.role });
            return;
        }
        if pre_vote && granted && envelope.term != self.term + 1 {
            self.reject(
                envelope,
                RejectReason::Malformed(crate::event::Malformation::PreVoteResponseTerm),
            );
            return;
        }
        if self.votes.contains_key(&envelope.from) {
            self.reject(envelope, RejectReason::StaleResponse);
            return;
        }
        self.votes.insert(envelope.from, granted);
        let term = if pre_vote { self.term + 1 } else { self.term };
        self.emit(EventKind::VoteReceived {
            from: envelope.from,
            term,
            pre_vote,
            granted,
            tally: self.tally(),
        });
        self.maybe_finish_election();
    }

    /// Any role. `envelope.term` is at least the current term here (a PreVote's may be one
    /// more); the reply carries the term the candidate asked about when granted.
    pub(crate) fn handle_vote_request(&mut self, envelope: Envelope<C>) {
        let Message::RequestVote { last, pre_vote, .. } = envelope.message else {
            return;
        };
        let candidate = envelope.from;
        let refusal = self.vote_refusal(candidate, envelope.term, last, pre_vote);
        if let Some(reason) = refusal {
            self.emit(EventKind::VoteRefused {
                candidate,
                term: envelope.term,
                pre_vote,
                reason,
            });
            self.send(
                candidate,
                self.term,
                Message::VoteResponse {
                    granted: false,
                    pre_vote,
                },
            );
            return;
        }
        if !pre_vote {
            // Figure 2: votedFor is durable, or a restart could vote twice in one term.
            self.voted_for = Some(candidate);
            self.out.persist = true;
            // §5.2: granting a vote resets the election timer.
            self.reset_election_timer();
        }
        self.emit(EventKind::VoteGranted {
            candidate,
            term: envelope.term,
            pre_vote,
        });
        self.send(
            candidate,
            envelope.term,
            Message::VoteResponse {
                granted: true,
                pre_vote,
            },
        );
    }

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
        match self.role {
            // A leader knows a leader is alive: itself.
            Role::Leader if options.pre_vote || options.check_quorum => Some((self.config.id, 0)),
            Role::Follower if options.pre_vote || options.check_quorum => self
                .leader
                .filter(|_| self.election_elapsed_ticks < self.config.election_timeout_ticks_min)
                .map(|leader| (leader, self.election_elapsed_ticks)),
            Role::Leader | Role::Follower | Role::PreCandidate | Role::Candidate => None,
        }
    }
}
