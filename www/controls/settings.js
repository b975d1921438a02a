// Cluster and scenario settings. Protocol, size, seed, workload, options and bug switches
// change the scenario (the run is replayed to the same time); the network dials act from now
// on (an action in the history, like a fault). Reset starts over at time 0.
import { control, find, html } from '../page/dom.js';
import { PROTOCOL_NAMES } from '../sim/protocols.js';
import { NETWORK_DIALS, WORKLOAD_CLIENTS, networkAt } from '../sim/scenario.js';
/** @import { NetworkDial } from '../sim/scenario.js' */
/** @import { Frame, NetworkSettings, OptionName, PlaygroundController, Protocol, Scenario } from '../sim/types.js' */

/** @type {readonly OptionName[]} */
const OPTION_FIELDS = ['pre_vote', 'check_quorum', 'noop_on_election'];

/**
 * The controls both pages' settings forms have, by name: size, seed, workload, and the network
 * dials, each with the <output> after it that reads it out.
 * @param {HTMLFormElement} form
 */
export function clusterFields(form) {
  /** @param {string} name */
  const input = (name) => control(form, name, HTMLInputElement);
  /** @param {HTMLInputElement} dial */
  const readout = (dial) => {
    const output = dial.nextElementSibling;
    if (!(output instanceof HTMLOutputElement)) throw new Error(`The ${dial.name} dial has no <output> after it`);
    return output;
  };
  const dials = /** @type {Record<NetworkDial, HTMLInputElement>} */ (Object.fromEntries(NETWORK_DIALS.map((name) => [name, input(name)])));
  return {
    nodes: control(form, 'nodes', HTMLSelectElement),
    seed: input('seed'),
    clients: input('clients'),
    manual: input('manual'),
    dials,
    readouts: /** @type {Record<NetworkDial, HTMLOutputElement>} */ (Object.fromEntries(NETWORK_DIALS.map((name) => [name, readout(dials[name])]))),
  };
}

export class Settings {
  /**
   * @param {HTMLFormElement} form
   * @param {PlaygroundController} controller
   */
  constructor(form, controller) {
    this.form = form;
    this.controller = controller;
    const fields = clusterFields(form);
    this.fields = fields;
    this.protocol = control(form, 'protocol', HTMLSelectElement);
    this.options = /** @type {Record<OptionName, HTMLInputElement>} */ (Object.fromEntries(OPTION_FIELDS.map((name) => [name, control(form, name, HTMLInputElement)])));
    this.bugList = find(form, '.bug-list', HTMLElement);
    this.raftOnly = find(form, '.raft-only', HTMLFieldSetElement);
    /** @type {{scenario: Scenario | null, protocol: string, network: NetworkSettings | null}} */
    this.shown = { scenario: null, protocol: '', network: null };
    /**
     * @param {HTMLInputElement | HTMLSelectElement} field
     * @param {(scenario: Scenario) => void} edit
     * @param {() => string} text
     */
    const change = (field, edit, text) => {
      field.addEventListener('change', () => controller.reconfigure(edit, text()));
    };
    // (its options are the protocols)
    const protocol = () => /** @type {Protocol} */ (this.protocol.value);
    change(this.protocol, (s) => { s.protocol = protocol(); },
      () => `Now running ${PROTOCOL_NAMES[protocol()]} on the same scenario.`);
    change(fields.nodes, (s) => { s.nodes = Number(fields.nodes.value); },
      () => `The cluster now has ${fields.nodes.value} servers.`);
    change(fields.seed, (s) => { s.seed = this.seedValue(); }, () => `Seed ${fields.seed.value}.`);
    change(fields.clients, (s) => { s.clients.count = fields.clients.checked ? WORKLOAD_CLIENTS : 0; },
      () => `Client workload ${fields.clients.checked ? 'on' : 'off'}.`);
    for (const name of OPTION_FIELDS) {
      const box = this.options[name];
      change(box, (s) => { s.options[name] = box.checked; },
        () => `${box.parentElement?.textContent?.trim()} ${box.checked ? 'on' : 'off'}.`);
    }
    find(form, '.new-seed', HTMLButtonElement).addEventListener('click', () => {
      const seed = controller.newSeed();
      fields.seed.value = String(seed);
      controller.reconfigure((s) => { s.seed = seed; }, `New seed ${seed}.`);
    });
    find(form, '.reset', HTMLButtonElement).addEventListener('click', () => controller.reset());
    find(form, '.heal-all', HTMLButtonElement).addEventListener('click', () => controller.act({ do: 'heal_all' }, 'Every link healed.'));
    for (const name of NETWORK_DIALS) {
      const input = fields.dials[name];
      input.addEventListener('input', () => { fields.readouts[name].value = input.value; });
      input.addEventListener('change', () => this.network());
    }
    fields.manual.addEventListener('change', () => this.network());
    form.addEventListener('submit', (event) => event.preventDefault());
  }

