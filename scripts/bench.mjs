// @ts-check
// `npm run bench`: every figure the project quotes, measured now on this machine, in one table.
//   native simulator (raftplay bench): events/s under steady load, seek time, memory;
//   the same scenario in WASM under Node, and the native/WASM ratio;
//   the page in headless Chromium: our work per frame, busy share, first cluster;
//   the page weight.
// Budgets and the latest figures are in BENCHMARKS.md.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BUDGET_GZIP_BYTES, build, kb, pageWeight, wasmFiles } from './build.mjs';
import { run, root, step } from './lib/run.mjs';
import { measureFirstCluster, measurePage } from './bench-page.mjs';
import { measureComparison, summarize } from './bench-compare.mjs';
import { launchChromium, serveDist } from '../tests/e2e/support.mjs';
import { printTable } from './lib/table.mjs';

const steadyLoad = {
  format: 1, protocol: 'raft', nodes: 5, seed: 42,
  clients: { count: 4, interval_ms: 20 }, run_until_ms: 120000,
};
const raftplay = path.join(root, 'target', 'release', 'raftplay');
/** @type {[string, string, string][]} */
const rows = [];
/** @param {string} measure @param {string} value @param {string} [budget] */
const row = (measure, value, budget = '') => rows.push([measure, value, budget]);

build();
step('the cores alone (cargo bench: step calls per second, 5 nodes, steady proposals)', () => {
  const cores = spawnSync('cargo', ['bench', '-q', '-p', 'raft', '-p', 'paxos'], { cwd: root, encoding: 'utf8' });
  process.stdout.write(cores.stdout);
  for (const core of ['raft', 'paxos']) {
    const rate = new RegExp(`${core}: 5-node steady proposals: (\\d+) steps/s`).exec(cores.stdout)?.[1];
    row(`${core} core alone: step calls/s (5 nodes, steady proposals)`, Number(rate).toLocaleString('en'));
  }
});

step('native simulator (raftplay bench)', () => {
  run('cargo', ['build', '--release', '-p', 'sim', '--bin', 'raftplay']);
  run(raftplay, ['bench']);
});

step('the same scenario natively and in WASM under Node', () => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'bench-')), 'steady.json');
  writeFileSync(file, JSON.stringify(steadyLoad));
  const native = spawnSync(raftplay, ['bench', '--scenario', file], { encoding: 'utf8' });
  const nativeRate = Number(/native: (\d+)/.exec(native.stdout)?.[1]);
  const wasm = spawnSync('node', [path.join(root, 'scripts', 'lib', 'wasm-rate.mjs'), file], { encoding: 'utf8' });
  const wasmRate = Number(/wasm: (\d+)/.exec(wasm.stdout)?.[1]);
  console.log(native.stdout.trim());
  console.log(wasm.stdout.trim() || wasm.stderr.trim());
  row('simulated events/s, native (5 nodes, 4 clients)', nativeRate.toLocaleString('en'), '≥ 2,000,000');
  row('simulated events/s, WASM in Node (same)', wasmRate.toLocaleString('en'));
  row('native / WASM', `${(nativeRate / wasmRate).toFixed(2)}×`);
});

/** Animation frames the page asks for in `seconds` while paused (after playing a moment).
 * @param {import('playwright-core').Browser} browser
 * @param {string} url
 * @param {number} [seconds]
 */
async function framesWhilePaused(browser, url, seconds = 3) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(() => {
    const request = window.requestAnimationFrame.bind(window);
    window.__frames = 0;
    window.requestAnimationFrame = (callback) => request((t) => { window.__frames += 1; callback(t); });
  });
  await page.goto(url);
  await page.locator('[data-playground][data-ready]').waitFor();
  const element = 'document.querySelector("raft-playground, [data-playground]")';
  await page.evaluate(`${element}.play()`);
  await page.waitForTimeout(1000);
  await page.evaluate(`${element}.pause()`);
  await page.waitForTimeout(300);
  await page.evaluate(() => { window.__frames = 0; });
  await page.waitForTimeout(seconds * 1000);
  const frames = await page.evaluate(() => window.__frames);
  await context.close();
  return frames;
}

const browser = await launchChromium();
const site = await serveDist();
try {
  console.log('\n=== the page in headless Chromium (10 s playing, 5 servers) ===');
  const frames = await measurePage(browser, site.url, { seconds: 10 });
  const first = await measureFirstCluster(browser, site.url);
  row('page: our work per frame p50', `${frames.p50.toFixed(2)} ms`);
  row('page: our work per frame p95', `${frames.p95.toFixed(2)} ms`, '≤ 4 ms');
  row('page: our work per frame, max', `${frames.max.toFixed(2)} ms`, '< 25 ms');
  row('page: main thread busy (CPU time)', `${frames.busyPercent.toFixed(1)} %`, '≤ 10 %');
  if (frames.busyWallPercent !== undefined) {
    row('page: main thread busy (wall time)', `${frames.busyWallPercent.toFixed(1)} %`);
  }
  row('page: animation frames in 3 s paused', String(await framesWhilePaused(browser, site.url)), '0');

  console.log('\n=== comparison mode in headless Chromium (2 × 9 servers, ~500 messages in flight) ===');
  const comparison = await measureComparison(browser, site.url, { speeds: [1] });
  const { median } = summarize(comparison.runs, 1);
  row('comparison: messages in flight (both panes)', `${median.inFlight.start} → ${median.inFlight.end}`, '≈ 500');
  row('comparison: our work per frame p50', `${median.p50.toFixed(2)} ms`);
  row('comparison: our work per frame p95', `${median.p95.toFixed(2)} ms`, '≤ 8 ms');
  row('comparison: our work per frame, max', `${median.max.toFixed(2)} ms`, '≤ 25 ms');
  row('comparison: display frames over 25 ms', `${median.gapsOver25} of ${median.gaps}`, '0');
  row('comparison: main thread CPU busy', `${median.cpuPercent.toFixed(1)} %`);
  row('page: navigation → first cluster', `${first.firstClusterMs.toFixed(0)} ms`, '≤ 150 ms');
} finally {
  await browser.close();
  site.server.close();
}

const weight = pageWeight();
row('page weight (the page itself), total gzip', `${kb(weight.gzip)} KB`, `≤ ${kb(BUDGET_GZIP_BYTES.page)} KB`);
for (const { file, gzip, page } of wasmFiles(weight)) {
  const protocol = file.includes('/paxos/') ? 'Multi-Paxos' : 'Raft';
  row(`page weight, ${protocol} WASM gzip${page ? '' : ' (on demand)'}`, `${kb(gzip)} KB`, `≤ ${kb(BUDGET_GZIP_BYTES.wasm)} KB`);
}

console.log();
printTable(rows, { valueWidth: 16, last: 'budget' });
console.log(`\nmachine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
