//! Ordered application: each node applies slots 1, 2, 3… in order, once each per life, and
//! only values that were chosen there.

use common::NodeId;

use super::agreement::Chosen;
use crate::checks::context::{payload_hash, Violation};
use crate::engine::kv::KvCommand;

#[derive(Clone, Default)]
pub struct Application {
    /// Per node, the last slot applied in its current life.
    applied: Vec<u64>,
}

impl Application {
    pub fn restart(&mut self, id: NodeId) {
        if let Some(applied) = self.applied.get_mut(usize::from(id) - 1) {
            *applied = 0;
        }
    }

    /// Every application moves the node on, right or wrong; the first wrong one of the step
    /// is reported.
    pub fn check(
        &mut self,
        id: NodeId,
        applied: &[(NodeId, u64, Option<KvCommand>)],
        chosen: &Chosen,
        found: &mut Vec<Violation>,
    ) {
        let slot_index = usize::from(id) - 1;
        if self.applied.len() <= slot_index {
            self.applied.resize(slot_index + 1, 0);
        }
        let mut reported = false;
        for &(node, slot, ref command) in applied.iter().filter(|(n, _, _)| *n == id) {
            let expected = self.applied[slot_index] + 1;
            self.applied[slot_index] = slot;
            if reported {
                continue;
            }
            let problem = if slot != expected {
                Violation::new(
                    "Ordered application",
                    vec![node],
                    vec![slot],
                    format!("S{node} applied slot {slot} when the next to apply was {expected}"),
                )
            } else if chosen.get(slot) != Some(payload_hash(command.as_ref())) {
                Violation::new(
                    "Only chosen values are applied",
                    vec![node],
                    vec![slot],
                    format!(
                        "S{node} applied {} in slot {slot}, which is not the value chosen there",
                        command.map_or_else(|| "a no-op".to_string(), |c| c.to_string())
                    ),
                )
            } else {
                continue;
            };
            reported = true;
            found.push(problem);
        }
    }
}
