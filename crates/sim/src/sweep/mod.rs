//! Seed sweeps: one seed derives a whole random run — cluster size, network dials, options and
//! a fault schedule — in two phases. The chaos phase throws every fault at the cluster (loss,
//! duplication, reordering, symmetric and one-way cuts, partitions, partial connectivity,
//! crashes, pauses, clock skew, forced timeouts). The liveness phase heals everything, and
//! the cluster must then elect a leader, agree on it, and answer every new client request
//! within a bounded time. Safety is checked after every step throughout; the client history
//! must be linearizable at the end.
//!
//! Every fourth seed is aimed instead ([`aimed`]): its faults are injected at the moments and
//! servers that a bug needs — Figure 8's returning leader, a voter restarted mid-election, a
//! lost broadcast — which random faults reach only by luck (Figure 8 took 761 seeds). Aimed
//! runs go through the same two phases and are judged the same way.

use common::{NodeId, SplitMix64};

use crate::checks::linearizability::{self, Verdict};
use crate::engine::simulation::Simulation;
use crate::scenario::action::{Action, TimedAction};
use crate::scenario::{NetworkSettings, ProtocolKind, Scenario};

mod aimed;

/// How long the chaos phase lasts, and then the liveness phase.
pub const CHAOS_MS: u64 = 8_000;
pub const LIVENESS_MS: u64 = 6_000;
/// After healing, a leader must be agreed within this long, and operations invoked after it
/// must all be answered.
pub const LIVENESS_GRACE_MS: u64 = 3_000;

/// What went wrong in one seed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    pub seed: u64,
    /// The invariant's name, `Linearizability`, or `Liveness`.
    pub invariant: String,
    pub explanation: String,
    /// A scenario that replays the run up to the failure.
    pub scenario: Scenario,
}

/// The kinds of chaos a seed that is not aimed draws, by its remainder modulo 3: every fault at
/// any size; leader churn (small clusters whose leaders crash, restart and time out every few
/// heartbeats); stale leaders.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Profile {
    Everything,
    LeaderChurn,
    /// Leaders isolated mid-write and others elected behind them, clients failing over fast:
    /// the stale, divergent logs of Figure 8.
    StaleLeaders,
}

/// The scenario of `seed`. `bug` switches one bug on (its protocol must match). An aimed seed's
/// faults depend on what the run does, so its scenario is made by running it through the
/// chaos phase.
pub fn random_scenario(protocol: ProtocolKind, seed: u64, bug: Option<&str>) -> Scenario {
    match aimed::aim_of(protocol, seed) {
        Some(aim) => match aimed::direct(protocol, seed, bug, aim) {
            Ok(sim) => sim.scenario().clone(),
            Err(scenario) => *scenario,
        },
        None => unaimed_scenario(protocol, seed, bug),
    }
}

/// A seed that is not aimed draws one of the [`Profile`]s and a whole fault schedule up front.
fn unaimed_scenario(protocol: ProtocolKind, seed: u64, bug: Option<&str>) -> Scenario {
    let mut rng = SplitMix64::new(seed ^ 0x5EED_5EED_5EED_5EED);
    let profile = match seed % 3 {
        0 => Profile::Everything,
        1 => Profile::LeaderChurn,
        _ => Profile::StaleLeaders,
    };
    let nodes = match profile {
        Profile::Everything => {
            [1, 2, 3, 3, 4, 5, 5, 5, 6, 7, 9][rng.range_inclusive(0, 10) as usize]
        }
        Profile::LeaderChurn => [3, 3, 5][rng.range_inclusive(0, 2) as usize],
        Profile::StaleLeaders => 5,
    };
    let mut scenario = base_scenario(protocol, seed, nodes, bug, &mut rng);
    scenario.options.noop_on_election = match profile {
        Profile::Everything => rng.chance(4, 5),
        Profile::LeaderChurn => rng.chance(1, 3),
        Profile::StaleLeaders => false,
    };
    scenario.options.fast_backtrack = rng.chance(1, 2);
    scenario.clients.count = rng.range_inclusive(1, 3) as u16;
    scenario.clients.interval_ms = match profile {
        Profile::Everything => rng.range_inclusive(50, 400),
        Profile::LeaderChurn | Profile::StaleLeaders => rng.range_inclusive(5, 60),
    };
    if profile == Profile::StaleLeaders {
        scenario.clients.timeout_ms = rng.range_inclusive(100, 400);
    }
    scenario.clients.keys = rng.range_inclusive(1, 4) as u8;
    scenario.network = chaos_network(&mut rng);
    scenario.actions = match profile {
        Profile::Everything => chaos_schedule(&mut rng, nodes),
        Profile::LeaderChurn => churn_schedule(&mut rng, nodes),
        Profile::StaleLeaders => stale_leader_schedule(&mut rng, nodes),
    };
    scenario.actions.extend(
        liveness_actions(nodes)
            .into_iter()
            .map(|action| TimedAction {
                at_ms: CHAOS_MS,
                action,
            }),
    );
    scenario
}

