//! The linearizability checker against histories with known answers, then against random
//! histories: sequential executions of the real model blurred into overlapping intervals
//! (always linearizable), the same with one read corrupted (always a violation), and small
//! arbitrary histories compared with a brute-force search over all orders.

use proptest::prelude::*;
use sim::checks::linearizability::{check, check_with_budget, Verdict};
use sim::engine::history::{History, Operation, Outcome, Time};
use sim::engine::kv::{apply_to_value, ClientId, Key, KvOp, KvOutput};

// ---- building histories ----------------------------------------------------------------

fn put(key: Key, value: u32) -> KvOp {
    KvOp::Put { key, value }
}

fn append(key: Key, value: u32) -> KvOp {
    KvOp::Append { key, value }
}

fn get(key: Key) -> KvOp {
    KvOp::Get { key }
}

fn done(at: Time) -> Outcome {
    Outcome::Returned {
        at,
        output: KvOutput::Done,
    }
}

fn value(at: Time, values: &[u32]) -> Outcome {
    Outcome::Returned {
        at,
        output: KvOutput::Value(values.to_vec()),
    }
}

fn timed_out(at: Time) -> Outcome {
    Outcome::TimedOut { at }
}

/// Builds a history; each client's operations get sequence numbers 1, 2, … in list order.
fn history(ops: &[(ClientId, KvOp, Time, Outcome)]) -> History {
    let mut seqs = std::collections::BTreeMap::new();
    let operations = ops
        .iter()
        .map(|(client, op, invoked_at, outcome)| {
            let seq = seqs.entry(*client).or_insert(0u32);
            *seq += 1;
            Operation {
                client: *client,
                seq: *seq,
                op: *op,
                invoked_at: *invoked_at,
                outcome: outcome.clone(),
            }
        })
        .collect();
    History { operations }
}

fn violation(verdict: &Verdict) -> &sim::checks::linearizability::Violation {
    match verdict {
        Verdict::Violation(violation) => violation,
        other => panic!("expected a violation, got {other:?}"),
    }
}

// ---- hand-written histories --------------------------------------------------------------

#[test]
fn empty_history_is_linearizable() {
    assert_eq!(check(&History::default()), Verdict::Linearizable);
}

#[test]
fn sequential_history_is_linearizable() {
    let h = history(&[
        (0, put(0, 1), 0, done(10)),
        (0, append(0, 2), 20, done(30)),
        (1, get(0), 40, value(50, &[1, 2])),
        (1, put(0, 3), 60, done(70)),
        (0, get(0), 80, value(90, &[3])),
        (0, get(1), 100, value(110, &[])),
    ]);
    assert_eq!(check(&h), Verdict::Linearizable);
}

#[test]
fn stale_read_after_completed_write_is_a_violation() {
    let h = history(&[
        (0, put(2, 1), 0, done(10)),
        (0, put(2, 2), 20, done(30)),
        (1, get(2), 40, value(50, &[1])),
    ]);
    let verdict = check(&h);
    let v = violation(&verdict);
    assert_eq!(v.key, 2);
    assert_eq!(v.operations, vec![0, 1, 2]);
    let text = v.to_string();
    assert!(text.starts_with("key k2: "), "{text}");
    assert!(text.contains("c1#1 get k2 returned ([1])"), "{text}");
    assert!(text.contains("would have returned [2]"), "{text}");
    assert!(
        verdict.to_string().contains("not linearizable"),
        "{verdict}"
    );
}

#[test]
fn concurrent_write_and_read_may_go_either_way() {
    for seen in [&[][..], &[7][..]] {
        let h = history(&[
            (0, put(0, 7), 0, done(100)),
            (1, get(0), 10, value(50, seen)),
        ]);
        assert_eq!(check(&h), Verdict::Linearizable, "read saw {seen:?}");
    }
    // But not a value nobody wrote.
    let h = history(&[
        (0, put(0, 7), 0, done(100)),
        (1, get(0), 10, value(50, &[8])),
    ]);
    assert!(check(&h).is_violation());
}

