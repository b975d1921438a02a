//! Aimed seeds (`sweep::aimed`): every fourth seed injects its faults at the moment and server
//! a bug needs. The bugs that random faults reach only by luck — Figure 8's first caught at
//! seed 761 before — are caught within the first seeds, by each seed aimed at them, and an
//! aimed run's scenario replays it exactly.

use sim::sweep::{random_scenario, run_seed, sweep};
use sim::{ProtocolKind, Simulation};

/// The bugs each aim is for, the invariant that catches it, and the first seeds of that aim:
/// Figure 8's returning leader on seeds 4, 12, 20…, the protocol's own aim on 8, 16, 24….
const AIMED: [(&str, ProtocolKind, &str, [u64; 3]); 4] = [
    (
        "commit-old-term",
        ProtocolKind::Raft,
        "Leader Completeness",
        [4, 12, 20],
    ),
    ("adopt-any-value", ProtocolKind::Paxos, "P2c", [4, 12, 20]),
    (
        "forget-vote-on-restart",
        ProtocolKind::Raft,
        "One vote per term",
        [8, 16, 24],
    ),
    (
        "never-fill-gaps",
        ProtocolKind::Paxos,
        "Liveness",
        [8, 16, 24],
    ),
];

#[test]
fn each_aimed_bug_is_caught_by_every_seed_aimed_at_it() {
    for (bug, protocol, invariant, seeds) in AIMED {
        for seed in seeds {
            let failure = run_seed(protocol, seed, Some(bug))
                .expect_err(&format!("{bug}: seed {seed} does not catch it"));
            assert_eq!(failure.invariant, invariant, "{bug}, seed {seed}");
        }
    }
}

#[test]
fn the_detection_table_catches_every_bug_within_300_seeds() {
    for bug in sim::scenario::bugs::all() {
        let report = sweep(bug.protocol, 1..=300, Some(bug.name), true);
        assert!(
            !report.failures.is_empty(),
            "{}: not caught in 300 seeds",
            bug.name
        );
    }
}

#[test]
fn an_aimed_run_replays_from_its_scenario() {
    // A clean run: the replay takes exactly the steps the directed run took.
    for (protocol, seed) in [
        (ProtocolKind::Raft, 4),
        (ProtocolKind::Raft, 8),
        (ProtocolKind::Paxos, 8),
    ] {
        let steps = run_seed(protocol, seed, None).expect("a correct core stays clean");
        let link = sim::scenario::link::encode(&random_scenario(protocol, seed, None));
        let mut replay =
            Simulation::forward_only(sim::scenario::link::decode(&link).unwrap()).unwrap();
        replay.run_to_end();
        assert_eq!(replay.steps(), steps, "{protocol} seed {seed}");
    }
    // A caught bug: the failure's scenario breaks the same invariant, the same way.
    let failure = run_seed(ProtocolKind::Raft, 4, Some("commit-old-term")).unwrap_err();
    let mut replay = Simulation::forward_only(failure.scenario.clone()).unwrap();
    replay.run_to_end();
    let violation = replay.violation().expect("the replay breaks it too");
    assert_eq!(violation.invariant, failure.invariant);
    assert_eq!(violation.to_string(), failure.explanation);
}
