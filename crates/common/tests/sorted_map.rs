//! `SortedMap` behaves as `BTreeMap` does, call for call, in the same key order.

use std::collections::BTreeMap;
use std::ops::{Bound, RangeBounds};

use common::SortedMap;
use proptest::prelude::*;

fn entries<K: Copy, V: Copy>(map: &SortedMap<K, V>) -> Vec<(K, V)> {
    map.iter().map(|(&key, &value)| (key, value)).collect()
}

#[test]
fn keeps_keys_sorted_whatever_the_insertion_order() {
    let mut map = SortedMap::new();
    for key in [5, 1, 9, 3, 7] {
        assert_eq!(map.insert(key, key * 10), None);
    }
    assert_eq!(entries(&map), [(1, 10), (3, 30), (5, 50), (7, 70), (9, 90)]);
    assert_eq!(map.keys().copied().collect::<Vec<_>>(), [1, 3, 5, 7, 9]);
    assert_eq!(map.values().next_back(), Some(&90));
    assert_eq!(map.first_key_value(), Some((&1, &10)));
    assert_eq!(map.last_key_value(), Some((&9, &90)));
}

#[test]
fn insert_replaces_the_value_and_returns_the_old_one() {
    let mut map = SortedMap::new();
    map.insert(2, "a");
    assert_eq!(map.insert(2, "b"), Some("a"));
    assert_eq!(map.len(), 1);
    assert_eq!(map[&2], "b");
}

#[test]
fn get_or_insert_with_and_get_or_default_make_a_value_only_when_absent() {
    let mut map: SortedMap<u8, Vec<u8>> = SortedMap::new();
    map.get_or_insert_with(4, Vec::new).push(1);
    map.get_or_insert_with(4, || unreachable!("present"))
        .push(2);
    map.get_or_insert_with(1, Vec::new).push(3);
    map.get_or_default(1).push(5);
    map.get_or_default(0).push(6);
    assert_eq!(map.get(&4), Some(&vec![1, 2]));
    assert_eq!(map.get(&1), Some(&vec![3, 5]));
    assert_eq!(map.get(&0), Some(&vec![6]));
}

#[test]
fn remove_get_mut_and_contains_key() {
    let mut map: SortedMap<u64, u64> = (1..=5).map(|slot| (slot, slot)).collect();
    *map.get_mut(&3).unwrap() += 100;
    assert_eq!(map.remove(&3), Some(103));
    assert_eq!(map.remove(&3), None);
    assert!(!map.contains_key(&3) && map.contains_key(&4));
    assert_eq!(map.get_mut(&6), None);
    for value in map.values_mut() {
        *value += 1;
    }
    assert_eq!(entries(&map), [(1, 2), (2, 3), (4, 5), (5, 6)]);
    map.clear();
    assert!(map.is_empty() && map.first_key_value().is_none());
}

#[test]
fn range_follows_the_bounds() {
    let map: SortedMap<u64, ()> = [2, 4, 6, 8].into_iter().map(|k| (k, ())).collect();
    let keys = |range: (Bound<u64>, Bound<u64>)| -> Vec<u64> {
        map.range(range).map(|(&key, _)| key).collect()
    };
    use Bound::{Excluded, Included, Unbounded};
    assert_eq!(keys((Included(4), Unbounded)), [4, 6, 8]);
    assert_eq!(keys((Excluded(4), Included(8))), [6, 8]);
    assert_eq!(keys((Unbounded, Excluded(6))), [2, 4]);
    assert_eq!(keys((Included(3), Included(7))), [4, 6]);
    assert_eq!(keys((Included(9), Unbounded)), Vec::<u64>::new());
    assert_eq!(keys((Included(7), Included(3))), Vec::<u64>::new());
    assert_eq!(map.range(..=4).next_back(), Some((&4, &())));
}