#[test]
fn read_cannot_flip_back_after_seeing_a_write() {
    // Two reads during a concurrent put: once one has seen the new value, a read invoked
    // after that one answered cannot see the old one.
    let h = history(&[
        (0, put(0, 7), 0, done(100)),
        (1, get(0), 10, value(20, &[7])),
        (2, get(0), 30, value(40, &[])),
    ]);
    assert!(check(&h).is_violation());
    // Overlapping reads may disagree in that way.
    let h = history(&[
        (0, put(0, 7), 0, done(100)),
        (1, get(0), 10, value(40, &[7])),
        (2, get(0), 30, value(50, &[])),
    ]);
    assert_eq!(check(&h), Verdict::Linearizable);
}

#[test]
fn equal_timestamps_are_concurrent() {
    // The get is invoked at the very instant the put answered: it may go first.
    let h = history(&[(0, put(0, 1), 0, done(10)), (1, get(0), 10, value(20, &[]))]);
    assert_eq!(check(&h), Verdict::Linearizable);
    // One microsecond later it may not.
    let h = history(&[(0, put(0, 1), 0, done(10)), (1, get(0), 11, value(20, &[]))]);
    assert!(check(&h).is_violation());
}

#[test]
fn timed_out_append_that_happened_explains_a_later_read() {
    let h = history(&[
        (0, append(0, 1), 0, done(10)),
        (1, append(0, 2), 20, timed_out(30)),
        // Applied long after its client gave up: no upper bound on when.
        (0, append(0, 3), 40, done(50)),
        (0, get(0), 60, value(70, &[1, 3, 2])),
    ]);
    assert_eq!(check(&h), Verdict::Linearizable);
}

#[test]
fn timed_out_append_cannot_happen_twice() {
    let h = history(&[
        (1, append(0, 2), 0, timed_out(10)),
        (0, get(0), 20, value(30, &[2, 2])),
    ]);
    let verdict = check(&h);
    let v = violation(&verdict);
    assert_eq!(v.key, 0);
    assert!(
        v.explanation.contains("c0#1 get k0 returned ([2, 2])"),
        "{v}"
    );
}

#[test]
fn timed_out_append_cannot_happen_before_its_invocation() {
    let h = history(&[
        (0, get(0), 0, value(10, &[2])),
        (1, append(0, 2), 20, timed_out(30)),
    ]);
    assert!(check(&h).is_violation());
}

#[test]
fn pending_operation_that_never_happened() {
    let h = history(&[
        (1, put(0, 9), 0, Outcome::Pending),
        (1, append(0, 4), 5, timed_out(15)),
        (0, put(0, 1), 10, done(20)),
        (0, get(0), 30, value(40, &[1])),
        (0, get(0), 50, value(60, &[1])),
        (2, get(0), 70, Outcome::Pending),
    ]);
    assert_eq!(check(&h), Verdict::Linearizable);
    // And a pending write may take effect between two reads, late.
    let mut h2 = h.clone();
    h2.operations[4].outcome = value(60, &[9]);
    assert_eq!(check(&h2), Verdict::Linearizable);
    // But not once it is visible and then undone by nothing.
    let mut h3 = h2.clone();
    h3.operations.push(Operation {
        client: 0,
        seq: 9,
        op: get(0),
        invoked_at: 80,
        outcome: value(90, &[1]),
    });
    assert!(check(&h3).is_violation());
}

#[test]
fn many_lost_requests_do_not_swamp_the_search() {
    // Thirty appends abandoned by their clients, all still "maybe happening" when the reads
    // come; one of them shows up in a read.
    let mut ops: Vec<_> = (0..30)
        .map(|i| {
            (
                i as ClientId,
                append(0, 100 + i),
                Time::from(i),
                timed_out(500),
            )
        })
        .collect();
    ops.push((40, put(0, 1), 1_000, done(1_010)));
    ops.push((40, get(0), 1_020, value(1_030, &[1, 117])));
    ops.push((40, get(0), 1_040, value(1_050, &[1, 117])));
    assert_eq!(check(&history(&ops)), Verdict::Linearizable);
    // A stale read among them is still found, and found definitely.
    ops.push((41, get(0), 1_060, value(1_070, &[1])));
    let verdict = check(&history(&ops));
    let v = violation(&verdict);
    assert_eq!(v.operations.len(), 34);
    assert!(v.explanation.contains("c41#1 get k0 returned ([1])"), "{v}");
}

