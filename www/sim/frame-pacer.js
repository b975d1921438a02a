// Paces a controller's animation frames: about 30 a second, only while it plays and the tab is
// visible, and never more than FRAME_MS_MAX of wall-clock time per frame, so a stalled or
// hidden tab does not fast-forward when it comes back. Shared by the page and comparison mode.

/** A frame never advances more than this much wall-clock time. */
const FRAME_MS_MAX = 100;
/** Frames are asked for no more often than this (about 30 a second): the cluster moves slowly
 * at the speeds people watch, and every frame we skip is work the reader's machine skips. */
const FRAME_GAP_MS = 1000 / 30;
/** The next frame is asked for this much before it is due (the display's frame boundary). */
const FRAME_SLACK_MS = 4;

export class FramePacer {
  /**
   * @param {() => boolean} wanted whether frames are wanted now (the controller plays)
   * @param {(wallMs: number) => void} draw advances and draws one frame
   */
  constructor(wanted, draw) {
    this.wanted = wanted;
    this.draw = draw;
    this.rafId = 0;
    this.timerId = 0;
    this.lastFrameAt = 0;
    this.onFrame = () => this.frame();
  }

  /** Counts wall time from now (time spent paused or hidden is not simulated) and asks for
   * the next frame. */
  restart() {
    this.lastFrameAt = performance.now();
    this.schedule();
  }

  /** Asks for the next animation frame, about FRAME_GAP_MS after the last one. */
  schedule() {
    if (!this.wanted() || document.hidden || this.rafId || this.timerId) return;
    const wait = this.lastFrameAt + FRAME_GAP_MS - FRAME_SLACK_MS - performance.now();
    this.timerId = setTimeout(() => {
      this.timerId = 0;
      if (this.wanted() && !document.hidden) this.rafId = requestAnimationFrame(this.onFrame);
    }, Math.max(wait, 0));
  }

  cancel() {
    clearTimeout(this.timerId);
    cancelAnimationFrame(this.rafId);
    this.timerId = 0;
    this.rafId = 0;
  }

  frame() {
    this.rafId = 0;
    if (!this.wanted()) return;
    const now = performance.now();
    const wallMs = Math.min(Math.max(now - this.lastFrameAt, 0), FRAME_MS_MAX);
    this.lastFrameAt = now;
    this.draw(wallMs);
    this.schedule();
  }

  /** Follows the tab: no frames while hidden; on return, time counts from then. */
  visibilityChanged() {
    if (document.hidden) this.cancel();
    else this.restart();
  }
}
