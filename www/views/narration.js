// The narration line beside the cluster: in the core's own words, what the last step (or the
// last moment of play) did that matters: elections, votes refused and why, commits, truncations,
// step-downs, faults and violations. Heartbeats and message traffic are never narrated; the
// event log has every event.
import { find, html, setText } from '../page/dom.js';
import { formatTime } from '../page/format.js';
import { Pace } from './pace.js';
/** @import { Frame, SimEvent } from '../sim/types.js' */

/** While playing, the line changes at most this often (wall-clock ms), so it can be read. */
const READ_MS = 1200;
/** Earlier lines kept under the current one. */
const RECENT_MAX = 3;
/** Events that matter less than this are never narrated (client sends, lost messages: the
 * drawing shows them). */
const TOLD_MIN = 20;

/** How much an event matters to a visitor, 0 for never narrated: a broken invariant most,
 * then faults and user actions, role changes, truncations, a leader's commits, refused votes…
 * @param {SimEvent} event
 */
export function weight(event) {
  const text = event.text;
  switch (event.category) {
    case 'check': return 100;
    case 'fault': return 90;
    case 'role':
      if (/became leader/.test(text)) return 85;
      if (/became (pre-)?candidate/.test(text)) return 80;
      return /became/.test(text) ? 70 : 20;
    case 'log':
      if (/remov|truncat|conflict|overwr|discard/i.test(text)) return 75;
      return / from leader /.test(text) ? 10 : 50;
    case 'commit': return /majority|chosen/i.test(text) ? 70 : 15;
    case 'timer': return 60;
    case 'vote': return /refused/.test(text) ? 45 : 30;
    case 'reject': return /does not expect/.test(text) ? 5 : 40;
    case 'term': return 25;
    case 'client': return 15;
    case 'network': return event.message?.what === 'dropped' ? 8 : 0;
    default: return 1;
  }
}

/** The event that matters most among `events` (the latest of equals), or null.
 * @param {SimEvent[]} events
 */
export function mostTelling(events) {
  /** @type {SimEvent | null} */
  let best = null;
  let bestWeight = 0;
  for (const event of events) {
    const w = weight(event);
    if (w >= TOLD_MIN && w >= bestWeight) {
      best = event;
      bestWeight = w;
    }
  }
  return best;
}

export class Narration {
  /** @param {HTMLElement} section holds `.narration-now` and `.narration-recent` */
  constructor(section) {
    this.now = find(section, '.narration-now', HTMLElement);
    this.recent = find(section, '.narration-recent', HTMLOListElement);
    this.pace = new Pace(READ_MS);
    /** Events since the line last changed. @type {SimEvent[]} */
    this.waiting = [];
    /** @type {SimEvent | null} */
    this.shown = null;
    /** @type {SimEvent[]} */
    this.earlier = [];
  }

  /** @param {Frame} frame */
  update(frame) {
    if (frame.jumped) {
      // Back in time (or a new run): say what mattered last before now.
      this.waiting = [];
      this.earlier = [];
      this.shown = null;
      const told = frame.events.filter((event) => event.time_us <= frame.nowUs && weight(event) >= 25);
      const lastUs = told.at(-1)?.time_us;
      // Of the last moment that mattered, its most telling event (a new leader, not its no-op).
      this.shown = mostTelling(told.filter((event) => event.time_us === lastUs));
      this.earlier = told.filter((event) => event.time_us !== lastUs).slice(-RECENT_MAX).reverse();
      this.draw(frame);
      return;
    }
    this.waiting.push(...frame.events);
    const urgent = frame.events.some((event) => weight(event) >= 90);
    if (this.waiting.length === 0 || !(this.pace.due(frame) || urgent)) return;
    const next = mostTelling(this.waiting);
    this.waiting = [];
    if (!next) return;
    if (this.shown) this.earlier = [this.shown, ...this.earlier].slice(0, RECENT_MAX);
    this.shown = next;
    this.draw(frame);
  }

  /** @param {Frame} frame */
  draw(frame) {
    // Read out when the visitor steps or pauses; while playing it would never stop talking.
    this.now.setAttribute('aria-live', frame.playing ? 'off' : 'polite');
    if (!this.shown) {
      setText(this.now, frame.nowUs === 0 ? 'Time 0: nothing has happened yet.' : 'Nothing of note yet: only heartbeats and routine messages.');
    } else {
      this.now.replaceChildren(html('span', { class: 'when' }, formatTime(this.shown.time_us)), this.shown.text);
    }
    this.recent.replaceChildren(...this.earlier.map((event) => {
      const row = html('li');
      row.append(html('span', { class: 'when' }, formatTime(event.time_us)), event.text);
      return row;
    }));
  }
}
