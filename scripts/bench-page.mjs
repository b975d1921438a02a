// @ts-check
// `node scripts/bench-page.mjs` (after `npm run build`): how light the page is while it plays at
// its default speed with 5 servers, in headless Chromium.
//
// - our work per animation frame: every requestAnimationFrame callback is wrapped (before the
//   page's own scripts run) with performance.now(); p50 / p95 over the measuring window. This is
//   the simulation plus our DOM updates; the browser's own style/layout/paint come after.
// - main-thread busy share: the CDP `Performance.getMetrics` TaskDuration delta divided by the
//   wall time of the window. It counts everything the renderer's main thread did (our scripts,
//   style, layout, paint, GC). Measured twice: in thread CPU time (`timeDomain: threadTicks`,
//   the target's measure: it does not grow when other processes compete for the cores) and in
//   wall time (`timeTicks`, which also counts the time a task waited for a core).
// - first cluster: `performance.mark('cluster-drawn')`, set right after the first render,
//   relative to the navigation's time origin; the median of several first visits (each in a
//   fresh browser context, so nothing is cached), after one visit that warms the server up.
//   `wasm-ready` (the simulator instantiated) is shown beside it.
//
// `measurePage` and `measureFirstCluster` are exported so a later benchmark (comparison mode)
// can reuse them.
import { launchChromium, serveDist } from '../tests/e2e/support.mjs';
import { printTable } from './lib/table.mjs';

const TARGETS = { p95: 4, busy: 10, firstCluster: 150 };

/** Wraps each animation-frame callback to time it; runs in the page before its scripts. */
function instrumentFrames() {
  const request = window.requestAnimationFrame.bind(window);
  /** @type {number[]} */
  const work = [];
  window.__frameWork = work;
  window.requestAnimationFrame = (callback) => request((timestamp) => {
    const start = performance.now();
    try {
      callback(timestamp);
    } finally {
      work.push(performance.now() - start);
    }
  });
}

/** @param {number[]} sorted @param {number} p */
function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * Opens `url` in a fresh page of `browser`, lets it play `warmupSeconds`, then measures for
 * `seconds`. `prepare(page)` may set the page up first (a preset, a speed…).
 * Returns { frames, p50, p95, max, busyPercent (CPU time), busyWallPercent, simulatedMs }.
 * @param {import('playwright-core').Browser} browser
 * @param {string} url
 * @param {{seconds?: number, warmupSeconds?: number, prepare?: (page: import('playwright-core').Page) => Promise<unknown>}} [options]
 */
export async function measurePage(browser, url, { seconds = 10, warmupSeconds = 1, prepare } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(instrumentFrames);
  await page.goto(url);
  await page.locator('[data-playground][data-ready]').waitFor();
  // A first visit to the plain page waits for the visitor's Play (www/controls/first-run.js).
  const firstPlay = page.getByRole('button', { name: 'Play: watch the election' });
  if (await firstPlay.count()) await firstPlay.click();
  if (prepare) await prepare(page);
  await page.waitForTimeout(warmupSeconds * 1000);

  const sessions = await Promise.all(/** @type {const} */ (['threadTicks', 'timeTicks']).map(async (timeDomain) => {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain });
    return cdp;
  }));
  const taskDuration = () => Promise.all(sessions.map(async (cdp) => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return metrics.find((metric) => metric.name === 'TaskDuration')?.value ?? NaN;
  }));
  const simulated = () => page.evaluate(() => /** @type {HTMLElement & {state(): {time: number}}} */ (document.querySelector('[data-playground]')).state().time);
  await page.evaluate(() => { window.__frameWork.length = 0; });
  const simulatedStart = await simulated();
  const busyStart = await taskDuration();
  const wallStart = performance.now();
  await page.waitForTimeout(seconds * 1000);
  const [cpu, wallBusy] = (await taskDuration()).map((value, index) => value - busyStart[index]);
  const wall = (performance.now() - wallStart) / 1000;
  const work = await page.evaluate(() => window.__frameWork.slice());
  const simulatedMs = (await simulated()) - simulatedStart;
  await context.close();

  const sorted = work.sort((x, y) => x - y);
  return {
    frames: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    max: sorted.at(-1) ?? NaN,
    busyPercent: (100 * cpu) / wall,
    busyWallPercent: (100 * wallBusy) / wall,
    simulatedMs,
  };
}

