// What every end-to-end test needs: the built page served on a free port, and Debian's
// Chromium driven by playwright-core (never a downloaded browser).
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/serve.mjs';
import { root } from '../../scripts/lib/run.mjs';
import { goldenLinks } from '../../scripts/lib/golden-links.mjs';
import path from 'node:path';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export function launchChromium() {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** Serves `dist/` (built by `npm run build`) on a free port; returns { server, url }. */
export async function serveDist() {
  const server = await serve(path.join(root, 'dist'), 0);
  return { server, url: `http://127.0.0.1:${server.address().port}/` };
}

/**
 * Registers hooks that launch Chromium and serve `dist/` before a test file's tests and stop
 * both after them; the returned object holds `browser` and `site` ({server, url}) meanwhile.
 */
export function chromiumAndDist() {
  const env = { browser: null, site: null };
  before(async () => {
    env.browser = await launchChromium();
    env.site = await serveDist();
  });
  after(async () => {
    await env.browser?.close();
    env.site?.server.close();
  });
  return env;
}

/**
 * Opens `url` in a new page of `browser` (or of a browser context) and records what must never happen: console errors, uncaught
 * exceptions, failed requests and requests that leave the page's own origin.
 */
export async function openPage(browser, url) {
  const page = await browser.newPage();
  const problems = [];
  const origin = new URL(url).origin;
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') {
      problems.push(`console ${message.type()}: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
  page.on('request', (request) => {
    const requested = new URL(request.url());
    if (requested.protocol !== 'data:' && requested.origin !== origin) {
      problems.push(`request to another origin: ${request.url()}`);
    }
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  await page.goto(url);
  return { page, problems };
}

/**
 * Opens the playground in a fresh browser context and waits until its element API is there
 * (`data-ready`). `initScript` runs in the page before its own scripts.
 */
export async function openPlayground(browser, url, { reducedMotion = 'no-preference', viewport, initScript, touch = false } = {}) {
  const context = await browser.newContext({ reducedMotion, viewport: viewport ?? { width: 1280, height: 900 }, hasTouch: touch, isMobile: touch });
  if (initScript) await context.addInitScript(initScript);
  const opened = await openPage(context, url);
  await opened.page.locator('[data-playground][data-ready]').waitFor();
  return { ...opened, context };
}

/** The golden link of a preset (fixtures/links-v1.json): `{name, link, until_ms, trace_hash}`,
 * the hash its run has natively at `until_ms`. */
export function presetGoldenLink(presetName) {
  const fixture = goldenLinks(1).find((candidate) => candidate.name === `preset ${presetName}`);
  if (!fixture) throw new Error(`no golden link for the preset ${presetName}`);
  return fixture;
}

/** How many times the page has fetched the preset list (`www/pkg/presets.json`) so far. */
export function presetListFetches(page) {
  return page.evaluate(() => performance.getEntriesByType('resource')
    .filter((entry) => new URL(entry.name).pathname.endsWith('/pkg/presets.json')).length);
}

/** The playground's `state()` (see docs/page-api.md). */
export function playgroundState(page) {
  return page.evaluate(() => document.querySelector('raft-playground, [data-playground]').state());
}

/** Polls `state()` until `predicate(state)` (run here, in Node) holds; returns that state. */
export async function waitForState(page, predicate, timeout = 20_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const state = await playgroundState(page);
    if (predicate(state)) return state;
    if (Date.now() > deadline) throw new Error(`state never matched ${predicate}: ${JSON.stringify(state)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
