//! The linearizability checker: does the client history look as if every operation took
//! effect atomically, at one instant between its invocation and its answer, on a single copy
//! of the key-value store?
//!
//! # Algorithm
//!
//! This is the search of Wing & Gong ("Testing and verifying concurrent objects", 1993) with
//! the memoization of Lowe ("Testing for linearizability", 2017), as used by Porcupine
//! (Anish Athalye, <https://github.com/anishathalye/porcupine>):
//!
//! * **Per key.** Every operation touches exactly one key, and linearizability is
//!   *compositional* (Herlihy & Wing; Porcupine calls the partitioned form
//!   P-compositionality): the whole history is linearizable iff each key's sub-history is.
//!   Checking keys separately turns one search exponential in the whole history into several
//!   much smaller ones.
//! * **Depth-first search over partial linearizations.** A search state is the set of
//!   operations already linearized (a bitset) plus the model value they produced (starting
//!   from the empty list). An operation may be linearized next only if no other
//!   not-yet-linearized operation *returned* before it was invoked — otherwise real-time
//!   order would be broken. That is the Wing & Gong rule: walking the time-ordered list of
//!   call and return events, the candidates are the calls seen before the first return of
//!   an operation not yet linearized. A candidate whose answer is known must produce that
//!   answer from the model ([`apply_to_value`], the store's one definition of semantics); if
//!   no candidate leads to a complete linearization, the search backtracks.
//! * **Memoization (Lowe).** Two paths that linearize the same set of operations and reach
//!   the same value have the same future, so each (bitset, value) state is explored at most
//!   once; a state seen again is known to fail (success would have ended the search). Values
//!   are interned to small ids so the memo table stays compact.
//!
//! # Operations without an answer
//!
//! A `Pending` or `TimedOut` operation "maybe happened": it may take effect at any instant
//! after its invocation — with **no upper bound**, since a request can sit in a log long
//! after its client gave up — or never. Its output is not checked. In the search it is a
//! candidate from its invocation on, forever; and the search succeeds as soon as every
//! *answered* operation is linearized, because the remaining unanswered ones can be placed
//! "never" (equivalently, at the very end, where nothing observes them). Unanswered
//! operations that provably cannot matter are dropped before the search: a `get` (it changes
//! nothing and is checked against nothing), and a `put`/`append` of a number no answered
//! `get` on the key ever returned (see `check_key`).
//! Candidates that must happen (answered ones) are tried before unanswered ones, which makes
//! the common case — a timed-out request that was in fact lost — quick.
//!
//! # Equal timestamps
//!
//! An answer at `t` and an invocation at `t` are treated as **concurrent**: the later-invoked
//! operation may still be linearized before the one that answered at the same instant. Real
//! time is only known to the simulator's tick, and declaring a violation that hinges on the
//! order of two events at the same microsecond would be a false alarm; being permissive
//! here can only hide a violation, never invent one.
//!
//! # Bounds and determinism
//!
//! The search is exponential in the worst case (many concurrent or timed-out operations on
//! one key), so it counts the states it explores per key and, past a budget, answers
//! [`Verdict::Unknown`] — never a guess. The search order depends only on the history (ops
//! sorted by invocation time, then by index), and the memo tables are only asked whether they
//! hold a state (never iterated), so the verdict and its explanation are the same on every run
//! and platform. Nothing panics: a
//! malformed history (an answer before its invocation) yields `Unknown` with the reason.

use common::{SortedMap, SortedSet};

use crate::engine::history::{History, Operation, Outcome, Time};
use crate::engine::kv::{apply_to_value, Key, KvOp, KvOutput};
use serde::{Deserialize, Serialize};
use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

/// Hash tables with a fixed hasher (SipHash with zero keys): no seed from the platform. Their
/// order never reaches an output: they are only looked up.
type Fixed = BuildHasherDefault<DefaultHasher>;

/// Both of the search's tables have this one type, so the WASM carries one copy of the hash
/// table's code.
type Table = HashMap<Vec<u64>, usize, Fixed>;
use std::fmt;

/// States explored per key by [`check`] before it gives up. Sweep histories (a few hundred
/// operations over a handful of keys, at most a few clients at once) need far fewer; this
/// keeps a pathological key to well under a second.
pub const DEFAULT_MAX_STATES_PER_KEY: usize = 100_000;

