// The preset gallery: scenarios that each show one behaviour (Figure 8, a rejoining server,
// partial connectivity…), with a caption saying what to watch. Loading one starts it at time 0.
// The page shows which preset runs, and a link carries its name (`preset=`), for as long as the
// run is that preset's scenario (actions done on it included); a new scenario (other settings,
// another seed) ends it.
import { find, setText } from '../page/dom.js';
import { PresetPicker } from './preset-picker.js';
/** @import { Frame, PlaygroundController, Preset, Scenario } from '../sim/types.js' */

/** A scenario without what a run adds to it (its actions, its time cursor), as text.
 * @param {Scenario} scenario
 */
function baseOf(scenario) {
  return JSON.stringify({ ...scenario, actions: [], run_until_ms: 0 });
}

export class PresetGallery {
  /**
   * @param {HTMLElement} section holds the picker and its `.preset-caption`
   * @param {PlaygroundController} controller
   * @param {Preset | null} [opened] the preset the page opened with (a gallery page's), or null
   */
  constructor(section, controller, opened = null) {
    this.caption = find(section, '.preset-caption', HTMLElement);
    // A long caption is cut to two lines, so it does not push the cluster and the logs off the
    // screen; this button shows the whole of it.
    this.more = find(section, '.caption-more', HTMLButtonElement);
    this.more.addEventListener('click', () => {
      const open = this.caption.classList.toggle('open');
      this.more.setAttribute('aria-expanded', String(open));
      setText(this.more, open ? 'Show less' : 'Read the whole caption');
    });
    /** The preset running, and its scenario's base. @type {{preset: Preset, base: string} | null} */
    this.running = null;
    /** Told the name of the preset running (null: none). @type {(name: string | null) => void} */
    this.onChange = () => {};
    /** @type {Scenario | null} */
    this.seen = null;
    this.picker = new PresetPicker(section, {
      choose: async (preset) => {
        if (await controller.reset(preset.scenario, `Loaded “${preset.title}”. Press Play to watch it.`)) this.show(preset);
      },
      announce: (text) => controller.announce(text),
    });
    if (opened) this.opened(opened);
    controller.addView(this);
  }

  /** The page opened with `preset` (a gallery page's, or a link naming it): shows it as
   * running, and the picker with it selected.
   * @param {Preset} preset
   */
  opened(preset) {
    this.show(preset);
    this.picker.fill(preset.name);
  }

  /** @param {Preset} preset */
  show(preset) {
    this.running = { preset, base: baseOf(JSON.parse(preset.scenario)) };
    this.seen = null;
    setText(this.caption, `Preset “${preset.title}”: ${preset.caption}`);
    this.more.hidden = false;
    this.onChange(preset.name);
  }

  /** @param {Pick<Frame, 'scenario'>} frame */
  update({ scenario }) {
    if (!this.running || scenario === this.seen) return;
    this.seen = scenario;
    if (baseOf(scenario) === this.running.base) return;
    this.running = null;
    setText(this.caption, '');
    this.more.hidden = true;
    this.onChange(null);
  }
}
