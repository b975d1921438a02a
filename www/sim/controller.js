// The controller: owns the simulator (WASM) and a clock, turns user intents into `inject` and
// `reconfigure` calls, and hands every view the same frame to draw. Views never touch the
// simulator: data flows scenario → simulator → snapshot → views, and back only as actions,
// through the PlaygroundController interface (types.js).
import { PROTOCOL_NAMES, protocolOf } from './protocols.js';
import { bugsOf, isLoaded, loadSimulator, mermaidOf, newPlayground, shared } from './simulators.js';
import { messageOf } from '../page/format.js';
import { Clock } from './clock.js';
import { Run, seekTarget, stateOf } from './run.js';
/** @import { Action, Frame, Highlight, PlaygroundController, Protocol, Scenario, Selection, SimEvent, Snapshot, View } from './types.js' */

/** How many of each log's last entries the snapshot carries. */
export const LOG_TAIL = 14;
/** Looking ahead runs in slices this long (ms), so no event falls out of the simulator's window. */
const LOOK_AHEAD_SLICE_MS = 5;

/** @implements {PlaygroundController} */
export class Controller {
  /**
   * @param {HTMLElement} root the playground's root element, with a `.status` line
   * @param {string} scenarioText the scenario to start from (JSON; its protocol's simulator
   *   loaded, see simulators.js)
   * @param {{reducedMotion: boolean}} preferences
   */
  constructor(root, scenarioText, preferences) {
    this.run = new Run(scenarioText);
    this.root = root;
    this.status = root.querySelector('.status');
    this.clock = new Clock({
      frame: (wallMs) => this.frame(wallMs),
      // The run goes on after a violation (the invariant panel lists what broke, and when).
      mayPlay: () => true,
      changed: () => this.render(false),
    });
    this.reducedMotion = preferences.reducedMotion;
    /** @type {View<Frame>[]} */
    this.views = [];
    /** @type {Selection | null} */
    this.selection = null;
    /** The last frame's snapshot. @type {Snapshot | null} */
    this.view = null;
    /** The furthest time reached on the current branch of history (µs). */
    this.branchEndUs = 0;
    /** What the views point at (a tour step). @type {Highlight | null} */
    this.highlighted = null;
    /** What the branch switch does, if a fork left another side: `undo` brings back what the
     * fork dropped, `redo` returns to the side with the visitor's change.
     * @type {'undo' | 'redo' | null} */
    this.otherBranch = null;
  }

  // ----- time -----

  /** One event forward. */
  step() {
    this.clock.pause();
    if (!this.run.pg.step()) this.announce('Nothing left to do: no event is pending.');
    this.advanced();
    this.render(false);
  }

  /** One event back. */
  stepBack() {
    this.clock.pause();
    this.run.pg.stepBack();
    this.render(true);
  }

  /** Goes to simulated time `ms`, forwards or backwards.
   * @param {number} ms
   */
  seek(ms) {
    const target = seekTarget(ms, this.branchEndUs);
    this.run.seek(target, this.branchEndUs);
    if (target * 1000 > this.branchEndUs) this.advanced();
    this.render(true);
  }

  nowUs() {
    return this.run.nowUs();
  }

  /** Time moved forward along the branch. */
  advanced() {
    this.branchEndUs = Math.max(this.branchEndUs, this.nowUs());
  }

  /** One paced frame: `wallMs` of wall-clock time at the chosen speed.
   * @param {number} wallMs
   */
  frame(wallMs) {
    const going = this.run.pg.tick(wallMs * this.clock.speed);
    this.advanced();
    if (!going) {
      // Only a message flood halts a run; the invariant panel says so.
      this.clock.halt();
      this.announce('The run cannot go on: see the invariant panel.');
    }
    this.render(false);
  }

  // ----- actions -----

  /** Does a user action now (`{do: "crash", node: 1}`…). In the past, this forks history.
   * @param {Action} action
   * @param {string} [description]
   */
  act(action, description) {
    const before = this.view?.steps ?? 0;
    let forked = false;
    try {
      forked = this.run.pg.inject(JSON.stringify(action));
    } catch (error) {
      this.announce(`Not done: ${messageOf(error)}`);
      return false;
    }
    if (forked) {
      this.run.keepOtherSide(this.branchEndUs);
      this.otherBranch = 'undo';
    }
    this.run.forked(before);
    this.branchEndUs = this.nowUs();
    const fork = forked ? ' History forked here; what came after is kept until the next fork (Undo brings it back).' : '';
    if (description || fork) this.announce(`${description ?? 'Done.'}${fork}`);
    this.render(false);
    return true;
  }

