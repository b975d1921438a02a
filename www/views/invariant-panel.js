// The live invariant panel: green while every invariant holds, red naming the broken one. The
// run goes on after a violation, and so do the checks: what the broken rule leads to (a
// committed entry overwritten, state machines that disagree) is listed below the first, each
// once, with when it was found. (The cluster and log views highlight the offending servers and
// entries of the first.)
import { find, html, setClass, setText } from '../page/dom.js';
/** @import { Frame, Violation } from '../sim/types.js' */
import { formatTime } from '../page/format.js';

/** How many distinct violations the simulator keeps (sim's VIOLATIONS_MAX). */
const KEPT_MAX = 16;

/** @param {Violation} violation */
function where(violation) {
  return [
    violation.nodes.length ? `servers ${violation.nodes.map((id) => `S${id}`).join(', ')}` : '',
    violation.entries.length ? `entries ${violation.entries.join(', ')}` : '',
  ].filter(Boolean).join('; ');
}

export class InvariantPanel {
  /** @param {HTMLElement} section */
  constructor(section) {
    this.section = section;
    this.text = find(section, '.invariants-text', HTMLElement);
    /** The later violations, one item each. */
    this.later = html('ol', { class: 'invariants-later', 'aria-label': 'What broke next, as the run went on' });
    this.later.hidden = true;
    this.section.append(this.later);
    /** The violations shown, as a key (the list is rebuilt only when it changes). */
    this.shown = '';
  }

  /** @param {Pick<Frame, 'view'>} frame */
  update({ view }) {
    const [first, ...later] = view.violations;
    setClass(this.section, 'ok', !first);
    setClass(this.section, 'broken', Boolean(first));
    if (!first) {
      setText(this.text, 'All invariants hold (checked after every step).');
    } else {
      const at = where(first);
      const goesOn = later.length ? ' The run went on, and the checks with it; since then:' : ' The run goes on, and the checks with it.';
      setText(this.text, `Broken: ${first.invariant}. ${first.explanation}${at ? ` (${at})` : ''}, found at ${formatTime(first.time_us)}.${goesOn}`);
    }
    const key = JSON.stringify(later.map((v) => [v.step, v.invariant, v.nodes, v.entries]));
    if (key === this.shown) return;
    this.shown = key;
    this.later.hidden = later.length === 0;
    const items = later.map((v) => html('li', {}, `${formatTime(v.time_us)}: ${v.invariant}. ${v.explanation}.`));
    if (view.violations.length >= KEPT_MAX) items.push(html('li', { class: 'invariants-more' }, `(The first ${KEPT_MAX} are kept; the checks go on.)`));
    this.later.replaceChildren(...items);
  }
}
