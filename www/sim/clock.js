// What the page's controller and the comparison's share: the clock (playing or paused, its
// speed, the frame pacer), the views, the status line and where the current branch of history
// ends. A subclass says what time it is (`nowUs`), moves time on (`frame`) and draws (`render`).
import { shared } from './simulators.js';
import { FramePacer } from './frame-pacer.js';

/** Speeds, as factors of real time (the speed slider is logarithmic between the two ends). */
export const SPEED_MIN = 0.01;
export const SPEED_MAX = 10;
export const SPEED_DEFAULT = 0.1;

export class Clock {
  /** @param {HTMLElement} root the root element, with a `.status` line */
  constructor(root) {
    this.root = root;
    this.speed = SPEED_DEFAULT;
    this.playing = false;
    this.views = [];
    this.status = root.querySelector('.status');
    /** The furthest time reached on the current branch of history (µs). */
    this.branchEndUs = 0;
    this.pacer = new FramePacer(() => this.playing, (wallMs) => this.frame(wallMs));
    document.addEventListener('visibilitychange', () => this.pacer.visibilityChanged());
  }

  /** Views get `update(frame)` after every change (see the subclass's `render`). */
  addView(view) {
    this.views.push(view);
  }

  /** Plays from now on (a subclass's `play` decides first whether the run may go on). */
  startPlaying() {
    this.playing = true;
    this.pacer.restart();
    this.render(false);
  }

  pause() {
    if (!this.playing) return;
    this.playing = false;
    this.pacer.cancel();
    this.render(false);
  }

  toggle() {
    if (this.playing) this.pause();
    else this.play();
  }

  setSpeed(factor) {
    this.speed = Math.min(SPEED_MAX, Math.max(SPEED_MIN, factor));
    this.render(false);
  }

  /** Time moved forward along the branch. */
  advanced() {
    this.branchEndUs = Math.max(this.branchEndUs, this.nowUs());
  }

  /** A fresh seed (the platform's random source: it picks where a run starts, nothing more). */
  newSeed() {
    return shared.newSeed();
  }

  announce(text) {
    this.status.textContent = text;
  }
}
