//! Phase 2: the leader re-proposes what phase 1 recovered, under its own ballot, fills holes
//! with no-ops, then proposes client commands; one Accept per slot, pipelined within a window.

use common::{NodeId, Payload};

use crate::ballot::{Ballot, NodeSet};
use crate::bug::Bug;
use crate::event::{EventKind, Recovery, RejectReason};
use crate::message::{Message, MessageKind};
use crate::node::{Node, Output};
use crate::role::{Leading, PhaseOne, RoleState};
use crate::value::{Accepted, Slot, Value};

impl<C: Payload> Node<C> {
    /// Phase 1 is over. For every slot from `from_slot` to the highest any promise (ours
    /// included) reported, re-propose under our ballot the value with the highest accepted
    /// ballot, or a no-op where nobody reported one (Howard & Mortier §3). Re-stamping is what
    /// lets this leader count acceptances of old values directly: Raft's Figure 8 rule has no
    /// counterpart here, at the price of re-sending these slots.
    pub(crate) fn become_leader(&mut self, out: &mut Output<C>) {
        let RoleState::Candidate(phase_one) =
            std::mem::replace(&mut self.role, RoleState::Follower)
        else {
            debug_assert!(false, "only a candidate becomes leader");
            return;
        };
        let PhaseOne {
            from_slot,
            promises,
            recovered,
        } = phase_one;
        let id = self.config.id;
        let ballot = self.ballot;
        let own_last = self.accepted.last_key_value().map(|(&slot, _)| slot);
        let reported_last = recovered.last_key_value().map(|(&slot, _)| slot);
        let last = own_last
            .max(reported_last)
            .filter(|&slot| slot >= from_slot)
            .unwrap_or(from_slot - 1);
        self.role = RoleState::Leader(Leading {
            promises,
            next_slot: last + 1,
            sent_through: from_slot - 1,
            ..Leading::default()
        });
        self.leader = Some(id);
        self.heartbeat_elapsed_ticks = 0;
        let mut recovery = Recovery {
            first: from_slot,
            last,
            recovered: 0,
            noops: 0,
            left_open: 0,
            skipped_phase_1: self.config.has_bug(Bug::SkipPhase1),
        };
        for slot in from_slot..=last {
            let own = self.accepted.get(&slot);
            let keep = match (own, recovered.get(&slot)) {
                (Some(own), Some(reported)) if self.config.prefers(reported.ballot, own.ballot) => {
                    Some(reported)
                }
                (Some(own), _) => Some(own),
                (None, reported) => reported,
            };
            let value = match keep {
                Some(accepted) => {
                    recovery.recovered += 1;
                    accepted.value.clone()
                }
                None if self.config.has_bug(Bug::NeverFillGaps) => {
                    recovery.left_open += 1;
                    continue;
                }
                None => {
                    recovery.noops += 1;
                    Value::Noop
                }
            };
            self.open_slot(slot, value, out);
        }
        self.emit(
            out,
            EventKind::BecameLeader {
                ballot,
                promises,
                recovery,
            },
        );
        // Tell everyone at once who leads, rather than after a heartbeat interval.
        self.bcast_heartbeat(out);
        self.maybe_choose_open(out);
        self.maybe_send_accepts(out);
    }

    pub(crate) fn step_leader(&mut self, from: NodeId, message: Message<C>, out: &mut Output<C>) {
        match message {
            Message::Accepted { ballot, slot } => self.handle_accepted(from, ballot, slot, out),
            Message::Nack { ballot, promised } => self.handle_nack(from, ballot, promised, out),
            // A promise that arrives after the quorum: phase 1 is over, nothing to add.
            Message::Promise { ballot, .. } if ballot == self.ballot => {}
            other => self.step_acceptor(from, other, out),
        }
    }

    pub(crate) fn propose_command(&mut self, command: C, out: &mut Output<C>) {
        let Some(leading) = self.role.leading_mut() else {
            debug_assert!(false, "only a leader proposes");
            return;
        };
        let slot = leading.next_slot;
        leading.next_slot += 1;
        self.open_slot(slot, Value::Command(command), out);
        self.emit(
            out,
            EventKind::Proposed {
                slot,
                ballot: self.ballot,
            },
        );
        self.maybe_choose_open(out);
        self.maybe_send_accepts(out);
    }

    /// Accepts our own proposal (the leader is an acceptor too) and opens the slot.
    fn open_slot(&mut self, slot: Slot, value: Value<C>, out: &mut Output<C>) {
        debug_assert!(
            self.promised == self.ballot,
            "a leader accepts only under its promise"
        );
        self.accepted.insert(
            slot,
            Accepted {
                ballot: self.ballot,
                value,
            },
        );
        out.persist = true;
        let id = self.config.id;
        if let Some(leading) = self.role.leading_mut() {
            leading.open.insert(slot, NodeSet::single(id));
        }
    }

