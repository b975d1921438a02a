// A controller's clock: playing or paused, its speed, and the frame pacer that calls back while
// it plays. The page's controller and the comparison's each own one and hand it to what drives
// playback (the playback controls, the keyboard, the element's API): the PlaybackClock of
// types.js.
import { FramePacer } from './frame-pacer.js';
/** @import { PlaybackClock } from './types.js' */

/** Speeds, as factors of real time (the speed slider is logarithmic between the two ends). */
export const SPEED_MIN = 0.01;
export const SPEED_MAX = 10;
export const SPEED_DEFAULT = 0.1;

/** @implements {PlaybackClock} */
export class Clock {
  /**
   * @param {object} controller
   * @param {(wallMs: number) => void} controller.frame advances and draws one frame, `wallMs`
   *   of wall-clock time at the chosen speed; called only while the clock plays
   * @param {() => boolean} controller.mayPlay whether the run may go on from here (when it may
   *   not, it says why); asked on every play
   * @param {() => void} controller.changed redraws after the clock played, paused or changed speed
   */
  constructor({ frame, mayPlay, changed }) {
    this.speed = SPEED_DEFAULT;
    this.playing = false;
    this.mayPlay = mayPlay;
    this.changed = changed;
    this.pacer = new FramePacer(() => this.playing, frame);
    document.addEventListener('visibilitychange', () => this.pacer.visibilityChanged());
  }

  play() {
    if (this.playing || !this.mayPlay()) return;
    this.playing = true;
    this.pacer.restart();
    this.changed();
  }

  pause() {
    if (!this.halt()) return;
    this.changed();
  }

  toggle() {
    if (this.playing) this.pause();
    else this.play();
  }

  /** @param {number} factor */
  setSpeed(factor) {
    this.speed = Math.min(SPEED_MAX, Math.max(SPEED_MIN, factor));
    this.changed();
  }

  /** Stops without redrawing (the run stopped itself, and the frame that found it redraws);
   * false if it was not playing. */
  halt() {
    if (!this.playing) return false;
    this.playing = false;
    this.pacer.cancel();
    return true;
  }
}
