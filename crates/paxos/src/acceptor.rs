//! The acceptor, which every node is, and the follower role, which is nothing more: promise,
//! accept, learn what the leader has chosen, and catch up on what it missed.

use common::{NodeId, Payload};

use crate::ballot::Ballot;
use crate::event::{EventKind, RejectReason, Seen};
use crate::message::{Message, MessageKind};
use crate::node::{Node, Output};
use crate::value::{Accepted, Slot, Value};

impl<C: Payload> Node<C> {
    /// Followers only act as acceptors and learners. Candidates and leaders hand every message
    /// that is not a reply to their own ballot here too, since they are acceptors as well.
    pub(crate) fn step_acceptor(&mut self, from: NodeId, message: Message<C>, out: &mut Output<C>) {
        match message {
            Message::Prepare { ballot, from_slot } => {
                self.handle_prepare(from, ballot, from_slot, out)
            }
            Message::Accept {
                ballot,
                slot,
                value,
                commit,
            } => self.handle_accept(from, ballot, slot, value, commit, out),
            Message::Heartbeat { ballot, commit } => {
                self.handle_heartbeat(from, ballot, commit, out)
            }
            Message::CatchUpRequest { from_slot } => {
                self.handle_catch_up_request(from, from_slot, out)
            }
            Message::CatchUpReply {
                from_slot,
                values,
                commit,
            } => self.handle_catch_up_reply(from, from_slot, values, commit, out),
            Message::Promise { ballot, .. }
            | Message::Nack { ballot, .. }
            | Message::Accepted { ballot, .. } => {
                let reason = RejectReason::StaleReply { ballot };
                self.emit(
                    out,
                    EventKind::Rejected {
                        from,
                        message: message.kind(),
                        reason,
                    },
                );
            }
        }
    }

    /// Phase 1b. Paxos Made Simple P1a: an acceptor may accept a proposal numbered n iff it has
    /// not promised a higher one. A higher ballot is promised (and persisted before the reply);
    /// the same ballot again is answered the same way (a duplicated Prepare); a lower one gets
    /// a Nack naming the promise so its proposer gives up at once.
    fn handle_prepare(
        &mut self,
        from: NodeId,
        ballot: Ballot,
        from_slot: Slot,
        out: &mut Output<C>,
    ) {
        if ballot < self.promised {
            self.refuse(from, MessageKind::Prepare, ballot, out);
            return;
        }
        let previous = self.promised;
        if ballot > self.promised {
            self.promised = ballot;
            out.persist = true;
            // The old leader (if any) can no longer get anything accepted here.
            self.become_follower(
                None,
                Seen {
                    from,
                    message: MessageKind::Prepare,
                    ballot,
                },
                out,
            );
        }
        self.emit(out, EventKind::Promised { ballot, previous });
        let entries = self
            .accepted
            .range(from_slot..)
            .map(|(&slot, accepted)| (slot, accepted.clone()))
            .collect();
        self.send(
            out,
            from,
            Message::Promise {
                ballot,
                from_slot,
                entries,
            },
        );
    }

    /// Phase 2b. Accepting needs no earlier Prepare from this leader: only that nothing higher
    /// was promised. Accepting also promises the ballot, so `accepted ≤ promised` holds.
    fn handle_accept(
        &mut self,
        from: NodeId,
        ballot: Ballot,
        slot: Slot,
        value: Value<C>,
        commit: Slot,
        out: &mut Output<C>,
    ) {
        if ballot < self.promised {
            self.refuse(from, MessageKind::Accept, ballot, out);
            return;
        }
        self.follow(from, ballot, MessageKind::Accept, out);
        let ahead_max = self.config.options.slots_ahead_max;
        if slot > self.commit_index.saturating_add(ahead_max) {
            let reason = RejectReason::SlotTooFarAhead {
                slot,
                commit: self.commit_index,
                ahead_max,
            };
            self.emit(
                out,
                EventKind::Rejected {
                    from,
                    message: MessageKind::Accept,
                    reason,
                },
            );
            return;
        }
        // One value per (ballot, slot): a repeated Accept changes nothing but is acknowledged
        // again, since the first Accepted may have been lost.
        if self
            .accepted
            .get(&slot)
            .is_none_or(|accepted| accepted.ballot != ballot)
        {
            let noop = value.is_noop();
            self.accepted.insert(slot, Accepted { ballot, value });
            out.persist = true;
            self.emit(out, EventKind::Accepted { slot, ballot, noop });
        }
        self.send(out, from, Message::Accepted { ballot, slot });
        self.learn_commit(ballot, commit, out);
    }

