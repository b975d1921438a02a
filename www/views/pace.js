// Some views need not redraw at the frame rate while the cluster plays: a Pace says when one
// is due again (always when paused or after a jump, so stepping and seeking show at once).
/** @import { Moment } from '../sim/types.js' */

export class Pace {
  /** @param {number} intervalMs */
  constructor(intervalMs) {
    this.intervalMs = intervalMs;
    this.last = -Infinity;
  }

  /** True if the view should draw this frame (and then counts it as drawn).
   * @param {Pick<Moment, 'playing' | 'jumped'>} frame
   */
  due(frame) {
    const now = performance.now();
    if (frame.playing && !frame.jumped && now - this.last < this.intervalMs) return false;
    this.last = now;
    return true;
  }
}
