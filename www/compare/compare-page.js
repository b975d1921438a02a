// The comparison page around the two panes: each pane's header, cluster (cluster-view.js) and
// inspector (inspector.js), the shared playback controls, the shared scrubber with one marker
// strip per protocol, the presets, the shared settings (size, seed, workload, network dials)
// and the keyboard. Controls only call the controller; every view redraws from its frames.
import { find, setAttributes, setText } from '../page/dom.js';
import { FOLLOW_MS, JUMP_KINDS, MarkerStrip, showScrubber } from '../views/timeline.js';
import { formatTime } from '../page/format.js';
import { Pace } from '../views/pace.js';
import { ClusterView } from '../views/cluster-view.js';
import { Inspector } from '../views/inspector.js';
import { Help } from '../controls/help.js';
import { bindKeyboard } from '../controls/keyboard.js';
import { Controls } from '../controls/playback.js';
import { PROTOCOLS, PROTOCOL_NAMES } from '../sim/protocols.js';
import { NETWORK_DIALS, WORKLOAD_CLIENTS, networkAt } from '../sim/scenario.js';
import { PresetPicker } from '../controls/preset-picker.js';
import { clusterFields } from '../controls/settings.js';
/** @import { ComparisonController, ComparisonFrame, Mark, NetworkSettings, PaneFrame, PaneIdentity, Protocol, Scenario, SimEvent } from '../sim/types.js' */

/** Presets worth comparing, in the order offered, with what to watch on both protocols.
 * @type {[string, string][]} */
export const COMPARE_PRESETS = [
  ['leader-crash', 'The leader crashes at 3 s while clients keep writing. Raft: a server whose log is up to date wins and keeps its log; nothing moves. Multi-Paxos: the new leader collects the accepted values, re-proposes them under its ballot and fills holes with no-ops (see “entries re-sent”).'],
  ['paxos-leader-crash-gaps', 'Fast writes, then the leader crashes with slots accepted by only a few servers. Watch the Multi-Paxos pane re-send entries and fill holes, while the Raft pane’s winner simply keeps its log.'],
  ['split-vote', 'Two servers time out at once: in Raft the votes split (campaigns − leaders in the panel); in Multi-Paxos the same timing makes duelling proposers, each Prepare pre-empting the other.'],
  ['paxos-duelling-proposers', 'Two proposers start phase 1 at the same instant. Compare how many campaigns each protocol needs before one leader holds.'],
  ['figure-8', 'The paper’s Figure 8. Its starting logs (the “initial” durable states) are Raft-shaped, so only the Raft pane starts from them: the Multi-Paxos pane ignores them and starts empty under the same crashes. In Raft, the old-term entry must not be committed by counting replicas; Multi-Paxos re-stamps it with its own ballot instead.'],
  ['rejoin-disrupts', 'S5 is cut off for three seconds, then rejoins. Raft: its term has grown and its RequestVote forces the leader to step down. Multi-Paxos: its higher ballot pre-empts the leader in the same way.'],
  ['leader-election', 'Five servers elect a first leader. Compare the time to the first leader and to the first commit after it.'],
];

/** The frame of `protocol`'s pane.
 * @param {ComparisonFrame} frame
 * @param {Protocol} protocol
 * @returns {PaneFrame}
 */
function paneFrame(frame, protocol) {
  const own = frame.panes.find((candidate) => candidate.pane.protocol === protocol);
  if (!own) throw new Error(`The frame has no ${protocol} pane`);
  return own;
}

/** One protocol's pane: its header line, its cluster and its inspector. */
class PaneView {
  /**
   * @param {HTMLElement} section
   * @param {ComparisonController} controller
   * @param {PaneIdentity} pane
   */
  constructor(section, controller, pane) {
    this.pane = pane;
    this.summary = find(section, '.pane-summary', HTMLElement);
    const facade = controller.facade(pane);
    this.cluster = new ClusterView(find(section, '.cluster-box', HTMLElement), facade);
    this.inspector = new Inspector(find(section, '.inspector', HTMLElement), facade);
    this.pace = new Pace(FOLLOW_MS);
    /** Events of frames whose drawing was skipped (the cluster fades their drops later).
     * @type {SimEvent[]} */
    this.pending = [];
  }

