//! Property tests. One node fed arbitrary ticks, proposals, restarts and arbitrary messages
//! (malformed, stale, from strangers, for someone else) never panics and keeps its local
//! invariants; a whole cluster under arbitrary delivery orders, drops, duplicates, crashes and
//! restarts never chooses two values for one slot.

mod support;

use common::{INDEX_MAX, TERM_MAX};
use paxos::{Accepted, Ballot, Config, Durable, Envelope, Message, Node, Output, Value};
use proptest::prelude::*;
use testkit::edges::u64_with_edges;
use testkit::COMPACT_TIMERS;

/// Rounds near real ones, and the edges: 0, 1, the last round there is and past it.
fn ballot() -> impl Strategy<Value = Ballot> {
    (
        prop_oneof![6 => 0u64..6, 1 => u64_with_edges(&[TERM_MAX])],
        0u8..11,
    )
        .prop_map(|(round, node)| Ballot::new(round, node))
}

fn slot() -> impl Strategy<Value = u64> {
    prop_oneof![8 => 0u64..12, 1 => u64_with_edges(&[INDEX_MAX])]
}

fn value() -> impl Strategy<Value = Value<u64>> {
    prop_oneof![1 => Just(Value::Noop), 3 => (0u64..4).prop_map(Value::Command)]
}

fn message() -> impl Strategy<Value = Message<u64>> {
    prop_oneof![
        (ballot(), slot()).prop_map(|(ballot, from_slot)| Message::Prepare { ballot, from_slot }),
        (
            ballot(),
            slot(),
            prop::collection::vec((slot(), ballot(), value()), 0..4)
        )
            .prop_map(|(ballot, from_slot, entries)| Message::Promise {
                ballot,
                from_slot,
                entries: entries
                    .into_iter()
                    .map(|(slot, ballot, value)| (slot, Accepted { ballot, value }))
                    .collect(),
            }),
        (ballot(), ballot()).prop_map(|(ballot, promised)| Message::Nack { ballot, promised }),
        (ballot(), slot(), value(), slot()).prop_map(|(ballot, slot, value, commit)| {
            Message::Accept {
                ballot,
                slot,
                value,
                commit,
            }
        }),
        (ballot(), slot()).prop_map(|(ballot, slot)| Message::Accepted { ballot, slot }),
        (ballot(), slot()).prop_map(|(ballot, commit)| Message::Heartbeat { ballot, commit }),
        slot().prop_map(|from_slot| Message::CatchUpRequest { from_slot }),
        (slot(), prop::collection::vec(value(), 0..5), slot()).prop_map(
            |(from_slot, values, commit)| Message::CatchUpReply {
                from_slot,
                values,
                commit
            }
        ),
    ]
}

#[derive(Clone, Debug)]
enum Op {
    Tick(u8),
    Campaign,
    Propose(u64),
    Restart,
    Step(Envelope<u64>),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (1u8..25).prop_map(Op::Tick),
        1 => Just(Op::Campaign),
        2 => (0u64..100).prop_map(Op::Propose),
        1 => Just(Op::Restart),
        // Mostly well-addressed, from real peers; sometimes from strangers or for others.
        10 => (prop_oneof![6 => 2u8..4, 1 => 0u8..11], prop_oneof![6 => Just(1u8), 1 => 0u8..11], message())
            .prop_map(|(from, to, message)| Op::Step(Envelope { from, to, message })),
    ]
}

/// Local invariants, checked in full (the node's own debug checks are cheaper and partial).
fn check_node(node: &Node<u64>, promised_before: Ballot, commit_before: u64, out: &Output<u64>) {
    assert!(
        node.promised() >= promised_before,
        "promised never decreases"
    );
    for (slot, accepted) in node.accepted() {
        assert!(*slot > 0);
        assert!(
            accepted.ballot <= node.promised(),
            "slot {slot}: accepted above the promise"
        );
    }
    assert!(node.applied_index() <= node.commit_index());
    for slot in 1..=node.commit_index() {
        assert!(
            node.chosen().contains_key(&slot),
            "commit prefix has a hole at {slot}"
        );
    }
    for (expected, entry) in (commit_before + 1..).zip(&out.committed) {
        assert_eq!(
            entry.slot, expected,
            "committed entries come in order, each once"
        );
    }
}

/// Applies one call and checks the node against what it was before.
fn checked(node: &mut Node<u64>, call: impl FnOnce(&mut Node<u64>) -> Output<u64>) {
    let (promised, commit, durable) = (node.promised(), node.commit_index(), node.durable());
    let out = call(node);
    assert!(
        out.persist || node.durable() == durable,
        "durable state changed without persist"
    );
    check_node(node, promised, commit, &out);
}

