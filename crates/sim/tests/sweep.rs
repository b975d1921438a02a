//! A small sweep in every `cargo test` (the CI-sized one runs through `raftplay sweep` in
//! release): random chaos then liveness, both protocols, no failure.

#[test]
fn a_few_seeds_of_each_protocol_pass() {
    for protocol in [sim::ProtocolKind::Raft, sim::ProtocolKind::Paxos] {
        let report = sim::sweep::sweep(protocol, 1..=12, None, false);
        let failures: Vec<String> = report
            .failures
            .iter()
            .map(|f| format!("seed {}: {}", f.seed, f.explanation))
            .collect();
        assert!(failures.is_empty(), "{protocol}: {}", failures.join("\n"));
        assert!(
            report.steps > 10_000,
            "the runs did real work: {} steps",
            report.steps
        );
    }
}

#[test]
fn a_sweep_scenario_replays_to_the_same_hash() {
    let scenario = sim::sweep::random_scenario(sim::ProtocolKind::Raft, 5, None);
    let hash = |scenario: &sim::Scenario| {
        let mut sim = sim::Simulation::new(scenario.clone()).unwrap();
        sim.run_to_end();
        sim.trace_hash()
    };
    let through_link =
        sim::scenario::link::decode(&sim::scenario::link::encode(&scenario)).unwrap();
    assert_eq!(hash(&scenario), hash(&through_link));
}
