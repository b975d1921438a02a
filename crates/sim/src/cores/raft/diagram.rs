//! What a sequence diagram says of Raft's messages and events, in a few words:
//! `RequestVote term 2`, `Vote refused (log behind)`, `AppendEntries term 2, entry 3, commit 2`,
//! `Acknowledged up to 3`, `Refused at index 4 (log mismatch)`; `becomes leader (term 2)`,
//! `commits entry 3`, `drops entries 2 to 3 (term 2)`.

use std::fmt;

use common::NodeId;
use raft::{EventKind, Message, RejectReason, Role, VoteRefusal};

use crate::cores::{EventNote, MessageClass, MessageLabel};
use crate::engine::kv::KvCommand;

/// A Raft message's content: what a diagram's arrow says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RaftLabel {
    RequestVote {
        term: u64,
        pre_vote: bool,
        transfer: bool,
        last_index: u64,
        last_term: u64,
    },
    Vote {
        pre_vote: bool,
        granted: bool,
    },
    /// `count` entries from `first` (0: a heartbeat), of terms `first_term..=last_term`.
    Append {
        term: u64,
        first: u64,
        count: u64,
        first_term: u64,
        last_term: u64,
        commit: u64,
    },
    Acknowledged {
        up_to: u64,
    },
    /// The follower refused the append whose previous entry was at `at`.
    Refused {
        at: u64,
    },
    TimeoutNow {
        term: u64,
    },
}

pub fn label(envelope: &raft::Envelope<KvCommand>) -> RaftLabel {
    let term = envelope.term;
    match &envelope.message {
        Message::RequestVote {
            last,
            pre_vote,
            leadership_transfer,
        } => RaftLabel::RequestVote {
            term,
            pre_vote: *pre_vote,
            transfer: *leadership_transfer,
            last_index: last.index,
            last_term: last.term,
        },
        Message::VoteResponse { granted, pre_vote } => RaftLabel::Vote {
            pre_vote: *pre_vote,
            granted: *granted,
        },
        Message::AppendEntries {
            prev,
            entries,
            leader_commit,
        } => RaftLabel::Append {
            term,
            // A heartbeat's position is left out: heartbeats that say the same compare equal.
            first: if entries.is_empty() {
                0
            } else {
                prev.index.saturating_add(1)
            },
            count: entries.len() as u64,
            first_term: entries.first().map_or(term, |e| e.term),
            last_term: entries.last().map_or(term, |e| e.term),
            commit: *leader_commit,
        },
        Message::AppendEntriesResponse {
            success: true,
            match_index,
            ..
        } => RaftLabel::Acknowledged {
            up_to: *match_index,
        },
        Message::AppendEntriesResponse {
            success: false,
            match_index,
            ..
        } => RaftLabel::Refused { at: *match_index },
        Message::TimeoutNow => RaftLabel::TimeoutNow { term },
    }
}

impl MessageLabel for RaftLabel {
    fn class(&self) -> MessageClass {
        match self {
            RaftLabel::RequestVote { .. } => MessageClass::VoteRequest,
            RaftLabel::Vote { granted: false, .. } | RaftLabel::Refused { .. } => {
                MessageClass::Refusal
            }
            RaftLabel::Append { count: 0, .. } | RaftLabel::Acknowledged { .. } => {
                MessageClass::Heartbeat
            }
            _ => MessageClass::Other,
        }
    }

    fn is_reply(&self) -> bool {
        matches!(
            self,
            RaftLabel::Vote { .. } | RaftLabel::Acknowledged { .. } | RaftLabel::Refused { .. }
        )
    }
}

fn vote_kind(pre_vote: bool) -> &'static str {
    if pre_vote {
        "PreVote"
    } else {
        "Vote"
    }
}

impl fmt::Display for RaftLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            RaftLabel::RequestVote {
                term,
                pre_vote,
                transfer,
                last_index,
                last_term,
            } => {
                let kind = if pre_vote { "PreVote" } else { "RequestVote" };
                write!(f, "{kind} term {term}")?;
                if last_index > 0 {
                    write!(f, ", last entry {last_index} (term {last_term})")?;
                }
                if transfer {
                    f.write_str(", leadership transfer")?;
                }
                Ok(())
            }
            RaftLabel::Vote { pre_vote, granted } => write!(
                f,
                "{} {}",
                vote_kind(pre_vote),
                if granted { "granted" } else { "refused" }
            ),
            RaftLabel::Append {
                term,
                first,
                count,
                first_term,
                last_term,
                commit,
            } => {
                write!(f, "AppendEntries term {term}, ")?;
                match count {
                    0 => f.write_str("heartbeat")?,
                    1 => write!(f, "entry {first}")?,
                    _ => write!(f, "entries {first} to {}", first + (count - 1))?,
                }
                if count > 0 && (first_term != term || last_term != term) {
                    if first_term == last_term {
                        write!(f, " (term {first_term})")?;
                    } else {
                        write!(f, " (terms {first_term} to {last_term})")?;
                    }
                }
                write!(f, ", commit {commit}")
            }
            RaftLabel::Acknowledged { up_to: 0 } => f.write_str("Acknowledged"),
            RaftLabel::Acknowledged { up_to } => write!(f, "Acknowledged up to {up_to}"),
            // Refused for its term: no index was compared.
            RaftLabel::Refused { at: 0 } => f.write_str("Refused"),
            RaftLabel::Refused { at } => write!(f, "Refused at index {at}"),
            RaftLabel::TimeoutNow { term } => write!(f, "TimeoutNow term {term}"),
        }
    }
}