/// What every sweep run starts from, aimed or not: `nodes` servers of `protocol` for both
/// phases, with `bug` switched on, and PreVote and CheckQuorum drawn from `rng`, in that order.
/// The caller draws the rest.
fn base_scenario(
    protocol: ProtocolKind,
    seed: u64,
    nodes: u8,
    bug: Option<&str>,
    rng: &mut SplitMix64,
) -> Scenario {
    let mut scenario = Scenario {
        protocol,
        nodes,
        seed,
        run_until_ms: CHAOS_MS + LIVENESS_MS,
        bugs: bug.map(str::to_string).into_iter().collect(),
        ..Scenario::default()
    };
    scenario.options.pre_vote = rng.chance(1, 2);
    scenario.options.check_quorum = rng.chance(1, 2);
    scenario
}

fn chaos_network(rng: &mut SplitMix64) -> NetworkSettings {
    NetworkSettings {
        delay_min_ms: rng.range_inclusive(1, 10),
        // Jitter above the heartbeat gap reorders messages.
        delay_jitter_ms: rng.range_inclusive(0, 60),
        loss_percent: [0, 0, 1, 5, 10, 20][rng.range_inclusive(0, 5) as usize],
        duplicate_percent: [0, 0, 1, 5, 10][rng.range_inclusive(0, 4) as usize],
        manual: false,
    }
}

fn random_node(rng: &mut SplitMix64, nodes: u8) -> NodeId {
    rng.range_inclusive(1, u64::from(nodes)) as NodeId
}

/// Faults every 50–700 ms during the chaos phase.
fn chaos_schedule(rng: &mut SplitMix64, nodes: u8) -> Vec<TimedAction> {
    let mut actions = Vec::new();
    let mut at_ms = rng.range_inclusive(200, 1500);
    while at_ms < CHAOS_MS {
        let node = random_node(rng, nodes);
        let other = random_node(rng, nodes);
        let action = match rng.range_inclusive(0, 13) {
            0 | 1 => Action::Crash { node },
            2 | 3 => Action::Restart { node },
            4 => Action::Pause { node },
            5 => Action::Resume { node },
            6 if node != other => Action::Cut {
                from: node,
                to: other,
                one_way: rng.chance(1, 2),
            },
            7 => Action::Heal {
                from: node,
                to: other,
                one_way: false,
            },
            8 => {
                // A random split into two or three groups.
                let groups_count = rng.range_inclusive(2, 3) as usize;
                let mut groups = vec![Vec::new(); groups_count];
                for id in 1..=nodes {
                    groups[rng.range_inclusive(0, groups_count as u64 - 1) as usize].push(id);
                }
                Action::Partition { groups }
            }
            9 => Action::HealAll,
            10 => Action::Timeout { node },
            11 => Action::Skew {
                node,
                percent: rng.range_inclusive(0, 60) as i8 - 30,
            },
            12 => Action::Network {
                settings: chaos_network(rng),
            },
            _ => {
                // Partial connectivity: one server loses some links but keeps others.
                let mut cut = Vec::new();
                for peer in 1..=nodes {
                    if peer != node && rng.chance(1, 2) {
                        cut.push(peer);
                    }
                }
                if let Some(&peer) = cut.first() {
                    Action::Cut {
                        from: node,
                        to: peer,
                        one_way: false,
                    }
                } else {
                    Action::HealAll
                }
            }
        };
        actions.push(TimedAction { at_ms, action });
        at_ms += rng.range_inclusive(50, 700);
    }
    actions
}

/// Crashes, restarts, timeouts and short partitions every 20–250 ms.
fn churn_schedule(rng: &mut SplitMix64, nodes: u8) -> Vec<TimedAction> {
    let mut actions = Vec::new();
    let mut at_ms = rng.range_inclusive(200, 600);
    while at_ms < CHAOS_MS {
        let node = random_node(rng, nodes);
        let action = match rng.range_inclusive(0, 7) {
            0 | 1 => Action::Crash { node },
            2 | 3 => Action::Restart { node },
            4 | 5 => Action::Timeout { node },
            6 => Action::Partition {
                groups: vec![(1..=nodes).filter(|&id| id != node).collect(), vec![node]],
            },
            _ => Action::HealAll,
        };
        actions.push(TimedAction { at_ms, action });
        at_ms += rng.range_inclusive(20, 250);
    }
    actions
}

/// Isolations, heals, crashes, restarts and timeouts every 30–200 ms.
fn stale_leader_schedule(rng: &mut SplitMix64, nodes: u8) -> Vec<TimedAction> {
    let mut actions = Vec::new();
    let mut at_ms = rng.range_inclusive(200, 600);
    while at_ms < CHAOS_MS {
        let node = random_node(rng, nodes);
        let action = match rng.range_inclusive(0, 19) {
            0..=4 => Action::Partition {
                groups: vec![(1..=nodes).filter(|&id| id != node).collect(), vec![node]],
            },
            5..=8 => Action::HealAll,
            9..=11 => Action::Crash { node },
            12..=15 => Action::Restart { node },
            _ => Action::Timeout { node },
        };
        actions.push(TimedAction { at_ms, action });
        at_ms += rng.range_inclusive(30, 200);
    }
    actions
}

