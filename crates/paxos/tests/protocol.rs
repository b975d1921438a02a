//! Single-node behaviours, message by message: what each rule of the protocol does, and how
//! every kind of malformed message is refused with its reason.

mod support;

use paxos::{
    Accepted, Ballot, Bug, Category, Config, Durable, Envelope, Event, EventKind, Message, Node,
    NodeSet, NotLeader, Recovery, RejectReason, Role, Value,
};

fn node(id: u8, size: u8) -> Node<u64> {
    Node::new(Config::new(id, (1..=size).collect()), Durable::default()).unwrap()
}

fn to(node: &mut Node<u64>, from: u8, message: Message<u64>) -> paxos::Output<u64> {
    let to = node.id();
    node.step(Envelope { from, to, message })
}

fn rejection(out: &paxos::Output<u64>) -> Option<RejectReason> {
    out.events.iter().find_map(|event| match event.kind {
        EventKind::Rejected { reason, .. } => Some(reason),
        _ => None,
    })
}

#[test]
fn a_single_node_leads_and_chooses_alone() {
    let mut solo = node(1, 1);
    let out = solo.campaign();
    assert_eq!(solo.role(), Role::Leader);
    assert!(out.persist && out.messages.is_empty());
    let out = solo.propose(7).unwrap();
    assert_eq!(out.committed.len(), 1);
    assert_eq!(out.committed[0].value, Value::Command(7));
    assert_eq!((solo.commit_index(), solo.applied_index()), (1, 1));
}

#[test]
fn followers_redirect_clients_to_the_leader_they_know() {
    let mut follower = node(2, 3);
    assert_eq!(
        follower.propose(1).unwrap_err(),
        NotLeader { leader_hint: None }
    );
    to(
        &mut follower,
        1,
        Message::Heartbeat {
            ballot: Ballot::new(1, 1),
            commit: 0,
        },
    );
    assert_eq!(
        follower.propose(1).unwrap_err(),
        NotLeader {
            leader_hint: Some(1)
        }
    );
}

#[test]
fn promises_only_go_up_and_lower_ballots_get_a_nack() {
    let mut acceptor = node(3, 3);
    let out = to(
        &mut acceptor,
        1,
        Message::Prepare {
            ballot: Ballot::new(5, 1),
            from_slot: 1,
        },
    );
    assert!(out.persist);
    assert_eq!(acceptor.promised(), Ballot::new(5, 1));
    let out = to(
        &mut acceptor,
        2,
        Message::Prepare {
            ballot: Ballot::new(4, 2),
            from_slot: 1,
        },
    );
    assert_eq!(acceptor.promised(), Ballot::new(5, 1));
    assert_eq!(
        out.messages[0].message,
        Message::Nack {
            ballot: Ballot::new(4, 2),
            promised: Ballot::new(5, 1)
        }
    );
    assert_eq!(
        out.events[0].to_string(),
        "S3 refused to promise ballot 4.S2: it already promised 5.S1"
    );
    assert_eq!(out.events[0].category(), Category::Vote);
    // The same ballot again is answered again: Prepares may be duplicated.
    let out = to(
        &mut acceptor,
        1,
        Message::Prepare {
            ballot: Ballot::new(5, 1),
            from_slot: 1,
        },
    );
    assert!(!out.persist);
    assert!(matches!(out.messages[0].message, Message::Promise { .. }));
}

#[test]
fn a_promise_reports_what_was_accepted_from_the_asked_slot() {
    let mut acceptor = node(2, 3);
    for slot in 1..=3 {
        to(
            &mut acceptor,
            1,
            Message::Accept {
                ballot: Ballot::new(1, 1),
                slot,
                value: Value::Command(slot),
                commit: 0,
            },
        );
    }
    let out = to(
        &mut acceptor,
        3,
        Message::Prepare {
            ballot: Ballot::new(2, 3),
            from_slot: 2,
        },
    );
    let Message::Promise { entries, .. } = &out.messages[0].message else {
        panic!("{out:?}")
    };
    let slots: Vec<u64> = entries.iter().map(|(slot, _)| *slot).collect();
    assert_eq!(slots, vec![2, 3]);
    // Promising 2.S3 refuses the old leader's next Accept.
    let out = to(
        &mut acceptor,
        1,
        Message::Accept {
            ballot: Ballot::new(1, 1),
            slot: 4,
            value: Value::Noop,
            commit: 0,
        },
    );
    assert_eq!(
        rejection(&out),
        Some(RejectReason::StaleBallot {
            ballot: Ballot::new(1, 1),
            promised: Ballot::new(2, 3)
        })
    );
    assert!(!acceptor.accepted().contains_key(&4));
}

