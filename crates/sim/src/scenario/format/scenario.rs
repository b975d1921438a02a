//! The scenario and its settings.

use crate::scenario::json::{mismatch, unknown_name, Fields, FromJson, Json, ToJson};
use crate::scenario::{
    ClientSettings, InitialState, NetworkSettings, ProtocolKind, ProtocolOptions, Scenario,
    ScenarioError, Timing, FORMAT_VERSION,
};

impl FromJson for Scenario {
    fn from_value(value: &Json) -> Result<Self, ScenarioError> {
        let defaults = Scenario::default();
        Fields::read(value, |fields| {
            // The version first, so that a scenario of another format is refused for its
            // version rather than for fields this engine does not know.
            let format = fields.required_with("format", format_version)?;
            Ok(Scenario {
                format,
                protocol: fields.or("protocol", defaults.protocol)?,
                nodes: fields.or("nodes", defaults.nodes)?,
                seed: fields.or("seed", defaults.seed)?,
                timing: fields.or("timing", defaults.timing)?,
                network: fields.or("network", defaults.network)?,
                options: fields.or("options", defaults.options)?,
                bugs: fields.or("bugs", defaults.bugs)?,
                clients: fields.or("clients", defaults.clients)?,
                initial: fields.or("initial", defaults.initial)?,
                actions: fields.or("actions", defaults.actions)?,
                run_until_ms: fields.or("run_until_ms", defaults.run_until_ms)?,
            })
        })
    }
}

fn format_version(value: &Json) -> Result<u32, ScenarioError> {
    match value {
        Json::Unsigned(version) if *version == u64::from(FORMAT_VERSION) => Ok(FORMAT_VERSION),
        Json::Unsigned(version) => Err(ScenarioError::new(
            "",
            format!("version {version} is not known to this engine (it reads {FORMAT_VERSION})"),
        )),
        other => Err(mismatch("a version number", other)),
    }
}

impl ToJson for Scenario {
    fn to_value(&self) -> Json {
        Json::object(vec![
            ("format", self.format.to_value()),
            ("protocol", self.protocol.to_value()),
            ("nodes", self.nodes.to_value()),
            ("seed", self.seed.to_value()),
            ("timing", self.timing.to_value()),
            ("network", self.network.to_value()),
            ("options", self.options.to_value()),
            ("bugs", self.bugs.to_value()),
            ("clients", self.clients.to_value()),
            ("initial", self.initial.to_value()),
            ("actions", self.actions.to_value()),
            ("run_until_ms", self.run_until_ms.to_value()),
        ])
    }
}

impl FromJson for ProtocolKind {
    fn from_value(value: &Json) -> Result<Self, ScenarioError> {
        let all = [ProtocolKind::Raft, ProtocolKind::Paxos];
        let name = String::from_value(value)?;
        all.into_iter()
            .find(|protocol| protocol.name() == name)
            .ok_or_else(|| unknown_name("protocol", &name, &all.map(ProtocolKind::name)))
    }
}

impl ToJson for ProtocolKind {
    fn to_value(&self) -> Json {
        Json::String(self.name().to_string())
    }
}

impl FromJson for Timing {
    fn from_value(value: &Json) -> Result<Self, ScenarioError> {
        let defaults = Timing::default();
        Fields::read(value, |fields| {
            Ok(Timing {
                tick_ms: fields.or("tick_ms", defaults.tick_ms)?,
                election_timeout_ticks_min: fields.or(
                    "election_timeout_ticks_min",
                    defaults.election_timeout_ticks_min,
                )?,
                election_timeout_ticks_max: fields.or(
                    "election_timeout_ticks_max",
                    defaults.election_timeout_ticks_max,
                )?,
                heartbeat_interval_ticks: fields.or(
                    "heartbeat_interval_ticks",
                    defaults.heartbeat_interval_ticks,
                )?,
            })
        })
    }
}

