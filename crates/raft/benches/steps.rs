//! How many `step` calls per second a 5-node cluster handles under steady proposals.
//! Run with `cargo bench -p raft` (release build).

use std::collections::VecDeque;
use std::time::Instant;

use raft::{Config, Durable, Envelope, Node, Role};

const NODES: u8 = 5;
const PROPOSALS: u64 = 200_000;
/// Proposals per round trip: the leader batches nothing itself, so each proposal is sent
/// on its own; a few per round keeps several appends in flight, as a busy leader would.
const PROPOSALS_PER_ROUND: u64 = 4;

fn main() {
    let members: Vec<u8> = (1..=NODES).collect();
    let mut nodes: Vec<Node<u64>> = members
        .iter()
        .map(|&id| {
            // The compact timers (heartbeats every 3 ticks), which BENCHMARKS.md's figures
            // were measured with.
            let config = Config::with_timers(id, members.clone(), testkit::COMPACT_TIMERS);
            Node::new(config, Durable::default()).unwrap()
        })
        .collect();
    let mut queue: VecDeque<Envelope<u64>> = VecDeque::new();
    let mut steps = 0u64;
    let mut applied = 0u64;

    queue.extend(nodes[0].campaign().messages);
    let mut deliver = |nodes: &mut Vec<Node<u64>>, queue: &mut VecDeque<Envelope<u64>>| {
        while let Some(envelope) = queue.pop_front() {
            let to = usize::from(envelope.to - 1);
            let output = nodes[to].step(envelope);
            steps += 1;
            applied += output.committed.len() as u64;
            queue.extend(output.messages);
        }
    };
    deliver(&mut nodes, &mut queue);
    assert_eq!(nodes[0].role(), Role::Leader);

    let start = Instant::now();
    let mut proposed = 0;
    let mut round = 0u64;
    while proposed < PROPOSALS {
        for _ in 0..PROPOSALS_PER_ROUND {
            let output = nodes[0].propose(proposed).expect("S1 stays leader");
            queue.extend(output.messages);
            proposed += 1;
        }
        // Time passes too: every node ticks once per round (heartbeats, timers).
        round += 1;
        if round.is_multiple_of(4) {
            for node in nodes.iter_mut() {
                queue.extend(node.tick().messages);
            }
        }
        deliver(&mut nodes, &mut queue);
    }
    let elapsed = start.elapsed();
    // The no-op and every proposal are committed at the leader; followers learn the last
    // commit index with the next append, so they may trail by one round.
    assert_eq!(
        nodes[0].commit_index(),
        PROPOSALS + 1,
        "everything committed"
    );
    assert!(applied >= PROPOSALS * u64::from(NODES) - 10 * u64::from(NODES));
    let per_second = steps as f64 / elapsed.as_secs_f64();
    println!(
        "raft: 5-node steady proposals: {:.0} steps/s ({steps} steps in {} ms)",
        per_second,
        elapsed.as_millis()
    );
}
