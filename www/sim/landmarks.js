// The moments worth a marker on the timeline (elections, commits, faults, violations), gathered
// from the simulator's events along the current branch of history. Going back in time keeps
// them (the future is still the same); acting in the past forks, which forgets the later ones.

/** Which marker kind an event is, if any. */
function kindOf(event) {
  switch (event.category) {
    case 'role': return / became leader/.test(event.text) ? 'election' : null;
    case 'commit': return 'commit';
    case 'fault': return 'fault';
    case 'check': return 'violation';
    default: return null;
  }
}

export class Landmarks {
  constructor() {
    this.clear();
  }

  clear() {
    /** @type {{kind: string, step: number, timeUs: number, text: string}[]} */
    this.marks = [];
    this.throughStep = 0;
    this.version = 0;
  }

  /** Takes new events in order; those already seen on this branch are skipped. */
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

  /** The history after `step` was rewritten: forget what came after it. */
  forkAfter(step) {
    this.marks = this.marks.filter((mark) => mark.step <= step);
    this.throughStep = Math.min(this.throughStep, step);
    this.version += 1;
  }
}
