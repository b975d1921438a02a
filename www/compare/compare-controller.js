// The comparison controller: one scenario run twice, once on Raft and once on Multi-Paxos, under
// ONE clock. Every frame ticks both simulators by the same number of milliseconds; play, pause,
// step, speed and the scrubber drive both; every user action (crash, restart, pause, time out,
// cut or heal a link, partition, client request, network dials) is injected into both at the
// same simulated time, so the two panes always share one fault script.
//
// Stepping: a step goes to the NEXT MOMENT at which either pane has an event (the earlier of the
// two panes' next event times) and runs both panes up to and including that moment. Both clocks
// stay equal, so an action done after a step lands at the same instant in both. Stepping back
// goes to the latest moment before now at which either pane had an event.
//
// Messages are the one exception to the shared script: a message's id names a message of one
// protocol, so delivering, dropping or duplicating a held message acts on its own pane only.
//
// Data flows one way: scenario → two simulators → two snapshots → views; views send intents
// back as method calls. Nothing here touches the DOM beyond the status line.
import { PROTOCOLS, PROTOCOL_NAMES } from '../sim/protocols.js';
import { newPlayground, shared } from '../sim/simulators.js';
import { messageOf } from '../page/format.js';
import { Clock } from '../sim/clock.js';
import { Run, seekTarget, stateOf } from '../sim/run.js';
import { withProtocol } from '../sim/scenario.js';
/** @import { Action, ClusterController, ComparisonController, ComparisonFrame, Metrics, Opening, PaneFrame, PaneIdentity, PaneState, Protocol, Selection, Snapshot, View } from '../sim/types.js' */

/** How many of each log's last entries a pane's snapshot carries (the comparison shows no logs). */
const LOG_TAIL = 0;
/** Above this many messages in flight (both panes together), while playing, each frame takes a
 * fresh snapshot of one pane only, alternately, and only that pane's cluster is redrawn: each
 * still moves about 15 times a second, and no frame pays for both snapshots and drawings. */
const BUSY_MESSAGES = 200;

/** Actions that name one pane's message: they cannot be shared (ids differ per protocol). */
const PANE_ONLY = new Set(['deliver', 'drop', 'duplicate']);

/** An object with a value per protocol, from one entry per pane (there is a pane per protocol).
 * @template T
 * @param {[Protocol, T][]} entries
 * @returns {Record<Protocol, T>}
 */
function byProtocol(entries) {
  return /** @type {Record<Protocol, T>} */ (Object.fromEntries(entries));
}

/** One simulator's run and what the views of its pane need between frames.
 * @implements {PaneIdentity} */
class Pane extends Run {
  /**
   * @param {Protocol} protocol
   * @param {string} scenarioText the shared scenario (JSON); its protocol is overridden
   */
  constructor(protocol, scenarioText) {
    super(withProtocol(scenarioText, protocol));
    this.protocol = protocol;
    this.name = PROTOCOL_NAMES[protocol];
    /** @type {Selection | null} */
    this.selection = null;
    /** The snapshot last drawn. @type {Snapshot | null} */
    this.view = null;
  }
}

/**
 * What a pane's reused views (cluster-view.js, inspector.js) see as their controller: the same
 * small surface as the single-cluster Controller's, wired to the comparison.
 * @implements {ClusterController}
 */
class PaneFacade {
  /**
   * @param {CompareController} compare
   * @param {Pane} pane
   */
  constructor(compare, pane) {
    this.compare = compare;
    this.pane = pane;
  }

  /**
   * @param {Action} action
   * @param {string} [description]
   */
  act(action, description) {
    return this.compare.act(action, description, this.pane);
  }

  /** @param {Selection | null} selection */
  select(selection) {
    this.compare.select(selection, this.pane);
  }

  scenario() {
    return this.compare.scenario();
  }

  /** @param {string} text */
  announce(text) {
    this.compare.announce(text);
  }
}

/** @implements {ComparisonController} */
export class CompareController {
  /**
   * @param {HTMLElement} root the comparison page's root element, with a `.status` line
   * @param {string} scenarioText the shared scenario (JSON); its protocol is overridden per pane
   * @param {{reducedMotion: boolean, title?: string}} preferences `title`: what to call the
   *   scenario in the preset picker
   */
  constructor(root, scenarioText, preferences) {
    this.panes = PROTOCOLS.map((protocol) => new Pane(protocol, scenarioText));
    this.root = root;
    this.status = root.querySelector('.status');
    this.clock = new Clock({
      frame: (wallMs) => this.frame(wallMs),
      // The run goes on after a violation, in both panes.
      mayPlay: () => true,
      changed: () => this.render(false),
    });
    this.reducedMotion = preferences.reducedMotion;
    /** What the page started with, for the preset picker's first entry. @type {Opening} */
    this.initial = { title: preferences.title ?? 'The scenario this page opened with', caption: '', scenario: scenarioText };
    /** @type {Map<PaneIdentity, PaneFacade>} */
    this.facades = new Map(this.panes.map((pane) => [pane, new PaneFacade(this, pane)]));
    /** @type {View<ComparisonFrame>[]} */
    this.views = [];
    /** The furthest time reached on the current branch of history (µs). */
    this.branchEndUs = 0;
    /** Frames rendered so far, and the messages in flight at the last one (both panes). */
    this.turn = 0;
    this.inFlight = 0;
  }

