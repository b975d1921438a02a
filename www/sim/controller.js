// The controller: owns the simulator (WASM), runs the clock, turns user intents into `inject`
// and `reconfigure` calls, and hands every view the same frame to draw. Views never touch the
// simulator: data flows scenario → simulator → snapshot → views, and back only as actions.
import { PROTOCOL_NAMES, bugsOf, isLoaded, loadSimulator, newPlayground, protocolOf } from './simulators.js';
import { Clock } from './clock.js';
import { Landmarks } from './landmarks.js';

/** How many of each log's last entries the snapshot carries. */
export const LOG_TAIL = 14;
/** Long jumps forward walk time in slices this long (ms) to gather every marker. */
const SLICE_MS = 50;
/** Seeking runs the simulation at most this far (ms) past the furthest time reached, so a
 * mistyped time cannot freeze the page for long. */
const SEEK_AHEAD_MS_MAX = 10 * 60 * 1000;

export class Controller extends Clock {
  /**
   * @param {HTMLElement} root the playground's root element
   * @param {string} scenarioText the scenario to start from (JSON; its protocol's simulator
   *   loaded, see simulators.js)
   * @param {{reducedMotion: boolean}} preferences
   */
  constructor(root, scenarioText, preferences) {
    const pg = newPlayground(scenarioText);
    super(root);
    this.reducedMotion = preferences.reducedMotion;
    this.pg = pg;
    this.selection = null;
    this.landmarks = new Landmarks();
    this.eventStep = 0;
    this.scenarioCache = null;
  }

  // ----- time -----

  play() {
    if (this.playing) return;
    if (this.view?.violation) this.announce('An invariant broke: the run stops here. Rewind or reset to go on.');
    this.startPlaying();
  }

  /** One event forward. */
  step() {
    this.pause();
    if (!this.pg.step()) this.announce('Nothing left to do: no event is pending.');
    this.advanced();
    this.render(false);
  }

  /** One event back. */
  stepBack() {
    this.pause();
    this.pg.stepBack();
    this.render(true);
  }

  /** Goes to simulated time `ms`, forwards or backwards. */
  seek(ms) {
    const target = Math.min(Math.max(0, Number(ms) || 0), this.branchEndUs / 1000 + SEEK_AHEAD_MS_MAX);
    if (target * 1000 > this.branchEndUs) {
      this.pg.seek(this.branchEndUs / 1000);
      this.runTo(target);
    } else {
      this.pg.seek(target);
    }
    this.render(true);
  }

  /** Runs forward to `targetMs` in slices, so that no marker falls out of the simulator's
   * window of recent events. */
  runTo(targetMs) {
    while (this.pg.nowMs() < targetMs) {
      const going = this.pg.tick(Math.min(SLICE_MS, targetMs - this.pg.nowMs()));
      this.landmarks.add(this.pg.events(this.landmarks.throughStep));
      if (!going) break;
    }
    this.advanced();
  }

  nowUs() {
    return Math.round(this.pg.nowMs() * 1000);
  }

  /** One paced frame: `wallMs` of wall-clock time at the chosen speed. */
  frame(wallMs) {
    const going = this.pg.tick(wallMs * this.speed);
    this.advanced();
    if (!going) {
      this.playing = false;
      this.announce('An invariant broke: the run stopped. See the invariant panel.');
    }
    this.render(false);
  }

  // ----- actions -----

  /** Does a user action now (`{do: "crash", node: 1}`…). In the past, this forks history. */
  act(action, description) {
    const before = this.view?.steps ?? 0;
    const inThePast = this.nowUs() < this.branchEndUs;
    try {
      this.pg.inject(JSON.stringify(action));
    } catch (error) {
      this.announce(`Not done: ${error.message}`);
      return false;
    }
    this.forked(before);
    const fork = inThePast ? ' History forked here: what came after was dropped.' : '';
    if (description || fork) this.announce(`${description ?? 'Done.'}${fork}`);
    this.render(false);
    return true;
  }

  forked(stepsBefore) {
    this.landmarks.forkAfter(stepsBefore);
    this.eventStep = Math.min(this.eventStep, stepsBefore);
    this.branchEndUs = this.nowUs();
    this.scenarioCache = null;
  }

  /** The scenario with every action so far, as a plain object (do not mutate it). */
  scenario() {
    this.scenarioCache ??= JSON.parse(this.pg.scenarioJson());
    return this.scenarioCache;
  }

