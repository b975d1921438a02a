// The recent message exchange as a sequence diagram: one lane per server, one arrow per
// message (solid when delivered, dashed while in flight, crossed out when dropped), and a
// "Copy as Mermaid" button for docs that render Mermaid: the whole run up to the moment shown
// (the timeline has no zoom), heartbeats folded so that the story shows, from the reports
// module (sim/simulators.js: mermaidOf).
import { find, html, setAttributes, svg } from '../page/dom.js';
import { messageOf } from '../page/format.js';
/** @import { Frame, PlaygroundController } from '../sim/types.js' */
import { parseNetworkEvent } from './network-events.js';
import { Pace } from './pace.js';

/** Messages drawn (the most recent ones). */
const SHOWN = 18;
const LANE_W = 40;
const ROW_H = 13;
const TOP = 16;
/** While playing, the diagram is redrawn at most this often (wall-clock ms). */
const REDRAW_MS = 500;

export class SequenceView {
  /**
   * @param {HTMLElement} section
   * @param {Pick<PlaygroundController, 'mermaid' | 'announce'>} controller
   */
  constructor(section, controller) {
    this.controller = controller;
    this.element = find(section, '.sequence-diagram', SVGSVGElement);
    this.text = html('pre', { class: 'mermaid-text', hidden: true, tabindex: 0, 'aria-label': 'Mermaid text' });
    section.append(this.text);
    /** id → {id, from, to, type, step, state: 'flight'|'delivered'|'dropped'} in send order.
     * @type {Map<number, {id: number, from: number, to: number, type: string, step: number, state: string}>} */
    this.records = new Map();
    this.dirty = true;
    this.pace = new Pace(REDRAW_MS);
    /** @type {{name: string, role: string}[]} */
    this.roles = [];
    /** The time shown, in ms: where the Mermaid export ends. */
    this.nowMs = 0;
    find(section, '.copy-mermaid', HTMLButtonElement).addEventListener('click', () => this.copy());
  }

  /** @param {Frame} frame */
  update(frame) {
    if (frame.jumped) {
      this.records.clear();
      this.dirty = true;
    }
    for (const event of frame.events) {
      const parsed = parseNetworkEvent(event);
      if (!parsed) continue;
      this.dirty = true;
      if (parsed.what === 'sent') {
        this.records.set(parsed.id, { ...parsed, step: event.step, state: 'flight' });
        const oldest = this.records.keys().next();
        if (this.records.size > SHOWN && !oldest.done) this.records.delete(oldest.value);
      } else {
        const record = this.records.get(parsed.id);
        if (record) record.state = parsed.what === 'received' ? 'delivered' : 'dropped';
      }
    }
    this.roles = frame.view.nodes.map((node) => ({ name: node.name, role: node.role }));
    this.nowMs = frame.nowUs / 1000;
    if (this.dirty && this.pace.due(frame)) {
      this.draw();
      this.dirty = false;
    }
  }

  draw() {
    const lanes = this.roles.length;
    const records = [...this.records.values()];
    const width = lanes * LANE_W;
    const height = TOP + Math.max(records.length, 1) * ROW_H + 4;
    /** @param {number} id */
    const x = (id) => (id - 0.5) * LANE_W;
    setAttributes(this.element, { viewBox: `0 0 ${width} ${height}` });
    /** @type {SVGElement[]} */
    const parts = [];
    this.roles.forEach(({ name, role }, index) => {
      parts.push(svg('text', { class: 'lane-name', x: x(index + 1), y: 7 }, name),
        svg('text', { class: 'lane-role', x: x(index + 1), y: 13 }, role),
        svg('line', { class: 'lane', x1: x(index + 1), y1: TOP - 1, x2: x(index + 1), y2: height }));
    });
    records.forEach((record, row) => {
      const y = TOP + row * ROW_H + 9;
      const x1 = x(record.from);
      const x2 = x(record.to);
      const head = x2 > x1 ? -3 : 3;
      parts.push(svg('line', { class: `arrow ${record.state}`, x1, y1: y, x2: x2 + head, y2: y }),
        svg('path', { class: `arrow-head ${record.state}`, d: `M ${x2} ${y} l ${head} -2 v 4 z` }),
        svg('text', { class: 'arrow-label', x: (x1 + x2) / 2, y: y - 2 },
          `#${record.id} ${record.type}${record.state === 'dropped' ? ' ✗ dropped' : ''}`));
    });
    this.element.replaceChildren(...parts);
    const summary = records.map((r) => `S${r.from} to S${r.to} ${r.type} ${r.state}`).join('; ');
    setAttributes(this.element, { 'aria-label': `The ${records.length} most recent messages: ${summary}` });
  }

  async copy() {
    let text;
    try {
      text = await this.controller.mermaid(0, this.nowMs);
    } catch (error) {
      this.controller.announce(`No Mermaid text: ${messageOf(error)}`);
      return;
    }
    this.text.textContent = text;
    this.text.hidden = false;
    try {
      await navigator.clipboard.writeText(text);
      this.controller.announce('Copied the sequence diagram as Mermaid text.');
    } catch {
      this.controller.announce('The clipboard is not available: the Mermaid text is shown below the diagram.');
    }
  }
}
