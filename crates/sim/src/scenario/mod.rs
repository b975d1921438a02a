//! A scenario: everything needed to replay a run exactly — and nothing else. Deterministic
//! replay rebuilds all state from it, so a scenario is what a link, a preset or a bug report
//! carries.
//!
//! The format is JSON, versioned by `format`. Every field but `format` has a default, so a
//! scenario can be as small as `{"format":1}`. Times are in milliseconds of simulated time.
//!
//! ```json
//! {
//!   "format": 1,
//!   "protocol": "raft",
//!   "nodes": 5,
//!   "seed": 42,
//!   "timing": { "tick_ms": 10, "election_timeout_ticks_min": 15, "election_timeout_ticks_max": 30,
//!               "heartbeat_interval_ticks": 5 },
//!   "network": { "delay_min_ms": 5, "delay_jitter_ms": 10, "loss_percent": 0,
//!                "duplicate_percent": 0, "manual": false },
//!   "options": { "pre_vote": false, "check_quorum": false, "noop_on_election": true },
//!   "bugs": ["commit-old-term"],
//!   "clients": { "count": 2, "interval_ms": 400, "keys": 3, "timeout_ms": 1000, "attempts": 3 },
//!   "actions": [ { "at_ms": 1500, "do": "crash", "node": 1 } ],
//!   "run_until_ms": 10000
//! }
//! ```

pub mod action;
pub mod bugs;
pub(crate) mod format;
pub mod json;
pub mod link;
#[cfg(feature = "presets")]
pub mod presets;

use common::{NodeId, Timers, NODES_MAX};
use serde::Serialize;
use std::fmt;

use crate::scenario::action::{Action, TimedAction};
use json::{FromJson, Json, ToJson};

/// The scenario format this engine writes. Older formats are migrated on load.
pub const FORMAT_VERSION: u32 = 1;

/// Bounds that keep a hostile scenario from exhausting memory or time.
pub const ACTIONS_MAX: usize = 10_000;
pub const RUN_MS_MAX: u64 = 24 * 60 * 60 * 1000;
pub const CLIENTS_MAX: u16 = 16;
pub const KEYS_MAX: u8 = 16;

/// Serialize: for the page's bug list and `raftplay run --json`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ProtocolKind {
    Raft,
    Paxos,
}

impl ProtocolKind {
    pub fn name(self) -> &'static str {
        match self {
            ProtocolKind::Raft => "raft",
            ProtocolKind::Paxos => "paxos",
        }
    }
}

impl fmt::Display for ProtocolKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ProtocolKind::Raft => "Raft",
            ProtocolKind::Paxos => "Multi-Paxos",
        })
    }
}

