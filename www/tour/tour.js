// The guided tour over the real engine: a chapter loads its scenario, and each step runs the
// simulation on to the moment that matters (played at a pace a person can follow, or jumped to
// when the reader prefers reduced motion), pauses there, shows its caption and points at
// servers and log entries. A question is asked before the run reveals its answer. Back goes to
// the previous step's moment by time travel. The reader can leave at any step and play on.
import { find, html, setText } from '../page/dom.js';
import { findPreset } from '../controls/preset-list.js';
import { messageOf } from '../page/format.js';
import { CHAPTERS } from './chapters.js';
/** @import { Frame, PlaygroundController, Snapshot } from '../sim/types.js' */
/** @import { Chapter, Step, Verify } from './chapters.js' */

/** A step's run to its moment takes about this long (wall-clock ms)… */
const REVEAL_WALL_MS = 2500;
/** …at a speed within these bounds (× real time). */
const TOUR_SPEED_MIN = 0.02;
const TOUR_SPEED_MAX = 5;
/** How far ahead (simulated ms) a step looks for its event, unless it says. */
const LOOK_AHEAD_MS = 15_000;

/** The chapter named `id`, or undefined.
 * @param {string} id
 */
export function chapterById(id) {
  return CHAPTERS.find((chapter) => chapter.id === id);
}

/** Whether the engine shows what a question's answer says, now.
 * @param {Verify} verify
 * @param {Snapshot} view
 */
export function verified(verify, view) {
  const commitOf = (/** @type {number} */ id) => view.nodes.find((node) => node.id === id)?.commit_index ?? -1;
  if (verify.leader !== undefined && (view.leader ?? null) !== verify.leader) return false;
  if (verify.uncommitted && !(commitOf(verify.uncommitted.server) < verify.uncommitted.below)) return false;
  if (verify.committed && !(commitOf(verify.committed.server) >= verify.committed.atLeast)) return false;
  return true;
}

/** The scenario text of a chapter: its preset, with the chapter's changes.
 * @param {Chapter} chapter
 */
async function scenarioOf(chapter) {
  const preset = await findPreset(chapter.scenario.preset);
  if (!preset) throw new Error(`the preset ${chapter.scenario.preset} is missing`);
  const scenario = JSON.parse(preset.scenario);
  for (const [key, value] of Object.entries(chapter.scenario.change ?? {})) {
    scenario[key] = key === 'options' ? { ...scenario.options, ...Object(value) } : value;
  }
  return JSON.stringify(scenario);
}

export class Tour {
  /**
   * @param {HTMLElement} root the playground
   * @param {PlaygroundController} controller
   * @param {{linked: (id: string | null) => void}} link keeps the chapter in the page's address
   */
  constructor(root, controller, link) {
    this.root = root;
    this.controller = controller;
    this.link = link;
    this.panel = find(root, '.tour', HTMLElement);
    /** @param {string} selector */
    const part = (selector) => find(this.panel, selector, HTMLElement);
    this.progress = part('.tour-progress');
    this.chapterList = part('.tour-chapters');
    this.reveal = part('.tour-reveal');
    this.caption = part('.tour-caption');
    this.question = part('.tour-question');
    this.ask = part('.tour-ask');
    this.choices = part('.tour-choices');
    this.feedback = part('.tour-feedback');
    this.backButton = find(this.panel, '.tour-back', HTMLButtonElement);
    this.continueButton = find(this.panel, '.tour-continue', HTMLButtonElement);
    /** @type {Chapter | null} */
    this.chapter = null;
    /** The step shown, and the simulated time (µs) each step shown so far was at. */
    this.index = -1;
    /** @type {number[]} */
    this.times = [];
    /** The visitor's answer to each step's question. @type {Map<number, string>} */
    this.answers = new Map();
    /** Whether each step's question's `verify` held when it was asked. @type {Map<number, boolean>} */
    this.truths = new Map();
    /** A run to a step's moment under way. @type {{index: number, targetUs: number} | null} */
    this.pending = null;
    /** The reader's own speed, restored whenever the tour pauses. */
    this.readerSpeed = controller.clock.speed;
    /** The last frame's snapshot, and whether the reader prefers reduced motion. @type {Snapshot | null} */
    this.view = null;
    this.reducedMotion = false;
    this.backButton.addEventListener('click', () => this.back());
    this.continueButton.addEventListener('click', () => this.next());
    find(this.panel, '.tour-leave', HTMLButtonElement).addEventListener('click', () => this.leave());
    controller.addView(this);
  }

