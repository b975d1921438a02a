//! Bug switches: deliberate departures from Multi-Paxos, off by default, so that people can
//! watch the checkers catch what each rule prevents.

use serde::{Deserialize, Serialize};

/// One deliberate protocol violation. Names are kebab-case and stable (URLs and the CLI use them).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Bug {
    AdoptAnyValue,
    #[serde(rename = "skip-phase-1")]
    SkipPhase1,
    ForgetPromiseOnRestart,
    NeverFillGaps,
}

impl Bug {
    pub const ALL: [Bug; 4] = [
        Bug::AdoptAnyValue,
        Bug::SkipPhase1,
        Bug::ForgetPromiseOnRestart,
        Bug::NeverFillGaps,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Bug::AdoptAnyValue => "adopt-any-value",
            Bug::SkipPhase1 => "skip-phase-1",
            Bug::ForgetPromiseOnRestart => "forget-promise-on-restart",
            Bug::NeverFillGaps => "never-fill-gaps",
        }
    }

    pub fn from_name(name: &str) -> Option<Bug> {
        Bug::ALL.into_iter().find(|bug| bug.name() == name)
    }

    /// The rule this switch breaks and what goes wrong, in one sentence.
    pub fn breaks(self) -> &'static str {
        match self {
            Bug::AdoptAnyValue => {
                "Paxos Made Simple P2c: a new leader re-proposes the value with the lowest \
                 accepted ballot among the promises instead of the highest, so it can overwrite \
                 a value already chosen and two values get chosen for one slot"
            }
            Bug::SkipPhase1 => {
                "Paxos Made Simple P2c: a new leader starts phase 2 without collecting promises, \
                 so it never learns what a quorum accepted and proposes over chosen values"
            }
            Bug::ForgetPromiseOnRestart => {
                "Paxos Made Simple §2.3 (stable storage): the promised ballot is not kept across \
                 a restart, so an acceptor accepts from a ballot it promised to ignore and two \
                 values get chosen for one slot"
            }
            Bug::NeverFillGaps => {
                "Howard & Mortier §3 (liveness): a new leader leaves slots no promise reported \
                 empty instead of proposing no-ops, so application stops at the first hole forever"
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for bug in Bug::ALL {
            assert_eq!(Bug::from_name(bug.name()), Some(bug));
            let json = serde_json::to_string(&bug).unwrap();
            assert_eq!(json, format!("\"{}\"", bug.name()));
        }
        assert_eq!(Bug::from_name("nope"), None);
    }
}
