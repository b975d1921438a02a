// Time goes where the visitor sends it: after a violation the run goes on (and the damage is
// named), a fork can be undone, and manual delivery freezes the clock while messages wait.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chromiumAndDist, openPlayground, playgroundState, waitForState } from './support.mjs';

const env = chromiumAndDist();

/** Sets the speed slider to 10^exponent × real time. */
async function setSpeed(page, exponent) {
  await page.getByRole('slider', { name: 'Speed' }).fill(String(exponent));
}

async function pause(page) {
  const button = page.getByRole('button', { name: 'Pause', exact: true });
  if (await button.count()) await button.click();
  await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
}

/** Loads a preset from the picker, as a visitor does. */
async function loadPreset(page, name) {
  const picker = page.getByRole('combobox', { name: 'Preset' });
  await picker.hover();
  await picker.selectOption(name);
  await page.getByRole('button', { name: 'Load preset' }).click();
  await waitForState(page, (s) => s.time === 0);
}

test('after a violation, Step and Play go on, the violation stays shown, and the damage is named', async () => {
  const { page, problems, context } = await openPlayground(env.browser, env.site.url);
  await loadPreset(page, 'figure-8-bug');
  await setSpeed(page, 0);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  const panel = page.getByRole('region', { name: 'Invariants' });
  await panel.getByText(/Broken: Leader Completeness/).waitFor();
  await pause(page);
  // Back to just after the violation, before its consequences (however late the pause came).
  const first = (await playgroundState(page)).violations[0];
  assert.equal(first.invariant, 'Leader Completeness');
  await page.evaluate((ms) => document.querySelector('[data-playground]').seek(ms), first.time + 1);
  const broken = await playgroundState(page);
  assert.deepEqual(broken.violations.map((v) => v.invariant), ['Leader Completeness']);
  await panel.getByText(/Broken: Leader Completeness/).waitFor();

  // Step: one event at a time, and simulated time moves on.
  const step = page.getByRole('button', { name: 'Step forward' });
  let stepped = broken;
  for (let i = 0; i < 50 && stepped.time <= broken.time; i += 1) {
    await step.click();
    stepped = await playgroundState(page);
  }
  assert.ok(stepped.time > broken.time, `stepping moved time on from ${broken.time} ms`);
  assert.doesNotMatch(await page.locator('.status').textContent(), /no event is pending/);

  // Play: on through the damage, which the panel names as it happens.
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  const later = await waitForState(page, (s) => s.violations.some((v) => /their state machines disagree/.test(v.explanation)));
  assert.ok(later.time > stepped.time);
  assert.ok(later.violations.some((v) => v.invariant === 'Committed entries stay on a majority'), 'the overwrite on a majority is named');
  await panel.getByText(/Broken: Leader Completeness/).waitFor();
  await panel.getByRole('list', { name: /What broke next/ }).getByText(/their state machines disagree/).first().waitFor();
  await waitForState(page, (s) => s.time > later.time + 100);
  assert.equal((await playgroundState(page)).violations[0].invariant, 'Leader Completeness', 'the first violation stays');
  await pause(page);
  assert.ok(await page.locator('.timeline .markers .mark-violation').count() > 0, 'the timeline marks the violations');
  assert.deepEqual(problems, []);
  await context.close();
});

/** The playground's trace hash now. */
function traceHash(page) {
  return page.evaluate(() => document.querySelector('[data-playground]').traceHash());
}

/** Seeks with the element API (a person would drag the scrubber there). */
function seek(page, ms) {
  return page.evaluate((to) => document.querySelector('[data-playground]').seek(to), ms);
}

test('a fork can be undone: what came after comes back, to the same trace hash, and can be redone', async () => {
  const { page, problems, context } = await openPlayground(env.browser, env.site.url);
  await pause(page);
  await seek(page, 3000);
  const droppedEnd = await traceHash(page);
  await seek(page, 1000);
  const atFork = await traceHash(page);
  const undo = page.getByRole('button', { name: 'Undo: bring back what came after' });
  assert.equal(await undo.count(), 0, 'no fork yet: no undo');

  await page.locator('svg.cluster').getByRole('button', { name: /^S2: / }).click();
  await page.getByRole('button', { name: 'Crash S2' }).click();
  await page.locator('.status').getByText(/History forked here/).waitFor();
  await seek(page, 2000);
  assert.equal((await playgroundState(page)).nodes.find((n) => n.id === 2).alive, false, 'the fork side: S2 is down');
  const forkSide = await traceHash(page);

  await undo.click();
  await page.locator('.status').getByText(/Undone: what came after is back/).waitFor();
  const back = await playgroundState(page);
  assert.equal(back.time, 1000, 'back at the moment of the fork');
  assert.equal(await traceHash(page), atFork);
  await seek(page, 3000);
  assert.equal(await traceHash(page), droppedEnd, 'the dropped future, exactly');
  assert.equal((await playgroundState(page)).nodes.find((n) => n.id === 2).alive, true);

  await page.getByRole('button', { name: 'Redo: back to your change' }).click();
  await seek(page, 2000);
  assert.equal(await traceHash(page), forkSide, 'the side with the crash, exactly');
  await undo.waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});
