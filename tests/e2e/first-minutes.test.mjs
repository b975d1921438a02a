// The first five minutes of a visitor (issue 16): one screen that holds the cluster, the logs,
// the narration and the playback controls; labels that never hide a server; a narration in the
// core's words; the keyboard kept after Escape; an inspector in view on a phone; the event log
// saying what it holds; the next marker looking ahead into scheduled actions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chromiumAndDist, openPlayground, playgroundState, waitFor, waitForState, watchTheElection } from './support.mjs';

const env = chromiumAndDist();

/** A link to a scenario given as partial JSON (the decoder fills in the defaults). */
function linkTo(scenario) {
  return `#s=1.${Buffer.from(JSON.stringify({ format: 1, ...scenario })).toString('base64url')}`;
}

/** Whether the box of `selector`'s elements (every one) lies inside the viewport. */
async function allInside(page, selector) {
  return page.evaluate((wanted) => {
    const boxes = [...document.querySelectorAll(wanted)].map((element) => element.getBoundingClientRect());
    return boxes.length > 0 && boxes.every((box) => box.width > 0 && box.top >= 0 && box.left >= 0
      && box.bottom <= innerHeight + 0.5 && box.right <= innerWidth + 0.5);
  }, selector);
}

for (const [width, height, servers] of [[1280, 800, 5], [1366, 768, 5], [1280, 800, 9]]) {
  test(`at ${width}×${height} with ${servers} servers the cluster, every log, the narration and the playback controls fit on one screen`, async () => {
    const url = servers === 5 ? env.site.url : `${env.site.url}${linkTo({ nodes: servers, seed: 3, run_until_ms: 0 })}`;
    const { page, problems, context } = await openPlayground(env.browser, url, { reducedMotion: 'reduce', viewport: { width, height } });
    for (const part of ['svg.cluster .node .body', 'svg.cluster .node .role-label', '.log-grid .log-row', '.narration-now',
      '.transport .play', '.transport .step-forward', '.scrubber']) {
      assert.equal(await allInside(page, part), true, `${part} lies inside the ${width}×${height} viewport`);
    }
    assert.equal(await page.locator('.log-grid .log-row').count(), servers);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('with 9 servers and many messages in flight, no visible message label meets a server or its caption', async () => {
  const { page, problems, context } = await openPlayground(env.browser, `${env.site.url}${linkTo({ nodes: 9, seed: 5, run_until_ms: 0 })}`,
    { viewport: { width: 1280, height: 800 } });
  await page.getByText('Cluster and scenario settings').click();
  // Slow messages: an election's votes all fly at once.
  await page.getByRole('slider', { name: 'Delay (ms)' }).fill('100');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await waitForState(page, (s) => s.messages.length >= 16, { what: 'many messages in flight' });
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  const overlaps = await page.evaluate(() => {
    const labels = [...document.querySelectorAll('.cluster-motion text')]
      .filter((text) => getComputedStyle(text).display !== 'none')
      .map((text) => text.getBoundingClientRect());
    const circles = [...document.querySelectorAll('svg.cluster .node .body')].map((body) => {
      const box = body.getBoundingClientRect();
      return { x: box.left + box.width / 2, y: box.top + box.height / 2, r: box.width / 2 };
    });
    const captions = [...document.querySelectorAll('svg.cluster .node .role-label')].map((label) => label.getBoundingClientRect());
    const meets = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    const touches = (box, c) => {
      const dx = c.x - Math.min(Math.max(c.x, box.left), box.right);
      const dy = c.y - Math.min(Math.max(c.y, box.top), box.bottom);
      return dx * dx + dy * dy < c.r * c.r;
    };
    return labels.filter((label) => circles.some((c) => touches(label, c)) || captions.some((caption) => meets(label, caption))).length;
  });
  assert.equal(overlaps, 0);
  // Every message stays reachable: focusing one shows its type.
  const message = page.locator('.cluster-motion .message').first();
  await message.focus();
  assert.notEqual(await message.locator('text').evaluate((text) => getComputedStyle(text).display), 'none');
  assert.deepEqual(problems, []);
  await context.close();
});

test('in a small cluster, messages flying clear of the servers carry their type', async () => {
  const { page, problems, context } = await openPlayground(env.browser, `${env.site.url}${linkTo({ nodes: 3, seed: 7, run_until_ms: 0 })}`);
  await page.getByText('Cluster and scenario settings').click();
  await page.getByRole('slider', { name: 'Delay (ms)' }).fill('100');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await waitFor(() => page.locator('.cluster-motion .message.labelled').count(), { what: 'a labelled message' });
  assert.match(await page.locator('.cluster-motion .message.labelled text').first().textContent(), /^[A-Z][A-Za-z]+$/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the narration tells the election in the core\'s words, never a heartbeat, and follows the steps back', async () => {
  const { page, problems, context } = await openPlayground(env.browser, env.site.url);
  const narration = page.locator('.narration-now');
  assert.match(await narration.textContent(), /nothing has happened yet/);
  await watchTheElection(page);
  await page.getByRole('slider', { name: 'Speed' }).fill('0');
  const led = await waitForState(page, (s) => s.time > 1500 && s.nodes.some((n) => n.role === 'leader'));
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  const leader = led.nodes.find((n) => n.role === 'leader');
  for (const line of [await narration.textContent(), ...await page.locator('.narration-recent li').allTextContents()]) {
    assert.doesNotMatch(line, /S\d+ (sent|received) #\d+|AppendEntries/, `message traffic narrated: ${line}`);
  }
  // Back to the election: the line says who won and with how many votes.
  await page.getByRole('slider', { name: /Simulated time/ }).fill('0');
  await page.getByRole('button', { name: /^Next marker/ }).click();
  await page.locator('.narration-now', { hasText: new RegExp(`S${leader.id} became leader for term \\d+ with \\d votes`) }).waitFor();
  assert.match(await page.locator('.narration-recent').textContent(), /election timer expired|became candidate|vote/);
  // A step forward says what the step did, or keeps the last thing that mattered.
  await page.getByRole('button', { name: 'Step forward' }).click();
  assert.match(await narration.textContent(), /\S/);
  assert.equal(await page.locator('.status').textContent(), '', 'moving in time cleared the last message');
  assert.deepEqual(problems, []);
  await context.close();
});

test('Escape in the inspector keeps the keyboard in the playground', async () => {
  const { page, problems, context } = await openPlayground(env.browser, env.site.url, { reducedMotion: 'reduce' });
  await page.locator('svg.cluster .node[data-node="2"]').click();
  const crash = page.getByRole('button', { name: 'Crash S2' });
  await crash.focus();
  await page.keyboard.press('Escape');
  await page.getByRole('heading', { name: 'Inspector' }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement !== document.body && Boolean(document.activeElement?.closest('[data-playground]'))), true);
  await page.keyboard.press('Space');
  await page.getByRole('button', { name: 'Pause', exact: true }).waitFor();
  await page.keyboard.press('Space');
  await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
  const before = (await playgroundState(page)).time;
  await page.keyboard.press('ArrowRight');
  assert.ok((await playgroundState(page)).time > before, 'the arrow still steps');
  assert.deepEqual(problems, []);
  await context.close();
});

test('on a phone the cluster comes first, and tapping a server puts its inspector in view', async () => {
  const { page, problems, context } = await openPlayground(env.browser, env.site.url,
    { reducedMotion: 'reduce', viewport: { width: 390, height: 844 }, touch: true });
  const cluster = await page.locator('svg.cluster').boundingBox();
  assert.ok(cluster.y < 250, `the cluster starts ${cluster.y} px down`);
  await page.locator('svg.cluster .node[data-node="3"]').tap();
  const inspector = page.getByRole('region', { name: /^S3: / });
  await inspector.waitFor();
  const box = await inspector.boundingBox();
  assert.ok(box.y >= 0 && box.y < 844 - 100, `the inspector's top is at ${box.y} px`);
  await inspector.getByRole('button', { name: 'Close' }).tap();
  await page.getByRole('heading', { name: 'Inspector' }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('the inspector: Isolate has its Reconnect, a crashed server says its commit index is volatile and takes no request', async () => {
  const { page, problems, context } = await openPlayground(env.browser, env.site.url, { reducedMotion: 'reduce' });
  await page.locator('svg.cluster .node[data-node="5"]').click();
  const inspector = page.getByRole('region', { name: /^S5: / });
  await inspector.getByRole('button', { name: 'Isolate S5' }).click();
  assert.equal((await page.evaluate(() => document.querySelector('[data-playground]').state())).nodes.length, 5);
  await inspector.getByRole('button', { name: 'Reconnect S5' }).click();
  await inspector.getByRole('button', { name: 'Isolate S5' }).waitFor();
  assert.equal(await page.locator('svg.cluster .link.cut').count(), 0, 'every link is back');
  await inspector.getByRole('button', { name: 'Crash S5' }).click();
  await inspector.getByText(/volatile: lost in the crash/).first().waitFor();
  assert.equal(await inspector.getByRole('button', { name: /^Send request/ }).isDisabled(), true);
  assert.equal(await inspector.getByText('Clock skew', { exact: false }).count(), 1, 'clock skew is shown once');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a one-way cut shows its direction in the drawing', async () => {
  const { page, problems, context } = await openPlayground(env.browser, env.site.url, { reducedMotion: 'reduce' });
  await page.locator('svg.cluster').getByRole('button', { name: 'Link S1–S2: connected' }).click();
  await page.getByRole('button', { name: 'Cut S1 → S2 only' }).click();
  const link = page.locator('svg.cluster').getByRole('button', { name: 'Link S1–S2: cut from S1 to S2' });
  await link.waitFor();
  assert.equal(await link.locator('.cut-mark.shown').count(), 1, 'one direction marked');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the event log hides message traffic unless asked, and says how much of the history it holds', async () => {
  const { page, problems, context } = await openPlayground(env.browser, env.site.url);
  await watchTheElection(page);
  await page.getByRole('slider', { name: 'Speed' }).fill('0');
  await waitForState(page, (s) => s.time > 1000);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  const log = page.locator('.event-list');
  await log.getByText(/became leader/).first().waitFor();
  assert.equal(await log.getByText(/S\d+ sent #\d+ [A-Z]/).count(), 0, 'no message traffic by default');
  await page.locator('.event-note', { hasText: 'every event since time 0' }).waitFor();
  await page.getByRole('checkbox', { name: /Show every message sent and received/ }).check();
  await log.getByText(/ sent #\d+ AppendEntries/).first().waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('Next marker looks ahead into the scenario: it reaches a scheduled crash not simulated yet', async () => {
  const { page, problems, context } = await openPlayground(env.browser, env.site.url, { reducedMotion: 'reduce' });
  const picker = page.getByRole('combobox', { name: 'Preset' });
  await picker.selectOption('leader-crash');
  await page.getByRole('button', { name: 'Load preset' }).click();
  await page.locator('.status', { hasText: /^Loaded “/ }).waitFor();
  assert.equal((await playgroundState(page)).time, 0);
  await page.getByRole('button', { name: /^Next marker/ }).click();
  await page.locator('.status', { hasText: 'Jumped to the scheduled action at 3000 ms: crash S2' }).waitFor();
  assert.equal((await playgroundState(page)).time, 3000);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a shared link keeps the preset it came from, and the page shows it; a new scenario drops it', async () => {
  const { page, problems, context } = await openPlayground(env.browser, env.site.url, { reducedMotion: 'reduce' });
  await page.getByRole('combobox', { name: 'Preset' }).selectOption('figure-8');
  await page.getByRole('button', { name: 'Load preset' }).click();
  await page.locator('.preset-caption', { hasText: /^Preset “Figure 8/ }).waitFor();
  await page.getByRole('button', { name: 'Step forward' }).click();
  await page.waitForFunction(() => /[#&]preset=figure-8(&|$)/.test(location.hash) && location.hash.includes('s='));
  const link = await page.evaluate(() => location.href);

  const other = await openPlayground(env.browser, link, { reducedMotion: 'reduce' });
  await other.page.locator('.preset-caption', { hasText: /^Preset “Figure 8/ }).waitFor();
  assert.equal(await other.page.getByRole('combobox', { name: 'Preset' }).inputValue(), 'figure-8');
  assert.deepEqual(other.problems, []);
  await other.context.close();

  await page.getByText('Cluster and scenario settings').click();
  await page.getByRole('button', { name: 'New seed' }).click();
  await page.waitForFunction(() => !location.hash.includes('preset='));
  assert.equal(await page.locator('.preset-caption').textContent(), '');
  assert.deepEqual(problems, []);
  await context.close();
});
