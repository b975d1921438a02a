//! Everything a user or a fault script can do to a running cluster. Each action is recorded
//! in the scenario with its time, so that a replay does it again at the same instant.

use common::{NodeId, S};
use std::fmt;

use crate::engine::kv::KvOp;
use crate::scenario::json::{self, FromJson};
use crate::scenario::{NetworkSettings, ScenarioError};

/// In JSON (`crate::scenario::format`), `at_ms` then the action's own fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimedAction {
    pub at_ms: u64,
    pub action: Action,
}

/// Message ids are assigned in send order, so they are the same in every replay.
pub type MessageId = u64;

/// In JSON (`crate::scenario::format`), an object tagged by `do`: the variant's name in snake_case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Stop a server: it keeps its durable state and loses everything else.
    Crash {
        node: NodeId,
    },
    /// Start a crashed server again from its durable state.
    Restart {
        node: NodeId,
    },
    /// Freeze a server (a long GC pause, a stopped VM): no ticks; messages wait for it.
    Pause {
        node: NodeId,
    },
    Resume {
        node: NodeId,
    },
    /// Make a server's election timer expire now.
    Timeout {
        node: NodeId,
    },
    /// The server's clock runs `percent` faster (positive) or slower (negative).
    Skew {
        node: NodeId,
        percent: i8,
    },
    /// Ask the leader `from` to hand leadership to `to` (Raft only).
    Transfer {
        from: NodeId,
        to: NodeId,
    },
    /// A client request sent to `node` by the user's own client.
    Request {
        node: NodeId,
        op: KvOp,
    },
    /// Cut the link `from → to` (and `to → from` unless `one_way`).
    Cut {
        from: NodeId,
        to: NodeId,
        /// May be left out: both ways.
        one_way: bool,
    },
    /// Heal the link `from → to` (and `to → from` unless `one_way`).
    Heal {
        from: NodeId,
        to: NodeId,
        /// May be left out: both ways.
        one_way: bool,
    },
    /// Split the cluster: links between different groups are cut, links within a group heal.
    /// Servers in no group are isolated.
    Partition {
        groups: Vec<Vec<NodeId>>,
    },
    /// Heal every link.
    HealAll,
    /// Manual network: deliver, drop or duplicate one message in flight.
    Deliver {
        message: MessageId,
    },
    Drop {
        message: MessageId,
    },
    Duplicate {
        message: MessageId,
    },
    /// Change the network's dials (delay, loss, duplication, manual mode).
    Network {
        settings: NetworkSettings,
    },
}

impl Action {
    /// Reads one action from JSON text (`{"do":"crash","node":1}`), without checking it
    /// against a cluster ([`Action::validate`] does).
    pub fn from_json(text: &str) -> Result<Action, ScenarioError> {
        Action::from_value(&json::parse(text)?)
    }

    /// Checks node ids and values against a cluster of `nodes` servers.
    pub fn validate(&self, nodes: u8) -> Result<(), String> {
        let check = |id: NodeId| {
            if id == 0 || id > nodes {
                Err(format!("S{id} is not in a cluster of {nodes}"))
            } else {
                Ok(())
            }
        };
        match self {
            Action::Crash { node }
            | Action::Restart { node }
            | Action::Pause { node }
            | Action::Resume { node }
            | Action::Timeout { node } => check(*node),
            Action::Request { node, op } => {
                check(*node)?;
                if op.key() >= crate::scenario::KEYS_MAX {
                    return Err(format!(
                        "keys are k0 to k{}, not k{}",
                        crate::scenario::KEYS_MAX - 1,
                        op.key()
                    ));
                }
                Ok(())
            }
            Action::Skew { node, percent } => {
                check(*node)?;
                if !(-50..=50).contains(percent) {
                    return Err(format!("skew must be -50 to 50 percent, not {percent}"));
                }
                Ok(())
            }
            Action::Transfer { from, to } | Action::Cut { from, to, .. } => {
                check(*from)?;
                check(*to)?;
                if from == to {
                    return Err(format!("S{from} → S{to}: the two ends must differ"));
                }
                Ok(())
            }
            Action::Heal { from, to, .. } => {
                check(*from)?;
                check(*to)
            }
            Action::Partition { groups } => {
                let mut seen = Vec::new();
                for group in groups {
                    for id in group {
                        check(*id)?;
                        if seen.contains(id) {
                            return Err(format!("S{id} is in two groups"));
                        }
                        seen.push(*id);
                    }
                }
                Ok(())
            }
            Action::HealAll
            | Action::Deliver { .. }
            | Action::Drop { .. }
            | Action::Duplicate { .. } => Ok(()),
            Action::Network { settings } => settings
                .validate("settings")
                .map_err(|error| error.to_string()),
        }
    }

    /// Is this a fault (a marker on the timeline), rather than a request or a dial?
    pub fn is_fault(&self) -> bool {
        matches!(
            self,
            Action::Crash { .. }
                | Action::Pause { .. }
                | Action::Cut { .. }
                | Action::Partition { .. }
                | Action::Drop { .. }
                | Action::Duplicate { .. }
                | Action::Skew { .. }
        )
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let way = |one_way: bool| if one_way { "→" } else { "↔" };
        match self {
            Action::Crash { node } => write!(f, "crash S{node}"),
            Action::Restart { node } => write!(f, "restart S{node}"),
            Action::Pause { node } => write!(f, "pause S{node}"),
            Action::Resume { node } => write!(f, "resume S{node}"),
            Action::Timeout { node } => write!(f, "time out S{node}"),
            Action::Skew { node, percent } => write!(f, "skew S{node}'s clock by {percent:+}%"),
            Action::Transfer { from, to } => write!(f, "ask S{from} to hand leadership to S{to}"),
            Action::Request { node, op } => write!(f, "client request to S{node}: {op}"),
            Action::Cut { from, to, one_way } => write!(f, "cut S{from}{}S{to}", way(*one_way)),
            Action::Heal { from, to, one_way } => write!(f, "heal S{from}{}S{to}", way(*one_way)),
            Action::Partition { groups } => {
                f.write_str("partition ")?;
                for (i, group) in groups.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" | ")?;
                    }
                    f.write_str(&common::joined(group.iter().map(|&id| S(id)), " "))?;
                }
                Ok(())
            }
            Action::HealAll => f.write_str("heal every link"),
            Action::Deliver { message } => write!(f, "deliver message #{message}"),
            Action::Drop { message } => write!(f, "drop message #{message}"),
            Action::Duplicate { message } => write!(f, "duplicate message #{message}"),
            Action::Network { settings } => write!(
                f,
                "network: delay {}+{} ms, loss {}%, duplication {}%{}",
                settings.delay_min_ms,
                settings.delay_jitter_ms,
                settings.loss_percent,
                settings.duplicate_percent,
                if settings.manual {
                    ", manual delivery"
                } else {
                    ""
                }
            ),
        }
    }
}
