//! Property tests: whatever arrives, in whatever order, a node keeps its local invariants,
//! and a cluster keeps Raft's safety properties.

mod support;

use common::NodeId;
use common::TERM_MAX;
use proptest::prelude::*;
use raft::{
    Config, ConflictHint, Durable, Entry, EntryPayload, Envelope, LogPosition, Message, Node, Role,
};
use support::{Cluster, Cmd};
use testkit::edges::{u64_with_edges, u8_with_edges};
use testkit::COMPACT_TIMERS;

// ----- One node, arbitrary input -----

/// A message described relative to the receiver's state at delivery time, so that random
/// input often lands close to what a real peer would send (and sometimes far from it).
#[derive(Clone, Debug)]
struct RawEnvelope {
    from: NodeId,
    to: NodeId,
    /// Added to the receiver's term (clamped at 0); `None` picks `absolute_term`.
    term_delta: Option<i8>,
    absolute_term: u64,
    kind: u8,
    flags: (bool, bool),
    /// How far back from the receiver's last entry `prev` (or `last`) points; past the end
    /// when negative.
    back: i8,
    /// Use the receiver's own term at that index for `prev`/`last` (else `absolute_term`).
    consistent: bool,
    entries: Vec<(u8, bool)>,
    number: u64,
}

fn raw_envelope() -> impl Strategy<Value = RawEnvelope> {
    (
        prop_oneof![8 => 2u8..=3, 1 => 0u8..=10],
        prop_oneof![8 => Just(1u8), 1 => 0u8..=10],
        prop::option::weighted(0.8, -1i8..=2),
        // Terms near real ones, and the edges: 0, 1, the last term there is and past it.
        prop_oneof![3 => 0u64..9, 1 => u64_with_edges(&[TERM_MAX])],
        0u8..5,
        (any::<bool>(), any::<bool>()),
        -2i8..6,
        prop::bool::weighted(0.8),
        prop::collection::vec((0u8..3, any::<bool>()), 0..5),
        u64_with_edges(&[TERM_MAX]),
    )
        .prop_map(
            |(
                from,
                to,
                term_delta,
                absolute_term,
                kind,
                flags,
                back,
                consistent,
                entries,
                number,
            )| {
                RawEnvelope {
                    from,
                    to,
                    term_delta,
                    absolute_term,
                    kind,
                    flags,
                    back,
                    consistent,
                    entries,
                    number,
                }
            },
        )
}

fn materialize(raw: &RawEnvelope, node: &Node<Cmd>) -> Envelope<Cmd> {
    let term = match raw.term_delta {
        Some(delta) => node.term().saturating_add_signed(i64::from(delta)),
        None => raw.absolute_term,
    };
    let last = node.log().len() as u64;
    let index = last.saturating_add_signed(-i64::from(raw.back));
    let own_term = node
        .log()
        .get((index as usize).wrapping_sub(1))
        .map_or(0, |e| e.term);
    let position = LogPosition {
        term: if raw.consistent {
            own_term
        } else {
            raw.absolute_term
        },
        index,
    };
    let message = match raw.kind {
        0 => Message::RequestVote {
            last: position,
            pre_vote: raw.flags.0,
            leadership_transfer: raw.flags.1,
        },
        1 => Message::VoteResponse {
            granted: raw.flags.0,
            pre_vote: raw.flags.1,
        },
        2 => {
            // Entry terms step up from prev's by 0 or 1, capped at the message's term.
            let mut entry_term = position.term.max(1);
            let entries = raw
                .entries
                .iter()
                .enumerate()
                .map(|(i, &(step, noop))| {
                    entry_term = entry_term.saturating_add(u64::from(step) / 2);
                    let index = index.wrapping_add(1 + i as u64);
                    let payload = if noop {
                        EntryPayload::Noop
                    } else {
                        EntryPayload::Command(format!("c{index}.{entry_term}"))
                    };
                    Entry {
                        index,
                        term: entry_term.min(term.max(1)),
                        payload,
                    }
                })
                .collect();
            Message::AppendEntries {
                prev: position,
                entries,
                leader_commit: raw.number,
            }
        }
        3 => Message::AppendEntriesResponse {
            success: raw.flags.0,
            match_index: if raw.flags.1 { index } else { raw.number },
            hint: raw.flags.1.then_some(ConflictHint {
                term: raw.absolute_term % 3,
                index: raw.number,
            }),
        },
        _ => Message::TimeoutNow,
    };
    Envelope {
        from: raw.from,
        to: raw.to,
        term,
        message,
    }
}

