// The non-modal inspector: details of the selected server, link or message, and what can be
// done to it. Its buttons only ask the controller for actions; the next frame shows the result.
import { find, html, setText } from '../page/dom.js';
import { formatTime } from '../page/format.js';
/** @import { Action, ClusterController, ClusterFrame, NodeSnapshot, Selection, Snapshot } from '../sim/types.js' */

/** A definition list whose values are updated in place (focus and reading position survive). */
class Facts {
  /** @param {Element} parent */
  constructor(parent) {
    this.list = html('dl', { class: 'facts' });
    /** @type {Map<string, HTMLElement>} */
    this.values = new Map();
    parent.append(this.list);
  }

  /**
   * @param {string} name
   * @param {string | number} value
   */
  set(name, value) {
    let dd = this.values.get(name);
    if (!dd) {
      dd = html('dd');
      this.list.append(html('dt', {}, name), dd);
      this.values.set(name, dd);
    }
    setText(dd, String(value));
  }
}

/**
 * @param {string} label
 * @param {() => void} onClick
 * @param {string} [className]
 */
function button(label, onClick, className) {
  const element = html('button', { type: 'button', class: className }, label);
  element.addEventListener('click', onClick);
  return element;
}

export class Inspector {
  /**
   * @param {HTMLElement} section holds an h2 and the `.inspector-body` with its hint
   * @param {ClusterController} controller
   */
  constructor(section, controller) {
    this.controller = controller;
    this.section = section;
    this.title = find(section, 'h2', HTMLElement);
    this.body = find(section, '.inspector-body', HTMLElement);
    this.hint = /** @type {Element} */ (this.body.firstElementChild);
    this.key = '';
    /** Shows the frame in the part built for the selection. @type {(frame: ClusterFrame) => void} */
    this.refresh = () => {};
    /** The snapshot on screen: what the action buttons act on. @type {Snapshot | null} */
    this.view = null;
    /** The selected server, as last shown. @type {NodeSnapshot | undefined} */
    this.node = undefined;
    /** The selected link's cut directions, as last shown (`from>to`). @type {Set<string>} */
    this.cuts = new Set();
    this.anyCut = false;
  }

  /** @param {ClusterFrame} frame */
  update(frame) {
    this.view = frame.view;
    const selection = frame.selection;
    const key = selection ? `${JSON.stringify(selection)} ${frame.view.protocol} ${frame.view.nodes.length}` : '';
    if (key !== this.key) {
      this.key = key;
      this.build(selection);
    }
    this.refresh(frame);
  }

  /** On a phone the inspector is a sheet at the bottom of the screen while something is
   * selected; on a wide screen it lies under the logs, and the page scrolls just enough to
   * show its top once something is picked. */
  bringIntoView() {
    const box = this.section.getBoundingClientRect();
    if (box.top > innerHeight - 120) this.section.scrollIntoView({ block: 'nearest' });
  }

  /** @param {Selection | null} selection */
  build(selection) {
    this.section.classList.toggle('sheet', Boolean(selection));
    this.body.replaceChildren();
    const actions = html('div', { class: 'actions' });
    const close = button('Close', () => this.controller.select(null), 'close');
    if (!selection) {
      setText(this.title, 'Inspector');
      this.body.append(this.hint);
      this.refresh = () => {};
      return;
    }
    const facts = new Facts(this.body);
    this.body.append(actions);
    this.bringIntoView();
    if (selection.kind === 'node') this.buildNode(selection.id, facts, actions);
    else if (selection.kind === 'link') this.buildLink(selection, facts, actions);
    else this.buildMessage(selection.id, facts, actions);
    actions.append(close);
  }

