// The event log: what happened, in words, with the core's reasons. Newest at the bottom; it
// follows new events unless the reader scrolled up. Filterable by server and kind; message
// traffic (every send and receipt, heartbeats included) is hidden unless asked for, except lost
// messages. It says how much of the history it holds.
import { find, html, setText } from '../page/dom.js';
/** @import { Frame, NodeSnapshot, SimEvent } from '../sim/types.js' */
import { formatTime } from '../page/format.js';
import { Pace } from './pace.js';

/** Events kept (and listed at most): the simulator too keeps the last 1000 events. */
const KEPT_MAX = 1000;
/** While playing, new rows are added at most this often (wall-clock ms): following the newest
 * row needs a layout, which should not happen every frame. */
const FLUSH_MS = 400;

export class EventLog {
  /** @param {HTMLElement} section */
  constructor(section) {
    this.list = find(section, '.event-list', HTMLOListElement);
    this.nodeFilter = find(section, '.event-node', HTMLSelectElement);
    this.categoryFilter = find(section, '.event-category', HTMLSelectElement);
    this.trafficFilter = find(section, '.event-traffic', HTMLInputElement);
    this.note = find(section, '.event-note', HTMLElement);
    /** Events that scrolled out of what is kept, since the last jump. */
    this.forgotten = 0;
    /** @type {SimEvent[]} */
    this.kept = [];
    /** @type {SimEvent[]} */
    this.pending = [];
    this.pace = new Pace(FLUSH_MS);
    this.nodeCount = 0;
    this.following = true;
    this.list.addEventListener('scroll', () => {
      this.following = this.list.scrollTop + this.list.clientHeight >= this.list.scrollHeight - 8;
    }, { passive: true });
    for (const filter of [this.nodeFilter, this.categoryFilter, this.trafficFilter]) {
      filter.addEventListener('change', () => this.redraw());
    }
  }

  /** @param {SimEvent} event */
  matches(event) {
    const node = this.nodeFilter.value;
    const category = this.categoryFilter.value;
    if (node && String(event.node) !== node) return false;
    if (category) return event.category === category;
    return this.trafficFilter.checked || event.category !== 'network' || event.message?.what === 'dropped';
  }

  /** @param {Frame} frame */
  update(frame) {
    if (frame.view.nodes.length !== this.nodeCount) this.setNodes(frame.view.nodes);
    if (frame.jumped) {
      this.kept = [];
      this.pending = [];
      this.forgotten = 0;
      this.list.replaceChildren();
    }
    this.kept.push(...frame.events);
    if (this.kept.length > KEPT_MAX) {
      this.forgotten += this.kept.length - KEPT_MAX;
      this.kept.splice(0, this.kept.length - KEPT_MAX);
    }
    this.pending.push(...frame.events);
    if (this.pending.length > 0 && this.pace.due(frame)) {
      this.append(this.pending.filter((event) => this.matches(event)));
      this.pending = [];
    }
  }

  /** @param {NodeSnapshot[]} nodes */
  setNodes(nodes) {
    this.nodeCount = nodes.length;
    const chosen = this.nodeFilter.value;
    this.nodeFilter.replaceChildren(html('option', { value: '' }, 'all'),
      ...nodes.map((node) => html('option', { value: node.id }, node.name)));
    if (Number(chosen) <= nodes.length) this.nodeFilter.value = chosen;
  }

  /** Says what the list holds: everything since time 0, or the last events only. */
  describe() {
    const first = this.kept[0];
    const whole = this.forgotten === 0 && this.kept.length < KEPT_MAX;
    const traffic = this.trafficFilter.checked || this.categoryFilter.value
      ? ''
      : ' Message traffic is hidden (lost messages are shown): what it changes appears as votes, log entries and commits.';
    setText(this.note, whole
      ? `Newest at the bottom: every event since time 0.${traffic}`
      : `Newest at the bottom: the last ${this.kept.length} events only, from ${first ? formatTime(first.time_us) : 'now'} (older ones are not kept here; drag the timeline back to see them).${traffic}`);
  }

  redraw() {
    this.pending = [];
    this.list.replaceChildren();
    this.following = true;
    this.append(this.kept.filter((event) => this.matches(event)));
  }

  /** @param {SimEvent[]} events */
  append(events) {
    this.describe();
    if (events.length === 0) return;
    const rows = events.slice(-KEPT_MAX).map((event) => {
      const row = html('li', { class: `cat-${event.category}` });
      row.append(html('span', { class: 'when' }, formatTime(event.time_us)), ' ', event.text);
      return row;
    });
    this.list.append(...rows);
    for (let extra = this.list.childElementCount - KEPT_MAX; extra > 0; extra -= 1) this.list.firstElementChild?.remove();
    if (this.following) this.list.scrollTop = this.list.scrollHeight;
  }
}
