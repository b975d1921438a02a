//! Log Matching (§5.3): if two logs hold an entry with the same index and term, the logs are
//! identical up to that index. Every (index, term) ever seen maps to the prefix hash it came
//! with; a second, different prefix for the same pair is a violation. Indexes are dense and
//! nearly always hold one term, so the first term seen at each index lives in a flat vector
//! (cheap to clone into a checkpoint) and the rare others in a map.

use common::{NodeId, SortedMap};

use crate::checks::context::Violation;
use crate::engine::kv::KvCommand;

#[derive(Clone, Default)]
pub struct LogMatching {
    /// `first[index - 1]`: (term, prefix hash, holder) of the first entry seen at `index`.
    first: Vec<(u64, u64, NodeId)>,
    /// (index, term) → (prefix hash, holder) for entries of any other term at that index.
    others: SortedMap<(u64, u64), (u64, NodeId)>,
}

impl LogMatching {
    pub fn check(
        &mut self,
        id: NodeId,
        log: &[raft::Entry<KvCommand>],
        prefix: &[u64],
        first_changed: u64,
        found: &mut Vec<Violation>,
    ) {
        // Every entry is recorded (the ledger stays dense); only the first mismatch is reported.
        let mut reported = false;
        for entry in log.iter().skip(first_changed.saturating_sub(1) as usize) {
            let hash = prefix[entry.index as usize];
            let slot = entry.index as usize - 1;
            let seen = match self.first.get(slot) {
                None => {
                    debug_assert_eq!(slot, self.first.len(), "logs are dense");
                    self.first.push((entry.term, hash, id));
                    continue;
                }
                Some(&(term, first_hash, holder)) if term == entry.term => (first_hash, holder),
                Some(_) => *self
                    .others
                    .get_or_insert_with((entry.index, entry.term), || (hash, id)),
            };
            if seen.0 != hash && !reported {
                reported = true;
                found.push(violation(id, seen.1, entry));
            }
        }
    }
}

fn violation(id: NodeId, other: NodeId, entry: &raft::Entry<KvCommand>) -> Violation {
    let (term, index) = (entry.term, entry.index);
    let explanation = if other == id {
        format!(
            "S{id} holds an entry of term {term} at index {index}, as it did before, but the \
             entries before it have changed"
        )
    } else {
        format!(
            "S{id} and S{other} both hold an entry of term {term} at index {index}, but their \
             logs differ at or before it"
        )
    };
    Violation::new("Log Matching", vec![other, id], vec![index], explanation)
}
