// The rest of the controls, used through the page: manual delivery and the message inspector,
// protocol and cluster size, the log-scale speed, and the frugal clock (no frames while paused
// or hidden, no fast-forward after a hidden spell).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  animationFrames, chromiumAndDist, countAnimationFrames, openPlayground, playgroundState, waitFor, waitForState, watchTheElection,
} from './support.mjs';

const env = chromiumAndDist();

/**
 * An init script: the page's `performance.now()` (what its frame pacer measures wall time by)
 * runs `window.__clockAhead` ms ahead of the real one, so a test can let time pass in a moment.
 */
function movableClock() {
  const now = performance.now.bind(performance);
  window.__clockAhead = 0;
  performance.now = () => now() + window.__clockAhead;
}

function setHidden(hidden) {
  Object.defineProperty(document, 'hidden', { value: hidden, configurable: true });
  Object.defineProperty(document, 'visibilityState', { value: hidden ? 'hidden' : 'visible', configurable: true });
  document.dispatchEvent(new Event('visibilitychange'));
}

/** How long the tab stays hidden, as the page's clock sees it. */
const HIDDEN_SPELL_MS = 10_000;

test('no animation frames while paused or hidden, and a hidden spell is not fast-forwarded', async () => {
  const { page, problems, context } = await openPlayground(env.browser, env.site.url, { initScript: [countAnimationFrames, movableClock] });
  await watchTheElection(page);
  const frames = () => page.evaluate(() => window.__frames);
  const time = async () => (await playgroundState(page)).time;
  await page.getByRole('slider', { name: 'Speed' }).fill('0');
  await waitFor(async () => await frames() > 3, { what: 'frames while playing' });

  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  const paused = await frames();
  const pausedAt = await time();
  await animationFrames(page);
  assert.equal(await frames(), paused, 'no frame requested while paused');
  assert.equal(await time(), pausedAt);

  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await waitForState(page, (s) => s.time > pausedAt, { what: 'the clock going again' });
  await page.evaluate(setHidden, true);
  const hiddenFrames = await frames();
  const hiddenAt = await time();
  await animationFrames(page);
  assert.ok(await frames() <= hiddenFrames + 1, 'at most the frame already asked for');
  const stillAt = await time();
  assert.ok(stillAt - hiddenAt < 150, 'the clock stands still while hidden');
  // The hidden spell lasts HIDDEN_SPELL_MS for the page: its clock jumps ahead while hidden.
  await page.evaluate((ms) => { window.__clockAhead += ms; }, HIDDEN_SPELL_MS);
  await page.evaluate(setHidden, false);
  // The first frames drawn once visible: they would carry a catching up.
  const back = (await waitForState(page, (s) => s.time > stillAt, { what: 'playing again once visible' })).time;
  assert.ok(back - hiddenAt < 1500, `no catching up the ${HIDDEN_SPELL_MS / 1000} s hidden spell (${back - hiddenAt} ms simulated)`);
  assert.ok(back > hiddenAt, 'playing again once visible');
  assert.deepEqual(problems, []);
  await context.close();
});

