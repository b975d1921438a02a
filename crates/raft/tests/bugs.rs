//! Each bug switch breaks the rule it names, and the harness's checks catch it. (The
//! `commit-old-term` and `vote-without-log-check` switches are shown in `paper.rs` with
//! Figure 8 and §5.4.1; `forget-vote-on-restart` in the story of the same name.)

mod support;

use raft::{Bug, Role};
use support::Cluster;

fn with_bug(size: u8, bug: Bug) -> Cluster {
    Cluster::new(size, |c| {
        c.bugs.insert(bug);
    })
}

/// Five servers; S1 leads term 1 and gets entries 2..4 onto S2 only; S3 then leads term 2
/// with S4 and S5 and appends entries 2..3 of its own. Returns with the partition healed
/// except that S1 stays cut off.
fn divergent_logs(bug: Bug) -> Cluster {
    let mut cluster = with_bug(5, bug);
    cluster.campaign(1);
    cluster.stabilize();
    cluster.partition(vec![[1, 2].into(), [3, 4, 5].into()]);
    for command in ["a", "b", "c"] {
        cluster.propose(1, command).unwrap();
    }
    cluster.stabilize();
    cluster.campaign(3);
    cluster.stabilize();
    assert_eq!(cluster.node(3).role(), Role::Leader);
    cluster.propose(3, "x").unwrap();
    cluster.stabilize();
    cluster.partition(vec![[1].into(), [2, 3, 4, 5].into()]);
    cluster.heartbeat(3);
    cluster
}

#[test]
fn correct_core_truncates_the_conflicting_suffix() {
    let cluster = divergent_logs(Bug::CommitOldTerm); // a bug that plays no part here
    assert_eq!(cluster.log_terms(2), [1, 2, 2]);
    assert_eq!(cluster.log_matching_violation(), None);
}

#[test]
fn append_without_truncate_breaks_log_matching() {
    let cluster = divergent_logs(Bug::AppendWithoutTruncate);
    // S2 overwrote entries 2 and 3 but kept its entry 4 of term 1.
    assert_eq!(cluster.log_terms(2), [1, 2, 2, 1]);
    let violation = cluster
        .log_matching_violation()
        .expect("Log Matching is broken");
    assert_eq!(violation, "S1 and S2 agree on entry 4 but differ before it");
}

#[test]
fn apply_before_commit_applies_an_entry_that_is_later_replaced() {
    let cluster = divergent_logs(Bug::ApplyBeforeCommit);
    assert!(
        cluster
            .violations
            .iter()
            .any(|v| v.contains("at index 2, where") && v.contains("was applied before")),
        "State Machine Safety is broken: {:?}",
        cluster.violations
    );
}

#[test]
fn leader_ignores_higher_term_makes_two_leaders_in_one_term() {
    let mut cluster = with_bug(3, Bug::LeaderIgnoresHigherTerm);
    cluster.campaign(1);
    cluster.stabilize();
    cluster.partition(vec![[1].into(), [2, 3].into()]);
    cluster.campaign(2);
    cluster.stabilize();
    assert_eq!(cluster.node(2).role(), Role::Leader);
    cluster.heal();
    let lines = cluster.heartbeat_lines();
    assert!(
        lines.iter().any(|l| l.contains("yet it keeps leading")),
        "{lines:?}"
    );
    assert_eq!(
        (cluster.node(1).role(), cluster.node(1).term()),
        (Role::Leader, 2)
    );
    assert!(
        cluster
            .violations
            .contains(&"two leaders in term 2: S2 and S1".to_string()),
        "{:?}",
        cluster.violations
    );
}

#[test]
fn every_bug_is_off_by_default() {
    let cluster = Cluster::new(3, |_| {});
    assert!(cluster.configs.values().all(|c| c.bugs.is_empty()));
    assert_eq!(Bug::ALL.len(), 6);
}
