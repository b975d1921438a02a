// A preset picker: a `<select>` and its Load button (the page's gallery, the comparison's).
// It is usable at once, and filled from the preset list (preset-list.js) the first time the
// reader points at it or moves the focus into it, so that opening the page never fetches the
// list and nothing before the first drawing waits for it. A mouse reaches the picker before it
// clicks, so the list is usually there by then. A finger arrives with the tap, and the native
// picker would open showing only "Loading the presets…": on a touch screen the list is
// fetched once the page is idle after its first drawing.
import { find, html } from '../page/dom.js';
import { messageOf } from '../page/format.js';
import { presetList } from './preset-list.js';
/** @import { Preset } from '../sim/types.js' */

/** A pointer over the picker (mouse, pen or finger), or the focus in it. */
const INTEREST = ['pointerenter', 'focusin'];

/** Runs `task` when the browser is idle (or after a moment where it cannot say).
 * @param {() => void} task
 */
function whenIdle(task) {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(task, { timeout: 3000 });
  else setTimeout(task, 500);
}

export class PresetPicker {
  /**
   * @param {HTMLElement} section holds a `.preset-select` and a `.preset-load` button
   * @param {object} how
   * @param {(list: Preset[]) => Preset[]} [how.offer] the entries to offer, from the whole list
   * @param {(entry: Preset) => void} how.choose loads the entry picked (on Load)
   * @param {(text: string) => void} how.announce the status line (a list that could not load)
   */
  constructor(section, { offer = (list) => list, choose, announce }) {
    this.section = section;
    this.select = find(section, '.preset-select', HTMLSelectElement);
    this.button = find(section, '.preset-load', HTMLButtonElement);
    this.offer = offer;
    this.announce = announce;
    /** @type {Preset[]} */
    this.entries = [];
    /** @type {Promise<void> | null} */
    this.filling = null;
    this.placeholder('Choose a preset…');
    this.select.disabled = false;
    this.button.addEventListener('click', () => {
      const entry = this.entries.find((candidate) => candidate.name === this.select.value);
      if (entry) choose(entry);
    });
    this.wanted = () => this.fill();
    for (const type of INTEREST) section.addEventListener(type, this.wanted);
    if (matchMedia('(pointer: coarse)').matches) whenIdle(this.wanted);
  }

  /** Fetches the list (once) and offers it, with the entry named `chosen` selected (else the
   * first); resolves when the picker is filled, or when its failure was announced.
   * @param {string} [chosen]
   */
  fill(chosen) {
    this.filling ??= this.load(chosen);
    return this.filling;
  }

  /** @param {string} [chosen] */
  async load(chosen) {
    this.placeholder('Loading the presets…');
    try {
      this.entries = this.offer(await presetList());
    } catch (problem) {
      this.placeholder('No presets: they could not be loaded');
      this.announce(`${messageOf(problem)} Point at the preset list or focus it to try again.`);
      this.filling = null;
      return;
    }
    for (const type of INTEREST) this.section.removeEventListener(type, this.wanted);
    this.select.replaceChildren(...this.entries.map((entry) => html('option', { value: entry.name }, entry.title)));
    if (chosen !== undefined) this.select.value = chosen;
    this.button.disabled = false;
  }

  /** The select's only option while there is no list: what is going on.
   * @param {string} text
   */
  placeholder(text) {
    this.select.replaceChildren(html('option', { value: '' }, text));
  }
}