#[test]
fn from_iter_keeps_the_last_value_of_a_repeated_key_like_btree_map() {
    let input = [(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e')];
    let ours: SortedMap<_, _> = input.into_iter().collect();
    let theirs: BTreeMap<_, _> = input.into_iter().collect();
    assert_eq!(entries(&ours), theirs.into_iter().collect::<Vec<_>>());
}

#[test]
fn owned_iteration_and_debug_match_btree_map() {
    let input = [(2, "two"), (1, "one")];
    let ours: SortedMap<_, _> = input.into_iter().collect();
    let theirs: BTreeMap<_, _> = input.into_iter().collect();
    assert_eq!(format!("{ours:?}"), format!("{theirs:?}"));
    assert_eq!(
        ours.into_iter().collect::<Vec<_>>(),
        theirs.into_iter().collect::<Vec<_>>()
    );
}

#[test]
#[should_panic(expected = "no entry")]
fn indexing_a_missing_key_panics() {
    let map: SortedMap<u8, u8> = SortedMap::new();
    let _ = map[&1];
}

/// One call on both maps. Keys come from a small range so that they repeat.
#[derive(Clone, Debug)]
enum Call {
    Insert(u8, u16),
    Remove(u8),
    GetMut(u8, u16),
    GetOrInsertWith(u8, u16),
    Range(Bound<u8>, Bound<u8>),
    Extend(Vec<(u8, u16)>),
    Clear,
}

fn bound() -> impl Strategy<Value = Bound<u8>> {
    prop_oneof![
        (0u8..40).prop_map(Bound::Included),
        (0u8..40).prop_map(Bound::Excluded),
        Just(Bound::Unbounded),
    ]
}

fn call() -> impl Strategy<Value = Call> {
    prop_oneof![
        8 => (0u8..40, any::<u16>()).prop_map(|(k, v)| Call::Insert(k, v)),
        4 => (0u8..40).prop_map(Call::Remove),
        2 => (0u8..40, any::<u16>()).prop_map(|(k, v)| Call::GetMut(k, v)),
        2 => (0u8..40, any::<u16>()).prop_map(|(k, v)| Call::GetOrInsertWith(k, v)),
        2 => (bound(), bound()).prop_map(|(start, end)| Call::Range(start, end)),
        1 => prop::collection::vec((0u8..40, any::<u16>()), 0..8).prop_map(Call::Extend),
        1 => Just(Call::Clear),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: testkit::proptest_scale::scaled(256), ..ProptestConfig::default() })]

    #[test]
    fn behaves_like_btree_map(calls in prop::collection::vec(call(), 0..200)) {
        let mut ours = SortedMap::new();
        let mut model = BTreeMap::new();
        for call in calls {
            match call {
                Call::Insert(key, value) => {
                    prop_assert_eq!(ours.insert(key, value), model.insert(key, value));
                }
                Call::Remove(key) => prop_assert_eq!(ours.remove(&key), model.remove(&key)),
                Call::GetMut(key, value) => {
                    let (a, b) = (ours.get_mut(&key), model.get_mut(&key));
                    prop_assert_eq!(a.is_some(), b.is_some());
                    if let (Some(a), Some(b)) = (a, b) {
                        *a = value;
                        *b = value;
                    }
                }
                Call::GetOrInsertWith(key, value) => {
                    let a = ours.get_or_insert_with(key, || value);
                    let b = model.entry(key).or_insert_with(|| value);
                    prop_assert_eq!(*a, *b);
                    *a = a.wrapping_add(1);
                    *b = b.wrapping_add(1);
                }
                Call::Range(start, end) => {
                    let range = (start, end);
                    let got: Vec<_> = ours.range(range).collect();
                    // The model filters rather than calling `BTreeMap::range`, which panics on
                    // a range whose end comes before its start.
                    let want: Vec<_> = model.iter().filter(|(key, _)| range.contains(key)).collect();
                    prop_assert_eq!(got, want);
                    let got_back: Vec<_> = ours.range(range).rev().collect();
                    let want_back: Vec<_> =
                        model.iter().rev().filter(|(key, _)| range.contains(key)).collect();
                    prop_assert_eq!(got_back, want_back);
                }
                Call::Extend(more) => {
                    ours.extend(more.iter().copied());
                    model.extend(more.iter().copied());
                }
                Call::Clear => {
                    ours.clear();
                    model.clear();
                }
            }
            prop_assert_eq!(ours.len(), model.len());
            prop_assert_eq!(ours.is_empty(), model.is_empty());
            prop_assert_eq!(ours.first_key_value(), model.first_key_value());
            prop_assert_eq!(ours.last_key_value(), model.last_key_value());
            prop_assert!(ours.iter().eq(model.iter()));
            prop_assert!(ours.keys().rev().eq(model.keys().rev()));
            prop_assert!(ours.values().eq(model.values()));
            for key in 0u8..40 {
                prop_assert_eq!(ours.get(&key), model.get(&key));
                prop_assert_eq!(ours.contains_key(&key), model.contains_key(&key));
            }
            prop_assert_eq!(&ours.clone(), &ours);
        }
    }
}