/// How many operations of the best partial linearization an explanation lists.
const EXPLANATION_OPS_MAX: usize = 8;

/// The checker's answer for a whole history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "verdict")]
pub enum Verdict {
    /// Some order of the operations, consistent with real time, explains every answer.
    Linearizable,
    /// No such order exists for `key` (the lowest such key, if several).
    Violation(Violation),
    /// The check could not decide for `key`: the search budget ran out, or the history is
    /// malformed. Never reported when another key has a definite violation.
    Unknown { key: Key, reason: String },
}

/// A definite violation on one key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Violation {
    pub key: Key,
    /// The key's whole sub-history: indexes into `history.operations`, ascending. (No order
    /// of these explains their answers; the explanation names the operation the search could
    /// never get past.)
    pub operations: Vec<usize>,
    /// Plain English, without the leading "key kN: " that `Display` adds.
    pub explanation: String,
}

impl Verdict {
    pub fn is_linearizable(&self) -> bool {
        matches!(self, Verdict::Linearizable)
    }

    pub fn is_violation(&self) -> bool {
        matches!(self, Verdict::Violation(_))
    }

    pub fn is_unknown(&self) -> bool {
        matches!(self, Verdict::Unknown { .. })
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "key k{}: {}", self.key, self.explanation)
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Verdict::Linearizable => f.write_str("linearizable"),
            Verdict::Violation(violation) => write!(f, "not linearizable: {violation}"),
            Verdict::Unknown { key, reason } => write!(f, "undecided on key k{key}: {reason}"),
        }
    }
}

/// Checks the history with the default budget ([`DEFAULT_MAX_STATES_PER_KEY`]).
pub fn check(history: &History) -> Verdict {
    check_with_budget(history, DEFAULT_MAX_STATES_PER_KEY)
}

/// Checks the history, exploring at most `max_states_per_key` search states for each key.
///
/// Keys are checked in ascending order. A violation on any key wins (it is definite);
/// otherwise the first key that could not be decided is reported as `Unknown`.
pub fn check_with_budget(history: &History, max_states_per_key: usize) -> Verdict {
    let mut by_key: SortedMap<Key, Vec<usize>> = SortedMap::new();
    for (index, operation) in history.operations.iter().enumerate() {
        by_key.get_or_default(operation.op.key()).push(index);
    }
    let mut undecided = None;
    for (&key, indexes) in &by_key {
        match check_key(history, key, indexes, max_states_per_key) {
            Verdict::Linearizable => {}
            violation @ Verdict::Violation(_) => return violation,
            unknown @ Verdict::Unknown { .. } => {
                if undecided.is_none() {
                    undecided = Some(unknown);
                }
            }
        }
    }
    undecided.unwrap_or(Verdict::Linearizable)
}

/// Checks only `key`'s sub-history (what changed when one of its operations completed).
pub fn check_one_key(history: &History, key: Key, max_states: usize) -> Verdict {
    let indexes: Vec<usize> = history
        .operations
        .iter()
        .enumerate()
        .filter(|(_, operation)| operation.op.key() == key)
        .map(|(index, _)| index)
        .collect();
    check_key(history, key, &indexes, max_states)
}

/// One operation of a key's sub-history, as the search sees it.
struct Entry<'h> {
    /// Index into `history.operations`.
    index: usize,
    operation: &'h Operation,
    /// The answer it must be linearized before, and the output it must produce; `None` for
    /// an operation that may take effect at any time after `invoked_at`, or never.
    returned: Option<(Time, &'h KvOutput)>,
}

impl Entry<'_> {
    fn invoked_at(&self) -> Time {
        self.operation.invoked_at
    }
}

/// A linearized operation on the search stack, with what is needed to undo it and resume.
struct Frame {
    position: usize,
    /// The candidate slot to resume from after undoing this step (see `Search::run`).
    next_slot: usize,
    previous_value: usize,
}

/// The furthest the search got before failing: the basis of the explanation.
struct DeadEnd {
    /// Positions linearized, in order.
    order: Vec<usize>,
    value: usize,
    /// The answered operation with the earliest answer among those not linearized: nothing
    /// invoked after its answer can go first, so the search was stuck on it.
    blocker: usize,
}

/// Set of linearized positions.
#[derive(Clone)]
struct Bits(Vec<u64>);

