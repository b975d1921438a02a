//! Tests that follow the Raft paper (Ongaro & Ousterhout, extended version), each named after
//! the section or figure it checks.

mod support;

use std::collections::BTreeMap;

use common::NodeId;
use raft::{Bug, Config, Durable, Entry, EntryPayload, Envelope, LogPosition, Message, Node, Role};
use support::{log_of_terms, Cluster, Cmd};

fn durable(term: u64, terms: &[u64]) -> Durable<Cmd> {
    Durable {
        term,
        voted_for: None,
        log: log_of_terms(terms),
    }
}

fn events(output: &raft::Output<Cmd>) -> Vec<String> {
    output.events.iter().map(|e| e.to_string()).collect()
}

// ----- §5.2 Leader election -----

#[test]
fn election_5_2_first_to_time_out_wins_and_everyone_follows() {
    let mut cluster = Cluster::new(5, |_| {});
    // Tick everyone until someone campaigns, then let the election run.
    for _ in 0..20 {
        cluster.tick_all(1);
        if !cluster.queue.is_empty() {
            break;
        }
    }
    cluster.stabilize();
    let leader = cluster.leader().expect("a leader is elected");
    let term = cluster.node(leader).term();
    for node in cluster.nodes.values() {
        assert_eq!(node.term(), term);
        assert_eq!(
            node.leader(),
            Some(leader),
            "S{} follows the leader",
            node.id()
        );
    }
    assert!(cluster.violations.is_empty(), "{:?}", cluster.violations);
}

#[test]
fn election_5_2_each_server_votes_once_per_term_first_come_first_served() {
    let mut cluster = Cluster::new(3, |_| {});
    cluster.campaign(1);
    cluster.campaign(2);
    // S3 hears S1 first, then S2, in the same term.
    cluster.deliver_where(|e| e.to == 3 && e.from == 1);
    let lines = cluster.deliver_where(|e| e.to == 3 && e.from == 2);
    assert_eq!(cluster.node(3).voted_for(), Some(1));
    assert!(
        lines.contains(
            &"S3 refused its vote to S2 for term 1: it already voted for S1 in term 1".to_string()
        ),
        "{lines:?}"
    );
}

#[test]
fn election_5_2_candidate_yields_to_leader_of_its_term() {
    let mut cluster = Cluster::new(3, |_| {});
    cluster.campaign(1);
    cluster.stabilize();
    assert_eq!(cluster.node(1).role(), Role::Leader);
    // S2 campaigns in term 2 but is cut off; a leader of term 2 then sends it AppendEntries.
    let mut candidate = cluster.node(2).clone();
    candidate.campaign();
    assert_eq!(candidate.role(), Role::Candidate);
    let append = Envelope {
        from: 3,
        to: 2,
        term: candidate.term(),
        message: Message::AppendEntries {
            prev: LogPosition { term: 1, index: 1 },
            entries: vec![],
            leader_commit: 0,
        },
    };
    let output = candidate.step(append);
    assert_eq!(candidate.role(), Role::Follower);
    assert_eq!(candidate.leader(), Some(3));
    assert!(
        events(&output)[0].contains("S3 already won this term"),
        "{:?}",
        events(&output)
    );
}

#[test]
fn election_5_2_timeouts_are_random_within_range_and_redrawn_at_each_reset() {
    let mut config = Config::new(1, vec![1, 2, 3]);
    config.election_timeout_ticks_min = 10;
    config.election_timeout_ticks_max = 30;
    let mut node: Node<Cmd> = Node::new(config, Durable::default()).unwrap();
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..40 {
        let timeout = node.view().election_timeout_ticks;
        assert!((10..=30).contains(&timeout));
        seen.insert(timeout);
        node.campaign(); // every campaign resets the timer
    }
    assert!(seen.len() > 5, "timeouts should vary: {seen:?}");
}

#[test]
fn election_5_1_leader_steps_down_on_higher_term() {
    let mut cluster = Cluster::new(3, |_| {});
    cluster.campaign(1);
    cluster.stabilize();
    let mut leader = cluster.node(1).clone();
    let output = leader.step(Envelope {
        from: 2,
        to: 1,
        term: 7,
        message: Message::AppendEntriesResponse {
            success: false,
            match_index: 0,
            hint: None,
        },
    });
    assert_eq!(leader.role(), Role::Follower);
    assert_eq!(leader.term(), 7);
    assert!(output.persist, "the new term is durable");
}

