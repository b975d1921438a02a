// Comparison mode (compare.html): Raft and Multi-Paxos side by side under one clock. Used like a
// person would: play until both panes have a leader, crash the Raft pane's leader through its
// inspector (the same server crashes in both panes at the same instant), watch both elect a
// new leader and the comparison panel fill with figures for both protocols. Then: each pane's
// trace hash equals what `raftplay run` gives for its protocol; the page makes no request
// elsewhere and logs no error; axe-core finds no serious or critical violation; the panes stack
// at phone width; no animation frame is asked for while paused; the URL's fragment carries the
// shared script and time, and opens to the same two runs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { AxeBuilder } from '@axe-core/playwright';
import {
  animationFrames, countAnimationFrames, launchChromium, openPage, presetGoldenLink, presetListFetches, serveDist, waitFor,
  waitForState as waitForPlaygroundState,
} from './support.mjs';
import { root } from '../../scripts/lib/run.mjs';

const RAFTPLAY = path.join(root, 'target', 'checked', 'raftplay');

let browser;
let site;

before(async () => {
  // Built (or found up to date) here: it must be the same simulator as the page's WASM.
  execFileSync('cargo', ['build', '--profile', 'checked', '-p', 'sim', '--bin', 'raftplay'], { cwd: root, stdio: 'inherit' });
  browser = await launchChromium();
  site = await serveDist();
});

after(async () => {
  await browser?.close();
  site?.server.close();
});

/** Opens compare.html in a fresh context and waits for its API (`data-ready`). */
async function openCompare({ reducedMotion = 'no-preference', viewport = { width: 1280, height: 900 }, initScript, url } = {}) {
  const context = await browser.newContext({ reducedMotion, viewport });
  if (initScript) await context.addInitScript(initScript);
  const opened = await openPage(context, url ?? `${site.url}compare.html`);
  await opened.page.locator('[data-compare][data-ready]').waitFor();
  return { ...opened, context };
}

const compareState = (page) => page.evaluate(() => document.querySelector('[data-compare]').state());

/** Waits until the comparison's `state()` matches `predicate`; returns that state. */
const waitForState = (page, predicate) => waitForPlaygroundState(page, predicate, { read: compareState, timeout: 30_000 });

/** The live leader of a pane's state, or null. */
function liveLeader(pane) {
  const node = pane.nodes.find((candidate) => candidate.role === 'leader' && candidate.alive);
  return node ? node.id : null;
}

/** Opens the inspector of server `id` in `protocol`'s pane, by keyboard. */
async function inspect(page, protocol, id) {
  await page.locator(`.pane-${protocol} svg.cluster .node[data-node="${id}"]`).focus();
  await page.keyboard.press('Enter');
}

