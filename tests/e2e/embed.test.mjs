// Embedding: the <raft-playground> element on a hostile page (two instances, independent, lazy,
// paused off-screen), the iframe embed mode (`?embed`: reduced chrome, height posted to the
// parent, a link to the full playground), and the presets gallery's pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { AxeBuilder } from '@axe-core/playwright';
import { root } from '../../scripts/lib/run.mjs';
import { serve } from '../../scripts/serve.mjs';
import {
  animationFrames, launchChromium, openPage, openPlayground, presetGoldenLink, presetListFetches, waitFor, waitForState,
} from './support.mjs';

let browser;
let httpServer;
let url;
let site;

before(async () => {
  // dist/ plus the fixture pages, served together (the element loads from the same origin).
  site = mkdtempSync(path.join(os.tmpdir(), 'playground-embed-'));
  cpSync(path.join(root, 'dist'), site, { recursive: true });
  cpSync(path.join(root, 'tests', 'e2e', 'fixtures'), path.join(site, 'fixtures'), { recursive: true });
  httpServer = await serve(site, 0);
  url = `http://127.0.0.1:${httpServer.address().port}/`;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  httpServer?.close();
  rmSync(site, { recursive: true, force: true });
});

const element = (page, which) => page.locator(`raft-playground.${which}`);
const call = (page, which, method, ...args) => page.evaluate(
  ([selector, name, list]) => document.querySelector(selector)[name](...list),
  [`raft-playground.${which}`, method, args],
);

/** Waits until the `which` element's `state()` matches `predicate`; returns that state. */
function waitForElement(page, which, predicate) {
  return waitForState(page, predicate, { read: () => call(page, which, 'state'), what: `${which}: a state matching ${predicate}` });
}