  /**
   * @param {number} id
   * @param {Facts} facts
   * @param {HTMLElement} actions
   */
  buildNode(id, facts, actions) {
    /** @param {Action} action @param {string} text */
    const act = (action, text) => this.controller.act(action, text);
    const name = `S${id}`;
    const crash = button('', () => {
      const up = this.node?.up;
      act({ do: up ? 'crash' : 'restart', node: id }, `${name} ${up ? 'crashed' : 'restarted'}.`);
    });
    const pause = button('', () => {
      const paused = this.node?.paused;
      act({ do: paused ? 'resume' : 'pause', node: id }, `${name} ${paused ? 'resumed' : 'paused'}.`);
    });
    const timeout = button(`Time out ${name} now`, () => act({ do: 'timeout', node: id }, `${name}'s election timer expired.`));
    const transfer = button(`Transfer leadership to ${name}`, () => {
      act({ do: 'transfer', from: this.view?.leader, to: id }, `Asked the leader to hand over to ${name}.`);
    });
    const others = () => (this.view?.nodes ?? []).map((node) => node.id).filter((other) => other !== id);
    const isolate = button('', () => {
      if (this.isolated(id)) {
        // Reconnect: heal each of its links, both ways (one action per link, as a person would).
        for (const other of others()) this.controller.act({ do: 'heal', from: id, to: other, one_way: false });
        this.controller.announce(`${name} is connected to every server again.`);
      } else {
        act({ do: 'partition', groups: [[id], others()] }, `${name} is cut off from every other server.`);
      }
    });
    const skew = this.skewControl(id);
    const request = this.requestForm(id);
    actions.append(crash, pause, timeout, transfer, isolate, request.form, skew);
    const peers = html('table', { class: 'peers' });
    const caption = html('caption', {}, 'The leader\'s view of each follower: nextIndex, the next entry it will send; matchIndex, the last entry it knows is stored there');
    const head = html('tr');
    for (const label of ['Server', 'nextIndex', 'matchIndex']) head.append(html('th', { scope: 'col' }, label));
    const rows = html('tbody');
    const thead = html('thead');
    thead.append(head);
    peers.append(caption, thead, rows);
    this.body.insertBefore(peers, actions);

    this.refresh = ({ view }) => {
      const node = view.nodes.find((candidate) => candidate.id === id);
      this.node = node;
      if (!node) return;
      setText(this.title, `${name}: ${node.role}${node.paused ? ', paused' : ''}`);
      facts.set('Role', node.role + (node.paused ? ' (paused)' : ''));
      facts.set('Term', node.term_label);
      facts.set('Voted for', node.voted_for ? `S${node.voted_for}` : 'nobody');
      facts.set('Leader it knows', node.leader ? `S${node.leader}` : 'none');
      facts.set('Last index', node.log_length);
      // Raft keeps the commit index in memory only (Figure 2: volatile state): a crash loses it,
      // and the leader teaches it again after the restart.
      const volatile = node.up ? '' : ' (volatile: lost in the crash, relearned from the leader after a restart)';
      facts.set('Commit index', `${node.commit_index}${volatile}`);
      facts.set('Applied index', `${node.applied_index}${volatile}`);
      const tickMs = this.controller.scenario().timing.tick_ms;
      facts.set('Election timer', node.up
        ? `${node.timer_elapsed_ticks} of ${node.timer_timeout_ticks} ticks (a tick is ${tickMs} ms of its clock)`
        : 'stopped (crashed)');
      const select = find(skew, 'select', HTMLSelectElement);
      // (the root node: inside a <raft-playground>, document.activeElement is the element itself)
      if (/** @type {Document | ShadowRoot} */ (select.getRootNode()).activeElement !== select) select.value = String(node.skew_percent);
      setText(crash, node.up ? `Crash ${name}` : `Restart ${name}`);
      setText(pause, node.paused ? `Resume ${name}` : `Pause ${name}`);
      timeout.disabled = !node.up;
      request.send.disabled = !node.up;
      setText(request.send, node.up ? 'Send request' : 'Send request (crashed)');
      setText(isolate, this.isolated(id) ? `Reconnect ${name}` : `Isolate ${name}`);
      transfer.hidden = view.protocol !== 'raft';
      transfer.disabled = !view.leader || view.leader === id || !node.up;
      peers.hidden = node.peers.length === 0;
      const text = node.peers.map((peer) => `${peer.id} ${peer.next_index} ${peer.match_index}`).join();
      if (rows.dataset.text !== text) {
        rows.dataset.text = text;
        rows.replaceChildren(...node.peers.map((peer) => {
          const row = html('tr');
          row.append(html('th', { scope: 'row' }, `S${peer.id}`), html('td', {}, String(peer.next_index)),
            html('td', {}, String(peer.match_index)));
          return row;
        }));
      }
    };
  }

  /** A client request of the user's own, sent to server `id`.
   * @param {number} id
   */
  requestForm(id) {
    const form = html('fieldset', { class: 'request' });
    form.append(html('legend', {}, `Client request to S${id}`));
    const op = html('select', { 'aria-label': 'Operation' });
    for (const name of ['put', 'append', 'get']) op.append(html('option', { value: name }, name));
    const keys = this.controller.scenario().clients.keys;
    const key = html('select', { 'aria-label': 'Key' });
    for (let k = 0; k < keys; k += 1) key.append(html('option', { value: k }, `k${k}`));
    const value = html('input', { type: 'number', min: 0, max: 999, value: 1, 'aria-label': 'Value' });
    const send = button('Send request', () => {
      /** @type {{op: string, key: number, value?: number}} */
      const request = { op: op.value, key: Number(key.value) };
      if (op.value !== 'get') request.value = Number(value.value) || 0;
      this.controller.act({ do: 'request', node: id, op: request }, `Sent ${op.value} k${key.value} to S${id}.`);
    });
    op.addEventListener('change', () => { value.disabled = op.value === 'get'; });
    form.append(op, key, value, send);
    return { form, send };
  }

