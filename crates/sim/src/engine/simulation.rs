//! A timeline of either protocol behind one type: what the CLI and the bindings hold.
//!
//! Each protocol is a cargo feature (`raft`, `paxos`; both by default). The page builds one
//! WASM per protocol, so it downloads only the core it shows: a build without a protocol
//! refuses its scenarios with a plain error instead of carrying its code.

#[cfg(not(any(feature = "raft", feature = "paxos")))]
compile_error!("sim needs at least one protocol: enable the `raft` or `paxos` feature");

use crate::checks::context::Violation;
use crate::checks::linearizability::{self, Verdict};
#[cfg(feature = "paxos")]
use crate::cores::paxos::PaxosNode;
#[cfg(feature = "raft")]
use crate::cores::raft::RaftNode;
use crate::engine::history::{History, Time};
use crate::engine::snapshot::{self, EventSnapshot, MetricsSnapshot, Snapshot};
use crate::engine::timeline::Timeline;
use crate::scenario::action::Action;
use crate::scenario::{ProtocolKind, Scenario, ScenarioError};

pub enum Simulation {
    #[cfg(feature = "raft")]
    Raft(Timeline<RaftNode>),
    #[cfg(feature = "paxos")]
    Paxos(Timeline<PaxosNode>),
}

/// Runs `$body` with `$t` bound to the timeline, whichever protocol it runs.
macro_rules! each {
    ($sim:expr, $t:ident => $body:expr) => {
        match $sim {
            #[cfg(feature = "raft")]
            Simulation::Raft($t) => $body,
            #[cfg(feature = "paxos")]
            Simulation::Paxos($t) => $body,
        }
    };
}

impl Simulation {
    /// A simulation that can travel in time (the page).
    pub fn new(scenario: Scenario) -> Result<Simulation, ScenarioError> {
        Ok(match scenario.protocol {
            #[cfg(feature = "raft")]
            ProtocolKind::Raft => Simulation::Raft(Timeline::new(scenario)?),
            #[cfg(feature = "paxos")]
            ProtocolKind::Paxos => Simulation::Paxos(Timeline::new(scenario)?),
            #[allow(unreachable_patterns)]
            other => return Err(not_built(other)),
        })
    }

    /// A simulation that only runs forward (the CLI, sweeps, benchmarks): no checkpoints.
    pub fn forward_only(scenario: Scenario) -> Result<Simulation, ScenarioError> {
        Ok(match scenario.protocol {
            #[cfg(feature = "raft")]
            ProtocolKind::Raft => Simulation::Raft(Timeline::forward_only(scenario)?),
            #[cfg(feature = "paxos")]
            ProtocolKind::Paxos => Simulation::Paxos(Timeline::forward_only(scenario)?),
            #[allow(unreachable_patterns)]
            other => return Err(not_built(other)),
        })
    }

    pub fn scenario(&self) -> &Scenario {
        each!(self, t => t.scenario())
    }

    pub fn protocol(&self) -> ProtocolKind {
        self.scenario().protocol
    }

    pub fn now(&self) -> Time {
        each!(self, t => t.world().now)
    }

    pub fn steps(&self) -> u64 {
        each!(self, t => t.world().steps)
    }

    pub fn step(&mut self) -> bool {
        each!(self, t => t.step())
    }

    pub fn run_until(&mut self, time: Time) -> bool {
        each!(self, t => t.run_until(time))
    }

    /// Runs to the scenario's `run_until_ms` (or to the first violation, unless it keeps going).
    pub fn run_to_end(&mut self) -> bool {
        let end = self.scenario().run_until_ms * 1000;
        self.run_until(end)
    }

    pub fn seek(&mut self, time: Time) {
        each!(self, t => t.seek(time))
    }

    pub fn seek_step(&mut self, steps: u64) {
        each!(self, t => t.seek_step(steps))
    }

    pub fn step_back(&mut self) {
        each!(self, t => t.step_back())
    }

    /// Does `action` now; true if that forked the history (see [`Timeline::inject`]).
    pub fn inject(&mut self, action: Action) -> Result<bool, ScenarioError> {
        each!(self, t => t.inject(action))
    }

    /// Goes over to the other side of the last fork (see [`Timeline::switch_branch`]).
    pub fn switch_branch(&mut self) -> bool {
        each!(self, t => t.switch_branch())
    }

    pub fn has_other_branch(&self) -> bool {
        each!(self, t => t.has_other_branch())
    }

