// Wires sharing into the page once its panels are there: the URL kept in step with the run
// (url-state.js), the Share dialog, embed mode, the view options from the link, and the
// message for a link that could not be opened.
import { showLinkError, UrlState } from './url-state.js';
import { ShareDialog } from './share-dialog.js';
import { setUpEmbed } from '../embed/embed-mode.js';
import { formatTime } from '../page/format.js';

/**
 * @param {HTMLElement} root
 * @param {import('../sim/controller.js').Controller} controller
 * @param {Awaited<ReturnType<import('./url-state.js').bootScenario>>} boot
 * @returns {{message: string|null, paused: boolean, urlState: UrlState}} what to announce, whether to stay
 *   paused, and the address kept in step with the run
 */
export function startSharing(root, controller, boot, { embed = false } = {}) {
  const urlState = new UrlState(controller, boot.options);
  new ShareDialog(root, urlState);
  if (embed) setUpEmbed(root, urlState);
  if (boot.options.speed) {
    controller.clock.setSpeed(boot.options.speed);
    const slider = root.querySelector('.speed-input');
    if (slider instanceof HTMLInputElement) slider.value = String(Math.log10(controller.clock.speed));
  }
  if (boot.error) {
    showLinkError(root, boot.error);
    return { message: 'Ready, with the default cluster: the scenario asked for could not be opened (see the message below).', paused: false, urlState };
  }
  if (boot.fromLink) {
    return { message: `Opened the link, paused at ${formatTime(controller.nowUs())}. Press Play or Space to go on.`, paused: true, urlState };
  }
  return { message: null, paused: false, urlState };
}