#[derive(Clone, Debug)]
enum Input {
    Tick(u8),
    Propose(u8),
    Campaign,
    Transfer(NodeId),
    Step(RawEnvelope),
    Restart,
}

fn input() -> impl Strategy<Value = Input> {
    prop_oneof![
        4 => (1u8..25).prop_map(Input::Tick),
        3 => any::<u8>().prop_map(Input::Propose),
        1 => Just(Input::Campaign),
        1 => (0u8..=4).prop_map(Input::Transfer),
        14 => raw_envelope().prop_map(Input::Step),
        1 => Just(Input::Restart),
    ]
}

fn options() -> impl Strategy<Value = (bool, bool, bool, bool)> {
    (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>())
}

fn node_config(
    id: NodeId,
    members: Vec<NodeId>,
    seed: u64,
    opts: (bool, bool, bool, bool),
) -> Config {
    // The compact timers, which the tick counts drawn above are sized for.
    let mut config = Config::with_timers(id, members, COMPACT_TIMERS);
    config.seed = seed;
    config.options.pre_vote = opts.0;
    config.options.check_quorum = opts.1;
    config.options.noop_on_election = opts.2;
    config.options.fast_backtrack = opts.3;
    config
}

/// The node's local invariants, compared with its state before the call.
fn check_local(before: &Node<Cmd>, after: &Node<Cmd>, output: &raft::Output<Cmd>) {
    let last_index = after.log().len() as u64;
    for (i, entry) in after.log().iter().enumerate() {
        assert_eq!(entry.index, i as u64 + 1, "log indexes are 1, 2, 3, …");
    }
    assert!(after.commit_index() <= last_index, "commit ≤ last index");
    assert!(
        after.applied_index() <= after.commit_index(),
        "applied ≤ commit"
    );
    assert!(after.term() >= before.term(), "the term never decreases");
    if after.term() == before.term() && before.voted_for().is_some() {
        assert_eq!(after.voted_for(), before.voted_for(), "one vote per term");
    }
    if after.role() == Role::Leader {
        assert_eq!(after.voted_for(), Some(after.id()));
        assert_eq!(after.leader(), Some(after.id()));
    }
    if before.durable() != after.durable() {
        assert!(
            output.persist,
            "durable state changed without asking to persist"
        );
    }
    // Committed entries are handed out once, in order, right after what was applied.
    let mut next = before.applied_index() + 1;
    for entry in &output.committed {
        assert_eq!(entry.index, next);
        assert_eq!(Some(entry), after.log().get(entry.index as usize - 1));
        next += 1;
    }
    assert_eq!(next - 1, after.applied_index().max(before.applied_index()));
    // A leader never drops its own entries (Leader Append-Only).
    if before.role() == Role::Leader
        && after.role() == Role::Leader
        && before.term() == after.term()
    {
        assert!(after.log().starts_with(before.log()));
    }
    // Messages come from this node and carry a term no older than... its own or a PreVote's.
    for message in &output.messages {
        assert_eq!(message.from, after.id());
        assert!(message.term >= 1);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: testkit::proptest_scale::scaled(256), ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_input_never_panics_or_breaks_local_invariants(
        seed in any::<u64>(),
        opts in options(),
        inputs in prop::collection::vec(input(), 1..120),
    ) {
        let config = node_config(1, vec![1, 2, 3], seed, opts);
        let mut node: Node<Cmd> = Node::new(config.clone(), Durable::default()).unwrap();
        for input in inputs {
            let before = node.clone();
            let output = match input {
                Input::Tick(times) => {
                    for _ in 0..times {
                        let before = node.clone();
                        let output = node.tick();
                        check_local(&before, &node, &output);
                    }
                    continue;
                }
                Input::Propose(n) => match node.propose(format!("p{n}")) {
                    Ok(output) => output,
                    Err(not_leader) => {
                        // A leader refuses only while handing leadership over (§3.10).
                        match node.view().transfer_to {
                            Some(target) => prop_assert_eq!(not_leader.leader_hint, Some(target)),
                            None => {
                                prop_assert_ne!(node.role(), Role::Leader);
                                prop_assert_eq!(not_leader.leader_hint, node.leader());
                            }
                        }
                        continue;
                    }
                },
                Input::Campaign => node.campaign(),
                Input::Transfer(to) => match node.transfer_leadership(to) {
                    Ok(output) => output,
                    Err(_) => continue,
                },
                Input::Step(raw) => {
                    let envelope = materialize(&raw, &node);
                    node.step(envelope)
                }
                Input::Restart => {
                    node = Node::new(config.clone(), node.durable()).unwrap();
                    prop_assert_eq!(node.commit_index(), 0);
                    prop_assert_eq!(node.role(), Role::Follower);
                    continue;
                }
            };
            check_local(&before, &node, &output);
            // Every event renders, and the node survives a serde round trip.
            for event in &output.events {
                prop_assert!(!event.to_string().is_empty());
            }
        }
        let json = serde_json::to_string(&node).unwrap();
        let back: Node<Cmd> = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back.view(), node.view());
    }
}

