// Everything around the cluster: playback, timeline, inspector, invariants, logs, event log,
// sequence diagram, settings, presets, keyboard and help. main.js loads this module once the
// cluster is on screen, so the first drawing does not wait for it.
import { Controls } from './controls.js';
import { Timeline } from './timeline.js';
import { Inspector } from './inspector.js';
import { InvariantPanel } from './invariant-panel.js';
import { LogView } from './log-view.js';
import { EventLog } from './event-log.js';
import { SequenceView } from './sequence-view.js';
import { Settings } from './settings.js';
import { PresetGallery } from './presets.js';
import { Help } from './help.js';
import { bindKeyboard } from './keyboard.js';

/** Wires every panel and control of `root` to `controller`; `preset`: the preset the page
 * opened with (a gallery page's), or null. */
export function wirePage(root, controller, { preset = null } = {}) {
  const part = (selector) => root.querySelector(selector);
  controller.addView(new Controls(part('.transport'), controller));
  controller.addView(new Timeline(part('.timeline'), controller));
  controller.addView(new Inspector(part('.inspector'), controller));
  controller.addView(new InvariantPanel(part('.invariants')));
  controller.addView(new LogView(part('.log-grid')));
  controller.addView(new EventLog(part('.events')));
  controller.addView(new SequenceView(part('.sequence'), controller));
  controller.addView(new Settings(part('.settings-form'), controller));
  new PresetGallery(part('.presets'), controller, preset);
  bindKeyboard(root, controller, new Help(root));
}
