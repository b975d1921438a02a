// Every server's log, aligned by index: one row per server, one column per index of a window
// ending at the longest log. A cell shows the entry's term and command; committed entries are
// filled, uncommitted ones outlined, Paxos holes hatched. Under each follower of the leader,
// ▲ marks the leader's matchIndex for it and ▷ its nextIndex.
import { LOG_TAIL } from '../sim/controller.js';
import { setAttributes, setClass, setText, svg } from '../page/dom.js';
/** @import { Frame } from '../sim/types.js' */

const LABEL_W = 30;
const CELL_W = 26;
const CELL_H = 20;
const ROW_H = 32;
const HEAD_H = 12;
/** Commands longer than this are cut in the cell (the cell's tooltip has them whole). */
const COMMAND_CHARS = 7;

/** @param {string} command */
function shorten(command) {
  return command.length > COMMAND_CHARS ? `${command.slice(0, COMMAND_CHARS - 1)}…` : command;
}

export class LogView {
  /** @param {SVGSVGElement} element */
  constructor(element) {
    this.element = element;
    this.signature = '';
    /** @type {{cells: {cell: SVGGElement, box: SVGRectElement, term: SVGTextElement, command: SVGTextElement, title: SVGTitleElement}[], match: SVGPathElement, next: SVGPathElement}[]} */
    this.rows = [];
    /** @type {SVGTextElement[]} */
    this.heads = [];
  }

  /** @param {number} count */
  layout(count) {
    this.element.replaceChildren();
    setAttributes(this.element, { viewBox: `0 0 ${LABEL_W + LOG_TAIL * CELL_W} ${HEAD_H + count * ROW_H}` });
    this.heads = Array.from({ length: LOG_TAIL }, (_, column) => {
      const text = svg('text', { class: 'index', x: LABEL_W + column * CELL_W + CELL_W / 2, y: HEAD_H - 3 });
      this.element.append(text);
      return text;
    });
    this.rows = Array.from({ length: count }, (_, row) => {
      const y = HEAD_H + row * ROW_H;
      const group = svg('g', { class: 'log-row', transform: `translate(0 ${y})` });
      group.append(svg('text', { class: 'row-label', x: 2, y: CELL_H / 2 + 1 }, `S${row + 1}`));
      const cells = Array.from({ length: LOG_TAIL }, (_, column) => {
        const cell = svg('g', { class: 'cell', transform: `translate(${LABEL_W + column * CELL_W} 0)` });
        const parts = {
          box: svg('rect', { width: CELL_W - 2, height: CELL_H, rx: 2 }),
          term: svg('text', { class: 'cell-term', x: (CELL_W - 2) / 2, y: 8 }),
          command: svg('text', { class: 'cell-command', x: (CELL_W - 2) / 2, y: 16 }),
          title: svg('title'),
        };
        cell.append(...Object.values(parts));
        group.append(cell);
        return { cell, ...parts };
      });
      const match = svg('path', { class: 'match-mark', d: 'M 0 -4 l 4 6 h -8 z' });
      const next = svg('path', { class: 'next-mark', d: 'M -3 -3 l 6 3 l -6 3 z' });
      group.append(match, next);
      this.element.append(group);
      return { cells, match, next };
    });
  }

  /** @param {Pick<Frame, 'view' | 'highlight'>} frame */
  update({ view, highlight }) {
    const nodes = view.nodes;
    const leader = nodes.find((node) => node.role === 'leader' && node.up);
    const pointed = new Set((highlight?.entries ?? []).map(([server, index]) => `${server}:${index}`));
    const signature = JSON.stringify([nodes.map((node) => [node.log, node.log_length]), leader?.peers, view.violations[0], [...pointed]]);
    if (signature === this.signature) return;
    this.signature = signature;
    if (this.rows.length !== nodes.length) this.layout(nodes.length);
    const last = Math.max(0, ...nodes.map((node) => node.log_length));
    const first = Math.max(1, last - LOG_TAIL + 1);
    this.heads.forEach((head, column) => setText(head, first + column <= last ? String(first + column) : ''));
    const bad = new Set(view.violations[0]?.entries ?? []);
    const badNodes = new Set(view.violations[0]?.nodes ?? []);
    /** @type {string[]} */
    const summary = [];
    nodes.forEach((node, row) => {
      const { cells, match, next } = this.rows[row];
      const byIndex = new Map(node.log.map((entry) => [entry.index, entry]));
      cells.forEach((parts, column) => {
        const entry = byIndex.get(first + column);
        setClass(parts.cell, 'empty', !entry);
        setClass(parts.cell, 'committed', Boolean(entry?.committed));
        setClass(parts.cell, 'hole', Boolean(entry?.hole));
        setClass(parts.cell, 'violating', entry !== undefined && badNodes.has(node.id) && bad.has(entry.index));
        setClass(parts.cell, 'highlighted', pointed.has(`${node.id}:${first + column}`));
        setText(parts.term, entry ? (entry.hole ? '' : entry.term_label) : '');
        setText(parts.command, entry && !entry.hole ? shorten(entry.command) : '');
        setText(parts.title, entry
          ? `S${node.id} index ${entry.index}: ${entry.hole ? 'hole' : `term ${entry.term_label}, ${entry.command}`}, ${entry.committed ? 'committed' : 'not committed'}`
          : '');
      });
      const peer = leader?.peers.find((candidate) => candidate.id === node.id);
      this.placeMark(match, peer?.match_index, first, last + 1);
      this.placeMark(next, peer?.next_index, first, last + 1);
      summary.push(`${node.name} ${node.log_length} entries, commit ${node.commit_index}`);
    });
    setAttributes(this.element, { 'aria-label': `Logs, indexes ${first} to ${last}: ${summary.join('; ')}` });
  }

  /** Puts a ▲/▷ mark under column `index`, or hides it outside the window.
   * @param {SVGPathElement} mark
   * @param {number | undefined} index
   * @param {number} first
   * @param {number} limit
   */
  placeMark(mark, index, first, limit) {
    const shown = index !== undefined && index >= first && index <= Math.min(limit, first + LOG_TAIL - 1);
    setClass(mark, 'hidden', !shown);
    if (shown) {
      const x = LABEL_W + (index - first) * CELL_W + (mark.classList.contains('match-mark') ? 8 : 18);
      setAttributes(mark, { transform: `translate(${x} ${CELL_H + 6})` });
    }
  }
}
