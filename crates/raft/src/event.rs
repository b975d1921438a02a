//! Events: what a node did and why, as data. Text is made only by `Display`, so creating an
//! event on the hot path costs no formatting.

use std::fmt;

use common::{NodeId, S};
use serde::{Deserialize, Serialize};

use crate::log::LogPosition;
use crate::message::MessageKind;
use crate::role::Role;
use common::Category;

/// One thing that happened at `node`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub node: NodeId,
    pub kind: EventKind,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventKind {
    BecameFollower {
        term: u64,
        leader: Option<NodeId>,
        reason: FollowerReason,
    },
    BecamePreCandidate {
        term: u64,
        reason: CampaignReason,
    },
    BecameCandidate {
        term: u64,
        reason: CampaignReason,
    },
    BecameLeader {
        term: u64,
        votes: u8,
    },
    /// A follower learned who leads its current term.
    LeaderDiscovered {
        term: u64,
        leader: NodeId,
    },
    TermChanged {
        from: u64,
        to: u64,
        reason: TermReason,
    },
    VoteGranted {
        candidate: NodeId,
        term: u64,
        pre_vote: bool,
    },
    VoteRefused {
        candidate: NodeId,
        term: u64,
        pre_vote: bool,
        reason: VoteRefusal,
    },
    VoteReceived {
        from: NodeId,
        term: u64,
        pre_vote: bool,
        granted: bool,
        tally: Tally,
    },
    EntriesAppended {
        first: u64,
        last: u64,
        term: u64,
        source: AppendSource,
    },
    /// §5.3: a conflicting suffix `from..=to` was dropped.
    EntriesTruncated {
        from: u64,
        to: u64,
        own_term: u64,
        leader_term: u64,
        leader: NodeId,
    },
    /// Only with the `append-without-truncate` bug.
    EntryOverwrittenInPlace {
        index: u64,
        old_term: u64,
        new_term: u64,
        kept_last: u64,
    },
    Committed {
        first: u64,
        last: u64,
        reason: CommitReason,
    },
    /// §5.4.2: the quorum-replicated index holds an entry of an earlier term, so it waits.
    CommitDeferred {
        index: u64,
        entry_term: u64,
        term: u64,
    },
    /// Only with the `apply-before-commit` bug.
    AppliedBeforeCommit {
        first: u64,
        last: u64,
        commit: u64,
    },
    Rejected {
        from: NodeId,
        message: MessageKind,
        reason: RejectReason,
    },
    ElectionTimeout {
        elapsed_ticks: u64,
    },
    TransferStarted {
        to: NodeId,
    },
    TimeoutNowSent {
        to: NodeId,
    },
    TransferAborted {
        to: NodeId,
        elapsed_ticks: u64,
    },
    CampaignIgnored {
        term: u64,
    },
    /// The node is at [`common::TERM_MAX`]: there is no term left to campaign in.
    TermsExhausted {
        term: u64,
    },
}

