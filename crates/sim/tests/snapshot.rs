//! What the page reads: network events as data, and why a message waits.

use sim::scenario::action::Action;
use sim::scenario::NetworkSettings;
use sim::{Scenario, Simulation};

#[test]
fn network_events_carry_their_message_as_data() {
    let mut sim = Simulation::new(Scenario::default()).unwrap();
    sim.run_until(300_000);
    sim.inject(Action::Cut {
        from: 1,
        to: 2,
        one_way: false,
    })
    .unwrap();
    sim.run_until(1_000_000);
    let events = sim.events(0);
    let sent = events
        .iter()
        .find_map(|e| e.message.as_ref().filter(|m| m.what == "sent"))
        .expect("a sent message");
    assert!(sent.from >= 1 && sent.to >= 1 && !sent.kind.is_empty());
    let dropped = events
        .iter()
        .find_map(|e| e.message.as_ref().filter(|m| m.what == "dropped"))
        .expect("a message dropped on the cut link");
    assert_eq!(
        serde_json::to_value(dropped.reason).unwrap(),
        serde_json::json!("link_cut")
    );
    assert!(events
        .iter()
        .filter(|e| e.message.is_none())
        .all(|e| !e.text.contains(" sent #")));
}

#[test]
fn a_waiting_message_says_why() {
    let mut sim = Simulation::new(Scenario::default()).unwrap();
    sim.run_until(1_000_000);
    sim.inject(Action::Pause { node: 3 }).unwrap();
    sim.run_until(1_200_000);
    let snapshot = sim.snapshot(0);
    assert!(snapshot
        .messages
        .iter()
        .any(|m| m.to == 3 && m.waiting == Some("paused") && m.deliver_at_us.is_none()));
    sim.inject(Action::Network {
        settings: NetworkSettings {
            manual: true,
            ..NetworkSettings::default()
        },
    })
    .unwrap();
    sim.run_until(1_400_000);
    let snapshot = sim.snapshot(0);
    assert!(snapshot
        .messages
        .iter()
        .any(|m| m.to != 3 && m.waiting == Some("manual")));
    assert!(snapshot
        .messages
        .iter()
        .all(|m| m.waiting.is_some() == m.deliver_at_us.is_none()));
}
