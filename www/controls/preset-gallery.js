// The preset gallery: scenarios that each show one behaviour (Figure 8, a rejoining server,
// partial connectivity…), with a caption saying what to watch. Loading one starts it at time 0.
import { find, setText } from '../page/dom.js';
import { PresetPicker } from './preset-picker.js';
/** @import { PlaygroundController, Preset } from '../sim/types.js' */

export class PresetGallery {
  /**
   * @param {HTMLElement} section holds the picker and its `.preset-caption`
   * @param {PlaygroundController} controller
   * @param {Preset | null} [opened] the preset the page opened with (a gallery page's), or null
   */
  constructor(section, controller, opened = null) {
    const caption = find(section, '.preset-caption', HTMLElement);
    const picker = new PresetPicker(section, {
      choose: async (preset) => {
        if (await controller.reset(preset.scenario, `Loaded “${preset.title}”. Press Play to watch it.`)) {
          setText(caption, preset.caption);
        }
      },
      announce: (text) => controller.announce(text),
    });
    if (opened) {
      setText(caption, opened.caption);
      // The list was fetched to open it: the picker shows it at once.
      picker.fill(opened.name);
    }
  }
}
