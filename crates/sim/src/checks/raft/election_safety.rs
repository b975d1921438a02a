//! Election Safety (§5.2): at most one leader per term, ever. A ledger remembers every
//! term's leader, so two leaders of one term that never coexist are still caught.

use common::{NodeId, SortedMap};

use crate::checks::context::Violation;

#[derive(Clone, Default)]
pub struct ElectionLedger {
    leaders: SortedMap<u64, NodeId>,
}

impl ElectionLedger {
    pub fn check(&mut self, leader: NodeId, term: u64, found: &mut Vec<Violation>) {
        match self.leaders.get(&term) {
            Some(&first) if first != leader => found.push(Violation::new(
                "Election Safety",
                vec![first, leader],
                vec![],
                format!("S{leader} became leader of term {term}, which S{first} already led"),
            )),
            Some(_) => {}
            None => {
                self.leaders.insert(term, leader);
            }
        }
    }
}
