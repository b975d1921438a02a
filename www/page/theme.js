// Light and dark themes: the system's choice (prefers-color-scheme) until the reader picks one
// with the toggle; the pick is remembered on this device.
import { find } from './dom.js';

const KEY = 'raft-playground-theme';

function stored() {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null; // storage can be off (privacy settings, sandboxed frames)
  }
}

/** Wires the theme toggle under `root`.
 * @param {ParentNode} root
 */
export function bindTheme(root) {
  const button = find(root, '.theme-toggle', HTMLButtonElement);
  const system = matchMedia('(prefers-color-scheme: dark)');
  const html = document.documentElement;
  const isDark = () => (html.dataset.theme ?? (system.matches ? 'dark' : 'light')) === 'dark';
  const show = () => button.setAttribute('aria-pressed', String(isDark()));
  const choice = stored();
  if (choice === 'dark' || choice === 'light') html.dataset.theme = choice;
  show();
  system.addEventListener('change', show);
  button.addEventListener('click', () => {
    html.dataset.theme = isDark() ? 'light' : 'dark';
    try {
      localStorage.setItem(KEY, html.dataset.theme);
    } catch {
      // not remembered; the choice still holds for this visit
    }
    show();
  });
}
