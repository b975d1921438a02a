//! Seeking and stepping back land on exactly the state a straight run reaches, and acting in
//! the past forks the history.

use sim::scenario::action::Action;
use sim::{Scenario, Simulation};

fn scenario() -> Scenario {
    let mut scenario = Scenario {
        seed: 11,
        ..Scenario::default()
    };
    scenario.clients.count = 2;
    scenario.push_action(2500, Action::Crash { node: 1 });
    scenario.push_action(4000, Action::Restart { node: 1 });
    scenario
}

fn straight_to(time_us: u64) -> Simulation {
    let mut sim = Simulation::new(scenario()).unwrap();
    sim.run_until(time_us);
    sim
}

#[test]
fn seeking_back_and_forth_matches_a_straight_run() {
    let mut sim = straight_to(8_000_000);
    for target in [3_000_000, 1_234_567, 7_999_999, 0, 5_500_000] {
        sim.seek(target);
        let reference = straight_to(target);
        assert_eq!(
            sim.trace_hash(),
            reference.trace_hash(),
            "seek to {target} µs"
        );
        assert_eq!(sim.steps(), reference.steps());
        assert_eq!(
            serde_json::to_string(&sim.snapshot(50)).unwrap(),
            serde_json::to_string(&reference.snapshot(50)).unwrap()
        );
    }
}

#[test]
fn step_back_undoes_exactly_one_event() {
    let mut sim = straight_to(3_000_000);
    let before = sim.trace_hash();
    let steps = sim.steps();
    sim.step();
    assert_eq!(sim.steps(), steps + 1);
    sim.step_back();
    assert_eq!(sim.steps(), steps);
    assert_eq!(sim.trace_hash(), before);
}

#[test]
fn acting_in_the_past_forks_and_the_fork_replays() {
    let mut sim = straight_to(6_000_000);
    sim.seek(2_000_000);
    sim.inject(Action::Crash { node: 3 }).unwrap();
    // The scripted crash of S1 at 2.5 s was in the dropped future.
    let actions = &sim.scenario().actions;
    assert_eq!(actions.len(), 1);
    assert_eq!(actions[0].action, Action::Crash { node: 3 });
    assert_eq!(actions[0].at_ms, 2001);
    sim.run_until(6_000_000);
    // Replaying the forked scenario from scratch gives the same run.
    let mut replay = Simulation::new(sim.scenario().clone()).unwrap();
    replay.run_until(6_000_000);
    assert_eq!(replay.trace_hash(), sim.trace_hash());
    let roles = replay.node_roles();
    assert_eq!(roles[2], (3, "crashed"));
    assert_ne!(roles[0].1, "crashed");
}

#[test]
fn a_fork_can_be_undone_exactly_and_redone() {
    // Long enough that checkpoints were taken after the fork, on both sides.
    let mut sim = straight_to(30_000_000);
    assert!(sim.steps() > 3 * sim::engine::timeline::CHECKPOINT_EVERY_STEPS);
    let dropped_end = sim.trace_hash();
    sim.seek(2_000_000);
    let at_fork = (sim.trace_hash(), sim.steps(), sim.now());
    assert!(!sim.has_other_branch());
    assert!(
        sim.inject(Action::Crash { node: 3 }).unwrap(),
        "acting in the past forks"
    );
    sim.run_until(25_000_000);
    let new_side = sim.trace_hash();
    // Undo: back at the fork, with what came after it.
    assert!(sim.switch_branch());
    assert_eq!((sim.trace_hash(), sim.steps(), sim.now()), at_fork);
    assert_eq!(sim.scenario(), &scenario());
    sim.seek(30_000_000);
    assert_eq!(sim.trace_hash(), dropped_end, "the dropped future, exactly");
    // Redo: the other side again, at the fork.
    assert!(sim.switch_branch());
    assert_eq!((sim.steps(), sim.now()), (at_fork.1, at_fork.2));
    sim.seek(25_000_000);
    assert_eq!(sim.trace_hash(), new_side);
    assert_eq!(sim.scenario().actions[0].action, Action::Crash { node: 3 });
}

#[test]
fn acting_at_the_end_of_the_branch_does_not_fork_and_a_new_fork_replaces_the_old() {
    let mut sim = straight_to(3_000_000);
    assert!(!sim.inject(Action::Crash { node: 2 }).unwrap());
    assert!(!sim.switch_branch(), "nothing to switch to");
    sim.run_until(4_000_000);
    sim.seek(3_500_000);
    assert!(sim.inject(Action::Restart { node: 2 }).unwrap());
    sim.run_until(4_500_000);
    sim.seek(4_200_000);
    let before_second_fork = sim.scenario().clone();
    assert!(sim.inject(Action::Crash { node: 4 }).unwrap());
    assert!(sim.switch_branch());
    assert_eq!(
        sim.scenario(),
        &before_second_fork,
        "the last fork's other side"
    );
    // A new scenario (settings changed) is a new history: no other side.
    let mut changed = sim.scenario().clone();
    changed.seed += 1;
    sim.reconfigure(changed).unwrap();
    assert!(!sim.has_other_branch());
    assert!(!sim.switch_branch());
}