  /** Whether every link to and from server `id` is cut (it was isolated).
   * @param {number} id
   */
  isolated(id) {
    const view = this.view;
    if (!view || view.nodes.length < 2) return false;
    const cut = new Set(view.cut_links.map(([from, to]) => `${from}>${to}`));
    return view.nodes.every((node) => node.id === id || (cut.has(`${id}>${node.id}`) && cut.has(`${node.id}>${id}`)));
  }

  /** @param {number} id */
  skewControl(id) {
    const label = html('label', { class: 'skew' }, 'Clock skew ');
    const select = html('select');
    for (const percent of [-50, -25, 0, 25, 50]) {
      select.append(html('option', { value: percent, selected: percent === 0 }, `${percent > 0 ? '+' : ''}${percent}%`));
    }
    select.addEventListener('change', () => {
      this.controller.act({ do: 'skew', node: id, percent: Number(select.value) }, `S${id}'s clock now runs ${select.value}% off.`);
    });
    label.append(select);
    return label;
  }

  /**
   * @param {{a: number, b: number}} link
   * @param {Facts} facts
   * @param {HTMLElement} actions
   */
  buildLink({ a, b }, facts, actions) {
    /** @param {number} from @param {number} to @param {boolean} oneWay @param {boolean} cut */
    const toggle = (from, to, oneWay, cut) => this.controller.act(
      { do: cut ? 'cut' : 'heal', from, to, one_way: oneWay },
      `${cut ? 'Cut' : 'Healed'} S${from} ${oneWay ? '→' : '↔'} S${to}.`,
    );
    const both = button('', () => toggle(a, b, false, !this.anyCut));
    const ab = button('', () => toggle(a, b, true, !this.cuts.has(`${a}>${b}`)));
    const ba = button('', () => toggle(b, a, true, !this.cuts.has(`${b}>${a}`)));
    actions.append(both, ab, ba);
    this.refresh = ({ view }) => {
      this.cuts = new Set(view.cut_links.map(([from, to]) => `${from}>${to}`));
      const abCut = this.cuts.has(`${a}>${b}`);
      const baCut = this.cuts.has(`${b}>${a}`);
      this.anyCut = abCut || baCut;
      setText(this.title, `Link S${a} – S${b}`);
      facts.set(`S${a} → S${b}`, abCut ? 'cut: messages are dropped' : 'delivers');
      facts.set(`S${b} → S${a}`, baCut ? 'cut: messages are dropped' : 'delivers');
      setText(both, this.anyCut ? 'Heal both ways' : 'Cut both ways');
      setText(ab, abCut ? `Heal S${a} → S${b} only` : `Cut S${a} → S${b} only`);
      setText(ba, baCut ? `Heal S${b} → S${a} only` : `Cut S${b} → S${a} only`);
    };
  }

  /**
   * @param {number} id
   * @param {Facts} facts
   * @param {HTMLElement} actions
   */
  buildMessage(id, facts, actions) {
    /** @param {string} verb @param {string} text */
    const act = (verb, text) => this.controller.act({ do: verb, message: id }, text);
    const deliver = button('Deliver now', () => act('deliver', `Delivered message #${id}.`));
    const drop = button('Drop', () => act('drop', `Dropped message #${id}.`));
    const duplicate = button('Duplicate', () => act('duplicate', `Duplicated message #${id}.`));
    actions.append(deliver, drop, duplicate);
    this.refresh = ({ view }) => {
      const message = view.messages.find((candidate) => candidate.id === id);
      for (const control of [deliver, drop, duplicate]) control.disabled = !message;
      if (!message) {
        setText(this.title, `Message #${id}`);
        facts.set('State', 'no longer in flight (delivered or dropped)');
        return;
      }
      setText(this.title, `Message #${id}: ${message.type}`);
      facts.set('State', message.deliver_at_us === null ? 'held: waiting for you (or for its receiver)' : 'in flight');
      facts.set('From → to', `S${message.from} → S${message.to}`);
      facts.set('Sent at', formatTime(message.sent_at_us));
      facts.set('Arrives at', message.deliver_at_us === null ? '—' : formatTime(message.deliver_at_us));
      facts.set('Size', `${message.size_bytes} bytes`);
      facts.set('Content', message.summary);
    };
  }
}