#[test]
fn recovery_keeps_the_highest_ballot_value_and_fills_holes_with_noops() {
    let mut candidate = node(1, 5);
    // Having promised 2.S3 once, S1's own next ballot is 3.S1.
    to(
        &mut candidate,
        3,
        Message::Prepare {
            ballot: Ballot::new(2, 3),
            from_slot: 1,
        },
    );
    candidate.campaign();
    let ballot = candidate.ballot();
    assert_eq!(ballot, Ballot::new(3, 1));
    let accepted = |round, node, command| Accepted {
        ballot: Ballot::new(round, node),
        value: Value::Command(command),
    };
    // An impossible promise (an entry above the promised ballot) is refused.
    let forged = vec![(1, accepted(9, 2, 99))];
    let out = to(
        &mut candidate,
        2,
        Message::Promise {
            ballot,
            from_slot: 1,
            entries: forged,
        },
    );
    assert!(matches!(
        rejection(&out),
        Some(RejectReason::EntryAboveBallot { slot: 1, .. })
    ));
    // S2 accepted 10 at slot 1 under 1.S2; S3 later accepted 11 there under 2.S3.
    let from_s2 = vec![(1, accepted(1, 2, 10)), (3, accepted(1, 2, 30))];
    let from_s3 = vec![(1, accepted(2, 3, 11))];
    to(
        &mut candidate,
        2,
        Message::Promise {
            ballot,
            from_slot: 1,
            entries: from_s2,
        },
    );
    assert_eq!(candidate.role(), Role::Candidate);
    let out = to(
        &mut candidate,
        3,
        Message::Promise {
            ballot,
            from_slot: 1,
            entries: from_s3,
        },
    );
    assert_eq!(candidate.role(), Role::Leader);
    let became = out
        .events
        .iter()
        .find(|e| matches!(e.kind, EventKind::BecameLeader { .. }));
    assert_eq!(
        became.unwrap().to_string(),
        "S1 became leader with ballot 3.S1: promises from S1, S2, S3; re-proposing slots 1–3 \
         (2 recovered values, 1 no-op)"
    );
    assert_eq!(
        candidate.accepted()[&1].value,
        Value::Command(11),
        "highest ballot wins (P2c)"
    );
    assert_eq!(candidate.accepted()[&2].value, Value::Noop);
    assert_eq!(candidate.accepted()[&3].value, Value::Command(30));
    assert!(
        candidate.accepted().values().all(|a| a.ballot == ballot),
        "all re-stamped"
    );
    // New commands go after the recovered slots.
    candidate.propose(40).unwrap();
    assert_eq!(candidate.accepted()[&4].value, Value::Command(40));
}

#[test]
fn the_issue_s_example_sentences_render_as_written() {
    let event = Event {
        node: 1,
        kind: EventKind::BecameLeader {
            ballot: Ballot::new(5, 1),
            promises: [1, 2, 3]
                .into_iter()
                .fold(NodeSet::default(), |mut set, id| {
                    set.insert(id);
                    set
                }),
            recovery: Recovery {
                first: 3,
                last: 5,
                recovered: 2,
                noops: 1,
                left_open: 0,
                skipped_phase_1: false,
            },
        },
    };
    assert_eq!(
        event.to_string(),
        "S1 became leader with ballot 5.S1: promises from S1, S2, S3; re-proposing slots 3–5 \
         (2 recovered values, 1 no-op)"
    );
    assert_eq!(event.category(), Category::Role);
}

