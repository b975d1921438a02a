//! The Raft paper's Figure 8 schedule on Multi-Paxos (see `stories/figure8_restamp.txt`).
//! Raft must not commit index 2 in panel (c). Paxos re-stamps slot 2 with the new leader's
//! ballot, so it may choose it there, and the later, higher ballot of panel (d) keeps it.

mod support;

use paxos::{Ballot, Value};
use support::Script;

#[test]
fn restamped_slot_2_is_chosen_in_panel_c_and_kept_in_panel_d() {
    let mut script = Script::replay("figure8_restamp.txt", false);
    let cluster = script.cluster();
    assert!(cluster.violations.is_empty(), "{:?}", cluster.violations);
    let x = Value::Command("x=2".to_string());
    // Panel (c): S1 (now down) chose x=2 under its own ballot 3.S1, not under 1.S1.
    let s1 = &cluster.down[&1];
    assert_eq!(s1.accepted[&2].ballot, Ballot::new(3, 1));
    assert_eq!(s1.accepted[&2].value, x);
    // Panel (d): S5 had accepted y=2 there under 2.S5, yet as leader of 3.S5 it chose x=2.
    let s5 = cluster.node(5);
    assert_eq!(s5.ballot(), Ballot::new(3, 5));
    assert_eq!(s5.chosen().get(&2), Some(&x));
    for id in 2..=5 {
        assert_eq!(cluster.node(id).commit_index(), 2, "S{id} applied slot 2");
        assert_eq!(cluster.node(id).chosen().get(&2), Some(&x));
    }
}
