//! Log Matching (§5.3): if two logs hold an entry with the same index and term, the logs are
//! identical up to that index. Every (index, term) ever seen maps to the prefix hash it came
//! with; a second, different prefix for the same pair is a violation. Indexes are dense, so
//! the ledger is a vector by index of the (few) terms seen there.

use common::NodeId;

use crate::check::Violation;
use crate::kv::KvCommand;

#[derive(Clone, Default)]
pub struct LogMatching {
    /// `seen[index]`: (term, prefix hash, first holder) for each term seen at that index.
    seen: Vec<Vec<(u64, u64, NodeId)>>,
}

impl LogMatching {
    pub fn check(
        &mut self,
        id: NodeId,
        log: &[raft::Entry<KvCommand>],
        prefix: &[u64],
        first_changed: u64,
    ) -> Result<(), Violation> {
        for entry in log.iter().skip(first_changed.saturating_sub(1) as usize) {
            let hash = prefix[entry.index as usize];
            let index = entry.index as usize;
            if self.seen.len() <= index {
                self.seen.resize_with(index + 1, Vec::new);
            }
            let at_index = &mut self.seen[index];
            match at_index.iter().find(|(term, _, _)| *term == entry.term) {
                Some(&(_, other_hash, other)) if other_hash != hash => {
                    return Err(Violation::new(
                        "Log Matching",
                        vec![other, id],
                        vec![entry.index],
                        format!(
                            "S{id} and S{other} both hold an entry of term {} at index {}, but \
                             their logs differ at or before it",
                            entry.term, entry.index
                        ),
                    ))
                }
                Some(_) => {}
                None => at_index.push((entry.term, hash, id)),
            }
        }
        Ok(())
    }
}