#[test]
fn order_of_appends_shows_in_a_get() {
    let ordered = history(&[
        (0, append(0, 1), 0, done(10)),
        (1, append(0, 2), 20, done(30)),
        (0, get(0), 40, value(50, &[2, 1])),
    ]);
    let verdict = check(&ordered);
    let v = violation(&verdict);
    assert!(
        v.explanation.contains("c0#2 get k0 returned ([2, 1])"),
        "{v}"
    );
    assert!(v.explanation.contains("places 2 of them first"), "{v}");
    // Overlapping appends: either order.
    for seen in [[1, 2], [2, 1]] {
        let concurrent = history(&[
            (0, append(0, 1), 0, done(30)),
            (1, append(0, 2), 10, done(20)),
            (0, get(0), 40, value(50, &seen)),
        ]);
        assert_eq!(check(&concurrent), Verdict::Linearizable, "{seen:?}");
    }
}

#[test]
fn wrong_kind_of_output_is_a_violation() {
    let h = history(&[(0, put(0, 1), 0, value(10, &[1]))]);
    assert!(check(&h).is_violation());
    let h = history(&[(0, get(0), 0, done(10))]);
    assert!(check(&h).is_violation());
}

#[test]
fn keys_are_independent_and_the_violating_key_is_named() {
    let h = history(&[
        (0, put(0, 1), 0, done(10)),
        (1, put(3, 5), 0, done(10)),
        (0, get(0), 20, value(30, &[1])),
        (1, get(3), 20, value(30, &[1])), // k3 holds [5]: stale/foreign value
        (2, append(1, 4), 25, done(35)),
    ]);
    let verdict = check(&h);
    let v = violation(&verdict);
    assert_eq!(v.key, 3);
    assert_eq!(v.operations, vec![1, 3]);
    assert!(v.to_string().starts_with("key k3: "), "{v}");
    // Values on one key never explain reads on another.
    let h = history(&[
        (0, put(0, 1), 0, done(10)),
        (0, get(1), 20, value(30, &[1])),
    ]);
    let verdict = check(&h);
    let v = violation(&verdict);
    assert_eq!(v.key, 1);
    assert!(
        v.explanation
            .contains("on the empty k1 it would have returned []"),
        "{v}"
    );
}

/// Many concurrent appends with distinct values, then a read no order explains: proving that
/// takes every ordering of the appends, far more than a tiny budget.
fn hard_history(appends: u32) -> History {
    let mut ops: Vec<_> = (0..appends)
        .map(|i| (i as ClientId, append(0, i), Time::from(i), done(1_000)))
        .collect();
    ops.push((99, get(0), 2_000, value(2_010, &[0])));
    history(&ops)
}

#[test]
fn budget_exhaustion_is_unknown_not_a_violation() {
    let h = hard_history(12);
    match check_with_budget(&h, 1_000) {
        Verdict::Unknown { key, reason } => {
            assert_eq!(key, 0);
            assert!(reason.contains("gave up after exploring 1000"), "{reason}");
        }
        other => panic!("expected Unknown, got {other:?}"),
    }
    // A small history fits in a small budget.
    assert!(check_with_budget(&hard_history(3), 1_000).is_violation());
    assert_eq!(
        check_with_budget(&History::default(), 0),
        Verdict::Linearizable,
        "nothing to search"
    );
}

#[test]
fn a_violation_elsewhere_beats_an_unknown() {
    let mut h = hard_history(12);
    h.operations.push(Operation {
        client: 50,
        seq: 1,
        op: get(4),
        invoked_at: 0,
        outcome: value(5, &[3]),
    });
    let verdict = check_with_budget(&h, 1_000);
    assert_eq!(violation(&verdict).key, 4);
}

#[test]
fn malformed_history_is_unknown_with_a_reason() {
    let h = history(&[(0, put(1, 1), 50, done(10))]);
    match check(&h) {
        Verdict::Unknown { key, reason } => {
            assert_eq!(key, 1);
            assert!(reason.contains("malformed"), "{reason}");
            assert!(reason.contains("before its invocation"), "{reason}");
        }
        other => panic!("expected Unknown, got {other:?}"),
    }
    let h = history(&[(0, get(2), 50, timed_out(10))]);
    assert!(check(&h).is_unknown());
}

