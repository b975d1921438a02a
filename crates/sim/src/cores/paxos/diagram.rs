//! What a sequence diagram says of Multi-Paxos's messages and events, in a few words:
//! `Prepare ballot 2.S3`, `Promise ballot 2.S3, 1 accepted`, `Accept slot 4, ballot 2.S3,
//! commit 3`, `Accepted slot 4`, `Refused, promised 3.S4`; `becomes leader (ballot 2.S3)`,
//! `slot 4 chosen`.

use std::fmt;

use paxos::{Ballot, EventKind, Message, Role, Value};

use crate::cores::{EventNote, MessageClass, MessageLabel};
use crate::engine::kv::KvCommand;

/// A Multi-Paxos message's content: what a diagram's arrow says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaxosLabel {
    Prepare {
        ballot: Ballot,
        from_slot: u64,
    },
    Promise {
        ballot: Ballot,
        accepted: u64,
    },
    Nack {
        promised: Ballot,
    },
    Accept {
        ballot: Ballot,
        slot: u64,
        noop: bool,
        commit: u64,
    },
    Accepted {
        slot: u64,
    },
    Heartbeat {
        ballot: Ballot,
        commit: u64,
    },
    CatchUpRequest {
        from_slot: u64,
    },
    CatchUpReply {
        from_slot: u64,
        count: u64,
        commit: u64,
    },
}

pub fn label(envelope: &paxos::Envelope<KvCommand>) -> PaxosLabel {
    match &envelope.message {
        Message::Prepare { ballot, from_slot } => PaxosLabel::Prepare {
            ballot: *ballot,
            from_slot: *from_slot,
        },
        Message::Promise {
            ballot, entries, ..
        } => PaxosLabel::Promise {
            ballot: *ballot,
            accepted: entries.len() as u64,
        },
        Message::Nack { promised, .. } => PaxosLabel::Nack {
            promised: *promised,
        },
        Message::Accept {
            ballot,
            slot,
            value,
            commit,
        } => PaxosLabel::Accept {
            ballot: *ballot,
            slot: *slot,
            noop: matches!(value, Value::Noop),
            commit: *commit,
        },
        Message::Accepted { slot, .. } => PaxosLabel::Accepted { slot: *slot },
        Message::Heartbeat { ballot, commit } => PaxosLabel::Heartbeat {
            ballot: *ballot,
            commit: *commit,
        },
        Message::CatchUpRequest { from_slot } => PaxosLabel::CatchUpRequest {
            from_slot: *from_slot,
        },
        Message::CatchUpReply {
            from_slot,
            values,
            commit,
        } => PaxosLabel::CatchUpReply {
            from_slot: *from_slot,
            count: values.len() as u64,
            commit: *commit,
        },
    }
}

impl MessageLabel for PaxosLabel {
    fn class(&self) -> MessageClass {
        match self {
            PaxosLabel::Prepare { .. } => MessageClass::VoteRequest,
            PaxosLabel::Nack { .. } => MessageClass::Refusal,
            PaxosLabel::Heartbeat { .. } => MessageClass::Heartbeat,
            _ => MessageClass::Other,
        }
    }

    fn is_reply(&self) -> bool {
        matches!(
            self,
            PaxosLabel::Promise { .. }
                | PaxosLabel::Nack { .. }
                | PaxosLabel::Accepted { .. }
                | PaxosLabel::CatchUpReply { .. }
        )
    }
}

fn slots(f: &mut fmt::Formatter<'_>, first: u64, count: u64) -> fmt::Result {
    match count {
        0 => f.write_str("no slots"),
        1 => write!(f, "slot {first}"),
        _ => write!(f, "slots {first} to {}", first + (count - 1)),
    }
}

