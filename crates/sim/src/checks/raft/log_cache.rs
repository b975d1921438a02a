//! Per-node prefix hashes of the log, kept up to date from the entries a step changed.

use common::NodeId;

use crate::checks::context::{mix, payload_hash};
use crate::engine::kv::KvCommand;

/// The hash of the empty log.
const EMPTY_LOG: u64 = 0x5241_4654; // "RAFT"

pub fn entry_hash(previous: u64, entry: &raft::Entry<KvCommand>) -> u64 {
    let payload = match &entry.payload {
        raft::EntryPayload::Noop => payload_hash(None),
        raft::EntryPayload::Command(command) => payload_hash(Some(command)),
    };
    mix(mix(previous, entry.term), payload)
}

/// What a step did to one log.
pub struct LogChange {
    /// The first index whose entry may differ from before the step.
    pub first_changed: u64,
    /// The log's length before the step.
    pub old_len: u64,
}

#[derive(Clone, Default)]
pub struct LogCache {
    /// `prefixes[node - 1][i]`: hash of entries `1..=i` (index 0: the empty log).
    prefixes: Vec<Vec<u64>>,
}

impl LogCache {
    pub fn prefix(&self, node: NodeId) -> &[u64] {
        self.prefixes
            .get(usize::from(node) - 1)
            .map_or(&[], Vec::as_slice)
    }

    /// The servers whose log holds, at `index`, the prefix with hash `hash`.
    pub fn holders(&self, index: u64, hash: u64) -> Vec<NodeId> {
        (1..=self.prefixes.len() as NodeId)
            .filter(|&n| self.prefix(n).get(index as usize) == Some(&hash))
            .collect()
    }

    /// Brings `node`'s hashes up to date. The step's events say where the log changed
    /// (appended, truncated, overwritten); a change of length is caught even without one.
    pub fn update(
        &mut self,
        node: NodeId,
        log: &[raft::Entry<KvCommand>],
        events: &[raft::Event],
        everything: bool,
    ) -> Option<LogChange> {
        let slot = usize::from(node) - 1;
        if self.prefixes.len() <= slot {
            self.prefixes.resize_with(slot + 1, || vec![EMPTY_LOG]);
        }
        let prefix = &mut self.prefixes[slot];
        let old_len = prefix.len() as u64 - 1;
        let new_len = log.len() as u64;
        let mut first: Option<u64> = everything.then_some(1);
        for event in events.iter().filter(|e| e.node == node) {
            let at = match event.kind {
                raft::EventKind::EntriesAppended { first, .. } => first,
                raft::EventKind::EntriesTruncated { from, .. } => from,
                raft::EventKind::EntryOverwrittenInPlace { index, .. } => index,
                _ => continue,
            };
            first = Some(first.map_or(at, |f| f.min(at)));
        }
        if old_len != new_len {
            let at = old_len.min(new_len) + 1;
            first = Some(first.map_or(at, |f| f.min(at)));
        }
        let first = first?.max(1);
        prefix.truncate(first as usize);
        for entry in log.iter().skip(first as usize - 1) {
            let previous = *prefix.last().unwrap_or(&EMPTY_LOG);
            prefix.push(entry_hash(previous, entry));
        }
        debug_assert_eq!(prefix.len() as u64, new_len + 1);
        Some(LogChange {
            first_changed: first,
            old_len,
        })
    }
}
