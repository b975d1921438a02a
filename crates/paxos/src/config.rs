//! How a node is set up: who it is, who its peers are, its timers, options and bug switches.

use std::fmt;

use common::{validate_cluster, ClusterError, NodeId, SortedSet, Timers};
use serde::{Deserialize, Serialize};

use crate::ballot::Ballot;
use crate::bug::Bug;
use crate::durable::DurableError;
use crate::value::Slot;

/// Everything a node needs to know before it starts. The same `Config` is used on restart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Config {
    /// This server.
    pub id: NodeId,
    /// Every acceptor, this server included, sorted, without duplicates.
    pub members: Vec<NodeId>,
    /// A node that hears no leader for this long starts phase 1. Drawn uniformly from
    /// `min..=max` at every reset, exactly as the Raft core does, so that the comparison is
    /// like for like (randomization also keeps duelling proposers short).
    pub election_timeout_ticks_min: u64,
    pub election_timeout_ticks_max: u64,
    /// A leader sends a Heartbeat (and re-sends unacknowledged Accepts) this often.
    pub heartbeat_interval_ticks: u64,
    /// Seeds the node's `SplitMix64`: the only randomness the node has.
    pub seed: u64,
    #[serde(default)]
    pub options: Options,
    #[serde(default)]
    pub bugs: SortedSet<Bug>,
}

/// Protocol options. All are serde-defaulted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Options {
    /// Promises needed to finish phase 1; `None` means a majority. Flexible Paxos (Howard,
    /// Malkhi & Spiegelman 2016): only phase-1 and phase-2 quorums must intersect.
    pub phase1_quorum: Option<u8>,
    /// Acceptances needed to choose a value; `None` means a majority.
    pub phase2_quorum: Option<u8>,
    /// A leader keeps at most this many slots open (proposed, not chosen) beyond its first open
    /// slot; later slots wait. Bounds the Accepts one call can emit.
    pub max_inflight_slots: u64,
    /// Upper bound on chosen values in one CatchUpReply.
    pub max_values_per_catch_up: u64,
    /// How far past its commit index a node accepts, learns or recovers a slot. Bounds the work
    /// any single message can cause (a forged slot 2^60 must not make a leader fill 2^60 gaps).
    pub slots_ahead_max: Slot,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            phase1_quorum: None,
            phase2_quorum: None,
            max_inflight_slots: 64,
            max_values_per_catch_up: 64,
            slots_ahead_max: 1 << 16,
        }
    }
}

impl Config {
    /// A config with the playground's default timers, the Raft core's too
    /// ([`Timers::DEFAULT`]: elections after 15 to 30 ticks, heartbeats every 5 ticks), seeded
    /// by the id.
    pub fn new(id: NodeId, members: Vec<NodeId>) -> Self {
        Self::with_timers(id, members, Timers::DEFAULT)
    }

    /// The same as [`Config::new`], with these timers.
    pub fn with_timers(id: NodeId, members: Vec<NodeId>, timers: Timers) -> Self {
        Self {
            id,
            members,
            election_timeout_ticks_min: timers.election_timeout_ticks_min,
            election_timeout_ticks_max: timers.election_timeout_ticks_max,
            heartbeat_interval_ticks: timers.heartbeat_interval_ticks,
            seed: u64::from(id),
            options: Options::default(),
            bugs: SortedSet::new(),
        }
    }

    /// Checks for settings that make no sense. Never panics.
    pub fn validate(&self) -> Result<(), ConfigError> {
        validate_cluster(
            self.id,
            &self.members,
            self.election_timeout_ticks_min,
            self.election_timeout_ticks_max,
            self.heartbeat_interval_ticks,
        )
        .map_err(ConfigError::Cluster)?;
        let options = &self.options;
        if options.max_inflight_slots == 0
            || options.max_values_per_catch_up == 0
            || options.slots_ahead_max == 0
        {
            return Err(ConfigError::ZeroLimit);
        }
        if options.max_inflight_slots > options.slots_ahead_max {
            return Err(ConfigError::InflightBeyondWindow {
                inflight: options.max_inflight_slots,
                window: options.slots_ahead_max,
            });
        }
        let members = self.members.len();
        for size in [options.phase1_quorum, options.phase2_quorum]
            .into_iter()
            .flatten()
        {
            if size == 0 || usize::from(size) > members {
                return Err(ConfigError::QuorumOutOfRange { size, members });
            }
        }
        let (phase1, phase2) = (self.phase1_quorum(), self.phase2_quorum());
        if phase1 + phase2 <= members {
            return Err(ConfigError::QuorumsDoNotIntersect {
                phase1,
                phase2,
                members,
            });
        }
        Ok(())
    }

