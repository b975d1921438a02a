// Boots the comparison page: loads both simulators (one WASM per protocol), starts the same
// scenario on Raft and on Multi-Paxos under one clock, wires the page, and plays (paused instead
// when the reader prefers reduced motion).
import { loadSimulator, shared } from '../sim/simulators.js';
import { messageOf } from '../page/format.js';
import { firstScenario } from '../sim/scenario.js';
import { CompareController } from './compare-controller.js';
import { wireComparePage } from './compare-page.js';
import { ComparePanel } from './compare-panel.js';
import { CompareNotes } from './compare-notes.js';
import { LinkWriter, readLink } from './compare-link.js';
import { bindTheme } from '../page/theme.js';
import { find } from '../page/dom.js';

const root = find(document, '[data-compare]', HTMLElement);
bindTheme(root);

try {
  await Promise.all([loadSimulator('raft'), loadSimulator('paxos')]);
  performance.mark('wasm-ready');
  const reducedMotion = matchMedia('(prefers-reduced-motion: reduce)').matches;
  if (new URLSearchParams(location.search).has('embed')) root.classList.add('embed');
  const link = await readLink(location.hash);
  const opened = link && 'scenarioText' in link ? { scenario: link.scenarioText, title: 'The scenario of the link' } : { scenario: firstScenario(shared.defaultScenario()) };
  const controller = new CompareController(root, opened.scenario, { reducedMotion, title: opened.title });
  wireComparePage(root, controller, { ComparePanel, CompareNotes });
  controller.render(true);
  performance.mark('cluster-drawn');
  controller.addView(new LinkWriter(controller));
  controller.expose();
  if (link && 'error' in link) {
    controller.announce(`That link could not be read (${link.error}); showing the default scenario instead.`);
  } else if (link) {
    // A shared moment: show it, paused.
    controller.seek(link.cursorMs);
    controller.announce(`Opened the link at ${link.cursorMs} ms, paused. Press Play or Space to go on.`);
  } else {
    controller.announce(reducedMotion
      ? 'Ready, paused (you prefer reduced motion). Press Play or Space.'
      : 'Ready. Click a server in either pane: what you do to it happens in both.');
    if (!reducedMotion) controller.clock.play();
  }
} catch (error) {
  find(root, '.status', HTMLElement).textContent = `The simulator could not start: ${messageOf(error)}`;
}
