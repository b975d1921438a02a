// @ts-check
// `node scripts/bench-compare.mjs` (after `npm run build`): how the comparison page (compare.html)
// copes with 2 × 9 servers and about 500 messages in flight, playing, in headless Chromium.
//
// The scenario: 9 servers, a one-way delay of 1000–1100 ms and election timeouts of 3–5 s (so the
// leaders hold despite the slow network), no clients. Once both leaders are elected, every
// heartbeat (and, in Raft, its answer) spends a second in flight: about 320 messages in the Raft
// pane and 160 in the Multi-Paxos pane, steadily. The page is moved to 10 s of simulated time
// (both leaders elected, the pipes full) and then plays.
//
// Measured, per speed:
// - our work per frame: every requestAnimationFrame callback of the page is wrapped (before the
//   page's own scripts run) and timed with performance.now(): both simulators' ticks, both
//   snapshots and every DOM update. p50 / p95 / max over the window.
// - frames over 25 ms: a probe that asks for every display frame (through the unwrapped
//   requestAnimationFrame) records the gaps between consecutive frames; a gap over 25 ms means
//   the main thread missed a frame (our work, style, layout, paint or GC). The share of such
//   gaps and the longest gap. (The page itself draws about 30 frames a second on purpose, so
//   the probe measures the display's frames, not the page's.) As a control, the same probe
//   runs for a few seconds with the page paused before each round: frames dropped then are the
//   machine's (other processes on the cores), not the page's.
// - rounds: each speed is measured `rounds` times; the table shows the median round (by p95)
//   and the best one, and every round's p95 / max / frames over 25 ms.
// - messages in flight (both panes), sampled at the start and the end of the window.
// - main-thread CPU time per page frame: the CDP TaskDuration delta in thread CPU time (which
//   does not count time spent waiting for a core) over the window, divided by the page's
//   frames: our scripts plus the browser's style, layout, paint and GC for them.
//
// `measureComparison(browser, url)` is exported for `npm run bench`; `url` is the site's root
// (compare.html is opened under it) or compare.html itself.
import { launchChromium, serveDist } from '../tests/e2e/support.mjs';
import { printTable } from './lib/table.mjs';
/** @import { Scenario } from '../www/sim/types.js' */

/**
 * @typedef {object} ComparisonRun one round at one speed (times in ms)
 * @property {number} speed
 * @property {number} round
 * @property {number} frames animation frames measured
 * @property {number} p50 our work per frame
 * @property {number} p95
 * @property {number} max
 * @property {number} gaps display frames measured
 * @property {number} gapsOver25
 * @property {number} gapsOver25Percent
 * @property {number} gapMax
 * @property {{start: number, end: number}} inFlight messages in flight, both panes
 * @property {{gaps: number, over25: number}} idle the same page paused, as a control
 * @property {number} cpuPerFrameMs
 * @property {number} cpuPercent
 */

export const TARGETS = { p95: 8, frameMax: 25 };

/** The ~500-in-flight scenario, from the page's default one.
 * @param {Scenario} base
 */
function heavyScenario(base) {
  return {
    ...base,
    nodes: 9,
    seed: 7,
    timing: { ...base.timing, election_timeout_ticks_min: 300, election_timeout_ticks_max: 500 },
    network: { ...base.network, delay_min_ms: 1000, delay_jitter_ms: 100, loss_percent: 0, duplicate_percent: 0, manual: false },
    clients: { ...base.clients, count: 0 },
    actions: [],
  };
}

/** Runs in the page before its scripts: times each rAF callback, and probes display frames. */
function instrument() {
  const request = window.requestAnimationFrame.bind(window);
  /** @type {number[]} */
  const work = [];
  /** @type {number[]} */
  const gaps = [];
  window.__bench = { work, gaps, probing: false };
  window.requestAnimationFrame = (callback) => request((timestamp) => {
    const start = performance.now();
    try {
      callback(timestamp);
    } finally {
      work.push(performance.now() - start);
    }
  });
  let last = 0;
  /** @param {number} timestamp */
  const probe = (timestamp) => {
    if (!window.__bench.probing) {
      last = 0;
      return;
    }
    if (last) gaps.push(timestamp - last);
    last = timestamp;
    request(probe);
  };
  window.__startProbe = () => {
    window.__bench.probing = true;
    request(probe);
  };
}

