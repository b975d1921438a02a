// Playback: play/pause, one event back or forward, the log-scale speed, the clock.
import { setAttributes, setText } from '../page/dom.js';
import { formatSpeed, formatTime } from '../page/format.js';
import { Pace } from '../views/pace.js';
import { SPEED_DEFAULT, SPEED_MAX, SPEED_MIN } from '../sim/clock.js';

/** While playing, the clock is redrawn this often (wall-clock ms). */
const CLOCK_MS = 100;

export class Controls {
  constructor(section, controller) {
    this.play = section.querySelector('.play');
    this.speed = section.querySelector('.speed-input');
    this.speedOutput = section.querySelector('.speed-output');
    this.clock = section.querySelector('.clock');
    this.pace = new Pace(CLOCK_MS);
    this.play.addEventListener('click', () => controller.toggle());
    section.querySelector('.step-back').addEventListener('click', () => controller.stepBack());
    section.querySelector('.step-forward').addEventListener('click', () => controller.step());
    // The slider holds log10 of the factor: 0.01× … 10× in even steps.
    Object.assign(this.speed, { min: Math.log10(SPEED_MIN), max: Math.log10(SPEED_MAX), value: Math.log10(SPEED_DEFAULT) });
    this.speed.addEventListener('input', () => controller.setSpeed(10 ** Number(this.speed.value)));
    for (const control of section.querySelectorAll('button, input')) control.disabled = false;
  }

  update(frame) {
    setText(this.play, frame.playing ? 'Pause' : 'Play');
    const speed = formatSpeed(frame.speed);
    setText(this.speedOutput, speed);
    setAttributes(this.speed, { 'aria-valuetext': `${speed} real time` });
    if (this.pace.due(frame)) setText(this.clock, formatTime(frame.nowUs));
  }
}
