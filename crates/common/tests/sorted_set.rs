//! `SortedSet` behaves as `BTreeSet` does, call for call, in the same order.

use std::collections::BTreeSet;

use common::SortedSet;
use proptest::prelude::*;

#[test]
fn insert_and_remove_report_what_changed() {
    let mut set = SortedSet::new();
    assert!(set.insert(3));
    assert!(set.insert(1));
    assert!(!set.insert(3));
    assert_eq!(set.iter().copied().collect::<Vec<_>>(), [1, 3]);
    assert!(set.contains(&1) && !set.contains(&2));
    assert!(set.remove(&1));
    assert!(!set.remove(&1));
    assert_eq!(set.len(), 1);
    set.clear();
    assert!(set.is_empty());
}

#[test]
fn collecting_and_debug_match_btree_set() {
    let input = [5, 2, 5, 9, 2];
    let ours: SortedSet<u8> = input.into_iter().collect();
    let theirs: BTreeSet<u8> = input.into_iter().collect();
    assert!(ours.iter().eq(theirs.iter()));
    assert_eq!(format!("{ours:?}"), format!("{theirs:?}"));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: testkit::proptest_scale::scaled(256), ..ProptestConfig::default() })]

    /// (true, x) inserts x, (false, x) removes it.
    #[test]
    fn behaves_like_btree_set(calls in prop::collection::vec((any::<bool>(), 0u8..40), 0..200)) {
        let mut ours = SortedSet::new();
        let mut model = BTreeSet::new();
        for (insert, element) in calls {
            if insert {
                prop_assert_eq!(ours.insert(element), model.insert(element));
            } else {
                prop_assert_eq!(ours.remove(&element), model.remove(&element));
            }
            prop_assert_eq!(ours.len(), model.len());
            prop_assert!(ours.iter().eq(model.iter()));
            prop_assert!(ours.iter().rev().eq(model.iter().rev()));
            for element in 0u8..40 {
                prop_assert_eq!(ours.contains(&element), model.contains(&element));
            }
        }
    }
}
