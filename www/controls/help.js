// The `?` dialog listing the keyboard shortcuts.
import { find } from '../page/dom.js';

export class Help {
  /** @param {HTMLElement} root holds dialog.help and its `.help-open` button */
  constructor(root) {
    this.dialog = find(root, 'dialog.help', HTMLDialogElement);
    this.opener = find(root, '.help-open', HTMLButtonElement);
    this.opener.addEventListener('click', () => this.open());
    find(this.dialog, '.help-close', HTMLButtonElement).addEventListener('click', () => this.dialog.close());
  }

  open() {
    if (!this.dialog.open) this.dialog.showModal();
  }
}
