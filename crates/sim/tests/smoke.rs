//! A first end-to-end run of each protocol: a leader is elected, client operations commit,
//! no invariant breaks, and the run is deterministic.

use sim::cores::paxos::PaxosNode;
use sim::cores::raft::RaftNode;
use sim::cores::Core;
use sim::engine::world::World;
use sim::{ProtocolKind, Scenario};

fn scenario(protocol: ProtocolKind) -> Scenario {
    let mut scenario = Scenario {
        protocol,
        seed: 7,
        ..Scenario::default()
    };
    scenario.clients.count = 2;
    scenario
}

fn run<P: Core>(scenario: &Scenario) -> World<P> {
    let mut world = World::<P>::new(scenario).unwrap();
    world.run_until(scenario.run_until_ms * 1000, &scenario.actions);
    world
}

#[test]
fn raft_elects_commits_and_stays_safe() {
    let world = run::<RaftNode>(&scenario(ProtocolKind::Raft));
    assert_eq!(world.violation(), None);
    assert!(world.leader().is_some());
    assert!(world.metrics.latencies_us.len() > 10, "{:?}", world.metrics);
    let again = run::<RaftNode>(&scenario(ProtocolKind::Raft));
    assert_eq!(world.trace.hash(), again.trace.hash());
    let other_seed = run::<RaftNode>(&Scenario {
        seed: 8,
        ..scenario(ProtocolKind::Raft)
    });
    assert_ne!(world.trace.hash(), other_seed.trace.hash());
    let leader = world.leader().unwrap();
    let node = world.nodes[usize::from(leader) - 1].up().unwrap();
    assert_eq!(Core::view(node).role, "leader");
}

#[test]
fn paxos_elects_commits_and_stays_safe() {
    let world = run::<PaxosNode>(&scenario(ProtocolKind::Paxos));
    assert_eq!(world.violation(), None);
    assert!(world.leader().is_some());
    assert!(world.metrics.latencies_us.len() > 10, "{:?}", world.metrics);
}
