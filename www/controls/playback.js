// Playback: play/pause, one event back or forward, the log-scale speed, the clock.
import { find, setAttributes, setText } from '../page/dom.js';
/** @import { Moment, Transport } from '../sim/types.js' */
import { formatSpeed, formatTime } from '../page/format.js';
import { Pace } from '../views/pace.js';
import { SPEED_DEFAULT, SPEED_MAX, SPEED_MIN } from '../sim/clock.js';

/** While playing, the clock is redrawn this often (wall-clock ms). */
const CLOCK_MS = 100;

export class Controls {
  /**
   * @param {HTMLElement} section
   * @param {Transport} controller
   */
  constructor(section, controller) {
    this.play = find(section, '.play', HTMLButtonElement);
    this.speed = find(section, '.speed-input', HTMLInputElement);
    this.speedOutput = find(section, '.speed-output', HTMLOutputElement);
    this.clock = find(section, '.clock', HTMLOutputElement);
    this.pace = new Pace(CLOCK_MS);
    // What the status line said was about the last action: moving in time makes it stale.
    /** @param {() => void} move */
    const moving = (move) => () => {
      controller.announce('');
      move();
    };
    this.play.addEventListener('click', moving(() => controller.clock.toggle()));
    find(section, '.step-back', HTMLButtonElement).addEventListener('click', moving(() => controller.stepBack()));
    find(section, '.step-forward', HTMLButtonElement).addEventListener('click', moving(() => controller.step()));
    // The slider holds log10 of the factor: 0.01× … 10× in even steps.
    Object.assign(this.speed, { min: Math.log10(SPEED_MIN), max: Math.log10(SPEED_MAX), value: Math.log10(SPEED_DEFAULT) });
    this.speed.addEventListener('input', () => controller.clock.setSpeed(10 ** Number(this.speed.value)));
    for (const control of section.querySelectorAll('button, input')) {
      if (control instanceof HTMLButtonElement || control instanceof HTMLInputElement) control.disabled = false;
    }
  }

  /** @param {Moment} frame */
  update(frame) {
    setText(this.play, frame.playing ? 'Pause' : 'Play');
    const speed = formatSpeed(frame.speed);
    setText(this.speedOutput, speed);
    setAttributes(this.speed, { 'aria-valuetext': `${speed} real time` });
    if (this.pace.due(frame)) setText(this.clock, formatTime(frame.nowUs));
  }
}
