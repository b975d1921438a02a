//! Steps per second for a 5-node cluster under steady proposals: the leader takes one command
//! per round, every message is delivered in order, and every node ticks once per round (so
//! heartbeats and their catch-up checks are included). Run with `cargo bench -p paxos`.

use std::collections::VecDeque;
use std::hint::black_box;
use std::time::Instant;

use paxos::{Config, Durable, Envelope, Node, Output, Role};

const NODES: u8 = 5;
const ROUNDS: u64 = 200_000;

struct Cluster {
    nodes: Vec<Node<u64>>,
    queue: VecDeque<Envelope<u64>>,
    steps: u64,
    applied: u64,
}

impl Cluster {
    fn absorb(&mut self, out: Output<u64>) {
        self.steps += 1;
        self.applied += out.committed.len() as u64;
        black_box(&out.events);
        self.queue.extend(out.messages);
    }

    fn deliver_all(&mut self) {
        while let Some(envelope) = self.queue.pop_front() {
            let index = usize::from(envelope.to) - 1;
            let out = self.nodes[index].step(envelope);
            self.absorb(out);
        }
    }
}

fn main() {
    let members: Vec<u8> = (1..=NODES).collect();
    let nodes = members
        .iter()
        .map(|&id| {
            // The compact timers (heartbeats every 3 ticks), which BENCHMARKS.md's figures
            // were measured with.
            let config = Config::with_timers(id, members.clone(), testkit::COMPACT_TIMERS);
            Node::new(config, Durable::default()).unwrap()
        })
        .collect();
    let mut cluster = Cluster {
        nodes,
        queue: VecDeque::new(),
        steps: 0,
        applied: 0,
    };
    let out = cluster.nodes[0].campaign();
    cluster.absorb(out);
    cluster.deliver_all();
    assert_eq!(cluster.nodes[0].role(), Role::Leader);

    cluster.steps = 0;
    let start = Instant::now();
    for round in 0..ROUNDS {
        let out = cluster.nodes[0].propose(round).expect("S1 stays leader");
        cluster.absorb(out);
        cluster.deliver_all();
        for index in 0..cluster.nodes.len() {
            let out = cluster.nodes[index].tick();
            cluster.absorb(out);
        }
        cluster.deliver_all();
    }
    let elapsed = start.elapsed();
    assert!(cluster.applied >= ROUNDS * u64::from(NODES) - u64::from(NODES) * 2);
    let per_second = cluster.steps as f64 / elapsed.as_secs_f64();
    println!(
        "paxos: {NODES}-node steady proposals: {per_second:.0} steps/s ({} steps in {} ms)",
        cluster.steps,
        elapsed.as_millis()
    );
}
