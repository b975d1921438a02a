//! How a node is set up: who it is, who its peers are, its timers, options and bug switches.

use std::fmt;

use common::{validate_cluster, ClusterError, NodeId, SortedSet, Timers};
use serde::{Deserialize, Serialize};

use crate::bug::Bug;
use crate::durable::DurableError;

/// Everything a node needs to know before it starts. The same `Config` is used on restart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Config {
    /// This server.
    pub id: NodeId,
    /// Every voter, this server included, sorted, without duplicates.
    pub members: Vec<NodeId>,
    /// Election timeouts are drawn uniformly from `min..=max` at every reset (§5.2: randomized
    /// timeouts make split votes rare and short).
    pub election_timeout_ticks_min: u64,
    pub election_timeout_ticks_max: u64,
    /// A leader sends AppendEntries to every follower this often, entries or not (§5.2).
    pub heartbeat_interval_ticks: u64,
    /// Upper bound on entries in one AppendEntries, so that one message stays small and a
    /// far-behind follower is caught up over several round trips.
    pub max_entries_per_append: u64,
    /// Seeds the node's `SplitMix64`: the only randomness the node has.
    pub seed: u64,
    #[serde(default)]
    pub options: Options,
    #[serde(default)]
    pub bugs: SortedSet<Bug>,
}

/// Protocol options beyond the core algorithm of §5. All are serde-defaulted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Options {
    /// Thesis §9.6: before bumping its term, a node asks whether it could win.
    pub pre_vote: bool,
    /// Thesis §6.2: a leader that has not heard from a quorum for an election timeout steps down.
    pub check_quorum: bool,
    /// Thesis §6.4 / paper §8: a new leader appends an empty entry of its own term at once, so
    /// that entries of earlier terms get committed without waiting for a client.
    pub noop_on_election: bool,
    /// Paper §5.3 (end): a refused AppendEntries carries the conflicting term and the first
    /// index of that term, so the leader skips a whole term per round trip.
    pub fast_backtrack: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            pre_vote: false,
            check_quorum: false,
            noop_on_election: true,
            fast_backtrack: true,
        }
    }
}

impl Config {
    /// A config with the playground's default timers ([`Timers::DEFAULT`]: elections after 15
    /// to 30 ticks, heartbeats every 5 ticks), at most 64 entries per append, seeded by the id.
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
            max_entries_per_append: 64,
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
        if self.max_entries_per_append == 0 {
            return Err(ConfigError::ZeroEntriesPerAppend);
        }
        Ok(())
    }

    /// Votes (or replicas) needed for a decision: a strict majority of the members.
    pub fn quorum(&self) -> usize {
        self.members.len() / 2 + 1
    }

    pub fn has_bug(&self, bug: Bug) -> bool {
        self.bugs.contains(&bug)
    }
}

/// Why a config (or a durable state handed to `Node::new`) was refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConfigError {
    /// Membership or timers (the rules both cores share).
    Cluster(ClusterError),
    ZeroEntriesPerAppend,
    /// The durable state handed to `Node::new` is not one a run of Raft can write.
    Durable(DurableError),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Cluster(error) => error.fmt(f),
            Self::ZeroEntriesPerAppend => write!(f, "max entries per append must be at least 1"),
            Self::Durable(error) => write!(f, "durable {}: {error}", error.field()),
        }
    }
}

impl std::error::Error for ConfigError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_config_is_valid_and_nonsense_is_refused() {
        let ok = Config::new(2, vec![1, 2, 3]);
        assert_eq!(ok.validate(), Ok(()));
        assert_eq!(ok.quorum(), 2);
        let with = |change: fn(&mut Config)| {
            let mut config = ok.clone();
            change(&mut config);
            config.validate().unwrap_err()
        };
        assert_eq!(
            with(|c| c.members.clear()),
            ConfigError::Cluster(ClusterError::NoMembers)
        );
        assert_eq!(
            with(|c| c.id = 4),
            ConfigError::Cluster(ClusterError::NotAMember { id: 4 })
        );
        assert_eq!(
            with(|c| c.members = (1..=10).collect()),
            ConfigError::Cluster(ClusterError::TooManyMembers { count: 10 })
        );
        assert_eq!(
            with(|c| c.members = vec![0, 2]),
            ConfigError::Cluster(ClusterError::BadMemberId { id: 0 })
        );
        assert_eq!(
            with(|c| c.members = vec![2, 1]),
            ConfigError::Cluster(ClusterError::MembersNotSortedOrDuplicated)
        );
        assert_eq!(
            with(|c| c.members = vec![2, 2]),
            ConfigError::Cluster(ClusterError::MembersNotSortedOrDuplicated)
        );
        assert_eq!(
            with(|c| c.heartbeat_interval_ticks = 0),
            ConfigError::Cluster(ClusterError::ZeroTimeout)
        );
        assert_eq!(
            with(|c| c.election_timeout_ticks_min = 0),
            ConfigError::Cluster(ClusterError::ZeroTimeout)
        );
        let min = ok.election_timeout_ticks_min;
        assert_eq!(
            with(|c| c.election_timeout_ticks_max = c.election_timeout_ticks_min - 1),
            ConfigError::Cluster(ClusterError::ElectionTimeoutRange { min, max: min - 1 })
        );
        assert!(matches!(
            with(|c| c.heartbeat_interval_ticks = c.election_timeout_ticks_min),
            ConfigError::Cluster(ClusterError::HeartbeatNotShorterThanElection { .. })
        ));
        assert_eq!(
            with(|c| c.max_entries_per_append = 0),
            ConfigError::ZeroEntriesPerAppend
        );
        assert!(!with(|c| c.members.clear()).to_string().is_empty());
    }

    #[test]
    fn options_and_bugs_are_serde_defaulted() {
        let json = r#"{"id":1,"members":[1],"election_timeout_ticks_min":10,
            "election_timeout_ticks_max":20,"heartbeat_interval_ticks":3,
            "max_entries_per_append":64,"seed":1}"#;
        let config: Config = serde_json::from_str(json).unwrap();
        assert_eq!(config.options, Options::default());
        assert!(config.bugs.is_empty());
        let partial: Options = serde_json::from_str(r#"{"pre_vote":true}"#).unwrap();
        assert!(partial.pre_vote && partial.noop_on_election && partial.fast_backtrack);
    }
}
