// The views and controls of a <raft-playground> element, wired to its controller: the page's own
// modules (playback, timeline, inspector, invariants, keyboard) on the element's shadow DOM, or,
// in comparison mode, the comparison page's. Shortcuts are bound to the element's root, so they
// act only while the focus is inside it.
import { Controls } from '../controls/playback.js';
import { BranchSwitch } from '../controls/branch-switch.js';
import { Timeline } from '../views/timeline.js';
import { Inspector } from '../views/inspector.js';
import { InvariantPanel } from '../views/invariant-panel.js';
import { bindKeyboard } from '../controls/keyboard.js';
import { scenarioFragment } from '../share/url-state.js';
import { find } from '../page/dom.js';
/** @import { ComparisonController, PlaygroundController, Scenario } from '../sim/types.js' */

/** The full playground and comparison, for the "open in full" link: the site that holds www/. */
const FULL_PAGE = new URL('../../', import.meta.url);
const FULL_COMPARISON = new URL('../../compare.html', import.meta.url);

/** The single-cluster element: the page's views on the element's reduced copy of its parts.
 * @param {HTMLElement} root
 * @param {PlaygroundController} controller
 */
export function wirePieces(root, controller) {
  /** @param {string} selector */
  const part = (selector) => find(root, selector, HTMLElement);
  controller.addView(new Controls(part('.transport'), controller));
  controller.addView(new BranchSwitch(part('.transport'), controller));
  controller.addView(new Timeline(part('.timeline'), controller));
  controller.addView(new Inspector(part('.inspector'), controller));
  controller.addView(new InvariantPanel(part('.invariants')));
  // No help dialog in the element: `?` does nothing.
  bindKeyboard(root, controller, { open() {} });
  pointOpenFull(find(root, '.open-full', HTMLAnchorElement), FULL_PAGE, controller);
}

/** Comparison mode: compare.html's views on the element's reduced copy of its parts.
 * @param {HTMLElement} root
 * @param {ComparisonController} controller
 */
export async function wireComparison(root, controller) {
  const [{ wireComparePage }, { ComparePanel }, { CompareNotes }] = await Promise.all([
    import('../compare/compare-page.js'), import('../compare/compare-panel.js'), import('../compare/compare-notes.js'),
  ]);
  wireComparePage(root, controller, { ComparePanel, CompareNotes });
  pointOpenFull(find(root, '.open-full', HTMLAnchorElement), FULL_COMPARISON, controller);
}

/** Keeps the "open in full" link on `page` at the element's scenario and time.
 * @param {HTMLAnchorElement} link
 * @param {URL} page
 * @param {{scenario(): Scenario, nowUs(): number}} controller
 */
function pointOpenFull(link, page, controller) {
  // Kept current before it can be followed (pointer over it, focus), since making the
  // compressed link takes a moment.
  const point = async () => {
    const url = new URL(page);
    url.hash = await scenarioFragment(controller.scenario(), controller.nowUs() / 1000);
    link.href = url.href;
  };
  point();
  for (const event of ['pointerenter', 'focus', 'click']) link.addEventListener(event, point);
}