// ----- One node restarted from any durable state -----

/// A durable state near what a real run writes (consecutive indexes, terms that step up and
/// stay at or below the current term), or, in part or whole, far from it: edge terms, votes
/// for anyone, indexes out of place.
fn durable() -> impl Strategy<Value = Durable<Cmd>> {
    let entry = (
        prop::bool::weighted(0.8),
        u64_with_edges(&[TERM_MAX]),
        prop::bool::weighted(0.9),
        u64_with_edges(&[TERM_MAX]),
    );
    (
        u64_with_edges(&[TERM_MAX]),
        prop::option::of(u8_with_edges()),
        prop::collection::vec(entry, 0..6),
    )
        .prop_map(|(term, voted_for, entries)| {
            let mut entry_term = 1u64;
            let log = entries
                .into_iter()
                .enumerate()
                .map(|(i, (real_term, term_edge, real_index, index_edge))| {
                    entry_term = if real_term {
                        entry_term.max(1).min(term.max(1))
                    } else {
                        term_edge
                    };
                    Entry {
                        index: if real_index { i as u64 + 1 } else { index_edge },
                        term: entry_term,
                        payload: EntryPayload::Command(format!("d{i}")),
                    }
                })
                .collect();
            Durable {
                term,
                voted_for,
                log,
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: testkit::proptest_scale::scaled(256), ..ProptestConfig::default() })]

    /// Whatever durable state a link carries, `Node::new` refuses it with the field at fault,
    /// or the node it starts runs anything without panicking, wrapping or breaking its local
    /// invariants (overflow checks are on in tests and sweeps).
    #[test]
    fn any_durable_state_is_refused_by_field_or_runs_safely(
        durable in durable(),
        seed in any::<u64>(),
        opts in options(),
        inputs in prop::collection::vec(input(), 0..60),
    ) {
        let config = node_config(1, vec![1, 2, 3], seed, opts);
        let mut node: Node<Cmd> = match Node::new(config.clone(), durable.clone()) {
            Ok(node) => node,
            Err(raft::ConfigError::Durable(error)) => {
                let field = error.field();
                prop_assert!(
                    ["term", "voted_for"].contains(&field.as_str()) || field.starts_with("log["),
                    "{}", field
                );
                prop_assert!(!error.to_string().is_empty());
                return Ok(());
            }
            Err(other) => panic!("the config is valid, yet {other}"),
        };
        prop_assert!(durable.term <= TERM_MAX);
        for input in inputs {
            let before = node.clone();
            let output = match input {
                Input::Tick(times) => {
                    for _ in 0..times {
                        let before = node.clone();
                        let output = node.tick();
                        check_local(&before, &node, &output);
                    }
                    continue;
                }
                Input::Propose(n) => match node.propose(format!("p{n}")) {
                    Ok(output) => output,
                    Err(_) => continue,
                },
                Input::Campaign => node.campaign(),
                Input::Transfer(to) => match node.transfer_leadership(to) {
                    Ok(output) => output,
                    Err(_) => continue,
                },
                Input::Step(raw) => {
                    let envelope = materialize(&raw, &node);
                    node.step(envelope)
                }
                Input::Restart => {
                    // What a node writes, it reads back.
                    node = Node::new(config.clone(), node.durable()).unwrap();
                    continue;
                }
            };
            check_local(&before, &node, &output);
            prop_assert!(node.term() <= TERM_MAX, "terms never pass the last one");
        }
    }
}

// ----- A cluster under random scheduling -----

