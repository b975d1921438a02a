// A controller's clock: playing or paused, its speed, and the frame pacer that calls back while
// it plays. The page's controller and the comparison's each own one.
import { FramePacer } from './frame-pacer.js';

/** Speeds, as factors of real time (the speed slider is logarithmic between the two ends). */
export const SPEED_MIN = 0.01;
export const SPEED_MAX = 10;
export const SPEED_DEFAULT = 0.1;

export class Clock {
  /** @param {(wallMs: number) => void} frame advances and draws one frame, `wallMs` of
   *   wall-clock time at the chosen speed; called only while the clock plays */
  constructor(frame) {
    this.speed = SPEED_DEFAULT;
    this.playing = false;
    this.pacer = new FramePacer(() => this.playing, frame);
    document.addEventListener('visibilitychange', () => this.pacer.visibilityChanged());
  }

  /** Plays from now on (the controller decides first whether the run may go on). */
  start() {
    this.playing = true;
    this.pacer.restart();
  }

  /** Stops; false if it was not playing. */
  stop() {
    if (!this.playing) return false;
    this.playing = false;
    this.pacer.cancel();
    return true;
  }

  /** @param {number} factor */
  setSpeed(factor) {
    this.speed = Math.min(SPEED_MAX, Math.max(SPEED_MIN, factor));
  }
}
