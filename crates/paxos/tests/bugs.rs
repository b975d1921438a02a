//! Each bug switch, shown doing harm. The schedules are the `bug_*.txt` stories (read them for
//! the narrative); here each one runs with the bug, where the checker must fire, and again
//! without it, where the same commands must be harmless.

mod support;

use paxos::{Bug, Role};
use support::Script;

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