/** @param {number[]} sorted @param {number} p */
function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * Opens the comparison page of `url` in a fresh context, loads the heavy scenario, and for each
 * of `speeds` plays `seconds` (after `warmupSeconds`). Returns
 * `{ runs: [{speed, frames, p50, p95, max, gaps, gapsOver25, gapsOver25Percent, gapMax,
 *   inFlight: {start, end}}] }`.
 * @param {import('playwright-core').Browser} browser
 * @param {string} url
 * @param {{seconds?: number, rounds?: number, warmupSeconds?: number, speeds?: number[]}} [options]
 * @returns {Promise<{runs: ComparisonRun[]}>}
 */
export async function measureComparison(browser, url, { seconds = 5, rounds = 3, warmupSeconds = 1, speeds = [0.1, 1] } = {}) {
  const page_url = url.endsWith('.html') ? url : new URL('compare.html', url).href;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(instrument);
  await page.goto(page_url);
  await page.locator('[data-compare][data-ready]').waitFor();
  /** Calls the comparison page's API (`play`, `state`…) in the page. @param {string} name @param {unknown[]} args */
  const api = (name, ...args) => page.evaluate(([call, values]) => /** @type {any} */ (document.querySelector('[data-compare]'))[/** @type {string} */ (call)](...values), /** @type {[string, unknown[]]} */ ([name, args]));
  await api('pause');
  const base = JSON.parse((await api('scenarios')).raft);
  if (!await api('load', JSON.stringify(heavyScenario(base)))) throw new Error('the benchmark scenario was refused');
  await api('seek', 10_000);
  const inFlight = async () => {
    const state = await api('state');
    return state.raft.messages + state.paxos.messages;
  };
  // Main-thread CPU time (TaskDuration in thread ticks: it does not grow while the renderer
  // waits for a core that other processes hold): our scripts plus style, layout, paint, GC.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  const cpuSeconds = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return metrics.find((metric) => metric.name === 'TaskDuration')?.value ?? NaN;
  };
  /** @type {ComparisonRun[]} */
  const runs = [];
  /** The display frames of the page at rest (paused): what the machine itself drops. */
  const idleGaps = async () => {
    await api('pause');
    await page.evaluate(() => {
      window.__bench.gaps.length = 0;
      window.__startProbe();
    });
    await page.waitForTimeout(Math.min(seconds, 3) * 1000);
    const gaps = await page.evaluate(() => {
      window.__bench.probing = false;
      return window.__bench.gaps.slice();
    });
    return { gaps: gaps.length, over25: gaps.filter((gap) => gap > 25).length };
  };
  for (let round = 1; round <= rounds; round += 1) for (const speed of speeds) {
    const idle = await idleGaps();
    await page.evaluate((/** @type {number} */ factor) => {
      const slider = /** @type {HTMLInputElement} */ (document.querySelector('.speed-input'));
      slider.value = String(Math.log10(factor));
      slider.dispatchEvent(new Event('input', { bubbles: true }));
    }, speed);
    await api('play');
    await page.waitForTimeout(warmupSeconds * 1000);
    await page.evaluate(() => {
      window.__bench.work.length = 0;
      window.__bench.gaps.length = 0;
      window.__startProbe();
    });
    const start = await inFlight();
    const cpuStart = await cpuSeconds();
    await page.waitForTimeout(seconds * 1000);
    const cpu = (await cpuSeconds()) - cpuStart;
    const end = await inFlight();
    const { work, gaps } = await page.evaluate(() => {
      window.__bench.probing = false;
      return { work: window.__bench.work.slice(), gaps: window.__bench.gaps.slice() };
    });
    await api('pause');
    const sorted = work.sort((x, y) => x - y);
    const over = gaps.filter((gap) => gap > 25).length;
    runs.push({
      speed,
      round,
      frames: sorted.length,
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      max: sorted.at(-1) ?? NaN,
      gaps: gaps.length,
      gapsOver25: over,
      gapsOver25Percent: gaps.length ? (100 * over) / gaps.length : NaN,
      gapMax: Math.max(0, ...gaps),
      inFlight: { start, end },
      idle,
      cpuPerFrameMs: (1000 * cpu) / Math.max(work.length, 1),
      cpuPercent: (100 * cpu) / seconds,
    });
  }
  await context.close();
  return { runs };
}