// ----- §5.3 Log replication -----

#[test]
fn replication_5_3_commands_commit_on_a_majority_and_reach_every_state_machine() {
    let mut cluster = Cluster::new(5, |_| {});
    cluster.campaign(1);
    cluster.stabilize();
    for i in 0..10 {
        cluster.propose(1, &format!("x={i}")).unwrap();
    }
    cluster.stabilize();
    cluster.heartbeat(1);
    for id in 1..=5 {
        let node = cluster.node(id);
        assert_eq!(node.commit_index(), 11, "S{id}");
        assert_eq!(node.applied_index(), 11, "S{id}");
        assert_eq!(
            cluster.applied_by[&id].len(),
            11,
            "each entry applied once on S{id}"
        );
    }
    assert!(cluster.violations.is_empty(), "{:?}", cluster.violations);
}

#[test]
fn replication_5_3_stale_append_that_matches_does_not_truncate() {
    let mut cluster = Cluster::new(3, |_| {});
    cluster.campaign(1);
    cluster.stabilize();
    cluster.propose(1, "a").unwrap();
    // Keep a copy of the first append of entry 2, as if the network delayed it.
    let delayed = cluster.queue.iter().find(|e| e.to == 2).cloned().unwrap();
    cluster.stabilize();
    cluster.propose(1, "b").unwrap();
    cluster.stabilize();
    assert_eq!(cluster.node(2).log().len(), 3);
    let lines = cluster.deliver_one(delayed);
    assert_eq!(
        cluster.node(2).log().len(),
        3,
        "entry 3 survives: {lines:?}"
    );
    assert!(lines.iter().all(|l| !l.contains("dropped")), "{lines:?}");
}

#[test]
fn replication_5_3_consistency_check_refuses_a_gap_and_a_mismatch() {
    let config = Config::new(2, vec![1, 2, 3]);
    let mut node: Node<Cmd> = Node::new(config, durable(2, &[1, 2])).unwrap();
    let append = |prev: LogPosition| Envelope {
        from: 1,
        to: 2,
        term: 3,
        message: Message::AppendEntries {
            prev,
            entries: vec![],
            leader_commit: 0,
        },
    };
    let gap = node.step(append(LogPosition { term: 2, index: 5 }));
    assert_eq!(
        events(&gap).last().unwrap(),
        "S2 rejected AppendEntries from S1: no entry at prev index 5 (log ends at index 2) (§5.3)"
    );
    let mismatch = node.step(append(LogPosition { term: 3, index: 2 }));
    assert_eq!(
        events(&mismatch).last().unwrap(),
        "S2 rejected AppendEntries from S1: entry 2 has term 2, not term 3 (§5.3)"
    );
    let Message::AppendEntriesResponse { success, hint, .. } = &mismatch.messages[0].message else {
        panic!("expected a response");
    };
    assert!(!success);
    assert_eq!(hint.map(|h| (h.term, h.index)), Some((2, 2)));
}

#[test]
fn replication_5_3_follower_commit_never_passes_the_entries_known_to_match() {
    let config = Config::new(2, vec![1, 2, 3]);
    // S2 holds a stale entry 3 from term 2 that the leader of term 3 does not have.
    let mut node: Node<Cmd> = Node::new(config, durable(2, &[1, 1, 2])).unwrap();
    let output = node.step(Envelope {
        from: 1,
        to: 2,
        term: 3,
        message: Message::AppendEntries {
            prev: LogPosition { term: 1, index: 2 },
            entries: vec![],
            leader_commit: 9,
        },
    });
    assert_eq!(node.commit_index(), 2, "{:?}", events(&output));
    assert_eq!(output.committed.len(), 2);
}