/// Votes counted so far in one (pre-)election.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    pub granted: u8,
    pub refused: u8,
    pub quorum: u8,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FollowerReason {
    /// §5.1: any message with a higher term makes a node a follower of that term.
    HigherTerm { from: NodeId },
    /// §5.2: a candidate that hears from the leader of its term gives up.
    LeaderOfTerm { leader: NodeId },
    /// A quorum refused the (pre-)vote, so this campaign cannot succeed.
    ElectionLost,
    /// Thesis §6.2 CheckQuorum.
    LostQuorum { heard_from: u8, quorum: u8 },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CampaignReason {
    ElectionTimeout,
    /// The user (or a script) asked this node to time out now.
    Requested,
    PreVoteWon,
    /// §3.10: the leader handed over leadership.
    TimeoutNow {
        from: NodeId,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TermReason {
    Campaign,
    HigherTerm {
        from: NodeId,
        message: MessageKind,
    },
    /// `leader-ignores-higher-term`: adopted the term but kept leading.
    HigherTermKeptLeading {
        from: NodeId,
        message: MessageKind,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum VoteRefusal {
    AlreadyVoted {
        voted_for: NodeId,
    },
    /// It already follows a leader in this term, so no other candidate can win it.
    LeaderKnown {
        leader: NodeId,
    },
    /// §5.4.1: the candidate's log is less up to date.
    LogBehind {
        candidate: LogPosition,
        own: LogPosition,
    },
    StaleTerm {
        current: u64,
    },
    /// Thesis §9.6: heard from a leader within the minimum election timeout, so the request
    /// is ignored (no reply is sent and the term is not adopted).
    LeaderLease {
        leader: NodeId,
        ticks_since: u64,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AppendSource {
    Client,
    Noop,
    Leader { leader: NodeId },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CommitReason {
    /// §5.4.2: an entry of the leader's term is on a quorum.
    Quorum { replicas: u8 },
    /// `commit-old-term`: counted replicas of an entry from an earlier term.
    OldTermQuorum { replicas: u8, entry_term: u64 },
    /// §5.3: a follower learns the commit index from the leader.
    LeaderCommit { leader: NodeId },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RejectReason {
    NotAddressedToMe {
        to: NodeId,
    },
    FromStranger,
    FromSelf,
    TermZero,
    /// §5.1: requests from a stale term are refused, responses from one ignored.
    StaleTerm {
        message_term: u64,
        current: u64,
    },
    Malformed(Malformation),
    /// §5.3 consistency check: no entry at `prev.index`.
    LogTooShort {
        prev: LogPosition,
        last_index: u64,
    },
    /// §5.3 consistency check: the entry at `prev.index` has another term.
    LogMismatch {
        prev: LogPosition,
        own_term: u64,
    },
    /// A message asked to drop an entry this node knows is committed. Impossible from a
    /// correct leader; refused rather than obeyed.
    WouldTruncateCommitted {
        index: u64,
        commit: u64,
    },
    NotExpectedAs {
        role: Role,
    },
    /// A second leader in this node's own term: impossible without a bug.
    SecondLeader,
    /// An AppendEntries response older than what the leader already knows.
    StaleResponse,
    /// TimeoutNow is only obeyed from the leader of the current term.
    NotFromLeader {
        leader: Option<NodeId>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Malformation {
    EntryIndexGap { expected: u64, found: u64 },
    EntryTermAboveMessage { index: u64, entry_term: u64 },
    EntryTermsDecrease { index: u64 },
    PrevTermAboveMessage,
    PrevTermNotZeroAtIndexZero,
    PrevTermZero,
    LastLogTermAboveMessage,
    LastLogTermNotZeroAtIndexZero,
    MatchBeyondLog { claimed: u64, last_index: u64 },
    PreVoteResponseTerm,
    TermAboveMax,
}

impl Event {
    pub fn category(&self) -> Category {
        use EventKind::*;
        match self.kind {
            BecameFollower { .. }
            | BecamePreCandidate { .. }
            | BecameCandidate { .. }
            | BecameLeader { .. }
            | LeaderDiscovered { .. } => Category::Role,
            TermChanged { .. } => Category::Term,
            VoteGranted { .. } | VoteRefused { .. } | VoteReceived { .. } => Category::Vote,
            EntriesAppended { .. } | EntriesTruncated { .. } | EntryOverwrittenInPlace { .. } => {
                Category::Log
            }
            Committed { .. } | CommitDeferred { .. } | AppliedBeforeCommit { .. } => {
                Category::Commit
            }
            Rejected { .. } => Category::Reject,
            ElectionTimeout { .. } | TermsExhausted { .. } => Category::Timer,
            TransferStarted { .. }
            | TimeoutNowSent { .. }
            | TransferAborted { .. }
            | CampaignIgnored { .. } => Category::Client,
        }
    }
}

fn vote_word(pre_vote: bool) -> &'static str {
    if pre_vote {
        "pre-vote"
    } else {
        "vote"
    }
}

fn range(f: &mut fmt::Formatter<'_>, first: u64, last: u64) -> fmt::Result {
    if first == last {
        write!(f, "entry {first}")
    } else {
        write!(f, "entries {first}..{last}")
    }
}

impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Test only (`--features reworded-text`): every text says something else, to show
        // that the trace hash never reads it.
        if cfg!(feature = "reworded-text") {
            f.write_str("(reworded) ")?;
        }
        use EventKind::*;
        let me = S(self.node);
        match self.kind {
            BecameFollower { term, leader, reason } => {
                write!(f, "{me} became follower in term {term}")?;
                if let Some(l) = leader {
                    write!(f, " of leader {}", S(l))?;
                }
                match reason {
                    FollowerReason::HigherTerm { from } => write!(f, ": {} has a higher term", S(from)),
                    FollowerReason::LeaderOfTerm { leader } => {
                        write!(f, ": {} already won this term (§5.2)", S(leader))
                    }
                    FollowerReason::ElectionLost => write!(f, ": a majority refused its campaign"),
                    FollowerReason::LostQuorum { heard_from, quorum } => write!(
                        f,
                        ": as leader it heard from only {heard_from} of the {quorum} servers it \
                         needs within an election timeout (CheckQuorum, §6.2)"
                    ),
                }
            }
            BecamePreCandidate { term, reason } => {
                write!(f, "{me} became pre-candidate in term {term}, asking whether it could win term {}", term + 1)?;
                write!(f, ": {}", CampaignText(reason))
            }
            BecameCandidate { term, reason } => {
                write!(f, "{me} became candidate for term {term}: {}", CampaignText(reason))
            }
            BecameLeader { term, votes } => {
                write!(f, "{me} became leader for term {term} with {votes} votes")
            }
            LeaderDiscovered { term, leader } => {
                write!(f, "{me} learned that {} leads term {term}", S(leader))
            }
            TermChanged { from, to, reason } => {
                write!(f, "{me} moved from term {from} to term {to}")?;
                match reason {
                    TermReason::Campaign => write!(f, " to campaign"),
                    TermReason::HigherTerm { from, message } => {
                        write!(f, ": {} sent {message} with a higher term (§5.1)", S(from))
                    }
                    TermReason::HigherTermKeptLeading { from, message } => write!(
                        f,
                        ": {} sent {message} with a higher term, yet it keeps leading \
                         (bug leader-ignores-higher-term)",
                        S(from)
                    ),
                }
            }
            VoteGranted { candidate, term, pre_vote } => {
                write!(f, "{me} granted its {} to {} for term {term}", vote_word(pre_vote), S(candidate))
            }
            VoteRefused { candidate, term, pre_vote, reason } => {
                write!(f, "{me} refused its {} to {} for term {term}: ", vote_word(pre_vote), S(candidate))?;
                match reason {
                    VoteRefusal::AlreadyVoted { voted_for } if voted_for == self.node => {
                        write!(f, "it voted for itself")
                    }
                    VoteRefusal::AlreadyVoted { voted_for } => {
                        write!(f, "it already voted for {} in term {term}", S(voted_for))
                    }
                    VoteRefusal::LeaderKnown { leader } => {
                        write!(f, "it already follows leader {} in term {term}", S(leader))
                    }
                    VoteRefusal::LogBehind { candidate: theirs, own } => write!(
                        f,
                        "{}'s log ends at {theirs}, behind {me}'s {own} (§5.4.1)",
                        S(candidate)
                    ),
                    VoteRefusal::StaleTerm { current } => {
                        write!(f, "its own term {current} is higher")
                    }
                    VoteRefusal::LeaderLease { leader, .. } if leader == self.node => write!(
                        f,
                        "it is the leader, alive, so it ignores the request (§9.6)"
                    ),
                    VoteRefusal::LeaderLease { leader, ticks_since } => write!(
                        f,
                        "it heard from leader {} {ticks_since} ticks ago, within the minimum \
                         election timeout, so it ignores the request (§9.6)",
                        S(leader)
                    ),
                }
            }
            VoteReceived { from, term, pre_vote, granted, tally } => write!(
                f,
                "{me} got a {} {} from {} for term {term} ({} granted, {} refused, {} needed)",
                if granted { "granted" } else { "refused" },
                vote_word(pre_vote),
                S(from),
                tally.granted,
                tally.refused,
                tally.quorum
            ),
            EntriesAppended { first, last, term, source } => {
                write!(f, "{me} appended ")?;
                range(f, first, last)?;
                write!(f, " (term {term})")?;
                match source {
                    AppendSource::Client => write!(f, ": a client command"),
                    AppendSource::Noop => write!(f, ": the no-op a new leader appends (§8)"),
                    AppendSource::Leader { leader } => write!(f, " from leader {}", S(leader)),
                }
            }
            EntriesTruncated { from, to, own_term, leader_term, leader } => {
                write!(f, "{me} dropped ")?;
                range(f, from, to)?;
                write!(
                    f,
                    ": its entry {from} has term {own_term} but leader {} has term {leader_term} there (§5.3)",
                    S(leader)
                )
            }
            EntryOverwrittenInPlace { index, old_term, new_term, kept_last } => write!(
                f,
                "{me} overwrote entry {index} (term {old_term} → {new_term}) and kept entries up to \
                 {kept_last} after it (bug append-without-truncate)"
            ),
            Committed { first, last, reason } => {
                write!(f, "{me} committed ")?;
                range(f, first, last)?;
                match reason {
                    CommitReason::Quorum { replicas } => {
                        write!(f, ": stored on {replicas} servers, a majority")
                    }
                    CommitReason::OldTermQuorum { replicas, entry_term } => write!(
                        f,
                        ": stored on {replicas} servers, but entry {last} is from older term \
                         {entry_term} (bug commit-old-term)"
                    ),
                    CommitReason::LeaderCommit { leader } => write!(f, ": leader {} says so", S(leader)),
                }
            }
            CommitDeferred { index, entry_term, term } => write!(
                f,
                "{me} did not commit entry {index} although a majority stores it: it is from term \
                 {entry_term}, and only entries of the current term {term} are committed by \
                 counting replicas (§5.4.2)"
            ),
            AppliedBeforeCommit { first, last, commit } => {
                write!(f, "{me} applied ")?;
                range(f, first, last)?;
                write!(f, " with commit index only {commit} (bug apply-before-commit)")
            }
            Rejected { from, message, reason } => {
                write!(f, "{me} rejected {message} from {}: {}", S(from), RejectText(reason))
            }
            ElectionTimeout { elapsed_ticks } => write!(
                f,
                "{me}'s election timer expired after {elapsed_ticks} ticks without a leader"
            ),
            TransferStarted { to } => write!(f, "{me} started handing leadership to {} (§3.10)", S(to)),
            TimeoutNowSent { to } => {
                write!(f, "{me} sent TimeoutNow to {}: its log is up to date", S(to))
            }
            TransferAborted { to, elapsed_ticks } => write!(
                f,
                "{me} gave up handing leadership to {} after {elapsed_ticks} ticks",
                S(to)
            ),
            CampaignIgnored { term } => {
                write!(f, "{me} did not campaign: it already leads term {term}")
            }
            TermsExhausted { term } => {
                write!(f, "{me} did not campaign: term {term} is the last one there is")
            }
        }
    }
}

struct CampaignText(CampaignReason);

impl fmt::Display for CampaignText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            CampaignReason::ElectionTimeout => write!(f, "its election timer expired"),
            CampaignReason::Requested => write!(f, "it was told to campaign"),
            CampaignReason::PreVoteWon => write!(f, "a majority would vote for it (§9.6)"),
            CampaignReason::TimeoutNow { from } => {
                write!(f, "leader {} handed over leadership (§3.10)", S(from))
            }
        }
    }
}

struct RejectText(RejectReason);

impl fmt::Display for RejectText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            RejectReason::NotAddressedToMe { to } => write!(f, "it is addressed to {}", S(to)),
            RejectReason::FromStranger => write!(f, "the sender is not a member"),
            RejectReason::FromSelf => write!(f, "it claims to come from this node itself"),
            RejectReason::TermZero => write!(f, "term 0 is never a real term"),
            RejectReason::StaleTerm {
                message_term,
                current,
            } => {
                write!(
                    f,
                    "its term {message_term} is older than the current term {current} (§5.1)"
                )
            }
            RejectReason::Malformed(m) => write!(f, "malformed: {}", MalformationText(m)),
            RejectReason::LogTooShort { prev, last_index } => write!(
                f,
                "no entry at prev index {} (log ends at index {last_index}) (§5.3)",
                prev.index
            ),
            RejectReason::LogMismatch { prev, own_term } => write!(
                f,
                "entry {} has term {own_term}, not term {} (§5.3)",
                prev.index, prev.term
            ),
            RejectReason::WouldTruncateCommitted { index, commit } => write!(
                f,
                "it would drop entry {index}, which is committed (commit index {commit})"
            ),
            RejectReason::NotExpectedAs { role } => write!(f, "a {role} does not expect it"),
            RejectReason::SecondLeader => write!(f, "this node leads the same term"),
            RejectReason::StaleResponse => write!(f, "it answers an older request"),
            RejectReason::NotFromLeader { leader: Some(l) } => {
                write!(f, "only the leader {} may send it", S(l))
            }
            RejectReason::NotFromLeader { leader: None } => {
                write!(f, "no leader is known in this term")
            }
        }
    }
}

struct MalformationText(Malformation);

impl fmt::Display for MalformationText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Malformation::EntryIndexGap { expected, found } => {
                write!(f, "entry index {found} where {expected} was expected")
            }
            Malformation::EntryTermAboveMessage { index, entry_term } => {
                write!(
                    f,
                    "entry {index} has term {entry_term}, above the sender's term"
                )
            }
            Malformation::EntryTermsDecrease { index } => {
                write!(f, "entry {index} has a lower term than the entry before it")
            }
            Malformation::PrevTermAboveMessage => write!(f, "prev term above the sender's term"),
            Malformation::PrevTermNotZeroAtIndexZero => {
                write!(f, "prev index 0 with a non-zero term")
            }
            Malformation::PrevTermZero => write!(f, "prev term 0 at a non-zero index"),
            Malformation::LastLogTermAboveMessage => {
                write!(f, "last log term above the candidate's term")
            }
            Malformation::LastLogTermNotZeroAtIndexZero => {
                write!(f, "last log index 0 with a non-zero term")
            }
            Malformation::MatchBeyondLog {
                claimed,
                last_index,
            } => {
                write!(
                    f,
                    "claims to match index {claimed}, past the leader's last index {last_index}"
                )
            }
            Malformation::TermAboveMax => {
                write!(
                    f,
                    "its term is above {}, the last one there is",
                    common::TERM_MAX
                )
            }
            Malformation::PreVoteResponseTerm => {
                write!(f, "a granted pre-vote must carry the requested term")
            }
        }
    }
}
