//! What survives a crash (Figure 2, "persistent state on all servers"), and the rules a durable
//! state must keep to be one that some run of Raft could have written.

use std::fmt;

use common::{NodeId, S, TERM_MAX};
use serde::{Deserialize, Serialize};

use crate::bug::Bug;
use crate::config::Config;
use crate::log::Entry;

/// The term, the vote and the log: everything a server keeps across a restart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Durable<C> {
    pub term: u64,
    pub voted_for: Option<NodeId>,
    pub log: Vec<Entry<C>>,
}

impl<C> Default for Durable<C> {
    fn default() -> Self {
        Self {
            term: 0,
            voted_for: None,
            log: Vec::new(),
        }
    }
}

/// A durable state that no run of Raft can produce (it comes from a hand-written scenario or
/// a tampered link, never from a node), refused by [`crate::Node::new`] so that the checkers
/// never blame the protocol for it. [`DurableError::field`] names the offending field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DurableError {
    /// Above [`TERM_MAX`]: terms stop there (a node that reaches it stops campaigning).
    TermTooHigh {
        term: u64,
    },
    /// Votes are cast in terms 1 and up: a candidate's first term is 1.
    VoteInTermZero {
        voted_for: NodeId,
    },
    VoteForStranger {
        voted_for: NodeId,
    },
    /// The log holds entries 1, 2, 3, … in order.
    IndexGap {
        position: usize,
        index: u64,
    },
    /// Term 0 is the empty log's sentinel; every entry was appended by a leader of term ≥ 1.
    TermZero {
        position: usize,
    },
    /// Entries are appended by leaders of terms the node has seen, so none is above its term.
    TermAboveCurrent {
        position: usize,
        entry_term: u64,
        term: u64,
    },
    /// Leaders append in their own term, after the entries of earlier leaders (§5.3).
    TermsDecrease {
        position: usize,
        entry_term: u64,
        previous: u64,
    },
}

impl DurableError {
    /// The field at fault, as a path inside the durable state: `term`, `voted_for`,
    /// `log[3].term`.
    pub fn field(&self) -> String {
        match self {
            Self::TermTooHigh { .. } => "term".into(),
            Self::VoteInTermZero { .. } | Self::VoteForStranger { .. } => "voted_for".into(),
            Self::IndexGap { position, .. } => format!("log[{position}].index"),
            Self::TermZero { position }
            | Self::TermAboveCurrent { position, .. }
            | Self::TermsDecrease { position, .. } => format!("log[{position}].term"),
        }
    }
}

impl fmt::Display for DurableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TermTooHigh { term } => {
                write!(f, "term {term} is above {TERM_MAX}, the last term there is")
            }
            Self::VoteInTermZero { voted_for } => write!(
                f,
                "a vote for {} in term 0, where no election ever runs",
                S(*voted_for)
            ),
            Self::VoteForStranger { voted_for } => {
                write!(f, "a vote for {}, who is not in the cluster", S(*voted_for))
            }
            Self::IndexGap { position, index } => write!(
                f,
                "entry {} of the log has index {index}, not {}",
                position + 1,
                position + 1
            ),
            Self::TermZero { .. } => write!(f, "term 0 is no leader's term"),
            Self::TermAboveCurrent {
                entry_term, term, ..
            } => write!(
                f,
                "an entry of term {entry_term} under current term {term}: no leader of a \
                 later term has been seen"
            ),
            Self::TermsDecrease {
                entry_term,
                previous,
                ..
            } => write!(
                f,
                "an entry of term {entry_term} after one of term {previous}: terms in a log \
                 never decrease"
            ),
        }
    }
}

impl std::error::Error for DurableError {}

impl<C> Durable<C> {
    /// Refuses what no run of Raft writes, for a node configured by `config`. The
    /// `append-without-truncate` bug really does leave terms decreasing in a log (it
    /// overwrites entries in place), so with it that rule is not checked.
    pub fn validate(&self, config: &Config) -> Result<(), DurableError> {
        if self.term > TERM_MAX {
            return Err(DurableError::TermTooHigh { term: self.term });
        }
        if let Some(voted_for) = self.voted_for {
            if self.term == 0 {
                return Err(DurableError::VoteInTermZero { voted_for });
            }
            if !config.members.contains(&voted_for) {
                return Err(DurableError::VoteForStranger { voted_for });
            }
        }
        let terms_may_decrease = config.has_bug(Bug::AppendWithoutTruncate);
        let mut previous = 0;
        for (position, entry) in self.log.iter().enumerate() {
            if entry.index != position as u64 + 1 {
                return Err(DurableError::IndexGap {
                    position,
                    index: entry.index,
                });
            }
            if entry.term == 0 {
                return Err(DurableError::TermZero { position });
            }
            if entry.term > self.term {
                return Err(DurableError::TermAboveCurrent {
                    position,
                    entry_term: entry.term,
                    term: self.term,
                });
            }
            if entry.term < previous && !terms_may_decrease {
                return Err(DurableError::TermsDecrease {
                    position,
                    entry_term: entry.term,
                    previous,
                });
            }
            previous = entry.term;
        }
        Ok(())
    }
}