#[test]
fn replication_5_3_appends_are_bounded_and_a_far_behind_follower_catches_up() {
    let mut cluster = Cluster::new(3, |c| c.max_entries_per_append = 4);
    cluster.campaign(1);
    cluster.stabilize();
    cluster.crash(3);
    for i in 0..30 {
        cluster.propose(1, &format!("x={i}")).unwrap();
    }
    cluster.stabilize();
    cluster.restart(3);
    for _ in 0..20 {
        cluster.tick(1, 3);
        for envelope in &cluster.queue {
            if let Message::AppendEntries { entries, .. } = &envelope.message {
                assert!(entries.len() <= 4);
            }
        }
        cluster.stabilize();
    }
    assert_eq!(cluster.node(3).log(), cluster.node(1).log());
}

#[test]
fn replication_5_3_backtracking_one_entry_at_a_time_also_converges() {
    let mut cluster = Cluster::new(3, |c| c.options.fast_backtrack = false);
    cluster.campaign(1);
    cluster.stabilize();
    cluster.crash(3);
    for i in 0..8 {
        cluster.propose(1, &format!("x={i}")).unwrap();
    }
    cluster.stabilize();
    cluster.restart(3);
    cluster.heartbeat(3);
    assert_eq!(cluster.node(3).log(), cluster.node(1).log());
}

// ----- §5.4 Safety -----

#[test]
fn safety_5_4_1_vote_refused_to_a_less_up_to_date_log() {
    // S2's log ends at (term 3, index 7); S3's at (term 4, index 6).
    let members = vec![1, 2, 3];
    let mut s2: Node<Cmd> = Node::new(
        Config::new(2, members.clone()),
        durable(4, &[1, 1, 1, 2, 2, 3, 3]),
    )
    .unwrap();
    let mut s3: Node<Cmd> =
        Node::new(Config::new(3, members), durable(4, &[1, 1, 1, 2, 4, 4])).unwrap();
    let campaign = s2.campaign();
    assert_eq!(s2.term(), 5);
    let request = campaign.messages.into_iter().find(|e| e.to == 3).unwrap();
    let answer = s3.step(request);
    assert!(
        events(&answer).contains(
            &"S3 refused its vote to S2 for term 5: S2's log ends at (term 3, index 7), behind \
              S3's (term 4, index 6) (§5.4.1)"
                .to_string()
        ),
        "{:?}",
        events(&answer)
    );
    assert_eq!(s3.voted_for(), None);
}

#[test]
fn safety_5_4_1_bug_vote_without_log_check_elects_a_leader_missing_committed_entries() {
    let mut cluster = Cluster::new(3, |c| {
        c.bugs.insert(Bug::VoteWithoutLogCheck);
    });
    cluster.campaign(1);
    cluster.stabilize();
    // S3 misses a committed command.
    cluster.partition(vec![[1, 2].into(), [3].into()]);
    cluster.propose(1, "x=1").unwrap();
    cluster.stabilize();
    cluster.heartbeat(1);
    assert_eq!(cluster.node(1).commit_index(), 2);
    cluster.heal();
    cluster.crash(1);
    cluster.campaign(3);
    let lines = cluster.stabilize();
    assert_eq!(
        cluster.leader(),
        Some(3),
        "S3 wins without the committed entry"
    );
    assert!(
        cluster
            .violations
            .iter()
            .any(|v| v.contains("S3 leads term 2 without committed entry 2")),
        "Leader Completeness is violated: {:?}",
        cluster.violations
    );
    // S2 still refuses to drop the entry it knows is committed.
    assert!(
        lines.iter().any(|l| l.contains("which is committed")),
        "{lines:?}"
    );
}

// ----- Figure 7 -----

const FIGURE_7_LEADER: [u64; 10] = [1, 1, 1, 4, 4, 5, 5, 6, 6, 6];
const FIGURE_7_FOLLOWERS: [(&str, &[u64]); 6] = [
    ("a", &[1, 1, 1, 4, 4, 5, 5, 6, 6]),
    ("b", &[1, 1, 1, 4]),
    ("c", &[1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6]),
    ("d", &[1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7]),
    ("e", &[1, 1, 1, 4, 4, 4, 4]),
    ("f", &[1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3]),
];

