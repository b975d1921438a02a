//! The replicated log: entries numbered from 1, each stamped with the term of the leader that
//! created it. Index 0 with term 0 stands for "before the first entry".

use std::fmt;

use common::Payload;
use serde::{Deserialize, Serialize};

/// One log entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry<C> {
    pub index: u64,
    pub term: u64,
    pub payload: EntryPayload<C>,
}

/// What an entry carries: a client command, or the empty entry a new leader appends.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EntryPayload<C> {
    Noop,
    Command(C),
}

impl<C: Payload> Entry<C> {
    /// Index and term (8 + 8 bytes), a tag byte, then the command if any.
    pub fn wire_size_bytes(&self) -> usize {
        17 + match &self.payload {
            EntryPayload::Noop => 0,
            EntryPayload::Command(command) => command.wire_size_bytes(),
        }
    }
}

/// Where a log ends (or any point in it). Ordered by term first, then index: exactly the
/// "more up-to-date" order of §5.4.1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct LogPosition {
    pub term: u64,
    pub index: u64,
}

impl fmt::Display for LogPosition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "(term {}, index {})", self.term, self.index)
    }
}

/// The log of one node. Invariant: `entries[i].index == i + 1`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub(crate) struct Log<C> {
    entries: Vec<Entry<C>>,
}

impl<C: Clone> Log<C> {
    /// Takes entries the caller has checked to be numbered 1, 2, 3, ….
    pub(crate) fn from_entries(entries: Vec<Entry<C>>) -> Self {
        debug_assert!(entries
            .iter()
            .enumerate()
            .all(|(i, e)| e.index == i as u64 + 1));
        Self { entries }
    }

    pub(crate) fn entries(&self) -> &[Entry<C>] {
        &self.entries
    }

    pub(crate) fn last_index(&self) -> u64 {
        self.entries.len() as u64
    }

    pub(crate) fn last_position(&self) -> LogPosition {
        self.entries
            .last()
            .map_or(LogPosition { term: 0, index: 0 }, |e| LogPosition {
                term: e.term,
                index: e.index,
            })
    }

    /// The term of the entry at `index`; `Some(0)` for index 0, `None` past the end.
    pub(crate) fn term_at(&self, index: u64) -> Option<u64> {
        if index == 0 {
            return Some(0);
        }
        self.get(index).map(|e| e.term)
    }

    pub(crate) fn get(&self, index: u64) -> Option<&Entry<C>> {
        let position = usize::try_from(index.checked_sub(1)?).ok()?;
        self.entries.get(position)
    }

    /// Entries `first..=last`, clipped to what exists.
    pub(crate) fn slice(&self, first: u64, last: u64) -> &[Entry<C>] {
        let len = self.entries.len();
        let start = usize::try_from(first.max(1) - 1).map_or(len, |s| s.min(len));
        let end = usize::try_from(last).map_or(len, |e| e.min(len));
        &self.entries[start..end.max(start)]
    }

    pub(crate) fn push(&mut self, term: u64, payload: EntryPayload<C>) -> u64 {
        let index = self.last_index() + 1;
        self.entries.push(Entry {
            index,
            term,
            payload,
        });
        index
    }

    /// Drops every entry from `index` on.
    pub(crate) fn truncate_from(&mut self, index: u64) {
        debug_assert!(index >= 1);
        self.entries
            .truncate(usize::try_from(index - 1).unwrap_or(usize::MAX));
    }

    /// Replaces the entry at an existing index, keeping everything after it. Only the
    /// `append-without-truncate` bug does this.
    pub(crate) fn overwrite(&mut self, entry: Entry<C>) {
        if let Some(slot) = usize::try_from(entry.index - 1)
            .ok()
            .and_then(|p| self.entries.get_mut(p))
        {
            *slot = entry;
        }
    }

    /// The first index holding `term`, scanning back from `index` (the fast-backtracking
    /// hint of §5.3: the leader can skip the whole conflicting term in one round trip).
    pub(crate) fn first_index_of_term_before(&self, index: u64, term: u64) -> u64 {
        let mut first = index;
        while first > 1 && self.term_at(first - 1) == Some(term) {
            first -= 1;
        }
        first
    }

    /// The last index holding `term`, if this log has any entry of that term.
    pub(crate) fn last_index_of_term(&self, term: u64) -> Option<u64> {
        self.entries
            .iter()
            .rev()
            .find(|e| e.term == term)
            .map(|e| e.index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log(terms: &[u64]) -> Log<u64> {
        let mut log = Log::from_entries(Vec::new());
        for &t in terms {
            log.push(t, EntryPayload::Noop);
        }
        log
    }

    #[test]
    fn sentinel_and_bounds() {
        let l = log(&[1, 1, 2]);
        assert_eq!(l.term_at(0), Some(0));
        assert_eq!(l.term_at(3), Some(2));
        assert_eq!(l.term_at(4), None);
        assert_eq!(l.term_at(u64::MAX), None);
        assert_eq!(l.last_position(), LogPosition { term: 2, index: 3 });
        assert_eq!(log(&[]).last_position(), LogPosition { term: 0, index: 0 });
    }

    #[test]
    fn slice_clips() {
        let l = log(&[1, 1, 2, 3]);
        assert_eq!(l.slice(2, 3).len(), 2);
        assert_eq!(l.slice(3, 100).len(), 2);
        assert_eq!(l.slice(5, 9).len(), 0);
        assert_eq!(l.slice(0, u64::MAX).len(), 4);
        assert_eq!(l.slice(u64::MAX, u64::MAX).len(), 0);
    }

    #[test]
    fn term_search() {
        let l = log(&[1, 1, 4, 4, 4, 6]);
        assert_eq!(l.first_index_of_term_before(5, 4), 3);
        assert_eq!(l.first_index_of_term_before(2, 1), 1);
        assert_eq!(l.last_index_of_term(4), Some(5));
        assert_eq!(l.last_index_of_term(5), None);
    }

    #[test]
    fn up_to_date_order_is_term_then_index() {
        let a = LogPosition { term: 3, index: 9 };
        let b = LogPosition { term: 4, index: 1 };
        assert!(b > a);
        assert!(LogPosition { term: 4, index: 2 } > b);
    }
}
