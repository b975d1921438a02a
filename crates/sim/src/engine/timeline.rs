//! Time travel. A timeline owns a scenario and the world it produces, and keeps checkpoints
//! (clones of the world) as it goes, so seeking to any time restores the nearest earlier
//! checkpoint and replays only from there. Acting in the past forks: the scenario's later
//! actions are dropped, and so are the checkpoints that depended on them. The branch a fork
//! left is kept, as its scenario, until the next fork: [`Timeline::switch_branch`] brings it
//! back exactly (a replay of the same scenario), and switching again returns to the fork's
//! side.

use crate::cores::Core;
use crate::engine::history::Time;
use crate::engine::world::World;
use crate::report::mermaid::{Diagram, ElectionFinder, Window};
use crate::report::trace::TraceEntry;
use crate::scenario::action::{Action, TimedAction};
use crate::scenario::{Scenario, ScenarioError};

/// Steps between checkpoints: seeking replays at most this many events.
pub const CHECKPOINT_EVERY_STEPS: u64 = 4096;

/// Checkpoints are bounded; past this many, every other one is dropped (seeks then replay a
/// little more), so memory stays bounded however long the run.
pub const CHECKPOINTS_MAX: usize = 256;

pub struct Timeline<P: Core> {
    scenario: Scenario,
    world: World<P>,
    /// Ordered by time (and steps); the first is the world at time 0.
    checkpoints: Vec<World<P>>,
    /// `None`: a run that never goes back (CLI, sweeps) keeps only the start.
    checkpoint_every_steps: Option<u64>,
    /// The furthest time this branch of history has reached.
    branch_end: Time,
    /// The other side of the last fork, one switch away, until the next fork.
    other_branch: Option<Branch>,
}

/// One side of a fork: its scenario's actions after those both sides share, the moment both
/// sides share, and where it ended. (Both sides have the same settings: a reconfiguration
/// forgets the other side.)
struct Branch {
    tail: Vec<TimedAction>,
    /// How many of the scenario's first actions both sides share.
    shared: usize,
    /// Events processed, and the time, when the fork was made: both sides are the same run up
    /// to there.
    fork_steps: u64,
    fork_now: Time,
    end: Time,
}

impl<P: Core> Timeline<P> {
    /// A timeline that can travel: it keeps checkpoints as it goes.
    pub fn new(scenario: Scenario) -> Result<Timeline<P>, ScenarioError> {
        Self::with_checkpoints(scenario, Some(CHECKPOINT_EVERY_STEPS))
    }

    /// A timeline for runs that only go forward (the CLI, sweeps): no checkpoints but the
    /// start, so nothing is cloned on the way. Seeking back replays from time 0.
    pub fn forward_only(scenario: Scenario) -> Result<Timeline<P>, ScenarioError> {
        Self::with_checkpoints(scenario, None)
    }

    fn with_checkpoints(
        scenario: Scenario,
        checkpoint_every_steps: Option<u64>,
    ) -> Result<Timeline<P>, ScenarioError> {
        let world = World::new(&scenario)?;
        Ok(Timeline {
            checkpoints: vec![world.clone()],
            scenario,
            world,
            checkpoint_every_steps,
            branch_end: 0,
            other_branch: None,
        })
    }

    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    pub fn world(&self) -> &World<P> {
        &self.world
    }

    /// Keep every trace entry from now on.
    pub fn keep_full_trace(&mut self) {
        self.world.keep_full_trace();
    }

    /// Go on after violations, here and in every checkpoint (so in every replay too).
    pub fn keep_going(&mut self) {
        self.world.keep_going = true;
        for checkpoint in &mut self.checkpoints {
            checkpoint.keep_going = true;
        }
    }

    /// Processes exactly one event.
    pub fn step(&mut self) -> bool {
        let progressed = self.world.step(&self.scenario.actions);
        self.maybe_checkpoint();
        self.branch_end = self.branch_end.max(self.world.now);
        progressed
    }

