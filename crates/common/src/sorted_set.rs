//! [`SortedSet`]: the set counterpart of [`SortedMap`], in place of `BTreeSet`, for the same
//! reasons (see [`crate::sorted_map`]). A map to `()` underneath, so the two share one copy
//! of the code per element type.

use std::fmt;

use crate::sorted_map::SortedMap;

/// A set whose elements are kept sorted in one `Vec`; iteration is in order.
#[derive(Clone, PartialEq, Eq)]
pub struct SortedSet<T> {
    map: SortedMap<T, ()>,
}

impl<T> SortedSet<T> {
    pub const fn new() -> Self {
        Self {
            map: SortedMap::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    pub fn clear(&mut self) {
        self.map.clear();
    }

    /// Elements in order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> + ExactSizeIterator {
        self.map.keys()
    }
}

impl<T: Ord> SortedSet<T> {
    pub fn contains(&self, element: &T) -> bool {
        self.map.contains_key(element)
    }

    /// Adds `element`; false if it was there already (the one there stays).
    pub fn insert(&mut self, element: T) -> bool {
        let before = self.map.len();
        self.map.get_or_insert_with(element, || ());
        self.map.len() > before
    }

    /// Takes `element` out; false if it was not there.
    pub fn remove(&mut self, element: &T) -> bool {
        self.map.remove(element).is_some()
    }
}

impl<T> Default for SortedSet<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: fmt::Debug> fmt::Debug for SortedSet<T> {
    /// As `BTreeSet` prints: `{a, b, …}`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

/// One by one, as [`SortedMap`]'s `Extend`: linear for sorted input.
impl<T: Ord> Extend<T> for SortedSet<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, elements: I) {
        for element in elements {
            self.insert(element);
        }
    }
}

impl<T: Ord> FromIterator<T> for SortedSet<T> {
    fn from_iter<I: IntoIterator<Item = T>>(elements: I) -> Self {
        let mut set = Self::new();
        set.extend(elements);
        set
    }
}
