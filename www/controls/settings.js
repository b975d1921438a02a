// Cluster and scenario settings. Protocol, size, seed, workload, options and bug switches
// change the scenario (the run is replayed to the same time); the network dials act from now
// on (an action in the history, like a fault). Reset starts over at time 0.
import { html } from '../page/dom.js';
import { PROTOCOL_NAMES } from '../sim/protocols.js';
import { NETWORK_DIALS, WORKLOAD_CLIENTS, networkAt } from '../sim/scenario.js';

const OPTION_FIELDS = ['pre_vote', 'check_quorum', 'noop_on_election'];

export class Settings {
  constructor(form, controller) {
    this.form = form;
    this.controller = controller;
    this.fields = form.elements;
    this.bugList = form.querySelector('.bug-list');
    this.shown = { scenario: null, protocol: '', network: null };
    const change = (name, edit, text) => {
      this.fields[name].addEventListener('change', () => controller.reconfigure(edit, text()));
    };
    change('protocol', (s) => { s.protocol = this.fields.protocol.value; },
      () => `Now running ${PROTOCOL_NAMES[this.fields.protocol.value]} on the same scenario.`);
    change('nodes', (s) => { s.nodes = Number(this.fields.nodes.value); },
      () => `The cluster now has ${this.fields.nodes.value} servers.`);
    change('seed', (s) => { s.seed = this.seedValue(); }, () => `Seed ${this.fields.seed.value}.`);
    change('clients', (s) => { s.clients.count = this.fields.clients.checked ? WORKLOAD_CLIENTS : 0; },
      () => `Client workload ${this.fields.clients.checked ? 'on' : 'off'}.`);
    for (const name of OPTION_FIELDS) {
      change(name, (s) => { s.options[name] = this.fields[name].checked; },
        () => `${this.fields[name].parentElement.textContent.trim()} ${this.fields[name].checked ? 'on' : 'off'}.`);
    }
    form.querySelector('.new-seed').addEventListener('click', () => {
      const seed = controller.newSeed();
      this.fields.seed.value = String(seed);
      controller.reconfigure((s) => { s.seed = seed; }, `New seed ${seed}.`);
    });
    form.querySelector('.reset').addEventListener('click', () => controller.reset());
    form.querySelector('.heal-all').addEventListener('click', () => controller.act({ do: 'heal_all' }, 'Every link healed.'));
    for (const name of NETWORK_DIALS) {
      const input = this.fields[name];
      input.addEventListener('input', () => { input.nextElementSibling.value = input.value; });
      input.addEventListener('change', () => this.network());
    }
    this.fields.manual.addEventListener('change', () => this.network());
    form.addEventListener('submit', (event) => event.preventDefault());
  }

  seedValue() {
    const seed = Math.floor(Number(this.fields.seed.value));
    return Number.isFinite(seed) && seed >= 0 ? seed : 0;
  }

  network() {
    const settings = Object.fromEntries(NETWORK_DIALS.map((name) => [name, Number(this.fields[name].value)]));
    settings.manual = this.fields.manual.checked;
    this.controller.act({ do: 'network', settings },
      `Network from now on: ${settings.delay_min_ms}–${settings.delay_min_ms + settings.delay_jitter_ms} ms, ${settings.loss_percent}% loss, ${settings.duplicate_percent}% duplicated${settings.manual ? ', manual delivery' : ''}.`);
  }

  update(frame) {
    const scenario = frame.scenario;
    if (scenario !== this.shown.scenario) {
      this.shown.scenario = scenario;
      this.fields.protocol.value = scenario.protocol;
      this.fields.nodes.value = String(scenario.nodes);
      if (document.activeElement !== this.fields.seed) this.fields.seed.value = String(scenario.seed);
      this.fields.clients.checked = scenario.clients.count > 0;
      for (const name of OPTION_FIELDS) this.fields[name].checked = scenario.options[name];
      this.form.querySelector('.raft-only').disabled = scenario.protocol !== 'raft';
      if (scenario.protocol !== this.shown.protocol) this.buildBugs(scenario.protocol);
      for (const box of this.bugList.querySelectorAll('input')) box.checked = scenario.bugs.includes(box.value);
    }
    const network = networkAt(scenario, frame.nowUs / 1000);
    if (network !== this.shown.network) {
      this.shown.network = network;
      for (const name of NETWORK_DIALS) {
        this.fields[name].value = String(network[name]);
        this.fields[name].nextElementSibling.value = String(network[name]);
      }
      this.fields.manual.checked = network.manual;
    }
  }

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