/** Whether a run meets the targets: our work p95 ≤ 8 ms and no frame over 25 ms.
 * @param {ComparisonRun} run
 */
export function comparisonMet(run) {
  return run.p95 <= TARGETS.p95 && run.max <= TARGETS.frameMax && run.gapsOver25 === 0;
}

/** The round of `runs` in the middle by p95 (the typical one) and the best (quietest) one.
 * @param {ComparisonRun[]} runs
 * @param {number} speed
 */
export function summarize(runs, speed) {
  const mine = runs.filter((run) => run.speed === speed).sort((a, b) => a.p95 - b.p95 || a.gapsOver25 - b.gapsOver25);
  return { median: mine[Math.floor((mine.length - 1) / 2)], best: mine[0], all: mine };
}

/** @param {{runs: ComparisonRun[]}} result */
export function printComparison({ runs }) {
  /** @type {[string, string, string][]} */
  const rows = [];
  for (const speed of [...new Set(runs.map((run) => run.speed))]) {
    const { median, best, all } = summarize(runs, speed);
    for (const [which, run] of /** @type {[string, ComparisonRun][]} */ ([['median round', median], ['best round', best]])) {
      const at = `${speed}×, ${which}:`;
      rows.push(
        [`${at} messages in flight, both panes (start → end)`, `${run.inFlight.start} → ${run.inFlight.end}`, '≈ 500'],
        [`${at} our work per frame, p50`, `${run.p50.toFixed(2)} ms`, ''],
        [`${at} our work per frame, p95`, `${run.p95.toFixed(2)} ms`, `≤ ${TARGETS.p95} ms`],
        [`${at} our work per frame, max`, `${run.max.toFixed(2)} ms`, `≤ ${TARGETS.frameMax} ms`],
        [`${at} display frames over 25 ms`, `${run.gapsOver25} of ${run.gaps} (${run.gapsOver25Percent.toFixed(1)} %)`, '0'],
        [`${at} longest display frame gap`, `${run.gapMax.toFixed(1)} ms`, ''],
        [`${at} (control) frames over 25 ms while paused`, `${run.idle.over25} of ${run.idle.gaps}`, ''],
        [`${at} main thread CPU per page frame (all work)`, `${run.cpuPerFrameMs.toFixed(2)} ms`, ''],
        [`${at} main thread CPU busy`, `${run.cpuPercent.toFixed(1)} %`, ''],
      );
    }
    rows.push([`${speed}× every round: p95 / max / frames over 25 ms`,
      all.map((run) => `${run.p95.toFixed(1)}/${run.max.toFixed(0)}/${run.gapsOver25}`).join('  '), '']);
  }
  printTable(rows, { valueWidth: 18 });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const browser = await launchChromium();
  const site = await serveDist();
  try {
    const seconds = Number(process.env.BENCH_SECONDS ?? 5);
    const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
    console.log(`Comparison mode, 2 × 9 servers, about 500 messages in flight, ${rounds} rounds of ${seconds} s per speed in headless Chromium:\n`);
    const result = await measureComparison(browser, site.url, { seconds, rounds });
    printComparison(result);
    const speeds = [...new Set(result.runs.map((run) => run.speed))];
    const met = speeds.every((speed) => comparisonMet(summarize(result.runs, speed).median));
    console.log(met ? '\nEvery target met (median round).' : '\nSome target missed (median round).');
  } finally {
    await browser.close();
    site.server.close();
  }
}