impl ToJson for Timing {
    fn to_value(&self) -> Json {
        Json::object(vec![
            ("tick_ms", self.tick_ms.to_value()),
            (
                "election_timeout_ticks_min",
                self.election_timeout_ticks_min.to_value(),
            ),
            (
                "election_timeout_ticks_max",
                self.election_timeout_ticks_max.to_value(),
            ),
            (
                "heartbeat_interval_ticks",
                self.heartbeat_interval_ticks.to_value(),
            ),
        ])
    }
}

impl FromJson for NetworkSettings {
    fn from_value(value: &Json) -> Result<Self, ScenarioError> {
        let defaults = NetworkSettings::default();
        Fields::read(value, |fields| {
            Ok(NetworkSettings {
                delay_min_ms: fields.or("delay_min_ms", defaults.delay_min_ms)?,
                delay_jitter_ms: fields.or("delay_jitter_ms", defaults.delay_jitter_ms)?,
                loss_percent: fields.or("loss_percent", defaults.loss_percent)?,
                duplicate_percent: fields.or("duplicate_percent", defaults.duplicate_percent)?,
                manual: fields.or("manual", defaults.manual)?,
            })
        })
    }
}

impl ToJson for NetworkSettings {
    fn to_value(&self) -> Json {
        Json::object(vec![
            ("delay_min_ms", self.delay_min_ms.to_value()),
            ("delay_jitter_ms", self.delay_jitter_ms.to_value()),
            ("loss_percent", self.loss_percent.to_value()),
            ("duplicate_percent", self.duplicate_percent.to_value()),
            ("manual", self.manual.to_value()),
        ])
    }
}

impl FromJson for ProtocolOptions {
    fn from_value(value: &Json) -> Result<Self, ScenarioError> {
        let defaults = ProtocolOptions::default();
        Fields::read(value, |fields| {
            Ok(ProtocolOptions {
                pre_vote: fields.or("pre_vote", defaults.pre_vote)?,
                check_quorum: fields.or("check_quorum", defaults.check_quorum)?,
                noop_on_election: fields.or("noop_on_election", defaults.noop_on_election)?,
                fast_backtrack: fields.or("fast_backtrack", defaults.fast_backtrack)?,
            })
        })
    }
}

impl ToJson for ProtocolOptions {
    fn to_value(&self) -> Json {
        Json::object(vec![
            ("pre_vote", self.pre_vote.to_value()),
            ("check_quorum", self.check_quorum.to_value()),
            ("noop_on_election", self.noop_on_election.to_value()),
            ("fast_backtrack", self.fast_backtrack.to_value()),
        ])
    }
}

impl FromJson for ClientSettings {
    fn from_value(value: &Json) -> Result<Self, ScenarioError> {
        let defaults = ClientSettings::default();
        Fields::read(value, |fields| {
            Ok(ClientSettings {
                count: fields.or("count", defaults.count)?,
                interval_ms: fields.or("interval_ms", defaults.interval_ms)?,
                keys: fields.or("keys", defaults.keys)?,
                timeout_ms: fields.or("timeout_ms", defaults.timeout_ms)?,
                attempts: fields.or("attempts", defaults.attempts)?,
            })
        })
    }
}

impl ToJson for ClientSettings {
    fn to_value(&self) -> Json {
        Json::object(vec![
            ("count", self.count.to_value()),
            ("interval_ms", self.interval_ms.to_value()),
            ("keys", self.keys.to_value()),
            ("timeout_ms", self.timeout_ms.to_value()),
            ("attempts", self.attempts.to_value()),
        ])
    }
}

impl FromJson for InitialState {
    fn from_value(value: &Json) -> Result<Self, ScenarioError> {
        Fields::read(value, |fields| {
            Ok(InitialState {
                node: fields.required("node")?,
                protocol: fields.required("protocol")?,
                // Kept as JSON: only the protocol's adapter knows its shape.
                durable: fields.required_with("durable", Json::with_sorted_fields)?,
            })
        })
    }
}

impl ToJson for InitialState {
    fn to_value(&self) -> Json {
        Json::object(vec![
            ("node", self.node.to_value()),
            ("protocol", self.protocol.to_value()),
            ("durable", self.durable.clone()),
        ])
    }
}