    /// Promises that end phase 1.
    pub fn phase1_quorum(&self) -> usize {
        self.options
            .phase1_quorum
            .map_or_else(|| self.majority(), usize::from)
    }

    /// Acceptances that choose a value.
    pub fn phase2_quorum(&self) -> usize {
        self.options
            .phase2_quorum
            .map_or_else(|| self.majority(), usize::from)
    }

    fn majority(&self) -> usize {
        self.members.len() / 2 + 1
    }

    pub fn has_bug(&self, bug: Bug) -> bool {
        self.bugs.contains(&bug)
    }

    /// Whether a proposal accepted under `challenger` should replace one under `incumbent`.
    /// P2c needs the highest; the `adopt-any-value` bug keeps the lowest instead.
    pub(crate) fn prefers(&self, challenger: Ballot, incumbent: Ballot) -> bool {
        if self.has_bug(Bug::AdoptAnyValue) {
            challenger < incumbent
        } else {
            challenger > incumbent
        }
    }
}

/// Why a config (or a durable state handed to `Node::new`) was refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConfigError {
    /// Membership or timers (the rules both cores share).
    Cluster(ClusterError),
    ZeroLimit,
    InflightBeyondWindow {
        inflight: u64,
        window: u64,
    },
    QuorumOutOfRange {
        size: u8,
        members: usize,
    },
    QuorumsDoNotIntersect {
        phase1: usize,
        phase2: usize,
        members: usize,
    },
    /// The durable state handed to `Node::new` is not one a run of Multi-Paxos can write.
    Durable(DurableError),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Cluster(error) => error.fmt(f),
            Self::ZeroLimit => write!(
                f,
                "max in-flight slots, max values per catch-up and slots ahead must be at least 1"
            ),
            Self::InflightBeyondWindow { inflight, window } => write!(
                f,
                "max in-flight slots {inflight} exceeds the {window} slots a follower accepts \
                 past its commit index"
            ),
            Self::QuorumOutOfRange { size, members } => {
                write!(f, "a quorum of {size} is impossible with {members} members")
            }
            Self::QuorumsDoNotIntersect {
                phase1,
                phase2,
                members,
            } => write!(
                f,
                "phase-1 quorum {phase1} plus phase-2 quorum {phase2} must exceed {members} \
                 members, or a new leader could miss a chosen value"
            ),
            Self::Durable(error) => write!(f, "durable {}: {error}", error.field()),
        }
    }
}

impl std::error::Error for ConfigError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_nonsense_is_refused() {
        assert_eq!(Config::new(1, vec![1, 2, 3]).validate(), Ok(()));
        assert_eq!(
            Config::new(1, vec![]).validate(),
            Err(ConfigError::Cluster(ClusterError::NoMembers))
        );
        assert_eq!(
            Config::new(4, vec![1, 2, 3]).validate(),
            Err(ConfigError::Cluster(ClusterError::NotAMember { id: 4 }))
        );
        assert_eq!(
            Config::new(1, vec![1, 3, 2]).validate(),
            Err(ConfigError::Cluster(
                ClusterError::MembersNotSortedOrDuplicated
            ))
        );
        let mut config = Config::new(1, vec![1, 2, 3]);
        config.election_timeout_ticks_min = config.election_timeout_ticks_max + 1;
        assert!(matches!(
            config.validate(),
            Err(ConfigError::Cluster(
                ClusterError::ElectionTimeoutRange { .. }
            ))
        ));
    }

    #[test]
    fn flexible_quorums_must_intersect() {
        let mut config = Config::new(1, vec![1, 2, 3, 4, 5]);
        config.options.phase1_quorum = Some(4);
        config.options.phase2_quorum = Some(2);
        assert_eq!(config.validate(), Ok(()));
        assert_eq!((config.phase1_quorum(), config.phase2_quorum()), (4, 2));
        config.options.phase1_quorum = Some(3);
        assert_eq!(
            config.validate(),
            Err(ConfigError::QuorumsDoNotIntersect {
                phase1: 3,
                phase2: 2,
                members: 5
            })
        );
        config.options.phase2_quorum = Some(6);
        assert!(matches!(
            config.validate(),
            Err(ConfigError::QuorumOutOfRange { .. })
        ));
    }
}
