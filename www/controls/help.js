// The `?` dialog listing the keyboard shortcuts.
export class Help {
  constructor(root) {
    this.dialog = root.querySelector('dialog.help');
    this.opener = root.querySelector('.help-open');
    this.opener.addEventListener('click', () => this.open());
    this.dialog.querySelector('.help-close').addEventListener('click', () => this.dialog.close());
  }

  open() {
    if (!this.dialog.open) this.dialog.showModal();
  }
}