impl fmt::Display for PaxosLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            PaxosLabel::Prepare { ballot, from_slot } => {
                write!(f, "Prepare ballot {ballot}")?;
                if from_slot > 1 {
                    write!(f, ", from slot {from_slot}")?;
                }
                Ok(())
            }
            PaxosLabel::Promise {
                ballot,
                accepted: 0,
            } => write!(f, "Promise ballot {ballot}, nothing accepted"),
            PaxosLabel::Promise { ballot, accepted } => {
                write!(f, "Promise ballot {ballot}, {accepted} accepted")
            }
            PaxosLabel::Nack { promised } => write!(f, "Refused, promised {promised}"),
            PaxosLabel::Accept {
                ballot,
                slot,
                noop,
                commit,
            } => {
                f.write_str("Accept ")?;
                if noop {
                    f.write_str("no-op in ")?;
                }
                write!(f, "slot {slot}, ballot {ballot}, commit {commit}")
            }
            PaxosLabel::Accepted { slot } => write!(f, "Accepted slot {slot}"),
            PaxosLabel::Heartbeat { ballot, commit } => {
                write!(f, "Heartbeat ballot {ballot}, commit {commit}")
            }
            PaxosLabel::CatchUpRequest { from_slot } => {
                write!(f, "Catch-up request from slot {from_slot}")
            }
            PaxosLabel::CatchUpReply {
                from_slot,
                count,
                commit,
            } => {
                f.write_str("Catch-up ")?;
                slots(f, from_slot, count)?;
                write!(f, ", commit {commit}")
            }
        }
    }
}

/// What a diagram notes of a Multi-Paxos event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaxosWords {
    Candidate {
        ballot: Ballot,
    },
    Leader {
        ballot: Ballot,
        recovered: u64,
        noops: u64,
    },
    SteppedDown {
        seen: Ballot,
    },
    Chosen {
        slot: u64,
    },
    Waiting {
        slot: u64,
        hole: u64,
    },
    NoBallotLeft,
}

pub fn note(event: &paxos::Event) -> Option<EventNote<PaxosWords>> {
    Some(match event.kind {
        EventKind::BecameCandidate { ballot, .. } => {
            EventNote::Role(Role::Candidate.name(), PaxosWords::Candidate { ballot })
        }
        EventKind::BecameLeader {
            ballot, recovery, ..
        } => EventNote::Role(
            Role::Leader.name(),
            PaxosWords::Leader {
                ballot,
                recovered: recovery.recovered,
                noops: recovery.noops,
            },
        ),
        EventKind::SteppedDown { seen, .. } => EventNote::Role(
            Role::Follower.name(),
            PaxosWords::SteppedDown { seen: seen.ballot },
        ),
        EventKind::Chosen { slot, .. } => EventNote::Note(PaxosWords::Chosen { slot }),
        EventKind::WaitingForHole { slot, hole } => {
            EventNote::Note(PaxosWords::Waiting { slot, hole })
        }
        EventKind::BallotsExhausted { .. } => EventNote::Note(PaxosWords::NoBallotLeft),
        _ => return None,
    })
}

impl fmt::Display for PaxosWords {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            PaxosWords::Candidate { ballot } => {
                write!(f, "starts phase 1 (ballot {ballot})")
            }
            PaxosWords::Leader {
                ballot,
                recovered,
                noops,
            } => {
                write!(f, "becomes leader (ballot {ballot})")?;
                if recovered > 0 {
                    write!(f, ", re-proposes {recovered} accepted")?;
                }
                if noops > 0 {
                    write!(f, ", fills {noops} with no-ops")?;
                }
                Ok(())
            }
            PaxosWords::SteppedDown { seen } => write!(f, "steps down, saw ballot {seen}"),
            PaxosWords::Chosen { slot } => write!(f, "slot {slot} chosen"),
            PaxosWords::Waiting { slot, hole } => {
                write!(f, "cannot apply slot {slot} before the hole at {hole}")
            }
            PaxosWords::NoBallotLeft => f.write_str("has no ballot left to campaign with"),
        }
    }
}