#[test]
fn history_order_does_not_matter() {
    let h = history(&[
        (1, append(0, 2), 20, done(30)),
        (0, append(0, 1), 0, done(10)),
        (0, get(0), 40, value(50, &[1, 2])),
    ]);
    assert_eq!(check(&h), Verdict::Linearizable);
}

#[test]
fn verdict_round_trips_through_json() {
    let verdicts = [
        check(&hard_history(2)),
        check(&History::default()),
        check_with_budget(&hard_history(12), 10),
    ];
    for verdict in verdicts {
        let json = serde_json::to_string(&verdict).unwrap();
        let back: Verdict = serde_json::from_str(&json).unwrap();
        assert_eq!(back, verdict, "{json}");
    }
}

// ---- random histories --------------------------------------------------------------------

/// What became of an operation in a generated execution.
#[derive(Clone, Copy, Debug)]
enum Fate {
    Answered,
    /// Took effect, but the client never learned it.
    Lost(bool /* pending rather than timed out */),
    /// Never took effect.
    Never(bool),
}

fn fate() -> impl Strategy<Value = Fate> {
    prop_oneof![
        12 => Just(Fate::Answered),
        1 => any::<bool>().prop_map(Fate::Lost),
        1 => any::<bool>().prop_map(Fate::Never),
    ]
}

fn kv_op(keys: Key) -> impl Strategy<Value = KvOp> {
    (0..keys, 0..3u8, 0..6u32).prop_map(|(key, kind, value)| match kind {
        0 => KvOp::Put { key, value },
        1 => KvOp::Append { key, value },
        _ => KvOp::Get { key },
    })
}

/// Runs the operations one at a time against the model, the i-th taking effect at instant
/// `100 * (i + 1)`, then blurs each into an interval around that instant (up to `spread`
/// either side), so neighbouring operations overlap.
fn blurred_execution(steps: Vec<(KvOp, ClientId, Fate, Time, Time)>) -> History {
    let mut values = std::collections::BTreeMap::<Key, Vec<u32>>::new();
    let mut operations = Vec::new();
    for (i, (op, client, fate, before, after)) in steps.into_iter().enumerate() {
        let at = 100 * (i as Time + 1);
        let invoked_at = at.saturating_sub(before);
        let output = match fate {
            Fate::Never(_) => None,
            Fate::Answered | Fate::Lost(_) => {
                Some(apply_to_value(values.entry(op.key()).or_default(), &op))
            }
        };
        let outcome = match (fate, output) {
            (Fate::Answered, Some(output)) => Outcome::Returned {
                at: at + after,
                output,
            },
            (Fate::Lost(true) | Fate::Never(true), _) => Outcome::Pending,
            _ => Outcome::TimedOut {
                at: invoked_at + after,
            },
        };
        operations.push(Operation {
            client,
            seq: i as u32,
            op,
            invoked_at,
            outcome,
        });
    }
    operations.sort_by_key(|operation| operation.invoked_at);
    History { operations }
}

fn execution(
    len: std::ops::Range<usize>,
    spread: Time,
    fates: impl Strategy<Value = Fate>,
) -> impl Strategy<Value = History> {
    prop::collection::vec(
        (kv_op(4), 0..5 as ClientId, fates, 0..spread, 0..spread),
        len,
    )
    .prop_map(blurred_execution)
}

/// Brute force: is there a subset of the unanswered operations and an order of it plus all
/// answered ones that respects real time and explains every answer?
fn brute_force(history: &History) -> bool {
    fn search(ops: &[Operation], used: &mut Vec<bool>, value: &[u32]) -> bool {
        let answered_left = ops
            .iter()
            .zip(used.iter())
            .any(|(op, used)| !used && op.returned_at().is_some());
        if !answered_left {
            return true;
        }
        for i in 0..ops.len() {
            if used[i] {
                continue;
            }
            // i may go next only if nothing still unplaced answered before i was invoked.
            let blocked = ops
                .iter()
                .zip(used.iter())
                .enumerate()
                .any(|(j, (other, used))| {
                    j != i && !used && other.returned_at().is_some_and(|r| r < ops[i].invoked_at)
                });
            if blocked {
                continue;
            }
            let mut next = value.to_vec();
            let output = apply_to_value(&mut next, &ops[i].op);
            if let Outcome::Returned {
                output: expected, ..
            } = &ops[i].outcome
            {
                if *expected != output {
                    continue;
                }
            }
            used[i] = true;
            let found = search(ops, used, &next);
            used[i] = false;
            if found {
                return true;
            }
        }
        false
    }
    let mut used = vec![false; history.operations.len()];
    search(&history.operations, &mut used, &[])
}

