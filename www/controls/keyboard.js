// Shortcuts, active only while the focus is inside the playground (the listener is on its root,
// not on the document): Space play/pause, ← → one event, ? help, Escape clears the selection.
// Keys that a focused control uses itself (Space on a button, arrows on a slider) are left alone.

/** @import { Transport } from '../sim/types.js' */

const TYPING = 'input, select, textarea';
const PRESSABLE = 'button, summary, a, [role="button"]';

/**
 * @param {HTMLElement} root
 * @param {Pick<Transport, 'clock' | 'step' | 'stepBack' | 'select' | 'announce'>} controller
 * @param {{open(): void}} help
 */
export function bindKeyboard(root, controller, help) {
  root.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (!(target instanceof Element) || target.closest('dialog')) return;
    const typing = Boolean(target.closest(TYPING));
    let handled = true;
    // Moving in time makes the status line's last message stale.
    if ([' ', 'ArrowRight', 'ArrowLeft'].includes(event.key) && !typing && !target.closest(PRESSABLE)) controller.announce('');
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
      case 'Escape': {
        // Clearing the selection rebuilds the inspector: if the focus was in it, it goes to the
        // drawing, never to <body>, where Space and the arrows would stop working.
        const inInspector = Boolean(target.closest('.inspector'));
        controller.select(null);
        const focused = /** @type {Document | ShadowRoot} */ (root.getRootNode()).activeElement;
        const drawing = root.querySelector('svg.cluster');
        if ((inInspector || !focused || !root.contains(focused)) && drawing instanceof SVGElement) drawing.focus();
        break;
      }
      default:
        handled = false;
    }
    if (handled) event.preventDefault();
  });
}
