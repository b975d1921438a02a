//! What nodes say to each other: a typed enum inside an envelope that carries the sender's term.

use std::fmt;

use common::{NodeId, Payload, S};
use serde::{Deserialize, Serialize};

use crate::log::{Entry, LogPosition};

/// One message in flight. `term` is the sender's current term, except for PreVote requests
/// (the term the sender would campaign in) and granted PreVote responses (the request's term).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Envelope<C> {
    pub from: NodeId,
    pub to: NodeId,
    pub term: u64,
    pub message: Message<C>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Message<C> {
    /// §5.2 RequestVote, or thesis §9.6 PreVote when `pre_vote`. `leadership_transfer` marks a
    /// campaign started by TimeoutNow, which receivers must not ignore (§3.10).
    RequestVote {
        last: LogPosition,
        pre_vote: bool,
        leadership_transfer: bool,
    },
    VoteResponse {
        granted: bool,
        pre_vote: bool,
    },
    /// §5.3 AppendEntries; with no entries it is a heartbeat.
    AppendEntries {
        prev: LogPosition,
        entries: Vec<Entry<C>>,
        leader_commit: u64,
    },
    /// On success `match_index` is the last index known to match the leader's log; on refusal
    /// it is the refused `prev.index`, so that the leader can recognize stale refusals.
    AppendEntriesResponse {
        success: bool,
        match_index: u64,
        hint: Option<ConflictHint>,
    },
    /// §3.10: "start an election now" from a leader handing over leadership.
    TimeoutNow,
}

/// Fast backtracking (§5.3): where the follower's log stops agreeing, a term at a time.
/// `term == 0` means "my log is too short"; `index` is then my last index + 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictHint {
    pub term: u64,
    pub index: u64,
}

/// A message's stable short name, without its content.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MessageKind {
    RequestVote,
    PreVote,
    VoteResponse,
    PreVoteResponse,
    AppendEntries,
    AppendEntriesResponse,
    TimeoutNow,
}

impl MessageKind {
    pub fn name(self) -> &'static str {
        match self {
            Self::RequestVote => "RequestVote",
            Self::PreVote => "PreVote",
            Self::VoteResponse => "VoteResponse",
            Self::PreVoteResponse => "PreVoteResponse",
            Self::AppendEntries => "AppendEntries",
            Self::AppendEntriesResponse => "AppendEntriesResponse",
            Self::TimeoutNow => "TimeoutNow",
        }
    }
}

impl fmt::Display for MessageKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl<C> Message<C> {
    pub fn kind(&self) -> MessageKind {
        match self {
            Self::RequestVote {
                pre_vote: false, ..
            } => MessageKind::RequestVote,
            Self::RequestVote { pre_vote: true, .. } => MessageKind::PreVote,
            Self::VoteResponse {
                pre_vote: false, ..
            } => MessageKind::VoteResponse,
            Self::VoteResponse { pre_vote: true, .. } => MessageKind::PreVoteResponse,
            Self::AppendEntries { .. } => MessageKind::AppendEntries,
            Self::AppendEntriesResponse { .. } => MessageKind::AppendEntriesResponse,
            Self::TimeoutNow => MessageKind::TimeoutNow,
        }
    }

    /// A response to a request (the others are requests, TimeoutNow included).
    pub fn is_response(&self) -> bool {
        matches!(
            self,
            Self::VoteResponse { .. } | Self::AppendEntriesResponse { .. }
        )
    }

    /// Whether the message's term is only a prospective one (thesis §9.6): a PreVote asks
    /// about the term its sender would campaign in, and a granted PreVote answer repeats it.
    /// A refused one carries the refuser's real term.
    pub fn carries_prospective_term(&self) -> bool {
        matches!(
            self,
            Self::RequestVote { pre_vote: true, .. }
                | Self::VoteResponse {
                    pre_vote: true,
                    granted: true
                }
        )
    }
}