    pub fn reconfigure(&mut self, scenario: Scenario) -> Result<(), ScenarioError> {
        if scenario.protocol != self.protocol() {
            let time = self.now();
            let keep_going = self.keeps_going();
            *self = Simulation::new(scenario)?;
            if keep_going {
                self.keep_going();
            }
            self.run_until(time);
            return Ok(());
        }
        each!(self, t => t.reconfigure(scenario))
    }

    /// The first invariant broken, if any.
    pub fn violation(&self) -> Option<&Violation> {
        each!(self, t => t.world().violation())
    }

    /// Every invariant broken so far (the first [`VIOLATIONS_MAX`] distinct ones).
    ///
    /// [`VIOLATIONS_MAX`]: crate::engine::world::VIOLATIONS_MAX
    pub fn violations(&self) -> &[Violation] {
        each!(self, t => &t.world().violations)
    }

    /// From now on, and in every replay and branch of this simulation, go on after a
    /// violation (the page) instead of stopping at the first (the default: sweeps and the
    /// CLI). Up to the first violation the two runs are the same, event for event.
    pub fn keep_going(&mut self) {
        each!(self, t => t.keep_going())
    }

    /// Does it go on after a violation?
    pub fn keeps_going(&self) -> bool {
        each!(self, t => t.world().keep_going)
    }

    pub fn trace_hash(&self) -> u64 {
        each!(self, t => t.world().trace.hash())
    }

    pub fn history(&self) -> &History {
        each!(self, t => &t.world().history)
    }

    /// Is the client history linearizable so far?
    pub fn linearizability(&self) -> Verdict {
        linearizability::check(self.history())
    }

    /// What the page draws; each log cut to its last `log_tail` entries.
    pub fn snapshot(&self, log_tail: usize) -> Snapshot {
        each!(self, t => {
            let next = t.world().next_time(&t.scenario().actions);
            snapshot::snapshot(t.world(), next, log_tail)
        })
    }

    pub fn metrics(&self) -> MetricsSnapshot {
        each!(self, t => snapshot::metrics(t.world()))
    }

    /// Recent trace entries after step `after_step` (all kept ones with 0).
    pub fn events(&self, after_step: u64) -> Vec<EventSnapshot> {
        each!(self, t => t
            .world()
            .trace
            .recent
            .iter()
            .filter(|e| e.step > after_step)
            .map(snapshot::event)
            .collect())
    }

    /// Keep every trace entry from now on (for `raftplay run --trace`).
    pub fn keep_full_trace(&mut self) {
        each!(self, t => t.keep_full_trace())
    }

    /// The full trace as text lines (empty unless `keep_full_trace` was called first).
    pub fn full_trace(&self) -> Vec<String> {
        each!(self, t => t
            .world()
            .trace
            .full
            .iter()
            .flatten()
            .map(|e| e.to_string())
            .collect())
    }

    pub fn leader(&self) -> Option<common::NodeId> {
        each!(self, t => t.world().leader())
    }

    /// A window of the run as a Mermaid sequence diagram that tells its story, at most
    /// `lines_max` lines ([`crate::report::mermaid`]). The window is replayed, so it can lie
    /// anywhere in the history (a window past the present ends at the present).
    pub fn mermaid(&self, window: crate::report::mermaid::Window, lines_max: usize) -> String {
        each!(self, t => t.sequence_diagram(window, lines_max, t.world().steps))
    }

    /// [`Simulation::mermaid`] of a run not made yet: simulates `scenario` from its start to the
    /// window's end once, telling the window on the way (the page's reports module, which
    /// holds no history of its own).
    pub fn mermaid_of(
        scenario: Scenario,
        window: crate::report::mermaid::Window,
        lines_max: usize,
    ) -> Result<String, ScenarioError> {
        Ok(
            each!(&Simulation::forward_only(scenario)?, t => t.sequence_diagram(window, lines_max, u64::MAX)),
        )
    }

    /// The window of the last election so far, for [`Simulation::mermaid`]
    /// ([`crate::report::mermaid::last_election`]); `None` if nobody was elected.
    pub fn last_election(&self) -> Option<crate::report::mermaid::Window> {
        each!(self, t => t.last_election())
    }

    pub fn node_roles(&self) -> Vec<(common::NodeId, &'static str)> {
        each!(self, t => snapshot::roles(t.world()))
    }
}

/// The error for a scenario whose protocol this build leaves out (the page then loads the
/// other protocol's WASM).
#[cfg_attr(all(feature = "raft", feature = "paxos"), allow(dead_code))]
fn not_built(protocol: ProtocolKind) -> ScenarioError {
    ScenarioError::new(
        "protocol",
        format!("this simulator was built without {protocol}"),
    )
}
