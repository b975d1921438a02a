//! Events: what a node did and why, as data. Text is made only by `Display`, so creating an
//! event on the hot path costs no formatting.

use std::fmt;

use common::{Category, NodeId, S};
use serde::{Deserialize, Serialize};

use crate::ballot::{Ballot, NodeSet};
use crate::message::MessageKind;
use crate::role::Role;
use crate::value::Slot;

/// One thing that happened at `node`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub node: NodeId,
    pub kind: EventKind,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventKind {
    /// No leader was heard from (or phase 1 did not finish) for a whole election timeout.
    ElectionTimeout { elapsed_ticks: u64 },
    /// Phase 1 began: `ballot` for every slot from `from_slot`.
    BecameCandidate {
        ballot: Ballot,
        from_slot: Slot,
        reason: CampaignReason,
    },
    /// A promise for the current phase 1 was counted.
    PromiseReceived {
        from: NodeId,
        ballot: Ballot,
        promises: usize,
        quorum: usize,
    },
    /// Phase 1 finished; `recovery` says what is being re-proposed under `ballot`.
    BecameLeader {
        ballot: Ballot,
        promises: NodeSet,
        recovery: Recovery,
    },
    /// A candidate or leader saw a higher ballot and gave up its own.
    SteppedDown {
        was: Role,
        ballot: Ballot,
        seen: Seen,
    },
    /// A node learned who leads (an Accept or Heartbeat of a ballot it accepts).
    LeaderDiscovered { leader: NodeId, ballot: Ballot },
    /// The promised ballot went up because an Accept or Heartbeat carried a higher one.
    PromiseRaised {
        from: Ballot,
        to: Ballot,
        by: NodeId,
        message: MessageKind,
    },
    /// Phase 1b: this acceptor promised `ballot` to its owner.
    Promised { ballot: Ballot, previous: Ballot },
    /// Phase 2b: this acceptor accepted `slot` under `ballot`.
    Accepted {
        slot: Slot,
        ballot: Ballot,
        noop: bool,
    },
    /// A leader put a client command into `slot`.
    Proposed { slot: Slot, ballot: Ballot },
    /// A phase-2 quorum accepted `slot` under `ballot`: its value can never change.
    Chosen {
        slot: Slot,
        ballot: Ballot,
        acks: NodeSet,
    },
    /// `slot` is chosen but an earlier slot is not, so it cannot be applied yet.
    WaitingForHole { slot: Slot, hole: Slot },
    /// The contiguous chosen prefix grew: slots `first..=last` were handed to the application.
    Applied { first: Slot, last: Slot },
    /// This node is behind `their_commit` and asked `to` for chosen values.
    CatchUpRequested {
        to: NodeId,
        from_slot: Slot,
        own_commit: Slot,
        their_commit: Slot,
    },
    /// The node would start phase 1, but `highest` is in the last round there is
    /// ([`common::TERM_MAX`]): no ballot is above it.
    BallotsExhausted { highest: Ballot },
    /// An incoming message was refused; nothing else changed.
    Rejected {
        from: NodeId,
        message: MessageKind,
        reason: RejectReason,
    },
}

/// Why a node started phase 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CampaignReason {
    /// A follower heard no leader for a whole election timeout.
    ElectionTimeout,
    /// The previous phase 1 did not gather a quorum in time: duelling proposers, or lost
    /// messages. Retry with a higher ballot.
    PhaseOneTimedOut { previous: Ballot },
    /// The user (or a script) asked this node to time out now.
    Requested,
}

/// What the new leader re-proposes: slots `first..=last` (empty when `last < first`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recovery {
    pub first: Slot,
    pub last: Slot,
    /// Slots some promise reported: re-proposed with the highest-ballot value (P2c).
    pub recovered: u64,
    /// Slots no promise reported: filled with no-ops.
    pub noops: u64,
    /// Slots left empty (only with the `never-fill-gaps` bug).
    pub left_open: u64,
    /// Phase 1 was skipped (only with the `skip-phase-1` bug).
    pub skipped_phase_1: bool,
}

/// The message that showed a higher ballot.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seen {
    pub from: NodeId,
    pub message: MessageKind,
    pub ballot: Ballot,
}

/// Why an incoming message was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RejectReason {
    NotAddressedHere {
        to: NodeId,
    },
    UnknownSender,
    FromItself,
    /// Requests carry the sender's own ballot; this one carries someone else's.
    BallotNotSenders {
        ballot: Ballot,
    },
    /// Ballot 0 is below every real ballot and is never proposed.
    ZeroBallot,
    /// A ballot in a round above [`common::TERM_MAX`], which no node reaches.
    BallotAboveMax {
        ballot: Ballot,
    },
    /// A reply about a ballot this node never ran.
    NotOurBallot {
        ballot: Ballot,
    },
    SlotZero,
    /// The slots a message names are outside what it may carry (or overflow).
    SlotOutOfRange {
        slot: Slot,
    },
    /// The acceptor already promised a higher ballot (Paxos Made Simple P1a).
    StaleBallot {
        ballot: Ballot,
        promised: Ballot,
    },
    /// A reply for a ballot this node no longer runs, or for a role it no longer has.
    StaleReply {
        ballot: Ballot,
    },
    /// The Accept is too far past this node's commit index; it catches up first.
    SlotTooFarAhead {
        slot: Slot,
        commit: Slot,
        ahead_max: Slot,
    },
    /// A catch-up request for slots this node has not seen chosen.
    NothingToSend {
        from_slot: Slot,
        commit: Slot,
    },
    TooManyValues {
        count: usize,
        max: u64,
    },
    /// A Nack must name a promise above the ballot it refuses.
    NackNotHigher {
        ballot: Ballot,
        promised: Ballot,
    },
    /// An Accepted for a slot this leader never sent under that ballot.
    NeverSent {
        slot: Slot,
    },
    /// A promise reports an acceptance above the ballot it promises.
    EntryAboveBallot {
        slot: Slot,
        entry: Ballot,
    },
}