/** Median times (ms) from navigation to the last file fetched, to `wasm-ready` and to
 * `cluster-drawn`, over `visits` first visits.
 * @param {import('playwright-core').Browser} browser
 * @param {string} url
 * @param {{visits?: number}} [options]
 */
export async function measureFirstCluster(browser, url, { visits = 5 } = {}) {
  /** @type {number[][]} */
  const samples = [];
  for (let visit = 0; visit <= visits; visit += 1) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(url);
    await page.locator('[data-playground][data-ready]').waitFor();
    const marks = await page.evaluate(() => [
      Math.max(...performance.getEntriesByType('resource').map((entry) => /** @type {PerformanceResourceTiming} */ (entry).responseEnd)),
      ...['wasm-ready', 'cluster-drawn'].map((name) => performance.getEntriesByName(name)[0]?.startTime ?? NaN),
    ]);
    await context.close();
    if (visit > 0) samples.push(marks);
  }
  /** @param {number[]} values */
  const median = (values) => values.sort((x, y) => x - y)[Math.floor(values.length / 2)];
  return {
    fetchedMs: median(samples.map(([fetched]) => fetched)),
    wasmReadyMs: median(samples.map(([, wasm]) => wasm)),
    firstClusterMs: median(samples.map(([, , drawn]) => drawn)),
    firstClusterSamples: samples.map(([, , drawn]) => Math.round(drawn)),
  };
}

/** @param {Awaited<ReturnType<typeof measurePage>> & Awaited<ReturnType<typeof measureFirstCluster>>} result */
function printPage(result) {
  /** @type {[string, string, string][]} */
  const rows = [
    ['our work per frame, p50', `${result.p50.toFixed(2)} ms`, ''],
    ['our work per frame, p95', `${result.p95.toFixed(2)} ms`, `≤ ${TARGETS.p95} ms`],
    ['our work per frame, max', `${result.max.toFixed(2)} ms`, ''],
    ['frames measured', String(result.frames), ''],
    ['main thread busy (TaskDuration, CPU time)', `${result.busyPercent.toFixed(1)} %`, `≤ ${TARGETS.busy} %`],
    ['main thread busy (TaskDuration, wall time)', `${result.busyWallPercent.toFixed(1)} %`, ''],
    ['navigation → every file fetched (median)', `${result.fetchedMs.toFixed(0)} ms`, ''],
    ['navigation → simulator ready (median)', `${result.wasmReadyMs.toFixed(0)} ms`, ''],
    ['navigation → first cluster drawn (median)', `${result.firstClusterMs.toFixed(0)} ms`, `≤ ${TARGETS.firstCluster} ms`],
    ['  each first visit', result.firstClusterSamples.join(' '), ''],
    ['simulated time in the window', `${result.simulatedMs.toFixed(0)} ms`, ''],
  ];
  printTable(rows, { valueWidth: 10 });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const browser = await launchChromium();
  const site = await serveDist();
  try {
    const seconds = Number(process.env.BENCH_SECONDS ?? 10);
    console.log(`Raft Playground, 5 servers, default speed, ${seconds} s in headless Chromium:\n`);
    const result = {
      ...await measurePage(browser, site.url, { seconds }),
      ...await measureFirstCluster(browser, site.url),
    };
    printPage(result);
    const met = result.p95 <= TARGETS.p95 && result.busyPercent <= TARGETS.busy && result.firstClusterMs <= TARGETS.firstCluster;
    console.log(met ? '\nEvery target met.' : '\nSome target missed.');
  } finally {
    await browser.close();
    site.server.close();
  }
}
