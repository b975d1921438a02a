//! `heap_sort` orders exactly as the standard library's sort does.

use common::heap_sort;
use proptest::prelude::*;

#[test]
fn sorts_the_edge_cases() {
    let mut empty: [u8; 0] = [];
    heap_sort::sort(&mut empty);
    let mut one = [7];
    heap_sort::sort(&mut one);
    assert_eq!(one, [7]);
    let mut descending = [9, 8, 7, 6, 5, 4, 3, 2, 1];
    heap_sort::sort(&mut descending);
    assert_eq!(descending, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    let mut equal = [3, 3, 3];
    heap_sort::sort(&mut equal);
    assert_eq!(equal, [3, 3, 3]);
}

#[test]
fn a_reversed_order_sorts_largest_first() {
    let mut matches = [4u64, 9, 0, 9, 2];
    heap_sort::sort_by(&mut matches, |a, b| a > b);
    assert_eq!(matches, [9, 9, 4, 2, 0]);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: testkit::proptest_scale::scaled(256), ..ProptestConfig::default() })]

    #[test]
    fn sort_agrees_with_the_standard_library(mut items in proptest::collection::vec(any::<u16>(), 0..300)) {
        let mut expected = items.clone();
        expected.sort_unstable();
        heap_sort::sort(&mut items);
        prop_assert_eq!(items, expected);
    }

    #[test]
    fn sort_by_key_orders_by_key_and_keeps_every_element(
        mut items in proptest::collection::vec((0u8..8, any::<u32>()), 0..200),
    ) {
        let mut before = items.clone();
        heap_sort::sort_by_key(&mut items, |&(key, _)| key);
        prop_assert!(items.windows(2).all(|pair| pair[0].0 <= pair[1].0));
        // A permutation of the input: nothing lost, nothing duplicated.
        let mut after = items.clone();
        before.sort_unstable();
        after.sort_unstable();
        prop_assert_eq!(after, before);
    }
}
