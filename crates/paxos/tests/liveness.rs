//! Chaos, then calm: under random reordering, loss, duplication, crashes and restarts nothing
//! is chosen twice; once the faults stop, a leader emerges and every live node applies the
//! same prefix, holes and lost Accepts included (re-sends, no-ops and catch-up at work).

mod support;

use common::SplitMix64;
use support::Cluster;

fn chaos_then_calm(seed: u64, size: u8) {
    let mut rng = SplitMix64::new(seed);
    let mut cluster = Cluster::new(size, &[], false);
    let ids = cluster.ids();
    for step in 0..3000 {
        cluster.chaos_step(&mut rng, step);
    }
    assert!(
        cluster.violations.is_empty(),
        "seed {seed}: {:?}",
        cluster.violations
    );
    for id in ids.clone() {
        let _ = cluster.restart(id);
    }
    cluster.run_rounds(400);
    assert!(
        cluster.violations.is_empty(),
        "seed {seed}: {:?}",
        cluster.violations
    );
    let leader = cluster
        .leader()
        .unwrap_or_else(|| panic!("seed {seed}: no leader"));
    let commit = cluster.node(leader).commit_index();
    assert!(
        commit > 300,
        "seed {seed}: leader S{leader} applied only {commit}"
    );
    for id in ids {
        let node = cluster.node(id);
        assert!(
            node.commit_index() + 2 >= commit,
            "seed {seed}: S{id} lags at {} behind {commit}",
            node.commit_index()
        );
        for slot in 1..=node.commit_index().min(commit) {
            assert_eq!(
                node.chosen().get(&slot),
                cluster.node(leader).chosen().get(&slot)
            );
        }
    }
}

#[test]
fn clusters_recover_after_chaos() {
    for seed in 0..12 {
        chaos_then_calm(seed, 3 + (seed % 3) as u8);
    }
}

#[test]
fn no_chaos_schedule_chooses_two_values() {
    for seed in 0..300 {
        let mut rng = SplitMix64::new(seed);
        let mut cluster = Cluster::new(3 + (seed % 3) as u8, &[], false);
        for step in 0..2000 {
            cluster.chaos_step(&mut rng, step);
        }
        assert!(
            cluster.violations.is_empty(),
            "seed {seed}: {:?}",
            cluster.violations
        );
    }
}