  /** Goes over to the other side of the last fork, at the moment of the fork: what the fork
   * dropped comes back (undo), or the side with the visitor's change does (redo). */
  switchBranch() {
    this.clock.pause();
    if (!this.otherBranch || !this.run.pg.switchBranch()) {
      this.otherBranch = null;
      this.announce('There is no fork to undo.');
      this.render(false);
      return;
    }
    this.branchEndUs = this.run.switchSides(this.branchEndUs);
    const undone = this.otherBranch === 'undo';
    this.otherBranch = undone ? 'redo' : 'undo';
    this.announce(undone
      ? 'Undone: what came after is back, as it was. Redo returns to your change.'
      : 'Redone: back on the side with your change. Undo brings back what came after.');
    this.render(true);
  }

  /** The scenario with every action so far, as a plain object (do not mutate it). */
  scenario() {
    return this.run.scenario();
  }

  /**
   * Changes the scenario (`change` edits a copy) and replays to the same time. Actions that no
   * longer fit (a server the smaller cluster lacks) are dropped with a notice. Another protocol
   * runs in its own simulator: the first switch to it waits for it to load (a promise).
   * @param {(scenario: Scenario) => void} change
   * @param {string} [description]
   * @returns {void | Promise<unknown>}
   */
  reconfigure(change, description) {
    /** @type {Scenario} */
    const next = structuredClone(this.scenario());
    change(next);
    const loading = this.loading(protocolOf(next));
    if (loading) return loading.then((ready) => ready && this.reconfigure(change, description));
    const target = this.run.pg.nowMs();
    try {
      this.run.reconfigure(next);
    } catch (error) {
      try {
        if (next.actions.length === 0) throw error;
        next.actions = [];
        this.run.reconfigure(next);
      } catch (again) {
        this.announce(`Not changed: ${messageOf(again)}`);
        this.render(false);
        return;
      }
      description = `${description ?? 'Changed.'} Earlier actions were dropped: ${messageOf(error)}`;
    }
    if (this.view?.nodes.length !== next.nodes) this.selection = null; // it may name a server now gone
    this.run.replay(target);
    this.run.forgetOtherSide();
    this.otherBranch = null;
    this.branchEndUs = 0;
    this.advanced();
    if (description) this.announce(description);
    this.render(true);
  }

  /** Starts over at time 0 from `scenarioText` (default: the current one without actions).
   * True if it did; a promise of that when the scenario's protocol must load first.
   * @param {string} [scenarioText]
   * @param {string} [description]
   * @returns {boolean | Promise<boolean>}
   */
  reset(scenarioText, description) {
    const text = scenarioText ?? JSON.stringify({ ...this.scenario(), actions: [] });
    const loading = this.loading(protocolOf(text));
    if (loading) return loading.then((ready) => ready && this.reset(text, description));
    let next;
    try {
      next = newPlayground(text);
    } catch (error) {
      this.announce(`Not reset: ${messageOf(error)}`);
      return false;
    }
    this.clock.pause();
    this.run.restart(next);
    this.selection = null;
    this.otherBranch = null;
    this.branchEndUs = 0;
    this.announce(description ?? 'Reset to time 0.');
    this.render(true);
    return true;
  }

  /** Null when `protocol`'s simulator is ready; else a promise, true once it has loaded (false,
   * announced, if it could not).
   * @param {Protocol} protocol
   * @returns {Promise<boolean> | null}
   */
  loading(protocol) {
    if (isLoaded(protocol)) return null;
    this.announce(`Loading the ${PROTOCOL_NAMES[protocol]} simulator…`);
    return loadSimulator(protocol).then(() => true, (error) => {
      this.announce(`The ${PROTOCOL_NAMES[protocol]} simulator could not load: ${messageOf(error)}`);
      return false;
    });
  }

  /** The bug switches of the protocol running now: `[{name, protocol, breaks}]`. */
  bugs() {
    return bugsOf(protocolOf(this.scenario()));
  }