#[test]
fn a_nack_makes_a_stale_leader_step_down_at_once() {
    let mut leader = node(1, 3);
    leader.campaign();
    let ballot = leader.ballot();
    to(
        &mut leader,
        2,
        Message::Promise {
            ballot,
            from_slot: 1,
            entries: vec![],
        },
    );
    assert_eq!(leader.role(), Role::Leader);
    let out = to(
        &mut leader,
        3,
        Message::Nack {
            ballot: Ballot::new(1, 1),
            promised: Ballot::new(4, 2),
        },
    );
    assert_eq!(leader.role(), Role::Follower);
    assert_eq!(
        out.events[0].to_string(),
        "S1 stopped being leader of ballot 1.S1: a Nack from S3 shows ballot 4.S2"
    );
    // Its next ballot is above what the Nack showed.
    leader.campaign();
    assert_eq!(leader.ballot(), Ballot::new(5, 1));
}

#[test]
fn a_restart_keeps_the_promise_so_a_ballot_is_never_reused() {
    let mut first = node(1, 3);
    first.campaign();
    assert_eq!(first.ballot(), Ballot::new(1, 1));
    let mut again = Node::new(first.config().clone(), first.durable()).unwrap();
    assert_eq!((again.role(), again.commit_index()), (Role::Follower, 0));
    again.campaign();
    assert_eq!(again.ballot(), Ballot::new(2, 1));

    let mut config = first.config().clone();
    config.bugs.insert(Bug::ForgetPromiseOnRestart);
    let mut forgetful = Node::<u64>::new(config, first.durable()).unwrap();
    assert_eq!(forgetful.promised(), Ballot::ZERO);
    forgetful.campaign();
    assert_eq!(
        forgetful.ballot(),
        Ballot::new(1, 1),
        "the bug reuses a ballot"
    );
}

#[test]
fn flexible_quorums_let_one_acceptance_choose() {
    let members = vec![1, 2, 3];
    let mut config = Config::new(1, members);
    config.options.phase1_quorum = Some(3);
    config.options.phase2_quorum = Some(1);
    let mut leader = Node::<u64>::new(config, Durable::default()).unwrap();
    leader.campaign();
    let ballot = leader.ballot();
    to(
        &mut leader,
        2,
        Message::Promise {
            ballot,
            from_slot: 1,
            entries: vec![],
        },
    );
    assert_eq!(leader.role(), Role::Candidate, "phase 1 needs all three");
    to(
        &mut leader,
        3,
        Message::Promise {
            ballot,
            from_slot: 1,
            entries: vec![],
        },
    );
    assert_eq!(leader.role(), Role::Leader);
    let out = leader.propose(5).unwrap();
    assert_eq!(
        out.committed.len(),
        1,
        "phase 2 needs only the leader itself"
    );
}

#[test]
fn catch_up_is_bounded_per_message_and_continues_until_done() {
    let mut cluster = support::Cluster::new(3, &[], false);
    cluster.campaign(1);
    cluster.stabilize();
    cluster.crash(3);
    for n in 0..150 {
        cluster.propose(1, &format!("c{n}")).unwrap();
    }
    cluster.stabilize();
    cluster.restart(3).unwrap();
    for _ in 0..3 {
        cluster.tick(1);
    }
    let mut replies = 0;
    while let Some(envelope) = cluster.queue.pop_front() {
        if let Message::CatchUpReply { values, .. } = &envelope.message {
            assert!(values.len() <= 64);
            replies += 1;
        }
        cluster.deliver(envelope);
    }
    assert_eq!(replies, 3, "150 values in batches of at most 64");
    assert_eq!(cluster.node(3).commit_index(), 150);
}

