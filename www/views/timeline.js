// The timeline: a scrubber over the history of this branch, with markers for elections,
// commits, faults and violations. Dragging (or the arrow keys on it) seeks; past the end of the
// history, seeking runs the simulation forward. Two buttons jump to the previous or next
// election, fault or violation (the click alternative to aiming at a marker).
import { find, setAttributes, svg } from '../page/dom.js';
/** @import { Frame, Mark, MarkKind, Marks, StatusLine, TimedAction, Transport } from '../sim/types.js' */
import { Pace } from './pace.js';

/** An action in a few words: `crash S1`, `partition`…
 * @param {TimedAction} action
 */
function describeAction(action) {
  const node = typeof action.node === 'number' ? ` S${action.node}` : '';
  return `${action.do}${node}`;
}

/** @type {readonly MarkKind[]} */
const KINDS = ['commit', 'fault', 'election', 'violation'];
/** Each kind's tick: where it starts and how tall it is (the strip is 12 high). */
/** @type {Record<MarkKind, string>} */
const TICKS = { commit: 'v4', fault: 'v6', election: 'v12', violation: 'v12' };
/** @type {Record<MarkKind, number>} */
const TOPS = { commit: 8, fault: 0, election: 0, violation: 0 };
/** The markers the jump buttons stop at (commits are too many to step through). */
/** @type {ReadonlySet<MarkKind>} */
export const JUMP_KINDS = new Set(['election', 'fault', 'violation']);
/** Markers closer than this share of the timeline are drawn once. */
const BINS = 600;
/** While playing, the scrubber follows time this often (wall-clock ms). */
export const FOLLOW_MS = 100;

/** The scrubber's end (ms): a fifth past the history so far, and past the last scheduled
 * action, at least 1 s. It grows with the run, smoothly rather than in jumps, so markers drift
 * left slowly instead of halving their spacing at once; ahead of the history, seeking simulates.
 * @param {number} endMs the furthest time reached
 * @param {number} [scheduledMs] the last scheduled action's time
 */
export function horizonFor(endMs, scheduledMs = 0) {
  return Math.ceil(Math.max(1000, endMs * 1.2, scheduledMs * 1.05));
}

/** Puts the scrubber at the frame's time, over the history so far; returns its end (ms).
 * @param {HTMLInputElement} scrubber
 * @param {{branchEndUs: number, nowUs: number}} frame
 * @param {number} [scheduledMs] the last scheduled action's time
 */
export function showScrubber(scrubber, frame, scheduledMs = 0) {
  const horizonMs = horizonFor(frame.branchEndUs / 1000, scheduledMs);
  const nowMs = frame.nowUs / 1000;
  setAttributes(scrubber, { max: horizonMs, 'aria-valuetext': `${nowMs.toFixed(1)} ms of ${horizonMs} ms` });
  if (Number(scrubber.value) !== Math.round(nowMs)) scrubber.value = String(Math.round(nowMs));
  return horizonMs;
}

/** One strip of markers (an SVG): a path per kind, in milliseconds along the scrubber. */
export class MarkerStrip {
  /** @param {SVGSVGElement} strip */
  constructor(strip) {
    this.strip = strip;
    this.paths = Object.fromEntries(KINDS.map((kind) => {
      const path = svg('path', { class: `mark-${kind}`, 'vector-effect': 'non-scaling-stroke' });
      strip.append(path);
      return [kind, path];
    }));
    this.drawn = { version: -1, horizonMs: 0 };
  }

  /** Shows `landmarks` over `horizonMs`; true if the markers were redrawn. Paths are in
   * milliseconds: only new markers (or a much longer history, which merges more of them)
   * redraw them.
   * @param {Marks} landmarks
   * @param {number} horizonMs
   */
  show(landmarks, horizonMs) {
    setAttributes(this.strip, { viewBox: `0 0 ${horizonMs} 12` });
    if (landmarks.version === this.drawn.version && horizonMs <= this.drawn.horizonMs * 1.5) return false;
    this.drawn = { version: landmarks.version, horizonMs };
    const bin = horizonMs / BINS;
    /** @type {Record<string, Set<number>>} */
    const seen = Object.fromEntries(KINDS.map((kind) => [kind, new Set()]));
    /** @type {Record<string, string[]>} */
    const d = Object.fromEntries(KINDS.map((kind) => [kind, []]));
    for (const mark of landmarks.marks) {
      const slot = Math.round(mark.timeUs / 1000 / bin);
      if (seen[mark.kind].has(slot)) continue;
      seen[mark.kind].add(slot);
      d[mark.kind].push(`M${(mark.timeUs / 1000).toFixed(1)} ${TOPS[mark.kind]}${TICKS[mark.kind]}`);
    }
    for (const kind of KINDS) setAttributes(this.paths[kind], { d: d[kind].join('') || 'M0 0' });
    return true;
  }
}

export class Timeline {
  /**
   * @param {HTMLElement} section
   * @param {Pick<Transport, 'seek'> & StatusLine} controller
   */
  constructor(section, controller) {
    this.scrubber = find(section, '.scrubber', HTMLInputElement);
    this.markers = new MarkerStrip(find(section, '.markers', SVGSVGElement));
    this.pace = new Pace(FOLLOW_MS);
    this.scrubber.addEventListener('input', () => {
      controller.announce('');
      controller.seek(Number(this.scrubber.value));
    });
    /** @type {Mark[]} */
    this.marks = [];
    /** The scenario's actions: the next marker may be one not simulated yet. @type {TimedAction[]} */
    this.actions = [];
    this.nowUs = 0;
    /**
     * @param {HTMLButtonElement} button
     * @param {(marks: Mark[]) => Mark | undefined} pick
     */
    const jump = (button, pick) => {
      button.addEventListener('click', () => {
        const mark = pick(this.marks.filter((candidate) => JUMP_KINDS.has(candidate.kind)));
        if (mark) {
          controller.seek(mark.timeUs / 1000);
          controller.announce(`Jumped to ${mark.text}`);
        } else {
          controller.announce('No marker that way.');
        }
      });
      button.disabled = false;
    };
    jump(find(section, '.previous-marker', HTMLButtonElement), (marks) => marks.findLast((mark) => mark.timeUs < this.nowUs));
    jump(find(section, '.next-marker', HTMLButtonElement), (marks) => {
      const reached = marks.find((mark) => mark.timeUs > this.nowUs);
      // Looks ahead into the scenario: an action scheduled past what has been simulated.
      const ahead = this.actions.find((action) => action.at_ms * 1000 > this.nowUs);
      if (ahead && (!reached || ahead.at_ms * 1000 < reached.timeUs)) {
        return { kind: 'fault', step: -1, timeUs: ahead.at_ms * 1000, text: `the scheduled action at ${ahead.at_ms} ms: ${describeAction(ahead)}` };
      }
      return reached;
    });
    this.scrubber.disabled = false;
  }

  /** @param {Frame} frame */
  update(frame) {
    this.marks = frame.landmarks.marks;
    this.actions = frame.scenario.actions;
    this.nowUs = frame.nowUs;
    if (!this.pace.due(frame)) return;
    this.markers.show(frame.landmarks, showScrubber(this.scrubber, frame, this.actions.at(-1)?.at_ms ?? 0));
  }
}