/// A search state as a memo key: the linearized set's words, then the value id.
fn state_key(done: &Bits, value: usize) -> Vec<u64> {
    let mut key = Vec::with_capacity(done.0.len() + 1);
    key.extend_from_slice(&done.0);
    key.push(value as u64);
    key
}

impl Bits {
    fn new(len: usize) -> Bits {
        Bits(vec![0; len.div_ceil(64)])
    }

    fn get(&self, i: usize) -> bool {
        self.0[i / 64] & (1 << (i % 64)) != 0
    }

    fn set(&mut self, i: usize) {
        self.0[i / 64] |= 1 << (i % 64);
    }

    fn clear(&mut self, i: usize) {
        self.0[i / 64] &= !(1 << (i % 64));
    }
}

fn check_key(history: &History, key: Key, indexes: &[usize], budget: usize) -> Verdict {
    let mut entries = Vec::with_capacity(indexes.len());
    for &index in indexes {
        let operation = &history.operations[index];
        let returned = match &operation.outcome {
            Outcome::Returned { at, output } => Some((*at, output)),
            Outcome::Pending | Outcome::TimedOut { .. } => None,
        };
        let answered_at = match operation.outcome {
            Outcome::Returned { at, .. } => Some(("answered", at)),
            Outcome::TimedOut { at } => Some(("timed out", at)),
            Outcome::Pending => None,
        };
        if let Some((what, at)) = answered_at {
            if at < operation.invoked_at {
                return Verdict::Unknown {
                    key,
                    reason: format!(
                        "malformed history: operation #{index} ({}) {what} at {at} µs, before \
                         its invocation at {} µs",
                        describe(operation),
                        operation.invoked_at
                    ),
                };
            }
        }
        entries.push(Entry {
            index,
            operation,
            returned,
        });
    }
    // Drop unanswered operations that cannot matter, so that requests lost in a crash or a
    // partition do not each double the search:
    // * an unanswered get neither changes the value nor is checked;
    // * an unanswered put or append of a number that no answered get on this key ever
    //   returned: in any valid order containing it, every later get comes after some put
    //   that erased the number (or it would show), so removing the operation changes no
    //   answer — it may as well never have happened. The verdict is exactly preserved.
    let observed: SortedSet<u32> = entries
        .iter()
        .filter_map(|entry| match entry.returned {
            Some((_, KvOutput::Value(values))) => Some(values),
            _ => None,
        })
        .flatten()
        .copied()
        .collect();
    entries.retain(|entry| {
        entry.returned.is_some()
            || match entry.operation.op {
                KvOp::Get { .. } => false,
                KvOp::Put { value, .. } | KvOp::Append { value, .. } => observed.contains(&value),
            }
    });
    // Invocation order (ties by index) is the search order: it keeps the candidates a prefix
    // and the result independent of how the history happened to be stored.
    common::heap_sort::sort_by_key(&mut entries, |entry| (entry.invoked_at(), entry.index));
    let mut search = Search::new(entries, budget);
    match search.run() {
        SearchEnd::Linearizable => Verdict::Linearizable,
        SearchEnd::Exhausted => {
            let unanswered = indexes
                .iter()
                .filter(|&&i| history.operations[i].returned_at().is_none())
                .count();
            Verdict::Unknown {
                key,
                reason: format!(
                    "gave up after exploring {budget} search states for the {} operations on \
                     k{key} ({unanswered} of them never answered, so each may or may not have \
                     taken effect); the search is exponential in the worst case",
                    indexes.len()
                ),
            }
        }
        SearchEnd::Stuck(dead_end) => Verdict::Violation(Violation {
            key,
            operations: indexes.to_vec(),
            explanation: search.explain(key, indexes.len(), &dead_end),
        }),
    }
}

enum SearchEnd {
    Linearizable,
    Exhausted,
    Stuck(DeadEnd),
}

struct Search<'h> {
    entries: Vec<Entry<'h>>,
    budget: usize,
    /// Interned model values: id → value, and value → id.
    values: Vec<Vec<u32>>,
    /// This and `seen` are hash tables where the simulator's other maps are `SortedMap`s: both
    /// take up to `budget` entries in no particular order (each insertion into a sorted `Vec`
    /// that large would move half of it: a key that uses the whole default budget took 0.8 s
    /// instead of 0.12 s natively), and B-trees cost 3 KB gzip more WASM than hash tables.
    value_ids: Table,
    /// Lowe's memo: (linearized set, value id) states already explored, keyed by
    /// [`state_key`].
    seen: Table,
}