test('crashing the leader in one pane crashes it in both; both elect a new leader; the panel fills', async () => {
  const { page, problems, context } = await openCompare();
  const led = await waitForState(page, (state) => liveLeader(state.raft) && liveLeader(state.paxos));
  assert.equal(led.raft.time, led.paxos.time, 'one clock');
  const crashed = liveLeader(led.raft);

  await inspect(page, 'raft', crashed);
  const pane = page.locator('.pane-raft');
  await pane.getByRole('button', { name: `Crash S${crashed}` }).click();
  const after = await compareState(page);
  for (const protocol of ['raft', 'paxos']) {
    assert.equal(after[protocol].nodes.find((node) => node.id === crashed).alive, false, `S${crashed} crashed in the ${protocol} pane`);
  }
  assert.equal(after.raft.time, after.paxos.time);
  await page.locator('.status', { hasText: `S${crashed} crashed` }).waitFor();
  // The selection is shared: the Multi-Paxos pane's inspector shows the same server.
  await page.locator('.pane-paxos .inspector h2', { hasText: `S${crashed}: crashed` }).waitFor();
  const scenarios = await page.evaluate(() => document.querySelector('[data-compare]').scenarios());
  for (const protocol of ['raft', 'paxos']) {
    const crashes = JSON.parse(scenarios[protocol]).actions.filter((action) => action.do === 'crash');
    assert.deepEqual(crashes.map((action) => action.node), [crashed], `the ${protocol} pane's script holds the crash`);
  }
  assert.equal(JSON.parse(scenarios.raft).actions[0].at_ms, JSON.parse(scenarios.paxos).actions[0].at_ms, 'at the same time');

  // Both end with a live leader other than the crashed server (in Multi-Paxos the crashed
  // server may not have been the leader: then its leader simply stays).
  const recovered = await waitForState(page, (state) => [state.raft, state.paxos].every((one) => {
    const leader = liveLeader(one);
    return leader && leader !== crashed;
  }));
  assert.equal(recovered.raft.nodes.find((node) => node.id === crashed).alive, false);
  assert.equal(recovered.paxos.nodes.find((node) => node.id === crashed).alive, false);
  await page.locator('.pane-raft .pane-summary', { hasText: 'Leader: S' }).waitFor();
  await page.locator('.pane-paxos .pane-summary', { hasText: 'Leader: S' }).waitFor();

  // The Raft pane's leader changed: a note explains how Raft recovered.
  await page.locator('.notes-list .note-raft', { hasText: 'no entries moved' }).first().waitFor();

  // The comparison panel: figures for both protocols (it redraws twice a second while playing:
  // wait until it has shown them all).
  const table = page.locator('.compare-table');
  const figures = [
    ['Time to first leader', /\d+(\.\d+)? m?s/],
    ['Elections won (leaders)', /^[1-9]\d*$/],
    ['Messages sent, total', /^\d+ \(/],
    ['Time without a leader', /\d+(\.\d+)? m?s/],
  ].flatMap(([measure, pattern]) => ['raft', 'paxos'].map((protocol) => ({
    measure, pattern, protocol,
    cell: table.getByRole('row', { name: new RegExp(`^${measure.replace(/[()]/g, '\\$&')}`) })
      .locator(`td[data-protocol="${protocol}"]`),
  })));
  const shown = () => Promise.all(figures.map(({ cell }) => cell.textContent()));
  let texts = [];
  await waitFor(async () => (texts = await shown()).every((text, at) => figures[at].pattern.test(text)),
    { what: () => `the panel's figures (${texts.join(' | ')})` });
  for (const { measure, pattern, protocol, cell } of figures) {
    assert.match(await cell.textContent(), pattern, `${measure}, ${protocol}`);
  }
  const metrics = await page.evaluate(() => document.querySelector('[data-compare]').metrics());
  assert.ok(metrics.raft.elections >= 2, 'Raft elected a second leader');
  assert.ok(metrics.raft.total.sent > 0 && metrics.paxos.total.sent > 0);
  assert.match(await page.locator('.charts svg').first().getAttribute('aria-label'), /Raft \d+, Multi-Paxos \d+/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('each pane replays to the trace hash raftplay run gives for its protocol', async () => {
  const { page, problems, context } = await openCompare({ reducedMotion: 'reduce' });
  const api = (call, ...args) => page.evaluate(([name, values]) => document.querySelector('[data-compare]')[name](...values), [call, args]);
  // Paused (reduced motion). Move on with the scrubber's API, then act through the UI.
  await api('seek', 700);
  await inspect(page, 'raft', 2);
  await page.locator('.pane-raft').getByRole('button', { name: 'Crash S2' }).click();
  for (let step = 0; step < 5; step += 1) await page.getByRole('button', { name: 'Step forward' }).click();
  await page.locator('.pane-paxos svg.cluster .link[aria-label^="Link S1–S3"]').focus();
  await page.keyboard.press('Enter');
  await page.locator('.pane-paxos').getByRole('button', { name: 'Cut both ways' }).click();
  await api('seek', 1400);
  await inspect(page, 'paxos', 4);
  await page.locator('.pane-paxos').getByRole('button', { name: 'Pause S4' }).click();
  await api('seek', 2100);
  await inspect(page, 'raft', 2);
  await page.locator('.pane-raft').getByRole('button', { name: 'Restart S2' }).click();
  const state = await compareState(page);
  assert.equal(state.raft.time, state.paxos.time, 'one clock after stepping and acting');

  const target = Math.ceil(state.time) + 900;
  await api('seek', target);
  const hashes = await api('traceHashes');
  const scenarios = await api('scenarios');
  const raftScenario = JSON.parse(scenarios.raft);
  assert.equal(raftScenario.actions.length, 4, 'crash, cut, pause, restart');
  assert.deepEqual({ ...JSON.parse(scenarios.paxos), protocol: 'raft' }, raftScenario, 'one fault script');

  const dir = mkdtempSync(path.join(tmpdir(), 'compare-'));
  try {
    const file = path.join(dir, 'scenario.json');
    writeFileSync(file, scenarios.raft);
    for (const protocol of ['raft', 'paxos']) {
      const output = execFileSync(RAFTPLAY, ['run', file, '--protocol', protocol, '--until', String(target), '--json'], { encoding: 'utf8' });
      assert.equal(JSON.parse(output).trace_hash, hashes[protocol], `${protocol} pane vs raftplay run --protocol ${protocol} --until ${target}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // The URL's fragment now carries the shared script and the time: opened elsewhere, both
  // panes replay to the same hashes, paused at that moment.
  // (Compressed: `s=2.`, raw DEFLATE.)
  const cursorInFragment = async () => {
    const encoded = (await page.evaluate(() => location.hash)).match(/^#s=2\.([\w-]+)/)?.[1];
    return encoded ? JSON.parse(inflateRawSync(Buffer.from(encoded, 'base64url')).toString('utf8')).run_until_ms : null;
  };
  await waitFor(async () => (await cursorInFragment()) === target, { what: `the fragment to carry the time cursor ${target}` });
  const shared = await page.evaluate(() => location.href);
  const other = await openCompare({ url: shared });
  const reopened = await compareState(other.page);
  assert.equal(reopened.time, target);
  assert.equal(reopened.playing, false);
  assert.deepEqual(await other.page.evaluate(() => document.querySelector('[data-compare]').traceHashes()), hashes);
  assert.deepEqual(other.problems, []);
  await other.context.close();

  // Stepping keeps one clock; stepping back too.
  await page.getByRole('button', { name: 'Step forward' }).click();
  await page.getByRole('button', { name: 'Step back' }).click();
  const stepped = await compareState(page);
  assert.equal(stepped.raft.time, stepped.paxos.time);
  assert.deepEqual(problems, []);
  await context.close();
});

test('accessible: axe-core clean, panes stack at phone width, no animation frames while paused', async () => {
  const { page, problems, context } = await openCompare({ initScript: countAnimationFrames });
  await waitForState(page, (state) => liveLeader(state.raft) && liveLeader(state.paxos));
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  const framesPaused = await page.evaluate(() => window.__frames);
  await animationFrames(page);
  assert.equal(await page.evaluate(() => window.__frames), framesPaused, 'no animation frame while paused');

  // The shortcuts drive both panes: Space plays and pauses, → steps, ? opens the help.
  await page.locator('.pane-raft svg.cluster').focus();
  await page.keyboard.press(' ');
  assert.equal((await compareState(page)).playing, true);
  await page.keyboard.press(' ');
  assert.equal((await compareState(page)).playing, false);
  const before = (await compareState(page)).time;
  await page.keyboard.press('ArrowRight');
  const stepped = await compareState(page);
  assert.ok(stepped.time > before && stepped.raft.time === stepped.paxos.time, 'one moment forward in both');
  await page.keyboard.press('?');
  await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
  await page.keyboard.press('Escape');
  const framesStill = await page.evaluate(() => window.__frames);
  await animationFrames(page);
  assert.equal(await page.evaluate(() => window.__frames), framesStill, 'still no animation frame while paused');

  await inspect(page, 'raft', 1);
  await page.locator('.pane-raft .inspector h2', { hasText: /^S1: / }).waitFor();
  await page.getByText('Shared settings (both panes)').click();
  await page.locator('.settings-form select[name="nodes"]').waitFor();
  const axe = async (view) => {
    const { violations } = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
      .analyze();
    return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => `${view}: ${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  };
  const serious = await axe('light');
  await page.getByRole('button', { name: 'Dark theme' }).click();
  serious.push(...await axe('dark'));
  assert.deepEqual(serious, []);

  await page.setViewportSize({ width: 375, height: 800 });
  const [raft, paxos] = await Promise.all(['.pane-raft', '.pane-paxos'].map((selector) => page.locator(selector).boundingBox()));
  assert.ok(paxos.y >= raft.y + raft.height - 1, 'panes stacked');
  assert.ok(raft.width <= 375 && paxos.width <= 375);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no sideways scrolling (${overflow} px)`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the preset picker: its list is fetched when first pointed at, and a preset runs in both panes', async () => {
  const { page, problems, context } = await openCompare({ reducedMotion: 'reduce' });
  assert.equal(await presetListFetches(page), 0, 'opening the page fetches no preset list');
  const picker = page.getByRole('combobox', { name: 'Preset' });
  await picker.hover();
  await picker.selectOption('leader-crash');
  await page.getByRole('button', { name: 'Load preset in both panes' }).click();
  await page.locator('.status', { hasText: /^Loaded “Leader crash with commands in flight” in both panes/ }).waitFor();
  assert.match(await page.locator('.preset-caption').textContent(), /^The leader crashes at 3 s/);
  // The Raft pane runs the preset exactly as its golden link does.
  const golden = presetGoldenLink('leader-crash');
  await page.evaluate((ms) => document.querySelector('[data-compare]').seek(ms), golden.until_ms);
  const hashes = await page.evaluate(() => document.querySelector('[data-compare]').traceHashes());
  assert.equal(hashes.raft, golden.trace_hash);
  // The first entry goes back to what the page opened with.
  await picker.selectOption({ index: 0 });
  await page.getByRole('button', { name: 'Load preset in both panes' }).click();
  await page.locator('.status', { hasText: /^Loaded “The scenario this page opened with”/ }).waitFor();
  assert.equal(await presetListFetches(page), 1);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the single-cluster page links to comparison mode', async () => {
  const { page, problems, context } = await openCompare();
  await page.getByRole('link', { name: 'One cluster' }).click();
  await page.locator('[data-playground][data-ready]').waitFor(); // its modules all loaded
  await page.waitForLoadState('networkidle');
  await page.getByRole('link', { name: 'Compare with Multi-Paxos' }).click();
  await page.locator('[data-compare][data-ready]').waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('compare.html has the same strict CSP as index.html, no inline script, nothing from elsewhere', () => {
  const csp = (file) => /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(readFileSync(path.join(root, file), 'utf8'))?.[1];
  assert.ok(csp('compare.html'));
  assert.equal(csp('compare.html'), csp('index.html'));
  const html = readFileSync(path.join(root, 'compare.html'), 'utf8');
  for (const tag of html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)) assert.equal(tag[1].trim(), '', 'inline script');
  assert.doesNotMatch(html, /\son[a-z]+=/i, 'inline event handler attribute');
  assert.doesNotMatch(html, /(src|href)="(https?:)?\/\//, 'a remote URL');
  assert.doesNotMatch(html, /\sstyle=/i, 'inline style');
});

test('network dials act in both panes; a held message is delivered in its own pane only', async () => {
  const { page, problems, context } = await openCompare({ reducedMotion: 'reduce' });
  const api = (call, ...args) => page.evaluate(([name, values]) => document.querySelector('[data-compare]')[name](...values), [call, args]);
  await api('seek', 300);
  await page.getByText('Shared settings (both panes)').click();
  await page.getByLabel(/Manual delivery/).check();
  let scenarios = await api('scenarios');
  for (const protocol of ['raft', 'paxos']) {
    const dials = JSON.parse(scenarios[protocol]).actions.filter((action) => action.do === 'network');
    assert.equal(dials.length, 1, `${protocol}: the dial change is in the script`);
    assert.equal(dials[0].settings.manual, true);
  }
  for (let step = 0; step < 40 && await page.locator('.pane-raft .cluster-box .message.held').count() === 0; step += 1) {
    await page.getByRole('button', { name: 'Step forward' }).click();
  }
  await page.locator('.pane-raft .cluster-box .message.held').first().focus();
  await page.keyboard.press('Enter');
  await page.locator('.pane-raft').getByRole('button', { name: 'Deliver now' }).click();
  await page.locator('.status', { hasText: 'Raft pane only' }).waitFor();
  scenarios = await api('scenarios');
  const delivered = (protocol) => JSON.parse(scenarios[protocol]).actions.filter((action) => action.do === 'deliver').length;
  assert.equal(delivered('raft'), 1);
  assert.equal(delivered('paxos'), 0);
  const state = await compareState(page);
  assert.equal(state.raft.time, state.paxos.time, 'one clock');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the marker buttons jump both panes to the previous or next leader change or fault', async () => {
  const { page, problems, context } = await openCompare({ reducedMotion: 'reduce' });
  await page.evaluate(() => document.querySelector('[data-compare]').seek(3000));
  await page.getByRole('button', { name: 'Previous leader change or fault' }).click();
  const back = await compareState(page);
  assert.ok(back.time < 3000 && back.time > 0, `jumped back to ${back.time}`);
  assert.equal(back.raft.time, back.paxos.time);
  await page.locator('.status', { hasText: 'became leader' }).waitFor();
  await page.getByRole('button', { name: 'Next leader change or fault' }).click();
  const forward = await compareState(page);
  assert.ok(forward.time >= back.time, 'never backwards');
  assert.deepEqual(problems, []);
  await context.close();
});
