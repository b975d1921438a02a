// The comparison page's link: the shared scenario (every action so far, and the time cursor in
// `run_until_ms`) in the URL fragment, `#s=2.…` (link-codec.js), the same format as the
// single-cluster page (docs/scenario-format.md), so a link opens in either page. Read once at
// boot; written with a debounced `history.replaceState` when the scenario or the time changes.
// The protocol in the link is ignored here: each pane runs its own.
import { shared } from './simulators.js';
import { compactPart, expandLink } from './link-codec.js';

/** The fragment is rewritten this long after the last change (ms), at most once a second. */
const WRITE_DELAY_MS = 300;
const WRITE_GAP_MS = 1000;

/** The `s=` part of `hash`, or null. */
function linkPart(hash) {
  return String(hash ?? '').replace(/^#/, '').split('&').find((part) => part.startsWith('s=')) ?? null;
}

/**
 * The scenario a link in `hash` carries: `{scenarioText, cursorMs}`, `{error}` if it cannot be
 * read, or null without a link.
 */
export async function readLink(hash) {
  const link = linkPart(hash);
  if (!link) return null;
  try {
    const scenarioText = shared.scenarioFromLink(await expandLink(link));
    return { scenarioText, cursorMs: JSON.parse(scenarioText).run_until_ms ?? 0 };
  } catch (error) {
    return { error: String(error.message).slice(0, 300) };
  }
}

/** The fragment for `scenario` (plain data) at simulated time `nowUs`; a promise. */
export function fragmentFor(scenario, nowUs) {
  return compactPart(JSON.stringify({ ...scenario, run_until_ms: Math.round(nowUs / 1000) }));
}

/** A view that keeps the URL's fragment in step with the comparison. */
export class LinkWriter {
  constructor(controller) {
    this.controller = controller;
    this.timer = 0;
    this.lastWrite = 0;
    this.written = '';
  }

  update() {
    if (this.timer) return;
    const wait = Math.max(WRITE_DELAY_MS, this.lastWrite + WRITE_GAP_MS - performance.now());
    this.timer = setTimeout(async () => {
      this.lastWrite = performance.now();
      const fragment = await fragmentFor(this.controller.scenario(), this.controller.nowUs());
      // Cleared only now: no second write starts while this one compresses.
      this.timer = 0;
      if (fragment === this.written) return;
      this.written = fragment;
      history.replaceState(history.state, '', `${location.pathname}${location.search}#${fragment}`);
    }, wait);
  }
}