#[derive(Clone, Debug)]
enum Action {
    TickAll(u8),
    Tick(NodeId, u8),
    Deliver(usize),
    DeliverAll,
    Drop(usize),
    Duplicate(usize),
    Propose(NodeId),
    ProposeToLeader,
    Crash(NodeId),
    Restart(NodeId),
    Partition(u16),
    Heal,
    Campaign(NodeId),
    Transfer(NodeId, NodeId),
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        6 => (1u8..6).prop_map(Action::TickAll),
        3 => (1u8..=5, 1u8..12).prop_map(|(id, n)| Action::Tick(id, n)),
        20 => any::<usize>().prop_map(Action::Deliver),
        4 => Just(Action::DeliverAll),
        3 => any::<usize>().prop_map(Action::Drop),
        2 => any::<usize>().prop_map(Action::Duplicate),
        2 => (1u8..=5).prop_map(Action::Propose),
        6 => Just(Action::ProposeToLeader),
        1 => (1u8..=5).prop_map(Action::Crash),
        2 => (1u8..=5).prop_map(Action::Restart),
        1 => any::<u16>().prop_map(Action::Partition),
        1 => Just(Action::Heal),
        1 => (1u8..=5).prop_map(Action::Campaign),
        1 => (1u8..=5, 1u8..=5).prop_map(|(a, b)| Action::Transfer(a, b)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: testkit::proptest_scale::scaled(96), ..ProptestConfig::default() })]

    #[test]
    fn random_schedules_keep_one_leader_per_term_and_agreeing_committed_prefixes(
        size in 3u8..=5,
        seed in any::<u64>(),
        opts in options(),
        actions in prop::collection::vec(action(), 1..400),
    ) {
        let mut cluster = Cluster::new(size, |c| {
            let mut config = node_config(c.id, c.members.clone(), seed ^ u64::from(c.id), opts);
            config.election_timeout_ticks_min = 6;
            config.election_timeout_ticks_max = 12;
            config.heartbeat_interval_ticks = 2;
            *c = config;
        });
        let mut proposals = 0u32;
        for action in actions {
            let valid = |id: NodeId| id <= size;
            match action {
                Action::TickAll(n) => { cluster.tick_all(u64::from(n)); }
                Action::Tick(id, n) if valid(id) => { cluster.tick(id, u64::from(n)); }
                Action::Deliver(i) if !cluster.queue.is_empty() => {
                    let envelope = cluster.queue.remove(i % cluster.queue.len()).unwrap();
                    cluster.deliver_one(envelope);
                }
                Action::DeliverAll => { cluster.deliver(); }
                Action::Drop(i) if !cluster.queue.is_empty() => {
                    let len = cluster.queue.len();
                    cluster.queue.remove(i % len);
                }
                Action::Duplicate(i) if !cluster.queue.is_empty() => {
                    let envelope = cluster.queue[i % cluster.queue.len()].clone();
                    cluster.deliver_one(envelope);
                }
                Action::Propose(id) if cluster.nodes.contains_key(&id) => {
                    proposals += 1;
                    let _ = cluster.propose(id, &format!("p{proposals}"));
                }
                Action::ProposeToLeader => {
                    if let Some(leader) = cluster.leader() {
                        proposals += 1;
                        let _ = cluster.propose(leader, &format!("p{proposals}"));
                    }
                }
                Action::Crash(id) => cluster.crash(id),
                Action::Restart(id) if valid(id) && !cluster.nodes.contains_key(&id) => cluster.restart(id),
                Action::Partition(mask) => {
                    let side: std::collections::BTreeSet<NodeId> =
                        (1..=size).filter(|id| mask & (1 << id) != 0).collect();
                    let other = (1..=size).filter(|id| !side.contains(id)).collect();
                    cluster.partition(vec![side, other]);
                }
                Action::Heal => cluster.heal(),
                Action::Campaign(id) if cluster.nodes.contains_key(&id) => { cluster.campaign(id); }
                Action::Transfer(id, to) if cluster.nodes.contains_key(&id) => { let _ = cluster.transfer(id, to); }
                _ => {}
            }
            // Bounded: a real network would have dropped the excess long ago.
            while cluster.queue.len() > 400 {
                cluster.queue.pop_front();
            }
            prop_assert!(cluster.violations.is_empty(), "{:?}", cluster.violations);
            if let Some(violation) = cluster.log_matching_violation() {
                prop_assert!(false, "{}", violation);
            }
        }
        // Liveness: once healed and quiet, the cluster elects a leader and commits.
        for id in 1..=size {
            if !cluster.nodes.contains_key(&id) {
                cluster.restart(id);
            }
        }
        cluster.heal();
        cluster.queue.clear();
        for _ in 0..60 {
            cluster.tick_all(1);
            cluster.stabilize();
        }
        let leader = cluster.leader();
        prop_assert!(leader.is_some(), "a healed cluster elects a leader");
        let leader = leader.unwrap();
        prop_assert!(cluster.propose(leader, "final").is_ok());
        for _ in 0..10 {
            cluster.tick_all(1);
            cluster.stabilize();
        }
        let last = cluster.node(leader).log().len() as u64;
        prop_assert_eq!(cluster.node(leader).commit_index(), last);
        prop_assert!(cluster.violations.is_empty(), "{:?}", cluster.violations);
    }
}
