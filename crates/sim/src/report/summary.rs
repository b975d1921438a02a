//! A run's summary: what `raftplay run` prints, as text or JSON.

use common::NodeId;
use serde::Serialize;
use std::fmt::Write as _;

use crate::checks::context::Violation;
use crate::checks::linearizability::Verdict;
use crate::engine::simulation::Simulation;
use crate::engine::snapshot::MetricsSnapshot;
use crate::report::trace::hash_text;
use crate::scenario::ProtocolKind;

#[derive(Clone, Debug, Serialize)]
pub struct Summary {
    pub protocol: ProtocolKind,
    pub nodes: u8,
    pub seed: u64,
    pub time_ms: f64,
    pub steps: u64,
    pub leader: Option<NodeId>,
    pub roles: Vec<(NodeId, &'static str)>,
    /// The first invariant broken (where the run stopped, unless it kept going).
    pub violation: Option<Violation>,
    /// Every one broken, the first included: more than one only if the run kept going.
    pub violations: Vec<Violation>,
    pub linearizability: Verdict,
    pub metrics: MetricsSnapshot,
    pub trace_hash: String,
}

pub fn summary(sim: &Simulation) -> Summary {
    let scenario = sim.scenario();
    Summary {
        protocol: scenario.protocol,
        nodes: scenario.nodes,
        seed: scenario.seed,
        time_ms: sim.now() as f64 / 1000.0,
        steps: sim.steps(),
        leader: sim.leader(),
        roles: sim.node_roles(),
        violation: sim.violation().cloned(),
        violations: sim.violations().to_vec(),
        linearizability: sim.linearizability(),
        metrics: sim.metrics(),
        trace_hash: hash_text(sim.trace_hash()),
    }
}

pub fn text(summary: &Summary) -> String {
    let ms = |us: u64| us as f64 / 1000.0;
    let m = &summary.metrics;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} · {} servers · seed {} · {:.1} ms simulated in {} steps",
        summary.protocol, summary.nodes, summary.seed, summary.time_ms, summary.steps
    );
    let roles = common::joined(
        summary
            .roles
            .iter()
            .map(|(id, role)| format!("S{id} {role}")),
        ", ",
    );
    let _ = writeln!(out, "servers: {roles}");
    match summary.violations.split_first() {
        None => {
            let _ = writeln!(out, "invariants: all held, checked after every step");
        }
        Some((first, later)) => {
            let _ = writeln!(out, "VIOLATION: {first}");
            for v in later {
                let _ = writeln!(out, "  then: {v}");
            }
        }
    }
    let _ = writeln!(out, "client history: {}", summary.linearizability);
    let _ = writeln!(
        out,
        "elections: {} won of {} started · time without a leader: {:.1} ms · entries re-sent by new leaders: {}",
        m.elections,
        m.campaigns,
        ms(m.leaderless_us),
        m.entries_resent
    );
    let _ = writeln!(
        out,
        "commands committed: {} · client operations: {} · latency p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        m.commands_committed,
        m.operations,
        ms(m.latency.p50_us),
        ms(m.latency.p99_us),
        ms(m.latency.max_us)
    );
    let _ = writeln!(
        out,
        "messages: {} sent, {} bytes, {} dropped",
        m.total.sent, m.total.bytes, m.total.dropped
    );
    for (kind, count) in &m.messages {
        let _ = writeln!(
            out,
            "  {kind:<24} {:>8} sent {:>10} bytes {:>6} dropped",
            count.sent, count.bytes, count.dropped
        );
    }
    let _ = writeln!(out, "trace hash: {}", summary.trace_hash);
    out
}