/// Read and written by hand (`crate::scenario::format`): every field but `format` may be left out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scenario {
    pub format: u32,
    pub protocol: ProtocolKind,
    pub nodes: u8,
    pub seed: u64,
    pub timing: Timing,
    pub network: NetworkSettings,
    pub options: ProtocolOptions,
    /// Bug switches by name (`raftplay bugs` lists them); each belongs to one protocol and is
    /// ignored by the other, so one scenario can drive both panes of the comparison.
    pub bugs: Vec<String>,
    pub clients: ClientSettings,
    /// Per-node durable state to start from (a protocol's own JSON shape), keyed by node id.
    /// Used by presets such as Figure 7 that begin mid-history.
    pub initial: Vec<InitialState>,
    pub actions: Vec<TimedAction>,
    /// Where a plain `raftplay run` stops, and where a link's time cursor points.
    pub run_until_ms: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InitialState {
    pub node: NodeId,
    pub protocol: ProtocolKind,
    /// In the protocol's own shape, which its adapter reads when the world starts.
    pub durable: Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timing {
    /// A node's logical clock ticks this often.
    pub tick_ms: u64,
    pub election_timeout_ticks_min: u64,
    pub election_timeout_ticks_max: u64,
    pub heartbeat_interval_ticks: u64,
}

impl Timing {
    /// The timers every node of the scenario runs with, in ticks.
    pub fn timers(&self) -> Timers {
        Timers {
            election_timeout_ticks_min: self.election_timeout_ticks_min,
            election_timeout_ticks_max: self.election_timeout_ticks_max,
            heartbeat_interval_ticks: self.heartbeat_interval_ticks,
        }
    }
}

impl Default for Timing {
    fn default() -> Self {
        // The cores' default timers (`Timers::DEFAULT`, 15–30 and 5 ticks) at 10 ms a tick:
        // elections after 150–300 ms, heartbeats every 50 ms, one-way delays of 5–15 ms: the
        // paper's suggested ratios (§5.6: broadcast time ≪ election timeout ≪ MTBF).
        let timers = Timers::DEFAULT;
        Timing {
            tick_ms: 10,
            election_timeout_ticks_min: timers.election_timeout_ticks_min,
            election_timeout_ticks_max: timers.election_timeout_ticks_max,
            heartbeat_interval_ticks: timers.heartbeat_interval_ticks,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NetworkSettings {
    pub delay_min_ms: u64,
    /// Each message's delay is `delay_min_ms` plus a uniform draw in `0..=delay_jitter_ms`;
    /// jitter larger than the gap between sends reorders messages.
    pub delay_jitter_ms: u64,
    pub loss_percent: u8,
    pub duplicate_percent: u8,
    /// Messages wait in flight until the user delivers, drops or duplicates them.
    pub manual: bool,
}

impl Default for NetworkSettings {
    fn default() -> Self {
        NetworkSettings {
            delay_min_ms: 5,
            delay_jitter_ms: 10,
            loss_percent: 0,
            duplicate_percent: 0,
            manual: false,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProtocolOptions {
    pub pre_vote: bool,
    pub check_quorum: bool,
    pub noop_on_election: bool,
    pub fast_backtrack: bool,
}

impl Default for ProtocolOptions {
    fn default() -> Self {
        ProtocolOptions {
            pre_vote: false,
            check_quorum: false,
            noop_on_election: true,
            fast_backtrack: true,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientSettings {
    /// Concurrent clients, each with at most one operation outstanding. 0: no workload.
    pub count: u16,
    /// Pause between a client's operations.
    pub interval_ms: u64,
    /// Keys `k0..k{keys-1}`: few keys make operations collide.
    pub keys: u8,
    /// An attempt that gets no answer in this long is retried elsewhere.
    pub timeout_ms: u64,
    /// Attempts before the client gives up (the operation then "maybe happened").
    pub attempts: u8,
}

impl Default for ClientSettings {
    fn default() -> Self {
        ClientSettings {
            count: 0,
            interval_ms: 400,
            keys: 3,
            timeout_ms: 1000,
            attempts: 3,
        }
    }
}

impl Default for Scenario {
    fn default() -> Self {
        Scenario {
            format: FORMAT_VERSION,
            protocol: ProtocolKind::Raft,
            nodes: 5,
            seed: 1,
            timing: Timing::default(),
            network: NetworkSettings::default(),
            options: ProtocolOptions::default(),
            bugs: Vec::new(),
            clients: ClientSettings::default(),
            initial: Vec::new(),
            actions: Vec::new(),
            run_until_ms: 10_000,
        }
    }
}

/// A scenario that cannot run, naming the field at fault.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError {
    pub field: String,
    pub problem: String,
}

impl ScenarioError {
    pub fn new(field: impl Into<String>, problem: impl Into<String>) -> Self {
        ScenarioError {
            field: field.into(),
            problem: problem.into(),
        }
    }

    /// The same error seen from the object holding it in field `name`: readers learn the
    /// path on the way out, so `node` becomes `actions[3].node` level by level.
    pub fn in_field(mut self, name: &str) -> Self {
        self.field = match self.field.chars().next() {
            None => name.to_string(),
            Some('[') => format!("{name}{}", self.field),
            Some(_) => format!("{name}.{}", self.field),
        };
        self
    }

    /// The same error seen from the array holding it at `index`.
    pub fn in_element(mut self, index: usize) -> Self {
        self.field = match self.field.chars().next() {
            None | Some('[') => format!("[{index}]{}", self.field),
            Some(_) => format!("[{index}].{}", self.field),
        };
        self
    }
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            write!(f, "{}", self.problem)
        } else {
            write!(f, "field `{}`: {}", self.field, self.problem)
        }
    }
}

impl std::error::Error for ScenarioError {}

/// The largest scenario JSON accepted, in bytes (a link's compressed data may not expand past
/// it either).
pub const SCENARIO_JSON_BYTES_MAX: usize = 4 * 1024 * 1024;

impl Scenario {
    /// Parses and validates a scenario from JSON text.
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        if text.len() > SCENARIO_JSON_BYTES_MAX {
            return Err(ScenarioError::new("", "the scenario is larger than 4 MiB"));
        }
        let scenario = Scenario::from_value(&json::parse(text)?)?;
        scenario.validate()?;
        Ok(scenario)
    }

    /// Compact JSON, byte for byte as links have always carried it.
    pub fn to_json(&self) -> String {
        self.to_value().to_text()
    }

    /// Checks every field; the first problem found is returned, naming its field.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        let err = |field: &str, problem: String| Err(ScenarioError::new(field, problem));
        if self.format != FORMAT_VERSION {
            return err("format", format!("must be {FORMAT_VERSION}"));
        }
        if self.nodes == 0 || usize::from(self.nodes) > NODES_MAX {
            return err(
                "nodes",
                format!("a cluster has 1 to {NODES_MAX} servers, not {}", self.nodes),
            );
        }
        let t = &self.timing;
        if !(1..=1000).contains(&t.tick_ms) {
            return err(
                "timing.tick_ms",
                format!("must be 1 to 1000, not {}", t.tick_ms),
            );
        }
        if t.election_timeout_ticks_min == 0 || t.election_timeout_ticks_min > 10_000 {
            return err(
                "timing.election_timeout_ticks_min",
                format!("must be 1 to 10000, not {}", t.election_timeout_ticks_min),
            );
        }
        if t.election_timeout_ticks_max < t.election_timeout_ticks_min
            || t.election_timeout_ticks_max > 10_000
        {
            return err(
                "timing.election_timeout_ticks_max",
                format!(
                    "must be at least the minimum ({}) and at most 10000, not {}",
                    t.election_timeout_ticks_min, t.election_timeout_ticks_max
                ),
            );
        }
        if t.heartbeat_interval_ticks == 0
            || t.heartbeat_interval_ticks >= t.election_timeout_ticks_min
        {
            return err(
                "timing.heartbeat_interval_ticks",
                format!(
                    "must be at least 1 and below the minimum election timeout ({}), not {}",
                    t.election_timeout_ticks_min, t.heartbeat_interval_ticks
                ),
            );
        }
        self.network.validate("network")?;
        for name in &self.bugs {
            if !crate::scenario::bugs::is_known(name) {
                return err(
                    "bugs",
                    format!(
                        "no bug switch is called {} (`raftplay bugs` lists them)",
                        crate::scenario::json::quoted(name)
                    ),
                );
            }
        }
        let c = &self.clients;
        if c.count > CLIENTS_MAX {
            return err(
                "clients.count",
                format!("at most {CLIENTS_MAX}, not {}", c.count),
            );
        }
        if c.keys == 0 || c.keys > KEYS_MAX {
            return err(
                "clients.keys",
                format!("must be 1 to {KEYS_MAX}, not {}", c.keys),
            );
        }
        if c.interval_ms == 0 || c.interval_ms > RUN_MS_MAX {
            return err("clients.interval_ms", format!("must be 1 to {RUN_MS_MAX}"));
        }
        if c.timeout_ms == 0 || c.timeout_ms > RUN_MS_MAX {
            return err("clients.timeout_ms", format!("must be 1 to {RUN_MS_MAX}"));
        }
        if c.attempts == 0 {
            return err("clients.attempts", "must be at least 1".into());
        }
        for (i, initial) in self.initial.iter().enumerate() {
            if initial.node == 0 || initial.node > self.nodes {
                return err(
                    &format!("initial[{i}].node"),
                    format!("S{} is not in a cluster of {}", initial.node, self.nodes),
                );
            }
        }
        if self.actions.len() > ACTIONS_MAX {
            return err("actions", format!("at most {ACTIONS_MAX} actions"));
        }
        let mut previous_ms = 0;
        for (i, timed) in self.actions.iter().enumerate() {
            let field = format!("actions[{i}]");
            if timed.at_ms > RUN_MS_MAX {
                return err(&format!("{field}.at_ms"), format!("beyond {RUN_MS_MAX} ms"));
            }
            if timed.at_ms < previous_ms {
                return err(
                    &format!("{field}.at_ms"),
                    "actions must be in time order".into(),
                );
            }
            previous_ms = timed.at_ms;
            timed
                .action
                .validate(self.nodes)
                .map_err(|problem| ScenarioError::new(field.clone(), problem))?;
        }
        if self.run_until_ms > RUN_MS_MAX {
            return err("run_until_ms", format!("at most {RUN_MS_MAX} (one day)"));
        }
        Ok(())
    }

    /// The servers' ids, `1..=nodes`.
    pub fn node_ids(&self) -> impl Iterator<Item = NodeId> {
        1..=self.nodes
    }

    /// The same scenario, run by the other protocol (comparison mode).
    pub fn with_protocol(&self, protocol: ProtocolKind) -> Scenario {
        Scenario {
            protocol,
            ..self.clone()
        }
    }

    /// Appends an action, keeping time order; used for links and the page's fork-on-edit.
    pub fn push_action(&mut self, at_ms: u64, action: Action) {
        self.actions.retain(|timed| timed.at_ms <= at_ms);
        self.actions.push(TimedAction { at_ms, action });
    }
}

impl NetworkSettings {
    pub fn validate(&self, field: &str) -> Result<(), ScenarioError> {
        let err = |name: &str, problem: String| {
            Err(ScenarioError::new(format!("{field}.{name}"), problem))
        };
        if self.delay_min_ms > 60_000 {
            return err("delay_min_ms", "at most 60000".into());
        }
        if self.delay_jitter_ms > 60_000 {
            return err("delay_jitter_ms", "at most 60000".into());
        }
        if self.loss_percent > 100 {
            return err(
                "loss_percent",
                format!("0 to 100, not {}", self.loss_percent),
            );
        }
        if self.duplicate_percent > 100 {
            return err(
                "duplicate_percent",
                format!("0 to 100, not {}", self.duplicate_percent),
            );
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_smallest_scenario_is_the_default() {
        let scenario = Scenario::from_json(r#"{"format":1}"#).unwrap();
        assert_eq!(scenario, Scenario::default());
        let round_trip = Scenario::from_json(&scenario.to_json()).unwrap();
        assert_eq!(round_trip, scenario);
    }

    #[test]
    fn errors_name_the_field() {
        let cases = [
            (r#"{"format":1,"nodes":0}"#, "nodes"),
            (r#"{"format":1,"nodes":12}"#, "nodes"),
            (r#"{"format":2}"#, "format"),
            (r#"{"nodes":3}"#, "format"),
            (r#"{"format":1,"colour":"red"}"#, "colour"),
            (
                r#"{"format":1,"network":{"loss_percent":150}}"#,
                "network.loss_percent",
            ),
            (r#"{"format":1,"bugs":["no-such-bug"]}"#, "bugs"),
            (
                r#"{"format":1,"timing":{"election_timeout_ticks_min":9,"election_timeout_ticks_max":3}}"#,
                "timing.election_timeout_ticks_max",
            ),
            (
                r#"{"format":1,"actions":[{"at_ms":5,"do":"crash","node":7}]}"#,
                "actions[0]",
            ),
            (
                r#"{"format":1,"actions":[{"at_ms":5,"do":"crash","node":1},{"at_ms":4,"do":"crash","node":2}]}"#,
                "actions[1].at_ms",
            ),
        ];
        for (text, field) in cases {
            let error = Scenario::from_json(text).unwrap_err();
            assert_eq!(error.field, field, "{text} → {error}");
        }
        assert!(Scenario::from_json("{")
            .unwrap_err()
            .to_string()
            .contains("JSON"));
    }

    #[test]
    fn actions_survive_a_round_trip() {
        let mut scenario = Scenario::default();
        scenario.push_action(100, Action::Crash { node: 1 });
        scenario.push_action(
            200,
            Action::Partition {
                groups: vec![vec![1, 2], vec![3, 4, 5]],
            },
        );
        scenario.push_action(300, Action::HealAll);
        let text = scenario.to_json();
        assert!(
            text.contains(r#"{"at_ms":100,"do":"crash","node":1}"#),
            "{text}"
        );
        assert_eq!(Scenario::from_json(&text).unwrap(), scenario);
    }

    #[test]
    fn pushing_an_action_in_the_past_drops_the_future() {
        let mut scenario = Scenario::default();
        scenario.push_action(100, Action::Crash { node: 1 });
        scenario.push_action(300, Action::Restart { node: 1 });
        scenario.push_action(200, Action::Crash { node: 2 });
        let times: Vec<u64> = scenario.actions.iter().map(|a| a.at_ms).collect();
        assert_eq!(times, vec![100, 200]);
    }
}
