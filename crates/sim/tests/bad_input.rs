//! Nothing a user, a link or a script sends can make the simulator panic: every bad input is
//! a typed error, and the simulation stays usable.

use proptest::prelude::*;
use sim::scenario::action::Action;
use sim::scenario::{ClientSettings, NetworkSettings, Timing};
use sim::{Scenario, Simulation};
use testkit::edges::{i8_with_edges, u64_with_edges, u8_with_edges};

/// The limits a scenario names (`scenario::RUN_MS_MAX` and the like), so that the edges
/// around them come up as often as `0`, `1` and `MAX`.
const LIMITS: [u64; 4] = [60_000, 86_400_000, 10_000, 1 << 53];

fn network_settings() -> impl Strategy<Value = NetworkSettings> {
    (
        u64_with_edges(&LIMITS),
        u64_with_edges(&LIMITS),
        u8_with_edges(),
        u8_with_edges(),
        any::<bool>(),
    )
        .prop_map(
            |(delay_min_ms, delay_jitter_ms, loss_percent, duplicate_percent, manual)| {
                NetworkSettings {
                    delay_min_ms,
                    delay_jitter_ms,
                    loss_percent,
                    duplicate_percent,
                    manual,
                }
            },
        )
}

fn arbitrary_action() -> impl Strategy<Value = Action> {
    let node = prop_oneof![4 => 0u8..12, 1 => u8_with_edges()];
    prop_oneof![
        node.clone().prop_map(|node| Action::Crash { node }),
        node.clone().prop_map(|node| Action::Restart { node }),
        node.clone().prop_map(|node| Action::Pause { node }),
        node.clone().prop_map(|node| Action::Resume { node }),
        node.clone().prop_map(|node| Action::Timeout { node }),
        (node.clone(), i8_with_edges()).prop_map(|(node, percent)| Action::Skew { node, percent }),
        (node.clone(), node.clone()).prop_map(|(from, to)| Action::Transfer { from, to }),
        (node.clone(), node.clone(), any::<bool>()).prop_map(|(from, to, one_way)| Action::Cut {
            from,
            to,
            one_way
        }),
        (node.clone(), node.clone(), any::<bool>()).prop_map(|(from, to, one_way)| Action::Heal {
            from,
            to,
            one_way
        }),
        proptest::collection::vec(proptest::collection::vec(node.clone(), 0..4), 0..4)
            .prop_map(|groups| Action::Partition { groups }),
        Just(Action::HealAll),
        message_id().prop_map(|message| Action::Deliver { message }),
        message_id().prop_map(|message| Action::Drop { message }),
        message_id().prop_map(|message| Action::Duplicate { message }),
        (any::<bool>(), 0u8..=120, 0u8..=120).prop_map(|(manual, loss, dup)| Action::Network {
            settings: NetworkSettings {
                delay_min_ms: 3,
                delay_jitter_ms: 7,
                loss_percent: loss,
                duplicate_percent: dup,
                manual,
            }
        }),
        network_settings().prop_map(|settings| Action::Network { settings }),
    ]
}

/// Mostly ids of messages that may be in flight, sometimes the edges.
fn message_id() -> impl Strategy<Value = u64> {
    prop_oneof![4 => 0u64..64, 1 => u64_with_edges(&[])]
}

