// The cluster in SVG: servers on a circle, the links between them, messages in flight and the
// ones just dropped. Reads the frame, never changes the simulation: a click only selects.
// Two stacked drawings with the same viewBox: what moves every frame (messages, election
// timers) lives in its own, so the servers and links are not repainted each frame.
import { find, setAttributes, setClass, setText, svg } from '../page/dom.js';
import { parseNetworkEvent } from './network-events.js';
/** @import { ClusterActions, ClusterFrame, MessageSnapshot, Selection, Snapshot } from '../sim/types.js' */
/** @typedef {{x: number, y: number}} Point */

const RADIUS = 78;
const NODE_R = 14;
const TIMER_R = 18;
/** Messages travel slightly off the line so the two directions do not overlap. */
const LANE_OFFSET = 3.5;
/** How long (simulated µs) a dropped message stays visible while fading out. */
const FADE_US = 40_000;
/** Above this many messages in flight, none is labelled (hover, focus or selection shows one). */
const LABELS_MAX = 6;
/** Message labels: their font size and where they sit above the arrowhead (drawing units). */
const LABEL_FONT = 4.5;
const LABEL_DY = -6;
/** What a label must keep clear of around a server: its timer arc, and its role caption. */
const SERVER_CLEAR_R = TIMER_R + 1.5;
const CAPTION_DY = NODE_R + 13;
const CAPTION_FONT = 6.5;

/** The box of `text` in a font of `size`, centred at (x, y) (an estimate: 0.6 em a character).
 * @param {number} x
 * @param {number} y
 * @param {string} text
 * @param {number} size
 */
function textBox(x, y, text, size) {
  const halfW = (text.length * size * 0.6) / 2 + 0.5;
  const halfH = size * 0.6;
  return { left: x - halfW, right: x + halfW, top: y - halfH, bottom: y + halfH };
}

/** Whether a box and a circle overlap.
 * @param {{left: number, right: number, top: number, bottom: number}} box
 * @param {Point} centre
 * @param {number} r
 */
function boxMeetsCircle(box, centre, r) {
  const dx = centre.x - Math.min(Math.max(centre.x, box.left), box.right);
  const dy = centre.y - Math.min(Math.max(centre.y, box.top), box.bottom);
  return dx * dx + dy * dy < r * r;
}

