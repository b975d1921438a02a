// Boots the page: loads the simulator (WASM), draws the cluster, then wires every other view
// and control to the same controller and starts playing (paused instead when the reader
// prefers reduced motion).
import init, { defaultScenario } from './pkg/playground.js';
import { simulatorModule } from './wasm-early.js';
import { Controller } from './playground.js';
import { ClusterView } from './cluster-view.js';
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
import { bindTheme } from './theme.js';

/** The first scenario: the default cluster with a client workload, so logs grow. */
function firstScenario() {
  const scenario = JSON.parse(defaultScenario());
  scenario.clients.count = 2;
  return JSON.stringify(scenario);
}

const root = document.querySelector('[data-playground]');
bindTheme(root);

try {
  await init({ module_or_path: simulatorModule });
  performance.mark('wasm-ready');
  const reducedMotion = matchMedia('(prefers-reduced-motion: reduce)').matches;
  const controller = new Controller(root, firstScenario(), { reducedMotion });
  const part = (selector) => root.querySelector(selector);
  // The cluster first, painted on its own; the rest of the page right after.
  controller.addView(new ClusterView(part('.cluster-box'), controller));
  controller.render(true);
  performance.mark('cluster-drawn');
  await new Promise((resolve) => { requestAnimationFrame(() => setTimeout(resolve)); });
  controller.addView(new Controls(part('.transport'), controller));
  controller.addView(new Timeline(part('.timeline'), controller));
  controller.addView(new Inspector(part('.inspector'), controller));
  controller.addView(new InvariantPanel(part('.invariants')));
  controller.addView(new LogView(part('.log-grid')));
  controller.addView(new EventLog(part('.events')));
  controller.addView(new SequenceView(part('.sequence'), controller));
  controller.addView(new Settings(part('.settings-form'), controller));
  new PresetGallery(part('.presets'), controller);
  bindKeyboard(root, controller, new Help(root));
  controller.render(true);
  controller.expose();
  controller.announce(reducedMotion
    ? 'Ready, paused (you prefer reduced motion). Press Play or Space.'
    : 'Ready. Click a server, a link or a message to inspect it.');
  if (!reducedMotion) controller.play();
} catch (error) {
  root.querySelector('.status').textContent = `The simulator could not start: ${error.message}`;
}
