//! What survives a crash: the acceptor's promise and its accepted proposals (Paxos Made Simple
//! §2.3: "an acceptor must remember this information even if it fails and then restarts").

use std::fmt;

use common::{NodeId, SortedMap, INDEX_MAX, S, TERM_MAX};
use serde::{Deserialize, Serialize};

use crate::ballot::Ballot;
use crate::bug::Bug;
use crate::config::Config;
use crate::value::{Accepted, Slot};

/// The durable state. A node also uses `promised` to pick its next ballot, so it never reuses
/// a ballot after a restart: it promised its own ballot before sending any Prepare.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Durable<C> {
    pub promised: Ballot,
    pub accepted: SortedMap<Slot, Accepted<C>>,
}

impl<C> Default for Durable<C> {
    fn default() -> Self {
        Self {
            promised: Ballot::ZERO,
            accepted: SortedMap::new(),
        }
    }
}

/// A durable state that no run of Multi-Paxos can produce (it comes from a hand-written
/// scenario or a tampered link, never from a node), refused by [`crate::Node::new`] so that
/// the checkers never blame the protocol for it. [`DurableError::field`] names the field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DurableError {
    /// Slots start at 1.
    SlotZero,
    /// Above [`INDEX_MAX`]: no run gets there, and `slot + 1` must stay exact.
    SlotTooHigh { slot: Slot },
    /// The promise is not a ballot any proposer could have run.
    Promised(BallotError),
    /// An acceptance under a ballot no proposer could have run.
    Accepted { slot: Slot, error: BallotError },
    /// An acceptor never accepts above what it promised.
    AcceptedAbovePromised { slot: Slot },
}

/// What is wrong with a ballot in a durable state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BallotError {
    /// Round 0 belongs to ballot 0 alone, which is never proposed.
    RoundZero,
    /// Above [`TERM_MAX`]: rounds stop there (a node that reaches it stops campaigning).
    RoundTooHigh { round: u64 },
    /// Ballots are numbered by their proposer, a member.
    ByStranger { node: NodeId },
}

impl DurableError {
    /// The field at fault, as a path inside the durable state: `promised.round`,
    /// `accepted.7.ballot.node`.
    pub fn field(&self) -> String {
        match self {
            Self::SlotZero => "accepted.0".into(),
            Self::SlotTooHigh { slot } => format!("accepted.{slot}"),
            Self::Promised(error) => format!("promised.{}", error.field()),
            Self::Accepted { slot, error } => format!("accepted.{slot}.ballot.{}", error.field()),
            Self::AcceptedAbovePromised { slot } => format!("accepted.{slot}.ballot"),
        }
    }
}

impl BallotError {
    fn field(self) -> &'static str {
        match self {
            Self::RoundZero | Self::RoundTooHigh { .. } => "round",
            Self::ByStranger { .. } => "node",
        }
    }
}

impl fmt::Display for DurableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::SlotZero => write!(f, "slot 0 is never used: slots start at 1"),
            Self::SlotTooHigh { slot } => {
                write!(
                    f,
                    "slot {slot} is beyond the last one there is ({INDEX_MAX})"
                )
            }
            Self::Promised(error) | Self::Accepted { error, .. } => error.fmt(f),
            Self::AcceptedAbovePromised { slot } => write!(
                f,
                "slot {slot} was accepted under a ballot above the promise, which an acceptor \
                 never does"
            ),
        }
    }
}

impl fmt::Display for BallotError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::RoundZero => write!(f, "round 0 belongs to ballot 0, which no one runs"),
            Self::RoundTooHigh { round } => write!(
                f,
                "round {round} is above {TERM_MAX}, the last round there is"
            ),
            Self::ByStranger { node } => {
                write!(f, "a ballot of {}, who is not in the cluster", S(*node))
            }
        }
    }
}

impl std::error::Error for DurableError {}