/// Figure 7: the leader of term 8 (S1) and followers (a)–(f) as S2–S7. After the leader
/// commits an entry of term 8, every follower's log equals the leader's.
fn figure_7(panel: &str, fast_backtrack: bool) {
    let mut durables = BTreeMap::new();
    durables.insert(1, durable(7, &FIGURE_7_LEADER));
    for (i, (_, terms)) in FIGURE_7_FOLLOWERS.iter().enumerate() {
        let term = *terms.iter().max().unwrap();
        durables.insert(i as NodeId + 2, durable(term, terms));
    }
    let mut cluster =
        Cluster::with_durables(7, durables, |c| c.options.fast_backtrack = fast_backtrack);
    cluster.campaign(1);
    cluster.stabilize();
    let leader = cluster.node(1);
    assert_eq!((leader.role(), leader.term()), (Role::Leader, 8));
    // The no-op of term 8 at index 11 is committed, and with it everything before.
    assert_eq!(leader.log()[10].term, 8);
    assert_eq!(leader.commit_index(), 11);
    cluster.heartbeat(3);
    let (position, (_, _)) = FIGURE_7_FOLLOWERS
        .iter()
        .enumerate()
        .find(|(_, (name, _))| *name == panel)
        .unwrap();
    let follower = position as NodeId + 2;
    assert_eq!(
        cluster.log_terms(follower),
        cluster.log_terms(1),
        "follower ({panel}) converges to the leader's log"
    );
    assert_eq!(cluster.node(follower).log(), cluster.node(1).log());
    assert_eq!(cluster.node(follower).commit_index(), 11);
    assert!(cluster.violations.is_empty(), "{:?}", cluster.violations);
}

#[test]
fn figure_7_a_missing_one_entry() {
    figure_7("a", true);
    figure_7("a", false);
}
#[test]
fn figure_7_b_missing_many_entries() {
    figure_7("b", true);
    figure_7("b", false);
}
#[test]
fn figure_7_c_extra_uncommitted_entry_of_term_6() {
    figure_7("c", true);
    figure_7("c", false);
}
#[test]
fn figure_7_d_extra_entries_of_term_7() {
    figure_7("d", true);
    figure_7("d", false);
}
#[test]
fn figure_7_e_missing_and_extra_term_4_entries() {
    figure_7("e", true);
    figure_7("e", false);
}
#[test]
fn figure_7_f_extra_entries_of_terms_2_and_3() {
    figure_7("f", true);
    figure_7("f", false);
}

// ----- Figure 8 -----

/// Figure 8 (§5.4.2), panels (a)–(c). Five servers start with entry 1 (term 1). Returns the
/// cluster at the end of (c): S1 leads term 4 and index 2 (term 2) is on S1, S2 and S3.
fn figure_8_to_c(bugs: &[Bug]) -> Cluster {
    let durables = (1..=5).map(|id| (id, durable(1, &[1]))).collect();
    let mut cluster = Cluster::with_durables(5, durables, |c| {
        // As in the figure, leaders append nothing on election; one entry per message.
        c.options.noop_on_election = false;
        c.max_entries_per_append = 1;
        c.bugs.extend(bugs.iter().copied());
    });
    let is_append = |e: &Envelope<Cmd>| matches!(e.message, Message::AppendEntries { .. });

    // (a) S1 leads term 2 and replicates index 2 to S2 only.
    cluster.campaign(1);
    cluster.deliver();
    cluster.deliver();
    assert_eq!(
        (cluster.node(1).role(), cluster.node(1).term()),
        (Role::Leader, 2)
    );
    // Its announcement is lost; the heartbeat resends the probe, now carrying index 2.
    cluster.drop_where(is_append);
    cluster.propose(1, "a2").unwrap();
    let heartbeat = cluster.configs[&1].heartbeat_interval_ticks;
    cluster.tick(1, heartbeat);
    cluster.deliver_where(|e| e.to == 2);
    cluster.queue.clear();
    assert_eq!(cluster.log_terms(2), [1, 2]);
    cluster.crash(1);

    // (b) S5 wins term 3 with S3 and S4, and appends a different index 2.
    cluster.campaign(5);
    cluster.stabilize();
    assert_eq!(
        (cluster.node(5).role(), cluster.node(5).term()),
        (Role::Leader, 3)
    );
    cluster.propose(5, "b3").unwrap();
    cluster.queue.clear();
    cluster.crash(5);

    // (c) S1 restarts and wins term 4 (its first try, for term 3, fails: S3 and S4 voted).
    cluster.restart(1);
    cluster.campaign(1);
    cluster.stabilize();
    cluster.campaign(1);
    cluster.deliver();
    cluster.deliver();
    assert_eq!(
        (cluster.node(1).role(), cluster.node(1).term()),
        (Role::Leader, 4)
    );
    // The first round of AppendEntries probes S2 and S3; S2 already holds index 2, S3 gets it.
    cluster.drop_where(|e| e.to == 4);
    cluster.stabilize();
    assert_eq!(cluster.log_terms(3), [1, 2]);
    // S1 appends index 3 in term 4, but it goes nowhere yet.
    cluster.propose(1, "c4").unwrap();
    cluster.queue.clear();
    cluster
}

