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
import { PROTOCOL_NAMES, newPlayground } from '../sim/simulators.js';
import { Clock } from '../sim/clock.js';
import { Landmarks } from '../sim/landmarks.js';

/** Long jumps forward walk time in slices this long (ms) so every marker is gathered. */
const SLICE_MS = 50;
/** Seeking runs at most this far (ms) past the furthest time reached. */
const SEEK_AHEAD_MS_MAX = 10 * 60 * 1000;
/** How many of each log's last entries a pane's snapshot carries. */
const LOG_TAIL = 0;
/** Above this many messages in flight (both panes together), while playing, each frame takes a
 * fresh snapshot of one pane only, alternately, and only that pane's cluster is redrawn: each
 * still moves about 15 times a second, and no frame pays for both snapshots and drawings. */
const BUSY_MESSAGES = 200;

export const PROTOCOLS = ['raft', 'paxos'];
/** Actions that name one pane's message: they cannot be shared (ids differ per protocol). */
const PANE_ONLY = new Set(['deliver', 'drop', 'duplicate']);

/** `scenarioText` with its protocol set to `protocol`. */
export function withProtocol(scenarioText, protocol) {
  return JSON.stringify({ ...JSON.parse(scenarioText), protocol });
}

/** One simulator and what the views of its pane need between frames. */
class Pane {
  constructor(protocol, scenarioText) {
    this.protocol = protocol;
    this.name = PROTOCOL_NAMES[protocol];
    this.pg = newPlayground(withProtocol(scenarioText, protocol));
    this.landmarks = new Landmarks();
    this.eventStep = 0;
    this.selection = null;
    this.view = null;
  }

  nowUs() {
    return Math.round(this.pg.nowMs() * 1000);
  }
}

/**
 * What a pane's reused views (cluster-view.js, inspector.js) see as their controller: the same
 * small surface as the single-cluster Controller, wired to the comparison.
 */
class PaneFacade {
  constructor(compare, pane) {
    this.compare = compare;
    this.pane = pane;
  }

  get view() {
    return this.pane.view;
  }

  act(action, description) {
    return this.compare.act(action, description, this.pane);
  }

  select(selection) {
    this.compare.select(this.pane, selection);
  }

  scenario() {
    return this.compare.scenario();
  }

  announce(text) {
    this.compare.announce(text);
  }
}

export class CompareController extends Clock {
  /**
   * @param {HTMLElement} root the comparison page's root element
   * @param {string} scenarioText the shared scenario (JSON); its protocol is overridden per pane
   * @param {{reducedMotion: boolean}} preferences
   */
  constructor(root, scenarioText, preferences) {
    const panes = PROTOCOLS.map((protocol) => new Pane(protocol, scenarioText));
    super(root);
    this.reducedMotion = preferences.reducedMotion;
    this.panes = panes;
    /** What the page started with, for the preset picker's first entry. */
    this.initial = { title: preferences.title ?? 'The scenario this page opened with', caption: '', scenario: scenarioText };
    this.facades = new Map(this.panes.map((pane) => [pane, new PaneFacade(this, pane)]));
    this.scenarioCache = null;
    /** Frames rendered so far, and the messages in flight at the last one (both panes). */
    this.turn = 0;
    this.inFlight = 0;
  }

  /** The pane of `protocol`. */
  pane(protocol) {
    return this.panes.find((pane) => pane.protocol === protocol);
  }

  /** The controller a pane's own views (cluster, inspector) talk to. */
  facade(pane) {
    return this.facades.get(pane);
  }

  // ----- time -----

  nowUs() {
    return this.panes[0].nowUs();
  }

  play() {
    if (this.playing) return;
    if (this.panes.some((pane) => pane.view?.violation)) {
      this.announce('An invariant broke in one pane: the run stops there. Rewind or reset to go on.');
      return;
    }
    this.startPlaying();
  }

  /** Both panes forward by the same `ms`; false if either stopped (an invariant broke). */
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
    this.pause();
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
    this.pause();
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

