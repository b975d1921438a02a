// Shortcuts, active only while the focus is inside the playground (the listener is on its root,
// not on the document): Space play/pause, ← → one event, ? help, Escape clears the selection.
// Keys that a focused control uses itself (Space on a button, arrows on a slider) are left alone.

/** @import { Transport } from '../sim/types.js' */

const TYPING = 'input, select, textarea';
const PRESSABLE = 'button, summary, a, [role="button"]';

/**
 * @param {HTMLElement} root
 * @param {Pick<Transport, 'clock' | 'step' | 'stepBack' | 'select'>} controller
 * @param {{open(): void}} help
 */
export function bindKeyboard(root, controller, help) {
  root.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (!(target instanceof Element) || target.closest('dialog')) return;
    const typing = Boolean(target.closest(TYPING));
    let handled = true;
    switch (event.key) {
      case ' ':
        if (typing || target.closest(PRESSABLE)) return;
        controller.clock.toggle();
        break;
      case 'ArrowRight':
        if (typing) return;
        controller.step();
        break;
      case 'ArrowLeft':
        if (typing) return;
        controller.stepBack();
        break;
      case '?':
        if (typing && !(target instanceof HTMLInputElement && (target.type === 'range' || target.type === 'checkbox'))) return;
        help.open();
        break;
      case 'Escape':
        controller.select(null);
        break;
      default:
        handled = false;
    }
    if (handled) event.preventDefault();
  });
}
