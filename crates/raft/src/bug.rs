//! Bug switches: deliberate departures from the protocol, off by default, so that people can
//! watch the checkers catch what each rule of Raft prevents.

use serde::{Deserialize, Serialize};

/// One deliberate protocol violation. Names are kebab-case and stable (URLs and the CLI use them).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Bug {
    CommitOldTerm,
    VoteWithoutLogCheck,
    ForgetVoteOnRestart,
    AppendWithoutTruncate,
    LeaderIgnoresHigherTerm,
    ApplyBeforeCommit,
}

impl Bug {
    pub const ALL: [Bug; 6] = [
        Bug::CommitOldTerm,
        Bug::VoteWithoutLogCheck,
        Bug::ForgetVoteOnRestart,
        Bug::AppendWithoutTruncate,
        Bug::LeaderIgnoresHigherTerm,
        Bug::ApplyBeforeCommit,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Bug::CommitOldTerm => "commit-old-term",
            Bug::VoteWithoutLogCheck => "vote-without-log-check",
            Bug::ForgetVoteOnRestart => "forget-vote-on-restart",
            Bug::AppendWithoutTruncate => "append-without-truncate",
            Bug::LeaderIgnoresHigherTerm => "leader-ignores-higher-term",
            Bug::ApplyBeforeCommit => "apply-before-commit",
        }
    }

    pub fn from_name(name: &str) -> Option<Bug> {
        Bug::ALL.into_iter().find(|bug| bug.name() == name)
    }

    /// The rule this switch breaks and what goes wrong, in one sentence.
    pub fn breaks(self) -> &'static str {
        match self {
            Bug::CommitOldTerm => {
                "§5.4.2: a leader commits entries of earlier terms by counting replicas, so an \
                 entry on a majority can still be overwritten by a later leader (Figure 8)"
            }
            Bug::VoteWithoutLogCheck => {
                "§5.4.1: votes are granted without the up-to-date check, so a candidate missing \
                 committed entries can win and overwrite them"
            }
            Bug::ForgetVoteOnRestart => {
                "§5.2 and Figure 2: votedFor is not kept across a restart, so a node can vote \
                 twice in one term and two leaders can share a term"
            }
            Bug::AppendWithoutTruncate => {
                "§5.3: a follower overwrites a conflicting entry in place but keeps the entries \
                 after it, so logs share an (index, term) but differ before it (Log Matching)"
            }
            Bug::LeaderIgnoresHigherTerm => {
                "§5.1: a leader that sees a higher term adopts it but keeps leading, so two \
                 leaders can act in the same term"
            }
            Bug::ApplyBeforeCommit => {
                "§5.3: a follower applies entries as soon as it stores them, before they are \
                 committed, so a later truncation leaves a state machine with an entry no one \
                 else applies"
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_match_serde() {
        for bug in Bug::ALL {
            assert_eq!(Bug::from_name(bug.name()), Some(bug));
            let json = serde_json::to_string(&bug).unwrap();
            assert_eq!(json, format!("\"{}\"", bug.name()));
            assert!(!bug.breaks().is_empty());
        }
        assert_eq!(Bug::from_name("no-such-bug"), None);
    }
}