  /** Both panes to simulated time `ms`, forwards or backwards. */
  seek(ms) {
    const target = Math.min(Math.max(0, Number(ms) || 0), this.branchEndUs / 1000 + SEEK_AHEAD_MS_MAX);
    for (const pane of this.panes) {
      if (target * 1000 > this.branchEndUs) {
        pane.pg.seek(this.branchEndUs / 1000);
        this.runTo(pane, target);
      } else {
        pane.pg.seek(target);
      }
    }
    this.advanced();
    this.render(true);
  }

  /** One pane forward to `targetMs` in slices, gathering its markers. */
  runTo(pane, targetMs) {
    while (pane.pg.nowMs() < targetMs) {
      const going = pane.pg.tick(Math.min(SLICE_MS, targetMs - pane.pg.nowMs()));
      pane.landmarks.add(pane.pg.events(pane.landmarks.throughStep));
      if (!going) break;
    }
  }

  /** One paced frame: `wallMs` of wall-clock time at the chosen speed, in both panes. */
  frame(wallMs) {
    if (!this.tickBoth(wallMs * this.speed)) {
      this.playing = false;
      this.announce('An invariant broke: both panes stop here. See the pane marked broken.');
    }
    this.render(false);
  }

  // ----- actions -----

  /**
   * Does a user action now in both panes (a message action: in `from`'s pane only). In the
   * past, this forks both histories.
   */
  act(action, description, from) {
    const targets = PANE_ONLY.has(action.do) && from ? [from] : this.panes;
    const inThePast = this.nowUs() < this.branchEndUs;
    const before = targets.map((pane) => pane.pg.view(0).steps);
    try {
      // Validation depends only on the cluster size, which both panes share: either both
      // accept an action or neither does.
      for (const pane of targets) pane.pg.inject(JSON.stringify(action));
    } catch (error) {
      this.announce(`Not done: ${error.message}`);
      return false;
    }
    targets.forEach((pane, index) => {
      pane.landmarks.forkAfter(before[index]);
      pane.eventStep = Math.min(pane.eventStep, before[index]);
    });
    // An action lands at the next whole millisecond: the panes that did not act catch up.
    const now = Math.max(...this.panes.map((pane) => pane.nowUs()));
    for (const pane of this.panes) {
      if (pane.nowUs() < now) pane.pg.tick((now - pane.nowUs()) / 1000);
    }
    this.branchEndUs = now;
    this.scenarioCache = null;
    const where = targets.length === 1 ? ` (${from.name} pane only: message ids differ between protocols)` : ' (in both panes)';
    const fork = inThePast ? ' History forked here: what came after was dropped.' : '';
    this.announce(`${description ?? 'Done.'}${where}${fork}`);
    this.render(false);
    return true;
  }

  /** The shared scenario with every shared action so far (the Raft pane's), as plain data. */
  scenario() {
    this.scenarioCache ??= JSON.parse(this.panes[0].pg.scenarioJson());
    return this.scenarioCache;
  }

  /** Starts both panes over at time 0 from `scenarioText`. */
  reset(scenarioText, description) {
    let panes;
    try {
      panes = PROTOCOLS.map((protocol) => new Pane(protocol, scenarioText));
    } catch (error) {
      this.announce(`Not reset: ${error.message}`);
      return false;
    }
    this.pause();
    for (const pane of this.panes) pane.pg.free();
    // Keep the Pane objects (views hold them): swap in the new simulators.
    this.panes.forEach((pane, index) => {
      Object.assign(pane, panes[index]);
    });
    this.scenarioCache = null;
    this.branchEndUs = 0;
    this.announce(description ?? 'Both panes reset to time 0.');
    this.render(true);
    return true;
  }

  /** Selecting a server or a link selects it in both panes (their inspectors then show the
   * same server under each protocol); a message belongs to one pane. */
  select(pane, selection) {
    const shared = selection === null || selection.kind !== 'message';
    for (const one of this.panes) {
      if (one === pane) one.selection = selection;
      else if (shared) one.selection = selection;
      else if (one.selection?.kind === 'message') one.selection = null;
    }
    this.render(false);
  }

