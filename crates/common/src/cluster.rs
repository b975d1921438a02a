//! The membership and timer rules both cores enforce the same way, and the default timers
//! both cores and the simulator start from.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::{NodeId, NODES_MAX};

/// Writes a server as `S3` (in event and message texts, without allocating).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct S(pub NodeId);

impl fmt::Display for S {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "S{}", self.0)
    }
}

/// A node's timers, counted in ticks of its logical clock (the host decides how long a tick is).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timers {
    /// Election timeouts are drawn uniformly from `min..=max` at every reset.
    pub election_timeout_ticks_min: u64,
    pub election_timeout_ticks_max: u64,
    /// A leader sends to every follower this often, with or without news.
    pub heartbeat_interval_ticks: u64,
}

impl Timers {
    /// The playground's default timers, the one definition that both cores' `Config::new` and
    /// the simulator's default scenario use: elections after 15 to 30 ticks, heartbeats every
    /// 5 ticks. At the simulator's 10 ms tick that is 150–300 ms and 50 ms, the paper's
    /// suggested ratios (§5.6: broadcast time ≪ election timeout ≪ MTBF).
    pub const DEFAULT: Timers = Timers {
        election_timeout_ticks_min: 15,
        election_timeout_ticks_max: 30,
        heartbeat_interval_ticks: 5,
    };
}

/// Why a cluster's membership or timers make no sense.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClusterError {
    NoMembers,
    TooManyMembers { count: usize },
    BadMemberId { id: NodeId },
    MembersNotSortedOrDuplicated,
    NotAMember { id: NodeId },
    ZeroTimeout,
    ElectionTimeoutRange { min: u64, max: u64 },
    HeartbeatNotShorterThanElection { heartbeat: u64, election_min: u64 },
}

/// Checks that `id` belongs to `members` (sorted, no duplicates, 1 to 9 servers) and that
/// heartbeats come strictly more often than the shortest election timeout. Never panics.
pub fn validate_cluster(
    id: NodeId,
    members: &[NodeId],
    election_timeout_ticks_min: u64,
    election_timeout_ticks_max: u64,
    heartbeat_interval_ticks: u64,
) -> Result<(), ClusterError> {
    if members.is_empty() {
        return Err(ClusterError::NoMembers);
    }
    if members.len() > NODES_MAX {
        return Err(ClusterError::TooManyMembers {
            count: members.len(),
        });
    }
    if let Some(&bad) = members
        .iter()
        .find(|&&m| m == 0 || usize::from(m) > NODES_MAX)
    {
        return Err(ClusterError::BadMemberId { id: bad });
    }
    if members.windows(2).any(|w| w[0] >= w[1]) {
        return Err(ClusterError::MembersNotSortedOrDuplicated);
    }
    if !members.contains(&id) {
        return Err(ClusterError::NotAMember { id });
    }
    if election_timeout_ticks_min == 0 || heartbeat_interval_ticks == 0 {
        return Err(ClusterError::ZeroTimeout);
    }
    if election_timeout_ticks_min > election_timeout_ticks_max {
        return Err(ClusterError::ElectionTimeoutRange {
            min: election_timeout_ticks_min,
            max: election_timeout_ticks_max,
        });
    }
    if heartbeat_interval_ticks >= election_timeout_ticks_min {
        return Err(ClusterError::HeartbeatNotShorterThanElection {
            heartbeat: heartbeat_interval_ticks,
            election_min: election_timeout_ticks_min,
        });
    }
    Ok(())
}

impl fmt::Display for ClusterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoMembers => write!(f, "the cluster has no members"),
            Self::TooManyMembers { count } => {
                write!(f, "{count} members is more than the {NODES_MAX} supported")
            }
            Self::BadMemberId { id } => write!(f, "member id {id} is outside 1..={NODES_MAX}"),
            Self::MembersNotSortedOrDuplicated => {
                write!(f, "members must be sorted and without duplicates")
            }
            Self::NotAMember { id } => write!(f, "S{id} is not one of the members"),
            Self::ZeroTimeout => write!(f, "timeouts must be at least one tick"),
            Self::ElectionTimeoutRange { min, max } => {
                write!(
                    f,
                    "election timeout minimum {min} is above the maximum {max}"
                )
            }
            Self::HeartbeatNotShorterThanElection {
                heartbeat,
                election_min,
            } => write!(
                f,
                "heartbeat interval {heartbeat} must be shorter than the minimum election \
                 timeout {election_min}, or followers would time out under a healthy leader"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_rule_is_enforced() {
        assert_eq!(validate_cluster(1, &[1, 2, 3], 10, 20, 3), Ok(()));
        let Timers {
            election_timeout_ticks_min: min,
            election_timeout_ticks_max: max,
            heartbeat_interval_ticks: heartbeat,
        } = Timers::DEFAULT;
        assert_eq!(validate_cluster(1, &[1, 2, 3], min, max, heartbeat), Ok(()));
        // (id, members, election min, election max, heartbeat, expected error)
        type Case<'a> = (NodeId, &'a [NodeId], u64, u64, u64, ClusterError);
        let cases: [Case; 7] = [
            (1, &[], 10, 20, 3, ClusterError::NoMembers),
            (1, &[0, 1], 10, 20, 3, ClusterError::BadMemberId { id: 0 }),
            (
                1,
                &[2, 1],
                10,
                20,
                3,
                ClusterError::MembersNotSortedOrDuplicated,
            ),
            (4, &[1, 2, 3], 10, 20, 3, ClusterError::NotAMember { id: 4 }),
            (1, &[1], 0, 20, 3, ClusterError::ZeroTimeout),
            (
                1,
                &[1],
                30,
                20,
                3,
                ClusterError::ElectionTimeoutRange { min: 30, max: 20 },
            ),
            (
                1,
                &[1],
                10,
                20,
                10,
                ClusterError::HeartbeatNotShorterThanElection {
                    heartbeat: 10,
                    election_min: 10,
                },
            ),
        ];
        for (id, members, min, max, heartbeat, expected) in cases {
            assert_eq!(
                validate_cluster(id, members, min, max, heartbeat),
                Err(expected)
            );
        }
        let ten: Vec<NodeId> = (1..=10).collect();
        assert_eq!(
            validate_cluster(1, &ten, 10, 20, 3),
            Err(ClusterError::TooManyMembers { count: 10 })
        );
        assert_eq!(S(7).to_string(), "S7");
    }
}
