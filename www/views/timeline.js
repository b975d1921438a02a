// The timeline: a scrubber over the history of this branch, with markers for elections,
// commits, faults and violations. Dragging (or the arrow keys on it) seeks; past the end of the
// history, seeking runs the simulation forward. Two buttons jump to the previous or next
// election, fault or violation (the click alternative to aiming at a marker).
import { find, setAttributes, svg } from '../page/dom.js';
/** @import { Frame, Mark, MarkKind, Marks, StatusLine, Transport } from '../sim/types.js' */
import { Pace } from './pace.js';

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

/** The scrubber's end: the next of 1, 2, 5 × 10^k ms at or past `ms` (at least 1 s), so it
 * changes seldom and the thumb travels along it (ahead of the history, seeking simulates).
 * @param {number} ms
 */
function roundUp(ms) {
  let decade = 1000;
  for (;;) {
    for (const step of [1, 2, 5]) if (step * decade >= ms) return step * decade;
    decade *= 10;
  }
}

/** Puts the scrubber at the frame's time, over the history so far; returns its end (ms).
 * @param {HTMLInputElement} scrubber
 * @param {{branchEndUs: number, nowUs: number}} frame
 */
export function showScrubber(scrubber, frame) {
  const horizonMs = roundUp(frame.branchEndUs / 1000);
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
    this.scrubber.addEventListener('input', () => controller.seek(Number(this.scrubber.value)));
    /** @type {Mark[]} */
    this.marks = [];
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
    jump(find(section, '.next-marker', HTMLButtonElement), (marks) => marks.find((mark) => mark.timeUs > this.nowUs));
    this.scrubber.disabled = false;
  }

  /** @param {Frame} frame */
  update(frame) {
    this.marks = frame.landmarks.marks;
    this.nowUs = frame.nowUs;
    if (!this.pace.due(frame)) return;
    this.markers.show(frame.landmarks, showScrubber(this.scrubber, frame));
  }
}
