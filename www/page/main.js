// Boots the page: loads the simulator (WASM, Raft's first) and draws the cluster first; then
// loads and wires everything around it (wire-page.js) and starts playing (paused instead when the
// reader prefers reduced motion).
import { loadSimulator, shared } from '../sim/simulators.js';
import { messageOf } from './format.js';
import { protocolOf } from '../sim/protocols.js';
import { firstScenario } from '../sim/scenario.js';
import { Controller } from '../sim/controller.js';
import { ClusterView } from '../views/cluster-view.js';
import { bindTheme } from './theme.js';
import { find } from './dom.js';
import { applyViewOptions, bootScenario, embedMode } from '../share/url-state.js';

const root = find(document, '[data-playground]', HTMLElement);
bindTheme(root);

try {
  // Links and the default cluster come from Raft's simulator; a Multi-Paxos scenario then
  // loads its own.
  await loadSimulator('raft');
  performance.mark('wasm-ready');
  const reducedMotion = matchMedia('(prefers-reduced-motion: reduce)').matches;
  // A link in the fragment (paused at its time cursor), else the gallery page's preset (the
  // preset list is fetched for it; the plain page does not fetch it).
  const boot = await bootScenario({ hash: location.hash, presetName: root.dataset.preset, fallback: () => firstScenario(shared.defaultScenario()) });
  await loadSimulator(protocolOf(boot.scenario));
  applyViewOptions(root, boot.options, { embed: embedMode() });
  const controller = new Controller(root, boot.scenario, { reducedMotion });
  if (boot.cursorMs) controller.seek(boot.cursorMs);
  controller.addView(new ClusterView(find(root, '.cluster-box', HTMLElement), controller));
  controller.render(true);
  performance.mark('cluster-drawn');
  const { wirePage } = await import('./wire-page.js');
  const { gallery } = wirePage(root, controller, { preset: boot.preset });
  const { startSharing } = await import('../share/sharing.js');
  const sharing = startSharing(root, controller, boot, { embed: embedMode() });
  // A link names the preset its run is the scenario of; the page shows it.
  gallery.onChange = (name) => sharing.urlState.setOption('preset', name);
  if (gallery.running) sharing.urlState.setOption('preset', gallery.running.preset.name, false);
  if (boot.options.preset && boot.fromLink) {
    const { findPreset } = await import('../controls/preset-list.js');
    const named = await findPreset(boot.options.preset).catch(() => null);
    if (named) gallery.opened(named);
  }
  // A first visit to the plain page waits for the visitor (controls/first-run.js).
  const firstRun = !boot.fromLink && !boot.error && !boot.preset && !embedMode() && !sharing.paused && !boot.options.tour;
  if (firstRun) {
    const { FirstRun } = await import('../controls/first-run.js');
    controller.addView(new FirstRun(find(root, '.cluster-column', HTMLElement), controller,
      controller.scenario().nodes, find(root, '.play', HTMLElement)));
  }
  controller.render(true);
  controller.expose();
  controller.announce(sharing.message ?? (reducedMotion || firstRun
    ? `Ready. Paused${reducedMotion ? ' (you prefer reduced motion)' : ''}: press Play or Space to watch, or take the tour.`
    : 'Ready. Click a server, a link or a message to inspect it.'));
  // The guided tour (www/tour/), loaded when it is asked for: by its button, or by a link.
  /** @type {import('../tour/tour.js').Tour | null} */
  let tour = null;
  const openTour = async (/** @type {string | undefined} */ chapter) => {
    const { Tour } = await import('../tour/tour.js');
    tour ??= new Tour(root, controller, { linked: (id) => sharing.urlState.setOption('tour', id) });
    if (chapter) await tour.start(chapter);
    else tour.open();
  };
  find(root, '.tour-open', HTMLButtonElement).addEventListener('click', () => openTour(undefined));
  if (boot.options.tour) await openTour(boot.options.tour);
  else if (!reducedMotion && !sharing.paused && !firstRun) controller.clock.play();
} catch (error) {
  find(root, '.status', HTMLElement).textContent = `The simulator could not start: ${messageOf(error)}`;
}
