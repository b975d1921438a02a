// The moments worth a marker on the timeline (elections, commits, faults, violations), gathered
// from the simulator's events along the current branch of history. Going back in time keeps
// them (the future is still the same); acting in the past forks, which forgets the later ones
// (kept aside by the run, until the fork is undone or another made).
/** @import { Mark, MarkKind, Marks, SimEvent } from './types.js' */

/** Which marker kind an event is, if any.
 * @param {SimEvent} event
 * @returns {MarkKind | null}
 */
function kindOf(event) {
  switch (event.category) {
    case 'role': return / became leader/.test(event.text) ? 'election' : null;
    case 'commit': return 'commit';
    case 'fault': return 'fault';
    case 'check': return 'violation';
    default: return null;
  }
}

/** @implements {Marks} */
export class Landmarks {
  constructor() {
    /** @type {Mark[]} */
    this.marks = [];
    /** The last step whose events were taken. */
    this.throughStep = 0;
    this.version = 0;
  }

  /** Forgets every marker (a new history). */
  clear() {
    this.marks = [];
    this.throughStep = 0;
    this.version = 0;
  }

  /** Takes new events in order; those already seen on this branch are skipped.
   * @param {SimEvent[]} events
   */
  add(events) {
    for (const event of events) {
      if (event.step <= this.throughStep) continue;
      const kind = kindOf(event);
      if (kind) this.marks.push({ kind, step: event.step, timeUs: event.time_us, text: event.text });
    }
    const last = events.at(-1);
    if (last && last.step > this.throughStep) {
      this.throughStep = last.step;
      this.version += 1;
    }
  }

  /** What is gathered so far, to put back with `restore` (the other side of a fork). */
  save() {
    return { marks: this.marks, throughStep: this.throughStep };
  }

  /** @param {{marks: Mark[], throughStep: number}} saved */
  restore(saved) {
    this.marks = saved.marks;
    this.throughStep = saved.throughStep;
    this.version += 1;
  }

  /** The history after `step` was rewritten: forget what came after it.
   * @param {number} step
   */
  forkAfter(step) {
    this.marks = this.marks.filter((mark) => mark.step <= step);
    this.throughStep = Math.min(this.throughStep, step);
    this.version += 1;
  }
}
