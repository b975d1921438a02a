//! What the page reads: markers for the whole history, network events as data, and why a
//! message waits.

use sim::action::Action;
use sim::scenario::NetworkSettings;
use sim::world::MarkerKind;
use sim::{Scenario, Simulation};

#[test]
fn markers_cover_elections_commits_and_faults_and_follow_seeks() {
    let preset = sim::presets::find("leader-crash").unwrap();
    let mut sim = Simulation::new(preset.scenario).unwrap();
    sim.run_until(5_000_000);
    let count = |sim: &Simulation, kind| sim.markers().iter().filter(|m| m.kind == kind).count();
    assert!(count(&sim, MarkerKind::Election) >= 2);
    assert!(count(&sim, MarkerKind::Commit) >= 5);
    let crash = sim
        .markers()
        .iter()
        .find(|m| m.kind == MarkerKind::Fault)
        .unwrap();
    assert_eq!((crash.time_us, crash.node), (3_000_000, Some(2)));
    let commits = sim
        .markers()
        .iter()
        .filter(|m| m.kind == MarkerKind::Commit);
    let times: Vec<u64> = commits.map(|m| m.time_us).collect();
    assert!(times
        .windows(2)
        .all(|w| w[1] - w[0] >= sim::world::COMMIT_MARKER_GAP_US));
    sim.seek(2_000_000);
    assert_eq!(
        count(&sim, MarkerKind::Fault),
        0,
        "markers are part of the history"
    );
    assert!(sim.markers().iter().all(|m| m.time_us <= 2_000_000));
}

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
