//! After a violation the run goes on (the page's runs): the checks keep running, every later
//! violation is found and named once, and up to the first one the run is the one that stops
//! there (sweeps, `raftplay run`), event for event.

use sim::engine::world::VIOLATIONS_MAX;
use sim::scenario::presets;
use sim::Simulation;

fn figure_8_bug() -> sim::Scenario {
    presets::find("figure-8-bug").unwrap().scenario
}

fn run(keep_going: bool) -> Simulation {
    let scenario = figure_8_bug();
    let end = scenario.run_until_ms * 1000;
    let mut sim = Simulation::new(scenario).unwrap();
    if keep_going {
        sim.keep_going();
    }
    sim.keep_full_trace();
    sim.run_until(end);
    sim
}

#[test]
fn the_figure_8_bug_runs_on_and_its_damage_is_named() {
    let sim = run(true);
    assert_eq!(
        sim.now(),
        figure_8_bug().run_until_ms * 1000,
        "it ran to its end"
    );
    let invariants: Vec<&str> = sim.violations().iter().map(|v| v.invariant).collect();
    assert_eq!(invariants[0], "Leader Completeness");
    // The committed entry is overwritten on a majority, then the state machines disagree.
    let kept = sim
        .violations()
        .iter()
        .position(|v| v.invariant == "Committed entries stay on a majority")
        .expect("the overwrite is named");
    let disagree = sim
        .violations()
        .iter()
        .position(|v| v.explanation.contains("their state machines disagree"))
        .expect("the disagreement is named");
    assert!(kept < disagree, "{invariants:?}");
    assert!(sim.violations().len() <= VIOLATIONS_MAX);
    for (i, v) in sim.violations().iter().enumerate() {
        assert!(
            !sim.violations()[..i]
                .iter()
                .any(|earlier| earlier.same_as(v)),
            "{v} is reported twice"
        );
    }
    // Each is in the trace, in order.
    let in_trace = sim
        .full_trace()
        .iter()
        .filter(|line| line.contains(" violated at step "))
        .count();
    assert_eq!(in_trace, sim.violations().len());
}

#[test]
fn a_run_that_stops_is_the_run_that_goes_on_cut_short() {
    let mut stops = run(false);
    let goes_on = run(true);
    assert_eq!(stops.violations().len(), 1);
    assert_eq!(stops.violation(), goes_on.violation());
    let first = stops.violation().unwrap();
    assert_eq!(stops.now(), first.time_us, "it stopped at the violation");
    let (short, long) = (stops.full_trace(), goes_on.full_trace());
    assert!(long.len() > short.len());
    assert_eq!(short[..], long[..short.len()]);
    assert!(!stops.step(), "a stopped run takes no step");
}

#[test]
fn going_back_before_the_violation_and_on_again_finds_the_same() {
    let mut sim = run(true);
    let hash = sim.trace_hash();
    let violations = sim.violations().to_vec();
    let first = violations[0].time_us;
    sim.seek(first - 1);
    assert!(sim.violations().is_empty());
    sim.seek(figure_8_bug().run_until_ms * 1000);
    assert_eq!(sim.violations(), &violations[..]);
    assert_eq!(sim.trace_hash(), hash);
}
