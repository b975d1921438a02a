//! Old links keep working: every link in `fixtures/links-v1.json` (plain links, format 1) and
//! `fixtures/links-v2.json` (compressed, format 2) still decodes and replays to the trace hash
//! recorded when it was published. The same files are checked in Node and in browsers, so the
//! hash is the same everywhere. (Regenerate only on purpose:
//! `raftplay fixtures --format N > fixtures/links-vN.json`.)

use serde::Deserialize;

#[derive(Deserialize)]
struct Fixture {
    name: String,
    link: String,
    until_ms: u64,
    trace_hash: String,
}

#[test]
fn every_plain_golden_link_replays_to_its_recorded_hash() {
    check(include_str!("../../../fixtures/links-v1.json"), "s=1.");
}

#[test]
fn every_compressed_golden_link_replays_to_its_recorded_hash() {
    check(include_str!("../../../fixtures/links-v2.json"), "s=2.");
}

fn check(text: &str, prefix: &str) {
    let fixtures: Vec<Fixture> = serde_json::from_str(text).expect("fixture file");
    assert!(fixtures.len() >= 15);
    for fixture in fixtures {
        assert!(fixture.link.starts_with(prefix), "{}", fixture.name);
        let scenario = sim::link::decode(&fixture.link)
            .unwrap_or_else(|e| panic!("{}: the link no longer decodes: {e}", fixture.name));
        let mut sim = sim::Simulation::new(scenario).unwrap();
        sim.run_until(fixture.until_ms * 1000);
        assert_eq!(
            sim::trace::hash_text(sim.trace_hash()),
            fixture.trace_hash,
            "{}: the same link now replays differently",
            fixture.name
        );
    }
}
