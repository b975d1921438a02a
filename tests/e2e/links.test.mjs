// Links: the scenario in the URL fragment. A link made after a series of UI actions replays the
// same state and trace hash in a fresh page and in `raftplay run`; more than fifty hostile or
// broken links each show a message, leave a working default cluster and run no script; the
// Share dialog shows the link, its length and the snippets.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { root } from '../../scripts/lib/run.mjs';
import { goldenLinks } from '../../scripts/lib/golden-links.mjs';
import { launchChromium, openPlayground, playgroundState, serveDist, waitFor, waitForState } from './support.mjs';

let browser;
let httpServer;
let url;

before(async () => {
  browser = await launchChromium();
  ({ server: httpServer, url } = await serveDist());
});

after(async () => {
  await browser?.close();
  httpServer?.close();
});

const api = (page, call, arg) => page.evaluate(call, arg);
const traceHash = (page) => api(page, () => document.querySelector('[data-playground]').traceHash());
const fragmentOf = (page) => page.evaluate(() => location.hash);

function server(page, id) {
  return page.locator('svg.cluster').getByRole('button', { name: new RegExp(`^S${id}: `) });
}

async function pause(page) {
  await api(page, () => document.querySelector('[data-playground]').pause());
}

/** Waits until the page has written a fragment that matches `predicate` (the debounced write);
 * returns it. */
function waitForFragment(page, predicate) {
  let hash = '';
  return waitFor(async () => {
    hash = await fragmentOf(page);
    return predicate(hash) && hash;
  }, { what: () => `a fragment matching ${predicate}; the last one: ${hash.slice(0, 300)}` });
}

