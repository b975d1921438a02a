// The page loads the simulator and draws the cluster it computes, cleanly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chromiumAndDist, openPage } from './support.mjs';

const env = chromiumAndDist();

test('the cluster drawn in SVG comes from the WASM simulator, with no console error or failed request', async () => {
  const { page, problems } = await openPage(env.browser, env.site.url);
  await page.locator('.status', { hasText: 'Ready.' }).waitFor();
  const names = await page.locator('svg.cluster .node .name').allTextContents();
  assert.deepEqual(names, ['S1', 'S2', 'S3', 'S4', 'S5']);
  assert.match(await page.locator('svg.cluster').getAttribute('aria-label'), /5 servers/);
  assert.deepEqual(problems, []);
  await page.close();
});