impl Event {
    /// Where the page files it: as in Raft, a promise plays the part of a vote and a ballot
    /// the part of a term.
    pub fn category(&self) -> Category {
        match &self.kind {
            EventKind::ElectionTimeout { .. } | EventKind::BallotsExhausted { .. } => {
                Category::Timer
            }
            EventKind::BecameCandidate { .. }
            | EventKind::BecameLeader { .. }
            | EventKind::SteppedDown { .. }
            | EventKind::LeaderDiscovered { .. } => Category::Role,
            EventKind::PromiseRaised { .. } => Category::Term,
            EventKind::PromiseReceived { .. } | EventKind::Promised { .. } => Category::Vote,
            EventKind::Accepted { .. } | EventKind::CatchUpRequested { .. } => Category::Log,
            EventKind::Proposed { .. } => Category::Client,
            EventKind::Chosen { .. }
            | EventKind::WaitingForHole { .. }
            | EventKind::Applied { .. } => Category::Commit,
            // Refusing a promise is Paxos's refused vote; other refusals are rejections.
            EventKind::Rejected {
                message: MessageKind::Prepare,
                reason: RejectReason::StaleBallot { .. },
                ..
            } => Category::Vote,
            EventKind::Rejected { .. } => Category::Reject,
        }
    }
}

fn article(message: MessageKind) -> &'static str {
    match message {
        MessageKind::Accept | MessageKind::Accepted => "an",
        _ => "a",
    }
}

/// "1 no-op", "2 no-ops".
fn plural(f: &mut fmt::Formatter<'_>, count: u64, noun: &str) -> fmt::Result {
    write!(f, "{count} {noun}{}", if count == 1 { "" } else { "s" })
}

fn slots(f: &mut fmt::Formatter<'_>, first: Slot, last: Slot) -> fmt::Result {
    if first == last {
        write!(f, "slot {first}")
    } else {
        write!(f, "slots {first}–{last}")
    }
}

impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Test only (`--features reworded-text`): every text says something else, to show
        // that the trace hash never reads it.
        if cfg!(feature = "reworded-text") {
            f.write_str("(reworded) ")?;
        }
        let node = S(self.node);
        match &self.kind {
            EventKind::ElectionTimeout { elapsed_ticks } => {
                write!(f, "{node}'s election timer expired after {elapsed_ticks} ticks")
            }
            EventKind::BecameCandidate { ballot, from_slot, reason } => {
                write!(f, "{node} started phase 1 with ballot {ballot} for slots from {from_slot}: ")?;
                match reason {
                    CampaignReason::ElectionTimeout => write!(f, "it heard from no leader"),
                    CampaignReason::PhaseOneTimedOut { previous } => {
                        write!(f, "ballot {previous} gathered no quorum of promises in time")
                    }
                    CampaignReason::Requested => write!(f, "it was asked to campaign"),
                }
            }
            EventKind::PromiseReceived { from, ballot, promises, quorum } => write!(
                f,
                "{node} counted a promise from {} for ballot {ballot} (has {promises}, needs {quorum})",
                S(*from)
            ),
            EventKind::BecameLeader { ballot, promises, recovery } => {
                write!(f, "{node} became leader with ballot {ballot}: ")?;
                if recovery.skipped_phase_1 {
                    write!(f, "without collecting promises (bug skip-phase-1)")?;
                } else {
                    write!(f, "promises from {promises}")?;
                }
                if recovery.last < recovery.first {
                    return write!(f, "; nothing to recover from slot {}", recovery.first);
                }
                write!(f, "; re-proposing ")?;
                slots(f, recovery.first, recovery.last)?;
                write!(f, " (")?;
                plural(f, recovery.recovered, "recovered value")?;
                write!(f, ", ")?;
                plural(f, recovery.noops, "no-op")?;
                if recovery.left_open > 0 {
                    write!(f, ", ")?;
                    plural(f, recovery.left_open, "slot")?;
                    write!(f, " left empty: bug never-fill-gaps")?;
                }
                write!(f, ")")
            }
            EventKind::SteppedDown { was, ballot, seen } => write!(
                f,
                "{node} stopped being {was} of ballot {ballot}: {} {} from {} shows ballot {}",
                article(seen.message),
                seen.message,
                S(seen.from),
                seen.ballot
            ),
            EventKind::LeaderDiscovered { leader, ballot } => {
                write!(f, "{node} follows {} (ballot {ballot})", S(*leader))
            }
            EventKind::PromiseRaised { from, to, by, message } => write!(
                f,
                "{node} raised its promise from {from} to {to}: {} {message} from {}",
                article(*message),
                S(*by)
            ),
            EventKind::Promised { ballot, previous } => {
                if previous == ballot {
                    write!(f, "{node} promised ballot {ballot} again (a repeated Prepare)")
                } else if previous.is_zero() {
                    write!(f, "{node} promised ballot {ballot} (its first promise)")
                } else {
                    write!(f, "{node} promised ballot {ballot} (previous promise {previous})")
                }
            }
            EventKind::Accepted { slot, ballot, noop } => {
                write!(f, "{node} accepted slot {slot} under ballot {ballot}")?;
                if *noop {
                    write!(f, " (a no-op)")?;
                }
                Ok(())
            }
            EventKind::Proposed { slot, ballot } => {
                write!(f, "{node} proposed a command for slot {slot} under ballot {ballot}")
            }
            EventKind::Chosen { slot, ballot, acks } => write!(
                f,
                "{node} learned slot {slot} is chosen under ballot {ballot}: accepted by {acks}"
            ),
            EventKind::WaitingForHole { slot, hole } => write!(
                f,
                "{node} cannot apply slot {slot} yet: slot {hole} is not chosen (application \
                 stops at the first hole)"
            ),
            EventKind::Applied { first, last } => {
                write!(f, "{node} applied ")?;
                slots(f, *first, *last)
            }
            EventKind::CatchUpRequested { to, from_slot, own_commit, their_commit } => write!(
                f,
                "{node} is behind (chosen up to {own_commit}, {} reports {their_commit}): asking \
                 {} for slots from {from_slot}",
                S(*to),
                S(*to)
            ),
            EventKind::BallotsExhausted { highest } => write!(
                f,
                "{node} did not start phase 1: ballot {highest} is in the last round there is"
            ),
            EventKind::Rejected { from, message, reason } => {
                if let (MessageKind::Prepare, RejectReason::StaleBallot { ballot, promised }) =
                    (message, reason)
                {
                    return write!(
                        f,
                        "{node} refused to promise ballot {ballot}: it already promised {promised}"
                    );
                }
                write!(f, "{node} rejected {} {message} from {}: ", article(*message), S(*from))?;
                write_reason(f, self.node, *from, reason)
            }
        }
    }
}

fn write_reason(
    f: &mut fmt::Formatter<'_>,
    node: NodeId,
    from: NodeId,
    reason: &RejectReason,
) -> fmt::Result {
    let node = S(node);
    match reason {
        RejectReason::NotAddressedHere { to } => write!(f, "it was addressed to {}", S(*to)),
        RejectReason::UnknownSender => write!(f, "{} is not a member", S(from)),
        RejectReason::FromItself => write!(f, "it came from {node} itself"),
        RejectReason::BallotNotSenders { ballot } => {
            write!(f, "ballot {ballot} does not belong to {}", S(from))
        }
        RejectReason::ZeroBallot => write!(f, "ballot 0 is never proposed"),
        RejectReason::BallotAboveMax { ballot } => write!(
            f,
            "ballot {ballot} is in a round above {}, the last one there is",
            common::TERM_MAX
        ),
        RejectReason::NotOurBallot { ballot } => {
            write!(f, "ballot {ballot} was never {node}'s")
        }
        RejectReason::SlotZero => write!(f, "slot 0 does not exist (slots start at 1)"),
        RejectReason::SlotOutOfRange { slot } => {
            write!(f, "slot {slot} is outside the range the message may carry")
        }
        RejectReason::StaleBallot { ballot, promised } => {
            write!(
                f,
                "ballot {ballot} is below the ballot {promised} it already promised"
            )
        }
        RejectReason::StaleReply { ballot } => {
            write!(
                f,
                "{node} is no longer running phase 1 or 2 for ballot {ballot}"
            )
        }
        RejectReason::SlotTooFarAhead {
            slot,
            commit,
            ahead_max,
        } => write!(
            f,
            "slot {slot} is more than {ahead_max} slots past its commit index {commit}; it \
             catches up first"
        ),
        RejectReason::NothingToSend { from_slot, commit } => write!(
            f,
            "it knows no chosen value from slot {from_slot} (its commit index is {commit})"
        ),
        RejectReason::TooManyValues { count, max } => {
            write!(f, "it carries {count} values, more than the limit of {max}")
        }
        RejectReason::NackNotHigher { ballot, promised } => write!(
            f,
            "a Nack must name a promise above the refused ballot, but {promised} is not above \
             {ballot}"
        ),
        RejectReason::NeverSent { slot } => {
            write!(
                f,
                "{node} never sent an Accept for slot {slot} under that ballot"
            )
        }
        RejectReason::EntryAboveBallot { slot, entry } => write!(
            f,
            "it reports slot {slot} accepted under {entry}, above the ballot it promises"
        ),
    }
}