/** The scenario in a fragment, plain (`s=1.`) or compressed (`s=2.`). */
function decodeScenario(hash) {
  const part = hash.replace(/^#/, '').split('&').find((p) => /^s=[12]\./.test(p));
  const bytes = Buffer.from(part.slice(4), 'base64url');
  return JSON.parse((part.startsWith('s=2.') ? inflateRawSync(bytes) : bytes).toString('utf8'));
}

test('a link made after UI actions replays the same state and trace hash, in a fresh page and in raftplay', async () => {
  const { page, context, problems } = await openPlayground(browser, url, { reducedMotion: 'reduce' });
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  const elected = await waitForState(page, (s) => s.leader !== null);
  await pause(page);
  // Crash a follower, cut a link, send a client request, all through the inspector.
  const follower = elected.nodes.find((n) => n.role === 'follower' && n.id !== elected.leader).id;
  await server(page, follower).click();
  await page.getByRole('button', { name: `Crash S${follower}` }).click();
  await page.getByRole('button', { name: `Restart S${follower}` }).waitFor();
  const [a, b] = elected.nodes.map((n) => n.id).filter((id) => id !== follower && id !== elected.leader);
  await page.locator('svg.cluster').getByRole('button', { name: `Link S${a}–S${b}: connected` }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Cut both ways' }).click();
  await server(page, elected.leader).click();
  await page.getByRole('button', { name: 'Send request' }).click();
  const acted = (await playgroundState(page)).time;
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  // Played on for a while (60 simulated ms: 0.6 s at the default 0.1×) after the actions.
  await waitForState(page, (s) => s.time >= acted + 60, { what: 'the run 60 ms past the actions' });
  await pause(page);
  // Seek back into the past of this branch, to a whole millisecond.
  const now = (await playgroundState(page)).time;
  const cursor = Math.floor(now) - 7;
  await api(page, (ms) => document.querySelector('[data-playground]').seek(ms), cursor);
  // Compressed by the browser; raftplay below reads it with its own inflater.
  const hash = await waitForFragment(page, (h) => h.startsWith('#s=2.') && decodeScenario(h).run_until_ms === cursor);
  const scenario = decodeScenario(hash);
  assert.ok(scenario.actions.some((x) => x.do === 'crash' && x.node === follower), 'the crash is in the link');
  assert.ok(scenario.actions.some((x) => x.do === 'cut'), 'the cut is in the link');
  assert.ok(scenario.actions.some((x) => x.do === 'request'), 'the request is in the link');
  const expected = { state: await playgroundState(page), hash: await traceHash(page) };
  assert.deepEqual(problems, []);
  await context.close();

  const fresh = await openPlayground(browser, `${url}${hash}`);
  await fresh.page.getByRole('status').getByText('Opened the link, paused at').waitFor();
  assert.equal(await traceHash(fresh.page), expected.hash, 'same trace hash in a fresh page');
  assert.deepEqual(await playgroundState(fresh.page), expected.state, 'same state in a fresh page');
  assert.equal(await fresh.page.getByRole('button', { name: 'Play', exact: true }).count(), 1, 'a link opens paused');
  assert.deepEqual(fresh.problems, []);
  await fresh.context.close();

  const raftplay = path.join(root, 'target', 'checked', 'raftplay');
  // Built (or found up to date) here: it must be the same simulator as the page's WASM.
  execFileSync('cargo', ['build', '--profile', 'checked', '-p', 'sim', '--bin', 'raftplay'], { cwd: root, stdio: 'inherit' });
  const report = JSON.parse(execFileSync(raftplay, ['run', hash, '--json'], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 }));
  assert.equal(report.trace_hash, expected.hash, 'raftplay run gives the same trace hash');
});

test('the fragment follows the run (debounced) and keeps view options apart', async () => {
  const { page, context } = await openPlayground(browser, `${url}#speed=0.5&theme=dark`, { reducedMotion: 'reduce' });
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  await api(page, () => document.querySelector('[data-playground]').seek(1234));
  // Compressed: shorter than the plain form for any real scenario.
  const hash = await waitForFragment(page, (h) => h.startsWith('#s=2.') && decodeScenario(h).run_until_ms === 1234);
  assert.match(hash, /&speed=0\.5(&|$)/);
  assert.match(hash, /&theme=dark(&|$)/);
  // replaceState: no history entry per write.
  const length = await page.evaluate(() => history.length);
  await api(page, () => document.querySelector('[data-playground]').seek(2000));
  await waitForFragment(page, (h) => decodeScenario(h).run_until_ms === 2000);
  assert.equal(await page.evaluate(() => history.length), length);
  await context.close();
});

test('the Share dialog shows the link with its length and both snippets; Escape closes it', async () => {
  const { page, context, problems } = await openPlayground(browser, url, { reducedMotion: 'reduce' });
  await api(page, () => document.querySelector('[data-playground]').seek(800));
  const opener = page.getByRole('button', { name: 'Share' });
  await opener.click();
  const dialog = page.getByRole('dialog', { name: 'Share this scenario' });
  await dialog.waitFor();
  const link = await dialog.getByRole('textbox', { name: 'Link' }).inputValue();
  assert.ok(link.startsWith(url) && link.includes('#s=2.'), link);
  assert.equal(decodeScenario(new URL(link).hash).run_until_ms, 800);
  assert.equal(await page.evaluate(() => document.activeElement?.className), 'share-link', 'focus moves into the dialog');
  assert.match(await dialog.locator('.share-length').textContent(), new RegExp(`^${link.length} characters`));
  const iframe = await dialog.getByRole('textbox', { name: 'Embed with an iframe' }).inputValue();
  assert.match(iframe, /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/\?embed#s=2\./);
  const element = await dialog.getByRole('textbox', { name: /raft-playground> element/ }).inputValue();
  assert.match(element, /<script type="module" src="[^"]+raft-playground\.js"><\/script>/);
  assert.match(element, /<raft-playground scenario="#s=2\.[A-Za-z0-9_-]+"/);
  const { violations } = await new AxeBuilder({ page })
    .include('dialog.share')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(serious.map((v) => `${v.id}: ${v.help}`), [], 'axe: the Share dialog');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Share', 'focus returns to the Share button');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a new link pasted into an open page (fragment only) opens it; a bad one keeps the current run', async () => {
  const { page, context } = await openPlayground(browser, url, { reducedMotion: 'reduce' });
  const golden = goldenLinks(1)[2];
  await page.evaluate((fragment) => { location.hash = fragment; }, golden.link);
  await page.getByRole('status').getByText('Opened the new link').waitFor();
  assert.equal(await traceHash(page), golden.trace_hash);
  await page.evaluate(() => { location.hash = 's=1.broken!'; });
  await page.getByRole('alert').getByText(/could not be opened: .* The current scenario stays\./).waitFor();
  assert.equal(await traceHash(page), golden.trace_hash);
  await context.close();
});

test('a link longer than 2000 characters is flagged in the Share dialog', async () => {
  // Compressed links of similar actions stay short, so: 300 client requests at scattered
  // times, to scattered servers (a fixed pseudo-random sequence).
  let x = 12345;
  const next = (n) => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x % n;
  };
  let at = 0;
  const actions = Array.from({ length: 300 }, () => {
    at += 1 + next(97);
    return { at_ms: at, do: 'request', node: 1 + next(5), op: { op: 'put', key: next(3), value: next(100000) } };
  });
  const fragment = `s=1.${b64(JSON.stringify({ format: 1, nodes: 5, seed: 3, actions, run_until_ms: at }))}`;
  const { page, context, problems } = await openPlayground(browser, `${url}#${fragment}`, { reducedMotion: 'reduce' });
  await page.getByRole('status').getByText('Opened the link, paused at').waitFor();
  await page.getByRole('button', { name: 'Share' }).click();
  const link = await page.getByRole('textbox', { name: 'Link' }).inputValue();
  assert.ok(link.includes('#s=2.'), 'compressed');
  const text = await page.locator('.share-length').textContent();
  assert.match(text, /longer than about 2000/);
  assert.equal(Number(text.split(' ')[0]), link.length);
  assert.ok(link.length > 2000);
  assert.deepEqual(problems, []);
  await context.close();
});

// ----- hostile and broken links -----

const b64 = (text) => Buffer.from(text, 'utf8').toString('base64url');
const PWN = 'window.__pwned=1';
const good = 's=1.' + b64(JSON.stringify({ format: 1, nodes: 3, seed: 9, actions: [{ at_ms: 100, do: 'crash', node: 2 }], run_until_ms: 500 }));

function hostileLinks() {
  const links = [];
  // Truncated at many points (never a whole valid scenario).
  for (const share of [0.02, 0.04, 0.06, 0.08, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98]) {
    const cut = Math.floor(good.length * share);
    links.push([`truncated at ${cut}`, good.slice(0, cut)]);
  }
  // Bit flips in the base64 (characters swapped for others of the alphabet or outside it).
  const flip = (at, c) => good.slice(0, at) + c + good.slice(at + 1);
  for (const [at, c] of [[4, '!'], [10, '*'], [25, '$'], [40, '~'], [55, '+'], [70, '/'], [8, 'A'], [30, '_'], [50, '-'], [80, 'z']]) {
    links.push([`flipped ${at}→${c}`, flip(at, c)]);
  }
  // Wrong version prefixes and shapes.
  for (const prefix of ['s=0.', 's=2.', 's=99.', 's=v1.', 's=.', 's=1', 's=', 's=1..', 's=-1.', 's=1e0.']) {
    links.push([`prefix ${prefix}`, prefix + good.slice(4)]);
  }
  const json = (name, value) => links.push([name, 's=1.' + b64(typeof value === 'string' ? value : JSON.stringify(value))]);
  // Absurd sizes and wrong types.
  json('nodes 1e9', '{"format":1,"nodes":1e9}');
  json('nodes 0', { format: 1, nodes: 0 });
  json('nodes 10', { format: 1, nodes: 10 });
  json('nodes -1', { format: 1, nodes: -1 });
  json('run_until 1e300', '{"format":1,"run_until_ms":1e300}');
  json('run_until two days', { format: 1, run_until_ms: 2 * 86_400_000 });
  json('seed NaN-ish', '{"format":1,"seed":NaN}');
  json('seed string', { format: 1, seed: 'one' });
  json('format 2', { format: 2 });
  json('no format', { nodes: 3 });
  json('clients 1e6', { format: 1, clients: { count: 1e6 } });
  json('timing inverted', { format: 1, timing: { election_timeout_ticks_min: 50, election_timeout_ticks_max: 10 } });
  json('actions not a list', { format: 1, actions: 'crash' });
  json('actions out of order', { format: 1, actions: [{ at_ms: 9, do: 'crash', node: 1 }, { at_ms: 3, do: 'crash', node: 2 }] });
  json('action on server 42', { format: 1, actions: [{ at_ms: 9, do: 'crash', node: 42 }] });
  json('action unknown', { format: 1, actions: [{ at_ms: 9, do: 'explode', node: 1 }] });
  json('100k actions', { format: 1, actions: Array.from({ length: 20000 }, (_, i) => ({ at_ms: 86_400_001 + i, do: 'timeout', node: 1 })) });
  json('array', [1, 2, 3]);
  json('null', 'null');
  json('deep nesting', '['.repeat(5000) + ']'.repeat(5000));
  json('not JSON', 'hello');
  json('empty', '');
  // Hostile text in strings: fields, values, bug names, keys.
  const img = `<img src=x onerror="${PWN}">`;
  const script = `<script>${PWN}</script>`;
  json('img in unknown field', { format: 1, [img]: 1 });
  json('script in unknown field', { format: 1, [script]: 1 });
  json('img in protocol', { format: 1, protocol: img });
  json('script in bug name', { format: 1, bugs: [script] });
  json('svg onload in action', { format: 1, actions: [{ at_ms: 1, do: `<svg onload="${PWN}">`, node: 1 }] });
  json('iframe srcdoc in network', { format: 1, network: { [`<iframe srcdoc="<script>${PWN}</script>">`]: 1 } });
  json('javascript: in initial', { format: 1, initial: [{ node: 1, protocol: `javascript:${PWN}`, durable: {} }] });
  json('unknown fields', { format: 1, nodes: 3, colour: 'red', extra: { deeper: true } });
  links.push(['1 MB fragment', 's=1.' + 'A'.repeat(1 << 20)]);
  links.push(['1 MB of script', `s=1.${b64(script).repeat(30000)}`]);
  links.push(['raw script in fragment', `s=<script>${PWN}</script>`]);
  links.push(['raw img in fragment', `s=1.<img src=x onerror=${PWN}>`]);
  links.push(['percent-encoded script', `s=1.${encodeURIComponent(script)}`]);
  links.push(['unicode junk', 's=1.☃☃☃💥']);
  links.push(['invalid utf-8', 's=1.' + Buffer.from([0xff, 0xfe, 0xfd, 0x80]).toString('base64url')]);
  // Compressed links: cut short, not DEFLATE, hostile JSON inside, and a small link that would
  // expand to 5 MiB.
  const packed = (text) => 's=2.' + deflateRawSync(Buffer.from(text, 'utf8')).toString('base64url');
  const compressedGood = packed(JSON.stringify({ format: 1, nodes: 3, seed: 9, run_until_ms: 500 }));
  for (const share of [0.3, 0.6, 0.9]) links.push([`compressed, truncated at ${share}`, compressedGood.slice(0, Math.floor(compressedGood.length * share))]);
  links.push(['compressed junk', 's=2.' + b64('not deflate at all, just text')]);
  links.push(['compressed script in bug name', packed(JSON.stringify({ format: 1, bugs: [script] }))]);
  links.push(['compressed 5 MiB bomb', packed(' '.repeat(5 << 20))]);
  return links;
}

test('hostile or broken links: a message, a working default cluster, no script run', async () => {
  const links = hostileLinks();
  assert.ok(links.length >= 50, `${links.length} links`);
  const context = await browser.newContext({ reducedMotion: 'reduce' });
  const problems = [];
  let played = 0;
  for (const [name, fragment] of links) {
    // A fresh page each time (a fragment-only navigation would not reload the page).
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`${name}: uncaught: ${error.message}`));
    page.on('crash', () => problems.push(`${name}: the page crashed`));
    page.on('dialog', (dialog) => {
      problems.push(`${name}: a dialog opened: ${dialog.message()}`);
      dialog.dismiss();
    });
    await page.goto(`${url}#${fragment}`);
    await page.locator('[data-playground][data-ready]').waitFor({ timeout: 15_000 }).catch(async () => {
      throw new Error(`${name}: the page never got ready: ${problems.join("; ")}`);
    });
    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 20_000 }).catch(() => {
      throw new Error(`${name}: no message shown`);
    });
    const message = await alert.textContent();
    assert.match(message, /^This link could not be opened: .+ Showing the default cluster instead\.$/s, name);
    assert.ok(message.length < 600, `${name}: the message stays short`);
    assert.equal(await page.locator('.link-error *').count(), 0, `${name}: the message is plain text`);
    const state = await playgroundState(page);
    assert.equal(state.nodes.length, 5, `${name}: the default cluster`);
    assert.equal(state.time, 0, `${name}: from time 0`);
    // A working page: a leader gets elected when played (checked in full for a few of them).
    if (played < 6 || /script|img|svg|iframe/.test(name)) {
      played += 1;
      await page.getByRole('button', { name: 'Play', exact: true }).click();
      await waitForState(page, (s) => s.time > 0, { timeout: 10_000 });
      // Played a little; then straight on to 1.5 s, when a leader has long been elected.
      await page.evaluate(() => document.querySelector('[data-playground]').seek(1500));
      await waitForState(page, (s) => s.leader !== null, { timeout: 10_000 });
    }
    assert.equal(await page.evaluate(() => window.__pwned), undefined, `${name}: no script ran`);
    assert.equal(await page.locator('img, iframe, script:not([src]), [onerror], [onload]').count(), 0, `${name}: no markup from the link`);
    await page.close();
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('golden links, plain and compressed, open at their time cursor with their trace hash', async () => {
  // Six of each; the compressed ones from the end (the long sweep scenarios).
  const golden = [...goldenLinks(1).slice(0, 6), ...goldenLinks(2).slice(-6)];
  const context = await browser.newContext({ reducedMotion: 'reduce' });
  const page = await context.newPage();
  for (const { link, name, trace_hash: expected, until_ms: until } of golden) {
    await page.goto('about:blank');
    await page.goto(`${url}#${link}`);
    await page.locator('[data-playground][data-ready]').waitFor();
    const state = await playgroundState(page);
    // A run goes on after a violation (figure-8-bug's does), to the link's time cursor.
    assert.equal(state.time, until, `${name}: at ${state.time}`);
    assert.equal(await traceHash(page), expected, name);
  }
  await context.close();
});

test('a link whose initial state no run of the protocol can write names the field and shows the default cluster', async () => {
  const b64 = (text) => Buffer.from(text, 'utf8').toString('base64url');
  const raft = (durable) => ({ format: 1, nodes: 3, initial: [{ node: 1, protocol: 'raft', durable }], run_until_ms: 5000 });
  const cases = [
    // The term 2^64 − 2 is written as text: JSON.stringify would round it.
    ['initial[0].durable.term', '{"format":1,"nodes":3,"initial":[{"node":1,"protocol":"raft","durable":{"term":18446744073709551614,"voted_for":null,"log":[]}}],"run_until_ms":5000}'],
    ['initial[0].durable.log[0].term', JSON.stringify(raft({ term: 1, voted_for: null, log: [{ index: 1, term: 9, payload: 'Noop' }] }))],
    ['initial[0].durable.voted_for', JSON.stringify(raft({ term: 2, voted_for: 7, log: [] }))],
  ];
  const context = await browser.newContext({ reducedMotion: 'reduce' });
  for (const [field, json] of cases) {
    const page = await context.newPage();
    await page.goto(`${url}#s=1.${b64(json)}`);
    await page.locator('[data-playground][data-ready]').waitFor({ timeout: 15_000 });
    const message = await page.getByRole('alert').textContent();
    assert.ok(message.includes(`field \`${field}\``), `${field}: ${message}`);
    const state = await playgroundState(page);
    assert.equal(state.nodes.length, 5, `${field}: the default cluster`);
    await page.close();
  }
  await context.close();
});
