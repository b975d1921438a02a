// The first visit's first screen: the cluster waits, paused at time 0, with one sentence on what
// is about to happen and a Play button, so the first election is something the visitor watches
// rather than something over before they look. Links, presets and embeds start as they always
// did. The prompt goes for good once time moves, whatever moved it (its button, Play, Space, a
// step).
import { find } from '../page/dom.js';
/** @import { Moment, Transport } from '../sim/types.js' */

export class FirstRun {
  /**
   * @param {HTMLElement} box holds `.first-run`
   * @param {Pick<Transport, 'clock'>} controller
   * @param {number} servers how many servers the first scenario has
   * @param {HTMLElement} playButton where the focus goes once the prompt has gone
   */
  constructor(box, controller, servers, playButton) {
    this.prompt = find(box, '.first-run', HTMLElement);
    const text = find(this.prompt, 'p', HTMLElement);
    text.textContent = `${servers} servers are about to elect a leader: each waits a random time (the blue arc) before it asks the others for votes.`;
    const play = find(this.prompt, '.first-play', HTMLButtonElement);
    play.addEventListener('click', () => {
      controller.clock.play();
      playButton.focus();
    });
    this.prompt.hidden = false;
    this.done = false;
  }

  /** @param {Pick<Moment, 'playing' | 'nowUs'>} frame */
  update(frame) {
    if (this.done || !(frame.playing || frame.nowUs > 0)) return;
    this.done = true;
    this.prompt.remove();
  }
}