impl<'h> Search<'h> {
    fn new(entries: Vec<Entry<'h>>, budget: usize) -> Search<'h> {
        let mut search = Search {
            entries,
            budget,
            values: Vec::new(),
            value_ids: Table::default(),
            seen: Table::default(),
        };
        search.intern(Vec::new());
        search
    }

    fn intern(&mut self, value: Vec<u32>) -> usize {
        let key: Vec<u64> = value.iter().map(|&n| u64::from(n)).collect();
        if let Some(&id) = self.value_ids.get(&key) {
            return id;
        }
        let id = self.values.len();
        self.values.push(value);
        self.value_ids.insert(key, id);
        id
    }

    /// The candidates for the next linearization step given the set already linearized:
    /// positions `0..end` (those not yet linearized), where `end` is the first operation
    /// invoked strictly after the earliest answer among answered, unlinearized operations
    /// (the blocker). Invocation at the same instant as that answer counts as concurrent.
    fn window(&self, done: &Bits) -> (usize, Option<usize>) {
        let mut bound = Time::MAX;
        let mut blocker = None;
        for (position, entry) in self.entries.iter().enumerate() {
            if entry.invoked_at() > bound {
                // Everything from here on answered (if at all) after its invocation, so
                // after `bound`: it cannot lower the bound.
                break;
            }
            if done.get(position) {
                continue;
            }
            if let Some((at, _)) = entry.returned {
                if at < bound {
                    bound = at;
                    blocker = Some(position);
                }
            }
        }
        let end = self
            .entries
            .partition_point(|entry| entry.invoked_at() <= bound);
        (end, blocker)
    }

    /// Iterative depth-first search (no recursion: the WASM stack is small and a key may
    /// have hundreds of operations).
    ///
    /// At each state, candidates are visited through "slots" `0..2 * end`: slot `s < end` is
    /// position `s` if it is answered, slot `end + p` is position `p` if it is unanswered —
    /// answered operations first, since they must happen anyway. A frame remembers the slot
    /// after the one it took, so backtracking resumes where it left off.
    fn run(&mut self) -> SearchEnd {
        let count = self.entries.len();
        let mut done = Bits::new(count);
        let mut answered_left = self.entries.iter().filter(|e| e.returned.is_some()).count();
        let mut value = 0usize;
        let mut stack: Vec<Frame> = Vec::new();
        let mut slot = 0usize;
        let mut deepest: Option<DeadEnd> = None;
        loop {
            if answered_left == 0 {
                // The rest are unanswered: they never happened (or happened last, unseen).
                return SearchEnd::Linearizable;
            }
            let (end, blocker) = self.window(&done);
            let mut stepped = false;
            while slot < 2 * end {
                let (position, want_answered) = if slot < end {
                    (slot, true)
                } else {
                    (slot - end, false)
                };
                slot += 1;
                let entry = &self.entries[position];
                if done.get(position) || entry.returned.is_some() != want_answered {
                    continue;
                }
                let mut next_value = self.values[value].clone();
                let output = apply_to_value(&mut next_value, &entry.operation.op);
                if let Some((_, expected)) = entry.returned {
                    if output != *expected {
                        continue;
                    }
                }
                let next_id = self.intern(next_value);
                done.set(position);
                let state = state_key(&done, next_id);
                if self.seen.contains_key(&state) {
                    done.clear(position);
                    continue;
                }
                if self.seen.len() >= self.budget {
                    return SearchEnd::Exhausted;
                }
                self.seen.insert(state, next_id);
                if self.entries[position].returned.is_some() {
                    answered_left -= 1;
                }
                stack.push(Frame {
                    position,
                    next_slot: slot,
                    previous_value: value,
                });
                value = next_id;
                slot = 0;
                stepped = true;
                break;
            }
            if stepped {
                continue;
            }
            // Dead end: remember it if it is the furthest yet (the first such, on ties).
            if let Some(blocker) = blocker {
                if deepest.as_ref().is_none_or(|d| stack.len() > d.order.len()) {
                    deepest = Some(DeadEnd {
                        order: stack.iter().map(|frame| frame.position).collect(),
                        value,
                        blocker,
                    });
                }
            }
            let Some(frame) = stack.pop() else {
                return match deepest {
                    Some(dead_end) => SearchEnd::Stuck(dead_end),
                    // Unreachable: with an answered operation left there is a blocker.
                    None => SearchEnd::Exhausted,
                };
            };
            done.clear(frame.position);
            if self.entries[frame.position].returned.is_some() {
                answered_left += 1;
            }
            value = frame.previous_value;
            slot = frame.next_slot;
        }
    }

    fn explain(&self, key: Key, operations: usize, dead_end: &DeadEnd) -> String {
        let blocker = &self.entries[dead_end.blocker];
        let value = &self.values[dead_end.value];
        let mut model_value = value.clone();
        let model_output = apply_to_value(&mut model_value, &blocker.operation.op);
        let (answered_at, expected) = match blocker.returned {
            Some((at, output)) => (at, output.clone()),
            None => (Time::MAX, KvOutput::Done), // unreachable: a blocker is answered
        };
        let mut text = format!(
            "no order of the {operations} operations on k{key} explains what {} returned \
             ({expected}) (operation #{}, invoked at {} µs, answered at {answered_at} µs)",
            describe(blocker.operation),
            blocker.index,
            blocker.invoked_at(),
        );
        let placed = dead_end.order.len();
        if placed == 0 {
            text.push_str("; not even a first operation fits");
            if model_output != expected {
                text.push_str(&format!(
                    ": on the empty k{key} it would have returned {model_output}"
                ));
            }
        } else {
            let shown = &dead_end.order[placed.saturating_sub(EXPLANATION_OPS_MAX)..];
            let mut list = String::new();
            if shown.len() < placed {
                list.push_str(&format!("… {} earlier, ", placed - shown.len()));
            }
            list.push_str(&common::joined(
                shown
                    .iter()
                    .map(|&position| describe_linearized(&self.entries[position])),
                ", ",
            ));
            text.push_str(&format!(
                "; the longest consistent order found places {placed} of them first ({list}), \
                 leaving k{key} = {}",
                crate::engine::kv::list_text(value)
            ));
            if model_output != expected {
                text.push_str(&format!(
                    ", from which it would have returned {model_output}"
                ));
            }
        }
        text
    }
}

/// "c1#3 get k2".
fn describe(operation: &Operation) -> String {
    format!("c{}#{} {}", operation.client, operation.seq, operation.op)
}

/// `c1#3 get k2 → [4]`, `c0#2 append k2+=4 (timed out)`.
fn describe_linearized(entry: &Entry<'_>) -> String {
    let name = describe(entry.operation);
    match (&entry.operation.outcome, &entry.operation.op) {
        (Outcome::Returned { output, .. }, KvOp::Get { .. }) => format!("{name} → {output}"),
        (Outcome::Returned { .. }, _) => name,
        (Outcome::TimedOut { .. }, _) => format!("{name} (timed out)"),
        (Outcome::Pending, _) => format!("{name} (pending)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(client: u16, seq: u32, op: KvOp, invoked_at: Time, outcome: Outcome) -> Operation {
        Operation {
            client,
            seq,
            op,
            invoked_at,
            outcome,
        }
    }

    #[test]
    fn window_treats_equal_times_as_concurrent() {
        let history = History {
            operations: vec![
                op(
                    0,
                    1,
                    KvOp::Put { key: 0, value: 1 },
                    0,
                    Outcome::Returned {
                        at: 10,
                        output: KvOutput::Done,
                    },
                ),
                op(
                    1,
                    1,
                    KvOp::Get { key: 0 },
                    10,
                    Outcome::Returned {
                        at: 20,
                        output: KvOutput::Value(vec![]),
                    },
                ),
            ],
        };
        // The get may be linearized before the put, which answered at its invocation instant.
        assert_eq!(check(&history), Verdict::Linearizable);
        let mut later = history.clone();
        later.operations[1].invoked_at = 11;
        assert!(check(&later).is_violation());
    }

    #[test]
    fn bits_round_trip() {
        let mut bits = Bits::new(130);
        for i in [0, 63, 64, 129] {
            assert!(!bits.get(i));
            bits.set(i);
            assert!(bits.get(i));
        }
        bits.clear(64);
        assert!(!bits.get(64));
        assert!(bits.get(63) && bits.get(129));
    }
}
