//! The messages in flight, by id. Ids are handed out in send order and most messages leave
//! in roughly that order, so a deque indexed by `id - first` beats a map: insertion is a push,
//! removal leaves a hole that is trimmed once it reaches the front.

use std::collections::VecDeque;

use crate::scenario::action::MessageId;

#[derive(Clone, Debug)]
pub struct InFlightTable<T> {
    /// The id of `slots[0]`.
    first: MessageId,
    slots: VecDeque<Option<T>>,
    len: usize,
}

impl<T> Default for InFlightTable<T> {
    fn default() -> Self {
        InFlightTable {
            first: 1,
            slots: VecDeque::new(),
            len: 0,
        }
    }
}

impl<T> InFlightTable<T> {
    fn index(&self, id: MessageId) -> Option<usize> {
        let offset = id.checked_sub(self.first)?;
        usize::try_from(offset)
            .ok()
            .filter(|&i| i < self.slots.len())
    }

    /// Adds a message. Ids must not decrease between insertions of new messages; an older id
    /// (a message put back while it waits for a paused server) must still have its slot.
    pub fn insert(&mut self, id: MessageId, value: T) {
        if self.slots.is_empty() {
            self.first = id;
        }
        match self.index(id) {
            Some(index) => {
                if self.slots[index].replace(value).is_none() {
                    self.len += 1;
                }
            }
            None if id >= self.first => {
                let gap = (id - self.first) as usize - self.slots.len();
                self.slots.extend(std::iter::repeat_with(|| None).take(gap));
                self.slots.push_back(Some(value));
                self.len += 1;
            }
            None => {
                // Before the front: grow the deque at the front.
                let gap = (self.first - id) as usize;
                for _ in 1..gap {
                    self.slots.push_front(None);
                }
                self.slots.push_front(Some(value));
                self.first = id;
                self.len += 1;
            }
        }
    }

    pub fn remove(&mut self, id: MessageId) -> Option<T> {
        let index = self.index(id)?;
        let value = self.slots[index].take()?;
        self.len -= 1;
        while matches!(self.slots.front(), Some(None)) {
            self.slots.pop_front();
            self.first += 1;
        }
        Some(value)
    }

    pub fn get(&self, id: MessageId) -> Option<&T> {
        self.slots[self.index(id)?].as_ref()
    }

    pub fn get_mut(&mut self, id: MessageId) -> Option<&mut T> {
        let index = self.index(id)?;
        self.slots[index].as_mut()
    }

    pub fn contains_key(&self, id: MessageId) -> bool {
        self.get(id).is_some()
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Messages in id (send) order.
    pub fn values(&self) -> impl Iterator<Item = &T> {
        self.slots.iter().flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    proptest! {
        /// The table behaves exactly like a map from id to message.
        #[test]
        fn behaves_like_a_map(operations in proptest::collection::vec((0u8..4, 0u64..40), 0..200)) {
            let mut table = InFlightTable::default();
            let mut model = BTreeMap::new();
            let mut next = 1;
            for (kind, id) in operations {
                match kind {
                    0 | 1 => {
                        table.insert(next, next * 10);
                        model.insert(next, next * 10);
                        next += 1;
                    }
                    2 => prop_assert_eq!(table.remove(id), model.remove(&id)),
                    _ => {
                        // Put back an old message (as a paused server's buffer does).
                        if id < next && !model.contains_key(&id) && id > 0 {
                            table.insert(id, id * 10);
                            model.insert(id, id * 10);
                        }
                    }
                }
                prop_assert_eq!(table.len(), model.len());
                prop_assert_eq!(table.get(id), model.get(&id));
                let values: Vec<u64> = table.values().copied().collect();
                let expected: Vec<u64> = model.values().copied().collect();
                prop_assert_eq!(values, expected);
            }
        }
    }
}
