// The single-file build (dist/raft-playground.html): one file with everything inlined, opened
// from file:// (no server), elects a leader, loads nothing from anywhere, and keeps a strict CSP.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from '../../scripts/lib/run.mjs';
import { goldenLinks } from '../../scripts/lib/golden-links.mjs';
import { launchChromium, presetGoldenLink, waitForState } from './support.mjs';

const file = path.join(root, 'dist', 'raft-playground.html');
let browser;

before(async () => {
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

test('dist/raft-playground.html works from file:// and elects a leader', async () => {
  const context = await browser.newContext({ reducedMotion: 'reduce' });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('request', (request) => {
    if (!/^(data|file):/.test(request.url())) problems.push(`request: ${request.url()}`);
  });
  page.on('requestfailed', (request) => problems.push(`failed: ${request.url().slice(0, 80)}`));
  await page.goto(pathToFileURL(file).href);
  await page.locator('[data-playground][data-ready]').waitFor();
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  const state = await waitForState(page, (s) => s.leader !== null);
  assert.equal(state.nodes.length, 5);
  // The share dialog works here too (the link is a file:// link).
  await page.getByRole('button', { name: 'Share' }).click();
  assert.match(await page.getByRole('textbox', { name: 'Link' }).inputValue(), /^file:\/\/.*#s=2\./);
  await page.keyboard.press('Escape');
  // So does the Mermaid export, from the reports module the file carries.
  await page.getByRole('button', { name: 'Copy as Mermaid' }).click();
  await page.getByLabel('Mermaid text').waitFor({ state: 'visible' });
  assert.match(await page.getByLabel('Mermaid text').textContent(), /Note over S\d: becomes leader \(term \d+\)/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a link opens in the single file too', async () => {
  const golden = goldenLinks(1)[2];
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${pathToFileURL(file).href}#${golden.link}`);
  await page.locator('[data-playground][data-ready]').waitFor();
  assert.equal(await page.evaluate(() => document.querySelector('[data-playground]').traceHash()), golden.trace_hash);
  await context.close();
});

test('the presets work in the single file, from the list it carries, on either protocol\'s simulator', async () => {
  const context = await browser.newContext({ reducedMotion: 'reduce' });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('request', (request) => {
    if (!/^(data|file):/.test(request.url())) problems.push(`request: ${request.url()}`);
  });
  await page.goto(pathToFileURL(file).href);
  await page.locator('[data-playground][data-ready]').waitFor();
  const picker = page.getByRole('combobox', { name: 'Preset' });
  await picker.focus();
  // Raft's, then Multi-Paxos's: its glue and WASM come from the file too.
  for (const [name, title] of [['split-vote', 'Split vote'], ['paxos-leader-crash-gaps', 'Multi-Paxos: a leader crash']]) {
    const golden = presetGoldenLink(name);
    await picker.selectOption(name);
    await page.getByRole('button', { name: 'Load preset' }).click();
    await page.locator('.status', { hasText: new RegExp(`^Loaded “${title}`) }).waitFor();
    await page.evaluate((ms) => document.querySelector('[data-playground]').seek(ms), golden.until_ms);
    assert.equal(await page.evaluate(() => document.querySelector('[data-playground]').traceHash()), golden.trace_hash, name);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('the single file has one strict CSP: hashes for its inline scripts, data: modules, no remote origin', () => {
  const html = readFileSync(file, 'utf8');
  const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)[1];
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src ('sha256-[A-Za-z0-9+/=]+' ){2}data: 'wasm-unsafe-eval'/);
  assert.doesNotMatch(csp, /unsafe-inline|https?:|\*/);
  assert.doesNotMatch(html, /<(script|link)\b[^>]*\b(src|href)="(?!data:)/, 'no external file');
});
