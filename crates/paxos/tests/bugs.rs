//! Each bug switch, shown doing harm. The schedules are the `bug_*.txt` stories (read them for
//! the narrative); here each one runs with the bug, where the checker must fire, and again
//! without it, where the same commands must be harmless.

mod support;

use common::SplitMix64;
use paxos::{Bug, Role};
use support::{Cluster, Script};

fn assert_two_values_chosen_only_with_bug(story: &str, bug: Bug) {
    let mut broken = Script::replay(story, true);
    let violations = &broken.cluster().violations;
    assert!(
        !violations.is_empty(),
        "{}: expected two values chosen for one slot",
        bug.name()
    );
    assert!(violations[0].contains("slot 1"), "{violations:?}");
    let mut healthy = Script::replay(story, false);
    assert_eq!(healthy.cluster().violations, Vec::<String>::new());
}

#[test]
fn adopt_any_value_chooses_two_values() {
    assert_two_values_chosen_only_with_bug("bug_adopt_any_value.txt", Bug::AdoptAnyValue);
}

#[test]
fn skip_phase_1_chooses_two_values() {
    assert_two_values_chosen_only_with_bug("bug_skip_phase_1.txt", Bug::SkipPhase1);
}

#[test]
fn forget_promise_on_restart_chooses_two_values() {
    assert_two_values_chosen_only_with_bug(
        "bug_forget_promise_on_restart.txt",
        Bug::ForgetPromiseOnRestart,
    );
}

#[test]
fn never_fill_gaps_stalls_application_forever() {
    let mut broken = Script::replay("bug_never_fill_gaps.txt", true);
    let cluster = broken.cluster();
    // Time passes, the leader keeps taking commands, every message is delivered.
    cluster.run_rounds(200);
    assert!(
        cluster.violations.is_empty(),
        "a liveness bug, not a safety one"
    );
    let leader = cluster.leader().expect("S2 still leads");
    let node = cluster.node(leader);
    assert_eq!(node.role(), Role::Leader);
    assert!(node.chosen().len() > 100, "commands keep being chosen");
    for id in cluster
        .ids()
        .into_iter()
        .filter(|id| cluster.nodes.contains_key(id))
    {
        assert_eq!(
            cluster.node(id).applied_index(),
            1,
            "S{id} applies nothing past the hole"
        );
    }

    let mut healthy = Script::replay("bug_never_fill_gaps.txt", false);
    let cluster = healthy.cluster();
    cluster.run_rounds(200);
    let leader = cluster.leader().unwrap();
    let chosen_last = *cluster.node(leader).chosen().keys().next_back().unwrap();
    assert!(chosen_last > 100);
    assert!(cluster.node(leader).applied_index() >= chosen_last - 1);
}

/// The first chaos seed (of `seeds`) whose schedule makes `bug` choose two values for a slot.
fn hunt(bug: Bug, seeds: u64) -> Option<u64> {
    (0..seeds).find(|&seed| {
        let mut rng = SplitMix64::new(seed);
        let mut cluster = Cluster::new(3 + (seed % 3) as u8, &[bug], false);
        (0..2000).any(|step| {
            cluster.chaos_step(&mut rng, step);
            !cluster.violations.is_empty()
        })
    })
}

/// The checkers do not need a hand-made schedule: random ones find every safety bug (and the
/// same seeds are harmless without it: see `liveness.rs`).
#[test]
fn random_schedules_find_each_safety_bug() {
    for bug in [
        Bug::SkipPhase1,
        Bug::AdoptAnyValue,
        Bug::ForgetPromiseOnRestart,
    ] {
        let seed = hunt(bug, 3000);
        assert!(
            seed.is_some(),
            "{}: no violation in 3000 chaos seeds",
            bug.name()
        );
    }
}
