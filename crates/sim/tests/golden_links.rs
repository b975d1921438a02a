//! Old links keep working: every link in `fixtures/links-v1.json` (plain links, format 1) and
//! `fixtures/links-v2.json` (compressed, format 2) still decodes and replays to the trace hash
//! recorded when it was published, and its scenario is written back byte for byte as it was
//! then (the page compares links as text). The same files are checked in Node and in
//! browsers, so the hash is the same everywhere. The hashes are over each event's typed
//! fields, never its wording (`sim::report::trace_hash`); `wording_never_reaches_the_hash` proves it.
//! A changed hash is a changed run: the files are never regenerated to make a test pass (their
//! header says what changed them, and when). A link replays as the page runs it: on after a
//! violation (`Simulation::keep_going`).

use sim::scenario::json::{self, Fields, Json};
use sim::scenario::link::base64url_decode;
use sim::Scenario;

const PLAIN: &str = include_str!("../../../fixtures/links-v1.json");
const COMPRESSED: &str = include_str!("../../../fixtures/links-v2.json");

struct Fixture {
    name: String,
    link: String,
    until_ms: u64,
    trace_hash: String,
}

/// A fixture file: `{hash_version, about, fixtures: [...]}`. Its hashes are of the trace hash
/// encoding this engine has: a file of another version fails here rather than hash by hash.
fn fixtures(text: &str) -> Vec<Fixture> {
    let file = json::parse(text).expect("fixture file");
    let (version, fixtures) = Fields::read(&file, |fields| {
        let _about: String = fields.required("about")?;
        Ok((
            fields.required::<u64>("hash_version")?,
            fields.required_with("fixtures", |value| Ok(value.clone()))?,
        ))
    })
    .expect("a fixture file's header");
    assert_eq!(version, sim::report::trace_hash::TRACE_HASH_VERSION);
    let Json::Array(fixtures) = fixtures else {
        panic!("a fixture file's fixtures are an array");
    };
    let fixtures: Vec<Fixture> = fixtures
        .iter()
        .map(|fixture| {
            Fields::read(fixture, |fields| {
                Ok(Fixture {
                    name: fields.required("name")?,
                    link: fields.required("link")?,
                    until_ms: fields.required("until_ms")?,
                    trace_hash: fields.required("trace_hash")?,
                })
            })
            .expect("a fixture")
        })
        .collect();
    assert!(fixtures.len() >= 15);
    fixtures
}

/// The scenario JSON a plain link carries, as the writer of its day wrote it.
fn plain_json(link: &str) -> String {
    let data = link.strip_prefix("s=1.").expect("a plain link");
    String::from_utf8(base64url_decode(data).expect("base64url")).expect("text")
}

#[test]
fn every_plain_golden_link_replays_to_its_recorded_hash() {
    check(PLAIN, "s=1.");
}

#[test]
fn every_compressed_golden_link_replays_to_its_recorded_hash() {
    check(COMPRESSED, "s=2.");
}

fn check(text: &str, prefix: &str) {
    for fixture in fixtures(text) {
        assert!(fixture.link.starts_with(prefix), "{}", fixture.name);
        let scenario = sim::scenario::link::decode(&fixture.link)
            .unwrap_or_else(|e| panic!("{}: the link no longer decodes: {e}", fixture.name));
        let mut sim = sim::Simulation::new(scenario).unwrap();
        sim.keep_going();
        sim.run_until(fixture.until_ms * 1000);
        assert_eq!(
            sim::report::trace::hash_text(sim.trace_hash()),
            fixture.trace_hash,
            "{}: the same link now replays differently",
            fixture.name
        );
    }
}

/// Runs that stop at their first violation (sweeps, `raftplay run`) are the page's runs cut
/// short: the golden runs without a violation give the same hash, and the first schedule of
/// the Figure 8 bug preset, stopped at its violation, the hash it had before runs went on.
#[test]
fn a_run_that_stops_at_its_first_violation_is_the_same_run_cut_short() {
    for fixture in fixtures(PLAIN) {
        let scenario = sim::scenario::link::decode(&fixture.link).unwrap();
        let mut stops = sim::Simulation::forward_only(scenario.clone()).unwrap();
        stops.run_until(fixture.until_ms * 1000);
        let mut goes_on = sim::Simulation::forward_only(scenario).unwrap();
        goes_on.keep_going();
        goes_on.run_until(fixture.until_ms * 1000);
        let stopped_hash = sim::report::trace::hash_text(stops.trace_hash());
        match stops.violation() {
            None => assert_eq!(stopped_hash, fixture.trace_hash, "{}", fixture.name),
            Some(first) => {
                assert_eq!(goes_on.violation(), Some(first), "{}", fixture.name);
                assert!(goes_on.steps() > stops.steps(), "{}", fixture.name);
                if fixture.name == "preset figure-8-bug, first schedule" {
                    assert_eq!(stopped_hash, "297d8f30dda81f7f");
                }
            }
        }
    }
}

#[test]
fn every_golden_scenario_is_written_back_byte_for_byte() {
    let compressed = fixtures(COMPRESSED);
    for fixture in fixtures(PLAIN) {
        let name = &fixture.name;
        let old_json = plain_json(&fixture.link);
        let scenario = Scenario::from_json(&old_json).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(scenario.to_json(), old_json, "{name}");
        assert_eq!(Scenario::from_json(&scenario.to_json()).unwrap(), scenario);
        // The compressed link of the same name carries the same scenario.
        let packed = compressed.iter().find(|f| f.name == *name).unwrap();
        assert_eq!(
            sim::scenario::link::decode(&packed.link).unwrap(),
            scenario,
            "{name}"
        );
    }
}

#[test]
fn every_preset_is_written_as_its_golden_link() {
    let plain = fixtures(PLAIN);
    let mut compared = 0;
    for preset in sim::scenario::presets::parse_all().unwrap() {
        let text = preset.scenario.to_json();
        let back = Scenario::from_json(&text).unwrap();
        assert_eq!(back, preset.scenario, "{}", preset.name);
        assert_eq!(back.to_json(), text, "{}", preset.name);
        let golden = format!("preset {}", preset.name);
        if let Some(fixture) = plain.iter().find(|f| f.name == golden) {
            assert_eq!(text, plain_json(&fixture.link), "{}", preset.name);
            compared += 1;
        }
    }
    assert!(compared >= 12, "{compared} presets have a golden link");
}

/// The hashes above do not depend on how events are worded. Run with
/// `--features reworded-text` (as `npm test` does), every event, violation and trace text is
/// changed, and every golden link must still replay to its recorded hash; without the
/// feature, this checks that the texts are the usual ones, so the other run means something.
#[test]
fn wording_never_reaches_the_hash() {
    let fixture = &fixtures(PLAIN)[0];
    let mut sim =
        sim::Simulation::new(sim::scenario::link::decode(&fixture.link).unwrap()).unwrap();
    sim.keep_going();
    sim.keep_full_trace();
    sim.run_until(fixture.until_ms * 1000);
    let trace = sim.full_trace();
    let reworded = trace
        .iter()
        .filter(|line| line.contains("(reworded) "))
        .count();
    if cfg!(feature = "reworded-text") {
        assert!(
            reworded > 100 && reworded * 2 > trace.len(),
            "{reworded} of {}",
            trace.len()
        );
    } else {
        assert_eq!(reworded, 0);
    }
    assert_eq!(
        sim::report::trace::hash_text(sim.trace_hash()),
        fixture.trace_hash,
        "{}",
        fixture.name
    );
}
