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
    let pick = |rng: &mut SplitMix64| ids[rng.range_inclusive(0, ids.len() as u64 - 1) as usize];
    for step in 0..3000 {
        match rng.range_inclusive(0, 99) {
            0..=29 => cluster.tick(pick(&mut rng)),
            30..=79 => cluster.deliver_index(rng.next_u64() as usize, false),
            80..=84 => cluster.deliver_index(rng.next_u64() as usize, true),
            85..=89 => cluster.drop_index(rng.next_u64() as usize),
            90..=96 => {
                let _ = cluster.propose(pick(&mut rng), &format!("c{step}"));
            }
            97 => cluster.crash(pick(&mut rng)),
            _ => {
                let _ = cluster.restart(pick(&mut rng));
            }
        }
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