/// Everything healed at the start of the liveness phase.
fn liveness_actions(nodes: u8) -> Vec<Action> {
    let mut actions = vec![
        Action::HealAll,
        Action::Network {
            settings: NetworkSettings {
                delay_min_ms: 5,
                delay_jitter_ms: 10,
                loss_percent: 0,
                duplicate_percent: 0,
                manual: false,
            },
        },
    ];
    for node in 1..=nodes {
        actions.push(Action::Restart { node });
        actions.push(Action::Resume { node });
        actions.push(Action::Skew { node, percent: 0 });
    }
    actions
}

/// Runs one scenario made by [`random_scenario`] and judges it.
pub fn run_seed(protocol: ProtocolKind, seed: u64, bug: Option<&str>) -> Result<u64, Box<Failure>> {
    let failure = |invariant: &str, explanation: String, scenario: Scenario| {
        Box::new(Failure {
            seed,
            invariant: invariant.to_string(),
            explanation,
            scenario,
        })
    };
    let refused = |scenario| {
        failure(
            "Scenario",
            "the generated scenario was refused".into(),
            scenario,
        )
    };
    // An aimed run is already through its chaos phase, its scenario complete: it goes on.
    let mut sim = match aimed::aim_of(protocol, seed) {
        Some(aim) => {
            aimed::direct(protocol, seed, bug, aim).map_err(|scenario| refused(*scenario))?
        }
        None => {
            let scenario = unaimed_scenario(protocol, seed, bug);
            Simulation::forward_only(scenario.clone()).map_err(|_| refused(scenario))?
        }
    };
    let scenario = sim.scenario().clone();
    let end_us = scenario.run_until_ms * 1000;
    sim.run_until(end_us);
    if let Some(violation) = sim.violation() {
        let mut replay = scenario.clone();
        replay.run_until_ms = violation.time_us / 1000 + 1;
        return Err(failure(violation.invariant, violation.to_string(), replay));
    }
    if let Verdict::Violation(violation) = linearizability::check(sim.history()) {
        return Err(failure("Linearizability", violation.to_string(), scenario));
    }
    check_liveness(&sim).map_err(|explanation| failure("Liveness", explanation, scenario))?;
    Ok(sim.steps())
}

/// After the heal: one leader that every server follows, every server caught up, and every
/// operation invoked after the grace period answered.
fn check_liveness(sim: &Simulation) -> Result<(), String> {
    let snapshot = sim.snapshot(0);
    let Some(leader) = snapshot.leader else {
        return Err(format!(
            "{LIVENESS_MS} ms after every fault healed, there is no leader"
        ));
    };
    let Some(leader_view) = snapshot.node(leader).map(|node| &node.view) else {
        return Err(format!("the leader S{leader} is not in the cluster"));
    };
    for node in &snapshot.nodes {
        if node.view.id != leader && node.view.leader != Some(leader) {
            return Err(format!(
                "{LIVENESS_MS} ms after every fault healed, S{} does not follow the leader S{leader}",
                node.view.id
            ));
        }
    }
    let grace_us = (CHAOS_MS + LIVENESS_GRACE_MS) * 1000;
    let answer_by_us = snapshot.time_us.saturating_sub(2 * 1000 * 1000);
    for operation in &sim.history().operations {
        if operation.invoked_at >= grace_us
            && operation.invoked_at <= answer_by_us
            && operation.returned_at().is_none()
        {
            return Err(format!(
                "client c{}'s #{} ({}), sent {} ms after the heal, was never answered (leader S{leader}, commit {})",
                operation.client,
                operation.seq,
                operation.op,
                operation.invoked_at / 1000 - CHAOS_MS,
                leader_view.commit_index
            ));
        }
    }
    Ok(())
}

/// The outcome of a sweep over many seeds.
#[derive(Clone, Debug, Default)]
pub struct SweepReport {
    pub seeds_run: u64,
    /// Simulated events over all seeds.
    pub steps: u64,
    pub failures: Vec<Failure>,
}

/// Runs `seeds`; stops at the first failure when `stop_at_first`.
pub fn sweep(
    protocol: ProtocolKind,
    seeds: impl IntoIterator<Item = u64>,
    bug: Option<&str>,
    stop_at_first: bool,
) -> SweepReport {
    let mut report = SweepReport::default();
    for seed in seeds {
        report.seeds_run += 1;
        match run_seed(protocol, seed, bug) {
            Ok(steps) => report.steps += steps,
            Err(failure) => {
                report.failures.push(*failure);
                if stop_at_first {
                    break;
                }
            }
        }
    }
    report
}
