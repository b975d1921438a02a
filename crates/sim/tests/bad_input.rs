//! Nothing a user, a link or a script sends can make the simulator panic: every bad input is
//! a typed error, and the simulation stays usable.

use proptest::prelude::*;
use sim::action::Action;
use sim::{Scenario, Simulation};

fn arbitrary_action() -> impl Strategy<Value = Action> {
    let node = 0u8..12;
    prop_oneof![
        node.clone().prop_map(|node| Action::Crash { node }),
        node.clone().prop_map(|node| Action::Restart { node }),
        node.clone().prop_map(|node| Action::Pause { node }),
        node.clone().prop_map(|node| Action::Resume { node }),
        node.clone().prop_map(|node| Action::Timeout { node }),
        (node.clone(), any::<i8>()).prop_map(|(node, percent)| Action::Skew { node, percent }),
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
        any::<u64>().prop_map(|m| Action::Deliver { message: m % 64 }),
        any::<u64>().prop_map(|m| Action::Drop { message: m % 64 }),
        any::<u64>().prop_map(|m| Action::Duplicate { message: m % 64 }),
        (any::<bool>(), 0u8..=120, 0u8..=120).prop_map(|(manual, loss, dup)| Action::Network {
            settings: sim::scenario::NetworkSettings {
                delay_min_ms: 3,
                delay_jitter_ms: 7,
                loss_percent: loss,
                duplicate_percent: dup,
                manual,
            }
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: common::proptest_scale::scaled(64), ..ProptestConfig::default() })]

    #[test]
    fn scenario_text_never_panics(text in ".{0,400}") {
        let _ = Scenario::from_json(&text);
        let _ = sim::link::decode(&text);
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

    #[test]
    fn any_action_sequence_is_applied_or_refused(
        protocol in prop_oneof![Just(sim::Protocol::Raft), Just(sim::Protocol::Paxos)],
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
