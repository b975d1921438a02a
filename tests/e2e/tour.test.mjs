// The guided tour, as a visitor takes it: every chapter runs to its end on the real engine, each
// question answered by clicking and then revealed by the run, with the engine showing what the
// answer says; Back goes to the previous moment; a link opens a chapter; leaving keeps the run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chromiumAndDist, openPlayground, playgroundState } from './support.mjs';
import { AxeBuilder } from '@axe-core/playwright';
import { CHAPTERS } from '../../www/tour/chapters.js';

const env = chromiumAndDist();

/** Waits until the tour shows step `number` (1-based) of its chapter. */
function stepShown(page, number, count) {
  return page.locator('.tour-progress', { hasText: new RegExp(`step ${number} of ${count}$`) }).waitFor();
}

for (const chapter of CHAPTERS) {
  test(`tour chapter “${chapter.title}” runs to its end, each question answerable and shown true by the engine`, async () => {
    const { page, problems, context } = await openPlayground(env.browser, `${env.site.url}#tour=${chapter.id}`, { reducedMotion: 'reduce' });
    const tour = page.getByRole('region', { name: 'Tour' });
    const count = chapter.steps.length;
    await stepShown(page, 1, count);
    for (const [index, step] of chapter.steps.entries()) {
      assert.equal((await tour.locator('.tour-caption').textContent()).startsWith(step.caption), true, `step ${index + 1}'s caption`);
      for (const server of step.highlight?.servers ?? []) {
        await page.locator(`svg.cluster .node.highlighted[data-node="${server}"]`).waitFor();
      }
      if (step.question) {
        await tour.getByRole('group', { name: step.question.ask }).getByRole('button', { name: step.question.answer, exact: true }).click();
        await tour.getByText(`You said “${step.question.answer}”. Continue to see.`).waitFor();
      }
      if (index === count - 1) break;
      await tour.getByRole('button', { name: /^Continue/ }).click();
      await stepShown(page, index + 2, count);
      if (step.question) {
        const reveal = tour.locator('.tour-reveal');
        assert.match(await reveal.textContent(), /: right\./);
        assert.equal(await reveal.getAttribute('data-verified'), 'true', `the engine shows the answer to “${step.question.ask}” (${JSON.stringify(step.question.verify)})`);
      }
    }
    assert.match(await tour.getByRole('button', { name: /^(Next chapter|Finish the tour)/ }).textContent(), /\S/);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('the tour plays each step\'s run at a followable pace, Back returns to the previous moment, and leaving keeps the run', async () => {
  const { page, problems, context } = await openPlayground(env.browser, env.site.url);
  await page.getByRole('button', { name: 'Take the tour' }).click();
  const tour = page.getByRole('region', { name: 'Tour' });
  await tour.getByRole('button', { name: /^1\. A cluster, a term, a majority/ }).click();
  const count = CHAPTERS[0].steps.length;
  await stepShown(page, 1, count);
  await page.waitForFunction(() => location.hash.includes('tour=basics'));
  await tour.getByRole('button', { name: /^Continue/ }).click();
  // The run to the moment is played (not jumped): the tour says so while it runs.
  await tour.locator('.tour-progress', { hasText: 'running…' }).waitFor();
  await stepShown(page, 2, count);
  const second = (await playgroundState(page)).time;
  assert.ok(second > 0);
  await tour.getByRole('button', { name: 'Back' }).click();
  await stepShown(page, 1, count);
  assert.equal((await playgroundState(page)).time, 0);
  await tour.getByRole('button', { name: /^Continue/ }).click();
  await stepShown(page, 2, count);
  assert.equal((await playgroundState(page)).time, second, 'the same moment again');
  const found = (await new AxeBuilder({ page }).analyze()).violations.filter((v) => ['serious', 'critical'].includes(v.impact));
  assert.deepEqual(found.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`), []);
  await tour.getByRole('button', { name: 'Leave the tour' }).click();
  await page.getByRole('region', { name: 'Tour' }).waitFor({ state: 'hidden' });
  assert.equal((await playgroundState(page)).time, second, 'the run stays where the tour left it');
  assert.equal(await page.locator('svg.cluster .node.highlighted').count(), 0);
  await page.waitForFunction(() => !location.hash.includes('tour='));
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.waitForFunction((t) => document.querySelector('[data-playground]').state().time > t, second);
  assert.deepEqual(problems, []);
  await context.close();
});
