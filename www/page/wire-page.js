// Everything around the cluster: playback, timeline, inspector, invariants, logs, event log,
// sequence diagram, settings, presets, keyboard and help. main.js loads this module once the
// cluster is on screen, so the first drawing does not wait for it.
import { Controls } from '../controls/playback.js';
import { BranchSwitch } from '../controls/branch-switch.js';
import { Timeline } from '../views/timeline.js';
import { Inspector } from '../views/inspector.js';
import { InvariantPanel } from '../views/invariant-panel.js';
import { LogView } from '../views/log-view.js';
import { EventLog } from '../views/event-log.js';
import { Narration } from '../views/narration.js';
import { SequenceView } from '../views/sequence-view.js';
import { Settings } from '../controls/settings.js';
import { PresetGallery } from '../controls/preset-gallery.js';
import { Help } from '../controls/help.js';
import { bindKeyboard } from '../controls/keyboard.js';
import { find } from './dom.js';
/** @import { PlaygroundController, Preset } from '../sim/types.js' */

/** Wires every panel and control of `root` to `controller`; `preset`: the preset the page
 * opened with (a gallery page's), or null.
 * @param {HTMLElement} root
 * @param {PlaygroundController} controller
 * @param {{preset?: Preset | null}} [opened]
 * @returns {{gallery: PresetGallery}}
 */
export function wirePage(root, controller, { preset = null } = {}) {
  /** @param {string} selector */
  const part = (selector) => find(root, selector, HTMLElement);
  controller.addView(new Controls(part('.transport'), controller));
  controller.addView(new BranchSwitch(part('.transport'), controller));
  controller.addView(new Timeline(part('.timeline'), controller));
  controller.addView(new Inspector(part('.inspector'), controller));
  controller.addView(new Narration(part('.narration')));
  controller.addView(new InvariantPanel(part('.invariants')));
  controller.addView(new LogView(find(root, '.log-grid', SVGSVGElement)));
  controller.addView(new EventLog(part('.events')));
  controller.addView(new SequenceView(part('.sequence'), controller));
  controller.addView(new Settings(find(root, '.settings-form', HTMLFormElement), controller));
  const gallery = new PresetGallery(part('.presets'), controller, preset);
  bindKeyboard(root, controller, new Help(root));
  return { gallery };
}