  /** The run between `fromMs` and `toMs` as a Mermaid sequence diagram that tells its story:
   * heartbeats folded, messages with their content, notes for role changes, faults and
   * commits. From the reports module (loaded on first use), which simulates the run again.
   * @param {number} fromMs
   * @param {number} toMs
   */
  mermaid(fromMs, toMs) {
    return mermaidOf(this.run.pg.scenarioJson(), fromMs, toMs);
  }

  /** A fresh seed (the platform's random source: it picks where a run starts, nothing more). */
  newSeed() {
    return shared.newSeed();
  }

  /** @param {Selection | null} selection */
  select(selection) {
    this.selection = selection;
    this.render(false);
  }

  /** @param {Highlight | null} highlight */
  highlight(highlight) {
    this.highlighted = highlight;
    this.render(false);
  }

  /**
   * Looks ahead without moving: runs the simulator on from now, at most `limitMs` of simulated
   * time, to the first event `match` accepts, then comes back to now. The run ahead is the
   * branch's own future (nothing is injected), so coming back changes nothing; the markers
   * found on the way are kept.
   * @param {(event: SimEvent) => boolean} match
   * @param {number} limitMs
   * @returns {SimEvent | null}
   */
  findEvent(match, limitMs) {
    const startUs = this.nowUs();
    const endMs = startUs / 1000 + limitMs;
    let after = this.run.pg.view(0).steps;
    /** @type {SimEvent | null} */
    let found = null;
    while (!found && this.run.pg.nowMs() < endMs) {
      const going = this.run.pg.tick(Math.min(LOOK_AHEAD_SLICE_MS, endMs - this.run.pg.nowMs()));
      const events = this.run.pg.events(after);
      this.run.landmarks.add(events);
      found = events.find((event) => event.time_us > startUs && match(event)) ?? null;
      after = events.at(-1)?.step ?? after;
      if (!going) break;
    }
    this.advanced();
    this.run.pg.seek(startUs / 1000);
    this.render(true);
    return found;
  }

  /** @param {string} text */
  announce(text) {
    if (this.status) this.status.textContent = text;
  }

  // ----- drawing -----

  /** Views get `update(frame)` after every change (see `render`).
   * @param {View<Frame>} view
   */
  addView(view) {
    this.views.push(view);
  }

  /**
   * Builds the frame every view draws. `jumped`: time moved other than forward along the
   * branch, so views that accumulate (event log, sequence diagram) start again from the
   * events the simulator still holds.
   * @param {boolean} jumped
   */
  render(jumped) {
    const view = this.run.pg.view(LOG_TAIL);
    this.view = view;
    const events = this.run.newEvents(jumped);
    /** @type {Frame} */
    const frame = {
      view,
      nowUs: view.time_us,
      events,
      jumped,
      selection: this.selection,
      highlight: this.highlighted,
      playing: this.clock.playing,
      speed: this.clock.speed,
      landmarks: this.run.landmarks,
      branchEndUs: Math.max(this.branchEndUs, view.time_us),
      otherBranch: this.otherBranch,
      reducedMotion: this.reducedMotion,
      scenario: this.scenario(),
    };
    for (const one of this.views) one.update(frame);
  }

  // ----- the element API (docs/page-api.md) -----

  traceHash() {
    return this.run.pg.traceHash();
  }

  /** Plain data describing now: what embedders and tests read. */
  state() {
    const view = this.run.pg.view(0);
    return {
      ...stateOf(view),
      messages: view.messages.map((message) => ({ id: message.id, from: message.from, to: message.to, type: message.type })),
      violations: view.violations.map((violation) => ({
        invariant: violation.invariant,
        nodes: violation.nodes,
        entries: violation.entries,
        explanation: violation.explanation,
        time: violation.time_us / 1000,
      })),
    };
  }

  /** Puts the API on the root element. */
  expose() {
    Object.assign(this.root, {
      play: () => this.clock.play(),
      pause: () => this.clock.pause(),
      step: () => this.step(),
      seek: (/** @type {number} */ ms) => this.seek(ms),
      traceHash: () => this.traceHash(),
      state: () => this.state(),
    });
    this.root.dataset.ready = 'true';
  }
}