  /** The controller a pane's own views (cluster, inspector) talk to.
   * @param {PaneIdentity} pane
   * @returns {PaneFacade}
   */
  facade(pane) {
    const facade = this.facades.get(pane);
    if (!facade) throw new Error(`${pane.name} is not a pane of this comparison`);
    return facade;
  }

  // ----- time -----

  nowUs() {
    return this.panes[0].nowUs();
  }

  /** Time moved forward along the branch. */
  advanced() {
    this.branchEndUs = Math.max(this.branchEndUs, this.nowUs());
  }

  /** Both panes forward by the same `ms`; false if either cannot go on (a message flood).
   * @param {number} ms
   */
  tickBoth(ms) {
    let going = true;
    for (const pane of this.panes) {
      if (!pane.pg.tick(ms)) going = false;
    }
    this.advanced();
    return going;
  }

  /** Forward to the next moment at which either pane has an event; both panes run to it. */
  step() {
    this.clock.pause();
    const now = this.nowUs();
    const next = this.panes
      .map((pane) => pane.pg.view(0).next_time_us)
      .filter((time) => time !== null && time !== undefined);
    if (next.length === 0) {
      this.announce('Nothing left to do: no event is pending in either pane.');
      this.render(false);
      return;
    }
    const target = Math.max(Math.min(...next), now);
    this.tickBoth((target - now) / 1000);
    this.render(false);
  }

  /** Back to the latest moment before now at which either pane had an event. */
  stepBack() {
    this.clock.pause();
    const now = this.nowUs();
    let target = 0;
    for (const pane of this.panes) {
      for (const event of pane.pg.events(0)) {
        if (event.time_us < now && event.time_us > target) target = event.time_us;
      }
    }
    for (const pane of this.panes) pane.pg.seek(target / 1000);
    this.render(true);
  }

  /** Both panes to simulated time `ms`, forwards or backwards.
   * @param {number} ms
   */
  seek(ms) {
    const target = seekTarget(ms, this.branchEndUs);
    for (const pane of this.panes) pane.seek(target, this.branchEndUs);
    this.advanced();
    this.render(true);
  }

  /** One paced frame: `wallMs` of wall-clock time at the chosen speed, in both panes.
   * @param {number} wallMs
   */
  frame(wallMs) {
    if (!this.tickBoth(wallMs * this.clock.speed)) {
      this.clock.halt();
      this.announce('A run cannot go on: both panes stop here. See the pane marked broken.');
    }
    this.render(false);
  }

  // ----- actions -----

  /**
   * Does a user action now in both panes (a message action: in `from`'s pane only). In the
   * past, this forks both histories.
   * @param {Action} action
   * @param {string} [description]
   * @param {PaneIdentity} [from]
   */
  act(action, description, from) {
    const own = this.panes.find((pane) => pane === from);
    const targets = PANE_ONLY.has(action.do) && own ? [own] : this.panes;
    const inThePast = this.nowUs() < this.branchEndUs;
    const before = targets.map((pane) => pane.pg.view(0).steps);
    try {
      // Validation depends only on the cluster size, which both panes share: either both
      // accept an action or neither does.
      for (const pane of targets) pane.pg.inject(JSON.stringify(action));
    } catch (error) {
      this.announce(`Not done: ${messageOf(error)}`);
      return false;
    }
    targets.forEach((pane, index) => pane.forked(before[index]));
    // An action lands at the next whole millisecond: the panes that did not act catch up.
    const now = Math.max(...this.panes.map((pane) => pane.nowUs()));
    for (const pane of this.panes) {
      if (pane.nowUs() < now) pane.pg.tick((now - pane.nowUs()) / 1000);
    }
    this.branchEndUs = now;
    const where = targets.length === 1 ? ` (${targets[0].name} pane only: message ids differ between protocols)` : ' (in both panes)';
    const fork = inThePast ? ' History forked here: what came after was dropped.' : '';
    this.announce(`${description ?? 'Done.'}${where}${fork}`);
    this.render(false);
    return true;
  }

  /** The shared scenario with every shared action so far (the Raft pane's), as plain data. */
  scenario() {
    return this.panes[0].scenario();
  }

  /** Starts both panes over at time 0 from `scenarioText`.
   * @param {string} scenarioText
   * @param {string} [description]
   */
  reset(scenarioText, description) {
    let simulators;
    try {
      simulators = this.panes.map((pane) => newPlayground(withProtocol(scenarioText, pane.protocol)));
    } catch (error) {
      this.announce(`Not reset: ${messageOf(error)}`);
      return false;
    }
    this.clock.pause();
    // Keep the Pane objects (views hold them): swap in the new simulators.
    this.panes.forEach((pane, index) => {
      pane.restart(simulators[index]);
      pane.selection = null;
      pane.view = null;
    });
    this.branchEndUs = 0;
    this.announce(description ?? 'Both panes reset to time 0.');
    this.render(true);
    return true;
  }