fn cases(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases: testkit::proptest_scale::scaled(cases),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(cases(96))]

    #[test]
    fn one_node_survives_anything(ops in prop::collection::vec(op(), 1..150), seed in any::<u64>()) {
        // The compact timers, which the tick counts drawn by `op` are sized for.
        let mut config = Config::with_timers(1, vec![1, 2, 3], COMPACT_TIMERS);
        config.seed = seed;
        config.options.slots_ahead_max = 64;
        config.options.max_values_per_catch_up = 4;
        config.options.max_inflight_slots = 4;
        let mut node = Node::new(config.clone(), Durable::default()).unwrap();
        for op in ops {
            match op {
                Op::Tick(count) => {
                    for _ in 0..count {
                        checked(&mut node, Node::tick);
                    }
                }
                Op::Campaign => checked(&mut node, Node::campaign),
                Op::Propose(command) => {
                    checked(&mut node, |node| node.propose(command).unwrap_or_default())
                }
                Op::Restart => {
                    let promised = node.promised();
                    node = Node::new(config.clone(), node.durable()).unwrap();
                    prop_assert_eq!(node.promised(), promised, "a restart keeps the promise");
                    check_node(&node, promised, 0, &Output::default());
                }
                Op::Step(envelope) => checked(&mut node, |node| node.step(envelope)),
            }
            // The state serializes and comes back equal (time travel, scenarios).
            let json = serde_json::to_string(&node).unwrap();
            let back: Node<u64> = serde_json::from_str(&json).unwrap();
            prop_assert_eq!(&back, &node);
        }
    }
}

/// A durable state near what a real acceptor writes (accepted ballots at or below the
/// promise), or far from it: edge rounds and slots, ballots of strangers.
fn durable() -> impl Strategy<Value = Durable<u64>> {
    (
        ballot(),
        prop::collection::vec((slot(), ballot(), value()), 0..5),
    )
        .prop_map(|(promised, accepted)| Durable {
            promised,
            accepted: accepted
                .into_iter()
                .map(|(slot, ballot, value)| (slot, Accepted { ballot, value }))
                .collect(),
        })
}

proptest! {
    #![proptest_config(cases(256))]

    /// Whatever durable state a link carries, `Node::new` refuses it with the field at fault,
    /// or the node it starts survives anything (overflow checks are on in tests and sweeps).
    #[test]
    fn any_durable_state_is_refused_by_field_or_runs_safely(
        durable in durable(),
        ops in prop::collection::vec(op(), 0..60),
    ) {
        let config = Config::with_timers(1, vec![1, 2, 3], COMPACT_TIMERS);
        let mut node = match Node::new(config.clone(), durable) {
            Ok(node) => node,
            Err(paxos::ConfigError::Durable(error)) => {
                let field = error.field();
                prop_assert!(field.starts_with("promised.") || field.starts_with("accepted."), "{}", field);
                prop_assert!(!error.to_string().is_empty());
                return Ok(());
            }
            Err(other) => panic!("the config is valid, yet {other}"),
        };
        for op in ops {
            match op {
                Op::Tick(count) => {
                    for _ in 0..count {
                        checked(&mut node, Node::tick);
                    }
                }
                Op::Campaign => checked(&mut node, Node::campaign),
                Op::Propose(command) => {
                    checked(&mut node, |node| node.propose(command).unwrap_or_default())
                }
                // What a node writes, it reads back.
                Op::Restart => node = Node::new(config.clone(), node.durable()).unwrap(),
                Op::Step(envelope) => checked(&mut node, |node| node.step(envelope)),
            }
            prop_assert!(node.promised().round <= TERM_MAX, "rounds never pass the last one");
        }
    }
}

#[derive(Clone, Debug)]
enum ClusterOp {
    Tick(u8),
    Deliver(usize),
    Duplicate(usize),
    Drop(usize),
    Propose(u8),
    Campaign(u8),
    Crash(u8),
    Restart(u8),
}

fn cluster_op() -> impl Strategy<Value = ClusterOp> {
    prop_oneof![
        6 => (1u8..6).prop_map(ClusterOp::Tick),
        20 => any::<usize>().prop_map(ClusterOp::Deliver),
        2 => any::<usize>().prop_map(ClusterOp::Duplicate),
        3 => any::<usize>().prop_map(ClusterOp::Drop),
        4 => (1u8..6).prop_map(ClusterOp::Propose),
        1 => (1u8..6).prop_map(ClusterOp::Campaign),
        1 => (1u8..6).prop_map(ClusterOp::Crash),
        2 => (1u8..6).prop_map(ClusterOp::Restart),
    ]
}

proptest! {
    #![proptest_config(cases(64))]

    #[test]
    fn a_cluster_never_chooses_two_values_for_a_slot(
        size in 3u8..6,
        ops in prop::collection::vec(cluster_op(), 1..400),
    ) {
        let mut cluster = support::Cluster::new(size, &[], false);
        let mut proposals = 0;
        for op in ops {
            match op {
                ClusterOp::Tick(id) => cluster.tick(1 + id % size),
                ClusterOp::Deliver(index) => cluster.deliver_index(index, false),
                ClusterOp::Duplicate(index) => cluster.deliver_index(index, true),
                ClusterOp::Drop(index) => cluster.drop_index(index),
                ClusterOp::Propose(id) => {
                    proposals += 1;
                    let _ = cluster.propose(1 + id % size, &format!("c{proposals}"));
                }
                ClusterOp::Campaign(id) => cluster.campaign(1 + id % size),
                ClusterOp::Crash(id) => cluster.crash(1 + id % size),
                ClusterOp::Restart(id) => {
                    let _ = cluster.restart(1 + id % size);
                }
            }
            prop_assert_eq!(&cluster.violations, &Vec::<String>::new());
        }
        // Every chosen value was proposed by a client or is a no-op.
        for node in cluster.nodes.values() {
            for value in node.chosen().values() {
                if let Value::Command(command) = value {
                    prop_assert!(command.starts_with('c'));
                }
            }
        }
    }
}
