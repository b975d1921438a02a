//! Heapsort: sorts a slice in place in O(n log n), without allocating, in a few hundred bytes
//! of WASM per use.
//!
//! Why not the standard library's sorts: driftsort and ipnsort are faster on large inputs, but
//! each brings several KB of code per element type into the page's WASM, whose size is
//! budgeted. The sorts of the simulator run on small slices (a cluster's match indexes, a
//! scenario's field names, latencies) or once per consistency check.
//!
//! Not stable: use it where equal elements are indistinguishable or the keys are unique.

/// Sorts `items` so that no element is `less` than the one before it.
pub fn sort_by<T>(items: &mut [T], mut less: impl FnMut(&T, &T) -> bool) {
    let len = items.len();
    // A max-heap first (every parent not less than its children)…
    for root in (0..len / 2).rev() {
        sift_down(items, root, len, &mut less);
    }
    // …then the largest goes to the end of the unsorted part, and the heap shrinks by one.
    for end in (1..len).rev() {
        items.swap(0, end);
        sift_down(items, 0, end, &mut less);
    }
    debug_assert!(items.windows(2).all(|pair| !less(&pair[1], &pair[0])));
}

/// Sorts `items` by `key`, smallest first.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a) < key(b));
}

/// Sorts `items`, smallest first.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, |a, b| a < b);
}

/// Moves `items[root]` down the heap `items[..end]` until neither child is greater.
fn sift_down<T>(
    items: &mut [T],
    mut root: usize,
    end: usize,
    less: &mut impl FnMut(&T, &T) -> bool,
) {
    // Each turn moves one level down: at most log2(end) turns.
    loop {
        let mut child = 2 * root + 1;
        if child >= end {
            return;
        }
        if child + 1 < end && less(&items[child], &items[child + 1]) {
            child += 1;
        }
        if !less(&items[root], &items[child]) {
            return;
        }
        items.swap(root, child);
        root = child;
    }
}