test('two <raft-playground> elements on a hostile page render, play independently, and leak no CSS', async () => {
  const context = await browser.newContext({ viewport: { width: 1000, height: 1600 } });
  const { page, problems } = await openPage(context, `${url}fixtures/two-elements.html`);
  // Each starts when it comes into view (the WASM instantiated then), and is drawn despite the
  // page's rules.
  const look = (which) => page.evaluate((selector) => {
    const shadow = document.querySelector(selector).shadowRoot;
    const node = shadow.querySelector('svg.cluster .node .body');
    const play = shadow.querySelector('.play');
    return {
      nodes: shadow.querySelectorAll('svg.cluster .node').length,
      svgDisplay: getComputedStyle(shadow.querySelector('svg.cluster')).display,
      fill: getComputedStyle(node).fill,
      playVisibility: getComputedStyle(play).visibility,
      fontSize: getComputedStyle(play).fontSize,
      color: getComputedStyle(shadow.querySelector('.status')).color,
    };
  }, `raft-playground.${which}`);
  const states = {};
  for (const which of ['first', 'second']) {
    await element(page, which).scrollIntoViewIfNeeded();
    await element(page, which).and(page.locator('[data-ready]')).waitFor();
    const box = await element(page, which).boundingBox();
    assert.ok(box && box.width > 300 && box.height > 200, `${which} is laid out despite the page CSS: ${JSON.stringify(box)}`);
    const seen = await look(which);
    assert.equal(seen.nodes, which === 'first' ? 5 : 3, `${which}: servers drawn`);
    assert.notEqual(seen.svgDisplay, 'none', `${which}: svg shown`);
    assert.notEqual(seen.fill, 'rgb(255, 0, 0)', `${which}: page fill rule kept out`);
    assert.equal(seen.playVisibility, 'visible', `${which}: buttons visible`);
    assert.notEqual(seen.fontSize, '31px', `${which}: page font size kept out`);
    assert.notEqual(seen.color, 'rgb(255, 0, 0)', `${which}: page colour kept out`);
    // The first autoplays; the second (no autoplay) waits for play().
    if (which === 'second') {
      assert.equal((await call(page, 'second', 'state')).time, 0, 'the second has not moved');
      await call(page, 'second', 'play');
    }
    states[which] = await waitForElement(page, which, (s) => s.leader !== null);
    await call(page, which, 'pause');
  }
  // The element's styles stay inside: the page's own text keeps the page's rules.
  assert.equal(await page.locator('h1.page-title').evaluate((h) => getComputedStyle(h).color), 'rgb(255, 0, 0)');
  assert.equal(await page.evaluate(() => document.querySelectorAll('[id]').length), 0, 'no global ids added');
  assert.equal(await page.evaluate(() => document.adoptedStyleSheets.length + document.styleSheets.length), 1, 'no stylesheet added to the page');

  // Accessible inside its shadow root too (axe reads through it).
  const { violations } = await new AxeBuilder({ page })
    .include('raft-playground.first')
    .include('raft-playground.second')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`), [], 'axe: the elements');
  // Independent runs: different scenarios, different trace hashes at the same time.
  assert.equal(states.first.nodes.length, 5);
  assert.equal(states.second.nodes.length, 3);
  await call(page, 'first', 'seek', 1500);
  await call(page, 'second', 'seek', 1500);
  const hashes = [await call(page, 'first', 'traceHash'), await call(page, 'second', 'traceHash')];
  assert.notEqual(hashes[0], hashes[1], 'different scenarios, different runs');
  assert.equal((await call(page, 'first', 'state')).time, 1500);

  // Keyboard shortcuts are the element's own: Space in the second one plays only the second.
  await page.evaluate(() => document.querySelector('raft-playground.second').shadowRoot.querySelector('svg.cluster').focus());
  await page.keyboard.press('Space');
  await waitForElement(page, 'second', (s) => s.time > 1500);
  assert.equal((await call(page, 'first', 'state')).time, 1500, 'the first did not move');
  await call(page, 'second', 'pause');

  // Lazy: the third, below the fold, is a poster until it is scrolled into view.
  assert.equal(await element(page, 'third').getAttribute('data-ready'), null, 'not started off-screen');
  assert.equal(await page.evaluate(() => document.querySelector('raft-playground.third').shadowRoot.querySelectorAll('.poster circle').length), 5);
  await element(page, 'third').scrollIntoViewIfNeeded();
  await element(page, 'third').and(page.locator('[data-ready]')).waitFor();
  assert.equal((await call(page, 'third', 'state')).time, 0, 'no autoplay: started paused');
  // Its `preset` attribute: the preset's very run (its golden link's hash). The first and the
  // third name a preset; the list was fetched once for both.
  const golden = presetGoldenLink('figure-8');
  await call(page, 'third', 'seek', golden.until_ms);
  assert.equal(await call(page, 'third', 'traceHash'), golden.trace_hash);
  assert.equal(await presetListFetches(page), 1);

  // Off-screen pauses: play the first, scroll it away, time stops; back in view, it goes on.
  // (play() while the element is still seen as off-screen plays it once it comes into view.)
  await page.evaluate(() => scrollTo(0, 0));
  await call(page, 'first', 'play');
  await waitForElement(page, 'first', (s) => s.time > 1500);
  await page.evaluate(() => scrollTo(0, document.body.scrollHeight));
  // Out of view, it pauses itself: its button offers Play again.
  await element(page, 'first').getByRole('button', { name: 'Play', exact: true }).waitFor();
  const away = (await call(page, 'first', 'state')).time;
  await animationFrames(page);
  assert.equal((await call(page, 'first', 'state')).time, away, 'paused while off-screen');
  await page.evaluate(() => scrollTo(0, 0));
  await waitForElement(page, 'first', (s) => s.time > away);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a bad scenario attribute shows a message inside the element and a working default', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${url}fixtures/two-elements.html`);
  await element(page, 'first').and(page.locator('[data-ready]')).waitFor();
  await page.evaluate(() => {
    const bad = document.createElement('raft-playground');
    bad.className = 'bad';
    bad.setAttribute('scenario', '#s=1.PGltZyBzcmM9eCBvbmVycm9yPSJ3aW5kb3cuX19wd25lZD0xIj4');
    document.body.prepend(bad);
  });
  await element(page, 'bad').and(page.locator('[data-ready]')).waitFor();
  const message = await page.evaluate(() => document.querySelector('raft-playground.bad').shadowRoot.querySelector('.link-error').textContent);
  assert.match(message, /^This scenario could not be opened: .+ Showing the default cluster instead\.$/);
  await call(page, 'bad', 'play');
  await waitForElement(page, 'bad', (s) => s.leader !== null);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  await context.close();
});