    /// Processes every event up to `time` (forward only; see `seek`).
    pub fn run_until(&mut self, time: Time) -> bool {
        while self
            .world
            .next_time(&self.scenario.actions)
            .is_some_and(|next| next <= time)
        {
            if !self.step() {
                return false;
            }
        }
        self.world.now = self.world.now.max(time);
        self.branch_end = self.branch_end.max(self.world.now);
        true
    }

    fn maybe_checkpoint(&mut self) {
        let Some(every) = self.checkpoint_every_steps else {
            return;
        };
        let last_steps = self.checkpoints.last().map_or(0, |c| c.steps);
        if self.world.steps >= last_steps + every {
            if self.checkpoints.len() >= CHECKPOINTS_MAX {
                // Keep the first, thin the rest: spacing doubles, memory stays bounded.
                let mut index = 0;
                self.checkpoints.retain(|_| {
                    index += 1;
                    index % 2 == 1
                });
                self.checkpoint_every_steps = Some(every * 2);
            }
            self.checkpoints.push(self.world.clone());
        }
    }

    /// Goes to `time`, forwards or backwards.
    pub fn seek(&mut self, time: Time) {
        if time < self.world.now || self.latest_checkpoint_before(time) > self.world.steps {
            let index = self
                .checkpoints
                .iter()
                .rposition(|c| c.now <= time)
                .unwrap_or(0);
            self.world = self.checkpoints[index].clone();
        }
        self.run_until(time);
    }

    fn latest_checkpoint_before(&self, time: Time) -> u64 {
        self.checkpoints
            .iter()
            .rev()
            .find(|c| c.now <= time)
            .map_or(0, |c| c.steps)
    }

    /// Goes to the state after exactly `steps` events.
    pub fn seek_step(&mut self, steps: u64) {
        if steps < self.world.steps {
            let index = self
                .checkpoints
                .iter()
                .rposition(|c| c.steps <= steps)
                .unwrap_or(0);
            self.world = self.checkpoints[index].clone();
        }
        while self.world.steps < steps {
            if !self.step() {
                break;
            }
        }
    }

    /// One event back.
    pub fn step_back(&mut self) {
        if self.world.steps > 0 {
            self.seek_step(self.world.steps - 1);
        }
    }

    /// Does `action` now. In the past (this branch went further), this forks: later actions
    /// and checkpoints are dropped, and the branch left is kept for [`Timeline::switch_branch`];
    /// returns whether it forked. The action is recorded at the next whole millisecond
    /// (actions are timed in ms), and the world runs until it has been applied, so what the
    /// user sees is what a replay does.
    pub fn inject(&mut self, action: Action) -> Result<bool, ScenarioError> {
        action
            .validate(self.scenario.nodes)
            .map_err(|problem| ScenarioError::new("action", problem))?;
        let at_ms = self.world.now / 1000 + 1;
        // Later actions are dropped (actions are in time order); a fork keeps them aside.
        let shared = self
            .scenario
            .actions
            .partition_point(|timed| timed.at_ms <= at_ms);
        let tail = self.scenario.actions.split_off(shared);
        let forks = self.branch_end > self.world.now;
        if forks {
            self.other_branch = Some(Branch {
                tail,
                shared,
                fork_steps: self.world.steps,
                fork_now: self.world.now,
                end: self.branch_end,
            });
        }
        self.scenario.actions.push(TimedAction { at_ms, action });
        let steps = self.world.steps;
        self.checkpoints.retain(|c| c.steps <= steps);
        self.branch_end = self.world.now;
        let target = self.scenario.actions.len();
        while self.world.next_action < target {
            if !self.step() {
                break;
            }
        }
        Ok(forks)
    }

    /// Is there another side of the last fork to switch to?
    pub fn has_other_branch(&self) -> bool {
        self.other_branch.is_some()
    }