  /** Each pane's figures (`metrics()` of the simulator), by protocol. */
  metrics() {
    return Object.fromEntries(this.panes.map((pane) => [pane.protocol, pane.pg.metrics()]));
  }

  // ----- drawing -----

  /**
   * Builds one frame per pane and hands every view `{panes: [...], nowUs, playing, …}`.
   * `jumped`: time moved other than forward along the branch.
   */
  render(jumped) {
    const busy = this.playing && !jumped && this.inFlight > BUSY_MESSAGES;
    this.turn += 1;
    const frames = this.panes.map((pane, index) => {
      const fresh = !busy || !pane.view || this.turn % 2 === index;
      if (fresh) pane.view = pane.pg.view(LOG_TAIL);
      const events = pane.pg.events(jumped ? 0 : pane.eventStep);
      pane.eventStep = events.at(-1)?.step ?? (jumped ? 0 : pane.eventStep);
      pane.landmarks.add(events);
      return {
        pane,
        fresh,
        view: pane.view,
        nowUs: pane.view.time_us,
        events,
        jumped,
        selection: pane.selection,
        playing: this.playing,
        speed: this.speed,
        landmarks: pane.landmarks,
        reducedMotion: this.reducedMotion,
      };
    });
    this.inFlight = frames.reduce((sum, own) => sum + own.view.messages.length, 0);
    // With this many messages their labels overlap into a blur and cost every frame a lot of
    // text painting: the page hides them (compare.css) and keeps the arrowheads.
    const crowded = this.inFlight > BUSY_MESSAGES;
    if (this.root.classList.contains('crowded') !== crowded) this.root.classList.toggle('crowded', crowded);
    const nowUs = this.nowUs();
    const frame = {
      panes: frames,
      nowUs,
      jumped,
      playing: this.playing,
      speed: this.speed,
      branchEndUs: Math.max(this.branchEndUs, nowUs),
      reducedMotion: this.reducedMotion,
    };
    for (const view of this.views) view.update(frame);
  }

  // ----- the element API (for tests and embedders) -----

  paneState(pane) {
    const view = pane.pg.view(0);
    return {
      time: view.time_us / 1000,
      protocol: view.protocol,
      leader: view.leader ?? null,
      nodes: view.nodes.map((node) => ({ id: node.id, role: node.role, term: node.term, alive: node.up })),
      messages: view.messages.length,
      violations: view.violation ? [view.violation.explanation] : [],
      traceHash: pane.pg.traceHash(),
    };
  }

  /** `{raft: hash, paxos: hash}` */
  traceHashes() {
    return Object.fromEntries(this.panes.map((pane) => [pane.protocol, pane.pg.traceHash()]));
  }

  /** `{time, playing, raft: {…}, paxos: {…}}` */
  state() {
    return {
      time: this.nowUs() / 1000,
      playing: this.playing,
      ...Object.fromEntries(this.panes.map((pane) => [pane.protocol, this.paneState(pane)])),
    };
  }

  expose() {
    Object.assign(this.root, {
      play: () => this.play(),
      pause: () => this.pause(),
      step: () => this.step(),
      stepBack: () => this.stepBack(),
      seek: (ms) => this.seek(ms),
      traceHashes: () => this.traceHashes(),
      /** `{raft: scenarioJson, paxos: scenarioJson}` */
      scenarios: () => Object.fromEntries(this.panes.map((pane) => [pane.protocol, pane.pg.scenarioJson()])),
      state: () => this.state(),
      metrics: () => this.metrics(),
      /** Starts both panes over from a scenario (JSON text); false if it was refused. */
      load: (scenarioText) => this.reset(scenarioText, 'Scenario loaded in both panes.'),
    });
    this.root.dataset.ready = 'true';
  }
}
