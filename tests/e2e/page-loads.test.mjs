// The page loads the simulator and draws the cluster it computes, cleanly; the preset list is a
// file of its own, fetched when the preset picker is first used (on a touch screen, once the
// page is idle).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { root } from '../../scripts/lib/run.mjs';
import { chromiumAndDist, openPage, openPlayground, pageIdle, presetGoldenLink, presetListFetches } from './support.mjs';

const env = chromiumAndDist();

/** An init script: counts in `window.__presetListRequests` the page's requests for the preset
 * list as they start (a resource entry appears only once one has finished). */
function countPresetListRequests() {
  window.__presetListRequests = 0;
  const request = window.fetch.bind(window);
  window.fetch = (resource, options) => {
    if (String(resource?.url ?? resource).endsWith('/pkg/presets.json')) window.__presetListRequests += 1;
    return request(resource, options);
  };
}

test('the cluster drawn in SVG comes from the WASM simulator, with no console error or failed request', async () => {
  const { page, problems } = await openPage(env.browser, env.site.url);
  await page.locator('.status', { hasText: 'Ready.' }).waitFor();
  const names = await page.locator('svg.cluster .node .name').allTextContents();
  assert.deepEqual(names, ['S1', 'S2', 'S3', 'S4', 'S5']);
  assert.match(await page.locator('svg.cluster').getAttribute('aria-label'), /5 servers/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('opening the page fetches no preset list; pointing at the picker fetches it once, and a preset runs as recorded', async () => {
  const { page, problems, context } = await openPlayground(env.browser, env.site.url,
    { reducedMotion: 'reduce', initScript: countPresetListRequests });
  await page.locator('.status', { hasText: 'Ready' }).waitFor();
  // Once the page is wired and idle (what a touch screen waits for to fetch it): still not
  // fetched, nor asked for.
  await pageIdle(page);
  assert.equal(await page.evaluate(() => window.__presetListRequests), 0, 'the first load asks for no preset list');
  assert.equal(await presetListFetches(page), 0, 'the first load fetches no preset list');
  const picker = page.getByRole('combobox', { name: 'Preset' });
  assert.equal(await picker.isEnabled(), true, 'the picker is usable before its list is there');

  await picker.hover();
  const golden = presetGoldenLink('paxos-leader-crash-gaps');
  await picker.selectOption('paxos-leader-crash-gaps');
  await page.getByRole('button', { name: 'Load preset' }).click();
  await page.locator('.status', { hasText: /^Loaded “Multi-Paxos: a leader crash leaves holes/ }).waitFor();
  assert.match(await page.locator('.preset-caption').textContent(), /\S/);
  assert.equal(await presetListFetches(page), 1, 'fetched once, however often the picker is used');
  // The very scenario of the preset's golden link: the same run, to the same hash.
  await page.evaluate((ms) => document.querySelector('[data-playground]').seek(ms), golden.until_ms);
  assert.equal(await page.evaluate(() => document.querySelector('[data-playground]').traceHash()), golden.trace_hash);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the preset list is on the page at first paint (on a touch screen too); its scenarios come on Load', async () => {
  const { page, problems, context } = await openPlayground(env.browser, env.site.url, {
    reducedMotion: 'reduce', viewport: { width: 390, height: 844 }, touch: true,
  });
  const picker = page.getByRole('combobox', { name: 'Preset' });
  // Every preset's title is in the picker before anything is fetched.
  const titles = await picker.locator('option').allTextContents();
  const presets = JSON.parse(readFileSync(path.join(root, 'dist', 'www', 'pkg', 'presets.json'), 'utf8'));
  assert.deepEqual(titles, ['Choose a preset…', ...presets.map((preset) => preset.title)]);
  await pageIdle(page);
  assert.equal(await presetListFetches(page), 0, 'nothing fetched before the reader acts');
  await picker.tap();
  await picker.selectOption('figure-8');
  await page.getByRole('button', { name: 'Load preset' }).tap();
  await page.locator('.status', { hasText: /^Loaded “/ }).waitFor();
  assert.equal(await presetListFetches(page), 1, 'fetched once');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a preset list that cannot be fetched is announced, and Load tries again', async () => {
  const { page, problems, context } = await openPlayground(env.browser, env.site.url, { reducedMotion: 'reduce' });
  await page.route('**/pkg/presets.json', (route) => route.fulfill({ status: 503, body: 'down' }));
  const picker = page.getByRole('combobox', { name: 'Preset' });
  await picker.focus();
  await page.locator('.status', { hasText: 'The presets could not be loaded (the server answered 503). Press Load preset to try again.' }).waitFor();
  // The titles came with the page: the picker keeps them.
  await picker.selectOption('split-vote');
  assert.equal(await page.getByRole('button', { name: 'Load preset' }).isEnabled(), true);
  await page.unroute('**/pkg/presets.json');
  await page.getByRole('button', { name: 'Load preset' }).click();
  await page.locator('.status', { hasText: /^Loaded “/ }).waitFor();
  // The refused request is the only problem.
  assert.deepEqual(problems.filter((problem) => !/presets\.json|status of 503/.test(problem)), []);
  await context.close();
});