    /// Goes over to the other side of the last fork ("Undo": what came after is back), at the
    /// moment of the fork; the side left becomes the other one (switching again returns to
    /// it). False, changing nothing, if no fork was made since the last reconfiguration.
    pub fn switch_branch(&mut self) -> bool {
        let Some(mut other) = self.other_branch.take() else {
            return false;
        };
        let mine = self.scenario.actions.split_off(other.shared);
        self.scenario.actions.append(&mut other.tail);
        let left = Branch {
            tail: mine,
            end: self.branch_end,
            ..other
        };
        // Both sides are one run up to the fork: keep what precedes it, replay to it.
        self.checkpoints.retain(|c| c.steps <= other.fork_steps);
        self.branch_end = other.end;
        self.seek_step(other.fork_steps);
        self.world.now = self.world.now.max(other.fork_now);
        self.other_branch = Some(left);
        true
    }

    /// Replaces the scenario's settings (options, bugs, network…) and replays to the same time.
    pub fn reconfigure(&mut self, scenario: Scenario) -> Result<(), ScenarioError> {
        let time = self.world.now;
        let mut world = World::new(&scenario)?;
        world.keep_going = self.world.keep_going;
        self.scenario = scenario;
        self.checkpoints = vec![world.clone()];
        if self.checkpoint_every_steps.is_some() {
            self.checkpoint_every_steps = Some(CHECKPOINT_EVERY_STEPS);
        }
        self.world = world;
        self.branch_end = 0;
        self.other_branch = None;
        self.run_until(time);
        Ok(())
    }

    /// Replays the run from the last checkpoint before `from` to `to` (or to `end` steps,
    /// whichever comes first: the present, for history already made) on a copy, handing
    /// every trace entry it records to `visit`, in order, with what `start` made of the copy
    /// before its first step (returned at the end). The world's own trace keeps only recent
    /// entries: this reads any part of the run, at the cost of simulating it again
    /// (deterministic, so the same entries).
    pub fn replay<V>(
        &self,
        from: Time,
        to: Time,
        end: u64,
        start: impl FnOnce(&World<P>) -> V,
        mut visit: impl FnMut(&mut V, &TraceEntry<P>),
    ) -> V {
        let index = self
            .checkpoints
            .iter()
            .rposition(|c| c.steps == 0 || c.now < from)
            .unwrap_or(0);
        let mut world = self.checkpoints[index].clone();
        world.trace.full = Some(Vec::new());
        let mut visitor = start(&world);
        while world.steps < end
            && world
                .next_time(&self.scenario.actions)
                .is_some_and(|next| next <= to)
        {
            let going = world.step(&self.scenario.actions);
            for entry in world.trace.full.iter_mut().flat_map(|full| full.drain(..)) {
                visit(&mut visitor, &entry);
            }
            if !going {
                break;
            }
        }
        visitor
    }

    /// The window as a Mermaid sequence diagram ([`crate::report::mermaid`]), at most
    /// `lines_max` lines; `end`: the step it ends at the latest (the present, for the history
    /// made so far; `u64::MAX` simulates on to the window's end).
    pub fn sequence_diagram(&self, window: Window, lines_max: usize, end: u64) -> String {
        self.replay(
            window.from,
            window.to,
            end,
            |world| Diagram::new(&crate::engine::snapshot::roles(world), window, lines_max),
            |diagram, entry| diagram.push(entry),
        )
        .finish()
    }

    /// The window of the last election so far ([`crate::report::mermaid::last_election`]).
    pub fn last_election(&self) -> Option<Window> {
        self.replay(
            0,
            Time::MAX,
            self.world.steps,
            |_| ElectionFinder::default(),
            |finder, entry| finder.push(entry),
        )
        .finish()
    }

    /// Bytes held by checkpoints is not measurable portably; their count is.
    pub fn checkpoint_count(&self) -> usize {
        self.checkpoints.len()
    }
}
