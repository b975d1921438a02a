// Keyboard, screen-reader and small-screen use: every control reachable by Tab and operable,
// shortcuts only while the focus is inside the playground, axe-core finding no serious or
// critical violation in the main views, both themes, and a phone-sized screen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import { animationFrames, chromiumAndDist, openPlayground, playgroundState } from './support.mjs';

const env = chromiumAndDist();

/** axe-core's serious and critical findings, one line each. */
async function axeProblems(page, view) {
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${view}: ${violation.id} (${violation.impact}) ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

/** A name for the focused element: enough to tell the controls apart. */
function describeFocus(page) {
  return page.evaluate(() => {
    const element = document.activeElement;
    const label = element.getAttribute('aria-label') ?? element.labels?.[0]?.textContent ?? element.textContent;
    return `${element.tagName.toLowerCase()}|${(label ?? '').trim().replace(/\s+/g, ' ').slice(0, 60)}`;
  });
}

test('axe-core finds no serious or critical violation in the main views and both themes', async () => {
  const { page, problems, context } = await openPlayground(env.browser, env.site.url, { reducedMotion: 'reduce' });
  await page.getByRole('slider', { name: 'Speed' }).fill('0');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.locator('svg.cluster .node.role-leader').waitFor();
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  const found = [...await axeProblems(page, 'playing then paused')];

  await page.locator('svg.cluster .node.role-leader').click();
  await page.getByText('Cluster and scenario settings').click();
  await page.getByText('What the drawing shows').click();
  found.push(...await axeProblems(page, 'inspector, settings and the drawing\'s legend open'));

  for (let step = 0; step < 50 && await page.locator('.cluster-box .message').count() === 0; step += 1) {
    await page.getByRole('button', { name: 'Step forward' }).click();
  }
  await page.locator('.cluster-box .message').first().focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Deliver now' }).waitFor();
  found.push(...await axeProblems(page, 'message inspector'));

  await page.getByRole('button', { name: 'Dark theme' }).click();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  assert.equal(await page.getByRole('button', { name: 'Dark theme' }).getAttribute('aria-pressed'), 'true');
  found.push(...await axeProblems(page, 'dark theme'));

  await page.getByRole('button', { name: /Keyboard shortcuts/ }).click();
  await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
  found.push(...await axeProblems(page, 'help dialog'));

  assert.deepEqual(found, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('every control is reachable with Tab, and shortcuts work only while the focus is inside', async () => {
  const { page, problems, context } = await openPlayground(env.browser, env.site.url, { reducedMotion: 'reduce' });
  await page.getByText('Cluster and scenario settings').click();
  await page.locator('.settings-form select[name="protocol"]').waitFor();

  // Everything a person can operate, as the page shows it now (paused: nothing moves).
  const expected = await page.evaluate(() => [...document.querySelectorAll(
    'button, input, select, summary, [role="button"], [tabindex="0"]',
  )].filter((element) => !element.disabled && element.getClientRects().length > 0 && !element.closest('dialog'))
    .length);
  await page.locator('body').focus();
  const seen = new Set();
  for (let press = 0; press < expected + 20; press += 1) {
    await page.keyboard.press('Tab');
    seen.add(await describeFocus(page));
  }
  const reached = await page.evaluate(() => document.querySelectorAll(':focus').length);
  assert.equal(reached, 1);
  for (const control of ['button|Play', 'button|Step back', 'button|Step forward', 'button|Dark theme',
    'button|Keyboard shortcuts (?)', 'summary|Cluster and scenario settings', 'button|New seed',
    'button|Reset to time 0', 'button|Heal every link', 'button|Copy as Mermaid']) {
    assert.ok(seen.has(control), `Tab reaches ${control}; reached ${[...seen].join(' / ')}`);
  }
  for (const name of ['S1: follower, term 0', 'Link S1–S2: connected', 'Simulated time (drag or use the arrow keys to rewind)']) {
    assert.ok([...seen].some((entry) => entry.endsWith(`|${name}`)), `Tab reaches ${name}`);
  }
  assert.ok(seen.size >= expected - 2, `Tab reached ${seen.size} of ${expected} controls`);

  // Operable from the keyboard: Enter on a server inspects it, Enter on its buttons acts.
  await page.locator('svg.cluster .node[data-node="3"]').focus();
  await page.keyboard.press('Enter');
  const crash = page.getByRole('button', { name: 'Crash S3' });
  await crash.focus();
  await page.keyboard.press('Enter');
  assert.equal((await playgroundState(page)).nodes[2].role, 'crashed');
  await page.getByRole('button', { name: 'Restart S3' }).waitFor();

  // Space on a button presses that button; Space elsewhere inside plays or pauses.
  await page.getByRole('button', { name: 'Play', exact: true }).focus();
  await page.keyboard.press('Space');
  await page.getByRole('button', { name: 'Pause', exact: true }).waitFor();
  await page.locator('svg.cluster').focus();
  await page.keyboard.press('Space');
  await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
  const before = (await playgroundState(page)).time;
  await page.keyboard.press('ArrowRight');
  const stepped = (await playgroundState(page)).time;
  assert.ok(stepped >= before);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Shift+Slash');
  await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
  await page.keyboard.press('Escape');
  await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor({ state: 'hidden' });

  // Outside the playground the same keys do nothing to it.
  await page.evaluate(() => document.activeElement.blur());
  const outside = (await playgroundState(page)).time;
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Shift+Slash');
  // Long enough for a clock started by Space to have moved.
  await animationFrames(page);
  assert.equal((await playgroundState(page)).time, outside);
  assert.equal(await page.getByRole('button', { name: 'Play', exact: true }).count(), 1);
  assert.equal(await page.getByRole('dialog').count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('on a phone-sized screen nothing overflows sideways and every target is at least 24 px', async () => {
  const { page, problems, context } = await openPlayground(env.browser, env.site.url,
    { reducedMotion: 'reduce', viewport: { width: 375, height: 740 } });
  await page.getByText('Cluster and scenario settings').click();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(overflow <= 375, `the page is ${overflow} px wide`);
  const small = await page.evaluate(() => [...document.querySelectorAll('button, select, input, summary, svg.cluster .node')]
    .filter((element) => element.getClientRects().length > 0)
    .map((element) => {
      const box = element.getBoundingClientRect();
      return { name: element.getAttribute('aria-label') ?? element.textContent.trim() ?? element.name, w: box.width, h: box.height };
    })
    .filter(({ w, h }) => w < 24 || h < 24));
  assert.deepEqual(small, []);
  // A link is a line: what a finger hits is its (invisible) wide stroke.
  const linkPx = await page.evaluate(() => {
    const cluster = document.querySelector('svg.cluster');
    const scale = cluster.getBoundingClientRect().width / cluster.viewBox.baseVal.width;
    return scale * parseFloat(getComputedStyle(cluster.querySelector('.link-hit')).strokeWidth);
  });
  assert.ok(linkPx >= 24, `links are ${linkPx} px wide targets`);
  assert.ok((await page.locator('svg.cluster').boundingBox()).width >= 300);
  assert.deepEqual(problems, []);
  await context.close();
});