test('<raft-playground protocols="raft paxos"> embeds the comparison: both panes, one clock, the figures', async () => {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, reducedMotion: 'reduce' });
  const { page, problems } = await openPage(context, `${url}fixtures/compare-element.html`);
  const both = element(page, 'both');
  await call(page, 'both', 'play');
  await both.and(page.locator('[data-ready]')).waitFor();
  const drawn = await page.evaluate(() => {
    const shadow = document.querySelector('raft-playground.both').shadowRoot;
    return ['raft', 'paxos'].map((p) => shadow.querySelectorAll(`.pane-${p} svg.cluster .node`).length);
  });
  assert.deepEqual(drawn, [5, 5], 'a cluster per protocol');
  // Laid out as on compare.html, whatever the page's root font size (here 31px): the panes side
  // by side, the strip names in small print.
  const [raftBox, paxosBox] = [await both.locator('.pane-raft').boundingBox(), await both.locator('.pane-paxos').boundingBox()];
  assert.ok(Math.abs(raftBox.y - paxosBox.y) < 1 && paxosBox.x > raftBox.x + raftBox.width, 'the panes side by side');
  assert.equal(await both.locator('.strip-name').first().evaluate((e) => getComputedStyle(e).fontSize), '12.8px');
  // One clock: a seek moves both panes; the leader crashes at 3 s and each protocol recovers.
  await call(page, 'both', 'pause');
  await call(page, 'both', 'seek', 6000);
  const state = await waitForElement(page, 'both', (s) => s.time === 6000);
  assert.equal(state.raft.time, 6000);
  assert.equal(state.paxos.time, 6000);
  assert.ok(state.raft.leader !== null && state.paxos.leader !== null, JSON.stringify(state).slice(0, 300));
  assert.ok(await both.locator('.compare-table tbody tr').count() > 3, 'the figures table');
  assert.ok(await both.locator('.notes-list li').count() > 0, 'how each protocol recovered');
  // Each pane is the real run: the Multi-Paxos pane replays exactly as a Multi-Paxos element of
  // the same preset does.
  const hashes = await call(page, 'both', 'traceHash');
  assert.deepEqual(Object.keys(hashes), ['raft', 'paxos']);
  assert.notEqual(hashes.raft, hashes.paxos);
  await call(page, 'one', 'play');
  await element(page, 'one').and(page.locator('[data-ready]')).waitFor();
  await call(page, 'one', 'pause');
  await call(page, 'one', 'seek', 6000);
  assert.equal(await call(page, 'one', 'traceHash'), hashes.paxos);
  // The link out opens the full comparison page at the same scenario.
  await both.locator('.open-full').hover();
  await page.waitForFunction(() => document.querySelector('raft-playground.both').shadowRoot.querySelector('.open-full').href.includes('#s='));
  assert.match(await both.locator('.open-full').getAttribute('href'), /\/compare\.html#s=2\./);
  const { violations } = await new AxeBuilder({ page })
    .include('raft-playground.both')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`), [], 'axe: the comparison element');
  assert.deepEqual(problems, []);
  await context.close();
});

test('?embed: reduced chrome, the height posted to the parent, a link to the full playground', async () => {
  const context = await browser.newContext({ viewport: { width: 900, height: 900 } });
  const fragment = '#s=1.eyJmb3JtYXQiOjEsIm5vZGVzIjozLCJzZWVkIjo3LCJydW5fdW50aWxfbXMiOjUwMH0';
  const { page, problems } = await openPage(context, `${url}fixtures/iframe-parent.html${fragment}`);
  const frame = page.frameLocator('iframe.embed');
  await frame.locator('[data-playground][data-ready]').waitFor();
  for (const hidden of ['.masthead', '.presets', '.settings', '.events', '.logs', '.sequence', '.inspector']) {
    assert.equal(await frame.locator(hidden).isVisible(), false, `${hidden} hidden in embed mode`);
  }
  for (const shown of ['svg.cluster', '.play', '.step-forward', '.scrubber']) {
    assert.equal(await frame.locator(shown).first().isVisible(), true, `${shown} shown in embed mode`);
  }
  const open = frame.getByRole('link', { name: /Open in the full playground/ });
  // The link is made asynchronously (compressing takes a moment): wait until it carries one.
  await frame.locator('.open-full[href*="#s="]').waitFor();
  const href = await open.getAttribute('href');
  assert.match(href, /^\/#s=2\./);
  assert.doesNotMatch(href, /embed/);
  await page.waitForFunction(() => window.heights.length > 0);
  const height = await page.evaluate(() => window.heights.at(-1));
  assert.ok(height > 200 && height < 2000, `posted height ${height}`);
  // The run itself is the link's: three servers at 500 ms.
  const state = await frame.locator('[data-playground]').evaluate((el) => el.state());
  assert.equal(state.nodes.length, 3);
  assert.equal(state.time, 500);
  // Narrow: the embed follows the width.
  await page.setViewportSize({ width: 360, height: 800 });
  const clusterWidth = () => frame.locator('svg.cluster').evaluate((svg) => svg.getBoundingClientRect().width);
  let width;
  await waitFor(async () => (width = await clusterWidth()) <= 360, { what: () => `the cluster to fit a narrow frame (${width} px wide)` });
  assert.ok(width <= 360, `cluster fits a narrow frame (${width})`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the presets gallery: a page per preset with its title and description, starting that preset', async () => {
  const { page, problems } = await openPage(browser, `${url}presets/`);
  const items = page.locator('.gallery-list li');
  assert.ok(await items.count() >= 5);
  await page.getByRole('link', { name: /^Figure 8: an old-term entry/ }).click();
  await page.waitForURL(/\/presets\/figure-8\/$/);
  await page.locator('[data-playground][data-ready]').waitFor();
  assert.match(await page.title(), /^Figure 8: .* · Raft Playground$/);
  assert.match(await page.locator('meta[property="og:description"]').getAttribute('content'), /Figure 8/);
  assert.match(await page.locator('meta[name="description"]').getAttribute('content'), /Figure 8/);
  assert.match(await page.locator('.preset-caption').textContent(), /Figure 8/);
  // The picker shows the preset the page opened with, from the list fetched once to open it.
  await page.waitForFunction(() => document.querySelector('.preset-select').value === 'figure-8');
  assert.equal(await page.getByRole('button', { name: 'Load preset' }).isEnabled(), true);
  assert.equal(await presetListFetches(page), 1);
  await page.waitForFunction(() => location.hash.startsWith('#s=2.'));
  const hash = await page.evaluate(() => location.hash);
  const scenario = JSON.parse(inflateRawSync(Buffer.from(hash.split('&')[0].slice(5), 'base64url')).toString('utf8'));
  assert.equal(scenario.initial.length, 5, 'the Figure 8 scenario');
  assert.deepEqual(problems, []);
  await page.close();
});

test('the page reads view options from the fragment: theme and minimal controls', async () => {
  const { page, context } = await openPlayground(browser, `${url}#theme=dark&controls=minimal`);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  assert.equal(await page.locator('.settings').isVisible(), false);
  assert.equal(await page.locator('.play').isVisible(), true);
  await context.close();
});
