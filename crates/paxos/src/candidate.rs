//! Phase 1: a candidate (a proposer that has not yet been promised a quorum) picks a ballot
//! above every one it has seen and asks every acceptor, once, for all slots from its first
//! unknown one. Unlike a Raft election, any node can win: the promises bring the log to it.

use common::{NodeId, Payload, SortedMap};

use crate::ballot::{Ballot, NodeSet};
use crate::bug::Bug;
use crate::event::{CampaignReason, EventKind, RejectReason};
use crate::message::{Message, MessageKind};
use crate::node::{Node, Output};
use crate::role::{PhaseOne, RoleState};
use crate::value::{Accepted, Slot};

impl<C: Payload> Node<C> {
    pub(crate) fn become_candidate(&mut self, reason: CampaignReason, out: &mut Output<C>) {
        let id = self.config.id;
        let highest = self.promised.max(self.ballot_seen_max);
        self.reset_election_timer();
        let Some(ballot) = Ballot::next_above(highest, id) else {
            // Rounds never wrap. Only a durable state or messages near the limit get here, and
            // both are refused above it.
            self.emit(out, EventKind::BallotsExhausted { highest });
            return;
        };
        debug_assert!(ballot > self.promised);
        // Promise our own ballot first, durably: this is also what keeps a restarted node from
        // ever reusing a ballot, since the next one is chosen above `promised`.
        self.promised = ballot;
        out.persist = true;
        self.ballot = ballot;
        self.leader = None;
        let from_slot = self.commit_index + 1;
        self.role = RoleState::Candidate(PhaseOne {
            from_slot,
            promises: NodeSet::single(id),
            recovered: SortedMap::new(),
        });
        self.emit(
            out,
            EventKind::BecameCandidate {
                ballot,
                from_slot,
                reason,
            },
        );
        if self.config.has_bug(Bug::SkipPhase1) || self.config.phase1_quorum() <= 1 {
            self.become_leader(out);
            return;
        }
        self.bcast(out, Message::Prepare { ballot, from_slot });
    }

    pub(crate) fn step_candidate(
        &mut self,
        from: NodeId,
        message: Message<C>,
        out: &mut Output<C>,
    ) {
        match message {
            Message::Promise {
                ballot, entries, ..
            } => self.handle_promise(from, ballot, entries, out),
            Message::Nack { ballot, promised } => self.handle_nack(from, ballot, promised, out),
            other => self.step_acceptor(from, other, out),
        }
    }

    /// Counts a promise and merges what it reports, keeping per slot the proposal phase 2 must
    /// re-propose: the one with the highest accepted ballot (Paxos Made Simple P2c).
    fn handle_promise(
        &mut self,
        from: NodeId,
        ballot: Ballot,
        entries: Vec<(Slot, Accepted<C>)>,
        out: &mut Output<C>,
    ) {
        if ballot != self.ballot {
            let reason = RejectReason::StaleReply { ballot };
            self.emit(
                out,
                EventKind::Rejected {
                    from,
                    message: MessageKind::Promise,
                    reason,
                },
            );
            return;
        }
        let Some(phase_one) = self.role.phase_one_mut() else {
            return;
        };
        if !phase_one.promises.insert(from) {
            return; // A duplicate: already counted.
        }
        for (slot, reported) in entries {
            match phase_one.recovered.get(&slot) {
                Some(kept) if !self.config.prefers(reported.ballot, kept.ballot) => {}
                _ => {
                    phase_one.recovered.insert(slot, reported);
                }
            }
        }
        let (promises, quorum) = (phase_one.promises.len(), self.config.phase1_quorum());
        self.emit(
            out,
            EventKind::PromiseReceived {
                from,
                ballot,
                promises,
                quorum,
            },
        );
        if promises >= quorum {
            self.become_leader(out);
        }
    }
}