    /// The leader is alive. If it has chosen slots this node cannot fill in from its own
    /// acceptances, ask it for them (heartbeats are periodic, so this is rate-limited).
    fn handle_heartbeat(
        &mut self,
        from: NodeId,
        ballot: Ballot,
        commit: Slot,
        out: &mut Output<C>,
    ) {
        if ballot < self.promised {
            self.refuse(from, MessageKind::Heartbeat, ballot, out);
            return;
        }
        self.follow(from, ballot, MessageKind::Heartbeat, out);
        self.learn_commit(ballot, commit, out);
        if self.commit_index < commit {
            self.request_catch_up(from, commit, out);
        }
    }

    /// Treats `from`, the owner of `ballot ≥ promised`, as the leader.
    fn follow(&mut self, from: NodeId, ballot: Ballot, message: MessageKind, out: &mut Output<C>) {
        debug_assert!(ballot >= self.promised && ballot.node == from);
        if ballot > self.promised {
            let previous = self.promised;
            self.promised = ballot;
            out.persist = true;
            self.emit(
                out,
                EventKind::PromiseRaised {
                    from: previous,
                    to: ballot,
                    by: from,
                    message,
                },
            );
        }
        self.become_follower(
            Some(from),
            Seen {
                from,
                message,
                ballot,
            },
            out,
        );
    }

    /// Answers a request under a ballot below our promise with a Nack.
    fn refuse(&mut self, from: NodeId, message: MessageKind, ballot: Ballot, out: &mut Output<C>) {
        let promised = self.promised;
        self.send(out, from, Message::Nack { ballot, promised });
        let reason = RejectReason::StaleBallot { ballot, promised };
        self.emit(
            out,
            EventKind::Rejected {
                from,
                message,
                reason,
            },
        );
    }

    /// The leader of `ballot` says every slot up to `leader_commit` is chosen. A slot this node
    /// accepted under that same ballot holds the chosen value: a leader proposes one value per
    /// slot per ballot, and by P2c it is the chosen one. Other slots need a catch-up. The loop
    /// stops at the first slot it cannot fill, so its length is bounded by our own maps.
    fn learn_commit(&mut self, ballot: Ballot, leader_commit: Slot, out: &mut Output<C>) {
        let mut slot = self.commit_index + 1;
        while slot <= leader_commit {
            if !self.chosen.contains_key(&slot) {
                match self.accepted.get(&slot) {
                    Some(accepted) if accepted.ballot == ballot => {
                        self.chosen.insert(slot, accepted.value.clone());
                    }
                    _ => break,
                }
            }
            slot += 1;
        }
        self.advance_commit(out);
    }

    pub(crate) fn request_catch_up(&mut self, to: NodeId, their_commit: Slot, out: &mut Output<C>) {
        let from_slot = self.commit_index + 1;
        self.send(out, to, Message::CatchUpRequest { from_slot });
        self.emit(
            out,
            EventKind::CatchUpRequested {
                to,
                from_slot,
                own_commit: self.commit_index,
                their_commit,
            },
        );
    }

    /// Any node that knows chosen values may serve them; at most `max_values_per_catch_up`.
    fn handle_catch_up_request(&mut self, from: NodeId, from_slot: Slot, out: &mut Output<C>) {
        if from_slot > self.commit_index {
            let reason = RejectReason::NothingToSend {
                from_slot,
                commit: self.commit_index,
            };
            self.emit(
                out,
                EventKind::Rejected {
                    from,
                    message: MessageKind::CatchUpRequest,
                    reason,
                },
            );
            return;
        }
        let count = self.config.options.max_values_per_catch_up;
        let last = self.commit_index.min(from_slot.saturating_add(count - 1));
        let values: Vec<Value<C>> = self
            .chosen
            .range(from_slot..=last)
            .map(|(_, v)| v.clone())
            .collect();
        debug_assert_eq!(
            values.len() as u64,
            last - from_slot + 1,
            "the commit prefix has no holes"
        );
        self.send(
            out,
            from,
            Message::CatchUpReply {
                from_slot,
                values,
                commit: self.commit_index,
            },
        );
    }

    /// Chosen values are facts: record them, apply what became contiguous, and ask for the next
    /// batch if the sender knows more and this reply helped.
    fn handle_catch_up_reply(
        &mut self,
        from: NodeId,
        from_slot: Slot,
        values: Vec<Value<C>>,
        commit: Slot,
        out: &mut Output<C>,
    ) {
        let before = self.commit_index;
        for (slot, value) in (from_slot..).zip(values) {
            self.chosen.get_or_insert_with(slot, || value);
        }
        self.advance_commit(out);
        if self.commit_index > before && self.commit_index < commit {
            self.request_catch_up(from, commit, out);
        }
    }
}