  /** Shows the chapter list. */
  open() {
    this.panel.hidden = false;
    this.chapter = null;
    this.index = -1;
    this.controller.highlight(null);
    setText(this.progress, `${CHAPTERS.length} chapters`);
    this.chapterList.replaceChildren(...CHAPTERS.map((chapter, number) => {
      const item = html('li');
      const start = html('button', { type: 'button' }, `${number + 1}. ${chapter.title}`);
      start.addEventListener('click', () => this.start(chapter.id));
      item.append(start);
      return item;
    }));
    this.chapterList.hidden = false;
    this.reveal.hidden = true;
    setText(this.caption, 'Each chapter runs the real engine to the moments that matter, pauses there and explains; some ask you a question first. Leave at any step and play on from there.');
    this.question.hidden = true;
    this.backButton.hidden = true;
    this.continueButton.hidden = true;
    this.panel.scrollIntoView({ block: 'nearest' });
    const first = this.chapterList.querySelector('button');
    if (first instanceof HTMLElement) first.focus();
  }

  /** Starts chapter `id` at its first step.
   * @param {string} id
   */
  async start(id) {
    const chapter = chapterById(id);
    if (!chapter) {
      this.open();
      this.controller.announce(`The tour has no chapter “${id}”: here are its chapters.`);
      return;
    }
    this.panel.hidden = false;
    this.chapterList.hidden = true;
    this.root.querySelector('.first-run')?.remove();
    let text;
    try {
      text = await scenarioOf(chapter);
    } catch (problem) {
      this.controller.announce(`The tour could not start: ${messageOf(problem)}`);
      return;
    }
    if (!await this.controller.reset(text, `Tour: ${chapter.title}.`)) return;
    this.chapter = chapter;
    this.times = [];
    this.answers = new Map();
    this.readerSpeed = this.controller.clock.speed;
    this.link.linked(chapter.id);
    this.go(0);
  }

  /** Runs on to step `index`'s moment, then shows it.
   * @param {number} index
   */
  go(index) {
    const chapter = this.chapter;
    if (!chapter) return;
    const step = chapter.steps[index];
    const nowUs = this.controller.nowUs();
    const targetUs = this.momentOf(step, nowUs);
    if (targetUs === null) {
      this.show(index, `(The moment this step waits for did not come within ${(step.moment?.limitMs ?? LOOK_AHEAD_MS) / 1000} s: here is the run as it stands.)`);
      return;
    }
    if (targetUs <= nowUs || this.reducedMotion) {
      this.controller.seek(targetUs / 1000);
      this.show(index);
      return;
    }
    this.continueButton.disabled = true;
    this.backButton.disabled = true;
    setText(this.progress, `Step ${index + 1} of ${chapter.steps.length}: running…`);
    const speed = ((targetUs - nowUs) / 1000) / REVEAL_WALL_MS;
    this.controller.clock.setSpeed(Math.min(Math.max(speed, TOUR_SPEED_MIN), TOUR_SPEED_MAX));
    this.controller.clock.play();
    // (set once playing: a frame drawn before, paused, must not count as the run's end)
    this.pending = { index, targetUs };
  }

  /** The simulated time (µs) of a step's moment from `nowUs`; null if it never comes.
   * @param {Step} step
   * @param {number} nowUs
   */
  momentOf(step, nowUs) {
    const moment = step.moment;
    if (!moment) return nowUs;
    if (moment.atMs !== undefined) return moment.atMs * 1000;
    const pattern = new RegExp(moment.event ?? '');
    const event = this.controller.findEvent((candidate) => pattern.test(candidate.text), moment.limitMs ?? LOOK_AHEAD_MS);
    return event ? event.time_us : null;
  }

  /** @param {Frame} frame */
  update(frame) {
    this.view = frame.view;
    this.reducedMotion = frame.reducedMotion;
    const pending = this.pending;
    if (!pending) return;
    // Reached the moment, or the run stopped on its own (an invariant broke).
    if (frame.nowUs >= pending.targetUs || !frame.playing) {
      this.pending = null;
      this.controller.clock.pause();
      this.controller.clock.setSpeed(this.readerSpeed);
      if (frame.nowUs !== pending.targetUs) this.controller.seek(pending.targetUs / 1000);
      this.show(pending.index);
    }
  }