  /** @param {ComparisonFrame} frame */
  update(frame) {
    const own = paneFrame(frame, this.pane.protocol);
    // A pane whose snapshot was not refreshed this frame (many messages in flight: the
    // controller refreshes the panes alternately) is drawn at its next refresh.
    if (!own.fresh) {
      this.pending.push(...own.events);
    } else {
      const events = this.pending.length ? [...this.pending, ...own.events] : own.events;
      this.pending = [];
      this.cluster.update(events === own.events ? own : { ...own, events });
    }
    this.inspector.update(own);
    if (!this.pace.due(frame)) return;
    const { view } = own;
    const leader = view.leader ? view.nodes.find((node) => node.id === view.leader) : null;
    const broken = view.violations.length ? ` Invariant broken: ${view.violations[0].explanation}` : '';
    setText(this.summary, leader ? `Leader: S${leader.id} (${leader.term_label}).${broken}` : `No leader.${broken}`);
  }
}

/** The shared scrubber and, under it, one marker strip per protocol. */
class CompareTimeline {
  /**
   * @param {HTMLElement} section
   * @param {ComparisonController} controller
   */
  constructor(section, controller) {
    this.scrubber = find(section, '.scrubber', HTMLInputElement);
    this.scrubber.addEventListener('input', () => controller.seek(Number(this.scrubber.value)));
    this.strips = PROTOCOLS.map((protocol) => ({ protocol, markers: new MarkerStrip(find(section, `.markers-${protocol}`, SVGSVGElement)) }));
    this.pace = new Pace(FOLLOW_MS);
    this.scrubber.disabled = false;
    /** @type {PaneFrame[]} */
    this.panes = [];
    this.nowUs = 0;
    // The click alternative to aiming at a marker: elections, faults and violations of either
    // pane, in time order.
    /**
     * @typedef {Mark & {pane: string}} PaneMark
     * @param {HTMLButtonElement} button
     * @param {(marks: PaneMark[]) => PaneMark | undefined} pick
     */
    const jump = (button, pick) => button.addEventListener('click', () => {
      const marks = this.panes.flatMap(({ pane, landmarks }) => landmarks.marks
        .filter((mark) => JUMP_KINDS.has(mark.kind))
        .map((mark) => ({ ...mark, pane: pane.name })))
        .sort((a, b) => a.timeUs - b.timeUs);
      const mark = pick(marks);
      if (!mark) {
        controller.announce('No marker that way.');
        return;
      }
      controller.seek(mark.timeUs / 1000);
      controller.announce(`Jumped to ${formatTime(mark.timeUs)}: ${mark.pane}: ${mark.text}`);
    });
    jump(find(section, '.previous-marker', HTMLButtonElement), (marks) => marks.findLast((mark) => mark.timeUs < this.nowUs));
    jump(find(section, '.next-marker', HTMLButtonElement), (marks) => marks.find((mark) => mark.timeUs > this.nowUs));
  }

  /** @param {ComparisonFrame} frame */
  update(frame) {
    this.panes = frame.panes;
    this.nowUs = frame.nowUs;
    if (!this.pace.due(frame)) return;
    const horizonMs = showScrubber(this.scrubber, frame);
    for (const { protocol, markers } of this.strips) {
      const { landmarks } = paneFrame(frame, protocol);
      if (!markers.show(landmarks, horizonMs)) continue;
      const elections = landmarks.marks.filter((mark) => mark.kind === 'election').length;
      setAttributes(markers.strip, { 'aria-label': `${PROTOCOL_NAMES[protocol]} markers: ${elections} leader${elections === 1 ? '' : 's'} elected so far` });
    }
  }
}

/** Preset picker: a preset's scenario runs in both panes, the protocol overridden per pane. */
class ComparePresets {
  /**
   * @param {HTMLElement} section
   * @param {ComparisonController} controller
   */
  constructor(section, controller) {
    const caption = find(section, '.preset-caption', HTMLElement);
    new PresetPicker(section, {
      // What the page opened with first, then the presets worth comparing (those in the list),
      // with their notes.
      offer: (list) => [{ ...controller.initial, name: '' }, ...COMPARE_PRESETS.flatMap(([name, note]) => {
        const preset = list.find((candidate) => candidate.name === name);
        return preset?.scenario ? [{ ...preset, caption: note }] : [];
      })],
      choose: (preset) => {
        if (controller.reset(preset.scenario, `Loaded “${preset.title}” in both panes. Press Play to watch it.`)) {
          setText(caption, preset.caption);
        }
      },
      announce: (text) => controller.announce(text),
    });
  }
}

/** Shared settings: size, seed and workload restart both panes; network dials act from now on,
 * in both panes at once (an action in the shared script). */
