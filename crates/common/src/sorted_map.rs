//! [`SortedMap`]: a map kept as one `Vec` of entries sorted by key, in place of
//! `std::collections::BTreeMap` in everything the page's WASM contains.
//!
//! Why not `BTreeMap`: its node code (search, insertion with splits, removal with merges,
//! subtree cloning) is monomorphised for every key and value type, and with the two cores,
//! the simulator and its checkers that came to about 109 KB of the WASM before `wasm-opt`.
//! Here every operation is a binary search plus a `Vec` call, and the shared slice code
//! does the rest. A second gain is time travel: a checkpoint clones the whole world, and a
//! `Vec` clones with one allocation (one `memcpy` for `Copy` entries), where a B-tree
//! allocates and copies node by node.
//!
//! Iteration is in key order, exactly as with `BTreeMap`, so traces and JSON do not change.
//!
//! The price: inserting or removing anywhere but the end moves the entries after that
//! point. The maps of this project either grow at the end (slots, terms, ballots) or stay
//! small (one entry per peer, client, key or message type), and an insertion past the last
//! key skips the search altogether. A large map filled in random order belongs in a
//! `BTreeMap` still (the linearizability checker's memo table is one).

use std::fmt;
use std::ops::{Bound, Index, RangeBounds};

/// A map whose entries are kept sorted by key in one `Vec`. See the module documentation
/// for when to use it instead of `BTreeMap`.
#[derive(Clone, PartialEq, Eq)]
pub struct SortedMap<K, V> {
    entries: Vec<(K, V)>,
}

impl<K, V> SortedMap<K, V> {
    pub const fn new() -> Self {
        Self {
            entries: Vec::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// Entries in key order.
    pub fn iter(&self) -> Iter<'_, K, V> {
        Iter(self.entries.iter())
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &K> + ExactSizeIterator {
        self.entries.iter().map(|(key, _)| key)
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> + ExactSizeIterator {
        self.entries.iter().map(|(_, value)| value)
    }

    pub fn values_mut(&mut self) -> impl DoubleEndedIterator<Item = &mut V> + ExactSizeIterator {
        self.entries.iter_mut().map(|(_, value)| value)
    }

    /// The entry with the smallest key.
    pub fn first_key_value(&self) -> Option<(&K, &V)> {
        self.entries.first().map(|(key, value)| (key, value))
    }

    /// The entry with the largest key.
    pub fn last_key_value(&self) -> Option<(&K, &V)> {
        self.entries.last().map(|(key, value)| (key, value))
    }
}

impl<K: Ord, V> SortedMap<K, V> {
    /// Where `key` is (`Ok`) or would go (`Err`). A key above the last one, the usual case
    /// for maps that grow at the end, needs one comparison instead of a search.
    fn position(&self, key: &K) -> Result<usize, usize> {
        match self.entries.last() {
            Some((last, _)) if last < key => Err(self.entries.len()),
            _ => self.entries.binary_search_by(|(probe, _)| probe.cmp(key)),
        }
    }

    pub fn get(&self, key: &K) -> Option<&V> {
        let index = self.position(key).ok()?;
        Some(&self.entries[index].1)
    }

    pub fn get_mut(&mut self, key: &K) -> Option<&mut V> {
        let index = self.position(key).ok()?;
        Some(&mut self.entries[index].1)
    }

    pub fn contains_key(&self, key: &K) -> bool {
        self.position(key).is_ok()
    }

    /// Sets `key` to `value`; returns the value it replaces, if any (the key stays).
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.position(&key) {
            Ok(index) => Some(std::mem::replace(&mut self.entries[index].1, value)),
            Err(index) => {
                self.entries.insert(index, (key, value));
                None
            }
        }
    }

    /// The value at `key`, made by `make` first if there is none (`BTreeMap`'s
    /// `entry(key).or_insert_with(make)`).
    pub fn get_or_insert_with(&mut self, key: K, make: impl FnOnce() -> V) -> &mut V {
        let index = match self.position(&key) {
            Ok(index) => index,
            Err(index) => {
                self.entries.insert(index, (key, make()));
                index
            }
        };
        &mut self.entries[index].1
    }

    /// The value at `key`, the default one first if there is none (`BTreeMap`'s
    /// `entry(key).or_default()`).
    pub fn get_or_default(&mut self, key: K) -> &mut V
    where
        V: Default,
    {
        self.get_or_insert_with(key, V::default)
    }

    pub fn remove(&mut self, key: &K) -> Option<V> {
        let index = self.position(key).ok()?;
        Some(self.entries.remove(index).1)
    }

    /// Entries whose key lies in `range`, in key order. A range whose end comes before its
    /// start is empty (where `BTreeMap` would panic).
    pub fn range(&self, range: impl RangeBounds<K>) -> Iter<'_, K, V> {
        let start = match range.start_bound() {
            Bound::Included(key) => self.entries.partition_point(|(probe, _)| probe < key),
            Bound::Excluded(key) => self.entries.partition_point(|(probe, _)| probe <= key),
            Bound::Unbounded => 0,
        };
        let end = match range.end_bound() {
            Bound::Included(key) => self.entries.partition_point(|(probe, _)| probe <= key),
            Bound::Excluded(key) => self.entries.partition_point(|(probe, _)| probe < key),
            Bound::Unbounded => self.entries.len(),
        };
        Iter(self.entries[start..end.max(start)].iter())
    }
}

impl<K, V> Default for SortedMap<K, V> {
    fn default() -> Self {
        Self::new()
    }
}

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for SortedMap<K, V> {
    /// As `BTreeMap` prints: `{key: value, …}`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<K: Ord, V> Index<&K> for SortedMap<K, V> {
    type Output = V;

    /// Panics if `key` is absent, like `BTreeMap`'s `map[&key]`.
    fn index(&self, key: &K) -> &V {
        self.get(key)
            .expect("no entry for this key in the SortedMap")
    }
}

/// Inserts one by one: linear for input sorted by key (the append path), up to quadratic
/// for input in random order, which only small maps should get.
impl<K: Ord, V> Extend<(K, V)> for SortedMap<K, V> {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, entries: I) {
        for (key, value) in entries {
            self.insert(key, value);
        }
    }
}

/// A later entry with an equal key replaces the earlier one's value, as with `BTreeMap`.
impl<K: Ord, V> FromIterator<(K, V)> for SortedMap<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(entries: I) -> Self {
        let mut map = Self::new();
        map.extend(entries);
        map
    }
}

impl<'a, K, V> IntoIterator for &'a SortedMap<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = Iter<'a, K, V>;

    fn into_iter(self) -> Iter<'a, K, V> {
        self.iter()
    }
}

impl<K, V> IntoIterator for SortedMap<K, V> {
    type Item = (K, V);
    type IntoIter = std::vec::IntoIter<(K, V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

/// Borrowed entries in key order, as `(&key, &value)` like `BTreeMap`'s iterator.
pub struct Iter<'a, K, V>(std::slice::Iter<'a, (K, V)>);

impl<'a, K, V> Iterator for Iter<'a, K, V> {
    type Item = (&'a K, &'a V);

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(key, value)| (key, value))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl<K, V> DoubleEndedIterator for Iter<'_, K, V> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.0.next_back().map(|(key, value)| (key, value))
    }
}

impl<K, V> ExactSizeIterator for Iter<'_, K, V> {}
