// The comparison page's link: the shared scenario (every action so far, and the time cursor in
// `run_until_ms`) in the URL fragment, `#s=2.…`, read and written as the single-cluster page
// does it (url-state.js, docs/scenario-format.md), so a link opens in either page. Read once at
// boot; written with a debounced `history.replaceState` when the scenario or the time changes.
// The protocol in the link is ignored here: each pane runs its own.
import { messageOf } from '../page/format.js';
import { clip, parseFragment, readLink as readScenarioLink, scenarioFragment } from '../share/url-state.js';
/** @import { ComparisonController } from '../sim/types.js' */

/** The fragment is rewritten this long after the last change (ms), at most once a second. */
const WRITE_DELAY_MS = 300;
const WRITE_GAP_MS = 1000;

/**
 * The scenario a link in `hash` carries: `{scenarioText, cursorMs}`, `{error}` if it cannot be
 * read, or null without a link.
 * @param {string} hash
 * @returns {Promise<{scenarioText: string, cursorMs: number} | {error: string} | null>}
 */
export async function readLink(hash) {
  const { link } = parseFragment(hash);
  if (!link) return null;
  try {
    const { scenario, cursorMs } = await readScenarioLink(link);
    return { scenarioText: scenario, cursorMs: cursorMs ?? 0 };
  } catch (error) {
    return { error: clip(messageOf(error)) };
  }
}

/** A view that keeps the URL's fragment in step with the comparison. */
export class LinkWriter {
  /** @param {Pick<ComparisonController, 'scenario' | 'nowUs'>} controller */
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
      const fragment = await scenarioFragment(this.controller.scenario(), this.controller.nowUs() / 1000);
      // Cleared only now: no second write starts while this one compresses.
      this.timer = 0;
      if (fragment === this.written) return;
      this.written = fragment;
      history.replaceState(history.state, '', `${location.pathname}${location.search}#${fragment}`);
    }, wait);
  }
}
