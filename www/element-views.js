// The views and controls of a <raft-playground> element, wired to its controller: the page's own
// modules (playback, timeline, inspector, invariants, keyboard) on the element's shadow DOM.
// Shortcuts are bound to the element's root, so they act only while the focus is inside it.
import { Controls } from './controls.js';
import { Timeline } from './timeline.js';
import { Inspector } from './inspector.js';
import { InvariantPanel } from './invariant-panel.js';
import { bindKeyboard } from './keyboard.js';
import { scenarioFragment } from './url-state.js';

/** The full playground, for the "open in full" link: the site root next to www/. */
const FULL_PAGE = new URL('../', import.meta.url);

export function wirePieces(root, controller) {
  const part = (selector) => root.querySelector(selector);
  controller.addView(new Controls(part('.transport'), controller));
  controller.addView(new Timeline(part('.timeline'), controller));
  controller.addView(new Inspector(part('.inspector'), controller));
  controller.addView(new InvariantPanel(part('.invariants')));
  // No help dialog in the element: `?` does nothing.
  bindKeyboard(root, controller, { open() {} });
  const openFull = part('.open-full');
  // Kept current before it can be followed (pointer over it, focus), since making the
  // compressed link takes a moment.
  const point = async () => {
    const url = new URL(FULL_PAGE);
    url.hash = await scenarioFragment(controller.scenario(), controller.pg.nowMs());
    openFull.href = url.href;
  };
  point();
  for (const event of ['pointerenter', 'focus', 'click']) openFull.addEventListener(event, point);
}