/// A ballot some member could have run (or, when `zero_allowed`, ballot 0: nothing promised).
fn check_ballot(ballot: Ballot, config: &Config, zero_allowed: bool) -> Result<(), BallotError> {
    if ballot.is_zero() && zero_allowed {
        return Ok(());
    }
    if ballot.round == 0 {
        return Err(BallotError::RoundZero);
    }
    if ballot.round > TERM_MAX {
        return Err(BallotError::RoundTooHigh {
            round: ballot.round,
        });
    }
    if !config.members.contains(&ballot.node) {
        return Err(BallotError::ByStranger { node: ballot.node });
    }
    Ok(())
}

impl<C> Durable<C> {
    /// Refuses states no correct acceptor configured by `config` can reach. With the
    /// `forget-promise-on-restart` bug a node really does hold acceptances above its
    /// (forgotten) promise, so that rule is not checked.
    pub fn validate(&self, config: &Config) -> Result<(), DurableError> {
        check_ballot(self.promised, config, true).map_err(DurableError::Promised)?;
        let forgets_promise = config.has_bug(Bug::ForgetPromiseOnRestart);
        for (&slot, accepted) in self.accepted.iter() {
            if slot == 0 {
                return Err(DurableError::SlotZero);
            }
            if slot > INDEX_MAX {
                return Err(DurableError::SlotTooHigh { slot });
            }
            check_ballot(accepted.ballot, config, false)
                .map_err(|error| DurableError::Accepted { slot, error })?;
            if accepted.ballot > self.promised && !forgets_promise {
                return Err(DurableError::AcceptedAbovePromised { slot });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Value;
    use crate::{Node, Output};

    fn accepted(round: u64, node: NodeId) -> Accepted<u64> {
        Accepted {
            ballot: Ballot::new(round, node),
            value: Value::Noop,
        }
    }

    fn durable(promised: Ballot, accepted: Vec<(Slot, Accepted<u64>)>) -> Durable<u64> {
        Durable {
            promised,
            accepted: accepted.into_iter().collect(),
        }
    }

    #[test]
    fn states_no_run_can_write_are_refused_with_the_field_named() {
        let config = Config::new(1, vec![1, 2, 3]);
        let cases = [
            (
                durable(Ballot::new(TERM_MAX + 1, 2), vec![]),
                "promised.round",
            ),
            (durable(Ballot::new(u64::MAX, 2), vec![]), "promised.round"),
            (durable(Ballot::new(0, 2), vec![]), "promised.round"),
            (durable(Ballot::new(3, 7), vec![]), "promised.node"),
            (
                durable(Ballot::new(3, 2), vec![(0, accepted(1, 2))]),
                "accepted.0",
            ),
            (
                durable(Ballot::new(3, 2), vec![(INDEX_MAX + 1, accepted(1, 2))]),
                "accepted.9007199254740992",
            ),
            (
                durable(Ballot::new(3, 2), vec![(4, accepted(0, 2))]),
                "accepted.4.ballot.round",
            ),
            (
                durable(Ballot::new(3, 2), vec![(4, accepted(2, 9))]),
                "accepted.4.ballot.node",
            ),
            (
                durable(Ballot::new(3, 2), vec![(4, accepted(3, 3))]),
                "accepted.4.ballot",
            ),
        ];
        for (state, field) in cases {
            let Err(error) = state.validate(&config) else {
                panic!("{state:?} was accepted");
            };
            assert_eq!(error.field(), field, "{error}");
            assert!(!error.to_string().is_empty());
        }
        let ok = durable(Ballot::new(TERM_MAX, 3), vec![(INDEX_MAX, accepted(2, 1))]);
        assert_eq!(ok.validate(&config), Ok(()));
    }

    #[test]
    fn a_node_in_the_last_round_stops_campaigning_instead_of_wrapping() {
        let config = Config::new(1, vec![1, 2, 3]);
        let state = durable(Ballot::new(TERM_MAX - 1, 3), vec![]);
        let mut node: Node<u64> = Node::new(config, state).unwrap();
        node.campaign();
        assert_eq!(node.promised(), Ballot::new(TERM_MAX, 1));
        let output: Output<u64> = node.campaign();
        assert!(output.messages.is_empty());
        assert_eq!(node.promised(), Ballot::new(TERM_MAX, 1));
        assert_eq!(
            output.events[0].to_string(),
            format!("S1 did not start phase 1: ballot {TERM_MAX}.S1 is in the last round there is")
        );
    }
}
