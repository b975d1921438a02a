// One simulator's run through time, as both controllers drive it: the simulator (WASM), the
// timeline markers gathered along its branch of history, the last step whose events the views
// were handed, and the scenario as plain data. A run moves only when its controller says so;
// the controller keeps the clock and where the current branch of history ends.
import { newPlayground } from './simulators.js';
import { protocolOf } from './protocols.js';
import { Landmarks } from './landmarks.js';
/** @import { Playground } from '../pkg/raft/playground.js' */
/** @import { ApiState, Mark, Scenario, SimEvent, Snapshot } from './types.js' */

/** Long jumps forward walk time in slices this long (ms) to gather every marker. */
const SLICE_MS = 50;
/** Seeking runs the simulation at most this far (ms) past the furthest time reached, so a
 * mistyped time cannot freeze the page for long. */
const SEEK_AHEAD_MS_MAX = 10 * 60 * 1000;

/** Where a seek to `ms` goes: not before 0, nor further than SEEK_AHEAD_MS_MAX past the end of
 * the branch, `branchEndUs`.
 * @param {unknown} ms
 * @param {number} branchEndUs
 */
export function seekTarget(ms, branchEndUs) {
  return Math.min(Math.max(0, Number(ms) || 0), branchEndUs / 1000 + SEEK_AHEAD_MS_MAX);
}

/** What `state()` reports of every simulator (docs/page-api.md), from its snapshot.
 * @param {Snapshot} view
 * @returns {ApiState}
 */
export function stateOf(view) {
  return {
    time: view.time_us / 1000,
    protocol: view.protocol,
    leader: view.leader ?? null,
    nodes: view.nodes.map((node) => ({ id: node.id, role: node.role, term: node.term, alive: node.up })),
  };
}

export class Run {
  /** @param {string} scenarioText a scenario whose protocol's simulator is loaded */
  constructor(scenarioText) {
    /** @type {Playground} */
    this.pg = newPlayground(scenarioText);
    this.landmarks = new Landmarks();
    /** The last step whose events the views were handed. */
    this.eventStep = 0;
    /** @type {Scenario | null} */
    this.scenarioCache = null;
    /** The other side of the last fork, as the page drew it: its markers, and where its
     * branch ended (µs). The simulator keeps its scenario (`switchBranch`). */
    /** @type {{marks: Mark[], throughStep: number, branchEndUs: number} | null} */
    this.otherSide = null;
  }

  /** Simulated time now, in whole microseconds. */
  nowUs() {
    return Math.round(this.pg.nowMs() * 1000);
  }

  /** Runs forward to `targetMs` in slices, so that no marker falls out of the simulator's
   * window of recent events.
   * @param {number} targetMs
   */
  runTo(targetMs) {
    while (this.pg.nowMs() < targetMs) {
      const going = this.pg.tick(Math.min(SLICE_MS, targetMs - this.pg.nowMs()));
      this.landmarks.add(this.pg.events(this.landmarks.throughStep));
      if (!going) break;
    }
  }

  /** Goes to `targetMs` (a `seekTarget`): back in time or along the branch by time travel,
   * past the branch's end (`branchEndUs`) by running.
   * @param {number} targetMs
   * @param {number} branchEndUs
   */
  seek(targetMs, branchEndUs) {
    if (targetMs * 1000 > branchEndUs) {
      this.pg.seek(branchEndUs / 1000);
      this.runTo(targetMs);
    } else {
      this.pg.seek(targetMs);
    }
  }

  /** The events since the ones last handed out (after a jump: every event the simulator still
   * holds), gathered into the markers.
   * @param {boolean} jumped
   * @returns {SimEvent[]}
   */
  newEvents(jumped) {
    const events = this.pg.events(jumped ? 0 : this.eventStep);
    this.eventStep = events.at(-1)?.step ?? (jumped ? 0 : this.eventStep);
    this.landmarks.add(events);
    return events;
  }

  /** An action in the past forked the history: keep what the page drew of the branch left
   * (call before `forked`), which ended at `branchEndUs`.
   * @param {number} branchEndUs
   */
  keepOtherSide(branchEndUs) {
    this.otherSide = { ...this.landmarks.save(), branchEndUs };
  }

  /** The simulator went over to the other side of the fork: so do the markers. Returns where
   * the side now current ends (µs); the one left, which ended at `branchEndUs`, is kept.
   * @param {number} branchEndUs
   */
  switchSides(branchEndUs) {
    const other = this.otherSide ?? { marks: [], throughStep: 0, branchEndUs: 0 };
    this.otherSide = { ...this.landmarks.save(), branchEndUs };
    this.landmarks.restore(other);
    this.eventStep = 0;
    this.scenarioCache = null;
    return other.branchEndUs;
  }

  /** The history after step `stepsBefore` was rewritten (an action in the past): forget what
   * came after it.
   * @param {number} stepsBefore
   */
  forked(stepsBefore) {
    this.landmarks.forkAfter(stepsBefore);
    this.eventStep = Math.min(this.eventStep, stepsBefore);
    this.scenarioCache = null;
  }

  /** The scenario with every action so far, as plain data (do not mutate it).
   * @returns {Scenario}
   */
  scenario() {
    const scenario = this.scenarioCache ?? JSON.parse(this.pg.scenarioJson());
    this.scenarioCache = scenario;
    return scenario;
  }

  /** Runs `scenario` instead, from the same simulator, or from a new one for another
   * protocol; throws (changing nothing) if it cannot. Call `replay` next.
   * @param {Scenario} scenario
   */
  reconfigure(scenario) {
    const text = JSON.stringify(scenario);
    if (protocolOf(scenario) === protocolOf(this.scenario())) this.pg.reconfigure(text);
    else this.swap(newPlayground(text));
    this.scenarioCache = null;
  }

  /** After the history was rewritten: walks it again from 0 to `targetMs`, gathering the
   * markers.
   * @param {number} targetMs
   */
  replay(targetMs) {
    this.landmarks.clear();
    this.pg.seek(0);
    this.runTo(targetMs);
  }

  /** Starts over at time 0 with `pg` (a new simulator; this one's is freed).
   * @param {Playground} pg
   */
  restart(pg) {
    this.swap(pg);
    this.landmarks.clear();
    this.eventStep = 0;
  }

  /** A new history from the simulator (settings changed, or reset): no other side. */
  forgetOtherSide() {
    this.otherSide = null;
  }

  /** @param {Playground} pg */
  swap(pg) {
    this.pg.free();
    this.pg = pg;
    this.scenarioCache = null;
    this.otherSide = null;
  }
}