    /// Chooses open slots whose own acceptance is already a quorum (a single node, or a
    /// phase-2 quorum of one).
    fn maybe_choose_open(&mut self, out: &mut Output<C>) {
        let quorum = self.config.phase2_quorum();
        while let Some((&slot, acks)) = self.role.leading().and_then(|l| l.open.first_key_value()) {
            if acks.len() < quorum {
                break;
            }
            self.choose(slot, out);
        }
    }

    /// Broadcasts Accepts for open slots not yet sent, keeping at most `max_inflight_slots`
    /// slots in flight past the first open one.
    fn maybe_send_accepts(&mut self, out: &mut Output<C>) {
        let inflight_max = self.config.options.max_inflight_slots;
        let Some(leading) = self.role.leading() else {
            return;
        };
        let Some((&first_open, _)) = leading.open.first_key_value() else {
            return;
        };
        let limit = leading
            .next_slot
            .min(first_open.saturating_add(inflight_max));
        // Bounded: `sent_through` grows by one per round, up to `limit`.
        while let Some(leading) = self.role.leading_mut() {
            if leading.sent_through + 1 >= limit {
                break;
            }
            let slot = leading.sent_through + 1;
            leading.sent_through = slot;
            if leading.open.contains_key(&slot) {
                if let Some(message) = self.accept_message(slot) {
                    self.bcast(out, message);
                }
            }
        }
    }

    fn accept_message(&self, slot: Slot) -> Option<Message<C>> {
        let accepted = self.accepted.get(&slot)?;
        debug_assert_eq!(accepted.ballot, self.ballot);
        Some(Message::Accept {
            ballot: self.ballot,
            slot,
            value: accepted.value.clone(),
            commit: self.commit_index,
        })
    }

    fn handle_accepted(&mut self, from: NodeId, ballot: Ballot, slot: Slot, out: &mut Output<C>) {
        if ballot != self.ballot {
            let reason = RejectReason::StaleReply { ballot };
            self.emit(
                out,
                EventKind::Rejected {
                    from,
                    message: MessageKind::Accepted,
                    reason,
                },
            );
            return;
        }
        let Some(leading) = self.role.leading_mut() else {
            return;
        };
        if slot > leading.sent_through {
            let reason = RejectReason::NeverSent { slot };
            self.emit(
                out,
                EventKind::Rejected {
                    from,
                    message: MessageKind::Accepted,
                    reason,
                },
            );
            return;
        }
        let acked_max = leading.acked_max.get_or_default(from);
        *acked_max = (*acked_max).max(slot);
        // A slot no longer open was chosen already: a late acknowledgement adds nothing.
        let Some(acks) = leading.open.get_mut(&slot) else {
            return;
        };
        acks.insert(from);
        if acks.len() >= self.config.phase2_quorum() {
            self.choose(slot, out);
            self.maybe_send_accepts(out);
        }
    }

    /// A phase-2 quorum accepted `slot` under our ballot: its value is chosen.
    fn choose(&mut self, slot: Slot, out: &mut Output<C>) {
        let Some(acks) = self.role.leading_mut().and_then(|l| l.open.remove(&slot)) else {
            return;
        };
        let Some(accepted) = self.accepted.get(&slot) else {
            return;
        };
        self.chosen
            .get_or_insert_with(slot, || accepted.value.clone());
        self.emit(
            out,
            EventKind::Chosen {
                slot,
                ballot: self.ballot,
                acks,
            },
        );
        self.advance_commit(out);
        if slot > self.commit_index {
            self.emit(
                out,
                EventKind::WaitingForHole {
                    slot,
                    hole: self.commit_index + 1,
                },
            );
        }
    }

    pub(crate) fn tick_heartbeat(&mut self, out: &mut Output<C>) {
        self.heartbeat_elapsed_ticks += 1;
        if self.heartbeat_elapsed_ticks >= self.config.heartbeat_interval_ticks {
            self.heartbeat_elapsed_ticks = 0;
            self.bcast_heartbeat(out);
        }
    }

    /// Heartbeat to everyone, and re-send Accepts that a peer has not acknowledged: messages
    /// get lost, and nothing else would ever repeat them. Bounded by the in-flight window.
    fn bcast_heartbeat(&mut self, out: &mut Output<C>) {
        let (ballot, commit) = (self.ballot, self.commit_index);
        self.bcast(out, Message::Heartbeat { ballot, commit });
        let Some(leading) = self.role.leading() else {
            return;
        };
        for (&slot, acks) in leading.open.range(..=leading.sent_through) {
            let Some(message) = self.accept_message(slot) else {
                continue;
            };
            for &peer in &self.config.members {
                if !acks.contains(peer) {
                    self.send(out, peer, message.clone());
                }
            }
        }
    }
}
