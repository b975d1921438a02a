//! Number strategies that reach the edges. Uniform draws from `u64` almost never produce
//! `0`, `1` or `u64::MAX`, and small ranges never produce anything near the top, so an
//! overflow on `term + 1` survives any number of cases. These mix the edges, the limits a
//! caller names (say the largest term a core accepts, and its neighbours), small values that
//! real runs produce, and anything at all.

use proptest::prelude::*;

/// A `u64` drawn from: small values (`0..16`), the type's edges (`0`, `1`, `MAX − 1`, `MAX`),
/// each limit in `limits` with its two neighbours, and the full range.
pub fn u64_with_edges(limits: &[u64]) -> BoxedStrategy<u64> {
    let mut edges = vec![0, 1, u64::MAX - 1, u64::MAX];
    for &limit in limits {
        edges.extend([limit.saturating_sub(1), limit, limit.saturating_add(1)]);
    }
    prop_oneof![
        4 => 0u64..16,
        3 => proptest::sample::select(edges),
        1 => any::<u64>(),
    ]
    .boxed()
}

/// A `u8` drawn from small values, the edges (`0`, `1`, `254`, `255`) and the full range.
pub fn u8_with_edges() -> BoxedStrategy<u8> {
    prop_oneof![
        4 => 0u8..12,
        2 => proptest::sample::select(vec![0u8, 1, 254, 255]),
        1 => any::<u8>(),
    ]
    .boxed()
}

/// An `i8` drawn from small values, the edges (`MIN`, `-1`, `0`, `1`, `MAX`) and the full range.
pub fn i8_with_edges() -> BoxedStrategy<i8> {
    prop_oneof![
        3 => -5i8..=5,
        2 => proptest::sample::select(vec![i8::MIN, i8::MIN + 1, -1, 0, 1, i8::MAX - 1, i8::MAX]),
        1 => any::<i8>(),
    ]
    .boxed()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    fn draws<T: std::fmt::Debug>(strategy: BoxedStrategy<T>, count: usize) -> Vec<T> {
        let mut runner = TestRunner::deterministic();
        (0..count)
            .map(|_| strategy.new_tree(&mut runner).unwrap().current())
            .collect()
    }

    #[test]
    fn the_edges_and_the_limits_come_up() {
        let limit = 1 << 53;
        let values = draws(u64_with_edges(&[limit]), 2000);
        for edge in [0, 1, u64::MAX - 1, u64::MAX, limit - 1, limit, limit + 1] {
            assert!(values.contains(&edge), "{edge} never drawn");
        }
        let bytes = draws(u8_with_edges(), 500);
        assert!(bytes.contains(&0) && bytes.contains(&255));
        let signed = draws(i8_with_edges(), 500);
        assert!(signed.contains(&i8::MIN) && signed.contains(&i8::MAX));
    }
}