  /**
   * Shows step `index` where the run is now.
   * @param {number} index
   * @param {string} [note]
   */
  show(index, note) {
    const chapter = this.chapter;
    if (!chapter) return;
    const step = chapter.steps[index];
    this.index = index;
    this.times[index] = this.controller.nowUs();
    const last = index === chapter.steps.length - 1;
    setText(this.progress, `${chapter.title} · step ${index + 1} of ${chapter.steps.length}`);
    // The previous step's question, revealed by the run.
    const asked = chapter.steps[index - 1]?.question;
    this.reveal.hidden = !asked;
    if (step.question) this.truths.set(index, this.view !== null && verified(step.question.verify, this.view));
    if (asked) {
      const answer = this.answers.get(index - 1);
      // What the answer says holds when it was asked (`asked`), or once the run revealed it.
      const agrees = asked.verify.asked ? this.truths.get(index - 1) === true : this.view !== null && verified(asked.verify, this.view);
      const verdict = answer === undefined ? `The answer: ${asked.answer}.` : answer === asked.answer ? `You said “${answer}”: right.` : `You said “${answer}”; the answer is “${asked.answer}”.`;
      setText(this.reveal, `${verdict} ${asked.why}${agrees ? ' (The engine shows it: see the drawing.)' : ''}`);
      this.reveal.dataset.verified = String(agrees);
    }
    setText(this.caption, note ? `${step.caption} ${note}` : step.caption);
    this.controller.highlight({ servers: step.highlight?.servers ?? [], entries: step.highlight?.entries ?? [] });
    this.showQuestion(index, step);
    this.backButton.hidden = false;
    this.backButton.disabled = index === 0;
    this.continueButton.hidden = false;
    this.continueButton.disabled = false;
    const following = CHAPTERS[CHAPTERS.indexOf(chapter) + 1];
    setText(this.continueButton, !last ? (step.question ? 'Continue: see what happens' : 'Continue')
      : following ? `Next chapter: ${following.title}` : 'Finish the tour');
    this.controller.announce('');
  }

  /**
   * @param {number} index
   * @param {Step} step
   */
  showQuestion(index, step) {
    const question = step.question;
    this.question.hidden = !question;
    if (!question) return;
    setText(this.ask, question.ask);
    const chosen = this.answers.get(index);
    setText(this.feedback, chosen === undefined ? 'Pick an answer, then Continue to let the engine show it.' : `You said “${chosen}”. Continue to see.`);
    this.choices.replaceChildren(...question.choices.map((choice) => {
      const button = html('button', { type: 'button', 'aria-pressed': String(chosen === choice) }, choice);
      button.addEventListener('click', () => {
        this.answers.set(index, choice);
        this.showQuestion(index, step);
        this.continueButton.focus();
      });
      return button;
    }));
  }

  next() {
    const chapter = this.chapter;
    if (!chapter || this.pending) return;
    if (this.index < chapter.steps.length - 1) {
      this.go(this.index + 1);
      return;
    }
    const following = CHAPTERS[CHAPTERS.indexOf(chapter) + 1];
    if (following) this.start(following.id);
    else this.finish();
  }

  back() {
    if (!this.chapter || this.pending || this.index <= 0) return;
    const index = this.index - 1;
    this.controller.seek(this.times[index] / 1000);
    this.show(index);
  }

  /** The last chapter's end: the cluster stays as it is, to play on. */
  finish() {
    this.leave('That was the whole tour. The cluster is yours: play on, crash servers, cut links, or load a preset.');
  }

  /** Leaves the tour where it is: the run stays, to play on from there.
   * @param {string} [message]
   */
  leave(message) {
    if (this.pending) {
      this.pending = null;
      this.controller.clock.pause();
    }
    this.controller.clock.setSpeed(this.readerSpeed);
    this.chapter = null;
    this.panel.hidden = true;
    this.controller.highlight(null);
    this.link.linked(null);
    this.controller.announce(message ?? 'Left the tour: the run stays where it was. Press Play to go on.');
    const tourButton = this.root.querySelector('.tour-open');
    if (tourButton instanceof HTMLElement) tourButton.focus();
  }
}