  /**
   * Changes the scenario (`change` edits a copy) and replays to the same time. Actions that no
   * longer fit (a server the smaller cluster lacks) are dropped with a notice. Another protocol
   * runs in its own simulator: the first switch to it waits for it to load (a promise).
   */
  reconfigure(change, description) {
    const next = structuredClone(this.scenario());
    change(next);
    const loading = this.loading(protocolOf(next));
    if (loading) return loading.then((ready) => ready && this.reconfigure(change, description));
    const target = this.pg.nowMs();
    const apply = (scenario) => {
      const text = JSON.stringify(scenario);
      if (protocolOf(scenario) === protocolOf(this.scenario())) {
        this.pg.reconfigure(text);
        return;
      }
      const other = newPlayground(text);
      this.pg.free();
      this.pg = other;
    };
    try {
      apply(next);
    } catch (error) {
      try {
        if (next.actions.length === 0) throw error;
        next.actions = [];
        apply(next);
      } catch (again) {
        this.announce(`Not changed: ${again.message}`);
        this.render(false);
        return;
      }
      description = `${description ?? 'Changed.'} Earlier actions were dropped: ${error.message}`;
    }
    this.scenarioCache = null;
    if (this.view.nodes.length !== next.nodes) this.selection = null; // it may name a server now gone
    this.rescan(target);
    if (description) this.announce(description);
    this.render(true);
  }

  /** Starts over at time 0 from `scenarioText` (default: the current one without actions).
   * True if it did; a promise of that when the scenario's protocol must load first. */
  reset(scenarioText, description) {
    const text = scenarioText ?? JSON.stringify({ ...this.scenario(), actions: [] });
    const loading = this.loading(protocolOf(text));
    if (loading) return loading.then((ready) => ready && this.reset(text, description));
    let next;
    try {
      next = newPlayground(text);
    } catch (error) {
      this.announce(`Not reset: ${error.message}`);
      return false;
    }
    this.pause();
    this.pg.free();
    this.pg = next;
    this.scenarioCache = null;
    this.selection = null;
    this.landmarks.clear();
    this.branchEndUs = 0;
    this.eventStep = 0;
    this.announce(description ?? 'Reset to time 0.');
    this.render(true);
    return true;
  }

  /** After the history was rewritten: walk it again from 0 to gather the markers. */
  rescan(targetMs) {
    this.landmarks.clear();
    this.pg.seek(0);
    this.branchEndUs = 0;
    this.runTo(targetMs);
  }

  /** Null when `protocol`'s simulator is ready; else a promise, true once it has loaded (false,
   * announced, if it could not). */
  loading(protocol) {
    if (isLoaded(protocol)) return null;
    this.announce(`Loading the ${PROTOCOL_NAMES[protocol]} simulator…`);
    return loadSimulator(protocol).then(() => true, (error) => {
      this.announce(`The ${PROTOCOL_NAMES[protocol]} simulator could not load: ${error.message}`);
      return false;
    });
  }

  /** The bug switches of the protocol running now: `[{name, protocol, breaks}]`. */
  bugs() {
    return bugsOf(protocolOf(this.scenario()));
  }

  /** The message exchange after `afterStep` as a Mermaid sequence diagram. */
  mermaid(afterStep, messagesMax) {
    return this.pg.mermaid(afterStep, messagesMax);
  }

  select(selection) {
    this.selection = selection;
    this.render(false);
  }

  // ----- drawing -----

  /**
   * Builds the frame every view draws. `jumped`: time moved other than forward along the
   * branch, so views that accumulate (event log, sequence diagram) start again from the
   * events the simulator still holds.
   */
  render(jumped) {
    this.view = this.pg.view(LOG_TAIL);
    const events = this.pg.events(jumped ? 0 : this.eventStep);
    this.eventStep = events.at(-1)?.step ?? (jumped ? 0 : this.eventStep);
    this.landmarks.add(events);
    const frame = {
      view: this.view,
      nowUs: this.view.time_us,
      events,
      jumped,
      selection: this.selection,
      playing: this.playing,
      speed: this.speed,
      landmarks: this.landmarks,
      branchEndUs: Math.max(this.branchEndUs, this.view.time_us),
      reducedMotion: this.reducedMotion,
      scenario: this.scenario(),
    };
    for (const view of this.views) view.update(frame);
  }

  // ----- the element API (docs/page-api.md) -----

  /** Plain data describing now: what embedders and tests read. */
  state() {
    const view = this.pg.view(0);
    return {
      time: view.time_us / 1000,
      protocol: view.protocol,
      leader: view.leader ?? null,
      nodes: view.nodes.map((node) => ({ id: node.id, role: node.role, term: node.term, alive: node.up })),
      messages: view.messages.map((message) => ({ id: message.id, from: message.from, to: message.to, type: message.type })),
      violations: view.violation
        ? [{
          invariant: view.violation.invariant,
          nodes: view.violation.nodes,
          entries: view.violation.entries,
          explanation: view.violation.explanation,
          time: view.violation.time_us / 1000,
        }]
        : [],
    };
  }

  /** Puts the API on the root element. */
  expose() {
    Object.assign(this.root, {
      play: () => this.play(),
      pause: () => this.pause(),
      step: () => this.step(),
      seek: (ms) => this.seek(ms),
      traceHash: () => this.pg.traceHash(),
      state: () => this.state(),
    });
    this.root.dataset.ready = 'true';
  }
}
