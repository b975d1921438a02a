// Boots the comparison page: loads the simulator (WASM), starts the same scenario on Raft and on
// Multi-Paxos under one clock, wires the page, and plays (paused instead when the reader prefers
// reduced motion).
import init, { defaultScenario } from './pkg/playground.js';
import { simulatorModule } from './wasm-early.js';
import { CompareController } from './compare.js';
import { wireComparePage } from './compare-page.js';
import { ComparePanel } from './compare-panel.js';
import { CompareNotes } from './compare-notes.js';
import { bindTheme } from './theme.js';

/** The first scenario: the default cluster with a client workload, so logs grow. */
function firstScenario() {
  const scenario = JSON.parse(defaultScenario());
  scenario.clients.count = 2;
  return JSON.stringify(scenario);
}

const root = document.querySelector('[data-compare]');
bindTheme(root);

try {
  await init({ module_or_path: simulatorModule });
  performance.mark('wasm-ready');
  const reducedMotion = matchMedia('(prefers-reduced-motion: reduce)').matches;
  const controller = new CompareController(root, firstScenario(), { reducedMotion });
  wireComparePage(root, controller, { ComparePanel, CompareNotes });
  controller.render(true);
  performance.mark('cluster-drawn');
  controller.expose();
  controller.announce(reducedMotion
    ? 'Ready, paused (you prefer reduced motion). Press Play or Space.'
    : 'Ready. Click a server in either pane: what you do to it happens in both.');
  if (!reducedMotion) controller.play();
} catch (error) {
  root.querySelector('.status').textContent = `The simulator could not start: ${error.message}`;
}