/// A scenario whose every number may sit at an edge: the defaults mostly, an edge sometimes.
fn edgy_scenario() -> impl Strategy<Value = Scenario> {
    // Rarely enough that about half the scenarios pass validation and run.
    let edge = || prop_oneof![24 => Just(None), 1 => u64_with_edges(&LIMITS).prop_map(Some)];
    (
        (
            prop_oneof![
                Just(sim::ProtocolKind::Raft),
                Just(sim::ProtocolKind::Paxos)
            ],
            prop_oneof![12 => 1u8..=9, 1 => u8_with_edges()],
            any::<u64>(),
        ),
        (edge(), edge(), edge(), edge()),
        prop::option::weighted(0.1, network_settings()),
        (
            prop::option::weighted(0.1, (any::<u16>(), u8_with_edges(), u8_with_edges())),
            edge(),
            edge(),
        ),
        (
            edge(),
            proptest::collection::vec(
                (
                    prop_oneof![6 => 0u64..5000, 1 => u64_with_edges(&LIMITS)],
                    arbitrary_action(),
                ),
                0..4,
            ),
        ),
    )
        .prop_map(
            |((protocol, nodes, seed), timing, network, clients, (run_until, actions))| {
                let defaults = Scenario::default();
                let t = defaults.timing;
                let c = defaults.clients;
                let (counts, interval_ms, timeout_ms) = clients;
                let (count, keys, attempts) = counts.unwrap_or((1, c.keys, c.attempts));
                let mut actions: Vec<sim::scenario::action::TimedAction> = actions
                    .into_iter()
                    .map(|(at_ms, action)| sim::scenario::action::TimedAction { at_ms, action })
                    .collect();
                actions.sort_by_key(|timed| timed.at_ms);
                Scenario {
                    protocol,
                    nodes: nodes.min(12),
                    seed,
                    timing: Timing {
                        tick_ms: timing.0.unwrap_or(t.tick_ms),
                        election_timeout_ticks_min: timing
                            .1
                            .unwrap_or(t.election_timeout_ticks_min),
                        election_timeout_ticks_max: timing
                            .2
                            .unwrap_or(t.election_timeout_ticks_max),
                        heartbeat_interval_ticks: timing.3.unwrap_or(t.heartbeat_interval_ticks),
                    },
                    network: network.unwrap_or(defaults.network),
                    clients: ClientSettings {
                        count,
                        keys,
                        attempts,
                        interval_ms: interval_ms.unwrap_or(c.interval_ms),
                        timeout_ms: timeout_ms.unwrap_or(c.timeout_ms),
                    },
                    actions,
                    run_until_ms: run_until.unwrap_or(defaults.run_until_ms),
                    ..defaults
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: testkit::proptest_scale::scaled(64), ..ProptestConfig::default() })]

    #[test]
    fn scenario_text_never_panics(text in ".{0,400}") {
        let _ = Scenario::from_json(&text);
        let _ = sim::scenario::link::decode(&text);
    }

    #[test]
    fn mangled_scenarios_never_panic(cut in 0usize..2000, byte in any::<u8>()) {
        let mut text = Scenario::default().to_json().into_bytes();
        if !text.is_empty() {
            let at = cut % text.len();
            text[at] = byte;
        }
        let text = String::from_utf8_lossy(&text);
        if let Ok(scenario) = Scenario::from_json(&text) {
            let mut sim = Simulation::new(scenario).unwrap();
            sim.run_until(300_000);
        }
    }

    /// Numbers at their edges anywhere in a scenario are refused with a field, or run
    /// (briefly, whatever `run_until_ms` says) without a panic or an overflow.
    #[test]
    fn a_scenario_with_numbers_at_their_edges_is_refused_or_runs(scenario in edgy_scenario()) {
        match Simulation::new(scenario.clone()) {
            Ok(mut sim) => {
                sim.run_until(300_000);
                let _ = sim.snapshot(10);
                let _ = sim.metrics();
                // What the page writes back into a link reads back the same.
                prop_assert_eq!(Scenario::from_json(&scenario.to_json()), Ok(scenario));
            }
            Err(error) => prop_assert!(!error.to_string().is_empty()),
        }
    }

    #[test]
    fn any_action_sequence_is_applied_or_refused(
        protocol in prop_oneof![Just(sim::ProtocolKind::Raft), Just(sim::ProtocolKind::Paxos)],
        actions in proptest::collection::vec((0u64..400, arbitrary_action()), 0..25),
    ) {
        let mut sim = Simulation::new(Scenario { protocol, nodes: 5, ..Scenario::default() }).unwrap();
        for (gap_ms, action) in actions {
            let valid = action.validate(5).is_ok();
            let result = sim.inject(action);
            prop_assert_eq!(result.is_ok(), valid);
            let now = sim.now();
            sim.run_until(now + gap_ms * 1000);
        }
        // Still alive: snapshots, events and metrics can be taken.
        let _ = sim.snapshot(10);
        let _ = sim.events(0);
        let _ = sim.metrics();
    }
}