impl<C: Payload> Envelope<C> {
    /// Size in a compact binary encoding: from, to, kind (1 byte each), term (8), then the body.
    pub fn wire_size_bytes(&self) -> usize {
        11 + match &self.message {
            Message::RequestVote { .. } => 8 + 8 + 1,
            Message::VoteResponse { .. } => 1,
            Message::AppendEntries { entries, .. } => {
                8 + 8 + 8 + 4 + entries.iter().map(Entry::wire_size_bytes).sum::<usize>()
            }
            Message::AppendEntriesResponse { hint, .. } => 1 + 8 + 1 + hint.map_or(0, |_| 16),
            Message::TimeoutNow => 0,
        }
    }
}

impl<C> fmt::Display for Envelope<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}→{} {}(term {}",
            S(self.from),
            S(self.to),
            self.message.kind(),
            self.term
        )?;
        match &self.message {
            Message::RequestVote {
                last,
                leadership_transfer,
                ..
            } => {
                write!(f, ", last {last}")?;
                if *leadership_transfer {
                    write!(f, ", leadership transfer")?;
                }
            }
            Message::VoteResponse { granted, .. } => {
                write!(f, ", {}", if *granted { "granted" } else { "refused" })?;
            }
            Message::AppendEntries {
                prev,
                entries,
                leader_commit,
            } => {
                write!(f, ", prev {prev}, ")?;
                match entries.as_slice() {
                    [] => write!(f, "no entries")?,
                    [one] => write!(f, "entry {}", one.index)?,
                    [first, .., last] => write!(f, "entries {}..{}", first.index, last.index)?,
                }
                write!(f, ", commit {leader_commit}")?;
            }
            Message::AppendEntriesResponse {
                success: true,
                match_index,
                ..
            } => {
                write!(f, ", ok, match {match_index}")?;
            }
            Message::AppendEntriesResponse {
                success: false,
                match_index,
                hint,
            } => {
                write!(f, ", refused prev index {match_index}")?;
                if let Some(h) = hint {
                    write!(f, ", hint (term {}, index {})", h.term, h.index)?;
                }
            }
            Message::TimeoutNow => {}
        }
        write!(f, ")")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::log::EntryPayload;

    fn envelope(message: Message<String>) -> Envelope<String> {
        Envelope {
            from: 1,
            to: 2,
            term: 3,
            message,
        }
    }

    #[test]
    fn one_line_summaries() {
        let entries = vec![
            Entry {
                index: 6,
                term: 3,
                payload: EntryPayload::Noop,
            },
            Entry {
                index: 7,
                term: 3,
                payload: EntryPayload::Command("x=1".to_string()),
            },
        ];
        let append = envelope(Message::AppendEntries {
            prev: LogPosition { term: 2, index: 5 },
            entries,
            leader_commit: 4,
        });
        assert_eq!(
            append.to_string(),
            "S1→S2 AppendEntries(term 3, prev (term 2, index 5), entries 6..7, commit 4)"
        );
        assert_eq!(append.message.kind().name(), "AppendEntries");
        // Header 11 + prev 16 + commit 8 + count 4 + entries (17) and (17 + 4 + 3).
        assert_eq!(append.wire_size_bytes(), 11 + 28 + 17 + 24);
        let pre_vote = envelope(Message::RequestVote {
            last: LogPosition { term: 1, index: 2 },
            pre_vote: true,
            leadership_transfer: false,
        });
        assert_eq!(
            pre_vote.to_string(),
            "S1→S2 PreVote(term 3, last (term 1, index 2))"
        );
        let refusal = envelope(Message::AppendEntriesResponse {
            success: false,
            match_index: 5,
            hint: Some(ConflictHint { term: 2, index: 3 }),
        });
        assert_eq!(
            refusal.to_string(),
            "S1→S2 AppendEntriesResponse(term 3, refused prev index 5, hint (term 2, index 3))"
        );
        assert_eq!(
            envelope(Message::TimeoutNow).to_string(),
            "S1→S2 TimeoutNow(term 3)"
        );
        let vote = envelope(Message::VoteResponse {
            granted: true,
            pre_vote: true,
        });
        assert_eq!(vote.message.kind(), MessageKind::PreVoteResponse);
    }
}