class CompareSettings {
  /**
   * @param {HTMLFormElement} form
   * @param {ComparisonController} controller
   */
  constructor(form, controller) {
    this.form = form;
    this.controller = controller;
    const fields = clusterFields(form);
    this.fields = fields;
    /** @param {string} description */
    const restart = (description) => {
      const scenario = { ...controller.scenario(), actions: [] };
      scenario.nodes = Number(fields.nodes.value);
      scenario.seed = Number(fields.seed.value) || 0;
      scenario.clients = { ...scenario.clients, count: fields.clients.checked ? WORKLOAD_CLIENTS : 0 };
      controller.reset(JSON.stringify(scenario), description);
    };
    fields.nodes.addEventListener('change', () => restart(`Both panes restarted with ${fields.nodes.value} servers.`));
    fields.seed.addEventListener('change', () => restart(`Both panes restarted with seed ${fields.seed.value}.`));
    fields.clients.addEventListener('change', () => restart(`Both panes restarted ${fields.clients.checked ? 'with' : 'without'} the client workload.`));
    find(form, '.new-seed', HTMLButtonElement).addEventListener('click', () => {
      fields.seed.value = String(controller.newSeed());
      restart(`Both panes restarted with seed ${fields.seed.value}.`);
    });
    find(form, '.reset', HTMLButtonElement).addEventListener('click', () => restart('Both panes reset to time 0, without the actions.'));
    const network = () => {
      /** @type {NetworkSettings} */
      const settings = { ...this.networkNow() };
      for (const name of NETWORK_DIALS) settings[name] = Number(fields.dials[name].value);
      settings.manual = fields.manual.checked;
      controller.act({ do: 'network', settings }, 'Network changed from now on');
    };
    for (const input of [...Object.values(fields.dials), fields.manual]) input.addEventListener('change', network);
    for (const name of NETWORK_DIALS) {
      fields.dials[name].addEventListener('input', () => setText(fields.readouts[name], fields.dials[name].value));
    }
    find(form, '.heal-all', HTMLButtonElement).addEventListener('click', () => controller.act({ do: 'heal_all' }, 'Healed every link'));
    /** @type {Scenario | null} */
    this.shown = null;
  }

  /** The network settings in force now: the last dial change before now, or the scenario's. */
  networkNow() {
    return networkAt(this.controller.scenario(), this.controller.nowUs() / 1000);
  }

  update() {
    const scenario = this.controller.scenario();
    if (scenario === this.shown) return;
    this.shown = scenario;
    const { fields } = this;
    if (!this.form.contains(document.activeElement)) {
      fields.nodes.value = String(scenario.nodes);
      fields.seed.value = String(scenario.seed);
      fields.clients.checked = scenario.clients.count > 0;
    }
    const settings = this.networkNow();
    for (const name of NETWORK_DIALS) {
      if (document.activeElement !== fields.dials[name]) fields.dials[name].value = String(settings[name]);
      setText(fields.readouts[name], String(fields.dials[name].value));
    }
    fields.manual.checked = settings.manual;
  }
}

/**
 * Wires every part of the comparison under `root` to `controller`: the page, or the
 * <raft-playground> element's reduced copy, which has no presets, settings or help dialog.
 */
/**
 * @param {HTMLElement} root
 * @param {ComparisonController} controller
 * @param {{ComparePanel: typeof import('./compare-panel.js').ComparePanel, CompareNotes: typeof import('./compare-notes.js').CompareNotes}} views
 *   the figures and the notes, which the caller loads alongside this module
 */
export function wireComparePage(root, controller, { ComparePanel, CompareNotes }) {
  /** @param {string} selector */
  const part = (selector) => find(root, selector, HTMLElement);
  for (const pane of controller.panes) {
    controller.addView(new PaneView(part(`.pane-${pane.protocol}`), controller, pane));
  }
  controller.addView(new Controls(part('.transport'), controller));
  controller.addView(new CompareTimeline(part('.timeline'), controller));
  controller.addView(new CompareNotes(part('.notes')));
  controller.addView(new ComparePanel(part('.comparison'), controller));
  const settings = root.querySelector('.settings-form');
  if (settings instanceof HTMLFormElement) controller.addView(new CompareSettings(settings, controller));
  const presets = root.querySelector('.presets');
  if (presets instanceof HTMLElement) new ComparePresets(presets, controller);
  // The shortcuts of the single-cluster page; Escape clears both panes' selections.
  bindKeyboard(root, controller, root.querySelector('.help') ? new Help(root) : { open() {} });
}
