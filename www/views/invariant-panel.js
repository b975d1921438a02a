// The live invariant panel: green while every invariant holds, red naming the broken one.
// (The cluster and log views highlight the offending servers and entries.)
import { find, setClass, setText } from '../page/dom.js';
/** @import { Frame } from '../sim/types.js' */
import { formatTime } from '../page/format.js';

export class InvariantPanel {
  /** @param {HTMLElement} section */
  constructor(section) {
    this.section = section;
    this.text = find(section, '.invariants-text', HTMLElement);
  }

  /** @param {Pick<Frame, 'view'>} frame */
  update({ view }) {
    const violation = view.violation;
    setClass(this.section, 'ok', !violation);
    setClass(this.section, 'broken', Boolean(violation));
    if (!violation) {
      setText(this.text, 'All invariants hold (checked after every step).');
      return;
    }
    const where = [
      violation.nodes.length ? `servers ${violation.nodes.map((id) => `S${id}`).join(', ')}` : '',
      violation.entries.length ? `entries ${violation.entries.join(', ')}` : '',
    ].filter(Boolean).join('; ');
    setText(this.text, `Broken: ${violation.invariant}. ${violation.explanation}${where ? ` (${where})` : ''}, found at ${formatTime(violation.time_us)}.`);
  }
}