  seedValue() {
    const seed = Math.floor(Number(this.fields.seed.value));
    return Number.isFinite(seed) && seed >= 0 ? seed : 0;
  }

  network() {
    const settings = /** @type {NetworkSettings} */ ({
      ...Object.fromEntries(NETWORK_DIALS.map((name) => [name, Number(this.fields.dials[name].value)])),
      manual: this.fields.manual.checked,
    });
    this.controller.act({ do: 'network', settings },
      `Network from now on: ${settings.delay_min_ms}–${settings.delay_min_ms + settings.delay_jitter_ms} ms, ${settings.loss_percent}% loss, ${settings.duplicate_percent}% duplicated${settings.manual ? ', manual delivery' : ''}.`);
  }

  /** @param {Frame} frame */
  update(frame) {
    const scenario = frame.scenario;
    if (scenario !== this.shown.scenario) {
      this.shown.scenario = scenario;
      this.protocol.value = scenario.protocol;
      this.fields.nodes.value = String(scenario.nodes);
      if (document.activeElement !== this.fields.seed) this.fields.seed.value = String(scenario.seed);
      this.fields.clients.checked = scenario.clients.count > 0;
      for (const name of OPTION_FIELDS) this.options[name].checked = scenario.options[name];
      this.raftOnly.disabled = scenario.protocol !== 'raft';
      if (scenario.protocol !== this.shown.protocol) this.buildBugs(scenario.protocol);
      for (const box of this.bugList.querySelectorAll('input')) box.checked = scenario.bugs.includes(box.value);
    }
    const network = networkAt(scenario, frame.nowUs / 1000);
    if (network !== this.shown.network) {
      this.shown.network = network;
      for (const name of NETWORK_DIALS) {
        this.fields.dials[name].value = String(network[name]);
        this.fields.readouts[name].value = String(network[name]);
      }
      this.fields.manual.checked = network.manual;
    }
  }

  /** @param {string} protocol */
  buildBugs(protocol) {
    this.shown.protocol = protocol;
    const bugs = this.controller.bugs();
    this.bugList.replaceChildren(...bugs.map((bug) => {
      const id = `bug-${bug.name}`;
      const box = html('input', { type: 'checkbox', value: bug.name, 'aria-describedby': `${id}-breaks` });
      box.addEventListener('change', () => this.controller.reconfigure((s) => {
        s.bugs = s.bugs.filter((name) => name !== bug.name);
        if (box.checked) s.bugs.push(bug.name);
      }, `Bug switch ${bug.name} ${box.checked ? 'on: the run was replayed with it' : 'off'}.`));
      const label = html('label', { class: 'check' });
      label.append(box, ` ${bug.name}`);
      const item = html('div', { class: 'bug' });
      item.append(label, html('p', { id: `${id}-breaks`, class: 'breaks' }, bug.breaks));
      return item;
    }));
  }
}
