// A preset picker: a `<select>` and its Load button (the page's gallery, the comparison's).
// On the page, the build writes the presets' titles into the select (scripts/gallery.mjs), so
// the whole list is there on first paint; the scenarios themselves (the preset list,
// preset-list.js) are fetched the first time the reader points at the picker, moves the focus
// into it or presses Load, so that opening the page never fetches them. A picker without
// written titles (the comparison's) shows "Loading the presets…" until then, and on a touch
// screen, where a finger arrives with the tap, fetches the list once the page is idle.
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
    // The build writes the list's names and titles into the page (scripts/gallery.mjs), so
    // the list is there on first paint; the scenarios themselves are fetched on demand.
    const written = [...this.select.options].some((option) => option.value !== '');
    /** The titles came with the page: they stay while the scenarios load (or fail to). */
    this.written = written;
    if (!written) this.placeholder('Choose a preset…');
    this.select.disabled = false;
    this.button.disabled = !written;
    this.button.addEventListener('click', async () => {
      const name = this.select.value;
      await this.fill(name);
      const entry = this.entries.find((candidate) => candidate.name === name);
      if (entry) choose(entry);
      else if (this.entries.length > 0) announce('Choose a preset in the list first.');
    });
    this.wanted = () => this.fill();
    for (const type of INTEREST) section.addEventListener(type, this.wanted);
    if (!written && matchMedia('(pointer: coarse)').matches) whenIdle(this.wanted);
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
    if (!this.written) this.placeholder('Loading the presets…');
    try {
      this.entries = this.offer(await presetList());
    } catch (problem) {
      // The titles written into the page stay; the Load button tries again.
      if (!this.written) this.placeholder('No presets: they could not be loaded');
      this.announce(`${messageOf(problem)} ${this.written ? 'Press Load preset' : 'Point at the preset list or focus it'} to try again.`);
      this.filling = null;
      return;
    }
    for (const type of INTEREST) this.section.removeEventListener(type, this.wanted);
    this.select.replaceChildren(...this.entries.map((entry) => html('option', { value: entry.name }, entry.title)));
    if (this.entries.some((entry) => entry.name === chosen)) this.select.value = String(chosen);
    this.button.disabled = false;
  }

  /** The select's only option while there is no list: what is going on.
   * @param {string} text
   */
  placeholder(text) {
    this.select.replaceChildren(html('option', { value: '' }, text));
  }
}