test('manual delivery: messages wait, and the message inspector delivers, duplicates or drops one', async () => {
  const { page, problems, context } = await openPlayground(env.browser, env.site.url, { reducedMotion: 'reduce' });
  await page.getByText('Cluster and scenario settings').click();
  await page.getByRole('checkbox', { name: /Manual delivery/ }).check();
  await page.getByRole('status').getByText(/manual delivery/).waitFor();
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await waitForState(page, (s) => s.messages.length >= 3);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  const held = await page.locator('.cluster-box .message.held').count();
  assert.ok(held >= 3, `${held} messages wait for the user`);

  const inspectFirst = async () => {
    const { messages } = await playgroundState(page);
    await page.locator('.cluster-box').getByRole('button', { name: new RegExp(`^Message #${messages[0].id} `) }).click();
    await page.getByRole('region', { name: new RegExp(`^Message #${messages[0].id}: `) }).getByText(/held: waiting for you/).waitFor();
    return messages[0];
  };
  const first = await inspectFirst();
  await page.getByRole('checkbox', { name: /Show every message sent and received/ }).check();
  await page.getByRole('button', { name: 'Deliver now' }).click();
  assert.ok(!(await playgroundState(page)).messages.some((m) => m.id === first.id));
  await page.getByText('no longer in flight (delivered or dropped)').waitFor();
  await page.locator('.event-list').getByText(`S${first.to} received #${first.id} ${first.type} from S${first.from}`).waitFor();

  const second = await inspectFirst();
  // An action takes effect at the next whole millisecond, so a timer due before it may fire
  // first and send more: the copy is the newest message, and it travels as the original.
  const before = new Set((await playgroundState(page)).messages.map((m) => m.id));
  await page.getByRole('button', { name: 'Duplicate' }).click();
  const after = (await playgroundState(page)).messages;
  assert.ok([...before].every((id) => after.some((m) => m.id === id)), 'nothing left the network');
  const added = after.filter((m) => !before.has(m.id)).sort((a, b) => b.id - a.id);
  assert.ok(added.length >= 1, 'a copy is in flight too');
  const route = ({ from, to, type }) => ({ from, to, type });
  assert.deepEqual(route(added[0]), route(second), 'the copy travels as the original');
  await page.getByRole('button', { name: 'Drop' }).click();
  await page.locator('.event-list').getByText(new RegExp(`#${second.id} ${second.type} S${second.from}→S${second.to} was dropped: `)).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('Multi-Paxos, a cluster of 7 and the log-scale speed, all from the settings', async () => {
  const { page, problems, context } = await openPlayground(env.browser, env.site.url, { reducedMotion: 'reduce' });
  const speed = page.getByRole('slider', { name: 'Speed' });
  await speed.fill('-2');
  assert.equal(await page.locator('.speed-output').textContent(), '0.01×');
  await speed.fill('1');
  assert.equal(await page.locator('.speed-output').textContent(), '10×');
  await speed.fill('0');
  assert.equal(await page.locator('.speed-output').textContent(), '1.0×');

  // One simulator per protocol: the page fetched Raft's only; Multi-Paxos's comes when asked for.
  const simulatorsFetched = () => page.evaluate(() => performance.getEntriesByType('resource')
    .map((entry) => new URL(entry.name).pathname).filter((name) => name.endsWith('.wasm')).map((name) => name.split('/').at(-2)));
  assert.deepEqual(await simulatorsFetched(), ['raft']);
  await page.getByText('Cluster and scenario settings').click();
  await page.getByRole('combobox', { name: 'Protocol' }).selectOption('paxos');
  await page.getByRole('status').getByText('Now running Multi-Paxos on the same scenario.').waitFor();
  assert.equal((await playgroundState(page)).protocol, 'paxos');
  assert.deepEqual(await simulatorsFetched(), ['raft', 'paxos']);
  assert.ok(await page.getByRole('checkbox', { name: 'PreVote' }).isDisabled(), 'Raft options are off for Multi-Paxos');
  assert.deepEqual(await page.locator('.bug-list input').evaluateAll((boxes) => boxes.map((box) => box.value)),
    ['adopt-any-value', 'skip-phase-1', 'forget-promise-on-restart', 'never-fill-gaps']);

  await page.getByRole('combobox', { name: 'Servers' }).selectOption('7');
  await page.getByRole('status').getByText('The cluster now has 7 servers.').waitFor();
  assert.equal(await page.locator('svg.cluster .node').count(), 7);
  assert.equal(await page.locator('svg.cluster .link').count(), 21);
  await page.locator('svg.cluster .node[data-node="7"]').click();
  await page.getByRole('region', { name: /^S7: / }).waitFor();
  await page.getByRole('combobox', { name: 'Servers' }).selectOption('5');
  await page.getByRole('region', { name: 'Inspector' }).waitFor();
  await page.getByRole('combobox', { name: 'Servers' }).selectOption('7');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  const led = await waitForState(page, (s) => s.nodes.some((n) => n.role === 'leader'));
  assert.equal(led.nodes.length, 7);
  await page.locator('.log-grid .cell.committed').first().waitFor();
  await page.getByRole('button', { name: 'Pause', exact: true }).click();

  const seed = page.getByRole('spinbutton', { name: 'Seed' });
  const hash = await page.evaluate(() => document.querySelector('[data-playground]').traceHash());
  await page.getByRole('button', { name: 'New seed' }).click();
  assert.notEqual(await seed.inputValue(), '1');
  assert.notEqual(await page.evaluate(() => document.querySelector('[data-playground]').traceHash()), hash);
  assert.deepEqual(problems, []);
  await context.close();
});
