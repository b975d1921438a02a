//! `raftplay bench`: simulated events per second under steady load, and the time to seek to
//! random points of a one-hour simulated run. Figures are printed, never asserted.

use common::SplitMix64;
use std::time::Instant;

use crate::engine::simulation::Simulation;
use crate::scenario::{ProtocolKind, Scenario};

/// A 5-node cluster under steady client load.
pub fn steady_load(protocol: ProtocolKind, run_ms: u64) -> Scenario {
    let mut scenario = Scenario {
        protocol,
        nodes: 5,
        seed: 42,
        run_until_ms: run_ms,
        ..Scenario::default()
    };
    scenario.clients.count = 4;
    scenario.clients.interval_ms = 20;
    scenario
}

/// Runs a scenario to its end; returns (events, wall seconds).
pub fn time_scenario(scenario: Scenario) -> Result<(u64, f64), String> {
    let mut sim = Simulation::forward_only(scenario).map_err(|e| e.to_string())?;
    let started = Instant::now();
    sim.run_to_end();
    Ok((sim.steps(), started.elapsed().as_secs_f64()))
}

/// Prints the figures. `heap_bytes` reads the live heap (the CLI counts its allocations).
pub fn run_all(heap_bytes: &dyn Fn() -> usize) {
    println!("raftplay bench (release build; checkers on, after every step)");
    for protocol in [ProtocolKind::Raft, ProtocolKind::Paxos] {
        for (what, travel) in [
            ("forward only", false),
            ("with time-travel checkpoints", true),
        ] {
            let scenario = steady_load(protocol, 600_000);
            let made = if travel {
                Simulation::new(scenario)
            } else {
                Simulation::forward_only(scenario)
            };
            let mut sim = match made {
                Ok(sim) => sim,
                Err(e) => return println!("bench scenario refused: {e}"),
            };
            let started = Instant::now();
            sim.run_to_end();
            let seconds = started.elapsed().as_secs_f64();
            let steps = sim.steps();
            println!(
                "{:<6} 5 nodes, 4 clients, {what:<28} {:>10.0} simulated events/s ({} events in {:.2} s, 600 s simulated)",
                protocol.name(),
                steps as f64 / seconds,
                steps,
                seconds,
            );
        }
    }
    let heap_before = heap_bytes();
    let hour_ms = 60 * 60 * 1000;
    let mut scenario = steady_load(ProtocolKind::Raft, hour_ms);
    scenario.clients.count = 2;
    scenario.clients.interval_ms = 200;
    let Ok(mut sim) = Simulation::new(scenario) else {
        return;
    };
    let started = Instant::now();
    sim.run_to_end();
    let run_seconds = started.elapsed().as_secs_f64();
    let heap_after = heap_bytes();
    let mut rng = SplitMix64::new(7);
    let mut seeks_ms: Vec<f64> = (0..20)
        .map(|_| {
            let target = rng.range_inclusive(0, hour_ms * 1000);
            let started = Instant::now();
            sim.seek(target);
            started.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    seeks_ms.sort_by(f64::total_cmp);
    println!(
        "one hour simulated (raft, 5 nodes, 2 clients): ran in {:.1} s, {} events; live heap {:.1} MB",
        run_seconds,
        sim.steps(),
        (heap_after.saturating_sub(heap_before)) as f64 / 1e6
    );
    println!(
        "seek to a random point: p50 {:.1} ms, max {:.1} ms over {} seeks",
        seeks_ms[seeks_ms.len() / 2],
        seeks_ms[seeks_ms.len() - 1],
        seeks_ms.len()
    );
}
