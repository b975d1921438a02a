//! The preset gallery: scenarios that each show one behaviour, with a caption saying what to
//! watch and an expected outcome that the tests hold them to. Each lives in `presets/NAME.json`.
//! Only with the `presets` feature: the page's WASM leaves the texts out, and the page fetches
//! the list that [`page_list_json`] writes (`xtask presets`) when it shows a preset.

use crate::scenario::json::{self, FromJson, Json};
use crate::scenario::{Scenario, ScenarioError};

/// Read by hand (`crate::scenario::format`): every field is required, unknown ones are refused.
#[derive(Clone, Debug, PartialEq)]
pub struct Preset {
    pub name: String,
    pub title: String,
    /// One paragraph: what happens and what to watch.
    pub caption: String,
    pub expect: Expect,
    pub scenario: Scenario,
}

/// What must hold when the preset has run to its `run_until_ms`. Every field may be left out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Expect {
    /// The invariant that must be reported broken, or none for a safe run.
    pub violation: Option<String>,
    /// A leader must exist at the end.
    pub leader: bool,
    /// Bounds on how many times a leader was elected.
    pub elections_min: Option<u64>,
    pub elections_max: Option<u64>,
    /// At least this many elections started (split votes, duelling proposers).
    pub campaigns_min: Option<u64>,
    /// Every server's log must equal the leader's at the end (Figure 7).
    pub logs_converge: bool,
    /// At least this many client commands committed.
    pub commands_min: Option<u64>,
    /// What the caption says happens, each claim tied to the trace line that shows it.
    pub claims: Vec<Claim>,
}

/// One thing a preset's caption says happens, and the proof its run must contain: a trace
/// line holding every fragment of `trace` and none of `trace_not`. A caption that describes
/// something its run does not do fails `verify`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Claim {
    /// The caption's words.
    pub says: String,
    pub trace: Vec<String>,
    pub trace_not: Vec<String>,
}

impl Claim {
    fn shown_by(&self, line: &str) -> bool {
        self.trace
            .iter()
            .all(|fragment| line.contains(fragment.as_str()))
            && !self
                .trace_not
                .iter()
                .any(|fragment| line.contains(fragment.as_str()))
    }
}

const SOURCES: &[&str] = &[
    include_str!("../../presets/leader-election.json"),
    include_str!("../../presets/leader-crash.json"),
    include_str!("../../presets/split-vote.json"),
    include_str!("../../presets/figure-7.json"),
    include_str!("../../presets/figure-8.json"),
    include_str!("../../presets/figure-8-bug.json"),
    include_str!("../../presets/rejoin-disrupts.json"),
    include_str!("../../presets/rejoin-prevote.json"),
    include_str!("../../presets/partial-connectivity.json"),
    include_str!("../../presets/partial-connectivity-fixed.json"),
    include_str!("../../presets/paxos-duelling-proposers.json"),
    include_str!("../../presets/paxos-leader-crash-gaps.json"),
];

/// Every preset, in gallery order. A preset that fails to parse is a build-time mistake the
/// tests catch, so it is skipped here rather than taking the page down.
pub fn all() -> Vec<Preset> {
    SOURCES
        .iter()
        .filter_map(|text| parse(text).ok())
        .filter(|preset| preset.scenario.validate().is_ok())
        .collect()
}

/// The list the page reads (`www/pkg/presets.json`): `[{name, title, caption, scenario}]` in
/// gallery order, each scenario as its JSON text, which the page hands to the simulator as it is.
pub fn page_list_json() -> String {
    let entries = all()
        .into_iter()
        .map(|preset| {
            Json::object(vec![
                ("name", Json::String(preset.name)),
                ("title", Json::String(preset.title)),
                ("caption", Json::String(preset.caption)),
                ("scenario", Json::String(preset.scenario.to_json())),
            ])
        })
        .collect();
    Json::Array(entries).to_text()
}

pub fn find(name: &str) -> Option<Preset> {
    all().into_iter().find(|preset| preset.name == name)
}

/// Parses every preset, reporting the first that does not (for the tests).
pub fn parse_all() -> Result<Vec<Preset>, String> {
    SOURCES
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let preset = parse(text).map_err(|e| format!("preset #{i}: {e}"))?;
            preset
                .scenario
                .validate()
                .map_err(|e| format!("preset {}: {e}", preset.name))?;
            Ok(preset)
        })
        .collect()
}

fn parse(text: &str) -> Result<Preset, ScenarioError> {
    Preset::from_value(&json::parse(text)?)
}

/// Runs a preset to its end as the page does (going on after a violation, so that a caption
/// may tell what the broken rule leads to) and says whether its expected outcome held.
pub fn verify(preset: &Preset) -> Result<(), String> {
    let mut sim = crate::engine::simulation::Simulation::forward_only(preset.scenario.clone())
        .map_err(|e| format!("{}: {e}", preset.name))?;
    sim.keep_going();
    if !preset.expect.claims.is_empty() {
        sim.keep_full_trace();
    }
    sim.run_to_end();
    let expect = &preset.expect;
    let name = &preset.name;
    let found = sim.violation().map(|v| v.invariant.to_string());
    if found != expect.violation {
        return Err(format!(
            "{name}: expected violation {:?}, found {:?} ({})",
            expect.violation,
            found,
            sim.violation().map(|v| v.to_string()).unwrap_or_default()
        ));
    }
    let snapshot = sim.snapshot(usize::MAX);
    if expect.leader && snapshot.leader.is_none() {
        return Err(format!("{name}: expected a leader at the end, found none"));
    }
    let metrics = sim.metrics();
    if let Some(min) = expect.elections_min {
        if metrics.elections < min {
            return Err(format!(
                "{name}: expected at least {min} elections, found {}",
                metrics.elections
            ));
        }
    }
    if let Some(max) = expect.elections_max {
        if metrics.elections > max {
            return Err(format!(
                "{name}: expected at most {max} elections, found {}",
                metrics.elections
            ));
        }
    }
    if let Some(min) = expect.campaigns_min {
        if metrics.campaigns < min {
            return Err(format!(
                "{name}: expected at least {min} campaigns, found {}",
                metrics.campaigns
            ));
        }
    }
    if let Some(min) = expect.commands_min {
        if metrics.commands_committed < min {
            return Err(format!(
                "{name}: expected at least {min} commands committed, found {}",
                metrics.commands_committed
            ));
        }
    }
    if !expect.claims.is_empty() {
        let trace = sim.full_trace();
        for claim in &expect.claims {
            if !trace.iter().any(|line| claim.shown_by(line)) {
                return Err(format!(
                    "{name}: the caption says \"{}\", but no line of the run's trace holds {:?}{}",
                    claim.says,
                    claim.trace,
                    if claim.trace_not.is_empty() {
                        String::new()
                    } else {
                        format!(" without {:?}", claim.trace_not)
                    }
                ));
            }
        }
    }
    if expect.logs_converge {
        let leader = snapshot
            .leader
            .ok_or(format!("{name}: no leader to converge to"))?;
        let terms = |id: u8| -> Vec<(u64, u64)> {
            let log = snapshot.node(id).map_or(&[][..], |node| &node.view.log);
            log.iter().map(|slot| (slot.index, slot.term)).collect()
        };
        let reference = terms(leader);
        for node in snapshot.nodes.iter().filter(|n| n.up) {
            if terms(node.view.id) != reference {
                return Err(format!(
                    "{name}: S{}'s log {:?} differs from the leader S{leader}'s {:?}",
                    node.view.id,
                    terms(node.view.id),
                    reference
                ));
            }
        }
    }
    Ok(())
}