/** @param {{left: number, right: number, top: number, bottom: number}} a @param {{left: number, right: number, top: number, bottom: number}} b */
function boxesMeet(a, b) {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

/** Where server `index` of `count` sits: on a circle, the first at the top, clockwise.
 * @param {number} index
 * @param {number} count
 * @returns {Point}
 */
export function nodePosition(index, count) {
  if (count === 1) return { x: 0, y: 0 };
  const angle = -Math.PI / 2 + (2 * Math.PI * index) / count;
  return { x: RADIUS * Math.cos(angle), y: RADIUS * Math.sin(angle) };
}

/** The point a fraction `f` of the way from server `a` to server `b`, in `a`'s lane.
 * @param {Point} a
 * @param {Point} b
 * @param {number} f
 * @returns {Point}
 */
function along(a, b, f) {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const length = Math.hypot(dx, dy) || 1;
  const travel = NODE_R + f * Math.max(length - 2 * NODE_R, 0);
  return {
    x: a.x + (dx * travel) / length - (dy / length) * LANE_OFFSET,
    y: a.y + (dy * travel) / length + (dx / length) * LANE_OFFSET,
  };
}

/** The SVG path of an arc of `fraction` of a circle of radius `r`, clockwise from the top.
 * @param {number} fraction
 * @param {number} r
 */
function arcPath(fraction, r) {
  const f = Math.min(Math.max(fraction, 0), 0.9999);
  const angle = 2 * Math.PI * f - Math.PI / 2;
  const x = (r * Math.cos(angle)).toFixed(2);
  const y = (r * Math.sin(angle)).toFixed(2);
  return `M 0 ${-r} A ${r} ${r} 0 ${f > 0.5 ? 1 : 0} 1 ${x} ${y}`;
}

/** Messages that do not move (held, or reduced motion) line up along their lane, the oldest
 * nearest the receiver, so that each can be seen and clicked: `rank` is its place in line.
 * @param {number} rank
 */
function restingFraction(rank) {
  return Math.max(0.75 - 0.14 * rank, 0.15);
}

/** How far along its lane `message` is drawn at `nowUs`.
 * @param {MessageSnapshot} message
 * @param {number} nowUs
 * @param {boolean} reducedMotion
 * @param {number} [rank] its place in line, if it does not move
 */
function flightFraction(message, nowUs, reducedMotion, rank = 0) {
  if (reducedMotion || message.deliver_at_us === null) return restingFraction(rank);
  const span = message.deliver_at_us - message.sent_at_us;
  if (span <= 0) return 1;
  return Math.min(Math.max((nowUs - message.sent_at_us) / span, 0), 1);
}

export class ClusterView {
  /**
   * @param {HTMLElement} box holds svg.cluster and svg.cluster-motion
   * @param {Pick<ClusterActions, 'select'>} controller
   */
  constructor(box, controller) {
    this.element = find(box, '.cluster', SVGSVGElement);
    this.motion = find(box, '.cluster-motion', SVGSVGElement);
    this.controller = controller;
    /** @param {SVGSVGElement} drawing @param {string} name */
    const layer = (drawing, name) => drawing.appendChild(svg('g', { class: name }));
    this.layers = {
      links: layer(this.element, 'links'),
      nodes: layer(this.element, 'nodes'),
      timers: layer(this.motion, 'timers'),
      ghosts: layer(this.motion, 'ghosts'),
      messages: layer(this.motion, 'messages'),
    };
    this.count = 0;
    /** @type {Point[]} */
    this.positions = [];
    /** @type {Map<number, {group: SVGGElement, parts: Record<string, SVGElement>, timer: SVGPathElement, role: string}>} */
    this.nodes = new Map();
    /** @type {Map<string, {group: SVGGElement, cuts: SVGPathElement[]}>} */
    this.links = new Map();
    /** @type {Map<number, SVGGElement>} */
    this.messages = new Map();
    /** @type {Map<number, MessageSnapshot>} */
    this.lastMessages = new Map();
    /** @type {{shape: SVGGElement, atUs: number}[]} */
    this.ghosts = [];
    this.drawnLinks = '';
    box.addEventListener('click', (event) => this.pick(event));
    box.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') this.pick(event);
    });
  }

  /** @param {Event} event */
  pick(event) {
    const target = event.target instanceof Element ? event.target.closest('[data-select]') : null;
    if (!(target instanceof SVGElement) || !target.dataset.select) return;
    event.preventDefault();
    event.stopPropagation();
    this.controller.select(JSON.parse(target.dataset.select));
  }

  /** @param {ClusterFrame} frame */
  update(frame) {
    const { view } = frame;
    if (view.nodes.length !== this.count) this.layout(view.nodes.length);
    this.drawLinks(view, frame.selection);
    this.collectDrops(frame);
    this.drawMessages(view, frame);
    this.drawGhosts(frame.nowUs);
    this.drawNodes(view, frame.selection, frame.highlight?.servers ?? []);
  }

  /** @param {number} count */
  layout(count) {
    this.count = count;
    this.positions = Array.from({ length: count }, (_, index) => nodePosition(index, count));
    for (const layer of Object.values(this.layers)) layer.replaceChildren();
    this.nodes.clear();
    this.links.clear();
    this.drawnLinks = '';
    this.messages.clear();
    this.ghosts = [];
    for (let a = 1; a <= count; a += 1) {
      for (let b = a + 1; b <= count; b += 1) this.links.set(`${a}-${b}`, this.makeLink(a, b));
    }
    for (let id = 1; id <= count; id += 1) this.nodes.set(id, this.makeNode(id));
    setAttributes(this.element, { 'aria-label': `A cluster of ${count} server${count === 1 ? '' : 's'}` });
  }

  /** @param {number} id */
  position(id) {
    return this.positions[id - 1];
  }

  /** @param {number} a @param {number} b */
  makeLink(a, b) {
    const p = this.position(a);
    const q = this.position(b);
    const ends = { x1: p.x, y1: p.y, x2: q.x, y2: q.y };
    const group = svg('g', {
      class: 'link', role: 'button', tabindex: 0,
      'data-select': JSON.stringify({ kind: 'link', a, b }),
    });
    // Each direction's cut: an arrow blocked by a bar (→|), in that direction's lane, so a
    // one-way cut shows which way messages are lost.
    const cuts = [[a, b], [b, a]].map(([from, to]) => {
      const start = this.position(from);
      const end = this.position(to);
      const at = along(start, end, 0.35);
      const degrees = (Math.atan2(end.y - start.y, end.x - start.x) * 180) / Math.PI;
      return svg('path', {
        class: 'cut-mark', d: 'M -5 0 L 2 0 M -1 -3 L 2 0 L -1 3 M 4 -4 L 4 4',
        transform: `translate(${at.x.toFixed(2)} ${at.y.toFixed(2)}) rotate(${degrees.toFixed(1)})`,
      });
    });
    group.append(svg('line', { class: 'link-hit', ...ends }), svg('line', { class: 'link-line', ...ends }), ...cuts);
    this.layers.links.append(group);
    return { group, cuts };
  }

  /** @param {Snapshot} view @param {Selection | null} selection */
  drawLinks(view, selection) {
    const key = JSON.stringify([view.cut_links, selection]);
    if (key === this.drawnLinks) return;
    this.drawnLinks = key;
    const cut = new Set(view.cut_links.map(([from, to]) => `${from}>${to}`));
    for (const [ends, link] of this.links) {
      const [a, b] = ends.split('-').map(Number);
      const ab = cut.has(`${a}>${b}`);
      const ba = cut.has(`${b}>${a}`);
      setClass(link.group, 'cut', ab || ba);
      setClass(link.cuts[0], 'shown', ab);
      setClass(link.cuts[1], 'shown', ba);
      setClass(link.group, 'selected', selection?.kind === 'link' && selection.a === a && selection.b === b);
      const state = ab && ba ? 'cut both ways' : ab ? `cut from S${a} to S${b}` : ba ? `cut from S${b} to S${a}` : 'connected';
      setAttributes(link.group, { 'aria-label': `Link S${a}–S${b}: ${state}` });
    }
  }

  /** @param {number} id */
  makeNode(id) {
    const { x, y } = this.position(id);
    const group = svg('g', {
      class: 'node', role: 'button', tabindex: 0, transform: `translate(${x.toFixed(2)} ${y.toFixed(2)})`,
      'data-node': id, 'data-select': JSON.stringify({ kind: 'node', id }),
    });
    const timer = svg('path', { class: 'timer', transform: `translate(${x.toFixed(2)} ${y.toFixed(2)})` });
    this.layers.timers.append(timer);
    const parts = {
      halo: svg('circle', { class: 'halo', r: NODE_R + 7 }),
      ring: svg('circle', { class: 'ring', r: NODE_R + 3.5 }),
      body: svg('circle', { class: 'body', r: NODE_R }),
      cross: svg('path', { class: 'cross', d: 'M -9 -9 L 9 9 M -9 9 L 9 -9' }),
      name: svg('text', { class: 'name', y: -3 }, `S${id}`),
      term: svg('text', { class: 'term', y: 7 }),
      label: svg('text', { class: 'role-label', y: NODE_R + 13 }),
    };
    group.append(...Object.values(parts));
    this.layers.nodes.append(group);
    return { group, parts, timer, role: '' };
  }

  /** @param {Snapshot} view @param {Selection | null} selection @param {number[]} highlighted */
  drawNodes(view, selection, highlighted) {
    const violating = new Set(view.violations[0]?.nodes ?? []);
    for (const node of view.nodes) {
      const shape = this.nodes.get(node.id);
      if (!shape) continue; // layout() made one per server
      const { group, parts, timer } = shape;
      if (shape.role !== node.role) {
        if (shape.role) group.classList.remove(`role-${shape.role}`);
        group.classList.add(`role-${node.role}`);
        shape.role = node.role;
      }
      setClass(group, 'paused', node.paused);
      setClass(group, 'violating', violating.has(node.id));
      setClass(group, 'selected', selection?.kind === 'node' && selection.id === node.id);
      setClass(group, 'highlighted', highlighted.includes(node.id));
      setText(parts.term, node.term_label);
      setClass(parts.term, 'long', node.term_label.length > 8);
      setText(parts.label, node.paused ? `${node.role}, paused` : node.role);
      const timed = node.up && node.timer_timeout_ticks > 0;
      setAttributes(timer, {
        d: timed ? arcPath(node.timer_elapsed_ticks / node.timer_timeout_ticks, TIMER_R) : 'M 0 0',
      });
      setAttributes(group, {
        'aria-label': `${node.name}: ${node.role}${node.paused ? ', paused' : ''}, ${node.term_label}${violating.has(node.id) ? ', breaks an invariant' : ''}`,
      });
    }
  }

  /** @param {Snapshot} view @param {ClusterFrame} frame */
  drawMessages(view, frame) {
    const seen = new Set();
    const waiting = new Map();
    for (const message of view.messages) {
      const lane = `${message.from}>${message.to}`;
      const rank = waiting.get(lane) ?? 0;
      if (frame.reducedMotion || message.deliver_at_us === null) waiting.set(lane, rank + 1);
      seen.add(message.id);
      let shape = this.messages.get(message.id);
      if (!shape) {
        shape = this.makeMessage(message);
        this.messages.set(message.id, shape);
      }
      const f = flightFraction(message, frame.nowUs, frame.reducedMotion, rank);
      const at = along(this.position(message.from), this.position(message.to), f);
      setAttributes(shape, { transform: `translate(${at.x.toFixed(1)} ${at.y.toFixed(1)})` });
      setClass(shape, 'labelled', view.messages.length <= LABELS_MAX && this.labelFits(at, message.type));
      setClass(shape, 'held', message.deliver_at_us === null);
      setClass(shape, 'selected', frame.selection?.kind === 'message' && frame.selection.id === message.id);
    }
    for (const [id, shape] of this.messages) {
      if (!seen.has(id)) {
        shape.remove();
        this.messages.delete(id);
      }
    }
    this.lastMessages = new Map(view.messages.map((message) => [message.id, message]));
  }

  /** Whether a label for `text` above the point `at` keeps clear of every server's circle,
   * timer and role caption: a label never hides a server.
   * @param {Point} at
   * @param {string} text
   */
  labelFits(at, text) {
    const box = textBox(at.x, at.y + LABEL_DY, text, LABEL_FONT);
    return [...this.nodes.values()].every(({ role }, index) => {
      const centre = this.positions[index];
      const caption = textBox(centre.x, centre.y + CAPTION_DY, `${role}, paused`, CAPTION_FONT);
      return !boxMeetsCircle(box, centre, SERVER_CLEAR_R) && !boxesMeet(box, caption);
    });
  }

  /** @param {MessageSnapshot} message */
  makeMessage(message) {
    const group = svg('g', {
      class: `message type-${message.type}`, role: 'button', tabindex: 0,
      'data-select': JSON.stringify({ kind: 'message', id: message.id }),
      'aria-label': `Message #${message.id} ${message.type} from S${message.from} to S${message.to}`,
    });
    // An arrowhead pointing the way the message travels, and its type.
    const from = this.position(message.from);
    const to = this.position(message.to);
    const degrees = (Math.atan2(to.y - from.y, to.x - from.x) * 180) / Math.PI;
    group.append(svg('path', { class: 'head', d: 'M 5 0 L -3.5 -4 L -2 0 L -3.5 4 Z', transform: `rotate(${degrees.toFixed(1)})` }),
      svg('text', { y: LABEL_DY }, message.type));
    this.layers.messages.append(group);
    return group;
  }

  /** Dropped messages come from the events; each fades out where it was lost. */
  /** @param {ClusterFrame} frame */
  collectDrops(frame) {
    if (frame.jumped) {
      this.ghosts = [];
      this.layers.ghosts.replaceChildren();
    }
    for (const event of frame.events) {
      if (frame.nowUs - event.time_us > FADE_US) continue;
      const parsed = parseNetworkEvent(event);
      if (parsed?.what !== 'dropped') continue;
      const { id, type, from, to } = parsed;
      const known = this.lastMessages.get(id);
      const f = known && known.deliver_at_us !== null
        ? flightFraction(known, event.time_us, frame.reducedMotion)
        : 0.2;
      const at = along(this.position(from), this.position(to), f);
      const label = `${type} dropped`;
      const shape = svg('g', { class: 'ghost', transform: `translate(${at.x.toFixed(1)} ${at.y.toFixed(1)})` });
      shape.append(svg('circle', { r: 3.5 }), svg('path', { d: 'M -3 -3 L 3 3 M -3 3 L 3 -3' }));
      if (this.labelFits(at, label)) shape.append(svg('text', { y: LABEL_DY }, label));
      this.layers.ghosts.append(shape);
      this.ghosts.push({ shape, atUs: event.time_us });
    }
  }

  /** @param {number} nowUs */
  drawGhosts(nowUs) {
    this.ghosts = this.ghosts.filter(({ shape, atUs }) => {
      const age = nowUs - atUs;
      if (age < 0 || age > FADE_US) {
        shape.remove();
        return false;
      }
      setAttributes(shape, { opacity: (1 - age / FADE_US).toFixed(2) });
      return true;
    });
  }
}