  /** Selecting a server or a link selects it in both panes (their inspectors then show the
   * same server under each protocol); a message belongs to one pane, `pane`.
   * @param {Selection | null} selection
   * @param {PaneIdentity | null} [pane]
   */
  select(selection, pane = null) {
    const inBoth = selection === null || selection.kind !== 'message';
    for (const one of this.panes) {
      if (one === pane) one.selection = selection;
      else if (inBoth) one.selection = selection;
      else if (one.selection?.kind === 'message') one.selection = null;
    }
    this.render(false);
  }

  /** A fresh seed (the platform's random source: it picks where a run starts, nothing more). */
  newSeed() {
    return shared.newSeed();
  }

  /** Each pane's figures (`metrics()` of the simulator), by protocol. */
  metrics() {
    return byProtocol(this.panes.map((pane) => [pane.protocol, pane.pg.metrics()]));
  }

  /** @param {string} text */
  announce(text) {
    if (this.status) this.status.textContent = text;
  }

  // ----- drawing -----

  /** Views get `update(frame)` after every change (see `render`).
   * @param {View<ComparisonFrame>} view
   */
  addView(view) {
    this.views.push(view);
  }

  /**
   * Builds one frame per pane and hands every view `{panes: [...], nowUs, playing, …}`.
   * `jumped`: time moved other than forward along the branch.
   * @param {boolean} jumped
   */
  render(jumped) {
    const busy = this.clock.playing && !jumped && this.inFlight > BUSY_MESSAGES;
    this.turn += 1;
    const frames = this.panes.map((pane, index) => {
      const fresh = !busy || !pane.view || this.turn % 2 === index;
      const view = fresh || !pane.view ? pane.pg.view(LOG_TAIL) : pane.view;
      pane.view = view;
      /** @type {PaneFrame} */
      const own = {
        pane,
        fresh,
        view,
        nowUs: view.time_us,
        events: pane.newEvents(jumped),
        jumped,
        selection: pane.selection,
        playing: this.clock.playing,
        speed: this.clock.speed,
        landmarks: pane.landmarks,
        reducedMotion: this.reducedMotion,
      };
      return own;
    });
    this.inFlight = frames.reduce((sum, own) => sum + own.view.messages.length, 0);
    // With this many messages their labels overlap into a blur and cost every frame a lot of
    // text painting: the page hides them (compare.css) and keeps the arrowheads.
    const crowded = this.inFlight > BUSY_MESSAGES;
    if (this.root.classList.contains('crowded') !== crowded) this.root.classList.toggle('crowded', crowded);
    const nowUs = this.nowUs();
    /** @type {ComparisonFrame} */
    const frame = {
      panes: frames,
      nowUs,
      jumped,
      playing: this.clock.playing,
      speed: this.clock.speed,
      branchEndUs: Math.max(this.branchEndUs, nowUs),
      reducedMotion: this.reducedMotion,
    };
    for (const view of this.views) view.update(frame);
  }

  // ----- the element API (for tests and embedders) -----

  /** @param {Pane} pane @returns {PaneState} */
  paneState(pane) {
    const view = pane.pg.view(0);
    return {
      ...stateOf(view),
      messages: view.messages.length,
      violations: view.violations.map((violation) => violation.explanation),
      traceHash: pane.pg.traceHash(),
    };
  }

  /** `{raft: hash, paxos: hash}` */
  traceHashes() {
    return byProtocol(this.panes.map((pane) => [pane.protocol, pane.pg.traceHash()]));
  }

  /** `{time, playing, raft: {…}, paxos: {…}}` */
  state() {
    return {
      time: this.nowUs() / 1000,
      playing: this.clock.playing,
      ...Object.fromEntries(this.panes.map((pane) => [pane.protocol, this.paneState(pane)])),
    };
  }

  expose() {
    Object.assign(this.root, {
      play: () => this.clock.play(),
      pause: () => this.clock.pause(),
      step: () => this.step(),
      stepBack: () => this.stepBack(),
      seek: (/** @type {number} */ ms) => this.seek(ms),
      traceHashes: () => this.traceHashes(),
      /** `{raft: scenarioJson, paxos: scenarioJson}` */
      scenarios: () => Object.fromEntries(this.panes.map((pane) => [pane.protocol, pane.pg.scenarioJson()])),
      state: () => this.state(),
      metrics: () => this.metrics(),
      /** Starts both panes over from a scenario (JSON text); false if it was refused. */
      load: (/** @type {string} */ scenarioText) => this.reset(scenarioText, 'Scenario loaded in both panes.'),
    });
    this.root.dataset.ready = 'true';
  }
}
