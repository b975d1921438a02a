// Forks you can undo: acting in the past forks the history, and what came after is kept one
// click away ("Undo: bring back what came after") until the next fork; undoing offers the way
// back to the visitor's change ("Redo").
import { html, setText } from '../page/dom.js';
/** @import { Frame, PlaygroundController } from '../sim/types.js' */

export class BranchSwitch {
  /**
   * @param {HTMLElement} section where the button goes (the playback controls)
   * @param {Pick<PlaygroundController, 'switchBranch'>} controller
   */
  constructor(section, controller) {
    this.button = html('button', { type: 'button', class: 'branch-switch', hidden: true });
    this.button.addEventListener('click', () => controller.switchBranch());
    section.append(this.button);
  }

  /** @param {Pick<Frame, 'otherBranch'>} frame */
  update({ otherBranch }) {
    if (this.button.hidden !== !otherBranch) this.button.hidden = !otherBranch;
    if (otherBranch) setText(this.button, otherBranch === 'undo' ? 'Undo: bring back what came after' : 'Redo: back to your change');
  }
}
