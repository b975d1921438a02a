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
 * (`data-ready`). `initScript` (a function, or a list of them) runs in the page before its own
 * scripts.
 */
export async function openPlayground(browser, url, { reducedMotion = 'no-preference', viewport, initScript, touch = false } = {}) {
  const context = await browser.newContext({ reducedMotion, viewport: viewport ?? { width: 1280, height: 900 }, hasTouch: touch, isMobile: touch });
  for (const script of [initScript ?? []].flat()) await context.addInitScript(script);
  const opened = await openPage(context, url);
  await opened.page.locator('[data-playground][data-ready]').waitFor();
  return { ...opened, context };
}

/** A first visit to the plain page waits at time 0 with a prompt (www/controls/first-run.js):
 * presses its Play button, as a visitor would, and waits until the clock plays. */
export async function watchTheElection(page) {
  await page.getByRole('button', { name: 'Play: watch the election' }).click();
  await page.getByRole('button', { name: 'Pause', exact: true }).waitFor();
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

// ----- waiting for a condition, never for a fixed time -----
// A test that sleeps and then counts what happened fails on a loaded machine without a bug.
// These wait for what the test is about instead, and return as soon as it holds: their
// generous timeouts are only reached when something is wrong.

/**
 * Calls `check` (sync or async) until it returns a truthy value, and returns that value; throws
 * after `timeout` ms. `what` says what was awaited, for the error: a text, or a function giving
 * one (to show the last thing seen).
 */
export async function waitFor(check, { timeout = 20_000, interval = 50, what = `${check}` } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) {
      throw new Error(`gave up after ${timeout} ms waiting for ${typeof what === 'function' ? what() : what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

/**
 * Polls a state until `predicate(state)` (run here, in Node) holds; returns that state. The
 * state is the playground's `state()` unless `read(page)` says otherwise (the comparison's,
 * an element's); a null state (an element not started yet) never matches.
 */
export async function waitForState(page, predicate, { timeout = 20_000, read = playgroundState, what } = {}) {
  let last;
  return waitFor(async () => {
    last = await read(page);
    return last != null && predicate(last) ? last : null;
  }, {
    timeout,
    what: () => `${what ?? `a state matching ${predicate}`}; the last one: ${JSON.stringify(last)?.slice(0, 1500)}`,
  });
}

/**
 * An init script (for `openPlayground`'s `initScript`, or `addInitScript`): counts in
 * `window.__frames` every animation frame the page asks for, and keeps the browser's own
 * `requestAnimationFrame` for `animationFrames` (whose frames are then not counted).
 */
export function countAnimationFrames() {
  const request = window.requestAnimationFrame.bind(window);
  window.__frames = 0;
  window.__browserRequestAnimationFrame = request;
  window.requestAnimationFrame = (callback) => {
    window.__frames += 1;
    return request(callback);
  };
}

/**
 * Resolves once the browser has drawn `count` more animation frames. Between two checks that
 * nothing moves (paused, hidden, off-screen, keys that should do nothing), this is the time in
 * which a page that did move would have moved: a count of frames, not a span of wall time, so
 * a slow machine only makes it longer. (A page that plays asks for a frame about every other
 * display frame: 30 of them give it 15 chances.)
 */
export function animationFrames(page, count = 30) {
  return page.evaluate((left) => new Promise((resolve) => {
    const request = window.__browserRequestAnimationFrame ?? window.requestAnimationFrame.bind(window);
    const tick = () => {
      left -= 1;
      if (left <= 0) resolve();
      else request(tick);
    };
    request(tick);
  }), count);
}

/** Resolves once the browser runs an idle callback in the page: nothing else was queued. */
export function pageIdle(page) {
  return page.evaluate(() => new Promise((resolve) => requestIdleCallback(() => resolve())));
}