#[test]
fn malformed_messages_are_refused_with_a_reason_and_change_nothing() {
    let b = |round, node| Ballot::new(round, node);
    let cases: Vec<(u8, u8, Message<u64>, RejectReason)> = vec![
        (
            2,
            3,
            Message::Prepare {
                ballot: b(1, 2),
                from_slot: 1,
            },
            RejectReason::NotAddressedHere { to: 3 },
        ),
        (
            7,
            1,
            Message::Prepare {
                ballot: b(1, 7),
                from_slot: 1,
            },
            RejectReason::UnknownSender,
        ),
        (
            1,
            1,
            Message::Prepare {
                ballot: b(1, 1),
                from_slot: 1,
            },
            RejectReason::FromItself,
        ),
        (
            2,
            1,
            Message::Prepare {
                ballot: b(1, 3),
                from_slot: 1,
            },
            RejectReason::BallotNotSenders { ballot: b(1, 3) },
        ),
        (
            2,
            1,
            Message::Heartbeat {
                ballot: b(0, 2),
                commit: 0,
            },
            RejectReason::ZeroBallot,
        ),
        (
            2,
            1,
            Message::Accepted {
                ballot: b(1, 2),
                slot: 1,
            },
            RejectReason::NotOurBallot { ballot: b(1, 2) },
        ),
        (
            2,
            1,
            Message::Accept {
                ballot: b(1, 2),
                slot: 0,
                value: Value::Noop,
                commit: 0,
            },
            RejectReason::SlotZero,
        ),
        (
            2,
            1,
            Message::Nack {
                ballot: b(2, 1),
                promised: b(1, 2),
            },
            RejectReason::NackNotHigher {
                ballot: b(2, 1),
                promised: b(1, 2),
            },
        ),
        (
            2,
            1,
            Message::CatchUpReply {
                from_slot: 1,
                values: vec![Value::Noop; 65],
                commit: 70,
            },
            RejectReason::TooManyValues { count: 65, max: 64 },
        ),
        (
            2,
            1,
            Message::CatchUpReply {
                from_slot: u64::MAX,
                values: vec![Value::Noop],
                commit: 0,
            },
            RejectReason::SlotOutOfRange { slot: u64::MAX },
        ),
        (
            2,
            1,
            Message::Accept {
                ballot: b(1, 2),
                slot: 1 << 40,
                value: Value::Noop,
                commit: 0,
            },
            RejectReason::SlotTooFarAhead {
                slot: 1 << 40,
                commit: 0,
                ahead_max: 1 << 16,
            },
        ),
        (
            2,
            1,
            Message::CatchUpRequest { from_slot: 1 },
            RejectReason::NothingToSend {
                from_slot: 1,
                commit: 0,
            },
        ),
        (
            2,
            1,
            Message::Promise {
                ballot: b(1, 1),
                from_slot: 1,
                entries: vec![],
            },
            RejectReason::StaleReply { ballot: b(1, 1) },
        ),
    ];
    for (from, to, message, reason) in cases {
        let mut node = node(1, 3);
        let before = node.accepted().clone();
        let out = node.step(Envelope {
            from,
            to,
            message: message.clone(),
        });
        assert_eq!(rejection(&out), Some(reason), "{message:?}");
        assert_eq!(node.accepted(), &before);
        let text = out
            .events
            .iter()
            .find(|e| {
                e.category() == Category::Reject && matches!(e.kind, EventKind::Rejected { .. })
            })
            .map(|e| e.to_string());
        assert!(
            text.is_some_and(|t| t.starts_with("S1 rejected")),
            "{message:?}"
        );
    }
}

#[test]
fn a_forgetful_node_can_restart_twice() {
    let mut config = Config::new(2, vec![1, 2, 3]);
    config.bugs.insert(Bug::ForgetPromiseOnRestart);
    let mut node = Node::<u64>::new(config.clone(), Durable::default()).unwrap();
    let accept = |round, slot| Message::Accept {
        ballot: Ballot::new(round, 1),
        slot,
        value: Value::Noop,
        commit: 0,
    };
    to(&mut node, 1, accept(5, 1));
    let mut node = Node::new(config.clone(), node.durable()).unwrap();
    to(&mut node, 1, accept(2, 2));
    // Promised 2.S1 while slot 1 was accepted under 5.S1 before: only the bug allows that.
    let durable = node.durable();
    assert!(Node::new(config, durable.clone()).is_ok());
    let healthy = Config::new(2, vec![1, 2, 3]);
    assert!(Node::<u64>::new(healthy, durable).is_err());
}
