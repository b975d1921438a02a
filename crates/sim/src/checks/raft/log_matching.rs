//! Log Matching (§5.3): if two logs hold an entry with the same index and term, the logs are
//! identical up to that index. Every (index, term) ever seen maps to the prefix hash it came
//! with; a second, different prefix for the same pair is a violation.

use common::NodeId;
use std::collections::BTreeMap;

use crate::check::Violation;
use crate::kv::KvCommand;

#[derive(Clone, Default)]
pub struct LogMatching {
    seen: BTreeMap<(u64, u64), (u64, NodeId)>,
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
            match self.seen.get(&(entry.index, entry.term)) {
                Some(&(other_hash, other)) if other_hash != hash => {
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
                None => {
                    self.seen.insert((entry.index, entry.term), (hash, id));
                }
            }
        }
        Ok(())
    }
}