/// What a diagram notes of a Raft event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RaftWords {
    Became {
        role: Role,
        term: u64,
    },
    Commits {
        first: u64,
        last: u64,
        old_term: bool,
    },
    Drops {
        from: u64,
        to: u64,
        term: u64,
    },
    Overwrites {
        index: u64,
        old_term: u64,
        new_term: u64,
    },
    AppliesEarly {
        first: u64,
        last: u64,
    },
    HandsOver {
        to: NodeId,
    },
    NoTermLeft,
    Because(Reason),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    VotedFor(NodeId),
    VotedForItself,
    Follows(NodeId),
    LogBehind,
    StaleTerm { current: u64 },
    LogTooShort,
    LogMismatch,
    WouldDropCommitted,
}

pub fn note(event: &raft::Event) -> Option<EventNote<RaftWords>> {
    let became = |role, term| EventNote::Role(role_name(role), RaftWords::Became { role, term });
    let because = |reason| Some(EventNote::Reason(RaftWords::Because(reason)));
    Some(match event.kind {
        EventKind::BecameFollower { term, .. } => became(Role::Follower, term),
        EventKind::BecamePreCandidate { term, .. } => became(Role::PreCandidate, term),
        EventKind::BecameCandidate { term, .. } => became(Role::Candidate, term),
        EventKind::BecameLeader { term, .. } => became(Role::Leader, term),
        EventKind::Committed {
            first,
            last,
            reason,
        } => EventNote::Note(RaftWords::Commits {
            first,
            last,
            old_term: match reason {
                raft::CommitReason::Quorum { .. } => false,
                raft::CommitReason::OldTermQuorum { .. } => true,
                // Followers learning the commit index: the leader's note said it.
                raft::CommitReason::LeaderCommit { .. } => return None,
            },
        }),
        EventKind::EntriesTruncated {
            from, to, own_term, ..
        } => EventNote::Note(RaftWords::Drops {
            from,
            to,
            term: own_term,
        }),
        EventKind::EntryOverwrittenInPlace {
            index,
            old_term,
            new_term,
            ..
        } => EventNote::Note(RaftWords::Overwrites {
            index,
            old_term,
            new_term,
        }),
        EventKind::AppliedBeforeCommit { first, last, .. } => {
            EventNote::Note(RaftWords::AppliesEarly { first, last })
        }
        EventKind::TransferStarted { to } => EventNote::Note(RaftWords::HandsOver { to }),
        EventKind::TermsExhausted { .. } => EventNote::Note(RaftWords::NoTermLeft),
        EventKind::VoteRefused { reason, .. } => {
            return because(match reason {
                VoteRefusal::AlreadyVoted { voted_for } if voted_for == event.node => {
                    Reason::VotedForItself
                }
                VoteRefusal::AlreadyVoted { voted_for } => Reason::VotedFor(voted_for),
                VoteRefusal::LeaderKnown { leader } | VoteRefusal::LeaderLease { leader, .. } => {
                    Reason::Follows(leader)
                }
                VoteRefusal::LogBehind { .. } => Reason::LogBehind,
                VoteRefusal::StaleTerm { current } => Reason::StaleTerm { current },
            })
        }
        EventKind::Rejected { reason, .. } => {
            return because(match reason {
                RejectReason::StaleTerm { current, .. } => Reason::StaleTerm { current },
                RejectReason::LogTooShort { .. } => Reason::LogTooShort,
                RejectReason::LogMismatch { .. } => Reason::LogMismatch,
                RejectReason::WouldTruncateCommitted { .. } => Reason::WouldDropCommitted,
                _ => return None,
            })
        }
        _ => return None,
    })
}

pub fn role_name(role: Role) -> &'static str {
    match role {
        Role::Follower => "follower",
        Role::PreCandidate => "pre-candidate",
        Role::Candidate => "candidate",
        Role::Leader => "leader",
    }
}

fn entries(f: &mut fmt::Formatter<'_>, first: u64, last: u64) -> fmt::Result {
    if first == last {
        write!(f, "entry {first}")
    } else {
        write!(f, "entries {first} to {last}")
    }
}

impl fmt::Display for RaftWords {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            RaftWords::Became { role, term } => {
                write!(f, "becomes {} (term {term})", role_name(role))
            }
            RaftWords::Commits {
                first,
                last,
                old_term,
            } => {
                f.write_str("commits ")?;
                entries(f, first, last)?;
                if old_term {
                    f.write_str(", counting replicas of an older term")?;
                }
                Ok(())
            }
            RaftWords::Drops { from, to, term } => {
                f.write_str("drops ")?;
                entries(f, from, to)?;
                write!(f, " (term {term})")
            }
            RaftWords::Overwrites {
                index,
                old_term,
                new_term,
            } => write!(
                f,
                "overwrites entry {index} in place, term {old_term} with term {new_term}"
            ),
            RaftWords::AppliesEarly { first, last } => {
                f.write_str("applies ")?;
                entries(f, first, last)?;
                f.write_str(" before they are committed")
            }
            RaftWords::HandsOver { to } => write!(f, "hands leadership over to S{to}"),
            RaftWords::NoTermLeft => f.write_str("has no term left to campaign in"),
            RaftWords::Because(reason) => match reason {
                Reason::VotedFor(node) => write!(f, "already voted for S{node}"),
                Reason::VotedForItself => f.write_str("voted for itself"),
                Reason::Follows(node) => write!(f, "follows leader S{node}"),
                Reason::LogBehind => f.write_str("log behind"),
                Reason::StaleTerm { current } => write!(f, "stale term, mine is {current}"),
                Reason::LogTooShort => f.write_str("log too short"),
                Reason::LogMismatch => f.write_str("log mismatch"),
                Reason::WouldDropCommitted => f.write_str("would drop committed entries"),
            },
        }
    }
}
