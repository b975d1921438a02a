//! A scenario: everything needed to replay a run exactly.

use common::{NodeId, NODES_MAX};
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Protocol {
    Raft,
    Paxos,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scenario {
    pub protocol: Protocol,
    pub nodes: u8,
    pub seed: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScenarioError {
    NodeCount { nodes: u64 },
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScenarioError::NodeCount { nodes } => write!(
                f,
                "field `nodes`: a cluster has 1 to {NODES_MAX} servers, not {nodes}"
            ),
        }
    }
}

impl std::error::Error for ScenarioError {}

impl Scenario {
    pub fn new(protocol: Protocol, nodes: u64, seed: u64) -> Result<Scenario, ScenarioError> {
        if nodes == 0 || nodes > NODES_MAX as u64 {
            return Err(ScenarioError::NodeCount { nodes });
        }
        Ok(Scenario {
            protocol,
            nodes: nodes as u8,
            seed,
        })
    }

    /// The servers' ids, `1..=nodes`.
    pub fn node_ids(&self) -> impl Iterator<Item = NodeId> {
        1..=self.nodes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_count_is_checked_and_named_in_the_error() {
        assert!(Scenario::new(Protocol::Raft, 5, 1).is_ok());
        for bad in [0, 10, u64::MAX] {
            let error = Scenario::new(Protocol::Raft, bad, 1).unwrap_err();
            assert!(error.to_string().contains("`nodes`"), "{error}");
        }
        let ids: Vec<_> = Scenario::new(Protocol::Paxos, 3, 1)
            .unwrap()
            .node_ids()
            .collect();
        assert_eq!(ids, vec![1, 2, 3]);
    }
}