fn small_arbitrary_history() -> impl Strategy<Value = History> {
    let outcome = prop_oneof![
        4 => (0..12 as Time, prop::collection::vec(1..3u32, 0..3), any::<bool>()).prop_map(
            |(len, values, is_done)| (
                len,
                Some(if is_done { KvOutput::Done } else { KvOutput::Value(values) })
            )
        ),
        1 => (0..12 as Time).prop_map(|len| (len, None)),
    ];
    let op = (0..3u8, 1..3u32).prop_map(|(kind, value)| match kind {
        0 => KvOp::Put { key: 0, value },
        1 => KvOp::Append { key: 0, value },
        _ => KvOp::Get { key: 0 },
    });
    prop::collection::vec((op, 0..20 as Time, outcome), 0..7).prop_map(|ops| History {
        operations: ops
            .into_iter()
            .enumerate()
            .map(|(i, (op, invoked_at, (len, output)))| Operation {
                client: i as ClientId,
                seq: 1,
                op,
                invoked_at,
                outcome: match output {
                    Some(output) => Outcome::Returned {
                        at: invoked_at + len,
                        output,
                    },
                    None => Outcome::TimedOut {
                        at: invoked_at + len,
                    },
                },
            })
            .collect(),
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: testkit::proptest_scale::scaled(256), ..ProptestConfig::default() })]

    /// The real model run sequentially, observed through overlapping intervals: always
    /// linearizable, whatever timed out or never happened.
    #[test]
    fn blurred_sequential_executions_are_linearizable(history in execution(0..80, 250, fate())) {
        let verdict = check(&history);
        prop_assert_eq!(verdict, Verdict::Linearizable);
    }

    /// Without concurrency there is a single candidate order; corrupting one read breaks it.
    #[test]
    fn a_corrupted_read_without_concurrency_is_a_violation(
        history in execution(1..60, 1, Just(Fate::Answered)),
        pick in any::<prop::sample::Index>(),
        replace_with_done in any::<bool>(),
    ) {
        // Only answered operations, so that nothing floats: a timed-out write could take
        // effect anywhere and so explain a changed read.
        let mut history = history;
        let gets: Vec<usize> = history
            .operations
            .iter()
            .enumerate()
            .filter(|(_, operation)| matches!(operation.op, KvOp::Get { .. }))
            .map(|(i, _)| i)
            .collect();
        prop_assume!(!gets.is_empty());
        prop_assert_eq!(check(&history), Verdict::Linearizable);
        let victim = gets[pick.index(gets.len())];
        let key = history.operations[victim].op.key();
        if let Outcome::Returned { output, .. } = &mut history.operations[victim].outcome {
            *output = match output {
                KvOutput::Value(values) if !replace_with_done => {
                    let mut values = values.clone();
                    values.push(1_000);
                    KvOutput::Value(values)
                }
                _ => KvOutput::Done,
            };
        }
        let verdict = check(&history);
        let v = violation(&verdict);
        prop_assert_eq!(v.key, key);
        prop_assert!(v.operations.contains(&victim));
        let expected = format!("#{victim},");
        prop_assert!(v.explanation.contains(&expected), "{}", v);
    }

    /// Small arbitrary single-key histories: the checker agrees with exhaustive search.
    #[test]
    fn agrees_with_brute_force(history in small_arbitrary_history()) {
        let expected = brute_force(&history);
        let verdict = check(&history);
        prop_assert_eq!(verdict.is_linearizable(), expected, "{}", verdict);
        prop_assert!(!verdict.is_unknown());
        prop_assert_eq!(check(&history), verdict, "deterministic");
    }
}

/// A sweep-sized history (hundreds of operations over five keys, five clients, some lost or
/// abandoned) is decided well within the default budget.
#[test]
fn sweep_sized_history_is_decided() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    for _ in 0..5 {
        let history = execution(400..401, 300, fate())
            .new_tree(&mut runner)
            .unwrap()
            .current();
        assert_eq!(check(&history), Verdict::Linearizable);
    }
}