#[test]
fn figure_8_c_correct_core_does_not_commit_an_old_term_entry_on_a_majority() {
    let cluster = figure_8_to_c(&[]);
    let s1 = cluster.node(1);
    assert_eq!(s1.log()[1].term, 2);
    assert!(
        s1.commit_index() < 2,
        "index 2 is on a majority but from term 2: not committed"
    );
    assert!(cluster.violations.is_empty(), "{:?}", cluster.violations);
}

#[test]
fn figure_8_d_correct_core_lets_s5_overwrite_the_uncommitted_index_2() {
    let mut cluster = figure_8_to_c(&[]);
    cluster.crash(1);
    cluster.restart(5);
    cluster.campaign(5); // term 4: refused (S2, S3, S4 voted for S1)
    cluster.stabilize();
    cluster.campaign(5); // term 5
    cluster.stabilize();
    assert_eq!(
        (cluster.node(5).role(), cluster.node(5).term()),
        (Role::Leader, 5)
    );
    cluster.propose(5, "d5").unwrap();
    cluster.stabilize();
    cluster.heartbeat(3);
    assert_eq!(cluster.log_terms(3), [1, 3, 5]);
    assert!(
        cluster.violations.is_empty(),
        "nothing committed was lost: {:?}",
        cluster.violations
    );
}

#[test]
fn figure_8_bug_commit_old_term_commits_index_2_and_then_loses_it() {
    let mut cluster = figure_8_to_c(&[Bug::CommitOldTerm]);
    assert_eq!(
        cluster.node(1).commit_index(),
        2,
        "the bug counts replicas of a term-2 entry"
    );
    let committed = cluster.applied[&2].clone();
    assert_eq!(
        (committed.term, &committed.payload),
        (2, &EntryPayload::Command("a2".into()))
    );
    // (d) S1 crashes; S5 wins term 5 and overwrites index 2 on every server.
    cluster.crash(1);
    cluster.restart(5);
    cluster.campaign(5);
    cluster.stabilize();
    cluster.campaign(5);
    cluster.stabilize();
    assert_eq!(
        (cluster.node(5).role(), cluster.node(5).term()),
        (Role::Leader, 5)
    );
    cluster.propose(5, "d5").unwrap();
    cluster.stabilize();
    cluster.heartbeat(3);
    let overwritten: &Entry<Cmd> = &cluster.node(3).log()[1];
    assert_eq!(
        overwritten.term, 3,
        "the committed term-2 entry is gone from S3"
    );
    assert!(
        cluster.violations.iter().any(|v| v.contains("applied")),
        "State Machine Safety is violated: {:?}",
        cluster.violations
    );
}

#[test]
fn figure_8_e_once_a_term_4_entry_is_on_a_majority_s5_cannot_win() {
    let mut cluster = figure_8_to_c(&[]);
    // (e) S1 replicates index 3 (term 4) to S2 and S3 before crashing: 2 and 3 commit.
    cluster.heartbeat(3);
    assert_eq!(cluster.node(1).commit_index(), 3);
    cluster.crash(1);
    cluster.restart(5);
    for _ in 0..3 {
        cluster.campaign(5);
        cluster.stabilize();
    }
    assert_ne!(
        cluster.node(5).role(),
        Role::Leader,
        "S5's log is behind S2's and S3's"
    );
}
